package pdf

import (
	"regexp"
	"strconv"
	"testing"
)

// TestToUnicode: the CMap maps every glyph back to its character, and no
// range crosses a change of the high byte of its glyphs or characters,
// which readers handle differently (ISO 32000-1, 9.10.3).
func TestToUnicode(t *testing.T) {
	unicode := make([]rune, 700)
	for g := 1; g < len(unicode); g++ {
		switch {
		case g < 300:
			unicode[g] = 0x4EF0 + rune(g) // runs across 0x4FFF→0x5000 and glyph 0xFF→0x100
		case g%7 == 0:
			unicode[g] = 0 // a glyph that is only part of another
		default:
			unicode[g] = 0x3000 + rune(g*3)
		}
	}
	cmap := string(toUnicode(unicode))
	entry := regexp.MustCompile(`<([0-9A-F]{4})><([0-9A-F]{4})><([0-9A-F]{4})>`)
	got := make([]rune, len(unicode))
	for _, m := range entry.FindAllStringSubmatch(cmap, -1) {
		g0, _ := strconv.ParseUint(m[1], 16, 16)
		g1, _ := strconv.ParseUint(m[2], 16, 16)
		r, _ := strconv.ParseUint(m[3], 16, 16)
		if g0>>8 != g1>>8 || (r+g1-g0)>>8 != r>>8 {
			t.Errorf("range %s", m[0])
		}
		for g := g0; g <= g1; g++ {
			got[g] = rune(r + g - g0)
		}
	}
	for g := range unicode {
		if got[g] != unicode[g] {
			t.Errorf("glyph %d maps to %U, want %U", g, got[g], unicode[g])
		}
	}
}
