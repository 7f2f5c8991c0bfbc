package xlsx

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/tomldec"
	"jixiao/render"
)

// values turns the scanned cells into a form. With a base (the file the
// workbook was made from) what a workbook cannot carry comes from the base.
func (sr *sheetReader) values(tmpl string, base *jixiao.Form, prefer Prefer) *jixiao.Form {
	f := &jixiao.Form{File: sr.file, Policy: jixiao.DefaultPolicy()}
	f.Funds.Unit = jixiao.Field[jixiao.Unit]{Val: jixiao.Yuan}
	f.Funds.Weight = jixiao.Number{Val: decimal.NewFromInt(jixiao.FundsWeight)}
	sr.header(f, tmpl, base)
	for _, name := range sr.fieldOrder() {
		sr.fixed(f, name, sr.fields[name], base)
	}
	sr.checkTotals(f)
	for _, br := range sr.rows {
		f.Indicators = append(f.Indicators, sr.indicator(br))
	}
	if sr.rec != nil && base != nil && !sr.problems.HasErrors() {
		if merged := sr.merge(f, base, prefer); merged != nil {
			return merged
		}
	}
	if sr.rec != nil {
		sr.staleScores(f)
	}
	sr.settle(f, base)
	return f
}

// fieldOrder lists the fixed fields read, top to bottom, left to right.
func (sr *sheetReader) fieldOrder() []string {
	var names []string
	for n := range sr.fields {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		x, y := sr.fields[a], sr.fields[b]
		if x.r != y.r {
			return x.r - y.r
		}
		return x.c - y.c
	})
	return names
}

// header sets what the sheet shows only as labels (year, unit) or as
// formulas (rounding), and what it cannot show (template, policy).
func (sr *sheetReader) header(f *jixiao.Form, tmpl string, base *jixiao.Form) {
	year, yearAt := sr.captured["year"][0], sr.captured["year"][1]
	if v, ok := sr.fields["year"]; ok && strings.TrimSpace(v.raw) != "" {
		year, yearAt = strings.TrimSpace(v.raw), v.at()
	}
	unit, unitAt := sr.captured["unit"][0], sr.captured["unit"][1]
	if unit != "" && unit != string(jixiao.Yuan) && unit != string(jixiao.WanYuan) {
		sr.errorf(unitAt, CodeCellValue, "金额单位“%s”无法识别（应为 元 或 万元），金额无法按单位读入", unit)
		unit = ""
	}
	month, monthAt := sr.month()
	if base != nil {
		f.Template, f.Year, f.Policy = base.Template, base.Year, base.Policy
		f.Funds.Unit, f.Monitor.Month = base.Funds.Unit, base.Monitor.Month
		if month.Set && base.Monitor.Month.Set && month.Val != base.Monitor.Month.Val {
			sr.warnf(monthAt, CodeMismatch, "表中的月份是 1–%d月，数据文件中是 month = %d；按数据文件", month.Val, base.Monitor.Month.Val)
		}
		if year != "" && base.Year.Set && year != strconv.Itoa(base.Year.Val) {
			sr.warnf(yearAt, CodeMismatch, "表中的年度是 %s，数据文件中是 %d；按数据文件", year, base.Year.Val)
		}
		if unit != "" && unit != string(base.Funds.Unit.Val) {
			sr.errorf(unitAt, CodeMismatch, "表中金额的单位是%s，数据文件中是%s：这张表不是用这个数据文件生成的，金额无法对应", unit, base.Funds.Unit.Val)
		}
		return
	}
	// A monitoring workbook's template is not the file's: its template key
	// stays the 自评表's.
	if sr.tmpl == nil || sr.tmpl.Form() != render.Monitoring {
		f.Template = jixiao.Field[string]{Val: tmpl, Set: tmpl != ""}
	}
	f.Monitor.Month = month
	switch y, err := strconv.Atoi(year); {
	case year == "":
		sr.warnf(yearAt, CodeCellValue, "表中读不出预算年度；请在导入结果中补写 year = ，或用 --into 指定原数据文件")
	case err != nil:
		sr.errorf(yearAt, CodeCellValue, "年度“%s”无法读作年份", year)
	default:
		f.Year = jixiao.Field[int]{Val: y, Set: true}
	}
	if unit != "" {
		f.Funds.Unit = jixiao.Field[jixiao.Unit]{Val: jixiao.Unit(unit), Set: true}
	}
	// The workbook's formulas carry two choices of the policy.
	v, ok := sr.fields["funds.rate"]
	if !ok { // the monitoring form's 1–N月执行率
		v, ok = sr.fields["funds.total.rate"]
	}
	if ok && v.formula != "" {
		up := strings.ToUpper(v.formula)
		switch {
		case strings.Contains(up, "ROUNDUP("):
			f.Policy.RateRounding = jixiao.Field[jixiao.Rounding]{Val: jixiao.RoundCeil, Set: true}
		case strings.Contains(up, "ROUNDDOWN("):
			f.Policy.RateRounding = jixiao.Field[jixiao.Rounding]{Val: jixiao.RoundTrunc, Set: true}
		}
	}
	if v, ok := sr.fields["total"]; ok && strings.Contains(strings.ReplaceAll(v.formula, " ", ""), "*100/(100-") {
		f.Policy.NotApplicable = jixiao.Field[jixiao.NAPolicy]{Val: jixiao.NARescale, Set: true}
	}
}

