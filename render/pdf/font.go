package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"jixiao/fonts"
)

// The embedded font is parsed once per process into an sfnt below (a
// 12.9 MB font takes 20–45 ms to parse), and every document hands fpdf a
// small TrueType font of just the glyphs it draws (a few hundred), cut from
// it: fpdf parses, re-cuts and compresses the font it is given for every
// document, at a cost that grows with the font's size.

// sfnt is the embedded TrueType font, parsed once: its tables and the maps
// the subsetter needs. It is read-only after parsing.
type sfnt struct {
	tables      map[string][]byte
	glyph       []uint16 // rune → glyph ID, for the BMP (0: none)
	loca        []uint32 // glyph ID → offset in glyf; numGlyphs+1 entries
	numGlyphs   int
	numHMetrics int
	// ascent and descent (negative) of the em box, as fractions of the font
	// size (OS/2 sTypoAscender and sTypoDescender): text is set so that this
	// box is centred on each line.
	ascent, descent float64
}

var (
	embeddedOnce sync.Once
	embedded     *sfnt
	embeddedErr  error
)

// embeddedFont returns the parsed embedded font, parsing it on first use.
func embeddedFont() (*sfnt, error) {
	embeddedOnce.Do(func() { embedded, embeddedErr = parseSfnt(fonts.Regular) })
	return embedded, embeddedErr
}

var errFont = errors.New("pdf: the embedded font is damaged")

func be16(b []byte, off int) (int, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[off:])), true
}

func be32(b []byte, off int) (int, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint32(b[off:])), true
}

// parseSfnt reads a single-face TrueType font with glyf outlines.
func parseSfnt(font []byte) (*sfnt, error) {
	n, ok := be16(font, 4)
	if !ok || len(font) < 12+16*n {
		return nil, errFont
	}
	f := &sfnt{tables: map[string][]byte{}}
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off, size := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || size < 0 || off+size > len(font) {
			return nil, errFont
		}
		f.tables[string(rec[:4])] = font[off : off+size]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "OS/2", "post", "name"} {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %q table", errFont, tag)
		}
	}
	head, hhea, maxp, os2 := f.tables["head"], f.tables["hhea"], f.tables["maxp"], f.tables["OS/2"]
	upem, ok1 := be16(head, 18)
	locFormat, ok2 := be16(head, 50)
	nh, ok3 := be16(hhea, 34)
	ng, ok4 := be16(maxp, 4)
	asc, ok5 := be16(os2, 68)
	desc, ok6 := be16(os2, 70)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || upem == 0 || nh == 0 || nh > ng || len(f.tables["hmtx"]) < 4*nh+2*(ng-nh) {
		return nil, errFont
	}
	f.numGlyphs, f.numHMetrics = ng, nh
	f.ascent, f.descent = float64(int16(asc))/float64(upem), float64(int16(desc))/float64(upem)
	loca, glyfLen := f.tables["loca"], len(f.tables["glyf"])
	f.loca = make([]uint32, ng+1)
	for g := 0; g <= ng; g++ {
		var v int
		var ok bool
		if locFormat == 0 {
			v, ok = be16(loca, 2*g)
			v *= 2
		} else {
			v, ok = be32(loca, 4*g)
		}
		if !ok || v > glyfLen || g > 0 && uint32(v) < f.loca[g-1] {
			return nil, errFont
		}
		f.loca[g] = uint32(v)
	}
	if err := f.parseCmap(font); err != nil {
		return nil, err
	}
	return f, nil
}

// parseCmap reads the glyph of each BMP character from the format 4
// Unicode cmap.
func (f *sfnt) parseCmap(font []byte) error {
	idx, err := fonts.GlyphIndex(font)
	if err != nil {
		return fmt.Errorf("%w: %v", errFont, err)
	}
	for r, g := range idx {
		if int(g) >= f.numGlyphs {
			idx[r] = 0
		}
	}
	f.glyph = idx
	return nil
}

// Composite glyph flags.
const (
	argsAreWords    = 1 << 0
	haveScale       = 1 << 3
	moreComponents  = 1 << 5
	haveXYScale     = 1 << 6
	haveTwoByTwo    = 1 << 7
	compositeHeader = 10
)

// glyphData returns the outline of glyph g.
func (f *sfnt) glyphData(g int) []byte {
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}

