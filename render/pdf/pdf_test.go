package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"jixiao"
	"jixiao/internal/testtool"
	"jixiao/render"
)

var seeds = []string{"housing-fund-system", "internet-services", "district-office-rent"}

func newRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func seedSheet(t testing.TB, name string) *render.Sheet {
	t.Helper()
	f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", name+".toml"))
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return resolve(t, f)
}

func parseForm(t testing.TB, src, name string) *render.Sheet {
	t.Helper()
	f, diags := jixiao.Parse([]byte(src), name)
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return resolve(t, f)
}

func resolve(t testing.TB, f *jixiao.Form) *render.Sheet {
	t.Helper()
	s, err := render.ResolveForm(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func write(t testing.TB, r *Renderer, sheets ...*render.Sheet) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, sheets, Options{Reproducible: true}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tool finds an external program (see testtool.Need).
func tool(t *testing.T, name string) string { return testtool.Need(t, name) }

// runTool runs an external program on the PDF (written to a file) and returns
// its output.
func runTool(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, name), append(args, path)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// text extracts the text of pages first..last (0: all) with pdftotext -raw.
func text(t *testing.T, pdf []byte, first, last int, crop ...string) string {
	t.Helper()
	args := []string{"-raw", "-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	args = append(args, crop...)
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, "pdftotext"), append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pages(t *testing.T, pdf []byte) int {
	t.Helper()
	for _, line := range strings.Split(runTool(t, pdf, "pdfinfo"), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("pdfinfo printed no page count")
	return 0
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func counts(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range strip(s) {
		m[r]++
	}
	return m
}

// drawnText is every text the PDF should show, by the sheet: each cell's
// text once; on every page that continues the indicator block the Repeat
// rows again; a label once more for every further page it is drawn on; the
// footers.
func drawnText(s *render.Sheet) string {
	l := paginate(newGrid(s))
	var b strings.Builder
	for _, row := range s.Rows {
		for _, c := range row.Cells {
			b.WriteString(c.Text)
		}
	}
	seen := map[int]bool{} // rows drawn whole: a second time is a repeat
	for pi, p := range l.pages {
		for _, sl := range p.slices {
			if sl.part < 0 && seen[sl.row] {
				for _, bi := range l.rowBoxes[sl.row] {
					b.WriteString(l.boxes[bi].cell.Text)
				}
			}
			seen[sl.row] = true
		}
		b.WriteString(footerText(s.Page.Footer, pi+1, len(l.pages)))
	}
	for _, bi := range l.tall {
		n := 0
		for _, ru := range l.runs[bi] {
			if ru.text {
				n++
			}
		}
		b.WriteString(strings.Repeat(l.boxes[bi].cell.Text, n-1))
	}
	return b.String()
}

// checkText compares the PDF's text with the sheet's, character for
// character: the same multiset, and every cell's text in one piece.
func checkText(t *testing.T, s *render.Sheet, pdf []byte) {
	t.Helper()
	got := text(t, pdf, 0, 0)
	want := drawnText(s)
	gc, wc := counts(got), counts(want)
	for r, n := range wc {
		if gc[r] != n {
			t.Errorf("%q (U+%04X): %d in the PDF, want %d", r, r, gc[r], n)
		}
	}
	for r, n := range gc {
		if _, ok := wc[r]; !ok {
			t.Errorf("%q (U+%04X): %d in the PDF, not in the sheet", r, r, n)
		}
	}
	flat := strip(got)
	split := paginate(newGrid(s)).splits // rows split over pages: checked by TestStressForm
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if _, ok := split[i]; !ok && c.Text != "" && !strings.Contains(flat, strip(c.Text)) {
				t.Errorf("row %d col %d %q: not in the PDF in one piece", i+1, j+1, c.Text)
			}
		}
	}
}

func TestSeedForms(t *testing.T) {
	r := newRenderer(t)
	for _, name := range seeds {
		t.Run(name, func(t *testing.T) {
			s := seedSheet(t, name)
			pdf := write(t, r, s)
			validate(t, pdf)
			checkText(t, s, pdf)
			checkFonts(t, pdf)
			if out := runTool(t, pdf, "qpdf", "--check"); !strings.Contains(out, "No syntax or stream encoding errors") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			info := runTool(t, pdf, "pdfinfo")
			for _, want := range []string{"Title:           " + s.Title + "：" + s.Meta.Project, "Author:          " + s.Meta.Implementer,
				"Creator:         jixiao", "Page size:       595.28 x 841.89 pts (A4)", "Subject:         2020 年度财政项目支出绩效自评"} {
				if !strings.Contains(info, want) {
					t.Errorf("pdfinfo lacks %q:\n%s", want, info)
				}
			}
			n := pages(t, pdf)
			for p := 1; p <= n; p++ {
				if got, want := strip(text(t, pdf, p, p)), fmt.Sprintf("第%d页共%d页", p, n); !strings.HasSuffix(got, want) {
					t.Errorf("page %d does not end with the footer %q: …%s", p, want, string([]rune(got)[max(0, len([]rune(got))-20):]))
				}
			}
			if dir := os.Getenv("JIXIAO_PDF_OUT"); dir != "" { // to look at the pages
				os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644)
			}
		})
	}
}

// checkFonts: one font, embedded, with a map to Unicode. fpdf names it
// "utf8" + its family key, with no "ABCDEF+" subset tag (ISO 32000-1,
// 9.6.4), so pdffonts shows "sub no" although it is a subset.
func checkFonts(t *testing.T, pdf []byte) {
	t.Helper()
	out := runTool(t, pdf, "pdffonts")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("pdffonts: want one font:\n%s", out)
	}
	f := strings.Fields(lines[2])
	if len(f) < 8 || f[0] != "utf8"+strings.ToLower(family) || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
		t.Errorf("pdffonts: want the font %s embedded (emb yes) with Unicode (uni yes):\n%s", "utf8"+strings.ToLower(family), out)
	}
}

