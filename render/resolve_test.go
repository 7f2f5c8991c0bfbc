package render

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"jixiao"
)

func mergeRefs(s *Sheet) []string {
	var out []string
	for _, m := range s.Merges {
		out = append(out, ref(At{m.R0, m.C0})+":"+ref(At{m.R1, m.C1}))
	}
	sort.Strings(out)
	return out
}

// The merges of seed form 1 are those of the official form: derived from the
// grouping, not copied from any template row.
func TestSeedMerges(t *testing.T) {
	s := seedSheet(t, "housing-fund-system.toml")
	want := []string{
		"A1:I1", "A2:I2", "B3:I3", "B4:D4", "F4:I4", // title, year, 项目名称, 主管部门/实施单位
		"A5:A9", "H5:I5", "H6:I6", "H7:I7", "H8:I8", "H9:I9", // 项目资金
		"A10:A11", "B10:D10", "E10:I10", "B11:D11", "E11:I11", // 年度总体目标
		"A12:A23",            // 绩效指标 over header and every indicator row
		"B13:B16", "C14:C15", // 产出指标; 质量指标 (巡检报告 with 故障处理结案率)
		"B17:B22", "C17:C19", "C20:C22", // 效益指标; 社会效益; 可持续影响
		"A24:F24", // 总分
	}
	sort.Strings(want)
	if got := mergeRefs(s); !slices.Equal(got, want) {
		t.Errorf("merges\n got %v\nwant %v", got, want)
	}
	for ref, text := range map[string]string{
		"A1": "财政项目支出绩效自评表", "A2": "(2020 年度)", "A5": "项目资金（元）", "B10": "预算目标",
		"B13": "产出指标", "C13": "数量指标", "D13": "巡检", "C14": "质量指标", "D15": "巡检报告",
		"D23": "用户满意度", "B23": "满意度指标", "A24": "总分", "G24": "100", "H24": "97.5",
		"C6": "7,597,939.00", "D6": "7,549,540.00", "E6": "7,549,020.00", "G6": "100.00", "H6": "10",
		"F7": "—", "H7": "", "H14": "9", "H17": "9.5", "H22": "0",
	} {
		if got := cellAt(t, s, ref).Text; got != text {
			t.Errorf("%s = %q, want %q", ref, got, text)
		}
	}
	if s.Repeat == nil || *s.Repeat != (Range{R0: 11, C0: 0, R1: 11, C1: 8}) {
		t.Errorf("repeat %+v", s.Repeat)
	}
	if s.Block.Header != 11 || s.Block.First != 12 || s.Block.Last != 22 || s.Block.Total != 23 || s.Block.FundsRow != 5 {
		t.Errorf("block %+v", s.Block)
	}
}

func cellAt(t *testing.T, s *Sheet, a1 string) Cell {
	t.Helper()
	col := int(a1[0] - 'A')
	row := 0
	for _, c := range a1[1:] {
		row = row*10 + int(c-'0')
	}
	return s.Rows[row-1].Cells[col]
}

// The MOF template keeps every standard group, with blank rows where a
// group has no indicator; other names come after the standard ones.
func TestGroupsKeepEmpty(t *testing.T) {
	f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", "internet-services.toml"))
	card, _ := jixiao.Score(f)
	mof, _ := Builtin("mof-project-self-evaluation")
	s, err := Resolve(mof, card, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var l2 []string
	for i := s.Block.First; i <= s.Block.Last; i++ {
		if c := s.Rows[i].Cells[2]; c.Kind == Text {
			l2 = append(l2, c.Text)
		}
	}
	want := "数量指标 质量指标 时效指标 成本指标 经济效益指标 社会效益指标 生态效益指标 可持续影响指标 绩效指标 服务对象满意度指标"
	if got := strings.Join(l2, " "); got != want {
		t.Errorf("二级 order\n got %s\nwant %s", got, want)
	}
	blank := 0
	for _, i := range s.Block.Indexes {
		if i < 0 {
			blank++
		}
	}
	if blank != 3 || len(s.Block.Indexes) != len(f.Indicators)+3 {
		t.Errorf("%d blank rows (want 3: 成本, 经济效益, 生态效益), %d rows", blank, len(s.Block.Indexes))
	}
	// indicators keep their input order inside a group
	var names []string
	for _, i := range s.Block.Indexes {
		if i >= 0 {
			names = append(names, f.Indicators[i].Name.Val)
		}
	}
	if names[0] != "直联业务完成量占比情况" || names[10] != "增加用户数量" || names[17] != "微信阅读量 10 万+内容达成率" {
		t.Errorf("order %v", names)
	}
}

// Without reported values the workbook carries live formulas whose cached
// values are what jixiao computed.
func TestFormulas(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("..", "data", "2020", "housing-fund-system.toml"))
	text := string(src)
	for _, line := range []string{"rate = \"100.00\"\n", "score = 10\n", "total = { initial = \"7597939.00\", budget = \"7549540.00\", executed = \"7,549,020\" }\n"} {
		if !strings.Contains(text, line) {
			t.Fatalf("seed changed: %q", line)
		}
		text = strings.Replace(text, line, "", 1)
	}
	f, diags := jixiao.Parse([]byte(text), "edited.toml")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	card, _ := jixiao.Score(f)
	tpl, _ := Builtin("sh-project-self-evaluation")
	s, _ := Resolve(tpl, card, Options{})
	for a1, want := range map[string][2]string{
		"C6":  {"SUM(C7,C8,C9)", "7,597,939.00"},
		"D6":  {"SUM(D7,D8,D9)", "7,549,540.00"},
		"E6":  {"SUM(E7,E8,E9)", "7,549,020.00"},
		"G6":  {`IF(N(D6)=0,"",ROUNDUP(ROUND(E6/D6*100,8),2))`, "100.00"},
		"H6":  {`IF(G6="","",ROUND(F6*MIN(G6,100)/100,2))`, "10"},
		"H24": {"SUM(H6,H13:H23)", "97.5"},
		"G24": {"SUM(F6,G13:G23)", "100"},
	} {
		c := cellAt(t, s, a1)
		if c.Formula != want[0] || c.Text != want[1] || c.Editable {
			t.Errorf("%s: formula %q text %q editable %v; want %q %q locked", a1, c.Formula, c.Text, c.Editable, want[0], want[1])
		}
	}
	if c := cellAt(t, s, "C7"); c.Formula != "" || !c.Editable || c.Field != "funds.appropriation.initial" {
		t.Errorf("C7: %+v", c)
	}
}

