package pdf

import (
	"strings"

	"jixiao/render"
)

// vpad is the blank above and below a cell's text, as a multiple of the
// font size, which row heights were computed with.
const vpad = render.VPad

// eps absorbs rounding when heights are compared (points).
const eps = 0.01

// minSplitStart: a row taller than a page starts on the current page only
// when at least this fraction of a page is left there; else on a new page.
const minSplitStart = 0.25

// box is a cell as drawn: one cell or a merged range, with the cell at its
// top-left corner.
type box struct {
	rg    render.Range
	cell  *render.Cell
	st    render.Style
	label bool // in Sheet.Labels: its text is drawn again on every page it continues onto
}

// lines are the lines the cell shows, as the sheet broke them.
func (b *box) lines() []string {
	if b.cell.Lines == nil && b.cell.Text != "" {
		return strings.SplitAfter(b.cell.Text, "\n") // not broken: as a sheet without line breaking shows it
	}
	return b.cell.Lines
}

// grid is a sheet measured for the page: boxes, column edges, row heights.
type grid struct {
	s        *render.Sheet
	z        float64   // scale: 1, or less when the columns are wider than the page
	x        []float64 // left edge of each column (and right edge of the last), from the left margin
	h        []float64 // row heights
	boxes    []box
	rowBoxes [][]int // per row, the boxes of that row alone that start in it
	tall     []int   // boxes over several rows
}

func newGrid(s *render.Sheet) *grid {
	g := &grid{s: s, z: 1}
	usable := s.Page.Width - s.Page.Left - s.Page.Right
	sum := 0.0
	for _, w := range s.Columns {
		sum += w
	}
	// Columns wider than the page are scaled down uniformly with everything
	// drawn in the grid (row heights, fonts, padding), as Excel's fit to
	// page width prints them: the lines keep the breaks the sheet computed.
	if sum > usable {
		g.z = usable / sum
	}
	g.x = make([]float64, len(s.Columns)+1)
	for i, w := range s.Columns {
		g.x[i+1] = g.x[i] + w*g.z
	}
	g.h = make([]float64, len(s.Rows))
	for i, r := range s.Rows {
		g.h[i] = r.Height * g.z
	}
	labels := map[render.Range]bool{}
	for _, l := range s.Labels {
		labels[l] = true
	}
	covered := make([][]bool, len(s.Rows))
	for i := range covered {
		covered[i] = make([]bool, len(s.Columns))
	}
	g.rowBoxes = make([][]int, len(s.Rows))
	add := func(rg render.Range) {
		c := &s.Rows[rg.R0].Cells[rg.C0]
		g.boxes = append(g.boxes, box{rg: rg, cell: c, st: s.Styles[c.Style], label: labels[rg]})
		if rg.R1 > rg.R0 {
			g.tall = append(g.tall, len(g.boxes)-1)
		} else {
			g.rowBoxes[rg.R0] = append(g.rowBoxes[rg.R0], len(g.boxes)-1)
		}
	}
	for _, m := range s.Merges {
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				covered[r][c] = true
			}
		}
		add(m)
	}
	for r := range s.Rows {
		for c := range s.Columns {
			if !covered[r][c] {
				add(render.Range{R0: r, C0: c, R1: r, C1: c})
			}
		}
	}
	return g
}

// metricsOf gives a box's font size, line height and vertical padding.
func (g *grid) metricsOf(b *box) (size, lh, pad float64) {
	size, lh = b.st.Size*g.z, b.st.LineHeight()*g.z
	if b.cell.Shrink > 0 {
		size, lh = size*b.cell.Shrink, lh*b.cell.Shrink
	}
	return size, lh, vpad * b.st.Size * g.z
}

// need is the height a box's lines take.
func (g *grid) need(b *box) float64 {
	lines := b.lines()
	if len(lines) == 0 {
		return 0
	}
	_, lh, pad := g.metricsOf(b)
	return float64(len(lines))*lh + 2*pad
}

