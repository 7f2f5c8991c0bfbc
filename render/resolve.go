package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/fonts"
	"jixiao/internal/tomldec"
	"jixiao/templates"
)

// Options adjust how a form is resolved.
type Options struct {
	// KeepEmptyGroups overrides the template's keep_empty_groups when set.
	KeepEmptyGroups *bool
	// Advance is the width model for line breaking; nil uses the embedded
	// font's metrics, which the PDF writer draws with.
	Advance Advance
}

// advanceOr is adv, or the embedded font's width model when adv is nil.
func advanceOr(adv Advance) (Advance, error) {
	if adv != nil {
		return adv, nil
	}
	m, err := fonts.RegularMetrics()
	if err != nil {
		return nil, fmt.Errorf("内嵌字体无法读取：%w", err)
	}
	return m.Advance, nil
}

// Resolve lays a scored form out on the template's grid. It keeps no state:
// call it concurrently for many forms.
func Resolve(t *Template, card *jixiao.Scorecard, opt Options) (*Sheet, error) {
	adv, err := advanceOr(opt.Advance)
	if err != nil {
		return nil, err
	}
	f := card.Form
	keep := t.block.keepEmpty
	if opt.KeepEmptyGroups != nil {
		keep = *opt.KeepEmptyGroups
	}
	r := &resolver{t: t, card: card, f: f, adv: adv, keepEmpty: keep, mon: card.Monitor}
	if r.mon == nil { // a monitoring template given a scored form: its columns stay empty
		r.mon = &jixiao.MonitorCard{}
	}
	r.s = &Sheet{
		Name:     f.Project.Name.Val,
		Title:    expand(t.vars["title"], r.lookup),
		Page:     t.page,
		Columns:  append([]float64(nil), t.columns...),
		Styles:   t.styles,
		Fields:   map[string]At{},
		Formulas: true,
		Meta: Meta{
			Template: t.Name, TemplateFile: t.File, Source: f.File,
			Project: f.Project.Name.Val, Department: f.Project.Department.Val, Implementer: f.Project.Implementer.Val,
			Year: f.Year.Val, Total: jixiao.FormatScore(card.Total), Grade: card.Grade,
		},
	}
	if card.Monitor != nil { // not scored
		r.s.Meta.Total, r.s.Meta.Grade = "", ""
	}
	r.s.Page.Footer = expand(t.page.Footer, r.lookupFooter)
	r.layout()
	r.heights()
	r.formulas()
	return r.s, nil
}

type resolver struct {
	t         *Template
	card      *jixiao.Scorecard
	f         *jixiao.Form
	adv       Advance
	keepEmpty bool
	s         *Sheet
	mon       *jixiao.MonitorCard // the monitoring form's figures; empty for a scored form
}

// lookup fills the placeholders of literal text.
func (r *resolver) lookup(name string) (string, bool) {
	if v, ok := r.t.vars[name]; ok {
		return expand(v, r.lookup), true
	}
	switch name {
	case "year":
		if r.f.Year.Set {
			return strconv.Itoa(r.f.Year.Val), true
		}
		return "", true
	case "unit":
		return string(r.f.Funds.Unit.Val), true
	case "project":
		return r.f.Project.Name.Val, true
	case "department":
		return r.f.Project.Department.Val, true
	case "implementer":
		return r.f.Project.Implementer.Val, true
	case "month", "months":
		return r.monthName(name), true
	}
	return "", false
}

// lookupFooter keeps {page} and {pages} for the writers to fill.
func (r *resolver) lookupFooter(name string) (string, bool) {
	if name == "page" || name == "pages" {
		return "{" + name + "}", true
	}
	return r.lookup(name)
}

// addRow appends an empty row and returns its index.
func (r *resolver) addRow(height float64) int {
	r.s.Rows = append(r.s.Rows, Row{Height: height, Cells: make([]Cell, len(r.s.Columns))})
	return len(r.s.Rows) - 1
}

// put places a cell over its span from row i, styling the whole rectangle
// and recording the merge.
func (r *resolver) put(i int, spec cellSpec, c Cell) {
	c.Style = spec.style
	rg := Range{R0: i, C0: spec.c0, R1: i + spec.rows - 1, C1: spec.c1}
	for row := rg.R0; row <= rg.R1; row++ {
		for col := rg.C0; col <= rg.C1; col++ {
			r.s.Rows[row].Cells[col] = Cell{Style: spec.style}
		}
	}
	r.s.Rows[i].Cells[spec.c0] = c
	if rg.R1 > rg.R0 || rg.C1 > rg.C0 {
		r.s.Merges = append(r.s.Merges, rg)
	}
	if c.Field != "" {
		r.s.Fields[c.Field] = At{Row: i, Col: spec.c0}
	}
}

// layout builds every row: the fixed rows, with the indicator block in its
// place, then fills the fixed rows' cells (their spans reach down into rows
// made in the first pass).
func (r *resolver) layout() {
	at := make([]int, len(r.t.rows))
	for i, spec := range r.t.rows {
		if spec.block {
			r.block()
			continue
		}
		at[i] = r.addRow(spec.height)
	}
	last := len(r.t.columns) - 1
	for i, spec := range r.t.rows {
		for _, c := range spec.cells {
			r.put(at[i], c, r.fixedCell(c))
			if c.rows > 1 {
				r.s.Keep = append(r.s.Keep, Range{R0: at[i], R1: at[i] + c.rows - 1, C1: last})
			}
		}
	}
	if at, ok := r.s.Fields["total"]; ok {
		r.s.Block.Total = at.Row
	}
	// What closes the form (总分; the 绩效运行监控表's problems and measures)
	// never stands alone on the last page, under a repeated indicator
	// header: it goes with the indicator above it, when they fit on a page.
	if b := r.s.Block; b.Last >= b.First && b.Last+1 < len(r.s.Rows) {
		r.s.Keep = append(r.s.Keep, Range{R0: b.Last, R1: len(r.s.Rows) - 1, C1: last})
	}
	if at, ok := r.s.Fields["funds.total.budget"]; ok {
		r.s.Block.FundsRow = at.Row
	}
}

