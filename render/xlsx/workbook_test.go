package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/render"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("长", 18) + "/" + strings.Repeat("x", 21) // 40 characters
	for in, want := range map[string]string{
		"住房公积金管理信息系统（运维）": "住房公积金管理信息系统（运维）",
		long:                    strings.Repeat("长", 18) + "／" + strings.Repeat("x", 12),
		"a[b]c:d*e?f/g\\h":      "a［b］c：d＊e？f／g＼h",
		"'quoted'":              "quoted",
		"":                      "自评表",
		"  ":                    "自评表",
		"tab\there":             "tab here",
		strings.Repeat("😀", 20): strings.Repeat("😀", 15), // 2 UTF-16 units each
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	a, b := seedSheet(t, "housing-fund-system"), seedSheet(t, "internet-services")
	same := *b
	same.Name = a.Name
	hist := *b
	hist.Name = "HISTORY"
	longSheet := *b
	longSheet.Name = long
	longTwin := longSheet
	longS, plainS := *b, *b // U+017F LATIN SMALL LETTER LONG S folds to s, as Excel and excelize compare
	longS.Name, plainS.Name = "\u017f", "s"
	f := open(t, write(t, []*render.Sheet{a, &same, &hist, &longSheet, &longTwin, &longS, &plainS}, Options{}))
	want := []string{a.Name, a.Name + "(2)", "HISTORY(2)", sanitize(long), strings.Repeat("长", 18) + "／" + strings.Repeat("x", 9) + "(2)", "\u017f", "s(2)"}
	if got := formSheets(f); !slices.Equal(got, want) {
		t.Errorf("sheets\n got %q\nwant %q", got, want)
	}
	for _, n := range want {
		if utf16Len(n) > 31 {
			t.Errorf("%q longer than 31", n)
		}
		// Each sheet has its own print names.
		found := false
		for _, dn := range f.GetDefinedName() {
			found = found || dn.Scope == n && dn.Name == "_xlnm.Print_Titles" && strings.HasPrefix(dn.RefersTo, "'"+n+"'!")
		}
		if !found {
			t.Errorf("%s: no print titles", n)
		}
	}
}

// Sheets are protected without a password unless NoProtect; editable cells
// are unlocked; 二级 cells offer a drop-down list.
func TestProtection(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	on := write(t, []*render.Sheet{s}, Options{})
	off := write(t, []*render.Sheet{s}, Options{NoProtect: true})
	xmlOn, xmlOff := part(t, on, "xl/worksheets/sheet1.xml"), part(t, off, "xl/worksheets/sheet1.xml")
	if !strings.Contains(xmlOn, `<sheetProtection`) || strings.Contains(xmlOn, "password") || strings.Contains(xmlOn, "hashValue") {
		t.Errorf("protection: %s", between(xmlOn, "<sheetProtection", "/>"))
	}
	if strings.Contains(xmlOff, "<sheetProtection") {
		t.Error("NoProtect still protects")
	}
	f := open(t, on)
	name := f.GetSheetName(0)
	p, _ := f.GetSheetProtection(name)
	if !p.FormatRows || !p.FormatColumns || !p.SelectUnlockedCells || p.FormatCells || p.InsertRows || p.DeleteRows {
		t.Errorf("protection options %+v", p)
	}
	unlocked := 0
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			id, _ := f.GetCellStyle(name, a1(i, j))
			st, _ := f.GetStyle(id)
			if locked := st.Protection == nil || st.Protection.Locked; !locked {
				unlocked++
			}
			if c.Formula != "" && c.Editable {
				t.Errorf("%s: formula cell editable", a1(i, j))
			}
		}
	}
	if unlocked == 0 {
		t.Error("no unlocked cell")
	}
	dvs, _ := f.GetDataValidations(name)
	l2 := s.Fields["indicators.1.name"] // 故障处理结案率, under 质量指标
	level2 := a1(l2.Row, l2.Col-1)
	if got, _ := f.GetCellValue(name, level2); got != "质量指标" {
		t.Fatalf("%s is %q, not 二级 质量指标", level2, got)
	}
	found := false
	for _, dv := range dvs {
		if slices.Contains(strings.Fields(dv.Sqref), level2) {
			found = dv.Type == "list" && strings.Contains(dv.Formula1, "数量指标,质量指标,时效指标,成本指标")
		}
	}
	if !found {
		t.Errorf("no drop-down on %s: %+v", level2, dvs)
	}
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	in, _, _ := strings.Cut(after, to)
	return in
}

// The same input and time give the same bytes.
func TestDeterministic(t *testing.T) {
	s := seedSheet(t, "internet-services")
	when := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	a := write(t, []*render.Sheet{s}, Options{Modified: when})
	b := write(t, []*render.Sheet{seedSheet(t, "internet-services")}, Options{Modified: when})
	if !bytes.Equal(a, b) {
		t.Error("output differs between runs")
	}
	if core := part(t, a, "docProps/core.xml"); !strings.Contains(core, "2021-03-01T08:00:00Z") {
		t.Errorf("core props: %s", core)
	}
}

