package xlsx

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"jixiao/render"
)

// book is one workbook being made.
type book struct {
	f      *excelize.File
	opt    Options
	names  []string // the worksheets' names, in order
	styles *styles
	// fp hashes what the workbook holds as the values are written, the way
	// fingerprint reads them back (see fingerprint.go).
	fp  hash.Hash
	rec []byte // a fingerprint record being made
}

// build makes the workbook of the sheets as given (for the document
// properties), ready the same after prepare, with breaks the rows that
// start a printed page of each.
func build(sheets, ready []*render.Sheet, breaks [][]int, names []string, opt Options) (*excelize.File, error) {
	f := excelize.NewFile()
	f.SetZipWriter(newOrderedZip)
	b := &book{f: f, opt: opt, names: names, styles: newStyles(f), fp: sha256.New()}
	err := b.build(sheets, ready, breaks)
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (b *book) build(sheets, ready []*render.Sheet, breaks [][]int) error {
	f := b.f
	if err := f.SetSheetName(f.GetSheetName(0), b.names[0]); err != nil {
		return err
	}
	for i, s := range ready {
		// Each sheet is made just before it is drawn: excelize's
		// SetDefinedName lists every sheet for every name already
		// defined, so with all sheets made first the names of a
		// workbook of 1,000 forms would cost minutes.
		if i > 0 {
			if idx, err := f.NewSheet(b.names[i]); err != nil || idx != i {
				return sheetError{sheets[i].Name, fmt.Errorf("无法新建工作表“%s”（%v）", b.names[i], err)}
			}
		}
		if err := b.sheet(i, s, breaks[i]); err != nil {
			return sheetError{sheets[i].Name, err}
		}
	}
	if slices.ContainsFunc(sheets, func(s *render.Sheet) bool { return s.Meta.Template != "" }) {
		if err := b.base(sheets, ready); err != nil {
			return err
		}
	}
	when := b.opt.Modified
	if when.IsZero() {
		when = time.Now()
	}
	if err := props(f, sheets, b.names, when); err != nil {
		return err
	}
	recalc := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &recalc}); err != nil {
		return err
	}
	return f.SetCustomProps(excelize.CustomProperty{Name: fingerprintProp, Value: fingerprintValue(b.fp)})
}

// sheetError names the sheet an error is about.
type sheetError struct {
	sheet string
	err   error
}

func (e sheetError) Error() string { return "表“" + e.sheet + "”：" + e.err.Error() }
func (e sheetError) Unwrap() error { return e.err }

// sheet draws the idx-th sheet, s (already through excelRows and
// splitLabels), with breaks the rows that start a printed page.
func (b *book) sheet(idx int, s *render.Sheet, breaks []int) error {
	name := b.names[idx]
	b.rec = appendSheetRecord(b.rec[:0], name)
	b.fp.Write(b.rec)
	if err := b.setup(name, strconv.Itoa(idx+1), s); err != nil {
		return err
	}
	return b.stream(name, s, breaks)
}

// setup sets through the File API what excelize's StreamWriter would drop
// (it keeps only what is set before NewStreamWriter): view, page, print
// names, protection, drop-downs, links.
func (b *book) setup(name, id string, s *render.Sheet) error {
	f := b.f
	grid := false
	if err := f.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: &grid}); err != nil {
		return err
	}
	if err := page(f, name, s.Page); err != nil {
		return err
	}
	if len(s.Rows) > 0 {
		if err := f.SetSheetDimension(name, "A1:"+ref(len(s.Rows)-1, len(s.Columns)-1)); err != nil {
			return err
		}
	}
	if err := printNames(f, name, id, s); err != nil {
		return err
	}
	if !b.opt.NoProtect {
		// No password. Formatting rows and columns stays allowed (a
		// department may need a taller row for a longer text), and so does
		// selecting any cell; everything else is protected.
		if err := f.ProtectSheet(name, &excelize.SheetProtectionOptions{
			FormatRows: true, FormatColumns: true, SelectLockedCells: true, SelectUnlockedCells: true,
		}); err != nil {
			return err
		}
	}
	if err := validations(f, name, s); err != nil {
		return err
	}
	return b.links(name, s)
}

