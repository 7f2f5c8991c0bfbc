package tomldec

import "testing"

func TestSuggest(t *testing.T) {
	allowed := []string{"level1", "level2", "name", "target", "actual", "weight", "score", "grade", "reason"}
	for in, want := range map[string]string{
		"wieght": "weight", "wegiht": "weight", "reson": "reason", "taget": "target", "nmae": "name",
		"level3": "level1", "scroe": "score", "colour": "", "x": "", "": "",
	} {
		if got := Suggest(in, allowed); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayKey(t *testing.T) {
	for in, want := range map[string]string{
		"indicators.3.name":   "indicators[4].name",
		"funds.total.budget":  "funds.total.budget",
		"rows.0.cells.2.cols": "rows[1].cells[3].cols",
	} {
		if got := DisplayKey(in); got != want {
			t.Errorf("DisplayKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLiteral(t *testing.T) {
	for in, want := range map[string]string{"7_549_020.10": "7549020.1", "1e3": "1000", "+5": "5"} {
		got, err := ParseLiteral(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseLiteral(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"inf", "-nan", "0x1F", "0o7", "0b1"} {
		if _, err := ParseLiteral(in); err == nil {
			t.Errorf("ParseLiteral(%q) must fail", in)
		}
	}
}
