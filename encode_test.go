package jixiao

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Format writes what Load reads back: the same form, the same scores.
func TestFormatRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("data", "*", "*.toml"))
	var srcs [][]byte
	for _, f := range files {
		src, _ := os.ReadFile(f)
		srcs = append(srcs, src)
	}
	srcs = append(srcs, []byte(base), []byte(edit(t, base, `name = "效果"`, "name = \"多行\\n\\\"引号\\\" 与 \\\\ 反斜杠\\t制表\"")))
	for i, src := range srcs {
		f, diags := Parse(src, "in.toml")
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		out := Format(f)
		g, diags := Parse(out, "out.toml")
		if g == nil || diags.HasErrors() {
			t.Fatalf("input %d: formatted form does not load: %v\n%s", i, diags, out)
		}
		if d := slices.DeleteFunc(Differences(f, g), func(p string) bool { return p == "funds.unit" }); len(d) > 0 { // the unit is always written
			t.Errorf("input %d: loads differently in %v:\n%s", i, d, out)
		}
		if again := Format(g); string(again) != string(out) {
			t.Errorf("input %d: format is not stable:\n%s\n---\n%s", i, out, again)
		}
		c1, _ := Score(f)
		c2, _ := Score(g)
		if !c1.Total.Equal(c2.Total) || len(f.Indicators) != len(g.Indicators) {
			t.Errorf("input %d: total %s → %s", i, c1.Total, c2.Total)
		}
		for k := range f.Indicators {
			a, b := f.Indicators[k], g.Indicators[k]
			if a.Name.Val != b.Name.Val || a.Reason.Val != b.Reason.Val || a.Actual.Val != b.Actual.Val || !a.Weight.Val.Equal(b.Weight.Val) || a.Score.Set != b.Score.Set {
				t.Errorf("input %d indicator %d changed: %+v → %+v", i, k, a, b)
			}
		}
		if f.Goals.Planned.Val != g.Goals.Planned.Val || !strings.Contains(string(out), "[[indicators]]") {
			t.Errorf("input %d: goals changed", i)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`a"b`:    `"a\"b"`,
		`c:\dir`: `"c:\\dir"`,
		"x\ny":   "\"\"\"\nx\ny\"\"\"",
		"\x07":   `"\u0007"`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}
