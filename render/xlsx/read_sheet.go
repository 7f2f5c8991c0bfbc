package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

// Codes of the problems Read reports.
const (
	CodeNotForm   jixiao.Code = "not-form"     // a sheet that is not a jixiao form: skipped
	CodeLayout    jixiao.Code = "layout"       // the form's structure cannot be found: the sheet is not read
	CodeUnread    jixiao.Code = "unread-cell"  // a value where the template has no field: not read
	CodeLabel     jixiao.Code = "label"        // the template's text was changed: not read
	CodeCellValue jixiao.Code = "cell-value"   // a field's value cannot be taken exactly
	CodeFormula   jixiao.Code = "formula"      // a formula a department typed
	CodeComputed  jixiao.Code = "computed"     // a value typed over what jixiao computes
	CodeMismatch  jixiao.Code = "differs-base" // the sheet disagrees with the --into file
)

// cellVal is one cell of the sheet as stored.
type cellVal struct {
	r, c    int
	raw     string // the stored value: a number as written in the file, a text as typed
	formula string
	typ     excelize.CellType
}

func (v cellVal) at() string  { return ref(v.r, v.c) }
func (v cellVal) empty() bool { return strings.TrimSpace(v.raw) == "" && v.formula == "" }
func (v cellVal) numeric() bool {
	return v.typ == excelize.CellTypeUnset || v.typ == excelize.CellTypeNumber
}

// blockRow is one row of the indicator block.
type blockRow struct {
	r       int
	level   [2]string // 一级, 二级 names as read (after the carry from the rows above)
	levelAt [2]string // where each was read
	vals    map[string]cellVal
}

// sheetReader reads one form sheet: first the cells (scan), then the values
// (values.go), once the year and unit it shows are known.
type sheetReader struct {
	f        *excelize.File
	sheet    string
	file     string
	lay      *layout
	tmpl     *render.Template
	raw      [][]string
	merged   map[[2]int][2]int // cell → the top-left cell of its merged range
	problems jixiao.Diagnostics

	fields   map[string]cellVal
	rows     []blockRow
	captured map[string][2]string // "year", "unit" → value and where
	strays   int                  // values found outside the fields

	rec       map[string]recVal    // what jixiao wrote into this sheet's fields (nil: not recorded)
	groups    map[string][2]string // indicator name → its group, for rows whose labels were lost
	match     []int                // after a merge: each indicator's index in the base, -1 added
	conflicts []Conflict
}

func (sr *sheetReader) report(sev jixiao.Severity, at string, code jixiao.Code, format string, args ...any) {
	where := "工作表“" + sr.sheet + "”"
	if at != "" {
		where += "!" + at
	}
	sr.problems = append(sr.problems, jixiao.Diagnostic{Pos: jixiao.Pos{File: sr.file}, Severity: sev, Code: code,
		Message: where + "：" + fmt.Sprintf(format, args...)})
}

func (sr *sheetReader) warnf(at string, code jixiao.Code, format string, args ...any) {
	sr.report(jixiao.Warning, at, code, format, args...)
}

func (sr *sheetReader) errorf(at string, code jixiao.Code, format string, args ...any) {
	sr.report(jixiao.Error, at, code, format, args...)
}

// cell is the stored value of a cell, "" outside the sheet.
func (sr *sheetReader) cell(r, c int) string {
	if r < 0 || r >= len(sr.raw) || c < 0 || c >= len(sr.raw[r]) {
		return ""
	}
	return strings.ReplaceAll(sr.raw[r][c], "\r\n", "\n")
}

// label reads a label cell. The workbook writes the label of a group that
// continues on a new printed page as a reference to its first cell (=B13,
// see splitLabels): that cell's text is the label, whatever value the
// formula last cached.
func (sr *sheetReader) label(r, c int) string {
	f, _ := sr.f.GetCellFormula(sr.sheet, ref(r, c))
	if col, row, err := excelize.CellNameToCoordinates(strings.TrimPrefix(f, "=")); err == nil && f != "" && (row-1 != r || col-1 != c) {
		return sr.cell(row-1, col-1)
	}
	return sr.cell(r, c)
}

// val reads a cell with its formula and type.
func (sr *sheetReader) val(r, c int) cellVal {
	v := cellVal{r: r, c: c, raw: sr.cell(r, c)}
	v.formula, _ = sr.f.GetCellFormula(sr.sheet, v.at())
	v.typ, _ = sr.f.GetCellType(sr.sheet, v.at())
	return v
}

