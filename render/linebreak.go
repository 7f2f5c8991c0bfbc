package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Advance gives the width of a character as a fraction of the font size.
type Advance func(r rune) float64

// noStart are marks that must not begin a line (行首禁则).
const noStart = "，。、；：？！）》」』】〕〉’”%‰…·,.;:?!)]}～"

// noEnd are marks that must not end a line (行尾禁则).
const noEnd = "（《「『【〔〈‘“([{"

// Break splits text into the lines a cell of the given width shows at the
// given font size: at most width wide (unless a single character is wider),
// never starting a line with a closing mark such as ，。、）% nor ending one
// with an opening mark such as （《, keeping Latin words and numbers whole
// where they fit. Every character of text is kept: the lines joined give back
// text exactly. A line that ends a paragraph keeps its "\n", and a break at a
// space leaves the space at the end of the line; both are not drawn.
func Break(text string, width, size float64, adv Advance) []string {
	if text == "" {
		return []string{""}
	}
	var lines []string
	for _, para := range strings.SplitAfter(text, "\n") {
		if para == "" {
			continue
		}
		lines = append(lines, breakParagraph(para, width, size, adv)...)
	}
	return lines
}

// Visible is a line as drawn: without its paragraph's "\n" and trailing blanks.
func Visible(line string) string {
	return strings.TrimRight(line, " \t\n\u3000")
}

// LineWidth is the drawn width of a line at a font size.
func LineWidth(line string, size float64, adv Advance) float64 {
	w := 0.0
	for _, r := range Visible(line) {
		w += adv(r) * size
	}
	return w
}

// breakParagraph fills lines greedily with clusters: runs of text that must
// stay together (a word, a number, a character with the marks that may not be
// separated from it).
func breakParagraph(para string, width, size float64, adv Advance) []string {
	var lines []string
	line := ""
	for _, c := range clusters(para) {
		switch {
		case line == "" || LineWidth(line+c, size, adv) <= width:
			line += c
		default:
			lines = append(lines, line)
			line = c
		}
		if LineWidth(line, size, adv) > width {
			parts := splitCluster(line, width, size, adv)
			lines = append(lines, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	return append(lines, line)
}

// clusters cuts a paragraph into its unbreakable runs. Each run carries the
// blanks (and "\n") that follow it.
func clusters(para string) []string {
	units := units(para)
	var out []string
	for i, u := range units {
		first, _ := utf8.DecodeRuneInString(u)
		join := i > 0 && (strings.ContainsRune(noStart, first) || endsNoEnd(units[i-1]) ||
			first == '—' && strings.HasSuffix(units[i-1], "—"))
		if join {
			out[len(out)-1] += u
		} else {
			out = append(out, u)
		}
	}
	return out
}

func endsNoEnd(u string) bool {
	r, _ := utf8.DecodeLastRuneInString(Visible(u))
	return strings.ContainsRune(noEnd, r)
}

// units splits a paragraph into words (runs of Latin letters and digits with
// the punctuation inside numbers), single other characters, and the blanks
// following each.
func units(para string) []string {
	var out []string
	rs := []rune(para)
	for i := 0; i < len(rs); {
		j := i + 1
		if isWordRune(rs[i]) {
			for j < len(rs) && (isWordRune(rs[j]) || isInnerPunct(rs, j)) {
				j++
			}
		}
		for j < len(rs) && isBlank(rs[j]) {
			j++
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isInnerPunct reports a mark inside a number or word: 7,549,020.00, 10.5%,
// e-mail, 2020-01, a/b.
func isInnerPunct(rs []rune, j int) bool {
	return strings.ContainsRune(".,:-/_'", rs[j]) && j+1 < len(rs) && isWordRune(rs[j+1])
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\u3000' }

// splitCluster breaks a run wider than the line by characters, as late as
// the width allows, preferring break points the marks allow.
func splitCluster(s string, width, size float64, adv Advance) []string {
	var out []string
	rs := []rune(s)
	for len(rs) > 1 && LineWidth(string(rs), size, adv) > width {
		n := fit(rs, width, size, adv)
		for k := min(n, len(rs)-1); k > 1; k-- {
			if !strings.ContainsRune(noStart, rs[k]) && !strings.ContainsRune(noEnd, rs[k-1]) {
				n = k
				break
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return append(out, string(rs))
}

// fit is how many leading characters of rs fit in width: at least one.
func fit(rs []rune, width, size float64, adv Advance) int {
	w := 0.0
	for i, r := range rs {
		w += adv(r) * size
		if w > width && !isBlank(r) { // trailing blanks are not drawn
			return max(i, 1)
		}
	}
	return len(rs)
}
