package xlsx

import (
	"math"
	"regexp"
	"strconv"

	"jixiao/render"
)

// heightMargin makes rows taller than the PDF needs: Excel, WPS and
// LibreOffice draw 宋体 with their own fonts, whose lines run up to 7% taller
// than the embedded font's, and they may wrap a long text into a line more.
const heightMargin = 1.1

// excelRows adapts a sheet to what a worksheet can show. Every row is made
// heightMargin taller; a row that would still exceed Excel's 409 points is
// written as several rows, each cell of it merged over them, so its text
// shows in full. The sheet's structure is otherwise the same: merges,
// formulas, repeated rows, fields and the block move with their rows. The
// sheet itself is not changed; when no row is split, only the heights are.
func excelRows(s *render.Sheet) *render.Sheet {
	out := *s
	out.Rows = make([]render.Row, 0, len(s.Rows))
	first := make([]int, len(s.Rows)+1) // physical row of each logical row
	split := false
	for i, row := range s.Rows {
		h := row.Height * heightMargin
		k := int(math.Ceil(h / maxRowHeight))
		first[i] = len(out.Rows)
		row.Height = h / float64(k)
		out.Rows = append(out.Rows, row)
		for range k - 1 {
			split = true
			cont := render.Row{Height: row.Height, Cells: make([]render.Cell, len(row.Cells))}
			for j, c := range row.Cells {
				cont.Cells[j] = render.Cell{Style: c.Style}
			}
			out.Rows = append(out.Rows, cont)
		}
	}
	first[len(s.Rows)] = len(out.Rows)
	if !split {
		return &out
	}
	last := func(r int) int { return first[r+1] - 1 }
	move := func(rg render.Range) render.Range {
		return render.Range{R0: first[rg.R0], C0: rg.C0, R1: last(rg.R1), C1: rg.C1}
	}
	covered := map[[2]int]bool{}
	out.Merges = nil
	for _, m := range s.Merges {
		out.Merges = append(out.Merges, move(m))
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				covered[[2]int{r, c}] = true
			}
		}
	}
	for i := range s.Rows {
		if last(i) == first[i] {
			continue
		}
		for j := range s.Rows[i].Cells {
			if !covered[[2]int{i, j}] {
				out.Merges = append(out.Merges, move(render.Range{R0: i, C0: j, R1: i, C1: j}))
			}
		}
	}
	moveAll := func(rs []render.Range) []render.Range {
		var moved []render.Range
		for _, r := range rs {
			moved = append(moved, move(r))
		}
		return moved
	}
	out.Keep, out.Labels = moveAll(s.Keep), moveAll(s.Labels)
	if s.Repeat != nil {
		r := move(*s.Repeat)
		out.Repeat = &r
	}
	out.Fields = map[string]render.At{}
	for k, a := range s.Fields {
		out.Fields[k] = render.At{Row: first[a.Row], Col: a.Col}
	}
	b := s.Block
	out.Block = render.BlockInfo{Header: first[b.Header], First: first[b.First], Last: last(max(b.Last, b.First)),
		Total: first[b.Total], FundsRow: first[b.FundsRow]}
	if b.Last < b.First {
		out.Block.Last = out.Block.First - 1
	}
	for i, r := range out.Rows {
		for j, c := range r.Cells {
			if c.Formula != "" {
				out.Rows[i].Cells[j].Formula = moveRefs(c.Formula, first)
			}
		}
	}
	return &out
}

// cellRef matches the A1 references of the formulas the resolver writes.
var cellRef = regexp.MustCompile(`\b([A-Z]{1,3})([0-9]+)\b`)

// moveRefs rewrites every reference of a formula to the row its logical row
// became.
func moveRefs(formula string, first []int) string {
	return cellRef.ReplaceAllStringFunc(formula, func(m string) string {
		sub := cellRef.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[2])
		if err != nil || n < 1 || n >= len(first) {
			return m
		}
		return sub[1] + strconv.Itoa(first[n-1]+1)
	})
}
