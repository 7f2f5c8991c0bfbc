package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"time"

	"jixiao"
)

// fuzzRead reads a workbook as Read does but without its recover, so a
// panic is a crash the fuzzer keeps; it must end quickly, and every form
// it returns must write TOML that loads.
func fuzzRead(t *testing.T, data []byte) {
	// A read that hangs crashes the worker, so the fuzzer keeps the input.
	watchdog := time.AfterFunc(2*time.Second, func() { panic("read takes more than 2 s") })
	start := time.Now()
	defer watchdog.Stop()
	out, err := read(data, ReadOptions{})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("read took %v", d)
	}
	if err != nil {
		if err.Error() == "" {
			t.Error("an error without a message")
		}
		return
	}
	for _, imp := range out {
		if imp.Form == nil {
			continue
		}
		src := jixiao.Format(imp.Form)
		if f, diags := jixiao.Parse(src, "fuzz.toml"); f == nil {
			t.Errorf("sheet %s writes TOML that does not load: %v\n%s", imp.Sheet, diags, src)
		}
	}
}

// FuzzRead feeds whole workbooks: real ones, truncated, with bytes changed.
func FuzzRead(f *testing.F) {
	forms := roundTripForms(f)
	good := renderForm(f, mustParse(f, "housing", forms[0].src))
	mof := renderForm(f, mustParse(f, "mof", forms[4].src))
	f.Add(good)
	f.Add(mof)
	f.Add(good[:len(good)/3])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0xFF
	f.Add(flipped)
	f.Add(rezip(f, good, nil, map[string][]byte{"xl/media/big.bin": make([]byte, 5<<20)}))
	f.Add(rezip(f, good, func(n string, d []byte) []byte {
		if n == "xl/workbook.xml" {
			return nil
		}
		return d
	}, nil))
	f.Fuzz(fuzzRead)
}

// withSheet is a workbook whose first worksheet's XML is sheet: the parts
// around it stay valid, so the fuzzer reaches excelize and the reader. The
// other parts are copied as compressed and the sheet is stored: deflate
// under the fuzzer's instrumentation manages a few inputs a minute.
func withSheet(t testing.TB, wb, sheet []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			zw.Copy(f)
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		w.Write(sheet)
	}
	zw.Close()
	return b.Bytes()
}

// sheetXML is the first worksheet's XML of a workbook.
func sheetXML(t testing.TB, wb []byte) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatal("no sheet1.xml")
	return nil
}

// FuzzReadSheet feeds the worksheet's XML of a real workbook: broken XML,
// odd cell references, rows and merges anywhere, values of every type.
func FuzzReadSheet(f *testing.F) {
	forms := roundTripForms(f)
	good := renderForm(f, mustParse(f, "housing", forms[0].src))
	xml := sheetXML(f, good)
	f.Add(xml)
	f.Add(sheetXML(f, renderForm(f, mustParse(f, "mof", forms[4].src))))
	f.Add(xml[:len(xml)/2])
	f.Add(bytes.Replace(xml, []byte("</sheetData>"), []byte(`<row r="2001"><c r="A2001"><v>1</v></c></row></sheetData>`), 1))
	f.Add(bytes.Replace(xml, []byte(`<mergeCell ref="A12:A23"/>`), []byte(`<mergeCell ref="A1:XFD1048576"/><mergeCell ref="C14:C30"/>`), 1))
	f.Add(bytes.Replace(xml, []byte(`r="H17"`), []byte(`r="H17" t="e"`), 1))
	f.Add(bytes.Replace(xml, []byte(`<c r="G24"`), []byte(`<c r="K12" t="inlineStr"><is><t>x</t></is></c><c r="G24"`), 1))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		fuzzRead(t, withSheet(t, good, sheet))
	})
}
