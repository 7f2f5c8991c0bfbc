package tomldec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// depthOf is the least limit guard accepts src with.
func depthOf(src string) int {
	for limit := 1; ; limit++ {
		if _, _, ok := guard([]byte(src), limit); ok {
			return limit
		}
	}
}

func TestGuardLevels(t *testing.T) {
	for src, want := range map[string]int{
		"a = 1":                             1,
		"[project]\nname = \"x\"":           2,
		"[[indicators]]\nname = \"x\"":      2,
		"[funds]\ntotal = { budget = 1 }":   3,
		"a.b.c = 1":                         3,
		"[a.b]\nc.d = 1":                    4,
		"a = [[1], [2]]":                    3,
		"a = [{b = [1]}]":                   4,
		"a = {b = {c = {}}}":                4,
		"a = \"[[[[{{{{\"":                  1,
		"a = '[[[[' # [[[[":                 1,
		"a = \"\"\"\n[[[[\n\"\"\"":          1,
		"a = '''\n{{{{\n'''":                1,
		"a = \"\"\"x\"\"\"\"\"\nb = [[1]]":  3, // two quotes just inside the closing ones
		"a = \"\\\"[[[\"":                   1,
		"# [[[[\n[\"a.b\".c]\nd = 1":        3,
		"a = [\n  [1],\n  [2],\n]\nb = [1]": 3,
	} {
		if got := depthOf(src); got != want {
			t.Errorf("depth of %q = %d, want %d", src, got, want)
		}
	}
}

// The forms and templates jixiao ships nest far less than MaxDepth.
func TestGuardAcceptsRealFiles(t *testing.T) {
	files, _ := filepath.Glob("../../templates/*.toml")
	more, _ := filepath.Glob("../../data/*/*.toml")
	files = append(append(files, more...), "../../skeleton.toml")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if d := depthOf(string(src)); d > 6 {
			t.Errorf("%s nests %d levels", f, d)
		}
	}
}

func TestParseRefusesDeepOrLarge(t *testing.T) {
	tests := []struct {
		name, src, at, words string
	}{
		{"arrays", "a = " + strings.Repeat("[", 40) + strings.Repeat("]", 40), "1:20", "[ 嵌套超过了 16 层"},
		{"inline tables", "x = 1\na = " + strings.Repeat("{b=", 40) + "1" + strings.Repeat("}", 40), "2:50", "{ 嵌套超过了 16 层"},
		{"dotted key", strings.Repeat("a.", 40) + "b = 1", "1:32", "键层级"},
		{"table header", "[" + strings.Repeat("a.", 40) + "b]", "1:33", "键层级"},
		{"size", "a = \"" + strings.Repeat("中", MaxSize/3) + "\"", "1:1", "文件有 1.0 MB，超过上限 1 MB"},
	}
	for _, tt := range tests {
		_, _, p := Parse([]byte(tt.src), "t.toml")
		if p == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		at := fmt.Sprintf("%d:%d", p.Pos.Line, p.Pos.Col)
		if at != tt.at || !strings.Contains(p.Message, tt.words) || p.Code != "syntax" {
			t.Errorf("%s: %s: %s, want %s containing %q", tt.name, at, p.Message, tt.at, tt.words)
		}
	}
}

func TestParseEncodingsAndLineEnds(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "year = 2020\n" {
		utf16le = append(utf16le, byte(r), 0)
	}
	tests := []struct {
		name, src, at, words string
	}{
		{"UTF-16 with BOM", string(utf16le), "1:1", "UTF-16"},
		{"UTF-16 without BOM", string(utf16le[2:]), "1:1", "UTF-16"},
		{"UTF-16 big endian", "\xFE\xFF\x00y\x00e", "1:1", "UTF-16"},
		{"GBK", "a = \"\xb2\xe2\xca\xd4\"", "1:6", "GBK"},
		{"old Mac line ends", "year = 2020\r[project]\rname = \"x\"\r", "1:12", "旧式 Mac"},
		{"stray CR", "year = 2020\n[project]\rname = \"x\"\n", "2:10", "单独的回车符"},
		{"control character", "a = \"x\x01\"", "1:6", "控制字符"},
		{"out of range", "a = 99999999999999999999", "1:5", "数字太大"},
	}
	for _, tt := range tests {
		_, _, p := Parse([]byte(tt.src), "t.toml")
		if p == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		at := fmt.Sprintf("%d:%d", p.Pos.Line, p.Pos.Col)
		if at != tt.at || !strings.Contains(p.Message, tt.words) || hasEnglish(p.Message) {
			t.Errorf("%s: %s: %s, want %s containing %q, in Chinese", tt.name, at, p.Message, tt.at, tt.words)
		}
	}
	if _, _, p := Parse([]byte("a = 1\r\nb = \"x\"\r\n"), "t.toml"); p != nil {
		t.Errorf("CRLF refused: %s", p.Message)
	}
}

// hasEnglish reports a run of three or more English words: a message of the
// TOML library that was not translated.
func hasEnglish(s string) bool {
	words := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }) {
		if strings.Trim(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'") == "" {
			words++
			if words >= 3 {
				return true
			}
		} else {
			words = 0
		}
	}
	return false
}

// Every message of the TOML library that syntaxHints knows is Chinese; one
// it does not know is wrapped in a Chinese sentence.
func TestSyntaxMessagesAreChinese(t *testing.T) {
	for _, src := range []string{
		"a = ", "a = \"x", "a = 1 2", "= 1", ".a = 1", "a", "[]", "[a", "[[a]", "a = [1 2]", "a = {b = 1 c = 2}",
		"a = 1\na = 2", "a = 01", "a = 1.", "a = .5", "a = 0xZZ", "a = 1979-13-45", "a = \"\\q\"", "a = \"\\u12\"",
		"a = '''x", "a = \"\"\"x", "a = [1,,2]", "a = 1 = 2", "a..b = 1", "a = \"\"\"x\"\"\"\"\"\"",
		"a = +0x1", "a = 1__0", "a = 1e", "a = truee",
	} {
		_, _, p := Parse([]byte(src), "t.toml")
		if p == nil {
			t.Errorf("%q accepted", src)
			continue
		}
		if strings.Contains(p.Message, "解析器的原文") {
			t.Logf("%q: untranslated, wrapped: %s", src, p.Message)
			continue
		}
		if hasEnglish(p.Message) {
			t.Errorf("%q: %s", src, p.Message)
		}
	}
}
