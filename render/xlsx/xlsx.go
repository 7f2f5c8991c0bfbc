// Package xlsx writes resolved sheets as an Excel workbook: one worksheet
// per sheet, drawn exactly as the Sheet says (cells, merges, styles, column
// widths, row heights). It computes no structure of its own, so the workbook
// and the PDF cannot disagree.
//
// Formulas carry the values jixiao computed as numeric cached values (see
// fix.go): Excel recalculates on open, LibreOffice 7.4 prints the cached
// values as they are. Column widths assume the workbook's default font,
// Calibri 11 (see colWidth); LibreOffice without Calibri or Carlito measures
// a wider substitute and prints the sheet smaller (75% with DejaVu Sans).
//
// What a later importer can read back (see also metadata in page.go):
//   - each worksheet has sheet-scoped defined names "jixiao.template" and
//     "jixiao.source" holding string constants (="sh-project-self-evaluation");
//     they follow the sheet when it is renamed or moved;
//   - the workbook has custom properties "jixiao.template" and
//     "jixiao.source": the values of all sheets, one line per sheet, in the
//     order the sheets were written.
package xlsx

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// Options adjust the workbook.
type Options struct {
	// NoProtect leaves the sheets unprotected (by default structure and
	// formulas are locked, without a password).
	NoProtect bool
	// Modified is written as the document's creation and modification
	// time; the zero value means now. Set it to get byte-identical output
	// for the same input.
	Modified time.Time
}

// maxCellChars is Excel's limit on a cell's text, in UTF-16 units. excelize
// silently truncates longer text; we refuse instead.
const maxCellChars = 32767

// Write writes one workbook with a worksheet per sheet, in order.
func Write(w io.Writer, sheets []*render.Sheet, opt Options) error {
	if len(sheets) == 0 {
		return errors.New("xlsx: 没有要写入的表")
	}
	f := excelize.NewFile()
	defer f.Close()
	names := sheetNames(sheets)
	wr := &writer{f: f, opt: opt, names: names, styles: map[styleKey]int{}, numericFormulas: map[string][]string{}, fp: sha256.New()}
	for i, s := range sheets {
		fmt.Fprintf(wr.fp, "sheet\t%s\n", names[i])
		var err error
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err == nil {
			err = wr.sheet(names[i], s)
		}
		if err != nil {
			return fmt.Errorf("xlsx: 表“%s”：%w", s.Name, err)
		}
	}
	if err := wr.workbook(sheets, names); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	f.SetActiveSheet(0)
	if err := setFingerprint(f, wr.fp); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	fixFormulaTypes(f, wr.numericFormulas)
	return f.Write(w)
}

// writer holds what is shared by the sheets of one workbook.
type writer struct {
	f      *excelize.File
	opt    Options
	names  []string         // the worksheets' names, in order
	styles map[styleKey]int // excelize style ID per distinct look
	// numericFormulas lists, per worksheet name, the formula cells whose
	// cached value is a number (see fix.go).
	numericFormulas map[string][]string
	// fp hashes what the workbook holds as the values are written, the way
	// fingerprint reads them back (see fingerprint.go).
	fp hash.Hash
}

// sheet draws one Sheet on the worksheet called name.
func (w *writer) sheet(name string, s *render.Sheet) error {
	if err := check(s); err != nil {
		return err
	}
	s = excelRows(s)
	f := w.f
	for j, width := range s.Columns {
		col := colName(j)
		if err := f.SetColWidth(name, col, col, colWidth(width)); err != nil {
			return err
		}
	}
	if err := w.styleCells(name, s, owners(s)); err != nil {
		return err
	}
	for i, row := range s.Rows {
		// excelRows made every row fit Excel's 409 points.
		if err := f.SetRowHeight(name, i+1, min(row.Height, maxRowHeight)); err != nil {
			return err
		}
		for j, c := range row.Cells {
			if err := w.value(name, i, j, c); err != nil {
				return err
			}
		}
	}
	for _, m := range s.Merges {
		if err := f.MergeCell(name, ref(m.R0, m.C0), ref(m.R1, m.C1)); err != nil {
			return err
		}
	}
	if err := w.validations(name, s); err != nil {
		return err
	}
	if err := w.page(name, s); err != nil {
		return err
	}
	if err := f.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: ptr(false)}); err != nil {
		return err
	}
	if w.opt.NoProtect {
		return nil
	}
	return f.ProtectSheet(name, &excelize.SheetProtectionOptions{
		FormatRows:          true, // a department may need a taller row for a longer text
		FormatColumns:       true,
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
	})
}

