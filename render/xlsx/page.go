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

// appendPage writes how the sheet prints: centred horizontally, the
// margins, the paper and orientation, one page wide and as many tall as
// needed, black and white (Excel then leaves the editable cells' fill off
// the paper; LibreOffice prints it), pages numbered from 1 per sheet, and
// the footer. The rows repeated on every page and the print area are
// defined names (see definedNames).
func appendPage(b []byte, p render.Page) []byte {
	code, _ := paperCode(p) // prepare checked it
	inch := func(b []byte, attr string, pt float64) []byte {
		b = append(b, attr...)
		b = strconv.AppendFloat(b, math.Round(pt/72*10000)/10000, 'f', -1, 64)
		return append(b, '"')
	}
	b = append(b, `<printOptions horizontalCentered="1"/><pageMargins`...)
	b = inch(b, ` left="`, p.Left)
	b = inch(b, ` right="`, p.Right)
	b = inch(b, ` top="`, p.Top)
	b = inch(b, ` bottom="`, p.Bottom)
	// The footer sits in the middle of the bottom margin, the (empty)
	// header in the middle of the top one.
	b = inch(b, ` header="`, p.Top/2)
	b = inch(b, ` footer="`, p.Bottom/2)
	b = append(b, `/><pageSetup paperSize="`...)
	b = strconv.AppendInt(b, int64(code), 10)
	if p.Landscape {
		b = append(b, `" orientation="landscape"`...)
	} else {
		b = append(b, `" orientation="portrait"`...)
	}
	// fitToHeight 0: as many pages tall as needed. Each form is its own
	// document: its pages count from 1 even when the whole workbook is
	// printed (the page total, &N, is still the print job's).
	b = append(b, ` fitToWidth="1" fitToHeight="0" blackAndWhite="1" firstPageNumber="1" useFirstPageNumber="1"/>`...)
	if p.Footer != "" {
		b = append(b, "<headerFooter><oddFooter>"...)
		b = appendText(b, footer(p.Footer, p.FooterSize), false)
		b = append(b, "</oddFooter></headerFooter>"...)
	}
	return b
}

// definedName is a name of the workbook, scoped to one sheet.
type definedName struct {
	name, refersTo, comment string
	sheet                   int // localSheetId: the sheet's 0-based position
}

// definedNames are the sheet's print area, the rows repeated on every page
// and its metadata.
func definedNames(out []definedName, idx int, name string, s *render.Sheet) []definedName {
	if len(s.Rows) > 0 {
		last := ref(len(s.Rows)-1, len(s.Columns)-1)
		out = append(out, definedName{name: "_xlnm.Print_Area", sheet: idx, refersTo: quoteSheet(name) + "!$A$1:" + absolute(last)})
	}
	if r := s.Repeat; r != nil && r.Rows() > 0 && r.R0 >= 0 && r.R1 < len(s.Rows) {
		out = append(out, definedName{name: "_xlnm.Print_Titles", sheet: idx,
			refersTo: quoteSheet(name) + "!$" + strconv.Itoa(r.R0+1) + ":$" + strconv.Itoa(r.R1+1)})
	}
	return metadata(out, idx, s)
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
func metadata(out []definedName, idx int, s *render.Sheet) []definedName {
	for _, kv := range [][2]string{{"jixiao.template", s.Meta.Template}, {"jixiao.source", s.Meta.Source}} {
		v := kv[1]
		if v == "" {
			continue
		}
		if utf16Len(v) > maxConstChars {
			v = filepath.Base(v)
		}
		v = truncateUTF16(v, maxConstChars)
		out = append(out, definedName{
			name: kv[0], sheet: idx,
			refersTo: `"` + strings.ReplaceAll(v, `"`, `""`) + `"`,
			comment:  "jixiao",
		})
	}
	return out
}

// docProps are the workbook's document properties (docProps/core.xml) and
// the custom properties for an importer (docProps/custom.xml).
type docProps struct {
	title, subject, description, keywords string
	created                               string // W3CDTF, UTC
	templates, sources                    string // one line per sheet
}

// workbookProps describes the whole workbook.
func workbookProps(sheets []*render.Sheet, names []string, when time.Time) docProps {
	first := sheets[0]
	var projects, templates, sources, desc []string
	for i, s := range sheets {
		projects = appendNew(projects, s.Meta.Project)
		templates = append(templates, s.Meta.Template)
		sources = append(sources, s.Meta.Source)
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
	return docProps{
		title: title, subject: subject,
		description: "由 jixiao 生成。" + strings.Join(desc, "；"),
		keywords:    strings.Join(appendNew(nil, first.Meta.Department), " "),
		created:     when.UTC().Format("2006-01-02T15:04:05Z"),
		templates:   strings.Join(templates, "\n"),
		sources:     strings.Join(sources, "\n"),
	}
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
// rules and unique (Excel compares names case-insensitively), a repeated
// name getting "(2)", "(3)"….
func sheetNames(sheets []*render.Sheet) []string {
	used := map[string]bool{"history": true} // reserved by Excel
	var out []string
	for _, s := range sheets {
		base := sanitize(s.Name)
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := "(" + strconv.Itoa(n) + ")"
			name = trimName(truncateUTF16(base, maxSheetName-len(suffix))) + suffix
		}
		used[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}

// sanitize makes a project name a valid sheet name: the characters Excel
// forbids ([]:*?/\) become their full-width forms, control characters
// spaces; at most 31 UTF-16 units; no quote at either end; never empty.
func sanitize(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return r - 0x21 + 0xFF01 // ASCII ! … ~ → full-width ！ … ～
		case unicode.IsControl(r):
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
