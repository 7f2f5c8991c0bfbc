package xlsx

import (
	"strconv"
)

// styleTable collects the workbook's cell formats (cellXfs) and the fonts
// they use, each once, in the order the cells first need them.
type styleTable struct {
	ids   map[styleKey]int // index into xfs per look
	byXf  map[xf]int       // index into xfs per format: two looks may share one
	xfs   []xf             // xfs[0] is the default format, xf{}
	fonts []fontSpec       // fonts[0] is the default font, fontSpec{}
	// Whether any format uses the editable fill, the thin border or the
	// custom number format: the parts are listed only when used.
	fill, border, fine bool
}

// fontSpec is a cell font; the zero value stands for the default font,
// Calibri 11 in black, which sets the column width unit.
type fontSpec struct {
	name    string
	size    float64
	bold    bool
	charset int // 0: none written
}

// xf is one cell format. Fills and borders are indexes into the fixed lists
// written by appendStyles.
type xf struct {
	numFmt, font, fill, border int
	horizontal, vertical       string
	wrap, shrink, locked       bool
}

// The fills (the first two are required by Excel) and borders.
const (
	fillNone     = 0
	fillEditable = 2 // after gray125
	borderNone   = 0
	borderThin   = 1
)

func newStyleTable() styleTable {
	return styleTable{ids: map[styleKey]int{}, byXf: map[xf]int{}, xfs: []xf{{}}, fonts: []fontSpec{{}}}
}

func (t *styleTable) add(k styleKey, x xf) int {
	if id, ok := t.byXf[x]; ok {
		t.ids[k] = id
		return id
	}
	t.fill = t.fill || x.fill == fillEditable
	t.border = t.border || x.border == borderThin
	t.fine = t.fine || x.numFmt == fmtAmountFine
	id := len(t.xfs)
	t.xfs = append(t.xfs, x)
	t.ids[k], t.byXf[x] = id, id
	return id
}

// font returns the index of f, adding it when new.
func (t *styleTable) font(f fontSpec) int {
	for i, g := range t.fonts[1:] {
		if g == f {
			return i + 1
		}
	}
	t.fonts = append(t.fonts, f)
	return len(t.fonts) - 1
}

// appendStyles writes xl/styles.xml, its elements in the order of
// CT_Stylesheet: numFmts, fonts, fills, borders, cellStyleXfs, cellXfs,
// cellStyles, dxfs, tableStyles.
func (t *styleTable) appendStyles(b []byte) []byte {
	b = append(b, xmlHeader+`<styleSheet xmlns="`+nsMain+`">`...)
	if t.fine {
		b = append(b, `<numFmts count="1"><numFmt numFmtId="`+strconv.Itoa(fmtAmountFine)+`" formatCode="`+amountFineFmt+`"/></numFmts>`...)
	}
	b = appendCount(b, "fonts", len(t.fonts))
	for i, f := range t.fonts {
		if i == 0 {
			b = append(b, `<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>`...)
			continue
		}
		b = append(b, "<font>"...)
		if f.bold {
			b = append(b, "<b/>"...)
		}
		if f.size >= 1 {
			b = append(b, `<sz val="`...)
			b = strconv.AppendFloat(b, f.size, 'f', -1, 64)
			b = append(b, `"/>`...)
		}
		b = append(b, `<color rgb="FF000000"/>`...)
		if f.name != "" {
			b = append(b, `<name val="`...)
			b = appendText(b, f.name, true)
			b = append(b, `"/>`...)
		}
		b = append(b, `<family val="2"/>`...)
		if f.charset != 0 {
			b = append(b, `<charset val="`...)
			b = strconv.AppendInt(b, int64(f.charset), 10)
			b = append(b, `"/>`...)
		}
		b = append(b, "</font>"...)
	}
	b = append(b, "</fonts>"...)
	fills := []string{`<fill><patternFill patternType="none"/></fill>`, `<fill><patternFill patternType="gray125"/></fill>`}
	if t.fill {
		fills = append(fills, `<fill><patternFill patternType="solid"><fgColor rgb="FF`+editableFill+`"/></patternFill></fill>`)
	}
	b = appendCount(b, "fills", len(fills))
	for _, f := range fills {
		b = append(b, f...)
	}
	b = append(b, "</fills>"...)
	borders := []string{`<border><left/><right/><top/><bottom/><diagonal/></border>`}
	if t.border {
		const thin = `style="thin"><color rgb="FF000000"/>`
		borders = append(borders, `<border><left `+thin+`</left><right `+thin+`</right><top `+thin+`</top><bottom `+thin+`</bottom><diagonal/></border>`)
	}
	b = appendCount(b, "borders", len(borders))
	for _, f := range borders {
		b = append(b, f...)
	}
	b = append(b, "</borders>"...)
	b = append(b, `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`...)
	b = appendCount(b, "cellXfs", len(t.xfs))
	for i, x := range t.xfs {
		if i == 0 {
			b = append(b, `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`...)
			continue
		}
		b = x.appendXf(b)
	}
	b = append(b, "</cellXfs>"...)
	b = append(b, `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>`+
		`<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`...)
	return b
}

// appendXf writes one cellXfs entry: its attributes, then alignment and
// protection (CT_Xf's order).
func (x xf) appendXf(b []byte) []byte {
	b = append(b, `<xf numFmtId="`...)
	b = strconv.AppendInt(b, int64(x.numFmt), 10)
	b = append(b, `" fontId="`...)
	b = strconv.AppendInt(b, int64(x.font), 10)
	b = append(b, `" fillId="`...)
	b = strconv.AppendInt(b, int64(x.fill), 10)
	b = append(b, `" borderId="`...)
	b = strconv.AppendInt(b, int64(x.border), 10)
	b = append(b, `" xfId="0"`...)
	if x.numFmt != fmtGeneral {
		b = append(b, ` applyNumberFormat="1"`...)
	}
	b = append(b, ` applyFont="1"`...)
	if x.fill != fillNone {
		b = append(b, ` applyFill="1"`...)
	}
	if x.border != borderNone {
		b = append(b, ` applyBorder="1"`...)
	}
	b = append(b, ` applyAlignment="1" applyProtection="1"><alignment`...)
	if x.horizontal != "" {
		b = append(b, ` horizontal="`+x.horizontal+`"`...)
	}
	if x.vertical != "" {
		b = append(b, ` vertical="`+x.vertical+`"`...)
	}
	if x.wrap {
		b = append(b, ` wrapText="1"`...)
	}
	if x.shrink {
		b = append(b, ` shrinkToFit="1"`...)
	}
	if x.locked {
		return append(b, `/><protection locked="1"/></xf>`...)
	}
	return append(b, `/><protection locked="0"/></xf>`...)
}

// appendCount opens a list element with its count attribute: <fonts count="3">.
func appendCount(b []byte, name string, n int) []byte {
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, ` count="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, `">`...)
}
