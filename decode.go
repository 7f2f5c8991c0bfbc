package jixiao

import (
	"unicode"
	"unicode/utf16"

	"jixiao/internal/tomldec"
	"jixiao/internal/tomlpos"
)

// decoder reads the generic TOML tree into the form's typed fields, with the
// position of every value and one diagnostic for every problem.
type decoder struct {
	*tomldec.Decoder
	warnings Diagnostics
	onlySelf map[int]bool // Problems (by index) only the 自评表 needs, see selfEvalOnly
}

func newDecoder(file string, ix tomlpos.Index) *decoder {
	return &decoder{Decoder: tomldec.New(file, ix)}
}

func fromDec(p tomldec.Pos) Pos { return Pos{File: p.File, Line: p.Line, Col: p.Col} }

func (d *decoder) fail(path string, code Code, format string, args ...any) {
	d.Fail(path, string(code), format, args...)
}

func (d *decoder) errorAt(p Pos, code Code, format string, args ...any) {
	d.Report(tomldec.Pos{File: p.File, Line: p.Line, Col: p.Col}, string(code), format, args...)
}

// diagnostics returns every problem found, errors and warnings.
func (d *decoder) diagnostics() Diagnostics {
	var ds Diagnostics
	for i, p := range d.Problems {
		ds = append(ds, Diagnostic{Pos: fromDec(p.Pos), Severity: Error, Code: Code(p.Code), Message: p.Message, selfEval: d.onlySelf[i]})
	}
	return append(ds, d.warnings...)
}

func (d *decoder) keyPos(path string) Pos { return fromDec(d.KeyPos(path)) }

// str reads a string as written (trimmed), for names and choices.
func (d *decoder) str(path string, v any) Field[string] {
	s, ok := d.Str(path, v)
	f := Field[string]{Val: trimBlank(s), Set: ok, Pos: fromDec(d.ValPos(path))}
	d.printable(path, f.Val)
	return f
}

// text reads a free text field: web-form paragraphs become line breaks.
func (d *decoder) text(path string, v any) Field[string] {
	s, ok := d.Str(path, v)
	f := Field[string]{Val: PlainText(s), Set: ok, Pos: fromDec(d.ValPos(path))}
	d.printable(path, f.Val)
	return f
}

// printable reports the first control character of a text other than tab
// and line break (and U+FFFD, the mark of a character lost before): no
// form prints it, and a workbook would store it as U+FFFD, so it is an
// error here rather than a silent change in the writers.
func (d *decoder) printable(path, s string) {
	units := 0
	for _, r := range s {
		units += utf16.RuneLen(r)
		switch {
		case r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\uFFFD'):
			d.fail(path, CodeBadValue, "%s 含不可打印的字符 U+%04X，请删除它", tomldec.DisplayKey(path), r)
			return
		case unicode.Is(unicode.Bidi_Control, r):
			d.fail(path, CodeBadValue, "%s 含双向文字控制字符 U+%04X：它让后面的文字改变显示方向，打印出来与输入的不一样；请删除它", tomldec.DisplayKey(path), r)
			return
		}
	}
	if units > MaxTextLength {
		d.fail(path, CodeBadValue, "%s 有 %d 个字符，超过 Excel 单元格能容纳的 %d 个；请精简", tomldec.DisplayKey(path), units, MaxTextLength)
	}
}

// MaxTextLength is the longest text a field may hold: what one workbook
// cell holds, in UTF-16 units as Excel counts.
const MaxTextLength = 32767

func (d *decoder) integer(path string, v any) Field[int] {
	n, ok := d.Int(path, v)
	return Field[int]{Val: n, Set: ok, Pos: fromDec(d.ValPos(path))}
}

// number reads a decimal exactly, with at most maxPlaces decimals.
func (d *decoder) number(path string, v any, maxPlaces int32, what string) Number {
	n, ok := d.Number(path, v, maxPlaces, what)
	return Number{Val: n, Set: ok, Pos: fromDec(d.ValPos(path))}
}

// choice reads one of the allowed strings; "" is left unset.
func (d *decoder) choice(path string, v any, allowed []string) Field[string] {
	s, ok := d.Choice(path, v, allowed)
	return Field[string]{Val: s, Set: ok, Pos: fromDec(d.ValPos(path))}
}
