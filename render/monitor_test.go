package render

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
)

// monitorCard loads the 2025 sample for the monitoring form.
func monitorCard(t testing.TB) *jixiao.Scorecard {
	f, diags := jixiao.LoadFile(filepath.Join("..", "data", "2025", "basic-public-health.toml"))
	if f == nil || diags.ForMonitoring().HasErrors() {
		t.Fatal(diags)
	}
	card, diags := jixiao.Monitor(f)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return card
}

func TestMonitoringSheet(t *testing.T) {
	tpl, err := Builtin("mof-project-monitoring")
	if err != nil {
		t.Fatal(err)
	}
	s := mustResolve(t, tpl, monitorCard(t))
	at := func(field string) Cell {
		t.Helper()
		a, ok := s.Fields[field]
		if !ok {
			t.Fatalf("no field %s", field)
		}
		return s.Rows[a.Row].Cells[a.Col]
	}
	for field, want := range map[string]string{
		"funds.total.to_date": "768.75", "funds.total.forecast": "1,330.00", "funds.total.rate": "56.94",
		"funds.appropriation.rate": "52.34", "funds.carryover.to_date": "156.40",
		"indicators.2.progress": "=61%", "indicators.2.forecast": "=63%", "indicators.2.cause_note": "随访医生不足，部分患者外出务工失访。",
		"indicators.2.causes.人员保障": Mark, "indicators.2.causes.经费保障": "", "indicators.2.likelihood.有可能": Mark,
		"indicators.2.likelihood.确定能": "", "indicators.5.note": "已商请区公安分局协助核查在册患者。",
	} {
		if got := at(field).Text; got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	if c := at("indicators.2.causes.其他"); !slices.Equal(c.Choices, []string{Mark}) || !c.Editable {
		t.Errorf("a ✓ column offers ✓ and is unlocked: %+v", c)
	}
	if c := at("monitor.problems"); !c.Editable || !strings.HasPrefix(c.Text, "一是重点人群") {
		t.Errorf("problems: %+v", c)
	}
	for _, f := range []string{"funds.total.to_date", "funds.total.rate", "funds.other.rate"} {
		if at(f).Editable {
			t.Errorf("%s is computed: locked", f)
		}
	}
	if got := at("funds.total.to_date").Formula; got != "SUM(J7,J8,J9)" {
		t.Errorf("to_date total formula %q", got)
	}
	if got := at("funds.total.rate").Formula; got != `IF(J6="","",IF(N(G6)<>0,ROUND(ROUND(J6/G6*100,8),2),IF(N(E6)<>0,ROUND(ROUND(J6/E6*100,8),2),"")))` {
		t.Errorf("rate formula %q", got)
	}
	b := s.Block
	if b.First != b.Header+2 || s.Repeat.R0 != b.Header || s.Repeat.R1 != b.Header+1 {
		t.Errorf("a two-row header: block %+v repeat %+v", b, *s.Repeat)
	}
	if got := s.Rows[b.Header].Cells[7].Text; got != "偏差原因分析" {
		t.Errorf("header H = %q", got)
	}
	if got := s.Rows[b.Header+1].Cells[14].Text; got != "完全\n不可能" {
		t.Errorf("sub-header O = %q", got)
	}
	if !slices.Contains(s.Labels, Range{R0: b.Header, C0: 1, R1: b.Header + 1, C1: 1}) {
		t.Error("the tall header cells are drawn again on every page: Labels")
	}
	if got := cellAt(t, s, "J5").Text; got != "1–7月执行数" {
		t.Errorf("J5 = %q", got)
	}
	if s.Meta.Total != "" || s.Meta.Grade != "" || !s.Page.Landscape {
		t.Errorf("meta %+v landscape %v", s.Meta, s.Page.Landscape)
	}
}

// The monitoring 汇总表: budget, 1–N月执行数, rate, forecast, indicators at risk.
func TestMonitoringSummary(t *testing.T) {
	card := monitorCard(t)
	s, err := Summary("2025 年度项目支出绩效目标执行监控汇总表", []*jixiao.Scorecard{card, card}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Rows[1].Cells[4:] {
		got = append(got, c.Text)
	}
	if strings.Join(got, "|") != "全年预算数（元）|1–7月执行数（元）|1–7月执行率(%)|全年预计执行数（元）|“有可能”指标数|“完全不可能”指标数" {
		t.Errorf("header %q", got)
	}
	got = got[:0]
	for _, c := range s.Rows[2].Cells[4:] {
		got = append(got, c.Text)
	}
	if strings.Join(got, "|") != "13,500,000.00|7,687,500.00|56.94|13,300,000.00|3|1" {
		t.Errorf("row %q", got)
	}
	got = got[:0]
	for _, c := range s.Rows[4].Cells[4:] {
		got = append(got, c.Text)
	}
	if strings.Join(got, "|") != "27,000,000.00|15,375,000.00|56.94|26,600,000.00|6|2" {
		t.Errorf("total %q", got)
	}
	scored, _ := jixiao.Score(card.Form)
	if _, err := Summary("x", []*jixiao.Scorecard{card, scored}, nil); err == nil {
		t.Error("a 汇总表 of both forms is refused")
	}
}

// The monitoring form's closing rows (problems, measures) go with the last
// indicator onto a page, as 总分 does on the 自评表: never alone under a
// repeated indicator header.
func TestMonitoringKeepsClosingRows(t *testing.T) {
	tpl, err := Builtin("mof-project-monitoring")
	if err != nil {
		t.Fatal(err)
	}
	s := mustResolve(t, tpl, monitorCard(t))
	want := Range{R0: s.Block.Last, R1: len(s.Rows) - 1, C1: len(s.Columns) - 1}
	if want.R1 <= want.R0+1 || !slices.Contains(s.Keep, want) {
		t.Errorf("Keep %v lacks %v", s.Keep, want)
	}
}
