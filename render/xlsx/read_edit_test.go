package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

const housingSheet = "住房公积金管理信息系统（运维）"

func housingForm(t testing.TB) (*jixiao.Form, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "data", "2020", "housing-fund-system.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return mustParse(t, "housing-fund-system.toml", src), src
}

// editWorkbook changes a workbook with excelize, as a department would in Excel.
func editWorkbook(t testing.TB, wb []byte, change func(f *excelize.File) error) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := change(f); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// findRow is the row (1-based) whose 三级指标 cell is name.
func findRow(t testing.TB, f *excelize.File, name string) int {
	t.Helper()
	rows, _ := f.GetRows(housingSheet)
	for i, row := range rows {
		if len(row) > 3 && row[3] == name {
			return i + 1
		}
	}
	t.Fatalf("no row %q", name)
	return 0
}

// departmentEdits are what a department does to the housing form: new
// values typed over old ones (an amount as text with separators, a reported
// score, a reason over two lines), a row deleted, a row inserted inside a
// merged group and one right below a group, outside its merges, a note
// beside the table and a label changed.
func departmentEdits(t testing.TB) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		s := housingSheet
		set := func(cell string, v any) {
			if err := f.SetCellValue(s, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		set("F14", "=99.5%")
		set("I14", "新的原因\r\n第二行")
		set("E7", "7,549,020.50")
		set("E6", 7549020.5)
		set("K12", "备注：已核对")
		set("B10", "预期目标")
		if err := f.RemoveRow(s, findRow(t, f, "社会影响力")); err != nil {
			return err
		}
		set("H"+itoa(findRow(t, f, "巡检报告")), 9.5)
		at := findRow(t, f, "巡检报告") // inside the merged 质量指标 (C14:C15)
		if err := f.InsertRows(s, at, 1); err != nil {
			return err
		}
		for col, v := range map[string]any{"D": "巡检覆盖率", "E": "=100%", "F": "=98%", "G": 2, "I": "个别巡检点因施工无法进入"} {
			set(col+itoa(at), v)
		}
		at = findRow(t, f, "业务故障修复率") // the first row of 效益指标: the new row is outside every merge
		if err := f.InsertRows(s, at, 1); err != nil {
			return err
		}
		for col, v := range map[string]any{"D": "应急响应时间", "E": "<=2 小时", "F": "<=2 小时", "G": 1} {
			set(col+itoa(at), v)
		}
		return nil
	}
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

// editedHousing is the housing form after departmentEdits.
func editedHousing(t testing.TB) *jixiao.Form {
	f, _ := housingForm(t)
	text := func(s string) jixiao.Field[string] { return jixiao.Field[string]{Val: s, Set: true} }
	num := func(s string) jixiao.Number { return jixiao.Number{Val: decimal.RequireFromString(s), Set: true} }
	f.Indicators[1].Actual = text("=99.5%")
	f.Indicators[1].Reason = text("新的原因\n第二行")
	f.Indicators[2].Score = num("9.5")
	f.Funds.Appropriation.Executed = num("7549020.50")
	f.Funds.Total.Executed = num("7549020.5")
	inds := slices.Delete(f.Indicators, 9, 10) // 社会影响力
	inds = slices.Insert(inds, 4, jixiao.Indicator{Level1: text("产出指标"), Level2: text("时效指标"),
		Name: text("应急响应时间"), Target: text("<=2 小时"), Actual: text("<=2 小时"), Weight: num("1")})
	inds = slices.Insert(inds, 2, jixiao.Indicator{Level1: text("产出指标"), Level2: text("质量指标"),
		Name: text("巡检覆盖率"), Target: text("=100%"), Actual: text("=98%"), Weight: num("2"), Reason: text("个别巡检点因施工无法进入")})
	f.Indicators = inds
	return f
}

// checkEdited reads an edited housing workbook with and without the data
// file and compares it with what the department did.
func checkEdited(t *testing.T, wb []byte) {
	t.Helper()
	orig, src := housingForm(t)
	want := editedHousing(t)
	out, err := Read(bytes.NewReader(wb), ReadOptions{Name: "edited.xlsx", Base: orig})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Form == nil {
		t.Fatalf("%+v", out)
	}
	got := out[0].Form
	if diff := jixiao.Differences(got, want); len(diff) > 0 {
		t.Errorf("with the data file, differs in %v:\n%s", diff, jixiao.Format(got))
	}
	var msgs []string
	for _, p := range out[0].Problems {
		if p.Severity != jixiao.Warning || p.Pos.File != "edited.xlsx" {
			t.Errorf("problem %v", p)
		}
		msgs = append(msgs, p.Message)
	}
	wantMsgs := []string{
		"工作表“" + housingSheet + "”!B10：应为表格的固定文字“预算目标”，现为“预期目标”；jixiao 不读取这一单元格，改动不会保留",
		"工作表“" + housingSheet + "”!K12：这里不是表格中的栏目，其中的“备注：已核对”没有读入；如需保留，请填到对应的栏目中",
	}
	if !slices.Equal(msgs, wantMsgs) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantMsgs, "\n"))
	}

	// Written back into the data file: the file loads to what was read,
	// keeps its comments, and says what changed.
	updated, changes, err := jixiao.Update(src, "housing-fund-system.toml", got)
	if err != nil {
		t.Fatal(err)
	}
	again := mustParse(t, "updated.toml", updated)
	if diff := jixiao.Differences(again, got); len(diff) > 0 {
		t.Errorf("updated file differs in %v", diff)
	}
	for _, c := range []string{"# Transcribed from the seed document", "rate_rounding = \"ceil\"   # Shanghai rounds", "# The seed splits this row",
		`executed = "7,549,020.50" }`, `budget = "7549540.00"`} {
		if !strings.Contains(string(updated), c) {
			t.Errorf("updated file lost %q", c)
		}
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.String())
	}
	for _, w := range []string{`~ indicators[2].actual: "=99.11%" → "=99.5%"（故障处理结案率）`, `+ indicators[3] “巡检覆盖率”`,
		`+ indicators[6] “应急响应时间”`, `- indicators[10] “社会影响力”`, `~ indicators[4].score: 10 → 9.5（巡检报告）`,
		`~ funds.appropriation.executed: "7,549,020.00" → "7,549,020.50"`} {
		if !slices.Contains(lines, w) {
			t.Errorf("changes lack %q:\n%s", w, strings.Join(lines, "\n"))
		}
	}

	// Without the data file: the same data up to what a workbook cannot carry.
	alone, err := Read(bytes.NewReader(wb), ReadOptions{})
	if err != nil || alone[0].Form == nil {
		t.Fatal(err, alone)
	}
	if got, want := string(jixiao.Format(alone[0].Form)), string(jixiao.Format(asPrinted(t, want, alone[0].Form))); got != want {
		t.Errorf("without the data file:\n%s\n---\n%s", got, want)
	}
}

