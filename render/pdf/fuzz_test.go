package pdf

import (
	"bytes"
	"strings"
	"testing"

	"jixiao/render"
)

// FuzzWrite puts arbitrary text into a cell, the sheet's name (a bookmark)
// and its project (the document's title), with a link to the second sheet:
// Write either refuses (a character the font lacks, invalid UTF-8), writing
// nothing, or writes a PDF that strict validation accepts but for fpdf's
// inline link annotations (linkDeviation); it never panics.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"", "互联网业务运行费", "(a) \\ <b> %c", "第一行\n第二行\t末尾  ", "\x00\x1f\u2028", "_x0041_ ＜＞", "\xff\xfe"} {
		f.Add(s)
	}
	r := newRenderer(f)
	base := seedSheet(f, "district-office-rent")
	f.Fuzz(func(t *testing.T, s string) {
		sheet := *base
		sheet.Rows = append(sheet.Rows[:0:0], base.Rows...)
		row := sheet.Rows[0]
		row.Cells = append(row.Cells[:0:0], row.Cells...)
		row.Cells[0].Text, row.Cells[0].Lines, row.Cells[0].Link = s, strings.SplitAfter(s, "\n"), 2
		sheet.Rows[0] = row
		sheet.Name, sheet.Meta.Project = s, s
		var b bytes.Buffer
		err := r.Write(&b, []*render.Sheet{&sheet, base}, Options{Reproducible: true})
		switch {
		case err != nil && strings.Contains(err.Error(), "生成 PDF 失败"): // a recovered panic
			t.Fatalf("%q: %v", s, err)
		case err != nil && b.Len() > 0:
			t.Fatalf("refused (%v) but wrote %d bytes", err, b.Len())
		case err == nil:
			if err := validation(b.Bytes(), true); err != nil {
				t.Fatalf("%q: %v", s, err)
			}
		}
	})
}
