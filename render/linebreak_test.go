package render

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// testAdvance: CJK and full-width marks one em, everything else half.
func testAdvance(r rune) float64 {
	if r >= 0x2E80 {
		return 1
	}
	return 0.5
}

func TestBreakExamples(t *testing.T) {
	tests := []struct {
		text  string
		width float64 // in characters of 10 pt
		want  []string
	}{
		{"", 5, []string{""}},
		{"财政项目支出", 4, []string{"财政项目", "支出"}},
		// 。 may not start a line: it goes with the character before it
		{"一二三四。五", 4, []string{"一二三", "四。五"}},
		// （ may not end a line
		{"一二三（四）", 4, []string{"一二三", "（四）"}},
		{"达成率100%以上", 4, []string{"达成率", "100%以上"}},
		// numbers and words stay whole
		{"金额7,549,020.00元", 6, []string{"金额", "7,549,020.00", "元"}},
		{"hello world", 3, []string{"hello ", "world"}},
		{"达成率 100 %", 4, []string{"达成率 ", "100 %"}},
		// paragraphs
		{"第一段\n第二段", 10, []string{"第一段\n", "第二段"}},
		{"甲\n\n乙", 10, []string{"甲\n", "\n", "乙"}},
		// a word longer than the line is cut
		{"abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"——破折号", 1, []string{"——", "破", "折", "号"}},
	}
	for _, tt := range tests {
		got := Break(tt.text, tt.width*10, 10, testAdvance)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Break(%q, %g) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

// The breaker's promises, on random mixtures of Chinese, Latin, numbers,
// punctuation, blanks and line breaks at random widths.
func TestBreakProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"财", "政", "项", "目", "绩", "效", "，", "。", "、", "；", "：", "？", "！", "（", "）", "《", "》", "「", "」",
		"%", "7,549,020.00", "99.11", "abc", "Excel", " ", "\n", "“", "”", "—", "…", "A", "1", "㎡", "．"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(60); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		width := float64(2+rng.IntN(20)) * 5 // 1 to 10.5 full-width characters at 10 pt
		checkBreak(t, text, width)
	}
}

func checkBreak(t *testing.T, text string, width float64) {
	t.Helper()
	lines := Break(text, width, 10, testAdvance)
	if got := strings.Join(lines, ""); got != text {
		t.Fatalf("Break(%q, %g) lost or added text: %q", text, width, lines)
	}
	for i, l := range lines {
		if l == "" && text != "" {
			t.Fatalf("Break(%q, %g): empty line %d in %q", text, width, i, lines)
		}
		vis := Visible(l)
		if LineWidth(l, 10, testAdvance) > width && !unbreakable(vis, width) {
			t.Fatalf("Break(%q, %g): line %q is %.1f wide", text, width, l, LineWidth(l, 10, testAdvance))
		}
		first, _ := utf8.DecodeRuneInString(l)
		if i > 0 && !strings.HasSuffix(lines[i-1], "\n") && strings.ContainsRune(noStart, first) && !forced(lines[i-1], l, width) {
			t.Fatalf("Break(%q, %g): line %q starts with %q", text, width, l, first)
		}
		last, _ := utf8.DecodeLastRuneInString(vis)
		if i < len(lines)-1 && !strings.HasSuffix(l, "\n") && strings.ContainsRune(noEnd, last) && !forced(l, lines[i+1], width) {
			t.Fatalf("Break(%q, %g): line %q ends with %q", text, width, l, last)
		}
	}
}

// unbreakable reports a line that is one cluster too wide to fit: allowed to
// overflow only if it is a single character.
func unbreakable(line string, width float64) bool {
	return utf8.RuneCountInString(line) == 1
}

// forced reports a break that the marks forbid but that had to happen: the
// two lines together are one run of marks that cannot fit on a line.
func forced(a, b string, width float64) bool {
	cl := clusters(a + b)
	for _, c := range cl {
		if LineWidth(c, 10, testAdvance) > width {
			return true
		}
	}
	return false
}

func FuzzBreak(f *testing.F) {
	f.Add("一二三四。五（六）七", 40.0)
	f.Add("金额7,549,020.00元\n\n第二段 abc", 25.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width != width || width < 1 || width > 1000 || len(text) > 2000 {
			return
		}
		checkBreak(t, text, width)
	})
}

func BenchmarkBreak(b *testing.B) {
	text := strings.Repeat("一是个别工单因发起时间和问题复杂性，需要一定时间和过程，存在跨年处理的客观情况（约 12.5%）。", 20)
	for b.Loop() {
		Break(text, 100, 9, testAdvance)
	}
}

// clusters cuts a paragraph into its unbreakable runs, each with the blanks
// (and "\n") that follow it.
func clusters(para string) []string {
	rs := []rune(para)
	b := clusterBounds(rs)
	out := make([]string, 0, len(b))
	for k := 0; k+1 < len(b); k++ {
		out = append(out, string(rs[b[k]:b[k+1]]))
	}
	return out
}
