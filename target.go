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

// wordOps are the words finance staff write for the operators, longest
// first where one ends another ("不少于" before "少于").
var wordOps = []struct {
	word string
	op   Op
}{
	{"不少于", OpGE}, {"不低于", OpGE}, {"不小于", OpGE}, {"未少于", OpGE}, {"未低于", OpGE}, {"至少", OpGE}, {"达到", OpGE},
	{"不超过", OpLE}, {"不高于", OpLE}, {"不多于", OpLE}, {"不大于", OpLE}, {"未超过", OpLE}, {"未高于", OpLE},
	{"最多", OpLE}, {"至多", OpLE},
	{"大于", OpGT}, {"多于", OpGT}, {"高于", OpGT}, {"超过", OpGT},
	{"小于", OpLT}, {"少于", OpLT}, {"低于", OpLT}, {"不足", OpLT}, {"不到", OpLT},
	{"等于", OpEQ},
}

// suffixOps are the words written after the number: 95%以上, 5个以下, 3天以内.
var suffixOps = []struct {
	word string
	op   Op
}{{"以上", OpGE}, {"以下", OpLE}, {"以内", OpLE}}

var symbolOps = map[rune]Op{'=': OpEQ, '≥': OpGE, '>': OpGT, '≤': OpLE, '<': OpLT}

// ParseQuantity reads a quantitative target or actual. It accepts an optional
// text prefix, an operator (=, ≥, >=, >, ≤, <=, <, also full-width, or one of
// the words of wordOps: 不少于, 不超过, 达到…), a number, a short unit ("%",
// "小时", "个", "元/月/平方米") and a closing word of suffixOps (以上, 以下,
// 以内). Without an operator the whole text must be a number and a unit.
// Anything else is qualitative and reports false.
func ParseQuantity(s string) (Quantity, bool) {
	t := twoCharOps.Replace(halfWidth.Replace(strings.TrimSpace(s)))
	for i, c := range opCandidates(t) {
		// a later operator only when what stands before it is a plain label:
		// "满意度≥90%，实际达到95%" is a sentence, not a target
		if i > 0 && strings.ContainsAny(t[:c.at], "=≥>≤<，。；;,：:") {
			break
		}
		if q, ok := quantityAfter(t[c.end:], c.op); ok {
			q.Prefix = strings.TrimSpace(t[:c.at])
			return q, true
		}
	}
	if q, ok := quantityAfter(t, OpNone); ok {
		return q, true
	}
	return labelledWithSuffix(t)
}

// labelledWithSuffix reads a label, a number and a closing word:
// "控制在5%以内", "投诉量5个以下". Without the closing word a label before a
// number is no target ("2020年新增78211家").
func labelledWithSuffix(t string) (Quantity, bool) {
	i := strings.IndexAny(t, "0123456789")
	if i <= 0 || strings.ContainsAny(t[:i], "=≥>≤<，。；;,：:+-.") {
		return Quantity{}, false
	}
	q, ok := quantityAfter(t[i:], OpNone)
	if !ok || q.Op == OpNone {
		return Quantity{}, false
	}
	q.Prefix = strings.TrimSpace(t[:i])
	return q, true
}

type opCandidate struct {
	at, end int
	op      Op
}

// opCandidates lists every operator of t, symbol or word, in order.
func opCandidates(t string) []opCandidate {
	var cs []opCandidate
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		if op, ok := symbolOps[r]; ok {
			cs = append(cs, opCandidate{i, i + n, op})
			i += n
			continue
		}
		for _, w := range wordOps {
			if strings.HasPrefix(t[i:], w.word) {
				cs = append(cs, opCandidate{i, i + len(w.word), w.op})
				n = len(w.word)
				break
			}
		}
		i += n
	}
	return cs
}

// quantityAfter reads the number, unit and closing word after an operator.
func quantityAfter(rest string, op Op) (Quantity, bool) {
	rest = strings.TrimLeft(rest, " ")
	var suffix Op
	for _, w := range suffixOps {
		if strings.HasSuffix(rest, w.word) {
			rest, suffix = strings.TrimSuffix(rest, w.word), w.op
			break
		}
	}
	switch {
	case suffix == OpNone:
	case op == OpNone:
		op = suffix
	case op.LowerIsBetter() != suffix.LowerIsBetter() || op == OpEQ:
		return Quantity{}, false // "≤5以上" says two things
	}
	num, unit, ok := splitNumber(rest)
	if !ok {
		return Quantity{}, false
	}
	return Quantity{Op: op, Value: num, Unit: unit}, true
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

// sameUnit reports whether an actual can be compared with a target: the
// same unit, or one of them left out ("<5个" against "0") — but a percent
// never against a bare number other than 0 (≥95% against 0.96 would score
// 0.96 of 95).
func sameUnit(t, a Quantity) bool {
	switch {
	case t.Unit == a.Unit:
		return true
	case t.Unit == "%" && a.Unit == "":
		return a.Value.IsZero()
	case t.Unit == "" && a.Unit == "%":
		return t.Value.IsZero()
	}
	return t.Unit == "" || a.Unit == ""
}
