package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"jixiao"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "文件或目录...", stderr)
	strict := fs.Bool("strict", false, "有警告也以失败退出（退出码 1）")
	brief := fs.Bool("brief", false, "只列出诊断，不附出错的那一行")
	tmpl := fs.String("template", "", "按哪个模板检查：模板名称（如 mof-project-monitoring，按绩效运行监控表检查）、模板文件，或数据中 template 所指模板所在的目录（默认只找内置模板）")
	inputs, err := inputFiles(fs, args)
	if err != nil {
		return err
	}
	templates, err := newTemplateSource(*tmpl)
	if err != nil {
		return err
	}
	pdfr, err := pdf.New()
	if err != nil {
		return err
	}
	out := outputCheck{templates: templates, pdf: pdfr}
	var nerr, nwarn int
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev := evaluateInputAs(in, &templates)
		if templates.lib != nil { // --template named no one template: the data's is used
			checkTemplate(&ev, templates.lib)
		}
		out.check(&ev)
		printDiagnostics(stdout, ev, *brief, nil)
		if f := ev.form; f != nil && f.Monitor.Month.Set && ev.diags.HasErrors() && !templates.monitoring(f) {
			fmt.Fprintf(stderr, "%s: 提示：这个文件有年中的 [monitor]；按绩效运行监控表检查请加 --template mof-project-monitoring\n", ev.path)
		}
		e, w := ev.diags.Count()
		nerr, nwarn = nerr+e, nwarn+w
	}
	fmt.Fprintf(stderr, "检查了 %d 个文件：%d 个错误，%d 个警告\n", len(inputs), nerr, nwarn)
	if nerr > 0 || *strict && nwarn > 0 {
		return errFailed
	}
	return nil
}

// checkTemplate reports a template the data names that cannot be found, or
// that is broken, as render would.
func checkTemplate(ev *evaluation, lib *render.Library) {
	f := ev.form
	if f == nil || !f.Template.Set || f.Template.Val == "" {
		return
	}
	if _, err := lib.Get(f.Template.Val); err != nil {
		msg := err.Error()
		var unknown *render.UnknownTemplateError
		if errors.As(err, &unknown) {
			msg += "；自己的模板请用 --template 指出它所在的目录"
		}
		ev.diags = append(ev.diags, jixiao.Diagnostic{Pos: f.Template.Pos, Severity: jixiao.Error, Code: jixiao.CodeBadValue, Message: msg})
		ev.diags.Sort()
	}
}

// outputCheck finds what render would refuse in a form that has no error of
// its own: a character the PDF font lacks, a value a workbook cannot hold.
type outputCheck struct {
	templates templateSource
	pdf       *pdf.Renderer
}

func (c outputCheck) check(ev *evaluation) {
	if ev.card == nil || ev.diags.HasErrors() {
		return
	}
	add := func(p jixiao.Pos, msg string) {
		ev.diags = append(ev.diags, jixiao.Diagnostic{Pos: p, Severity: jixiao.Error, Code: jixiao.CodeBadValue, Message: msg})
	}
	t, err := c.templates.lookup(ev.form)
	if err != nil {
		return // reported by checkTemplate
	}
	sheet, err := render.Resolve(t, ev.card, render.Options{})
	if err != nil {
		add(jixiao.Pos{File: ev.path}, "无法按模板排版："+err.Error())
		ev.diags.Sort()
		return
	}
	for _, e := range unjoin(c.pdf.Check(sheet)) {
		var g *pdf.GlyphError
		if errors.As(e, &g) {
			msg := strings.TrimPrefix(g.Error(), g.Pos.String()+": ")
			add(g.Pos, msg)
		} else {
			add(jixiao.Pos{File: ev.path}, "无法生成 PDF："+e.Error())
		}
	}
	if err := xlsx.Check(sheet); err != nil {
		add(jixiao.Pos{File: ev.path}, "无法生成工作簿："+err.Error())
	}
	ev.diags.Sort()
}

// unjoin lists the errors errors.Join made, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
