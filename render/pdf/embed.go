package pdf

import (
	"compress/zlib"
	"strconv"
)

// The font is embedded as a composite font (ISO 32000-1, 9.7): a Type0 font
// with the Identity-H encoding over a CIDFontType2 whose CIDs are the glyph
// IDs of the subset (CIDToGIDMap Identity), so text is written as 2-byte
// glyph IDs. A ToUnicode CMap maps them back to text for copying, search
// and pdftotext.

// psName is the font's PostScript name; a subset is named "ABCDEF+" + psName.
const psName = "JixiaoSerifSC-Regular"

// embedFont writes the font objects for sub, the Type0 font as object n.
func (o *objects) embedFont(n int, f *sfnt, sub *subsetFont, tag string) error {
	cid, desc, file, cmap := o.alloc(), o.alloc(), o.alloc(), o.alloc()
	name := "/" + tag + "+" + psName
	o.object(n, "<</Type/Font/Subtype/Type0/BaseFont"+name+"/Encoding/Identity-H/DescendantFonts["+ref(cid)+"]/ToUnicode "+ref(cmap)+">>")

	o.begin(cid)
	o.buf = append(o.buf, "<</Type/Font/Subtype/CIDFontType2/BaseFont"...)
	o.buf = append(o.buf, name...)
	o.buf = append(o.buf, "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor "...)
	o.buf = appendRef(o.buf, desc)
	o.buf = append(o.buf, "/CIDToGIDMap/Identity/DW 1000/W[0["...)
	for i, adv := range sub.advance {
		if i > 0 {
			o.buf = append(o.buf, ' ')
		}
		o.buf = strconv.AppendInt(o.buf, int64(f.units(adv)), 10)
	}
	o.buf = append(o.buf, "]]>>"...)
	o.end()

	em := func(v int) string { return strconv.Itoa(f.units(v)) }
	capHeight := f.capHeight
	if capHeight <= 0 {
		capHeight = int(f.ascent * float64(f.upem))
	}
	// Flags 6: serif (2) and symbolic (4), as glyphs outside the standard
	// Latin set require.
	o.object(desc, "<</Type/FontDescriptor/FontName"+name+"/Flags 6/FontBBox["+
		em(f.bbox[0])+" "+em(f.bbox[1])+" "+em(f.bbox[2])+" "+em(f.bbox[3])+"]/ItalicAngle 0"+
		"/Ascent "+strconv.Itoa(int(f.ascent*1000))+"/Descent "+strconv.Itoa(int(f.descent*1000))+
		"/CapHeight "+em(capHeight)+"/StemV 80/FontFile2 "+ref(file)+">>")

	// Glyph outlines gain little from LZ77 (about 10% over Huffman coding
	// alone) at three times the cost: the font is Huffman-coded only.
	if err := o.stream(file, "/Length1 "+strconv.Itoa(len(sub.data)), sub.data, zlib.HuffmanOnly); err != nil {
		return err
	}
	return o.stream(cmap, "", toUnicode(sub.unicode), zlib.BestSpeed)
}

// units converts font units to the PDF's thousandths of an em.
func (f *sfnt) units(v int) int {
	if f.upem == 1000 {
		return v
	}
	return (v*1000 + f.upem/2) / f.upem
}

// toUnicode is a CMap (ISO 32000-1, 9.10.3) from 2-byte glyph IDs to the
// text they draw, in ranges of consecutive glyphs drawing consecutive
// characters, at most 100 entries per section.
func toUnicode(unicode []rune) []byte {
	b := make([]byte, 0, 512+16*len(unicode))
	b = append(b, "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n"+
		"/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n"...)
	type span struct{ g0, g1 int }
	var spans []span
	for g, r := range unicode {
		if r == 0 {
			continue
		}
		if k := len(spans) - 1; k >= 0 && spans[k].g1 == g-1 && unicode[g-1]+1 == r && g&0xFF != 0 && r&0xFF != 0 {
			spans[k].g1 = g
			continue
		}
		spans = append(spans, span{g, g})
	}
	for len(spans) > 0 {
		part := spans[:min(100, len(spans))]
		spans = spans[len(part):]
		b = strconv.AppendInt(b, int64(len(part)), 10)
		b = append(b, " beginbfrange\n"...)
		for _, s := range part {
			b = appendGlyph(b, uint16(s.g0))
			b = appendGlyph(b, uint16(s.g1))
			b = appendGlyph(b, uint16(unicode[s.g0]))
			b = append(b, '\n')
		}
		b = append(b, "endbfrange\n"...)
	}
	return append(b, "endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n"...)
}

// appendGlyph appends a glyph ID, or a BMP character as UTF-16BE, as a
// hexadecimal string: <01A3>.
func appendGlyph(b []byte, g uint16) []byte {
	return append(appendHex4(append(b, '<'), g), '>')
}

// appendHex4 appends v as four hexadecimal digits.
func appendHex4(b []byte, v uint16) []byte {
	return append(b, hexDigits[v>>12], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15])
}
