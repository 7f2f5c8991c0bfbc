package fonts

import (
	"sync"
)

// Metrics gives the advance width of every BMP character of a font, as a
// fraction of the font size (em). Build it once per font; it is read-only
// afterwards and safe for concurrent use.
type Metrics struct {
	cov  *Coverage
	adv  [0x10000]uint16 // advance in font units
	upem float64
}

// NewMetrics reads the widths of a TrueType font through its format 4 cmap
// and its hmtx table.
func NewMetrics(font []byte) (*Metrics, error) {
	head, err := table(font, "head")
	if err != nil {
		return nil, err
	}
	hhea, err := table(font, "hhea")
	if err != nil {
		return nil, err
	}
	hmtx, err := table(font, "hmtx")
	if err != nil {
		return nil, err
	}
	idx, err := GlyphIndex(font)
	if err != nil {
		return nil, err
	}
	upem, nh := u16(head, 18), u16(hhea, 34)
	if upem <= 0 || nh <= 0 || 4*nh > len(hmtx) {
		return nil, errShort
	}
	cov, err := NewCoverage(font)
	if err != nil {
		return nil, err
	}
	m := &Metrics{cov: cov, upem: float64(upem)}
	for r, gid := range idx {
		if gid != 0 {
			m.adv[r] = uint16(u16(hmtx, 4*min(int(gid), nh-1)))
		}
	}
	return m, nil
}

// Advance returns the width of r in em. A character the font lacks is given
// the width of a full-width character, so that layout never underestimates it.
func (m *Metrics) Advance(r rune) float64 {
	if !m.Has(r) {
		return 1
	}
	return float64(m.adv[r]) / m.upem
}

// Has reports whether the font has a glyph for r.
func (m *Metrics) Has(r rune) bool {
	return r >= 0 && r < 0x10000 && m.cov.Has(r)
}

var (
	regularOnce    sync.Once
	regularMetrics *Metrics
	regularErr     error
)

// RegularMetrics returns the metrics of the embedded Regular font, parsed on
// first use.
func RegularMetrics() (*Metrics, error) {
	regularOnce.Do(func() { regularMetrics, regularErr = NewMetrics(Regular) })
	return regularMetrics, regularErr
}
