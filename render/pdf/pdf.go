// Package pdf draws resolved sheets as a PDF with the embedded Chinese font
// (Jixiao Serif SC, subset to the characters used).
//
// It draws what the sheet says and nothing else: its cells, merges, row
// heights, styles and the lines the sheet's line breaker made (fpdf's
// MultiCell/SplitText, which drop characters, are never used). It decides
// only where pages break: between rows, never inside a Sheet.Keep range
// that fits on a page; a page that continues the indicator block starts
// with the Sheet.Repeat rows and shows the Sheet.Labels over its rows again;
// a row taller than a page is split by lines. Pages are numbered per sheet.
package pdf

import (
	"bytes"
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

// width is the width of a line in em, by the metrics the sheet's line
// breaker used.
func (r *Renderer) width(s string) float64 {
	w := 0.0
	for _, c := range s {
		w += r.metrics.Advance(c)
	}
	return w
}

// The font's name in the PDF. fpdf names a UTF-8 font "utf8" + its family
// key, lower case, and writes no subset tag; the PDF standard wants a subset
// named "ABCDEF+Name" (ISO 32000-1, 9.6.4), which tools such as pdffonts
// read. So the family key is chosen as long as the proper name, and the
// name is replaced in the finished file, byte for byte, which keeps every
// offset of the file valid.
const (
	psName    = "JixiaoSerifSC-Regular"
	familyKey = "jixiaoserifsc-regularsub" // len("utf8" + familyKey) == len("ABCDEF+" + psName)
)

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
	out, err := r.render(sheets, opt)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// render makes the document in memory.
func (r *Renderer) render(sheets []*render.Sheet, opt Options) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil { // fpdf panics on some input; never pass that on
			out, err = nil, fmt.Errorf("pdf: 生成 PDF 失败：%v", p)
		}
	}()
	layouts := make([]*layout, len(sheets))
	for i, s := range sheets {
		layouts[i] = paginate(newGrid(s))
	}
	runes := usedRunes(sheets)
	sub, err := r.font.subset(runes)
	if err != nil {
		return nil, err
	}

	first := sheets[0]
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: first.Page.Width, Ht: first.Page.Height},
	})
	pdf.SetCatalogSort(true)
	// Page contents stay uncompressed: fpdf makes a new zlib writer (about
	// 1 MB of state) per stream, which costs about 0.5 ms per page, and
	// saves only about 3 KB per page; the font, most of the file, is
	// always compressed.
	pdf.SetCompression(false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(first.Page.Left, first.Page.Top, first.Page.Right)
	date := time.Now()
	if opt.Reproducible {
		date = reproducibleDate
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	info(pdf, sheets)
	pdf.AddUTF8FontFromBytes(familyKey, "", sub)
	pdf.SetFont(familyKey, "", 9)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdf: 字体无法载入：%w", err)
	}
	d := &drawer{pdf: pdf, r: r, size: 9}
	for _, l := range layouts {
		d.sheet(l, len(sheets) > 1)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return nameSubset(buf.Bytes(), subsetTag(runes))
}

// info sets the document's properties: the title of the first sheet (with
// its project, or the number of projects), the year, the implementing units
// as authors, projects and units as keywords.
func info(pdf *fpdf.Fpdf, sheets []*render.Sheet) {
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
	pdf.SetTitle(title, true)
	pdf.SetSubject(subject, true)
	pdf.SetAuthor(strings.Join(authors, "、"), true)
	pdf.SetKeywords(strings.Join(append([]string{"绩效自评"}, keywords...), "，"), true)
	pdf.SetCreator("jixiao", true)
	pdf.SetProducer("jixiao (go-pdf/fpdf v0.9.0)", true)
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

// nameSubset gives the font in the finished file its subset name.
func nameSubset(doc []byte, tag string) ([]byte, error) {
	from, to := "/utf8"+familyKey, "/"+tag+"+"+psName
	if len(from) != len(to) {
		return nil, errors.New("pdf: font name length mismatch")
	}
	n := 0
	for _, key := range []string{"/BaseFont ", "/FontName "} {
		old, repl := []byte(key+from), []byte(key+to)
		for rest := doc; ; { // same length: replaced in place, offsets stay valid
			i := bytes.Index(rest, old)
			if i < 0 {
				break
			}
			copy(rest[i:], repl)
			rest = rest[i+len(old):]
			n++
		}
	}
	if n != 3 { // the Type0 font, its CIDFont, its descriptor
		return nil, fmt.Errorf("pdf: font name found %d times, want 3", n)
	}
	return doc, nil
}
