package xlsx

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/render"
)

// appendSheet writes the worksheet part of sheet s (already through
// excelRows), the idx-th of the workbook, called name. Its elements follow
// CT_Worksheet's order (ECMA-376 Part 1, 18.3.1.99), which Excel enforces:
// sheetPr, dimension, sheetViews, sheetFormatPr, cols, sheetData,
// sheetProtection, mergeCells, dataValidations, hyperlinks, printOptions,
// pageMargins, pageSetup, headerFooter, rowBreaks.
func (w *writer) appendSheet(b []byte, idx int, name string, s *render.Sheet) []byte {
	w.scratch = appendSheetRecord(w.scratch[:0], name)
	w.fp.Write(w.scratch)
	nc := len(s.Columns)
	b = append(b, xmlHeader+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`+
		// Without fitToPage Excel ignores pageSetup's fitToWidth/fitToHeight.
		`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1`...)
	if len(s.Rows) > 0 {
		b = append(b, ':')
		b = appendRef(b, len(s.Rows)-1, nc-1)
	}
	b = append(b, `"/><sheetViews><sheetView showGridLines="0"`...)
	if idx == 0 {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`...)
	for j := 0; j < nc; {
		width := colWidth(s.Columns[j])
		k := j
		for k+1 < nc && colWidth(s.Columns[k+1]) == width {
			k++
		}
		b = append(b, `<col min="`...)
		b = strconv.AppendInt(b, int64(j+1), 10)
		b = append(b, `" max="`...)
		b = strconv.AppendInt(b, int64(k+1), 10)
		b = append(b, `" width="`...)
		b = strconv.AppendFloat(b, width, 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
		j = k + 1
	}
	b = append(b, "</cols>"...)
	b = w.appendSheetData(b, s)
	if !w.opt.NoProtect {
		// No password. The attributes say what is protected: formatting
		// rows and columns stays allowed (a department may need a taller
		// row for a longer text), and so does selecting any cell.
		b = append(b, `<sheetProtection sheet="1" objects="1" scenarios="1" formatCells="1" formatColumns="0" formatRows="0"`+
			` insertColumns="1" insertRows="1" insertHyperlinks="1" deleteColumns="1" deleteRows="1" selectLockedCells="0"`+
			` sort="1" autoFilter="1" pivotTables="1" selectUnlockedCells="0"/>`...)
	}
	if len(s.Merges) > 0 {
		b = appendCount(b, "mergeCells", len(s.Merges))
		for _, m := range s.Merges {
			b = append(b, `<mergeCell ref="`...)
			b = appendRef(b, m.R0, m.C0)
			b = append(b, ':')
			b = appendRef(b, m.R1, m.C1)
			b = append(b, `"/>`...)
		}
		b = append(b, "</mergeCells>"...)
	}
	b = appendValidations(b, s)
	if len(w.links) > 0 {
		b = append(b, "<hyperlinks>"...)
		for _, l := range w.links {
			b = append(b, `<hyperlink ref="`...)
			b = appendRef(b, l.row, l.col)
			b = append(b, `" location="`...)
			b = appendText(b, quoteSheet(w.names[l.sheet-1])+"!A1", true)
			if l.display != "" {
				b = append(b, `" display="`...)
				b = appendText(b, l.display, true)
			}
			b = append(b, `"/>`...)
		}
		b = append(b, "</hyperlinks>"...)
	}
	b = appendPage(b, s.Page)
	b = appendBreaks(b, w.breaks[idx])
	return append(b, "</worksheet>"...)
}

// link is a cell linking to the top of a sheet (1-based).
type link struct {
	row, col, sheet int
	display         string
}

// appendSheetData writes every row with its height and every cell with its
// style, merged or not, so borders, fill and locking cover each merged
// rectangle entirely. User text always lands as a string, whatever it looks
// like (=HYPERLINK(…), +SUM(…), -1, @x); numbers land as numbers, exactly as
// the decimal reads; a formula keeps the value jixiao computed as its cached
// value, typed as a number when the cell is one (t="str" would make a
// reader that shows cached values, Excel's Protected View or an importer,
// see the text "97.5" without its number format).
func (w *writer) appendSheetData(b []byte, s *render.Sheet) []byte {
	nc := len(s.Columns)
	cols := make([][]byte, nc)
	for j := range cols {
		cols[j] = appendCol(nil, j)
	}
	owner := ownerGrid(s)
	w.links = w.links[:0]
	clear(w.looks)
	b = append(b, "<sheetData>"...)
	var num [20]byte
	for i, row := range s.Rows {
		rn := strconv.AppendInt(num[:0], int64(i+1), 10)
		b = append(b, `<row r="`...)
		b = append(b, rn...)
		b = append(b, `" ht="`...)
		// excelRows made every row fit Excel's 409 points. A hundredth of
		// a point is finer than any screen or printer draws.
		b = strconv.AppendFloat(b, math.Round(min(row.Height, maxRowHeight)*100)/100, 'f', -1, 64)
		b = append(b, `" customHeight="1">`...)
		for j, c := range row.Cells {
			top := c
			if o := owner[i*nc+j]; o >= 0 {
				top = s.Rows[o/nc].Cells[o%nc]
			}
			b = append(b, `<c r="`...)
			b = append(b, cols[j]...)
			b = append(b, rn...)
			b = append(b, `" s="`...)
			b = strconv.AppendInt(b, int64(w.style(c.Style, s.Styles[c.Style], top)), 10)
			b = append(b, '"')
			stored := ""
			switch c.Kind {
			case render.Text:
				stored = c.Text
				if !utf8.ValidString(stored) {
					stored = strings.ToValidUTF8(stored, "\uFFFD") // as it will read back
				}
			case render.Number:
				stored = c.Number.String() // never an exponent
			}
			switch {
			case c.Formula != "":
				if c.Kind == render.Text {
					b = append(b, ` t="str"`...)
				}
				b = append(b, "><f>"...)
				b = appendText(b, c.Formula, false)
				b = append(b, "</f>"...)
				if c.Kind != render.Empty {
					b = append(b, "<v>"...)
					b = appendCellText(b, stored)
					b = append(b, "</v>"...)
				}
				b = append(b, "</c>"...)
			case c.Kind == render.Text:
				b = append(b, ` t="s"><v>`...)
				b = strconv.AppendInt(b, int64(w.sharedString(stored)), 10)
				b = append(b, "</v></c>"...)
			case c.Kind == render.Number:
				b = append(b, "><v>"...)
				b = append(b, stored...)
				b = append(b, "</v></c>"...)
			default:
				b = append(b, "/>"...)
			}
			if stored != "" && c.Formula == "" {
				w.scratch = appendCellRecord(w.scratch[:0], cols[j], rn, stored)
				w.fp.Write(w.scratch)
			}
			if c.Link > 0 {
				w.links = append(w.links, link{row: i, col: j, sheet: c.Link, display: c.Text})
			}
		}
		b = append(b, "</row>"...)
	}
	return append(b, "</sheetData>"...)
}

// ownerGrid gives, for every cell (row*columns+col) a merge covers other
// than its top-left one, the index of that top-left cell, whose flags
// (editable, number format, shrink) style the whole rectangle; -1 elsewhere.
func ownerGrid(s *render.Sheet) []int {
	nc := len(s.Columns)
	grid := make([]int, len(s.Rows)*nc)
	for i := range grid {
		grid[i] = -1
	}
	for _, m := range s.Merges {
		for r := m.R0; r <= m.R1; r++ {
			for c := m.C0; c <= m.C1; c++ {
				grid[r*nc+c] = m.R0*nc + m.C0
			}
		}
	}
	return grid
}

// appendValidations adds a drop-down list to every cell that offers
// choices. The list only suggests: other values stay allowed (real forms use
// non-standard 二级 names), so no error message is set. Cells offering the
// same list share one rule. showDropDown is left out: when set, it hides the
// arrow.
func appendValidations(b []byte, s *render.Sheet) []byte {
	type list struct {
		items []string
		refs  []byte
	}
	var lists []*list
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if len(c.Choices) == 0 {
				continue
			}
			items := dropItems(c.Choices)
			if len(items) == 0 {
				continue
			}
			var l *list
			for _, m := range lists {
				if slices.Equal(m.items, items) {
					l = m
					break
				}
			}
			if l == nil {
				l = &list{items: items}
				lists = append(lists, l)
			} else {
				l.refs = append(l.refs, ' ')
			}
			l.refs = appendRef(l.refs, i, j)
		}
	}
	if len(lists) == 0 {
		return b
	}
	b = appendCount(b, "dataValidations", len(lists))
	for _, l := range lists {
		b = append(b, `<dataValidation type="list" allowBlank="1" sqref="`...)
		b = append(b, l.refs...)
		b = append(b, `"><formula1>"`...)
		for k, item := range l.items {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendText(b, item, false)
		}
		b = append(b, `"</formula1></dataValidation>`...)
	}
	return append(b, "</dataValidations>"...)
}

// appendRef appends the A1 reference of a 0-based cell.
func appendRef(b []byte, row, col int) []byte {
	b = appendCol(b, col)
	return strconv.AppendInt(b, int64(row+1), 10)
}

// appendBreaks writes the manual page breaks: each brk is the 0-based row
// a new page starts at (ECMA-376 Part 1, 18.3.1.3).
func appendBreaks(b []byte, rows []int) []byte {
	if len(rows) == 0 {
		return b
	}
	b = append(b, `<rowBreaks count="`...)
	b = strconv.AppendInt(b, int64(len(rows)), 10)
	b = append(b, `" manualBreakCount="`...)
	b = strconv.AppendInt(b, int64(len(rows)), 10)
	b = append(b, `">`...)
	for _, r := range rows {
		b = append(b, `<brk id="`...)
		b = strconv.AppendInt(b, int64(r), 10)
		b = append(b, `" max="16383" man="1"/>`...)
	}
	return append(b, "</rowBreaks>"...)
}