// slice is a row, or part of a row split over pages, placed on a page.
type slice struct {
	row  int
	y, h float64 // top, from the page's top margin, and height
	part int     // -1: the whole row; else the index of its part in layout.splits
}

type page struct{ slices []slice }

// rowPart is the part of a row taller than a page that one page shows.
// Boxes whose lines did not fit on the first part flow: each part shows
// the lines given here, from the top. The others are drawn whole on the
// first part only, and empty (ruled) on the rest.
type rowPart struct {
	lines map[int][2]int // box index → lines [from, to)
}

// run is the part of a box over several rows that one page shows.
type run struct {
	page int
	y, h float64
	text bool // whether the box's text is drawn in this run
}

// layout is a grid cut into pages.
type layout struct {
	*grid
	avail     float64 // usable page height
	pages     []page
	splits    map[int][]rowPart
	runs      map[int][]run // tall box index → its runs
	hasRepeat bool
	repeatH   float64
	blockEnd  int // last row that the Repeat rows head: of the indicator block (or the 总分 row after it), else of the sheet
}

// continues reports whether a page that starts at row continues the table
// the Repeat rows head (the indicator block), and so begins with them.
func (l *layout) continues(row int) bool {
	return l.hasRepeat && row > l.s.Repeat.R1 && row <= l.blockEnd
}

// capacity is the height a page that starts at row has for rows.
func (l *layout) capacity(row int) float64 {
	if l.continues(row) {
		return l.avail - l.repeatH
	}
	return l.avail
}

func (l *layout) sum(from, to int) float64 {
	h := 0.0
	for r := from; r < to; r++ {
		h += l.h[r]
	}
	return h
}

// paginate cuts the grid into pages: breaks fall between rows, never inside
// a Keep range that fits on a page; a page that continues the indicator
// block starts with the Repeat rows; a row taller than a page is split by
// lines.
func paginate(g *grid) *layout {
	s := g.s
	n := len(s.Rows)
	l := &layout{grid: g, avail: s.Page.Height - s.Page.Top - s.Page.Bottom, splits: map[int][]rowPart{}, runs: map[int][]run{}}
	// Repeat rows taller than a third of a page are not repeated.
	if rep := s.Repeat; rep != nil && rep.Rows() > 0 && rep.R0 >= 0 && rep.R1 < n-1 {
		l.repeatH = l.sum(rep.R0, rep.R1+1)
		l.hasRepeat = l.repeatH < l.avail/3
		l.blockEnd = n - 1 // a table without an indicator block (汇总表): to the end
		if b := s.Block; b.Header == rep.R0 && b.Last > rep.R1 && b.Last < n {
			l.blockEnd = b.Last
			if b.Total == b.Last+1 && b.Total < n {
				l.blockEnd = b.Total
			}
		}
	}
	noBreak := s.NoBreaks(l.fit()) // noBreak[i]: no break between rows i-1 and i

	y, empty := 0.0, true
	place := func(row, part int, h float64) {
		p := &l.pages[len(l.pages)-1]
		p.slices = append(p.slices, slice{row: row, y: y, h: h, part: part})
		y += h
	}
	newPage := func(row int) {
		l.pages = append(l.pages, page{})
		y, empty = 0, true
		if l.continues(row) {
			for r := s.Repeat.R0; r <= s.Repeat.R1; r++ {
				place(r, -1, l.h[r])
			}
		}
	}
	newPage(0)
	for i := 0; i < n; {
		j := i + 1
		for j < n && noBreak[j] {
			j++
		}
		unit := l.sum(i, j)
		if !empty && y+unit > l.avail+eps && unit <= l.capacity(i)+eps {
			newPage(i)
		}
		if y+unit <= l.avail+eps {
			for r := i; r < j; r++ {
				place(r, -1, l.h[r])
			}
			i, empty = j, false
			continue
		}
		for r := i; r < j; r++ { // a unit taller than a page: row by row
			switch {
			case y+l.h[r] <= l.avail+eps:
			case l.h[r] <= l.capacity(r)+eps:
				newPage(r)
			default:
				if !empty && l.avail-y < minSplitStart*l.capacity(r) {
					newPage(r)
				}
				l.split(r, &y, place, newPage)
				empty = false
				continue
			}
			place(r, -1, l.h[r])
			empty = false
		}
		i = j
	}
	l.findRuns()
	return l
}

