package tomldec

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

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

// ParseLiteral reads the literal text of a TOML integer or float exactly, so
// that 7549020.10 stays 7549020.10 and is never squeezed through float64.
func ParseLiteral(raw string) (decimal.Decimal, error) {
	t := strings.ReplaceAll(strings.TrimSpace(raw), "_", "")
	u := strings.TrimLeft(t, "+-")
	switch {
	case u == "inf" || u == "nan":
		return decimal.Zero, errors.New("不是有限的数")
	case strings.HasPrefix(u, "0x") || strings.HasPrefix(u, "0o") || strings.HasPrefix(u, "0b"):
		return decimal.Zero, errors.New("请用十进制书写")
	}
	d, err := decimal.NewFromString(t)
	if err != nil || d.Exponent() < -maxExponent || d.Exponent() > maxExponent {
		return decimal.Zero, errors.New("不是一个合理的数（指数太大）：请直接写出数字")
	}
	return d, nil
}

// maxExponent bounds the exponent of a literal such as 1e-100000000, which
// float64 reads as 0 but whose exact decimal would cost a hundred million
// digits to print.
const maxExponent = 400

// Places returns the number of decimal places d needs (trailing zeros do not count).
func Places(d decimal.Decimal) int32 {
	n := int32(0)
	for !d.Truncate(n).Equal(d) {
		n++
	}
	return n
}

// Abbrev writes a number for a message: as it is when short, else in
// scientific notation (1e+308), so that a hostile value cannot flood it.
func Abbrev(d decimal.Decimal) string {
	if s := d.String(); len(s) <= 24 {
		return s
	}
	f, _ := d.Float64()
	return strconv.FormatFloat(f, 'g', 6, 64)
}
