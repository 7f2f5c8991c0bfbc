package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

// monitoringBook is the 2025 sample's 绩效运行监控表 workbook, and the form
// it is rendered from.
func monitoringBook(t testing.TB) (*jixiao.Form, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "data", "2025", "basic-public-health.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, "basic-public-health.toml", src)
	return f, renderMonitoring(t, f)
}

// renderMonitoring writes a form's 绩效运行监控表 workbook.
func renderMonitoring(t testing.TB, f *jixiao.Form) []byte {
	t.Helper()
	tpl, err := render.Builtin("mof-project-monitoring")
	if err != nil {
		t.Fatal(err)
	}
	card, _ := jixiao.Monitor(f)
	s, err := render.Resolve(tpl, card, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, []*render.Sheet{s}, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// monitoringShown is what the monitoring form shows of f: not the template
// key (the file's stays the 自评表's), the policy, the 自评表's columns.
func monitoringShown(f *jixiao.Form) *jixiao.Form {
	g := *f
	g.Template, g.Policy = jixiao.Field[string]{}, jixiao.DefaultPolicy()
	g.Funds.Weight, g.Goals.Achieved = jixiao.Number{}, jixiao.Field[string]{}
	g.Funds.Unit.Set = true
	for _, r := range fundRows(&g.Funds) {
		r.Executed = jixiao.Number{}
	}
	g.Indicators = slices.Clone(f.Indicators)
	for i := range g.Indicators {
		ind := &g.Indicators[i]
		ind.Actual, ind.Reason, ind.Weight, ind.Score = jixiao.Field[string]{}, jixiao.Field[string]{}, jixiao.Number{}, jixiao.Number{}
		ind.Causes.List = slices.Clone(ind.Causes.List)
		slices.SortFunc(ind.Causes.List, func(a, b jixiao.Field[string]) int {
			return slices.Index(jixiao.CauseNames, a.Val) - slices.Index(jixiao.CauseNames, b.Val)
		})
	}
	return &g
}

// A monitoring workbook reads back to what it shows, month (from its
// 1–7月 labels), [monitor], to_date and forecast, every indicator's
// monitoring columns included; with its data file, to exactly the file.
func TestReadMonitoringRoundTrip(t *testing.T) {
	f, wb := monitoringBook(t)
	got := readOne(t, wb, ReadOptions{})
	if d := jixiao.Differences(got, monitoringShown(f)); len(d) > 0 {
		t.Errorf("read alone, differs in %v", d)
	}
	if got.Monitor.Month.Val != 7 || !got.Indicators[9].Causes.Has("制度保障") || got.Funds.Carryover.ToDate.Val.String() != "156.4" {
		t.Errorf("read %+v", got.Monitor)
	}
	merged := readOne(t, wb, ReadOptions{Base: f})
	if d := jixiao.Differences(merged, f); len(d) > 0 {
		t.Errorf("read with its data file, differs in %v", d)
	}
	f.Policy.RateRounding = jixiao.Field[jixiao.Rounding]{Val: jixiao.RoundCeil, Set: true}
	if got := readOne(t, renderMonitoring(t, f), ReadOptions{}); got.Policy.RateRounding != f.Policy.RateRounding {
		t.Errorf("rate_rounding %+v: the 执行率 formula says ceil", got.Policy.RateRounding)
	}
}

// monitoringRow is the row (1-based) of the monitoring sheet whose 三级指标
// is name.
func monitoringRow(t testing.TB, f *excelize.File, name string) string {
	t.Helper()
	rows, _ := f.GetRows(f.GetSheetName(0))
	for i, row := range rows {
		if len(row) > 3 && row[3] == name {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("no row %q", name)
	return ""
}

// setCells types values into the monitoring sheet: cells given by column
// and the row of an indicator's name ("2型糖尿病患者规范管理率"), or by
// reference when name is "".
func setCells(t testing.TB, wb []byte, name string, kv ...string) []byte {
	return editWorkbook(t, wb, func(f *excelize.File) error {
		r := ""
		if name != "" {
			r = monitoringRow(t, f, name)
		}
		for i := 0; i < len(kv); i += 2 {
			if err := f.SetCellValue(f.GetSheetName(0), kv[i]+r, kv[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// A ✓ column takes √ as ✓, and anything else typed there as a tick with
// a warning; two likelihoods ticked are an error at the first.
func TestReadMonitoringTicks(t *testing.T) {
	_, wb := monitoringBook(t)
	wb = setCells(t, wb, "2型糖尿病患者规范管理率", "M", "", "N", "√", "L", "x")
	out, err := Read(bytes.NewReader(wb), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ind := out[0].Form.Indicators[3]
	if ind.Likelihood.Val != jixiao.Possible || !slices.Equal(ind.Causes.Names(), []string{"其他"}) {
		t.Errorf("read likelihood %q, causes %v", ind.Likelihood.Val, ind.Causes.Names())
	}
	if len(out[0].Problems) != 1 || !strings.Contains(out[0].Problems[0].Message, "!L17：“x”按勾选（✓）读入") {
		t.Errorf("problems: %v", out[0].Problems)
	}
	wb = setCells(t, wb, "服务对象满意度", "O", "✓")
	out, err = Read(bytes.NewReader(wb), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := out[0].Problems; !p.HasErrors() || !strings.Contains(fmt.Sprint(p), "完成目标可能性只能选一项，现为 确定能、完全不可能") {
		t.Errorf("problems: %v", p)
	}
}

// With the data file, what the department changed is merged by field: a
// to_date and a text of [monitor] typed are taken; a likelihood both
// changed, differently, is a conflict at its ✓ cell and the file's stays.
func TestReadMonitoringMerge(t *testing.T) {
	f, wb := monitoringBook(t)
	wb = setCells(t, wb, "", "J7", "700", "C26", "没有问题。")
	wb = setCells(t, wb, "高血压患者规范管理率", "M", "✓", "N", "")
	ours := *f
	ours.Indicators = slices.Clone(f.Indicators)
	ours.Indicators[2].Likelihood.Val = jixiao.Impossible
	out, err := Read(bytes.NewReader(wb), ReadOptions{Base: &ours})
	if err != nil {
		t.Fatal(err)
	}
	got := out[0].Form
	if !got.Funds.Appropriation.ToDate.Val.Equal(decimal.NewFromInt(700)) || got.Monitor.Problems.Val != "没有问题。" {
		t.Errorf("merged to_date %v, problems %q", got.Funds.Appropriation.ToDate.Val, got.Monitor.Problems.Val)
	}
	if got.Indicators[2].Likelihood.Val != jixiao.Impossible {
		t.Errorf("likelihood %q: the file's should stay", got.Indicators[2].Likelihood.Val)
	}
	want := `indicators[3].likelihood（高血压患者规范管理率）：工作簿中为 "确定能"，单元格 M16，数据文件中为 "完全不可能"`
	if c := out[0].Conflicts; len(c) != 1 || c[0].String() != want {
		t.Errorf("conflicts %v\nwant %s", c, want)
	}
}

// The month is read from the first 1–N月 label; one that shows another
// month is a warning, and the data's month (with --into) stands.
func TestReadMonitoringMonth(t *testing.T) {
	f, wb := monitoringBook(t)
	wb = setCells(t, wb, "", "M5", "1–8月执行率(%)")
	out, err := Read(bytes.NewReader(wb), ReadOptions{Base: f})
	if err != nil {
		t.Fatal(err)
	}
	if p := out[0].Problems; len(p) != 1 || !strings.Contains(p[0].Message, "!M5：这里是 1–8月，J5 是 1–7月") || out[0].Form.Monitor.Month.Val != 7 {
		t.Errorf("problems %v, month %d", p, out[0].Form.Monitor.Month.Val)
	}
}
