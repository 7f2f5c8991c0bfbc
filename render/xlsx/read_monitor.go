package xlsx

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// The 绩效运行监控表's fields: [monitor]'s texts, a funds row's 1–N月执行数
// and 全年预计执行数 (1–N月执行率 is computed), and per indicator its
// progress, forecast, cause_note and note, and its causes and likelihood
// from their ✓ columns ("causes.经费保障", "likelihood.有可能") or, where a
// template binds them without a mark, as text.

// monitorFixed reads a monitoring field of the rows around the block; false
// when name is not one.
func (sr *sheetReader) monitorFixed(f *jixiao.Form, name string, v cellVal, b *jixiao.Form) bool {
	texts := map[string][2]*jixiao.Field[string]{
		"monitor.progress": {&f.Monitor.Progress, &b.Monitor.Progress},
		"monitor.problems": {&f.Monitor.Problems, &b.Monitor.Problems},
		"monitor.measures": {&f.Monitor.Measures, &b.Monitor.Measures},
	}
	if p, ok := texts[name]; ok {
		*p[0] = sr.textField(v, *p[1])
		return true
	}
	if name == "monitor.month" {
		return true // read by header with the labels' 1–N月
	}
	row, col, ok := fundMonitorPath(name)
	if !ok {
		return false
	}
	switch {
	case col == "rate" && v.formula == "" && !v.empty():
		sr.warnf(v.at(), CodeComputed, "执行率由 jixiao 按执行数和预算数计算，这里填写的“%s”没有读入", clip(v.raw))
	case col == "rate":
	case v.formula != "" && row == 0:
		// summed from the sources by jixiao; checked by checkTotals
	default:
		if v.formula != "" {
			sr.warnf(v.at(), CodeFormula, "金额是公式（=%s），读入它显示的结果 %s；请核对", v.formula, v.raw)
		}
		n, _ := sr.number(v, f.Funds.Unit.Val.Places(), "金额")
		*monitorAmount(&f.Funds, row, col) = n
	}
	return true
}

// fundMonitorPath splits "funds.appropriation.to_date" into the row's index
// and its column: to_date, forecast or rate.
func fundMonitorPath(name string) (int, string, bool) {
	rest, ok := strings.CutPrefix(name, "funds.")
	key, col, _ := strings.Cut(rest, ".")
	row := slices.Index(jixiao.FundRowKeys[:], key)
	if !ok || row < 0 || !slices.Contains([]string{"to_date", "forecast", "rate"}, col) {
		return 0, "", false
	}
	return row, col, true
}

// monitorAmount points at a funds row's to_date or forecast.
func monitorAmount(f *jixiao.Funds, row int, col string) *jixiao.Number {
	r := fundRows(f)[row]
	if col == "to_date" {
		return &r.ToDate
	}
	return &r.Forecast
}

