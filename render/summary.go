package render

import (
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// summaryColumns are the 汇总表's columns: title and width in millimetres.
var summaryColumns = []struct {
	title string
	width float64
}{
	{"序号", 10}, {"项目名称", 62}, {"主管部门", 40}, {"实施单位", 36}, {"全年预算数（元）", 28},
	{"全年执行数（元）", 28}, {"执行率(%)", 16}, {"总分", 14}, {"等级", 12},
}

// Summary lays out the 汇总表 of a batch: one row per form with its budget,
// execution, rate, score and grade, the project name linking to the form's
// sheet (the forms follow the summary: form i is sheet i+2).
func Summary(title string, cards []*jixiao.Scorecard, adv Advance) (*Sheet, error) {
	adv, err := advanceOr(adv)
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
	last := len(summaryColumns) - 1
	r := &resolver{s: s, adv: adv}
	for _, c := range summaryColumns {
		s.Columns = append(s.Columns, c.width*ptPerMM)
	}
	top := r.addRow(30)
	s.Rows[top].Cells[0] = Cell{Kind: Text, Text: title, Style: 4}
	for c := 1; c <= last; c++ {
		s.Rows[top].Cells[c].Style = 4
	}
	s.Merges = append(s.Merges, Range{R0: top, R1: top, C1: last})
	header := r.addRow(22)
	for c, col := range summaryColumns {
		s.Rows[header].Cells[c] = Cell{Kind: Text, Text: col.title, Style: 1}
	}
	s.Repeat = &Range{R0: header, R1: header, C1: last}
	for i, card := range cards {
		r.summaryRow(i, card)
	}
	r.totalRow(cards)
	r.heights()
	return s, nil
}

func (r *resolver) summaryRow(i int, card *jixiao.Scorecard) {
	f := card.Form
	row := r.addRow(18)
	cells := []Cell{
		{Kind: Number, Number: decimal.NewFromInt(int64(i + 1)), Text: strconv.Itoa(i + 1)},
		{Kind: Text, Text: f.Project.Name.Val, Source: f.Project.Name.Pos, Style: 2, Link: i + 2},
		{Kind: Text, Text: f.Project.Department.Val, Source: f.Project.Department.Pos, Style: 2},
		{Kind: Text, Text: f.Project.Implementer.Val, Source: f.Project.Implementer.Pos, Style: 2},
		yuan(card.Funds.Total[1], f.Funds.Unit.Val),
		yuan(card.Funds.Total[2], f.Funds.Unit.Val),
		rateCell(card.Funds.PrintedRate),
		scoreCell(jixiao.Number{Val: card.Total, Set: true}),
		{Kind: Text, Text: card.Grade},
	}
	cells[4].Style, cells[5].Style = 3, 3
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
	v := n.Val
	if unit == jixiao.WanYuan {
		v = v.Mul(decimal.NewFromInt(10000))
	}
	return Cell{Kind: Number, Number: v, Text: jixiao.FormatAmount(v, 2), Format: Amount, Source: n.Pos}
}

// totalRow adds up the budgets and executions (in 元) of every form.
func (r *resolver) totalRow(cards []*jixiao.Scorecard) {
	budget, executed := decimal.Zero, decimal.Zero
	for _, c := range cards {
		budget = budget.Add(yuan(c.Funds.Total[1], c.Form.Funds.Unit.Val).Number)
		executed = executed.Add(yuan(c.Funds.Total[2], c.Form.Funds.Unit.Val).Number)
	}
	row := r.addRow(20)
	cells := r.s.Rows[row].Cells
	cells[0] = Cell{Kind: Text, Text: "合计（" + strconv.Itoa(len(cards)) + " 个项目）", Style: 1}
	for c := 1; c <= 3; c++ {
		cells[c].Style = 1
	}
	r.s.Merges = append(r.s.Merges, Range{R0: row, C0: 0, R1: row, C1: 3})
	cells[4] = yuan(jixiao.Number{Val: budget, Set: true}, jixiao.Yuan)
	cells[5] = yuan(jixiao.Number{Val: executed, Set: true}, jixiao.Yuan)
	cells[4].Style, cells[5].Style = 3, 3
	if budget.IsPositive() {
		rate := jixiao.RoundQuo(executed.Mul(decimal.NewFromInt(100)), budget, 2, jixiao.RoundHalfUp)
		cells[6] = rateCell(jixiao.Number{Val: rate, Set: true})
	}
}
