package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"sync"

	"github.com/xuri/excelize/v2"
)

// orderedZip is the zip container excelize writes the workbook's parts
// into (File.SetZipWriter). It changes no part: it compresses each as
// excelize writes it and stores them on Close in a fixed order,
// [Content_Types].xml first (some tools recognise the format by it), then
// by name. excelize writes the streamed worksheets in the order of a Go
// map, which differs from run to run, so without this the same input would
// not give the same bytes. Parts are deflated at the fastest level with
// pooled compressors, small ones stored as they are, and all dated
// 1980-01-01 00:00 (the earliest a zip holds, as Excel writes): the
// document's own dates are in docProps/core.xml.
type orderedZip struct {
	out   io.Writer
	parts []*zipPart
}

func newOrderedZip(w io.Writer) excelize.ZipWriter { return &orderedZip{out: w} }

// Create starts a part, which ends the one before (as with zip.Writer).
func (z *orderedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name}
	z.parts = append(z.parts, p)
	return p, nil
}

// AddFS is never used by the writer (excelize calls it only for files it
// opened from a zip).
func (z *orderedZip) AddFS(fs.FS) error { return errors.New("xlsx: AddFS not supported") }

func (z *orderedZip) finish() error {
	if len(z.parts) == 0 {
		return nil
	}
	return z.parts[len(z.parts)-1].finish()
}

// Close writes the parts in order.
func (z *orderedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	sort.Slice(z.parts, func(i, j int) bool {
		a, b := z.parts[i].name, z.parts[j].name
		if (a == contentTypes) != (b == contentTypes) {
			return a == contentTypes
		}
		return a < b
	})
	zw := zip.NewWriter(z.out)
	for _, p := range z.parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Store, ModifiedDate: 1<<5 | 1,
			CRC32: p.crc, CompressedSize64: uint64(len(p.raw)), UncompressedSize64: p.size}
		body := p.raw
		if p.deflated != nil {
			h.Method, h.CompressedSize64, body = zip.Deflate, uint64(len(p.deflated)), p.deflated
		}
		h.CreatorVersion, h.ReaderVersion = 20, 20 // 2.0, as CreateHeader sets them
		w, err := zw.CreateRaw(h)
		if err == nil {
			_, err = w.Write(body)
		}
		if err != nil {
			return err
		}
	}
	z.parts = nil
	return zw.Close()
}

const (
	contentTypes = "[Content_Types].xml"
	themePart    = "xl/theme/theme1.xml"
	// minDeflate is the size below which a part is stored as it is:
	// deflating a few hundred bytes saves less than half of them and costs
	// as much time as a part ten times larger (the Huffman tables).
	minDeflate = 1024
)

// zipPart is one part: its bytes as they come, then deflated when finished.
type zipPart struct {
	name     string
	raw      []byte // the part, until deflated
	deflated []byte // nil: stored as raw
	crc      uint32
	size     uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	p.raw = append(p.raw, b...)
	return len(b), nil
}

// finish deflates the part unless it is small; excelize's theme, the same
// every time, is deflated once per process.
func (p *zipPart) finish() error {
	if p.deflated != nil || len(p.raw) < minDeflate {
		return nil
	}
	if p.name == themePart {
		if t := firstTheme(p.raw); bytes.Equal(t.raw, p.raw) {
			p.deflated, p.raw = t.deflated, nil
			return nil
		}
	}
	var b bytes.Buffer
	b.Grow(len(p.raw) / 3)
	fw, ok := flaters.Get().(*flate.Writer)
	if ok {
		fw.Reset(&b)
	} else {
		fw, _ = flate.NewWriter(&b, flate.BestSpeed)
	}
	_, err := fw.Write(p.raw)
	if err == nil {
		err = fw.Close()
	}
	flaters.Put(fw)
	p.deflated, p.raw = b.Bytes(), nil
	return err
}

// flaters recycles compressors (each holds ~1 MB of tables). The parts are
// small XML: the fastest level costs ~10% in size and saves a quarter of
// the writing time.
var flaters sync.Pool

// themeDeflated is a part deflated once per process.
type themeDeflated struct{ raw, deflated []byte }

var (
	themeOnce  sync.Once
	themeValue *themeDeflated
)

// firstTheme deflates the first theme it is given, once, at the best
// compression, and returns it ever after: excelize writes the same theme
// into every workbook, and deflating it each time took a tenth of the
// writing time.
func firstTheme(data []byte) *themeDeflated {
	themeOnce.Do(func() {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(data)
		fw.Close()
		themeValue = &themeDeflated{raw: bytes.Clone(data), deflated: b.Bytes()}
	})
	return themeValue
}
