package jixiao

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Kind says how an indicator is scored.
type Kind int

const (
	Quantitative      Kind = iota // target and actual are numbers: the ratio rule
	Qualitative                   // the evaluator's judgement, checked against its band
	NotApplicableKind             // 该指标不适用
)

func (k Kind) String() string {
	return [...]string{"定量", "定性", "不适用"}[k]
}

// Code names the kind in machine output: quantitative, qualitative, not_applicable.
func (k Kind) Code() string {
	return [...]string{"quantitative", "qualitative", "not_applicable"}[k]
}

// Scorecard is a form with every number the printed form shows: the rule's
// values, the reported ones and the ones printed.
type Scorecard struct {
	Form       *Form
	Funds      FundsScore
	Indicators []IndicatorScore // in the order of Form.Indicators
	Total      decimal.Decimal  // what the form prints as 总分
	Grade      string           // 优 良 中 差
	// Weights is 分值 of the 总分 row: 执行率 and every indicator's weight.
	Weights decimal.Decimal
	// Excluded is the weight not_applicable = "rescale" dropped; 总分 is
	// the rest rescaled to 100.
	Excluded decimal.Decimal
	// Monitor is set for the 绩效运行监控表 (see Monitor): that form has no
	// scores, only Form, Funds.Total's first two columns and this.
	Monitor *MonitorCard
}

// FundsScore is the 年度资金总额 line.
type FundsScore struct {
	Total       [3]Number // 年度资金总额: given, or summed from the sources
	Derived     [3]bool   // which Total columns were summed, not given
	Weight      decimal.Decimal
	RuleRate    Number // 执行率 by the rule, in percent, rounded by the policy
	RuleScore   Number
	PrintedRate Number // reported where given, else the rule's
	Score       Number // printed 得分
}

// IndicatorScore is one indicator's scoring.
type IndicatorScore struct {
	Kind     Kind
	Target   Quantity // parsed, for Quantitative
	Actual   Quantity
	Rule     Number // the rule's score; unset where only judgement can score
	Reported Number
	Score    Number // printed 得分: reported where given, else the rule's
	Excluded bool   // not applicable and dropped by the rescale policy
}

// Score applies the MOF rules to a loaded form. It returns the scorecard and
// every rule the data breaks or strains, each at its place.
func Score(f *Form) (*Scorecard, Diagnostics) {
	s := &scorer{f: f, sc: &Scorecard{Form: f}}
	s.funds()
	for i := range f.Indicators {
		s.sc.Indicators = append(s.sc.Indicators, s.indicator(&f.Indicators[i]))
	}
	s.total()
	s.weights()
	s.taxonomy()
	return s.sc, s.diags
}

type scorer struct {
	f     *Form
	sc    *Scorecard
	diags Diagnostics
}

// Grade returns the grade of a total: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
func GradeOf(total decimal.Decimal) string {
	switch {
	case total.GreaterThanOrEqual(decimalOf(90)):
		return "优"
	case total.GreaterThanOrEqual(decimalOf(80)):
		return "良"
	case total.GreaterThanOrEqual(decimalOf(60)):
		return "中"
	}
	return "差"
}

func (s *scorer) total() {
	sum := s.sc.Funds.Score.Val
	naWeight := decimal.Zero
	for i, is := range s.sc.Indicators {
		if is.Excluded {
			naWeight = naWeight.Add(s.f.Indicators[i].Weight.Val)
			continue
		}
		sum = sum.Add(is.Score.Val)
	}
	if naWeight.IsPositive() && naWeight.LessThan(hundred) {
		sum = RoundQuo(sum.Mul(hundred), hundred.Sub(naWeight), 2, RoundHalfUp)
		s.sc.Excluded = naWeight
	}
	s.sc.Weights = s.sc.Funds.Weight
	for _, ind := range s.f.Indicators {
		s.sc.Weights = s.sc.Weights.Add(ind.Weight.Val)
	}
	s.sc.Total = sum
	s.sc.Grade = GradeOf(sum)
}

// naText is how forms say an indicator does not apply.
const naText = "不适用"

