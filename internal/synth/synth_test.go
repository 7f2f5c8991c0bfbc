package synth

import (
	"bytes"
	"fmt"
	"testing"

	"jixiao"
)

// Synthetic forms load and score without errors, like real ones.
func TestFormsAreValid(t *testing.T) {
	for i := range 300 {
		src := Form(i, 7)
		f, diags := jixiao.Parse(src, fmt.Sprintf("%04d.toml", i+1))
		if f == nil || diags.HasErrors() {
			t.Fatalf("form %d: %v\n%s", i, diags, src)
		}
		card, more := jixiao.Score(f)
		if more.HasErrors() {
			t.Fatalf("form %d: %v\n%s", i, more, src)
		}
		if n := len(f.Indicators); n < 15 || n > 40 {
			t.Errorf("form %d has %d indicators", i, n)
		}
		if card.Total.IsZero() {
			t.Errorf("form %d scored 0", i)
		}
	}
	if !bytes.Equal(Form(3, 7), Form(3, 7)) || bytes.Equal(Form(3, 7), Form(4, 7)) {
		t.Error("forms must depend on the seed and index only")
	}
}
