package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/render"
	"jixiao/templates"
)

// errPath is a path that does not name a data file inside the folder.
var errPath = errors.New("路径不对：只能打开这个目录中的 .toml 文件")

// checkPath accepts a slash-separated path inside the folder naming a
// .toml file: no "..", no absolute path, no hidden folder or file. The
// os.Root the files are opened through refuses symbolic links out of the
// folder as well.
func checkPath(p string) (string, error) {
	if !fs.ValidPath(p) || p == "." || strings.Contains(p, `\`) || !strings.EqualFold(path.Ext(p), ".toml") {
		return "", errPath
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			return "", errPath
		}
	}
	return p, nil
}

// entry is one data file read, loaded and scored.
type entry struct {
	Rel     string // slash-separated path inside the folder
	src     []byte
	ETag    string // a hash of src: the version of the file the page shows
	form    *jixiao.Form
	card    *jixiao.Scorecard
	diags   jixiao.Diagnostics
	tmpl    *render.Template // the template the form names; nil when it has none that loads
	monitor bool             // a 绩效运行监控表: checked by jixiao.Monitor, not scored
	Problem string           // why the file could not be read; "" when it was
	status  int              // the HTTP status that says so
}

// etag is the version of a file's content.
func etag(src []byte) string {
	h := sha256.Sum256(src)
	return hex.EncodeToString(h[:16])
}

// read reads a data file of the folder whole, as the command does
// (jixiao.ReadFile), through the folder's root.
func (s *Server) read(rel string) ([]byte, error) {
	src, err := jixiao.ReadFile(s.root.OpenFile, rel)
	switch {
	case errors.Is(err, jixiao.ErrNotRegular):
		return nil, fmt.Errorf("%s %w", rel, err)
	case errors.Is(err, jixiao.ErrTooLarge):
		return nil, fmt.Errorf("%s 超过 %d MB，不像是一张自评表的数据", rel, jixiao.MaxInputSize>>20)
	}
	return src, err
}

// load reads, parses and scores one data file.
func (s *Server) load(rel string) *entry {
	e := &entry{Rel: rel}
	src, err := s.read(rel)
	if err != nil {
		e.Problem, e.status = reason(err), statusOf(err)
		return e
	}
	s.evaluate(e, src)
	return e
}

// evaluate parses src as the file's content and checks it for the form its
// template lays out, as check does: a monitoring template's form by
// jixiao.Monitor (no actuals or scores asked for), any other scored.
func (s *Server) evaluate(e *entry, src []byte) {
	e.src, e.ETag = src, etag(src)
	e.form, e.diags = jixiao.Parse(src, e.Rel)
	if e.form != nil {
		name := templates.Default
		if t := e.form.Template; t.Set && t.Val != "" {
			name = t.Val
		}
		t, err := s.lib.Get(name)
		if err != nil {
			e.diags = append(e.diags, jixiao.Diagnostic{Pos: e.form.Template.Pos, Severity: jixiao.Error, Code: jixiao.CodeBadValue, Message: err.Error()})
		}
		e.tmpl = t
		e.monitor = t != nil && t.Form() == render.Monitoring
		e.card, e.diags = jixiao.Evaluate(e.form, e.diags, e.monitor)
	}
	e.diags.Sort()
}

// reason says why a file could not be read, in Chinese where the system's
// words are common.
func reason(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "找不到这个文件"
	case errors.Is(err, fs.ErrPermission):
		return "没有读写这个文件的权限"
	case errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes"):
		return "这个文件是指向目录之外的链接，不能打开"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// statusOf is the HTTP status of a file that cannot be read.
func statusOf(err error) int {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return http.StatusNotFound
	case errors.Is(err, fs.ErrPermission), strings.Contains(err.Error(), "escapes"):
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}

// forms lists every data file below the folder, sorted: *.toml files,
// hidden folders skipped, as the command's folders are read.
func (s *Server) forms() ([]string, error) {
	var out []string
	err := fs.WalkDir(s.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == ".":
			return err
		case err != nil:
			return nil // a sub-folder that cannot be read
		case d.IsDir() && p != "." && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		case d.IsDir() || strings.HasPrefix(d.Name(), ".") || !strings.EqualFold(path.Ext(p), ".toml"):
			return nil
		}
		out = append(out, p)
		return nil
	})
	slices.Sort(out)
	return out, err
}

// writeFile replaces the content of the data file rel with data, as
// jixiao import --into writes: through a symbolic link (inside the folder)
// to the file it names, keeping the file's permissions, atomically through a
// temporary file beside it; a file with other hard links is overwritten in
// place, so the links are not split.
func (s *Server) writeFile(rel string, data []byte) error {
	real, err := s.resolveLinks(rel)
	if err != nil {
		return err
	}
	st, err := s.root.Stat(real)
	if err != nil {
		return err
	}
	dir, base := path.Split(real)
	var tmp *os.File
	var name string
	for try := 0; ; try++ {
		name = dir + "." + base + "." + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(uint64(rand.Uint32()), 10) + ".tmp"
		tmp, err = s.root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		if err != nil {
			return err
		}
		break
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(st.Mode().Perm())
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.root.Remove(name)
		return err
	}
	if links(st) <= 1 {
		if err := s.root.Rename(name, real); err != nil {
			s.root.Remove(name)
			return err
		}
		return nil
	}
	f, err := s.root.OpenFile(real, os.O_WRONLY|os.O_TRUNC, 0)
	if err == nil {
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("%v（%s 有多个硬链接，是原地改写的；完整的新内容在 %s）", err, real, name)
	}
	return s.root.Remove(name)
}

// resolveLinks follows symbolic links from rel to the file they name,
// refusing one that leads out of the folder.
func (s *Server) resolveLinks(rel string) (string, error) {
	for range 40 {
		st, err := s.root.Lstat(rel)
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return rel, nil
		}
		target, err := s.root.Readlink(rel)
		if err != nil {
			return "", err
		}
		next := path.Join(path.Dir(rel), target)
		if path.IsAbs(target) || !fs.ValidPath(next) {
			return "", fmt.Errorf("%s 是指向目录之外的链接，没有写入", rel)
		}
		rel = next
	}
	return "", fmt.Errorf("%s：链接太多层", rel)
}
