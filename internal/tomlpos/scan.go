// Package tomlpos finds where each key and value of a TOML document stands.
//
// BurntSushi/toml decodes documents but keeps the position of a key only
// privately. jixiao wants every diagnostic to say file:line:col, so it decodes
// with that library and then scans the same (already valid) text once more with
// this small, forgiving scanner that records positions and the literal text of
// every scalar. The scanner never fails: on text that is not valid TOML it
// records what it can and stops.
package tomlpos

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column; the column counts characters, not bytes.
type Pos struct {
	Line, Col int
}

// Entry is what the scanner knows about one key path.
type Entry struct {
	File  string // the file, when an index merges several (render's template inheritance); "" otherwise
	Key   Pos    // where the key (or table header) starts
	Value Pos    // where the value starts (for tables: the header)
	Raw   string // literal text of a scalar value, as written
	// Offset and End are the byte offsets of the value (a scalar, an inline
	// table, an array) in the source: src[Offset:End] is it as written.
	Offset, End int
}

// Index maps a key path to its entry. Paths join keys with "." and array
// elements by their index: "funds.total.budget", "indicators.3.name".
type Index map[string]Entry

// Lookup returns the entry of the path and whether it was found.
func (ix Index) Lookup(path string) (Entry, bool) {
	e, ok := ix[path]
	return e, ok
}

// Join appends a key to a path ("" for the document's root).
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Scan indexes the document.
func Scan(src []byte) Index {
	s := &scanner{src: src, line: 1, col: 1, ix: Index{}, arrays: map[string]int{}}
	s.document()
	return s.ix
}

