package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/render"
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
		return err == nil && slices.Contains([]string{"name", "target", "actual", "reason", "weight", "score", "level1", "level2"}, parts[2])
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
		case "level1", "level2":
			return group(f, i, parts[2], value)
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

// group renames the 一级 (or 二级) group of the i-th indicator: every
// indicator of the same group takes the new name, as the merged label on
// the form stands for them all.
func group(f *jixiao.Form, i int, level, value string) error {
	v := jixiao.PlainText(value)
	if v == "" {
		return &fieldError{"indicators." + strconv.Itoa(i) + "." + level, "一级、二级指标的名称不能为空"}
	}
	old := f.Indicators[i]
	for j := range f.Indicators {
		ind := &f.Indicators[j]
		if ind.Level1.Val != old.Level1.Val || level == "level2" && ind.Level2.Val != old.Level2.Val {
			continue
		}
		p := &ind.Level1
		if level == "level2" {
			p = &ind.Level2
		}
		*p = jixiao.Field[string]{Val: v, Set: true, Pos: p.Pos}
	}
	return nil
}

// labelFields names the editable 一级/二级 label cells of a sheet by the
// group they stand for: "indicators.<first>.level1" or ".level2", where
// first is the group's first indicator on the form.
func labelFields(s *render.Sheet, f *jixiao.Form) map[render.At]string {
	out := map[render.At]string{}
	b := s.Block
	for r := b.First; r <= b.Last && r < len(s.Rows); r++ {
		k := r - b.First
		if k >= len(b.Indexes) || b.Indexes[k] < 0 || b.Indexes[k] >= len(f.Indicators) {
			continue
		}
		ind := f.Indicators[b.Indexes[k]]
		level1 := true // the first label cell of a row is the 一级, the next the 二级
		for c, cell := range s.Rows[r].Cells {
			if !cell.Editable || cell.Field != "" || cell.Kind != render.Text {
				continue
			}
			at := render.At{Row: r, Col: c}
			switch {
			case level1 && cell.Text == ind.Level1.Val:
				out[at] = "indicators." + strconv.Itoa(b.Indexes[k]) + ".level1"
				level1 = false
			case cell.Text == ind.Level2.Val:
				out[at] = "indicators." + strconv.Itoa(b.Indexes[k]) + ".level2"
			}
		}
	}
	return out
}
