package jixiao

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomldec"
	"jixiao/internal/tomlpos"
)

// MaxInputSize bounds an input file; a real form is a few kilobytes. The
// TOML decoder needs about 300 bytes of memory for each byte it reads, so
// the bound is the one Parse keeps (tomldec.MaxSize, 1 MB).
const MaxInputSize = tomldec.MaxSize

// Load reads one form from TOML. name is used in positions (usually the file
// path). The form is nil only when the input could not be parsed at all;
// otherwise it holds everything that could be read, and the diagnostics list
// every problem found while reading. Scoring rules are checked by Score.
func Load(r io.Reader, name string) (*Form, Diagnostics) {
	src, diags := read(r, name)
	if diags != nil {
		return nil, diags
	}
	return Parse(src, name)
}

// LoadFile is Load for a file on disk.
func LoadFile(path string) (*Form, Diagnostics) {
	src, diags := ReadSource(path)
	if diags != nil {
		return nil, diags
	}
	return Parse(src, path)
}

// ReadSource reads an input file whole (ReadFile), for Parse and for
// showing the lines diagnostics point at; a file that cannot be read, is not
// a regular file or is larger than MaxInputSize gives one diagnostic saying
// so.
func ReadSource(path string) ([]byte, Diagnostics) {
	src, err := ReadFile(os.OpenFile, path)
	if err != nil {
		return nil, Diagnostics{readError(path, err)}
	}
	return src, nil
}

func read(r io.Reader, name string) ([]byte, Diagnostics) {
	src, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err == nil && len(src) > MaxInputSize {
		err = ErrTooLarge
	}
	if err != nil {
		return nil, Diagnostics{readError(name, err)}
	}
	return src, nil
}

// readError is the diagnostic of an input that could not be read.
func readError(name string, err error) Diagnostic {
	msg := "无法打开：" + FileReason(err)
	switch {
	case errors.Is(err, ErrNotRegular):
		msg = err.Error()
	case errors.Is(err, ErrTooLarge):
		msg = fmt.Sprintf("文件超过 %d MB，不像是一张自评表的数据", MaxInputSize>>20)
	}
	return Diagnostic{Pos: Pos{File: name}, Severity: Error, Code: CodeSyntax, Message: msg}
}

// Parse is Load for source already in memory.
func Parse(src []byte, name string) (*Form, Diagnostics) {
	f, _, diags := parse(src, name)
	return f, diags
}

// parse is Parse that also returns where each key stands.
func parse(src []byte, name string) (*Form, tomlpos.Index, Diagnostics) {
	tree, ix, p := tomldec.Parse(src, name)
	if p != nil {
		return nil, nil, Diagnostics{{Pos: fromDec(p.Pos), Severity: Error, Code: CodeSyntax, Message: p.Message}}
	}
	d := newDecoder(name, ix)
	f := d.form(tree)
	return f, ix, d.diagnostics()
}

func (d *decoder) form(tree map[string]any) *Form {
	d.Keys("", tree, "template", "year", "project", "policy", "funds", "goals", "indicators", "monitor")
	f := &Form{File: d.File}
	f.Template = d.str("template", tree["template"])
	f.Year = d.integer("year", tree["year"])
	if f.Year.Set && (f.Year.Val < 1990 || f.Year.Val > 2100) {
		d.fail("year", CodeBadValue, "year = %d 不是可用的预算年度：应在 1990 到 2100 之间，如 year = 2020", f.Year.Val)
	}
	f.Project = d.project(d.Table("project", tree["project"]))
	f.Policy = d.policy(d.Table("policy", tree["policy"]))
	f.Funds = d.funds(d.Table("funds", tree["funds"]))
	f.Goals = d.goals(d.Table("goals", tree["goals"]))
	for i, m := range d.Tables("indicators", tree["indicators"]) {
		if m != nil {
			f.Indicators = append(f.Indicators, d.indicator("indicators."+strconv.Itoa(i), m))
		}
	}
	f.Monitor = d.monitor(d.Table("monitor", tree["monitor"]))
	d.required(f)
	f.reported = d.Reported() // not d.Done: that would keep the whole decoder alive
	f.unreadWeight = d.Done("funds.weight")
	for i, ind := range f.Indicators {
		f.unreadWeight = f.unreadWeight || !ind.Weight.Set && d.Done("indicators."+strconv.Itoa(i)+".weight")
	}
	return f
}

func (d *decoder) project(m map[string]any) Project {
	d.Keys("project", m, "name", "department", "implementer")
	return Project{
		Pos:         d.keyPos("project"),
		Name:        d.text("project.name", m["name"]),
		Department:  d.text("project.department", m["department"]),
		Implementer: d.text("project.implementer", m["implementer"]),
	}
}

func (d *decoder) policy(m map[string]any) Policy {
	d.Keys("policy", m, "rate_rounding", "not_applicable", "too_low_ratio")
	p := DefaultPolicy()
	p.Pos = d.keyPos("policy")
	if c := d.choice("policy.rate_rounding", m["rate_rounding"], []string{"half_up", "ceil", "trunc"}); c.Set {
		p.RateRounding = Field[Rounding]{Val: Rounding(c.Val), Set: true, Pos: c.Pos}
	}
	if c := d.choice("policy.not_applicable", m["not_applicable"], []string{"zero", "rescale"}); c.Set {
		p.NotApplicable = Field[NAPolicy]{Val: NAPolicy(c.Val), Set: true, Pos: c.Pos}
	}
	if n := d.number("policy.too_low_ratio", m["too_low_ratio"], 2, "倍数"); n.Set {
		if n.Val.Cmp(decimal1) <= 0 {
			d.fail("policy.too_low_ratio", CodeBadValue, "too_low_ratio 应大于 1（如 1.5 表示实际值超过目标值 50%% 时提醒）")
		} else {
			p.TooLowRatio = n
		}
	}
	return p
}

