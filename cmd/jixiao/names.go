package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
)

// Output names. Departments open the files on Windows, which cannot open a
// file named CON or a:b, nor one ending in a dot or space. So every part of
// an output name is made one Windows accepts: the characters it forbids
// become their full-width forms (a:b → a：b, as Chinese text writes them
// anyway), control characters "_", trailing dots and spaces are dropped, and
// a reserved device name gets "_" after it (CON → CON_, nul.x → nul_.x).

// outName makes a relative output name (without extension) safe for Windows,
// part by part.
func outName(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = windowsName(p)
	}
	return filepath.FromSlash(strings.Join(parts, "/"))
}

// windowsName makes one file or folder name safe for Windows.
func windowsName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return '_'
		case strings.ContainsRune(`<>:"|?*\`, r):
			return r - 0x21 + 0xFF01 // ASCII ! … ~ → full-width ！ … ～
		}
		return r
	}, name)
	name = strings.TrimRight(name, ". ")
	if name == "" {
		return "_"
	}
	stem, ext, _ := strings.Cut(name, ".")
	if reserved(strings.TrimRight(stem, " ")) {
		name = stem + "_"
		if ext != "" || strings.Contains(name, ".") {
			name += "." + ext
		}
	}
	return name
}

// reserved reports whether a name (without extension) is one of the device
// names Windows reserves in every folder.
func reserved(stem string) bool {
	s := []rune(strings.ToUpper(stem))
	switch string(s) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(s) != 4 || string(s[:3]) != "COM" && string(s[:3]) != "LPT" {
		return false
	}
	return s[3] >= '1' && s[3] <= '9' || strings.ContainsRune("¹²³", s[3])
}

// noLinkBelow refuses to write into dir when a folder between root (the
// output folder, which the user named) and dir is a symbolic link: the
// outputs would land outside the output folder. Folders not made yet are
// made by writeAtomic as real folders.
func noLinkBelow(root, dir string) error {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." {
		return nil
	}
	p := root
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return errors.New(jixiao.FileReason(err))
		case st.Mode()&fs.ModeSymlink != 0:
			return errors.New(p + " 是符号链接：jixiao 不会经由它写到输出目录之外；请删除这个链接，或用 -o 直接指定目标目录")
		}
	}
	return nil
}
