package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"jixiao"
	"jixiao/templates"
)

// TemplateError lists what is wrong with a template, each at its place.
type TemplateError struct {
	Diagnostics jixiao.Diagnostics
}

func (e *TemplateError) Error() string {
	var lines []string
	for _, d := range e.Diagnostics {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

// Library finds templates by name: first in the user's folders, then among
// the built-in ones. Each template is parsed once, on first use; a Library is
// safe for concurrent use.
type Library struct {
	dirs  []string
	mu    sync.Mutex
	cache map[string]*Template
	errs  map[string]error
}

// NewLibrary returns a library that looks in dirs (in order) before the
// built-in templates.
func NewLibrary(dirs ...string) *Library {
	return &Library{dirs: dirs, cache: map[string]*Template{}, errs: map[string]error{}}
}

var builtin = NewLibrary()

// Builtin returns the built-in template of that name.
func Builtin(name string) (*Template, error) { return builtin.Get(name) }

// BuiltinNames lists the built-in templates that forms can name.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(templates.FS, ".")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	return names
}

// Get returns the template of that name, parsing it on first use.
func (l *Library) Get(name string) (*Template, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.cache[name]; ok {
		return t, nil
	}
	if err, ok := l.errs[name]; ok {
		return nil, err
	}
	t, err := l.parse(name, nil)
	if err != nil {
		l.errs[name] = err
		return nil, err
	}
	l.cache[name] = t
	return t, nil
}

// LoadFile reads one template file. A template it extends is looked up in
// the same folder, then among the built-in ones.
func LoadFile(file string) (*Template, error) {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	l := NewLibrary(filepath.Dir(file))
	return l.Get(name)
}

// errNotFound is returned by open for a name no source has.
var errNotFound = errors.New("not found")

// open finds the source of a template.
func (l *Library) open(name string) ([]byte, string, error) {
	if !validName(name) {
		return nil, "", errNotFound
	}
	for _, dir := range l.dirs {
		file := filepath.Join(dir, name+".toml")
		src, err := readFile(file)
		if err == nil {
			return src, file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, file, err
		}
	}
	src, err := fs.ReadFile(templates.FS, name+".toml")
	if err != nil {
		return nil, "", errNotFound
	}
	return src, path.Join("templates", name+".toml"), nil
}

// validName keeps template names to plain file names.
func validName(name string) bool {
	return name != "" && !strings.ContainsAny(name, `/\:`) && name != "." && name != ".."
}

// names lists every template the library can find, for messages.
func (l *Library) names() []string {
	seen := map[string]bool{}
	for _, n := range BuiltinNames() {
		seen[n] = true
	}
	for _, dir := range l.dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.toml"))
		for _, f := range files {
			if n := strings.TrimSuffix(filepath.Base(f), ".toml"); !strings.HasPrefix(n, "_") {
				seen[n] = true
			}
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// UnknownTemplateError says that no template has the name asked for.
type UnknownTemplateError struct {
	Name      string
	Available []string
}

func (e *UnknownTemplateError) Error() string {
	return fmt.Sprintf("没有名为 %q 的模板；可用的模板：%s", e.Name, strings.Join(e.Available, "、"))
}

// readFile reads a template file as data files are read (jixiao.ReadFile):
// a regular file of at most jixiao.MaxInputSize bytes, opened without
// blocking.
func readFile(file string) ([]byte, error) {
	src, err := jixiao.ReadFile(os.OpenFile, file)
	switch {
	case errors.Is(err, jixiao.ErrNotRegular):
		return nil, fmt.Errorf("%s %w", file, err)
	case errors.Is(err, jixiao.ErrTooLarge):
		return nil, fmt.Errorf("%s 超过 %d KB，不像是一个模板", file, jixiao.MaxInputSize>>10)
	}
	return src, err
}
