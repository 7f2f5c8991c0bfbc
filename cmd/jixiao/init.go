package main

import (
	"context"
	"fmt"
	"io"
	"os"
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
	if *year < 1990 || *year > 2100 { // the years check accepts
		fmt.Fprintf(stderr, "jixiao init: --year %d 不像预算年度：应在 1990 到 2100 之间\n", *year)
		return errUsage
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
	if err := writeAtomic(path, func(w io.Writer) error { _, err := w.Write(src); return err }); err != nil {
		return fmt.Errorf("无法写出 %s：%s", path, jixiao.FileReason(err))
	}
	fmt.Fprintf(stderr, "已生成 %s；填写后运行 jixiao check %s\n", path, path)
	return nil
}
