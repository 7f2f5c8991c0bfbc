package tomldec

import (
	"bytes"
	"fmt"
)

// The TOML library spends time and memory that grow with the square of how
// deeply a document nests (a 60 KB file of nested inline tables takes over
// 4 GB), and about 300 bytes of memory per byte of source even when it does
// not. A form is a few kilobytes nested three levels deep, a template ten
// kilobytes and five levels, so Parse refuses anything beyond these limits
// before the library sees it.
const (
	// MaxSize bounds a TOML file (data or template), in bytes.
	MaxSize = 1 << 20
	// MaxDepth bounds the nesting of a key: each table, array, inline table
	// and part of a dotted key (a.b.c is three) counts one level.
	MaxDepth = 16
)

// guard scans src once, in linear time and constant memory besides a stack
// of at most limit frames, and reports the first place where it nests
// deeper than limit: the offset of the bracket or dot, and what it is.
// It reads strings and comments as TOML does, so that brackets inside
// them do not count; on text that is not TOML it stays in step well enough
// that the decoder, which reports the syntax error, never sees deep nesting.
func guard(src []byte, limit int) (off int, what string, ok bool) {
	g := &guardScan{src: src, limit: limit, inKey: true, lineStart: true}
	for g.off < len(g.src) {
		if at, what, ok := g.step(); !ok {
			return at, what, false
		}
	}
	return 0, "", true
}

type guardFrame struct {
	table bool // { rather than [
	level int  // the level of the value the bracket opens
}

type guardScan struct {
	src       []byte
	off       int
	limit     int // MaxDepth, but for tests
	stack     []guardFrame
	header    int  // levels of the current [table] header
	inKey     bool // a key is being written (before its =)
	keyParts  int  // dots seen in the key so far
	vlevel    int  // the level of the value being written
	lineStart bool // only blanks since the last newline, outside brackets
}

// base is the level the keys being written start from.
func (g *guardScan) base() int {
	if n := len(g.stack); n > 0 {
		return g.stack[n-1].level
	}
	return g.header
}

func (g *guardScan) step() (int, string, bool) {
	c, at := g.src[g.off], g.off
	g.off++
	switch c {
	case ' ', '\t', '\r':
		return at, "", true
	case '\n':
		if len(g.stack) == 0 {
			g.inKey, g.keyParts, g.lineStart = true, 0, true
		}
		return at, "", true
	case '#':
		g.skipLine()
		return at, "", true
	case '"', '\'':
		g.skipString(c)
	case '.':
		if g.inKey {
			g.keyParts++
			if g.base()+g.keyParts+1 > g.limit {
				return at, ".", false
			}
		}
	case '=':
		if g.inKey && g.base()+g.keyParts+1 > g.limit {
			return at, ".", false
		}
		g.vlevel, g.inKey = g.base()+g.keyParts+1, false
	case '[':
		if g.lineStart && len(g.stack) == 0 {
			return g.tableHeader(at)
		}
		return g.open(at, false)
	case '{':
		return g.open(at, true)
	case ']', '}':
		g.close()
	case ',':
		if n := len(g.stack); n > 0 && g.stack[n-1].table {
			g.inKey, g.keyParts = true, 0
		}
	}
	g.lineStart = false
	return at, "", true
}

// open pushes an array or inline table; its elements or keys are one level
// deeper than it.
func (g *guardScan) open(at int, table bool) (int, string, bool) {
	g.lineStart = false
	if g.vlevel+1 > g.limit || len(g.stack) >= g.limit {
		if table {
			return at, "{", false
		}
		return at, "[", false
	}
	g.stack = append(g.stack, guardFrame{table: table, level: g.vlevel})
	if table {
		g.inKey, g.keyParts = true, 0
	} else {
		g.vlevel++
	}
	return at, "", true
}

func (g *guardScan) close() {
	n := len(g.stack)
	if n == 0 {
		return
	}
	g.vlevel = g.stack[n-1].level
	g.stack = g.stack[:n-1]
	g.inKey = false
	if n > 1 && !g.stack[n-2].table {
		g.vlevel = g.stack[n-2].level + 1 // the next element of the enclosing array
	}
}

// tableHeader reads [a.b] or [[a.b]] and counts its levels.
func (g *guardScan) tableHeader(at int) (int, string, bool) {
	parts := 1
	for g.off < len(g.src) {
		c := g.src[g.off]
		g.off++
		switch c {
		case '"', '\'':
			g.skipString(c)
		case '.':
			parts++
			if parts > g.limit {
				return g.off - 1, ".", false
			}
		case '\n':
			g.off-- // a header cut short: the decoder reports it
			g.header, g.inKey, g.lineStart = parts, false, false
			return at, "", true
		case ']':
			if g.off < len(g.src) && g.src[g.off] == ']' {
				g.off++
			}
			g.header, g.inKey, g.lineStart = parts, false, false
			return at, "", true
		}
	}
	return at, "", true
}

func (g *guardScan) skipLine() {
	if i := bytes.IndexByte(g.src[g.off:], '\n'); i >= 0 {
		g.off += i
	} else {
		g.off = len(g.src)
	}
}

// skipString moves past a string whose opening quote q was just read:
// basic ("…", escapes), literal ('…'), or multi-line (three quotes). A
// single-line string ends at the end of its line at the latest.
func (g *guardScan) skipString(q byte) {
	triple := []byte{q, q, q}
	if bytes.HasPrefix(g.src[g.off:], triple[:2]) {
		g.off += 2
		g.skipMultiline(q)
		return
	}
	for g.off < len(g.src) {
		c := g.src[g.off]
		switch {
		case c == '\n':
			return
		case c == '\\' && q == '"':
			g.off++
			if g.off < len(g.src) && g.src[g.off] != '\n' {
				g.off++
			}
			continue
		}
		g.off++
		if c == q {
			return
		}
	}
}

// skipMultiline moves past the body of a multi-line string and its closing
// quotes (up to two quotes may stand just inside them).
func (g *guardScan) skipMultiline(q byte) {
	for g.off < len(g.src) {
		c := g.src[g.off]
		if c == '\\' && q == '"' {
			g.off += 2
			continue
		}
		if c == q && bytes.HasPrefix(g.src[g.off:], []byte{q, q, q}) {
			n := 0
			for g.off < len(g.src) && g.src[g.off] == q && n < 5 {
				g.off++
				n++
			}
			return
		}
		g.off++
	}
	g.off = min(g.off, len(g.src))
}

// sizeProblem and depthProblem say what the limits are and how to keep them.
func sizeProblem(n int, file string) *Problem {
	return &Problem{Pos: Pos{File: file, Line: 1, Col: 1}, Code: "syntax",
		Message: fmt.Sprintf("文件有 %.1f MB，超过上限 %d MB：一张自评表的数据或一个模板只有几 KB，请检查是否选错了文件", float64(n)/(1<<20), MaxSize>>20)}
}

func depthProblem(src []byte, off int, what, file string) *Problem {
	msg := fmt.Sprintf("这里的 %s 嵌套超过了 %d 层", what, MaxDepth)
	if what == "." {
		msg = fmt.Sprintf("这里的键层级超过了 %d 层", MaxDepth)
	}
	return &Problem{Pos: offsetPos(src, off, file), Code: "syntax", Message: msg +
		"（每个表、数组、内联表 {…} 和点分键 a.b.c 的每一段各算一层）；自评表的数据只需三层左右，模板五层左右，请检查括号是否成对、是否多写了 [ 或 {"}
}