func (s *scorer) indicator(ind *Indicator) IndicatorScore {
	is := IndicatorScore{Reported: ind.Score}
	w := ind.Weight.Val
	tq, tok := ParseQuantity(ind.Target.Val)
	aq, aok := ParseQuantity(ind.Actual.Val)
	switch {
	case ind.Grade.Val == NotApplicable || strings.Contains(ind.Actual.Val, naText):
		is.Kind = NotApplicableKind
		if s.f.Policy.NotApplicable.Val == NARescale {
			is.Excluded = true
		} else {
			is.Rule = Number{Val: decimal.Zero, Set: true}
		}
	case tok && aok && sameUnit(tq, aq):
		is.Kind, is.Target, is.Actual = Quantitative, tq, aq
		if r, ok := ratioScore(tq, aq, w); ok {
			is.Rule = Number{Val: r, Set: true}
		}
	default:
		is.Kind = Qualitative
		if judged(ind) {
			is.Rule = Number{Val: w, Set: true}
		}
	}
	is.Score = is.Rule
	if is.Reported.Set && !is.Excluded {
		is.Score = is.Reported
	}
	s.checkIndicator(ind, &is)
	return is
}

// judged reports whether a qualitative indicator without a reported score may
// be taken as fully achieved: graded 达成, or its actual repeats the target.
func judged(ind *Indicator) bool {
	if ind.Score.Set {
		return false // the evaluator scored it; the rule has no say
	}
	if ind.Grade.Val == Achieved {
		return true
	}
	t := strings.TrimSpace(ind.Target.Val)
	return !ind.Grade.Set && t != "" && strings.Contains(ind.Actual.Val, t)
}

// ratioScore applies the ratio rule: a met target earns the weight; otherwise
// weight × actual/target (higher is better) or weight × target/actual (lower
// is better), rounded half up to 2 decimals but never up to the weight; a
// zero target is all or nothing. A strict target (> or <)
// that the actual only equals is not met, yet its ratio is 1: the rule
// cannot score it and reports false, and the evaluator gives the score.
func ratioScore(t, a Quantity, w decimal.Decimal) (decimal.Decimal, bool) {
	if met(t, a) {
		return w, true
	}
	if strictlyMissed(t, a) {
		return decimal.Zero, false
	}
	if t.Value.IsZero() {
		return decimal.Zero, true
	}
	num, den := a.Value, t.Value
	if t.Op.LowerIsBetter() {
		num, den = t.Value, a.Value
	}
	if !num.IsPositive() || !den.IsPositive() {
		return decimal.Zero, true
	}
	r := RoundQuo(w.Mul(num), den, 2, RoundHalfUp)
	if r.GreaterThanOrEqual(w) && w.IsPositive() { // 10 × 99.99/100 = 9.999: rounding must not meet the target
		r = w.Sub(decimal.New(1, -2))
	}
	return r, true
}

// strictlyMissed reports an actual equal to a strict target (<5个 against
// 5个, >85% against 85%): the target is not met by equality.
// An actual written with the same strict operator ("<5个" for "<5个": fewer
// than five) meets it.
func strictlyMissed(t, a Quantity) bool {
	return (t.Op == OpGT || t.Op == OpLT) && a.Value.Equal(t.Value) && a.Op != t.Op
}

func met(t, a Quantity) bool {
	c := a.Value.Cmp(t.Value)
	switch t.Op {
	case OpGT:
		return c > 0 || c == 0 && a.Op == OpGT
	case OpLE:
		return c <= 0
	case OpLT:
		return c < 0 || c == 0 && a.Op == OpLT
	case OpGE:
		return c >= 0
	}
	if t.Value.IsZero() { // "=0": nothing may happen
		return c == 0
	}
	return c >= 0 // "=100%", "100%": reach the value
}

// overachieved reports how far an actual beats a higher-is-better target,
// as the ratio actual/target, when the target is positive.
func overachieved(t, a Quantity) (decimal.Decimal, bool) {
	if t.Op.LowerIsBetter() || !t.Value.IsPositive() || !a.Value.IsPositive() {
		return decimal.Zero, false
	}
	return a.Value.DivRound(t.Value, 2), true
}
