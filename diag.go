package jixiao

import (
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops the form (Error) or only asks for
// a second look (Warning).
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Code names the rule a diagnostic comes from. Codes are stable: tests and
// scripts may filter on them.
type Code string

// Errors.
const (
	CodeSyntax        Code = "syntax"         // the file is not valid TOML
	CodeType          Code = "type"           // a value of the wrong type
	CodeUnknownKey    Code = "unknown-key"    // a key jixiao does not know
	CodeMissing       Code = "missing"        // a required value is absent or empty
	CodeBadValue      Code = "bad-value"      // a value outside its allowed set or range
	CodeAmount        Code = "amount"         // an amount that cannot be taken exactly
	CodeNegative      Code = "negative"       // a negative amount
	CodeWeightSum     Code = "weight-sum"     // weights do not add up to 100
	CodeScoreRange    Code = "score-range"    // a score above its weight or below 0
	CodeGradeBand     Code = "grade-band"     // a grade whose band does not hold the score
	CodeTotalMismatch Code = "total-mismatch" // 年度资金总额 differs from the sum of its sources
	CodeUnscored      Code = "unscored"       // a qualitative indicator without score or grade
	CodeNoBudget      Code = "no-budget"      // 全年预算数 is zero, 执行率 cannot be computed
)

// Warnings.
const (
	CodeLevelWeights   Code = "level-weights"   // 一级 weights other than 50/30/10
	CodeNoSatisfaction Code = "no-satisfaction" // no 满意度指标
	CodeNonStandard    Code = "non-standard"    // a 一级/二级 name outside the standard taxonomy
	CodeNoReason       Code = "no-reason"       // scored below weight without 偏差原因
	CodeDiffers        Code = "differs"         // a reported value differs from the rule
	CodeTargetTooLow   Code = "target-too-low"  // a target exceeded far beyond
	CodeOverBudget     Code = "over-budget"     // 全年执行数 above 全年预算数
	CodeEmpty          Code = "empty"           // an optional field left empty that the form prints
	CodeDuplicate      Code = "duplicate"       // the same indicator twice in one group
	CodeNotMet         Code = "not-met"         // a strict target only equalled, scored by the evaluator
	CodeUnits          Code = "units"           // target and actual in units that differ, scored by the evaluator
	CodeForecastLow    Code = "forecast-low"    // monitoring: 全年预计执行数 below 1–N月执行数
	CodeBehindSchedule Code = "behind-schedule" // monitoring: 1–N月执行率 far behind the calendar (序时进度)
)

// Diagnostic is one problem found in an input, with its place.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Code     Code
	Message  string
	selfEval bool // needed by the 自评表 only (see Diagnostics.ForMonitoring)
}

// String formats the diagnostic as "file:line:col: error: message".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
}

// Diagnostics is the list of problems found in one or more inputs.
type Diagnostics []Diagnostic

func (ds *Diagnostics) add(sev Severity, p Pos, code Code, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: p, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (ds *Diagnostics) errorf(p Pos, code Code, format string, args ...any) {
	ds.add(Error, p, code, format, args...)
}

func (ds *Diagnostics) warnf(p Pos, code Code, format string, args ...any) {
	ds.add(Warning, p, code, format, args...)
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	e, _ := ds.Count()
	return e > 0
}

// Sort orders the diagnostics by file, line and column, keeping the order of
// those at the same place.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
}

// Err returns the diagnostics as an error when there is at least one error,
// nil otherwise.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return &DiagnosticsError{ds}
}

// DiagnosticsError carries the diagnostics of an input that has errors.
type DiagnosticsError struct{ Diagnostics Diagnostics }

func (e *DiagnosticsError) Error() string {
	var b strings.Builder
	for _, d := range e.Diagnostics {
		if d.Severity == Error {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(d.String())
		}
	}
	return b.String()
}
