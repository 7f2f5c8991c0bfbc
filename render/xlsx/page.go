package xlsx

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// Excel's paper size codes, by the paper's short and long edge in mm.
var paperSizes = []struct {
	code       int
	short, lng float64
}{
	{9, 210, 297},  // A4
	{8, 297, 420},  // A3
	{11, 148, 210}, // A5
}

const mmPerPt = 25.4 / 72

// paperCode finds Excel's code for the sheet's paper.
func paperCode(p render.Page) (int, error) {
	short, lng := min(p.Width, p.Height)*mmPerPt, max(p.Width, p.Height)*mmPerPt
	for _, s := range paperSizes {
		if math.Abs(short-s.short) < 1 && math.Abs(lng-s.lng) < 1 {
			return s.code, nil
		}
	}
	return 0, fmt.Errorf("纸张 %.0f×%.0f mm 不是 A3、A4 或 A5", short, lng)
}

// page sets up how the sheet prints: centred horizontally, the margins, the
// paper and orientation, one page wide and as many tall as needed, black
// and white (Excel then leaves the editable cells' fill off the paper;
// LibreOffice prints it), pages numbered from 1 per sheet, and the footer.
// The rows repeated on every page and the print area are defined names (see
// printNames). Everything is set before the sheet is streamed: excelize's
// StreamWriter drops what is set after its Flush.
func page(f *excelize.File, name string, p render.Page) error {
	code, _ := paperCode(p) // prepare checked it
	orientation := "portrait"
	if p.Landscape {
		orientation = "landscape"
	}
	fitW, fitH, bw, first := 1, 0, true, uint(1)
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &code, Orientation: &orientation,
		FitToWidth: &fitW, FitToHeight: &fitH, // 0: as many pages tall as needed
		BlackAndWhite: &bw,
		// Each form is its own document: its pages count from 1 even when
		// the whole workbook is printed (the page total, &N, is still the
		// print job's).
		FirstPageNumber: &first,
	}); err != nil {
		return err
	}
	// Without fitToPage in sheetPr, Excel ignores fitToWidth/fitToHeight.
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	inch := func(pt float64) *float64 { v := math.Round(pt/72*10000) / 10000; return &v }
	centred := true
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Top: inch(p.Top), Bottom: inch(p.Bottom), Left: inch(p.Left), Right: inch(p.Right),
		// The footer sits in the middle of the bottom margin, the (empty)
		// header in the middle of the top one.
		Header: inch(p.Top / 2), Footer: inch(p.Bottom / 2),
		Horizontally: &centred,
	}); err != nil {
		return err
	}
	if p.Footer == "" {
		return nil
	}
	return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: footer(p.Footer, p.FooterSize)})
}

// printNames defines the sheet's print area, the rows repeated on every
// page and its metadata, as names scoped to the sheet.
func printNames(f *excelize.File, name, id string, s *render.Sheet) error {
	var names []excelize.DefinedName
	if len(s.Rows) > 0 {
		last := ref(len(s.Rows)-1, len(s.Columns)-1)
		names = append(names, excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: quoteSheet(name) + "!$A$1:" + absolute(last)})
	}
	if r := s.Repeat; r != nil && r.Rows() > 0 && r.R0 >= 0 && r.R1 < len(s.Rows) {
		names = append(names, excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: quoteSheet(name) + "!$" + strconv.Itoa(r.R0+1) + ":$" + strconv.Itoa(r.R1+1)})
	}
	// SetDefinedName compares a new name with every name defined, listing
	// every sheet for each (excelize v2.11.1): a workbook of 400 forms took
	// 3.9 s for its names alone, one of 1,000 about a minute. A sheet's
	// names cannot clash with another sheet's, so each sheet's are defined
	// against an empty list of excelize's workbook (File.WorkBook), which
	// SetDefinedName checks and fills, and then appended to the others.
	wb := f.WorkBook
	others := wb.DefinedNames
	wb.DefinedNames = nil
	for _, d := range metadata(names, id, s) {
		d.Scope = name
		if err := f.SetDefinedName(&d); err != nil {
			wb.DefinedNames = others
			return err
		}
	}
	if others != nil && wb.DefinedNames != nil {
		others.DefinedName = append(others.DefinedName, wb.DefinedNames.DefinedName...)
	}
	if others != nil {
		wb.DefinedNames = others
	}
	return nil
}