// fixed reads one field of the rows around the block.
func (sr *sheetReader) fixed(f *jixiao.Form, name string, v cellVal, base *jixiao.Form) {
	var b jixiao.Form
	if base != nil {
		b = *base
	}
	switch name {
	case "project.name":
		f.Project.Name = sr.textField(v, b.Project.Name)
	case "project.department":
		f.Project.Department = sr.textField(v, b.Project.Department)
	case "project.implementer":
		f.Project.Implementer = sr.textField(v, b.Project.Implementer)
	case "goals.planned":
		f.Goals.Planned = sr.textField(v, b.Goals.Planned)
	case "goals.achieved":
		f.Goals.Achieved = sr.textField(v, b.Goals.Achieved)
	case "year":
		// read by header
	case "funds.weight":
		if n, ok := sr.number(v, 2, "分值"); ok && n.Set {
			f.Funds.Weight = n
		}
	case "funds.rate":
		if v.formula == "" {
			f.Funds.Rate, _ = sr.number(v, 2, "执行率")
		}
	case "funds.score":
		if v.formula == "" {
			f.Funds.Score, _ = sr.number(v, 2, "得分")
		}
	case "total", "weight_total":
		if v.formula == "" && !v.empty() {
			sr.warnf(v.at(), CodeComputed, "%s由 jixiao 计算，这里填写的“%s”没有读入", map[string]string{"total": "总分", "weight_total": "分值合计"}[name], clip(v.raw))
		}
	default:
		if !sr.amount(f, name, v) && !sr.monitorFixed(f, name, v, &b) {
			sr.warnf(v.at(), CodeUnread, "模板的栏目 %s jixiao 不会读入，其中的“%s”没有读入", name, clip(v.raw))
		}
	}
}

// amount reads one amount of 项目资金 ("funds.total.budget"); false when
// the name is not one.
func (sr *sheetReader) amount(f *jixiao.Form, name string, v cellVal) bool {
	rows := []*jixiao.FundRow{&f.Funds.Total, &f.Funds.Appropriation, &f.Funds.Carryover, &f.Funds.Other}
	for i, key := range jixiao.FundRowKeys {
		for c, col := range jixiao.FundColumnKeys {
			if name != "funds."+key+"."+col {
				continue
			}
			if v.formula != "" && key == "total" {
				return true // summed from the sources by jixiao; checked by checkTotals
			}
			if v.formula != "" {
				sr.warnf(v.at(), CodeFormula, "金额是公式（=%s），读入它显示的结果 %s；请核对", v.formula, v.raw)
			}
			n, _ := sr.number(v, f.Funds.Unit.Val.Places(), "金额")
			*[]*jixiao.Number{&rows[i].Initial, &rows[i].Budget, &rows[i].Executed}[c] = n
			return true
		}
	}
	return false
}

// checkTotals compares a 年度资金总额 formula's shown result with the sum
// of the sources read: a formula a department changed is not trusted.
func (sr *sheetReader) checkTotals(f *jixiao.Form) {
	cols := append(jixiao.FundColumnKeys[:], jixiao.MonitorColumnKeys[:]...)
	for c, col := range cols {
		v, ok := sr.fields["funds.total."+col]
		if !ok || v.formula == "" || strings.TrimSpace(v.raw) == "" {
			continue
		}
		shown, err := decimal.NewFromString(strings.TrimSpace(v.raw))
		if err != nil {
			continue
		}
		sum, any := decimal.Zero, false
		for _, r := range f.Funds.Sources() {
			amounts := r.Columns()
			if n := append(amounts[:], r.ToDate, r.Forecast)[c]; n.Set {
				sum, any = sum.Add(n.Val), true
			}
		}
		if any && !excel15(shown).Equal(sum) {
			sr.warnf(v.at(), CodeFormula, "年度资金总额的公式（=%s）显示 %s，不等于其中各项之和 %s；jixiao 按各项之和计", v.formula, v.raw, jixiao.FormatAmount(sum, 2))
		}
	}
}

