package xlsx

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// records are the values a workbook records it was rendered with (see
// base.go): by sheet id, by field path.
type records map[string]map[string]recVal

// loadRecords reads the records' sheet (base.go); nil when there is none.
func loadRecords(f *excelize.File, sheet string) records {
	if sheet == "" {
		return nil
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil
	}
	text := map[string]*strings.Builder{}
	for _, row := range rows {
		if len(row) < 2 || row[0] == "" {
			continue
		}
		if text[row[0]] == nil {
			text[row[0]] = &strings.Builder{}
		}
		text[row[0]].WriteString(strings.ReplaceAll(row[1], "\r\n", "\n"))
	}
	out := records{}
	for id, b := range text {
		if rec := parseRecords(b.String()); complete(rec) {
			out[id] = rec
		}
	}
	return out
}

// complete tells whether a form's records can serve as a base: they name
// every indicator they list (a damaged record is no base: the sheet is
// then read as a workbook without records).
func complete(rec map[string]recVal) bool {
	n := 0
	for p := range rec {
		if i, _, ok := indicatorPath(p); ok {
			n = max(n, i+1)
		}
	}
	if len(rec) == 0 || n > len(rec) {
		return false
	}
	for i := range n {
		if _, ok := rec["indicators."+strconv.Itoa(i)+".name"]; !ok {
			return false
		}
	}
	return true
}

// parseRecords reads the lines of one form's records.
func parseRecords(s string) map[string]recVal {
	out := map[string]recVal{}
	for _, line := range strings.Split(s, "\n") {
		flag, rest, ok1 := strings.Cut(line, "\t")
		path, v, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || path == "" {
			continue
		}
		out[path] = recVal{v: recordUnescaper.Replace(v), formula: flag == formulaTag, hashed: flag == hashTag}
	}
	return out
}

// sameCell tells whether a cell still holds the value jixiao recorded: a
// formula where jixiao wrote one, the same number (to Excel's 15 digits:
// a workbook saved again may store 12117045.94 as 12117045.939999999) or
// the same text.
func sameCell(rv recVal, v cellVal) bool {
	if rv.formula || v.formula != "" {
		return rv.formula && v.formula != ""
	}
	if rv.hashed {
		return rv.v == digest(v.raw)
	}
	return sameValue(rv.v, v.raw)
}

// sameRec tells whether a recorded value is the value written now (ours:
// never a digest).
func sameRec(rec, now recVal) bool {
	switch {
	case rec.formula || now.formula:
		return rec.formula == now.formula
	case rec.hashed:
		return rec.v == digest(now.v)
	}
	return rec.v == now.v
}

// sameValue compares two stored values: numbers by value, texts exactly.
func sameValue(a, b string) bool {
	if a == b {
		return true
	}
	if excelNumber.MatchString(a) && excelNumber.MatchString(b) {
		x, err1 := decimal.NewFromString(a)
		y, err2 := decimal.NewFromString(b)
		return err1 == nil && err2 == nil && excel15(x).Equal(excel15(y))
	}
	return false
}

// baseIndicators are the indicators the records list, in the order
// rendered: 一级, 二级 and name (the labels as the template's pattern reads
// them).
func (sr *sheetReader) baseIndicators() []jixiao.Indicator {
	n := 0
	for p := range sr.rec {
		if i, _, ok := indicatorPath(p); ok {
			n = max(n, i+1)
		}
	}
	out := make([]jixiao.Indicator, n)
	for i := range out {
		p := "indicators." + strconv.Itoa(i) + "."
		text := func(s string) jixiao.Field[string] { return jixiao.Field[string]{Val: s, Set: s != ""} }
		out[i].Level1 = text(sr.levelName(0, sr.rec[p+"level1"].v))
		out[i].Level2 = text(sr.levelName(1, sr.rec[p+"level2"].v))
		out[i].Name = text(jixiao.PlainText(sr.rec[p+"name"].v))
	}
	return out
}

