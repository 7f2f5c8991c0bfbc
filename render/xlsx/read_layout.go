package xlsx

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/render"
)

// A layout is where a template puts each field and each label, learnt by
// resolving the template against a probe form whose values are markers:
// the reader asks the template, it does not guess.
type layout struct {
	cols    int
	top     []probeRow // the rows above the indicator block, as many as the template has
	header  probeRow   // the block's header row
	header2 []probeRow // its further rows (a two-level header: 偏差原因分析 over its causes)
	row     probeRow   // an indicator row: fields by column
	bottom  []probeRow // the rows after the block
	level   [2]int     // columns of 一级 and 二级 (-1: none)
	levelRe [2]*regexp.Regexp
	na      string // what the 得分 cell of an indicator dropped by not_applicable = "rescale" shows
}

// probeRow is one row of the template: what each column holds.
type probeRow []probeCell

type cellKind int

const (
	blank   cellKind = iota // nothing (or covered by a merge)
	literal                 // the template's text
	field                   // a data field
)

type probeCell struct {
	kind  cellKind
	field string         // "project.name", "funds.total.budget"; in the block "name", "weight"…
	text  string         // literal: the text as the template writes it, with {year} and the like
	re    *regexp.Regexp // literal: matches what the sheet may show; named groups year and unit
}

// Markers of the probe form: private-use characters and numbers no form has.
const (
	markProject     = "\uE001"
	markDepartment  = "\uE002"
	markImplementer = "\uE003"
	markUnit        = "\uE004"
	markLevel1      = "\uE011"
	markLevel2      = "\uE012"
	markYear        = 918273
	markWeight      = "37.25"
	// markMonths is what {months} shows while no month is given: the
	// monitoring form's labels (1–7月执行数) are read for the month.
	markMonths = "1–N月"
)

var layouts sync.Map // *render.Template → *layout

// layoutOf returns the layout of a template, computed once.
func layoutOf(t *render.Template) (*layout, error) {
	if l, ok := layouts.Load(t); ok {
		return l.(*layout), nil
	}
	l, err := probe(t)
	if err != nil {
		return nil, err
	}
	layouts.Store(t, l)
	return l, nil
}

func probeForm() *jixiao.Form {
	text := func(s string) jixiao.Field[string] { return jixiao.Field[string]{Val: s, Set: true} }
	num := func(s string) jixiao.Number { return jixiao.Number{Val: decimal.RequireFromString(s), Set: true} }
	policy := jixiao.DefaultPolicy()
	policy.NotApplicable = jixiao.Field[jixiao.NAPolicy]{Val: jixiao.NARescale, Set: true}
	f := &jixiao.Form{
		Year:    jixiao.Field[int]{Val: markYear, Set: true},
		Project: jixiao.Project{Name: text(markProject), Department: text(markDepartment), Implementer: text(markImplementer)},
		Policy:  policy,
		Funds:   jixiao.Funds{Unit: jixiao.Field[jixiao.Unit]{Val: markUnit, Set: true}, Weight: num("10")},
		Goals:   jixiao.Goals{Planned: text("p"), Achieved: text("a")},
	}
	for i, actual := range []string{"a", "该指标不适用"} {
		w := markWeight
		if i == 1 {
			w = "0"
		}
		f.Indicators = append(f.Indicators, jixiao.Indicator{Level1: text(markLevel1), Level2: text(markLevel2),
			Name: text("n"), Target: text("t"), Actual: text(actual), Weight: num(w)})
	}
	return f
}

