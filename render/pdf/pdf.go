// Package pdf draws resolved sheets as a PDF with the embedded Chinese font
// (Jixiao Serif SC, subset to the characters used).
//
// It draws what the sheet says and nothing else: its cells, merges, row
// heights, styles and the lines the sheet's line breaker made. It decides
// only where pages break: between rows, never inside a Sheet.Keep range
// that fits on a page; a page that continues the indicator block starts
// with the Sheet.Repeat rows and shows the Sheet.Labels over its rows again;
// a row taller than a page is split by lines. Pages are numbered per sheet.
//
// The file is written directly (objects.go, embed.go), in memory: the font
// as a composite font over a subset of the glyphs drawn, a bookmark per
// sheet when there are several, and a link annotation to the first page of
// the sheet a cell's Link names.
package pdf

import (
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
		if p := recover(); p != nil { // a bug must cost one form, not the batch
			out, err = nil, fmt.Errorf("pdf: 生成 PDF 失败：%v", p)
		}
	}()
	layouts := make([]*layout, len(sheets))
	pages := 0
	for i, s := range sheets {
		layouts[i] = paginate(newGrid(s))
		pages += len(layouts[i].pages)
	}
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
	o := newObjects(len(sub.data) + pages*12<<10)
	catalog, tree, font, resources := o.alloc(), o.alloc(), o.alloc(), o.alloc()
	// Page objects are numbered first, so links and bookmarks can point
	// to any sheet's first page.
	first := make([]int, len(sheets))
	var kids []byte
	for i, l := range layouts {
		first[i] = len(o.offsets) + 1
		for range l.pages {
			kids = appendRef(append(kids, ' '), o.alloc())
		}
	}
	d := &drawer{r: r, sub: sub}
	for i, l := range layouts {
		for pi := range l.pages {
			if err := o.page(d, l, pi, first[i]+pi, tree, resources, layouts, first); err != nil {
				return nil, err
			}
		}
	}
	o.object(resources, "<</Font<</F1 "+ref(font)+">>/ProcSet[/PDF/Text]>>")
	if err := o.embedFont(font, r.font, sub, subsetTag(runes)); err != nil {
		return nil, err
	}
	o.object(tree, "<</Type/Pages/Kids["+string(kids[1:])+"]/Count "+strconv.Itoa(pages)+">>")
	root := "<</Type/Catalog/Pages " + ref(tree) + "/Lang(zh-CN)"
	if len(sheets) > 1 {
		root += "/Outlines " + ref(o.outline(sheets, layouts, first)) + "/PageMode/UseOutlines"
	}
	o.object(catalog, root+">>")
	when := time.Now()
	if opt.Reproducible {
		when = reproducibleDate
	}
	info := o.alloc()
	o.object(info, infoDict(sheets, when))
	id := sha256.Sum256(o.buf)
	return o.finish(catalog, info, id[:16]), nil
}

// page writes page pi of a layout as object n, with its content and links.
func (o *objects) page(d *drawer, l *layout, pi, n, tree, resources int, layouts []*layout, first []int) error {
	d.page(l, pi)
	content := o.alloc()
	var annots []byte
	for _, k := range d.links {
		if k.sheet > len(first) {
			continue // a link to a sheet not in this document
		}
		a := o.alloc()
		o.object(a, "<</Type/Annot/Subtype/Link/Rect["+nums(k.x0, k.y0, k.x1, k.y1)+"]/Border[0 0 0]/Dest"+
			dest(first[k.sheet-1], layouts[k.sheet-1].s)+">>")
		annots = appendRef(append(annots, ' '), a)
	}
	p := l.s.Page
	v := "<</Type/Page/Parent " + ref(tree) + "/MediaBox[0 0 " + paper(p.Width) + " " + paper(p.Height) + "]/Resources " +
		ref(resources) + "/Contents " + ref(content)
	if annots != nil {
		v += "/Annots[" + string(annots[1:]) + "]"
	}
	o.object(n, v+">>")
	return o.stream(content, "", d.c, zlib.BestSpeed)
}

// paper is a paper edge to the hundredth of a point, as paper sizes are
// given (A4: 595.28 × 841.89).
func paper(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// dest is a destination at the top left of a sheet's first page.
func dest(page int, s *render.Sheet) string {
	return "[" + ref(page) + "/XYZ 0 " + nums(s.Page.Height) + " null]"
}

// outline writes the document outline (bookmarks): an entry per sheet,
// named after its project, taking the reader to its first page.
func (o *objects) outline(sheets []*render.Sheet, layouts []*layout, first []int) int {
	root := o.alloc()
	items := make([]int, len(sheets))
	for i := range items {
		items[i] = o.alloc()
	}
	for i, s := range sheets {
		name := s.Name
		if name == "" {
			name = s.Title
		}
		v := "<</Title" + textString(name) + "/Parent " + ref(root) + "/Dest" + dest(first[i], layouts[i].s)
		if i > 0 {
			v += "/Prev " + ref(items[i-1])
		}
		if i < len(items)-1 {
			v += "/Next " + ref(items[i+1])
		}
		o.object(items[i], v+">>")
	}
	o.object(root, "<</Type/Outlines/First "+ref(items[0])+"/Last "+ref(items[len(items)-1])+"/Count "+strconv.Itoa(len(items))+">>")
	return root
}

func nums(vs ...float64) string {
	var b []byte
	for i, v := range vs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, v)
	}
	return string(b)
}

// infoDict is the document's properties: the title of the first sheet
// (with its project, or the number of projects), the year, the implementing
// units as authors, projects and units as keywords.
func infoDict(sheets []*render.Sheet, when time.Time) string {
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
	v := "<</Title" + textString(title) + "/Subject" + textString(subject)
	if len(authors) > 0 {
		v += "/Author" + textString(strings.Join(authors, "、"))
	}
	return v + "/Keywords" + textString(strings.Join(append([]string{"绩效自评"}, keywords...), "，")) +
		"/Creator(jixiao)/Producer(jixiao)/CreationDate" + date(when) + "/ModDate" + date(when) + ">>"
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
