package render

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// summaryColumn is a column of the 汇总表: its title, width in millimetres,
// the cell of a form, and what the total row shows.
type summaryColumn struct {
	title string
	width float64
	cell  func(card *jixiao.Scorecard) Cell
	sum   sumKind
}

// sumKind is what the total row of a column shows.
type sumKind int

const (
	noSum     sumKind = iota
	sumAmount         // the amounts in 元, added up
	sumCount          // the counts, added up
)

// The 汇总表's first columns, the same for every form.
var summaryLead = []summaryColumn{{title: "序号", width: 10}, {title: "项目名称", width: 62}, {title: "主管部门", width: 40}, {title: "实施单位", width: 36}}

// scoredColumns follow them for the 自评表: budget, execution, rate, score, grade.
var scoredColumns = []summaryColumn{
	{"全年预算数（元）", 28, func(c *jixiao.Scorecard) Cell { return yuan(c.Funds.Total[1], c.Form.Funds.Unit.Val) }, sumAmount},
	{"全年执行数（元）", 28, func(c *jixiao.Scorecard) Cell { return yuan(c.Funds.Total[2], c.Form.Funds.Unit.Val) }, sumAmount},
	{"执行率(%)", 16, func(c *jixiao.Scorecard) Cell { return rateCell(c.Funds.PrintedRate) }, noSum},
	{"总分", 14, func(c *jixiao.Scorecard) Cell { return scoreCell(jixiao.Number{Val: c.Total, Set: true}) }, noSum},
	{"等级", 12, func(c *jixiao.Scorecard) Cell { return Cell{Kind: Text, Text: c.Grade} }, noSum},
}

// monitorColumns follow them for the 绩效运行监控表 (months is "1–7月"):
// budget, 1–N月执行数, its rate, the forecast, and the indicators at risk.
func monitorColumns(months string) []summaryColumn {
	return []summaryColumn{
		{"全年预算数（元）", 26, func(c *jixiao.Scorecard) Cell { return yuan(monitorBase(c), c.Form.Funds.Unit.Val) }, sumAmount},
		{months + "执行数（元）", 26, func(c *jixiao.Scorecard) Cell { return yuan(c.Monitor.Total[0], c.Form.Funds.Unit.Val) }, sumAmount},
		{months + "执行率(%)", 16, func(c *jixiao.Scorecard) Cell { return rateCell(c.Monitor.Rates[0]) }, noSum},
		{"全年预计执行数（元）", 26, func(c *jixiao.Scorecard) Cell { return yuan(c.Monitor.Total[1], c.Form.Funds.Unit.Val) }, sumAmount},
		{"“有可能”指标数", 16, func(c *jixiao.Scorecard) Cell { return count(c.Monitor.Count[1]) }, sumCount},
		{"“完全不可能”指标数", 16, func(c *jixiao.Scorecard) Cell { return count(c.Monitor.Count[2]) }, sumCount},
	}
}

// monitorBase is what 1–N月执行率 divides by: 全年预算数, else 年初预算数.
func monitorBase(c *jixiao.Scorecard) jixiao.Number {
	if c.Funds.Total[1].Set {
		return c.Funds.Total[1]
	}
	return c.Funds.Total[0]
}

func count(n int) Cell {
	return Cell{Kind: Number, Number: decimal.NewFromInt(int64(n)), Text: strconv.Itoa(n)}
}

// summaryColumns are the columns for the forms: the 自评表's, or the
// monitoring form's when they are monitoring forms (Scorecard.Monitor).
func summaryColumns(cards []*jixiao.Scorecard) ([]summaryColumn, error) {
	months, monitor := "", 0
	for _, c := range cards {
		if c.Monitor == nil {
			continue
		}
		monitor++
		switch m := c.Monitor.MonthSpan(); {
		case months == "":
			months = m
		case m != months:
			months = "1–N月"
		}
	}
	switch monitor {
	case 0:
		return append(summaryLead[:len(summaryLead):len(summaryLead)], scoredColumns...), nil
	case len(cards):
		return append(summaryLead[:len(summaryLead):len(summaryLead)], monitorColumns(months)...), nil
	}
	return nil, errors.New("一张汇总表不能同时汇总自评表和绩效运行监控表：请分开生成（同一个 --template）")
}