func TestReproducible(t *testing.T) {
	r := newRenderer(t)
	s := seedSheet(t, "housing-fund-system")
	a, b := write(t, r, s), write(t, r, s)
	if !bytes.Equal(a, b) {
		t.Fatal("two reproducible writes differ")
	}
	if combined := summaryAndSeeds(t); !bytes.Equal(write(t, r, combined...), write(t, r, combined...)) {
		t.Fatal("two reproducible writes of a 汇总表 with its forms (links, bookmarks) differ")
	}
	var c bytes.Buffer
	if err := r.Write(&c, []*render.Sheet{s}, Options{}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c.Bytes()) || len(a) != c.Len() {
		t.Errorf("a write with today's date should differ from the reproducible one in the dates only (%d vs %d bytes)", len(a), c.Len())
	}
}

// TestConcurrent: one Renderer, many goroutines, the same bytes as one at a time.
func TestConcurrent(t *testing.T) {
	r := newRenderer(t)
	var sheets []*render.Sheet
	var want [][]byte
	for _, name := range seeds {
		sheets = append(sheets, seedSheet(t, name))
		want = append(want, write(t, r, sheets[len(sheets)-1]))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				i := (g + k) % len(sheets)
				var b bytes.Buffer
				if err := r.Write(&b, sheets[i:i+1], Options{Reproducible: true}); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(b.Bytes(), want[i]) {
					t.Errorf("goroutine %d: %s differs from the sequential output", g, seeds[i])
				}
			}
		}()
	}
	wg.Wait()
}

