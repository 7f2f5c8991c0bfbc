package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
	"jixiao/render/xlsx"
)

const housingTOML = "data/2020/housing-fund-system.toml"

// workbookOf writes the forms of the given data files as one workbook.
func workbookOf(t *testing.T, path string, inputs ...string) {
	t.Helper()
	var sheets []*render.Sheet
	for _, in := range inputs {
		f, diags := jixiao.LoadFile(in)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		s, err := render.ResolveForm(f)
		if err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, s)
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, sheets, xlsx.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editCells types values into the first sheet of a workbook file.
func editCells(t *testing.T, path string, kv ...any) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	for i := 0; i < len(kv); i += 2 {
		if err := f.SetCellValue(sheet, kv[i].(string), kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"import"},
		{"import", "a.xlsx", "b.xlsx"},
		{"import", "--into", "a.toml", "-o", "b.toml", "a.xlsx"},
		{"import", "--no-such-flag", "a.xlsx"},
	} {
		if _, stderr, code := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	if stdout, _, code := run(t, "import", "-h"); code != 0 || !strings.Contains(stdout, "-into") {
		t.Errorf("-h: exit %d\n%s", code, stdout)
	}
	if stdout, _, _ := run(t, "help"); !strings.Contains(stdout, "import") {
		t.Errorf("help does not list import:\n%s", stdout)
	}
}

// Without -o the data file lands next to the workbook, named after it; an
// existing file is never overwritten without --force.
func TestImportNextToWorkbook(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "住房.xlsx")
	workbookOf(t, wb, housingTOML)
	stdout, stderr, code := run(t, "import", wb)
	out := filepath.Join(dir, "住房.toml")
	if code != 0 || !strings.Contains(stdout, "已导入 工作表“住房公积金管理信息系统（运维）” → "+out) ||
		!strings.Contains(stdout, out+"：总分 97.5（优）；0 个错误，4 个警告") || !strings.Contains(stderr, "--into") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	f, diags := jixiao.LoadFile(out)
	if diags.HasErrors() || f.Project.Name.Val != "住房公积金管理信息系统（运维）" || len(f.Indicators) != 11 {
		t.Fatalf("%v %+v", diags, f)
	}
	written, _ := os.ReadFile(out)

	_, stderr, code = run(t, "import", wb)
	if code != exitFailed || !strings.Contains(stderr, "已存在，没有覆盖它") || !strings.Contains(stderr, "--force") {
		t.Fatalf("second import: exit %d\n%s", code, stderr)
	}
	os.WriteFile(out, []byte("# 手写的\n"), 0o644)
	if _, stderr, code = run(t, "import", "--force", wb); code != 0 {
		t.Fatalf("--force: exit %d\n%s", code, stderr)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, written) {
		t.Errorf("--force wrote something else")
	}
	assertNoTempFiles(t, dir)
}

// -o names the file for one sheet, the directory for several.
func TestImportOutput(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.xlsx")
	workbookOf(t, one, housingTOML)
	file := filepath.Join(dir, "sub", "x.toml")
	if _, stderr, code := run(t, "import", "-o", file, one); code != 0 || !fileExists(file) {
		t.Fatalf("-o file: exit %d\n%s", code, stderr)
	}
	three := filepath.Join(dir, "three.xlsx")
	workbookOf(t, three, housingTOML, "data/2020/district-office-rent.toml", "data/2020/internet-services.toml")
	outDir := filepath.Join(dir, "out")
	stdout, stderr, code := run(t, "import", "-o", outDir, three)
	if code != 0 {
		t.Fatalf("-o dir: exit %d\n%s%s", code, stdout, stderr)
	}
	for i := 1; i <= 3; i++ {
		if p := filepath.Join(outDir, "three-"+string(rune('0'+i))+".toml"); !fileExists(p) || !strings.Contains(stdout, p) {
			t.Errorf("%s not written:\n%s", p, stdout)
		}
	}
	if _, stderr, code := run(t, "import", "-o", file, three); code != exitFailed || !strings.Contains(stderr, "应是一个目录") {
		t.Errorf("-o an existing file for 3 sheets: exit %d\n%s", code, stderr)
	}
	// Next to the workbook, each sheet with its position.
	if _, _, code := run(t, "import", three); code != 0 || !fileExists(filepath.Join(dir, "three-2.toml")) {
		t.Errorf("default names for several sheets: exit %d", code)
	}
}

