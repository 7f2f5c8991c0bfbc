package pdf

import (
	"strings"

	"jixiao/fonts"
	"jixiao/render"
)

// ruleWidth is the width of the table's rules, in points.
const ruleWidth = 0.5

// footerFromBottom is where the footer's line is centred, as a fraction of
// the bottom margin measured from the paper's edge.
const footerFromBottom = 0.5

// drawer draws the pages of one document: each page's content stream
// (ISO 32000-1, 8 and 9), in PDF coordinates, and its links.
type drawer struct {
	r     *Renderer
	sub   *subsetFont
	c     []byte  // the content of the page being drawn
	h     float64 // its height: PDF's y runs up from the bottom edge
	links []link  // its links
}

// link is a rectangle on a page that takes the reader to the first page of
// the sheet'th sheet (1-based).
type link struct {
	x0, y0, x1, y1 float64
	sheet          int
}

// page draws page pi of a sheet's layout into d.c and d.links.
func (d *drawer) page(l *layout, pi int) {
	s := l.s
	d.c, d.links, d.h = d.c[:0], d.links[:0], s.Page.Height
	d.c = appendNum(d.c, ruleWidth)
	d.c = append(d.c, " w\n"...)
	p := l.pages[pi]
	for _, sl := range p.slices {
		for _, bi := range l.rowBoxes[sl.row] {
			d.rowBox(l, bi, sl)
		}
	}
	for _, bi := range l.tall {
		for _, ru := range l.runs[bi] {
			if ru.page == pi {
				d.tallBox(l, bi, ru)
			}
		}
	}
	d.footer(s, pi+1, len(l.pages))
}

// rowBox draws a box of one row on a slice of that row.
func (d *drawer) rowBox(l *layout, bi int, sl slice) {
	b := &l.boxes[bi]
	x, y, w := l.frame(b, sl.y)
	d.box(b, x, y, w, sl.h)
	lines := b.lines()
	switch {
	case sl.part < 0:
		d.text(l, b, x, y, w, sl.h, lines, b.st.VAlign)
	default:
		if ln, ok := l.splits[sl.row][sl.part].lines[bi]; ok {
			d.text(l, b, x, y, w, sl.h, lines[ln[0]:ln[1]], render.Top)
		} else if sl.part == 0 {
			d.text(l, b, x, y, w, sl.h, lines, b.st.VAlign)
		}
	}
}

// frame places a box whose top is top below the page's top margin: its
// left edge, top and width on the page.
func (l *layout) frame(b *box, top float64) (x, y, w float64) {
	return l.s.Page.Left + l.x[b.rg.C0], l.s.Page.Top + top, l.x[b.rg.C1+1] - l.x[b.rg.C0]
}

// tallBox draws the run of a box over several rows on one page.
func (d *drawer) tallBox(l *layout, bi int, ru run) {
	b := &l.boxes[bi]
	x, y, w := l.frame(b, ru.y)
	d.box(b, x, y, w, ru.h)
	if ru.text {
		d.text(l, b, x, y, w, ru.h, b.lines(), b.st.VAlign)
	}
}

// box draws a box's rules and makes it a link where its cell links to a
// sheet.
func (d *drawer) box(b *box, x, y, w, h float64) {
	if b.st.Border {
		d.c = appendNum(d.c, x)
		d.c = append(d.c, ' ')
		d.c = appendNum(d.c, d.h-y-h)
		d.c = append(d.c, ' ')
		d.c = appendNum(d.c, w)
		d.c = append(d.c, ' ')
		d.c = appendNum(d.c, h)
		d.c = append(d.c, " re S\n"...)
	}
	if b.cell.Link > 0 {
		d.links = append(d.links, link{x, d.h - y - h, x + w, d.h - y, b.cell.Link})
	}
}

// text draws lines in the rectangle x, y, w, h as the box's style says.
func (d *drawer) text(l *layout, b *box, x, y, w, h float64, lines []string, valign render.VAlign) {
	if len(lines) == 0 {
		return
	}
	size, lh, pad := l.metricsOf(b)
	hpad := b.st.Padding * l.z
	top := y + (h-float64(len(lines))*lh)/2
	switch valign {
	case render.Top:
		top = y + pad
	case render.Bottom:
		top = y + h - pad - float64(len(lines))*lh
	}
	f := d.r.font
	// The em box (ascent to descent) is centred on each line.
	baseline := (lh-(f.ascent-f.descent)*size)/2 + f.ascent*size
	if b.st.Bold {
		d.bold(size)
	}
	for k, line := range lines {
		t := drawn(line)
		if t == "" {
			continue
		}
		tw := render.LineWidth(t, size, d.r.metrics.Advance)
		tx := x + (w-tw)/2
		switch b.st.Align {
		case render.Left:
			tx = x + hpad
		case render.Right:
			tx = x + w - hpad - tw
		}
		d.show(tx, top+float64(k)*lh+baseline, size, t)
	}
	if b.st.Bold {
		d.c = append(d.c, "Q\n"...)
	}
}

// drawn is a line as it is drawn: without its "\n" and trailing blanks, a
// tab (which the font lacks) as a space.
func drawn(line string) string {
	return strings.ReplaceAll(render.Visible(line), "\t", " ")
}

// show draws t with its baseline's left end at x, y (from the page's top).
func (d *drawer) show(x, y, size float64, t string) {
	d.c = append(d.c, "BT /F1 "...)
	d.c = appendNum(d.c, size)
	d.c = append(d.c, " Tf "...)
	d.c = appendNum(d.c, x)
	d.c = append(d.c, ' ')
	d.c = appendNum(d.c, d.h-y)
	d.c = append(d.c, " Td <"...)
	for _, r := range t {
		d.c = appendHex4(d.c, d.sub.gid[r])
	}
	d.c = append(d.c, "> Tj ET\n"...)
}

// bold makes the text up to the next "Q" a fake bold: filled, then stroked
// with a line of FakeBoldStroke × the size (text rendering mode 2).
func (d *drawer) bold(size float64) {
	d.c = append(d.c, "q "...)
	d.c = appendNum(d.c, size*fonts.FakeBoldStroke)
	d.c = append(d.c, " w 2 Tr\n"...)
}

// footer draws the page's footer, centred between the side margins.
func (d *drawer) footer(s *render.Sheet, page, pages int) {
	t := drawn(footerText(s.Page.Footer, page, pages))
	if t == "" {
		return
	}
	size := s.Page.FooterSize
	if size <= 0 {
		size = 9
	}
	f := d.r.font
	tw := render.LineWidth(t, size, d.r.metrics.Advance)
	x := s.Page.Left + (s.Page.Width-s.Page.Left-s.Page.Right-tw)/2
	mid := s.Page.Height - s.Page.Bottom*footerFromBottom
	d.show(x, mid-(f.ascent-f.descent)*size/2+f.ascent*size, size, t)
}
