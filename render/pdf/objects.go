package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// objects assembles a PDF file in memory (ISO 32000-1, 7.5): numbered
// indirect objects, a cross-reference table and the trailer. Numbers are
// handed out by alloc before the object is written, so objects can refer to
// each other in any order.
type objects struct {
	buf     []byte
	offsets []int // offset of object n at n-1; -1 until written
	scratch bytes.Buffer
}

func newObjects(sizeHint int) *objects {
	o := &objects{buf: make([]byte, 0, sizeHint)}
	// A binary comment after the header marks the file as binary (7.5.2).
	o.buf = append(o.buf, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"...)
	return o
}

// alloc reserves the next object number.
func (o *objects) alloc() int {
	o.offsets = append(o.offsets, -1)
	return len(o.offsets)
}

// begin starts object n; the caller appends its value to o.buf and calls end.
func (o *objects) begin(n int) {
	o.offsets[n-1] = len(o.buf)
	o.buf = strconv.AppendInt(o.buf, int64(n), 10)
	o.buf = append(o.buf, " 0 obj\n"...)
}

func (o *objects) end() { o.buf = append(o.buf, "\nendobj\n"...) }

// object writes object n with the value v.
func (o *objects) object(n int, v string) {
	o.begin(n)
	o.buf = append(o.buf, v...)
	o.end()
}

// stream writes object n as a stream of data, compressed with zlib at
// level (see deflaters); dict holds the stream's other entries.
func (o *objects) stream(n int, dict string, data []byte, level int) error {
	o.scratch.Reset()
	zw := deflater(&o.scratch, level)
	_, err := zw.Write(data)
	if err == nil {
		err = zw.Close()
	}
	release(zw, level)
	if err != nil {
		return err
	}
	o.begin(n)
	o.buf = append(o.buf, "<<"...)
	o.buf = append(o.buf, dict...)
	o.buf = append(o.buf, "/Filter/FlateDecode/Length "...)
	o.buf = strconv.AppendInt(o.buf, int64(o.scratch.Len()), 10)
	o.buf = append(o.buf, ">>\nstream\n"...)
	o.buf = append(o.buf, o.scratch.Bytes()...)
	o.buf = append(o.buf, "\nendstream"...)
	o.end()
	return nil
}

// finish appends the cross-reference table and the trailer and returns the
// file. Every allocated object must have been written.
func (o *objects) finish(root, info int, id []byte) []byte {
	xref := len(o.buf)
	size := len(o.offsets) + 1
	o.buf = append(o.buf, "xref\n0 "...)
	o.buf = strconv.AppendInt(o.buf, int64(size), 10)
	o.buf = append(o.buf, "\n0000000000 65535 f\r\n"...)
	for _, off := range o.offsets {
		o.buf = appendPadded(o.buf, off, 10)
		o.buf = append(o.buf, " 00000 n\r\n"...)
	}
	o.buf = append(o.buf, "trailer\n<</Size "...)
	o.buf = strconv.AppendInt(o.buf, int64(size), 10)
	o.buf = append(o.buf, "/Root "...)
	o.buf = appendRef(o.buf, root)
	o.buf = append(o.buf, "/Info "...)
	o.buf = appendRef(o.buf, info)
	o.buf = append(o.buf, "/ID["...)
	o.buf = appendHex(o.buf, id)
	o.buf = appendHex(o.buf, id)
	o.buf = append(o.buf, "]>>\nstartxref\n"...)
	o.buf = strconv.AppendInt(o.buf, int64(xref), 10)
	o.buf = append(o.buf, "\n%%EOF\n"...)
	return o.buf
}

func appendPadded(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendRef appends a reference to object n: "n 0 R".
func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}

func ref(n int) string { return string(appendRef(nil, n)) }

const hexDigits = "0123456789ABCDEF"

func appendHex(b, data []byte) []byte {
	b = append(b, '<')
	for _, c := range data {
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return append(b, '>')
}

// appendNum appends a coordinate or size with at most three decimals.
func appendNum(b []byte, v float64) []byte {
	if v > -0.0005 && v < 0.0005 {
		return append(b, '0')
	}
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// textString is a PDF text string (7.9.2.2) of s: UTF-16BE with a byte
// order mark, as a hexadecimal string, which needs no escaping.
func textString(s string) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(u))
	b = append(b, 0xFE, 0xFF)
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return string(appendHex(nil, b))
}

// date is a PDF date (7.9.4) in UTC.
func date(t time.Time) string {
	return "(D:" + t.UTC().Format("20060102150405") + "Z00'00')"
}

// Compressors are pooled per level: each holds about 1 MB of tables, too
// much to make afresh for every stream.
var deflaters = map[int]*sync.Pool{zlib.BestSpeed: {}, zlib.HuffmanOnly: {}}

func deflater(w io.Writer, level int) *zlib.Writer {
	if zw, ok := deflaters[level].Get().(*zlib.Writer); ok {
		zw.Reset(w)
		return zw
	}
	zw, err := zlib.NewWriterLevel(w, level)
	if err != nil {
		panic(err) // only the two levels above are used
	}
	return zw
}

func release(zw *zlib.Writer, level int) { deflaters[level].Put(zw) }
