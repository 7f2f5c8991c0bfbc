package render

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/tomldec"
)

// Units.
const (
	ptPerMM = 72 / 25.4
)

// paperSizes in millimetres, portrait.
var paperSizes = map[string][2]float64{"A3": {297, 420}, "A4": {210, 297}, "A5": {148, 210}}

// tdecoder decodes a template's tree, collecting every problem at its place.
type tdecoder struct {
	*tomldec.Decoder
	t          *Template
	styleIndex map[string]int // the template's styles by name
}

func (d *tdecoder) pos(path string) jixiao.Pos { return jixiao.Pos(d.ValPos(path)) }

func (d *tdecoder) template(name string, r *rawTemplate) *Template {
	tree := r.tree
	d.Keys("", tree, "description", "extends", "form", "vars", "page", "grid", "styles", "rows", "indicators")
	t := &Template{Name: name, File: r.file}
	d.t, d.styleIndex = t, map[string]int{}
	t.Description, _ = d.Str("description", tree["description"])
	if k, ok := d.Choice("form", tree["form"], formKinds); ok {
		t.form = FormKind(slices.Index(formKinds, k))
	}
	d.vars(d.Table("vars", tree["vars"]))
	d.page(d.Table("page", tree["page"]))
	d.grid(d.Table("grid", tree["grid"]))
	d.styles(d.Table("styles", tree["styles"]))
	d.rows(tree["rows"])
	d.block(d.Table("indicators", tree["indicators"]))
	d.validate()
	return t
}

var varName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (d *tdecoder) vars(m map[string]any) {
	d.t.vars = map[string]string{}
	for k, v := range m {
		path := "vars." + k
		switch {
		case !varName.MatchString(k):
			d.Fail(path, "bad-value", "变量名 %q 只能用小写英文字母、数字和 _，并以字母开头", k)
		case slices.Contains(d.dataNames(), k) || slices.Contains(groupNames, k):
			d.Fail(path, "bad-value", "变量名 %q 与数据占位符重名，请换一个名字", k)
		default:
			if s, ok := d.Str(path, v); ok {
				d.t.vars[k] = s
			}
		}
	}
}

func (d *tdecoder) page(m map[string]any) {
	d.Keys("page", m, "size", "orientation", "margins", "footer", "footer_size")
	size, ok := d.Choice("page.size", m["size"], []string{"A4", "A3", "A5"})
	if !ok {
		size = "A4"
	}
	paper := paperSizes[size]
	p := Page{Width: paper[0] * ptPerMM, Height: paper[1] * ptPerMM, FooterSize: 9}
	if o, _ := d.Choice("page.orientation", m["orientation"], []string{"portrait", "landscape"}); o == "landscape" {
		p.Landscape, p.Width, p.Height = true, p.Height, p.Width
	}
	margins := d.Table("page.margins", m["margins"])
	d.Keys("page.margins", margins, "top", "bottom", "left", "right")
	for key, dst := range map[string]*float64{"top": &p.Top, "bottom": &p.Bottom, "left": &p.Left, "right": &p.Right} {
		*dst = 10 * ptPerMM
		if v, ok := d.Length("page.margins."+key, margins[key], 0, 60, " mm"); ok {
			*dst = v * ptPerMM
		}
	}
	p.Footer, _ = d.Str("page.footer", m["footer"])
	if v, ok := d.Length("page.footer_size", m["footer_size"], 5, 20, " pt"); ok {
		p.FooterSize = v
	}
	d.t.page = p
}

func (d *tdecoder) grid(m map[string]any) {
	d.Keys("grid", m, "columns")
	cols, ok := m["columns"].([]any)
	if !ok || len(cols) == 0 || len(cols) > 26 {
		d.Fail("grid.columns", "bad-value", "grid.columns 应列出 1 到 26 列的宽度（毫米），如 columns = [16, 16, 24]")
		return
	}
	total := 0.0
	for i, v := range cols {
		w, ok := d.Length("grid.columns."+strconv.Itoa(i), v, 2, 400, " mm")
		if !ok {
			w = 10
		}
		d.t.columns = append(d.t.columns, w*ptPerMM)
		total += w
	}
	p := d.t.page
	usable := (p.Width - p.Left - p.Right) / ptPerMM
	if total > usable+0.5 {
		d.Fail("grid.columns", "bad-value", "各列宽度合计 %.1f mm，超过了页面可用宽度 %.1f mm（纸宽减去左右页边距）；请把列改窄或把页边距改小",
			total, usable)
	}
}