// indicator reads one row of the block.
func (sr *sheetReader) indicator(br blockRow) jixiao.Indicator {
	ind := jixiao.Indicator{
		Level1: jixiao.Field[string]{Val: br.level[0], Set: br.level[0] != ""},
		Level2: jixiao.Field[string]{Val: br.level[1], Set: br.level[1] != ""},
	}
	names := slices.Collect(func(yield func(string) bool) {
		for n := range br.vals {
			if !yield(n) {
				return
			}
		}
	})
	slices.SortFunc(names, func(a, b string) int { return br.vals[a].c - br.vals[b].c })
	for _, name := range names {
		v := br.vals[name]
		switch name {
		case "name":
			ind.Name = sr.textField(v, jixiao.Field[string]{})
		case "target":
			ind.Target = sr.textField(v, jixiao.Field[string]{})
		case "actual":
			ind.Actual = sr.textField(v, jixiao.Field[string]{})
		case "reason":
			ind.Reason = sr.textField(v, jixiao.Field[string]{})
		case "weight":
			ind.Weight, _ = sr.number(v, 2, "分值")
		case "score":
			ind.Score = sr.score(v)
		case "grade":
			g := sr.textField(v, jixiao.Field[string]{})
			if g.Val != "" && !slices.Contains(jixiao.Grades, jixiao.Grade(g.Val)) {
				sr.errorf(v.at(), CodeCellValue, "等级“%s”只能是 达成、部分达成、未达成 或 不适用", g.Val)
			} else if g.Val != "" {
				ind.Grade = jixiao.Field[jixiao.Grade]{Val: jixiao.Grade(g.Val), Set: true}
			}
		default:
			if !sr.monitorCell(&ind, name, v) && !v.empty() {
				sr.warnf(v.at(), CodeUnread, "模板的栏目 %s jixiao 不会读入，其中的“%s”没有读入", name, clip(v.raw))
			}
		}
	}
	sr.choices(&ind, br)
	return ind
}

// score reads a reported 得分: a formula is not a reported score, nor is
// the mark of an indicator dropped as not applicable.
func (sr *sheetReader) score(v cellVal) jixiao.Number {
	if v.formula != "" {
		sr.warnf(v.at(), CodeFormula, "得分是公式（=%s）：jixiao 按规则计分，不采用公式的结果 %s；如是填报的得分，请直接填数字", v.formula, v.raw)
		return jixiao.Number{}
	}
	if sr.lay.na != "" && strings.TrimSpace(v.raw) == sr.lay.na {
		return jixiao.Number{}
	}
	n, _ := sr.number(v, 2, "得分")
	return n
}

// textField reads a text as typed. A cell left empty is a value left out,
// unless the base gave it as "".
func (sr *sheetReader) textField(v cellVal, base jixiao.Field[string]) jixiao.Field[string] {
	s := v.raw
	if v.formula != "" {
		sr.warnf(v.at(), CodeFormula, "是公式（=%s），读入它显示的结果“%s”", v.formula, clip(v.raw))
	} else if (v.numeric() || v.typ == excelize.CellTypeBool || v.typ == excelize.CellTypeDate) && s != "" {
		s = sr.shown(v) // a number typed into a text cell: as it shows (93.03%, TRUE)
	}
	clean := strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && r != '\r' && (unicode.IsControl(r) || r == '\uFFFD') {
			return -1
		}
		return r
	}, s)
	if clean != s {
		sr.warnf(v.at(), CodeCellValue, "含不可打印的字符，已删除")
	}
	t := jixiao.PlainText(clean)
	return jixiao.Field[string]{Val: t, Set: t != "" || base.Set && base.Val == ""}
}

// notNumber names the cell types a number field cannot hold: excelize
// reads TRUE as 1 and a date as its serial number.
var notNumber = map[excelize.CellType]string{
	excelize.CellTypeBool:  "逻辑值（TRUE/FALSE）",
	excelize.CellTypeError: "错误值",
	excelize.CellTypeDate:  "日期",
}

// excelNumber is a number as a workbook stores it: 7549020, 0.995, 1.2E+7.
var excelNumber = regexp.MustCompile(`^[+-]?[0-9]{1,30}(\.[0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$`)

