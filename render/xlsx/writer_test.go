package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

// owners maps every cell a merge covers to the merge's top-left cell.
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

// The child elements of the parts' root elements, in the order of their
// schema (ECMA-376 Part 1: CT_Worksheet 18.3.1.99, CT_Workbook 18.2.27,
// CT_Stylesheet 18.8.39). Excel refuses (offers to repair) any other order.
var schemaOrder = map[string][]string{
	"worksheet": {"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
		"sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
		"customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
		"printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties",
		"cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
		"picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"},
	"workbook": {"fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
		"functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
		"pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"},
	"styleSheet": {"numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
		"tableStyles", "colors", "extLst"},
}

// Every part of the written workbooks is well-formed XML, [Content_Types].xml
// comes first, the root elements' children follow their schema's order, and
// rows and cells are in ascending order.
func TestWellFormedParts(t *testing.T) {
	sheets := summaryAndSeeds(t)
	books := map[string][]byte{
		"summary":   write(t, sheets, Options{}),
		"edited":    write(t, []*render.Sheet{editedSeed(t)}, Options{}),
		"noprotect": write(t, []*render.Sheet{sheets[1]}, Options{NoProtect: true}),
		"tricky":    write(t, []*render.Sheet{trickySheet(t)}, Options{}),
	}
	for name, data := range books {
		t.Run(name, func(t *testing.T) {
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if z.File[0].Name != "[Content_Types].xml" {
				t.Errorf("first part %s", z.File[0].Name)
			}
			worksheets := 0
			for _, f := range z.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(r)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				if !utf8Valid(b) {
					t.Errorf("%s: not UTF-8", f.Name)
				}
				root, children := checkXML(t, f.Name, b)
				if order, ok := schemaOrder[root]; ok {
					checkOrder(t, f.Name, children, order)
				}
				if root == "worksheet" {
					worksheets++
					checkSheetData(t, f.Name, b)
				}
			}
			if worksheets == 0 {
				t.Error("no worksheet")
			}
		})
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// checkXML reads every token of a part (encoding/xml refuses what is not
// well-formed, characters XML 1.0 forbids included) and returns the root
// element's name and its children's.
func checkXML(t *testing.T, name string, b []byte) (root string, children []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed: %v", name, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch depth {
			case 0:
				root = el.Name.Local
			case 1:
				children = append(children, el.Name.Local)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if root == "" {
		t.Errorf("%s: no root element", name)
	}
	return root, children
}

func checkOrder(t *testing.T, part string, children, order []string) {
	t.Helper()
	last := -1
	for _, c := range children {
		i := slices.Index(order, c)
		if i < 0 {
			t.Errorf("%s: unknown element %s", part, c)
			continue
		}
		if i <= last {
			t.Errorf("%s: %s out of schema order in %v", part, c, children)
		}
		last = i
	}
}

// checkSheetData: columns ascending, rows ascending, cells ascending within
// their row and in it.
func checkSheetData(t *testing.T, part string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	lastRow, lastCol, row, lastColDef := 0, 0, 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "row":
			row = 0
			for _, a := range el.Attr {
				if a.Name.Local == "r" {
					row = atoi(a.Value)
				}
			}
			if row <= lastRow {
				t.Errorf("%s: row %d after %d", part, row, lastRow)
			}
			lastRow, lastCol = row, 0
		case "col": // Excel requires the columns in ascending order
			for _, a := range el.Attr {
				if a.Name.Local == "min" && atoi(a.Value) <= lastColDef {
					t.Errorf("%s: <col min=%s> after max %d", part, a.Value, lastColDef)
				}
				if a.Name.Local == "max" {
					lastColDef = atoi(a.Value)
				}
			}
		case "c":
			for _, a := range el.Attr {
				if a.Name.Local != "r" {
					continue
				}
				c, r, err := excelize.CellNameToCoordinates(a.Value)
				if err != nil || r != row || c <= lastCol {
					t.Errorf("%s: cell %s in row %d after column %d", part, a.Value, row, lastCol)
				}
				lastCol = c
			}
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// trickyTexts are user texts a writer can get wrong: markup, spaces and line
// breaks at either end, CR LF, formulas, characters next to those XML
// cannot hold, and what reads as Excel's own _xHHHH_ escape. (The
// characters XML cannot hold are refused: TestControlCharactersRefused.)
var trickyTexts = []string{
	"a\u00a0b\u2028c", "&<>\"'", "  leading spaces", "trailing spaces  ", "=SUM(A1)", "x\r\ny", "\tTab",
	"_x0041_", "_x005F_", "_x0041", "__x0041_", "line\nbreak\n", "\x7f\u0085\ufffd", "]]>", "+1", "@x", "-1",
}

func trickySheet(t testing.TB) *render.Sheet {
	f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", "housing-fund-system.toml"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for i := range f.Indicators {
		f.Indicators[i].Reason.Val = trickyTexts[i%len(trickyTexts)]
		f.Indicators[i].Name.Val = trickyTexts[(i+3)%len(trickyTexts)]
	}
	f.Project.Name.Val = "A&B<C>\"D'\u0085"
	n := len(trickyTexts)
	f.Project.Department.Val, f.Project.Implementer.Val = trickyTexts[n-1], trickyTexts[n-2]
	f.Goals.Planned.Val, f.Goals.Achieved.Val = trickyTexts[n-3], trickyTexts[n-4]
	return resolveForm(t, f)
}

// User text reads back (through excelize, as jixiao reads workbooks) exactly
// as the cell holds it, typed as text, whatever it contains, a literal
// "_xHHHH_" included. The workbook counts as unedited.
func TestTextRoundTrip(t *testing.T) {
	s := trickySheet(t)
	data := write(t, []*render.Sheet{s}, Options{})
	book := open(t, data)
	name := book.GetSheetName(0)
	seen := map[string]bool{}
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Kind != render.Text {
				continue
			}
			at := a1(i, j)
			got, _ := book.GetCellValue(name, at)
			raw, _ := book.GetCellValue(name, at, excelize.Options{RawCellValue: true})
			typ, _ := book.GetCellType(name, at)
			formula, _ := book.GetCellFormula(name, at)
			if got != c.Text || raw != c.Text || typ != excelize.CellTypeInlineString || formula != "" {
				t.Errorf("%s: %q (raw %q, type %v, formula %q), want the text %q", at, got, raw, typ, formula, c.Text)
			}
			seen[c.Text] = true
		}
	}
	for _, want := range trickyTexts {
		if !seen[want] {
			t.Errorf("%q not on the sheet", want)
		}
	}
	if edited, err := Edited(bytes.NewReader(data)); err != nil || edited {
		t.Errorf("fresh workbook with tricky text: edited %v, %v", edited, err)
	}
	doc, _ := book.GetDocProps()
	if !strings.Contains(doc.Title, "A&B<C>\"D'\u0085") {
		t.Errorf("title %q", doc.Title)
	}
}

