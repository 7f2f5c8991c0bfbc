// Package pdf draws resolved sheets as a PDF with the embedded Chinese font
// (Jixiao Serif SC, subset to the characters used).
//
// It draws what the sheet says and nothing else: its cells, merges, row
// heights, styles and the lines the sheet's line breaker made, one line at
// a time (fpdf's MultiCell and SplitText, which drop characters, are never
// used). It decides
// only where pages break: between rows, never inside a Sheet.Keep range
// that fits on a page; a page that continues the indicator block starts
// with the Sheet.Repeat rows and shows the Sheet.Labels over its rows again;
// a row taller than a page is split by lines. Pages are numbered per sheet.
//
// The file is made by go-pdf/fpdf: the font is handed to it as a small
// TrueType font of the glyphs drawn, cut from the embedded font (font.go);
// a bookmark per sheet when there are several, and a link to the first page
// of the sheet a cell's Link names.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"jixiao/fonts"
	"jixiao/render"
)

// Options adjust the document.
type Options struct {
	// Reproducible fixes the document's dates so the same input gives
	// byte-identical output.
	Reproducible bool
}

// reproducibleDate is the creation and modification date of reproducible
// documents.
var reproducibleDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Renderer draws PDFs. The font is parsed once per process (by the first
// New); a Renderer holds no state between calls and is safe for concurrent
// use.
type Renderer struct {
	font    *sfnt
	metrics *fonts.Metrics
}

// New returns a renderer with the embedded font parsed.
func New() (*Renderer, error) {
	f, err := embeddedFont()
	if err != nil {
		return nil, err
	}
	m, err := fonts.RegularMetrics()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return &Renderer{font: f, metrics: m}, nil
}

// Write draws the sheets, each starting on a new page, into one PDF. Every
// sheet is checked first (Check): on any error nothing is written to w.
func (r *Renderer) Write(w io.Writer, sheets []*render.Sheet, opt Options) error {
	if len(sheets) == 0 {
		return errors.New("pdf: 没有要输出的表")
	}
	var errs []error
	for i, s := range sheets {
		if s == nil {
			return fmt.Errorf("pdf: 第 %d 张表为空", i+1)
		}
		if err := r.Check(s); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return r.render(w, sheets, opt)
}

// render draws the document and writes it to w. fpdf writes nothing until
// the whole document is made, so a failure leaves w untouched.
func (r *Renderer) render(w io.Writer, sheets []*render.Sheet, opt Options) (err error) {
	defer func() {
		if p := recover(); p != nil { // fpdf panics on some input; a bug must cost one form, not the batch
			err = fmt.Errorf("pdf: 生成 PDF 失败：%v", p)
		}
	}()
	layouts := make([]*layout, len(sheets))
	for i, s := range sheets {
		layouts[i] = paginate(newGrid(s))
	}
	font, err := r.fontFor(sheets)
	if err != nil {
		return err
	}
	doc, err := newDocument(sheets, font, opt)
	if err != nil {
		return err
	}
	d := &drawer{pdf: doc, r: r, size: fontSize, links: make([]int, len(sheets))}
	for i := range d.links {
		d.links[i] = doc.AddLink()
	}
	for i, l := range layouts {
		d.sheet(l, i, len(sheets) > 1)
	}
	if err := doc.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// fontFor cuts the TrueType font the document hands fpdf: the glyphs of
// every character drawn.
func (r *Renderer) fontFor(sheets []*render.Sheet) ([]byte, error) {
	runes := usedRunes(sheets)
	sub, err := r.font.subset(runes)
	if err != nil {
		return nil, err
	}
	for _, r := range runes {
		if _, ok := sub.gid[r]; !ok {
			return nil, fmt.Errorf("pdf: 字体没有“%c”（U+%04X）", r, r)
		}
	}
	return sub.data, nil
}

// family is the font's family name for fpdf, which names the font in the
// PDF "utf8" + its lower-cased family and style (utf8jixiaoserifsc), with
// no subset tag.
const family = "JixiaoSerifSC"

// fontSize is the font size a document starts with.
const fontSize = 9

// newDocument starts a document in points with the first sheet's paper
// and margins, the font loaded, its properties set and its dates fixed
// when reproducible.
func newDocument(sheets []*render.Sheet, font []byte, opt Options) (*fpdf.Fpdf, error) {
	p := sheets[0].Page
	doc := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: p.Width, Ht: p.Height},
	})
	// Page contents are compressed, to a third or a quarter of their size:
	// 14 KB of a 106 KB seed form, 38 KB of a 93 KB seven-page one. It
	// costs about 0.2 ms a page, mostly the new compressor fpdf makes for
	// every stream.
	doc.SetCompression(true)
	doc.SetCatalogSort(true)
	doc.SetAutoPageBreak(false, 0)
	doc.SetMargins(p.Left, p.Top, p.Right)
	doc.SetLang("zh-CN")
	when := time.Now()
	if opt.Reproducible {
		when = reproducibleDate
	}
	doc.SetCreationDate(when)
	doc.SetModificationDate(when)
	info(doc, sheets)
	doc.AddUTF8FontFromBytes(family, "", font)
	doc.SetFont(family, "", fontSize)
	doc.SetLineWidth(ruleWidth)
	if err := doc.Error(); err != nil {
		return nil, fmt.Errorf("pdf: 字体无法载入：%w", err)
	}
	return doc, nil
}

// info sets the document's properties: the title of the first sheet (with
// its project, or the number of projects), the year, the implementing units
// as authors, projects and units as keywords.
func info(doc *fpdf.Fpdf, sheets []*render.Sheet) {
	var authors, keywords []string
	projects, year := 0, 0
	add := func(list *[]string, s string) {
		if s != "" && !slices.Contains(*list, s) {
			*list = append(*list, s)
		}
	}
	for _, s := range sheets {
		if s.Meta.Project != "" {
			projects++
		}
		if year == 0 {
			year = s.Meta.Year
		}
		add(&authors, s.Meta.Implementer)
		for _, k := range []string{s.Meta.Project, s.Meta.Department, s.Meta.Implementer} {
			add(&keywords, k)
		}
	}
	title := sheets[0].Title
	if len(sheets) == 1 && sheets[0].Meta.Project != "" {
		title += "：" + sheets[0].Meta.Project
	} else if projects > 1 {
		title += fmt.Sprintf("（%d 个项目）", projects)
	}
	subject := "财政项目支出绩效自评"
	if year > 0 {
		subject = fmt.Sprintf("%d 年度%s", year, subject)
	}
	doc.SetTitle(title, true)
	doc.SetSubject(subject, true)
	if len(authors) > 0 {
		doc.SetAuthor(strings.Join(authors, "、"), true)
	}
	doc.SetKeywords(strings.Join(append([]string{"绩效自评"}, keywords...), "，"), true)
	doc.SetCreator("jixiao", true)
	doc.SetProducer("jixiao (go-pdf/fpdf v0.9.0)", true)
}

// usedRunes lists the characters drawn, sorted: every cell's lines, the
// footers with their page numbers.
func usedRunes(sheets []*render.Sheet) []rune {
	seen := map[rune]bool{' ': true}
	for _, c := range "0123456789" {
		seen[c] = true
	}
	addText := func(s string) {
		for _, c := range drawn(s) {
			seen[c] = true
		}
	}
	for _, s := range sheets {
		for i := range s.Rows {
			for j := range s.Rows[i].Cells {
				c := &s.Rows[i].Cells[j]
				b := box{cell: c}
				for _, line := range b.lines() {
					addText(line)
				}
			}
		}
		addText(s.Page.Footer)
	}
	out := make([]rune, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
