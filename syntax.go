package jixiao

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
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

// syntaxDiagnostic turns a TOML parse error into a diagnostic with the line
// and column (in characters) of the problem.
func syntaxDiagnostic(err error, src []byte, name string) Diagnostic {
	d := Diagnostic{Pos: Pos{File: name, Line: 1}, Severity: Error, Code: CodeSyntax}
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		d.Message = "TOML 语法错误：" + err.Error()
		return d
	}
	d.Pos = offsetPos(src, pe.Position.Start, name)
	d.Message = "TOML 语法错误：" + pe.Message
	for _, h := range syntaxHints {
		if strings.Contains(pe.Message, h.fragment) {
			d.Message = "TOML 语法错误：" + h.hint
			break
		}
	}
	return d
}

// offsetPos converts a byte offset into a line and a character column.
func offsetPos(src []byte, off int, name string) Pos {
	off = max(0, min(off, len(src)))
	head := src[:off]
	line := 1 + strings.Count(string(head), "\n")
	start := strings.LastIndexByte(string(head), '\n') + 1
	return Pos{File: name, Line: line, Col: 1 + utf8.RuneCount(head[start:])}
}
