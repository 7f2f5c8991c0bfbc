package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// osReason says in Chinese why a file operation failed, for the common
// cases; others keep the system's words after a Chinese lead.
func osReason(err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限"
	case errors.Is(err, fs.ErrExist):
		return "已经存在"
	case errors.As(err, &errno):
		if r, ok := errnoReasons[errno]; ok {
			return r
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return "系统错误：" + err.Error()
}

var errnoReasons = map[syscall.Errno]string{
	syscall.ENOTDIR:      "路径中有一段不是目录（可能是同名的文件）",
	syscall.EISDIR:       "这是一个目录",
	syscall.ENOSPC:       "磁盘已满",
	syscall.EROFS:        "文件系统只读",
	syscall.ENAMETOOLONG: "文件名太长",
	syscall.ELOOP:        "符号链接层数太多（可能指向自己）",
	syscall.EMFILE:       "打开的文件太多",
	syscall.EIO:          "读写出错（磁盘或网络盘故障）",
	syscall.EXDEV:        "不能跨文件系统改名",
	syscall.EBUSY:        "文件正被占用",
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
			return errors.New(osReason(err))
		case st.Mode()&fs.ModeSymlink != 0:
			return errors.New(p + " 是符号链接：jixiao 不会经由它写到输出目录之外；请删除这个链接，或用 -o 直接指定目标目录")
		}
	}
	return nil
}
