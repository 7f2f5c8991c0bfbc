package jixiao

import "github.com/shopspring/decimal"

// Form is one project's self-evaluation as read from its input file.
// Values keep where they were written; values left out have Set == false.
type Form struct {
	File       string // the name the input was loaded under
	Template   Field[string]
	Year       Field[int]
	Project    Project
	Policy     Policy
	Funds      Funds
	Goals      Goals
	Indicators []Indicator
	Monitor    MonitorData // [monitor]: the mid-year 绩效运行监控表's own values
	// unreadWeight: a weight was written but could not be read (reported
	// by Load), so the weight checks would only repeat that error.
	unreadWeight bool
	// reported tells whether Load already reported a problem with the
	// value at a key path, so that Monitor does not repeat it.
	reported func(path string) bool
}

// Project holds 项目名称, 主管部门 and 实施单位.
type Project struct {
	Pos         Pos
	Name        Field[string]
	Department  Field[string]
	Implementer Field[string]
}

// Goals holds 年度总体目标: 预期目标 (预算目标) and 实际完成情况.
type Goals struct {
	Pos      Pos
	Planned  Field[string]
	Achieved Field[string]
}

// Unit is the unit amounts are written in.
type Unit string

const (
	Yuan    Unit = "元"
	WanYuan Unit = "万元"
)

// Places is how many decimals an amount in this unit has: fen precision.
func (u Unit) Places() int32 {
	if u == WanYuan {
		return 6
	}
	return 2
}

// InYuan is an amount written in this unit, in 元 (exactly: 万元 × 10,000),
// for tables that add up or compare forms of either unit.
func (u Unit) InYuan(v decimal.Decimal) decimal.Decimal {
	if u == WanYuan {
		return v.Shift(4)
	}
	return v
}

// FundRow is one row of 项目资金: 年初预算数, 全年预算数, 全年执行数, and
// for the 绩效运行监控表 1–N月执行数 and 全年预计执行数.
type FundRow struct {
	Pos      Pos
	Initial  Number
	Budget   Number
	Executed Number
	ToDate   Number // 1–N月执行数 (monitoring)
	Forecast Number // 全年预计执行数 (monitoring)
}

// Columns returns the three amounts in form order.
func (r FundRow) Columns() [3]Number {
	return [3]Number{r.Initial, r.Budget, r.Executed}
}

// Amounts returns the three amounts and the monitoring form's two, as
// AmountKeys name them.
func (r FundRow) Amounts() [5]Number {
	return [5]Number{r.Initial, r.Budget, r.Executed, r.ToDate, r.Forecast}
}

// AmountKeys name a funds row's keys (FundRow.Amounts): FundColumnKeys,
// then MonitorColumnKeys.
var AmountKeys = [5]string{"initial", "budget", "executed", "to_date", "forecast"}

// Empty reports whether no amount of the row was given.
func (r FundRow) Empty() bool {
	return !r.Initial.Set && !r.Budget.Set && !r.Executed.Set
}

// Funds is 项目资金: the total row, its three sources and the 执行率 weight.
type Funds struct {
	Pos           Pos
	Unit          Field[Unit]
	Weight        Number
	Total         FundRow // 年度资金总额 as written; derived when left out
	Appropriation FundRow // 其中：当年财政拨款
	Carryover     FundRow // 上年结转资金
	Other         FundRow // 其他资金
	Rate          Number  // 执行率 as reported, in percent
	Score         Number  // 得分 as reported
}

// Sources returns the three source rows in form order.
func (f Funds) Sources() [3]FundRow {
	return [3]FundRow{f.Appropriation, f.Carryover, f.Other}
}

// Rows returns the total row and its sources in form order, as FundRowKeys
// name them.
func (f Funds) Rows() [4]FundRow {
	return [4]FundRow{f.Total, f.Appropriation, f.Carryover, f.Other}
}

// The keys of [funds] rows and of their amounts, in form order (Funds.Rows,
// FundRow.Columns): funds.<row>.<column>.
var (
	FundRowKeys    = [4]string{"total", "appropriation", "carryover", "other"}
	FundColumnKeys = [3]string{"initial", "budget", "executed"}
)

// Indicator is one 三级指标 row of the indicator table.
type Indicator struct {
	Pos    Pos // the [[indicators]] header
	Level1 Field[string]
	Level2 Field[string]
	Name   Field[string]
	Target Field[string] // 年度指标值, verbatim
	Actual Field[string] // 实际完成值, verbatim
	Weight Number        // 分值
	Score  Number        // 得分 as reported
	Grade  Field[Grade]
	Reason Field[string] // 偏差原因分析及改进措施
	// The 绩效运行监控表's columns (all optional for the 自评表).
	Progress   Field[string]     // 1–N月执行情况, verbatim
	Forecast   Field[string]     // 全年预计完成情况, verbatim
	Likelihood Field[Likelihood] // 完成目标可能性
	Causes     Causes            // 偏差原因
	CauseNote  Field[string]     // 原因说明
	Note       Field[string]     // 备注
}

// Grade is the evaluator's band for a qualitative indicator.
type Grade string

const (
	Achieved      Grade = "达成"
	PartAchieved  Grade = "部分达成"
	NotAchieved   Grade = "未达成"
	NotApplicable Grade = "不适用"
)

// Grades lists the grades in order.
var Grades = []Grade{Achieved, PartAchieved, NotAchieved, NotApplicable}

// GradeNames are the values grade takes, in order (Grades as text). Do not
// modify.
var GradeNames = func() []string {
	out := make([]string, len(Grades))
	for i, g := range Grades {
		out[i] = string(g)
	}
	return out
}()

// band returns the share of the weight a grade allows, inclusive.
func (g Grade) band() (lo, hi decimal.Decimal) {
	switch g {
	case Achieved:
		return decimal.RequireFromString("0.8"), decimal.NewFromInt(1)
	case PartAchieved:
		return decimal.RequireFromString("0.6"), decimal.RequireFromString("0.8")
	case NotAchieved:
		return decimal.Zero, decimal.RequireFromString("0.6")
	}
	return decimal.Zero, decimal.Zero
}

// Level1 is a standard first-level indicator with its default weight and its
// standard second-level indicators, in the order the form prints them.
type Level1 struct {
	Name   string
	Weight int
	Level2 []string
}

// Standard is the MOF indicator taxonomy in form order.
var Standard = []Level1{
	{"产出指标", 50, []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
	{"效益指标", 30, []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
	{"满意度指标", 10, []string{"服务对象满意度指标"}},
}

// FundsWeight is the default weight of 执行率.
const FundsWeight = 10

// StandardLevel1 returns the standard first level of that name.
func StandardLevel1(name string) (Level1, bool) {
	for _, l := range Standard {
		if l.Name == name {
			return l, true
		}
	}
	return Level1{}, false
}

// IsStandardLevel2 reports whether level2 is a standard second level of level1.
func IsStandardLevel2(level1, level2 string) bool {
	l, ok := StandardLevel1(level1)
	if !ok {
		return false
	}
	for _, n := range l.Level2 {
		if n == level2 {
			return true
		}
	}
	return false
}
