package jixiao

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomlpos"
)

// Change is one difference Update made to a file, for a summary a person
// reads: "~ indicators[2].actual: "=99.11%" → "=99.5%"".
type Change struct {
	Op       byte   // '~' changed, '+' added, '-' removed, '>' moved
	Path     string // "project.name", "funds.total.budget", "indicators[2].actual", "indicators[12]"
	Old, New string // the values as TOML shows them, shortened; "" when there is none
	Name     string // the indicator's 三级指标 name, for indicator changes
}

func (c Change) String() string {
	name := ""
	if c.Name != "" {
		name = " “" + c.Name + "”"
	}
	switch {
	case c.Op == '~':
		return fmt.Sprintf("~ %s: %s → %s%s", c.Path, c.Old, c.New, paren(c.Name))
	case c.Op == '>':
		return fmt.Sprintf("> %s%s：%s", c.Path, name, c.New)
	case c.Old == "" && c.New == "":
		return fmt.Sprintf("%c %s%s", c.Op, c.Path, name)
	case c.Op == '+':
		return fmt.Sprintf("+ %s = %s%s", c.Path, c.New, paren(c.Name))
	}
	return fmt.Sprintf("- %s = %s%s", c.Path, c.Old, paren(c.Name))
}

func paren(name string) string {
	if name == "" {
		return ""
	}
	return "（" + name + "）"
}

// Update rewrites the input file src so that it loads to the form to, in
// place: changed values are replaced where they stand, keys that are new
// are added at the end of their table, indicators the new form adds get a
// new [[indicators]] section, and the sections of indicators it no longer
// has are removed. Everything else — comments, key order, blank lines, the
// way unchanged values are written ("7,549,020" stays so) — is kept.
//
// Indicators are matched old to new by (level1, level2, name), then, among
// the rest, in order within the same 一级/二级 group, then by position. The
// file's [[indicators]] sections are put in the new form's order: a section
// moves together with the comment lines directly above its header (no blank
// line between) and the comments inside it. A removed indicator takes those
// comments with it; comments separated from a header by a blank line, or
// after a section's last key, stay where they are.
//
// The result is checked: Update fails, changing nothing, unless Parse of
// the result gives exactly to (values and whether they were given).
func Update(src []byte, name string, to *Form) ([]byte, []Change, error) {
	return UpdateMatched(src, name, to, nil)
}

// UpdateMatched is Update with the indicators of to already matched to the
// file's: match[j] is the index in the file of to's j-th indicator, -1 for
// an added one (jixiao import, which knows which row is which). A match
// that does not fit (a wrong length, an index twice or out of range) is
// ignored, and Update's own is used.
func UpdateMatched(src []byte, name string, to *Form, match []int) ([]byte, []Change, error) {
	bom := bytes.HasPrefix(src, []byte("\uFEFF"))
	body := bytes.TrimPrefix(src, []byte("\uFEFF"))
	from, ix, diags := parse(body, name)
	if from == nil {
		return nil, nil, fmt.Errorf("%s 无法读取，没有改动它：%s", name, diags[0].String())
	}
	e := newEditor(body, from, ix)
	if validMatch(match, len(to.Indicators), len(from.Indicators)) {
		e.match = match
	}
	e.root(to)
	e.project(to)
	e.policy(to)
	e.funds(to)
	e.goals(to)
	e.monitor(to)
	out, err := e.indicators(to)
	if err != nil {
		return nil, nil, err
	}
	got, diags := Parse(out, name)
	if got == nil {
		return nil, nil, fmt.Errorf("无法就地更新 %s（结果不是有效的 TOML：%s）；没有改动它", name, diags[0].Message)
	}
	if diff := Differences(got, to); len(diff) > 0 {
		return nil, nil, fmt.Errorf("无法就地更新 %s（%s 的写法 jixiao 不会改）；没有改动它，请改用 -o 写出新文件", name, strings.Join(diff, "、"))
	}
	if bom {
		out = append([]byte("\uFEFF"), out...)
	}
	return out, e.changes, nil
}

// patch replaces src[start:end] with text; start == end inserts. owner is
// the index of the old indicator whose section it edits, -1 for others.
type patch struct {
	start, end int
	text       string
	owner      int
}

// section is a table of the file: from its header line to the next header.
type section struct {
	path      string // "project", "indicators.3"; "" for the keys before the first header
	start     int    // offset of the header line (0 for the root)
	headerEnd int    // offset after the header line
	keysEnd   int    // offset after the line of its last key's value (headerEnd when it has none)
}

