package jixiao

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Op is the comparison of a quantitative target.
type Op int

const (
	OpNone Op = iota // a bare value such as "100%": read as "reach at least"
	OpEQ             // =
	OpGE             // ≥ or >=
	OpGT             // >
	OpLE             // ≤ or <=
	OpLT             // <
)

func (o Op) String() string {
	return [...]string{"", "=", "≥", ">", "≤", "<"}[o]
}

// LowerIsBetter reports whether the target is a ceiling (≤, <).
func (o Op) LowerIsBetter() bool { return o == OpLE || o == OpLT }

// Quantity is a parsed target or actual: "每月用户有效投诉≤5" has the prefix
// "每月用户有效投诉", the operator ≤, the value 5 and no unit.
type Quantity struct {
	Prefix string
	Op     Op
	Value  decimal.Decimal
	Unit   string
}

// maxUnitLen bounds a unit: "元/月/平方米" is 6 characters; anything much
// longer is a sentence, not a unit.
const maxUnitLen = 8

// halfWidth maps full-width digits, operators and signs to their ASCII forms.
var halfWidth = strings.NewReplacer(
	"＝", "=", "＞", ">", "＜", "<", "≧", "≥", "≦", "≤", "％", "%", "．", ".",
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
)

// twoCharOps maps the ASCII spellings of ≥ and ≤ to one character each.
var twoCharOps = strings.NewReplacer(">=", "≥", "<=", "≤", "=>", "≥", "=<", "≤")

// ParseQuantity reads a quantitative target or actual. It accepts an optional
// text prefix, an operator (=, ≥, >=, >, ≤, <=, <, also full-width), a number
// and a short unit ("%", "小时", "个", "元/月/平方米"). Without an operator the
// whole text must be a number and a unit. Anything else is qualitative and
// reports false.
func ParseQuantity(s string) (Quantity, bool) {
	t := twoCharOps.Replace(halfWidth.Replace(strings.TrimSpace(s)))
	i := strings.IndexAny(t, "=≥>≤<")
	var q Quantity
	rest := t
	if i >= 0 {
		q.Prefix = strings.TrimSpace(t[:i])
		r, n := utf8.DecodeRuneInString(t[i:])
		q.Op = map[rune]Op{'=': OpEQ, '≥': OpGE, '>': OpGT, '≤': OpLE, '<': OpLT}[r]
		rest = strings.TrimLeft(t[i+n:], " ")
	}
	num, unit, ok := splitNumber(rest)
	if !ok {
		return Quantity{}, false
	}
	q.Value, q.Unit = num, unit
	return q, true
}

// splitNumber reads a leading number (sign, digits, thousands commas, one
// decimal point) and a unit made of the rest.
func splitNumber(s string) (decimal.Decimal, string, bool) {
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || s[end] == ',' ||
		(end == 0 && (s[end] == '-' || s[end] == '+'))) {
		end++
	}
	num := strings.TrimRight(s[:end], ",")
	end = len(num)
	d, err := ParseNumber(num)
	if err != nil {
		return decimal.Zero, "", false
	}
	unit := strings.ReplaceAll(strings.TrimSpace(s[end:]), " ", "")
	if !isUnit(unit) {
		return decimal.Zero, "", false
	}
	return d, unit, true
}

func isUnit(u string) bool {
	if utf8.RuneCountInString(u) > maxUnitLen {
		return false
	}
	for _, r := range u {
		if unicode.IsDigit(r) || strings.ContainsRune("，。；;,、：:！!？?=<>≥≤", r) {
			return false
		}
	}
	return true
}

// sameUnit reports whether an actual's unit can be compared with a target's:
// equal, or one of them left out ("<5个" against "0").
func sameUnit(a, b string) bool {
	return a == "" || b == "" || a == b
}
