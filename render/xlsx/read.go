package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
	"jixiao/templates"
)

// Imported is one worksheet of a workbook read back.
type Imported struct {
	Sheet    string // the worksheet's name
	Index    int    // its position in the workbook, from 1
	Template string // the template it was read with; "" for a sheet that is not a form
	Source   string // the data file it was made from, as the workbook records it ("" if unknown)
	// Monitoring: the template lays out the 绩效运行监控表 (not scored).
	Monitoring bool
	// Merged says Form is the three-way merge of ReadOptions.Base with the
	// department's changes (the workbook records what it was rendered
	// with): Match then gives, for each of Form's indicators, its index in
	// Base (-1: added by the department), and Conflicts what both changed.
	Merged    bool
	Match     []int
	Conflicts []Conflict
	// cellsEdited: a sheet that is no form (the 汇总表) no longer holds
	// what jixiao recorded writing there, or records nothing.
	cellsEdited bool
	// Form is the data the sheet holds; nil when the sheet is not a form or
	// could not be read. Its values carry no positions.
	Form *jixiao.Form
	// Problems lists what could not be read or placed, each naming the
	// sheet and cell in its message (工作表“…”!J14：…), with Pos.File the
	// workbook. An Error means the form is incomplete or its structure was
	// not found: do not write it. A Warning is a value not read (a cell
	// outside the form, a changed label) or a formula not trusted.
	Problems jixiao.Diagnostics
}

// ReadOptions adjust Read.
type ReadOptions struct {
	// Name is the workbook's name in problems; "workbook.xlsx" when empty.
	Name string
	// Template reads the form sheets with this template instead of the one
	// each records. A workbook none of whose sheets records a template
	// (copied into a new workbook) is read with it sheet by sheet.
	Template *render.Template
	// Library finds the templates sheets record; nil: the built-in ones.
	Library *render.Library
	// Base is the form the workbook was made from (jixiao import --into).
	// What a workbook cannot show comes from it: template, year, unit and
	// policy, 等级, which values were given rather than computed.
	Base *jixiao.Form
	// Prefer settles a conflict (a value both the department and the data
	// file changed since rendering, differently): PreferWorkbook takes the
	// workbook's, PreferData the file's; by default the file's stays and
	// the conflict is reported.
	Prefer Prefer
	// bases, when set, is the Base of each sheet by position (EditsKept).
	bases []*jixiao.Form
}

// Read reads every form sheet of a workbook jixiao wrote, and a department
// may have edited, saved by Excel, WPS or LibreOffice, back into forms.
//
// A sheet is read by the template recorded in it (the sheet-scoped defined
// name jixiao.template, else the workbook's custom property of that name,
// continued in jixiao.template.2…, by the sheet's position): the template is resolved against a probe form to
// learn where each field and label sits. Rows above the indicator block
// keep their place; the block runs from its header to the first row after
// it (总分); the rows after it follow. Rows inserted, deleted or moved inside
// the block are read as they stand; blank rows are skipped. Values come back
// as stored (numbers to Excel's 15 digits, texts with their line breaks);
// the formulas jixiao wrote (执行率, 得分, a 年度资金总额 summed from its
// sources, 总分) mean "computed", a value typed over them is reported.
//
// A workbook jixiao wrote records what it wrote into each field (base.go):
// a cell still holding it is jixiao's, not the department's. With a Base
// (the data file now) such a sheet's Form is the three-way merge of Base
// with what the department typed (Merged, Match, Conflicts); without one,
// a score jixiao computed and the department left beside a changed target,
// actual or weight is left out, for the rule to score again.
//
// Read fails only for a workbook it cannot open at all, or one beyond its
// bounds (MaxWorkbookSize; 50 MB unzipped, 2,000 rows and 50 columns per
// form sheet), with a message in Chinese. Everything else is a problem of
// its sheet.
func Read(r io.Reader, opt ReadOptions) (out []Imported, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("无法读取工作簿（读取时出错：%v）；请在 Excel 中打开后另存一份再导入", p)
		}
	}()
	data, err := readWorkbook(r)
	if err != nil {
		return nil, err
	}
	return read(data, opt)
}

// readWorkbook reads a workbook's bytes, up to one byte past the size
// inspect refuses.
func readWorkbook(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkbookSize+1))
	if err != nil {
		return nil, fmt.Errorf("无法读取工作簿：%w", err)
	}
	return data, nil
}

