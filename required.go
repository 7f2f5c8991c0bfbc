package jixiao

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

var decimal1 = decimal.NewFromInt(1)

func decimalOf(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }

// required reports the values a printed form cannot do without (errors) and
// the printed values left empty (warnings). A value already reported as
// malformed, or named by a misspelt key, is not reported again.
func (d *decoder) required(f *Form) {
	top := Pos{File: d.File, Line: 1, Col: 1}
	if !f.Year.Set && !d.Done("year") {
		d.errorAt(top, CodeMissing, "缺少预算年度：在文件开头写 year = 2020")
	}
	d.need("project.name", f.Project.Name, "缺少项目名称：在 [project] 中写 name = \"…\"")
	d.want("project.department", f.Project.Department, "主管部门为空：在 [project] 中写 department = \"…\"")
	d.want("project.implementer", f.Project.Implementer, "实施单位为空：在 [project] 中写 implementer = \"…\"")
	d.want("goals.planned", f.Goals.Planned, "年度总体目标（预期目标）为空：在 [goals] 中写 planned = \"…\"")
	d.selfEvalOnly(func() {
		d.want("goals.achieved", f.Goals.Achieved, "实际完成情况为空：在 [goals] 中写 achieved = \"…\"")
	})
	if len(f.Indicators) == 0 && !d.Done("indicators") {
		d.errorAt(top, CodeMissing, "没有绩效指标：每个三级指标写一节 [[indicators]]（可用 jixiao init 生成模板）")
	}
	for i, ind := range f.Indicators {
		path := "indicators." + strconv.Itoa(i)
		n := fmt.Sprintf("第 %d 个指标", i+1)
		if ind.Name.Val != "" {
			n = fmt.Sprintf("指标“%s”", ind.Name.Val)
		}
		d.need(path+".name", ind.Name, n+"缺少三级指标名称：写 name = \"…\"")
		d.need(path+".level1", ind.Level1, n+"缺少一级指标：写 level1 = \"产出指标\"（或 效益指标、满意度指标）")
		d.need(path+".level2", ind.Level2, n+"缺少二级指标：写 level2 = \"数量指标\" 之类")
		d.need(path+".target", ind.Target, n+"缺少年度指标值：写 target = \"…\"")
		d.selfEvalOnly(func() {
			d.need(path+".actual", ind.Actual, n+"缺少实际完成值：写 actual = \"…\"")
			if !ind.Weight.Set && !d.Done(path+".weight") {
				d.errorAt(ind.Pos, CodeMissing, "%s缺少分值：写 weight = 10 之类", n)
			}
		})
	}
}

// need reports an absent or empty required text as an error.
func (d *decoder) need(path string, f Field[string], msg string) {
	if (!f.Set || f.Val == "") && !d.Done(path) {
		d.errorAt(f.Pos, CodeMissing, "%s", msg)
	}
}

// want reports an absent or empty printed text as a warning.
func (d *decoder) want(path string, f Field[string], msg string) {
	if (!f.Set || f.Val == "") && !d.Done(path) {
		d.warnings.warnf(f.Pos, CodeEmpty, "%s", msg)
	}
}