// A text holding a character XML cannot hold (a C0 control other than tab,
// LF and CR; U+FFFE, U+FFFF), which excelize would write as U+FFFD, is
// refused with its cell and code point, and nothing is written.
func TestControlCharactersRefused(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	at := s.Fields["indicators.1.reason"]
	bad := []rune{0xFFFE, 0xFFFF}
	for r := rune(0); r < 0x20; r++ {
		if r != '\t' && r != '\n' && r != '\r' {
			bad = append(bad, r)
		}
	}
	for _, r := range bad {
		b := *s
		b.Rows = slices.Clone(s.Rows)
		b.Rows[at.Row].Cells = slices.Clone(s.Rows[at.Row].Cells)
		b.Rows[at.Row].Cells[at.Col].Text = "原因" + string(r) + "说明"
		var out countWriter
		err := Write(&out, []*render.Sheet{&b}, Options{})
		want := fmt.Sprintf("%s 的文字含有控制字符 U+%04X", a1(at.Row, at.Col), r)
		if err == nil || !strings.Contains(err.Error(), want) || out.n != 0 {
			t.Errorf("U+%04X: %v (%d bytes written), want %q", r, err, out.n, want)
		}
		if cerr := Check(&b); cerr == nil || cerr.Error() != err.Error() {
			t.Errorf("U+%04X: Check = %v, want Write's error", r, cerr)
		}
	}
	// Tab, LF and CR are text like any other.
	b := *s
	b.Rows = slices.Clone(s.Rows)
	b.Rows[at.Row].Cells = slices.Clone(s.Rows[at.Row].Cells)
	b.Rows[at.Row].Cells[at.Col].Text = "a\tb\r\nc"
	data := write(t, []*render.Sheet{&b}, Options{})
	if edited, err := Edited(bytes.NewReader(data)); err != nil || edited {
		t.Errorf("tab, CR, LF: edited %v, %v", edited, err)
	}
}

// A number is stored so that its raw value reads back as the decimal; one
// a float64 or Excel's 15 digits cannot hold is refused, never rounded.
func TestNumbersExact(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	at := s.Fields["funds.total.budget"]
	set := func(v string) *render.Sheet {
		b := *s
		b.Rows = slices.Clone(s.Rows)
		b.Rows[at.Row].Cells = slices.Clone(s.Rows[at.Row].Cells)
		c := &b.Rows[at.Row].Cells[at.Col]
		c.Number, c.Formula = decimal.RequireFromString(v), ""
		return &b
	}
	for _, v := range []string{"123456789012.345", "0.000000000000001", "999999999999999", "-7549540.05", "1e20", "0"} {
		data := write(t, []*render.Sheet{set(v)}, Options{})
		f := open(t, data)
		raw, _ := f.GetCellValue(f.GetSheetName(0), a1(at.Row, at.Col), excelize.Options{RawCellValue: true})
		if got, err := decimal.NewFromString(raw); err != nil || !got.Equal(decimal.RequireFromString(v)) {
			t.Errorf("%s reads back as %q", v, raw)
		}
		if edited, err := Edited(bytes.NewReader(data)); err != nil || edited {
			t.Errorf("%s: edited %v, %v", v, edited, err)
		}
	}
	for _, v := range []string{"1234567890123.456", "0.1234567890123456", "1152921504606846976"} {
		var out countWriter
		err := Write(&out, []*render.Sheet{set(v)}, Options{})
		want := a1(at.Row, at.Col) + " 的数值 " + decimal.RequireFromString(v).String() + " 超过 Excel 的 15 位有效数字"
		if err == nil || !strings.Contains(err.Error(), want) || out.n != 0 {
			t.Errorf("%s: %v (%d bytes), want %q", v, err, out.n, want)
		}
	}
}

