package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// A reason too long for one Excel row is written over several rows, every
// cell of its row merged across them, so it shows in full; formulas and the
// rest of the sheet follow.
func TestTallRowIsSplit(t *testing.T) {
	s := seedSheet(t, "housing-fund-system")
	row := 13 // 故障处理结案率 (logical row 14), its reason in I
	c := &s.Rows[row].Cells[8]
	c.Text = strings.Repeat("一是个别工单因发起时间和问题复杂性，需要一定时间和过程。", 40)
	s.Rows[row].Height = 1000 // as the resolver would make it for this text
	tot := s.Fields["total"]
	s.Rows[tot.Row].Cells[tot.Col].Formula = "SUM(H6,H13:H23)"
	var b bytes.Buffer
	if err := Write(&b, []*render.Sheet{s}, Options{}); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	name := f.GetSheetName(0)
	k := 3 // 1000 × 1.1 = 1100 pt over rows of at most 409
	for r := 14; r < 14+k; r++ {
		if h, _ := f.GetRowHeight(name, r); h > maxRowHeight || h < 360 {
			t.Errorf("row %d height %v", r, h)
		}
	}
	merges, _ := f.GetMergeCells(name)
	found := map[string]bool{}
	for _, m := range merges {
		found[m.GetStartAxis()+":"+m.GetEndAxis()] = true
	}
	// Labels are merged page by page (the workbook's page breaks), each
	// part showing the label; the other merges are whole.
	r := excelRows(s)
	breaks := pageBreaks(r)
	labels := map[string]bool{}
	for _, l := range r.Labels {
		labels[a1(l.R0, l.C0)+":"+a1(l.R1, l.C1)] = true
	}
	for _, want := range []string{"I14:I16", "D14:D16", "H14:H16", "C14:C17", "B13:B18", "A12:A25", "A26:F26"} {
		parts := []string{want}
		if labels[want] {
			parts = splitRef(want, breaks)
		}
		for _, p := range parts {
			if !found[p] && !strings.HasPrefix(p, "single:") {
				t.Errorf("merge %s (of %s) missing; have %v", p, want, found)
			}
		}
	}
	if v, _ := f.GetCellValue(name, "I14"); v != c.Text {
		t.Errorf("the long reason did not survive")
	}
	if formula, _ := f.GetCellFormula(name, "H26"); formula != "SUM(H6,H13:H25)" {
		t.Errorf("total formula %q", formula)
	}
	if edited, err := Edited(bytes.NewReader(data)); err != nil || edited {
		t.Errorf("fingerprint after a split: edited %v, %v", edited, err)
	}
}

// splitRef cuts a one-column merge "A12:A25" at page breaks (0-based rows
// starting a page): its parts, a single row as "single:A20".
func splitRef(rg string, breaks []int) []string {
	from, to, _ := strings.Cut(rg, ":")
	col := from[:1]
	r0, _ := strconv.Atoi(from[1:])
	r1, _ := strconv.Atoi(to[1:])
	var out []string
	part := func(a, b int) {
		if a == b {
			out = append(out, "single:"+col+strconv.Itoa(a))
		} else {
			out = append(out, col+strconv.Itoa(a)+":"+col+strconv.Itoa(b))
		}
	}
	for _, b := range breaks {
		if b+1 > r0 && b+1 <= r1 {
			part(r0, b)
			r0 = b + 1
		}
	}
	part(r0, r1)
	return out
}