var styleKeys = []string{"font", "size", "bold", "align", "valign", "wrap", "border", "padding", "leading"}

func (d *tdecoder) styles(m map[string]any) {
	base := Style{Name: "base", Font: "宋体", Size: 10, Align: Center, VAlign: Middle, Wrap: true, Border: true, Padding: 1 * ptPerMM, Leading: 1.3}
	if bm := d.Table("styles.base", m["base"]); bm != nil {
		base = d.style("styles.base", bm, base)
	}
	d.addStyle(base)
	names := make([]string, 0, len(m))
	for k := range m {
		if k != "base" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		s := d.style("styles."+k, d.Table("styles."+k, m[k]), base)
		s.Name = k
		d.addStyle(s)
	}
}

func (d *tdecoder) addStyle(s Style) {
	d.styleIndex[s.Name] = len(d.t.styles)
	d.t.styles = append(d.t.styles, s)
}

func (d *tdecoder) style(path string, m map[string]any, s Style) Style {
	d.Keys(path, m, styleKeys...)
	if v, ok := d.Str(path+".font", m["font"]); ok && strings.TrimSpace(v) != "" {
		s.Font = strings.TrimSpace(v)
	}
	if v, ok := d.Length(path+".size", m["size"], 4, 72, " pt"); ok {
		s.Size = v
	}
	if v, ok := d.Bool(path+".bold", m["bold"]); ok {
		s.Bold = v
	}
	if v, ok := d.Choice(path+".align", m["align"], []string{"left", "center", "right"}); ok {
		s.Align = map[string]Align{"left": Left, "center": Center, "right": Right}[v]
	}
	if v, ok := d.Choice(path+".valign", m["valign"], []string{"top", "middle", "bottom"}); ok {
		s.VAlign = map[string]VAlign{"top": Top, "middle": Middle, "bottom": Bottom}[v]
	}
	if v, ok := d.Bool(path+".wrap", m["wrap"]); ok {
		s.Wrap = v
	}
	if v, ok := d.Bool(path+".border", m["border"]); ok {
		s.Border = v
	}
	if v, ok := d.Length(path+".padding", m["padding"], 0, 10, " mm"); ok {
		s.Padding = v * ptPerMM
	}
	if v, ok := d.Length(path+".leading", m["leading"], 1, 3, ""); ok {
		s.Leading = v
	}
	return s
}

func (d *tdecoder) styleRef(path string, v any, def int) int {
	name, ok := d.Str(path, v)
	if !ok {
		return def
	}
	i, found := d.styleIndex[name]
	if !found {
		var names []string
		for _, s := range d.t.styles {
			names = append(names, s.Name)
		}
		hint := ""
		if s := tomldec.Suggest(name, names); s != "" {
			hint = fmt.Sprintf("是否想写 %q？", s)
		}
		d.Fail(path, "bad-value", "没有名为 %q 的样式（[styles] 中有：%s）。%s", name, strings.Join(names, "、"), hint)
		return def
	}
	return i
}

func (d *tdecoder) rows(v any) {
	for i, m := range d.Tables("rows", v) {
		path := "rows." + strconv.Itoa(i)
		if m == nil {
			continue
		}
		d.Keys(path, m, "block", "height", "style", "cells")
		r := rowSpec{pos: jixiao.Pos(d.KeyPos(path)), height: 15}
		if b, ok := d.Str(path+".block", m["block"]); ok {
			if b != "indicators" {
				d.Fail(path+".block", "bad-value", "block 只能是 \"indicators\"（绩效指标块的位置）")
			}
			if len(m) > 1 {
				d.Fail(path+".block", "bad-value", "放置绩效指标块的行只写 block = \"indicators\"；块的样式在 [indicators] 中设置")
			}
			r.block = true
			d.t.rows = append(d.t.rows, r)
			continue
		}
		if h, ok := d.Length(path+".height", m["height"], 5, 400, " pt"); ok {
			r.height = h
		}
		style := d.styleRef(path+".style", m["style"], 0)
		r.cells = d.cells(path+".cells", m["cells"], style)
		d.t.rows = append(d.t.rows, r)
	}
}

