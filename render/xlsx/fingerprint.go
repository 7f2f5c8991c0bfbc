package xlsx

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
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
	_, f, err := openWorkbook(data)
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
	return stored, actual, err
}
