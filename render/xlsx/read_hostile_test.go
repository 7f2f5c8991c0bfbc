package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
)

// rezip copies a workbook's parts through change, which may return the
// part's new content, or nil to leave the part out; extra parts are added.
func rezip(t testing.TB, wb []byte, change func(name string, data []byte) []byte, extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if change != nil {
			data = change(f.Name, data)
		}
		if data == nil {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	for name, data := range extra {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	return b.Bytes()
}

// lying adds a part whose directory entry declares a size far below what
// it inflates to.
func lying(t testing.TB, wb []byte, name string, declared uint64, actual int) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == name {
			continue
		}
		w, _ := zw.CreateHeader(&f.FileHeader)
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	payload := bytes.Repeat([]byte("<x/>"), actual/4)
	fw.Write(payload)
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(payload),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return b.Bytes()
}

// badChecksum adds a stored part whose content no longer matches its checksum.
func badChecksum(t testing.TB, wb []byte) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		w, _ := zw.CreateHeader(&f.FileHeader)
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/note.txt", Method: zip.Store})
	w.Write([]byte("JIXIAO-CHECKSUM"))
	zw.Close()
	return bytes.Replace(b.Bytes(), []byte("JIXIAO-CHECKSUM"), []byte("JIXIAO-CHECKSUN"), 1)
}

