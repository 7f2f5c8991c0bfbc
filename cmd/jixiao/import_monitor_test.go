package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
)

const healthTOML = "data/2025/basic-public-health.toml"

// renderedMonitoring copies a data file into a new folder and renders its
// 绩效运行监控表 workbook; it returns the data file's and the workbook's paths.
func renderedMonitoring(t *testing.T, src []byte) (data, wb string) {
	t.Helper()
	dir := t.TempDir()
	data = filepath.Join(dir, "e.toml")
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "render", "-q", "--template", "mof-project-monitoring", "-f", "xlsx", "-o", dir, data); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	return data, filepath.Join(dir, "e-监控.xlsx")
}

// An unedited monitoring workbook imports to exactly its data: no change,
// the file byte for byte as it was, checked as the 绩效运行监控表.
func TestImportMonitoringUnedited(t *testing.T) {
	src, err := os.ReadFile(healthTOML)
	if err != nil {
		t.Fatal(err)
	}
	data, wb := renderedMonitoring(t, src)
	stdout, stderr, code := run(t, "import", "--into", data, wb)
	if now, _ := os.ReadFile(data); code != 0 || !strings.Contains(stdout, "没有改动") || string(now) != string(src) {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "绩效运行监控表（不计分）；0 个错误，0 个警告") || strings.Contains(stdout, "warning") {
		t.Errorf("not checked as the 绩效运行监控表, or warned:\n%s", stdout)
	}
}

// A department's edits of the monitoring columns come back as exactly what
// it did, written into the file where they stand, its comments kept: a
// progress typed over, a likelihood ticked in another column, a cause
// ticked (causes in the standard order), a cause_note typed.
func TestImportMonitoringEdits(t *testing.T) {
	src, err := os.ReadFile(healthTOML)
	if err != nil {
		t.Fatal(err)
	}
	data, wb := renderedMonitoring(t, src)
	const comment = "# 七月底的数据，八月上报\n"
	replaceInFile(t, data, "progress = \"=58%\"\n", comment+"progress = \"=58%\"\n")
	before, _ := os.ReadFile(data)
	setByName(t, wb, "2型糖尿病患者规范管理率", "F", "=55%", "M", "", "N", "✓", "J", "✓", "P", "随访人员不足。")
	setByName(t, wb, "高血压患者规范管理率", "N", "", "O", "√", "H", "✓")
	stdout, stderr, code := run(t, "import", "--into", data, wb)
	want := []string{
		`~ indicators[3].likelihood: "有可能" → "完全不可能"（高血压患者规范管理率）`,
		`~ indicators[3].causes: ["人员保障"] → ["经费保障", "人员保障"]（高血压患者规范管理率）`,
		`~ indicators[4].progress: "=58%" → "=55%"（2型糖尿病患者规范管理率）`,
		`~ indicators[4].likelihood: "确定能" → "有可能"（2型糖尿病患者规范管理率）`,
		`+ indicators[4].causes = ["人员保障"]（2型糖尿病患者规范管理率）`,
		`+ indicators[4].cause_note = "随访人员不足。"（2型糖尿病患者规范管理率）`,
	}
	if got := changeLines(stdout); !slices.Equal(got, want) {
		t.Errorf("changes:\n%s\nwant:\n%s\n(exit %d, stdout:\n%s%s)", strings.Join(got, "\n"), strings.Join(want, "\n"), code, stdout, stderr)
	}
	now, _ := os.ReadFile(data)
	expect := strings.NewReplacer(
		"likelihood = \"有可能\"\ncauses = [\"人员保障\"]\ncause_note = \"随访医生", "likelihood = \"完全不可能\"\ncauses = [\"经费保障\", \"人员保障\"]\ncause_note = \"随访医生",
		comment+"progress = \"=58%\"\nforecast = \"≥60%\"\nlikelihood = \"确定能\"\nactual = \"=61.5%\"\nweight = 7\n",
		comment+"progress = \"=55%\"\nforecast = \"≥60%\"\nlikelihood = \"有可能\"\nactual = \"=61.5%\"\nweight = 7\ncauses = [\"人员保障\"]\ncause_note = \"随访人员不足。\"\n",
	).Replace(string(before))
	if string(now) != expect {
		t.Errorf("data file:\n%s\nwant:\n%s", now, expect)
	}
	f, diags := jixiao.LoadFile(data)
	if f == nil || diags.ForMonitoring().HasErrors() {
		t.Fatalf("%v", diags)
	}
	if ind := f.Indicators[3]; ind.Progress.Val != "=55%" || ind.Likelihood.Val != jixiao.Possible || !slices.Equal(ind.Causes.Names(), []string{"人员保障"}) {
		t.Errorf("indicator 4 loads as %+v", ind)
	}
	// Its edits are in the data now: render replaces the workbook unasked.
	if _, stderr, code := run(t, "render", "-q", "--template", "mof-project-monitoring", "-f", "xlsx", "-o", filepath.Dir(wb), data); code != 0 {
		t.Errorf("render after the import: exit %d\n%s", code, stderr)
	}
}

