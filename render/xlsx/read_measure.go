package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxDamaged bounds the damaged cells listed per sheet.
const maxDamaged = 20

// sharedStrings counts the shared strings of a workbook (-1: it has no
// shared strings part, or it cannot be read: excelize then reads none).
func sharedStrings(files map[string]*zip.File, rels []rel) int {
	name := "xl/sharedstrings.xml"
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			name = strings.ToLower(r.Target)
		}
	}
	f := files[name]
	if f == nil {
		return 0
	}
	rc, err := f.Open()
	if err != nil {
		return -1
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	n := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return n
		}
		if err != nil {
			return -1
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "si" {
			n++
		}
	}
}

// measurer streams a worksheet's XML once (measure).
type measurer struct {
	sp       *sheetPart
	strs     int // shared strings in the workbook
	row, col int // the current row and cell
	inCell   bool
	content  bool   // the current cell has a value or formula
	typ      string // its t attribute
	inV      bool
	v        []byte // its <v>, up to 64 bytes
}

// measure streams a worksheet's XML and notes the highest row and column
// holding a value or formula, its merged ranges and its damaged cells,
// stopping at the first excess: excelize makes every row up to the highest
// one and every cell up to the last one of a row, so a single cell at
// XFD1048576 would cost gigabytes. Rows and cells without a value beyond
// the bounds (LibreOffice writes an empty row 1048576 after a row is
// deleted; a styled empty cell) only mark the sheet for trimming.
func measure(f *zip.File, sp *sheetPart, strs int) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	m := &measurer{sp: sp, strs: strs}
	d := xml.NewDecoder(rc)
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF && depth != 0 { // cut off between two elements
			return errors.New("XML 不完整")
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if err := m.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
			m.end(t)
		case xml.CharData:
			if m.inV && len(m.v) < 64 {
				m.v = append(m.v, t[:min(len(t), 64-len(m.v))]...)
			}
		}
		if m.bounds(); sp.tooBig != "" {
			return nil
		}
	}
}

func (m *measurer) start(el xml.StartElement) error {
	sp := m.sp
	switch el.Name.Local {
	case "row":
		m.row, m.col = m.row+1, 0
		if r, ok := attr(el, "r"); ok {
			m.row, _ = strconv.Atoi(r)
		}
		sp.trim = sp.trim || m.row > maxFormRows
	case "c":
		m.col++
		if r, ok := attr(el, "r"); ok {
			c, rr, err := excelize.CellNameToCoordinates(r)
			if err != nil {
				return fmt.Errorf("单元格地址 %q 无效", r)
			}
			m.col, m.row = c, rr
		}
		m.inCell, m.content, m.v = true, false, m.v[:0]
		m.typ, _ = attr(el, "t")
		sp.trim = sp.trim || m.row > maxFormRows || m.col > maxFormCols
	case "v", "f", "is":
		if m.inCell {
			m.content = true
			m.inV = el.Name.Local == "v"
		}
	case "mergeCell":
		if r, ok := attr(el, "ref"); ok {
			sp.merges = append(sp.merges, r)
			if !validRange(r) {
				m.damage("", "合并区域“%s”不是有效的单元格区域（文件已损坏），无法确定合并的单元格", clip(r))
			}
		}
	}
	return nil
}

func (m *measurer) end(el xml.EndElement) {
	switch el.Name.Local {
	case "v":
		m.inV = false
	case "c":
		if m.inCell && m.content {
			m.sp.cells++
			m.sp.rows, m.sp.cols = max(m.sp.rows, m.row), max(m.sp.cols, m.col)
			m.checkValue()
		}
		m.inCell = false
	}
}

// checkValue checks a shared-string cell's index: excelize reads one that
// is not a number as the first string (the form's title) and one out of
// range as empty.
func (m *measurer) checkValue() {
	if m.typ != "s" {
		return
	}
	at := ref(m.row-1, m.col-1)
	s := strings.TrimSpace(string(m.v))
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		m.damage(at, "单元格的共享字符串编号“%s”不是数字（文件已损坏），读不出其中的内容", clip(s))
	case n < 0 || m.strs >= 0 && n >= m.strs:
		m.damage(at, "单元格引用第 %d 个共享字符串，而工作簿只有 %d 个（文件已损坏），读不出其中的内容", n+1, max(m.strs, 0))
	}
}

func (m *measurer) damage(at, format string, args ...any) {
	if len(m.sp.damaged) < maxDamaged {
		m.sp.damaged = append(m.sp.damaged, damagedCell{at, fmt.Sprintf(format, args...)})
	}
}

// bounds refuses a sheet whose values pass the bounds.
func (m *measurer) bounds() {
	sp := m.sp
	switch {
	case sp.rows > maxFormRows:
		sp.tooBig = fmt.Sprintf("第 %d 行以下还有内容，一份自评表不超过 %d 行", maxFormRows, maxFormRows)
	case sp.cols > maxFormCols:
		sp.tooBig = fmt.Sprintf("第 %d 列以右还有内容，一份自评表不超过 %d 列", maxFormCols, maxFormCols)
	case len(sp.merges) > maxMerges:
		sp.tooBig = fmt.Sprintf("有超过 %d 个合并区域", maxMerges)
	case m.row < 0:
		sp.tooBig = "行号无效"
	}
}

// validRange tells whether ref is a range of cells (A1:B2) or one cell.
func validRange(ref string) bool {
	a, b, ok := strings.Cut(ref, ":")
	if _, _, err := excelize.CellNameToCoordinates(a); err != nil {
		return false
	}
	if !ok {
		return true
	}
	_, _, err := excelize.CellNameToCoordinates(b)
	return err == nil
}

// trimParts rebuilds the zip package with the worksheets named cut to the
// bounds (trimSheet); every other part is copied as it is.
func trimParts(zr *zip.Reader, parts map[string]bool) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if !parts[f.Name] {
			if err := w.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		out, err := w.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := out.Write(trimSheet(data)); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// trimSheet cuts from a worksheet's XML the rows below maxFormRows and the
// cells right of maxFormCols (measure made sure they hold no value), byte
// for byte: everything else stays as written.
func trimSheet(data []byte) []byte {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []byte
	last, row, col := 0, 0, 0
	for {
		off := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		cut := false
		switch el.Name.Local {
		case "row":
			row, col = row+1, 0
			if r, ok := attr(el, "r"); ok {
				row, _ = strconv.Atoi(r)
			}
			cut = row > maxFormRows
		case "c":
			col++
			if r, ok := attr(el, "r"); ok {
				col, _, _ = excelize.CellNameToCoordinates(r)
			}
			cut = col > maxFormCols || row > maxFormRows
		}
		if cut && skip(d) == nil {
			out = append(out, data[last:off]...)
			last = int(d.InputOffset())
		}
	}
	return append(out, data[last:]...)
}

// skip reads past the end of the element just started.
func skip(d *xml.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}
