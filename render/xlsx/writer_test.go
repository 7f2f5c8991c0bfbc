package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

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

// checkSheetData: rows ascending, cells ascending within their row and in it.
func checkSheetData(t *testing.T, part string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	lastRow, lastCol, row := 0, 0, 0
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

// trickyTexts are user texts a writer can get wrong: markup, characters XML
// 1.0 cannot hold, spaces and line breaks at either end, CR LF, formulas,
// and what reads as Excel's own _xHHHH_ escape.
var trickyTexts = []string{
	"a\x01b\x0bc\x1f", "&<>\"'", "  leading spaces", "trailing spaces  ", "=SUM(A1)", "x\r\ny", "\tTab",
	"_x0041_", "_x005F_", "_x0041", "__x0041_\x01", "line\nbreak\n", "\x7f\u0085\ufffe\uffff", "]]>", "+1", "@x", "-1",
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
	f.Project.Name.Val = "A&B<C>\"D'\x01"
	n := len(trickyTexts)
	f.Project.Department.Val, f.Project.Implementer.Val = trickyTexts[n-1], trickyTexts[n-2]
	f.Goals.Planned.Val, f.Goals.Achieved.Val = trickyTexts[n-3], trickyTexts[n-4]
	return resolveForm(t, f)
}

// User text reads back (through excelize, as jixiao reads workbooks) exactly
// as the cell holds it, typed as text, whatever it contains. The characters
// XML cannot hold (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF)
// are stored as Excel's _xHHHH_ escapes, and a literal "_xHHHH" is escaped
// as _x005F_xHHHH, so both read back as written. The workbook counts as
// unedited.
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
			if got != c.Text || raw != c.Text || typ != excelize.CellTypeSharedString || formula != "" {
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
	sst := part(t, data, "xl/sharedStrings.xml")
	for _, escaped := range []string{"a_x0001_b_x000B_c_x001F_", "_x005F_x0041_", "_x005F_x005F_", "_x005F_x0041<", "__x005F_x0041__x0001_",
		"_xFFFE__xFFFF_", "x&#xD;\ny", `<t xml:space="preserve">  leading`, `<t xml:space="preserve">line` + "\nbreak\n<"} {
		if !strings.Contains(sst, escaped) {
			t.Errorf("shared strings lack %q", escaped)
		}
	}
	if edited, err := Edited(bytes.NewReader(data)); err != nil || edited {
		t.Errorf("fresh workbook with tricky text: edited %v, %v", edited, err)
	}
	// Text outside cells (document properties) cannot use the escapes:
	// there a control character becomes U+FFFD, as encoding/xml writes it.
	doc, _ := book.GetDocProps()
	if !strings.Contains(doc.Title, "A&B<C>\"D'\uFFFD") {
		t.Errorf("title %q", doc.Title)
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

// bstrEscape is Excel's escape in cell text (ECMA-376 Part 1, 22.9.2.19).
var bstrEscape = regexp.MustCompile(`_x([0-9A-Fa-f]{4})_`)

// decodeCellText reads cell text back as Excel and excelize do: the XML,
// then each _xHHHH_ escape, left to right.
func decodeCellText(t *testing.T, escaped []byte) string {
	var v struct {
		T string `xml:",chardata"`
	}
	if err := xml.Unmarshal(append(append([]byte("<t>"), escaped...), "</t>"...), &v); err != nil {
		t.Fatalf("%q: %v", escaped, err)
	}
	return bstrEscape.ReplaceAllStringFunc(v.T, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		return string(rune(n))
	})
}

// Any valid UTF-8 text survives appendCellText and a reader's decoding;
// appendText's output is well-formed and reads back as its input with the
// characters XML cannot hold replaced.
func FuzzCellText(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Add("_x005F_x0041_")
	f.Add("_x004\x01")
	f.Add("_xABCD_xABCD_")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got := decodeCellText(t, appendCellText(nil, s)); got != s {
			t.Errorf("%q reads back as %q", s, got)
		}
		want := strings.Map(func(r rune) rune {
			if !xmlChar(r) {
				return utf8.RuneError
			}
			return r
		}, s)
		var v struct {
			T string `xml:",chardata"`
			A string `xml:"a,attr"`
		}
		doc := []byte(`<t a="`)
		doc = append(appendText(doc, s, true), `">`...)
		doc = append(appendText(doc, s, false), `</t>`...)
		if err := xml.Unmarshal(doc, &v); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if v.T != want || v.A != want {
			t.Errorf("%q reads back as %q and %q, want %q", s, v.T, v.A, want)
		}
	})
}
