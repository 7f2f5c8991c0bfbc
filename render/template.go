package render

import (
	"jixiao"
)

// Template is a parsed, validated layout. It is immutable: resolve any number
// of forms against it, concurrently.
type Template struct {
	Name        string
	Description string
	File        string // the file it was read from, as named in messages
	form        FormKind
	vars        map[string]string
	page        Page
	columns     []float64 // points
	styles      []Style
	rows        []rowSpec
	block       blockSpec
}

// rowSpec is a fixed row of the grid, or the place of the indicator block.
type rowSpec struct {
	pos    jixiao.Pos
	block  bool
	height float64 // minimum, points
	cells  []cellSpec
}

// cellSpec is one cell of a row spec: text or a field over a rectangle.
type cellSpec struct {
	pos    jixiao.Pos
	c0, c1 int
	rows   int // how many rows it spans downwards
	text   string
	field  string
	style  int
	edit   editMode
	line   int    // header cells: the header row it starts on, 0-based
	mark   string // indicator row: the ✓ column of this cause or likelihood
}

type editMode int

const (
	editDefault editMode = iota
	editYes
	editNo
)

// blockSpec is the indicator block.
type blockSpec struct {
	pos          jixiao.Pos
	label        cellSpec
	header       []cellSpec
	headerLines  int // rows of the header: two for two-level headers
	headerHeight float64
	row          []cellSpec
	rowHeight    float64
	keepEmpty    bool
	level1Col    int
	level2Col    int
}

// FormKind is the form of the budget year a template lays out, which says
// what the data must hold and how it is checked.
type FormKind int

const (
	SelfEvaluation FormKind = iota // 项目支出绩效自评表: scored (jixiao.Score)
	Monitoring                     // 绩效运行监控表: mid-year, not scored (jixiao.Monitor)
)

// formKinds are the values of a template's form key, by kind.
var formKinds = []string{"self_evaluation", "monitoring"}

// Form is the form the template lays out (its form key).
func (t *Template) Form() FormKind { return t.form }

// Columns returns the number of columns of the grid.
func (t *Template) Columns() int { return len(t.columns) }