// footer turns the template's footer ("第 {page} 页 共 {pages} 页") into
// Excel's codes: centred, 宋体 at the footer size, &P the page, &N the pages;
// a literal & is written &&. The size code goes before the font code so that
// a footer starting with a digit is not read as part of the size.
func footer(text string, size float64) string {
	text = strings.ReplaceAll(text, "&", "&&")
	text = strings.NewReplacer("{page}", "&P", "{pages}", "&N").Replace(text)
	code := "&C"
	if size > 0 {
		code += "&" + strconv.Itoa(int(math.Round(size)))
	}
	return code + `&"宋体,Regular"` + text
}

// absolute makes "I35" "$I$35".
func absolute(a1 string) string {
	i := strings.IndexFunc(a1, unicode.IsDigit)
	return "$" + a1[:i] + "$" + a1[i:]
}

// quoteSheet quotes a sheet name for a reference: 'a”b'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// maxConstChars is Excel's limit on a string constant in a formula.
const maxConstChars = 255

// metadata names the sheet's template and data source for a later importer:
// sheet-scoped defined names holding string constants.
func metadata(out []excelize.DefinedName, id string, s *render.Sheet) []excelize.DefinedName {
	for _, kv := range [][2]string{{"jixiao.template", s.Meta.Template}, {"jixiao.source", s.Meta.Source}, {idName, id}} {
		if kv[1] == "" {
			continue
		}
		v := fitConst(kv[1])
		out = append(out, excelize.DefinedName{
			Name:     kv[0],
			RefersTo: `"` + strings.ReplaceAll(v, `"`, `""`) + `"`,
			Comment:  "jixiao",
		})
	}
	return out
}

// fitConst fits a template name or data source into Excel's 255 characters
// of a string constant or custom property: a path too long keeps its file
// name, cut to the limit if need be.
func fitConst(v string) string {
	if utf16Len(v) > maxConstChars {
		v = filepath.Base(v)
	}
	return truncateUTF16(v, maxConstChars)
}

// props sets what describes the whole workbook: the document properties,
// the custom properties for an importer (see customProps) and how the
// application identifies itself.
func props(f *excelize.File, sheets []*render.Sheet, names []string, when time.Time) error {
	first := sheets[0]
	var projects, desc []string
	for i, s := range sheets {
		projects = appendNew(projects, s.Meta.Project)
		if s.Meta.Template == "" { // a sheet not made from a template: the 汇总表
			continue
		}
		tpl := s.Meta.Template
		if s.Meta.TemplateFile != "" {
			tpl += "（" + s.Meta.TemplateFile + "）"
		} else {
			tpl += "（内置）"
		}
		desc = append(desc, names[i]+"：模板 "+tpl+"，数据 "+s.Meta.Source)
	}
	title := first.Title
	if len(projects) > 3 {
		projects = append(projects[:2:2], fmt.Sprintf("等 %d 个项目", len(projects)))
	}
	if p := strings.Join(projects, "、"); p != "" {
		title += "：" + p
	}
	subject := first.Title
	if first.Meta.Year > 0 {
		subject = fmt.Sprintf("%d 年度%s", first.Meta.Year, first.Title)
	}
	stamp := when.UTC().Format("2006-01-02T15:04:05Z")
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: subject, Creator: "jixiao", LastModifiedBy: "jixiao",
		Description: "由 jixiao 生成。" + strings.Join(desc, "；"),
		Keywords:    strings.Join(appendNew(nil, first.Meta.Department), " "),
		Category:    "项目支出绩效自评", Language: "zh-CN",
		Created: stamp, Modified: stamp,
	}); err != nil {
		return err
	}
	// LibreOffice handles a generator other than Excel or itself as it did
	// "Go Excelize": it prints the formulas' cached values
	// (TestLibreOfficePrint).
	if err := f.SetAppProps(&excelize.AppProperties{Application: "jixiao"}); err != nil {
		return err
	}
	return customProps(f, sheets)
}

