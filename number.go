package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/internal/tomldec"
)

// Number is a decimal read from the input or computed from it.
type Number = Field[decimal.Decimal]

var hundred = decimal.NewFromInt(100)

// ParseNumber reads a decimal written as text: digits with an optional sign,
// decimal point and correctly grouped thousands separators ("7,549,020.00").
// Anything else is an error that says what was wrong.
func ParseNumber(s string) (decimal.Decimal, error) { return tomldec.ParseNumber(s) }

// FormatScore prints a score to 2 decimals without trailing zeros: 9.5, 97.5, 10.
func FormatScore(d decimal.Decimal) string {
	return d.Round(2).String()
}

// FormatRate prints a rate with exactly 2 decimals: 100.00.
func FormatRate(d decimal.Decimal) string {
	return d.StringFixed(2)
}

// FormatAmount prints an amount with thousands separators and the given
// number of decimals: 7,549,020.00.
func FormatAmount(d decimal.Decimal, decimals int32) string {
	s := d.StringFixed(decimals)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// RoundQuo returns a/b rounded to the given decimal places with the given
// rounding, computed exactly (no float, no intermediate rounding). b must not
// be zero; a and b are expected to be non-negative.
func RoundQuo(a, b decimal.Decimal, placesOut int32, mode Rounding) decimal.Decimal {
	q, r := a.QuoRem(b, placesOut)
	if r.IsZero() {
		return q
	}
	unit := decimal.New(1, -placesOut)
	switch mode {
	case RoundCeil:
		return q.Add(unit)
	case RoundTrunc:
		return q
	default: // half up: the remainder is at least half of b·unit
		if r.Mul(decimal.NewFromInt(2)).Cmp(b.Mul(unit)) >= 0 {
			return q.Add(unit)
		}
		return q
	}
}
