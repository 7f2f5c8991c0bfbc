package jixiao

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MonitorCard is what a form's 绩效运行监控表 shows besides its data, as at
// the end of Month. Nothing of it is scored.
type MonitorCard struct {
	Month   int       // 0 when not given
	Total   [2]Number // 年度资金总额's 1–N月执行数 and 全年预计执行数: given, or summed from the sources
	Derived [2]bool   // which of Total were summed
	// Rates is 1–N月执行率 of each funds row (FundRowKeys order), in
	// percent, rounded by rate_rounding: 1–N月执行数 ÷ 全年预算数, or ÷
	// 年初预算数 where no 全年预算数 is given.
	Rates [4]Number
	Count [3]int // indicators by likelihood, in LikelihoodNames order
}

// MonthSpan is how the form names the months reported: "1–7月", or "1–N月"
// while the month is not given.
func (m *MonitorCard) MonthSpan() string {
	if m.Month == 0 {
		return "1–N月"
	}
	return "1–" + strconv.Itoa(m.Month) + "月"
}

// Monitor checks a loaded form for the mid-year 绩效运行监控表 and computes
// its figures. The Scorecard it returns carries the form, 年度资金总额's
// 年初预算数 and 全年预算数 (Funds.Total, given or summed) and the
// MonitorCard; it has no scores. Load's own diagnostics go with it through
// Diagnostics.ForMonitoring.
func Monitor(f *Form) (*Scorecard, Diagnostics) {
	mc := &MonitorCard{Month: f.Monitor.Month.Val}
	if !f.Monitor.Month.Set {
		mc.Month = 0
	}
	m := &monitorer{f: f, mc: mc, sc: &Scorecard{Form: f, Monitor: mc}}
	if !f.Monitor.Month.Set && !f.wasReported("monitor.month") {
		m.diags.errorf(f.Monitor.Pos, CodeMissing, "缺少监控月份：在 [monitor] 中写 month = 7（数字截至 7 月底，表上印 1–7月）")
	}
	m.funds()
	risk := false
	for i := range f.Indicators {
		risk = m.indicator(i) || risk
	}
	m.texts(risk)
	return m.sc, m.diags
}

type monitorer struct {
	f     *Form
	mc    *MonitorCard
	sc    *Scorecard
	diags Diagnostics
}

func (f *Form) wasReported(path string) bool { return f.reported != nil && f.reported(path) }

// monitorColumn is a column of the monitoring form's 项目资金.
type monitorColumn struct {
	name string
	get  func(FundRow) Number
}

func (m *monitorer) columns() [4]monitorColumn {
	return [4]monitorColumn{
		{"年初预算数", func(r FundRow) Number { return r.Initial }},
		{"全年预算数", func(r FundRow) Number { return r.Budget }},
		{m.mc.MonthSpan() + "执行数", func(r FundRow) Number { return r.ToDate }},
		{"全年预计执行数", func(r FundRow) Number { return r.Forecast }},
	}
}

// funds fills 年度资金总额 and the rates, and checks the amounts.
func (m *monitorer) funds() {
	fu, fs := m.f.Funds, &m.sc.Funds
	var total [4]Number
	for c, col := range m.columns() {
		total[c] = m.sumColumn(col)
	}
	fs.Total[0], fs.Total[1] = total[0], total[1]
	m.mc.Total = [2]Number{total[2], total[3]}
	fs.Derived[0], fs.Derived[1] = !fu.Total.Initial.Set && total[0].Set, !fu.Total.Budget.Set && total[1].Set
	m.mc.Derived = [2]bool{!fu.Total.ToDate.Set && total[2].Set, !fu.Total.Forecast.Set && total[3].Set}
	base, toDate, span := total[1], total[2], m.mc.MonthSpan()
	if !base.Set {
		base = total[0]
	}
	switch {
	case !base.Set || !toDate.Set:
		m.diags.errorf(fu.Total.Pos, CodeMissing, "缺少全年预算数（或年初预算数）或%s执行数：在 [funds] 中写 total = { budget = \"…\", to_date = \"…\" }，或在各项资金来源中写出", span)
		return
	case base.Val.IsZero():
		m.diags.errorf(base.Pos, CodeNoBudget, "全年预算数为 0，无法计算%s执行率；请填写全年预算数", span)
		return
	}
	rows := fu.Rows()
	rows[0] = FundRow{Pos: fu.Total.Pos, Initial: total[0], Budget: total[1], ToDate: total[2], Forecast: total[3]}
	for i, row := range rows {
		b := row.Budget
		if !b.Set {
			b = row.Initial
		}
		if b.Set && row.ToDate.Set && !b.Val.IsZero() {
			m.mc.Rates[i] = Number{Val: RoundQuo(row.ToDate.Val.Mul(hundred), b.Val, 2, m.f.Policy.RateRounding.Val), Set: true, Pos: row.ToDate.Pos}
			m.rowWarnings(i, b, row.ToDate, row.Forecast)
		}
	}
	m.behind(total[2])
}

