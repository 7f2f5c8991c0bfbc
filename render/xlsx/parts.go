package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"hash"
	"hash/crc32"
	"io"
	"strconv"
	"sync"
	"time"

	"jixiao/render"
)

// Namespaces and the XML declaration of the parts.
const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relType   = nsRel + "/"
	ctPrefix  = "application/vnd.openxmlformats-officedocument."
)

// writer holds what is shared by the sheets of one workbook.
type writer struct {
	opt    Options
	names  []string // the worksheets' names, in order
	styles styleTable
	looks  map[look]int // the current sheet's formats by look
	// The shared strings (xl/sharedStrings.xml): each distinct text once,
	// in order of first use, and the number of cells using them.
	strings  map[string]int
	strOrder []string
	strRefs  int
	links    []link  // the current sheet's links
	breaks   [][]int // per sheet, the rows that start a printed page
	// fp hashes what the workbook holds as the values are written, the way
	// fingerprint reads them back (see fingerprint.go).
	fp      hash.Hash
	scratch []byte
}

// bufs recycles the buffer the parts are built in.
var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// writeParts writes the package: the parts in the order Excel writes them,
// [Content_Types].xml first (some tools recognise the format by it), and
// the parts that depend on every cell (styles, shared strings, the
// fingerprint) after the worksheets. sheets are the sheets as given (for
// the document properties), ready the same after prepare.
func writeParts(out io.Writer, sheets, ready []*render.Sheet, breaks [][]int, names []string, opt Options) error {
	w := &writer{opt: opt, names: names, breaks: breaks, styles: newStyleTable(), looks: map[look]int{}, strings: map[string]int{}, fp: sha256.New()}
	when := opt.Modified
	if when.IsZero() {
		when = time.Now()
	}
	bp := bufs.Get().(*[]byte)
	b := (*bp)[:0]
	defer func() {
		if cap(b) <= 1<<20 { // a huge workbook's buffer is left to the GC
			*bp = b[:0]
			bufs.Put(bp)
		}
	}()
	zw := zip.NewWriter(out)
	// The parts are small XML: the fastest deflate level costs ~10% in
	// size and saves a quarter of the writing time.
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	put := func(name string, data []byte) error {
		fw, err := zw.CreateHeader(zipHeader(name))
		if err == nil {
			_, err = fw.Write(data)
		}
		return err
	}
	putRaw := func(p *rawPart) error {
		h := zipHeader(p.name)
		h.CRC32, h.CompressedSize64, h.UncompressedSize64 = p.crc, uint64(len(p.deflated)), p.size
		h.CreatorVersion, h.ReaderVersion = 20, 20 // 2.0, deflate: as CreateHeader sets them
		fw, err := zw.CreateRaw(h)
		if err == nil {
			_, err = fw.Write(p.deflated)
		}
		return err
	}
	fixed := fixedParts()
	n := len(ready)
	props := workbookProps(sheets, names, when)
	// Each part is built in b, which keeps the capacity it grows to.
	b = appendContentTypes(b[:0], n)
	if err := put("[Content_Types].xml", b); err != nil {
		return err
	}
	if err := putRaw(&fixed.rels); err != nil {
		return err
	}
	if err := putRaw(&fixed.app); err != nil {
		return err
	}
	b = appendCoreProps(b[:0], props)
	if err := put("docProps/core.xml", b); err != nil {
		return err
	}
	b = appendWorkbook(b[:0], ready, names)
	if err := put("xl/workbook.xml", b); err != nil {
		return err
	}
	b = appendWorkbookRels(b[:0], n)
	if err := put("xl/_rels/workbook.xml.rels", b); err != nil {
		return err
	}
	if err := putRaw(&fixed.theme); err != nil {
		return err
	}
	for i, s := range ready {
		b = w.appendSheet(b[:0], i, names[i], s)
		if err := put("xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml", b); err != nil {
			return err
		}
	}
	b = w.styles.appendStyles(b[:0])
	if err := put("xl/styles.xml", b); err != nil {
		return err
	}
	b = w.appendSharedStrings(b[:0])
	if err := put("xl/sharedStrings.xml", b); err != nil {
		return err
	}
	b = appendCustomProps(b[:0], [][2]string{
		{"jixiao.template", props.templates},
		{"jixiao.source", props.sources},
		{fingerprintProp, fingerprintValue(w.fp)},
	})
	if err := put("docProps/custom.xml", b); err != nil {
		return err
	}
	return zw.Close()
}

// zipHeader is the header of a deflated part. Its date is 1980-01-01 00:00,
// the earliest a zip holds, as Excel writes: the output stays reproducible,
// and the document's own dates are in docProps/core.xml. (The deprecated
// MS-DOS fields are set directly: Modified would add an extra field, and
// CreateRaw ignores it.)
func zipHeader(name string) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1}
}

// rawPart is a part that never changes, deflated once per process.
type rawPart struct {
	name     string
	deflated []byte
	crc      uint32
	size     uint64
}

type fixedSet struct{ rels, app, theme rawPart }