// fixedCell is the content of a fixed row's cell: literal text or a field.
func (r *resolver) fixedCell(c cellSpec) Cell {
	if c.field == "" {
		return textCell(expand(c.text, r.lookup), c.pos)
	}
	cell := r.fixedField(c.field)
	cell.Field = c.field
	cell.Editable = c.edit == editYes || c.edit == editDefault && editableByDefault(c.field, r.f)
	return cell
}

func textCell(s string, pos jixiao.Pos) Cell {
	if s == "" {
		return Cell{Source: pos}
	}
	return Cell{Kind: Text, Text: s, Source: pos}
}

func (r *resolver) fixedField(name string) Cell {
	f, card := r.f, r.card
	switch name {
	case "project.name":
		return fieldText(f.Project.Name)
	case "project.department":
		return fieldText(f.Project.Department)
	case "project.implementer":
		return fieldText(f.Project.Implementer)
	case "goals.planned":
		return fieldText(f.Goals.Planned)
	case "goals.achieved":
		return fieldText(f.Goals.Achieved)
	case "year":
		return textCell(strconv.Itoa(f.Year.Val), f.Year.Pos)
	case "funds.weight":
		return scoreCell(jixiao.Number{Val: card.Funds.Weight, Set: true, Pos: f.Funds.Weight.Pos})
	case "funds.rate":
		return rateCell(card.Funds.PrintedRate)
	case "funds.score":
		return scoreCell(card.Funds.Score)
	case "total":
		return scoreCell(jixiao.Number{Val: card.Total, Set: true})
	case "weight_total":
		return scoreCell(jixiao.Number{Val: card.Weights, Set: true})
	}
	if c, ok := r.monitorField(name); ok {
		return c
	}
	return r.amountField(name)
}

// amountField is one amount of the 项目资金 rows: "funds.total.budget".
func (r *resolver) amountField(name string) Cell {
	rest, _ := strings.CutPrefix(name, "funds.")
	row, col, _ := strings.Cut(rest, ".")
	ri, ci := slices.Index(jixiao.FundRowKeys[:], row), slices.Index(jixiao.FundColumnKeys[:], col)
	switch {
	case ri < 0 || ci < 0:
		return Cell{}
	case ri == 0: // the total, as scored: summed from the sources where not given
		return r.amountCell(r.card.Funds.Total[ci])
	}
	return r.amountCell(r.f.Funds.Rows()[ri].Columns()[ci])
}

func (r *resolver) amountCell(n jixiao.Number) Cell {
	if !n.Set {
		return Cell{Source: n.Pos, Format: Amount}
	}
	unit := r.f.Funds.Unit.Val
	decimals := max(2, min(tomldec.Places(n.Val), unit.Places()))
	c := Cell{Kind: Number, Number: n.Val, Text: jixiao.FormatAmount(n.Val, decimals), Format: Amount, Source: n.Pos}
	if decimals > 2 {
		c.Format = AmountFine
	}
	return c
}

// fieldText is a cell of user text: shown as written, typed in as text.
func fieldText(f jixiao.Field[string]) Cell {
	c := textCell(f.Val, f.Pos)
	c.Format = Literal
	return c
}

func scoreCell(n jixiao.Number) Cell {
	if !n.Set {
		return Cell{Source: n.Pos}
	}
	return Cell{Kind: Number, Number: n.Val.Round(2), Text: jixiao.FormatScore(n.Val), Format: General, Source: n.Pos}
}

func rateCell(n jixiao.Number) Cell {
	if !n.Set {
		return Cell{Source: n.Pos, Format: Rate}
	}
	return Cell{Kind: Number, Number: n.Val, Text: jixiao.FormatRate(n.Val), Format: Rate, Source: n.Pos}
}

// editableByDefault: what a department types is unlocked; what jixiao
// computes (执行率 and 得分 without a reported value, 总分, 分值 total, a
// total summed from its sources) is locked.
func editableByDefault(field string, f *jixiao.Form) bool {
	switch field {
	case "total", "weight_total", "year":
		return false
	case "funds.rate":
		return f.Funds.Rate.Set
	case "funds.score":
		return f.Funds.Score.Set
	case "funds.total.to_date":
		return f.Funds.Total.ToDate.Set
	case "funds.total.forecast":
		return f.Funds.Total.Forecast.Set
	}
	if strings.HasSuffix(field, ".rate") { // 1–N月执行率, computed
		return false
	}
	for ci, col := range jixiao.FundColumnKeys {
		if field == "funds.total."+col {
			return f.Funds.Total.Columns()[ci].Set
		}
	}
	return true
}

// ResolveForm scores a loaded form and lays it out with the built-in
// template it names, or the default one. A form with errors is refused
// with its diagnostics.
func ResolveForm(f *jixiao.Form) (*Sheet, error) {
	card, diags := jixiao.Score(f)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	name := templates.Default
	if f.Template.Val != "" {
		name = f.Template.Val
	}
	tpl, err := Builtin(name)
	if err != nil {
		return nil, err
	}
	return Resolve(tpl, card, Options{})
}
