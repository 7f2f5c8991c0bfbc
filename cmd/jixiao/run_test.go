package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// run calls Run as the shell would, from the repository root.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), ExitCode(err)
}

func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil { // inputs are named as from the repository root
		panic(err)
	}
	os.Exit(m.Run())
}

func TestUsage(t *testing.T) {
	if _, stderr, code := run(t); code != exitUsage || !strings.Contains(stderr, "check") {
		t.Errorf("no args: code %d, stderr %q", code, stderr)
	}
	if stdout, _, code := run(t, "help"); code != 0 || !strings.Contains(stdout, "score") {
		t.Errorf("help: code %d", code)
	}
	if _, stderr, code := run(t, "frobnicate"); code != exitUsage || !strings.Contains(stderr, "frobnicate") {
		t.Errorf("unknown command: code %d, stderr %q", code, stderr)
	}
	if _, _, code := run(t, "check", "--no-such-flag", "data"); code != exitUsage {
		t.Errorf("unknown flag: code %d", code)
	}
	// help asked for goes to standard output, in Chinese, with every option
	for _, args := range [][]string{{"check", "-h"}, {"help", "check"}, {"check", "data", "--help"}} {
		stdout, stderr, code := run(t, args...)
		if code != 0 || stderr != "" || !strings.Contains(stdout, "--strict") || !strings.Contains(stdout, "用法：jixiao check") {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	stdout, _, _ := run(t, "render", "-h")
	for _, want := range []string{"--empty-groups 文字", "（默认 auto）", "-j 整数", "--no-protect", "--reproducible", "--combined", "--force", "--template", "-o 文字", "（默认 out）"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("render -h lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "default") {
		t.Errorf("render -h speaks English:\n%s", stdout)
	}
	// a wrong option is said in Chinese on standard error
	for args, want := range map[string]string{
		"check --no-such-flag data": "没有选项 -no-such-flag",
		"render -j":                 "选项 -j 后面要写一个值",
		"render -j x data":          `选项 -j 的值 "x" 不对`,
		"render -j -5 data":         "-j -5 不对",
		"init --year 1800":          "应在 1990 到 2100 之间",
		"help frobnicate":           "没有命令",
	} {
		stdout, stderr, code := run(t, strings.Fields(args)...)
		if code != exitUsage || !strings.Contains(stderr, want) || regexp.MustCompile(`provided|invalid|argument|default|usage|Usage`).MatchString(stderr) {
			t.Errorf("%s: code %d, stderr %q, stdout %q", args, code, stderr, stdout)
		}
	}
	if stdout, _, code := run(t, "--version"); code != 0 || !strings.HasPrefix(stdout, "jixiao ") {
		t.Errorf("--version: code %d, %q", code, stdout)
	}
}

func TestCheckSeed(t *testing.T) {
	stdout, stderr, code := run(t, "check", "--brief", "data") // the seed forms and the 2025 sample
	if code != 0 {
		t.Fatalf("check data: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"data/2020/housing-fund-system.toml:45:9: warning: “故障处理结案率”填报得分 9，按比例规则为 9.91",
		"data/2020/housing-fund-system.toml:73:9: warning: “业务故障修复率”填报得分 9.5，按比例规则为 9.3",
		"data/2020/district-office-rent.toml:",
		"warning: 没有满意度指标",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "检查了 4 个文件：0 个错误，9 个警告") {
		t.Errorf("summary: %q", stderr)
	}
	if _, _, code := run(t, "check", "--strict", "data"); code != exitFailed {
		t.Errorf("--strict with warnings: exit %d, want 1", code)
	}
	// options may follow the files
	if _, _, code := run(t, "check", "data", "--strict"); code != exitFailed {
		t.Errorf("trailing --strict: exit %d, want 1", code)
	}
}

func TestCheckBroken(t *testing.T) {
	stdout, _, code := run(t, "check", "testdata/broken/typos-and-types.toml")
	if code != exitFailed {
		t.Fatalf("exit %d, want 1", code)
	}
	want := "testdata/broken/typos-and-types.toml:24:1: error: 未知的键 \"wieght\"，是否想写 \"weight\"？\n    wieght = 90\n    ^\n"
	if !strings.Contains(stdout, want) {
		t.Errorf("output lacks the excerpt:\n%s", stdout)
	}
	if _, stderr, code := run(t, "check", "no/such/file.toml"); code != exitFailed || !strings.Contains(stderr, "no/such/file.toml") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestScoreText(t *testing.T) {
	stdout, _, code := run(t, "score", "data/2020/housing-fund-system.toml")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"住房公积金管理信息系统（运维）（2020 年度）",
		"产出指标 / 质量指标 / 故障处理结案率            10      9.91         9     9",
		"总分（等级 优）                                100                      97.5",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("score output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestScoreJSON(t *testing.T) {
	stdout, _, code := run(t, "score", "--json", "data/2020") // the seed forms
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []struct {
		File       string `json:"file"`
		Project    string `json:"project"`
		Rate       string `json:"rate"`
		FundsScore string `json:"funds_score"`
		Total      string `json:"total"`
		Grade      string `json:"grade"`
		Indicators []struct {
			Name     string  `json:"name"`
			Weight   string  `json:"weight"`
			Rule     *string `json:"rule_score"`
			Reported *string `json:"reported_score"`
			Score    string  `json:"score"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	totals := map[string]string{}
	for _, r := range got {
		totals[filepath.Base(r.File)] = r.Total
		if r.Rate != "100.00" || r.FundsScore != "10" || r.Grade != "优" {
			t.Errorf("%s: rate %s funds %s grade %s", r.File, r.Rate, r.FundsScore, r.Grade)
		}
	}
	want := map[string]string{"housing-fund-system.toml": "97.5", "district-office-rent.toml": "96", "internet-services.toml": "98"}
	for f, tot := range want {
		if totals[f] != tot {
			t.Errorf("%s: total %q, want %s", f, totals[f], tot)
		}
	}
	for _, r := range got {
		for _, in := range r.Indicators {
			if in.Name == "故障处理结案率" && (in.Rule == nil || *in.Rule != "9.91" || *in.Reported != "9" || in.Score != "9") {
				t.Errorf("故障处理结案率: %+v", in)
			}
			if in.Name == "三级等保测评" && in.Rule != nil {
				t.Errorf("qualitative rule score must be null: %v", *in.Rule)
			}
		}
	}
}

func TestScoreWithErrors(t *testing.T) {
	stdout, stderr, code := run(t, "score", "testdata/broken/scores.toml", "testdata/broken/syntax-unclosed-string.toml")
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "scores.toml:26:9: error: 得分 45 超出范围") || !strings.Contains(stderr, "syntax-unclosed-string.toml:4:24: error") {
		t.Errorf("stderr lacks the errors:\n%s", stderr)
	}
	if strings.Contains(stdout, "syntax-unclosed-string") {
		t.Errorf("an unparsable file must not be scored:\n%s", stdout)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.toml")
	if _, stderr, code := run(t, "init", "--year", "2025", path); code != 0 {
		t.Fatalf("init: exit %d %s", code, stderr)
	}
	src, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(src, []byte("year = 2025")) {
		t.Fatalf("skeleton: %v\n%s", err, src)
	}
	// the skeleton has every key right: only missing values are reported
	stdout, _, code := run(t, "check", "--brief", path)
	if code != exitFailed {
		t.Errorf("an unfilled skeleton must not pass check")
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.Contains(line, "缺少") && !strings.Contains(line, "为空") && !strings.Contains(line, "为 0") {
			t.Errorf("unexpected diagnostic for the skeleton: %s", line)
		}
	}
	// never overwrite a file a department may have filled in
	os.WriteFile(path, []byte("filled"), 0o644)
	if _, stderr, code := run(t, "init", path); code != exitFailed || !strings.Contains(stderr, "--force") {
		t.Errorf("init over an existing file: exit %d, %s", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != "filled" {
		t.Errorf("existing file was changed")
	}
	if _, _, code := run(t, "init", "--force", path); code != 0 {
		t.Errorf("init --force: exit %d", code)
	}
	if stdout, _, _ := run(t, "init"); !strings.Contains(stdout, "[[indicators]]") {
		t.Errorf("init without a file writes to stdout")
	}
}

func TestCheckTemplate(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("data/2020/internet-services.toml")
	os.WriteFile(filepath.Join(dir, "x.toml"), bytes.Replace(src, []byte(`"sh-project-self-evaluation"`), []byte(`"anhui"`), 1), 0o644)
	stdout, _, code := run(t, "check", "--brief", filepath.Join(dir, "x.toml"))
	if code != exitFailed || !strings.Contains(stdout, "x.toml:3:12: error: 没有名为 \"anhui\" 的模板") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	// with the folder of the user's templates it is found
	if _, _, code := run(t, "check", "--template", "render/testdata/templates", filepath.Join(dir, "x.toml")); code != 0 {
		t.Errorf("--template folder: exit %d", code)
	}
}

// check reports what render would refuse: a character the PDF font lacks,
// with its place and field, and fails.
func TestCheckWhatRenderRefuses(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("data/2020/internet-services.toml")
	p := filepath.Join(dir, "x.toml")
	os.WriteFile(p, []byte(strings.Replace(string(src), `name = "互联网业务运行费"`, `name = "互联网业务𠀋运行费"`, 1)), 0o644)
	stdout, stderr, code := run(t, "check", "--brief", p)
	if code != exitFailed || !strings.Contains(stdout, "x.toml:7:8: error: 字符“𠀋”(U+2000B) 不在 PDF 字体中（字段 project.name）") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
