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
		{"≥50.00%", "=88.27%", "6", "6"},
		{">=85%", "=80%", "9", "8.47"}, // 9 × 80/85 = 8.4705…
		{"<=4 小时", "<=4 小时", "10", "10"},
		{"≤20 小时", "25 小时", "10", "8"}, // lower is better: 10 × 20/25
		{"<5个", "0", "5", "5"},
		{"<5个", "5个", "5", "5"}, // not strictly below, but the ratio is 1
		{"<5个", "10个", "5", "2.5"},
		{"=0", "=0", "5", "5"},
		{"=0", "=1", "5", "0"}, // a zero target is all or nothing
		{"≥90%", "0%", "10", "0"},
		{">90", "90", "10", "10"},
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
		if got := ratioScore(tq, aq, dec(tt.weight)); !got.Equal(dec(tt.want)) {
			t.Errorf("ratioScore(%q, %q, %s) = %s, want %s", tt.target, tt.actual, tt.weight, got, tt.want)
		}
	}
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"=100%", "每月用户有效投诉≤5", "≤30.00 元/月/平方米", "<5个", "及时", "=1,000,000.5 万", "≥-3"} {
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
			if got := ratioScore(q, a, w); got.IsNegative() || got.GreaterThan(w) {
				t.Fatalf("ratioScore(%q) = %s outside [0, 10]", s, got)
			}
		}
	})
}