// check rejects a sheet the writer cannot draw faithfully: ragged rows,
// style indexes or merges out of range, overlapping merges, text in a cell
// a merge covers (Excel would drop it) or text longer than Excel allows.
func check(s *render.Sheet) error {
	if len(s.Columns) == 0 || len(s.Columns) > 16384 {
		return fmt.Errorf("列数 %d 不可用", len(s.Columns))
	}
	for i, row := range s.Rows {
		if len(row.Cells) != len(s.Columns) {
			return fmt.Errorf("第 %d 行有 %d 个单元格，应为 %d 个", i+1, len(row.Cells), len(s.Columns))
		}
		for j, c := range row.Cells {
			if c.Style < 0 || c.Style >= len(s.Styles) {
				return fmt.Errorf("%s 的样式编号 %d 不存在", ref(i, j), c.Style)
			}
			if n := utf16Len(c.Text); c.Kind == render.Text && n > maxCellChars {
				return fmt.Errorf("%s 的文字有 %d 个字符，超过 Excel 单元格上限 %d；请缩短", ref(i, j), n, maxCellChars)
			}
		}
	}
	covered := map[[2]int]bool{}
	for _, m := range s.Merges {
		if m.R0 < 0 || m.C0 < 0 || m.R1 >= len(s.Rows) || m.C1 >= len(s.Columns) || m.R1 < m.R0 || m.C1 < m.C0 {
			return fmt.Errorf("合并区域 %s:%s 超出表格", ref(m.R0, m.C0), ref(m.R1, m.C1))
		}
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				if covered[[2]int{r, c}] {
					return fmt.Errorf("合并区域 %s:%s 与另一合并区域重叠", ref(m.R0, m.C0), ref(m.R1, m.C1))
				}
				covered[[2]int{r, c}] = true
				if (r != m.R0 || c != m.C0) && (s.Rows[r].Cells[c].Kind != render.Empty || s.Rows[r].Cells[c].Formula != "") {
					return fmt.Errorf("%s 在合并区域 %s:%s 之内却有内容", ref(r, c), ref(m.R0, m.C0), ref(m.R1, m.C1))
				}
			}
		}
	}
	return nil
}

// owners maps every cell a merge covers to the merge's top-left cell, whose
// flags (editable, number format, shrink) style the whole rectangle.
func owners(s *render.Sheet) map[[2]int][2]int {
	out := map[[2]int][2]int{}
	for _, m := range s.Merges {
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				out[[2]int{r, c}] = [2]int{m.R0, m.C0}
			}
		}
	}
	return out
}

// styleCells styles every cell, merged or not, so borders, fill and locking
// cover each merged rectangle entirely (MergeCell copies no style). Equal
// styles are set a rectangle at a time: runs within a row, extended over
// the rows below that have the same run.
func (w *writer) styleCells(name string, s *render.Sheet, owner map[[2]int][2]int) error {
	type run struct{ c0, c1, id int }
	open := map[run]int{} // run → first row
	var order []run
	flush := func(r run, r0, r1 int) error {
		return w.f.SetCellStyle(name, ref(r0, r.c0), ref(r1, r.c1), r.id)
	}
	ids := make([]int, len(s.Columns))
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			top := c
			if o, ok := owner[[2]int{i, j}]; ok {
				top = s.Rows[o[0]].Cells[o[1]]
			}
			id, err := w.style(s.Styles[c.Style], top)
			if err != nil {
				return err
			}
			ids[j] = id
		}
		var runs []run
		for j := 0; j < len(ids); {
			k := j
			for k+1 < len(ids) && ids[k+1] == ids[j] {
				k++
			}
			runs = append(runs, run{j, k, ids[j]})
			j = k + 1
		}
		// Close the rectangles this row does not continue.
		kept := order[:0]
		for _, r := range order {
			if slices.Contains(runs, r) {
				kept = append(kept, r)
				continue
			}
			if err := flush(r, open[r], i-1); err != nil {
				return err
			}
			delete(open, r)
		}
		order = kept
		for _, r := range runs {
			if _, ok := open[r]; !ok {
				open[r] = i
				order = append(order, r)
			}
		}
	}
	for _, r := range order {
		if err := flush(r, open[r], len(s.Rows)-1); err != nil {
			return err
		}
	}
	return nil
}

