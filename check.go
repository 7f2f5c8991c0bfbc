package jixiao

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	columnNames   = [3]string{"年初预算数", "全年预算数", "全年执行数"}
	sourceNames   = [3]string{"当年财政拨款", "上年结转资金", "其他资金"}
	roundingNames = map[Rounding]string{RoundHalfUp: "四舍五入", RoundCeil: "向上进位", RoundTrunc: "截断"}
)

// funds computes the 年度资金总额 line and checks its amounts.
func (s *scorer) funds() {
	fu, fs := s.f.Funds, &s.sc.Funds
	fs.Weight = fu.Weight.Val
	s.totalRow()
	budget, executed := fs.Total[1], fs.Total[2]
	switch {
	case !budget.Set || !executed.Set:
		s.diags.errorf(fu.Total.Pos, CodeMissing,
			"缺少全年预算数或全年执行数：在 [funds] 中写 total = { initial = \"…\", budget = \"…\", executed = \"…\" }，或写出各项资金来源")
	case budget.Val.IsZero():
		s.diags.errorf(budget.Pos, CodeNoBudget, "全年预算数为 0，无法计算执行率；请填写调整后的全年预算数")
	default:
		rate := RoundQuo(executed.Val.Mul(hundred), budget.Val, 2, s.f.Policy.RateRounding.Val)
		fs.RuleRate = Number{Val: rate, Set: true}
		fs.RuleScore = Number{Val: fundsScore(fs.Weight, rate), Set: true}
		if executed.Val.GreaterThan(budget.Val) {
			s.diags.warnf(executed.Pos, CodeOverBudget, "全年执行数 %s 超过全年预算数 %s（执行率 %s%%，按 100%% 计分）",
				FormatAmount(executed.Val, 2), FormatAmount(budget.Val, 2), FormatRate(rate))
		}
	}
	fs.PrintedRate = fs.RuleRate
	if fu.Rate.Set {
		fs.PrintedRate = fu.Rate
		if fs.RuleRate.Set && !fu.Rate.Val.Equal(fs.RuleRate.Val) {
			s.diags.warnf(fu.Rate.Pos, CodeDiffers, "执行率填报为 %s，按规则（全年执行数 ÷ 全年预算数，%s到两位小数）为 %s",
				FormatRate(fu.Rate.Val), roundingNames[s.f.Policy.RateRounding.Val], FormatRate(fs.RuleRate.Val))
		}
	}
	if fs.PrintedRate.Set { // the printed 得分 follows the printed 执行率, as the workbook's formula does
		fs.Score = Number{Val: fundsScore(fs.Weight, fs.PrintedRate.Val), Set: true}
	}
	if fu.Score.Set {
		fs.Score = fu.Score
		if s.scoreInRange(fu.Score, fs.Weight, "执行率得分") && fs.RuleScore.Set && !fu.Score.Val.Equal(fs.RuleScore.Val) {
			s.diags.warnf(fu.Score.Pos, CodeDiffers, "执行率得分填报为 %s，按规则（分值 × 执行率）为 %s",
				FormatScore(fu.Score.Val), FormatScore(fs.RuleScore.Val))
		}
	}
}

// fundsScore is 执行率's 得分: its weight × the rate (at most 100%), to
// 2 decimals.
func fundsScore(weight, rate decimal.Decimal) decimal.Decimal {
	return RoundQuo(weight.Mul(decimal.Min(rate, hundred)), hundred, 2, RoundHalfUp)
}

// totalRow fills 年度资金总额 column by column: as given, or summed from the
// sources; a given total must equal the sum of the sources given.
func (s *scorer) totalRow() {
	fu, fs := s.f.Funds, &s.sc.Funds
	sources := fu.Sources()
	for c := range 3 {
		sum, parts, any, at := decimal.Zero, []string{}, false, fu.Total.Pos
		for i, r := range sources {
			if col := r.Columns()[c]; col.Set {
				if !any {
					at = col.Pos
				}
				sum, any = sum.Add(col.Val), true
				parts = append(parts, sourceNames[i]+" "+FormatAmount(col.Val, 2))
			}
		}
		total := fu.Total.Columns()[c]
		switch {
		case total.Set:
			fs.Total[c] = total
			if any && !sum.Equal(total.Val) {
				s.diags.errorf(total.Pos, CodeTotalMismatch, "年度资金总额的%s %s 不等于其中各项之和 %s（%s）；请核对",
					columnNames[c], FormatAmount(total.Val, 2), FormatAmount(sum, 2), strings.Join(parts, " + "))
			}
		case any:
			fs.Total[c] = Number{Val: sum, Set: true, Pos: at}
			fs.Derived[c] = true
		}
	}
}