func probe(t *render.Template) (*layout, error) {
	card, _ := jixiao.Score(probeForm())
	no := false
	s, err := render.Resolve(t, card, render.Options{KeepEmptyGroups: &no})
	if err != nil {
		return nil, err
	}
	l := &layout{cols: len(s.Columns), level: [2]int{-1, -1}}
	fields := map[render.At]string{}
	for name, at := range s.Fields {
		if rest, ok := strings.CutPrefix(name, "indicators.0."); ok {
			fields[render.At{Row: s.Block.First, Col: at.Col}] = rest
		} else if !strings.HasPrefix(name, "indicators.") {
			fields[at] = name
		}
	}
	rowOf := func(i int) probeRow {
		out := make(probeRow, l.cols)
		for j, c := range s.Rows[i].Cells {
			switch {
			case fields[render.At{Row: i, Col: j}] != "":
				out[j] = probeCell{kind: field, field: fields[render.At{Row: i, Col: j}]}
			case c.Kind != render.Empty && i != s.Block.First:
				out[j] = literalCell(c.Text)
			}
		}
		return out
	}
	for i := range s.Block.Header {
		l.top = append(l.top, rowOf(i))
	}
	l.header = rowOf(s.Block.Header)
	for i := s.Block.Header + 1; i < s.Block.First; i++ {
		l.header2 = append(l.header2, rowOf(i))
	}
	l.row = rowOf(s.Block.First)
	for i := s.Block.Last + 1; i < len(s.Rows); i++ {
		l.bottom = append(l.bottom, rowOf(i))
	}
	for j, c := range s.Rows[s.Block.First].Cells {
		for k, mark := range []string{markLevel1, markLevel2} {
			if strings.Contains(c.Text, mark) {
				l.level[k] = j
				l.levelRe[k] = levelPattern(c.Text, mark)
			}
		}
	}
	for name, at := range s.Fields {
		if name == "indicators.1.score" {
			l.na = s.Rows[at.Row].Cells[at.Col].Text
		}
	}
	return l, nil
}

// literalCell makes the matcher of a literal text: the probe's markers
// stand for what the data puts there.
func literalCell(shown string) probeCell {
	year := strconv.Itoa(markYear)
	var re, text strings.Builder
	re.WriteString(`(?s)^`)
	for rest := shown; rest != ""; {
		i, mark := firstMark(rest, year, markUnit, markMonths, markProject, markDepartment, markImplementer)
		if i < 0 {
			re.WriteString(regexp.QuoteMeta(rest))
			text.WriteString(rest)
			break
		}
		re.WriteString(regexp.QuoteMeta(rest[:i]))
		text.WriteString(rest[:i])
		switch mark {
		case year:
			re.WriteString(`(?P<year>[0-9]*)`)
			text.WriteString("{year}")
		case markUnit:
			re.WriteString(`(?P<unit>.*?)`)
			text.WriteString("{unit}")
		case markMonths:
			re.WriteString(`1\s*[–—~～-]\s*(?P<month>[0-9]{1,2}|N)\s*月`)
			text.WriteString("{months}")
		default:
			re.WriteString(`.*?`)
			text.WriteString("{…}")
		}
		rest = rest[i+len(mark):]
	}
	re.WriteString(`$`)
	return probeCell{kind: literal, text: text.String(), re: regexp.MustCompile(re.String())}
}

func firstMark(s string, marks ...string) (int, string) {
	at, which := -1, ""
	for _, m := range marks {
		if i := strings.Index(s, m); i >= 0 && (at < 0 || i < at) {
			at, which = i, m
		}
	}
	return at, which
}

// levelPattern matches a 一级/二级 label as the template writes it
// ("{level1}", or "{level1}({weight}分)"), capturing the name.
func levelPattern(shown, mark string) *regexp.Regexp {
	before, after, _ := strings.Cut(shown, mark)
	quote := func(s string) string {
		return strings.ReplaceAll(regexp.QuoteMeta(s), regexp.QuoteMeta(markWeight), `[0-9]+(?:\.[0-9]+)?`)
	}
	return regexp.MustCompile(`(?s)^` + quote(before) + `(.+?)` + quote(after) + `$`)
}

// match tells whether the sheet's text v is the literal, and what it
// captured.
func (c probeCell) match(v string) (map[string]string, bool) {
	m := c.re.FindStringSubmatch(v)
	if m == nil {
		return nil, false
	}
	out := map[string]string{}
	for i, n := range c.re.SubexpNames() {
		if n != "" {
			out[n] = m[i]
		}
	}
	return out, true
}

// literals counts the literal cells of a row.
func (r probeRow) literals() int {
	n := 0
	for _, c := range r {
		if c.kind == literal {
			n++
		}
	}
	return n
}

// column returns the column of a block field, or -1.
func (r probeRow) column(name string) int {
	for j, c := range r {
		if c.kind == field && c.field == name {
			return j
		}
	}
	return -1
}

// repeatedLabel reports whether v in column c of an indicator row is the
// label the template merges down that column from the block's header
// (绩效指标): the workbook writes it again where a printed page breaks the
// merge (see splitLabels).
func (l *layout) repeatedLabel(c int, v string) bool {
	if c >= len(l.header) || l.header[c].kind != literal || c < len(l.row) && l.row[c].kind != blank {
		return false
	}
	_, ok := l.header[c].match(v)
	return ok
}
