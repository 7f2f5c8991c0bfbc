package render

import (
	"fmt"
	"strings"

	"jixiao"
)

// ref is the A1 reference of a cell.
func ref(a At) string { return A1(a.Row, a.Col) }

// formulas makes the cells a department's edits must update live in the
// workbook: 执行率 and its 得分 from the amounts (with the form's rounding), a
// 年度资金总额 summed from its sources, 总分 and the 分值 total. Reported
// values stay values. Each formula's cached value is what jixiao computed.
func (r *resolver) formulas() {
	f, s := r.f, r.s
	get := func(name string) (At, bool) { a, ok := s.Fields[name]; return a, ok }
	for ci, col := range jixiao.FundColumnKeys {
		if !f.Funds.Total.Columns()[ci].Set && r.card.Funds.Derived[ci] {
			r.sumSources(col)
		}
	}
	budget, okB := get("funds.total.budget")
	executed, okE := get("funds.total.executed")
	rate, okR := get("funds.rate")
	if okB && okE && okR && !f.Funds.Rate.Set && r.cell(rate).Kind == Number {
		q := fmt.Sprintf("ROUND(%s/%s*100,8)", ref(executed), ref(budget))
		r.setFormula(rate, fmt.Sprintf(`IF(N(%s)=0,"",%s(%s,2))`, ref(budget), roundFunc(f.Policy.RateRounding.Val), q))
	}
	weight, okW := get("funds.weight")
	score, okS := get("funds.score")
	if okW && okR && okS && !f.Funds.Score.Set && r.cell(score).Kind == Number {
		r.setFormula(score, fmt.Sprintf(`IF(%s="","",ROUND(%s*MIN(%s,100)/100,2))`, ref(rate), ref(weight), ref(rate)))
	}
	r.sumFormula("total", "funds.score", "score")
	r.sumFormula("weight_total", "funds.weight", "weight")
	r.monitorFormulas()
}

// sumSources makes the 年度资金总额 cell of a funds column the sum of its
// sources' cells, where the template shows them.
func (r *resolver) sumSources(col string) {
	total, ok := r.s.Fields["funds.total."+col]
	if !ok {
		return
	}
	var parts []string
	for _, row := range jixiao.FundRowKeys[1:] {
		if a, ok := r.s.Fields["funds."+row+"."+col]; ok {
			parts = append(parts, ref(a))
		}
	}
	if len(parts) > 0 {
		r.setFormula(total, "SUM("+strings.Join(parts, ",")+")")
	}
}

// roundFunc is the Excel function rounding a rate as the policy does.
func roundFunc(mode jixiao.Rounding) string {
	return map[jixiao.Rounding]string{jixiao.RoundCeil: "ROUNDUP", jixiao.RoundTrunc: "ROUNDDOWN", jixiao.RoundHalfUp: "ROUND"}[mode]
}

func (r *resolver) cell(a At) *Cell { return &r.s.Rows[a.Row].Cells[a.Col] }

func (r *resolver) setFormula(a At, formula string) {
	c := r.cell(a)
	c.Formula = formula
	c.Editable = false
}

// sumFormula makes the total cell name the sum of the funds cell and of the
// indicator block's column holding field.
func (r *resolver) sumFormula(name, funds, field string) {
	s := r.s
	at, ok := s.Fields[name]
	if !ok || r.cell(at).Kind != Number {
		return
	}
	var parts []string
	if a, ok := s.Fields[funds]; ok {
		parts = append(parts, ref(a))
	}
	col := -1
	for _, c := range r.t.block.row {
		if c.field == field {
			col = c.c0
		}
	}
	if col >= 0 && s.Block.Last >= s.Block.First {
		parts = append(parts, ref(At{s.Block.First, col})+":"+ref(At{s.Block.Last, col}))
	}
	if len(parts) == 0 {
		return
	}
	formula := "SUM(" + strings.Join(parts, ",") + ")"
	if name == "total" {
		if na := r.card.Excluded; na.IsPositive() {
			formula = fmt.Sprintf("ROUND(%s*100/(100-%s),2)", formula, na)
		}
	}
	r.setFormula(at, formula)
}
