package xlsx

import (
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Deleting the first row of a group deletes its merged labels' text with
// it (LibreOffice and excelize alike): the rows left in the group read
// with their group all the same (from the indicators of their names), and
// the form loses exactly the one indicator.
func TestReadDeletedGroupFirstRow(t *testing.T) {
	orig, _ := housingForm(t)
	for _, base := range []*jixiao.Form{orig, nil} {
		wb := editWorkbook(t, renderForm(t, orig), func(f *excelize.File) error {
			if err := f.UnprotectSheet(housingSheet); err != nil {
				return err
			}
			return f.RemoveRow(housingSheet, findRow(t, f, "业务故障修复率"))
		})
		got := readOne(t, wb, ReadOptions{Base: base})
		want := slices.DeleteFunc(slices.Clone(orig.Indicators), func(i jixiao.Indicator) bool { return i.Name.Val == "业务故障修复率" })
		if len(got.Indicators) != len(want) {
			t.Fatalf("base %v: %d indicators, want %d", base != nil, len(got.Indicators), len(want))
		}
		for k, ind := range got.Indicators {
			if ind.Name.Val != want[k].Name.Val || ind.Level1.Val != want[k].Level1.Val || ind.Level2.Val != want[k].Level2.Val {
				t.Errorf("base %v: indicator %d is %s/%s/%s, want %s/%s/%s", base != nil, k+1, ind.Level1.Val, ind.Level2.Val, ind.Name.Val,
					want[k].Level1.Val, want[k].Level2.Val, want[k].Name.Val)
			}
		}
	}
}