// fit describes the pages to Sheet.NoBreaks: a label's text needs its
// lines' height, and on a page that continues the indicator block it is
// drawn over the repeated header too.
func (l *layout) fit() render.PageFit {
	labels := map[render.Range]*box{}
	for _, bi := range l.tall {
		labels[l.boxes[bi].rg] = &l.boxes[bi]
	}
	return render.PageFit{
		Heights:  l.h,
		Capacity: l.capacity,
		Need: func(rg render.Range) float64 {
			if b := labels[rg]; b != nil {
				return l.need(b)
			}
			return 0
		},
		Over: func(row int, rg render.Range) float64 {
			if l.continues(row) && rg.R0 <= l.s.Repeat.R0 {
				return l.repeatH
			}
			return 0
		},
	}
}

// split places row r, taller than a page, in parts from y on.
func (l *layout) split(r int, y *float64, place func(row, part int, h float64), newPage func(row int)) {
	type flow struct {
		box, n, pos int
		lh, pad     float64
	}
	room := l.avail - *y
	var flows []flow
	static := 0.0
	for _, bi := range l.rowBoxes[r] {
		b := &l.boxes[bi]
		if need := l.need(b); need <= room+eps {
			static = max(static, need)
			continue
		}
		_, lh, pad := l.metricsOf(b)
		flows = append(flows, flow{box: bi, n: len(b.lines()), lh: lh, pad: pad})
	}
	if len(flows) == 0 { // tall only for a merged label over it: as much as fits
		l.splits[r] = []rowPart{{}}
		place(r, 0, min(l.h[r], room))
		return
	}
	for part := 0; ; part++ {
		if part > 0 {
			newPage(r)
			room = l.avail - *y
		}
		rp := rowPart{lines: map[int][2]int{}}
		h, done := 0.0, true
		if part == 0 {
			h = static
		}
		for k := range flows {
			f := &flows[k]
			take := min(max(1, int((room-2*f.pad+eps)/f.lh)), f.n-f.pos)
			rp.lines[f.box] = [2]int{f.pos, f.pos + take}
			f.pos += take
			h = max(h, float64(take)*f.lh+2*f.pad)
			done = done && f.pos == f.n
		}
		if !done {
			h = room
		}
		l.splits[r] = append(l.splits[r], rp)
		place(r, part, h)
		if done {
			return
		}
	}
}

// findRuns finds, for every box over several rows, the runs of consecutive
// slices of its rows on each page, and in which runs its text is drawn: a
// label (Sheet.Labels) in every run it fits in, any other box once, in the
// first run it fits in; either in its tallest run when it fits in none.
func (l *layout) findRuns() {
	for _, bi := range l.tall {
		b := &l.boxes[bi]
		var runs []run
		for pi, p := range l.pages {
			in := false
			for _, sl := range p.slices {
				if sl.row < b.rg.R0 || sl.row > b.rg.R1 {
					in = false
					continue
				}
				if !in {
					runs = append(runs, run{page: pi, y: sl.y})
					in = true
				}
				runs[len(runs)-1].h = sl.y + sl.h - runs[len(runs)-1].y
			}
		}
		need, tallest, any := l.need(b), 0, false
		for k := range runs {
			if runs[k].h > runs[tallest].h {
				tallest = k
			}
			if runs[k].h+eps >= need && (b.label || !any) {
				runs[k].text, any = true, true
			}
		}
		if !any && len(runs) > 0 {
			runs[tallest].text = true
		}
		l.runs[bi] = runs
	}
}
