package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/xuri/excelize/v2"

	"jixiao/render/xlsx"
)

func TestRenderSeedWorkbooks(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, "data")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"housing-fund-system", "district-office-rent", "internet-services"} {
		p := filepath.Join(out, "2020", name+".xlsx")
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		sheet := f.GetSheetName(0)
		if v, _ := f.GetCellValue(sheet, "A1"); v != "财政项目支出绩效自评表" {
			t.Errorf("%s A1 = %q", p, v)
		}
		f.Close()
		if !strings.Contains(stdout, "已生成 "+p) {
			t.Errorf("stdout does not name %s:\n%s", p, stdout)
		}
	}
	if !fileExists(filepath.Join(out, "2025", "basic-public-health.xlsx")) { // the 2025 sample, as a 自评表
		t.Error("data/2025/basic-public-health.toml was not rendered")
	}
	if !strings.Contains(stderr, "4 个表单：成功 4 个，失败 0 个；写出 4 个文件") {
		t.Errorf("summary: %s", stderr)
	}
	assertNoTempFiles(t, out)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// A workbook a department edited is never overwritten silently.
func TestRenderKeepsEditedWorkbook(t *testing.T) {
	out := t.TempDir()
	in := "data/2020/housing-fund-system.toml"
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, in); code != 0 {
		t.Fatal(stderr)
	}
	p := filepath.Join(out, "housing-fund-system.xlsx")
	f, _ := excelize.OpenFile(p)
	f.SetCellValue(f.GetSheetName(0), "F14", "=99.5%")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	edited, _ := os.ReadFile(p)

	_, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, in)
	if code != exitFailed || !strings.Contains(stderr, "被修改过") || !strings.Contains(stderr, "jixiao import "+p+" --into "+in) || !strings.Contains(stderr, "--force") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if now, _ := os.ReadFile(p); !bytes.Equal(now, edited) {
		t.Fatal("the edited workbook was changed")
	}

	_, stderr, code = run(t, "render", "-f", "xlsx", "-o", out, "--force", in)
	if code != 0 {
		t.Fatalf("--force: exit %d\n%s", code, stderr)
	}
	backups, _ := filepath.Glob(filepath.Join(out, "housing-fund-system.backup-*.xlsx"))
	if len(backups) != 1 || !strings.Contains(stderr, backups[0]) {
		t.Fatalf("backups %v, stderr %s", backups, stderr)
	}
	if b, _ := os.ReadFile(backups[0]); !bytes.Equal(b, edited) {
		t.Error("the backup is not the edited workbook")
	}
	f, _ = excelize.OpenFile(p)
	if v, _ := f.GetCellValue(f.GetSheetName(0), "F14"); v != "=99.11%" {
		t.Errorf("re-rendered F14 = %q", v)
	}
	f.Close()
}

// A broken input is reported with its place and does not stop the others.
func TestRenderContinuesAfterBadInput(t *testing.T) {
	dir := t.TempDir()
	good, _ := os.ReadFile("data/2020/internet-services.toml")
	os.WriteFile(filepath.Join(dir, "a-good.toml"), good, 0o644)
	bad, _ := os.ReadFile("testdata/broken/scores.toml")
	os.WriteFile(filepath.Join(dir, "b-bad.toml"), bad, 0o644)
	out := t.TempDir()
	_, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, dir)
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "b-bad.toml:26:9: error: 得分 45 超出范围") || !strings.Contains(stderr, "成功 1 个，失败 1 个") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !fileExists(filepath.Join(out, "a-good.xlsx")) || fileExists(filepath.Join(out, "b-bad.xlsx")) {
		t.Error("the good form must be written, the bad one not")
	}
	assertNoTempFiles(t, out)
}

