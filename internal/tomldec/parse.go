package tomldec

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"jixiao/internal/tomlpos"
)

// Parse decodes a TOML document into its generic tree and indexes where each
// key stands. A byte order mark is skipped. A document that is not UTF-8 or
// not TOML, or that is larger than MaxSize or nests deeper than MaxDepth,
// gives one problem at its place, with the fix in plain words; the limits
// are checked by a linear scan before the decoder runs.
func Parse(src []byte, file string) (map[string]any, tomlpos.Index, *Problem) {
	if p := precheck(src, file); p != nil {
		return nil, nil, p
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF")) // Notepad's byte order mark
	var tree map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&tree); err != nil {
		return nil, nil, syntaxProblem(err, src, file)
	}
	return tree, tomlpos.Scan(src), nil
}

// precheck refuses what the decoder should never see: a file too large, in
// another encoding than UTF-8, with old Mac line ends, or nested too deep.
func precheck(src []byte, file string) *Problem {
	if len(src) > MaxSize {
		return sizeProblem(len(src), file)
	}
	if utf16(src) {
		return &Problem{Pos: Pos{File: file, Line: 1, Col: 1}, Code: "syntax",
			Message: "文件是 UTF-16 编码（记事本中叫“Unicode”）：请在编辑器中以 UTF-8 编码另存（记事本：另存为，编码选“UTF-8”）"}
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !utf8.Valid(src) {
		return invalidUTF8(src, file)
	}
	if p := loneCR(src, file); p != nil {
		return p
	}
	if off, what, ok := guard(src, MaxDepth); !ok {
		return depthProblem(src, off, what, file)
	}
	return nil
}

// utf16 reports a UTF-16 file: one with a UTF-16 byte order mark, or one
// whose first characters are ASCII with a zero byte beside each (as TOML
// text, which starts with a key, a table or a comment, is).
func utf16(src []byte) bool {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return true
	}
	n := min(len(src), 64) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if src[i] == 0 {
			even++
		}
		if src[i+1] == 0 {
			odd++
		}
	}
	return even*4 >= n || odd*4 >= n // half the pairs or more
}

// loneCR finds a carriage return that is not part of CRLF: a file saved
// with old Mac line ends, or a stray one.
func loneCR(src []byte, file string) *Problem {
	for off := bytes.IndexByte(src, '\r'); off >= 0; {
		if off+1 >= len(src) || src[off+1] != '\n' {
			msg := "这里有一个单独的回车符（CR，U+000D）：删除它，或在编辑器中把换行符统一为 CRLF（Windows）或 LF"
			if !bytes.Contains(src, []byte("\n")) {
				msg = "文件用的是旧式 Mac 换行符（只有回车符 CR）：请在编辑器中把换行符改为 CRLF（Windows）或 LF 后保存"
			}
			return &Problem{Pos: offsetPos(src, off, file), Code: "syntax", Message: msg}
		}
		next := bytes.IndexByte(src[off+1:], '\r')
		if next < 0 {
			break
		}
		off += 1 + next
	}
	return nil
}

// invalidUTF8 points at the first byte that is not UTF-8: the file was most
// likely saved as GBK.
func invalidUTF8(src []byte, file string) *Problem {
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	return &Problem{Pos: offsetPos(src, off, file), Code: "syntax",
		Message: "文件不是 UTF-8 编码（可能是 GBK）；请在编辑器中以 UTF-8 编码另存"}
}

// syntaxProblem turns a TOML parse error into a problem at the line and
// column (in characters) of the error.
func syntaxProblem(err error, src []byte, file string) *Problem {
	p := &Problem{Pos: Pos{File: file, Line: 1}, Code: "syntax"}
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		p.Message = "TOML 语法错误：" + fmt.Sprintf(fallbackHint, err.Error())
		return p
	}
	p.Pos = offsetPos(src, pe.Position.Start, file)
	p.Message = "TOML 语法错误：" + fmt.Sprintf(fallbackHint, pe.Message)
	for _, h := range syntaxHints {
		if strings.Contains(pe.Message, h.fragment) {
			p.Message = "TOML 语法错误：" + h.hint
			break
		}
	}
	return p
}

// offsetPos converts a byte offset into a line and a character column.
func offsetPos(src []byte, off int, file string) Pos {
	off = max(0, min(off, len(src)))
	head := src[:off]
	line := 1 + bytes.Count(head, []byte("\n"))
	start := bytes.LastIndexByte(head, '\n') + 1
	return Pos{File: file, Line: line, Col: 1 + utf8.RuneCount(head[start:])}
}
