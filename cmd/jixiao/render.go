package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
	"jixiao/templates"
)

// reproducibleTime dates the workbooks of a --reproducible run.
var reproducibleTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// renderConfig is what "jixiao render" was asked to do.
type renderConfig struct {
	outDir       string
	jobs         int
	quiet        bool
	xlsx, pdf    bool
	templates    templateSource
	keepEmpty    *bool
	noProtect    bool
	reproducible bool
	force        bool
	combined     bool
	pdfr         *pdf.Renderer
}

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("render", "文件或目录...", stderr)
	outDir := fs.String("o", "out", "输出目录")
	formats := fs.String("f", "xlsx,pdf", "输出格式：xlsx、pdf，用逗号分隔")
	tmpl := fs.String("template", "", "模板名称，或模板文件、模板目录的路径（优先于数据中的 template）")
	empty := fs.String("empty-groups", "auto", "是否为没有指标的标准二级指标留空行：auto（由模板决定）| yes | no")
	noProtect := fs.Bool("no-protect", false, "工作簿不加保护（默认锁定结构和公式，不设密码）")
	reproducible := fs.Bool("reproducible", false, "固定文件中的日期：相同输入得到相同的文件")
	force := fs.Bool("force", false, "覆盖被修改过的工作簿（先备份原文件）")
	combined := fs.Bool("combined", false, "合并输出：一个工作簿（首张为汇总表，每个项目一张表）和一个 PDF（每个项目从新页开始，带书签），写为 汇总.xlsx 和 汇总.pdf")
	jobs := fs.Int("j", 0, "同时处理的表单数（默认为 CPU 核数）")
	quiet := fs.Bool("q", false, "安静：不显示进度条，不逐个列出生成的文件")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *jobs < 0 {
		fmt.Fprintf(stderr, "jixiao render: -j %d 不对：写同时处理的表单数（正整数），或 0 表示按 CPU 核数\n", *jobs)
		return errUsage
	}
	cfg := renderConfig{outDir: *outDir, noProtect: *noProtect, reproducible: *reproducible, jobs: *jobs, quiet: *quiet, force: *force, combined: *combined}
	if err := cfg.parseFormats(*formats); err != nil {
		fmt.Fprintf(stderr, "jixiao render: %v\n", err)
		return errUsage
	}
	switch *empty {
	case "auto":
	case "yes", "no":
		v := *empty == "yes"
		cfg.keepEmpty = &v
	default:
		fmt.Fprintf(stderr, "jixiao render: --empty-groups 只能是 auto、yes 或 no\n")
		return errUsage
	}
	if len(names) == 0 {
		fs.Usage()
		return errUsage
	}
	if cfg.templates, err = newTemplateSource(*tmpl); err != nil {
		return err
	}
	if cfg.pdf {
		if cfg.pdfr, err = pdf.New(); err != nil {
			return err
		}
	}
	inputs, err := expandInputTree(names)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// Rendering makes much short-lived garbage (every document's font
		// subset, XML and compressed parts). A larger heap target halves the
		// time spent collecting and faulting pages in; a batch peaks near
		// 80 MB.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// --combined keeps every form until the end, and the larger target
		// would let 1,000 forms (~290 MB live while excelize and fpdf hold
		// the whole workbook and document) take 1.4 GB; collecting more
		// often near 340 MB keeps them under 400 MB. Closer to the live
		// heap the collector runs without pause (at 256 MB the run takes
		// 14 s instead of 8).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(340 << 20))
	}
	return cfg.renderAll(ctx, inputs, stdout, stderr)
}

func (c *renderConfig) parseFormats(s string) error {
	for _, f := range strings.Split(s, ",") {
		switch strings.TrimSpace(strings.ToLower(f)) {
		case "xlsx":
			c.xlsx = true
		case "pdf":
			c.pdf = true
		default:
			return fmt.Errorf("不认识的输出格式 %q；可选 xlsx、pdf", f)
		}
	}
	return nil
}

