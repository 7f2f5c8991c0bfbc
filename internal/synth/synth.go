// Package synth makes realistic synthetic input files: a department's year
// of project forms with long Chinese texts, for benchmarks and stress tests.
// The same seed always gives the same files.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	districts   = []string{"黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行", "宝山", "嘉定", "浦东新区", "金山", "松江", "青浦", "奉贤", "崇明"}
	subjects    = []string{"住房公积金", "政务服务", "社区卫生", "城市网格化", "档案数字化", "市政道路养护", "河道保洁", "公共文化", "老年助餐", "就业援助"}
	kinds       = []string{"信息系统运维", "专项业务经费", "设备购置", "委托服务", "场地租赁及物业", "宣传培训", "数据治理", "应急保障"}
	departments = []string{"上海市住房和城乡建设管理委员会", "上海市卫生健康委员会", "上海市民政局", "上海市人力资源和社会保障局", "上海市水务局"}
	units       = []string{"上海市公积金管理中心", "上海市信息中心", "区事务受理服务中心", "区城市运行管理中心", "市档案馆"}
	sentences   = []string{
		"保证各项业务正常运行，确保系统无重大故障发生",
		"通过委托第三方，对管理信息系统进行了年度日常运行维护工作",
		"小故障及时得到修复，各项业务正常运转",
		"从办公营业场地和物业保障方面，满足各网点对外提供服务的需求",
		"定期对网点物业服务进行监督检查，按期支付约定的费用",
		"进一步推动网上业务，缓解柜面服务压力，提高办理效率",
		"建立更便捷、服务面更广的集查询、互动、业务办理为一体的多功能服务渠道",
		"个别工单因发起时间和问题复杂性，存在跨年处理的客观情况",
		"后续年度将合理调整指标目标值，进一步加强督促和跟踪力度",
		"年初指标目标值确定不够合理，后续将根据实际情况调整",
		"部分合同签订较计划有所延迟，后续将提前启动合同前期准备工作",
		"采购管理、协议签订、考核验收、费用支付方面管理机制健全",
		"受疫情影响，部分线下活动改为线上开展（参与人次约 12,500 人次）",
		"项目资金使用规范，严格执行《政府采购法》及相关管理办法",
	}
	quantity = []struct{ name, target, unit string }{
		{"完成率", "=100%", "%"}, {"覆盖率", "≥95%", "%"}, {"故障处置时间", "<=4 小时", "小时"},
		{"有效投诉量", "<5个", "个"}, {"重大故障发生次数", "=0", ""}, {"满意度", ">=85%", "%"},
		{"培训人次", "≥1,000 人次", "人次"}, {"响应时间", "≤30 分钟", "分钟"},
	}
	quality = []struct{ name, target string }{
		{"服务及时性", "及时"}, {"等保测评", "达标"}, {"系统运行能力", "保持"}, {"长效管理机制健全性", "健全"},
		{"部门协作能力", "增强"}, {"社会影响力", "不断提高"}, {"场所保障情况", "保障"},
	}
	level2 = map[string][]string{
		"产出指标":  {"数量指标", "质量指标", "时效指标", "成本指标"},
		"效益指标":  {"社会效益指标", "可持续影响指标", "经济效益指标"},
		"满意度指标": {"服务对象满意度指标"},
	}
)

