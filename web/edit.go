package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// apply returns a copy of f with the typed value of each field, as the
// page's cells name them ("project.name", "funds.total.budget",
// "indicators.3.actual"). A text is taken as a data file's text is
// (jixiao.PlainText); a number must read exactly (jixiao.ParseNumber); an
// empty value leaves the key out (a score then is the rule's again).
func apply(f *jixiao.Form, edits map[string]string) (*jixiao.Form, error) {
	out := *f
	out.Indicators = slices.Clone(f.Indicators)
	keys := make([]string, 0, len(edits))
	for k := range edits {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := set(&out, k, edits[k]); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// canEdit says whether the page can take a value for a field (set knows
// it): the cells of other fields (those of another form's template) are
// drawn as plain cells.
func canEdit(field string) bool {
	parts := strings.Split(field, ".")
	switch {
	case len(parts) == 2:
		return slices.Contains([]string{"project.name", "project.department", "project.implementer", "goals.planned", "goals.achieved", "funds.weight", "funds.rate", "funds.score"}, field)
	case len(parts) == 3 && parts[0] == "funds":
		return slices.Contains(jixiao.FundRowKeys[:], parts[1]) && slices.Contains(jixiao.FundColumnKeys[:], parts[2])
	case len(parts) == 3 && parts[0] == "indicators":
		_, err := strconv.Atoi(parts[1])
		return err == nil && slices.Contains([]string{"name", "target", "actual", "reason", "weight", "score"}, parts[2])
	}
	return false
}

// fieldError is a value that cannot be taken, naming its field.
type fieldError struct {
	Field, Msg string
}

func (e *fieldError) Error() string { return e.Msg }

func set(f *jixiao.Form, field, value string) error {
	text := func(p *jixiao.Field[string]) error {
		v := jixiao.PlainText(value)
		*p = jixiao.Field[string]{Val: v, Set: v != "", Pos: p.Pos}
		return nil
	}
	number := func(p *jixiao.Number, what string) error {
		v := strings.TrimSpace(value)
		if v == "" {
			*p = jixiao.Number{Pos: p.Pos}
			return nil
		}
		d, err := jixiao.ParseNumber(strings.TrimSuffix(v, "%"))
		if err != nil {
			return &fieldError{field, fmt.Sprintf("%s “%s” 不是一个数：%v", what, v, err)}
		}
		*p = jixiao.Number{Val: d, Set: true, Pos: p.Pos}
		return nil
	}
	parts := strings.Split(field, ".")
	switch {
	case field == "project.name":
		return text(&f.Project.Name)
	case field == "project.department":
		return text(&f.Project.Department)
	case field == "project.implementer":
		return text(&f.Project.Implementer)
	case field == "goals.planned":
		return text(&f.Goals.Planned)
	case field == "goals.achieved":
		return text(&f.Goals.Achieved)
	case field == "funds.weight":
		return number(&f.Funds.Weight, "分值")
	case field == "funds.rate":
		return number(&f.Funds.Rate, "执行率")
	case field == "funds.score":
		return number(&f.Funds.Score, "得分")
	case len(parts) == 3 && parts[0] == "funds":
		var row *jixiao.FundRow
		switch parts[1] {
		case "total":
			row = &f.Funds.Total
		case "appropriation":
			row = &f.Funds.Appropriation
		case "carryover":
			row = &f.Funds.Carryover
		case "other":
			row = &f.Funds.Other
		}
		if row != nil {
			switch parts[2] {
			case "initial":
				return number(&row.Initial, "年初预算数")
			case "budget":
				return number(&row.Budget, "全年预算数")
			case "executed":
				return number(&row.Executed, "全年执行数")
			}
		}
	case len(parts) == 3 && parts[0] == "indicators":
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= len(f.Indicators) || parts[1] != strconv.Itoa(i) {
			break
		}
		ind := &f.Indicators[i]
		switch parts[2] {
		case "name":
			return text(&ind.Name)
		case "target":
			return text(&ind.Target)
		case "actual":
			return text(&ind.Actual)
		case "reason":
			return text(&ind.Reason)
		case "weight":
			return number(&ind.Weight, "分值")
		case "score":
			return number(&ind.Score, "得分")
		}
	}
	return &fieldError{field, fmt.Sprintf("不能在页面上修改 %q", field)}
}