// scoreInRange reports a score below 0 or above its weight.
func (s *scorer) scoreInRange(score Number, weight decimal.Decimal, what string) bool {
	if score.Val.IsNegative() || score.Val.GreaterThan(weight) {
		s.diags.errorf(score.Pos, CodeScoreRange, "%s %s 超出范围：应在 0 到分值 %s 之间", what, FormatScore(score.Val), FormatScore(weight))
		return false
	}
	return true
}

// indicatorName names an indicator in messages: by its name, or by its
// place when the name is missing.
func (s *scorer) indicatorName(ind *Indicator) string {
	if ind.Name.Val != "" {
		return "“" + ind.Name.Val + "”"
	}
	for i := range s.f.Indicators {
		if &s.f.Indicators[i] == ind {
			return fmt.Sprintf("第 %d 个指标", i+1)
		}
	}
	return "指标"
}

// checkIndicator checks one indicator's score against its weight, grade and
// rule, and asks for the reason a lost point needs.
func (s *scorer) checkIndicator(ind *Indicator, is *IndicatorScore) {
	w, name := ind.Weight.Val, s.indicatorName(ind)
	if is.Reported.Set && !s.scoreInRange(is.Reported, w, "得分") {
		return
	}
	s.checkGrade(ind, is)
	switch {
	case is.Excluded && is.Reported.Set:
		s.diags.warnf(is.Reported.Pos, CodeDiffers, "%s不适用，按 not_applicable = \"rescale\" 不计分，填报得分 %s 未计入总分",
			name, FormatScore(is.Reported.Val))
	case is.Kind == Quantitative && is.Reported.Set && strictlyMissed(is.Target, is.Actual):
		s.diags.warnf(ind.Actual.Pos, CodeNotMet, "%s目标未达成：实际完成值 %s 等于目标值 %s 的界限，而“%s”不含等于；填报得分 %s 由评价人给出，请确认",
			name, ind.Actual.Val, ind.Target.Val, is.Target.Op, FormatScore(is.Reported.Val))
	case is.Kind == Quantitative && is.Reported.Set && !is.Reported.Val.Equal(is.Rule.Val):
		s.diags.warnf(is.Reported.Pos, CodeDiffers, "%s填报得分 %s，按比例规则为 %s（目标 %s，实际 %s）",
			name, FormatScore(is.Reported.Val), FormatScore(is.Rule.Val), ind.Target.Val, ind.Actual.Val)
	case is.Kind == Qualitative && is.Reported.Set && unitsDiffer(ind):
		tq, _ := ParseQuantity(ind.Target.Val)
		aq, _ := ParseQuantity(ind.Actual.Val)
		s.diags.warnf(ind.Actual.Pos, CodeUnits, "%s的目标值 %s 与实际完成值 %s 单位不同（%s与%s），无法按比例核对填报得分 %s；请统一写法（百分数都带 %%）",
			name, ind.Target.Val, ind.Actual.Val, unitName(tq.Unit), unitName(aq.Unit), FormatScore(is.Reported.Val))
	case is.Kind == NotApplicableKind && is.Reported.Set && !is.Reported.Val.IsZero():
		s.diags.warnf(is.Reported.Pos, CodeDiffers, "%s不适用，按规则得 0 分，填报得分 %s", name, FormatScore(is.Reported.Val))
	case !is.Score.Set && !is.Excluded && ind.Target.Val != "" && ind.Actual.Val != "":
		s.unscored(ind) // a missing target or actual is reported by Load
	}
	if is.Score.Set && !is.Excluded && is.Score.Val.LessThan(w) && strings.TrimSpace(ind.Reason.Val) == "" {
		s.diags.warnf(ind.Pos, CodeNoReason, "%s得分 %s 低于分值 %s，请填写偏差原因分析及改进措施（reason = \"…\"）",
			name, FormatScore(is.Score.Val), FormatScore(w))
	}
	if is.Kind == Quantitative && met(is.Target, is.Actual) {
		if r, ok := overachieved(is.Target, is.Actual); ok && r.GreaterThanOrEqual(s.f.Policy.TooLowRatio.Val) {
			s.diags.warnf(ind.Actual.Pos, CodeTargetTooLow, "%s实际完成值 %s 是目标值 %s 的 %s 倍，目标可能定得过低",
				name, ind.Actual.Val, ind.Target.Val, r.String())
		}
	}
}

