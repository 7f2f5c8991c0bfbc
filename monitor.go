package jixiao

import (
	"slices"
	"strconv"

	"jixiao/internal/tomldec"
)

// MonitorData is [monitor]: what the mid-year 绩效运行监控表 reports besides
// the funds and indicator rows. Every key is optional for the 自评表.
type MonitorData struct {
	Pos      Pos
	Month    Field[int]    // figures as at the end of this month (1–12): the form prints 1–N月
	Progress Field[string] // 年度总体目标 的执行情况 so far
	Problems Field[string] // 偏差或不能完成目标的原因分析 / 存在的问题
	Measures Field[string] // 纠偏措施 / 相关建议
}

// Likelihood is 完成目标可能性.
type Likelihood string

const (
	Certain    Likelihood = "确定能"
	Possible   Likelihood = "有可能"
	Impossible Likelihood = "完全不可能"
)

// LikelihoodNames are the values likelihood takes, in form order. Do not
// modify.
var LikelihoodNames = []string{string(Certain), string(Possible), string(Impossible)}

// AtRisk reports a target that may not be met: 有可能 or 完全不可能.
func (l Likelihood) AtRisk() bool { return l == Possible || l == Impossible }

// CauseNames are the 偏差原因 a monitoring form marks, in form order. Do not
// modify.
var CauseNames = []string{"经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"}

// Causes is an indicator's 偏差原因: any of CauseNames, each where written.
type Causes struct {
	Pos  Pos  // the key, or the indicator when absent
	Set  bool // the key was written (possibly as [])
	List []Field[string]
}

// Has reports whether name is among the causes.
func (c Causes) Has(name string) bool {
	return slices.ContainsFunc(c.List, func(f Field[string]) bool { return f.Val == name })
}

// Names lists the causes as written.
func (c Causes) Names() []string {
	out := make([]string, len(c.List))
	for i, f := range c.List {
		out[i] = f.Val
	}
	return out
}

// MonitorColumnKeys are the keys a funds row adds for the monitoring form:
// 1–N月执行数 and 全年预计执行数.
var MonitorColumnKeys = [2]string{"to_date", "forecast"}

func (d *decoder) monitor(m map[string]any) MonitorData {
	d.Keys("monitor", m, "month", "progress", "problems", "measures")
	md := MonitorData{
		Pos:      d.keyPos("monitor"),
		Month:    d.integer("monitor.month", m["month"]),
		Progress: d.text("monitor.progress", m["progress"]),
		Problems: d.text("monitor.problems", m["problems"]),
		Measures: d.text("monitor.measures", m["measures"]),
	}
	if md.Month.Set && (md.Month.Val < 1 || md.Month.Val > 12) {
		d.fail("monitor.month", CodeBadValue, "month = %d 不是月份：写数字截至的月份，1 到 12，如 month = 7（截至 7 月底）", md.Month.Val)
		md.Month.Set = false
	}
	return md
}

// monitorColumns reads a funds row's to_date and forecast.
func (d *decoder) monitorColumns(path string, m map[string]any, places int32, what string, r *FundRow) {
	r.ToDate = d.amount(tomldec.Join(path, "to_date"), m["to_date"], places, what)
	r.Forecast = d.amount(tomldec.Join(path, "forecast"), m["forecast"], places, what)
}

// monitorIndicator reads an indicator's monitoring columns.
func (d *decoder) monitorIndicator(path string, m map[string]any, ind *Indicator) {
	ind.Progress = d.text(tomldec.Join(path, "progress"), m["progress"])
	ind.Forecast = d.text(tomldec.Join(path, "forecast"), m["forecast"])
	if c := d.choice(tomldec.Join(path, "likelihood"), m["likelihood"], LikelihoodNames); c.Set {
		ind.Likelihood = Field[Likelihood]{Val: Likelihood(c.Val), Set: true, Pos: c.Pos}
	} else {
		ind.Likelihood.Pos = c.Pos
	}
	ind.Causes = d.causes(tomldec.Join(path, "causes"), m["causes"])
	ind.CauseNote = d.text(tomldec.Join(path, "cause_note"), m["cause_note"])
	ind.Note = d.text(tomldec.Join(path, "note"), m["note"])
}

// causes reads causes = ["经费保障", …]: each one of CauseNames, once.
func (d *decoder) causes(path string, v any) Causes {
	c := Causes{Pos: d.keyPos(path)}
	if v == nil {
		return c
	}
	arr, ok := v.([]any)
	if !ok {
		d.WrongType(path, v, "文本的数组", `causes = ["经费保障", "其他"]`)
		return c
	}
	c.Set = true
	for i, e := range arr {
		p := tomldec.Join(path, strconv.Itoa(i))
		s, ok := d.Choice(p, e, CauseNames)
		switch {
		case !ok:
		case c.Has(s):
			d.fail(p, CodeBadValue, "偏差原因“%s”写了两次；删去一个", s)
		default:
			c.List = append(c.List, Field[string]{Val: s, Set: true, Pos: fromDec(d.ValPos(p))})
		}
	}
	return c
}

// selfEvalOnly runs report and marks what it reports as needed only by the
// 自评表 (an actual, a weight, 实际完成情况): a mid-year file has none yet,
// and Diagnostics.ForMonitoring leaves them out.
func (d *decoder) selfEvalOnly(report func()) {
	p, w := len(d.Problems), len(d.warnings)
	report()
	for i := p; i < len(d.Problems); i++ {
		if d.onlySelf == nil {
			d.onlySelf = map[int]bool{}
		}
		d.onlySelf[i] = true
	}
	for i := w; i < len(d.warnings); i++ {
		d.warnings[i].selfEval = true
	}
}

// ForMonitoring returns the diagnostics that concern the 绩效运行监控表:
// all but those about what only the 自评表 needs (an indicator's actual or
// weight, 实际完成情况), which a mid-year file does not have yet.
func (ds Diagnostics) ForMonitoring() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if !d.selfEval {
			out = append(out, d)
		}
	}
	return out
}
