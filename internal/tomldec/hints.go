package tomldec

// syntaxHints translates the TOML library's messages into what went wrong and
// how to fix it. The first fragment found in the message wins; a message no
// fragment matches is wrapped in fallbackHint, so that no English reaches
// the user on its own.
var syntaxHints = []struct{ fragment, hint string }{
	{"strings cannot contain newlines", `文本没有在本行结束：补上右引号 "，多行文本请用三个引号 """…"""`},
	{"has already been defined", "同一个键写了两次：删除或合并其中一处"},
	{"already created", "同一个表或键写了两次：删除或合并其中一处"},
	{"is not a table", "同一个名字既写成了值又写成了表：删除或改名其中一处"},
	{"newlines not allowed within inline tables", "内联表 {…} 要写在一行内：写在一行，或改写成 [表名] 下的多行 键 = 值"},
	{"expected value but found", `这里应有一个值：文本要加引号（name = "…"），数字直接写（weight = 10）`},
	{"unexpected EOF; expected value", `等号后面缺少值：文本要加引号（name = "…"），数字直接写（weight = 10）`},
	{"expected '.' or '='", "键和值之间应有等号：写成 键 = 值（键名只用英文字母、数字、_ 和 -）"},
	{"key name appears blank", "等号前缺少键名：写成 键 = 值"},
	{"keys cannot start with a '.'", "键名不能以点开头：写成 键 = 值"},
	{"expected key separator '='", "键后面缺少等号和值：写成 键 = 值"},
	{`unexpected EOF; expected "'''"`, "多行文本没有结束：在末尾补上 '''"},
	{`unexpected EOF; expected '"""'`, `多行文本没有结束：在末尾补上 """`},
	{`unexpected EOF; expected "'"`, "文本没有结束：补上右单引号 '"},
	{`unexpected EOF; expected '"'`, `文本没有结束：补上右引号 "`},
	{"unexpected EOF", "文件在一个值的中间结束了：补全它"},
	{"Invalid float", `数字写法不对：只用数字和一个小数点，带千分位的金额请加引号（"7,549,020.00"）`},
	{"invalid float", `数字写法不对：只用数字和一个小数点，带千分位的金额请加引号（"7,549,020.00"）`},
	{"Invalid integer", `数字写法不对：只用数字，带千分位的金额请加引号（"7,549,020.00"）`},
	{"expected a digit", `数字写法不对：只用数字，带千分位的金额请加引号（"7,549,020.00"）`},
	{"floats must start with a digit", "小数要以数字开头：写成 0.5，不要写 .5"},
	{"is out of range", "数字太大，超出了能表示的范围：请核对位数；金额可写成带引号的文本"},
	{"non-decimal numbers", "数字请用十进制书写"},
	{"not a binary number", "数字请用十进制书写"},
	{"not an octal number", "数字请用十进制书写"},
	{"not a hexadecimal number", "数字请用十进制书写"},
	{"invalid datetime", "日期时间写法不对：日期写成 2020-12-31；若这是文本，请加引号"},
	{"invalid duration", "这个值写法不对：若这是文本，请加引号"},
	{"hexadecimal digits after", `转义写法不对：\u 后要跟 4 位十六进制数（如 \u4E2D）；要写反斜杠本身，请写成 \\ 或改用单引号 '…'`},
	{"is not valid UTF-8", `转义写法不对：\u 后的数不是有效的字符；请直接写出这个字符`},
	{"invalid escape", `双引号文本里的反斜杠 \ 是转义符：写成 \\，或改用单引号 '…'`},
	{"array terminator", "数组没有结束：补上 ]，元素之间用逗号分隔"},
	{"inline table terminator", "内联表没有结束：补上 }，键值之间用逗号分隔"},
	{"table names cannot be empty", "表名不能为空：写成 [project] 或 [[indicators]]"},
	{"table separator", "表名不能为空：写成 [project] 或 [[indicators]]"},
	{"to end table name", "表名没有结束：写成 [project] 或 [[indicators]]"},
	{"table array name", "表数组名没有结束：写成 [[indicators]]"},
	{"expected a top-level item to end", "一行只能写一个 键 = 值；多余的内容请删除或换行"},
	{"unexpected comma", "多了一个逗号"},
	{"unexpected '='", "多了一个等号：一行只写一个 键 = 值，文本里的等号要放在引号中"},
	{"unexpected '.'", "键名中多了一个点：键名只用英文字母、数字、_ 和 -"},
	{`unexpected '""""""'`, `多行文本的结束引号太多：结束的三个引号前最多再写两个引号`},
	{`unexpected "''''''"`, `多行文本的结束引号太多：结束的三个引号前最多再写两个引号`},
	{"control characters", `这里有一个不可见的控制字符：删除它（文本要换行请用三个引号的多行文本 """…"""，制表符可写成 \t）`},
	{"invalid UTF-8", "这里有一个不是 UTF-8 的字节：请在编辑器中以 UTF-8 编码另存"},
}

// fallbackHint wraps a message of the TOML library that syntaxHints does
// not know.
const fallbackHint = "这里不符合 TOML 的写法：请对照 jixiao init 生成的样例检查引号、等号、括号和逗号（解析器的原文：%s）"
