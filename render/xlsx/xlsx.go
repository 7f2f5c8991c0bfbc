// Package xlsx writes resolved sheets as an Excel workbook.
package xlsx

import (
	"errors"
	"io"

	_ "github.com/xuri/excelize/v2"

	"jixiao/render"
)

// Options adjust the workbook.
type Options struct {
	// NoProtect leaves the sheets unprotected (by default structure and
	// formulas are locked, without a password).
	NoProtect bool
}

// Write writes one workbook with a worksheet per sheet.
func Write(w io.Writer, sheets []*render.Sheet, opt Options) error {
	return errors.New("xlsx: not implemented")
}
