package jixiao

import "testing"

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		prefix string
		op     Op
		value  string
		unit   string
	}{
		{"=100%", true, "", OpEQ, "100", "%"},
		{"=99.11%", true, "", OpEQ, "99.11", "%"},
		{"≥50.00%", true, "", OpGE, "50", "%"},
		{">=85%", true, "", OpGE, "85", "%"},
		{">90", true, "", OpGT, "90", ""},
		{"<=4 小时", true, "", OpLE, "4", "小时"},
		{"≤20 小时", true, "", OpLE, "20", "小时"},
		{"<5个", true, "", OpLT, "5", "个"},
		{"=0", true, "", OpEQ, "0", ""},
		{"0", true, "", OpNone, "0", ""},
		{"100%", true, "", OpNone, "100", "%"},
		{"=100.00 %", true, "", OpEQ, "100", "%"},
		{"≤30.00 元/月/平方米", true, "", OpLE, "30", "元/月/平方米"},
		{"每月用户有效投诉≤5", true, "每月用户有效投诉", OpLE, "5", ""},
		{"＞＝９５％", true, "", OpGE, "95", "%"},
		{"≧95%", true, "", OpGE, "95", "%"},
		{"=1,000 人次", true, "", OpEQ, "1000", "人次"},
		{"及时", false, "", 0, "", ""},
		{"每月一次", false, "", 0, "", ""},
		{"未发生中断", false, "", 0, "", ""},
		{"2020 全年阅读量达 10 万+的微信推送内容共 35 条。达成率 100 %", false, "", 0, "", ""},
		{"2020年单位用户新增78211家；公积金微信关注量净增856510人", false, "", 0, "", ""},
		{"满意度≥90%，实际达到95%", false, "", 0, "", ""},
		{"不少于8000人", true, "", OpGE, "8000", "人"},
		{"不低于95%", true, "", OpGE, "95", "%"},
		{"不超过5个", true, "", OpLE, "5", "个"},
		{"不高于 3 天", true, "", OpLE, "3", "天"},
		{"达到95%", true, "", OpGE, "95", "%"},
		{"95%以上", true, "", OpGE, "95", "%"},
		{"5个以下", true, "", OpLE, "5", "个"},
		{"3个工作日以内", true, "", OpLE, "3", "个工作日"},
		{"大于90%", true, "", OpGT, "90", "%"},
		{"多于10次", true, "", OpGT, "10", "次"},
		{"高于0", true, "", OpGT, "0", ""},
		{"超过100万元", true, "", OpGT, "100", "万元"},
		{"小于5个", true, "", OpLT, "5", "个"},
		{"少于3次", true, "", OpLT, "3", "次"},
		{"低于2%", true, "", OpLT, "2", "%"},
		{"等于100%", true, "", OpEQ, "100", "%"},
		{"不多于4次", true, "", OpLE, "4", "次"},
		{"至少12期", true, "", OpGE, "12", "期"},
		{"最多2次", true, "", OpLE, "2", "次"},
		{"至多2次", true, "", OpLE, "2", "次"},
		{"满意度不低于90%", true, "满意度", OpGE, "90", "%"},
		{"超期办结件数≤5", true, "超期办结件数", OpLE, "5", ""},
		{"≥95%以上", true, "", OpGE, "95", "%"},
		{"未超过5个", true, "", OpLE, "5", "个"},
		{"未低于90%", true, "", OpGE, "90", "%"},
		{"不足3次", true, "", OpLT, "3", "次"},
		{"控制在5%以内", true, "控制在", OpLE, "5", "%"},
		{"投诉量5个以下", true, "投诉量", OpLE, "5", "个"},
		{"整改不到位", false, "", 0, "", ""},
		{"第2季度完成", false, "", 0, "", ""},
		{"≤5以上", false, "", 0, "", ""},
		{"达到国家标准", false, "", 0, "", ""},
		{"满意度≥90%，实际达到95%以上", false, "", 0, "", ""},
		{"=", false, "", 0, "", ""},
		{"≥ 百分之九十", false, "", 0, "", ""},
		{"", false, "", 0, "", ""},
	}
	for _, tt := range tests {
		q, ok := ParseQuantity(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseQuantity(%q) ok = %v, want %v (%+v)", tt.in, ok, tt.ok, q)
			continue
		}
		if !ok {
			continue
		}
		if q.Prefix != tt.prefix || q.Op != tt.op || !q.Value.Equal(dec(tt.value)) || q.Unit != tt.unit {
			t.Errorf("ParseQuantity(%q) = %q %v %s %q, want %q %v %s %q", tt.in, q.Prefix, q.Op, q.Value, q.Unit, tt.prefix, tt.op, tt.value, tt.unit)
		}
	}
}

