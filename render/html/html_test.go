package html

import (
	"bytes"
	stdhtml "html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/render"
)

// seed resolves a seed form with its own template, after edit changes it.
func seed(t *testing.T, name string, edit func(*jixiao.Form)) *render.Sheet {
	t.Helper()
	f, diags := jixiao.LoadFile(filepath.Join("..", "..", "data", "2020", name))
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	if edit != nil {
		edit(f)
	}
	s, err := render.ResolveForm(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func write(t *testing.T, s *render.Sheet, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, s, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// td finds the opening tag and content of the cell with the id.
func td(t *testing.T, page, id string) (tag, content string) {
	t.Helper()
	m := regexp.MustCompile(`(<td id="` + id + `"[^>]*>)(.*?)</td>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no cell %s in\n%s", id, page)
	}
	return m[1], m[2]
}

func TestSeedForm(t *testing.T) {
	s := seed(t, "internet-services.toml", nil)
	page := write(t, s, Options{})

	// One <td> per cell not covered by a merge, one <tr> per row, a <col>
	// per column.
	covered := 0
	for _, m := range s.Merges {
		covered += (m.R1-m.R0+1)*(m.C1-m.C0+1) - 1
	}
	cells := len(s.Rows)*len(s.Columns) - covered
	if n := strings.Count(page, "<td "); n != cells {
		t.Errorf("%d cells drawn, want %d", n, cells)
	}
	if n := strings.Count(page, "<tr "); n != len(s.Rows) {
		t.Errorf("%d rows drawn, want %d", n, len(s.Rows))
	}
	if n := strings.Count(page, "<col "); n != len(s.Columns) {
		t.Errorf("%d columns drawn, want %d", n, len(s.Columns))
	}

	// Every merge spans its rows and columns from its top-left cell.
	for _, m := range s.Merges {
		tag, _ := td(t, page, render.A1(m.R0, m.C0))
		if rows := m.R1 - m.R0 + 1; rows > 1 && !strings.Contains(tag, ` rowspan="`+itoa(rows)+`"`) {
			t.Errorf("%s: want rowspan %d: %s", render.A1(m.R0, m.C0), rows, tag)
		}
		if cols := m.C1 - m.C0 + 1; cols > 1 && !strings.Contains(tag, ` colspan="`+itoa(cols)+`"`) {
			t.Errorf("%s: want colspan %d: %s", render.A1(m.R0, m.C0), cols, tag)
		}
	}
	tag, text := td(t, page, "A1")
	if !strings.Contains(tag, `colspan="9"`) || text != "财政项目支出绩效自评表" || !strings.Contains(tag, " b ") {
		t.Errorf("title: %s%s", tag, text)
	}
	if tag, _ := td(t, page, "A5"); !strings.Contains(tag, `rowspan="5"`) {
		t.Errorf("项目资金 spans 5 rows: %s", tag)
	}

	// The texts and numbers are the sheet's, its lines joined with <br>.
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Kind == render.Empty || len(c.Lines) == 0 {
				continue
			}
			var want []string
			for _, l := range c.Lines {
				want = append(want, stdhtml.EscapeString(render.Visible(l)))
			}
			if _, got := td(t, page, render.A1(i, j)); got != strings.Join(want, "<br>") {
				t.Errorf("%s: %q, want %q", render.A1(i, j), got, strings.Join(want, "<br>"))
			}
		}
	}
	if _, text := td(t, page, "G6"); text != "100.00" {
		t.Errorf("执行率: %q", text)
	}
	if _, text := td(t, page, "B11"); strings.Count(text, "<br>") != len(s.Rows[10].Cells[1].Lines)-1 || strings.Count(text, "<br>") < 5 {
		t.Errorf("预算目标 has %d breaks", strings.Count(text, "<br>"))
	}

	// Editable cells carry their field and value; labels do not.
	tag, _ = td(t, page, "F13")
	for _, want := range []string{`data-field="indicators.0.actual"`, `data-value="=88.27%"`, ` ed`, `tabindex="0"`} {
		if !strings.Contains(tag, want) {
			t.Errorf("F13 lacks %s: %s", want, tag)
		}
	}
	if tag, _ := td(t, page, "D6"); !strings.Contains(tag, `data-kind="number"`) || !strings.Contains(tag, `data-value="5,230,000.00"`) {
		t.Errorf("D6: %s", tag)
	}
	if tag, _ := td(t, page, "A3"); strings.Contains(tag, "data-field") || strings.Contains(tag, " ed") {
		t.Errorf("a label is not editable: %s", tag)
	}
	if tag, _ := td(t, page, "F13"); strings.Contains(write(t, s, Options{ReadOnly: true}), tag) {
		t.Errorf("ReadOnly still editable")
	}

	if tag, _ := td(t, write(t, s, Options{CanEdit: func(f string) bool { return f != "indicators.0.actual" }}), "F13"); strings.Contains(tag, " ed") {
		t.Errorf("CanEdit refused F13, still editable: %s", tag)
	}

	if tag, _ := td(t, write(t, s, Options{Fields: map[render.At]string{{Row: 12, Col: 1}: "indicators.0.level1"}}), "B13"); !strings.Contains(tag, `data-field="indicators.0.level1"`) || !strings.Contains(tag, " ed") {
		t.Errorf("a label given a field: %s", tag)
	}

	// Widths and heights in proportion: points as pixels at 96 dpi.
	if !strings.Contains(page, `<tr height="`+itoa(int(s.Rows[10].Height*4/3+0.5))+`">`) {
		t.Errorf("row 11's height %.1f pt not drawn", s.Rows[10].Height)
	}

	// Marks.
	if tag, _ := td(t, write(t, s, Options{Marks: map[render.At]string{{Row: 12, Col: 5}: "err"}}), "F13"); !strings.Contains(tag, " err") {
		t.Errorf("mark: %s", tag)
	}
}

func TestEscaping(t *testing.T) {
	s := seed(t, "internet-services.toml", func(f *jixiao.Form) {
		f.Indicators[0].Reason = jixiao.Field[string]{Val: `<script>alert(1)</script>`, Set: true}
		f.Project.Name = jixiao.Field[string]{Val: `"><img src=x onerror=alert(1)>&`, Set: true}
	})
	page := write(t, s, Options{})
	if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Fatalf("markup from data reached the page:\n%s", page)
	}
	if _, text := td(t, page, "I13"); text != "&lt;script&gt;alert(1)&lt;/script&gt;" {
		t.Errorf("reason: %q", text)
	}
	if tag, _ := td(t, page, "I13"); !strings.Contains(tag, `data-value="&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Errorf("reason's value: %s", tag)
	}
	if !strings.Contains(page, `data-name="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;"`) {
		t.Errorf("name not escaped in its attribute")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