func (d *tdecoder) cells(path string, v any, style int) []cellSpec {
	var out []cellSpec
	for i, m := range d.Tables(path, v) {
		if m != nil {
			out = append(out, d.cell(path+"."+strconv.Itoa(i), m, style))
		}
	}
	return out
}

func (d *tdecoder) cell(path string, m map[string]any, style int) cellSpec {
	d.Keys(path, m, "cols", "rows", "text", "field", "style", "edit", "line", "mark")
	c := cellSpec{pos: jixiao.Pos(d.KeyPos(path)), rows: 1, style: d.styleRef(path+".style", m["style"], style)}
	cols, _ := d.Str(path+".cols", m["cols"])
	var ok bool
	if c.c0, c.c1, ok = parseCols(cols); !ok {
		d.Fail(path+".cols", "bad-value", "cols 应写成一列 \"A\" 或一段 \"B:D\"，这里是 %q", cols)
		c.c0, c.c1 = -1, -1 // validation skips a cell without a place
	}
	if n, ok := d.Int(path+".rows", m["rows"]); ok {
		if n < 1 || n > 50 {
			d.Fail(path+".rows", "bad-value", "rows = %d：一个单元格向下跨 1 到 50 行", n)
		} else {
			c.rows = n
		}
	}
	if n, ok := d.Int(path+".line", m["line"]); ok {
		if n < 1 || n > 5 {
			d.Fail(path+".line", "bad-value", "line = %d：表头单元格从第 1 到第 5 行开始", n)
		} else {
			c.line = n - 1
		}
	}
	c.mark, _ = d.Str(path+".mark", m["mark"])
	c.text, _ = d.Str(path+".text", m["text"])
	c.field, _ = d.Str(path+".field", m["field"])
	if e, ok := d.Bool(path+".edit", m["edit"]); ok {
		c.edit = map[bool]editMode{true: editYes, false: editNo}[e]
	}
	return c
}

// parseCols reads "A" or "B:D" into 0-based inclusive column indices.
func parseCols(s string) (int, int, bool) {
	a, b, found := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), ":")
	if !found {
		b = a
	}
	c0, ok0 := colIndex(a)
	c1, ok1 := colIndex(b)
	return c0, c1, ok0 && ok1 && c0 <= c1
}

func colIndex(s string) (int, bool) {
	if len(s) != 1 || s[0] < 'A' || s[0] > 'Z' {
		return 0, false
	}
	return int(s[0] - 'A'), true
}

func (d *tdecoder) block(m map[string]any) {
	d.Keys("indicators", m, "keep_empty_groups", "label", "header", "header_height", "row", "row_height")
	b := &d.t.block
	b.pos = jixiao.Pos(d.KeyPos("indicators"))
	b.keepEmpty, _ = d.Bool("indicators.keep_empty_groups", m["keep_empty_groups"])
	b.headerHeight, b.rowHeight = 20, 20
	if h, ok := d.Length("indicators.header_height", m["header_height"], 5, 400, " pt"); ok {
		b.headerHeight = h
	}
	if h, ok := d.Length("indicators.row_height", m["row_height"], 5, 400, " pt"); ok {
		b.rowHeight = h
	}
	if lm := d.Table("indicators.label", m["label"]); lm != nil {
		b.label = d.cell("indicators.label", lm, 0)
	} else {
		b.label.c0, b.label.c1 = -1, -1
	}
	b.header = d.cells("indicators.header", m["header"], 0)
	b.headerLines = 1
	for _, c := range b.header {
		b.headerLines = max(b.headerLines, c.line+c.rows)
	}
	b.row = d.cells("indicators.row", m["row"], 0)
}
