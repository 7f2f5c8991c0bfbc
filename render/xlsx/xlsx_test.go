package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

var seeds = []string{"housing-fund-system", "district-office-rent", "internet-services"}

// loadSheet resolves a form file with its own template.
func loadSheet(t testing.TB, path string) *render.Sheet {
	t.Helper()
	f, diags := jixiao.LoadFile(path)
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", path, diags)
	}
	return resolveForm(t, f)
}

// resolveForm lays a form out even when it breaks a scoring rule (tests of
// edited workbooks make such forms on purpose).
func resolveForm(t testing.TB, f *jixiao.Form) *render.Sheet {
	t.Helper()
	card, _ := jixiao.Score(f)
	tpl, err := render.Builtin(f.Template.Val)
	if err != nil {
		t.Fatal(err)
	}
	s, err := render.Resolve(tpl, card, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func seedSheet(t testing.TB, name string) *render.Sheet {
	return loadSheet(t, filepath.Join("..", "..", "data", "2020", name+".toml"))
}

func write(t testing.TB, sheets []*render.Sheet, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, sheets, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// part returns a file of the workbook's zip.
func part(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	return string(b)
}

func a1(row, col int) string { return ref(row, col) }

func mergeRefs(s *render.Sheet) []string {
	var out []string
	for _, m := range s.Merges {
		out = append(out, a1(m.R0, m.C0)+":"+a1(m.R1, m.C1))
	}
	slices.Sort(out)
	return out
}

// paged is a sheet whose rows the workbook does not split (excelRows)
// as the workbook holds it: its labels split at the printed pages' breaks.
func paged(s *render.Sheet) *render.Sheet {
	return splitLabels(s, pageBreaks(excelRows(s)))
}

// The seed workbooks hold exactly what the sheets say: merges, every value
// with its type and number format, styles over whole merged rectangles,
// column widths, row heights, page setup and print names.
func TestSeedWorkbooks(t *testing.T) {
	for _, seed := range seeds {
		t.Run(seed, func(t *testing.T) {
			s := seedSheet(t, seed)
			data := write(t, []*render.Sheet{s}, Options{})
			s = paged(s)
			f := open(t, data)
			name := f.GetSheetName(0)
			if name != s.Name || len(formSheets(f)) != 1 {
				t.Fatalf("sheets %v, want [%s]", formSheets(f), s.Name)
			}
			checkMerges(t, f, name, s)
			checkValues(t, f, name, s)
			checkStyles(t, f, name, s)
			checkGrid(t, f, name, s)
			checkPage(t, f, name, s)
		})
	}
}

func checkMerges(t *testing.T, f *excelize.File, name string, s *render.Sheet) {
	mc, err := f.GetMergeCells(name)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mc {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	slices.Sort(got)
	if want := mergeRefs(s); !slices.Equal(got, want) {
		t.Errorf("merges\n got %v\nwant %v", got, want)
	}
}

func checkValues(t *testing.T, f *excelize.File, name string, s *render.Sheet) {
	covered := owners(s) // excelize reads a covered cell as its merge's value
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			at := a1(i, j)
			if o, ok := covered[[2]int{i, j}]; ok && o != [2]int{i, j} {
				continue
			}
			got, err := f.GetCellValue(name, at)
			if err != nil {
				t.Fatal(err)
			}
			typ, _ := f.GetCellType(name, at)
			formula, _ := f.GetCellFormula(name, at)
			if formula != c.Formula {
				t.Errorf("%s: formula %q, want %q", at, formula, c.Formula)
			}
			switch c.Kind {
			case render.Empty:
				if got != "" {
					t.Errorf("%s: %q, want empty", at, got)
				}
			case render.Text:
				want := excelize.CellTypeInlineString
				if c.Formula != "" { // a label continued on a new page: =B13 with its text cached
					want = excelize.CellTypeFormula
				}
				if got != c.Text || typ != want {
					t.Errorf("%s: %q (type %v), want text %q", at, got, typ, c.Text)
				}
			case render.Number:
				// Formatted by the cell's number format, it reads as the
				// sheet's text; the raw value is the number, typed as one.
				raw, _ := f.GetCellValue(name, at, excelize.Options{RawCellValue: true})
				v, err := strconv.ParseFloat(raw, 64)
				if got != c.Text || err != nil || v != c.Number.InexactFloat64() || typ != excelize.CellTypeUnset {
					t.Errorf("%s: %q raw %q (type %v), want number %s shown %q", at, got, raw, typ, c.Number, c.Text)
				}
			}
		}
	}
}

// checkStyles: fonts, alignment, wrapping, number formats, locking and the
// editable mark of every cell, and all four borders on every corner of each
// bordered merged range.
func checkStyles(t *testing.T, f *excelize.File, name string, s *render.Sheet) {
	style := func(at string) *excelize.Style {
		id, err := f.GetCellStyle(name, at)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	edges := func(st *excelize.Style) []string {
		var out []string
		for _, b := range st.Border {
			if b.Style == 1 {
				out = append(out, b.Type)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, m := range s.Merges {
		top := s.Rows[m.R0].Cells[m.C0]
		for _, at := range []string{a1(m.R0, m.C0), a1(m.R0, m.C1), a1(m.R1, m.C0), a1(m.R1, m.C1)} {
			st := style(at)
			if want := s.Styles[top.Style].Border; want != (len(edges(st)) == 4) {
				t.Errorf("merge %s:%s corner %s: borders %v, want all four %v", a1(m.R0, m.C0), a1(m.R1, m.C1), at, edges(st), want)
			}
			if locked := st.Protection == nil || st.Protection.Locked; locked == top.Editable {
				t.Errorf("merge corner %s: locked %v, editable %v", at, locked, top.Editable)
			}
		}
	}
	formats := map[render.Format]string{render.Amount: "#,##0.00", render.Rate: "0.00", render.AmountFine: "#,##0.00####"}
	builtin := map[int]string{2: "0.00", 4: "#,##0.00", 49: "@"}
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Kind == render.Empty {
				continue
			}
			at, want, st := a1(i, j), s.Styles[c.Style], style(a1(i, j))
			if st.Font == nil || st.Font.Family != want.Font || st.Font.Size != want.Size || st.Font.Bold != want.Bold {
				t.Errorf("%s: font %+v, want %s %v bold %v", at, st.Font, want.Font, want.Size, want.Bold)
			}
			al := st.Alignment
			number := c.Kind == render.Number // numbers never wrap and always may shrink
			if al == nil || al.Horizontal != horizontal[want.Align] || al.Vertical != vertical[want.VAlign] ||
				al.WrapText != ((want.Wrap || len(c.Lines) > 1) && c.Shrink == 0 && !number) || al.ShrinkToFit != (c.Shrink > 0 || number) {
				t.Errorf("%s: alignment %+v for %+v shrink %v", at, al, want, c.Shrink)
			}
			fmtCode := builtin[st.NumFmt]
			if st.CustomNumFmt != nil {
				fmtCode = *st.CustomNumFmt
			}
			wantFmt := ""
			if c.Kind == render.Number {
				wantFmt = formats[c.Format]
			} else if c.Editable {
				wantFmt = "@"
			}
			if fmtCode != wantFmt {
				t.Errorf("%s: number format %q, want %q", at, fmtCode, wantFmt)
			}
			filled := len(st.Fill.Color) > 0 && strings.EqualFold(st.Fill.Color[0], editableColor)
			if filled != c.Editable {
				t.Errorf("%s: editable fill %v, editable %v", at, filled, c.Editable)
			}
		}
	}
}

// checkGrid: column widths as Excel draws them (pixels at 96 dpi), row
// heights, gridlines hidden.
func checkGrid(t *testing.T, f *excelize.File, name string, s *render.Sheet) {
	for j, w := range s.Columns {
		got, _ := f.GetColWidth(name, colName(j))
		px := math.Trunc((256*got + math.Trunc(128/defaultMDW)) / 256 * defaultMDW)
		if math.Abs(px-w*pxPerPt) > 0.5 {
			t.Errorf("column %s: width %v = %v px, want %.2f pt = %.2f px", colName(j), got, px, w, w*pxPerPt)
		}
	}
	for i, row := range s.Rows {
		got, _ := f.GetRowHeight(name, i+1)
		if want := row.Height * heightMargin; math.Abs(got-want) > 0.01 { // no seed row needs splitting
			t.Errorf("row %d: height %v, want %v", i+1, got, want)
		}
	}
	view, _ := f.GetSheetView(name, 0)
	if view.ShowGridLines == nil || *view.ShowGridLines {
		t.Error("gridlines shown")
	}
}

func checkPage(t *testing.T, f *excelize.File, name string, s *render.Sheet) {
	layout, _ := f.GetPageLayout(name)
	if *layout.Size != 9 || *layout.Orientation != "portrait" || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
		layout.FitToHeight == nil || *layout.FitToHeight != 0 || *layout.FirstPageNumber != 1 {
		t.Errorf("page layout: size %v orientation %v fit %v×%v", *layout.Size, *layout.Orientation, layout.FitToWidth, layout.FitToHeight)
	}
	props, _ := f.GetSheetProps(name)
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("fitToPage not set: Excel would ignore fitToWidth")
	}
	m, _ := f.GetPageMargins(name)
	for what, pair := range map[string][2]float64{"top": {*m.Top, s.Page.Top}, "bottom": {*m.Bottom, s.Page.Bottom}, "left": {*m.Left, s.Page.Left}, "right": {*m.Right, s.Page.Right}} {
		if math.Abs(pair[0]*72-pair[1]) > 0.01 {
			t.Errorf("margin %s: %v in, want %v pt", what, pair[0], pair[1])
		}
	}
	if m.Horizontally == nil || !*m.Horizontally {
		t.Error("not centred horizontally")
	}
	hf, _ := f.GetHeaderFooter(name)
	if hf == nil || hf.OddFooter != `&C&9&"宋体,Regular"第 &P 页 共 &N 页` {
		t.Errorf("footer %+v", hf)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == name {
			names[dn.Name] = dn.RefersTo
		}
	}
	q := "'" + name + "'"
	want := map[string]string{
		"_xlnm.Print_Titles": q + "!$" + strconv.Itoa(s.Repeat.R0+1) + ":$" + strconv.Itoa(s.Repeat.R1+1),
		"_xlnm.Print_Area":   q + "!$A$1:$I$" + strconv.Itoa(len(s.Rows)),
		"jixiao.template":    `"` + s.Meta.Template + `"`,
		"jixiao.source":      `"` + s.Meta.Source + `"`,
	}
	for k, v := range want {
		if names[k] != v {
			t.Errorf("defined name %s = %q, want %q", k, names[k], v)
		}
	}
	if s.Repeat.R0 != s.Block.Header {
		t.Errorf("repeat %+v, header row %d", s.Repeat, s.Block.Header)
	}
	doc, _ := f.GetDocProps()
	if doc.Creator != "jixiao" || doc.Title != s.Title+"："+s.Meta.Project || !strings.Contains(doc.Description, s.Meta.Template) ||
		!strings.Contains(doc.Description, s.Meta.Source) {
		t.Errorf("doc props %+v", doc)
	}
	custom, _ := f.GetCustomProps()
	got := map[string]any{}
	for _, p := range custom {
		got[p.Name] = p.Value
	}
	// The data source is in the defined name only (see customProps).
	if got["jixiao.template"] != s.Meta.Template || got["jixiao.source"] != nil {
		t.Errorf("custom props %v", got)
	}
	calc, _ := f.GetCalcProps()
	if calc.FullCalcOnLoad == nil || !*calc.FullCalcOnLoad {
		t.Error("fullCalcOnLoad not set")
	}
}

// editedSeed is a seed whose funds have no reported rate, score or total:
// the workbook computes them with live formulas.
func editedSeed(t testing.TB) *render.Sheet {
	src, err := os.ReadFile(filepath.Join("..", "..", "data", "2020", "housing-fund-system.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	section := ""
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if strings.HasPrefix(line, "[") {
			section = strings.TrimSpace(line)
		}
		key, _, _ := strings.Cut(line, "=")
		if section == "[funds]" && slices.Contains([]string{"rate", "score", "total"}, strings.TrimSpace(key)) {
			continue
		}
		out = append(out, line)
	}
	path := filepath.Join(t.TempDir(), "edited.toml")
	if err := os.WriteFile(path, []byte(strings.Join(out, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadSheet(t, path)
}

// Formulas evaluate (excelize's calculator) to what jixiao computed, and
// the cached values are those numbers, typed as numbers.
func TestFormulas(t *testing.T) {
	s := editedSeed(t)
	f := open(t, write(t, []*render.Sheet{s}, Options{}))
	name := f.GetSheetName(0)
	n := 0
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Formula == "" {
				continue
			}
			n++
			at := a1(i, j)
			got, err := f.CalcCellValue(name, at)
			if err != nil || got != c.Text {
				t.Errorf("%s =%s: calculates %q (%v), want %q", at, c.Formula, got, err, c.Text)
			}
			raw, _ := f.CalcCellValue(name, at, excelize.Options{RawCellValue: true})
			if v, _ := strconv.ParseFloat(raw, 64); v != c.Number.InexactFloat64() {
				t.Errorf("%s: calculates %s, want %s", at, raw, c.Number)
			}
		}
	}
	// 年度资金总额 ×3, 执行率, its 得分, 总分, 分值.
	if n != 7 {
		t.Errorf("%d formula cells, want 7", n)
	}
	at := func(field string) string { a := s.Fields[field]; return a1(a.Row, a.Col) }
	for field, want := range map[string]string{"funds.rate": "100.00", "funds.score": "10", "total": "97.5", "weight_total": "100", "funds.total.executed": "7,549,020.00"} {
		got, err := f.CalcCellValue(name, at(field))
		if got != want || err != nil {
			t.Errorf("%s: %q (%v), want %q", field, got, err, want)
		}
	}
	// ROUNDUP: 7,549,020 / 7,549,540 = 99.9931% prints 100.00 (ceil).
	if c := s.Rows[s.Fields["funds.rate"].Row].Cells[s.Fields["funds.rate"].Col]; !strings.HasPrefix(c.Formula, "IF(N(") || !strings.Contains(c.Formula, "ROUNDUP(") {
		t.Errorf("rate formula %q", c.Formula)
	}
}

// User text that looks like a formula stays text.
func TestUserTextStaysText(t *testing.T) {
	tricky := []string{`=HYPERLINK("http://x","y")`, "+SUM(A1:A3)", "-1", "@x", "=1+1"}
	f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", "housing-fund-system.toml"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f.Project.Name.Val = tricky[0]
	for i := range f.Indicators {
		f.Indicators[i].Reason.Val = tricky[i%len(tricky)]
	}
	s := resolveForm(t, f)
	book := open(t, write(t, []*render.Sheet{s}, Options{}))
	name := book.GetSheetName(0)
	checked := 0
	for field, at := range s.Fields {
		c := s.Rows[at.Row].Cells[at.Col]
		if !slices.Contains(tricky, c.Text) {
			continue
		}
		checked++
		ref := a1(at.Row, at.Col)
		got, _ := book.GetCellValue(name, ref)
		formula, _ := book.GetCellFormula(name, ref)
		typ, _ := book.GetCellType(name, ref)
		if got != c.Text || formula != "" || typ != excelize.CellTypeInlineString {
			t.Errorf("%s %s: %q formula %q type %v, want the text %q", field, ref, got, formula, typ, c.Text)
		}
	}
	if checked < len(tricky) {
		t.Errorf("only %d tricky cells", checked)
	}
	if name != "=HYPERLINK(\"http：／／x\",\"y\")" {
		t.Errorf("sheet name %q", name)
	}
}
