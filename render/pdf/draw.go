package pdf

import (
	"strings"

	"github.com/go-pdf/fpdf"

	"jixiao/fonts"
	"jixiao/render"
)

// ruleWidth is the width of the table's rules, in points.
const ruleWidth = 0.5

// footerFromBottom is where the footer's line is centred, as a fraction of
// the bottom margin measured from the paper's edge.
const footerFromBottom = 0.5

// drawer draws the pages of one document through fpdf, in points from the
// page's top left corner.
type drawer struct {
	pdf   *fpdf.Fpdf
	r     *Renderer
	size  float64 // the font size last set
	links []int   // per sheet, fpdf's link to its first page
}

// sheet draws the i'th sheet's pages, with an outline entry (bookmark) on
// its first page when asked.
func (d *drawer) sheet(l *layout, i int, bookmark bool) {
	s := l.s
	for pi := range l.pages {
		d.pdf.AddPageFormat("P", fpdf.SizeType{Wd: s.Page.Width, Ht: s.Page.Height}) // with the rule width and font size set
		if pi == 0 {
			d.pdf.SetLink(d.links[i], 0, d.pdf.PageNo())
			if bookmark {
				d.pdf.Bookmark(outlineTitle(s), 0, 0)
			}
		}
		d.page(l, pi)
	}
}

// outlineTitle is the name of a sheet's bookmark.
func outlineTitle(s *render.Sheet) string {
	if s.Name != "" {
		return s.Name
	}
	return s.Title
}

// page draws page pi of a sheet's layout.
func (d *drawer) page(l *layout, pi int) {
	for _, sl := range l.pages[pi].slices {
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
	d.footer(l.s, pi+1, len(l.pages))
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
// sheet of the document.
func (d *drawer) box(b *box, x, y, w, h float64) {
	if b.st.Border {
		d.pdf.Rect(x, y, w, h, "D")
	}
	if k := b.cell.Link; k > 0 && k <= len(d.links) {
		d.pdf.Link(x, y, w, h, d.links[k-1])
	}
}

// text draws lines in the rectangle x, y, w, h as the box's style says,
// one line at a time (fpdf's own line breaking drops characters).
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
	d.setSize(size)
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
		d.pdf.Text(tx, top+float64(k)*lh+baseline, t)
	}
	if b.st.Bold {
		d.regular()
	}
}

// drawn is a line as it is drawn: without its "\n" and trailing blanks, a
// tab (which the font lacks) as a space.
func drawn(line string) string {
	return strings.ReplaceAll(render.Visible(line), "\t", " ")
}

func (d *drawer) setSize(size float64) {
	if size != d.size {
		d.pdf.SetFontSize(size)
		d.size = size
	}
}

// bold makes the following text a fake bold: filled, then stroked with a
// line of FakeBoldStroke × the size (text rendering mode 2).
func (d *drawer) bold(size float64) {
	d.pdf.SetLineWidth(size * fonts.FakeBoldStroke)
	d.pdf.SetTextRenderingMode(2)
}

// regular ends a fake bold and restores the rule width.
func (d *drawer) regular() {
	d.pdf.SetTextRenderingMode(0)
	d.pdf.SetLineWidth(ruleWidth)
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
	d.setSize(size)
	d.pdf.Text(x, mid-(f.ascent-f.descent)*size/2+f.ascent*size, t)
}
