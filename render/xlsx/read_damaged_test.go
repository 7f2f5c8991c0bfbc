package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

// libreOfficeHousing is the housing form as jixiao wrote it, opened and
// saved unchanged by LibreOffice 7.4 (shared strings, typed cells, its own
// merges): testdata/libreoffice-housing.xlsx.
func libreOfficeHousing(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "libreoffice-housing.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// inSheet changes the first worksheet's XML of a workbook.
func inSheet(t testing.TB, wb []byte, old, now string) []byte {
	t.Helper()
	done := false
	out := rezip(t, wb, func(n string, d []byte) []byte {
		if n == "xl/worksheets/sheet1.xml" {
			done = bytes.Contains(d, []byte(old))
			return bytes.Replace(d, []byte(old), []byte(now), 1)
		}
		return d
	}, nil)
	if !done {
		t.Fatalf("sheet1.xml lacks %q", old)
	}
	return out
}

// A damaged or mistyped cell is an error naming the sheet and the cell;
// nothing of the sheet is imported.
func TestReadDamagedCells(t *testing.T) {
	orig, _ := housingForm(t)
	lo := libreOfficeHousing(t)
	if diff := jixiao.Differences(readOne(t, lo, ReadOptions{Base: orig}), orig); len(diff) > 0 {
		t.Fatalf("the LibreOffice copy differs in %v", diff)
	}
	cases := []struct{ name, old, now, want string }{
		{"shared-string index not a number", `<c r="F14" s="10" t="s"><v>39</v>`, `<c r="F14" s="10" t="s"><v>abc</v>`,
			"!F14：单元格的共享字符串编号“abc”不是数字"},
		{"shared-string index out of range", `<c r="F14" s="10" t="s"><v>39</v>`, `<c r="F14" s="10" t="s"><v>9999</v>`,
			"!F14：单元格引用第 10000 个共享字符串"},
		{"a merge that is no range", `<mergeCell ref="B3:I3"/>`, `<mergeCell ref="garbage"/>`, "合并区域“garbage”不是有效的单元格区域"},
		{"TRUE as a weight", `<c r="G14" s="6" t="n"><v>10</v>`, `<c r="G14" s="6" t="b"><v>1</v>`, "!G14：分值“TRUE”是逻辑值"},
		{"an error as a score", `<c r="H14" s="6" t="n"><v>9</v>`, `<c r="H14" s="6" t="e"><v>#DIV/0!</v>`, "!H14：得分“#DIV/0!”是错误值"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Read(bytes.NewReader(inSheet(t, lo, c.old, c.now)), ReadOptions{Base: orig})
			if err != nil {
				t.Fatal(err)
			}
			msgs := messages(out[0].Problems)
			if !out[0].Problems.HasErrors() || !strings.Contains(msgs, "工作表“"+housingSheet+"”") || !strings.Contains(msgs, c.want) {
				t.Errorf("want an error %q, got:\n%s", c.want, msgs)
			}
		})
	}
}

// A file that is not a workbook is named for what it is.
func TestReadNamesOtherFiles(t *testing.T) {
	good := renderForm(t, mustParse(t, "housing", roundTripForms(t)[0].src))
	ods := rezip(t, good, func(string, []byte) []byte { return nil }, map[string][]byte{
		"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": []byte("<office:document-content/>")})
	dtd := rezip(t, good, func(n string, d []byte) []byte {
		if n == "xl/workbook.xml" {
			return bytes.Replace(d, []byte("?>"), []byte(`?><!DOCTYPE workbook [<!ENTITY t "x">]>`), 1)
		}
		return d
	}, nil)
	docx := rezip(t, good, nil, map[string][]byte{"word/document.xml": []byte("<w:document/>")})
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"ods", ods, "OpenDocument 表格（.ods）"},
		{"dtd", dtd, "xl/workbook.xml 声明了 DTD"},
		{"docx", rezip(t, docx, func(n string, d []byte) []byte {
			if strings.HasPrefix(n, "xl/") {
				return nil
			}
			return d
		}, nil), "Word 文档"},
		{"pdf", []byte("%PDF-1.7\n..."), "这是 PDF 文件"},
		{"html", []byte("<html><table><tr><td>1</td></tr></table></html>"), "网页"},
	} {
		_, err := Read(bytes.NewReader(c.data), ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "已损坏") {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// What LibreOffice saves after a row is deleted (an empty row 1048576, a
// dimension to it), a styled empty cell far to the right and a dimension
// beyond the form are not content: the form reads as it is.
func TestReadEmptyBeyondForm(t *testing.T) {
	orig, _ := housingForm(t)
	lo := libreOfficeHousing(t)
	edited := inSheet(t, lo, "</sheetData>", `<row r="1048576" customFormat="false" ht="12.8" hidden="false"></row></sheetData>`)
	edited = inSheet(t, edited, `<c r="G14"`, `<c r="AZ14" s="6"/><c r="XFD14" s="3"/><c r="G14"`)
	edited = rezip(t, edited, func(n string, d []byte) []byte {
		if n == "xl/worksheets/sheet1.xml" {
			i := bytes.Index(d, []byte("<dimension ref=\""))
			j := bytes.IndexByte(d[i+16:], '"')
			return append(append(append([]byte{}, d[:i+16]...), "A1:XFD1048576"...), d[i+16+j:]...)
		}
		return d
	}, nil)
	if diff := jixiao.Differences(readOne(t, edited, ReadOptions{Base: orig}), orig); len(diff) > 0 {
		t.Errorf("differs in %v", diff)
	}
	// A value down there is content, and too far.
	far := inSheet(t, lo, "</sheetData>", `<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>`)
	out, err := Read(bytes.NewReader(far), ReadOptions{Base: orig})
	if err != nil || out[0].Form != nil || !strings.Contains(messages(out[0].Problems), "第 100000 行以下还有内容") {
		t.Errorf("a value in row 1048576: %v %v", err, out[0].Problems)
	}
}

// What render writes, import reads: a form of 10,000 indicators.
func TestReadTenThousandIndicators(t *testing.T) {
	if testing.Short() {
		t.Skip("NOTICE: -short: the 10,000-indicator round trip did not run")
	}
	f := mustParse(t, "housing", roundTripForms(t)[0].src)
	proto := f.Indicators[0]
	f.Indicators = nil
	for i := range 10000 {
		ind := proto
		ind.Name = jixiao.Field[string]{Val: "巡检" + decimal.NewFromInt(int64(i)).String(), Set: true}
		ind.Weight = jixiao.Number{Val: decimal.RequireFromString("0.01"), Set: true}
		ind.Score = jixiao.Number{}
		f.Indicators = append(f.Indicators, ind)
	}
	got := readOne(t, renderForm(t, f), ReadOptions{Base: f})
	if diff := jixiao.Differences(got, f); len(diff) > 0 {
		t.Errorf("differs in %v", diff[:min(len(diff), 5)])
	}
}

// messages joins the problems' messages.
func messages(d jixiao.Diagnostics) string {
	var b strings.Builder
	for _, p := range d {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
