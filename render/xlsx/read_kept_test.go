package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
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
