// Package html draws a resolved sheet as an HTML table, for jixiao's web
// page: the third writer of the one render.Sheet the workbook and the PDF
// draw, so what the page shows is what prints.
//
// It computes no structure of its own. Merges become rowspan and colspan,
// column widths and row heights are the sheet's (points as CSS pixels at
// 96 dpi, through the width and height attributes, so that the page needs no
// inline style), every cell shows the lines the sheet's line breaker made,
// joined with <br>, and numbers their formatted text. Cells a department
// fills in (render.Cell.Editable with a Field) carry class "ed", their
// field in data-field and their text in data-value, for the page's script
// to edit. Each cell's id is its A1 reference ("F14"), so a link to "#F14"
// marks it (CSS :target).
//
// Every text is escaped: a value "<script>" is shown, never run. The
// classes are styled by CSS (sheet.css).
package html

import (
	"bufio"
	_ "embed"
	stdhtml "html"
	"io"
	"math"
	"strconv"
	"strings"

	"jixiao/render"
)

// CSS styles the classes Write uses: alignment, weight, borders, font sizes.
//
//go:embed sheet.css
var CSS []byte

// Options adjust the table.
type Options struct {
	// Marks adds a class to cells by their place (the top-left cell of a
	// merge): "err" or "warn" for a cell a diagnostic names.
	Marks map[render.At]string
	// ReadOnly draws editable cells as plain ones.
	ReadOnly bool
	// CanEdit, when set, says which editable cells' fields the page can
	// take; the others are drawn as plain cells.
	CanEdit func(field string) bool
	// Fields names the field of editable cells the sheet binds to none
	// (the 一级/二级 labels, which stand for their group), by place.
	Fields map[render.At]string
}

// pt is CSS pixels per point (96 dpi).
const pt = 96.0 / 72.0

// Write draws the sheet as one <table class="sheet">.
func Write(w io.Writer, s *render.Sheet, opt Options) error {
	bw := bufio.NewWriter(w)
	span := map[render.At]render.Range{}
	covered := map[render.At]bool{}
	for _, m := range s.Merges {
		span[render.At{Row: m.R0, Col: m.C0}] = m
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				if r != m.R0 || c != m.C0 {
					covered[render.At{Row: r, Col: c}] = true
				}
			}
		}
	}
	total := 0.0
	for _, c := range s.Columns {
		total += c
	}
	bw.WriteString(`<table class="sheet" width="`)
	bw.WriteString(px(total))
	bw.WriteString(`" data-name="`)
	bw.WriteString(stdhtml.EscapeString(s.Name))
	bw.WriteString("\">\n<colgroup>")
	for _, c := range s.Columns {
		bw.WriteString(`<col width="`)
		bw.WriteString(px(c))
		bw.WriteString(`">`)
	}
	bw.WriteString("</colgroup>\n<tbody>\n")
	for i, row := range s.Rows {
		bw.WriteString(`<tr height="`)
		bw.WriteString(px(row.Height))
		bw.WriteString(`">`)
		for j, c := range row.Cells {
			at := render.At{Row: i, Col: j}
			if covered[at] {
				continue
			}
			cell(bw, s, at, c, span, opt)
		}
		bw.WriteString("</tr>\n")
	}
	bw.WriteString("</tbody>\n</table>\n")
	return bw.Flush()
}

func cell(bw *bufio.Writer, s *render.Sheet, at render.At, c render.Cell, span map[render.At]render.Range, opt Options) {
	bw.WriteString(`<td id="`)
	bw.WriteString(render.A1(at.Row, at.Col))
	bw.WriteByte('"')
	if m, ok := span[at]; ok {
		if n := m.R1 - m.R0 + 1; n > 1 {
			bw.WriteString(` rowspan="` + strconv.Itoa(n) + `"`)
		}
		if n := m.C1 - m.C0 + 1; n > 1 {
			bw.WriteString(` colspan="` + strconv.Itoa(n) + `"`)
		}
	}
	var st render.Style
	if c.Style >= 0 && c.Style < len(s.Styles) {
		st = s.Styles[c.Style]
	}
	cls := classes(st, c)
	if c.Field == "" && c.Editable {
		c.Field = opt.Fields[at]
	}
	editable := c.Editable && c.Field != "" && !opt.ReadOnly && (opt.CanEdit == nil || opt.CanEdit(c.Field))
	if editable {
		cls = append(cls, "ed")
	}
	if m := opt.Marks[at]; m != "" {
		cls = append(cls, m)
	}
	bw.WriteString(` class="`)
	bw.WriteString(stdhtml.EscapeString(strings.Join(cls, " ")))
	bw.WriteByte('"')
	if c.Field != "" {
		bw.WriteString(` data-field="`)
		bw.WriteString(stdhtml.EscapeString(c.Field))
		bw.WriteByte('"')
	}
	if editable {
		bw.WriteString(` tabindex="0" data-value="`)
		bw.WriteString(stdhtml.EscapeString(c.Text))
		bw.WriteByte('"')
		if c.Kind == render.Number || c.Format == render.Amount || c.Format == render.AmountFine || c.Format == render.Rate {
			bw.WriteString(` data-kind="number"`)
		}
		if len(c.Choices) > 0 {
			bw.WriteString(` data-choices="`)
			bw.WriteString(stdhtml.EscapeString(strings.Join(c.Choices, "\n")))
			bw.WriteByte('"')
		}
	}
	bw.WriteByte('>')
	lines := c.Lines
	if len(lines) == 0 && c.Text != "" {
		lines = strings.SplitAfter(c.Text, "\n")
	}
	for k, l := range lines {
		if k > 0 {
			bw.WriteString("<br>")
		}
		bw.WriteString(stdhtml.EscapeString(render.Visible(l)))
	}
	bw.WriteString("</td>")
}

// classes names the look of a cell: alignment, weight, border, font size.
func classes(st render.Style, c render.Cell) []string {
	out := make([]string, 0, 8)
	out = append(out, [...]string{"al", "ac", "ar"}[clamp(int(st.Align), 0, 2)])
	out = append(out, [...]string{"vm", "vt", "vb"}[clamp(int(st.VAlign), 0, 2)])
	if st.Bold {
		out = append(out, "b")
	}
	if st.Border {
		out = append(out, "bd")
	}
	size := st.Size
	if c.Shrink > 0 && c.Shrink < 1 {
		size *= c.Shrink
	}
	if size > 0 {
		out = append(out, "z"+strconv.Itoa(clamp(int(math.Round(size)), 6, 28)))
	}
	if c.Kind == render.Number {
		out = append(out, "num")
	}
	return out
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// px writes a length in points as whole CSS pixels.
func px(points float64) string {
	return strconv.Itoa(int(math.Round(points * pt)))
}