// renderOne renders one input to each format asked for. Its messages go
// into the outcome, to be printed in input order.
func (c *renderConfig) renderOne(in input) (o outcome) {
	ev := evaluateInputAs(in, &c.templates)
	_, o.warnings = ev.diags.Count()
	if ev.diags.HasErrors() {
		var b bytes.Buffer
		printDiagnostics(&b, ev, true, func(d jixiao.Diagnostic) bool { return d.Severity == jixiao.Error })
		o.log = b.Bytes()
		o.errors = strings.Split(strings.TrimSpace(b.String()), "\n")
		o.failed = true
		return o
	}
	sheet, err := c.resolve(ev)
	if err != nil {
		o.failErr(in, err)
		return o
	}
	if c.combined { // written together once every form is done
		if c.pdf {
			if err := c.pdfr.Check(sheet); err != nil {
				o.failErr(in, err)
				return o
			}
		}
		o.sheet, o.card = recorded(sheet, in), ev.card
		return o
	}
	base := filepath.Join(c.outDir, in.out)
	if c.templates.monitoring(ev.form) {
		base += monitoringSuffix // beside the same file's 自评表, never over it
	}
	c.writeForm(&o, in, base, sheet)
	return o
}

// monitoringSuffix ends the names of a 绩效运行监控表's files, which are
// made from the same data file as its 自评表's: 项目-监控.xlsx.
const monitoringSuffix = "-监控"

// writeForm writes a form's files, base.xlsx and base.pdf, both or neither: each is made in memory
// first, and a form whose PDF cannot be drawn, or whose workbook cannot be
// made or may not replace an edited one, gets no file at all, so the two
// files of a form never disagree.
func (c *renderConfig) writeForm(o *outcome, in input, base string, sheet *render.Sheet) {
	var doc bytes.Buffer
	if c.pdf {
		// Write checks every character first and draws in memory.
		if err := c.pdfr.Write(&doc, []*render.Sheet{sheet}, pdf.Options{Reproducible: c.reproducible}); err != nil {
			o.failErr(in, err)
			o.fail("%s: error: 没有生成这个表单的文件", in.path)
			return
		}
	}
	if c.xlsx {
		book, ok := c.workbook(o, in, base+".xlsx", []*render.Sheet{recorded(sheet, in)})
		if !ok {
			if c.pdf {
				o.fail("%s: error: 也没有生成 %s，以免 PDF 与工作簿不一致", in.path, base+".pdf")
			}
			return
		}
		c.write(o, in, base+".xlsx", bytesWriter(book))
	}
	if c.pdf {
		c.write(o, in, base+".pdf", bytesWriter(doc.Bytes()))
	}
}

