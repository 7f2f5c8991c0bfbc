package jixiao

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Pos is a place in an input file. Line and Col are 1-based; Col counts
// characters. A zero Line means the whole file, a zero Col the whole line.
type Pos struct {
	File      string
	Line, Col int
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	s := p.File
	if s == "" {
		s = "-"
	}
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Field is a value read from the input together with where it was written.
// Set is false when the input left the value out.
type Field[T any] struct {
	Val T
	Set bool
	Pos Pos
}

// Excerpt returns the source line of p and a caret under its column, each
// indented by four spaces, or "" when p names no line of src. Wide (CJK)
// characters count as two columns so the caret lines up in a terminal.
func Excerpt(src []byte, p Pos) string {
	if p.Line < 1 {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if p.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[p.Line-1], "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "\uFFFD")
	}
	rs, col := excerptWindow([]rune(line), p.Col)
	pad := 0
	for i, r := range rs {
		if i >= col-1 {
			break
		}
		pad += DisplayWidth(string(r))
	}
	caret := "^"
	if p.Col < 1 {
		caret, pad = "", 0
	}
	return "    " + string(rs) + "\n    " + strings.Repeat(" ", pad) + caret + "\n"
}

// maxExcerpt bounds the characters of an excerpt: a file whose line ends
// are not line feeds (old Mac CR-only files) is one line of the whole file.
const maxExcerpt = 120

// excerptWindow makes a line printable: a tab becomes a space, any other
// control character (a lone CR, a NUL of a UTF-16 file, a bidi override
// that would reorder the terminal's line) U+FFFD, and a long line the
// maxExcerpt characters around col, marked by "…"; it returns col within
// the window.
func excerptWindow(rs []rune, col int) ([]rune, int) {
	for i, r := range rs {
		switch {
		case r == '\t':
			rs[i] = ' '
		case r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			rs[i] = '\uFFFD'
		}
	}
	if len(rs) <= maxExcerpt {
		return rs, col
	}
	start := max(0, min(col-1-maxExcerpt/2, len(rs)-maxExcerpt))
	out := append([]rune(nil), rs[start:start+maxExcerpt]...)
	if start > 0 {
		out = append([]rune("…"), out...)
		col = col - start + 1
	}
	if start+maxExcerpt < len(rs) {
		out = append(out, '…')
	}
	return out, col
}

// DisplayWidth is the number of terminal columns s takes: East Asian wide and
// full-width characters count two, combining and control characters none.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0x300 && r <= 0x36f) || r == 0x200b:
		case isWide(r):
			w += 2
		default:
			w++
		}
	}
	return w
}

func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115f) || (r >= 0x2e80 && r <= 0x303e) ||
		(r >= 0x3041 && r <= 0x33ff) || (r >= 0x3400 && r <= 0x4dbf) ||
		(r >= 0x4e00 && r <= 0x9fff) || (r >= 0xa000 && r <= 0xa4cf) ||
		(r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x20000 && r <= 0x3fffd)
}
