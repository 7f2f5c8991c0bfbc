package jixiao

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func loadSeed(t *testing.T, name string) (*Scorecard, Diagnostics) {
	t.Helper()
	f, diags := LoadFile(filepath.Join("data", "2020", name))
	if f == nil {
		t.Fatalf("%s: %v", name, diags)
	}
	sc, more := Score(f)
	diags = append(diags, more...)
	diags.Sort()
	return sc, diags
}

// The seed forms print these totals; jixiao must agree to the digit.
func TestSeedTotals(t *testing.T) {
	for name, want := range map[string]string{
		"housing-fund-system.toml":  "97.5",
		"district-office-rent.toml": "96",
		"internet-services.toml":    "98",
	} {
		sc, diags := loadSeed(t, name)
		if diags.HasErrors() {
			t.Errorf("%s has errors: %v", name, diags)
		}
		if got := FormatScore(sc.Total); got != want {
			t.Errorf("%s: total %s, want %s", name, got, want)
		}
		if got := FormatRate(sc.Funds.PrintedRate.Val); got != "100.00" || FormatRate(sc.Funds.RuleRate.Val) != "100.00" {
			t.Errorf("%s: rate %s (rule %s), want 100.00", name, got, FormatRate(sc.Funds.RuleRate.Val))
		}
		if sc.Grade != "优" {
			t.Errorf("%s: grade %s", name, sc.Grade)
		}
	}
}

// jixiao check must list the seed's real deviations, and only those.
func TestSeedDeviations(t *testing.T) {
	want := map[string][]string{
		"housing-fund-system.toml": {
			"level-weights: 一级指标分值为 产出指标 40、效益指标 41、满意度指标 9",
			"differs: “故障处理结案率”填报得分 9，按比例规则为 9.91",
			"differs: “业务故障修复率”填报得分 9.5，按比例规则为 9.3",
		},
		"district-office-rent.toml": {
			"level-weights: 一级指标分值为 产出指标 56、效益指标 34、满意度指标 0",
			"no-satisfaction: 没有满意度指标",
		},
		"internet-services.toml": {
			"level-weights: 一级指标分值为 产出指标 48、效益指标 40、满意度指标 2",
			"target-too-low: “直联业务完成量占比情况”实际完成值 =88.27% 是目标值 ≥50.00% 的 1.77 倍",
			"non-standard: 二级指标“绩效指标”不是效益指标的标准二级指标",
		},
	}
	for name, prefixes := range want {
		_, diags := loadSeed(t, name)
		var got []string
		for _, d := range diags {
			got = append(got, string(d.Code)+": "+d.Message)
		}
		if len(got) != len(prefixes) {
			t.Errorf("%s: %d diagnostics, want %d:\n%s", name, len(got), len(prefixes), strings.Join(got, "\n"))
			continue
		}
		for i, p := range prefixes {
			if !strings.HasPrefix(got[i], p) {
				t.Errorf("%s: diagnostic %d is\n  %s\nwant it to start with\n  %s", name, i, got[i], p)
			}
		}
	}
}

func TestSeedRichText(t *testing.T) {
	sc, _ := loadSeed(t, "district-office-rent.toml")
	g := sc.Form.Goals
	if strings.Contains(g.Planned.Val, "<p>") || !strings.HasPrefix(g.Planned.Val, "从办公营业场地") || !strings.HasSuffix(g.Achieved.Val, "服务的需求。") {
		t.Errorf("goals not cleaned of <p>: %q / %q", g.Planned.Val, g.Achieved.Val)
	}
}

// Each file in testdata/broken is a mistake a department makes; its golden
// file is what jixiao check prints for it. go test -run Golden -update rewrites them.
func TestGoldenDiagnostics(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.toml"))
	if len(files) < 5 {
		t.Fatalf("only %d broken files in testdata/broken", len(files))
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.ToSlash(file)
		f, diags := Parse(src, name)
		if f != nil {
			_, more := Score(f)
			diags = append(diags, more...)
		}
		diags.Sort()
		var b strings.Builder
		for _, d := range diags {
			b.WriteString(d.String() + "\n" + Excerpt(src, d.Pos))
		}
		golden := strings.TrimSuffix(file, ".toml") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: diagnostics changed:\n--- got\n%s--- want\n%s", file, b.String(), want)
		}
		if !slices.ContainsFunc(diags, func(d Diagnostic) bool { return d.Severity == Error }) {
			t.Errorf("%s: a broken file must have an error", file)
		}
	}
}
