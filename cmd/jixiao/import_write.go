package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// writeInto replaces the content of the data file path with data, as the
// file the user means: through a symbolic link to the file it names, with
// the file's permissions, atomically. A file with other hard links is not
// replaced (that would split the links): data is first written in full to
// a temporary file beside it, then copied over the file in place and
// synced, and the temporary file removed; were that copy interrupted, the
// temporary file would hold the complete new content, and the message says
// where.
func writeInto(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(real)
	if err != nil {
		return err
	}
	mode := st.Mode().Perm()
	tmp, err := createTemp(real)
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return err
	}
	if links(st) <= 1 {
		if err := os.Rename(name, real); err != nil {
			os.Remove(name)
			return err
		}
		return nil
	}
	if err := overwrite(real, data); err != nil {
		return fmt.Errorf("%v（%s 有多个硬链接，是原地改写的；完整的新内容在 %s）", err, real, name)
	}
	return os.Remove(name)
}

// links is how many hard links a file has (1 where the system does not say).
func links(st os.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}

// overwrite writes data over the file in place and syncs it.
func overwrite(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