type scanner struct {
	src       []byte
	off       int
	line, col int
	ix        Index
	table     string         // path of the current [table] with array indices resolved
	arrays    map[string]int // number of elements seen for each [[array]] path
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

func (s *scanner) peek() rune {
	if s.eof() {
		return -1
	}
	r, _ := utf8.DecodeRune(s.src[s.off:])
	return r
}

func (s *scanner) next() rune {
	if s.eof() {
		return -1
	}
	r, n := utf8.DecodeRune(s.src[s.off:])
	s.off += n
	if r == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	return r
}

func (s *scanner) pos() Pos { return Pos{s.line, s.col} }

func (s *scanner) hasPrefix(p string) bool {
	return strings.HasPrefix(string(s.src[s.off:min(len(s.src), s.off+len(p))]), p)
}

func (s *scanner) skipBlank() {
	for r := s.peek(); r == ' ' || r == '\t'; r = s.peek() {
		s.next()
	}
}

// skipSpace skips blanks, newlines and comments.
func (s *scanner) skipSpace() {
	for {
		switch r := s.peek(); {
		case r == ' ' || r == '\t' || r == '\r' || r == '\n':
			s.next()
		case r == '#':
			s.skipLine()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for r := s.peek(); r != -1 && r != '\n'; r = s.peek() {
		s.next()
	}
}

func (s *scanner) document() {
	for {
		s.skipSpace()
		if s.eof() {
			return
		}
		start := s.off
		if s.peek() == '[' {
			s.header()
		} else {
			s.keyValue(s.table)
		}
		if s.off == start { // not TOML; give up rather than loop
			return
		}
	}
}

func (s *scanner) header() {
	at := s.pos()
	s.next()
	array := s.peek() == '['
	if array {
		s.next()
	}
	keys, _ := s.keys()
	path := s.resolve(keys)
	if array {
		n := s.arrays[path]
		s.arrays[path] = n + 1
		s.record(path, Entry{Key: at, Value: at})
		path = Join(path, strconv.Itoa(n))
	}
	s.record(path, Entry{Key: at, Value: at})
	s.table = path
	s.skipLine()
}

// resolve maps the dotted header keys onto the current array indices:
// [[a]] then [a.b] means a.<last>.b.
func (s *scanner) resolve(keys []string) string {
	path := ""
	for i, k := range keys {
		path = Join(path, k)
		if n := s.arrays[path]; n > 0 && i < len(keys)-1 {
			path = Join(path, strconv.Itoa(n-1))
		}
	}
	return path
}

func (s *scanner) record(path string, e Entry) {
	if _, seen := s.ix[path]; !seen {
		s.ix[path] = e
	}
}

// keys reads a dotted key and returns its parts and the position of the first.
func (s *scanner) keys() ([]string, Pos) {
	var parts []string
	s.skipBlank()
	first := s.pos()
	for !s.eof() {
		s.skipBlank()
		k, ok := s.key()
		if !ok {
			break
		}
		parts = append(parts, k)
		s.skipBlank()
		if s.peek() != '.' {
			break
		}
		s.next()
	}
	return parts, first
}

func (s *scanner) key() (string, bool) {
	switch r := s.peek(); {
	case r == '"' || r == '\'':
		raw := s.stringLit()
		return unquote(raw), true
	case isBare(r):
		start := s.off
		for isBare(s.peek()) {
			s.next()
		}
		return string(s.src[start:s.off]), true
	}
	return "", false
}

func isBare(r rune) bool {
	return r == '_' || r == '-' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

func (s *scanner) keyValue(table string) {
	parts, at := s.keys()
	if len(parts) == 0 {
		s.skipLine()
		return
	}
	path := table
	for i, p := range parts {
		path = Join(path, p)
		if i < len(parts)-1 {
			s.record(path, Entry{Key: at, Value: at})
		}
	}
	s.skipBlank()
	if s.peek() != '=' {
		s.skipLine()
		return
	}
	s.next()
	s.skipBlank()
	s.value(path, at)
}

func (s *scanner) value(path string, key Pos) {
	at, start := s.pos(), s.off
	switch r := s.peek(); r {
	case '{':
		s.record(path, Entry{Key: key, Value: at})
		s.inlineTable(path)
	case '[':
		s.record(path, Entry{Key: key, Value: at})
		s.array(path)
	case '"', '\'':
		s.record(path, Entry{Key: key, Value: at, Raw: s.stringLit()})
	default:
		for r := s.peek(); r != -1 && !strings.ContainsRune(",]}#\n\r", r); r = s.peek() {
			s.next()
		}
		raw := strings.TrimRight(string(s.src[start:s.off]), " \t")
		s.record(path, Entry{Key: key, Value: at, Raw: raw})
	}
	if e := s.ix[path]; e.Value == at { // the value just read: note its byte span
		e.Offset, e.End = start, s.off
		if e.Raw != "" {
			e.End = start + len(e.Raw)
		}
		s.ix[path] = e
	}
}

func (s *scanner) inlineTable(path string) {
	s.next() // {
	for !s.eof() {
		s.skipSpace()
		switch s.peek() {
		case '}':
			s.next()
			return
		case ',':
			s.next()
			continue
		}
		start := s.off
		s.keyValue(path)
		if s.off == start {
			s.next()
		}
	}
}

func (s *scanner) array(path string) {
	s.next() // [
	for i := 0; !s.eof(); {
		s.skipSpace()
		switch s.peek() {
		case ']':
			s.next()
			return
		case ',':
			s.next()
			i++
			continue
		}
		start := s.off
		s.value(Join(path, strconv.Itoa(i)), s.pos())
		if s.off == start {
			s.next()
		}
	}
}

// stringLit consumes a string of any of the four kinds and returns it as written.
func (s *scanner) stringLit() string {
	start := s.off
	q := s.peek()
	delim := string(q)
	if s.hasPrefix(strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	for range delim {
		s.next()
	}
	for !s.eof() {
		if q == '"' && s.peek() == '\\' {
			s.next()
			s.next()
			continue
		}
		if s.hasPrefix(delim) {
			for range delim {
				s.next()
			}
			// a multi-line string may end with up to two extra quotes
			for len(delim) == 3 && s.peek() == q && s.hasPrefix(string(q)) {
				s.next()
			}
			break
		}
		if len(delim) == 1 && s.peek() == '\n' {
			break
		}
		s.next()
	}
	return string(s.src[start:s.off])
}

// unquote turns a quoted key into its text; escapes in basic strings are
// decoded the way Go decodes them, which covers the TOML escapes keys use.
func unquote(raw string) string {
	if strings.HasPrefix(raw, "'") {
		return strings.Trim(raw, "'")
	}
	if u, err := strconv.Unquote(raw); err == nil {
		return u
	}
	return strings.Trim(raw, `"`)
}
