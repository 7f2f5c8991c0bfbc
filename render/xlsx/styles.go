package xlsx

import (
	"math"
	"unicode"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// editableColor marks the cells a department types in (pale yellow). The
// page setup prints in black and white, so the mark shows on screen only.
const editableColor = "FFF9E0"

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// Column widths. Excel stores a column's width in "characters" of the
// maximum digit width (MDW) of the workbook's default font (the Normal
// style: excelize's default font, Calibri 11, whose digits are 7 px wide at
// 96 dpi).
// ECMA-376 Part 1, 18.3.1.13: the stored width already includes the 5 px of
// cell padding, width = Truncate((chars*MDW + 5)/MDW*256)/256, and Excel
// draws the column Truncate(((256*width + Truncate(128/MDW))/256)*MDW)
// pixels wide. So for a column of p pixels (p = points*96/72, rounded to
// whole pixels as Excel draws them) we store Truncate(p/MDW*256)/256, which
// Excel draws back as exactly p pixels.
const (
	defaultMDW = 7.0 // px, Calibri 11 at 96 dpi
	pxPerPt    = 96.0 / 72
)

// colWidth converts a width in points to Excel's column width.
func colWidth(pt float64) float64 {
	px := math.Round(pt * pxPerPt)
	return math.Trunc(px/defaultMDW*256) / 256
}

// styleKey is everything that makes two cells look or behave differently in
// the workbook.
type styleKey struct {
	st       render.Style
	format   render.Format // number cells only
	text     bool          // an editable text cell: typed input stays text ("@")
	editable bool
	shrink   bool
	wrap     bool // the text has several lines: Excel shows them only when wrapping
}

// look is all that style reads of a cell, keyed by the sheet's style index:
// a cheaper map key than styleKey with its strings. It is valid for one
// sheet only (the book clears it for each).
type look struct {
	style    int
	kind     render.Kind
	format   render.Format
	editable bool
	shrink   bool
	lines    bool // more than one line
}

// styles are the workbook's cell formats: excelize's style ID per distinct
// look, each made once (NewStyle is slow).
type styles struct {
	f     *excelize.File
	ids   map[styleKey]int
	looks map[look]int // the current sheet's formats by look
}

func newStyles(f *excelize.File) *styles {
	return &styles{f: f, ids: map[styleKey]int{}, looks: map[look]int{}}
}

// id returns the style ID of a cell drawn in the sheet's style idx, st,
// whose merge (or itself) is top.
func (t *styles) id(idx int, st render.Style, top render.Cell) (int, error) {
	l := look{style: idx, kind: top.Kind, format: top.Format, editable: top.Editable, shrink: top.Shrink > 0, lines: len(top.Lines) > 1}
	if id, ok := t.looks[l]; ok {
		return id, nil
	}
	// A number never wraps, and shrinks rather than show "####" where the
	// reader's font is wider than ours; Excel shrinks only when it must.
	number := top.Kind == render.Number || top.Kind == render.Empty && top.Format != render.Literal && top.Format != render.General
	k := styleKey{st: st, editable: top.Editable, shrink: top.Shrink > 0 || number, wrap: (st.Wrap || len(top.Lines) > 1) && !number}
	switch {
	case top.Kind == render.Number:
		k.format = top.Format
	case top.Kind == render.Text && top.Editable:
		k.text = true
	case top.Kind == render.Empty && top.Format == render.Literal:
		k.text = top.Editable
	case top.Kind == render.Empty:
		k.format = top.Format
	}
	id, ok := t.ids[k]
	if !ok {
		var err error
		if id, err = t.f.NewStyle(k.excelize()); err != nil {
			return 0, err
		}
		t.ids[k] = id
	}
	t.looks[l] = id
	return id, nil
}

var (
	horizontal = map[render.Align]string{render.Left: "left", render.Center: "center", render.Right: "right"}
	vertical   = map[render.VAlign]string{render.Top: "top", render.Middle: "center", render.Bottom: "bottom"}
)

// gb2312Charset tells Excel a font is a Chinese (GB2312) one, as Excel
// itself writes for 宋体 and 黑体.
const gb2312Charset = 134

// Built-in number formats (ECMA-376 Part 1, 18.8.30) and our custom one.
const (
	fmtRate       = 2  // 0.00
	fmtAmount     = 4  // #,##0.00
	fmtText       = 49 // @
	amountFineFmt = "#,##0.00####"
)

// black is the colour of text and borders.
const black = "000000"

// excelize is the look as an excelize style.
func (k styleKey) excelize() *excelize.Style {
	st := k.st
	font := &excelize.Font{Family: st.Font, Size: st.Size, Bold: st.Bold, Color: black}
	for _, r := range st.Font {
		if unicode.Is(unicode.Han, r) {
			cs := gb2312Charset
			font.Charset = &cs
			break
		}
	}
	out := &excelize.Style{
		Font: font,
		Alignment: &excelize.Alignment{
			Horizontal:  horizontal[st.Align],
			Vertical:    vertical[st.VAlign],
			WrapText:    k.wrap && !k.shrink, // Excel ignores shrink-to-fit on wrapped cells
			ShrinkToFit: k.shrink,
		},
		Protection: &excelize.Protection{Locked: !k.editable},
	}
	if st.Border {
		for _, edge := range []string{"left", "top", "right", "bottom"} {
			out.Border = append(out.Border, excelize.Border{Type: edge, Color: black, Style: 1})
		}
	}
	if k.editable {
		out.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{editableColor}}
	}
	switch {
	case k.text:
		out.NumFmt = fmtText // what a department types stays text, even "=100%"
	case k.format == render.Amount:
		out.NumFmt = fmtAmount
	case k.format == render.AmountFine:
		code := amountFineFmt
		out.CustomNumFmt = &code
	case k.format == render.Rate:
		out.NumFmt = fmtRate
	}
	return out
}