// number reads a number exactly: from a numeric cell as stored (to
// Excel's 15 significant digits), from a text cell as written
// ("7,549,020.00"). ok is false when the cell holds something else.
func (sr *sheetReader) number(v cellVal, places int32, what string) (jixiao.Number, bool) {
	s := strings.TrimSpace(v.raw)
	if s == "" {
		return jixiao.Number{}, true
	}
	if kind := notNumber[v.typ]; kind != "" && v.formula == "" {
		sr.errorf(v.at(), CodeCellValue, "%s“%s”是%s，不是数字；请填写数字", what, clip(sr.shown(v)), kind)
		return jixiao.Number{}, false
	}
	var d decimal.Decimal
	var err error
	switch {
	case v.numeric() && what == "执行率" && strings.HasSuffix(sr.shown(v), "%"):
		// 99.5% typed into the 执行率 cell: Excel stores 0.995 and shows a percentage.
		d, err = jixiao.ParseNumber(strings.TrimSuffix(strings.TrimSpace(sr.shown(v)), "%"))
	case v.numeric() && excelNumber.MatchString(s):
		d, err = decimal.NewFromString(s)
		d = excel15(d)
	case len(s) > 40:
		sr.errorf(v.at(), CodeCellValue, "%s“%s”不是数字", what, clip(s))
		return jixiao.Number{}, false
	default:
		if what == "执行率" {
			s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		}
		d, err = jixiao.ParseNumber(s)
	}
	if err != nil {
		sr.errorf(v.at(), CodeCellValue, "%s“%s”无法读作数字：%v", what, clip(s), err)
		return jixiao.Number{}, false
	}
	if p := tomldec.Places(d); p > places {
		sr.errorf(v.at(), CodeCellValue, "%s %s 有 %d 位小数，最多 %d 位；请改为准确的数", what, d.String(), p, places)
		return jixiao.Number{}, false
	}
	return jixiao.Number{Val: d, Set: true}, true
}

// excel15 keeps the 15 significant digits Excel holds: a workbook may store
// 12117045.94 as 12117045.939999999, the double nearest to it.
func excel15(d decimal.Decimal) decimal.Decimal {
	digits := int32(len(strings.TrimPrefix(d.Coefficient().String(), "-")))
	if digits <= 15 {
		return d
	}
	return d.Round(-d.Exponent() - (digits - 15))
}

// settle decides what the sheet's values mean as input. A printed 得分
// equal to what the rule gives without it is not a reported score, and a
// 分值 of 10 for 执行率 is the default — unless the base gave them. With a
// base, empty texts it gave as "" and 等级 (which the form does not print)
// come from its matching indicator.
func (sr *sheetReader) settle(f, base *jixiao.Form) {
	var match []int
	if base != nil {
		match = jixiao.MatchIndicators(base.Indicators, f.Indicators)
	}
	hasGrade := sr.lay.row.column("grade") >= 0
	reported := make([]bool, len(f.Indicators))
	for j := range f.Indicators {
		ind := &f.Indicators[j]
		if match == nil || match[j] < 0 {
			continue
		}
		b := base.Indicators[match[j]]
		for _, p := range [][2]*jixiao.Field[string]{{&ind.Level1, &b.Level1}, {&ind.Level2, &b.Level2}, {&ind.Name, &b.Name},
			{&ind.Target, &b.Target}, {&ind.Actual, &b.Actual}, {&ind.Reason, &b.Reason}} {
			if !p[0].Set && p[1].Set && p[1].Val == "" {
				p[0].Set = true
			}
		}
		if !hasGrade {
			ind.Grade = b.Grade
		}
		reported[j] = b.Score.Set
	}
	rules := *f
	rules.Indicators = slices.Clone(f.Indicators)
	for j := range rules.Indicators {
		rules.Indicators[j].Score = jixiao.Number{}
	}
	card, _ := jixiao.Score(&rules)
	for j := range f.Indicators {
		s, rule := f.Indicators[j].Score, card.Indicators[j].Rule
		if s.Set && rule.Set && s.Val.Equal(rule.Val) && !reported[j] {
			f.Indicators[j].Score = jixiao.Number{}
		}
		if card.Indicators[j].Excluded && !s.Set && match != nil && match[j] >= 0 {
			// dropped as not applicable, it prints no score: the base's stands
			f.Indicators[j].Score = base.Indicators[match[j]].Score
		}
	}
	if match != nil && sr.tmpl != nil {
		likeBase(sr.tmpl, f, match)
	}
	w := f.Funds.Weight
	if w.Set && w.Val.Equal(decimal.NewFromInt(jixiao.FundsWeight)) && !(base != nil && base.Funds.Weight.Set) {
		f.Funds.Weight.Set = false
	}
}