// value writes a cell's content. User text always lands as a string cell,
// whatever it looks like (=HYPERLINK(…), +SUM(…), -1, @x); numbers land as
// numbers, exactly as the decimal reads; a formula keeps the value jixiao
// computed as its cached value.
func (w *writer) value(name string, i, j int, c render.Cell) error {
	at := ref(i, j)
	var err error
	stored := ""
	switch c.Kind {
	case render.Text:
		stored = c.Text
		err = w.f.SetCellStr(name, at, stored)
	case render.Number:
		// SetCellDefault stores a numeric string as the number itself
		// (no float round trip): "12117045.94" stays 12117045.94.
		stored = c.Number.String()
		err = w.f.SetCellDefault(name, at, stored)
	}
	if stored != "" && c.Formula == "" {
		fingerprintCell(w.fp, at, stored)
	}
	if err == nil && c.Link > 0 {
		err = w.link(name, at, c.Link)
	}
	if err != nil || c.Formula == "" {
		return err
	}
	if err := w.f.SetCellFormula(name, at, c.Formula); err != nil {
		return err
	}
	if c.Kind == render.Number {
		w.numericFormulas[name] = append(w.numericFormulas[name], at)
	}
	return nil
}

// link makes the cell a link to the top of the n-th sheet (1-based) of the
// workbook.
func (w *writer) link(name, at string, n int) error {
	if n > len(w.names) {
		return fmt.Errorf("%s 链接到第 %d 张表，但工作簿只有 %d 张", at, n, len(w.names))
	}
	return w.f.SetCellHyperLink(name, at, quoteSheet(w.names[n-1])+"!A1", "Location")
}

// validations adds a drop-down list to every cell that offers choices. The
// list only suggests: other values stay allowed (real forms use non-standard
// 二级 names), so no error message is set.
func (w *writer) validations(name string, s *render.Sheet) error {
	type list struct {
		items []string
		refs  string
	}
	var lists []*list
	byItems := map[string]*list{}
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			items := dropItems(c.Choices)
			if len(items) == 0 {
				continue
			}
			key := fmt.Sprintf("%q", items)
			l := byItems[key]
			if l == nil {
				l = &list{items: items}
				byItems[key] = l
				lists = append(lists, l)
			} else {
				l.refs += " "
			}
			l.refs += ref(i, j)
		}
	}
	for _, l := range lists {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = l.refs
		if err := dv.SetDropList(l.items); err != nil {
			return err
		}
		if err := w.f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	return nil
}

// maxListChars is Excel's limit on an inline list ("a,b,c"), in UTF-16
// units including the separators.
const maxListChars = 255

// dropItems are the choices an inline list can hold: items with a comma or
// a double quote cannot be written inline and are left out, as are items
// past the length limit (the cell keeps its value either way).
func dropItems(choices []string) []string {
	var out []string
	n := 0
	for _, c := range choices {
		if c == "" || containsAny(c, ",\"") {
			continue
		}
		size := utf16Len(c)
		if len(out) > 0 {
			size++
		}
		if n+size > maxListChars {
			continue
		}
		n += size
		out = append(out, c)
	}
	return out
}

func containsAny(s, chars string) bool {
	for _, r := range s {
		for _, c := range chars {
			if r == c {
				return true
			}
		}
	}
	return false
}

// colName is the letter name of a 0-based column.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

// ref is the A1 reference of a 0-based cell.
func ref(row, col int) string { return colName(col) + strconv.Itoa(row+1) }

func ptr[T any](v T) *T { return &v }