// Without --into a monitoring workbook becomes a new file holding every
// value the form shows: [monitor] (its month from the 1–7月 labels), each
// funds row's to_date and forecast, each indicator's monitoring keys; no
// template key (the file's stays the 自评表's).
func TestImportMonitoringNewFile(t *testing.T) {
	src, err := os.ReadFile(healthTOML)
	if err != nil {
		t.Fatal(err)
	}
	_, wb := renderedMonitoring(t, src)
	out := filepath.Join(filepath.Dir(wb), "new.toml")
	if stdout, stderr, code := run(t, "import", "-o", out, wb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	got, diags := jixiao.LoadFile(out)
	if got == nil || diags.ForMonitoring().HasErrors() {
		t.Fatalf("%v", diags)
	}
	want, _ := jixiao.LoadFile(healthTOML)
	asShown(want)
	if d := jixiao.Differences(got, want); len(d) > 0 {
		b, _ := os.ReadFile(out)
		t.Errorf("differs in %v:\n%s", d, b)
	}
	if _, diags := jixiao.Monitor(got); diags.HasErrors() {
		t.Errorf("the new file does not check as a 绩效运行监控表: %v", diags)
	}
}

// asShown leaves out of a form what its monitoring form does not show:
// the template key, the 自评表's columns and the policy the form cannot
// carry (its 执行率 formulas carry rate_rounding).
func asShown(f *jixiao.Form) {
	f.Template = jixiao.Field[string]{}
	f.Policy = jixiao.DefaultPolicy()
	f.Funds.Weight, f.Goals.Achieved = jixiao.Number{}, jixiao.Field[string]{}
	for _, r := range []*jixiao.FundRow{&f.Funds.Total, &f.Funds.Appropriation, &f.Funds.Carryover, &f.Funds.Other} {
		r.Executed = jixiao.Number{}
	}
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		ind.Actual, ind.Reason, ind.Weight, ind.Score = jixiao.Field[string]{}, jixiao.Field[string]{}, jixiao.Number{}, jixiao.Number{}
		slices.SortFunc(ind.Causes.List, func(a, b jixiao.Field[string]) int {
			return slices.Index(jixiao.CauseNames, a.Val) - slices.Index(jixiao.CauseNames, b.Val)
		})
	}
}

// The monitoring workbook through LibreOffice: saved again unchanged it
// imports with no change; a progress typed, the likelihood ticked in
// another column, a cause ticked and a cause_note typed come back as such.
func TestImportMonitoringLibreOffice(t *testing.T) {
	src, err := os.ReadFile(healthTOML)
	if err != nil {
		t.Fatal(err)
	}
	data, wb := renderedMonitoring(t, src)
	dir := filepath.Dir(wb)
	set := func(col, v string) map[string]any {
		return map[string]any{"op": "set", "name": "2型糖尿病患者规范管理率", "col": col, "value": v}
	}
	jobs := []loJob{
		{In: wb, Out: filepath.Join(dir, "resaved.xlsx"), Ops: []map[string]any{}},
		{In: wb, Out: filepath.Join(dir, "edited.xlsx"), Ops: []map[string]any{set("F", "=55%"), set("M", ""), set("N", "✓"), set("J", "✓"), set("P", "随访人员不足。")}},
	}
	libreOfficeEdit(t, dir, jobs)
	stdout, stderr, code := run(t, "import", "--into", data, jobs[0].Out)
	if now, _ := os.ReadFile(data); code != 0 || !strings.Contains(stdout, "没有改动") || string(now) != string(src) {
		t.Errorf("resaved: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = run(t, "import", "--into", data, jobs[1].Out)
	want := []string{
		`~ indicators[4].progress: "=58%" → "=55%"（2型糖尿病患者规范管理率）`,
		`~ indicators[4].likelihood: "确定能" → "有可能"（2型糖尿病患者规范管理率）`,
		`+ indicators[4].causes = ["人员保障"]（2型糖尿病患者规范管理率）`,
		`+ indicators[4].cause_note = "随访人员不足。"（2型糖尿病患者规范管理率）`,
	}
	if got := changeLines(stdout); code != 0 || !slices.Equal(got, want) {
		t.Errorf("edited: exit %d, changes:\n%s\nwant:\n%s\n(stdout:\n%s%s)", code, strings.Join(got, "\n"), strings.Join(want, "\n"), stdout, stderr)
	}
}
