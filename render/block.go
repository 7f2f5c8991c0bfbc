package render

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// level1Group is a 一级指标 with its 二级 groups, in print order.
type level1Group struct {
	name string
	subs []level2Group
}

// level2Group is a 二级指标 with the indexes of its indicators in input order.
type level2Group struct {
	name string
	idx  []int
}

// groups orders the indicators by 一级 then 二级: the standard names in the
// standard order, others after them in input order; indicators keep their
// input order inside a group. With keepEmpty every standard group is listed,
// even without indicators.
func groups(f *jixiao.Form, keepEmpty bool) []level1Group {
	var out []level1Group
	find1 := func(name string) *level1Group {
		for i := range out {
			if out[i].name == name {
				return &out[i]
			}
		}
		out = append(out, level1Group{name: name})
		return &out[len(out)-1]
	}
	for _, std := range jixiao.Standard {
		if keepEmpty || hasLevel1(f, std.Name) {
			g := find1(std.Name)
			for _, l2 := range std.Level2 {
				if keepEmpty || hasLevel2(f, std.Name, l2) {
					g.subs = append(g.subs, level2Group{name: l2})
				}
			}
		}
	}
	for i, ind := range f.Indicators {
		g := find1(ind.Level1.Val)
		j := slices.IndexFunc(g.subs, func(s level2Group) bool { return s.name == ind.Level2.Val })
		if j < 0 {
			g.subs = append(g.subs, level2Group{name: ind.Level2.Val})
			j = len(g.subs) - 1
		}
		g.subs[j].idx = append(g.subs[j].idx, i)
	}
	return out
}

func hasLevel1(f *jixiao.Form, name string) bool {
	return slices.ContainsFunc(f.Indicators, func(i jixiao.Indicator) bool { return i.Level1.Val == name })
}

func hasLevel2(f *jixiao.Form, l1, l2 string) bool {
	return slices.ContainsFunc(f.Indicators, func(i jixiao.Indicator) bool { return i.Level1.Val == l1 && i.Level2.Val == l2 })
}

// block lays out the indicator block: the header row, then each group's
// rows, merging the 一级 and 二级 columns over their groups and the block
// label over everything.
func (r *resolver) block() {
	b := r.t.block
	last := len(r.t.columns) - 1
	header := r.addRow(b.headerHeight)
	for range b.headerLines - 1 {
		r.addRow(b.headerHeight)
	}
	for _, c := range b.header {
		r.put(header+c.line, c, textCell(expand(c.text, r.lookup), c.pos))
		if c.rows > 1 { // a two-level header's tall cell: its text on every page the header repeats on
			r.s.Labels = append(r.s.Labels, Range{R0: header + c.line, C0: c.c0, R1: header + c.line + c.rows - 1, C1: c.c1})
		}
	}
	info := &r.s.Block
	info.Header, info.First = header, header+b.headerLines
	for _, g1 := range groups(r.f, r.keepEmpty) {
		start1 := len(r.s.Rows)
		for _, g2 := range g1.subs {
			start2 := len(r.s.Rows)
			if len(g2.idx) == 0 {
				r.indicatorRow(-1)
			}
			for _, i := range g2.idx {
				r.indicatorRow(i)
			}
			r.groupLabel(b.level2Col, start2, g1.name, g2.name, g2.idx)
		}
		r.groupLabel(b.level1Col, start1, g1.name, "", flatten(g1.subs))
	}
	info.Last = len(r.s.Rows) - 1
	if b.label.c0 >= 0 {
		label := b.label
		label.rows = info.Last - header + 1
		r.put(header, label, textCell(expand(label.text, r.lookup), label.pos))
		r.s.Labels = append(r.s.Labels, Range{R0: header, C0: label.c0, R1: info.Last, C1: label.c1})
	}
	r.s.Repeat = &Range{R0: header, R1: info.First - 1, C1: last}
	r.s.Keep = append(r.s.Keep, Range{R0: header, R1: max(info.First-1, min(info.First, info.Last)), C1: last})
}