// Hostile and broken workbooks fail with a clear message, quickly and in
// bounded memory; a broken sheet is reported and the others still read.
func TestReadHostile(t *testing.T) {
	orig, _ := housingForm(t)
	good := renderForm(t, orig)
	sheetPart := "xl/worksheets/sheet1.xml"
	zeros := func(n int) map[string][]byte { return map[string][]byte{"xl/media/big.bin": make([]byte, n)} }
	cases := []struct {
		name  string
		data  []byte
		err   string // the error Read returns, or "" when the sheet's problem says it
		sheet string // the problem of the sheet
	}{
		{name: "empty", data: nil, err: "文件是空的"},
		{name: "not a zip", data: []byte("这不是工作簿"), err: "这是文本文件"},
		{name: "truncated", data: good[:len(good)/2], err: "zip 目录已损坏"},
		{name: "encrypted or .xls", data: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), err: "打开密码"},
		{name: "zip bomb", data: rezip(t, good, nil, zeros(60<<20)), err: "压缩炸弹"},
		{name: "highly compressed part", data: rezip(t, good, nil, zeros(8<<20)), err: "压缩比超过 100:1"},
		{name: "declared size far too big", data: lying(t, good, "xl/media/x.bin", 1<<40, 4), err: "压缩炸弹"},
		{name: "part inflating beyond its declared size", data: lying(t, good, "xl/styles.xml", 100, 20<<20), err: "已损坏"},
		{name: "worksheet inflating beyond its declared size", data: lying(t, good, sheetPart, 100, 20<<20), err: "已损坏"},
		{name: "checksum wrong", data: badChecksum(t, good), err: "已损坏"},
		{name: "no workbook part", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == "xl/workbook.xml" {
				return nil
			}
			return d
		}, nil), err: "xl/workbook.xml"},
		{name: "no content types", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == "[Content_Types].xml" {
				return nil
			}
			return d
		}, nil), err: "[Content_Types].xml"},
		{name: "no worksheet part", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == sheetPart {
				return nil
			}
			return d
		}, nil), sheet: "部件缺失"},
		{name: "a cell a million rows down", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == sheetPart {
				return bytes.Replace(d, []byte("</sheetData>"), []byte(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>`), 1)
			}
			return d
		}, nil), sheet: "第 100000 行以下还有内容"},
		{name: "a row of 100,000 cells", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == sheetPart {
				return bytes.Replace(d, []byte("</sheetData>"), []byte(`<row r="30">`+strings.Repeat("<c><v>1</v></c>", 100000)+`</row></sheetData>`), 1)
			}
			return d
		}, nil), sheet: "第 50 列以右还有内容"},
		{name: "broken worksheet XML", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == sheetPart {
				return d[:len(d)/2]
			}
			return d
		}, nil), sheet: "无法读取"},
		{name: "worksheet XML cut off after a row", data: rezip(t, good, func(n string, d []byte) []byte {
			if n == sheetPart {
				return d[:bytes.Index(d, []byte("</row>"))+len("</row>")]
			}
			return d
		}, nil), sheet: "XML 不完整"},
		{name: "a cell far to the right, typed in Excel", data: editWorkbook(t, good, func(f *excelize.File) error {
			return f.SetCellValue(housingSheet, "ZZ5", "x")
		}), sheet: "第 50 列以右还有内容"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			out, err := Read(bytes.NewReader(c.data), ReadOptions{})
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 300<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 1 || out[0].Form != nil || len(out[0].Problems) != 1 || !strings.Contains(out[0].Problems[0].Message, c.sheet) {
				t.Fatalf("sheet read as %+v, want the problem %q", out, c.sheet)
			}
		})
	}
}

// A broken form sheet does not stop the others.
func TestReadOtherSheetsDespiteOne(t *testing.T) {
	var sheets []*render.Sheet
	var forms []*jixiao.Form
	for _, in := range roundTripForms(t)[:2] {
		f := mustParse(t, in.name, in.src)
		forms = append(forms, f)
		sheets = append(sheets, resolveForm(t, f))
	}
	var b bytes.Buffer
	if err := Write(&b, sheets, Options{}); err != nil {
		t.Fatal(err)
	}
	broken := rezip(t, b.Bytes(), func(n string, d []byte) []byte {
		if n == "xl/worksheets/sheet1.xml" {
			return bytes.Replace(d, []byte("</sheetData>"), []byte(`<row r="200000"><c r="A200000"><v>1</v></c></row></sheetData>`), 1)
		}
		return d
	}, nil)
	out, err := Read(bytes.NewReader(broken), ReadOptions{Base: forms[1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].Form != nil || !out[0].Problems.HasErrors() || !strings.Contains(out[0].Problems[0].Message, "100000 行") {
		t.Fatalf("first sheet: %+v", out[0])
	}
	if out[1].Form == nil || len(out[1].Problems) > 0 {
		t.Fatalf("second sheet: %+v", out[1])
	}
	if diff := jixiao.Differences(out[1].Form, forms[1]); len(diff) > 0 {
		t.Errorf("second sheet differs in %v", diff)
	}
}

// A form sheet filled with values (4,000 rows of 50 columns, 200,000 cells)
// is read in bounded time, and its stray values are listed up to a limit.
func TestReadFullSheet(t *testing.T) {
	orig, _ := housingForm(t)
	good := renderForm(t, orig)
	var rows strings.Builder
	const lastRow = 4000
	for r := 30; r <= lastRow; r++ {
		rows.WriteString(`<row r="` + itoa(r) + `">`)
		for c := range maxFormCols {
			rows.WriteString(`<c r="` + ref(r-1, c) + `" t="inlineStr"><is><t>x</t></is></c>`)
		}
		rows.WriteString("</row>")
	}
	full := withSheet(t, good, bytes.Replace(sheetXML(t, good), []byte("</sheetData>"), []byte(rows.String()+"</sheetData>"), 1))
	start := time.Now()
	out, err := Read(bytes.NewReader(full), ReadOptions{Base: orig})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	if err != nil || out[0].Form == nil || len(out[0].Problems) != maxStray+1 {
		t.Fatalf("%v: %d problems", err, len(out[0].Problems))
	}
	if last := out[0].Problems[maxStray].Message; !strings.Contains(last, "另有 "+itoa((lastRow-29)*maxFormCols-maxStray)+" 个单元格") {
		t.Errorf("last problem %q", last)
	}
	if diff := jixiao.Differences(out[0].Form, orig); len(diff) > 0 {
		t.Errorf("differs in %v", diff)
	}
}