// checkGrade checks that a reported score lies in its grade's band.
func (s *scorer) checkGrade(ind *Indicator, is *IndicatorScore) {
	g := ind.Grade
	if !g.Set || !is.Reported.Set {
		return
	}
	w := ind.Weight.Val
	if g.Val == NotApplicable {
		if !is.Reported.Val.IsZero() && s.f.Policy.NotApplicable.Val == NAZero {
			s.diags.errorf(is.Reported.Pos, CodeGradeBand, "等级为“不适用”时得分应为 0，这里是 %s", FormatScore(is.Reported.Val))
		}
		return
	}
	lo, hi := g.Val.band()
	if is.Reported.Val.LessThan(w.Mul(lo)) || is.Reported.Val.GreaterThan(w.Mul(hi)) {
		s.diags.errorf(is.Reported.Pos, CodeGradeBand, "等级“%s”的得分应在 %s 到 %s 之间（分值 %s 的 %s%%–%s%%），填报得分 %s 不在其中",
			g.Val, FormatScore(w.Mul(lo)), FormatScore(w.Mul(hi)), FormatScore(w),
			lo.Mul(hundred).String(), hi.Mul(hundred).String(), FormatScore(is.Reported.Val))
	}
}

// unscored explains why an indicator has no score and how to give it one.
func (s *scorer) unscored(ind *Indicator) {
	name, w := s.indicatorName(ind), ind.Weight.Val
	tq, tok := ParseQuantity(ind.Target.Val)
	aq, aok := ParseQuantity(ind.Actual.Val)
	switch {
	case ind.Grade.Set:
		lo, hi := ind.Grade.Val.band()
		s.diags.errorf(ind.Grade.Pos, CodeUnscored, "%s等级为“%s”，请填报具体得分：score 应在 %s 到 %s 之间",
			name, ind.Grade.Val, FormatScore(w.Mul(lo)), FormatScore(w.Mul(hi)))
	case tok && aok && sameUnit(tq, aq): // only a strict target merely equalled leaves the rule without a score
		s.diags.errorf(ind.Actual.Pos, CodeUnscored, "%s目标未达成：实际完成值 %s 等于目标值 %s 的界限，而“%s”不含等于，按比例规则却是满分；请填报得分 score（低于分值 %s），并写明偏差原因",
			name, ind.Actual.Val, ind.Target.Val, tq.Op, FormatScore(w))
	case tok && aok && tq.Unit == "%" && aq.Unit == "":
		s.diags.errorf(ind.Actual.Pos, CodeUnscored, "%s的目标是百分数（%s），实际完成值 %s 却没有 %%：写成 %s%%，或填报得分 score = …",
			name, ind.Target.Val, ind.Actual.Val, percentOf(aq.Value))
	case tok && aok && tq.Unit == "" && aq.Unit == "%":
		s.diags.errorf(ind.Target.Pos, CodeUnscored, "%s的实际完成值是百分数（%s），目标值 %s 却没有 %%：把目标写成 %s%%，或填报得分 score = …",
			name, ind.Actual.Val, ind.Target.Val, percentOf(tq.Value))
	case tok && aok:
		s.diags.errorf(ind.Actual.Pos, CodeUnscored, "%s的目标单位“%s”与实际单位“%s”不同，无法按比例计分：统一单位，或填报得分 score = …",
			name, tq.Unit, aq.Unit)
	case tok:
		s.diags.errorf(ind.Actual.Pos, CodeUnscored, "%s的目标是数值，但实际完成值“%s”不是数值，无法按比例计分：写成数值（如 =%s%s），或填报得分 score = …",
			name, ind.Actual.Val, tq.Value.String(), tq.Unit)
	default:
		s.diags.errorf(ind.Pos, CodeUnscored, "%s是定性指标，需要评价人填报得分（score = …）或等级（grade = \"达成\"、\"部分达成\"、\"未达成\" 或 \"不适用\"）",
			name)
	}
}

// unitsDiffer reports a target and an actual that are both numbers, in
// units that cannot be compared.
func unitsDiffer(ind *Indicator) bool {
	tq, tok := ParseQuantity(ind.Target.Val)
	aq, aok := ParseQuantity(ind.Actual.Val)
	return tok && aok && !sameUnit(tq, aq)
}

func unitName(u string) string {
	if u == "" {
		return "没有单位"
	}
	return "“" + u + "”"
}

// percentOf writes a bare number as the percent it most likely means: a
// fraction (0.96) times 100, anything larger as it is.
func percentOf(d decimal.Decimal) string {
	if d.LessThanOrEqual(decimal1) {
		return d.Shift(2).String()
	}
	return d.String()
}

