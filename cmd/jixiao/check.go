package main

import (
	"context"
	"fmt"
	"io"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "文件或目录...", stderr)
	strict := fs.Bool("strict", false, "有警告也以失败退出（退出码 1）")
	brief := fs.Bool("brief", false, "只列出诊断，不附出错的那一行")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		fs.Usage()
		return errUsage
	}
	paths, err := expandInputs(names)
	if err != nil {
		return err
	}
	var nerr, nwarn int
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev := evaluate(p)
		printDiagnostics(stdout, ev, *brief, nil)
		e, w := ev.diags.Count()
		nerr, nwarn = nerr+e, nwarn+w
	}
	fmt.Fprintf(stderr, "检查了 %d 个文件：%d 个错误，%d 个警告\n", len(paths), nerr, nwarn)
	if nerr > 0 || *strict && nwarn > 0 {
		return errFailed
	}
	return nil
}
