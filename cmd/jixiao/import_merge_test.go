package main

import (
	"bytes"
	"image"
	pngenc "image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/synth"
)

// rendered copies a data file into a new folder and renders its workbook;
// it returns the data file's and the workbook's paths.
func rendered(t *testing.T, src []byte) (data, wb string) {
	t.Helper()
	dir := t.TempDir()
	data = filepath.Join(dir, "e.toml")
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "render", "-q", "-f", "xlsx", "-o", dir, data); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	return data, filepath.Join(dir, "e.xlsx")
}

// setByName types values into the row of the indicator name (column D):
// column letter, value, …
func setByName(t *testing.T, wb, name string, kv ...string) {
	t.Helper()
	f, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	for i, row := range rows {
		if len(row) > 3 && row[3] == name {
			for k := 0; k < len(kv); k += 2 {
				f.SetCellValue(sheet, kv[k]+strconv.Itoa(i+1), kv[k+1])
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no row %q", name)
}

func replaceInFile(t *testing.T, path, old, now string) {
	t.Helper()
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", path, old)
	}
	os.WriteFile(path, []byte(strings.Replace(string(b), old, now, 1)), 0o644)
}

// A change made to the data file after rendering stays: import applies
// only what the department changed.
func TestImportKeepsLaterDataChanges(t *testing.T) {
	src, _ := os.ReadFile(elderlyTOML)
	data, wb := rendered(t, src)
	replaceInFile(t, data, `target = "≥8000人"`, `target = "≥8500人"`)
	setByName(t, wb, "服务居家老人人数", "F", "7600人")
	stdout, stderr, code := run(t, "import", "--into", data, wb)
	want := []string{`~ indicators[2].actual: "8426人" → "7600人"（服务居家老人人数）`}
	if got := changeLines(stdout); code != 0 || !slices.Equal(got, want) {
		t.Fatalf("exit %d, changes %q\n%s%s", code, got, stdout, stderr)
	}
	now, _ := os.ReadFile(data)
	if !strings.Contains(string(now), `target = "≥8500人"`) || !strings.Contains(string(now), `actual = "7600人"`) || strings.Contains(string(now), "score") {
		t.Errorf("data file:\n%s", now)
	}
}

// A value both sides changed differently is a conflict: reported by field
// with both values, not applied, exit 1; the other changes go in. Run again
// with --prefer workbook, the workbook's value is taken.
func TestImportConflict(t *testing.T) {
	src, _ := os.ReadFile(elderlyTOML)
	data, wb := rendered(t, src)
	replaceInFile(t, data, `actual = "8426人"`, `actual = "7700人"`)
	setByName(t, wb, "服务居家老人人数", "F", "7600人")
	setByName(t, wb, "老人满意度", "F", "=91%")
	stdout, stderr, code := run(t, "import", "--into", data, wb)
	if code != exitFailed || !strings.Contains(stdout, `! indicators[2].actual（服务居家老人人数）：工作簿中为 "7600人"，单元格 F14，数据文件中为 "7700人"`) ||
		!strings.Contains(stderr, "--prefer workbook") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if got := changeLines(stdout); !slices.Equal(got, []string{`~ indicators[7].actual: "=93%" → "=91%"（老人满意度）`}) {
		t.Errorf("changes %q", got)
	}
	now, _ := os.ReadFile(data)
	if !strings.Contains(string(now), `actual = "7700人"`) || !strings.Contains(string(now), `actual = "=91%"`) {
		t.Errorf("data file:\n%s", now)
	}
	stdout, stderr, code = run(t, "import", "--prefer", "workbook", "--into", data, wb)
	if got := changeLines(stdout); code != 0 || !slices.Equal(got, []string{`~ indicators[2].actual: "7700人" → "7600人"（服务居家老人人数）`}) {
		t.Fatalf("--prefer workbook: exit %d, changes %q\n%s%s", code, got, stdout, stderr)
	}
	replaceInFile(t, data, `actual = "=91%"`, `actual = "=92%"`)
	stdout, _, code = run(t, "import", "--prefer", "data", "--into", data, wb)
	if now, _ := os.ReadFile(data); code != 0 || !strings.Contains(stdout, "按 --prefer data 保留了数据文件中的值") || !strings.Contains(string(now), `actual = "=92%"`) {
		t.Errorf("--prefer data: exit %d\n%s\n%s", code, stdout, now)
	}
	if _, _, code := run(t, "import", "--prefer", "both", "--into", data, wb); code != exitUsage {
		t.Errorf("--prefer both: exit %d", code)
	}
}

// --into writes the file a symbolic link names, keeps the file's mode and
// its hard links.
func TestImportIntoLinks(t *testing.T) {
	src, _ := os.ReadFile(elderlyTOML)
	data, wb := rendered(t, src)
	setByName(t, wb, "服务居家老人人数", "F", "7600人")
	dir := filepath.Dir(data)
	os.Chmod(data, 0o640)
	link, hard := filepath.Join(dir, "link.toml"), filepath.Join(dir, "hard.toml")
	if err := os.Symlink("e.toml", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(data, hard); err != nil {
		t.Fatal(err)
	}
	if stdout, stderr, code := run(t, "import", "--into", link, wb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", st.Mode())
	}
	st, _ := os.Stat(data)
	hst, _ := os.Stat(hard)
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	if !os.SameFile(st, hst) || st.Sys().(*syscall.Stat_t).Nlink != 2 {
		t.Errorf("the hard link was split")
	}
	for _, p := range []string{data, hard} {
		if b, _ := os.ReadFile(p); !strings.Contains(string(b), `actual = "7600人"`) {
			t.Errorf("%s not updated", p)
		}
	}
	assertNoTempFiles(t, dir)
	// Without hard links the file is replaced by rename, still with its mode.
	data, wb = rendered(t, src)
	os.Chmod(data, 0o640)
	setByName(t, wb, "服务居家老人人数", "F", "7500人")
	if _, stderr, code := run(t, "import", "--into", data, wb); code != 0 {
		t.Fatal(stderr)
	}
	if st, _ := os.Stat(data); st.Mode().Perm() != 0o640 {
		t.Errorf("mode after rename %v", st.Mode().Perm())
	}
}

// An unedited workbook imports to exactly its data, for the samples and
// synthetic forms of both templates.
func TestImportUnedited(t *testing.T) {
	var inputs [][]byte
	samples, _ := filepath.Glob("data/*/*.toml")
	if len(samples) < 3 {
		t.Fatalf("samples %v", samples)
	}
	for _, p := range append(samples, elderlyTOML) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b)
	}
	for i := range 12 {
		inputs = append(inputs, synth.Form(i, 7))
	}
	for k, src := range inputs {
		data, wb := rendered(t, src)
		stdout, stderr, code := run(t, "import", "--into", data, wb)
		now, _ := os.ReadFile(data)
		if !strings.Contains(stdout, "没有改动") || string(now) != string(src) {
			t.Errorf("input %d: exit %d\n%s%s", k, code, stdout, stderr)
		}
	}
}

// Without the data file, a score jixiao computed and the department left
// untouched beside a changed actual is scored again; a reported one stays.
func TestImportAloneRescores(t *testing.T) {
	src, _ := os.ReadFile(elderlyTOML)
	_, wb := rendered(t, src)
	setByName(t, wb, "服务居家老人人数", "F", "7600人")
	out := filepath.Join(filepath.Dir(wb), "alone.toml")
	if stdout, stderr, code := run(t, "import", "-o", out, wb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(out); strings.Contains(string(b), "score") || !strings.Contains(string(b), `actual = "7600人"`) {
		t.Errorf("imported:\n%s", b)
	}
	// The housing form reports its scores: a reported 9 stays 9.
	hsrc, _ := os.ReadFile(housingTOML)
	_, hwb := rendered(t, hsrc)
	setByName(t, hwb, "故障处理结案率", "F", "=99.5%")
	if stdout, stderr, code := run(t, "import", "-o", out, "--force", hwb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "actual = \"=99.5%\"\nweight = 10\nscore = 9\n") {
		t.Errorf("imported:\n%s", b)
	}
}

// What a department adds besides values — a sheet, an image — counts as an
// edit: render does not replace the workbook, even after an import.
func TestRenderKeepsAdditions(t *testing.T) {
	src, _ := os.ReadFile(elderlyTOML)
	var png bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		add  func(f *excelize.File) error
		want string
	}{
		{"a sheet", func(f *excelize.File) error {
			if _, err := f.NewSheet("备注"); err != nil {
				return err
			}
			return f.SetCellValue("备注", "A1", "请财政局注意")
		}, "在 jixiao 生成之后被修改过"},
		{"an image", func(f *excelize.File) error {
			return f.AddPictureFromBytes(f.GetSheetName(0), "K3", &excelize.Picture{Extension: ".png", File: png.Bytes()})
		}, "含有图片"},
	} {
		data, wb := rendered(t, src)
		f, err := excelize.OpenFile(wb)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.add(f); err != nil {
			t.Fatal(err)
		}
		f.Save()
		f.Close()
		if stdout, stderr, code := run(t, "import", "--into", data, wb); code != 0 || !strings.Contains(stdout, "没有改动") {
			t.Errorf("%s: import exit %d\n%s%s", c.name, code, stdout, stderr)
		}
		_, stderr, code := run(t, "render", "-q", "-f", "xlsx", "-o", filepath.Dir(wb), data)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: render exit %d, want a refusal %q:\n%s", c.name, code, c.want, stderr)
		}
	}
}
