package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"jixiao"
)

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("init", "[文件]", stderr)
	year := fs.Int("year", time.Now().Year()-1, "预算年度")
	force := fs.Bool("force", false, "文件已存在时覆盖它")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	src := jixiao.Skeleton(*year)
	switch len(names) {
	case 0:
		_, err := stdout.Write(src)
		return err
	case 1:
	default:
		fs.Usage()
		return errUsage
	}
	path := names[0]
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(stderr, "jixiao init: %s 已存在，没有改动它；要覆盖请加 --force\n", path)
		return errFailed
	}
	if err := writeFileAtomic(path, src); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "已生成 %s；填写后运行 jixiao check %s\n", path, path)
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so path is either the old file or the whole new one.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
