package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strconv"
	"sync"

	"github.com/xuri/excelize/v2"
)

// excelize (v2.11.1, cell.go SetCellFormula) always marks a formula cell
// t="str", which types its cached value as text: <c t="str"><f>SUM(…)</f>
// <v>97.5</v></c>. Excel and LibreOffice recalculate on open
// (fullCalcOnLoad), but a reader that shows cached values (Excel's
// Protected View for a mailed file, an importer) would see the text "97.5"
// without its number format. No excelize API writes a formula with a
// numeric cached value, so the zip writer drops t="str" from exactly the
// cells we wrote as numbers with a formula, as the worksheet is stored.
// If excelize ever writes these cells differently the rewrite finds
// nothing and the cells keep t="str" (TestFormulaCachedValues notices).
func fixFormulaTypes(f *excelize.File, cells map[string][]string) {
	paths := map[string][]string{}
	for id, name := range f.GetSheetMap() {
		if refs := cells[name]; len(refs) > 0 {
			// excelize stores the sheet with ID n as xl/worksheets/sheetn.xml.
			paths["xl/worksheets/sheet"+strconv.Itoa(id)+".xml"] = refs
		}
	}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		// The parts are small XML: the fastest deflate level costs ~10% in
		// size and saves a quarter of the writing time.
		zw.RegisterCompressor(zip.Deflate, fastDeflate)
		return &fixZip{Writer: zw, paths: paths}
	})
}

type fixZip struct {
	*zip.Writer
	paths map[string][]string
}

func (z *fixZip) Create(name string) (io.Writer, error) {
	w, err := z.Writer.Create(name)
	if err != nil || z.paths[name] == nil {
		return w, err
	}
	return &fixWriter{w: w, refs: z.paths[name]}, nil
}

// fixWriter rewrites a worksheet part; excelize writes each stored part
// with one Write call.
type fixWriter struct {
	w    io.Writer
	refs []string
}

func (fw *fixWriter) Write(p []byte) (int, error) {
	if _, err := fw.w.Write(numericFormulas(p, fw.refs)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// numericFormulas drops ` t="str"` from the start tag of each cell in refs
// that holds a formula.
func numericFormulas(p []byte, refs []string) []byte {
	out := bytes.Clone(p)
	attr := []byte(` t="str"`)
	for _, r := range refs {
		start := bytes.Index(out, []byte(`<c r="`+r+`"`))
		if start < 0 {
			continue
		}
		end := bytes.IndexByte(out[start:], '>')
		if end < 0 {
			continue
		}
		tag := out[start : start+end]
		i := bytes.Index(tag, attr)
		if i < 0 || !bytes.HasPrefix(out[start+end+1:], []byte("<f>")) {
			continue
		}
		i += start
		out = append(out[:i], out[i+len(attr):]...)
	}
	return out
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