// weights checks that the weights add up to 100 and follow 50/30/10. When
// a weight is missing or could not be read (Load reports it), the sums
// are not checked: they would only repeat that error, or contradict it.
func (s *scorer) weights() {
	if len(s.f.Indicators) == 0 {
		return
	}
	defer s.satisfaction()
	if s.f.unreadWeight || slices.ContainsFunc(s.f.Indicators, func(ind Indicator) bool { return !ind.Weight.Set }) {
		return
	}
	order, sums := s.levelSums()
	parts := []string{"执行率 " + formatWeight(s.sc.Funds.Weight)}
	for _, l1 := range order {
		name := l1
		if name == "" {
			name = "（未填一级指标）"
		}
		parts = append(parts, name+" "+formatWeight(sums[l1]))
	}
	total := s.sc.Weights
	first := s.f.Indicators[0].Pos
	if !total.Equal(hundred) {
		s.diags.errorf(first, CodeWeightSum, "分值合计为 %s，应为 100（%s）", formatWeight(total), strings.Join(parts, " + "))
	}
	deviates := !s.sc.Funds.Weight.Equal(decimalOf(FundsWeight))
	var got, want []string
	for _, l := range Standard {
		got = append(got, l.Name+" "+formatWeight(sums[l.Name]))
		want = append(want, fmt.Sprint(l.Weight))
		deviates = deviates || !sums[l.Name].Equal(decimalOf(l.Weight))
	}
	if deviates {
		s.diags.warnf(first, CodeLevelWeights, "一级指标分值为 %s（执行率 %s），标准为 %s（执行率 %d）",
			strings.Join(got, "、"), formatWeight(s.sc.Funds.Weight), strings.Join(want, "、"), FundsWeight)
	}
}

// satisfaction warns when no indicator is a 满意度指标.
func (s *scorer) satisfaction() {
	if !slices.ContainsFunc(s.f.Indicators, func(ind Indicator) bool { return ind.Level1.Val == "满意度指标" }) {
		last := s.f.Indicators[len(s.f.Indicators)-1].Pos
		s.diags.warnf(last, CodeNoSatisfaction, "没有满意度指标：标准体系要求“满意度指标 / 服务对象满意度指标”（分值 10）")
	}
}

// formatWeight prints a weight or a sum of weights exactly: like a score
// (97.5, 100), with every decimal a value read from a workbook may have.
func formatWeight(d decimal.Decimal) string {
	if d.Round(2).Equal(d) {
		return FormatScore(d)
	}
	return d.String()
}

// levelSums adds the weights of each first level, standard levels first.
func (s *scorer) levelSums() ([]string, map[string]decimal.Decimal) {
	sums := map[string]decimal.Decimal{}
	var order, others []string
	for _, ind := range s.f.Indicators {
		l1 := ind.Level1.Val
		if _, ok := sums[l1]; !ok {
			if _, std := StandardLevel1(l1); !std {
				others = append(others, l1)
			}
		}
		sums[l1] = sums[l1].Add(ind.Weight.Val)
	}
	for _, l := range Standard {
		if _, ok := sums[l.Name]; ok {
			order = append(order, l.Name)
		}
	}
	return append(order, others...), sums
}

// taxonomy warns once about each non-standard level name and about an
// indicator named twice in one group.
func (s *scorer) taxonomy() {
	seen := map[string]bool{}
	for _, ind := range s.f.Indicators {
		l1, l2 := ind.Level1.Val, ind.Level2.Val
		if l1 == "" || l2 == "" {
			continue
		}
		if !seen["1|"+l1] {
			seen["1|"+l1] = true
			if _, ok := StandardLevel1(l1); !ok {
				s.diags.warnf(ind.Level1.Pos, CodeNonStandard, "一级指标“%s”不在标准体系中（产出指标、效益指标、满意度指标）；按原样保留", l1)
			}
		}
		if !seen["2|"+l1+"|"+l2] {
			seen["2|"+l1+"|"+l2] = true
			s.level2(&ind)
		}
		key := "3|" + l1 + "|" + l2 + "|" + ind.Name.Val
		if seen[key] && ind.Name.Val != "" {
			s.diags.warnf(ind.Name.Pos, CodeDuplicate, "“%s / %s”下已有同名指标“%s”", l1, l2, ind.Name.Val)
		}
		seen[key] = true
	}
}

func (s *scorer) level2(ind *Indicator) {
	l1, l2 := ind.Level1.Val, ind.Level2.Val
	std, ok := StandardLevel1(l1)
	if !ok || IsStandardLevel2(l1, l2) {
		return
	}
	for _, other := range Standard {
		if IsStandardLevel2(other.Name, l2) {
			s.diags.warnf(ind.Level2.Pos, CodeNonStandard, "二级指标“%s”属于%s，不属于%s；按原样保留", l2, other.Name, l1)
			return
		}
	}
	s.diags.warnf(ind.Level2.Pos, CodeNonStandard, "二级指标“%s”不是%s的标准二级指标（%s）；按原样保留",
		l2, l1, strings.Join(std.Level2, "、"))
}
