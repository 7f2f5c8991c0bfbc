package render

import (
	"slices"
	"strings"

	"jixiao"
)

// formTitles name the forms in messages.
var formTitles = []string{"项目支出绩效自评表", "绩效运行监控表"}

// selfEvaluationOnly are the fields that only a scored form has.
var selfEvaluationOnly = []string{"funds.weight", "funds.rate", "funds.score", "total", "weight_total", "goals.achieved",
	"actual", "weight", "score", "reason", "grade"}

// monitorFixedFields are the fixed fields only the monitoring form has.
var monitorFixedFields = func() map[string]fieldKind {
	m := map[string]fieldKind{"monitor.month": textField, "monitor.progress": textField, "monitor.problems": textField, "monitor.measures": textField}
	for _, row := range jixiao.FundRowKeys {
		for _, col := range jixiao.MonitorColumnKeys {
			m["funds."+row+"."+col] = amountField
		}
		m["funds."+row+".rate"] = rateField
	}
	return m
}()

// monitorBlockFields are the indicator fields only the monitoring form has.
var monitorBlockFields = map[string]fieldKind{
	"progress": textField, "forecast": textField, "likelihood": textField, "causes": textField, "cause_note": textField, "note": textField,
}

// fixedFields are the fields a fixed row of this template's form may bind.
func (d *tdecoder) fixedFields() map[string]fieldKind {
	return formFields(d.t.form, fixedFields, monitorFixedFields)
}

// blockFields are the fields an indicator row of this template's form may bind.
func (d *tdecoder) blockFields() map[string]fieldKind {
	return formFields(d.t.form, blockFields, monitorBlockFields)
}

func formFields(kind FormKind, common, monitor map[string]fieldKind) map[string]fieldKind {
	if kind == SelfEvaluation {
		return common
	}
	out := map[string]fieldKind{}
	for k, v := range common {
		if !slices.Contains(selfEvaluationOnly, k) && !strings.HasSuffix(k, ".executed") {
			out[k] = v
		}
	}
	for k, v := range monitor {
		out[k] = v
	}
	return out
}

// otherForm names the form a field belongs to when it is not this
// template's, "" otherwise.
func (d *tdecoder) otherForm(field string, fields map[string]fieldKind) string {
	if _, ok := fields[field]; ok {
		return ""
	}
	other := Monitoring
	if d.t.form == Monitoring {
		other = SelfEvaluation
	}
	all := formFields(other, fixedFields, monitorFixedFields)
	for k, v := range formFields(other, blockFields, monitorBlockFields) {
		all[k] = v
	}
	if _, ok := all[field]; ok {
		return formTitles[other]
	}
	return ""
}

// markChoices are the values a ✓ column of a field stands for.
var markChoices = map[string][]string{"causes": jixiao.CauseNames, "likelihood": jixiao.LikelihoodNames}

// checkMarks checks the ✓ columns of an indicator row: a mark only on
// causes or likelihood, one of its values, each value once.
func (d *tdecoder) checkMarks(row []cellSpec) {
	seen := map[string]bool{}
	for _, c := range row {
		if c.mark == "" {
			continue
		}
		choices, ok := markChoices[c.field]
		switch {
		case !ok:
			d.errorAt(c.pos, "mark（打 ✓ 的列）只用于 field = \"causes\" 或 \"likelihood\"，这里是 %q", c.field)
		case !slices.Contains(choices, c.mark):
			d.errorAt(c.pos, "%s 没有 %q 这一项，mark 可选：%s", c.field, c.mark, strings.Join(choices, "、"))
		case seen[c.field+"|"+c.mark]:
			d.errorAt(c.pos, "%s 的 %q 列出现了两次", c.field, c.mark)
		}
		seen[c.field+"|"+c.mark] = true
	}
}

// noMark reports a mark where none belongs.
func (d *tdecoder) noMark(c cellSpec, where string) {
	if c.mark != "" {
		d.errorAt(c.pos, "%s的单元格不能写 mark：mark 只用于指标行中 causes、likelihood 的 ✓ 列", where)
	}
}