func (d *decoder) goals(m map[string]any) Goals {
	d.Keys("goals", m, "planned", "achieved")
	return Goals{
		Pos:      d.keyPos("goals"),
		Planned:  d.text("goals.planned", m["planned"]),
		Achieved: d.text("goals.achieved", m["achieved"]),
	}
}

func (d *decoder) funds(m map[string]any) Funds {
	d.Keys("funds", m, "unit", "weight", "total", "appropriation", "carryover", "other", "rate", "score")
	f := Funds{Pos: d.keyPos("funds"), Unit: Field[Unit]{Val: Yuan, Pos: d.keyPos("funds")}}
	if c := d.choice("funds.unit", m["unit"], []string{string(Yuan), string(WanYuan)}); c.Set {
		f.Unit = Field[Unit]{Val: Unit(c.Val), Set: true, Pos: c.Pos}
	}
	f.Weight = d.weight("funds.weight", m["weight"])
	if !f.Weight.Set {
		f.Weight.Val = decimalOf(FundsWeight)
	}
	places := f.Unit.Val.Places()
	for i, row := range []*FundRow{&f.Total, &f.Appropriation, &f.Carryover, &f.Other} {
		key := FundRowKeys[i]
		*row = d.fundRow("funds."+key, m[key], places)
	}
	f.Rate = d.number("funds.rate", m["rate"], 2, "执行率")
	if f.Rate.Set && (f.Rate.Val.IsNegative() || f.Rate.Val.GreaterThan(maxRate)) {
		d.fail("funds.rate", CodeBadValue, "funds.rate = %s 不是一个执行率：写百分数的数值，在 0 到 %s 之间（如 rate = \"99.50\"）",
			tomldec.Abbrev(f.Rate.Val), maxRate)
		f.Rate.Set = false
	}
	f.Score = d.score("funds.score", m["score"])
	return f
}

// maxRate bounds a reported 执行率 (in percent): ten times the budget is
// already not a project's.
var maxRate = decimal.NewFromInt(1000)

func (d *decoder) fundRow(path string, v any, places int32) FundRow {
	m := d.Table(path, v)
	d.Keys(path, m, append(FundColumnKeys[:], MonitorColumnKeys[:]...)...)
	r := FundRow{Pos: d.keyPos(path)}
	what := "金额（元）"
	if places > 2 {
		what = "金额（万元，精确到分）"
	}
	r.Initial = d.amount(tomldec.Join(path, "initial"), m["initial"], places, what)
	r.Budget = d.amount(tomldec.Join(path, "budget"), m["budget"], places, what)
	r.Executed = d.amount(tomldec.Join(path, "executed"), m["executed"], places, what)
	d.monitorColumns(path, m, places, what, &r)
	return r
}

// MaxAmountYuan bounds an amount: below 10^13 元 (10 万亿元), so that with
// its 2 decimals (6 in 万元) it keeps within the 15 digits a workbook
// number holds.
var MaxAmountYuan = decimal.New(1, 13)

func (d *decoder) amount(path string, v any, places int32, what string) Number {
	n := d.number(path, v, places, what)
	limit, unit := MaxAmountYuan, "元"
	if places > 2 { // 万元
		limit, unit = MaxAmountYuan.Shift(-4), "万元"
	}
	switch {
	case n.Set && n.Val.IsNegative():
		d.fail(path, CodeNegative, "%s 是负数 %s；金额不能为负", tomldec.DisplayKey(path), n.Val.String())
		n.Set = false
	case n.Set && n.Val.GreaterThanOrEqual(limit):
		d.fail(path, CodeAmount, "%s 的值 %s 不像一个项目的金额：金额应小于 %s %s（10 万亿元）；请核对单位（funds.unit）和位数",
			tomldec.DisplayKey(path), tomldec.Abbrev(n.Val), limit.String(), unit)
		n.Set = false
	}
	return n
}

func (d *decoder) weight(path string, v any) Number {
	n := d.number(path, v, 2, "分值")
	if n.Set && (n.Val.IsNegative() || n.Val.GreaterThan(hundred)) {
		d.fail(path, CodeBadValue, "%s = %s 不在 0 到 100 之间", tomldec.DisplayKey(path), n.Val.String())
		n.Set = false
	}
	return n
}

func (d *decoder) score(path string, v any) Number {
	return d.number(path, v, 2, "得分")
}

func (d *decoder) indicator(path string, m map[string]any) Indicator {
	d.Keys(path, m, "level1", "level2", "name", "target", "actual", "weight", "score", "grade", "reason",
		"progress", "forecast", "likelihood", "causes", "cause_note", "note")
	ind := Indicator{
		Pos:    d.keyPos(path),
		Level1: d.text(tomldec.Join(path, "level1"), m["level1"]),
		Level2: d.text(tomldec.Join(path, "level2"), m["level2"]),
		Name:   d.text(tomldec.Join(path, "name"), m["name"]),
		Target: d.text(tomldec.Join(path, "target"), m["target"]),
		Actual: d.text(tomldec.Join(path, "actual"), m["actual"]),
		Weight: d.weight(tomldec.Join(path, "weight"), m["weight"]),
		Score:  d.score(tomldec.Join(path, "score"), m["score"]),
		Reason: d.text(tomldec.Join(path, "reason"), m["reason"]),
	}
	if c := d.choice(tomldec.Join(path, "grade"), m["grade"], GradeNames); c.Set {
		ind.Grade = Field[Grade]{Val: Grade(c.Val), Set: true, Pos: c.Pos}
	}
	d.monitorIndicator(path, m, &ind)
	return ind
}