type editor struct {
	src      []byte
	from     *Form
	ix       tomlpos.Index
	lines    []int // offset of the start of each line
	sections []section
	byPath   map[string]int
	edits    []patch
	owner    int // owner of the edits being made
	changes  []Change
	newTable []string            // tables to add before the indicators, in order
	newKeys  map[string][]string // their key lines
	match    []int               // to's indicators → the file's; nil: MatchIndicators
}

// validMatch tells whether match pairs n new indicators with distinct ones
// of old, or none.
func validMatch(match []int, n, old int) bool {
	if match == nil || len(match) != n {
		return false
	}
	seen := make([]bool, old)
	for _, i := range match {
		if i >= old || i >= 0 && seen[i] {
			return false
		}
		if i >= 0 {
			seen[i] = true
		}
	}
	return true
}

func newEditor(src []byte, from *Form, ix tomlpos.Index) *editor {
	e := &editor{src: src, from: from, ix: ix, byPath: map[string]int{}, owner: -1, newKeys: map[string][]string{}}
	e.lines = append(e.lines, 0)
	for i, b := range src {
		if b == '\n' {
			e.lines = append(e.lines, i+1)
		}
	}
	e.scanSections()
	return e
}

// offset converts a position (1-based line, column in characters) to a byte offset.
func (e *editor) offset(p tomlpos.Pos) int {
	if p.Line < 1 || p.Line > len(e.lines) {
		return len(e.src)
	}
	off := e.lines[p.Line-1]
	for c := 1; c < p.Col && off < len(e.src); c++ {
		_, n := utf8.DecodeRune(e.src[off:])
		off += n
	}
	return off
}

// lineEnd is the offset after the line holding off (after its newline).
func (e *editor) lineEnd(off int) int {
	if i := bytes.IndexByte(e.src[min(off, len(e.src)):], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(e.src)
}

// lineStart is the offset of the start of the line holding off.
func (e *editor) lineStart(off int) int {
	return bytes.LastIndexByte(e.src[:off], '\n') + 1
}

// scanSections finds the header lines (outside multi-line values) and the
// extent of each table.
func (e *editor) scanSections() {
	// inside marks the lines that start within a value (a multi-line string
	// or array): a "[" there is no header.
	inside := make([]bool, len(e.lines))
	lineOf := func(off int) int {
		n, found := slices.BinarySearch(e.lines, off)
		if !found {
			n--
		}
		return n
	}
	headerAt := map[tomlpos.Pos]string{}
	for path, en := range e.ix {
		if en.End > 0 {
			for l := lineOf(en.Offset) + 1; l <= lineOf(en.End) && l < len(inside); l++ {
				if e.lines[l] < en.End {
					inside[l] = true
				}
			}
		}
		if en.End == 0 && en.Key == en.Value {
			if old, ok := headerAt[en.Key]; !ok || strings.Count(path, ".") > strings.Count(old, ".") {
				headerAt[en.Key] = path
			}
		}
	}
	e.sections = []section{{path: ""}}
	for i, start := range e.lines {
		line := e.src[start:e.lineEnd(start)]
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 || trimmed[0] != '[' || inside[i] {
			continue
		}
		col := utf8.RuneCount(line[:len(line)-len(trimmed)]) + 1
		path := headerAt[tomlpos.Pos{Line: i + 1, Col: col}]
		e.sections = append(e.sections, section{path: path, start: start, headerEnd: e.lineEnd(start)})
	}
	for i := range e.sections {
		s := &e.sections[i]
		s.keysEnd = s.headerEnd
		if _, dup := e.byPath[s.path]; !dup {
			e.byPath[s.path] = i
		}
	}
	for _, en := range e.ix {
		if en.End == 0 {
			continue
		}
		k := e.offset(en.Key)
		i, _ := slices.BinarySearchFunc(e.sections, k, func(s section, k int) int { return s.start - k })
		if i == len(e.sections) || e.sections[i].start > k {
			i--
		}
		if s := &e.sections[i]; k >= s.headerEnd {
			s.keysEnd = max(s.keysEnd, e.lineEnd(en.End))
		}
	}
}

// value is the desired state of one key: its TOML text, or absent.
type value struct {
	set  bool
	text string // as TOML
	show string // for the summary
	was  string // the old value for the summary; "" shows it as written
}

// strValue is the new text b of a key that held a.
func strValue(a, b Field[string]) value {
	return value{set: b.Set, text: Quote(b.Val), show: showText(b.Val), was: showText(a.Val)}
}

// showText shows a text on one line: "第一行\n第二行".
func showText(s string) string { return shorten(strconv.Quote(s)) }

func numValue(n Number, text func(decimal.Decimal) string) value {
	if text == nil {
		text = func(d decimal.Decimal) string { return d.String() }
	}
	t := text(n.Val)
	return value{set: n.Set, text: t, show: t}
}

func amountText(d decimal.Decimal) string { return Quote(AmountText(d)) }
func rateText(d decimal.Decimal) string   { return Quote(FormatRate(d)) }

// shorten keeps a value readable in a one-line summary.
func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if r := []rune(s); len(r) > 40 {
		return string(r[:38]) + "…" + string(r[len(r)-1])
	}
	return s
}