// Summary lays out the 汇总表 of a batch: one row per form with its figures
// (the 自评表's budget, execution, rate, score and grade; the monitoring
// form's budget, 1–N月执行数, rate, forecast and indicators at risk), the
// project name linking to the form's sheet (the forms follow the summary:
// form i is sheet i+2), and a total row.
func Summary(title string, cards []*jixiao.Scorecard, adv Advance) (*Sheet, error) {
	adv, err := advanceOr(adv)
	if err != nil {
		return nil, err
	}
	cols, err := summaryColumns(cards)
	if err != nil {
		return nil, err
	}
	base := Style{Name: "base", Font: "宋体", Size: 9, Align: Center, VAlign: Middle, Wrap: true, Border: true, Padding: 1.2 * ptPerMM, Leading: 1.35}
	head := base
	head.Name, head.Bold = "label", true
	text := base
	text.Name, text.Align = "text", Left
	amount := base
	amount.Name, amount.Align = "amount", Right
	titleStyle := base
	titleStyle.Name, titleStyle.Font, titleStyle.Size, titleStyle.Bold, titleStyle.Border, titleStyle.Wrap = "title", "黑体", 16, true, false, false
	s := &Sheet{
		Name: "汇总表", Title: title, Fields: map[string]At{},
		Styles: []Style{base, head, text, amount, titleStyle},
		Page: Page{Width: 297 * ptPerMM, Height: 210 * ptPerMM, Landscape: true,
			Top: 15 * ptPerMM, Bottom: 15 * ptPerMM, Left: 10 * ptPerMM, Right: 10 * ptPerMM,
			Footer: "第 {page} 页 共 {pages} 页", FooterSize: 9},
	}
	last := len(cols) - 1
	r := &resolver{s: s, adv: adv}
	for _, c := range cols {
		s.Columns = append(s.Columns, c.width*ptPerMM)
	}
	top := r.addRow(30)
	s.Rows[top].Cells[0] = Cell{Kind: Text, Text: title, Style: 4}
	for c := 1; c <= last; c++ {
		s.Rows[top].Cells[c].Style = 4
	}
	s.Merges = append(s.Merges, Range{R0: top, R1: top, C1: last})
	header := r.addRow(22)
	for c, col := range cols {
		s.Rows[header].Cells[c] = Cell{Kind: Text, Text: col.title, Style: 1}
	}
	s.Repeat = &Range{R0: header, R1: header, C1: last}
	for i, card := range cards {
		r.summaryRow(i, card, cols)
	}
	r.totalRow(cards, cols)
	r.heights()
	return s, nil
}

func (r *resolver) summaryRow(i int, card *jixiao.Scorecard, cols []summaryColumn) {
	f := card.Form
	row := r.addRow(18)
	cells := []Cell{
		{Kind: Number, Number: decimal.NewFromInt(int64(i + 1)), Text: strconv.Itoa(i + 1)},
		{Kind: Text, Text: f.Project.Name.Val, Source: f.Project.Name.Pos, Style: 2, Link: i + 2},
		{Kind: Text, Text: f.Project.Department.Val, Source: f.Project.Department.Pos, Style: 2},
		{Kind: Text, Text: f.Project.Implementer.Val, Source: f.Project.Implementer.Pos, Style: 2},
	}
	for _, col := range cols[len(cells):] {
		c := col.cell(card)
		if c.Format == Amount {
			c.Style = 3
		}
		cells = append(cells, c)
	}
	for c := range cells {
		if cells[c].Kind == Empty {
			cells[c].Text = ""
		}
		r.s.Rows[row].Cells[c] = cells[c]
	}
}

// yuan shows an amount in 元 whatever unit the form used, so the column adds up.
func yuan(n jixiao.Number, unit jixiao.Unit) Cell {
	if !n.Set {
		return Cell{Source: n.Pos}
	}
	v := unit.InYuan(n.Val)
	return Cell{Kind: Number, Number: v, Text: jixiao.FormatAmount(v, 2), Format: Amount, Source: n.Pos}
}

// totalRow adds up the amounts (in 元) and counts of every form, and gives
// the rate of the first two amounts.
func (r *resolver) totalRow(cards []*jixiao.Scorecard, cols []summaryColumn) {
	lead := len(summaryLead)
	sums := make([]decimal.Decimal, len(cols))
	for _, card := range cards {
		for c := lead; c < len(cols); c++ {
			if cols[c].sum != noSum {
				sums[c] = sums[c].Add(cols[c].cell(card).Number)
			}
		}
	}
	row := r.addRow(20)
	cells := r.s.Rows[row].Cells
	cells[0] = Cell{Kind: Text, Text: "合计（" + strconv.Itoa(len(cards)) + " 个项目）", Style: 1}
	for c := 1; c < lead; c++ {
		cells[c].Style = 1
	}
	r.s.Merges = append(r.s.Merges, Range{R0: row, C0: 0, R1: row, C1: lead - 1})
	for c := lead; c < len(cols); c++ {
		switch cols[c].sum {
		case sumCount:
			cells[c] = count(int(sums[c].IntPart()))
		case sumAmount:
			cells[c] = yuan(jixiao.Number{Val: sums[c], Set: true}, jixiao.Yuan)
			cells[c].Style = 3
		}
	}
	budget, executed := sums[lead], sums[lead+1]
	if budget.IsPositive() {
		rate := jixiao.RoundQuo(executed.Mul(decimal.NewFromInt(100)), budget, 2, jixiao.RoundHalfUp)
		cells[lead+2] = rateCell(jixiao.Number{Val: rate, Set: true})
	}
}

// SummaryTitle is the title of the 汇总表 of cards: the form's (自评, or
// 目标执行监控 when the forms are monitoring ones), with the year when all
// forms share one.
func SummaryTitle(cards []*jixiao.Scorecard) string {
	year, what := 0, "项目支出绩效自评汇总表"
	for _, c := range cards {
		if c.Monitor != nil {
			what = "项目支出绩效目标执行监控汇总表"
		}
	}
	for _, c := range cards {
		switch y := c.Form.Year.Val; {
		case year == 0:
			year = y
		case y != year:
			return what
		}
	}
	return strconv.Itoa(year) + " 年度" + what
}