func flatten(subs []level2Group) []int {
	var out []int
	for _, s := range subs {
		out = append(out, s.idx...)
	}
	return out
}

// indicatorRow adds the row of indicator i (-1: a blank row of an empty
// group), leaving the 一级 and 二级 cells to groupLabel.
func (r *resolver) indicatorRow(i int) {
	b := r.t.block
	row := r.addRow(b.rowHeight)
	r.s.Block.Indexes = append(r.s.Block.Indexes, i)
	for _, c := range b.row {
		if c.field == "level1" || c.field == "level2" {
			continue
		}
		cell := Cell{Editable: c.edit != editNo, Format: emptyFormat[blockFields[c.field]]}
		if i >= 0 {
			cell = r.indicatorCell(i, c)
			cell.Field = "indicators." + strconv.Itoa(i) + "." + c.field
			if c.mark != "" {
				cell.Field += "." + c.mark
			}
			cell.Editable = c.edit != editNo
		}
		cell.Choices = blockChoices(c) // shared: writers only read it
		r.put(row, c, cell)
	}
}

func (r *resolver) indicatorCell(i int, c cellSpec) Cell {
	ind, is := r.f.Indicators[i], jixiao.IndicatorScore{}
	if i < len(r.card.Indicators) { // a monitoring form has no scores
		is = r.card.Indicators[i]
	}
	if cell, ok := monitorCell(&ind, c); ok {
		return cell
	}
	switch c.field {
	case "name":
		return fieldText(ind.Name)
	case "target":
		return fieldText(ind.Target)
	case "actual":
		return fieldText(ind.Actual)
	case "reason":
		return fieldText(ind.Reason)
	case "grade":
		return fieldText(jixiao.Field[string]{Val: string(ind.Grade.Val), Pos: ind.Grade.Pos})
	case "weight":
		return scoreCell(ind.Weight)
	case "score":
		if is.Excluded {
			return textCell(expand(r.t.vars["not_applicable"], r.lookup), ind.Score.Pos)
		}
		return scoreCell(is.Score)
	}
	return Cell{}
}

// groupLabel merges a 一级 (level2 == "") or 二级 label over the rows from
// start to the last row added.
func (r *resolver) groupLabel(col, start int, level1, level2 string, idx []int) {
	var spec cellSpec
	for _, c := range r.t.block.row {
		if c.c0 == col {
			spec = c
		}
	}
	spec.rows = len(r.s.Rows) - start
	if spec.rows <= 0 {
		return
	}
	weight := decimal.Zero
	for _, i := range idx {
		weight = weight.Add(r.f.Indicators[i].Weight.Val)
	}
	name := level1
	if level2 != "" {
		name = level2
	}
	text := spec.text
	if text == "" {
		text = "{" + spec.field + "}"
	}
	lookup := func(n string) (string, bool) {
		switch n {
		case "level1":
			return level1, true
		case "level2":
			return level2, true
		case "weight":
			return jixiao.FormatScore(weight), true
		}
		return r.lookup(n)
	}
	cell := textCell(expand(text, lookup), spec.pos)
	if len(idx) > 0 {
		ind := r.f.Indicators[idx[0]]
		cell.Source = map[bool]jixiao.Pos{true: ind.Level2.Pos, false: ind.Level1.Pos}[level2 != ""]
	}
	cell.Editable = spec.edit != editNo
	cell.Choices = levelChoices(level1, level2, name)
	r.put(start, spec, cell)
	r.s.Labels = append(r.s.Labels, Range{R0: start, C0: spec.c0, R1: start + spec.rows - 1, C1: spec.c1})
}

// levelChoices offers the standard names of the level (and the current one).
func levelChoices(level1, level2, current string) []string {
	var out []string
	if level2 == "" {
		for _, l := range jixiao.Standard {
			out = append(out, l.Name)
		}
	} else if l, ok := jixiao.StandardLevel1(level1); ok {
		out = append(out, l.Level2...)
	}
	if current != "" && !slices.Contains(out, current) {
		out = append(out, current)
	}
	return out
}
