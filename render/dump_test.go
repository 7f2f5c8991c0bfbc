package render

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jixiao"
)

// seedSheet resolves a seed form with its own template.
func seedSheet(t testing.TB, name string) *Sheet {
	t.Helper()
	f, diags := jixiao.LoadFile(filepath.Join("..", "data", "2020", name))
	if f == nil || diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	card, _ := jixiao.Score(f)
	tpl, err := Builtin(f.Template.Val)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(tpl, card, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dump renders a sheet as text: one line per non-empty cell, then the merges.
func dump(s *Sheet) string {
	var b strings.Builder
	for i, row := range s.Rows {
		fmt.Fprintf(&b, "row %d h=%.1f\n", i+1, row.Height)
		for j, c := range row.Cells {
			if c.Kind == Empty && c.Field == "" {
				continue
			}
			fmt.Fprintf(&b, "  %s: %q", ref(At{i, j}), c.Text)
			if c.Formula != "" {
				fmt.Fprintf(&b, " =%s", c.Formula)
			}
			if c.Field != "" {
				fmt.Fprintf(&b, " [%s]", c.Field)
			}
			if c.Editable {
				b.WriteString(" edit")
			}
			if len(c.Lines) > 1 {
				fmt.Fprintf(&b, " lines=%d", len(c.Lines))
			}
			b.WriteString("\n")
		}
	}
	var merges []string
	for _, m := range s.Merges {
		merges = append(merges, ref(At{m.R0, m.C0})+":"+ref(At{m.R1, m.C1}))
	}
	sort.Strings(merges)
	fmt.Fprintf(&b, "merges: %s\n", strings.Join(merges, " "))
	return b.String()
}

func TestDumpSeed(t *testing.T) {
	if testing.Verbose() {
		t.Log("\n" + dump(seedSheet(t, "internet-services.toml")))
	}
}
