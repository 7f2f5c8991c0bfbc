package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var disableConfig sync.Once

// config is pdfcpu's configuration for validation against PDF
// 32000-1:2008: strict, without the relaxations for common faults, or
// relaxed; it reads no config.yml.
func config(mode int) *model.Configuration {
	disableConfig.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = mode
	return conf
}

func strict() *model.Configuration { return config(model.ValidationStrict) }

// linkDeviation is how pdfcpu's strict validation rejects the link
// annotations fpdf v0.9.0 writes: it writes each as a direct dictionary in
// the page's /Annots array, where ISO 32000-1 (7.7.3.3, Table 30) wants
// indirect references (pdfcpu: validateAnnotationsArray,
// errInvalidPageAnnotArray), and has no option to do otherwise. pdfcpu
// checks page annotations last, after the rest of the document.
const linkDeviation = "page annotations: page 1: page annotation array: expected indirect references"

// validate checks the PDF with pdfcpu, in process, strictly.
func validate(t *testing.T, pdf []byte) {
	t.Helper()
	if err := validation(pdf, false); err != nil {
		t.Fatalf("pdfcpu strict validation: %v", err)
	}
}

// validateLinked checks a PDF whose first page has links: strictly but for
// the known deviation (linkDeviation), and the annotations themselves in
// pdfcpu's relaxed mode, which accepts them inline.
func validateLinked(t *testing.T, pdf []byte) {
	t.Helper()
	if err := validation(pdf, true); err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
}

// validation validates strictly; with links, a strict failure that is
// exactly linkDeviation is followed by a relaxed validation instead.
func validation(pdf []byte, links bool) error {
	err := api.Validate(bytes.NewReader(pdf), strict())
	if err == nil || !links || !strings.HasSuffix(err.Error(), linkDeviation) {
		return err
	}
	if err := api.Validate(bytes.NewReader(pdf), config(model.ValidationRelaxed)); err != nil {
		return fmt.Errorf("relaxed: %w", err)
	}
	return nil
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
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), config(model.ValidationRelaxed))
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
