package xlsx

import (
	"math"
	"unicode"

	"jixiao/render"
)

// editableFill marks the cells a department types in (pale yellow). The page
// setup prints in black and white, so the mark shows on screen only.
const editableFill = "FFF9E0"

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// Column widths. Excel stores a column's width in "characters" of the
// maximum digit width (MDW) of the workbook's default font (the Normal
// style: fonts[0] of styles.xml, Calibri 11, whose digits are 7 px wide at
// 96 dpi; see stylesxml.go).
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

// style returns the index of the cell format (cellXfs) of a cell drawn in
// the sheet's style idx, st, whose merge (or itself) is top, creating it
// once per distinct look.
func (w *writer) style(idx int, st render.Style, top render.Cell) int {
	l := look{style: idx, kind: top.Kind, format: top.Format, editable: top.Editable, shrink: top.Shrink > 0, lines: len(top.Lines) > 1}
	if id, ok := w.looks[l]; ok {
		return id
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
	id, ok := w.styles.ids[k]
	if !ok {
		id = w.styles.add(k, k.xf(&w.styles))
	}
	w.looks[l] = id
	return id
}

// look is all that style reads of a cell, keyed by the sheet's style index:
// a cheaper map key than styleKey with its strings. It is valid for one
// sheet only (the writer clears it for each).
type look struct {
	style    int
	kind     render.Kind
	format   render.Format
	editable bool
	shrink   bool
	lines    bool // more than one line
}

var (
	horizontal = map[render.Align]string{render.Left: "left", render.Center: "center", render.Right: "right"}
	vertical   = map[render.VAlign]string{render.Top: "top", render.Middle: "center", render.Bottom: "bottom"}
)

// gb2312Charset tells Excel a font is a Chinese (GB2312) one, as Excel
// itself writes for 宋体 and 黑体.
const gb2312Charset = 134

// Built-in number formats (ECMA-376 Part 1, 18.8.30) and our one custom
// format, numbered from 164 as custom formats are.
const (
	fmtGeneral    = 0
	fmtRate       = 2  // 0.00
	fmtAmount     = 4  // #,##0.00
	fmtText       = 49 // @
	fmtAmountFine = 164
	amountFineFmt = "#,##0.00####"
)

// xf is the cell format of a look, with its font, fill and border entered
// in the table.
func (k styleKey) xf(t *styleTable) xf {
	st := k.st
	f := fontSpec{name: st.Font, size: st.Size, bold: st.Bold}
	for _, r := range st.Font {
		if unicode.Is(unicode.Han, r) {
			f.charset = gb2312Charset
			break
		}
	}
	x := xf{
		font:       t.font(f),
		horizontal: horizontal[st.Align],
		vertical:   vertical[st.VAlign],
		wrap:       k.wrap && !k.shrink, // Excel ignores shrink-to-fit on wrapped cells
		shrink:     k.shrink,
		locked:     !k.editable,
	}
	if st.Border {
		x.border = borderThin
	}
	if k.editable {
		x.fill = fillEditable
	}
	switch {
	case k.text:
		x.numFmt = fmtText // what a department types stays text, even "=100%"
	case k.format == render.Amount:
		x.numFmt = fmtAmount
	case k.format == render.AmountFine:
		x.numFmt = fmtAmountFine
	case k.format == render.Rate:
		x.numFmt = fmtRate
	}
	return x
}
