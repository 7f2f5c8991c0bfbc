package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestBuiltinTemplatesParse(t *testing.T) {
	names := BuiltinNames()
	if strings.Join(names, " ") != "mof-project-monitoring mof-project-self-evaluation sh-project-self-evaluation" {
		t.Errorf("built-in templates: %v", names)
	}
	for _, name := range names {
		tpl, err := Builtin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cols, form := 9, SelfEvaluation
		if name == "mof-project-monitoring" {
			cols, form = 17, Monitoring
		}
		if tpl.Columns() != cols || tpl.Form() != form || tpl.File != "templates/"+name+".toml" {
			t.Errorf("%s: %d columns, form %d, file %s", name, tpl.Columns(), tpl.Form(), tpl.File)
		}
	}
	sh, _ := Builtin("sh-project-self-evaluation")
	mof, _ := Builtin("mof-project-self-evaluation")
	if sh.vars["title"] != "财政项目支出绩效自评表" || mof.vars["title"] != "项目支出绩效自评表" {
		t.Errorf("titles: %q %q", sh.vars["title"], mof.vars["title"])
	}
	if !mof.block.keepEmpty || sh.block.keepEmpty {
		t.Errorf("keep_empty_groups: mof %v sh %v", mof.block.keepEmpty, sh.block.keepEmpty)
	}
}

func TestUnknownTemplate(t *testing.T) {
	_, err := Builtin("no-such-template")
	var u *UnknownTemplateError
	if !errorsAs(err, &u) || !strings.Contains(err.Error(), "sh-project-self-evaluation") {
		t.Errorf("got %v", err)
	}
	if _, err := Builtin("../etc/passwd"); err == nil {
		t.Errorf("a path must not be a template name")
	}
}

func TestTemplateCachedAndConcurrent(t *testing.T) {
	lib := NewLibrary()
	var wg sync.WaitGroup
	got := make([]*Template, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = lib.Get("mof-project-self-evaluation")
		}()
	}
	wg.Wait()
	for _, g := range got {
		if g == nil || g != got[0] {
			t.Fatal("a library parses a template once and shares it")
		}
	}
}

// Each broken template in testdata/templates has a golden file of its errors.
func TestTemplateErrors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "templates", "*.toml"))
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".toml")
		_, err := LoadFile(file)
		golden := strings.TrimSuffix(file, ".toml") + ".golden"
		got := "ok\n"
		if err != nil {
			got = err.Error() + "\n"
		}
		if *update {
			os.WriteFile(golden, []byte(got), 0o644)
			continue
		}
		want, rerr := os.ReadFile(golden)
		if rerr != nil {
			t.Fatalf("%v (go test ./render -run TemplateErrors -update)", rerr)
		}
		if got != string(want) {
			t.Errorf("%s:\n--- got\n%s--- want\n%s", name, got, want)
		}
	}
}

// FuzzLoadTemplate: whatever a template file holds, loading it gives a
// template or an error with a place, never a panic; a template that loads
// resolves a seed form.
func FuzzLoadTemplate(f *testing.F) {
	for _, name := range []string{"_project-self-evaluation", "mof-project-self-evaluation", "sh-project-self-evaluation", "mof-project-monitoring"} {
		src, _ := templatesFS(name)
		f.Add(src)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "templates", "*.toml"))
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(src)
	}
	card := seedCard(f, "housing-fund-system.toml")
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "x.toml")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		tpl, err := LoadFile(path)
		if err != nil {
			var te *TemplateError
			var ue *UnknownTemplateError
			if !errorsAs(err, &te) && !errorsAs(err, &ue) && !strings.Contains(err.Error(), "x.toml") {
				t.Fatalf("an error without a place: %v", err)
			}
			return
		}
		if _, err := Resolve(tpl, card, Options{}); err != nil {
			t.Fatalf("a valid template fails to resolve: %v", err)
		}
	})
}

// A template file that is a named pipe is refused at once, never opened
// for a blocking read.
func TestTemplateFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "x.toml"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := NewLibrary(dir).Get("x"); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "不是普通文件") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO template hangs")
	}
}
