package render

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/templates"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func templatesFS(name string) ([]byte, error) { return fs.ReadFile(templates.FS, name+".toml") }

func seedCard(t testing.TB, name string) *jixiao.Scorecard {
	f, diags := jixiao.LoadFile(filepath.Join("..", "data", "2020", name))
	if f == nil {
		t.Fatal(diags)
	}
	card, _ := jixiao.Score(f)
	return card
}