// stream writes the column widths, the rows, the merges and the page
// breaks through a StreamWriter.
func (b *book) stream(name string, s *render.Sheet, breaks []int) error {
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := widths(sw, s.Columns); err != nil {
		return err
	}
	if err := b.rows(sw, s); err != nil {
		return err
	}
	for _, m := range s.Merges {
		if err := sw.MergeCell(ref(m.R0, m.C0), ref(m.R1, m.C1)); err != nil {
			return err
		}
	}
	for _, r := range breaks {
		if err := sw.InsertPageBreak(ref(r, 0)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// widths sets the column widths. excelize keeps one entry per column and
// puts each new one first: set from the last column to the first, they are
// written in ascending order, as Excel requires.
func widths(sw *excelize.StreamWriter, cols []float64) error {
	for j := len(cols) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, colWidth(cols[j])); err != nil {
			return err
		}
	}
	return nil
}

// rows streams every row with its height and every cell with its style,
// merged or not, so borders, fill and locking cover each merged rectangle
// entirely (excelize's MergeCell copies no style). User text always lands
// as a string, whatever it looks like (=HYPERLINK(…), +SUM(…), -1, @x);
// numbers land as numbers, exactly as the decimal reads (check made sure a
// float64 holds it); a formula keeps the value jixiao computed as its cached
// value, typed as a number when the cell is one (t="str" would make a
// reader that shows cached values, Excel's Protected View or an importer,
// see the text "97.5" without its number format).
func (b *book) rows(sw *excelize.StreamWriter, s *render.Sheet) error {
	nc := len(s.Columns)
	cols := make([][]byte, nc)
	for j := range cols {
		cols[j] = appendCol(nil, j)
	}
	owner := ownerGrid(s)
	clear(b.styles.looks)
	cells := make([]excelize.Cell, nc)
	row := make([]any, nc) // pointers: no allocation per cell for the interface
	for j := range cells {
		row[j] = &cells[j]
	}
	var num [20]byte
	for i, r := range s.Rows {
		rn := strconv.AppendInt(num[:0], int64(i+1), 10)
		for j, c := range r.Cells {
			top := c
			if o := owner[i*nc+j]; o >= 0 {
				top = s.Rows[o/nc].Cells[o%nc]
			}
			id, err := b.styles.id(c.Style, s.Styles[c.Style], top)
			if err != nil {
				return err
			}
			cells[j] = b.cell(c, id, cols[j], rn)
		}
		// excelRows made every row fit Excel's 409 points. A hundredth of
		// a point is finer than any screen or printer draws.
		h := math.Round(min(r.Height, maxRowHeight)*100) / 100
		if err := sw.SetRow("A"+string(rn), row, excelize.RowOpts{Height: h}); err != nil {
			return err
		}
	}
	return nil
}

// cell is c as the stream writes it, in the style id, at column col of row
// rn; its value goes into the fingerprint as it will read back.
func (b *book) cell(c render.Cell, id int, col, rn []byte) excelize.Cell {
	out := excelize.Cell{StyleID: id, Formula: c.Formula}
	stored := ""
	switch c.Kind {
	case render.Text:
		stored = validText(c.Text)
		out.Value = stored
	case render.Number:
		stored = c.Number.String()
		out.Value, _ = number(c.Number) // check made sure it is exact
	}
	if stored != "" && c.Formula == "" {
		b.rec = appendCellRecord(b.rec[:0], col, rn, stored)
		b.fp.Write(b.rec)
	}
	return out
}

// validText is s as a workbook stores it: excelize writes each byte of
// invalid UTF-8 as U+FFFD, so does this.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
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

// links makes every cell that links to a sheet (the 汇总表's project names)
// a link to that sheet's top.
func (b *book) links(name string, s *render.Sheet) error {
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Link <= 0 {
				continue
			}
			var opts []excelize.HyperlinkOpts
			if c.Text != "" {
				display := validText(c.Text)
				opts = append(opts, excelize.HyperlinkOpts{Display: &display})
			}
			target := quoteSheet(b.names[c.Link-1]) + "!A1"
			if err := b.f.SetCellHyperLink(name, ref(i, j), target, "Location", opts...); err != nil {
				return err
			}
		}
	}
	return nil
}

// validations adds a drop-down list to every cell that offers choices. The
// list only suggests: other values stay allowed (real forms use
// non-standard 二级 names), so no error message is set. Cells offering the
// same list share one rule.
func validations(f *excelize.File, name string, s *render.Sheet) error {
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
			k := slices.IndexFunc(lists, func(l *list) bool { return slices.Equal(l.items, items) })
			if k < 0 {
				k = len(lists)
				lists = append(lists, &list{items: items})
			} else {
				lists[k].refs = append(lists[k].refs, ' ')
			}
			lists[k].refs = appendRef(lists[k].refs, i, j)
		}
	}
	for _, l := range lists {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = string(l.refs)
		if err := dv.SetDropList(l.items); err != nil {
			return err
		}
		if err := f.AddDataValidation(name, dv); err != nil {
			return err
		}
	}
	return nil
}
