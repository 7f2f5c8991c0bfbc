package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
)

// combinedName is the base name of the --combined outputs.
const combinedName = "汇总"

// writeCombined writes the forms of a --combined run into one workbook (a
// 汇总表 first, then a sheet per project) and one PDF (each project from a
// new page, with a bookmark). A combined file that silently lacked a form
// would mislead, so nothing is written when any form failed.
func (c *renderConfig) writeCombined(s *summary, stdout, stderr io.Writer) {
	if s.failed > 0 || s.skipped > 0 || len(s.sheets) == 0 {
		fmt.Fprintf(stderr, "有表单未能生成，没有写出合并文件 %s；请先改正上面的错误\n", combinedName)
		return
	}
	base := filepath.Join(c.outDir, combinedName)
	fail := func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		fmt.Fprintln(stderr, line)
		s.errors = append(s.errors, line)
		s.failed++
	}
	if c.xlsx {
		summary, err := render.Summary(summaryTitle(s), s.cards, nil)
		if err != nil {
			fail("%v", err)
			return
		}
		p := base + ".xlsx"
		backup, err := guardWorkbook(p, c.force, time.Now())
		if err != nil {
			fail("error: %v", err)
			return
		}
		if backup != "" {
			fmt.Fprintf(stderr, "已把原工作簿备份为 %s\n", backup)
		}
		sheets := append([]*render.Sheet{summary}, s.sheets...)
		c.writeTogether(s, p, stdout, stderr, func(w io.Writer) error {
			return xlsx.Write(w, sheets, xlsx.Options{NoProtect: c.noProtect})
		})
	}
	if c.pdf {
		c.writeTogether(s, base+".pdf", stdout, stderr, func(w io.Writer) error {
			return c.pdfr.Write(w, s.sheets, pdf.Options{Reproducible: c.reproducible})
		})
	}
}

func (c *renderConfig) writeTogether(s *summary, path string, stdout, stderr io.Writer, write func(io.Writer) error) {
	if err := writeAtomic(path, write); err != nil {
		line := fmt.Sprintf("error: 无法写出 %s：%v", path, err)
		fmt.Fprintln(stderr, line)
		s.errors = append(s.errors, line)
		s.failed++
		return
	}
	s.files++
	if !c.quiet {
		fmt.Fprintf(stdout, "已生成 %s（%d 个项目）\n", path, len(s.sheets))
	}
}

// summaryTitle names the year when all forms share one.
func summaryTitle(s *summary) string {
	year := 0
	for _, c := range s.cards {
		switch y := c.Form.Year.Val; {
		case year == 0:
			year = y
		case y != year:
			return "项目支出绩效自评汇总表"
		}
	}
	return strconv.Itoa(year) + " 年度项目支出绩效自评汇总表"
}
