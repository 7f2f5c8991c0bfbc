package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// longReason is a 偏差原因 of at least n characters made of numbered
// sentences, so that a lost or repeated piece shows.
func longReason(n int) string {
	var b strings.Builder
	for i := 1; utf8.RuneCountInString(b.String()) < n; i++ {
		fmt.Fprintf(&b, "第%03d条：受系统升级改造影响，APP 2.%d 版部分业务暂停办理约%d天，导致完成率未达预期；下一步将加强统筹。", i, i%10, i%7+1)
	}
	return b.String()
}

// stressForm is a form with 60 indicators (weights 40 × 1.25 + 20 × 2 = 90,
// plus 10 for the funds) whose 18th indicator has the reason.
func stressForm(reason string) string {
	var b strings.Builder
	b.WriteString(`template = "sh-project-self-evaluation"
year = 2020

[project]
name = "压力测试：六十项指标的信息系统运维项目"
department = "上海市住房和城乡建设管理委员会"
implementer = "上海市公积金管理中心"

[funds]
unit = "元"
total = { initial = "1000000.00", budget = "1000000.00", executed = "1000000.00" }
appropriation = { initial = "1000000.00", budget = "1000000.00", executed = "1000000.00" }

[goals]
planned = "保证各项业务正常运行。"
achieved = "各项业务正常运行。"
`)
	groups := []struct {
		l1, l2 string
		n      int
		w      string
	}{
		{"产出指标", "数量指标", 10, "1.25"}, {"产出指标", "质量指标", 10, "1.25"},
		{"产出指标", "时效指标", 10, "1.25"}, {"产出指标", "成本指标", 10, "1.25"},
		{"效益指标", "社会效益指标", 8, "2"}, {"效益指标", "可持续影响指标", 7, "2"},
		{"满意度指标", "服务对象满意度指标", 5, "2"},
	}
	k := 0
	for _, g := range groups {
		for i := 0; i < g.n; i++ {
			k++
			fmt.Fprintf(&b, "\n[[indicators]]\nlevel1 = %q\nlevel2 = %q\nname = \"第%02d项业务计划完成率\"\ntarget = \"=100%%\"\nweight = %s\n", g.l1, g.l2, k, g.w)
			if k == 18 {
				fmt.Fprintf(&b, "actual = \"=90%%\"\nscore = 1\nreason = %q\n", reason)
			} else {
				b.WriteString("actual = \"=100%\"\n")
			}
		}
	}
	return b.String()
}

const header = "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"

func TestStressForm(t *testing.T) {
	r := newRenderer(t)
	reason := longReason(3000)
	s := parseForm(t, stressForm(reason), "stress.toml")
	pdf := write(t, r, s)
	validate(t, pdf)
	checkText(t, s, pdf)
	checkFonts(t, pdf)
	if dir := os.Getenv("JIXIAO_PDF_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "stress.pdf"), pdf, 0o644)
	}
	n := pages(t, pdf)
	if n < 4 {
		t.Fatalf("%d pages, want 4 or more", n)
	}
	// The header is on the page the block starts on and repeated on every
	// page after it (the block and the 总分 row end the form).
	started := false
	for p := 1; p <= n; p++ {
		c := strings.Count(strip(text(t, pdf, p, p)), header)
		if c > 1 || started && c != 1 {
			t.Errorf("page %d: header %d times, want once", p, c)
		}
		started = started || c == 1
	}
	if !started {
		t.Error("no page has the header")
	}
	// The reason column (I) below the header, cut out of every page, gives
	// back the reason exactly: every character once, in order, across the
	// page breaks.
	g := newGrid(s)
	x := s.Page.Left + g.x[8] + 0.5
	crop := []string{"-x", fmt.Sprint(int(x)), "-y", fmt.Sprint(int(s.Page.Top)), "-W", fmt.Sprint(int(g.x[9] - g.x[8] - 1)),
		"-H", fmt.Sprint(int(s.Page.Height - s.Page.Top - s.Page.Bottom))}
	var got strings.Builder
	for p := 1; p <= n; p++ {
		col := strip(text(t, pdf, p, p, crop...))
		if _, below, ok := strings.Cut(col, "偏差原因分析及改进措施"); ok {
			got.WriteString(below)
		}
	}
	if want := strip(reason); got.String() != want {
		g, w := []rune(got.String()), []rune(want)
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("reason column: %d characters, want %d; first difference at %d: …%s… want …%s…",
			len(g), len(w), i, string(g[max(0, i-10):min(len(g), i+10)]), string(w[max(0, i-10):min(len(w), i+10)]))
	}
}
