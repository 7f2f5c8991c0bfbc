package xlsx

import (
	"fmt"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/synth"
	"jixiao/render"
)

// The workbook's page breaks: every page holds no more than a printed page
// (with the title rows on top of the later ones), no break cuts a Keep range
// that fits on a page, and every label a break cuts is merged page by page,
// each part showing the label, without changing the sheet given.
func TestPageBreaks(t *testing.T) {
	for i := range 6 {
		f, diags := jixiao.Parse(synth.Form(i, uint64(20+3*i)), fmt.Sprintf("synth-%d.toml", i))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		s := excelRows(resolveForm(t, f))
		before := fmt.Sprint(s.Merges, s.Rows)
		breaks := pageBreaks(s)
		if len(breaks) == 0 {
			t.Fatalf("synth-%d: one page for %d rows", i, len(s.Rows))
		}
		p := pager{s: s}
		for _, r := range s.Rows {
			p.h = append(p.h, r.Height)
		}
		p.avail = (s.Page.Height - s.Page.Top - s.Page.Bottom) / fitScale(s) * (1 - fitSlack)
		p.repeatFrom, p.repeatH = s.Repeat.R1+1, p.sum(s.Repeat.R0, s.Repeat.R1+1)
		starts := append([]int{0}, breaks...)
		for k, start := range starts {
			end := len(s.Rows)
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			if h := p.sum(start, end); h > p.capacity(start) && end-start > 1 {
				t.Errorf("synth-%d: page %d (rows %d–%d) is %.0f pt, holds %.0f", i, k+1, start+1, end, h, p.capacity(start))
			}
		}
		for _, k := range s.Keep {
			for _, b := range breaks {
				if k.R0 < b && b <= k.R1 && p.sum(k.R0, k.R1+1) <= p.capacity(k.R0) {
					t.Errorf("synth-%d: break before row %d cuts %v, which fits on a page", i, b+1, k)
				}
			}
		}
		out := splitLabels(s, breaks)
		if fmt.Sprint(s.Merges, s.Rows) != before {
			t.Fatalf("synth-%d: splitLabels changed the sheet it was given", i)
		}
		cut := 0
		for _, l := range s.Labels {
			text := s.Rows[l.R0].Cells[l.C0].Text
			for _, b := range breaks {
				if l.R0 < b && b <= l.R1 {
					cut++
					if got := out.Rows[b].Cells[l.C0]; got.Text != text || got.Formula != ref(l.R0, l.C0) {
						t.Errorf("synth-%d: label %q continues on row %d as %q (=%s)", i, text, b+1, got.Text, got.Formula)
					}
					if slices.ContainsFunc(out.Merges, func(m render.Range) bool { return m.R0 < b && b <= m.R1 && m.C0 == l.C0 }) {
						t.Errorf("synth-%d: a merge in column %d still crosses the break before row %d", i, l.C0, b+1)
					}
				}
			}
		}
		if cut == 0 {
			t.Errorf("synth-%d: no label crosses a break (breaks %v)", i, breaks)
		}
	}
}

// A department renames a group in the first cell of its label; the part of
// the label on the next printed page follows (it refers to the first), and
// the import gives every indicator of the group the new name.
func TestRenameLabelAcrossPages(t *testing.T) {
	f, diags := jixiao.Parse(synth.Form(5, 35), "synth.toml")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s := resolveForm(t, f)
	p := excelRows(s)
	breaks := pageBreaks(p)
	var label render.Range
	for _, l := range p.Labels {
		for _, b := range breaks {
			if l.R0 < b && b <= l.R1 && l.C0 > 0 { // a 一级 or 二级 label, not 绩效指标
				label = l
			}
		}
	}
	if label.R1 == 0 {
		t.Fatalf("no 一级/二级 label crosses the breaks %v", breaks)
	}
	old := p.Rows[label.R0].Cells[label.C0].Text
	wb := editWorkbook(t, write(t, []*render.Sheet{s}, Options{}), func(x *excelize.File) error {
		return x.SetCellStr(x.GetSheetName(0), ref(label.R0, label.C0), "改名后的指标")
	})
	got := readOne(t, wb, ReadOptions{})
	renamed := 0
	for _, ind := range got.Indicators {
		for _, name := range []string{ind.Level1.Val, ind.Level2.Val} {
			if name == old {
				t.Errorf("%q keeps the old name %q", ind.Name.Val, old)
			}
			if name == "改名后的指标" {
				renamed++
			}
		}
	}
	if want := label.Rows(); renamed < 2 || renamed > want {
		t.Errorf("%d indicators renamed, want those of rows %d–%d", renamed, label.R0+1, label.R1+1)
	}
}
