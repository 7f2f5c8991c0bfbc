// Package xlsx writes resolved sheets as an Excel workbook: one worksheet
// per sheet, drawn exactly as the Sheet says (cells, merges, styles, column
// widths, row heights). It computes no structure of its own, so the workbook
// and the PDF cannot disagree; it only decides where its printed pages break
// (breaks.go), by the rules the PDF follows, for its own row heights.
//
// The workbook is made with excelize (book.go): the File API sets up each
// worksheet (page, print names, protection, drop-downs, links), then its
// cells, merges, column widths and row heights go through a StreamWriter,
// the only excelize API that writes a formula with a numeric cached value.
// Formulas carry the values jixiao computed as their cached values, typed
// as numbers where the cell is a number: Excel recalculates on open,
// LibreOffice 7.4 prints the cached values as they are. Column widths assume
// the workbook's default font, Calibri 11 (see colWidth); LibreOffice
// without Calibri or Carlito measures a wider substitute and prints the
// sheet smaller (75% with DejaVu Sans).
//
// What a later importer can read back (see also metadata in page.go):
//   - each worksheet has sheet-scoped defined names "jixiao.template" and
//     "jixiao.source" holding string constants (="sh-project-self-evaluation");
//     they follow the sheet when it is renamed or moved;
//   - the workbook has the custom property "jixiao.template": the templates
//     of all sheets, one line per sheet (the 汇总表's empty), in the order
//     the sheets were written, continued in "jixiao.template.2"… where they
//     pass Office's 255 characters a property (see customProps). Older
//     workbooks also had "jixiao.source", which nothing reads;
//   - each form sheet has the sheet-scoped defined name "jixiao.id", and a
//     very hidden last worksheet (named by the custom property
//     "jixiao.base") records what was written into each of its fields, so
//     that import tells typed values from jixiao's and merges three ways
//     (base.go).
//
// What excelize does not do, and how the writer works at its edges:
//   - StreamWriter writes formulas with numeric cached values; File.
//     SetCellFormula types them as text. Everything the stream would drop
//     after its Flush is set through the File API before NewStreamWriter.
//   - StreamWriter writes the worksheets into the zip in Go map order: the
//     zip container (zip.go) stores excelize's parts unchanged in a fixed
//     order, so the same input gives the same bytes.
//   - SetDefinedName compares each new name with every defined one, listing
//     all sheets for each: a sheet's names are defined against an empty
//     list and appended to the others (printNames).
//   - It writes C0 control characters, U+FFFE and U+FFFF as U+FFFD and a
//     float64 cut to 15 digits: check refuses such text and numbers.
//   - MergeCell copies no style and nothing fits row heights: every cell of
//     a merge is styled, and the heights come from the resolver.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

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

// maxCellChars is Excel's limit on a cell's text, in UTF-16 units. Excel
// would truncate longer text; we refuse instead.
const maxCellChars = 32767

// Check reports what would stop Write for a sheet on its own (a value a
// workbook cannot hold, a layout beyond Excel's limits), without making the
// workbook.
func Check(s *render.Sheet) error {
	if _, err := prepare(s, 1); err != nil {
		return fmt.Errorf("xlsx: 表“%s”：%w", s.Name, err)
	}
	return nil
}

// Write writes one workbook with a worksheet per sheet, in order. Every
// sheet is checked before anything is written, so a sheet that cannot be
// drawn leaves w untouched.
func Write(w io.Writer, sheets []*render.Sheet, opt Options) error {
	if len(sheets) == 0 {
		return errors.New("xlsx: 没有要写入的表")
	}
	names := sheetNames(sheets)
	ready := make([]*render.Sheet, len(sheets))
	breaks := make([][]int, len(sheets))
	for i, s := range sheets {
		r, err := prepare(s, len(names))
		if err != nil {
			return fmt.Errorf("xlsx: 表“%s”：%w", s.Name, err)
		}
		breaks[i] = pageBreaks(r)
		ready[i] = splitLabels(r, breaks[i])
	}
	f, err := build(sheets, ready, breaks, names, opt)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	defer f.Close()
	// excelize builds the whole file in memory before writing it to w.
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// prepare checks a sheet and adapts it to what a worksheet can show.
func prepare(s *render.Sheet, sheets int) (*render.Sheet, error) {
	if err := check(s); err != nil {
		return nil, err
	}
	if _, err := paperCode(s.Page); err != nil {
		return nil, err
	}
	if n := utf16Len(footer(s.Page.Footer, s.Page.FooterSize)); s.Page.Footer != "" && n > maxHeaderFooter {
		return nil, fmt.Errorf("页脚有 %d 个字符，超过 Excel 的上限 %d", n, maxHeaderFooter)
	}
	for j, w := range s.Columns {
		if colWidth(w) > maxColWidth {
			return nil, fmt.Errorf("%s 列宽 %.0f 磅超过 Excel 的上限", colName(j), w)
		}
	}
	for _, st := range s.Styles {
		if utf16Len(st.Font) > maxFontName || st.Size > maxFontSize {
			return nil, fmt.Errorf("样式“%s”的字体“%s” %v 磅超出 Excel 的限制（字体名最多 %d 个字符，字号最大 %d 磅）", st.Name, st.Font, st.Size, maxFontName, maxFontSize)
		}
	}
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Link > sheets {
				return nil, fmt.Errorf("%s 链接到第 %d 张表，但工作簿只有 %d 张", ref(i, j), c.Link, sheets)
			}
		}
	}
	out := excelRows(s)
	if len(out.Rows) > maxFormRows {
		// What render writes, import reads back: its bound is the writer's.
		return nil, fmt.Errorf("表有 %d 行，超过 jixiao 能读回的 %d 行；请把指标分到几张表中", len(out.Rows), maxFormRows)
	}
	return out, nil
}