// components calls fn with the offset of every component glyph ID in a
// composite glyph's data.
func components(data []byte, fn func(off int)) error {
	if len(data) < compositeHeader || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	for off := compositeHeader; ; {
		flags, ok := be16(data, off)
		if _, ok2 := be16(data, off+2); !ok || !ok2 {
			return errFont
		}
		fn(off + 2)
		off += 4
		if flags&argsAreWords != 0 {
			off += 4
		} else {
			off += 2
		}
		switch {
		case flags&haveScale != 0:
			off += 2
		case flags&haveXYScale != 0:
			off += 4
		case flags&haveTwoByTwo != 0:
			off += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// subsetFont is the font of one document.
type subsetFont struct {
	data []byte          // a TrueType font
	gid  map[rune]uint16 // the glyph of each rune in data
}

// subset returns a TrueType font with the glyphs of runes (and .notdef, and
// the parts of composite glyphs), renumbered from 1 in the order of the
// original glyph IDs, and a cmap for runes. Runes the font lacks are left
// out (Check rejects them before).
func (f *sfnt) subset(runes []rune) (*subsetFont, error) {
	keep := map[int]bool{0: true}
	var queue []int
	for _, r := range runes {
		if r >= 0 && r < 0x10000 && f.glyph[r] != 0 && !keep[int(f.glyph[r])] {
			keep[int(f.glyph[r])] = true
			queue = append(queue, int(f.glyph[r]))
		}
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data := f.glyphData(g)
		err := components(data, func(off int) {
			c := int(binary.BigEndian.Uint16(data[off:]))
			if c < f.numGlyphs && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	sort.Ints(old)
	newID := make(map[int]int, len(old))
	for i, g := range old {
		newID[g] = i
	}

	sub := &subsetFont{gid: make(map[rune]uint16, len(runes))}
	for _, r := range runes {
		if r >= 0 && r < 0x10000 && f.glyph[r] != 0 {
			sub.gid[r] = uint16(newID[int(f.glyph[r])])
		}
	}
	glyf := make([]byte, 0, f.glyfSize(old))
	var loca, hmtx []byte
	hm := f.tables["hmtx"]
	for _, g := range old {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, f.glyphData(g)...)
		data := glyf[start:]
		if err := components(data, func(off int) {
			c := int(binary.BigEndian.Uint16(data[off:]))
			binary.BigEndian.PutUint16(data[off:], uint16(newID[c]))
		}); err != nil {
			return nil, err
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv := hm[4*(min(g, f.numHMetrics-1)):][:2]
		var lsb []byte
		if g < f.numHMetrics {
			lsb = hm[4*g+2:][:2]
		} else {
			lsb = hm[4*f.numHMetrics+2*(g-f.numHMetrics):][:2]
		}
		hmtx = append(append(hmtx, adv...), lsb...)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	maxp := slices.Clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))

	tables := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf,
		"cmap": f.cmapFor(runes, newID),
		"OS/2": f.tables["OS/2"], "post": f.tables["post"], "name": f.tables["name"],
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if t := f.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	sub.data = assemble(tables)
	return sub, nil
}

// glyfSize is the size of the glyf table of a subset of glyphs.
func (f *sfnt) glyfSize(glyphs []int) int {
	n := 0
	for _, g := range glyphs {
		n += int(f.loca[g+1]-f.loca[g]) + 3
	}
	return n
}

// cmapFor builds a cmap with one format 4 subtable (3,1) mapping runes to
// their new glyph IDs: one segment per run of consecutive runes whose glyph
// IDs are consecutive too.
func (f *sfnt) cmapFor(runes []rune, newID map[int]int) []byte {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range rs {
		if r < 0 || r >= 0xFFFF || f.glyph[r] == 0 {
			continue
		}
		g := newID[int(f.glyph[r])]
		if k := len(segs) - 1; k >= 0 && segs[k].end+1 == int(r) && int(r)+segs[k].delta == g {
			segs[k].end = int(r)
			continue
		}
		segs = append(segs, seg{int(r), int(r), g - int(r)})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	pow, sel := 1, 0
	for pow*2 <= n {
		pow, sel = pow*2, sel+1
	}
	sub := make([]byte, 0, 16+8*n)
	for _, v := range []int{4, 16 + 8*n, 0, 2 * n, 2 * pow, sel, 2*n - 2*pow} {
		sub = binary.BigEndian.AppendUint16(sub, uint16(v))
	}
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, uint16(s.end))
	}
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, uint16(s.start))
	}
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, uint16(s.delta))
	}
	for range segs {
		sub = binary.BigEndian.AppendUint16(sub, 0) // idRangeOffset
	}
	out := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12} // version 0, 1 table: (3,1) at 12
	return append(out, sub...)
}

// assemble writes an sfnt file of the tables, sorted by tag, each padded to
// four bytes, with their checksums and head's checkSumAdjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 0
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	sort.Strings(tags)
	n := len(tags)
	pow, sel := 1, 0
	for pow*2 <= n {
		pow, sel = pow*2, sel+1
	}
	out := make([]byte, 0, 12+16*n+size)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	for _, v := range []int{n, 16 * pow, sel, 16*n - 16*pow} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	off, headAt := 12+16*n, 0
	for _, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headAt = off
		}
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t)))
		off += (len(t) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
