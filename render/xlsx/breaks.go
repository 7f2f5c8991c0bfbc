package xlsx

import (
	"math"
	"slices"

	"jixiao/render"
)

// Printed pages of a worksheet. Excel and LibreOffice paginate a sheet
// themselves, and a merged label (一级指标, 二级指标, 绩效指标) that crosses
// their page break prints its text once, centred on the whole merge: on one
// page, cut in half at the break, or over the repeated header. So the
// workbook carries page breaks of its own, placed as the PDF places its
// (whole rows, the breaks Sheet.NoBreaks avoids, the Sheet.Repeat rows
// heading every later page), and every label crossing one is written as a merge
// per page, each showing the label, as the PDF draws it again on the new
// page. The later parts show it by a formula referring to the first (=B13):
// a department that renames the group in its first cell renames it on every
// page, and an importer reads one name for all its rows.

// fitSlack is the share of a page left unused for the applications' own
// rounding (row heights to whole pixels or their own units, the zoom to a
// whole percent): if a page held more than they print, they would break it
// again before ours. LibreOffice 7.4 prints the seed forms' rows 3.4%
// taller than the sheet says (TestLibreOfficePrint logs it).
const fitSlack = 0.05

// fitScale is the zoom Excel prints the sheet at, fitted to the page
// width: a whole percent, at most 100.
func fitScale(s *render.Sheet) float64 {
	px := 0.0
	for _, w := range s.Columns {
		px += math.Round(w * pxPerPt) // each column is drawn whole pixels wide
	}
	usable := s.Page.Width - s.Page.Left - s.Page.Right
	if px == 0 || usable <= 0 {
		return 1
	}
	return min(1, math.Floor(usable/(px/pxPerPt)*100)/100)
}

// pageBreaks returns the rows that start a new page, in order, for a sheet
// whose rows are already as tall as the worksheet has them (excelRows).
func pageBreaks(s *render.Sheet) []int {
	n := len(s.Rows)
	if n == 0 || s.Page.Height <= 0 {
		return nil
	}
	p := pager{s: s, h: make([]float64, n)}
	for i, r := range s.Rows {
		p.h[i] = r.Height
	}
	p.avail = (s.Page.Height - s.Page.Top - s.Page.Bottom) / fitScale(s) * (1 - fitSlack)
	if r := s.Repeat; r != nil && r.Rows() > 0 && r.R0 >= 0 && r.R1 < n {
		p.repeatFrom, p.repeatH = r.R1+1, p.sum(r.R0, r.R1+1)
	}
	if p.avail <= p.repeatH {
		return nil
	}
	noBreak := s.NoBreaks(render.PageFit{Heights: p.h, Capacity: p.capacity, Need: p.need})
	return p.place(noBreak)
}

type pager struct {
	s          *render.Sheet
	h          []float64
	avail      float64 // a page's height for rows, in the sheet's points
	repeatFrom int     // a page starting at this row or below repeats the print titles
	repeatH    float64 // their height (0: none)
}

func (p *pager) sum(from, to int) float64 {
	h := 0.0
	for r := from; r < to; r++ {
		h += p.h[r]
	}
	return h
}

// capacity is the height a page starting at row has for rows: Excel prints
// the title rows at the top of every page after the one they are on.
func (p *pager) capacity(row int) float64 {
	if p.repeatH > 0 && row >= p.repeatFrom {
		return p.avail - p.repeatH
	}
	return p.avail
}

// place fills pages greedily with the units noBreak makes; a unit taller
// than a page is placed row by row.
func (p *pager) place(noBreak []bool) []int {
	var breaks []int
	start, y := 0, 0.0
	newPage := func(row int) {
		if row > start {
			breaks = append(breaks, row)
		}
		start, y = row, 0
	}
	for i := 0; i < len(p.h); {
		j := i + 1
		for j < len(p.h) && noBreak[j] {
			j++
		}
		if unit := p.sum(i, j); y+unit > p.capacity(start) && unit <= p.capacity(i) {
			newPage(i)
		}
		for r := i; r < j; r++ {
			if y+p.h[r] > p.capacity(start) {
				newPage(r)
			}
			y += p.h[r]
		}
		i = j
	}
	return breaks
}

// need is the height a label's text needs in the workbook's taller rows.
func (p *pager) need(l render.Range) float64 {
	c := p.s.Rows[l.R0].Cells[l.C0]
	return heightMargin * p.s.Styles[c.Style].Height(max(1, len(c.Lines)))
}

// splitLabels returns s with every label that crosses a break written as
// a merge per page: the first holds the label, the others a formula
// referring to it, with the label as its value. s is not changed.
func splitLabels(s *render.Sheet, breaks []int) *render.Sheet {
	labels := map[render.Range]bool{}
	for _, l := range s.Labels {
		labels[l] = true
	}
	out := *s
	out.Merges = nil
	cloned, own := false, map[int]bool{} // rows whose cells are out's own
	setCell := func(r, c int, v render.Cell) {
		if !cloned {
			out.Rows, cloned = slices.Clone(s.Rows), true
		}
		if !own[r] {
			out.Rows[r].Cells, own[r] = slices.Clone(s.Rows[r].Cells), true
		}
		out.Rows[r].Cells[c] = v
	}
	for _, m := range s.Merges {
		if !labels[m] {
			out.Merges = append(out.Merges, m)
			continue
		}
		r0 := m.R0
		for _, b := range breaks {
			if b <= r0 || b > m.R1 {
				continue
			}
			out.Merges = appendMerge(out.Merges, render.Range{R0: r0, C0: m.C0, R1: b - 1, C1: m.C1})
			cont := s.Rows[m.R0].Cells[m.C0]
			cont.Formula = ref(m.R0, m.C0)
			setCell(b, m.C0, cont)
			r0 = b
		}
		out.Merges = appendMerge(out.Merges, render.Range{R0: r0, C0: m.C0, R1: m.R1, C1: m.C1})
	}
	return &out
}

// appendMerge adds a merge unless it is a single cell.
func appendMerge(ms []render.Range, m render.Range) []render.Range {
	if m.R0 == m.R1 && m.C0 == m.C1 {
		return ms
	}
	return append(ms, m)
}
