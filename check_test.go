package jixiao

import (
	"fmt"
	"strings"
	"testing"
)

// base is a minimal form that breaks no rule.
const base = `year = 2021

[project]
name = "测试项目"
department = "某部门"
implementer = "某单位"

[funds]
appropriation = { initial = "100.00", budget = "100.00", executed = "100.00" }

[goals]
planned = "目标"
achieved = "完成"

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "完成率"
target = "=100%"
actual = "=100%"
weight = 50

[[indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "效果"
target = "及时"
actual = "及时"
weight = 30

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "满意度"
target = "≥90%"
actual = "95%"
weight = 10
`

func diagnose(t *testing.T, src string) (*Scorecard, Diagnostics) {
	t.Helper()
	f, diags := Parse([]byte(src), "t.toml")
	if f == nil {
		return nil, diags
	}
	sc, more := Score(f)
	return sc, append(diags, more...)
}

// edit replaces old by new exactly once, failing the test when old is not in src once.
func edit(t *testing.T, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

func TestBaseIsClean(t *testing.T) {
	sc, diags := diagnose(t, base)
	if len(diags) != 0 {
		t.Fatalf("base form has diagnostics:\n%v", diags)
	}
	if got := FormatScore(sc.Total); got != "100" || sc.Grade != "优" {
		t.Errorf("total %s grade %s, want 100 优", got, sc.Grade)
	}
}

func TestValidationRules(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		code  Code
		sev   Severity
		at    string // line:col
		words string // a fragment the message must contain
	}{
		{"syntax", edit(t, base, `name = "测试项目"`, `name = "测试项目`), CodeSyntax, Error, "4:13", "右引号"},
		{"syntax bare chinese key", edit(t, base, `year = 2021`, "年度 = 2021"), CodeSyntax, Error, "1:1", "键"},
		{"type", edit(t, base, "year = 2021", `year = "2021年"`), CodeType, Error, "1:8", "整数"},
		{"text as number", edit(t, base, `target = "=100%"`, `target = 100`), CodeType, Error, "19:10", `target = "100"`},
		{"unknown key near miss", edit(t, base, "weight = 50", "wieght = 50"), CodeUnknownKey, Error, "21:1", `"weight"`},
		{"unknown key", edit(t, base, "[goals]\n", "[goals]\nremark = \"x\"\n"), CodeUnknownKey, Error, "12:1", "planned、achieved"},
		{"unknown table", base + "\n[extra]\nx = 1\n", CodeUnknownKey, Error, "39:1", "文件顶层（第一个 [表] 之前）中没有键 \"extra\"；可用的键：template、year、project、policy、funds、goals、indicators"},
		{"unknown indicator key", edit(t, base, "weight = 30\n", "weight = 30\nremark = \"x\"\n"), CodeUnknownKey, Error, "30:1", "第 2 个 [[indicators]] 中没有键 \"remark\""},
		{"missing name", edit(t, base, "name = \"测试项目\"\n", ""), CodeMissing, Error, "3:1", "项目名称"},
		{"missing year", edit(t, base, "year = 2021\n", ""), CodeMissing, Error, "1:1", "year = 2020"},
		{"year range", edit(t, base, "year = 2021", "year = 21"), CodeBadValue, Error, "1:8", "应在 1990 到 2100 之间"},
		{"year too early", edit(t, base, "year = 2021", "year = 1800"), CodeBadValue, Error, "1:8", "year = 1800 不是可用的预算年度：应在 1990 到 2100 之间"},
		{"no indicators", base[:strings.Index(base, "[[indicators]]")], CodeMissing, Error, "1:1", "[[indicators]]"},
		{"missing indicator name", edit(t, base, "name = \"效果\"\n", ""), CodeMissing, Error, "23:1", "三级指标名称"},
		{"negative amount", edit(t, base, `executed = "100.00"`, `executed = "-1.00"`), CodeNegative, Error, "9:69", "负"},
		{"amount precision", edit(t, base, `executed = "100.00"`, `executed = "99.995"`), CodeAmount, Error, "9:69", "3 位小数"},
		{"float precision", edit(t, base, `executed = "100.00"`, `executed = 99.995`), CodeAmount, Error, "9:69", "3 位小数"},
		{"thousands separators", edit(t, base, `executed = "100.00"`, `executed = "1,00.00"`), CodeAmount, Error, "9:69", "千分位"},
		{"weights", edit(t, base, "weight = 50", "weight = 45"), CodeWeightSum, Error, "15:1", "分值合计为 95"},
		{"weights of an empty group", edit(t, base, "weight = 50", "weight = 45", `level1 = "产出指标"`, `level1 = ""`), CodeWeightSum, Error, "15:1", "（执行率 10 + 效益指标 30 + 满意度指标 10 + （未填一级指标） 45）"},
		{"huge amount", edit(t, base, `executed = "100.00"`, `executed = 1e308`), CodeAmount, Error, "9:69", "funds.appropriation.executed 的值 1e+308 不像一个项目的金额：金额应小于 10000000000000 元"},
		{"huge amount in 万元", edit(t, base, "[funds]\n", "[funds]\nunit = \"万元\"\n", `budget = "100.00"`, `budget = "1,000,000,000"`), CodeAmount, Error, "10:48", "应小于 1000000000 万元"},
		{"too many digits", edit(t, base, "[funds]\n", "[funds]\nrate = \"12345678901234.56\"\n"), CodeAmount, Error, "9:8", "16 位有效数字"},
		{"too many digits as an integer", edit(t, base, `executed = "100.00"`, `executed = 1234567890123456789`), CodeAmount, Error, "9:69", "19 位有效数字"},
		{"absurd exponent", edit(t, base, `executed = "100.00"`, `executed = 1e-100000000`), CodeAmount, Error, "9:69", "指数太大"},
		{"huge rate", edit(t, base, "[funds]\n", "[funds]\nrate = 1e300\n"), CodeBadValue, Error, "9:8", "funds.rate = 1e+300 不是一个执行率"},
		{"empty amount", edit(t, base, `executed = "100.00"`, `executed = ""`), CodeAmount, Error, "9:69", "funds.appropriation.executed 是空的：写上数值"},
		{"empty score", edit(t, base, "weight = 10\n", "weight = 10\nscore = \" \"\n"), CodeAmount, Error, "38:9", "indicators[3].score 是空的"},
		{"level weights", edit(t, base, "weight = 50", "weight = 40", "weight = 30", "weight = 40"), CodeLevelWeights, Warning, "15:1", "产出指标 40、效益指标 40、满意度指标 10"},
		{"score above weight", edit(t, base, "weight = 10\n", "weight = 10\nscore = 12\n"), CodeScoreRange, Error, "38:9", "0 到分值 10"},
		{"score below zero", edit(t, base, "weight = 10\n", "weight = 10\nscore = -1\n"), CodeScoreRange, Error, "38:9", "超出范围"},
		{"grade band", edit(t, base, "weight = 30\n", "weight = 30\nscore = 20\ngrade = \"达成\"\n"), CodeGradeBand, Error, "30:9", "24 到 30"},
		{"grade not applicable", edit(t, base, "weight = 30\n", "weight = 30\nscore = 20\ngrade = \"不适用\"\n"), CodeGradeBand, Error, "30:9", "应为 0"},
		{"total mismatch", edit(t, base, "[funds]\n", "[funds]\ntotal = { budget = \"90.00\" }\n"), CodeTotalMismatch, Error, "9:20", "不等于其中各项之和 100.00"},
		{"no budget", edit(t, base, `budget = "100.00"`, `budget = "0"`), CodeNoBudget, Error, "9:48", "执行率"},
		{"missing funds", edit(t, base, "appropriation = { initial = \"100.00\", budget = \"100.00\", executed = \"100.00\" }\n", ""), CodeMissing, Error, "8:1", "全年预算数"},
		{"unscored", edit(t, base, `actual = "及时"`, `actual = "较慢"`), CodeUnscored, Error, "23:1", "定性指标"},
		{"unscored partly", edit(t, base, `actual = "及时"`, `actual = "基本及时"`, "weight = 30\n", "weight = 30\ngrade = \"部分达成\"\n"), CodeUnscored, Error, "30:9", "18 到 24"},
		{"unscored textual actual", edit(t, base, `actual = "=100%"`, `actual = "全部完成"`), CodeUnscored, Error, "20:10", "不是数值"},
		{"unscored units", edit(t, base, `actual = "=100%"`, `actual = "=100 个"`), CodeUnscored, Error, "20:10", "单位"},
		{"strict target equalled", edit(t, base, `target = "≥90%"`, `target = ">95%"`), CodeUnscored, Error, "36:10", "目标未达成：实际完成值 95% 等于目标值 >95% 的界限，而“>”不含等于"},
		{"strict target equalled, scored", edit(t, base, `target = "≥90%"`, `target = ">95%"`, "weight = 10\n", "weight = 10\nscore = 8\nreason = \"r\"\n"), CodeNotMet, Warning, "36:10", "目标未达成"},
		{"percent against a bare number", edit(t, base, `actual = "95%"`, `actual = "0.96"`), CodeUnscored, Error, "36:10", "实际完成值 0.96 却没有 %：写成 96%"},
		{"percent against a bare number, scored", edit(t, base, `actual = "95%"`, `actual = "0.96"`, "weight = 10\n", "weight = 10\nscore = 10\n"), CodeUnits, Warning, "36:10", "目标值 ≥90% 与实际完成值 0.96 单位不同（“%”与没有单位），无法按比例核对填报得分 10"},
		{"bare number against a percent", edit(t, base, `target = "≥90%"`, `target = "≥0.9"`), CodeUnscored, Error, "35:10", "目标值 ≥0.9 却没有 %：把目标写成 90%"},
		{"percent against a suffix word", edit(t, base, `target = "≥90%"`, `target = "96%以上"`), CodeNoReason, Warning, "31:1", "得分 9.9 低于分值 10"},
		{"bad choice", edit(t, base, "[funds]\n", "[funds]\nunit = \"万\"\n"), CodeBadValue, Error, "9:8", "元、万元"},
		{"policy near miss", base + "\n[policy]\nrate_rounding = \"ciel\"\n", CodeBadValue, Error, "40:17", `"ceil"`},
		{"control character", edit(t, base, `name = "效果"`, `name = "效\u0007果"`), CodeBadValue, Error, "26:8", "U+0007"},
		{"control character in a long text", edit(t, base, `achieved = "完成"`, "achieved = \"\"\"第一段\n第二\\u001B段\"\"\""), CodeBadValue, Error, "13:12", "goals.achieved 含不可打印的字符 U+001B"},
		{"control character in the template name", "template = \"sh-project\\u0000\"\n" + base, CodeBadValue, Error, "1:12", "template 含不可打印的字符 U+0000"},
		{"bidi override", edit(t, base, `name = "效果"`, `name = "效\u202E果"`), CodeBadValue, Error, "26:8", "双向文字控制字符 U+202E"},
		{"text longer than a cell", edit(t, base, `achieved = "完成"`, `achieved = "`+strings.Repeat("完", 32768)+`"`), CodeBadValue, Error, "13:12", "32768 个字符，超过 Excel 单元格能容纳的 32767 个"},
		{"C1 control character", edit(t, base, `implementer = "某单位"`, `implementer = "某\u0085单位"`), CodeBadValue, Error, "6:15", "U+0085"},
		{"no satisfaction", edit(t, base, `level1 = "满意度指标"`, `level1 = "效益指标"`, `level2 = "服务对象满意度指标"`, `level2 = "社会效益指标"`), CodeNoSatisfaction, Warning, "31:1", "满意度指标"},
		{"non-standard level2", edit(t, base, `level2 = "数量指标"`, `level2 = "产量指标"`), CodeNonStandard, Warning, "17:10", "数量指标、质量指标"},
		{"misplaced level2", edit(t, base, `level2 = "社会效益指标"`, `level2 = "数量指标"`), CodeNonStandard, Warning, "25:10", "属于产出指标"},
		{"non-standard level1", edit(t, base, `level1 = "效益指标"`, `level1 = "影响指标"`), CodeNonStandard, Warning, "24:10", "不在标准体系中"},
		{"no reason", edit(t, base, `actual = "=100%"`, `actual = "=90%"`), CodeNoReason, Warning, "15:1", "45 低于分值 50"},
		{"differs", edit(t, base, `actual = "=100%"`, `actual = "=90%"`, "weight = 50\n", "weight = 50\nscore = 50\nreason = \"r\"\n"), CodeDiffers, Warning, "22:9", "填报得分 50，按比例规则为 45"},
		{"rate differs", edit(t, base, "[funds]\n", "[funds]\nrate = \"99.00\"\n"), CodeDiffers, Warning, "9:8", "99.00，按规则（全年执行数 ÷ 全年预算数，四舍五入到两位小数）为 100.00"},
		{"funds score differs", edit(t, base, "[funds]\n", "[funds]\nscore = 9\n"), CodeDiffers, Warning, "9:9", "为 10"},
		{"target too low", edit(t, base, `target = "≥90%"`, `target = "≥50%"`), CodeTargetTooLow, Warning, "36:10", "1.9 倍"},
		{"over budget", edit(t, base, `executed = "100.00"`, `executed = "110.00"`), CodeOverBudget, Warning, "9:69", "超过全年预算数"},
		{"duplicate", edit(t, base, `name = "效果"`, `name = "完成率"`, `level1 = "效益指标"`, `level1 = "产出指标"`, `level2 = "社会效益指标"`, `level2 = "数量指标"`), CodeDuplicate, Warning, "26:8", "同名指标"},
		{"empty department", edit(t, base, `department = "某部门"`, `department = ""`), CodeEmpty, Warning, "5:14", "主管部门"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := diagnose(t, tt.src)
			for _, d := range diags {
				if d.Code != tt.code {
					continue
				}
				at := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col)
				if at != tt.at || d.Severity != tt.sev || !strings.Contains(d.Message, tt.words) || d.Pos.File != "t.toml" {
					t.Errorf("got %s (at %s), want %s at %s containing %q", d, at, tt.sev, tt.at, tt.words)
				}
				return
			}
			t.Errorf("no %s diagnostic; got:\n%v", tt.code, diags)
		})
	}
}

