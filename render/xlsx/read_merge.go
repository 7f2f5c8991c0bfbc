package xlsx

import (
	"fmt"
	"slices"
	"strconv"

	"jixiao"
	"jixiao/render"
)

// Prefer says which side settles a conflict of a three-way merge.
type Prefer int

const (
	PreferNone     Prefer = iota // report the conflict, keep the data file's value
	PreferWorkbook               // take the department's value
	PreferData                   // keep the data file's value
)

// Conflict is a value the department changed in the workbook and the data
// file changed since the workbook was rendered, each differently.
type Conflict struct {
	Path     string // in the data file: "project.name", "indicators[3].actual" (numbered as the file lists them)
	Name     string // the indicator's name, for indicator fields
	At       string // the cell, "F14"; "" for a deleted row
	Workbook string // the department's value ("（已删除）" for a deleted row)
	Data     string // the data file's value
}

func (c Conflict) String() string {
	name := ""
	if c.Name != "" {
		name = "（" + c.Name + "）"
	}
	at := ""
	if c.At != "" {
		at = "，单元格 " + c.At
	}
	return fmt.Sprintf("%s%s：工作簿中为 %s%s，数据文件中为 %s", c.Path, name, c.Workbook, at, c.Data)
}

// merger holds a three-way merge of one sheet: base (what the workbook
// recorded it was rendered with), theirs (the sheet now), ours (the data
// file now).
type merger struct {
	sr     *sheetReader
	theirs *jixiao.Form
	ours   *jixiao.Form
	oursW  map[string]recVal // what ours would write, by field
	prefer Prefer
	out    *jixiao.Form
}

// merge applies to ours what the department changed in the sheet since it
// was rendered. A field counts as changed when its cell no longer holds what
// jixiao wrote there: an untouched 得分 stays the data's (computed or
// reported), whatever the department changed beside it. It returns nil
// when ours cannot be laid out by the sheet's template.
func (sr *sheetReader) merge(theirs, ours *jixiao.Form, prefer Prefer) *jixiao.Form {
	card, _ := jixiao.Evaluate(ours, nil, sr.tmpl.Form() == render.Monitoring)
	s, err := render.Resolve(sr.tmpl, card, render.Options{})
	if err != nil {
		return nil
	}
	out := *ours
	out.Indicators = slices.Clone(ours.Indicators)
	m := &merger{sr: sr, theirs: theirs, ours: ours, oursW: writtenValues(s), prefer: prefer, out: &out}
	for _, name := range sr.fieldOrder() {
		m.fixed(name)
	}
	m.indicators()
	return m.out
}

// decide settles one field: whether the department's value is taken. oursW
// is the data's value as written, shown how the data shows it.
func (m *merger) decide(rec recVal, cell cellVal, oursW recVal, c Conflict) bool {
	if sameCell(rec, cell) {
		return false // untouched: the data's value stands
	}
	if sameRec(rec, oursW) {
		return true // only the department changed it
	}
	if sameCell(oursW, cell) {
		return false // both changed it alike
	}
	return m.conflict(c, cell)
}

// conflict records a conflict and says whether the workbook wins.
func (m *merger) conflict(c Conflict, cell cellVal) bool {
	if cell.formula != "" {
		c.Workbook = "公式 =" + cell.formula
	} else if c.Workbook == "" {
		c.Workbook = strconv.Quote(clip(cell.raw))
	}
	if c.At == "" && cell.raw != "" {
		c.At = cell.at()
	}
	m.sr.conflicts = append(m.sr.conflicts, c)
	return m.prefer == PreferWorkbook
}

// shownW shows a written value for a message.
func shownW(v recVal) string {
	if v.formula {
		return "（公式，由 jixiao 计算）"
	}
	return strconv.Quote(clip(v.v))
}

// fixed merges one field of the rows around the block.
func (m *merger) fixed(name string) {
	rec, ok := m.sr.rec[name]
	if !ok || name == "year" || name == "total" || name == "weight_total" {
		return
	}
	cell := m.sr.fields[name]
	ow := m.oursW[name]
	if m.decide(rec, cell, ow, Conflict{Path: name, Data: shownW(ow)}) {
		copyFixed(m.out, m.theirs, name)
	}
}

// copyFixed sets field name of to from from.
func copyFixed(to, from *jixiao.Form, name string) {
	texts := map[string][2]*jixiao.Field[string]{
		"project.name":        {&to.Project.Name, &from.Project.Name},
		"project.department":  {&to.Project.Department, &from.Project.Department},
		"project.implementer": {&to.Project.Implementer, &from.Project.Implementer},
		"goals.planned":       {&to.Goals.Planned, &from.Goals.Planned},
		"goals.achieved":      {&to.Goals.Achieved, &from.Goals.Achieved},
		"monitor.progress":    {&to.Monitor.Progress, &from.Monitor.Progress},
		"monitor.problems":    {&to.Monitor.Problems, &from.Monitor.Problems},
		"monitor.measures":    {&to.Monitor.Measures, &from.Monitor.Measures},
	}
	if p, ok := texts[name]; ok {
		*p[0] = *p[1]
		return
	}
	nums := map[string][2]*jixiao.Number{
		"funds.weight": {&to.Funds.Weight, &from.Funds.Weight},
		"funds.rate":   {&to.Funds.Rate, &from.Funds.Rate},
		"funds.score":  {&to.Funds.Score, &from.Funds.Score},
	}
	rt, rf := fundRows(&to.Funds), fundRows(&from.Funds)
	for i, key := range jixiao.FundRowKeys {
		ct, cf := rowColumns(rt[i]), rowColumns(rf[i])
		for c, col := range jixiao.FundColumnKeys {
			nums["funds."+key+"."+col] = [2]*jixiao.Number{ct[c], cf[c]}
		}
		for _, col := range jixiao.MonitorColumnKeys {
			nums["funds."+key+"."+col] = [2]*jixiao.Number{monitorAmount(&to.Funds, i, col), monitorAmount(&from.Funds, i, col)}
		}
	}
	if p, ok := nums[name]; ok {
		*p[0] = *p[1]
	}
}

// fundRows are pointers to the four rows of 项目资金, in FundRowKeys' order.
func fundRows(f *jixiao.Funds) [4]*jixiao.FundRow {
	return [4]*jixiao.FundRow{&f.Total, &f.Appropriation, &f.Carryover, &f.Other}
}

// rowColumns are pointers to a fund row's three amounts.
func rowColumns(r *jixiao.FundRow) [3]*jixiao.Number {
	return [3]*jixiao.Number{&r.Initial, &r.Budget, &r.Executed}
}
