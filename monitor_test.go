package jixiao

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each file in testdata/monitoring breaks the 绩效运行监控表's rules; its
// golden file is what jixiao check --template mof-project-monitoring prints
// for it. go test -run Golden -update rewrites them.
func TestGoldenMonitoring(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "monitoring", "*.toml"))
	if len(files) < 4 {
		t.Fatalf("only %d files in testdata/monitoring", len(files))
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := monitorDiagnostics(src, filepath.ToSlash(file))
		golden := strings.TrimSuffix(file, ".toml") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s: diagnostics changed:\n--- got\n%s--- want\n%s", file, got, want)
		}
		if !strings.Contains(got, ": error: ") {
			t.Errorf("%s: a broken file must have an error", file)
		}
	}
}

func monitorDiagnostics(src []byte, name string) string {
	f, diags := Parse(src, name)
	diags = diags.ForMonitoring()
	if f != nil {
		_, more := Monitor(f)
		diags = append(diags, more...)
	}
	diags.Sort()
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String() + "\n" + Excerpt(src, d.Pos))
	}
	return b.String()
}

// The monitoring figures of a form without actuals: totals summed from the
// sources, rates by the form's rounding (budget, else the initial budget),
// counts by likelihood.
func TestMonitorFigures(t *testing.T) {
	src := `year = 2025
[project]
name = "x"
[policy]
rate_rounding = "ceil"
[monitor]
month = 7
progress = "p"
problems = "q"
measures = "r"
[funds]
unit = "万元"
appropriation = { initial = "300", budget = "270", to_date = "100.123456", forecast = "260" }
other = { initial = "30", to_date = "10" }
[goals]
planned = "g"
[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "a"
target = "=1"
progress = "=1"
likelihood = "有可能"
forecast = "=1"
causes = ["其他", "经费保障"]
cause_note = "n"
`
	f, diags := Parse([]byte(src), "m.toml")
	if ds := diags.ForMonitoring(); ds.HasErrors() {
		t.Fatal(ds)
	}
	if !diags.HasErrors() {
		t.Error("the 自评表 needs actuals and weights: Parse should report them")
	}
	card, ds := Monitor(f)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	m := card.Monitor
	check := func(what string, n Number, want string) {
		t.Helper()
		if !n.Set || n.Val.String() != want {
			t.Errorf("%s = %v (set %v), want %s", what, n.Val, n.Set, want)
		}
	}
	check("total initial", card.Funds.Total[0], "330")
	check("total budget", card.Funds.Total[1], "270")
	check("total to_date", m.Total[0], "110.123456")
	check("total forecast", m.Total[1], "260")
	check("rate", m.Rates[0], "40.79")               // 110.123456/270 = 40.786…%, rounded up
	check("appropriation rate", m.Rates[1], "37.09") // 100.123456/270 = 37.0827…%, up
	check("other rate", m.Rates[3], "33.34")         // 10/30 of the initial budget
	if m.Rates[2].Set {
		t.Error("carryover has no rate")
	}
	if m.Count != [3]int{0, 1, 0} || m.MonthSpan() != "1–7月" {
		t.Errorf("count %v span %s", m.Count, m.MonthSpan())
	}
	if c := f.Indicators[0].Causes; !c.Has("经费保障") || c.Has("人员保障") || strings.Join(c.Names(), ",") != "其他,经费保障" {
		t.Errorf("causes %v", c.Names())
	}
}

// jixiao init writes the monitoring keys commented: uncommented, they are
// keys of the right tables with values of the right types.
func TestSkeletonMonitoringKeys(t *testing.T) {
	src := string(Skeleton(2025))
	for _, key := range []string{"[monitor]", "month = 7", "progress = ", "problems = ", "measures = ", "forecast = ", "likelihood = ", "causes = []", "cause_note = ", "note = "} {
		if !strings.Contains(src, "# "+key) {
			t.Errorf("the skeleton lacks the commented key %q", key)
		}
	}
	if !strings.Contains(src, `# appropriation = { initial = "0.00", budget = "0.00", to_date = "0.00", forecast = "0.00" }`) {
		t.Error("the skeleton lacks the funds rows' to_date and forecast")
	}
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, "# "); ok && (strings.HasPrefix(rest, "[monitor]") || strings.Contains(rest, " = ") && !strings.HasPrefix(rest, "total") && !strings.HasPrefix(rest, "rate") && !strings.HasPrefix(rest, "score") && !strings.HasPrefix(rest, "grade") && !strings.HasPrefix(rest, "appropriation")) {
			l = rest
		}
		lines = append(lines, l)
	}
	f, diags := Parse([]byte(strings.Join(lines, "\n")), "skeleton.toml")
	for _, d := range diags {
		if d.Code == CodeUnknownKey || d.Code == CodeType || d.Code == CodeSyntax || d.Code == CodeBadValue {
			t.Errorf("uncommented skeleton: %s", d)
		}
	}
	if f == nil || f.Monitor.Month.Val != 7 || !f.Indicators[0].Likelihood.Set {
		t.Errorf("the monitoring keys were not read: %+v", f)
	}
}

// FuzzMonitor: whatever a file holds, checking it for the monitoring form
// gives diagnostics with places, never a panic.
func FuzzMonitor(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "monitoring", "*.toml"))
	for _, file := range append(files, filepath.Join("data", "2025", "basic-public-health.toml")) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		form, _ := Parse(src, "f.toml")
		if form == nil {
			return
		}
		card, diags := Monitor(form)
		if card == nil || card.Monitor == nil {
			t.Fatal("no card")
		}
		for _, d := range diags {
			if d.Pos.File != "f.toml" || d.Message == "" {
				t.Fatalf("diagnostic without place or message: %+v", d)
			}
		}
	})
}
