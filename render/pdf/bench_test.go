package pdf

import (
	"io"
	"testing"

	"jixiao/fonts"
	"jixiao/render"
)

// BenchmarkWrite draws one seed form per iteration, the font already parsed.
func BenchmarkWrite(b *testing.B) {
	r, err := New()
	if err != nil {
		b.Fatal(err)
	}
	sheets := []*render.Sheet{seedSheet(b, "internet-services")}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Write(io.Discard, sheets, Options{Reproducible: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFont is the once-per-process cost New pays on first use.
func BenchmarkParseFont(b *testing.B) {
	for b.Loop() {
		if _, err := parseSfnt(fonts.Regular); err != nil {
			b.Fatal(err)
		}
	}
}