// customProps records every sheet's template by position, for an importer
// that finds a sheet's defined names gone: one line per sheet, the 汇总表's
// empty, cut at line ends into properties of at most 255 characters as
// Office allows, "jixiao.template", "jixiao.template.2"… (read back by
// recordedTemplates). The data sources are only in the defined names: a
// workbook of 40 forms would need ten properties for them, and nothing
// reads them by position.
func customProps(f *excelize.File, sheets []*render.Sheet) error {
	lines := make([]string, len(sheets))
	for i, s := range sheets {
		lines[i] = fitConst(strings.ReplaceAll(s.Meta.Template, "\n", " "))
	}
	for k, chunk := range chunkLines(lines, maxPropChars) {
		name := "jixiao.template"
		if k > 0 {
			name += "." + strconv.Itoa(k+1)
		}
		if err := f.SetCustomProps(excelize.CustomProperty{Name: name, Value: chunk}); err != nil {
			return err
		}
	}
	return nil
}

// maxPropChars is Office's limit on a custom property's text.
const maxPropChars = 255

// chunkLines joins lines with "\n" into as few texts of at most max UTF-16
// units as whole lines allow; joined with "\n" again they give all the lines.
// A line is at most max units long.
func chunkLines(lines []string, max int) []string {
	var out []string
	cur, n := "", -1 // n: cur's length; -1 while cur holds no line
	for _, l := range lines {
		size := utf16Len(l)
		if n >= 0 && n+1+size <= max {
			cur, n = cur+"\n"+l, n+1+size
			continue
		}
		if n >= 0 {
			out = append(out, cur)
		}
		cur, n = l, size
	}
	if n >= 0 {
		out = append(out, cur)
	}
	return out
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Excel's rules for sheet names.
const maxSheetName = 31

// sheetNames names the worksheets after their projects: sanitised to Excel's
// rules and unique (Excel, and excelize, compare names case-insensitively:
// excelize's NewSheet returns the sheet it finds instead of a new one), a
// repeated name getting "(2)", "(3)"….
func sheetNames(sheets []*render.Sheet) []string {
	used := map[string]bool{fold("history"): true} // reserved by Excel
	var out []string
	for _, s := range sheets {
		base := sanitize(s.Name)
		name := base
		for n := 2; used[fold(name)]; n++ {
			suffix := "(" + strconv.Itoa(n) + ")"
			name = trimName(truncateUTF16(base, maxSheetName-len(suffix))) + suffix
		}
		used[fold(name)] = true
		out = append(out, name)
	}
	return out
}

// fold is a key equal for names that strings.EqualFold finds equal: each
// character replaced by the smallest of its case-folding orbit.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// sanitize makes a project name a valid sheet name: the characters Excel
// forbids ([]:*?/\) become their full-width forms, control characters
// spaces; at most 31 UTF-16 units; no quote at either end; never empty.
func sanitize(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return r - 0x21 + 0xFF01 // ASCII ! … ~ → full-width ！ … ～
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF: // XML cannot hold them
			return ' '
		}
		return r
	}, name)
	name = trimName(truncateUTF16(trimName(name), maxSheetName))
	if name == "" {
		name = "自评表"
	}
	return name
}

func trimName(s string) string { return strings.Trim(s, " '") }

// utf16Len is the length of s in UTF-16 units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// truncateUTF16 cuts s to at most n UTF-16 units without splitting a rune.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
