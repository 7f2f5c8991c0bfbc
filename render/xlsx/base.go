package xlsx

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// What a workbook records of the values it was rendered with, so that an
// import can tell a value still jixiao's from one a department typed, and
// merge three ways (base: these records; theirs: the workbook now; ours:
// the data file now). The records live in a very hidden worksheet (no
// menu of Excel shows it; LibreOffice 7.4 keeps it as a hidden sheet), named
// by the custom property jixiao.base: for each form sheet, identified by
// its id (its defined name jixiao.id, which follows the sheet when it is
// renamed or moved), one record per field — its path ("project.name",
// "indicators.3.actual", "indicators.3.level1"), the value as stored (a
// number as excelize writes it, a text as typed), or that the cell is a
// formula (its cached value is not recorded), or the digest of a long text
// (a workbook of 1,000 forms would otherwise hold every goal and reason
// twice; names and group labels are kept whole: rows are matched by them).
//
// The fingerprint leaves the sheet out: it says what the visible sheets
// hold, so that a workbook whose edits were imported compares equal to the
// one rendered from the data again (cmd/jixiao's guard), whose records differ.
const (
	baseProp   = "jixiao.base"
	baseName   = "jixiao.base"
	idName     = "jixiao.id"
	formulaTag = "f"
	hashTag    = "h"
	// longValue is the length above which a value is recorded by digest.
	longValue = 64
)

// recVal is one field's value as jixiao wrote it.
type recVal struct {
	v       string
	formula bool
	hashed  bool // v is the digest of the value
}

// digest is what the records hold for a long value.
func digest(v string) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(v, "\r\n", "\n")))
	return hex.EncodeToString(sum[:16])
}

// record is how v is recorded for the field path.
func record(path string, v recVal) recVal {
	if v.formula || len(v.v) <= longValue {
		return v
	}
	if _, f, ok := indicatorPath(path); ok && (f == "name" || f == "level1" || f == "level2") {
		return v
	}
	return recVal{v: digest(v.v), hashed: true}
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

// maxChunk is how much of the records one cell holds, in UTF-16 units
// (Excel's limit is 32,767).
const maxChunk = 32000

// base writes the records of every form sheet (those made from a template)
// into a new, very hidden, last worksheet: a form's records are lines
// "flag TAB path TAB value" (flag v, f or h; value escaped: \\ \n \r \t),
// in rows whose column A is the sheet's id and column B the next piece of
// its lines (a row per form, more for a form of thousands of indicators).
func (b *book) base(sheets, ready []*render.Sheet) error {
	name := baseSheetName(b.names)
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	// The state is set on excelize's workbook directly: SetSheetVisible
	// reads every worksheet back in (a second for 1,000 streamed forms).
	for k := range b.f.WorkBook.Sheets.Sheet {
		if sh := &b.f.WorkBook.Sheets.Sheet[k]; sh.Name == name {
			sh.State = "veryHidden"
		}
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	row := 0
	for i, s := range sheets {
		vals := writtenValues(s)
		if s.Meta.Template == "" {
			vals = cellValues(ready[i])
		}
		for _, chunk := range chunks(recordLines(vals), maxChunk) {
			row++
			if err := sw.SetRow("A"+strconv.Itoa(row), []any{strconv.Itoa(i + 1), chunk}); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return b.f.SetCustomProps(excelize.CustomProperty{Name: baseProp, Value: name})
}

// cellValues are the values of a sheet not made from a template (the
// 汇总表) by cell, "cell.H4": a department's edit there is not imported, so
// render must see it (EditsKept).
func cellValues(s *render.Sheet) map[string]recVal {
	out := map[string]recVal{}
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if v := storedValue(c); v.formula || v.v != "" {
				out[cellPrefix+ref(i, j)] = v
			}
		}
	}
	return out
}

const cellPrefix = "cell."

// recordLines are the records of a sheet's values, a line each.
func recordLines(vals map[string]recVal) string {
	paths := make([]string, 0, len(vals))
	for p := range vals {
		paths = append(paths, p)
	}
	slices.SortFunc(paths, comparePaths)
	var b strings.Builder
	for _, p := range paths {
		v := record(p, vals[p])
		flag := "v"
		switch {
		case v.formula:
			flag = formulaTag
		case v.hashed:
			flag = hashTag
		}
		b.WriteString(flag + "\t" + p + "\t" + recordEscaper.Replace(v.v) + "\n")
	}
	return b.String()
}

var (
	recordEscaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	recordUnescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\r`, "\r", `\t`, "\t")
)

// chunks cuts s into pieces of at most n UTF-16 units, between characters.
func chunks(s string, n int) []string {
	var out []string
	start, units := 0, 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			out = append(out, s[start:i])
			start, units = i, 0
		}
		units += u
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
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
