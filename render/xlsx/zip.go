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
// into (File.SetZipWriter). It changes no part: it keeps each as excelize
// wrote it and stores them on Close in a fixed order, [Content_Types].xml
// first (some tools recognise the format by it), then by name. excelize
// writes the streamed worksheets in the order of a Go map, which differs
// from run to run, so without this the same input would not give the same
// bytes. Each part is deflated at the fastest level, with pooled
// compressors, and dated 1980-01-01 00:00 (the earliest a zip holds, as
// Excel writes): the document's own dates are in docProps/core.xml.
type orderedZip struct {
	out   io.Writer
	parts []zipPart
}

type zipPart struct {
	name string
	data bytes.Buffer
}

func newOrderedZip(w io.Writer) excelize.ZipWriter { return &orderedZip{out: w} }

// Create starts a part; excelize writes it whole before the next.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	z.parts = append(z.parts, zipPart{name: name})
	return &z.parts[len(z.parts)-1].data, nil
}

// AddFS is never used by the writer (excelize calls it only for files it
// opened from a zip).
func (z *orderedZip) AddFS(fs.FS) error { return errors.New("xlsx: AddFS not supported") }

// Close writes the parts in order.
func (z *orderedZip) Close() error {
	sort.Slice(z.parts, func(i, j int) bool {
		a, b := z.parts[i].name, z.parts[j].name
		if (a == contentTypes) != (b == contentTypes) {
			return a == contentTypes
		}
		return a < b
	})
	zw := zip.NewWriter(z.out)
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	for i := range z.parts {
		p := &z.parts[i]
		if err := p.store(zw); err != nil {
			return err
		}
	}
	z.parts = nil
	return zw.Close()
}

// store adds the part to the zip: deflated, stored as it is when small,
// or, for excelize's theme, as deflated once per process.
func (p *zipPart) store(zw *zip.Writer) error {
	h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1}
	if p.data.Len() < minDeflate {
		h.Method = zip.Store
	}
	if t := theme(p.name, p.data.Bytes()); t != nil {
		h.CRC32, h.CompressedSize64, h.UncompressedSize64 = t.crc, uint64(len(t.deflated)), uint64(p.data.Len())
		h.CreatorVersion, h.ReaderVersion = 20, 20 // 2.0, deflate: as CreateHeader sets them
		w, err := zw.CreateRaw(h)
		if err == nil {
			_, err = w.Write(t.deflated)
		}
		return err
	}
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = p.data.WriteTo(w)
	}
	return err
}

const themePart = "xl/theme/theme1.xml"

// deflatedPart is a part deflated once per process.
type deflatedPart struct {
	raw, deflated []byte
	crc           uint32
}

// theme returns the deflated theme if the part is the theme and data the
// one excelize wrote first in this process (it writes the same every time):
// deflating it for every workbook took a tenth of the writing time.
func theme(name string, data []byte) *deflatedPart {
	if name != themePart {
		return nil
	}
	t := firstTheme(data)
	if !bytes.Equal(t.raw, data) {
		return nil
	}
	return t
}

var (
	themeOnce  sync.Once
	themeValue *deflatedPart
)

// firstTheme deflates the first theme it is given, once, at the best
// compression, and returns it ever after.
func firstTheme(data []byte) *deflatedPart {
	themeOnce.Do(func() {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(data)
		fw.Close()
		themeValue = &deflatedPart{raw: bytes.Clone(data), deflated: b.Bytes(), crc: crc32.ChecksumIEEE(data)}
	})
	return themeValue
}

const contentTypes = "[Content_Types].xml"

// minDeflate is the size below which a part is stored as it is: deflating
// a few hundred bytes saves less than half of them and costs as much time
// as a part ten times larger, most of it building the Huffman tables.
const minDeflate = 1024

var flaters sync.Pool

// fastDeflate compresses with flate.BestSpeed, reusing compressors (each
// holds ~1 MB of tables). The parts are small XML: the fastest level costs
// ~10% in size and saves a quarter of the writing time.
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
