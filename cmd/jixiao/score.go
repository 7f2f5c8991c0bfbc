package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"jixiao"
)

func runScore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("score", "文件或目录...", stderr)
	asJSON := fs.Bool("json", false, "输出 JSON 数组（数值均为字符串）")
	inputs, err := inputFiles(fs, args)
	if err != nil {
		return err
	}
	var reports []scoreReport
	failed := false
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev := evaluateInput(in)
		printDiagnostics(stderr, ev, true, func(d jixiao.Diagnostic) bool { return d.Severity == jixiao.Error })
		failed = failed || ev.diags.HasErrors()
		if ev.card == nil {
			continue
		}
		r := newScoreReport(ev)
		if *asJSON {
			reports = append(reports, r)
		} else {
			r.writeText(stdout)
		}
	}
	if *asJSON {
		if reports == nil {
			reports = []scoreReport{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return err
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

// scoreReport is what "jixiao score" prints for one file; every number is
// the printed decimal as a string, absent ones are null.
type scoreReport struct {
	File          string            `json:"file"`
	Project       string            `json:"project"`
	Year          string            `json:"year"`
	Rate          *string           `json:"rate"`
	RuleRate      *string           `json:"rule_rate"`
	FundsWeight   string            `json:"funds_weight"`
	FundsRule     *string           `json:"funds_rule_score"`
	FundsReported *string           `json:"funds_reported_score"`
	FundsScore    *string           `json:"funds_score"`
	Indicators    []indicatorReport `json:"indicators"`
	WeightTotal   string            `json:"weight_total"`
	Total         string            `json:"total"`
	Grade         string            `json:"grade"`
	Errors        int               `json:"errors"`
	Warnings      int               `json:"warnings"`
}

type indicatorReport struct {
	Level1   string  `json:"level1"`
	Level2   string  `json:"level2"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Weight   string  `json:"weight"`
	Rule     *string `json:"rule_score"`
	Reported *string `json:"reported_score"`
	Score    *string `json:"score"`
}

func scoreStr(n jixiao.Number) *string {
	if !n.Set {
		return nil
	}
	s := jixiao.FormatScore(n.Val)
	return &s
}

func rateStr(n jixiao.Number) *string {
	if !n.Set {
		return nil
	}
	s := jixiao.FormatRate(n.Val)
	return &s
}

func newScoreReport(ev evaluation) scoreReport {
	f, c := ev.form, ev.card
	r := scoreReport{
		File: ev.path, Project: f.Project.Name.Val, Year: fmt.Sprint(f.Year.Val),
		Rate: rateStr(c.Funds.PrintedRate), RuleRate: rateStr(c.Funds.RuleRate),
		FundsWeight: jixiao.FormatScore(c.Funds.Weight),
		FundsRule:   scoreStr(c.Funds.RuleScore), FundsReported: scoreStr(f.Funds.Score),
		FundsScore: scoreStr(c.Funds.Score),
		Total:      jixiao.FormatScore(c.Total), Grade: c.Grade,
		Indicators: []indicatorReport{},
	}
	r.Errors, r.Warnings = ev.diags.Count()
	for i, ind := range f.Indicators {
		is := c.Indicators[i]
		r.Indicators = append(r.Indicators, indicatorReport{
			Level1: ind.Level1.Val, Level2: ind.Level2.Val, Name: ind.Name.Val, Kind: is.Kind.Code(),
			Weight: jixiao.FormatScore(ind.Weight.Val),
			Rule:   scoreStr(is.Rule), Reported: scoreStr(is.Reported), Score: scoreStr(is.Score),
		})
	}
	r.WeightTotal = jixiao.FormatScore(c.Weights)
	return r
}

func orDash(s *string) string {
	if s == nil {
		return "—"
	}
	return *s
}

// writeText prints the report as an aligned table.
func (r scoreReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "%s  %s（%s 年度）\n", r.File, r.Project, r.Year)
	t := table{align: []bool{false, true, true, true, true}}
	t.add("", "分值", "规则得分", "填报得分", "得分")
	rate := "执行率 " + orDash(r.Rate) + "%"
	if r.RuleRate != nil && r.Rate != nil && *r.RuleRate != *r.Rate {
		rate += "（规则 " + *r.RuleRate + "%）"
	}
	t.add(rate, r.FundsWeight, orDash(r.FundsRule), orDash(r.FundsReported), orDash(r.FundsScore))
	for _, in := range r.Indicators {
		t.add(in.Level1+" / "+in.Level2+" / "+in.Name, in.Weight, orDash(in.Rule), orDash(in.Reported), orDash(in.Score))
	}
	t.add("总分（等级 "+r.Grade+"）", r.WeightTotal, "", "", r.Total)
	t.write(w, "  ")
	fmt.Fprintln(w)
}

// table aligns columns by display width, so Chinese text lines up too.
type table struct {
	rows  [][]string
	align []bool // true: right-aligned
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer, indent string) {
	widths := make([]int, len(t.align))
	for _, row := range t.rows {
		for i, c := range row {
			widths[i] = max(widths[i], jixiao.DisplayWidth(c))
		}
	}
	for _, row := range t.rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-jixiao.DisplayWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.align[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
