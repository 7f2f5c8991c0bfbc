package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/testtool"
)

const monitorSample = "data/2025/basic-public-health.toml"

// midYear writes the sample as it stood in August: no actuals, scores,
// reasons or 全年执行数 yet, no 实际完成情况.
func midYear(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(monitorSample)
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`(?m)^(actual|score|reason) = .*\n`).ReplaceAllString(string(src), "")
	s = regexp.MustCompile(`, executed = "[0-9.]+"`).ReplaceAllString(s, "")
	s = regexp.MustCompile(`(?m)^achieved = .*\n`).ReplaceAllString(s, "")
	path := filepath.Join(dir, "年中.toml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckMonitoring(t *testing.T) {
	mid := midYear(t, t.TempDir())
	if _, stderr, code := run(t, "check", "--template", "mof-project-monitoring", monitorSample, mid); code != 0 {
		t.Errorf("check for the monitoring form: exit %d\n%s", code, stderr)
	}
	if stdout, stderr, code := run(t, "check", "--brief", mid); code != exitFailed || !strings.Contains(stdout, "缺少实际完成值") ||
		!strings.Contains(stderr, "提示：这个文件有年中的 [monitor]；按绩效运行监控表检查请加 --template mof-project-monitoring") {
		t.Errorf("a mid-year file is no 自评表, and check says how to check it: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, code := run(t, "check", "--template", "mof-project-monitoring", "testdata/monitoring/rules.toml")
	if code != exitFailed || !strings.Contains(stdout, "testdata/monitoring/rules.toml:12:1: error: 缺少监控月份") ||
		strings.Contains(stdout, "缺少实际完成值") || !strings.Contains(stdout, "    ^") {
		t.Errorf("rules.toml: exit %d\n%s", code, stdout)
	}
}

// The monitoring form renders from the same file as the 自评表, both
// formats: every input text is in the PDF, the workbook's cells hold the
// values, ✓ columns and likelihoods offer drop-downs, input cells are
// unlocked.
func TestRenderMonitoring(t *testing.T) {
	out := t.TempDir()
	if stdout, stderr, code := run(t, "render", "--template", "mof-project-monitoring", "-o", out, monitorSample); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	base := filepath.Join(out, "basic-public-health-监控") // beside the 自评表's files, never over them
	f, _ := jixiao.LoadFile(monitorSample)
	checkPDFText(t, base+".pdf", monitorTexts(f))
	book, err := excelize.OpenFile(base + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet := book.GetSheetName(0)
	for cell, want := range map[string]string{
		"A1": "项目支出绩效目标执行监控表", "C3": "2025年基本公共卫生服务项目补助", "J5": "1–7月执行数",
		"E6": "1,280.00", "J6": "768.75", "M6": "56.94", "P6": "1,330.00", "J7": "612.35", "M8": "86.89",
		"D16": "高血压患者规范管理率", "F16": "=61%", "G16": "=63%", "J16": "✓", "H16": "", "N16": "✓", "M16": "",
		"P16": "随访医生不足，部分患者外出务工失访。", "O23": "✓", "H24": "✓", "K24": "✓",
	} {
		if got, _ := book.GetCellValue(sheet, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if fm, _ := book.GetCellFormula(sheet, "M6"); !strings.Contains(fm, "J6/G6*100") {
		t.Errorf("M6 formula %q", fm)
	}
	lists := map[string]string{}
	dvs, _ := book.GetDataValidations(sheet)
	for _, dv := range dvs {
		for _, ref := range strings.Fields(dv.Sqref) {
			lists[ref] = dv.Formula1
		}
	}
	for _, cell := range []string{"H16", "N16", "O23"} {
		if !strings.Contains(lists[cell], "✓") && !strings.Contains(anyList(lists, cell), "✓") {
			t.Errorf("%s offers no ✓ drop-down (validations %v)", cell, lists)
		}
	}
	for cell, locked := range map[string]bool{"C3": false, "J7": false, "F16": false, "N16": false, "P16": false, "C26": false, "C27": false, "J6": true, "M6": true, "A1": true} {
		id, _ := book.GetCellStyle(sheet, cell)
		st, _ := book.GetStyle(id)
		if got := st.Protection == nil || st.Protection.Locked; got != locked {
			t.Errorf("%s locked = %v, want %v", cell, got, locked)
		}
	}
}

// anyList finds the list of a range such as "H14:H25" that holds cell.
func anyList(lists map[string]string, cell string) string {
	for ref, l := range lists {
		a, b, ok := strings.Cut(ref, ":")
		if !ok || a[0] != cell[0] || b[0] != cell[0] {
			continue
		}
		n, lo, hi := atoi(cell[1:]), atoi(a[1:]), atoi(b[1:])
		if lo <= n && n <= hi {
			return l
		}
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// monitorTexts are the texts of a form the monitoring form prints.
func monitorTexts(f *jixiao.Form) []string {
	texts := []string{f.Project.Name.Val, f.Project.Department.Val, f.Project.Implementer.Val, f.Goals.Planned.Val,
		f.Monitor.Progress.Val, f.Monitor.Problems.Val, f.Monitor.Measures.Val}
	for _, ind := range f.Indicators {
		texts = append(texts, ind.Level1.Val, ind.Level2.Val, ind.Name.Val, ind.Target.Val, ind.Progress.Val, ind.Forecast.Val, ind.CauseNote.Val, ind.Note.Val)
	}
	return texts
}

// checkPDFText reads the PDF's text back (pdftotext) and finds every text
// in it verbatim, white space aside (lines break inside cells).
func checkPDFText(t *testing.T, path string, texts []string) {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "pdftotext"), "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(string(out)), "")
	for _, s := range texts {
		if w := strings.Join(strings.Fields(s), ""); w != "" && !strings.Contains(got, w) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
}

// --combined with the monitoring template: a 汇总表 of the monitoring
// figures, then each form; a mid-year file and a year-end one together.
func TestRenderMonitoringCombined(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	mid := midYear(t, in)
	src, _ := os.ReadFile(monitorSample)
	os.WriteFile(filepath.Join(in, "全年.toml"), src, 0o644)
	if stdout, stderr, code := run(t, "render", "--combined", "--template", "mof-project-monitoring", "-o", out, in); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	book, err := excelize.OpenFile(filepath.Join(out, "汇总-监控.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if got := book.GetSheetList(); len(got) < 3 || got[0] != "汇总表" {
		t.Errorf("sheets %q", got)
	}
	for cell, want := range map[string]string{
		"A1": "2025 年度项目支出绩效目标执行监控汇总表", "F2": "1–7月执行数（元）", "I2": "“有可能”指标数",
		"E3": "13,500,000.00", "F3": "7,687,500.00", "G3": "56.94", "H3": "13,300,000.00", "I3": "3", "J3": "1",
		"I5": "6", "J5": "2", "F5": "15,375,000.00",
	} {
		if got, _ := book.GetCellValue("汇总表", cell); got != want {
			t.Errorf("汇总表 %s = %q, want %q", cell, got, want)
		}
	}
	checkPDFText(t, filepath.Join(out, "汇总-监控.pdf"), []string{"2025年度项目支出绩效目标执行监控汇总表", "项目支出绩效目标执行监控表", "“完全不可能”指标数"})
	if _, _, code := run(t, "render", "--combined", "-o", t.TempDir(), mid); code != exitFailed {
		t.Error("a mid-year file renders no 自评表")
	}
}

// Both forms of one data file render into one folder without one replacing
// the other: the monitoring form's files end in -监控.
func TestBothFormsInOneFolder(t *testing.T) {
	out := t.TempDir()
	for _, args := range [][]string{{"render", "-o", out, monitorSample}, {"render", "--template", "mof-project-monitoring", "-o", out, monitorSample}} {
		if _, stderr, code := run(t, args...); code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr)
		}
	}
	for name, title := range map[string]string{"basic-public-health.xlsx": "自评表", "basic-public-health-监控.xlsx": "监控表"} {
		f, err := excelize.OpenFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if a1, _ := f.GetCellValue(f.GetSheetName(0), "A1"); !strings.Contains(a1, title) {
			t.Errorf("%s: A1 = %q, want the %s", name, a1, title)
		}
		f.Close()
	}
}
