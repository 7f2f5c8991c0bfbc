package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao/internal/testtool"
	"jixiao/render"
)

// extractors are the text extractors of three PDF engines, each printing a
// PDF's text to standard output: poppler, MuPDF and Ghostscript (whose
// 10.0 misread a ToUnicode map jixiao once wrote).
var extractors = []struct {
	name string
	args []string // "%" is the file's path
}{
	{"pdftotext", []string{"-raw", "-enc", "UTF-8", "-q", "%", "-"}},
	{"mutool", []string{"draw", "-q", "-F", "txt", "-o", "-", "%"}},
	{"gs", []string{"-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite", "-sOutputFile=-", "%"}},
}

// TestTextLayer: poppler, MuPDF and Ghostscript all read the text of every
// form, and of a 汇总表 with the forms, back from the PDF, character for
// character.
func TestTextLayer(t *testing.T) {
	r := newRenderer(t)
	docs := map[string][]*render.Sheet{
		"stress":   {parseForm(t, stressForm(longReason(1500)), "stress.toml")},
		"combined": summaryAndSeeds(t),
	}
	for _, name := range seeds {
		docs[name] = []*render.Sheet{seedSheet(t, name)}
	}
	for _, x := range extractors {
		t.Run(x.name, func(t *testing.T) {
			bin := testtool.Need(t, x.name)
			for name, sheets := range docs {
				t.Run(name, func(t *testing.T) {
					t.Parallel() // Ghostscript takes a second a document
					var want strings.Builder
					for _, s := range sheets {
						want.WriteString(drawnText(s))
					}
					compareText(t, extract(t, bin, x.args, write(t, r, sheets...)), want.String())
				})
			}
		})
	}
}

// extract runs an extractor on the PDF and returns what it printed on
// standard output (MuPDF warns on standard error).
func extract(t *testing.T, bin string, args []string, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	args = slices.Clone(args)
	args[slices.Index(args, "%")] = path
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(bin), err, errOut.String())
	}
	return out.String()
}

// compareText compares extracted text with the text drawn, ignoring white
// space: the same characters, each as many times.
func compareText(t *testing.T, got, want string) {
	t.Helper()
	gc, wc := counts(got), counts(want)
	bad := 0
	for r, n := range wc {
		if gc[r] != n {
			bad++
			if bad <= 10 {
				t.Errorf("%q (U+%04X) read %d times, drawn %d times", r, r, gc[r], n)
			}
		}
	}
	for r, n := range gc {
		if _, ok := wc[r]; !ok {
			bad++
			if bad <= 10 {
				t.Errorf("%q (U+%04X) read %d times, never drawn", r, r, n)
			}
		}
	}
	if bad > 10 {
		t.Errorf("%d characters in all read wrongly", bad)
	}
}
