package xlsx

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"jixiao/internal/testtool"
	"jixiao/render"
)

// tool finds an external program (see testtool.Need).
func tool(t *testing.T, name string) string { return testtool.Need(t, name) }

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// The seed workbooks, printed by LibreOffice, show every value and label
// of the form, with the footer on every page, on the pages the workbook's
// own page breaks make.
func TestLibreOfficePrint(t *testing.T) {
	soffice := tool(t, "soffice")
	tool(t, "pdftotext")
	tool(t, "pdfinfo")
	dir := t.TempDir()
	sheets := map[string]*render.Sheet{}
	var files []string
	// LibreOffice 7.4 prints the cached values of formulas (it does not
	// recalculate on load, fullCalcOnLoad or not): the edited seed's live
	// formulas must print what jixiao computed.
	names := append(slices.Clone(seeds), "edited")
	for _, name := range names {
		s := editedSeed(t)
		if name != "edited" {
			s = seedSheet(t, name)
		}
		sheets[name] = s
		path := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(path, write(t, []*render.Sheet{s}, Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	// One conversion for all (soffice starts slowly); a profile of
	// its own so parallel runs do not collide.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := "-env:UserInstallation=file://" + filepath.Join(t.TempDir(), "lo-profile")
	args := append([]string{"--headless", "--convert-to", "pdf", "--outdir", dir, profile}, files...)
	if out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, seed := range names {
		t.Run(seed, func(t *testing.T) {
			s, pdf := sheets[seed], filepath.Join(dir, seed+".pdf")
			text := squeeze(run(t, "pdftotext", "-raw", pdf, "-"))
			for i, row := range s.Rows {
				for j, c := range row.Cells {
					if want := squeeze(c.Text); want != "" && !strings.Contains(text, want) {
						t.Errorf("%s %q not printed", a1(i, j), c.Text)
					}
				}
			}
			n := pageCount(t, pdf)
			for p := 1; p <= n; p++ {
				if footer := fmt.Sprintf("第%d页共%d页", p, n); !strings.Contains(text, footer) {
					t.Errorf("footer %q not printed", footer)
				}
			}
			// Pages break where the workbook says (no more: its pages
			// leave room for LibreOffice's rounding), and every label a
			// break cuts prints its text on the new page too.
			r := excelRows(s)
			breaks := pageBreaks(r)
			if n != len(breaks)+1 {
				t.Errorf("%d pages, want %d (breaks before rows %v); printed at %.1f%%", n, len(breaks)+1, breaks, printScale(t, s, pdf)*100)
			}
			for p, b := range breaks {
				if p+2 > n {
					break
				}
				page := squeeze(run(t, "pdftotext", "-raw", "-f", strconv.Itoa(p+2), "-l", strconv.Itoa(p+2), pdf, "-"))
				for _, l := range r.Labels {
					if text := squeeze(r.Rows[l.R0].Cells[l.C0].Text); l.R0 < b && b <= l.R1 && !strings.Contains(page, text) {
						t.Errorf("page %d continues the label %q (rows %d–%d) without its text", p+2, text, l.R0+1, l.R1+1)
					}
				}
			}
			t.Logf("%d page(s), breaks before rows %v, printed at %.1f%%", n, breaks, printScale(t, s, pdf)*100)
		})
	}
}

func pageCount(t *testing.T, pdf string) int {
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", pdf))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// printScale measures how much LibreOffice scaled the sheet to fit the
// width: the printed distance between the middles of two vertically centred
// labels over their distance on the sheet. (The columns always print as
// wide as the page allows; LibreOffice's own column widths, and so the
// scale, depend on the metrics of the font it substitutes for Calibri, the
// workbook's default font.)
func printScale(t *testing.T, s *render.Sheet, pdf string) float64 {
	var doc struct {
		Words []struct {
			YMin float64 `xml:"yMin,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"body>doc>page>word"`
	}
	if err := xml.Unmarshal([]byte(run(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-")), &doc); err != nil {
		t.Fatal(err)
	}
	printed := func(label string) float64 {
		for _, w := range doc.Words {
			if w.Text == label {
				return (w.YMin + w.YMax) / 2
			}
		}
		t.Fatalf("%q not on page 1", label)
		return 0
	}
	onSheet := func(label string) float64 {
		y := 0.0
		for _, row := range s.Rows {
			for _, c := range row.Cells {
				if c.Text == label {
					return y + row.Height/2
				}
			}
			y += row.Height
		}
		t.Fatalf("%q not on the sheet", label)
		return 0
	}
	a, b := "项目名称", "一级指标"
	return (printed(b) - printed(a)) / (onSheet(b) - onSheet(a))
}