func TestRenderUnknownTemplate(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("data/2020/internet-services.toml")
	src = bytes.Replace(src, []byte(`template = "sh-project-self-evaluation"`), []byte(`template = "sh-project"`), 1)
	os.WriteFile(filepath.Join(dir, "x.toml"), src, 0o644)
	_, stderr, code := run(t, "render", "-f", "xlsx", "-o", t.TempDir(), dir)
	if code != exitFailed || !strings.Contains(stderr, "x.toml:3:12: error: 没有名为 \"sh-project\" 的模板") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestRenderFlags(t *testing.T) {
	if _, stderr, code := run(t, "render", "-f", "docx", "data"); code != exitUsage || !strings.Contains(stderr, "docx") {
		t.Errorf("bad format: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "render", "--empty-groups", "maybe", "data"); code != exitUsage {
		t.Errorf("bad --empty-groups: exit %d %s", code, stderr)
	}
	out := t.TempDir()
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, "--template", "mof-project-self-evaluation", "--empty-groups", "no", "data/2020/housing-fund-system.toml"); code != 0 {
		t.Fatalf("exit %d %s", code, stderr)
	}
	f, _ := excelize.OpenFile(filepath.Join(out, "housing-fund-system.xlsx"))
	defer f.Close()
	if v, _ := f.GetCellValue(f.GetSheetName(0), "A1"); v != "项目支出绩效自评表" {
		t.Errorf("--template: A1 = %q", v)
	}
}

func TestRenderCombined(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, code := run(t, "render", "--combined", "--reproducible", "-o", out, "data")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "汇总.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"汇总表", "区县管理部租赁费物业费", "住房公积金管理信息系统（运维）", "互联网业务运行费", "2025年基本公共卫生服务项目补助"}
	if got := slices.DeleteFunc(f.GetSheetList(), func(s string) bool { return s == "jixiao.base" }); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue("汇总表", "H4"); v != "97.5" {
		t.Errorf("汇总表 H4 = %q, want 97.5", v)
	}
	if _, link, _ := f.GetCellHyperLink("汇总表", "B3"); !strings.Contains(link, "区县管理部租赁费物业费") {
		t.Errorf("B3 links to %q", link)
	}
	if fileExists(filepath.Join(out, "2020", "housing-fund-system.xlsx")) {
		t.Error("--combined writes only the combined files")
	}
	pdfPath := filepath.Join(out, "汇总.pdf")
	b, err := os.ReadFile(pdfPath)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("combined PDF: %v", err)
	}
	// The PDF holds the same sheets as the workbook, a bookmark each.
	api.DisableConfigDir() // no config.yml read or written
	conf := model.NewDefaultConfiguration()
	marks, err := api.Bookmarks(bytes.NewReader(b), conf)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, m := range marks {
		titles = append(titles, m.Title)
	}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("PDF bookmarks %q, want %q", titles, want)
	}
	// a failing form stops the combined files: they must never lack a form
	dir := t.TempDir()
	good, _ := os.ReadFile("data/2020/internet-services.toml")
	bad, _ := os.ReadFile("testdata/broken/scores.toml")
	os.WriteFile(filepath.Join(dir, "a.toml"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "b.toml"), bad, 0o644)
	out2 := t.TempDir()
	if _, stderr, code := run(t, "render", "--combined", "-o", out2, dir); code != exitFailed || !strings.Contains(stderr, "没有写出合并文件") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	if fileExists(filepath.Join(out2, "汇总.xlsx")) || fileExists(filepath.Join(out2, "汇总.pdf")) {
		t.Error("combined files written despite a failed form")
	}
}

// An interrupted run (Ctrl-C before the first form) writes nothing and says so.
func TestRenderInterrupted(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := Run(ctx, []string{"render", "-o", out, "data"}, &stdout, &stderr)
	if ExitCode(err) != exitFailed || !strings.Contains(stderr.String(), "中断后未处理") {
		t.Errorf("exit %d, stderr %s", ExitCode(err), stderr.String())
	}
	assertNoTempFiles(t, out)
}

// Once a department's edits are imported into the data, rendering again
// loses nothing and replaces the workbook without --force.
func TestRenderAfterImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "h.toml")
	src, _ := os.ReadFile("data/2020/housing-fund-system.toml")
	os.WriteFile(data, src, 0o644)
	out := filepath.Join(dir, "out")
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, data); code != 0 {
		t.Fatal(stderr)
	}
	wb := filepath.Join(out, "h.xlsx")
	f, _ := excelize.OpenFile(wb)
	f.SetCellValue(f.GetSheetName(0), "F14", "=99.6%")
	f.Save()
	f.Close()
	if _, _, code := run(t, "render", "-f", "xlsx", "-o", out, data); code != exitFailed {
		t.Fatal("an edited workbook must not be replaced before its edits are imported")
	}
	if _, stderr, code := run(t, "import", wb, "--into", data); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, data); code != 0 {
		t.Fatalf("render after import: exit %d\n%s", code, stderr)
	}
	if backups, _ := filepath.Glob(filepath.Join(out, "*.backup-*")); len(backups) != 0 {
		t.Errorf("no backup is needed: %v", backups)
	}
	f, _ = excelize.OpenFile(wb)
	defer f.Close()
	if v, _ := f.GetCellValue(f.GetSheetName(0), "F14"); v != "=99.6%" {
		t.Errorf("F14 = %q", v)
	}
}

