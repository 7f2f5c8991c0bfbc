package main

import (
	"fmt"
	"io"

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

func evaluate(path string) evaluation { return evaluateAs(path, nil) }

// evaluateAs reads and loads path, then checks it for the form its template
// lays out (templates nil: the 自评表): a monitoring template's form is
// checked by jixiao.Monitor, which asks for no actuals or scores, and any
// other is scored.
func evaluateAs(path string, templates *templateSource) evaluation {
	return evaluateFor(path, templates.monitoring)
}

// evaluateFor is evaluateAs with monitoring saying which form a loaded
// form is checked for.
func evaluateFor(path string, monitoring func(*jixiao.Form) bool) evaluation {
	ev := evaluation{path: path}
	ev.src, ev.diags = jixiao.ReadSource(path)
	if ev.diags != nil {
		return ev
	}
	ev.form, ev.diags = jixiao.Parse(ev.src, path)
	if ev.form != nil {
		ev.card, ev.diags = jixiao.Evaluate(ev.form, ev.diags, monitoring(ev.form))
	}
	ev.diags.Sort()
	return ev
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

// evaluateInput is evaluate for an input of the command line: one with a
// problem (not a regular file, a folder that cannot be read) gives that
// problem as its one error.
func evaluateInput(in input) evaluation { return evaluateInputAs(in, nil) }

// evaluateInputAs is evaluateInput for the form of the template templates
// finds for it (see evaluateAs).
func evaluateInputAs(in input, templates *templateSource) evaluation {
	if in.problem != "" {
		return evaluation{path: in.path, diags: jixiao.Diagnostics{{Pos: jixiao.Pos{File: in.path}, Severity: jixiao.Error, Code: jixiao.CodeSyntax, Message: in.problem}}}
	}
	return evaluateAs(in.path, templates)
}