func TestRatioScore(t *testing.T) {
	tests := []struct {
		target, actual, weight, want string
	}{
		{"=100%", "=99.11%", "10", "9.91"}, // the seed's 故障处理结案率
		{"=100%", "=93.03%", "10", "9.3"},  // the seed's 业务故障修复率
		{"=100%", "=100.00%", "6", "6"},
		{"=100%", "=99.99%", "10", "9.99"}, // 9.999 rounds to 10, but the target was not met
		{"≤20 小时", "20.01 小时", "10", "9.99"},
		{"≥50.00%", "=88.27%", "6", "6"},
		{">=85%", "=80%", "9", "8.47"}, // 9 × 80/85 = 8.4705…
		{"<=4 小时", "<=4 小时", "10", "10"},
		{"≤20 小时", "25 小时", "10", "8"}, // lower is better: 10 × 20/25
		{"<5个", "0", "5", "5"},
		{"<5个", "5个", "5", "unscored"}, // not strictly below: not met, yet the ratio is 1
		{">85%", "85%", "9", "unscored"},
		{"<5个", "4个", "5", "5"},
		{"<5个", "<5个", "5", "5"}, // the actual repeats the target: fewer than five
		{"<5个", "=5个", "5", "unscored"},
		{"<5个", "10个", "5", "2.5"},
		{"=0", "=0", "5", "5"},
		{"=0", "=1", "5", "0"}, // a zero target is all or nothing
		{"≥90%", "0%", "10", "0"},
		{">90", "90", "10", "unscored"},
		{">90", "91", "10", "10"},
		{"不少于8000人", "7000人", "10", "8.75"},
		{"不超过5个", "10个", "4", "2"},
		{"95%以上", "95%", "10", "10"},
		{"100%", "50%", "10", "5"},
		{"每月用户有效投诉≤5", "0", "4", "4"},
		{"每月用户有效投诉≤5", "8", "4", "2.5"},
	}
	for _, tt := range tests {
		tq, ok1 := ParseQuantity(tt.target)
		aq, ok2 := ParseQuantity(tt.actual)
		if !ok1 || !ok2 {
			t.Fatalf("test case does not parse: %q %q", tt.target, tt.actual)
		}
		got, ok := ratioScore(tq, aq, dec(tt.weight))
		if tt.want == "unscored" {
			if ok {
				t.Errorf("ratioScore(%q, %q, %s) = %s, want no score (not met)", tt.target, tt.actual, tt.weight, got)
			}
			continue
		}
		if !ok || !got.Equal(dec(tt.want)) {
			t.Errorf("ratioScore(%q, %q, %s) = %s, %v, want %s", tt.target, tt.actual, tt.weight, got, ok, tt.want)
		}
	}
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"=100%", "每月用户有效投诉≤5", "≤30.00 元/月/平方米", "<5个", "及时", "=1,000,000.5 万", "≥-3",
		"不少于8000人", "95%以上", "5个以下", "至多2次", ">85%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQuantity(s)
		if !ok {
			return
		}
		// whatever parses must score within [0, weight] against itself and 0
		w := dec("10")
		for _, a := range []Quantity{q, {Value: dec("0")}} {
			got, ok := ratioScore(q, a, w)
			if got.IsNegative() || got.GreaterThan(w) {
				t.Fatalf("ratioScore(%q) = %s outside [0, 10]", s, got)
			}
			if ok && got.Equal(w) && !met(q, a) {
				t.Fatalf("ratioScore(%q) gives the full weight to an unmet target", s)
			}
		}
	})
}
