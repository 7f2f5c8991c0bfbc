package jixiao

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomlpos"
)

// decoder turns the generic tree BurntSushi/toml produced into typed fields,
// with the position of every value and one diagnostic for every problem.
type decoder struct {
	file  string
	ix    tomlpos.Index
	diags Diagnostics
	done  map[string]bool // paths already reported, or named by a near-miss key
}

// fail reports an error about the value at path and remembers that the path
// has been reported, so that no "missing" error follows for it.
func (d *decoder) fail(path string, code Code, format string, args ...any) {
	d.diags.errorf(d.valPos(path), code, format, args...)
	d.done[path] = true
}

func (d *decoder) at(p tomlpos.Pos) Pos { return Pos{File: d.file, Line: p.Line, Col: p.Col} }

// keyPos is where the key of path is written; for a path that is not written,
// the nearest written parent, else the top of the file.
func (d *decoder) keyPos(path string) Pos {
	for p := path; p != ""; p = parent(p) {
		if e, ok := d.ix.Lookup(p); ok {
			return d.at(e.Key)
		}
	}
	return Pos{File: d.file, Line: 1, Col: 1}
}

// valPos is where the value of path starts.
func (d *decoder) valPos(path string) Pos {
	if e, ok := d.ix.Lookup(path); ok {
		return d.at(e.Value)
	}
	return d.keyPos(path)
}

func parent(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	return path[:i]
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// displayKey names a path the way a user wrote it: indicators.3.name is the
// key "name" of the fourth [[indicators]].
func displayKey(path string) string {
	parts := strings.Split(path, ".")
	var b []string
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err == nil && len(b) > 0 {
			b[len(b)-1] += fmt.Sprintf("[%d]", n+1)
			continue
		}
		b = append(b, p)
	}
	return strings.Join(b, ".")
}

// keys reports every key of m that is not allowed, suggesting the nearest
// allowed key for a near miss, in the order the keys were written.
func (d *decoder) keys(path string, m map[string]any, allowed ...string) {
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Slice(unknown, func(i, j int) bool {
		a, b := d.keyPos(join(path, unknown[i])), d.keyPos(join(path, unknown[j]))
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	where := "顶层"
	if path != "" {
		where = "[" + displayKey(path) + "]"
	}
	for _, k := range unknown {
		p := d.keyPos(join(path, k))
		if s := suggest(k, allowed); s != "" {
			d.diags.errorf(p, CodeUnknownKey, "未知的键 %q，是否想写 %q？", k, s)
			d.done[join(path, s)] = true
		} else {
			d.diags.errorf(p, CodeUnknownKey, "%s 中没有键 %q；可用的键：%s", where, k, strings.Join(allowed, "、"))
		}
	}
}

// typeName names the TOML type of a decoded value in the messages' language.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "字符串"
	case int64:
		return "整数"
	case float64:
		return "小数"
	case bool:
		return "布尔值"
	case map[string]any:
		return "表"
	case []any, []map[string]any:
		return "数组"
	}
	return "日期时间"
}

func (d *decoder) wrongType(path string, v any, want, example string) {
	d.fail(path, CodeType, "%s 应为%s（例如 %s），这里是%s", displayKey(path), want, example, typeName(v))
}

// table returns m[key] as a table; absent gives nil without a diagnostic.
func (d *decoder) table(path string, v any) map[string]any {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.wrongType(path, v, "表", "["+displayKey(path)+"]")
		return nil
	}
	return m
}

// text reads a free text field: web-form paragraphs become line breaks.
func (d *decoder) text(path string, v any) Field[string] {
	f := d.str(path, v)
	f.Val = PlainText(f.Val)
	d.controlChars(path, f.Val)
	return f
}

// str reads a string as written (trimmed), for names and choices.
func (d *decoder) str(path string, v any) Field[string] {
	f := Field[string]{Pos: d.valPos(path)}
	if v == nil {
		return f
	}
	s, ok := v.(string)
	if !ok {
		raw := d.ix[path].Raw
		d.fail(path, CodeType, "%s 应为文本，请加引号：%s = \"%s\"", displayKey(path), lastKey(path), raw)
		return f
	}
	f.Val, f.Set = strings.TrimSpace(s), true
	return f
}