// fixedParts deflates the constant parts once, at the best compression:
// deflating them for every workbook took a sixth of the writing time,
// mostly building each part's Huffman tables.
var fixedParts = sync.OnceValue(func() *fixedSet {
	raw := func(name string, data []byte) rawPart {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(data)
		fw.Close()
		return rawPart{name: name, deflated: b.Bytes(), crc: crc32.ChecksumIEEE(data), size: uint64(len(data))}
	}
	return &fixedSet{
		rels:  raw("_rels/.rels", []byte(packageRels)),
		app:   raw("docProps/app.xml", []byte(appProps)),
		theme: raw("xl/theme/theme1.xml", []byte(theme)),
	}
})

// theme is the workbook's theme (DrawingML, ISO/IEC 29500-1 20.1.6): every
// font of the workbook names its typeface and colour, so the theme only has
// to be there (readers such as excelize resolve colours through it) and
// valid: the colour scheme's twelve slots, the fonts, and the minimum of
// three styles in each list of the format scheme.
const theme = xmlHeader + `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="jixiao">` +
	`<a:themeElements><a:clrScheme name="jixiao">` +
	`<a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>` +
	`<a:dk2><a:srgbClr val="404040"/></a:dk2><a:lt2><a:srgbClr val="F2F2F2"/></a:lt2>` +
	`<a:accent1><a:srgbClr val="2F5597"/></a:accent1><a:accent2><a:srgbClr val="C00000"/></a:accent2>` +
	`<a:accent3><a:srgbClr val="808080"/></a:accent3><a:accent4><a:srgbClr val="BF8F00"/></a:accent4>` +
	`<a:accent5><a:srgbClr val="548235"/></a:accent5><a:accent6><a:srgbClr val="7030A0"/></a:accent6>` +
	`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>` +
	`</a:clrScheme><a:fontScheme name="jixiao">` +
	`<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:majorFont>` +
	`<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:minorFont>` +
	`</a:fontScheme><a:fmtScheme name="jixiao">` +
	`<a:fillStyleLst>` + solid3 + `</a:fillStyleLst>` +
	`<a:lnStyleLst>` + line + line + line + `</a:lnStyleLst>` +
	`<a:effectStyleLst>` + noEffect + noEffect + noEffect + `</a:effectStyleLst>` +
	`<a:bgFillStyleLst>` + solid3 + `</a:bgFillStyleLst>` +
	`</a:fmtScheme></a:themeElements></a:theme>`

const (
	solid    = `<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`
	solid3   = solid + solid + solid
	line     = `<a:ln w="6350">` + solid + `</a:ln>`
	noEffect = `<a:effectStyle><a:effectLst/></a:effectStyle>`
)

func appendContentTypes(b []byte, sheets int) []byte {
	b = append(b, xmlHeader+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="`+ctPrefix+`spreadsheetml.sheet.main+xml"/>`...)
	for i := range sheets {
		b = append(b, `<Override PartName="/xl/worksheets/sheet`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `.xml" ContentType="`+ctPrefix+`spreadsheetml.worksheet+xml"/>`...)
	}
	return append(b, `<Override PartName="/xl/theme/theme1.xml" ContentType="`+ctPrefix+`theme+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="`+ctPrefix+`spreadsheetml.styles+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="`+ctPrefix+`spreadsheetml.sharedStrings+xml"/>`+
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`<Override PartName="/docProps/app.xml" ContentType="`+ctPrefix+`extended-properties+xml"/>`+
		`<Override PartName="/docProps/custom.xml" ContentType="`+ctPrefix+`custom-properties+xml"/>`+
		`</Types>`...)
}

const packageRels = xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
	`<Relationship Id="rId1" Type="` + relType + `officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relType + `extended-properties" Target="docProps/app.xml"/>` +
	`<Relationship Id="rId4" Type="` + relType + `custom-properties" Target="docProps/custom.xml"/>` +
	`</Relationships>`

// appProps names the application that wrote the workbook. LibreOffice
// handles a generator other than Excel or itself as it did "Go Excelize":
// it prints the formulas' cached values (TestLibreOfficePrint).
const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
	` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>jixiao</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop></Properties>`

func appendCoreProps(b []byte, p docProps) []byte {
	b = append(b, xmlHeader+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`+
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"`+
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`...)
	el := func(b []byte, tag, v string) []byte {
		if v == "" {
			return b
		}
		b = append(b, '<')
		b = append(b, tag...)
		b = append(b, '>')
		b = appendText(b, v, false)
		b = append(b, "</"...)
		b = append(b, tag...)
		return append(b, '>')
	}
	b = el(b, "dc:title", p.title)
	b = el(b, "dc:subject", p.subject)
	b = el(b, "dc:creator", "jixiao")
	b = el(b, "cp:keywords", p.keywords)
	b = el(b, "dc:description", p.description)
	b = el(b, "cp:lastModifiedBy", "jixiao")
	b = el(b, "dc:language", "zh-CN")
	b = append(b, `<dcterms:created xsi:type="dcterms:W3CDTF">`+p.created+`</dcterms:created>`+
		`<dcterms:modified xsi:type="dcterms:W3CDTF">`+p.created+`</dcterms:modified>`...)
	b = el(b, "cp:category", "项目支出绩效自评")
	return append(b, "</cp:coreProperties>"...)
}

// appendCustomProps writes the custom properties as strings (vt:lpwstr).
func appendCustomProps(b []byte, props [][2]string) []byte {
	b = append(b, xmlHeader+`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"`+
		` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`...)
	for i, kv := range props {
		// pid 0 and 1 are reserved.
		b = append(b, `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="`...)
		b = strconv.AppendInt(b, int64(i+2), 10)
		b = append(b, `" name="`...)
		b = appendText(b, kv[0], true)
		b = append(b, `"><vt:lpwstr>`...)
		b = appendText(b, kv[1], false)
		b = append(b, `</vt:lpwstr></property>`...)
	}
	return append(b, "</Properties>"...)
}