// --into writes the department's changes back into the data file, keeping
// its comments, and says what changed and what it did to the total.
func TestImportInto(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "housing-fund-system.toml")
	orig, _ := os.ReadFile(housingTOML)
	os.WriteFile(data, orig, 0o644)
	wb := filepath.Join(dir, "housing-fund-system.xlsx")
	workbookOf(t, wb, data)

	stdout, stderr, code := run(t, "import", "--into", data, wb)
	if code != 0 || !strings.Contains(stdout, "一致，没有改动") {
		t.Fatalf("unedited: exit %d\n%s%s", code, stdout, stderr)
	}
	if now, _ := os.ReadFile(data); !bytes.Equal(now, orig) {
		t.Fatal("an unedited workbook changed the data file")
	}

	editCells(t, wb, "F14", "=99.5%", "H14", 9.5, "I22", "")
	stdout, stderr, code = run(t, "import", "--into", data, wb)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`~ indicators[2].actual: "=99.11%" → "=99.5%"（故障处理结案率）`,
		`~ indicators[2].score: 9 → 9.5（故障处理结案率）`,
		`- indicators[10].reason = "指标不适用`,
		"已写回 " + data,
		data + "：总分 97.5 → 98（优）",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	now, _ := os.ReadFile(data)
	if !strings.Contains(string(now), "# Shanghai rounds 执行率 up") || !strings.Contains(string(now), `actual = "=99.5%"`) ||
		!strings.Contains(string(now), `executed = "7,549,020" }`) {
		t.Errorf("data file:\n%s", now)
	}
	assertNoTempFiles(t, dir)
}

func TestImportFailures(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("not a workbook"), 0o644)
	if _, stderr, code := run(t, "import", bad); code != exitFailed || !strings.Contains(stderr, "这是文本文件（如 CSV），不是 .xlsx") {
		t.Errorf("not a workbook: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "import", filepath.Join(dir, "missing.xlsx")); code != exitFailed || !strings.Contains(stderr, "不存在") {
		t.Errorf("missing: exit %d\n%s", code, stderr)
	}

	wb := filepath.Join(dir, "amount.xlsx")
	workbookOf(t, wb, housingTOML)
	editCells(t, wb, "D7", "约 755 万")
	stdout, stderr, code := run(t, "import", wb)
	if code != exitFailed || !strings.Contains(stdout, "!D7：金额“约 755 万”无法读作数字") || !strings.Contains(stderr, "没有导入") {
		t.Errorf("unreadable amount: exit %d\n%s%s", code, stdout, stderr)
	}
	if fileExists(filepath.Join(dir, "amount.toml")) {
		t.Error("a sheet with an unreadable amount was written")
	}

	plain := filepath.Join(dir, "plain.xlsx")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "随便什么")
	f.SaveAs(plain)
	stdout, stderr, code = run(t, "import", plain)
	if code != exitFailed || !strings.Contains(stdout, "不是 jixiao 生成的自评表") || !strings.Contains(stderr, "没有 jixiao 生成的自评表") {
		t.Errorf("plain workbook: exit %d\n%s%s", code, stdout, stderr)
	}

	// Edits that leave the data with errors are written, and reported.
	errs := filepath.Join(dir, "weights.xlsx")
	workbookOf(t, errs, housingTOML)
	editCells(t, errs, "G13", 20)
	stdout, stderr, code = run(t, "import", errs)
	if code != exitFailed || !strings.Contains(stdout, "error:") || !strings.Contains(stderr, "已写出，但数据有 1 个错误") {
		t.Errorf("weights: exit %d\n%s%s", code, stdout, stderr)
	}
}
