package pdf

import (
	"bytes"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
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

// linkTargets lists the pages the link annotations of a page lead to.
func linkTargets(t *testing.T, pdf []byte, page int) []int {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), strict())
	if err != nil {
		t.Fatal(err)
	}
	x := ctx.XRefTable
	pages := map[int]int{} // object number → page
	for p := 1; p <= ctx.PageCount; p++ {
		ir, err := x.PageDictIndRef(p)
		if err != nil {
			t.Fatal(err)
		}
		pages[ir.ObjectNumber.Value()] = p
	}
	d, _, _, err := x.PageDict(page, false)
	if err != nil {
		t.Fatal(err)
	}
	annots, err := x.DereferenceArray(d["Annots"])
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, a := range annots {
		ad, err := x.DereferenceDict(a)
		if err != nil {
			t.Fatal(err)
		}
		dest, err := x.DereferenceArray(ad["Dest"])
		if err != nil || len(dest) == 0 {
			t.Fatalf("annotation %v has no destination", ad)
		}
		ir, ok := dest[0].(types.IndirectRef)
		if !ok {
			t.Fatalf("destination %v does not name a page", dest)
		}
		out = append(out, pages[ir.ObjectNumber.Value()])
	}
	return out
}