// Department writes n forms into dir as 0001.toml … and returns their paths.
func Department(dir string, n int, seed uint64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("%04d.toml", i+1))
		if err := os.WriteFile(p, Form(i, seed), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Form returns the TOML of synthetic form i: 15–40 indicators whose weights
// add up to 100 with the funds, long goals and reasons, a mix of reported and
// rule scores. It has no errors; it has the warnings real forms have.
func Form(i int, seed uint64) []byte {
	g := &gen{rng: rand.New(rand.NewPCG(seed, uint64(i)))}
	return []byte(g.form(i))
}

type gen struct {
	rng *rand.Rand
	b   strings.Builder
}

func (g *gen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *gen) text(minLen int) string {
	var parts []string
	n := 0
	for n < minLen {
		s := g.pick(sentences)
		parts = append(parts, s)
		n += len([]rune(s))
	}
	return strings.Join(parts, "；") + "。"
}

func (g *gen) line(format string, args ...any) { fmt.Fprintf(&g.b, format+"\n", args...) }

func (g *gen) form(i int) string {
	g.line("template = %q", []string{"sh-project-self-evaluation", "mof-project-self-evaluation"}[i%2])
	g.line("year = 2020\n\n[project]")
	g.line("name = %q", fmt.Sprintf("%s%s%s项目（%04d）", g.pick(districts), g.pick(subjects), g.pick(kinds), i+1))
	g.line("department = %q\nimplementer = %q\n", g.pick(departments), g.pick(units))
	g.line("[policy]\nrate_rounding = %q\n", []string{"ceil", "half_up", "trunc"}[i%3])
	budget := int64(100_000_00 + g.rng.IntN(50_000_000_00)) // fen
	executed := budget - int64(g.rng.IntN(int(budget/20)+1))
	initial := budget + int64(g.rng.IntN(int(budget/5)+1))
	g.line("[funds]\nunit = \"元\"")
	g.line("appropriation = { initial = %q, budget = %q, executed = %q }", fen(initial), fen(budget), fen(executed))
	g.line("carryover = {}\nother = {}\n")
	g.line("[goals]\nplanned = %q\nachieved = %q", g.text(150+g.rng.IntN(300)), g.text(150+g.rng.IntN(400)))
	g.indicators(15 + g.rng.IntN(26))
	return g.b.String()
}

func fen(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }

// indicators writes n indicators: 产出 50, 效益 30, 满意度 10 points.
func (g *gen) indicators(n int) {
	counts := map[string]int{"满意度指标": 1 + g.rng.IntN(2)}
	counts["效益指标"] = max(2, (n-counts["满意度指标"])*2/5)
	counts["产出指标"] = n - counts["满意度指标"] - counts["效益指标"]
	for _, l1 := range []struct {
		name   string
		weight int
	}{{"产出指标", 50}, {"效益指标", 30}, {"满意度指标", 10}} {
		weights := split(l1.weight, counts[l1.name], g.rng)
		for k, w := range weights {
			g.indicator(l1.name, level2[l1.name][k%len(level2[l1.name])], w)
		}
	}
}

// split divides total into n positive integer parts.
func split(total, n int, rng *rand.Rand) []int {
	n = min(n, total)
	parts := make([]int, n)
	for i := range parts {
		parts[i] = 1
	}
	for left := total - n; left > 0; left-- {
		parts[rng.IntN(n)]++
	}
	return parts
}

func (g *gen) indicator(l1, l2 string, w int) {
	g.line("\n[[indicators]]\nlevel1 = %q\nlevel2 = %q", l1, l2)
	if g.rng.IntN(3) > 0 {
		q := quantity[g.rng.IntN(len(quantity))]
		g.line("name = %q\ntarget = %q", g.pick(subjects)+q.name, q.target)
		if g.rng.IntN(6) == 0 && q.unit == "%" { // missed: reported below the rule, with a reason
			g.line("actual = \"=%d.%02d%%\"\nweight = %d\nscore = %d", 80+g.rng.IntN(15), g.rng.IntN(100), w, max(0, w-1))
			g.line("reason = %q", g.text(60+g.rng.IntN(250)))
			return
		}
		g.line("actual = %q\nweight = %d", q.target, w)
		return
	}
	q := quality[g.rng.IntN(len(quality))]
	g.line("name = %q\ntarget = %q", g.pick(subjects)+q.name, q.target)
	if g.rng.IntN(4) == 0 && w >= 2 {
		g.line("actual = %q\nweight = %d\nscore = %d", "基本"+q.target+"，仍有改进空间", w, w-w/5)
		if w/5 > 0 {
			g.line("reason = %q", g.text(60+g.rng.IntN(250)))
		}
		return
	}
	g.line("actual = %q\nweight = %d\nscore = %d", "有效"+q.target, w, w)
}