// Every row is tall enough for the lines of each of its cells, and every
// merged cell for its lines over the rows it spans.
func TestHeightsFitLines(t *testing.T) {
	for _, name := range []string{"housing-fund-system.toml", "district-office-rent.toml", "internet-services.toml"} {
		s := seedSheet(t, name)
		spans := map[At]Range{}
		for _, m := range s.Merges {
			spans[At{m.R0, m.C0}] = m
		}
		for i, row := range s.Rows {
			for j, c := range row.Cells {
				if c.Kind == Empty {
					continue
				}
				rg, ok := spans[At{i, j}]
				if !ok {
					rg = Range{R0: i, C0: j, R1: i, C1: j}
				}
				have := 0.0
				for k := rg.R0; k <= rg.R1; k++ {
					have += s.Rows[k].Height
				}
				st := s.Styles[c.Style]
				if need := float64(len(c.Lines)) * st.LineHeight(); have < need {
					t.Errorf("%s %s: %d lines need %.1f pt, rows give %.1f", name, ref(At{i, j}), len(c.Lines), need, have)
				}
				if strings.Join(c.Lines, "") != c.Text {
					t.Errorf("%s %s: lines %q do not give back %q", name, ref(At{i, j}), c.Lines, c.Text)
				}
			}
		}
	}
}

func TestResolveConcurrently(t *testing.T) {
	f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", "internet-services.toml"))
	card, _ := jixiao.Score(f)
	tpl, _ := Builtin("mof-project-self-evaluation")
	want := dump(mustResolve(t, tpl, card))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := dump(mustResolve(t, tpl, card)); got != want {
				t.Error("concurrent resolutions differ")
			}
		}()
	}
	wg.Wait()
}

func mustResolve(t *testing.T, tpl *Template, card *jixiao.Scorecard) *Sheet {
	s, err := Resolve(tpl, card, Options{})
	if err != nil {
		t.Error(err)
	}
	return s
}

func TestAnhuiVariant(t *testing.T) {
	tpl, err := LoadFile(filepath.Join("testdata", "templates", "anhui.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", "housing-fund-system.toml"))
	card, _ := jixiao.Score(f)
	s, _ := Resolve(tpl, card, Options{})
	if got := cellAt(t, s, "B13").Text; got != "产出指标(40分)" {
		t.Errorf("B13 = %q", got)
	}
	if got := cellAt(t, s, "A1").Text; got != "项目支出绩效自评表" {
		t.Errorf("A1 = %q", got)
	}
}

func BenchmarkResolve(b *testing.B) {
	f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", "internet-services.toml"))
	card, _ := jixiao.Score(f)
	tpl, _ := Builtin("sh-project-self-evaluation")
	for b.Loop() {
		if _, err := Resolve(tpl, card, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSummary(t *testing.T) {
	var cards []*jixiao.Scorecard
	for _, name := range []string{"housing-fund-system.toml", "district-office-rent.toml"} {
		f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", name))
		card, _ := jixiao.Score(f)
		cards = append(cards, card)
	}
	s, err := Summary("2020 年度项目支出绩效自评汇总表", cards, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 5 {
		t.Fatalf("%d rows", len(s.Rows))
	}
	row := s.Rows[3].Cells
	got := []string{row[0].Text, row[1].Text, row[4].Text, row[5].Text, row[6].Text, row[7].Text, row[8].Text}
	want := []string{"2", "区县管理部租赁费物业费", "12,117,800.00", "12,117,045.94", "100.00", "96", "优"}
	if !slices.Equal(got, want) || row[1].Link != 3 {
		t.Errorf("row 2: %q link %d, want %q link 3", got, row[1].Link, want)
	}
	total := s.Rows[4].Cells
	if got := []string{total[0].Text, total[4].Text, total[5].Text, total[6].Text}; !slices.Equal(got, []string{"合计（2 个项目）", "19,667,340.00", "19,666,065.94", "99.99"}) {
		t.Errorf("total row %q", got)
	}
}

// A page never breaks between the last indicator and 总分, nor between the
// indicator header and the first indicator.
func TestKeepsEndsOfBlock(t *testing.T) {
	s := seedSheet(t, "housing-fund-system.toml")
	b := s.Block
	for _, want := range []Range{{R0: b.Header, R1: b.First, C1: 8}, {R0: b.Last, R1: b.Total, C1: 8}} {
		if !slices.Contains(s.Keep, want) {
			t.Errorf("Keep %v lacks %v", s.Keep, want)
		}
	}
}

func TestA1(t *testing.T) {
	for want, at := range map[string]At{"A1": {0, 0}, "C14": {13, 2}, "Z2": {1, 25}, "AA1": {0, 26}, "AZ3": {2, 51}, "XFD1048576": {1048575, 16383}} {
		if got := A1(at.Row, at.Col); got != want {
			t.Errorf("A1(%d, %d) = %q, want %q", at.Row, at.Col, got, want)
		}
	}
}
