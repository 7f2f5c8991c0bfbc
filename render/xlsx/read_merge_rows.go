package xlsx

import (
	"fmt"
	"strconv"

	"jixiao"
)

// rowFields are the fields of an indicator row the merge compares, the
// labels last (they are not cells of the row).
var rowFields = []string{"name", "target", "actual", "weight", "score", "grade", "reason",
	"progress", "forecast", "likelihood", "causes", "cause_note", "note", "level1", "level2"}

// entry is one indicator of the merged form: its value and its index in
// ours (-1: added by the department).
type entry struct {
	ind  jixiao.Indicator
	ours int
}

// indicators merges the indicator block. Rows are matched to the
// indicators rendered by 一级, 二级 and name, then in order within their
// group (MatchIndicatorsInGroups: a row deleted in one group and one added
// in another are a deletion and an addition); so are the data file's.
func (m *merger) indicators() {
	base := m.sr.baseIndicators()
	mt := jixiao.MatchIndicatorsInGroups(base, m.theirs.Indicators)
	oursOf := make([]int, len(base))
	for i := range oursOf {
		oursOf[i] = -1
	}
	for k, i := range jixiao.MatchIndicatorsInGroups(base, m.ours.Indicators) {
		if i >= 0 {
			oursOf[i] = k
		}
	}
	entries := make([]entry, len(m.ours.Indicators))
	for k, ind := range m.ours.Indicators {
		entries[k] = entry{ind: ind, ours: k}
	}
	kept := make([]bool, len(base)) // base indicators the sheet still has
	gone := make([]bool, len(entries))
	var added []int // rows of the sheet that are new
	for j, i := range mt {
		switch {
		case i < 0:
			added = append(added, j)
		case oursOf[i] < 0:
			kept[i] = true
			if m.rowTyped(j, i) && m.conflict(Conflict{Path: fmt.Sprintf("indicators（%s）", m.theirs.Indicators[j].Name.Val),
				Workbook: "（有修改）", Data: "（已删除）", At: "A" + strconv.Itoa(m.sr.rows[j].r+1)}, cellVal{}) {
				added = append(added, j)
			}
		default:
			kept[i] = true
			m.row(j, i, oursOf[i], &entries[oursOf[i]].ind)
		}
	}
	for i, k := range oursOf {
		if k < 0 || kept[i] {
			continue
		}
		if !m.oursChanged(i, k) || m.conflict(Conflict{Path: fmt.Sprintf("indicators[%d]", k+1), Name: m.ours.Indicators[k].Name.Val,
			Workbook: "（已删除）", Data: "（有修改）"}, cellVal{}) {
			gone[k] = true
		}
	}
	m.assemble(entries, gone, added, mt, oursOf)
}

// assemble lists the merged indicators: the data file's, less those the
// department deleted, with each row the department added after the one
// above it on the sheet.
func (m *merger) assemble(entries []entry, gone []bool, added, mt, oursOf []int) {
	after := map[int][]int{} // ours index (-1: the start) → sheet rows added after it
	for _, j := range added {
		at := -1
		for p := j - 1; p >= 0; p-- {
			if i := mt[p]; i >= 0 && oursOf[i] >= 0 && !gone[oursOf[i]] {
				at = oursOf[i]
				break
			}
		}
		after[at] = append(after[at], j)
	}
	var inds []jixiao.Indicator
	var match []int
	add := func(at int) {
		for _, j := range after[at] {
			inds = append(inds, m.theirs.Indicators[j])
			match = append(match, -1)
		}
	}
	add(-1)
	for k, e := range entries {
		if !gone[k] {
			inds = append(inds, e.ind)
			match = append(match, e.ours)
		}
		add(k)
	}
	m.out.Indicators = inds
	m.sr.match = match
}

// row merges sheet row j, rendered as base indicator i, into ours' k.
func (m *merger) row(j, i, k int, to *jixiao.Indicator) {
	from := m.theirs.Indicators[j]
	for _, f := range rowFields {
		rec, ok := recOf(m.sr.rec, i, f)
		cell, has := m.cellOf(j, i, f)
		if !ok || !has {
			continue
		}
		ow, _ := recOf(m.oursW, k, f)
		if f == "level1" || f == "level2" {
			rec = recVal{v: m.levelOf(f, rec.v)}
			ow = recVal{v: m.levelOf(f, ow.v)}
		}
		c := Conflict{Path: fmt.Sprintf("indicators[%d].%s", k+1, f), Name: m.ours.Indicators[k].Name.Val, Data: shownW(ow)}
		if m.decide(rec, cell, ow, c) {
			copyIndicatorField(to, &from, f)
		}
	}
}

// cellOf is what the sheet shows for field f of row j: the cell, or for a
// label the group the row was read in.
func (m *merger) cellOf(j, i int, f string) (cellVal, bool) {
	br := m.sr.rows[j]
	switch f {
	case "level1":
		return cellVal{r: br.r, c: m.sr.lay.level[0], raw: br.level[0]}, m.sr.lay.level[0] >= 0
	case "level2":
		return cellVal{r: br.r, c: m.sr.lay.level[1], raw: br.level[1]}, m.sr.lay.level[1] >= 0
	}
	if f == "causes" || f == "likelihood" {
		return m.sr.choiceCell(br, f)
	}
	v, ok := br.vals[f]
	return v, ok
}

// recOf is field f of indicator i in records (or in what ours writes):
// causes and likelihood gathered from their ✓ columns (recChoice).
func recOf(rec map[string]recVal, i int, f string) (recVal, bool) {
	p := "indicators." + strconv.Itoa(i) + "."
	if f == "causes" || f == "likelihood" {
		return recChoice(rec, p, f)
	}
	v, ok := rec[p+f]
	return v, ok
}

func (m *merger) levelOf(f, text string) string {
	if f == "level1" {
		return m.sr.levelName(0, text)
	}
	return m.sr.levelName(1, text)
}

// rowTyped tells whether the department changed any value of row j.
func (m *merger) rowTyped(j, i int) bool {
	for _, f := range rowFields {
		rec, ok := recOf(m.sr.rec, i, f)
		cell, has := m.cellOf(j, i, f)
		if f == "level1" || f == "level2" {
			rec = recVal{v: m.levelOf(f, rec.v)}
		}
		if ok && has && !sameCell(rec, cell) {
			return true
		}
	}
	return false
}

// oursChanged tells whether the data file changed base indicator i (its
// k-th now) since the workbook was rendered.
func (m *merger) oursChanged(i, k int) bool {
	for _, f := range rowFields {
		rec, ok := recOf(m.sr.rec, i, f)
		if now, _ := recOf(m.oursW, k, f); ok && !sameRec(rec, now) {
			return true
		}
	}
	return false
}

// copyIndicatorField sets field f of to from from.
func copyIndicatorField(to, from *jixiao.Indicator, f string) {
	switch f {
	case "name":
		to.Name = from.Name
	case "target":
		to.Target = from.Target
	case "actual":
		to.Actual = from.Actual
	case "reason":
		to.Reason = from.Reason
	case "weight":
		to.Weight = from.Weight
	case "score":
		to.Score = from.Score
	case "grade":
		to.Grade = from.Grade
	case "level1":
		to.Level1 = from.Level1
	case "level2":
		to.Level2 = from.Level2
	case "progress":
		to.Progress = from.Progress
	case "forecast":
		to.Forecast = from.Forecast
	case "likelihood":
		to.Likelihood = from.Likelihood
	case "causes":
		to.Causes = from.Causes
	case "cause_note":
		to.CauseNote = from.CauseNote
	case "note":
		to.Note = from.Note
	}
}
