package jixiao

import (
	"strings"
	"testing"
)

// The monitoring keys are written where they stand, added at the end of
// their table, [monitor] added when the file has none; a funds row's
// to_date goes into its inline table.
func TestUpdateMonitoring(t *testing.T) {
	src := strings.Replace(base, "[goals]", "# 资金\n[goals]", 1)
	to := loadForm(t, src)
	to.Monitor.Month = Field[int]{Val: 7, Set: true}
	to.Monitor.Progress = text("过半")
	to.Funds.Appropriation.ToDate = num("60")
	ind := &to.Indicators[1]
	ind.Progress, ind.Likelihood = text("一般"), Field[Likelihood]{Val: Possible, Set: true}
	ind.Causes = Causes{Set: true, List: []Field[string]{text("经费保障"), text("其他")}}
	ind.CauseNote = text("资金晚到")
	out, changes, err := Update([]byte(src), "t.toml", to)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.String())
	}
	for _, w := range []string{
		`appropriation = { initial = "100.00", budget = "100.00", executed = "100.00", to_date = "60.00" }`,
		"# 资金\n[goals]",
		"weight = 30\nprogress = \"一般\"\nlikelihood = \"有可能\"\ncauses = [\"经费保障\", \"其他\"]\ncause_note = \"资金晚到\"\n",
		"[monitor]\nmonth = 7\nprogress = \"过半\"\n",
	} {
		if !strings.Contains(string(out), w) {
			t.Errorf("lacks %q:\n%s\nchanges: %v", w, out, got)
		}
	}
	if len(changes) != 7 {
		t.Errorf("changes: %v", got)
	}
	again := loadForm(t, string(out))
	again.Indicators[1].Causes.List = again.Indicators[1].Causes.List[1:]
	out2, changes, err := Update(out, "t.toml", again)
	if err != nil || len(changes) != 1 || !strings.Contains(string(out2), `causes = ["其他"]`) {
		t.Errorf("%v %v\n%s", err, changes, out2)
	}
}
