package xlsx

import (
	"github.com/xuri/excelize/v2"
)

// formSheets lists the sheets a person sees: all but the very hidden
// records' sheet (base.go).
func formSheets(f *excelize.File) []string {
	var out []string
	for _, name := range f.GetSheetList() {
		if name != baseSheet(f) {
			out = append(out, name)
		}
	}
	return out
}