// rowWarnings: spent beyond the budget, a forecast below what is spent.
// The total's are given only where it was written, not summed.
func (m *monitorer) rowWarnings(i int, base, toDate, forecast Number) {
	span, what := m.mc.MonthSpan(), "年度资金总额"
	if i > 0 {
		what = sourceNames[i-1]
	} else if m.mc.Derived[0] {
		return // the sources say it
	}
	if toDate.Val.GreaterThan(base.Val) {
		m.diags.warnf(toDate.Pos, CodeOverBudget, "%s的%s执行数 %s 超过预算数 %s（执行率 %s%%）；请核对，或先调整预算",
			what, span, FormatAmount(toDate.Val, 2), FormatAmount(base.Val, 2), FormatRate(m.mc.Rates[i].Val))
	}
	if forecast.Set && forecast.Val.LessThan(toDate.Val) {
		m.diags.warnf(forecast.Pos, CodeForecastLow, "%s的全年预计执行数 %s 少于%s已执行的 %s；全年至少执行到目前的数额，请核对",
			what, FormatAmount(forecast.Val, 2), span, FormatAmount(toDate.Val, 2))
	}
}

// behind warns when 1–N月执行率 is behind the calendar (序时进度, N ÷ 12)
// by more than a third of it.
func (m *monitorer) behind(toDate Number) {
	rate, span := m.mc.Rates[0], m.mc.MonthSpan()
	if m.mc.Month == 0 || !rate.Set {
		return
	}
	pace := RoundQuo(decimalOf(m.mc.Month).Mul(hundred), decimalOf(12), 2, RoundHalfUp)
	floor := RoundQuo(pace.Mul(decimalOf(2)), decimalOf(3), 2, RoundHalfUp)
	if rate.Val.LessThan(floor) {
		m.diags.warnf(toDate.Pos, CodeBehindSchedule, "%s执行率 %s%% 落后于序时进度 %s%%（%d ÷ 12），低于其三分之二（%s%%）；请在 [monitor] problems 中说明原因，在 measures 中写出加快执行的措施",
			span, FormatRate(rate.Val), FormatRate(pace), m.mc.Month, FormatRate(floor))
	}
}

// sumColumn is 年度资金总额's amount in one column: as given, or summed from
// the sources; a given total must equal the sum of the sources given.
func (m *monitorer) sumColumn(col monitorColumn) Number {
	fu := m.f.Funds
	sum, parts, at, any := decimal.Zero, []string{}, fu.Total.Pos, false
	for i, r := range fu.Sources() {
		if n := col.get(r); n.Set {
			if !any {
				at = n.Pos
			}
			sum, any = sum.Add(n.Val), true
			parts = append(parts, sourceNames[i]+" "+FormatAmount(n.Val, 2))
		}
	}
	total := col.get(fu.Total)
	switch {
	case total.Set:
		if any && !sum.Equal(total.Val) {
			m.diags.errorf(total.Pos, CodeTotalMismatch, "年度资金总额的%s %s 不等于其中各项之和 %s（%s）；请核对",
				col.name, FormatAmount(total.Val, 2), FormatAmount(sum, 2), strings.Join(parts, " + "))
		}
		return total
	case any:
		return Number{Val: sum, Set: true, Pos: at}
	}
	return total
}