// shown is what the cell shows, its number format applied.
func (sr *sheetReader) shown(v cellVal) string {
	s, err := sr.f.GetCellValue(sr.sheet, v.at())
	if err != nil {
		return v.raw
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func (sr *sheetReader) width(r int) int {
	if r < len(sr.raw) {
		return max(len(sr.raw[r]), sr.lay.cols)
	}
	return sr.lay.cols
}

// scan reads the cells where the template puts them. It returns false when
// the sheet's structure cannot be found; the reason has been reported.
func (sr *sheetReader) scan() bool {
	lay := sr.lay
	sr.fields, sr.captured = map[string]cellVal{}, map[string][2]string{}
	h := len(lay.top)
	if !sr.findHeader(h) {
		return false
	}
	for r := range h {
		sr.fixedRow(r, lay.top[r])
	}
	sr.fixedRow(h, lay.header)
	for k, pr := range lay.header2 {
		sr.fixedRow(h+1+k, pr)
	}
	end := sr.findEnd(h + len(lay.header2))
	if end < 0 {
		sr.errorf("", CodeLayout, "找不到指标表的结束行（%s）；请恢复这一行后再导入", describe(lay.bottom))
		return false
	}
	var carry [2]string
	var carryAt [2]string
	for r := h + 1 + len(lay.header2); r < end; r++ {
		sr.blockRow(r, &carry, &carryAt)
	}
	for k, pr := range lay.bottom {
		sr.fixedRow(end+k, pr)
	}
	for r := end + len(lay.bottom); r < len(sr.raw); r++ {
		sr.fixedRow(r, nil)
	}
	if sr.strays > maxStray {
		sr.warnf("", CodeUnread, "另有 %d 个单元格不是表格中的栏目，其中的内容没有读入", sr.strays-maxStray)
	}
	return true
}

// describe names a row by its literal texts, for messages.
func describe(rows []probeRow) string {
	if len(rows) == 0 {
		return "表格末行"
	}
	var texts []string
	for j, c := range rows[0] {
		if c.kind == literal {
			texts = append(texts, colName(j)+" 列“"+c.text+"”")
		}
	}
	if len(texts) == 0 {
		return "总分所在的行"
	}
	return strings.Join(texts, "、")
}

// matches counts how many of the row's literal texts the sheet's row r shows.
func (sr *sheetReader) matches(r int, pr probeRow) int {
	n := 0
	for j, c := range pr {
		if c.kind == literal {
			if _, ok := c.match(sr.cell(r, j)); ok {
				n++
			}
		}
	}
	return n
}

// findHeader checks the block's header is at row h, where the template puts
// it after its fixed rows. Most of its labels must be there: a changed
// label is reported by fixedRow.
func (sr *sheetReader) findHeader(h int) bool {
	n := sr.lay.header.literals()
	if n == 0 || sr.matches(h, sr.lay.header)*2 > n {
		return true
	}
	for r := range sr.raw {
		if sr.matches(r, sr.lay.header)*2 > n {
			sr.errorf(ref(r, 0), CodeLayout, "指标表的表头在第 %d 行，模板中应在第 %d 行：表头以上的行被插入或删除过，无法确定各栏目的位置；请恢复原来的行后再导入", r+1, h+1)
			return false
		}
	}
	sr.errorf(ref(h, 0), CodeLayout, "找不到指标表的表头（第 %d 行应为 %s）；请恢复表头后再导入", h+1, describe([]probeRow{sr.lay.header}))
	return false
}

// findEnd finds the first row after the block: the row whose labels are
// those of the template's first row after the block (总分), or failing
// that the row whose totals are formulas.
func (sr *sheetReader) findEnd(h int) int {
	if len(sr.lay.bottom) == 0 {
		return len(sr.raw)
	}
	first := sr.lay.bottom[0]
	n := first.literals()
	for r := h + 1; r < len(sr.raw); r++ {
		if n > 0 && sr.matches(r, first)*2 > n {
			return r
		}
	}
	for r := h + 1; r < len(sr.raw); r++ {
		for j, c := range first {
			if c.kind == field && (c.field == "total" || c.field == "weight_total") {
				if f, _ := sr.f.GetCellFormula(sr.sheet, ref(r, j)); strings.Contains(strings.ToUpper(f), "SUM(") {
					return r
				}
			}
		}
	}
	return -1
}

// fixedRow reads a row the template fixes: its fields, its literal texts
// (noting the year and unit they show) and anything typed elsewhere.
func (sr *sheetReader) fixedRow(r int, pr probeRow) {
	for c := range sr.width(r) {
		var pc probeCell
		if c < len(pr) {
			pc = pr[c]
		}
		v := sr.cell(r, c)
		switch pc.kind {
		case field:
			sr.fields[pc.field] = sr.val(r, c)
		case literal:
			caps, ok := pc.match(v)
			if !ok {
				sr.warnf(ref(r, c), CodeLabel, "应为表格的固定文字“%s”，现为“%s”；jixiao 不读取这一单元格，改动不会保留", pc.text, v)
			}
			for k, s := range caps {
				was, seen := sr.captured[k]
				switch {
				case !seen && s != "":
					sr.captured[k] = [2]string{s, ref(r, c)}
				case seen && k == "month" && s != was[0]:
					sr.warnf(ref(r, c), CodeLabel, "这里是 1–%s月，%s 是 1–%s月；月份按 %s 读入（表头的月份由数据的 month 决定，改动不会保留）", s, was[1], was[0], was[1])
				}
			}
		default:
			sr.stray(r, c, v)
		}
	}
}

// maxStray bounds the cells stray lists one by one.
const maxStray = 50

// stray reports a value where the template has no field.
func (sr *sheetReader) stray(r, c int, v string) {
	if strings.TrimSpace(v) == "" {
		return
	}
	if sr.strays++; sr.strays > maxStray {
		return
	}
	sr.warnf(ref(r, c), CodeUnread, "这里不是表格中的栏目，其中的“%s”没有读入；如需保留，请填到对应的栏目中", clip(v))
}

// clip shortens a value for a message.
func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", "⏎")
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

// blockRow reads one row of the indicator block. The 一级 and 二级 of a
// row come from its merged label (the top-left cell of the merged range it
// lies in) or its own cell. A row with neither takes them from the
// indicator of its name in the records or the --into file (LibreOffice
// drops a merged label's text with the merge's first row), else from the
// row above (a row inserted below a group, outside the merge).
func (sr *sheetReader) blockRow(r int, carry, carryAt *[2]string) {
	lay := sr.lay
	br := blockRow{r: r, vals: map[string]cellVal{}}
	for c := range sr.width(r) {
		if c == lay.level[0] || c == lay.level[1] {
			continue
		}
		if c < len(lay.row) && lay.row[c].kind == field {
			br.vals[lay.row[c].field] = sr.val(r, c)
			continue
		}
		if v := sr.cell(r, c); !lay.repeatedLabel(c, v) {
			sr.stray(r, c, v)
		}
	}
	for k, col := range lay.level {
		if col < 0 {
			continue
		}
		tr, tc := r, col
		if top, ok := sr.merged[[2]int{r, col}]; ok && top[0] > len(lay.top) {
			tr, tc = top[0], top[1]
		}
		text := jixiao.PlainText(sr.label(tr, tc))
		if text == "" {
			if g, ok := sr.groups[sr.rowName(r)]; ok && g[k] != "" {
				carry[k], carryAt[k] = g[k], ref(tr, tc)
			}
			br.level[k], br.levelAt[k] = carry[k], carryAt[k]
			continue
		}
		name := text
		if m := lay.levelRe[k].FindStringSubmatch(text); m != nil {
			name = strings.TrimSpace(m[1])
		} else if tr == r {
			sr.warnf(ref(tr, tc), CodeLabel, "“%s”与模板中%s的写法不符，按原文作为%s读入", text, levelNames[k], levelNames[k])
		}
		carry[k], carryAt[k] = name, ref(tr, tc)
		br.level[k], br.levelAt[k] = name, ref(tr, tc)
	}
	for _, v := range br.vals {
		if !v.empty() {
			sr.rows = append(sr.rows, br)
			return
		}
	}
	// A blank row (a group without indicators, or an empty inserted row)
	// carries nothing; its labels still head the rows below it.
}

var levelNames = [2]string{"一级指标", "二级指标"}

// rowName is the 三级指标 name row r of the block shows.
func (sr *sheetReader) rowName(r int) string {
	c := sr.lay.row.column("name")
	if c < 0 {
		return ""
	}
	return jixiao.PlainText(sr.cell(r, c))
}
