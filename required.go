package jixiao

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var decimal1 = decimal.NewFromInt(1)

func decimalOf(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }

// required reports the values a printed form cannot do without (errors) and
// the printed values left empty (warnings).
func (d *decoder) required(f *Form) {
	top := Pos{File: d.file, Line: 1, Col: 1}
	if !f.Year.Set {
		d.diags.errorf(top, CodeMissing, "缺少预算年度：在文件开头写 year = 2020")
	}
	d.need(f.Project.Name, f.Project.Pos, "缺少项目名称：在 [project] 中写 name = \"…\"")
	d.want(f.Project.Department, f.Project.Pos, "主管部门为空：在 [project] 中写 department = \"…\"")
	d.want(f.Project.Implementer, f.Project.Pos, "实施单位为空：在 [project] 中写 implementer = \"…\"")
	d.want(f.Goals.Planned, f.Goals.Pos, "年度总体目标（预期目标）为空：在 [goals] 中写 planned = \"…\"")
	d.want(f.Goals.Achieved, f.Goals.Pos, "实际完成情况为空：在 [goals] 中写 achieved = \"…\"")
	if len(f.Indicators) == 0 {
		d.diags.errorf(top, CodeMissing, "没有绩效指标：每个三级指标写一节 [[indicators]]（可用 jixiao init 生成模板）")
	}
	for i, ind := range f.Indicators {
		n := fmt.Sprintf("第 %d 个指标", i+1)
		if ind.Name.Set && ind.Name.Val != "" {
			n = fmt.Sprintf("指标“%s”", ind.Name.Val)
		}
		d.need(ind.Name, ind.Pos, fmt.Sprintf("%s缺少三级指标名称：写 name = \"…\"", n))
		d.need(ind.Level1, ind.Pos, fmt.Sprintf("%s缺少一级指标：写 level1 = \"产出指标\"（或 效益指标、满意度指标）", n))
		d.need(ind.Level2, ind.Pos, fmt.Sprintf("%s缺少二级指标：写 level2 = \"数量指标\" 之类", n))
		d.need(ind.Target, ind.Pos, fmt.Sprintf("%s缺少年度指标值：写 target = \"…\"", n))
		d.need(ind.Actual, ind.Pos, fmt.Sprintf("%s缺少实际完成值：写 actual = \"…\"", n))
		if !ind.Weight.Set {
			d.diags.errorf(ind.Pos, CodeMissing, "%s缺少分值：写 weight = 10 之类", n)
		}
	}
}

// need reports an absent or empty required text as an error at the table.
func (d *decoder) need(f Field[string], table Pos, msg string) {
	if !f.Set || f.Val == "" {
		d.diags.errorf(pick(f, table), CodeMissing, "%s", msg)
	}
}

// want reports an absent or empty printed text as a warning.
func (d *decoder) want(f Field[string], table Pos, msg string) {
	if !f.Set || f.Val == "" {
		d.diags.warnf(pick(f, table), CodeEmpty, "%s", msg)
	}
}

// pick is the value's own place when it was written (as ""), else its table's.
func pick(f Field[string], table Pos) Pos {
	if f.Set {
		return f.Pos
	}
	if !table.IsValid() {
		return Pos{File: table.File, Line: 1, Col: 1}
	}
	return table
}
