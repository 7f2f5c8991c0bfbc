package tomldec

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"jixiao/internal/tomlpos"
)

// syntaxHints translates the TOML library's messages into what went wrong and
// how to fix it. The first fragment found in the message wins.
var syntaxHints = []struct{ fragment, hint string }{
	{"strings cannot contain newlines", "文本没有在本行结束：补上右引号 \"，多行文本请用三个引号 \"\"\"…\"\"\""},
	{"has already been defined", "同一个键写了两次：删除或合并其中一处"},
	{"already created", "同一个表或键写了两次：删除或合并其中一处"},
	{"expected value but found", "这里应有一个值：文本要加引号（name = \"…\"），数字直接写（weight = 10）"},
	{"expected '.' or '='", "键和值之间应有等号：写成 键 = 值（键名只用英文字母、数字、_ 和 -）"},
	{"unexpected EOF; expected \"'''\"", "多行文本没有结束：在末尾补上 '''"},
	{"unexpected EOF; expected '\"\"\"'", "多行文本没有结束：在末尾补上 \"\"\""},
	{"unexpected EOF", "文件在一个值的中间结束了：补全它"},
	{"Invalid float", "数字写法不对：只用数字和一个小数点，带千分位的金额请加引号（\"7,549,020.00\"）"},
	{"Invalid integer", "数字写法不对：只用数字，带千分位的金额请加引号（\"7,549,020.00\"）"},
	{"invalid escape", "双引号文本里的反斜杠 \\ 是转义符：写成 \\\\，或改用单引号 '…'"},
	{"array terminator", "数组没有结束：补上 ]，元素之间用逗号分隔"},
	{"inline table terminator", "内联表没有结束：补上 }，键值之间用逗号分隔"},
	{"to end table name", "表名没有结束：写成 [project] 或 [[indicators]]"},
	{"table array name", "表数组名没有结束：写成 [[indicators]]"},
	{"expected a top-level item to end", "一行只能写一个 键 = 值；多余的内容请删除或换行"},
	{"unexpected comma", "多了一个逗号"},
}

// Parse decodes a TOML document into its generic tree and indexes where each
// key stands. A byte order mark is skipped. A document that is not UTF-8 or
// not TOML gives one problem at its place, with the fix in plain words.
func Parse(src []byte, file string) (map[string]any, tomlpos.Index, *Problem) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF")) // Notepad's byte order mark
	if !utf8.Valid(src) {
		return nil, nil, invalidUTF8(src, file)
	}
	var tree map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&tree); err != nil {
		return nil, nil, syntaxProblem(err, src, file)
	}
	return tree, tomlpos.Scan(src), nil
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
		p.Message = "TOML 语法错误：" + err.Error()
		return p
	}
	p.Pos = offsetPos(src, pe.Position.Start, file)
	p.Message = "TOML 语法错误：" + pe.Message
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