// set makes the key path (in table) hold v, where same says whether the
// old and new values are equal. Changes are recorded under display.
func (e *editor) set(table, key string, had bool, same bool, v value, display, name string) {
	path := key
	if table != "" {
		path = table + "." + key
	}
	en, exists := e.ix[path]
	exists = exists && en.End > 0
	switch {
	case !v.set && !had && !exists:
		return
	case v.set && had && same:
		return
	case v.set && exists:
		old := v.was
		if old == "" {
			old = shorten(string(e.src[en.Offset:en.End]))
		}
		e.edits = append(e.edits, patch{en.Offset, en.End, v.text, e.owner})
		e.changes = append(e.changes, Change{Op: '~', Path: display, Old: old, New: v.show, Name: name})
	case v.set:
		e.insert(table, key+" = "+v.text)
		e.changes = append(e.changes, Change{Op: '+', Path: display, New: v.show, Name: name})
	case exists:
		k := e.offset(en.Key)
		start := e.lineStart(k)
		if strings.TrimSpace(string(e.src[start:k])) != "" {
			return // not alone on its line: left for the check to report
		}
		e.edits = append(e.edits, patch{start, e.lineEnd(en.End), "", e.owner})
		old := v.was
		if old == "" {
			old = shorten(string(e.src[en.Offset:en.End]))
		}
		e.changes = append(e.changes, Change{Op: '-', Path: display, Old: old, Name: name})
	}
}

// insert adds a key line at the end of its table, or a new table.
func (e *editor) insert(table, line string) {
	i, ok := e.byPath[table]
	if !ok {
		if e.newKeys[table] == nil {
			e.newTable = append(e.newTable, table)
		}
		e.newKeys[table] = append(e.newKeys[table], line)
		return
	}
	s := e.sections[i]
	at := s.keysEnd
	if table == "" && at == 0 {
		e.edits = append(e.edits, patch{e.firstContent(), e.firstContent(), line + "\n\n", e.owner})
		return
	}
	indent := ""
	if at > s.headerEnd || table == "" {
		last := e.lineStart(max(at-1, 0))
		ln := e.src[last:at]
		indent = string(ln[:len(ln)-len(bytes.TrimLeft(ln, " \t"))])
	}
	text := indent + line + "\n"
	if at > 0 && e.src[at-1] != '\n' {
		text = "\n" + text
	}
	e.edits = append(e.edits, patch{at, at, text, e.owner})
}

// firstContent is the offset of the first line that is neither blank nor a comment.
func (e *editor) firstContent() int {
	for _, start := range e.lines {
		t := bytes.TrimSpace(e.src[start:e.lineEnd(start)])
		if len(t) > 0 && t[0] != '#' {
			return start
		}
	}
	return len(e.src)
}

func (e *editor) root(to *Form) {
	f := e.from
	e.set("", "template", f.Template.Set, f.Template.Val == to.Template.Val, strValue(f.Template, to.Template), "template", "")
	y := value{set: to.Year.Set, text: strconv.Itoa(to.Year.Val), show: strconv.Itoa(to.Year.Val)}
	e.set("", "year", f.Year.Set, f.Year.Val == to.Year.Val, y, "year", "")
}

func (e *editor) project(to *Form) {
	a, b := e.from.Project, to.Project
	e.text("project", "name", a.Name, b.Name)
	e.text("project", "department", a.Department, b.Department)
	e.text("project", "implementer", a.Implementer, b.Implementer)
}

