package xlsx

import (
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// What a workbook records of the values it was rendered with, so that an
// import can tell a value still jixiao's from one a department typed, and
// merge three ways (base: these records; theirs: the workbook now; ours:
// the data file now). The records live in a very hidden worksheet (Excel
// and LibreOffice keep it, no menu shows it), named by the custom property
// jixiao.base; each row is one field of one form sheet:
//
//	A: the sheet's id (its defined name jixiao.id, which follows the sheet
//	   when it is renamed or moved), B: the field's path ("project.name",
//	   "indicators.3.actual", "indicators.3.level1"), C: the value as stored
//	   (a number as excelize writes it, a text as typed), D: "f" when the
//	   cell is a formula (its cached value is not recorded).
//
// The fingerprint leaves the sheet out: it says what the visible sheets
// hold, so that a workbook whose edits were imported compares equal to the
// one rendered from the data again (cmd/jixiao's guard), whose records differ.
const (
	baseProp   = "jixiao.base"
	baseName   = "jixiao.base"
	idName     = "jixiao.id"
	formulaTag = "f"
)

// recVal is one field's value as jixiao wrote it.
type recVal struct {
	v       string
	formula bool
}

// writtenValues lists the value stored in every field of a resolved sheet,
// and the 一级/二级 label each indicator's row shows (the text of the
// merged label over it, as the template decorates it).
func writtenValues(s *render.Sheet) map[string]recVal {
	out := make(map[string]recVal, len(s.Fields))
	for name, at := range s.Fields {
		if at.Row < 0 || at.Row >= len(s.Rows) || at.Col < 0 || at.Col >= len(s.Rows[at.Row].Cells) {
			continue
		}
		out[name] = storedValue(s.Rows[at.Row].Cells[at.Col])
	}
	var levels []render.Range
	for _, l := range s.Labels {
		if l.R0 != s.Block.Header {
			levels = append(levels, l)
		}
	}
	slices.SortFunc(levels, func(a, b render.Range) int { return a.C0 - b.C0 })
	for k, i := range s.Block.Indexes {
		if i < 0 {
			continue
		}
		r, n := s.Block.First+k, 0
		for _, l := range levels {
			if l.R0 <= r && r <= l.R1 && n < 2 {
				n++
				out["indicators."+strconv.Itoa(i)+".level"+strconv.Itoa(n)] = recVal{v: validText(s.Rows[l.R0].Cells[l.C0].Text)}
			}
		}
	}
	return out
}

// storedValue is a cell's value as the workbook stores it (see book.cell).
func storedValue(c render.Cell) recVal {
	if c.Formula != "" {
		return recVal{formula: true}
	}
	switch c.Kind {
	case render.Text:
		return recVal{v: validText(c.Text)}
	case render.Number:
		return recVal{v: c.Number.String()}
	}
	return recVal{}
}

// baseSheetName is a name for the records' sheet no form sheet has.
func baseSheetName(names []string) string {
	name := baseName
	for n := 2; slices.ContainsFunc(names, func(s string) bool { return fold(s) == fold(name) }); n++ {
		name = baseName + strconv.Itoa(n)
	}
	return name
}

// base writes the records of every form sheet (those made from a template)
// into a new, very hidden, last worksheet.
func (b *book) base(sheets []*render.Sheet) error {
	name := baseSheetName(b.names)
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	row := 0
	for i, s := range sheets {
		if s.Meta.Template == "" {
			continue
		}
		vals := writtenValues(s)
		paths := make([]string, 0, len(vals))
		for p := range vals {
			paths = append(paths, p)
		}
		slices.SortFunc(paths, comparePaths)
		id := strconv.Itoa(i + 1)
		for _, p := range paths {
			row++
			if err := b.baseRow(sw, row, id, p, vals[p]); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := b.f.SetSheetVisible(name, false, true); err != nil {
		return err
	}
	return b.f.SetCustomProps(excelize.CustomProperty{Name: baseProp, Value: name})
}

// baseRow writes one record, all four cells as text.
func (b *book) baseRow(sw *excelize.StreamWriter, row int, id, path string, v recVal) error {
	flag := ""
	if v.formula {
		flag = formulaTag
	}
	cells := []string{id, path, v.v, flag}
	vals := make([]any, len(cells))
	rn := strconv.AppendInt(nil, int64(row), 10)
	for j, c := range cells {
		vals[j] = c
	}
	return sw.SetRow("A"+string(rn), vals)
}

// comparePaths orders field paths with the indicators by their number.
func comparePaths(a, b string) int {
	ia, ra, oka := indicatorPath(a)
	ib, rb, okb := indicatorPath(b)
	switch {
	case oka && okb && ia != ib:
		return ia - ib
	case oka && okb:
		return strings.Compare(ra, rb)
	case oka:
		return 1
	case okb:
		return -1
	}
	return strings.Compare(a, b)
}

// indicatorPath splits "indicators.3.actual" into 3 and "actual".
func indicatorPath(p string) (int, string, bool) {
	rest, ok := strings.CutPrefix(p, "indicators.")
	if !ok {
		return 0, "", false
	}
	num, field, ok := strings.Cut(rest, ".")
	i, err := strconv.Atoi(num)
	return i, field, ok && err == nil && i >= 0
}

// baseSheet is the name of the records' sheet the workbook names, "" when
// it has none (a workbook written before jixiao kept records).
func baseSheet(f *excelize.File) string {
	props, err := f.GetCustomProps()
	if err != nil {
		return ""
	}
	for _, p := range props {
		if s, ok := p.Value.(string); ok && p.Name == baseProp && slices.Contains(f.GetSheetList(), s) {
			return s
		}
	}
	return ""
}
