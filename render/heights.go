package render

import "strings"

// VPad is the blank above and below the text of a cell, as a multiple of
// the font size: a cell's height is its lines plus twice this.
const VPad = 0.3

// heights breaks every cell's text into the lines its width allows and sets
// each row's height so that every line shows: single-row cells raise their
// row; a cell merged over several rows spreads what it lacks over them.
func (r *resolver) heights() {
	s := r.s
	spans := map[At]Range{}
	for _, m := range s.Merges {
		spans[At{m.R0, m.C0}] = m
	}
	var tall []Range // merged cells over several rows, done after the others
	for i := range s.Rows {
		for j := range s.Rows[i].Cells {
			c := &s.Rows[i].Cells[j]
			if c.Kind == Empty {
				continue
			}
			rg, ok := spans[At{i, j}]
			if !ok {
				rg = Range{R0: i, C0: j, R1: i, C1: j}
			}
			need := r.lines(c, s.width(rg))
			if rg.R1 > rg.R0 {
				tall = append(tall, rg)
				continue
			}
			s.Rows[i].Height = max(s.Rows[i].Height, need)
		}
	}
	for _, rg := range tall {
		c := s.Rows[rg.R0].Cells[rg.C0]
		need := r.need(c)
		have := 0.0
		for k := rg.R0; k <= rg.R1; k++ {
			have += s.Rows[k].Height
		}
		if need > have {
			extra := (need - have) / float64(rg.Rows())
			for k := rg.R0; k <= rg.R1; k++ {
				s.Rows[k].Height += extra
			}
		}
	}
}

// width is the width of a range's columns.
func (s *Sheet) width(rg Range) float64 {
	w := 0.0
	for c := rg.C0; c <= rg.C1; c++ {
		w += s.Columns[c]
	}
	return w
}

// lines sets c.Lines for a cell of the given outer width and returns the
// height they need. Numbers stay on one line, shrunk if they must.
func (r *resolver) lines(c *Cell, width float64) float64 {
	st := r.s.Styles[c.Style]
	inner := width - 2*st.Padding
	switch {
	case c.Kind == Number:
		c.Lines = []string{c.Text}
		if w := LineWidth(c.Text, st.Size, r.adv); w > inner && inner > 0 {
			c.Shrink = inner / w
		}
	case st.Wrap:
		c.Lines = Break(c.Text, inner, st.Size, r.adv)
	default:
		c.Lines = strings.SplitAfter(c.Text, "\n")
	}
	return r.need(*c)
}

// need is the height a cell's lines take in its style.
func (r *resolver) need(c Cell) float64 {
	return r.s.Styles[c.Style].Height(len(c.Lines))
}
