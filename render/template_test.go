package render

import (
	"testing"
)

func TestBuiltinTemplatesParse(t *testing.T) {
	for _, name := range BuiltinNames() {
		tpl, err := Builtin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if tpl.Columns() != 9 {
			t.Errorf("%s: %d columns", name, tpl.Columns())
		}
	}
}
