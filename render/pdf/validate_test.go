package pdf

import (
	"bytes"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var disableConfig sync.Once

// strict is pdfcpu's configuration for validation against PDF 32000-1:2008
// without the relaxations for common faults; it reads no config.yml.
func strict() *model.Configuration {
	disableConfig.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	return conf
}

// validate checks the PDF with pdfcpu, in process.
func validate(t *testing.T, pdf []byte) {
	t.Helper()
	if err := api.Validate(bytes.NewReader(pdf), strict()); err != nil {
		t.Fatalf("pdfcpu strict validation: %v", err)
	}
}

// bookmarks lists the titles of the top-level outline entries.
func bookmarks(t *testing.T, pdf []byte) []string {
	t.Helper()
	bms, err := api.Bookmarks(bytes.NewReader(pdf), strict())
	if err != nil {
		t.Fatalf("pdfcpu bookmarks: %v", err)
	}
	var out []string
	for _, b := range bms {
		out = append(out, b.Title)
	}
	return out
}
