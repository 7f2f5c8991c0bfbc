package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// A combined workbook may be replaced when nothing was typed into it, not
// when the 汇总表 or a form was typed into and the new one lacks it.
func TestEditsKeptCombined(t *testing.T) {
	wb := write(t, summaryAndSeeds(t), Options{})
	kept := func(old []byte) bool {
		t.Helper()
		ok, err := EditsKept(bytes.NewReader(old), wb)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !kept(wb) {
		t.Error("an unedited workbook is not kept")
	}
	summary := editWorkbook(t, wb, func(f *excelize.File) error { return f.SetCellValue("汇总表", "B4", "已阅") })
	if kept(summary) {
		t.Error("a typed 汇总表 cell would be lost")
	}
	form := editWorkbook(t, wb, func(f *excelize.File) error {
		return f.SetCellValue(housingSheet, "F"+itoa(findRow(t, f, "巡检")), "每周一次")
	})
	if kept(form) {
		t.Error("a typed actual the new workbook lacks would be lost")
	}
}

// What render writes, import reads: the writer refuses a sheet of more rows
// than the reader takes.
func TestWriterRefusesRowsImportCannotRead(t *testing.T) {
	s := &render.Sheet{Columns: []float64{40}, Styles: []render.Style{{Name: "x", Font: "宋体", Size: 10}},
		Page: render.Page{Width: 595.28, Height: 841.89}}
	for range maxFormRows + 1 {
		s.Rows = append(s.Rows, render.Row{Height: 12, Cells: []render.Cell{{}}})
	}
	if _, err := prepare(s, 1); err == nil || !strings.Contains(err.Error(), "超过 jixiao 能读回的 100000 行") {
		t.Errorf("prepare: %v", err)
	}
	s.Rows = s.Rows[:maxFormRows]
	if _, err := prepare(s, 1); err != nil {
		t.Errorf("prepare of %d rows: %v", maxFormRows, err)
	}
}