// A weight that cannot be read is one error: the weight sums are not also
// reported (they would say 100 for 100.001, or contradict the error).
func TestOneErrorForAnUnreadableWeight(t *testing.T) {
	for _, w := range []string{"weight = 10.001", `weight = "十"`, `weight = ""`, "wieght = 10", "weight = 101"} {
		_, diags := diagnose(t, edit(t, base, "weight = 10\n", w+"\n"))
		if len(diags) != 1 || diags[0].Severity != Error {
			t.Errorf("%s: want one error, got:\n%v", w, diags)
		}
	}
	_, diags := diagnose(t, edit(t, base, "[funds]\n", "[funds]\nweight = 10.001\n"))
	if len(diags) != 1 {
		t.Errorf("funds.weight = 10.001: want one error, got:\n%v", diags)
	}
}

func TestExactAmounts(t *testing.T) {
	src := edit(t, base, `executed = "100.00"`, `executed = 99.99`, `budget = "100.00"`, `budget = 1_00`)
	sc, diags := diagnose(t, src)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got := sc.Funds.Total[2].Val.String(); got != "99.99" {
		t.Errorf("executed = %s, want 99.99", got)
	}
	if got := FormatRate(sc.Funds.RuleRate.Val); got != "99.99" {
		t.Errorf("rate = %s", got)
	}
	if got := FormatScore(sc.Funds.Score.Val); got != "10" { // 10 × 99.99% = 9.999 → 10
		t.Errorf("funds score = %s", got)
	}
}

