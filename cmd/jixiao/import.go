package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/render/xlsx"
)

// importConfig is what "jixiao import" was asked to do.
type importConfig struct {
	workbook string
	out      string
	into     string
	force    bool
	prefer   xlsx.Prefer
	stdout   io.Writer
	stderr   io.Writer
}

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "工作簿.xlsx", stderr)
	out := fs.String("o", "", "写出的数据文件；工作簿有多张自评表时为目录（默认写在工作簿旁边，与工作簿同名）")
	into := fs.String("into", "", "把工作簿中的修改就地写回这个数据文件，保留其中的注释和键的顺序")
	tmpl := fs.String("template", "", "模板名称，或模板文件、模板目录的路径（默认用工作簿中记录的模板）")
	force := fs.Bool("force", false, "覆盖已存在的数据文件")
	preferFlag := fs.String("prefer", "", "部门和数据文件改了同一处且不一致时以哪边为准：workbook（工作簿）或 data（数据文件）；不指定时报告冲突、保留数据文件的值并以状态 1 退出")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	prefer, err := parsePrefer(*preferFlag, *into, stderr)
	if err != nil {
		return err
	}
	if len(names) != 1 {
		fs.Usage()
		return errUsage
	}
	if *into != "" && *out != "" {
		fmt.Fprintln(stderr, "jixiao import: --into 与 -o 不能同时使用：--into 改写原数据文件，-o 写出新文件")
		return errUsage
	}
	c := importConfig{workbook: names[0], out: *out, into: *into, force: *force, prefer: prefer, stdout: stdout, stderr: stderr}
	src, err := newTemplateSource(*tmpl)
	if err != nil {
		return err
	}
	opt := xlsx.ReadOptions{Template: src.fixed, Library: src.lib, Prefer: prefer}
	var baseSrc []byte
	if c.into != "" {
		ev := evaluate(c.into)
		if ev.form == nil {
			printDiagnostics(stderr, ev, false, nil)
			fmt.Fprintf(stderr, "jixiao import: %s 无法读取，没有导入\n", c.into)
			return errFailed
		}
		opt.Base, baseSrc = ev.form, ev.src
	}
	imported, err := xlsx.ReadFile(c.workbook, opt)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao import: %s: %v\n", c.workbook, err)
		return errFailed
	}
	var forms []xlsx.Imported // the sheets read as forms, even with errors
	for _, imp := range imported {
		for _, d := range imp.Problems {
			fmt.Fprintln(stdout, d.String())
		}
		if imp.Template != "" {
			forms = append(forms, imp)
		}
	}
	switch {
	case len(forms) == 0:
		fmt.Fprintf(stderr, "jixiao import: %s 中没有 jixiao 生成的自评表，没有导入\n", c.workbook)
		return errFailed
	case c.into != "" && len(forms) > 1:
		fmt.Fprintf(stderr, "jixiao import: %s 有 %d 张自评表，--into 只能写回一张；请用 -o 目录 分别导入\n", c.workbook, len(forms))
		return errFailed
	}
	if c.into == "" {
		fmt.Fprintln(stderr, "注意：计分口径（[policy]）和等级（grade）不在表上，导入结果按默认值；有原数据文件时，请用 --into 原文件.toml 写回，它们会保留")
	}
	failed := false
	for _, imp := range forms {
		if imp.Form == nil || imp.Problems.HasErrors() {
			fmt.Fprintf(stderr, "jixiao import: 工作表“%s”有无法读入的内容（见上），没有导入；请在工作簿中改正后重新导入\n", imp.Sheet)
			failed = true
			continue
		}
		var ok bool
		if c.into != "" {
			ok = c.update(imp, baseSrc, opt.Base)
		} else {
			ok = c.write(imp, len(forms))
		}
		failed = failed || !ok
	}
	if failed {
		return errFailed
	}
	return nil
}

// parsePrefer reads --prefer, which only --into uses.
func parsePrefer(flag, into string, stderr io.Writer) (xlsx.Prefer, error) {
	prefer, ok := map[string]xlsx.Prefer{"": xlsx.PreferNone, "workbook": xlsx.PreferWorkbook, "data": xlsx.PreferData}[flag]
	if !ok || flag != "" && into == "" {
		fmt.Fprintln(stderr, "jixiao import: --prefer 只能是 workbook 或 data，且只用于 --into")
		return prefer, errUsage
	}
	return prefer, nil
}