// openWorkbook checks a workbook (size, zip bombs, damaged parts: inspect)
// before excelize opens it.
func openWorkbook(data []byte) (*pkgInfo, *excelize.File, error) {
	info, err := inspect(data)
	if err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(info.data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, nil, fmt.Errorf("无法打开工作簿（%v）；请在 Excel 中打开后另存一份再导入", err)
	}
	return info, f, nil
}

// recordedTemplates are the templates the workbook's custom properties
// record, one per sheet in the order written: "jixiao.template", continued
// in "jixiao.template.2", "jixiao.template.3"… (see customProps); nil when
// there are none or a part is missing.
func recordedTemplates(f *excelize.File) []string {
	props, err := f.GetCustomProps()
	if err != nil {
		return nil
	}
	parts := map[int]string{}
	for _, p := range props {
		s, ok := p.Value.(string)
		if !ok {
			continue
		}
		if p.Name == "jixiao.template" {
			parts[1] = s
		} else if n, err := strconv.Atoi(strings.TrimPrefix(p.Name, "jixiao.template.")); err == nil && n > 1 && strings.HasPrefix(p.Name, "jixiao.template.") {
			parts[n] = s
		}
	}
	var lines []string
	for k := 1; k <= len(parts); k++ {
		part, ok := parts[k]
		if !ok {
			return nil
		}
		lines = append(lines, strings.Split(part, "\n")...)
	}
	return lines
}

// ReadFile is Read for a file.
func ReadFile(path string, opt ReadOptions) ([]Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s 不存在", path)
		}
		return nil, fmt.Errorf("无法打开 %s：%v", path, err)
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = path
	}
	return Read(f, opt)
}

func read(data []byte, opt ReadOptions) ([]Imported, error) {
	if opt.Name == "" {
		opt.Name = "workbook.xlsx"
	}
	info, f, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recorded, sources := map[string]string{}, map[string]string{}
	for _, dn := range f.GetDefinedName() {
		switch dn.Name {
		case "jixiao.template":
			recorded[dn.Scope] = constant(dn.RefersTo)
		case "jixiao.source":
			sources[dn.Scope] = constant(dn.RefersTo)
		}
	}
	baseName := baseSheet(f)
	recs := loadRecords(f, baseName)
	ids := sheetIDs(f)
	info.sheets = slices.DeleteFunc(info.sheets, func(sp sheetPart) bool { return baseName != "" && sp.name == baseName })
	byPosition := recordedTemplates(f) // the custom property: one line per sheet as written
	if len(byPosition) != len(info.sheets) {
		byPosition = nil
	}
	anyMarked := len(recorded) > 0 || byPosition != nil
	lib := opt.Library
	if lib == nil {
		lib = render.NewLibrary()
	}
	cells := 0
	warnedExtras := false
	var out []Imported
	for i, sp := range info.sheets {
		sr := &sheetReader{f: f, sheet: sp.name, file: opt.Name}
		if id, ok := ids[sp.name]; ok {
			sr.rec = recs[id]
		}
		imp := Imported{Sheet: sp.name, Index: i + 1, Source: sources[sp.name]}
		name, marked := recorded[sp.name]
		switch {
		case marked:
		case byPosition != nil && byPosition[i] == "":
			sr.warnf("", CodeNotForm, "是 jixiao 生成的汇总表，不是自评表，已跳过")
		case byPosition != nil:
			name, marked = byPosition[i], true
			sr.warnf("", CodeNotForm, "工作表的模板标记（定义名称 jixiao.template）已丢失，按工作簿属性中第 %d 张表的记录，用模板 %s 读取", i+1, name)
		case opt.Template != nil && !anyMarked:
			marked = true
		default:
			sr.warnf("", CodeNotForm, "不是 jixiao 生成的自评表（没有 jixiao.template 标记），已跳过")
		}
		if marked {
			if sp.part != "" && !sp.missing && sp.tooBig == "" {
				cells += sp.cells
			}
			sheetOpt := opt
			if opt.bases != nil {
				sheetOpt.Base = nil
				if i < len(opt.bases) {
					sheetOpt.Base = opt.bases[i]
				}
			}
			imp.Template, imp.Form = sr.form(sp, name, sheetOpt, lib, cells)
			imp.Merged, imp.Match, imp.Conflicts = imp.Form != nil && sr.match != nil, sr.match, sr.conflicts
			imp.Monitoring = sr.tmpl != nil && sr.tmpl.Form() == render.Monitoring
		}
		if marked && len(info.extras) > 0 && !warnedExtras {
			warnedExtras = true
			sr.warnf("", CodeUnread, "工作簿含有%s：jixiao 不读取也不保留它们（重新生成时不会覆盖这个工作簿，除非加 --force，原文件会先备份）；其中需要保留的内容请填到表格的栏目中", strings.Join(extraNames(info.extras), "、"))
		}
		if !marked {
			imp.cellsEdited = sr.cellsEdited()
		}
		imp.Problems = sr.problems
		out = append(out, imp)
	}
	return out, nil
}