func TestReadEditedWorkbook(t *testing.T) {
	orig, _ := housingForm(t)
	checkEdited(t, editWorkbook(t, renderForm(t, orig), departmentEdits(t)))
}

// resave converts a workbook with LibreOffice, as a department saving it
// there would; without soffice the test is skipped with a notice (in CI it
// fails).
func resave(t *testing.T, wb []byte) []byte {
	t.Helper()
	soffice := tool(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	if err := os.WriteFile(in, wb, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out"), in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	out, err := os.ReadFile(filepath.Join(dir, "out", "in.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A workbook edited and saved by LibreOffice imports the same. LibreOffice
// keeps the sheet-scoped defined names, the custom properties, the merges
// and the formulas (with their cached values); the round trip of an
// unedited workbook is exact.
func TestReadLibreOfficeResave(t *testing.T) {
	orig, _ := housingForm(t)
	edited := resave(t, editWorkbook(t, renderForm(t, orig), departmentEdits(t)))
	checkEdited(t, edited)

	for _, in := range roundTripForms(t)[3:5] { // a form on each template
		f := mustParse(t, in.name, in.src)
		wb := resave(t, renderForm(t, f))
		if diff := jixiao.Differences(readOne(t, wb, ReadOptions{Base: f}), f); len(diff) > 0 {
			t.Errorf("%s after a LibreOffice re-save differs in %v", in.name, diff)
		}
	}
}

// Without the sheet's defined name, the workbook's custom property gives
// the template by the sheet's position.
func TestReadFallsBackToProperty(t *testing.T) {
	orig, _ := housingForm(t)
	wb := editWorkbook(t, renderForm(t, orig), func(f *excelize.File) error {
		return f.DeleteDefinedName(&excelize.DefinedName{Name: "jixiao.template", Scope: housingSheet})
	})
	out, err := Read(bytes.NewReader(wb), ReadOptions{Base: orig})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Form == nil || len(out[0].Problems) != 1 || !strings.Contains(out[0].Problems[0].Message, "按工作簿属性中第 1 张表的记录") {
		t.Fatalf("%+v", out[0])
	}
	if diff := jixiao.Differences(out[0].Form, orig); len(diff) > 0 {
		t.Errorf("differs in %v", diff)
	}
	// Neither the name nor the property: not a form, unless --template says so.
	bare := editWorkbook(t, wb, func(f *excelize.File) error {
		return f.SetCustomProps(excelize.CustomProperty{Name: "jixiao.template", Value: "a\nb"})
	})
	out, _ = Read(bytes.NewReader(bare), ReadOptions{})
	if out[0].Form != nil || out[0].Problems[0].Code != CodeNotForm {
		t.Fatalf("%+v", out[0])
	}
	tpl, err := render.Builtin("sh-project-self-evaluation")
	if err != nil {
		t.Fatal(err)
	}
	out, _ = Read(bytes.NewReader(bare), ReadOptions{Template: tpl, Base: orig})
	if out[0].Form == nil || len(out[0].Problems) > 0 {
		t.Fatalf("with --template: %+v", out[0])
	}
}