func lastKey(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// controlChars reports characters that no printed form can show.
func (d *decoder) controlChars(path, s string) {
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\uFFFD') {
			d.fail(path, CodeBadValue, "%s 含不可打印的字符 U+%04X，请删除它", displayKey(path), r)
			return
		}
	}
}

func (d *decoder) integer(path string, v any) Field[int] {
	f := Field[int]{Pos: d.valPos(path)}
	switch n := v.(type) {
	case nil:
	case int64:
		f.Val, f.Set = int(n), true
	default:
		d.wrongType(path, v, "整数", lastKey(path)+" = 2020")
	}
	return f
}

// number reads a decimal written as a TOML integer, float or string, exactly,
// with at most maxPlaces decimals.
func (d *decoder) number(path string, v any, maxPlaces int32, what string) Number {
	f := Number{Pos: d.valPos(path)}
	var n decimal.Decimal
	var err error
	switch x := v.(type) {
	case nil:
		return f
	case string:
		if strings.TrimSpace(x) == "" {
			return f // "" means left blank
		}
		n, err = ParseNumber(x)
	case int64:
		n = decimal.NewFromInt(x)
	case float64:
		n, err = d.float(path, x)
	default:
		d.wrongType(path, v, "数字", lastKey(path)+` = "1,234.50"`)
		return f
	}
	if err != nil {
		d.fail(path, CodeAmount, "%s 的值 %s %s", displayKey(path), quoteRaw(d.ix[path].Raw, v), err)
		return f
	}
	if places(n) > maxPlaces {
		d.fail(path, CodeAmount, "%s 的值 %s 有 %d 位小数，%s最多 %d 位；请核对，不要让程序替你舍入",
			displayKey(path), n.String(), places(n), what, maxPlaces)
		return f
	}
	f.Val, f.Set = n, true
	return f
}

// float recovers the exact decimal of a TOML float from its literal text.
func (d *decoder) float(path string, x float64) (decimal.Decimal, error) {
	if raw := d.ix[path].Raw; raw != "" {
		return parseTOMLNumber(raw)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if len(strings.Trim(strings.Replace(s, ".", "", 1), "0-")) > 15 {
		return decimal.Zero, fmt.Errorf("超出了能精确表示的位数，请写成字符串")
	}
	return decimal.NewFromString(s)
}

func quoteRaw(raw string, v any) string {
	if raw != "" {
		return raw
	}
	return fmt.Sprint(v)
}

// choice reads a string that must be one of the allowed values; an empty
// string is left unset.
func (d *decoder) choice(path string, v any, allowed []string) Field[string] {
	f := d.str(path, v)
	if !f.Set || f.Val == "" {
		f.Set = false
		return f
	}
	if !slices.Contains(allowed, f.Val) {
		hint := ""
		if s := suggest(f.Val, allowed); s != "" {
			hint = fmt.Sprintf("是否想写 %q？", s)
		}
		d.fail(path, CodeBadValue, "%s 不能是 %q，可选：%s。%s", displayKey(path), f.Val, strings.Join(allowed, "、"), hint)
		f.Set = false
	}
	return f
}

// tables reads an array of tables such as [[indicators]]. An element that
// is not a table is reported and left nil, so indices still match the file.
func (d *decoder) tables(path string, v any) []map[string]any {
	switch x := v.(type) {
	case nil:
		return nil
	case []map[string]any:
		return x
	case []any:
		out := make([]map[string]any, 0, len(x))
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				d.wrongType(join(path, strconv.Itoa(i)), e, "表", "[["+path+"]]")
			}
			out = append(out, m) // nil for a wrong element keeps the indices

		}
		return out
	}
	d.wrongType(path, v, "表的数组", "[["+path+"]]")
	return nil
}
