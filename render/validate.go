package render

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/tomldec"
)

// fieldKind is the type of a bound field: how its value is shown.
type fieldKind int

const (
	textField fieldKind = iota
	amountField
	scoreField
	rateField
)

// emptyFormat is how an empty cell of a field kind takes what is typed in.
var emptyFormat = map[fieldKind]Format{textField: Literal, amountField: Amount, scoreField: General, rateField: Rate}

// fixedFields are the fields a fixed row may bind.
var fixedFields = func() map[string]fieldKind {
	m := map[string]fieldKind{
		"project.name": textField, "project.department": textField, "project.implementer": textField,
		"goals.planned": textField, "goals.achieved": textField, "year": textField,
		"funds.weight": scoreField, "funds.rate": rateField, "funds.score": scoreField,
		"total": scoreField, "weight_total": scoreField,
	}
	for _, row := range jixiao.FundRowKeys {
		for _, col := range jixiao.FundColumnKeys {
			m["funds."+row+"."+col] = amountField
		}
	}
	return m
}()

// blockFields are the fields of an indicator row.
var blockFields = map[string]fieldKind{
	"level1": textField, "level2": textField, "name": textField, "target": textField, "actual": textField,
	"weight": scoreField, "score": scoreField, "reason": textField, "grade": textField,
}

// dataNames are the placeholders the data fills in any text.
var dataNames = []string{"year", "unit", "project", "department", "implementer"}

// groupNames are the placeholders of the 一级/二级 labels of the block.
var groupNames = []string{"level1", "level2", "weight"}

// monitorNames are the placeholders a monitoring template adds: the month
// of the figures (7) and the months they cover (1–7月).
var monitorNames = []string{"month", "months"}

// dataNames are the placeholders of this template's form.
func (d *tdecoder) dataNames() []string {
	if d.t.form == Monitoring {
		return append(dataNames[:len(dataNames):len(dataNames)], monitorNames...)
	}
	return dataNames
}

var placeholder = regexp.MustCompile(`\{\{|\}\}|\{([^{}]*)\}`)

// expand fills the {placeholders} of s; {{ and }} stand for braces.
func expand(s string, lookup func(name string) (string, bool)) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		switch m {
		case "{{":
			return "{"
		case "}}":
			return "}"
		}
		v, _ := lookup(m[1 : len(m)-1])
		return v
	})
}

