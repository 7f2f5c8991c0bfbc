package jixiao

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/internal/synth"
)

func loadForm(t *testing.T, src string) *Form {
	t.Helper()
	f, diags := Parse([]byte(src), "t.toml")
	if f == nil {
		t.Fatalf("does not parse: %v", diags)
	}
	return f
}

func text(s string) Field[string] { return Field[string]{Val: s, Set: true} }
func num(s string) Number         { return Number{Val: decimal.RequireFromString(s), Set: true} }

const housing = "data/2020/housing-fund-system.toml"

// Each case changes the loaded form and says what the file must become.
func TestUpdate(t *testing.T) {
	seed, err := os.ReadFile(housing)
	if err != nil {
		t.Fatal(err)
	}
	src := string(seed)
	noGoals := edit(t, src, "\n[goals]\nplanned = \"保证上海住房公积金各项业务正常运行，确保上海住房公积金管理信息系统无重大故障发生。\"\n", "\n")
	noGoals = noGoals[:strings.Index(noGoals, "achieved = ")] + noGoals[strings.Index(noGoals, "\n[[indicators]]"):]
	fifth := src[strings.Index(src, "[[indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = \"业务故障修复率\""):]
	fifth = fifth[:strings.Index(fifth, "\n[[indicators]]")+1]
	cases := []struct {
		name    string
		src     string
		change  func(f *Form)
		want    func(t *testing.T, src string) string // the expected file; nil: only the checks Update makes
		changes []string
	}{
		{name: "unchanged", src: src, change: func(*Form) {},
			want: func(t *testing.T, s string) string { return s }},
		{name: "actual", src: src,
			change: func(f *Form) { f.Indicators[1].Actual = text("=99.5%") },
			want: func(t *testing.T, s string) string {
				return edit(t, s, `actual = "=99.11%"`, `actual = "=99.5%"`)
			},
			changes: []string{`~ indicators[2].actual: "=99.11%" → "=99.5%"（故障处理结案率）`}},
		{name: "amount keeps the other amounts as written", src: src,
			change: func(f *Form) { f.Funds.Appropriation.Executed = num("7549020.50") },
			want: func(t *testing.T, s string) string {
				return edit(t, s, `executed = "7,549,020.00" }`, `executed = "7,549,020.50" }`)
			},
			changes: []string{`~ funds.appropriation.executed: "7,549,020.00" → "7,549,020.50"`}},
		{name: "reported score removed", src: src,
			change: func(f *Form) { f.Indicators[0].Score = Number{} },
			want: func(t *testing.T, s string) string {
				return edit(t, s, "actual = \"每月一次\"\nweight = 10\nscore = 10\n", "actual = \"每月一次\"\nweight = 10\n")
			},
			changes: []string{`- indicators[1].score = 10（巡检）`}},
		{name: "reason added at the end of its table", src: src,
			change: func(f *Form) { f.Indicators[0].Reason = text("按月巡检") },
			want: func(t *testing.T, s string) string {
				return edit(t, s, "actual = \"每月一次\"\nweight = 10\nscore = 10\n", "actual = \"每月一次\"\nweight = 10\nscore = 10\nreason = \"按月巡检\"\n")
			},
			changes: []string{`+ indicators[1].reason = "按月巡检"（巡检）`}},
		{name: "reason removed, its comment kept", src: src,
			change: func(f *Form) { f.Indicators[4].Reason = Field[string]{} },
			want: func(t *testing.T, s string) string {
				i := strings.Index(s, "reason = \"部分故障")
				return s[:i] + s[i+strings.Index(s[i:], "\n")+1:]
			}},
		{name: "indicator deleted with the comment inside it", src: src,
			change: func(f *Form) { f.Indicators = slices.Delete(f.Indicators, 4, 5) },
			want: func(t *testing.T, s string) string {
				return edit(t, s, fifth, "")
			},
			changes: []string{`- indicators[5] “业务故障修复率”`}},
		{name: "indicator added inside its group", src: src,
			change: func(f *Form) {
				ind := Indicator{Level1: text("产出指标"), Level2: text("质量指标"), Name: text("巡检覆盖率"),
					Target: text("=100%"), Actual: text("=100%"), Weight: num("2")}
				f.Indicators = slices.Insert(f.Indicators, 2, ind)
				f.Indicators[0].Weight = num("8")
			},
			changes: []string{`+ indicators[3] “巡检覆盖率”`, `~ indicators[1].weight: 10 → 8（巡检）`}},
		{name: "indicators reordered", src: src,
			change:  func(f *Form) { f.Indicators[1], f.Indicators[2] = f.Indicators[2], f.Indicators[1] },
			changes: []string{`> indicators[2] “巡检报告”：从第 3 个移到第 2 个`}},
		{name: "policy key removed, comment of another kept", src: src,
			change: func(f *Form) { f.Policy.NotApplicable = Field[NAPolicy]{Val: NAZero} },
			want:   func(t *testing.T, s string) string { return edit(t, s, "not_applicable = \"zero\"\n", "") }},
		{name: "total left to the sources", src: src,
			change: func(f *Form) { f.Funds.Total = FundRow{} },
			want: func(t *testing.T, s string) string {
				return edit(t, s, `total = { initial = "7597939.00", budget = "7549540.00", executed = "7,549,020" }`, `total = {}`)
			}},
		{name: "carryover filled in", src: src,
			change: func(f *Form) { f.Funds.Carryover = FundRow{Initial: num("1000"), Executed: num("0.5")} },
			want: func(t *testing.T, s string) string {
				return edit(t, s, "carryover = {}", `carryover = { initial = "1,000.00", executed = "0.50" }`)
			}},
		{name: "missing table added before the indicators", src: noGoals,
			change: func(f *Form) { f.Goals.Planned = text("目标"); f.Goals.Achieved = text("完成") },
			want: func(t *testing.T, s string) string {
				return edit(t, s, "\n\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"", "\n\n[goals]\nplanned = \"目标\"\nachieved = \"完成\"\n\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"")
			}},
		{name: "year and a text over two lines", src: src,
			change: func(f *Form) { f.Year.Val = 2021; f.Goals.Achieved = text("第一段\n第二段") },
			want: func(t *testing.T, s string) string {
				i := strings.Index(s, "achieved = ")
				j := i + strings.Index(s[i:], "\n")
				return edit(t, s[:i]+"achieved = \"\"\"\n第一段\n第二段\"\"\""+s[j:], "year = 2020", "year = 2021")
			}},
		{name: "CRLF file", src: strings.ReplaceAll(src, "\n", "\r\n"),
			change: func(f *Form) {
				f.Indicators[0].Reason = text("按月巡检")
				f.Indicators = append(f.Indicators, Indicator{Level1: text("满意度指标"), Level2: text("服务对象满意度指标"),
					Name: text("投诉"), Target: text("<5个"), Actual: text("0个"), Weight: num("0")})
			},
			want: func(t *testing.T, s string) string {
				s = edit(t, s, "score = 10\r\n\r\n[[indicators]]\r\nlevel1 = \"产出指标\"\r\nlevel2 = \"质量指标\"\r\nname = \"故障处理结案率\"",
					"score = 10\r\nreason = \"按月巡检\"\r\n\r\n[[indicators]]\r\nlevel1 = \"产出指标\"\r\nlevel2 = \"质量指标\"\r\nname = \"故障处理结案率\"")
				return s + "\r\n[[indicators]]\r\nlevel1 = \"满意度指标\"\r\nlevel2 = \"服务对象满意度指标\"\r\nname = \"投诉\"\r\ntarget = \"<5个\"\r\nactual = \"0个\"\r\nweight = 0\r\n"
			}},
		{name: "byte order mark kept", src: "\uFEFF" + src,
			change: func(f *Form) { f.Project.Implementer = text("某中心") },
			want: func(t *testing.T, s string) string {
				return edit(t, s, `implementer = "上海市公积金管理中心"`, `implementer = "某中心"`)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			to := loadForm(t, strings.TrimPrefix(c.src, "\uFEFF"))
			c.change(to)
			out, changes, err := Update([]byte(c.src), "t.toml", to)
			if err != nil {
				t.Fatal(err)
			}
			if c.want != nil {
				if want := c.want(t, c.src); string(out) != want {
					t.Errorf("got:\n%s\nwant:\n%s", out, want)
				}
			}
			var got []string
			for _, ch := range changes {
				got = append(got, ch.String())
			}
			for _, w := range c.changes {
				if !slices.Contains(got, w) {
					t.Errorf("changes lack %q; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
			if c.name == "unchanged" && len(changes) > 0 {
				t.Errorf("changes for an unchanged form: %v", got)
			}
			assertComments(t, c.src, string(out), c.name == "indicator deleted with the comment inside it")
		})
	}
}

// assertComments checks every comment line of the original is kept, in
// order, except (when deleted) the one inside the 5th indicator.
func assertComments(t *testing.T, before, after string, deleted bool) {
	t.Helper()
	var want []string
	for _, l := range strings.Split(strings.ReplaceAll(before, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") && !(deleted && strings.Contains(l, "The seed splits this row")) {
			want = append(want, l)
		}
	}
	var got []string
	for _, l := range strings.Split(strings.ReplaceAll(after, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			got = append(got, l)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("comments changed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A file Update cannot edit faithfully is refused, not damaged.
func TestUpdateRefuses(t *testing.T) {
	src := "year = 2020\nproject = { name = \"甲\", department = \"乙\" }\n"
	to := loadForm(t, src)
	to.Project.Department = Field[string]{}
	if _, _, err := Update([]byte(src), "t.toml", to); err == nil || !strings.Contains(err.Error(), "没有改动它") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := Update([]byte("year = "), "t.toml", to); err == nil {
		t.Fatal("a file that does not parse was updated")
	}
}

// Random edits of the seed and synthetic forms: the result always loads to
// the form asked for and keeps every comment outside the indicators.
func TestUpdateRandom(t *testing.T) {
	files, _ := filepath.Glob("data/2020/*.toml")
	var srcs []string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		srcs = append(srcs, string(b))
	}
	for i := range 6 {
		srcs = append(srcs, string(synth.Form(i, 7)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		src := srcs[n%len(srcs)]
		to := loadForm(t, src)
		mutate(to, rng)
		out, changes, err := Update([]byte(src), "t.toml", to)
		if err != nil {
			t.Fatalf("case %d: %v", n, err)
		}
		if len(changes) == 0 && string(out) != src {
			t.Errorf("case %d: file changed without a change listed", n)
		}
		before := src
		if i := strings.Index(before, "[[indicators]]"); i >= 0 {
			before = before[:i]
		}
		for _, l := range strings.Split(before, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "#") && !strings.Contains(string(out), l) {
				t.Errorf("case %d: comment %q lost", n, l)
			}
		}
	}
}

func mutate(f *Form, rng *rand.Rand) {
	for range 1 + rng.IntN(6) {
		n := len(f.Indicators)
		switch rng.IntN(9) {
		case 0:
			if n > 0 {
				f.Indicators[rng.IntN(n)].Actual = text(fmt.Sprintf("=%d%%", rng.IntN(100)))
			}
		case 1:
			if n > 0 {
				f.Indicators[rng.IntN(n)].Score = Number{}
			}
		case 2:
			if n > 0 {
				f.Indicators[rng.IntN(n)].Reason = text("原因\n第二行 \"引号\"")
			}
		case 3:
			if n > 1 {
				i := rng.IntN(n)
				f.Indicators = slices.Delete(f.Indicators, i, i+1)
			}
		case 4:
			i := rng.IntN(n + 1)
			f.Indicators = slices.Insert(f.Indicators, i, Indicator{Level1: text("产出指标"), Level2: text("成本指标"),
				Name: text(fmt.Sprintf("新指标%d", i)), Target: text("≤100万元"), Actual: text("95万元"), Weight: num("1"), Score: num("1")})
		case 5:
			if n > 1 {
				i, j := rng.IntN(n), rng.IntN(n)
				f.Indicators[i], f.Indicators[j] = f.Indicators[j], f.Indicators[i]
			}
		case 6:
			f.Funds.Other = FundRow{Budget: num(fmt.Sprintf("%d.%02d", rng.IntN(1e6), rng.IntN(100)))}
		case 7:
			f.Funds.Rate = num("99.50")
			f.Funds.Score = Number{}
		case 8:
			f.Project.Name = text(f.Project.Name.Val + "（修订）")
			f.Template = Field[string]{}
		}
	}
}

// A row of another group and name is an addition to import, not the old
// row of its position renamed and moved.
func TestMatchIndicatorsInGroups(t *testing.T) {
	ind := func(l2, name string) Indicator {
		return Indicator{Level1: Field[string]{Val: "产出指标"}, Level2: Field[string]{Val: l2}, Name: Field[string]{Val: name}}
	}
	old := []Indicator{ind("数量指标", "A"), ind("数量指标", "B"), ind("质量指标", "C")}
	now := []Indicator{ind("数量指标", "A"), ind("时效指标", "D"), ind("质量指标", "C")}
	if got := MatchIndicatorsInGroups(old, now); !slices.Equal(got, []int{0, -1, 2}) {
		t.Errorf("in groups: %v", got)
	}
	if got := MatchIndicators(old, now); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("with positions: %v", got)
	}
}
