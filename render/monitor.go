package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// Mark is what a ✓ column shows for a cause or likelihood that applies.
const Mark = "✓"

// markChoice is the drop-down of a ✓ column.
var markChoice = []string{Mark}

// monthName fills {month} (7) and {months} (1–7月; 1–N月 while not given).
func (r *resolver) monthName(name string) string {
	if name == "months" {
		return r.mon.MonthSpan()
	}
	if r.mon.Month == 0 {
		return ""
	}
	return strconv.Itoa(r.mon.Month)
}

// monitorField is a fixed field of the monitoring form: [monitor]'s texts,
// a funds row's 1–N月执行数, 全年预计执行数 or 1–N月执行率.
func (r *resolver) monitorField(name string) (Cell, bool) {
	md := r.f.Monitor
	switch name {
	case "monitor.month":
		return textCell(r.monthName("month"), md.Month.Pos), true
	case "monitor.progress":
		return fieldText(md.Progress), true
	case "monitor.problems":
		return fieldText(md.Problems), true
	case "monitor.measures":
		return fieldText(md.Measures), true
	}
	rest, ok := strings.CutPrefix(name, "funds.")
	row, col, _ := strings.Cut(rest, ".")
	ri := slices.Index(jixiao.FundRowKeys[:], row)
	if !ok || ri < 0 {
		return Cell{}, false
	}
	fr := r.f.Funds.Rows()[ri]
	switch col {
	case "rate":
		return rateCell(r.mon.Rates[ri]), true
	case "to_date":
		if ri == 0 {
			return r.amountCell(r.mon.Total[0]), true
		}
		return r.amountCell(fr.ToDate), true
	case "forecast":
		if ri == 0 {
			return r.amountCell(r.mon.Total[1]), true
		}
		return r.amountCell(fr.Forecast), true
	}
	return Cell{}, false
}

// monitorCell is an indicator's monitoring column: a text, or a ✓ column
// marked when the indicator's causes hold its value or its likelihood is it.
func monitorCell(ind *jixiao.Indicator, c cellSpec) (Cell, bool) {
	switch c.field {
	case "progress":
		return fieldText(ind.Progress), true
	case "forecast":
		return fieldText(ind.Forecast), true
	case "cause_note":
		return fieldText(ind.CauseNote), true
	case "note":
		return fieldText(ind.Note), true
	case "likelihood":
		l := ind.Likelihood
		if c.mark == "" {
			return fieldText(jixiao.Field[string]{Val: string(l.Val), Set: l.Set, Pos: l.Pos}), true
		}
		return markCell(string(l.Val) == c.mark, l.Pos), true
	case "causes":
		if c.mark == "" {
			return fieldText(jixiao.Field[string]{Val: strings.Join(ind.Causes.Names(), "、"), Set: ind.Causes.Set, Pos: ind.Causes.Pos}), true
		}
		for _, f := range ind.Causes.List {
			if f.Val == c.mark {
				return markCell(true, f.Pos), true
			}
		}
		return markCell(false, ind.Causes.Pos), true
	}
	return Cell{}, false
}

func markCell(on bool, pos jixiao.Pos) Cell {
	c := Cell{Format: Literal, Source: pos}
	if on {
		c.Kind, c.Text = Text, Mark
	}
	return c
}

// blockChoices is the drop-down of an indicator column: the grades, the
// likelihoods, or ✓ for a mark column; nil for the others.
func blockChoices(c cellSpec) []string {
	switch {
	case c.mark != "":
		return markChoice
	case c.field == "grade":
		return jixiao.GradeNames
	case c.field == "likelihood":
		return jixiao.LikelihoodNames
	}
	return nil
}

// monitorFormulas makes the monitoring form's live cells: a 年度资金总额
// 1–N月执行数 or 全年预计执行数 summed from its sources, and each row's
// 1–N月执行率 (÷ 全年预算数, else ÷ 年初预算数, with the form's rounding).
func (r *resolver) monitorFormulas() {
	get := func(name string) (At, bool) { a, ok := r.s.Fields[name]; return a, ok }
	for i, col := range jixiao.MonitorColumnKeys {
		if r.mon.Derived[i] {
			r.sumSources(col)
		}
	}
	fn := roundFunc(r.f.Policy.RateRounding.Val)
	for _, row := range jixiao.FundRowKeys {
		rate, okR := get("funds." + row + ".rate")
		toDate, okT := get("funds." + row + ".to_date")
		if !okR || !okT || r.cell(rate).Kind != Number {
			continue
		}
		t := ref(toDate)
		formula := `""`
		for _, base := range []string{"initial", "budget"} { // the budget first: built inside out
			if a, ok := get("funds." + row + "." + base); ok {
				formula = fmt.Sprintf("IF(N(%s)<>0,%s(ROUND(%s/%s*100,8),2),%s)", ref(a), fn, t, ref(a), formula)
			}
		}
		r.setFormula(rate, fmt.Sprintf(`IF(%s="","",%s)`, t, formula))
	}
}
