package tomlpos

import (
	"testing"

	"github.com/BurntSushi/toml"
)

const doc = `# comment
template = "x" # trailing
year = 2020

[project]
name = "住房（运维）"
"quoted key" = 'lit'

[funds]
total = { initial = "1,000.00", budget = 7549540.50, executed = 1_000 }
appropriation.initial = 5
text = """
multi "quoted"
line"""

[[indicators]]
name = "巡检"
weight = 10
tags = ["a", "b",
  "c"]

[[indicators]]
  name = "故障"  
  score = 9.5
[indicators.extra]
note = "n"

[[indicators]]
name = "满意度"
`

func TestScanPositions(t *testing.T) {
	var v map[string]any
	if _, err := toml.Decode(doc, &v); err != nil {
		t.Fatalf("test document is not valid TOML: %v", err)
	}
	ix := Scan([]byte(doc))
	tests := []struct {
		path     string
		key, val Pos
		raw      string
	}{
		{"template", Pos{2, 1}, Pos{2, 12}, `"x"`},
		{"year", Pos{3, 1}, Pos{3, 8}, "2020"},
		{"project", Pos{5, 1}, Pos{5, 1}, ""},
		{"project.name", Pos{6, 1}, Pos{6, 8}, `"住房（运维）"`},
		{"project.quoted key", Pos{7, 1}, Pos{7, 16}, "'lit'"},
		{"funds.total.initial", Pos{10, 11}, Pos{10, 21}, `"1,000.00"`},
		{"funds.total.budget", Pos{10, 33}, Pos{10, 42}, "7549540.50"},
		{"funds.total.executed", Pos{10, 54}, Pos{10, 65}, "1_000"},
		{"funds.appropriation.initial", Pos{11, 1}, Pos{11, 25}, "5"},
		{"funds.text", Pos{12, 1}, Pos{12, 8}, "\"\"\"\nmulti \"quoted\"\nline\"\"\""},
		{"indicators", Pos{16, 1}, Pos{16, 1}, ""},
		{"indicators.0", Pos{16, 1}, Pos{16, 1}, ""},
		{"indicators.0.name", Pos{17, 1}, Pos{17, 8}, `"巡检"`},
		{"indicators.0.tags.2", Pos{20, 3}, Pos{20, 3}, `"c"`},
		{"indicators.1.name", Pos{23, 3}, Pos{23, 10}, `"故障"`},
		{"indicators.1.score", Pos{24, 3}, Pos{24, 11}, "9.5"},
		{"indicators.1.extra.note", Pos{26, 1}, Pos{26, 8}, `"n"`},
		{"indicators.2.name", Pos{29, 1}, Pos{29, 8}, `"满意度"`},
	}
	for _, tt := range tests {
		e, ok := ix.Lookup(tt.path)
		if !ok {
			t.Errorf("%s: not indexed", tt.path)
			continue
		}
		if e.Key != tt.key || e.Value != tt.val || e.Raw != tt.raw {
			t.Errorf("%s: got key %v value %v raw %q, want %v %v %q", tt.path, e.Key, e.Value, e.Raw, tt.key, tt.val, tt.raw)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(doc))
	f.Add([]byte("a = [ [1, 2], {x = 1} ]\n[[b.c]]\n[[b.c]]\nd = '''x'''"))
	f.Add([]byte("[\n= \"\\"))
	f.Fuzz(func(t *testing.T, src []byte) {
		Scan(src) // must not panic or hang
	})
}

func TestValueSpans(t *testing.T) {
	ix := Scan([]byte(doc))
	for path, want := range map[string]string{
		"template":           `"x"`,
		"funds.total":        `{ initial = "1,000.00", budget = 7549540.50, executed = 1_000 }`,
		"funds.total.budget": "7549540.50",
		"indicators.0.tags":  "[\"a\", \"b\",\n  \"c\"]",
		"indicators.1.name":  `"故障"`,
		"project.quoted key": "'lit'",
		"funds.text":         "\"\"\"\nmulti \"quoted\"\nline\"\"\"",
	} {
		e := ix[path]
		if got := doc[e.Offset:e.End]; got != want {
			t.Errorf("%s: span %q, want %q", path, got, want)
		}
	}
}
