package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"jixiao/render/xlsx"
)

// guardWorkbook makes sure writing path loses no department's edits. A
// workbook jixiao wrote and nobody changed may be replaced, and so may an
// edited one whose every edit the new workbook, fresh, holds too (its edits
// were imported into the data; the scores jixiao computes may differ:
// xlsx.EditsKept). Any other workbook is kept: without force the write is
// refused with what to do; with force it is first moved to a backup. It
// returns the backup's name, if one was made.
//
// data names the data file the workbook is made from, for the refusal's
// advice (jixiao import path --into data).
func guardWorkbook(path, data string, force bool, now time.Time, fresh []byte) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	stored, actual, err := xlsx.Fingerprints(f)
	f.Close()
	edited := actual != stored
	if err == nil && !edited {
		return "", nil
	}
	if err == nil {
		if kept, kerr := editsKept(path, fresh); kerr == nil && kept {
			return "", nil // nothing of the edits would be lost
		}
	}
	why := "在 jixiao 生成之后被修改过"
	what := fmt.Sprintf("要把其中的修改读回数据，请用 jixiao import %s --into %s，之后可直接重新生成", path, data)
	if kinds := added(path); len(kinds) > 0 {
		k := strings.Join(kinds, "、")
		why += "，并且含有" + k + "（jixiao 不读取也不保留它们，重新生成会丢失）"
		what = fmt.Sprintf("%s中需要保留的内容，请填到表格的栏目中，用 jixiao import %s --into %s 读回", k, path, data)
	}
	switch {
	case errors.Is(err, xlsx.ErrNotJixiao):
		why = "不是 jixiao 生成的"
	case err != nil:
		why = "无法读取（" + err.Error() + "）"
	}
	if !force {
		return "", fmt.Errorf("%s %s，没有覆盖它。%s；要放弃修改重新生成，请加 --force（会先备份原文件）", path, why, what)
	}
	backup := backupName(path, now)
	if err := os.Rename(path, backup); err != nil {
		return "", fmt.Errorf("无法备份 %s：%v", path, err)
	}
	return backup, nil
}

// editsKept tells whether fresh holds every edit of the workbook at path.
func editsKept(path string, fresh []byte) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	return xlsx.EditsKept(f, fresh)
}

// added lists what a department added to the workbook besides values.
func added(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	kinds, _ := xlsx.Added(f)
	return kinds
}

// backupName is path with the time before its extension:
// out/a.xlsx → out/a.backup-20261125-181500.xlsx.
func backupName(path string, now time.Time) string {
	ext := ".xlsx"
	base := strings.TrimSuffix(path, ext)
	name := base + ".backup-" + now.Format("20060102-150405")
	candidate := name + ext
	for i := 2; fileExists(candidate); i++ {
		candidate = fmt.Sprintf("%s-%d%s", name, i, ext)
	}
	return candidate
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
