package jixiao

import (
	"slices"
	"strconv"
)

// The 绩效运行监控表's keys in Update and Differences: [monitor], and each
// indicator's progress, forecast, likelihood, causes, cause_note and note
// (a funds row's to_date and forecast go with its other amounts).

// monitor updates [monitor].
func (e *editor) monitor(to *Form) {
	a, b := e.from.Monitor, to.Monitor
	m := value{set: b.Month.Set, text: strconv.Itoa(b.Month.Val), show: strconv.Itoa(b.Month.Val)}
	e.set("monitor", "month", a.Month.Set, a.Month.Val == b.Month.Val, m, "monitor.month", "")
	e.text("monitor", "progress", a.Progress, b.Progress)
	e.text("monitor", "problems", a.Problems, b.Problems)
	e.text("monitor", "measures", a.Measures, b.Measures)
}

// monitorIndicator updates an indicator's monitoring keys.
func (e *editor) monitorIndicator(table string, a, b Indicator, show func(string) string, name string) {
	for _, s := range []struct {
		key  string
		x, y Field[string]
	}{{"progress", a.Progress, b.Progress}, {"forecast", a.Forecast, b.Forecast}} {
		e.set(table, s.key, s.x.Set, s.x.Val == s.y.Val, strValue(s.x, s.y), show(s.key), name)
	}
	l := value{set: b.Likelihood.Set, text: Quote(string(b.Likelihood.Val)), show: Quote(string(b.Likelihood.Val))}
	e.set(table, "likelihood", a.Likelihood.Set, a.Likelihood.Val == b.Likelihood.Val, l, show("likelihood"), name)
	c := value{set: b.Causes.Set, text: CausesText(b.Causes), show: CausesText(b.Causes), was: CausesText(a.Causes)}
	e.set(table, "causes", a.Causes.Set, slices.Equal(a.Causes.Names(), b.Causes.Names()), c, show("causes"), name)
	e.set(table, "cause_note", a.CauseNote.Set, a.CauseNote.Val == b.CauseNote.Val, strValue(a.CauseNote, b.CauseNote), show("cause_note"), name)
	e.set(table, "note", a.Note.Set, a.Note.Val == b.Note.Val, strValue(a.Note, b.Note), show("note"), name)
}

// monitorDifferences lists the [monitor] keys and the funds rows' to_date
// and forecast in which two forms differ.
func monitorDifferences(a, b *Form) []string {
	var out []string
	if differs(a.Monitor.Month, b.Monitor.Month) {
		out = append(out, "monitor.month")
	}
	for _, t := range []struct {
		key  string
		x, y Field[string]
	}{{"progress", a.Monitor.Progress, b.Monitor.Progress}, {"problems", a.Monitor.Problems, b.Monitor.Problems}, {"measures", a.Monitor.Measures, b.Monitor.Measures}} {
		if differs(t.x, t.y) {
			out = append(out, "monitor."+t.key)
		}
	}
	ra, rb := a.Funds.Rows(), b.Funds.Rows()
	for i, key := range FundRowKeys {
		for c, col := range MonitorColumnKeys {
			x, y := ra[i].Amounts()[3+c], rb[i].Amounts()[3+c]
			if x.Set != y.Set || x.Set && !x.Val.Equal(y.Val) {
				out = append(out, "funds."+key+"."+col)
			}
		}
	}
	return out
}

// monitorIndicatorDifferences lists the monitoring keys of an indicator in
// which x and y differ; p is its path with a dot ("indicators[2].").
func monitorIndicatorDifferences(p string, x, y Indicator) []string {
	var out []string
	for _, t := range []struct {
		key  string
		x, y Field[string]
	}{{"progress", x.Progress, y.Progress}, {"forecast", x.Forecast, y.Forecast}, {"cause_note", x.CauseNote, y.CauseNote}, {"note", x.Note, y.Note}} {
		if differs(t.x, t.y) {
			out = append(out, p+t.key)
		}
	}
	if differs(x.Likelihood, y.Likelihood) {
		out = append(out, p+"likelihood")
	}
	if x.Causes.Set != y.Causes.Set || !slices.Equal(x.Causes.Names(), y.Causes.Names()) {
		out = append(out, p+"causes")
	}
	return out
}
