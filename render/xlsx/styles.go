package xlsx

import (
	"math"
	"unicode"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// editableFill marks the cells a department types in (pale yellow). The page
// setup prints in black and white, so the mark shows on screen only.
const editableFill = "FFF9E0"

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// Column widths. Excel stores a column's width in "characters" of the
// maximum digit width (MDW) of the workbook's default font (the Normal
// style: excelize's Calibri 11, whose digits are 7 px wide at 96 dpi).
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

// style returns the excelize style ID of a cell drawn in st whose merge (or
// itself) is top, creating it once per distinct look.
func (w *writer) style(st render.Style, top render.Cell) (int, error) {
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
	if id, ok := w.styles[k]; ok {
		return id, nil
	}
	id, err := w.f.NewStyle(k.excelize())
	if err != nil {
		return 0, err
	}
	w.styles[k] = id
	return id, nil
}

var (
	horizontal = map[render.Align]string{render.Left: "left", render.Center: "center", render.Right: "right"}
	vertical   = map[render.VAlign]string{render.Top: "top", render.Middle: "center", render.Bottom: "bottom"}
)

// gb2312Charset tells Excel a font is a Chinese (GB2312) one, as Excel
// itself writes for 宋体 and 黑体.
const gb2312Charset = 134

func (k styleKey) excelize() *excelize.Style {
	st := k.st
	font := &excelize.Font{Family: st.Font, Size: st.Size, Bold: st.Bold, Color: "000000"}
	for _, r := range st.Font {
		if unicode.Is(unicode.Han, r) {
			font.Charset = ptr(gb2312Charset)
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
			out.Border = append(out.Border, excelize.Border{Type: edge, Color: "000000", Style: 1})
		}
	}
	if k.editable {
		out.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{editableFill}}
	}
	switch {
	case k.text:
		out.NumFmt = 49 // "@": what a department types stays text, even "=100%"
	case k.format == render.Amount:
		out.NumFmt = 4 // #,##0.00
	case k.format == render.AmountFine:
		out.CustomNumFmt = ptr("#,##0.00####")
	case k.format == render.Rate:
		out.NumFmt = 2 // 0.00
	}
	return out
}
