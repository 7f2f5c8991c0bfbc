// Package tomldec turns the generic tree BurntSushi/toml decodes into typed
// values, reporting every problem with the place it was written and a fix.
// Both the form loader and the template loader use it, so a user sees the
// same messages for the same mistakes in either file.
package tomldec

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomlpos"
)

// Pos is a place in a named file.
type Pos struct {
	File      string
	Line, Col int
}

// Problem is an error found while decoding.
type Problem struct {
	Pos     Pos
	Code    string // "type", "unknown-key", "amount" or "bad-value"
	Message string
}

// Decoder decodes values of one document (or of a document merged from
// several, when Index entries carry their own file names).
type Decoder struct {
	File     string // the file of index entries that name none
	Index    tomlpos.Index
	Problems []Problem
	done     map[string]bool
}

// New returns a decoder for the document indexed by ix.
func New(file string, ix tomlpos.Index) *Decoder {
	return &Decoder{File: file, Index: ix, done: map[string]bool{}}
}

// Fail reports a problem with the value at path and marks the path as
// reported, so that callers do not also report it as missing.
func (d *Decoder) Fail(path, code, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Pos: d.ValPos(path), Code: code, Message: fmt.Sprintf(format, args...)})
	d.done[path] = true
}

// Report adds a problem at a position without marking any path.
func (d *Decoder) Report(p Pos, code, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Pos: p, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Done reports whether the path was already reported or named by a
// misspelt key.
func (d *Decoder) Done(path string) bool { return d.done[path] }

// Reported is Done for a caller that keeps it after decoding: it holds
// only the set of paths, not the decoder with its position index (which
// a form kept for a batch's end would otherwise keep alive).
func (d *Decoder) Reported() func(path string) bool {
	done := d.done
	return func(path string) bool { return done[path] }
}

func (d *Decoder) at(e tomlpos.Entry, p tomlpos.Pos) Pos {
	f := e.File
	if f == "" {
		f = d.File
	}
	return Pos{File: f, Line: p.Line, Col: p.Col}
}

// KeyPos is where the key of path is written; for a path that is not written,
// the nearest written parent, else the top of the file.
func (d *Decoder) KeyPos(path string) Pos {
	for p := path; p != ""; p = Parent(p) {
		if e, ok := d.Index.Lookup(p); ok {
			return d.at(e, e.Key)
		}
	}
	return Pos{File: d.File, Line: 1, Col: 1}
}

// ValPos is where the value of path starts.
func (d *Decoder) ValPos(path string) Pos {
	if e, ok := d.Index.Lookup(path); ok {
		return d.at(e, e.Value)
	}
	return d.KeyPos(path)
}

// Parent is the path of the table holding path.
func Parent(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	return path[:i]
}

// Join appends a key to a path.
func Join(path, key string) string { return tomlpos.Join(path, key) }

// LastKey is the last key of a path.
func LastKey(path string) string {
	return path[strings.LastIndexByte(path, '.')+1:]
}

// DisplayKey names a path the way a user wrote it: indicators.3.name is the
// key "name" of the fourth [[indicators]], shown as indicators[4].name.
func DisplayKey(path string) string {
	var b []string
	for _, p := range strings.Split(path, ".") {
		if n, err := strconv.Atoi(p); err == nil && len(b) > 0 {
			b[len(b)-1] += fmt.Sprintf("[%d]", n+1)
			continue
		}
		b = append(b, p)
	}
	return strings.Join(b, ".")
}

// Keys reports every key of m that is not allowed, suggesting the nearest
// allowed key for a near miss, in the order the keys were written.
func (d *Decoder) Keys(path string, m map[string]any, allowed ...string) {
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Slice(unknown, func(i, j int) bool {
		a, b := d.KeyPos(Join(path, unknown[i])), d.KeyPos(Join(path, unknown[j]))
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	where := "文件顶层（第一个 [表] 之前）"
	if path != "" {
		where = "[" + DisplayKey(path) + "] "
	}
	if i := strings.LastIndexByte(path, '.'); i > 0 {
		if n, err := strconv.Atoi(path[i+1:]); err == nil {
			where = fmt.Sprintf("第 %d 个 [[%s]] ", n+1, DisplayKey(path[:i]))
		}
	}
	for _, k := range unknown {
		p := d.KeyPos(Join(path, k))
		if s := Suggest(k, allowed); s != "" {
			d.Report(p, "unknown-key", "未知的键 %q，是否想写 %q？", k, s)
			d.done[Join(path, s)] = true
		} else {
			d.Report(p, "unknown-key", "%s中没有键 %q；可用的键：%s", where, k, strings.Join(allowed, "、"))
		}
	}
}

// TypeName names the TOML type of a decoded value.
func TypeName(v any) string {
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

// WrongType reports a value of the wrong type with an example of the right one.
func (d *Decoder) WrongType(path string, v any, want, example string) {
	d.Fail(path, "type", "%s 应为%s（例如 %s），这里是%s", DisplayKey(path), want, example, TypeName(v))
}

// Table returns v as a table; nil (without a problem) when v is absent.
func (d *Decoder) Table(path string, v any) map[string]any {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.WrongType(path, v, "表", "["+DisplayKey(path)+"]")
		return nil
	}
	return m
}

// Str returns v as a string; ok is false when v is absent or not a string.
func (d *Decoder) Str(path string, v any) (s string, ok bool) {
	if v == nil {
		return "", false
	}
	s, ok = v.(string)
	if !ok {
		d.Fail(path, "type", "%s 应为文本，请加引号：%s = \"%s\"", DisplayKey(path), LastKey(path), d.Index[path].Raw)
	}
	return s, ok
}

// Bool returns v as a boolean.
func (d *Decoder) Bool(path string, v any) (b, ok bool) {
	if v == nil {
		return false, false
	}
	b, ok = v.(bool)
	if !ok {
		d.WrongType(path, v, "布尔值", LastKey(path)+" = true")
	}
	return b, ok
}

// Int returns v as an integer.
func (d *Decoder) Int(path string, v any) (int, bool) {
	switch n := v.(type) {
	case nil:
		return 0, false
	case int64:
		return int(n), true
	}
	d.WrongType(path, v, "整数", LastKey(path)+" = 2020")
	return 0, false
}

// Number reads a decimal written as a TOML integer, float or string,
// exactly, with at most maxPlaces decimals and MaxDigits significant
// digits; what names the quantity in the message ("金额（元）"). An empty
// string is reported: the key should be left out instead.
func (d *Decoder) Number(path string, v any, maxPlaces int32, what string) (decimal.Decimal, bool) {
	var n decimal.Decimal
	var err error
	switch x := v.(type) {
	case nil:
		return n, false
	case string:
		if strings.TrimSpace(x) == "" {
			d.Fail(path, "amount", "%s 是空的：写上数值（如 %s = \"1,234.50\"），没有这一项就删掉这个键", DisplayKey(path), LastKey(path))
			return n, false
		}
		n, err = ParseNumber(x)
	case int64:
		n = decimal.NewFromInt(x)
	case float64:
		n, err = d.float(path, x)
	default:
		d.WrongType(path, v, "数字", LastKey(path)+` = "1,234.50"`)
		return n, false
	}
	if err != nil {
		raw := d.Index[path].Raw
		if raw == "" {
			raw = fmt.Sprint(v)
		}
		d.Fail(path, "amount", "%s 的值 %s %s", DisplayKey(path), raw, err)
		return n, false
	}
	if Places(n) > maxPlaces {
		d.Fail(path, "amount", "%s 的值 %s 有 %d 位小数，%s最多 %d 位；请核对，不要让程序替你舍入",
			DisplayKey(path), n.String(), Places(n), what, maxPlaces)
		return n, false
	}
	if digits := Digits(n); digits > MaxDigits {
		d.Fail(path, "amount", "%s 的值 %s 有 %d 位有效数字，工作簿的数字最多保存 %d 位；请核对",
			DisplayKey(path), n.String(), digits, MaxDigits)
		return n, false
	}
	return n, true
}

// MaxDigits is the number of significant digits a workbook number holds.
const MaxDigits = 15

// Digits counts the significant digits of d: 7549020.5 has 8, 1e308 has 1.
func Digits(d decimal.Decimal) int {
	s := strings.TrimLeft(strings.Replace(d.Abs().String(), ".", "", 1), "0")
	return len(strings.TrimRight(s, "0"))
}

// float recovers the exact decimal of a TOML float from its literal text.
func (d *Decoder) float(path string, x float64) (decimal.Decimal, error) {
	if raw := d.Index[path].Raw; raw != "" {
		return ParseLiteral(raw)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if len(strings.Trim(strings.Replace(s, ".", "", 1), "0-")) > 15 {
		return decimal.Zero, fmt.Errorf("超出了能精确表示的位数，请写成字符串")
	}
	return decimal.NewFromString(s)
}

// Length reads a non-negative size (millimetres, points) within [lo, hi].
func (d *Decoder) Length(path string, v any, lo, hi float64, unit string) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case nil:
		return 0, false
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		d.WrongType(path, v, "数字", LastKey(path)+" = 10")
		return 0, false
	}
	if f < lo || f > hi {
		d.Fail(path, "bad-value", "%s = %g%s 不在 %g 到 %g%s 之间", DisplayKey(path), f, unit, lo, hi, unit)
		return 0, false
	}
	return f, true
}

// Choice reads a string that must be one of allowed; an empty string is absent.
func (d *Decoder) Choice(path string, v any, allowed []string) (string, bool) {
	s, ok := d.Str(path, v)
	s = strings.TrimSpace(s)
	if !ok || s == "" {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		hint := ""
		if m := Suggest(s, allowed); m != "" {
			hint = fmt.Sprintf("是否想写 %q？", m)
		}
		d.Fail(path, "bad-value", "%s 不能是 %q，可选：%s。%s", DisplayKey(path), s, strings.Join(allowed, "、"), hint)
		return "", false
	}
	return s, true
}

// Tables reads an array of tables such as [[indicators]]. An element that
// is not a table is reported and left nil, so indices still match the file.
func (d *Decoder) Tables(path string, v any) []map[string]any {
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
				d.WrongType(Join(path, strconv.Itoa(i)), e, "表", "[["+path+"]]")
			}
			out = append(out, m)
		}
		return out
	}
	d.WrongType(path, v, "表的数组", "[["+path+"]]")
	return nil
}