// month reads the month the labels show (1–7月执行数): the first one, the
// others must agree.
func (sr *sheetReader) month() (jixiao.Field[int], string) {
	s, at := sr.captured["month"][0], sr.captured["month"][1]
	if s == "" || s == "N" {
		return jixiao.Field[int]{}, at
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 12 {
		sr.errorf(at, CodeCellValue, "“1–%s月”不是月份（应为 1 到 12）", s)
		return jixiao.Field[int]{}, at
	}
	return jixiao.Field[int]{Val: n, Set: true}, at
}

// monitorCell reads an indicator's monitoring text column; false when name
// is not one.
func (sr *sheetReader) monitorCell(ind *jixiao.Indicator, name string, v cellVal) bool {
	p := map[string]*jixiao.Field[string]{"progress": &ind.Progress, "forecast": &ind.Forecast, "cause_note": &ind.CauseNote, "note": &ind.Note}[name]
	switch {
	case p != nil:
		*p = sr.textField(v, jixiao.Field[string]{})
	case isMark(name):
	default:
		return false
	}
	return true
}

// isMark tells whether an indicator field is a ✓ column or a choice read
// with them: causes, likelihood, causes.经费保障, likelihood.有可能.
func isMark(name string) bool {
	f, _, _ := strings.Cut(name, ".")
	return f == "causes" || f == "likelihood"
}

// ticks are what a ✓ column accepts as ticked.
var ticks = []string{"✓", "√", "✔", "☑", "v", "V"}

// choices reads the causes and likelihood of a row. A ✓ column holding
// something else than a tick counts as ticked, with a warning.
func (sr *sheetReader) choices(ind *jixiao.Indicator, br blockRow) {
	for _, name := range slices.Sorted(maps.Keys(br.vals)) {
		s := strings.TrimSpace(br.vals[name].raw)
		if _, mark, ok := strings.Cut(name, "."); ok && isMark(name) && mark != "" && s != "" && !slices.Contains(ticks, s) {
			sr.warnf(br.vals[name].at(), CodeCellValue, "“%s”按勾选（✓）读入", clip(s))
		}
	}
	if v, ok := sr.choiceCell(br, "likelihood"); ok {
		names := splitChoice(v.raw)
		switch {
		case len(names) > 1:
			sr.errorf(v.at(), CodeCellValue, "完成目标可能性只能选一项，现为 %s；请只保留一个 ✓", strings.Join(names, "、"))
		case len(names) == 1 && !slices.Contains(jixiao.LikelihoodNames, names[0]):
			sr.errorf(v.at(), CodeCellValue, "完成目标可能性“%s”只能是 %s", names[0], strings.Join(jixiao.LikelihoodNames, "、"))
		case len(names) == 1:
			ind.Likelihood = jixiao.Field[jixiao.Likelihood]{Val: jixiao.Likelihood(names[0]), Set: true}
		}
	}
	if v, ok := sr.choiceCell(br, "causes"); ok {
		for _, n := range splitChoice(v.raw) {
			if !slices.Contains(jixiao.CauseNames, n) {
				sr.errorf(v.at(), CodeCellValue, "偏差原因“%s”只能是 %s", n, strings.Join(jixiao.CauseNames, "、"))
				continue
			}
			ind.Causes.Set = true
			ind.Causes.List = append(ind.Causes.List, jixiao.Field[string]{Val: n, Set: true})
		}
	}
}

// choiceCell is what a row shows for causes or likelihood, as one cell:
// the text of its column, or the names of its ✓ columns that are ticked,
// in the standard order (CauseNames, LikelihoodNames), at the first ticked
// (else the first) ✓ column. ok is false when the template binds neither.
func (sr *sheetReader) choiceCell(br blockRow, f string) (cellVal, bool) {
	if v, ok := br.vals[f]; ok {
		v.raw = strings.Join(splitChoice(v.raw), "、")
		return v, true
	}
	order := jixiao.CauseNames
	if f == "likelihood" {
		order = jixiao.LikelihoodNames
	}
	var out cellVal
	var names []string
	found := false
	for _, mark := range order {
		v, ok := br.vals[f+"."+mark]
		if !ok {
			continue
		}
		if !found || len(names) == 0 && !v.empty() {
			out.r, out.c = v.r, v.c
		}
		found = true
		if strings.TrimSpace(v.raw) != "" {
			names = append(names, mark)
		}
	}
	out.raw = strings.Join(names, "、")
	return out, found
}

// recChoice is causes or likelihood as recorded (or as ours writes it) for
// indicator p ("indicators.3."), in the form choiceCell gives; ok is false
// when nothing of it is recorded.
func recChoice(rec map[string]recVal, p, f string) (recVal, bool) {
	if v, ok := rec[p+f]; ok {
		return recVal{v: strings.Join(splitChoice(v.v), "、")}, true
	}
	order := jixiao.CauseNames
	if f == "likelihood" {
		order = jixiao.LikelihoodNames
	}
	var names []string
	found := false
	for _, mark := range order {
		v, ok := rec[p+f+"."+mark]
		found = found || ok
		if ok && strings.TrimSpace(v.v) != "" {
			names = append(names, mark)
		}
	}
	return recVal{v: strings.Join(names, "、")}, found
}

// splitChoice splits "人员保障、其他" into its names, in the standard order
// when they are causes.
func splitChoice(s string) []string {
	names := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n' || r == ' ' || r == '\t'
	})
	slices.SortStableFunc(names, func(a, b string) int {
		i, j := slices.Index(jixiao.CauseNames, a), slices.Index(jixiao.CauseNames, b)
		if i < 0 || j < 0 {
			return 0
		}
		return i - j
	})
	return names
}
