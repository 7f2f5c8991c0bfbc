package xlsx

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

func writeSeed(t *testing.T, name string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, []*render.Sheet{seedSheet(t, name)}, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// edit opens a workbook, changes it and saves it as Excel would.
func edit(t *testing.T, wb []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEdited(t *testing.T) {
	wb := writeSeed(t, "housing-fund-system")
	if edited, err := Edited(bytes.NewReader(wb)); err != nil || edited {
		t.Fatalf("fresh workbook: edited %v, %v", edited, err)
	}
	sheet := "住房公积金管理信息系统（运维）"
	same := edit(t, wb, func(f *excelize.File) {})
	if edited, err := Edited(bytes.NewReader(same)); err != nil || edited {
		t.Errorf("saved without a change: edited %v, %v", edited, err)
	}
	for name, change := range map[string]func(f *excelize.File){
		"typed value":   func(f *excelize.File) { f.SetCellValue(sheet, "F15", "每月一份（已完成）") },
		"cleared":       func(f *excelize.File) { f.SetCellValue(sheet, "I14", "") },
		"inserted row":  func(f *excelize.File) { f.InsertRows(sheet, 15, 1) },
		"renamed sheet": func(f *excelize.File) { f.SetSheetName(sheet, "改名") },
		"number":        func(f *excelize.File) { f.SetCellValue(sheet, "G13", 12) },
	} {
		changed := edit(t, wb, change)
		if edited, err := Edited(bytes.NewReader(changed)); err != nil || !edited {
			t.Errorf("%s: edited %v, %v", name, edited, err)
		}
	}
	plain := excelize.NewFile()
	var b bytes.Buffer
	plain.Write(&b)
	if _, err := Edited(&b); !errors.Is(err, ErrNotJixiao) {
		t.Errorf("a workbook jixiao did not write: %v", err)
	}
	if _, err := Edited(bytes.NewReader([]byte("not a zip"))); err == nil {
		t.Errorf("garbage must not count as unedited")
	}
}

// LibreOffice keeps the custom properties; a re-save without edits keeps
// the values, so the workbook still counts as unedited.
func TestEditedAfterLibreOfficeResave(t *testing.T) {
	soffice := tool(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	os.WriteFile(in, writeSeed(t, "district-office-rent"), 0o644)
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "xlsx", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	resaved, err := os.ReadFile(filepath.Join(out, "in.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	edited, err := Edited(bytes.NewReader(resaved))
	if err != nil {
		t.Fatalf("after a LibreOffice re-save: %v", err)
	}
	if edited {
		t.Errorf("a LibreOffice re-save without edits counts as edited")
	}
}