func TestRateRoundingPolicy(t *testing.T) {
	for mode, want := range map[string]string{"ceil": "100.00", "half_up": "99.99", "trunc": "99.99"} {
		src := edit(t, base, `budget = "100.00"`, `budget = "7549540.00"`, `executed = "100.00"`, `executed = "7549020"`)
		src = edit(t, src, `initial = "100.00"`, `initial = "7597939.00"`)
		src += "\n[policy]\nrate_rounding = \"" + mode + "\"\n"
		sc, diags := diagnose(t, src)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", mode, diags)
		}
		if got := FormatRate(sc.Funds.RuleRate.Val); got != want {
			t.Errorf("%s: rate %s, want %s", mode, got, want)
		}
	}
}

func TestNotApplicablePolicy(t *testing.T) {
	na := edit(t, base, `actual = "及时"`, `actual = "该指标不适用"`)
	sc, _ := diagnose(t, na)
	if got := FormatScore(sc.Total); got != "70" {
		t.Errorf("zero policy: total %s, want 70", got)
	}
	sc, diags := diagnose(t, na+"\n[policy]\nnot_applicable = \"rescale\"\n")
	if got := FormatScore(sc.Total); got != "100" || !sc.Indicators[1].Excluded {
		t.Errorf("rescale policy: total %s (excluded %v), want 100; %v", got, sc.Indicators[1].Excluded, diags)
	}
	// 70 of 70 applicable points rescales to 100; 63 of 70 to 90
	sc, _ = diagnose(t, edit(t, na, `actual = "95%"`, `actual = "27%"`)+"\n[policy]\nnot_applicable = \"rescale\"\n")
	if got := FormatScore(sc.Total); got != "90" {
		t.Errorf("rescale policy: total %s, want 90 (63/70)", got)
	}
}