// Excel's limits that the checks above enforce (excelize refused them too).
const (
	maxHeaderFooter = 255 // characters of a header or footer
	maxColWidth     = 255 // characters
	maxFontName     = 31
	maxFontSize     = 409
)

// check rejects a sheet the writer cannot draw faithfully: ragged rows,
// style indexes or merges out of range, overlapping merges, text in a cell
// a merge covers (Excel would drop it), text longer than Excel allows or
// holding a character a workbook cannot, a number Excel would round.
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
			if err := checkValue(c); err != nil {
				return fmt.Errorf("%s %w", ref(i, j), err)
			}
		}
	}
	nc := len(s.Columns)
	covered := make([]bool, len(s.Rows)*nc)
	for _, m := range s.Merges {
		if m.R0 < 0 || m.C0 < 0 || m.R1 >= len(s.Rows) || m.C1 >= len(s.Columns) || m.R1 < m.R0 || m.C1 < m.C0 {
			return fmt.Errorf("合并区域 %s:%s 超出表格", ref(m.R0, m.C0), ref(m.R1, m.C1))
		}
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				if covered[r*nc+c] {
					return fmt.Errorf("合并区域 %s:%s 与另一合并区域重叠", ref(m.R0, m.C0), ref(m.R1, m.C1))
				}
				covered[r*nc+c] = true
				if (r != m.R0 || c != m.C0) && (s.Rows[r].Cells[c].Kind != render.Empty || s.Rows[r].Cells[c].Formula != "") {
					return fmt.Errorf("%s 在合并区域 %s:%s 之内却有内容", ref(r, c), ref(m.R0, m.C0), ref(m.R1, m.C1))
				}
			}
		}
	}
	return nil
}

// checkValue rejects a value the workbook cannot hold as it is.
func checkValue(c render.Cell) error {
	switch c.Kind {
	case render.Text:
		if n := utf16Len(c.Text); n > maxCellChars {
			return fmt.Errorf("的文字有 %d 个字符，超过 Excel 单元格上限 %d；请缩短", n, maxCellChars)
		}
		if r, ok := badChar(c.Text); ok {
			return fmt.Errorf("的文字含有控制字符 U+%04X，Excel 工作簿无法保存（会变成替换字符 U+FFFD）；请删去该字符", r)
		}
	case render.Number:
		if _, ok := number(c.Number); !ok {
			return fmt.Errorf("的数值 %s 超过 Excel 的 15 位有效数字，写入工作簿会被舍入；请减少位数", c.Number)
		}
	}
	return nil
}

// badChar finds the first character XML 1.0, and so a workbook, cannot hold:
// a C0 control other than tab, LF and CR, U+FFFE or U+FFFF. excelize would
// write it as U+FFFD, and the workbook would read back changed.
func badChar(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return rune(c), true
		}
		if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
			return 0xFFFE + rune(s[i+2]-0xBE), true
		}
	}
	return 0, false
}

// maxDigits is how many significant digits Excel keeps of a number.
const maxDigits = 15

// number is d as the float64 a worksheet stores, and whether it reads back
// as d: excelize writes a float64 in its shortest form, cut to 15
// significant digits, so d must have at most 15 and round-trip exactly.
func number(d decimal.Decimal) (float64, bool) {
	f := d.InexactFloat64()
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
	if string(s) != d.String() {
		return f, false
	}
	digits, first, last := 0, -1, -1
	for k, c := range s {
		if c >= '1' && c <= '9' {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	for k := first; k >= 0 && k <= last; k++ {
		if s[k] != '.' {
			digits++
		}
	}
	return f, digits <= maxDigits
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
		if c == "" || strings.ContainsAny(c, ",\"") {
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

// colName is the letter name of a 0-based column.
func colName(c int) string { return string(render.AppendColumn(nil, c)) }

// appendCol appends the letter name of a 0-based column.
func appendCol(b []byte, c int) []byte { return render.AppendColumn(b, c) }

// appendRef appends the A1 reference of a 0-based cell.
func appendRef(b []byte, row, col int) []byte {
	b = appendCol(b, col)
	return strconv.AppendInt(b, int64(row+1), 10)
}

// ref is the A1 reference of a 0-based cell.
func ref(row, col int) string { return render.A1(row, col) }