// appendWorkbook writes xl/workbook.xml in CT_Workbook's order: the sheets,
// the first one active; the defined names; recalculation on open
// (fullCalcOnLoad), so Excel computes the formulas itself.
func appendWorkbook(b []byte, sheets []*render.Sheet, names []string) []byte {
	b = append(b, xmlHeader+`<workbook xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`+
		`<fileVersion appName="xl" lastEdited="6" lowestEdited="6" rupBuild="14420"/>`+
		`<workbookPr filterPrivacy="1"/>`+
		`<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="14805" windowHeight="8010" activeTab="0"/></bookViews><sheets>`...)
	var dn []definedName
	for i, s := range sheets {
		b = append(b, `<sheet name="`...)
		b = appendText(b, names[i], true)
		b = append(b, `" sheetId="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" r:id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `"/>`...)
		dn = definedNames(dn, i, names[i], s)
	}
	b = append(b, "</sheets>"...)
	if len(dn) > 0 {
		b = append(b, "<definedNames>"...)
		for _, d := range dn {
			b = append(b, `<definedName name="`...)
			b = appendText(b, d.name, true)
			b = append(b, '"')
			if d.comment != "" {
				b = append(b, ` comment="`...)
				b = appendText(b, d.comment, true)
				b = append(b, '"')
			}
			b = append(b, ` localSheetId="`...)
			b = strconv.AppendInt(b, int64(d.sheet), 10)
			b = append(b, `">`...)
			b = appendText(b, d.refersTo, false)
			b = append(b, "</definedName>"...)
		}
		b = append(b, "</definedNames>"...)
	}
	return append(b, `<calcPr calcId="122211" fullCalcOnLoad="1"/></workbook>`...)
}

// appendWorkbookRels relates the workbook to its parts: the worksheets as
// rId1…rIdN, then styles, theme and shared strings.
func appendWorkbookRels(b []byte, sheets int) []byte {
	b = append(b, xmlHeader+`<Relationships xmlns="`+nsPkgRel+`">`...)
	rel := func(b []byte, id int, typ, target string) []byte {
		b = append(b, `<Relationship Id="rId`...)
		b = strconv.AppendInt(b, int64(id), 10)
		b = append(b, `" Type="`+relType...)
		b = append(b, typ...)
		b = append(b, `" Target="`...)
		b = append(b, target...)
		return append(b, `"/>`...)
	}
	for i := range sheets {
		b = rel(b, i+1, "worksheet", "worksheets/sheet"+strconv.Itoa(i+1)+".xml")
	}
	b = rel(b, sheets+1, "styles", "styles.xml")
	b = rel(b, sheets+2, "theme", "theme/theme1.xml")
	b = rel(b, sheets+3, "sharedStrings", "sharedStrings.xml")
	return append(b, "</Relationships>"...)
}

// sharedString returns the index of s in the shared strings, adding it
// when new.
func (w *writer) sharedString(s string) int {
	w.strRefs++
	if i, ok := w.strings[s]; ok {
		return i
	}
	i := len(w.strOrder)
	w.strings[s] = i
	w.strOrder = append(w.strOrder, s)
	return i
}

func (w *writer) appendSharedStrings(b []byte) []byte {
	b = append(b, xmlHeader+`<sst xmlns="`+nsMain+`" count="`...)
	b = strconv.AppendInt(b, int64(w.strRefs), 10)
	b = append(b, `" uniqueCount="`...)
	b = strconv.AppendInt(b, int64(len(w.strOrder)), 10)
	b = append(b, `">`...)
	for _, s := range w.strOrder {
		if preserveSpace(s) {
			b = append(b, `<si><t xml:space="preserve">`...)
		} else {
			b = append(b, "<si><t>"...)
		}
		b = appendCellText(b, s)
		b = append(b, "</t></si>"...)
	}
	return append(b, "</sst>"...)
}

var flaters sync.Pool

// fastDeflate compresses with flate.BestSpeed, reusing compressors (each
// holds ~1 MB of tables).
func fastDeflate(out io.Writer) (io.WriteCloser, error) {
	if fw, ok := flaters.Get().(*flate.Writer); ok {
		fw.Reset(out)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(out, flate.BestSpeed)
	return pooledFlate{fw}, err
}

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	return err
}
