// Package render lays a scored form out on the grid of its template: the
// result is one format-neutral Sheet that the Excel writer (render/xlsx) and
// the PDF writer (render/pdf) both draw, so the two outputs cannot disagree
// about cells, merges, texts, numbers or row heights.
//
// Templates are parsed once (Parse, Load, Builtin) into immutable values;
// Resolve makes a new Sheet per form and keeps no state between calls, so
// many forms can be resolved concurrently from one template.
package render

import (
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Sheet is one form laid out on a grid. Rows and columns are 0-based;
// lengths are in points (1/72 inch).
type Sheet struct {
	Name     string // the project's name, for the sheet tab and bookmarks
	Title    string // the form's title, for document properties
	Meta     Meta
	Page     Page
	Columns  []float64 // column widths
	Rows     []Row
	Merges   []Range       // each with its text in the top-left cell
	Styles   []Style       // Cell.Style indexes this
	Repeat   *Range        // rows repeated at the top of every printed page (the indicator header); nil for none
	Keep     []Range       // row spans a page break must not cut (a group whose merged label would lose its rows)
	Labels   []Range       // merged labels to draw again when their rows continue on a new page (绩效指标, 一级, 二级)
	Fields   map[string]At // where each bound field landed: "project.name", "indicators.3.score", ...
	Block    BlockInfo     // where the indicator block is
	Formulas bool          // whether cells carry live formulas
}

// Meta describes where a sheet came from, for document properties.
type Meta struct {
	Template     string // template name
	TemplateFile string // file the template was read from (templates/<name>.toml for a built-in one)
	Source       string // input file of the data
	Project      string
	Department   string
	Implementer  string
	Year         int
	Total        string // printed 总分
	Grade        string
}

// Page is the printed page.
type Page struct {
	Width, Height            float64 // the paper, portrait or landscape as printed
	Landscape                bool
	Top, Bottom, Left, Right float64 // margins
	Footer                   string  // with {page} and {pages}
	FooterSize               float64 // font size of the footer
}

// Row is one row of the grid.
type Row struct {
	Height float64
	Cells  []Cell // one per column; cells covered by a merge are Empty
}

// Kind says what a cell holds.
type Kind int

const (
	Empty  Kind = iota
	Text        // Cell.Text
	Number      // Cell.Number, shown as Cell.Text
)

// Format is how a number is shown.
type Format int

const (
	General    Format = iota // 9.5, 97.5, 10
	Amount                   // 7,549,020.00  (Excel #,##0.00)
	AmountFine               // 754.902 万元 to the fen (Excel #,##0.00####)
	Rate                     // 100.00        (Excel 0.00)
	Literal                  // text as typed, never a number or formula (Excel @)
)

// Cell is one cell of the grid.
type Cell struct {
	Kind   Kind
	Text   string          // what is shown; for numbers the formatted value
	Number decimal.Decimal // for Number cells
	Format Format
	Lines  []string // Text broken into the lines the cell shows (its merge's width)
	Style  int
	// Shrink, when above 0, scales the font down so a number too wide for
	// its cell fits on one line (Excel: shrink to fit).
	Shrink float64
	// Formula is an Excel formula without the leading "=" whose value is
	// Number; writers without formulas show Text.
	Formula  string
	Editable bool     // a department fills this in: unlocked in the workbook
	Choices  []string // values offered in a drop-down list
	Field    string   // the data field bound here ("indicators.3.reason"), "" for literal text
	Source   jixiao.Pos
	// Link, when above 0, makes the cell a link to the Link-th sheet (1-based)
	// of the same workbook or document.
	Link int
}

// Range is a rectangle of cells, inclusive: rows R0..R1, columns C0..C1.
type Range struct {
	R0, C0, R1, C1 int
}

// Rows is the number of rows the range spans.
func (r Range) Rows() int { return r.R1 - r.R0 + 1 }

// At is a cell address.
type At struct{ Row, Col int }

// AppendColumn appends the letter name of a 0-based column: A … Z, AA …
// XFD.
func AppendColumn(b []byte, c int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for n := c + 1; n > 0; n = (n - 1) / 26 {
		i--
		tmp[i] = byte('A' + (n-1)%26)
	}
	return append(b, tmp[i:]...)
}

// A1 is the A1 reference of a 0-based cell: A1(13, 2) is "C14".
func A1(row, col int) string {
	return string(strconv.AppendInt(AppendColumn(nil, col), int64(row+1), 10))
}

// BlockInfo locates the indicator block.
type BlockInfo struct {
	Header   int   // row of the 一级指标/二级指标/… header
	First    int   // first indicator row
	Last     int   // last indicator row (First-1 when there is none)
	Total    int   // the 总分 row
	Indexes  []int // for each indicator row, the index into Form.Indicators (-1 for a blank group row)
	FundsRow int   // the 年度资金总额 row
}

// Align is a horizontal alignment.
type Align int

const (
	Left Align = iota
	Center
	Right
)

// VAlign is a vertical alignment.
type VAlign int

const (
	Middle VAlign = iota
	Top
	Bottom
)

// Style is how a cell is drawn.
type Style struct {
	Name    string
	Font    string  // font name for the workbook: 宋体, 黑体…
	Size    float64 // points
	Bold    bool
	Align   Align
	VAlign  VAlign
	Wrap    bool
	Border  bool    // thin rule on every edge
	Padding float64 // inner horizontal padding, each side
	Leading float64 // line height as a multiple of Size
}

// LineHeight is the height of one line of text in this style.
func (s Style) LineHeight() float64 { return s.Size * s.Leading }

// Height is the height n lines of text take in a cell of this style, with
// the blank above and below them (VPad).
func (s Style) Height(n int) float64 { return float64(n)*s.LineHeight() + 2*VPad*s.Size }
