package render

import (
	"strings"
	"unicode"
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
// separated from it). Widths are summed as it goes; text is cut by index.
func breakParagraph(para string, width, size float64, adv Advance) []string {
	rs := []rune(para)
	w := make([]float64, len(rs))
	for i, r := range rs {
		w[i] = adv(r) * size
	}
	bounds := clusterBounds(rs)
	var lines []string
	start, full := 0, 0.0 // the current line begins at rs[start]; full includes its trailing blanks
	for k := 0; k+1 < len(bounds); k++ {
		a, b := bounds[k], bounds[k+1]
		cFull, cVis := span(rs, w, a, b)
		if a > start && full+cVis > width {
			lines = append(lines, string(rs[start:a]))
			start, full = a, 0
		}
		vis := full + cVis
		full += cFull
		if vis > width {
			cuts := splitCluster(rs[start:b], w[start:b], width)
			for _, c := range cuts {
				lines = append(lines, string(rs[start:start+c]))
				start += c
			}
			full, _ = span(rs, w, start, b)
		}
	}
	return append(lines, string(rs[start:]))
}

// span returns the width of rs[a:b] with and without its trailing blanks.
func span(rs []rune, w []float64, a, b int) (full, visible float64) {
	end := b
	for end > a && isBlank(rs[end-1]) {
		end--
	}
	for i := a; i < b; i++ {
		full += w[i]
		if i < end {
			visible += w[i]
		}
	}
	return full, visible
}

// clusterBounds returns the start of every cluster of rs, and len(rs).
func clusterBounds(rs []rune) []int {
	units := unitBounds(rs)
	out := []int{0}
	for k := 1; k+1 < len(units); k++ {
		a := units[k]
		prevVis := a
		for prevVis > units[k-1] && isBlank(rs[prevVis-1]) {
			prevVis--
		}
		join := strings.ContainsRune(noStart, rs[a]) ||
			prevVis > units[k-1] && strings.ContainsRune(noEnd, rs[prevVis-1]) ||
			rs[a] == '—' && rs[a-1] == '—'
		if !join {
			out = append(out, a)
		}
	}
	return append(out, len(rs))
}

// unitBounds returns the start of every unit of rs, and len(rs): a word (a
// run of Latin letters and digits with the punctuation inside numbers) or a
// single other character, each with the blanks following it.
func unitBounds(rs []rune) []int {
	out := make([]int, 0, len(rs)+1)
	for i := 0; i < len(rs); {
		out = append(out, i)
		j := i + 1
		if isWordRune(rs[i]) {
			for j < len(rs) && (isWordRune(rs[j]) || isInnerPunct(rs, j)) {
				j++
			}
		}
		for j < len(rs) && isBlank(rs[j]) {
			j++
		}
		i = j
	}
	return append(out, len(rs))
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

// splitCluster cuts a run wider than the line by characters, as late as the
// width allows, preferring cut points the marks allow. It returns the
// lengths of the pieces before the last one.
func splitCluster(rs []rune, w []float64, width float64) []int {
	var cuts []int
	for len(rs) > 1 {
		if _, vis := span(rs, w, 0, len(rs)); vis <= width {
			break
		}
		n := fit(rs, w, width)
		for k := min(n, len(rs)-1); k > 1; k-- {
			if !strings.ContainsRune(noStart, rs[k]) && !strings.ContainsRune(noEnd, rs[k-1]) {
				n = k
				break
			}
		}
		cuts = append(cuts, n)
		rs, w = rs[n:], w[n:]
	}
	return cuts
}

// fit is how many leading characters of rs fit in width: at least one.
func fit(rs []rune, w []float64, width float64) int {
	total := 0.0
	for i, r := range rs {
		total += w[i]
		if total > width && !isBlank(r) { // trailing blanks are not drawn
			return max(i, 1)
		}
	}
	return len(rs)
}
