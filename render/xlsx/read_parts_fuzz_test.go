package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"jixiao"
)

// partsOf lists a workbook's parts in order, with their content.
func partsOf(t testing.TB, wb []byte) (names []string, data [][]byte) {
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		names, data = append(names, f.Name), append(data, b)
	}
	return names, data
}

// storedZip packs parts without compression (deflate under the fuzzer's
// instrumentation is slow).
func storedZip(names []string, data [][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i, n := range names {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		w.Write(data[i])
	}
	zw.Close()
	return b.Bytes()
}

// FuzzReadParts mutates one XML part of a real workbook — as jixiao writes
// it (with its records' sheet) or as LibreOffice saved it (shared strings,
// typed cells) — by cutting del bytes at a point and inserting ins there,
// and reads it with and without the data file it was made from (the
// three-way merge). Nothing may panic or hang, and every form read must
// write TOML that loads.
func FuzzReadParts(f *testing.F) {
	forms := roundTripForms(f)
	housing := mustParse(f, "housing", forms[0].src)
	type seed struct {
		names []string
		data  [][]byte
	}
	var seeds []seed
	for _, wb := range [][]byte{renderForm(f, housing), libreOfficeHousing(f), renderForm(f, mustParse(f, "mof", forms[4].src))} {
		n, d := partsOf(f, wb)
		seeds = append(seeds, seed{n, d})
	}
	f.Add(uint8(0), uint8(9), uint32(300), uint8(0), []byte(`<row r="1048576"/>`))
	f.Add(uint8(1), uint8(3), uint32(5000), uint8(2), []byte(`abc`))
	f.Add(uint8(1), uint8(4), uint32(100), uint8(0), []byte(`<!DOCTYPE x [<!ENTITY a "b">]>`))
	f.Add(uint8(0), uint8(10), uint32(800), uint8(40), []byte(`<c r="C3" t="inlineStr"><is><t>x</t></is></c>`))
	f.Add(uint8(2), uint8(9), uint32(12000), uint8(0), []byte(`<mergeCell ref="garbage"/>`))
	f.Add(uint8(0), uint8(4), uint32(400), uint8(30), []byte(`<definedName name="jixiao.id" localSheetId="0">"7"</definedName>`))
	f.Fuzz(func(t *testing.T, which, part uint8, at uint32, del uint8, ins []byte) {
		s := seeds[int(which)%len(seeds)]
		k := int(part) % len(s.names)
		if !strings.HasSuffix(s.names[k], ".xml") && !strings.HasSuffix(s.names[k], ".rels") {
			return
		}
		data := append([][]byte{}, s.data...)
		old := data[k]
		p := int(at) % (len(old) + 1)
		end := min(len(old), p+int(del))
		data[k] = append(append(append([]byte{}, old[:p]...), ins...), old[end:]...)
		wb := storedZip(s.names, data)
		fuzzRead(t, wb)
		fuzzMerge(t, wb, housing)
	})
}

// fuzzMerge reads a workbook with a data file to merge with, without Read's
// recover, within 2 s.
func fuzzMerge(t *testing.T, wb []byte, base *jixiao.Form) {
	watchdog := time.AfterFunc(2*time.Second, func() { panic("read takes more than 2 s") })
	defer watchdog.Stop()
	out, err := read(wb, ReadOptions{Base: base})
	if err != nil {
		return
	}
	for _, imp := range out {
		if imp.Form == nil {
			continue
		}
		if g, diags := jixiao.Parse(jixiao.Format(imp.Form), "fuzz.toml"); g == nil {
			t.Errorf("sheet %s writes TOML that does not load: %v", imp.Sheet, diags)
		}
	}
}
