package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Coverage tells which characters a font maps to a glyph other than .notdef.
// Build it once per font with NewCoverage; Has is then a table look-up and
// is safe for concurrent use.
type Coverage struct {
	bmp   [0x10000 / 64]uint64 // bit r set: BMP rune r is covered
	upper [][2]rune            // covered ranges above U+FFFF, sorted, inclusive
}

// NewCoverage reads the Unicode cmap of a TrueType/OpenType font (format 12
// if the font has one, else format 4).
func NewCoverage(font []byte) (*Coverage, error) {
	sub, err := unicodeCmap(font)
	if err != nil {
		return nil, err
	}
	c := new(Coverage)
	switch u16(sub, 0) {
	case 4:
		err = c.format4(sub)
	case 12:
		err = c.format12(sub)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Has reports whether r has a glyph.
func (c *Coverage) Has(r rune) bool {
	if r >= 0 && r < 0x10000 {
		return c.bmp[r>>6]&(1<<(r&63)) != 0
	}
	i := sort.Search(len(c.upper), func(i int) bool { return c.upper[i][1] >= r })
	return i < len(c.upper) && c.upper[i][0] <= r
}

// Missing returns the distinct characters of s that have no glyph, in order
// of first appearance; nil if all are covered.
func (c *Coverage) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if !c.Has(r) && !containsRune(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

var errShort = errors.New("fonts: truncated font data")

func u16(b []byte, off int) int {
	if off < 0 || off+2 > len(b) {
		return -1
	}
	return int(binary.BigEndian.Uint16(b[off:]))
}

func u32(b []byte, off int) int64 {
	if off < 0 || off+4 > len(b) {
		return -1
	}
	return int64(binary.BigEndian.Uint32(b[off:]))
}

// table returns the bytes of the sfnt table tag.
func table(font []byte, tag string) ([]byte, error) {
	n := u16(font, 4)
	if n < 0 {
		return nil, errShort
	}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errShort
		}
		if string(font[rec:rec+4]) != tag {
			continue
		}
		off, size := u32(font, rec+8), u32(font, rec+12)
		if off+size > int64(len(font)) {
			return nil, errShort
		}
		return font[off : off+size], nil
	}
	return nil, fmt.Errorf("fonts: no %q table", tag)
}

// unicodeCmap returns the best Unicode subtable of the cmap table: format 12
// before format 4, from platform 3 (Windows) or 0 (Unicode).
func unicodeCmap(font []byte) ([]byte, error) { return cmapSubtable(font, true) }

// GlyphIndex maps each BMP character of the font's format 4 Unicode cmap to
// its glyph ID (0: none). The PDF subsetter and the metrics read it.
func GlyphIndex(font []byte) ([]uint16, error) {
	sub, err := cmapSubtable(font, false)
	if err != nil {
		return nil, err
	}
	idx := make([]uint16, 0x10000)
	err = eachFormat4(sub, func(r rune, gid int) { idx[r] = uint16(gid) })
	return idx, err
}

// cmapSubtable returns a Unicode subtable of format 4, or with wide of
// format 12 when there is one.
func cmapSubtable(font []byte, wide bool) ([]byte, error) {
	cmap, err := table(font, "cmap")
	if err != nil {
		return nil, err
	}
	n := u16(cmap, 2)
	if n < 0 {
		return nil, errShort
	}
	var best []byte
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		pid, eid, off := u16(cmap, rec), u16(cmap, rec+2), u32(cmap, rec+4)
		if off < 0 {
			return nil, errShort
		}
		if !(pid == 0 || pid == 3 && (eid == 1 || eid == 10)) || off >= int64(len(cmap)) {
			continue
		}
		sub := cmap[off:]
		switch f := u16(sub, 0); {
		case f == 12 && wide:
			return sub, nil
		case f == 4 && best == nil:
			best = sub
		}
	}
	if best == nil {
		return nil, errors.New("fonts: no Unicode cmap of format 4")
	}
	return best, nil
}

func (c *Coverage) set(r rune) {
	if r < 0x10000 {
		c.bmp[r>>6] |= 1 << (r & 63)
	}
}

func (c *Coverage) format4(sub []byte) error {
	return eachFormat4(sub, func(r rune, gid int) { c.set(r) })
}

// eachFormat4 calls fn for every character a format 4 subtable maps to a
// glyph other than .notdef.
func eachFormat4(sub []byte, fn func(r rune, gid int)) error {
	segs := u16(sub, 6) / 2
	ends, starts, deltas, offs := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if segs < 0 || offs+2*segs > len(sub) {
		return errShort
	}
	for s := 0; s < segs; s++ {
		end, start := u16(sub, ends+2*s), u16(sub, starts+2*s)
		delta, ro := u16(sub, deltas+2*s), u16(sub, offs+2*s)
		for r := start; r <= end && r != 0xFFFF; r++ {
			gid := r
			if ro != 0 {
				gid = u16(sub, offs+2*s+ro+2*(r-start))
				if gid < 0 {
					return errShort
				}
				if gid == 0 {
					continue
				}
			}
			if g := (gid + delta) & 0xFFFF; g != 0 {
				fn(rune(r), g)
			}
		}
	}
	return nil
}

func (c *Coverage) format12(sub []byte) error {
	n := u32(sub, 12)
	if n < 0 || 16+12*n > int64(len(sub)) {
		return errShort
	}
	for i := 0; i < int(n); i++ {
		g := 16 + 12*i
		lo, hi, gid := rune(u32(sub, g)), rune(u32(sub, g+4)), u32(sub, g+8)
		if gid == 0 {
			lo++ // lo maps to .notdef, the rest of the group does not
		}
		if lo > hi || hi > 0x10FFFF {
			continue
		}
		for r := lo; r <= hi && r < 0x10000; r++ {
			c.set(r)
		}
		if hi >= 0x10000 {
			lo = max(lo, 0x10000)
			if k := len(c.upper); k > 0 && c.upper[k-1][1]+1 == lo {
				c.upper[k-1][1] = hi
			} else {
				c.upper = append(c.upper, [2]rune{lo, hi})
			}
		}
	}
	sort.Slice(c.upper, func(i, j int) bool { return c.upper[i][0] < c.upper[j][0] })
	return nil
}
