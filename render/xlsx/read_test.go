package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/synth"
	"jixiao/render"
	"jixiao/templates"
)

// roundTripForm is one input of the round-trip tests.
type roundTripForm struct {
	name string
	src  []byte
}

// roundTripForms are the seed forms and stress forms: synthetic forms with
// 15–40 indicators on both templates (the MOF one keeps a blank row for
// every empty standard group), one per rounding, one with indicators
// dropped as not applicable, one in 万元 and one with empty texts.
func roundTripForms(t testing.TB) []roundTripForm {
	var out []roundTripForm
	for _, seed := range seeds {
		src, err := os.ReadFile(filepath.Join("..", "..", "data", "2020", seed+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, roundTripForm{seed, src})
	}
	for i := range 6 {
		out = append(out, roundTripForm{fmt.Sprintf("synth-%d", i), synth.Form(i, 11)})
	}
	rescale := strings.Replace(string(synth.Form(2, 5)), "[policy]\n", "[policy]\nnot_applicable = \"rescale\"\n", 1)
	rescale = strings.Replace(rescale, "actual = \"有效", "actual = \"该指标不适用，有效", 1)
	out = append(out, roundTripForm{"rescale", []byte(rescale)})
	wan := strings.Replace(string(synth.Form(3, 5)), "unit = \"元\"", "unit = \"万元\"", 1)
	out = append(out, roundTripForm{"wanyuan", []byte(wan)})
	empty := strings.Replace(string(synth.Form(4, 5)), "implementer = ", "implementer = \"\"\n# ", 1)
	out = append(out, roundTripForm{"empty-text", []byte(empty)})
	return out
}

func mustParse(t testing.TB, name string, src []byte) *jixiao.Form {
	t.Helper()
	f, diags := jixiao.Parse(src, name)
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return f
}

// renderForm writes one form as a workbook with its own template.
func renderForm(t testing.TB, f *jixiao.Form) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, []*render.Sheet{resolveForm(t, f)}, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readOne reads a workbook of one form sheet and fails on any problem.
func readOne(t testing.TB, wb []byte, opt ReadOptions) *jixiao.Form {
	t.Helper()
	out, err := Read(bytes.NewReader(wb), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Form == nil || len(out[0].Problems) > 0 {
		t.Fatalf("read %d sheets: %+v", len(out), out)
	}
	return out[0].Form
}

// asPrinted is the form as a workbook carries it without the data file: a
// printed 得分 equal to the rule's is not a reported one, 执行率 weight 10 is
// the default, an empty text is left out, the unit is always shown and the
// template is the one used, the indicators come in the order they print.
// The policy cannot be printed: it is taken from the imported form (and
// checked separately).
func asPrinted(t testing.TB, f, imported *jixiao.Form) *jixiao.Form {
	g := *f
	g.Indicators = nil
	for _, i := range resolveForm(t, f).Block.Indexes {
		if i >= 0 {
			g.Indicators = append(g.Indicators, f.Indicators[i])
		}
	}
	g.Template = jixiao.Field[string]{Val: imported.Template.Val, Set: true}
	g.Policy = imported.Policy
	g.Funds.Unit.Set = true
	if g.Funds.Weight.Val.Equal(decimal.NewFromInt(10)) {
		g.Funds.Weight.Set = false
	}
	rules := g
	rules.Indicators = append([]jixiao.Indicator(nil), g.Indicators...)
	for i := range rules.Indicators {
		rules.Indicators[i].Score = jixiao.Number{}
	}
	card, _ := jixiao.Score(&rules)
	for i := range g.Indicators {
		ind := &g.Indicators[i]
		if r := card.Indicators[i].Rule; ind.Score.Set && r.Set && r.Val.Equal(ind.Score.Val) || card.Indicators[i].Excluded {
			ind.Score = jixiao.Number{}
		}
		for _, p := range []*jixiao.Field[string]{&ind.Name, &ind.Target, &ind.Actual, &ind.Reason} {
			p.Set = p.Val != ""
		}
	}
	for _, p := range []*jixiao.Field[string]{&g.Project.Name, &g.Project.Department, &g.Project.Implementer, &g.Goals.Planned, &g.Goals.Achieved} {
		p.Set = p.Val != ""
	}
	return &g
}

// cellsOf lists every cell of every sheet: value as stored and formula.
func cellsOf(t testing.TB, wb []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for _, name := range formSheets(f) {
		rows, _ := f.GetRows(name, excelize.Options{RawCellValue: true})
		for i, row := range rows {
			for j, v := range row {
				formula, _ := f.GetCellFormula(name, ref(i, j))
				if v != "" || formula != "" {
					out = append(out, fmt.Sprintf("%s!%s=%q %s", name, ref(i, j), v, formula))
				}
			}
		}
		merges, _ := f.GetMergeCells(name, true)
		for _, m := range merges {
			out = append(out, name+" merge "+m.GetStartAxis()+":"+m.GetEndAxis())
		}
	}
	return out
}

func sameCells(t *testing.T, a, b []byte) {
	t.Helper()
	x, y := cellsOf(t, a), cellsOf(t, b)
	if strings.Join(x, "\n") != strings.Join(y, "\n") {
		for i := range min(len(x), len(y)) {
			if x[i] != y[i] {
				t.Fatalf("workbooks differ at cell %d: %s ≠ %s", i, x[i], y[i])
			}
		}
		t.Fatalf("workbooks differ: %d cells ≠ %d", len(x), len(y))
	}
}

// render → import → render: the same data and the same workbook, with the
// data file (--into) exactly, without it up to what a workbook cannot carry.
func TestReadRoundTrip(t *testing.T) {
	for _, in := range roundTripForms(t) {
		t.Run(in.name, func(t *testing.T) {
			orig := mustParse(t, in.name+".toml", in.src)
			wb := renderForm(t, orig)

			withBase := readOne(t, wb, ReadOptions{Base: orig})
			if diff := jixiao.Differences(withBase, orig); len(diff) > 0 {
				t.Errorf("with the data file: differs in %v", diff)
			}
			if got, want := jixiao.Format(withBase), jixiao.Format(orig); !bytes.Equal(got, want) {
				t.Errorf("with the data file, Format differs:\n%s\n---\n%s", got, want)
			}

			alone := readOne(t, wb, ReadOptions{})
			if got, want := jixiao.Format(alone), jixiao.Format(asPrinted(t, orig, alone)); !bytes.Equal(got, want) {
				t.Errorf("without the data file, Format differs:\n%s\n---\n%s", got, want)
			}
			if orig.Funds.Rate.Set {
				if alone.Policy.RateRounding.Set {
					t.Errorf("rounding %v read from a reported rate", alone.Policy.RateRounding)
				}
			} else if alone.Policy.RateRounding.Val != orig.Policy.RateRounding.Val {
				t.Errorf("rounding %s read from the 执行率 formula, want %s", alone.Policy.RateRounding.Val, orig.Policy.RateRounding.Val)
			}
			if alone.Policy.NotApplicable.Val != orig.Policy.NotApplicable.Val && strings.Contains(string(in.src), "该指标不适用") {
				t.Errorf("not_applicable %s, want %s", alone.Policy.NotApplicable.Val, orig.Policy.NotApplicable.Val)
			}
			if alone.Template.Val != templateOf(orig) {
				t.Errorf("template %q, want %q", alone.Template.Val, templateOf(orig))
			}

			sameCells(t, wb, renderForm(t, withBase))
			alone.Policy = orig.Policy // what only the data file knows
			sameCells(t, wb, renderForm(t, alone))
		})
	}
}

func templateOf(f *jixiao.Form) string {
	if f.Template.Set {
		return f.Template.Val
	}
	return templates.Default
}

// A workbook of several forms and the 汇总表: each form sheet is read, the
// summary is skipped with a notice.
func TestReadWorkbookOfForms(t *testing.T) {
	var cards []*jixiao.Scorecard
	var forms []*jixiao.Form
	sheets := []*render.Sheet{nil}
	for _, in := range roundTripForms(t)[:5] {
		f := mustParse(t, in.name, in.src)
		card, _ := jixiao.Score(f)
		cards, forms = append(cards, card), append(forms, f)
		sheets = append(sheets, resolveForm(t, f))
	}
	sum, err := render.Summary("汇总", cards, nil)
	if err != nil {
		t.Fatal(err)
	}
	sheets[0] = sum
	var b bytes.Buffer
	if err := Write(&b, sheets, Options{}); err != nil {
		t.Fatal(err)
	}
	out, err := Read(&b, ReadOptions{Name: "all.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 6 || out[0].Form != nil || len(out[0].Problems) != 1 || !strings.Contains(out[0].Problems[0].Message, "汇总表") {
		t.Fatalf("summary sheet: %+v", out[0])
	}
	if p := out[0].Problems[0]; p.Severity != jixiao.Warning || p.Pos.File != "all.xlsx" || !strings.HasPrefix(p.Message, "工作表“汇总表”：") {
		t.Errorf("summary notice %v", p)
	}
	for i, imp := range out[1:] {
		if imp.Form == nil || len(imp.Problems) > 0 || imp.Index != i+2 {
			t.Fatalf("sheet %d: %+v", i+2, imp)
		}
		if diff := jixiao.Differences(imp.Form, asPrinted(t, forms[i], imp.Form)); len(diff) > 0 {
			t.Errorf("sheet %s differs in %v", imp.Sheet, diff)
		}
	}
}
