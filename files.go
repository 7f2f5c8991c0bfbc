package jixiao

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// Reading input files. Data files, templates and the web page's folder are
// all read the one way: opened without blocking (opening a named pipe for
// reading would wait for a writer forever), only a regular file, at most
// MaxInputSize bytes.

// Errors of ReadFile.
var (
	ErrNotRegular = errors.New("不是普通文件（目录、命名管道或设备），没有读取")
	ErrTooLarge   = fmt.Errorf("超过 %d MB", MaxInputSize>>20)
)

// Opener opens a file as os.OpenFile does: os.OpenFile itself, or an
// os.Root's OpenFile to stay inside a folder.
type Opener func(name string, flag int, perm os.FileMode) (*os.File, error)

// ReadFile reads the input file name through open, whole. An error of
// opening or reading is returned as it is (FileReason words it);
// ErrNotRegular and ErrTooLarge say why a file was not read.
func ReadFile(open Opener, name string) ([]byte, error) {
	f, err := open(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxInputSize+1))
	if err == nil && len(src) > MaxInputSize {
		return nil, ErrTooLarge
	}
	return src, err
}

// FileReason says in Chinese why a file operation failed, for the common
// causes; others keep the system's words after a Chinese lead.
func FileReason(err error) string {
	for _, r := range []struct {
		err  error
		text string
	}{
		{os.ErrNotExist, "文件不存在"},
		{os.ErrPermission, "没有权限"},
		{os.ErrExist, "已经存在"},
		{syscall.ENOTDIR, "路径中有一段不是文件夹（可能是同名的文件）"},
		{syscall.EISDIR, "这是一个文件夹，不是文件"},
		{syscall.ELOOP, "符号链接层层相指，找不到文件"},
		{syscall.ENAMETOOLONG, "路径或文件名太长"},
		{syscall.EIO, "磁盘读写出错（磁盘或网络盘故障）"},
		{syscall.ENOSPC, "磁盘已满"},
		{syscall.EROFS, "文件系统只读"},
		{syscall.EMFILE, "打开的文件太多"},
		{syscall.EXDEV, "不能跨文件系统改名"},
		{syscall.EBUSY, "文件正被占用"},
	} {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is in the message already
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return "系统报告的原因：" + err.Error()
}