func TestSeveralSheets(t *testing.T) {
	r := newRenderer(t)
	var sheets []*render.Sheet
	total := 0
	for _, name := range seeds {
		s := seedSheet(t, name)
		sheets = append(sheets, s)
		total += len(paginate(newGrid(s)).pages)
	}
	pdf := write(t, r, sheets...)
	validate(t, pdf)
	if n := pages(t, pdf); n != total {
		t.Errorf("%d pages, want %d", n, total)
	}
	marks := bookmarks(t, pdf)
	if len(marks) != len(sheets) {
		t.Fatalf("bookmarks %q, want one per sheet", marks)
	}
	for i, s := range sheets {
		if marks[i] != s.Name {
			t.Errorf("bookmark %d = %q, want %q", i, marks[i], s.Name)
		}
	}
	// Pages are numbered per form: the second form starts at 第 1 页 again.
	first := len(paginate(newGrid(sheets[0])).pages)
	n2 := len(paginate(newGrid(sheets[1])).pages)
	if got := strip(text(t, pdf, first+1, first+1)); !strings.HasSuffix(got, fmt.Sprintf("第1页共%d页", n2)) {
		t.Errorf("page %d does not restart the numbering: …%s", first+1, string([]rune(got)[max(0, len([]rune(got))-12):]))
	}
	if single := write(t, r, sheets[0]); len(bookmarks(t, single)) != 0 {
		t.Error("a single form should have no bookmarks")
	}
}

// TestSummaryWithForms: a 汇总表 (landscape) before the forms.
func TestSummaryWithForms(t *testing.T) {
	r := newRenderer(t)
	sheets := summaryAndSeeds(t)
	sum := sheets[0]
	pdf := write(t, r, sheets...)
	validateLinked(t, pdf)
	// Without its links the same document passes strict validation whole:
	// the inline annotations are the only deviation.
	validate(t, write(t, r, withoutLinks(sheets)...))
	checkFonts(t, pdf)
	info := strings.Join(strings.Fields(runTool(t, pdf, "pdfinfo", "-f", "1", "-l", "2")), " ")
	for _, want := range []string{"Page 1 size: 841.89 x 595.28 pts (A4)", "Page 2 size: 595.28 x 841.89 pts (A4)",
		"Title: 2020 年度项目支出绩效自评汇总表（3 个项目）", "Subject: 2020 年度财政项目支出绩效自评"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q (a landscape summary, then portrait forms):\n%s", want, info)
		}
	}
	if got := strip(text(t, pdf, 1, 1)); !strings.Contains(got, strip(sum.Title)) || !strings.Contains(got, "互联网业务运行费") {
		t.Errorf("summary page: %s", got)
	}
	// Each sheet has its outline entry, and each project in the 汇总表
	// links to its form's first page.
	if marks := bookmarks(t, pdf); len(marks) != len(sheets) || marks[0] != sum.Name {
		t.Errorf("bookmarks %q", marks)
	}
	if got, want := linkTargets(t, pdf, 1), []int{2, 4, 7}; !slices.Equal(got, want) {
		t.Errorf("the summary page links to pages %v, want %v (each form's first page)", got, want)
	}
	if dir := os.Getenv("JIXIAO_PDF_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "summary.pdf"), pdf, 0o644)
	}
}

// withoutLinks copies sheets with every Cell.Link cleared.
func withoutLinks(sheets []*render.Sheet) []*render.Sheet {
	out := make([]*render.Sheet, len(sheets))
	for i, s := range sheets {
		c := *s
		c.Rows = slices.Clone(s.Rows)
		for j := range c.Rows {
			c.Rows[j].Cells = slices.Clone(c.Rows[j].Cells)
			for k := range c.Rows[j].Cells {
				c.Rows[j].Cells[k].Link = 0
			}
		}
		out[i] = &c
	}
	return out
}

// summaryAndSeeds is what render --combined draws of the seeds: their
// 汇总表, then each form.
func summaryAndSeeds(t *testing.T) []*render.Sheet {
	t.Helper()
	var cards []*jixiao.Scorecard
	sheets := []*render.Sheet{nil}
	for _, name := range seeds {
		f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", name+".toml"))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		card, _ := jixiao.Score(f)
		cards = append(cards, card)
		sheets = append(sheets, resolve(t, f))
	}
	sum, err := render.Summary("2020 年度项目支出绩效自评汇总表", cards, nil)
	if err != nil {
		t.Fatal(err)
	}
	sheets[0] = sum
	return sheets
}