func TestWriteRejects(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	bad := *s
	bad.Rows = slices.Clone(s.Rows)
	bad.Rows[0].Cells = slices.Clone(s.Rows[0].Cells)
	bad.Rows[0].Cells[1] = render.Cell{Kind: render.Text, Text: "hidden by the title merge"}
	if err := Write(io.Discard, []*render.Sheet{&bad}, Options{}); err == nil || !strings.Contains(err.Error(), "B1") {
		t.Errorf("text under a merge: %v", err)
	}
	long := *s
	long.Rows = slices.Clone(s.Rows)
	long.Rows[2].Cells = slices.Clone(s.Rows[2].Cells)
	long.Rows[2].Cells[1].Text = strings.Repeat("字", maxCellChars+1)
	if err := Write(io.Discard, []*render.Sheet{&long}, Options{}); err == nil {
		t.Error("text over 32767 characters accepted")
	}
	if err := Write(io.Discard, nil, Options{}); err == nil {
		t.Error("no sheets accepted")
	}
}

func BenchmarkWrite(b *testing.B) {
	s := seedSheet(b, "internet-services")
	sheets := []*render.Sheet{s}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, sheets, Options{Modified: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// A batch workbook: the 汇总表 first, its project names linking to the
// forms' sheets; landscape A4.
func TestSummaryWorkbook(t *testing.T) {
	sheets := summaryAndSeeds(t)
	sum := sheets[0]
	f := open(t, write(t, sheets, Options{}))
	list := formSheets(f)
	if len(list) != 4 || list[0] != "汇总表" {
		t.Fatalf("sheets %q", list)
	}
	links := 0
	for i, row := range sum.Rows {
		for j, c := range row.Cells {
			if c.Link == 0 {
				continue
			}
			links++
			ok, target, err := f.GetCellHyperLink(list[0], a1(i, j))
			if want := "'" + list[c.Link-1] + "'!A1"; !ok || target != want || err != nil {
				t.Errorf("%s: link %v %q (%v), want %q", a1(i, j), ok, target, err, want)
			}
		}
	}
	if links != len(seeds) {
		t.Errorf("%d links, want %d", links, len(seeds))
	}
	layout, _ := f.GetPageLayout(list[0])
	if *layout.Size != 9 || *layout.Orientation != "landscape" {
		t.Errorf("summary page: size %d %s", *layout.Size, *layout.Orientation)
	}
	doc, _ := f.GetDocProps()
	if !strings.HasPrefix(doc.Title, "2020 年度项目支出绩效自评汇总表：") || strings.Contains(doc.Description, "汇总表：模板") {
		t.Errorf("doc props %+v", doc)
	}
}

// summaryAndSeeds is a combined workbook's sheets: the 汇总表 of the seed
// forms, then the forms.
func summaryAndSeeds(t testing.TB) []*render.Sheet {
	t.Helper()
	var cards []*jixiao.Scorecard
	sheets := []*render.Sheet{nil}
	for _, seed := range seeds {
		f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", seed+".toml"))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		card, _ := jixiao.Score(f)
		cards = append(cards, card)
		sheets = append(sheets, resolveForm(t, f))
	}
	sum, err := render.Summary("2020 年度项目支出绩效自评汇总表", cards, nil)
	if err != nil {
		t.Fatal(err)
	}
	sheets[0] = sum
	return sheets
}

// No custom property of a workbook of 40 forms passes Office's 255
// characters; the templates they record by position read back whole.
func TestCustomPropsFit(t *testing.T) {
	var sheets []*render.Sheet
	for i := range 40 {
		s := *seedSheet(t, seeds[i%len(seeds)])
		s.Name = fmt.Sprintf("项目 %d", i+1)
		s.Meta.Source = fmt.Sprintf("2020/某个部门的一个相当长的项目数据文件名-%02d.toml", i+1)
		sheets = append(sheets, &s)
	}
	f := open(t, write(t, sheets, Options{}))
	props, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range props {
		if v, _ := p.Value.(string); utf16Len(v) > 255 {
			t.Errorf("%s: %d characters", p.Name, utf16Len(v))
		}
	}
	got := recordedTemplates(f)
	if len(got) != len(sheets) {
		t.Fatalf("%d templates recorded, want %d", len(got), len(sheets))
	}
	for i, s := range sheets {
		if got[i] != s.Meta.Template {
			t.Errorf("sheet %d: template %q, want %q", i+1, got[i], s.Meta.Template)
		}
	}
	// Each sheet still names its source.
	sources := 0
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "jixiao.source" && strings.Contains(dn.RefersTo, "相当长的项目数据文件名") {
			sources++
		}
	}
	if sources != len(sheets) {
		t.Errorf("%d sources, want %d", sources, len(sheets))
	}
}