// target names the file a form sheet is written to: -o, or next to the
// workbook, named after it (and the sheet's position when there are several).
func (c *importConfig) target(imp xlsx.Imported, several bool) string {
	base := strings.TrimSuffix(filepath.Base(c.workbook), filepath.Ext(c.workbook))
	if several {
		base += "-" + strconv.Itoa(imp.Index)
	}
	switch {
	case c.out == "":
		return filepath.Join(filepath.Dir(c.workbook), base+".toml")
	case several || isDir(c.out) || strings.HasSuffix(c.out, "/") || strings.HasSuffix(c.out, string(filepath.Separator)):
		return filepath.Join(c.out, base+".toml")
	}
	return c.out
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// write writes one form sheet as a new data file.
func (c *importConfig) write(imp xlsx.Imported, sheets int) bool {
	path := c.target(imp, sheets > 1)
	if sheets > 1 && c.out != "" && fileExists(c.out) && !isDir(c.out) {
		fmt.Fprintf(c.stderr, "jixiao import: 工作簿有 %d 张自评表，-o 应是一个目录，而 %s 是文件\n", sheets, c.out)
		return false
	}
	if fileExists(path) && !c.force {
		fmt.Fprintf(c.stderr, "jixiao import: %s 已存在，没有覆盖它；要把修改写回这个文件请用 --into %s，要覆盖请加 --force\n", path, path)
		return false
	}
	src := jixiao.Format(imp.Form)
	if err := writeAtomic(path, func(w io.Writer) error { _, err := w.Write(src); return err }); err != nil {
		fmt.Fprintf(c.stderr, "jixiao import: 无法写出 %s：%v\n", path, err)
		return false
	}
	fmt.Fprintf(c.stdout, "已导入 工作表“%s” → %s\n", imp.Sheet, path)
	return c.report(path, nil, imp)
}

// update writes the changes of the one form sheet back into --into.
func (c *importConfig) update(imp xlsx.Imported, src []byte, before *jixiao.Form) bool {
	if imp.Source != "" && filepath.Base(imp.Source) != filepath.Base(c.into) {
		fmt.Fprintf(c.stdout, "%s: warning: 工作簿记录它由 %s 生成，--into 指定的是 %s；请确认是同一个项目\n", c.workbook, imp.Source, c.into)
	}
	var match []int
	if imp.Merged {
		match = imp.Match
	}
	out, changes, err := jixiao.UpdateMatched(src, c.into, imp.Form, match)
	if err != nil {
		fmt.Fprintf(c.stderr, "jixiao import: %v\n", err)
		return false
	}
	settled := c.conflicts(imp)
	if len(changes) == 0 {
		fmt.Fprintf(c.stdout, "%s 与工作表“%s”一致，没有改动\n", c.into, imp.Sheet)
		return c.report(c.into, before, imp) && settled
	}
	fmt.Fprintf(c.stdout, "工作表“%s”的修改（%d 处）：\n", imp.Sheet, len(changes))
	for _, ch := range changes {
		fmt.Fprintf(c.stdout, "  %s\n", ch)
	}
	if err := writeInto(c.into, out); err != nil {
		fmt.Fprintf(c.stderr, "jixiao import: 无法写回 %s：%v\n", c.into, err)
		return false
	}
	fmt.Fprintf(c.stdout, "已写回 %s\n", c.into)
	return c.report(c.into, before, imp) && settled
}

// conflicts prints the values both the department and the data file
// changed since the workbook was rendered. It returns false when one was
// left unsettled (no --prefer): the data file's value was kept.
func (c *importConfig) conflicts(imp xlsx.Imported) bool {
	if len(imp.Conflicts) == 0 {
		return true
	}
	how := map[xlsx.Prefer]string{
		xlsx.PreferNone:     "没有采用工作簿中的值，数据文件保持原样",
		xlsx.PreferWorkbook: "按 --prefer workbook 采用了工作簿中的值",
		xlsx.PreferData:     "按 --prefer data 保留了数据文件中的值",
	}[c.prefer]
	fmt.Fprintf(c.stdout, "工作表“%s”与 %s 有 %d 处冲突（生成工作簿之后两边都改了，且改得不一样；%s）：\n", imp.Sheet, c.into, len(imp.Conflicts), how)
	for _, k := range imp.Conflicts {
		fmt.Fprintf(c.stdout, "  ! %s\n", k)
	}
	if c.prefer != xlsx.PreferNone {
		return true
	}
	fmt.Fprintf(c.stderr, "jixiao import: 有 %d 处冲突没有导入（见上）；核对后重新导入，加 --prefer workbook 采用工作簿的值，或 --prefer data 保留数据文件的值\n", len(imp.Conflicts))
	return false
}

// report loads a written file as check and score do and prints what the
// office needs to see at once: the total (before → after with --into) and
// every diagnostic. It returns false when the data has errors. A monitoring
// form's sheet is checked for the 绩效运行监控表, which is not scored.
func (c *importConfig) report(path string, before *jixiao.Form, imp xlsx.Imported) bool {
	monitoring := imp.Monitoring
	ev := evaluateFor(path, func(*jixiao.Form) bool { return monitoring })
	printDiagnostics(c.stdout, ev, true, nil)
	e, w := ev.diags.Count()
	total := "无法计分"
	switch {
	case monitoring:
		total = "绩效运行监控表（不计分）"
	case ev.card != nil:
		total = fmt.Sprintf("总分 %s（%s）", jixiao.FormatScore(ev.card.Total), ev.card.Grade)
		if before != nil {
			if old, _ := jixiao.Score(before); !old.Total.Equal(ev.card.Total) {
				total = fmt.Sprintf("总分 %s → %s（%s）", jixiao.FormatScore(old.Total), jixiao.FormatScore(ev.card.Total), ev.card.Grade)
			}
		}
	}
	fmt.Fprintf(c.stdout, "%s：%s；%d 个错误，%d 个警告\n", path, total, e, w)
	if e > 0 {
		check := "jixiao check " + path
		if monitoring {
			check = "jixiao check --template " + imp.Template + " " + path
		}
		fmt.Fprintf(c.stderr, "jixiao import: %s 已写出，但数据有 %d 个错误（见上）；改正后运行 %s\n", path, e, check)
		return false
	}
	return true
}
