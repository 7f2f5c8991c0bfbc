package xlsx

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// fingerprintProp is the custom document property holding the fingerprint
// of what jixiao wrote: a hash of every worksheet's name and of every cell
// value a department could edit (formula cells excepted, their values follow
// the others). Opening and saving without a change keeps it valid; any
// typed change, inserted or deleted row or renamed sheet breaks it.
const fingerprintProp = "jixiao.fingerprint"

const fingerprintVersion = "v1:"

// fingerprint hashes the content of an open workbook.
func fingerprint(f *excelize.File) (string, error) {
	h := sha256.New()
	var rec []byte
	records := baseSheet(f)
	for _, name := range f.GetSheetList() {
		if name == records {
			continue // what the sheets were rendered with, not what they hold
		}
		h.Write(appendSheetRecord(rec[:0], name))
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		for i, row := range rows {
			rn := strconv.AppendInt(nil, int64(i+1), 10)
			for j, v := range row {
				if v == "" {
					continue
				}
				if formula, _ := f.GetCellFormula(name, ref(i, j)); formula != "" {
					continue
				}
				rec = appendCellRecord(rec[:0], appendCol(nil, j), rn, v)
				h.Write(rec)
			}
		}
	}
	return fingerprintValue(h), nil
}

// The fingerprint hashes a record per sheet and one per value, made alike
// as the workbook is written (book.sheet and book.rows) and read back
// (fingerprint).

// appendSheetRecord appends the record of a sheet: "sheet\t<name>\n".
func appendSheetRecord(b []byte, name string) []byte {
	b = append(b, "sheet\t"...)
	b = append(b, name...)
	return append(b, '\n')
}

// appendCellRecord appends the record of a cell's value: its reference, a
// tab, the value with CR LF as LF, a newline.
func appendCellRecord(b, col, row []byte, v string) []byte {
	b = append(b, col...)
	b = append(b, row...)
	b = append(b, '\t')
	if strings.Contains(v, "\r\n") {
		v = strings.ReplaceAll(v, "\r\n", "\n")
	}
	b = append(b, v...)
	return append(b, '\n')
}

// fingerprintValue is the property's value for the hash of a workbook's
// content.
func fingerprintValue(h hash.Hash) string {
	return fingerprintVersion + hex.EncodeToString(h.Sum(nil))
}

// ErrNotJixiao says a workbook carries no jixiao fingerprint: it was not
// written by jixiao, or its properties were removed.
var ErrNotJixiao = errors.New("这个工作簿不是 jixiao 生成的（没有 jixiao 指纹）")

// Edited reports whether the workbook in r was changed after jixiao wrote
// it: its content no longer matches the fingerprint jixiao recorded. A
// workbook without a fingerprint gives ErrNotJixiao; one that cannot be
// read gives that error.
func Edited(r io.Reader) (bool, error) {
	stored, actual, err := Fingerprints(r)
	return err == nil && actual != stored, err
}

// Fingerprints returns the fingerprint jixiao recorded in a workbook and
// the one of its content now; they differ when someone changed a value. A
// workbook without a recorded fingerprint gives ErrNotJixiao. The workbook
// is checked as Read checks it (size, zip bombs) before it is opened.
func Fingerprints(r io.Reader) (stored, actual string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("无法读取工作簿（%v）", p)
		}
	}()
	data, err := readWorkbook(r)
	if err != nil {
		return "", "", err
	}
	info, f, err := openWorkbook(data)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	props, err := f.GetCustomProps()
	if err != nil {
		return "", "", err
	}
	for _, p := range props {
		if p.Name == fingerprintProp {
			stored, _ = p.Value.(string)
		}
	}
	if !strings.HasPrefix(stored, fingerprintVersion) {
		return "", "", ErrNotJixiao
	}
	actual, err = fingerprint(f)
	return stored, withExtras(actual, info.extras), err
}

// withExtras adds to a fingerprint what a department added besides values
// (comments, drawings, images, charts…): jixiao never writes them, so a
// workbook that has any counts as edited, and a new rendering, which would
// drop them, does not replace it unasked.
func withExtras(fp string, extras []string) string {
	if len(extras) == 0 {
		return fp
	}
	h := sha256.New()
	h.Write([]byte(fp))
	for _, e := range extras {
		h.Write([]byte("extra\t" + e + "\n"))
	}
	return fingerprintValue(h)
}

// extraKinds are the folders and names of the parts jixiao never writes,
// and what each is, for messages.
var extraKinds = []struct{ prefix, what string }{
	{"xl/comments", "批注"}, {"xl/threadedcomments/", "批注"}, {"xl/persons/", "批注"},
	{"xl/drawings/", drawingKind}, {"xl/media/", "图片"}, {"xl/charts/", "图表"},
	{"xl/embeddings/", "嵌入对象"}, {"xl/ctrlprops/", "控件"}, {"xl/vbaproject", "宏"},
	{"xl/pivottables/", "数据透视表"}, {"xl/pivotcache/", "数据透视表"}, {"xl/tables/", "表格（列表）"},
}

// extraParts lists the parts of a package jixiao never writes, each with
// its checksum.
func extraParts(zr *zip.Reader) []string {
	var out []string
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		for _, k := range extraKinds {
			if strings.HasPrefix(name, k.prefix) {
				out = append(out, fmt.Sprintf("%s %08x", f.Name, f.CRC32))
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// extraNames names the kinds of the extra parts (批注、图片…), each once.
func extraNames(extras []string) []string {
	var out []string
	for _, e := range extras {
		name := strings.ToLower(e)
		for _, k := range extraKinds {
			if strings.HasPrefix(name, k.prefix) && !slices.Contains(out, k.what) {
				out = append(out, k.what)
			}
		}
	}
	if len(out) > 1 { // the drawing part holds the images and comment boxes named
		out = slices.DeleteFunc(out, func(s string) bool { return s == drawingKind })
	}
	return out
}

const drawingKind = "图形或批注框"

// Added lists what a department added to a workbook besides values, by
// kind (批注、图片、图表…): jixiao neither reads nor keeps it. A workbook
// that cannot be read gives its error.
func Added(r io.Reader) (kinds []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("无法读取工作簿（%v）", p)
		}
	}()
	data, err := readWorkbook(r)
	if err != nil {
		return nil, err
	}
	info, err := inspect(data)
	if err != nil {
		return nil, err
	}
	return extraNames(info.extras), nil
}