// form reads one form sheet with its template.
func (sr *sheetReader) form(sp sheetPart, name string, opt ReadOptions, lib *render.Library, cells int) (string, *jixiao.Form) {
	t := opt.Template
	if t == nil {
		if name == "" {
			name = templates.Default
		}
		var err error
		if t, err = lib.Get(name); err != nil {
			sr.errorf("", CodeLayout, "记录的模板 %s 无法使用（%v）；请用 --template 指定模板", name, err)
			return name, nil
		}
	}
	switch {
	case sp.missing || sp.part == "":
		sr.errorf("", CodeLayout, "工作表的内容部件缺失（文件已损坏）；请在 Excel 中打开后另存一份再导入")
		return t.Name, nil
	case sp.tooBig != "":
		sr.errorf("", CodeLayout, "工作表过大或无法读取：%s；没有读取", sp.tooBig)
		return t.Name, nil
	case cells > maxTotalCells:
		sr.errorf("", CodeLayout, "工作簿中的单元格超过 %d 个，没有读取这张表", maxTotalCells)
		return t.Name, nil
	}
	if len(sp.damaged) > 0 {
		for _, d := range sp.damaged {
			sr.errorf(d.at, CodeCellValue, "%s；请在 Excel 中打开后另存一份，核对这里的内容后再导入", d.msg)
		}
		return t.Name, nil
	}
	lay, err := layoutOf(t)
	if err != nil {
		sr.errorf("", CodeLayout, "模板 %s 无法使用：%v", t.Name, err)
		return t.Name, nil
	}
	sr.lay, sr.tmpl = lay, t
	if sr.raw, err = sr.f.GetRows(sp.name, excelize.Options{RawCellValue: true}); err != nil {
		sr.errorf("", CodeLayout, "工作表无法读取（%v）", err)
		return t.Name, nil
	}
	sr.merged = mergeMap(sp.merges, sp.rows)
	sr.groups = sr.groupsByName(opt.Base)
	if !sr.scan() {
		return t.Name, nil
	}
	return t.Name, sr.values(t.Name, opt.Base, opt.Prefer)
}

// sheetIDs maps each sheet to the id its defined name jixiao.id gives it.
func sheetIDs(f *excelize.File) map[string]string {
	out := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == idName && dn.Scope != "" {
			out[dn.Scope] = constant(dn.RefersTo)
		}
	}
	return out
}

// constant reads a defined name's string constant: "a""b" → a"b.
func constant(refersTo string) string {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(refersTo), "="))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

// mergeMap maps each cell of the merged ranges (within a form's bounds) to
// the range's top-left cell.
func mergeMap(refs []string, rows int) map[[2]int][2]int {
	out := map[[2]int][2]int{}
	rows = min(rows+1, maxFormRows)
	budget := 4 * rows * maxFormCols // overlapping ranges cannot make this quadratic
	for _, rg := range refs {
		a, b, ok := strings.Cut(rg, ":")
		if !ok {
			continue
		}
		c0, r0, err1 := excelize.CellNameToCoordinates(a)
		c1, r1, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil {
			continue
		}
		r0, r1 = min(r0, r1), max(r0, r1)
		c0, c1 = min(c0, c1), max(c0, c1)
		for r := r0; r <= min(r1, rows); r++ {
			for c := c0; c <= min(c1, maxFormCols); c++ {
				if budget--; budget < 0 {
					return out
				}
				if _, seen := out[[2]int{r - 1, c - 1}]; !seen {
					out[[2]int{r - 1, c - 1}] = [2]int{r0 - 1, c0 - 1}
				}
			}
		}
	}
	return out
}