func bytesWriter(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// recorded is the sheet as the workbook records where it came from: its data
// file by the name relative to the folder given on the command line (a file
// given by name by its base name), and a template file by its base name, so
// no path of the machine that rendered it travels with the workbook. The
// sheet itself keeps the paths its messages name.
func recorded(s *render.Sheet, in input) *render.Sheet {
	out := *s
	out.Meta.Source = filepath.ToSlash(in.rel + filepath.Ext(in.path))
	if t := out.Meta.TemplateFile; filepath.IsAbs(t) || strings.HasPrefix(t, "..") {
		out.Meta.TemplateFile = filepath.Base(t)
	}
	return &out
}

// writeWorkbook writes a workbook unless that would lose a department's
// edits (see workbook).
func (c *renderConfig) writeWorkbook(o *outcome, in input, path string, sheets []*render.Sheet) {
	if book, ok := c.workbook(o, in, path, sheets); ok {
		c.write(o, in, path, bytesWriter(book))
	}
}

// workbook makes the workbook of the sheets, to be written at path unless
// that would lose a department's edits (see guardWorkbook); ok is false when
// it may not be written, the reason in o.
func (c *renderConfig) workbook(o *outcome, in input, path string, sheets []*render.Sheet) (book []byte, ok bool) {
	opt := xlsx.Options{NoProtect: c.noProtect}
	if c.reproducible {
		opt.Modified = reproducibleTime
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets, opt); err != nil {
		o.fail("%s: error: 没有生成 %s：%v", in.path, path, err)
		return nil, false
	}
	data := in.path
	if len(sheets) > 1 { // --combined: one data file per form
		data = "该项目的数据文件"
	}
	backup, err := guardWorkbook(path, data, c.force, time.Now(), buf.Bytes())
	if err != nil {
		o.fail("%s: error: %v", in.path, err)
		return nil, false
	}
	if backup != "" {
		o.logf("%s: 已把原工作簿备份为 %s\n", in.path, backup)
	}
	return buf.Bytes(), true
}

// write writes one output file atomically and records the result.
func (c *renderConfig) write(o *outcome, in input, path string, write func(io.Writer) error) {
	if err := noLinkBelow(c.outDir, filepath.Dir(path)); err != nil {
		o.fail("%s: error: 没有写出 %s：%v", in.path, path, err)
		return
	}
	if err := writeAtomic(path, write); err != nil {
		o.fail("%s: error: 无法写出 %s：%s", in.path, path, jixiao.FileReason(err))
		return
	}
	o.written = append(o.written, path)
}

// failErr records each error of err as a line tagged "error:" as check's
// are: at the place it names (a character the PDF font lacks), else at the
// input.
func (o *outcome) failErr(in input, err error) {
	for _, e := range unjoin(err) {
		var g *pdf.GlyphError
		switch msg := e.Error(); {
		case errors.As(e, &g):
			o.fail("%s: error: %s", g.Pos, strings.TrimPrefix(msg, g.Pos.String()+": "))
		case strings.Contains(msg, ": error: "): // placed and tagged already
			o.fail("%s", msg)
		default:
			o.fail("%s: error: %s", in.path, msg)
		}
	}
}

// fail records an error line of the outcome.
func (o *outcome) fail(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	o.logf("%s\n", line)
	o.errors = append(o.errors, line)
	o.failed = true
}

// resolve lays the form out with its template: --template if given, else the
// one the data names, else the default.
func (c *renderConfig) resolve(ev evaluation) (*render.Sheet, error) {
	t, err := c.templates.lookup(ev.form)
	if err != nil {
		return nil, err
	}
	return render.Resolve(t, ev.card, render.Options{KeepEmptyGroups: c.keepEmpty})
}

// templateSource finds the template of a form.
type templateSource struct {
	fixed *render.Template // --template named one template for every form
	lib   *render.Library
}

func newTemplateSource(arg string) (templateSource, error) {
	if arg == "" {
		return templateSource{lib: render.NewLibrary()}, nil
	}
	st, err := os.Stat(arg)
	switch {
	case err == nil && st.IsDir():
		return templateSource{lib: render.NewLibrary(arg)}, nil
	case err == nil:
		t, err := render.LoadFile(arg)
		return templateSource{fixed: t}, err
	case strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".toml"):
		return templateSource{}, fmt.Errorf("模板文件 %s 不存在", arg)
	}
	t, err := render.Builtin(arg)
	return templateSource{fixed: t}, err
}

// monitoring reports whether the form's template is a monitoring form's
// (a template that cannot be found is reported where it is looked up).
func (s *templateSource) monitoring(f *jixiao.Form) bool {
	if s == nil {
		return false
	}
	t, err := s.lookup(f)
	return err == nil && t.Form() == render.Monitoring
}

func (s templateSource) lookup(f *jixiao.Form) (*render.Template, error) {
	if s.fixed != nil {
		return s.fixed, nil
	}
	name := templates.Default
	if f.Template.Set && f.Template.Val != "" {
		name = f.Template.Val
	}
	t, err := s.lib.Get(name)
	var unknown *render.UnknownTemplateError
	if errors.As(err, &unknown) && f.Template.Set {
		return nil, fmt.Errorf("%s: error: %v", f.Template.Pos, err)
	}
	return t, err
}

// writeAtomic writes a file through a temporary file in the same folder and
// renames it into place only when complete: an interrupted or failed write
// leaves the old file (if any) untouched and no partial file behind.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp creates ".<name>.<pid>-<digits>.tmp" beside path (the process
// ID tells a later run whether the writer is still going), readable as an
// output file is (0644 less the umask; os.CreateTemp makes files private,
// which would take another system call to undo for every file).
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+"."+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(uint64(rand.Uint32()), 10)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) && try < 100 {
			continue
		}
		return f, err
	}
}
