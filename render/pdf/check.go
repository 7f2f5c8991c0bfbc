package pdf

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/tomldec"
	"jixiao/render"
)

// GlyphError is a character the PDF cannot draw: the font has no glyph for
// it, or it lies above U+FFFF, outside the font's (BMP) character map.
type GlyphError struct {
	Char  rune
	Field string     // the data field ("indicators.3.reason"); "" for literal text
	Text  string     // the text the character is in, when Field is ""
	Pos   jixiao.Pos // where the text was written
}

func (e *GlyphError) Error() string {
	where := "文字“" + abbreviate(e.Text) + "”"
	if e.Field != "" {
		where = "字段 " + tomldec.DisplayKey(e.Field) // indicators[4].reason: counted from 1
	}
	return fmt.Sprintf("%s: %s 不在 PDF 字体中（%s）；请换用常用字", e.Pos, describe(e.Char), where)
}

// describe names a character: 字符“𠀋”(U+2000B), or for one that does not
// show, 不可见字符(U+200B).
func describe(r rune) string {
	if r == utf8.RuneError || !unicode.IsGraphic(r) || unicode.IsSpace(r) && r != '\u3000' {
		return fmt.Sprintf("不可见字符(U+%04X)", r)
	}
	return fmt.Sprintf("字符“%c”(U+%04X)", r, r)
}

func abbreviate(s string) string {
	if rs := []rune(s); len(rs) > 20 {
		return string(rs[:20]) + "……"
	}
	return s
}

// maxGlyphErrors caps the characters Check lists.
const maxGlyphErrors = 30

// Check reports every character of the sheet the PDF cannot draw (one line
// each, in the order of the sheet, each character once per cell), and any
// sheet structure it cannot draw. It writes nothing.
func (r *Renderer) Check(s *render.Sheet) error {
	if err := checkStructure(s); err != nil {
		return err
	}
	var errs []error
	more := 0
	reported, seen := map[rune]bool{}, map[rune]bool{} // seen: in the text being checked
	add := func(text, field string, pos jixiao.Pos) {
		if !utf8.ValidString(text) {
			errs = append(errs, fmt.Errorf("%s: 文字不是有效的 UTF-8 编码（字段 %s）", pos, field))
			return
		}
		clear(seen)
		for _, c := range text {
			if c == '\n' || c == '\t' || seen[c] || r.drawable(c) {
				continue
			}
			seen[c], reported[c] = true, true
			if len(errs) == maxGlyphErrors {
				more++
				continue
			}
			e := &GlyphError{Char: c, Field: field, Pos: pos}
			if field == "" {
				e.Text = text
			}
			errs = append(errs, e)
		}
	}
	tplPos := jixiao.Pos{File: s.Meta.TemplateFile}
	if tplPos.File == "" {
		tplPos.File = "模板 " + s.Meta.Template
	}
	for i := range s.Rows {
		for j := range s.Rows[i].Cells {
			c := &s.Rows[i].Cells[j]
			pos := c.Source
			if !pos.IsValid() && c.Field == "" {
				pos = tplPos
			}
			add(c.Text+strings.Join(c.Lines, ""), c.Field, pos)
		}
	}
	add(s.Page.Footer, "", tplPos)
	// Not drawn, but written into the document's properties and bookmarks,
	// which must be valid text.
	for _, meta := range []string{s.Name, s.Title, s.Meta.Project, s.Meta.Implementer, s.Meta.Department} {
		if !utf8.ValidString(meta) {
			add(meta, "", jixiao.Pos{File: s.Meta.Source})
			continue
		}
		for _, c := range meta {
			if c > 0xFFFF && !reported[c] {
				add(string(c), "", jixiao.Pos{File: s.Meta.Source})
			}
		}
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("……另有 %d 个字符不在 PDF 字体中", more))
	}
	return errors.Join(errs...)
}

// drawable reports whether c can be drawn: a BMP character the font has.
func (r *Renderer) drawable(c rune) bool {
	return c <= 0xFFFF && r.metrics.Has(c)
}

// checkStructure rejects a sheet the writer would have to guess about:
// rows of the wrong width, style indexes, merges outside the grid.
func checkStructure(s *render.Sheet) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("pdf: 表格结构有误（%s）："+format, append([]any{s.Name}, args...)...)
	}
	p := s.Page
	if p.Width <= 0 || p.Height <= 0 || p.Top < 0 || p.Bottom < 0 || p.Left < 0 || p.Right < 0 ||
		p.Width-p.Left-p.Right <= 0 || p.Height-p.Top-p.Bottom < 72 {
		return bad("页面尺寸或页边距不可用")
	}
	if len(s.Columns) == 0 {
		return bad("没有列")
	}
	for _, w := range s.Columns {
		if !(w > 0) {
			return bad("列宽 %v 不可用", w)
		}
	}
	for i, row := range s.Rows {
		if len(row.Cells) != len(s.Columns) {
			return bad("第 %d 行有 %d 个单元格，应为 %d 个", i+1, len(row.Cells), len(s.Columns))
		}
		if !(row.Height >= 0) {
			return bad("第 %d 行高度 %v 不可用", i+1, row.Height)
		}
		for j, c := range row.Cells {
			if c.Style < 0 || c.Style >= len(s.Styles) {
				return bad("第 %d 行第 %d 列的样式 %d 不存在", i+1, j+1, c.Style)
			}
			if c.Shrink < 0 || c.Shrink > 1 {
				return bad("第 %d 行第 %d 列的缩小比例 %v 不可用", i+1, j+1, c.Shrink)
			}
		}
	}
	for _, st := range s.Styles {
		if !(st.Size > 0) || !(st.Leading > 0) {
			return bad("样式 %q 的字号或行距不可用", st.Name)
		}
	}
	inGrid := func(rg render.Range) bool {
		return rg.R0 >= 0 && rg.C0 >= 0 && rg.R0 <= rg.R1 && rg.C0 <= rg.C1 && rg.R1 < len(s.Rows) && rg.C1 < len(s.Columns)
	}
	covered := map[render.At]bool{}
	for _, m := range s.Merges {
		if !inGrid(m) {
			return bad("合并区域 %v 超出表格", m)
		}
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				if covered[render.At{Row: r, Col: c}] {
					return bad("合并区域 %v 与另一合并区域重叠", m)
				}
				covered[render.At{Row: r, Col: c}] = true
			}
		}
	}
	for _, k := range append(append([]render.Range{}, s.Keep...), s.Labels...) {
		if !inGrid(k) {
			return bad("区域 %v 超出表格", k)
		}
	}
	return nil
}

// footerText fills the footer's {page} and {pages}.
func footerText(footer string, page, pages int) string {
	return strings.NewReplacer("{page}", fmt.Sprint(page), "{pages}", fmt.Sprint(pages)).Replace(footer)
}
