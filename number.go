package jixiao

import (
	"errors"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// Number is a decimal read from the input or computed from it.
type Number = Field[decimal.Decimal]

var hundred = decimal.NewFromInt(100)

// plainNumber accepts 7549020, 7549020.5, 7,549,020.00 and a sign.
var plainNumber = regexp.MustCompile(`^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$`)

// ParseNumber reads a decimal written as text: digits with an optional sign,
// decimal point and correctly grouped thousands separators ("7,549,020.00").
// Anything else is an error that says what was wrong.
func ParseNumber(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return decimal.Zero, errors.New("是空的")
	case strings.ContainsAny(t, "０１２３４５６７８９，．"):
		return decimal.Zero, errors.New("含全角字符，请改用半角数字、逗号和小数点")
	case strings.ContainsAny(t, "¥￥元万"):
		return decimal.Zero, errors.New("只写数字，不要带货币符号或单位（单位由 funds.unit 给出）")
	case !plainNumber.MatchString(t):
		if strings.Contains(t, ",") && plainNumber.MatchString(strings.ReplaceAll(t, ",", "")) {
			return decimal.Zero, errors.New("千分位逗号位置不对，应每三位一个（如 7,549,020.00）")
		}
		return decimal.Zero, errors.New("不是数字")
	}
	return decimal.NewFromString(strings.ReplaceAll(t, ",", ""))
}

// parseTOMLNumber reads the literal text of a TOML integer or float exactly,
// so that 7549020.10 stays 7549020.10 and is never squeezed through float64.
func parseTOMLNumber(raw string) (decimal.Decimal, error) {
	t := strings.ReplaceAll(strings.TrimSpace(raw), "_", "")
	switch strings.TrimLeft(t, "+-") {
	case "inf", "nan":
		return decimal.Zero, errors.New("不是有限的数")
	}
	if strings.HasPrefix(strings.TrimLeft(t, "+-"), "0x") || strings.HasPrefix(strings.TrimLeft(t, "+-"), "0o") ||
		strings.HasPrefix(strings.TrimLeft(t, "+-"), "0b") {
		return decimal.Zero, errors.New("请用十进制书写")
	}
	return decimal.NewFromString(t)
}

// places returns the number of decimal places d needs (trailing zeros do not count).
func places(d decimal.Decimal) int32 {
	n := int32(0)
	for !d.Truncate(n).Equal(d) {
		n++
	}
	return n
}

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