// indicator checks one indicator's monitoring columns and counts its
// likelihood; it reports whether the indicator is at risk.
func (m *monitorer) indicator(i int) bool {
	ind, path, span := &m.f.Indicators[i], "indicators."+strconv.Itoa(i)+".", m.mc.MonthSpan()
	name := fmt.Sprintf("第 %d 个指标", i+1)
	if ind.Name.Val != "" {
		name = "指标“" + ind.Name.Val + "”"
	}
	m.need(path+"progress", ind.Progress, "%s缺少%s执行情况：写 progress = \"…\"（目前的完成值，如 \"=96%%\"）", name, span)
	if !ind.Likelihood.Set && !m.f.wasReported(path+"likelihood") {
		m.diags.errorf(ind.Likelihood.Pos, CodeMissing, "%s缺少完成目标可能性：写 likelihood = \"确定能\"（或 \"有可能\"、\"完全不可能\"）", name)
	}
	for k, l := range LikelihoodNames {
		if string(ind.Likelihood.Val) == l {
			m.mc.Count[k]++
		}
	}
	risk := ind.Likelihood.Val.AtRisk()
	if risk {
		l := ind.Likelihood.Val
		m.need(path+"forecast", ind.Forecast, "%s完成目标可能性为“%s”，请写全年预计完成情况：forecast = \"…\"", name, l)
		if len(ind.Causes.List) == 0 && !m.f.wasReported(path+"causes") {
			m.diags.errorf(ind.Causes.Pos, CodeMissing, "%s完成目标可能性为“%s”，请写偏差原因：causes = [\"经费保障\"]（可选：%s）",
				name, l, strings.Join(CauseNames, "、"))
		}
	}
	if len(ind.Causes.List) > 0 {
		m.need(path+"cause_note", ind.CauseNote, "%s写了偏差原因（%s），请写原因说明：cause_note = \"…\"", name, strings.Join(ind.Causes.Names(), "、"))
	}
	m.progressTooFar(ind, name, span)
	return risk
}

// progressTooFar warns when the progress so far already beats the target
// many times over: the target was set too low.
func (m *monitorer) progressTooFar(ind *Indicator, name, span string) {
	tq, tok := ParseQuantity(ind.Target.Val)
	pq, pok := ParseQuantity(ind.Progress.Val)
	if !tok || !pok || !sameUnit(tq, pq) || !met(tq, pq) {
		return
	}
	if r, ok := overachieved(tq, pq); ok && r.GreaterThanOrEqual(m.f.Policy.TooLowRatio.Val) {
		m.diags.warnf(ind.Progress.Pos, CodeTargetTooLow, "%s%s执行情况 %s 已是目标值 %s 的 %s 倍，目标可能定得过低",
			name, span, ind.Progress.Val, ind.Target.Val, r.String())
	}
}

// texts asks for the 年度总体目标's progress, and for the problems and
// measures when any indicator is at risk.
func (m *monitorer) texts(risk bool) {
	md, span := m.f.Monitor, m.mc.MonthSpan()
	if strings.TrimSpace(md.Progress.Val) == "" && !m.f.wasReported("monitor.progress") {
		m.diags.warnf(md.Progress.Pos, CodeEmpty, "年度总体目标的%s执行情况为空：在 [monitor] 中写 progress = \"…\"", span)
	}
	if !risk {
		return
	}
	m.need("monitor.problems", md.Problems, "有指标可能完不成目标，请在 [monitor] 中写偏差原因分析及存在的问题：problems = \"…\"")
	m.need("monitor.measures", md.Measures, "有指标可能完不成目标，请在 [monitor] 中写纠偏措施及相关建议：measures = \"…\"")
}

// need reports an absent or empty text the monitoring form requires.
func (m *monitorer) need(path string, f Field[string], format string, args ...any) {
	if strings.TrimSpace(f.Val) == "" && !m.f.wasReported(path) {
		m.diags.errorf(f.Pos, CodeMissing, format, args...)
	}
}

// Evaluate scores a loaded form for the form its template lays out, with
// loaded the diagnostics Load gave: the 自评表 (Score), or, when monitoring,
// the 绩效运行监控表 (Monitor, which asks for no actuals or scores, so Load's
// diagnostics about them are dropped). It returns the scorecard and every
// diagnostic, unsorted.
func Evaluate(f *Form, loaded Diagnostics, monitoring bool) (*Scorecard, Diagnostics) {
	if monitoring {
		card, more := Monitor(f)
		return card, append(loaded.ForMonitoring(), more...)
	}
	card, more := Score(f)
	return card, append(loaded, more...)
}