// Formula cells keep jixiao's values as their cached values, numbers typed
// as numbers (no t="str": a reader showing cached values would show text).
func TestFormulaCachedValues(t *testing.T) {
	s := editedSeed(t)
	var doc struct {
		Cells []struct {
			R string  `xml:"r,attr"`
			T *string `xml:"t,attr"`
			F string  `xml:"f"`
			V string  `xml:"v"`
		} `xml:"sheetData>row>c"`
	}
	if err := xml.Unmarshal([]byte(part(t, write(t, []*render.Sheet{s}, Options{}), "xl/worksheets/sheet1.xml")), &doc); err != nil {
		t.Fatal(err)
	}
	type cached struct{ t, f, v string }
	got := map[string]cached{}
	for _, c := range doc.Cells {
		typ := "none"
		if c.T != nil {
			typ = *c.T
		}
		got[c.R] = cached{typ, c.F, c.V}
	}
	n := 0
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Formula == "" {
				continue
			}
			n++
			at := a1(i, j)
			want := cached{"none", c.Formula, c.Number.String()}
			if c.Kind != render.Number {
				want = cached{"str", c.Formula, c.Text}
			}
			if got[at] != want {
				t.Errorf("%s: %+v, want %+v", at, got[at], want)
			}
		}
	}
	if n == 0 {
		t.Error("no formula")
	}
}

// Write is called from many goroutines at once: the outputs are those of
// one call.
func TestConcurrentWrites(t *testing.T) {
	when := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	sheets := []*render.Sheet{seedSheet(t, "internet-services"), seedSheet(t, "housing-fund-system")}
	want := write(t, sheets, Options{Modified: when})
	var wg sync.WaitGroup
	outs := make([][]byte, 8)
	for i := range outs {
		wg.Go(func() {
			var b bytes.Buffer
			if err := Write(&b, sheets, Options{Modified: when}); err != nil {
				t.Error(err)
			}
			outs[i] = b.Bytes()
		})
	}
	wg.Wait()
	for i, out := range outs {
		if !bytes.Equal(out, want) {
			t.Errorf("writer %d: output differs", i)
		}
	}
}

// A sheet that cannot be written leaves the output untouched, even when
// sheets before it could be.
func TestWriteNothingOnError(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	bad := *s
	bad.Rows = slices.Clone(s.Rows)
	bad.Rows[1].Cells = slices.Clone(s.Rows[1].Cells)
	bad.Rows[1].Cells[0].Link = 3
	var out countWriter
	err := Write(&out, []*render.Sheet{s, &bad}, Options{})
	if err == nil || !strings.Contains(err.Error(), "链接到第 3 张表") {
		t.Errorf("link past the sheets: %v", err)
	}
	if out.n != 0 {
		t.Errorf("%d bytes written before the error", out.n)
	}
	if err := Write(failWriter{}, []*render.Sheet{s}, Options{}); err == nil {
		t.Error("a failing writer's error was lost")
	}
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

// Any text a cell can hold reads back (through excelize) as written and
// the workbook counts as unedited; any other is refused, writing nothing.
func FuzzCellText(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Add("_x005F_x0041_")
	f.Add("_x004\x01")
	f.Add("\xff\xfe")
	base := seedSheet(f, "housing-fund-system")
	at := base.Fields["indicators.1.reason"]
	f.Fuzz(func(t *testing.T, text string) {
		s := *base
		s.Rows = slices.Clone(base.Rows)
		s.Rows[at.Row].Cells = slices.Clone(base.Rows[at.Row].Cells)
		s.Rows[at.Row].Cells[at.Col].Text = text
		var out bytes.Buffer
		err := Write(&out, []*render.Sheet{&s}, Options{})
		if _, bad := badChar(text); bad || utf16Len(text) > maxCellChars {
			if err == nil || out.Len() > 0 {
				t.Fatalf("%q accepted", text)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		book := open(t, out.Bytes())
		got, _ := book.GetCellValue(book.GetSheetName(0), a1(at.Row, at.Col), excelize.Options{RawCellValue: true})
		if want := validText(text); got != want {
			t.Errorf("%q reads back as %q", text, got)
		}
		if edited, err := Edited(bytes.NewReader(out.Bytes())); err != nil || edited {
			t.Errorf("%q: edited %v, %v", text, edited, err)
		}
	})
}