// unknownPlaceholders lists the names in s that lookup does not know.
func unknownPlaceholders(s string, known func(string) bool) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if m[0] != "{{" && m[0] != "}}" && !known(m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// validate checks what the decoded pieces mean together: fields, placeholders,
// and that the cells of every row cover the grid exactly once.
func (d *tdecoder) validate() {
	t := d.t
	blocks := 0
	for _, r := range t.rows {
		if r.block {
			blocks++
		}
	}
	if blocks != 1 {
		d.Report(tdPos(t.File), "bad-value", "rows 中应有且只有一行 block = \"indicators\"（绩效指标块的位置），这里有 %d 行", blocks)
	}
	d.checkVars()
	d.checkFixedRows()
	d.checkBlock()
}

func tdPos(file string) tomldec.Pos { return tomldec.Pos{File: file, Line: 1, Col: 1} }

func (d *tdecoder) errorAt(p jixiao.Pos, format string, args ...any) {
	d.Report(tomldec.Pos(p), "bad-value", format, args...)
}

func (d *tdecoder) checkVars() {
	for k, v := range d.t.vars {
		if bad := unknownPlaceholders(v, func(n string) bool { return slices.Contains(d.dataNames(), n) }); len(bad) > 0 {
			d.errorAt(d.pos("vars."+k), "变量 %s 中的 {%s} 不是数据占位符（可用：%s）；变量中不能再引用变量", k, bad[0], braces(d.dataNames()))
		}
	}
}

func braces(names []string) string {
	var b []string
	for _, n := range names {
		b = append(b, "{"+n+"}")
	}
	return strings.Join(b, " ")
}

// checkText reports placeholders that are neither vars nor data names.
func (d *tdecoder) checkText(c cellSpec, extra []string) {
	known := func(n string) bool {
		_, isVar := d.t.vars[n]
		return isVar || slices.Contains(d.dataNames(), n) || slices.Contains(extra, n)
	}
	if bad := unknownPlaceholders(c.text, known); len(bad) > 0 {
		var vars []string
		for k := range d.t.vars {
			vars = append(vars, k)
		}
		slices.Sort(vars)
		d.errorAt(c.pos, "文本 %q 中的 {%s} 既不是 [vars] 中的变量，也不是数据占位符（可用：%s）", c.text, bad[0], braces(append(append(vars, d.dataNames()...), extra...)))
	}
}

func (d *tdecoder) checkField(c cellSpec, fields map[string]fieldKind, where string) {
	if c.field == "" {
		return
	}
	if other := d.otherForm(c.field, fields); other != "" {
		d.errorAt(c.pos, "%s字段 %q 属于%s的模板；本模板是%s（form = %q），不能绑定它", where, c.field, other, formTitles[d.t.form], formKinds[d.t.form])
		return
	}
	if _, ok := fields[c.field]; !ok {
		var names []string
		for k := range fields {
			names = append(names, k)
		}
		slices.Sort(names)
		if s := tomldec.Suggest(c.field, names); s != "" {
			d.errorAt(c.pos, "%s没有字段 %q，是否想写 %q？", where, c.field, s)
			return
		}
		d.errorAt(c.pos, "%s不能绑定字段 %q；可用的字段：%s", where, c.field, strings.Join(names, "、"))
	}
}

// checkFixedRows lays the fixed rows out on an occupancy grid: each cell
// inside the grid, no two cells on one place, every place covered, and no
// vertical span running into the indicator block or past the last row.
func (d *tdecoder) checkFixedRows() {
	t := d.t
	ncol := len(t.columns)
	taken := make([][]bool, len(t.rows))
	for i := range taken {
		taken[i] = make([]bool, ncol)
	}
	for i, r := range t.rows {
		if r.block {
			continue
		}
		for _, c := range r.cells {
			d.checkText(c, nil)
			d.checkField(c, d.fixedFields(), "固定行中")
			d.noMark(c, "固定行")
			if c.line != 0 {
				d.errorAt(c.pos, "line 只用于 [indicators] 的表头单元格（两层表头的第几行）")
			}
			if c.text != "" && c.field != "" {
				d.errorAt(c.pos, "一个单元格只能有 text 或 field 之一")
			}
			d.place(taken, i, c, ncol)
		}
	}
	for i, r := range t.rows {
		if r.block {
			continue
		}
		for col := 0; col < ncol; col++ {
			if !taken[i][col] {
				d.errorAt(r.pos, "这一行的第 %s 列既没有单元格，也没有被上方跨行的单元格覆盖；请补上 { cols = %q, text = \"\" }", colName(col), colName(col))
				break
			}
		}
	}
}

func colName(c int) string { return string(AppendColumn(nil, c)) }

// place marks the places cell c covers from row i, reporting clashes.
func (d *tdecoder) place(taken [][]bool, i int, c cellSpec, ncol int) {
	if c.c0 < 0 {
		return
	}
	if c.c1 >= ncol {
		d.errorAt(c.pos, "列 %s 超出了 grid.columns 定义的 %d 列（A–%s）", colName(c.c1), ncol, colName(ncol-1))
		return
	}
	for r := i; r < i+c.rows; r++ {
		if r >= len(taken) || d.t.rows[r].block {
			d.errorAt(c.pos, "rows = %d 向下跨到了%s；请减小 rows", c.rows, map[bool]string{true: "绩效指标块", false: "最后一行之外"}[r < len(taken)])
			return
		}
		for col := c.c0; col <= c.c1; col++ {
			if taken[r][col] {
				d.errorAt(c.pos, "第 %s 列与同一行（或上方跨行）的另一个单元格重叠", colName(col))
				return
			}
			taken[r][col] = true
		}
	}
}

// checkBlock checks the indicator block: the label and the header cover
// every column of the header row, the label and the row cells every column
// of an indicator row, and the row binds level1 and level2 (for grouping).
func (d *tdecoder) checkBlock() {
	b := &d.t.block
	ncol := len(d.t.columns)
	if len(b.row) == 0 {
		d.errorAt(b.pos, "[indicators] 缺少 row（每个三级指标一行的单元格）")
		return
	}
	b.level1Col, b.level2Col = -1, -1
	for _, c := range b.row {
		d.checkField(c, d.blockFields(), "指标行中")
		if c.line != 0 {
			d.errorAt(c.pos, "line 只用于表头单元格（两层表头的第几行）")
		}
		d.checkText(c, groupNames)
		if c.rows != 1 {
			d.errorAt(c.pos, "指标行的单元格不能跨行：一级、二级的合并由分组自动得出")
		}
		if c.text != "" && c.field != "level1" && c.field != "level2" {
			d.errorAt(c.pos, "指标行中只有 level1、level2 可以写 text（分组标签的格式，如 \"{level1}({weight}分)\"）")
		}
		switch c.field {
		case "level1":
			b.level1Col = c.c0
		case "level2":
			b.level2Col = c.c0
		}
	}
	if b.level1Col < 0 || b.level2Col < 0 {
		d.errorAt(b.pos, "[indicators] 的 row 必须绑定 level1 和 level2（一级、二级指标列，用于分组合并）")
	}
	d.checkMarks(b.row)
	for _, c := range b.header {
		d.checkText(c, nil)
		d.noMark(c, "表头")
		if c.field != "" {
			d.errorAt(c.pos, "表头单元格只写 text，不绑定字段")
		}
	}
	d.checkText(b.label, nil)
	for line := range b.headerLines {
		var cells []cellSpec
		for _, c := range b.header {
			if c.line <= line && line < c.line+c.rows {
				cells = append(cells, c)
			}
		}
		what := "header"
		if b.headerLines > 1 {
			what = fmt.Sprintf("header（第 %d 行）", line+1)
		}
		d.coverRow(what, cells, ncol)
	}
	d.coverRow("row", b.row, ncol)
}

// coverRow checks that cells and the block label cover each column once.
func (d *tdecoder) coverRow(what string, cells []cellSpec, ncol int) {
	b := d.t.block
	taken := make([]bool, ncol)
	all := cells
	if b.label.c0 >= 0 {
		all = append([]cellSpec{b.label}, cells...)
	}
	for _, c := range all {
		if c.c0 < 0 {
			return
		}
		if c.c1 >= ncol {
			d.errorAt(c.pos, "列 %s 超出了 grid.columns 定义的 %d 列", colName(c.c1), ncol)
			return
		}
		for col := c.c0; col <= c.c1; col++ {
			if taken[col] {
				d.errorAt(c.pos, "[indicators] 的 %s 中第 %s 列被两个单元格占用", what, colName(col))
				return
			}
			taken[col] = true
		}
	}
	for col, ok := range taken {
		if !ok {
			d.errorAt(b.pos, "[indicators] 的 %s 没有覆盖第 %s 列", what, colName(col))
			return
		}
	}
}

// String is the template's name and file, for messages.
func (t *Template) String() string { return fmt.Sprintf("%s (%s)", t.Name, t.File) }