// levelName reads the 一级 (k = 0) or 二级 name from a label's text.
func (sr *sheetReader) levelName(k int, text string) string {
	text = jixiao.PlainText(text)
	if sr.lay == nil || sr.lay.levelRe[k] == nil {
		return text
	}
	if m := sr.lay.levelRe[k].FindStringSubmatch(text); m != nil {
		return strings.TrimSpace(m[1])
	}
	return text
}

// groupsByName maps each indicator name that is in one group only, in the
// records (what the workbook was rendered from) or else in the --into
// file, to its 一级 and 二级: a row whose labels LibreOffice dropped with a
// group's first row takes its group from there.
func (sr *sheetReader) groupsByName(base *jixiao.Form) map[string][2]string {
	out := groupsOf(sr.baseIndicators())
	if base != nil {
		for n, g := range groupsOf(base.Indicators) {
			if _, ok := out[n]; !ok {
				out[n] = g
			}
		}
	}
	return out
}

// groupsOf maps each name that is in one group only to that group.
func groupsOf(inds []jixiao.Indicator) map[string][2]string {
	out := map[string][2]string{}
	ambiguous := map[string]bool{}
	for _, ind := range inds {
		g := [2]string{ind.Level1.Val, ind.Level2.Val}
		if old, seen := out[ind.Name.Val]; seen && old != g {
			ambiguous[ind.Name.Val] = true
		}
		out[ind.Name.Val] = g
	}
	for n := range ambiguous {
		delete(out, n)
	}
	return out
}

// staleScores leaves out, when there is no data file to merge with, a 得分
// still as jixiao wrote it in a row whose 年度指标值, 实际完成值 or 分值 the
// department changed, if jixiao had computed it (the rule gave it for the
// row as rendered): the rule scores the row again. A score the rule did not
// give was reported, and stays. (An untouched row's printed score goes
// through settle: left out when the rule gives it.)
func (sr *sheetReader) staleScores(f *jixiao.Form) {
	base := sr.baseIndicators()
	as := *f // the rows as rendered
	as.Indicators = slices.Clone(f.Indicators)
	var stale []int
	for j, i := range jixiao.MatchIndicatorsInGroups(base, f.Indicators) {
		if i < 0 || j >= len(sr.rows) {
			continue
		}
		p := "indicators." + strconv.Itoa(i) + "."
		typed := func(field string) bool {
			rv, ok := sr.rec[p+field]
			v, has := sr.rows[j].vals[field]
			return ok && has && !sameCell(rv, v)
		}
		if typed("score") || !(typed("target") || typed("actual") || typed("weight")) {
			continue
		}
		ind := &as.Indicators[j]
		ind.Target.Val, ind.Actual.Val = jixiao.PlainText(sr.rec[p+"target"].v), jixiao.PlainText(sr.rec[p+"actual"].v)
		if w, err := decimal.NewFromString(sr.rec[p+"weight"].v); err == nil {
			ind.Weight = jixiao.Number{Val: w, Set: true}
		}
		ind.Score = jixiao.Number{}
		stale = append(stale, j)
	}
	if len(stale) == 0 {
		return
	}
	card, _ := jixiao.Score(&as)
	for _, j := range stale {
		rule, s := card.Indicators[j].Rule, f.Indicators[j].Score
		if rule.Set && s.Set && rule.Val.Equal(s.Val) {
			f.Indicators[j].Score = jixiao.Number{}
		}
	}
}

// cellsEdited tells whether a sheet that is no form (the 汇总表) differs
// from what jixiao recorded writing into it, cell by cell; true when it
// records nothing.
func (sr *sheetReader) cellsEdited() bool {
	if len(sr.rec) == 0 {
		return true
	}
	rows, err := sr.f.GetRows(sr.sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return true
	}
	seen := 0
	for i, row := range rows {
		for j, raw := range row {
			at := ref(i, j)
			rv, ok := sr.rec[cellPrefix+at]
			if !ok && raw == "" {
				continue
			}
			v := cellVal{r: i, c: j, raw: strings.ReplaceAll(raw, "\r\n", "\n")}
			if rv.formula || !ok {
				v.formula, _ = sr.f.GetCellFormula(sr.sheet, at)
			}
			if !ok || !sameCell(rv, v) {
				return true
			}
			seen++
		}
	}
	return seen != len(sr.rec)
}