func TestTotalDerivedFromSources(t *testing.T) {
	src := edit(t, base, "[funds]\n", "[funds]\ncarryover = { budget = \"50\", executed = \"40\" }\n")
	sc, diags := diagnose(t, src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := []string{sc.Funds.Total[0].Val.String(), sc.Funds.Total[1].Val.String(), sc.Funds.Total[2].Val.String()}
	if strings.Join(got, " ") != "100 150 140" || !sc.Funds.Derived[1] {
		t.Errorf("derived total %v (derived %v), want 100 150 140", got, sc.Funds.Derived)
	}
	if FormatRate(sc.Funds.RuleRate.Val) != "93.33" {
		t.Errorf("rate %s", sc.Funds.RuleRate.Val)
	}
}

func TestQualitativeRules(t *testing.T) {
	tests := []struct {
		name, edit, want string
	}{
		{"actual contains target", `actual = "有效及时"`, "30"},
		{"graded achieved", "actual = \"基本及时\"\ngrade = \"达成\"", "30"},
		{"reported", "actual = \"基本及时\"\nscore = 20\nreason = \"r\"", "20"},
	}
	for _, tt := range tests {
		sc, diags := diagnose(t, edit(t, base, `actual = "及时"`, tt.edit))
		if diags.HasErrors() {
			t.Errorf("%s: %v", tt.name, diags)
			continue
		}
		if got := FormatScore(sc.Indicators[1].Score.Val); got != tt.want {
			t.Errorf("%s: score %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestGBKInput(t *testing.T) {
	_, diags := Parse([]byte("year = 2021\nname = \"\xb2\xe2\xca\xd4\"\n"), "gbk.toml")
	if len(diags) != 1 || diags[0].Code != CodeSyntax || diags[0].Pos.Line != 2 || !strings.Contains(diags[0].Message, "UTF-8") {
		t.Errorf("got %v", diags)
	}
}

func TestByteOrderMark(t *testing.T) {
	_, diags := diagnose(t, "\uFEFF"+base)
	if len(diags) != 0 {
		t.Errorf("a BOM must be accepted: %v", diags)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte("[policy]\nrate_rounding = 1\n[[indicators]]\nweight = \"x\"\nscore = 1e400\n"))
	f.Add([]byte("indicators = [1, {name = 2}]\n[funds]\ntotal = 5\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		form, diags := Parse(src, "fuzz.toml")
		if form == nil {
			if !diags.HasErrors() {
				t.Fatal("no form and no error")
			}
			return
		}
		Score(form) // must not panic
	})
}

func TestUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		dir + "/none.toml": "无法打开：文件不存在",
		dir:                "不是普通文件",
	} {
		_, diags := LoadFile(path)
		if len(diags) != 1 || !strings.Contains(diags[0].Message, want) {
			t.Errorf("%s: %v, want %q", path, diags, want)
		}
	}
	if _, diags := LoadFile("check_test.go/x.toml"); len(diags) != 1 || !strings.Contains(diags[0].Message, "路径中有一段不是文件夹") {
		t.Errorf("a file as a folder: %v", diags)
	}
}
