package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// One edit of a cell or a row, and what the import makes of it.
func TestReadCells(t *testing.T) {
	housing, _ := housingForm(t)
	housingWB := renderForm(t, housing)
	synthForm := mustParse(t, "synth", roundTripForms(t)[3].src) // 执行率 and 得分 are formulas here
	synthWB := renderForm(t, synthForm)
	sf, _ := excelize.OpenReader(bytes.NewReader(synthWB))
	synthSheet := sf.GetSheetName(0)
	setIn := func(sheet string, kv ...any) func(f *excelize.File) error {
		return func(f *excelize.File) error {
			for i := 0; i < len(kv); i += 2 {
				if err := f.SetCellValue(sheet, kv[i].(string), kv[i+1]); err != nil {
					return err
				}
			}
			return nil
		}
	}
	set := func(kv ...any) func(f *excelize.File) error { return setIn(housingSheet, kv...) }
	cases := []struct {
		name    string
		wb      []byte
		edit    func(f *excelize.File) error
		xml     [2]string // a replacement in the worksheet's XML, after edit
		check   func(t *testing.T, f *jixiao.Form)
		problem string // the one problem expected ("" for none)
		err     bool   // whether it is an error
	}{
		{name: "amount typed as a number", wb: housingWB, edit: set("E7", 7549020.5),
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Appropriation.Executed, "7549020.5") }},
		{name: "amount stored with 17 digits", wb: housingWB, xml: [2]string{`<v>7549020</v>`, `<v>7549020.4999999991</v>`},
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Total.Executed, "7549020.5") }},
		{name: "amount as text with separators", wb: housingWB, edit: set("C7", " 7,597,939.10 "),
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Appropriation.Initial, "7597939.1") }},
		{name: "amount with more decimals than the fen", wb: housingWB, edit: set("D7", "7549540.001"),
			problem: "!D7：金额 7549540.001 有 3 位小数，最多 2 位", err: true},
		{name: "amount that is not a number", wb: housingWB, edit: set("D7", "约 755 万"),
			problem: "!D7：金额“约 755 万”无法读作数字", err: true},
		{name: "reported 执行率 typed as a percentage", wb: synthWB, edit: func(f *excelize.File) error {
			style, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
			f.SetCellValue(synthSheet, "G6", 0.995)
			return f.SetCellStyle(synthSheet, "G6", "G6", style)
		}, check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Rate, "99.5") }},
		{name: "执行率 formula kept: not reported", wb: synthWB,
			check: func(t *testing.T, f *jixiao.Form) {
				if f.Funds.Rate.Set || f.Funds.Score.Set || f.Funds.Total.Budget.Set {
					t.Errorf("rate %v score %v total %v", f.Funds.Rate, f.Funds.Score, f.Funds.Total)
				}
			}},
		{name: "得分 typed over its formula: reported", wb: synthWB, edit: setIn(synthSheet, "H6", 9),
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Score, "9") }},
		{name: "年度资金总额 typed over its formula: given", wb: synthWB, edit: setIn(synthSheet, "D6", "1,000.00"),
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Funds.Total.Budget, "1000") }},
		{name: "总分 typed over its formula: not read", wb: housingWB, edit: set("H24", 99),
			problem: "!H24：总分由 jixiao 计算，这里填写的“99”没有读入"},
		{name: "a formula typed as a score", wb: housingWB, edit: func(f *excelize.File) error {
			return f.SetCellFormula(housingSheet, "H18", "G18*0.9")
		}, problem: "!H18：得分是公式（=G18*0.9）", check: func(t *testing.T, f *jixiao.Form) {
			if f.Indicators[5].Score.Set {
				t.Errorf("score %v", f.Indicators[5].Score)
			}
		}},
		{name: "score as text", wb: housingWB, edit: set("H17", "9.5 "),
			check: func(t *testing.T, f *jixiao.Form) { wantNum(t, f.Indicators[4].Score, "9.5") }},
		{name: "a number typed into a text cell", wb: housingWB, edit: set("F23", 100),
			check: func(t *testing.T, f *jixiao.Form) { wantText(t, f.Indicators[10].Actual, "100") }},
		{name: "group renamed in its merged label", wb: housingWB, edit: set("C20", "可持续发展指标"),
			check: func(t *testing.T, f *jixiao.Form) {
				for _, i := range []int{7, 8, 9} {
					wantText(t, f.Indicators[i].Level2, "可持续发展指标")
				}
			}},
		{name: "a control character", wb: housingWB, edit: set("D13", "巡\x07检"),
			problem: "!D13：含不可打印的字符，已删除", check: func(t *testing.T, f *jixiao.Form) { wantText(t, f.Indicators[0].Name, "巡检") }},
		{name: "a blank row inserted", wb: housingWB, edit: func(f *excelize.File) error { return f.InsertRows(housingSheet, 20, 2) },
			check: func(t *testing.T, f *jixiao.Form) {
				if len(f.Indicators) != 11 {
					t.Errorf("%d indicators", len(f.Indicators))
				}
			}},
		{name: "a value below the form", wb: housingWB, edit: set("B30", "制表人：张三"),
			problem: "!B30：这里不是表格中的栏目，其中的“制表人：张三”没有读入"},
		{name: "header row deleted", wb: housingWB, edit: func(f *excelize.File) error { return f.RemoveRow(housingSheet, 12) },
			problem: "找不到指标表的表头（第 12 行应为 A 列“绩效指标”", err: true},
		{name: "a row inserted above the table", wb: housingWB, edit: func(f *excelize.File) error { return f.InsertRows(housingSheet, 11, 1) },
			problem: "!A13：指标表的表头在第 13 行，模板中应在第 12 行", err: true},
		{name: "总分 row gone", wb: housingWB, edit: func(f *excelize.File) error { return f.RemoveRow(housingSheet, 24) },
			problem: "找不到指标表的结束行（A 列“总分”）", err: true},
		{name: "year line changed", wb: housingWB, edit: set("A2", "(2021 年度)"),
			check: func(t *testing.T, f *jixiao.Form) {
				if f.Year.Val != 2021 {
					t.Errorf("year %v", f.Year)
				}
			}},
		{name: "unit the importer does not know", wb: housingWB, edit: set("A5", "项目资金（千元）"),
			problem: "!A5：金额单位“千元”无法识别", err: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wb := c.wb
			if c.edit != nil {
				wb = editWorkbook(t, wb, c.edit)
			}
			if c.xml[0] != "" {
				wb = rezip(t, wb, func(n string, d []byte) []byte {
					if n == "xl/worksheets/sheet1.xml" {
						if !bytes.Contains(d, []byte(c.xml[0])) {
							t.Fatalf("%s not in the sheet", c.xml[0])
						}
						return bytes.Replace(d, []byte(c.xml[0]), []byte(c.xml[1]), 1)
					}
					return d
				}, nil)
			}
			out, err := Read(bytes.NewReader(wb), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			imp := out[0]
			var msgs []string
			for _, p := range imp.Problems {
				msgs = append(msgs, p.Message)
			}
			switch {
			case c.problem == "" && len(msgs) > 0:
				t.Fatalf("problems: %v", msgs)
			case c.problem != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], c.problem)):
				t.Fatalf("problems %v, want one with %q", msgs, c.problem)
			case c.problem != "" && imp.Problems.HasErrors() != c.err:
				t.Fatalf("problem %v: error %v, want %v", imp.Problems[0], !c.err, c.err)
			}
			if c.check != nil {
				if imp.Form == nil {
					t.Fatal("no form")
				}
				c.check(t, imp.Form)
			}
		})
	}
}

func wantNum(t *testing.T, n jixiao.Number, want string) {
	t.Helper()
	if !n.Set || n.Val.String() != want {
		t.Errorf("%v (set %v), want %s", n.Val, n.Set, want)
	}
}

func wantText(t *testing.T, f jixiao.Field[string], want string) {
	t.Helper()
	if !f.Set || f.Val != want {
		t.Errorf("%q (set %v), want %q", f.Val, f.Set, want)
	}
}
