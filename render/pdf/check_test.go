package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/fonts"
	"jixiao/internal/tomldec"
	"jixiao/render"
)

// seedWith is the internet-services seed form with old replaced by new.
func seedWith(t *testing.T, old, new string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "data", "2020", "internet-services.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("seed has no %q", old)
	}
	return strings.Replace(string(src), old, new, 1)
}

// lineOf is the 1-based line of the first occurrence of s in src.
func lineOf(src, s string) int {
	return strings.Count(src[:strings.Index(src, s)], "\n") + 1
}

func TestMissingGlyph(t *testing.T) {
	r := newRenderer(t)
	// A BMP character the font lacks (Hangul is not in it; fall back to a
	// private-use character should that change).
	bmp := '한'
	if r.drawable(bmp) {
		bmp = '\uE000'
	}
	for _, tc := range []struct {
		name, old, new, field string
		char                  rune
	}{
		{"extension B in a reason", `name = "采购及时性"`, `name = "采购及时性"` + "\nreason = \"采购𠀋延误\"", "reason", '𠀋'},
		{"missing BMP character in an actual", `actual = "及时"`, fmt.Sprintf("actual = \"及%c时\"", bmp), "actual", bmp},
		{"extension B in the project name", `name = "互联网业务运行费"`, `name = "互联网𠀋业务运行费"`, "project.name", '𠀋'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := seedWith(t, tc.old, tc.new)
			const file = "data/2020/x.toml"
			s := parseForm(t, src, file)
			var w bytes.Buffer
			err := r.Write(&w, []*render.Sheet{s}, Options{})
			if err == nil {
				t.Fatal("Write: no error")
			}
			if w.Len() != 0 {
				t.Errorf("Write wrote %d bytes despite the error", w.Len())
			}
			msg := err.Error()
			field := tc.field
			if !strings.Contains(field, ".") {
				at, ok := fieldWith(s, tc.char)
				if !ok {
					t.Fatal("no cell holds the character")
				}
				field = at
			}
			line := lineOf(src, string(tc.char))
			for _, want := range []string{
				fmt.Sprintf("%s:%d:", file, line),
				fmt.Sprintf("字符“%c”(U+%04X)", tc.char, tc.char),
				"不在 PDF 字体中",
				"字段 " + tomldec.DisplayKey(field),
			} {
				if !strings.Contains(msg, want) {
					t.Errorf("error lacks %q:\n%s", want, msg)
				}
			}
			if n := strings.Count(msg, "\n") + 1; n != 1 {
				t.Errorf("want one line, got %d:\n%s", n, msg)
			}
			if cerr := r.Check(s); cerr == nil || cerr.Error() != msg {
				t.Errorf("Check = %v, want the same error as Write", cerr)
			}
		})
	}
}

// fieldWith names the field of the cell that holds c.
func fieldWith(s *render.Sheet, c rune) (string, bool) {
	for _, row := range s.Rows {
		for _, cell := range row.Cells {
			if strings.ContainsRune(cell.Text, c) {
				return cell.Field, cell.Field != ""
			}
		}
	}
	return "", false
}

func TestCheckLiteralAndSeveral(t *testing.T) {
	r := newRenderer(t)
	s := seedSheet(t, "housing-fund-system")
	s.Page.Footer = "第 {page} 页 共 {pages} 页 \U0001F600"
	at := s.Fields["project.name"]
	c := &s.Rows[at.Row].Cells[at.Col]
	c.Text, c.Lines = "𠀀𠀁", []string{"𠀀𠀁"}
	err := r.Check(s)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{"“𠀀”(U+20000)", "“𠀁”(U+20001)", "(U+1F600)", "文字“第 {page} 页"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != 3 {
		t.Errorf("want 3 lines, got %d:\n%s", n, msg)
	}
}

// TestBrokenSheet: a sheet that does not hold together is an error, never
// a panic, and writes nothing.
func TestBrokenSheet(t *testing.T) {
	r := newRenderer(t)
	for name, breakIt := range map[string]func(s *render.Sheet){
		"merge outside":  func(s *render.Sheet) { s.Merges = append(s.Merges, render.Range{R0: 0, C0: 0, R1: len(s.Rows), C1: 0}) },
		"merges overlap": func(s *render.Sheet) { s.Merges = append(s.Merges, s.Merges[0]) },
		"short row":      func(s *render.Sheet) { s.Rows[3].Cells = s.Rows[3].Cells[:2] },
		"bad style":      func(s *render.Sheet) { s.Rows[3].Cells[1].Style = len(s.Styles) },
		"no page":        func(s *render.Sheet) { s.Page.Height = 0 },
		"keep outside":   func(s *render.Sheet) { s.Keep = append(s.Keep, render.Range{R0: -1, R1: 3}) },
	} {
		s := seedSheet(t, "district-office-rent")
		breakIt(s)
		var w bytes.Buffer
		if err := r.Write(&w, []*render.Sheet{s}, Options{}); err == nil || w.Len() > 0 {
			t.Errorf("%s: err %v, %d bytes written", name, err, w.Len())
		}
	}
	var w bytes.Buffer
	if err := r.Write(&w, nil, Options{}); err == nil {
		t.Error("no sheets: no error")
	}
}

// TestSubset: the embedded subset maps exactly the runes asked for, with
// the original widths.
func TestSubset(t *testing.T) {
	r := newRenderer(t)
	runes := []rune(" 0123456789财政项目支出绩效自评表（）≤≥%，。、—…ABCxyz№㎡①䶮")
	sub, err := r.font.subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	m, err := fonts.NewMetrics(sub.data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range runes {
		if !m.Has(c) || m.Advance(c) != r.metrics.Advance(c) {
			t.Errorf("%q: in subset %v, advance %v, want %v", c, m.Has(c), m.Advance(c), r.metrics.Advance(c))
		}
	}
	n := 0
	for c := rune(0); c < 0x10000; c++ {
		if m.Has(c) {
			n++
		}
	}
	if n != len(runes) {
		t.Errorf("subset maps %d characters, want %d", n, len(runes))
	}
	if len(sub.data) > 100_000 {
		t.Errorf("subset of %d characters is %d bytes", len(runes), len(sub.data))
	}
}
