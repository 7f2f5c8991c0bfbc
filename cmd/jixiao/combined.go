package main

import (
	"fmt"
	"io"
	"path/filepath"

	"jixiao/render"
	"jixiao/render/pdf"
)

// combinedName is the base name of the --combined outputs.
const combinedName = "汇总"

// writeCombined writes the forms of a --combined run into one workbook (a
// 汇总表 first, then a sheet per project) and one PDF of the same sheets
// (each from a new page, with a bookmark; the 汇总表 links to the forms). A combined file that silently lacked a form
// would mislead, so nothing is written when any form failed.
func (c *renderConfig) writeCombined(s *summary, stdout, stderr io.Writer) {
	if s.failed > 0 || s.skipped > 0 || len(s.sheets) == 0 {
		fmt.Fprintf(stderr, "有表单未能生成，没有写出合并文件 %s；请先改正上面的错误\n", combinedName)
		return
	}
	var o outcome
	name := combinedName
	for _, card := range s.cards {
		if card.Monitor != nil {
			name = combinedName + monitoringSuffix
		}
	}
	in := input{path: name}
	base := filepath.Join(c.outDir, name)
	sum, err := render.Summary(render.SummaryTitle(s.cards), s.cards, nil)
	if err != nil {
		o.fail("%v", err)
	}
	sheets := append([]*render.Sheet{sum}, s.sheets...)
	if c.xlsx && err == nil {
		c.writeWorkbook(&o, in, base+".xlsx", sheets)
	}
	if c.pdf && err == nil {
		c.write(&o, in, base+".pdf", func(w io.Writer) error {
			return c.pdfr.Write(w, sheets, pdf.Options{Reproducible: c.reproducible})
		})
	}
	stderr.Write(o.log)
	if !c.quiet {
		for _, p := range o.written {
			fmt.Fprintf(stdout, "已生成 %s（%d 个项目）\n", p, len(s.sheets))
		}
	}
	s.files += len(o.written)
	s.errors = append(s.errors, o.errors...)
	if o.failed {
		s.failed++
	}
}
