package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/testtool"
)

const elderlyTOML = "cmd/jixiao/testdata/elderly.toml"

// loJob is one workbook edited in LibreOffice (testdata/lo_edit.py).
type loJob struct {
	In  string           `json:"in"`
	Out string           `json:"out"`
	Ops []map[string]any `json:"ops"`
}

// libreOfficeEdit edits workbooks as a department would in LibreOffice
// Calc 7.4, through Python-UNO, all in one headless session.
func libreOfficeEdit(t *testing.T, dir string, jobs []loJob) {
	t.Helper()
	testtool.Need(t, "soffice")
	py := testtool.NeedPythonUno(t)
	spec, _ := json.Marshal(jobs)
	file := filepath.Join(dir, "jobs.json")
	if err := os.WriteFile(file, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "cmd/jixiao/testdata/lo_edit.py", filepath.Join(dir, "profile"), file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lo_edit.py: %v\n%s", err, out)
	}
}

// changeLines are the lines of import's change list.
func changeLines(stdout string) []string {
	var out []string
	for _, l := range strings.Split(stdout, "\n") {
		if t := strings.TrimSpace(l); len(t) > 2 && strings.ContainsAny(t[:1], "~+->") && t[1] == ' ' {
			out = append(out, t)
		}
	}
	return out
}

// The round trip through LibreOffice, as departments edit: each edit comes
// back as exactly what the department did, and nothing else.
func TestImportLibreOfficeEdits(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "e.toml")
	src, err := os.ReadFile(elderlyTOML)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(data, src, 0o644)
	if _, stderr, code := run(t, "render", "-q", "-f", "xlsx", "-o", dir, data); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	wb := filepath.Join(dir, "e.xlsx")
	set := func(name, col, v string) map[string]any {
		return map[string]any{"op": "set", "name": name, "col": col, "value": v}
	}
	below := func(after, col, v string, number bool) map[string]any {
		return map[string]any{"op": "set", "after": after, "col": col, "value": v, "number": number}
	}
	del := func(name string) map[string]any { return map[string]any{"op": "delete_row", "name": name} }
	cases := []struct {
		name    string
		ops     []map[string]any
		changes []string
		out     []string // more lines stdout must have
	}{
		{"resave", nil, nil, []string{"没有改动"}},
		{"actual only", []map[string]any{set("服务居家老人人数", "F", "7600人")},
			[]string{`~ indicators[2].actual: "8426人" → "7600人"（服务居家老人人数）`}, []string{"总分 99.9 → 99.4（优）"}},
		{"delete a middle row", []map[string]any{del("服务居家老人人数")}, []string{`- indicators[2] “服务居家老人人数”`}, nil},
		{"delete a group's first row", []map[string]any{del("接入平台的服务机构数量")}, []string{`- indicators[1] “接入平台的服务机构数量”`}, nil},
		{"insert a row", []map[string]any{{"op": "insert_row", "after": "服务投诉处理率"},
			below("服务投诉处理率", "D", "投诉回访率", false), below("服务投诉处理率", "E", ">=90%", false),
			below("服务投诉处理率", "F", "=95%", false), below("服务投诉处理率", "G", "5", true)},
			[]string{`+ indicators[4] “投诉回访率”`}, nil},
		{"a comment", []map[string]any{{"op": "comment", "cell": "F14", "text": "请核实"}}, nil,
			[]string{"没有改动", "工作簿含有批注"}},
	}
	var jobs []loJob
	for i, c := range cases {
		jobs = append(jobs, loJob{In: wb, Out: filepath.Join(dir, "edit"+strconv.Itoa(i)+".xlsx"), Ops: append([]map[string]any{}, c.ops...)})
	}
	libreOfficeEdit(t, dir, jobs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			into := filepath.Join(dir, "e"+strconv.Itoa(i)+".toml")
			os.WriteFile(into, src, 0o644)
			stdout, stderr, _ := run(t, "import", "--into", into, jobs[i].Out)
			if got := changeLines(stdout); !slices.Equal(got, c.changes) {
				t.Errorf("changes:\n%s\nwant:\n%s\n(stdout:\n%s%s)", strings.Join(got, "\n"), strings.Join(c.changes, "\n"), stdout, stderr)
			}
			for _, w := range c.out {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if now, _ := os.ReadFile(into); c.changes == nil && string(now) != string(src) {
				t.Errorf("data file changed:\n%s", now)
			}
		})
	}
	t.Run("render after the actual", func(t *testing.T) { renderedScores(t, dir, filepath.Join(dir, "e1.toml"), jobs[1].Out) })
	t.Run("render over the comment", func(t *testing.T) {
		out := filepath.Join(dir, "e5.xlsx")
		copyFile(t, jobs[5].Out, out)
		_, stderr, code := run(t, "render", "-q", "-f", "xlsx", "-o", dir, filepath.Join(dir, "e5.toml"))
		if code == 0 || !strings.Contains(stderr, "含有批注") {
			t.Errorf("render replaced a workbook with a comment: exit %d\n%s", code, stderr)
		}
	})
}

// renderedScores renders data over the edited workbook it was imported
// from (the guard lets it: the edits are in the data) and checks the
// scores are the rule's: 服务居家老人人数 7600人 of ≥8000人 scores 9.5.
func renderedScores(t *testing.T, dir, data, edited string) {
	out := filepath.Join(dir, "e1.xlsx")
	copyFile(t, edited, out)
	if _, stderr, code := run(t, "render", "-q", "-f", "xlsx", "-o", dir, data); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	for _, row := range rows {
		if len(row) > 7 && row[3] == "服务居家老人人数" && (row[5] != "7600人" || row[7] != "9.5") {
			t.Errorf("row %q: want 7600人 scored 9.5", row)
		}
		if len(row) > 7 && row[0] == "总分" && row[7] != "99.4" {
			t.Errorf("总分 %q, want 99.4", row[7])
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
