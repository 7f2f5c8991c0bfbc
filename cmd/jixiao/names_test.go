package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"jixiao"
)

func TestWindowsNames(t *testing.T) {
	for in, want := range map[string]string{
		"住房公积金":       "住房公积金",
		"CON":         "CON_",
		"con":         "con_",
		"nul.backup":  "nul_.backup",
		"COM1":        "COM1_",
		"LPT9":        "LPT9_",
		"COM¹":        "COM¹_",
		"COM10":       "COM10",
		"CONSOLE":     "CONSOLE",
		"a:b*c?":      "a：b＊c？",
		`x<y>z"|\`:    "x＜y＞z＂｜＼",
		"结尾有点.":       "结尾有点",
		"结尾有空格 ":      "结尾有空格",
		"...":         "_",
		"tab\there":   "tab_here",
		"2025/CON":    "2025/CON_",
		"aux /a:b.  ": "aux_/a：b",
	} {
		if got := outName(filepath.FromSlash(in)); got != filepath.FromSlash(want) {
			t.Errorf("outName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileReasonIsChinese(t *testing.T) {
	_, err := os.Open("/nonexistent/x")
	for _, e := range []error{err, syscall.ENOTDIR, syscall.ENOSPC, &os.PathError{Op: "open", Path: "/x/.a.tmp", Err: syscall.EACCES}} {
		r := jixiao.FileReason(e)
		if strings.ContainsAny(r, "abcdefghijklmnopqrstuvwxyz") || strings.Contains(r, ".tmp") {
			t.Errorf("jixiao.FileReason(%v) = %q: English or a temporary file's name", e, r)
		}
	}
}