// --reproducible gives byte-identical workbooks and PDFs for the same input.
func TestRenderReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if _, stderr, code := run(t, "render", "--reproducible", "-o", out, "data/2020/internet-services.toml"); code != 0 {
			t.Fatal(stderr)
		}
		time.Sleep(1100 * time.Millisecond) // a clock tick apart
	}
	for _, name := range []string{"internet-services.xlsx", "internet-services.pdf"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// A character the PDF font lacks stops that form, with its place: neither
// file is written, so its PDF and workbook never disagree.
func TestRenderMissingGlyph(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("data/2020/internet-services.toml")
	os.WriteFile(filepath.Join(dir, "x.toml"), bytes.Replace(src, []byte(`name = "互联网业务运行费"`), []byte(`name = "互联网业务𠀋运行费"`), 1), 0o644)
	out := t.TempDir()
	_, stderr, code := run(t, "render", "-o", out, filepath.Join(dir, "x.toml"))
	if code != exitFailed || !strings.Contains(stderr, "x.toml:7:8: error: 字符“𠀋”(U+2000B) 不在 PDF 字体中（字段 project.name）") || !strings.Contains(stderr, "没有生成") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if fileExists(filepath.Join(out, "x.pdf")) || fileExists(filepath.Join(out, "x.xlsx")) {
		t.Error("a file of the refused form was written")
	}
	assertNoTempFiles(t, out)
}

// writeAtomic leaves the file as os.Create would (0644 less the umask), not
// private as a temporary file is made, and nothing behind on a failure;
// its temporary names are the ones a later run cleans up.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	ref, err := os.Create(filepath.Join(dir, "ref"))
	if err != nil {
		t.Fatal(err)
	}
	ref.Close()
	want, _ := os.Stat(ref.Name())
	path := filepath.Join(dir, "a.pdf")
	var tmp string
	if err := writeAtomic(path, func(w io.Writer) error {
		tmp = w.(*os.File).Name()
		_, err := w.Write([]byte("x"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.Stat(path); got == nil || got.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("mode %v, want %v", got.Mode(), want.Mode())
	}
	if pid, ok := tempOwner(filepath.Base(tmp)); !ok || pid != os.Getpid() {
		t.Errorf("temporary name %q is not one the clean-up recognises", tmp)
	}
	failed := errors.New("disk full")
	if err := writeAtomic(filepath.Join(dir, "b.pdf"), func(io.Writer) error { return failed }); !errors.Is(err, failed) {
		t.Errorf("error %v", err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 2 {
		t.Errorf("left behind: %v", names)
	}
}

// A workbook carries no path of the machine that rendered it, and its
// custom properties stay within Office's 255 characters, also for a
// combined workbook of 40 forms read from absolute folders.
func TestRenderRecordsNoPaths(t *testing.T) {
	root := t.TempDir() // absolute
	data, tpl := filepath.Join(root, "数据"), filepath.Join(root, "模板")
	os.MkdirAll(filepath.Join(data, "2020"), 0o755)
	os.MkdirAll(tpl, 0o755)
	seeds, _ := filepath.Glob("data/2020/*.toml")
	for i := range 40 {
		b, _ := os.ReadFile(seeds[i%len(seeds)])
		os.WriteFile(filepath.Join(data, "2020", fmt.Sprintf("项目%02d.toml", i)), b, 0o644)
	}
	tpls, _ := filepath.Glob("templates/*.toml")
	for _, p := range tpls {
		b, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(tpl, filepath.Base(p)), b, 0o644)
	}
	out := filepath.Join(root, "out")
	for _, args := range [][]string{{"--combined"}, {}} {
		args = append([]string{"render", "-f", "xlsx", "-q", "--template", tpl, "-o", out}, append(args, data)...)
		if _, stderr, code := run(t, args...); code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr)
		}
	}
	for _, wb := range []string{filepath.Join(out, "汇总.xlsx"), filepath.Join(out, "2020", "项目07.xlsx")} {
		z, err := zip.OpenReader(wb)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range z.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(b, []byte(root)) {
				t.Errorf("%s: %s holds the rendering machine's path %s", filepath.Base(wb), f.Name, root)
			}
		}
		z.Close()
		f, err := excelize.OpenFile(wb)
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetCustomProps()
		for _, p := range props {
			if v, _ := p.Value.(string); len(utf16.Encode([]rune(v))) > 255 {
				t.Errorf("%s: custom property %s has %d characters, Office allows 255", filepath.Base(wb), p.Name, len(utf16.Encode([]rune(v))))
			}
		}
		f.Close()
	}
	imp, err := xlsx.ReadFile(filepath.Join(out, "2020", "项目07.xlsx"), xlsx.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := imp[0].Source; got != "2020/项目07.toml" {
		t.Errorf("the workbook records its data as %q, want 2020/项目07.toml", got)
	}
}

// A form whose workbook may not be replaced (a department edited it) gets
// no new PDF either: the two files of a form never disagree.
func TestRenderRefusedWorkbookKeepsPDF(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	src, _ := os.ReadFile("data/2020/housing-fund-system.toml")
	in := filepath.Join(dir, "a.toml")
	os.WriteFile(in, src, 0o644)
	if _, stderr, code := run(t, "render", "-o", out, in); code != 0 {
		t.Fatal(stderr)
	}
	editCells(t, filepath.Join(out, "a.xlsx"), "F14", "=99.5%")
	before, _ := os.ReadFile(filepath.Join(out, "a.pdf"))
	os.WriteFile(in, bytes.Replace(src, []byte("住房公积金管理信息系统"), []byte("住房公积金信息系统"), 1), 0o644)
	_, stderr, code := run(t, "render", "-o", out, in)
	if code != exitFailed || !strings.Contains(stderr, "被修改过") || !strings.Contains(stderr, "也没有生成") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(out, "a.pdf")); !bytes.Equal(before, after) {
		t.Error("the PDF was replaced although its workbook was not")
	}
}