func (e *editor) goals(to *Form) {
	a, b := e.from.Goals, to.Goals
	e.text("goals", "planned", a.Planned, b.Planned)
	e.text("goals", "achieved", a.Achieved, b.Achieved)
}

func (e *editor) text(table, key string, a, b Field[string]) {
	e.set(table, key, a.Set, a.Val == b.Val, strValue(a, b), table+"."+key, "")
}

func (e *editor) number(table, key string, a, b Number, text func(decimal.Decimal) string, display, name string) {
	e.set(table, key, a.Set, a.Val.Equal(b.Val), numValue(b, text), display, name)
}

func (e *editor) policy(to *Form) {
	a, b := e.from.Policy, to.Policy
	choice := func(key string, had bool, old, now string, set bool) {
		e.set("policy", key, had, old == now, value{set: set, text: Quote(now), show: Quote(now)}, "policy."+key, "")
	}
	choice("rate_rounding", a.RateRounding.Set, string(a.RateRounding.Val), string(b.RateRounding.Val), b.RateRounding.Set)
	choice("not_applicable", a.NotApplicable.Set, string(a.NotApplicable.Val), string(b.NotApplicable.Val), b.NotApplicable.Set)
	e.number("policy", "too_low_ratio", a.TooLowRatio, b.TooLowRatio, nil, "policy.too_low_ratio", "")
}

func (e *editor) funds(to *Form) {
	a, b := e.from.Funds, to.Funds
	u := value{set: b.Unit.Set, text: Quote(string(b.Unit.Val)), show: Quote(string(b.Unit.Val))}
	e.set("funds", "unit", a.Unit.Set, a.Unit.Val == b.Unit.Val, u, "funds.unit", "")
	e.number("funds", "weight", a.Weight, b.Weight, nil, "funds.weight", "")
	olds, news := a.Rows(), b.Rows()
	for i, key := range FundRowKeys {
		e.fundRow(key, olds[i], news[i])
	}
	e.number("funds", "rate", a.Rate, b.Rate, rateText, "funds.rate", "")
	e.number("funds", "score", a.Score, b.Score, nil, "funds.score", "")
}

// fundRow updates one row of 项目资金, written as an inline table
// (total = { initial = "…", … }) or as a [funds.total] table.
func (e *editor) fundRow(key string, a, b FundRow) {
	path := "funds." + key
	olds, news := a.Amounts(), b.Amounts()
	en, exists := e.ix[path]
	inline := exists && en.End > en.Offset && e.src[en.Offset] == '{'
	if !inline {
		if _, table := e.byPath[path]; table {
			for c, col := range AmountKeys {
				e.number(path, col, olds[c], news[c], amountText, path+"."+col, "")
			}
			return
		}
	}
	// The changes, column by column.
	var changes []Change
	var parts []string
	reuse := true // every column kept or replaced where it stands
	var edits []patch
	for c, col := range AmountKeys {
		o, n := olds[c], news[c]
		cp := path + "." + col
		ce, has := e.ix[cp]
		has = has && ce.End > 0
		switch {
		case n.Set && has && o.Set && o.Val.Equal(n.Val):
			parts = append(parts, col+" = "+string(e.src[ce.Offset:ce.End]))
		case n.Set:
			t := amountText(n.Val)
			parts = append(parts, col+" = "+t)
			if has {
				edits = append(edits, patch{ce.Offset, ce.End, t, e.owner})
				changes = append(changes, Change{Op: '~', Path: cp, Old: shorten(string(e.src[ce.Offset:ce.End])), New: t})
			} else {
				reuse = false
				changes = append(changes, Change{Op: '+', Path: cp, New: t})
			}
		case has:
			reuse = false
			changes = append(changes, Change{Op: '-', Path: cp, Old: shorten(string(e.src[ce.Offset:ce.End]))})
		}
	}
	if len(changes) == 0 {
		return
	}
	e.changes = append(e.changes, changes...)
	text := "{}"
	if len(parts) > 0 {
		text = "{ " + strings.Join(parts, ", ") + " }"
	}
	switch {
	case inline && reuse:
		e.edits = append(e.edits, edits...)
	case inline:
		e.edits = append(e.edits, patch{en.Offset, en.End, text, e.owner})
	default:
		e.insert("funds", key+" = "+text)
	}
}
