package jixiao

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/internal/tomldec"
)

// hostile builds a document that nests depth levels deep, one of several
// ways, repeated until it is about size bytes, with piece at the leaves.
func hostile(shape uint8, depth uint16, size uint32, piece string) []byte {
	d := int(depth % 4096)
	var open, leaf, closing string
	switch shape % 6 {
	case 0: // a = [[[…]]]
		open, leaf, closing = strings.Repeat("[", d), piece, strings.Repeat("]", d)
	case 1: // a = {b={b=…}}
		open, leaf, closing = strings.Repeat("{b=", d), "1"+piece, strings.Repeat("}", d)
	case 2: // a = [{b=[{b=…}]}]
		open, leaf, closing = strings.Repeat("[{b=", d), "1"+piece, strings.Repeat("}]", d)
	case 3: // a.a.a… = 1 (a dotted key)
		open, leaf = strings.Repeat("a.", d), "k = 1"+piece+"\n"
	case 4: // [a.a.a…] then keys
		open, leaf = "["+strings.Repeat("a.", d)+"b]\n", "k = 1"+piece+"\n"
	default: // "[[[" in strings and comments, which do not nest
		open, leaf = "# "+strings.Repeat("[{", d)+"\n", "k = \""+strings.Repeat("[{", d)+"\""+piece+"\n"
	}
	var b bytes.Buffer
	limit := int(size % (4 << 20))
	for i := 0; b.Len() < limit || i == 0; i++ {
		key := "k" + strconv.Itoa(i)
		switch shape % 6 {
		case 3:
			b.WriteString(open + key + " = 1" + piece + "\n")
		case 4:
			b.WriteString(strings.Replace(open, "b]", key+"]", 1) + leaf)
		case 5:
			b.WriteString(open + key + leaf[1:])
		default:
			b.WriteString(key + " = " + open + leaf + closing + "\n")
		}
	}
	return b.Bytes()
}

// FuzzLoadHostile feeds the loader deeply nested and very large documents:
// whatever the shape, Parse must answer in bounded time and with memory
// proportional to the input, and refuse what breaks the limits at once.
func FuzzLoadHostile(f *testing.F) {
	f.Add(uint8(0), uint16(3000), uint32(6000), "")         // the quadratic arrays
	f.Add(uint8(1), uint16(2000), uint32(60000), "")        // 60 KB of nested inline tables: over 4 GB before
	f.Add(uint8(2), uint16(7), uint32(200000), "")          // just inside the depth limit
	f.Add(uint8(3), uint16(3000), uint32(10000), "")        // a dotted key of 3,000 parts
	f.Add(uint8(4), uint16(2000), uint32(100000), "")       // a table header of 2,000 parts
	f.Add(uint8(5), uint16(500), uint32(300000), "")        // brackets inside strings and comments
	f.Add(uint8(0), uint16(1), uint32(3<<20), "")           // larger than the size limit
	f.Add(uint8(1), uint16(14), uint32(256<<10), "}")       // broken, nested
	f.Add(uint8(0), uint16(10), uint32(1000), "\"\"\"[[[[") // an unclosed string
	f.Fuzz(func(t *testing.T, shape uint8, depth uint16, size uint32, piece string) {
		if len(piece) > 64 {
			piece = piece[:64]
		}
		src := hostile(shape, depth, size, piece)
		if len(src) > tomldec.MaxSize {
			src = src[:tomldec.MaxSize+1+int(size)%1024] // larger than the limit
		} else if len(src) > 256<<10 {
			// keep each run short: accepted documents cost the decoder ~300 bytes a byte
			src = src[:bytes.LastIndexByte(src[:256<<10], '\n')+1]
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		form, diags := Parse(src, "hostile.toml")
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if form == nil && !diags.HasErrors() {
			t.Fatal("no form and no error")
		}
		refused := form == nil && len(diags) == 1 && (strings.Contains(diags[0].Message, "嵌套超过") ||
			strings.Contains(diags[0].Message, "层级超过") || strings.Contains(diags[0].Message, "超过上限"))
		switch {
		case len(src) > tomldec.MaxSize && (!refused || !strings.Contains(diags[0].Message, "超过上限")):
			t.Fatalf("%d bytes not refused: %v", len(src), diags)
		case refused && alloc > 1<<20:
			t.Fatalf("refusing %d bytes allocated %d MB", len(src), alloc>>20)
		case alloc > 1200*uint64(len(src))+64<<20:
			t.Fatalf("%d bytes (shape %d, depth %d) allocated %d MB", len(src), shape%6, depth, alloc>>20)
		case took > 5*time.Second:
			t.Fatalf("%d bytes (shape %d, depth %d) took %v", len(src), shape%6, depth, took)
		}
	})
}
