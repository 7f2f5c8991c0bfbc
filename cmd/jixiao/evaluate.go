package main

import (
	"fmt"
	"io"
	"os"

	"jixiao"
)

// evaluation is one input read, loaded and scored.
type evaluation struct {
	path  string
	src   []byte
	form  *jixiao.Form      // nil when the file could not be parsed
	card  *jixiao.Scorecard // nil when form is nil
	diags jixiao.Diagnostics
}

func evaluate(path string) evaluation {
	ev := evaluation{path: path}
	src, err := readInput(path)
	if err != nil {
		ev.diags = jixiao.Diagnostics{{Pos: jixiao.Pos{File: path}, Severity: jixiao.Error, Code: jixiao.CodeSyntax, Message: err.Error()}}
		return ev
	}
	ev.src = src
	ev.form, ev.diags = jixiao.Parse(src, path)
	if ev.form != nil {
		var more jixiao.Diagnostics
		ev.card, more = jixiao.Score(ev.form)
		ev.diags = append(ev.diags, more...)
	}
	ev.diags.Sort()
	return ev
}

func readInput(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("无法打开：%v", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, jixiao.MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("读取失败：%v", err)
	}
	if len(src) > jixiao.MaxInputSize {
		return nil, fmt.Errorf("文件超过 %d MB，不像是一张自评表的数据", jixiao.MaxInputSize>>20)
	}
	return src, nil
}

// printDiagnostics writes diagnostics one per line, each followed by the
// source line and a caret unless brief.
func printDiagnostics(w io.Writer, ev evaluation, brief bool, only func(jixiao.Diagnostic) bool) {
	for _, d := range ev.diags {
		if only != nil && !only(d) {
			continue
		}
		fmt.Fprintln(w, d.String())
		if !brief {
			io.WriteString(w, jixiao.Excerpt(ev.src, d.Pos))
		}
	}
}
