package jixiao

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomldec"
)

// Format writes a form as a jixiao input file: the keys it has, in the order
// of the skeleton jixiao init writes. Loading the result gives the same form.
func Format(f *Form) []byte {
	var b strings.Builder
	e := encoder{&b}
	if f.Template.Set {
		e.kv("template", f.Template.Val)
	}
	if f.Year.Set {
		fmt.Fprintf(&b, "year = %d\n", f.Year.Val)
	}
	b.WriteString("\n[project]\n")
	e.text("name", f.Project.Name)
	e.text("department", f.Project.Department)
	e.text("implementer", f.Project.Implementer)
	e.policy(f.Policy)
	e.funds(f.Funds)
	b.WriteString("\n[goals]\n")
	e.text("planned", f.Goals.Planned)
	e.text("achieved", f.Goals.Achieved)
	e.monitor(f.Monitor)
	for _, ind := range f.Indicators {
		b.WriteString("\n")
		e.indicator(ind)
	}
	return []byte(b.String())
}

// indicator writes one [[indicators]] section.
func (e encoder) indicator(ind Indicator) {
	e.b.WriteString("[[indicators]]\n")
	e.text("level1", ind.Level1)
	e.text("level2", ind.Level2)
	e.text("name", ind.Name)
	e.text("target", ind.Target)
	e.text("actual", ind.Actual)
	e.number("weight", ind.Weight)
	e.number("score", ind.Score)
	if ind.Grade.Set {
		e.kv("grade", string(ind.Grade.Val))
	}
	e.text("reason", ind.Reason)
	e.text("progress", ind.Progress)
	e.text("forecast", ind.Forecast)
	if ind.Likelihood.Set {
		e.kv("likelihood", string(ind.Likelihood.Val))
	}
	if ind.Causes.Set {
		fmt.Fprintf(e.b, "causes = %s\n", CausesText(ind.Causes))
	}
	e.text("cause_note", ind.CauseNote)
	e.text("note", ind.Note)
}

// monitor writes [monitor], when it has a key.
func (e encoder) monitor(m MonitorData) {
	if !m.Month.Set && !m.Progress.Set && !m.Problems.Set && !m.Measures.Set {
		return
	}
	e.b.WriteString("\n[monitor]\n")
	if m.Month.Set {
		fmt.Fprintf(e.b, "month = %d\n", m.Month.Val)
	}
	e.text("progress", m.Progress)
	e.text("problems", m.Problems)
	e.text("measures", m.Measures)
}

// CausesText writes causes as a TOML array: ["经费保障", "其他"].
func CausesText(c Causes) string {
	parts := make([]string, len(c.List))
	for i, f := range c.List {
		parts[i] = Quote(f.Val)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

type encoder struct{ b *strings.Builder }

func (e encoder) kv(key, val string) { fmt.Fprintf(e.b, "%s = %s\n", key, Quote(val)) }

func (e encoder) text(key string, f Field[string]) {
	if f.Set {
		e.kv(key, f.Val)
	}
}

func (e encoder) number(key string, n Number) {
	if n.Set {
		fmt.Fprintf(e.b, "%s = %s\n", key, n.Val.String())
	}
}

func (e encoder) policy(p Policy) {
	if !p.RateRounding.Set && !p.NotApplicable.Set && !p.TooLowRatio.Set {
		return
	}
	e.b.WriteString("\n[policy]\n")
	if p.RateRounding.Set {
		e.kv("rate_rounding", string(p.RateRounding.Val))
	}
	if p.NotApplicable.Set {
		e.kv("not_applicable", string(p.NotApplicable.Val))
	}
	if p.TooLowRatio.Set {
		e.kv("too_low_ratio", p.TooLowRatio.Val.String())
	}
}

func (e encoder) funds(f Funds) {
	e.b.WriteString("\n[funds]\n")
	e.kv("unit", string(f.Unit.Val))
	e.number("weight", f.Weight)
	for k, row := range f.Rows() {
		if k == 0 && row.Empty() && !row.ToDate.Set && !row.Forecast.Set {
			continue // the total, summed from the sources
		}
		var parts []string
		for i, col := range row.Amounts() {
			if col.Set {
				parts = append(parts, fmt.Sprintf("%s = %s", AmountKeys[i], Quote(AmountText(col.Val))))
			}
		}
		fmt.Fprintf(e.b, "%s = { %s }\n", FundRowKeys[k], strings.Join(parts, ", "))
	}
	if f.Rate.Set {
		e.kv("rate", FormatRate(f.Rate.Val))
	}
	e.number("score", f.Score)
}

// AmountText writes an amount with thousands separators and at least two
// decimals, keeping every decimal it has: 7,549,020.00, 754.902 → 754.902.
func AmountText(d decimal.Decimal) string {
	return FormatAmount(d, max(2, tomldec.Places(d)))
}

// Quote writes s as a TOML string: a basic string, or a multi-line basic
// string when s has line breaks, escaping what TOML requires.
func Quote(s string) string {
	var b strings.Builder
	multi := strings.Contains(s, "\n")
	if multi {
		b.WriteString(`"""` + "\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r) || r == 0x7f:
			b.WriteString(`\u` + fmt.Sprintf("%04X", r))
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}
