package jixiao

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, src string
		pos       Pos
		want      string
	}{
		{"plain", "year = 2020\nname = \"测试\"\n", Pos{Line: 2, Col: 8}, "    name = \"测试\"\n           ^\n"},
		{"wide characters before the caret", "名称 = 1\n", Pos{Line: 1, Col: 4}, "    名称 = 1\n         ^\n"},
		{"old Mac line ends", "year = 2020\r[project]\r", Pos{Line: 1, Col: 12}, "    year = 2020\uFFFD[project]\n               ^\n"},
		{"bidi override", "name = \"a\u202Eb\"\n", Pos{Line: 1, Col: 10}, "    name = \"a\uFFFDb\"\n             ^\n"},
		{"long line", strings.Repeat("x", 1000) + "=" + strings.Repeat("y", 1000), Pos{Line: 1, Col: 1001},
			"    …" + strings.Repeat("x", 60) + "=" + strings.Repeat("y", 59) + "…\n" + strings.Repeat(" ", 65) + "^\n"},
	}
	for _, tt := range tests {
		if got := Excerpt([]byte(tt.src), tt.pos); got != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}
