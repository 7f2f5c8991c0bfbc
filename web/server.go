// Package web is jixiao's local web page (jixiao serve): a small server over
// the domain for finance staff who do not use a terminal. It shows every
// form of a folder, a form drawn from the same resolved sheet the workbook
// and the PDF draw (render/html), its problems beside it, lets the cells a
// department fills in be edited (checked and re-scored at once, saved into
// the TOML file by jixiao.Update, the path jixiao import --into takes), and
// serves the workbook and the PDF rendered on request.
//
// Safety: every file is reached through an os.Root opened on the folder,
// so no path leaves it (no "..", no symbolic link out of it); state-changing
// requests pass http.CrossOriginProtection; bodies are size-limited; pages
// carry a Content-Security-Policy without inline script, and every text is
// escaped (html/template, render/html). Unless Options.AnyHost is set, only
// requests addressed to a loopback name are answered, so that a web site
// whose name resolves to 127.0.0.1 (DNS rebinding) cannot read the forms.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"

	"jixiao/render"
	jhtml "jixiao/render/html"
	"jixiao/render/pdf"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options adjust the server.
type Options struct {
	// AnyHost answers requests whatever host they name (a server listening
	// on another address than loopback). By default only localhost,
	// 127.0.0.1 and [::1] are answered.
	AnyHost bool
	// Library finds the templates forms name; nil: the built-in ones.
	Library *render.Library
}

// Server serves one folder of forms.
type Server struct {
	root *os.Root
	dir  string // the folder as given, for messages
	opt  Options
	lib  *render.Library
	tmpl *template.Template

	pdfOnce sync.Once
	pdfr    *pdf.Renderer
	pdfErr  error

	write   sync.Mutex // one change of a file at a time: check, then write
	pending pendingImports
}

// New opens the folder dir.
func New(dir string, opt Options) (*Server, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &Server{root: root, dir: dir, opt: opt, lib: opt.Library}
	if s.lib == nil {
		s.lib = render.NewLibrary()
	}
	s.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
	s.pending.items = map[string]*pendingImport{}
	return s, nil
}

// Close releases the folder.
func (s *Server) Close() error { return s.root.Close() }

// Body limits: an edit carries at most a data file's worth of text, an
// upload a workbook import would read.
const (
	maxEditBody   = 2 << 20
	maxUploadBody = 21 << 20 // xlsx.MaxWorkbookSize and the form's other fields
)

// Handler returns the server's routes behind its safety checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.folder)
	mux.HandleFunc("GET /form/{path...}", s.form)
	mux.HandleFunc("POST /preview/{path...}", s.preview)
	mux.HandleFunc("POST /save/{path...}", s.save)
	mux.HandleFunc("GET /xlsx/{path...}", s.downloadXLSX)
	mux.HandleFunc("GET /pdf/{path...}", s.downloadPDF)
	mux.HandleFunc("GET /combined/{name}", s.combined)
	mux.HandleFunc("POST /upload/{path...}", s.upload)
	mux.HandleFunc("POST /apply/{path...}", s.apply)
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /static/sheet.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(jhtml.CSS)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusForbidden, "拒绝了来自其他网站的请求：只有本页面可以修改文件。")
	}))
	return s.headers(cop.Handler(mux))
}

// headers sets the security headers of every answer and refuses a host
// that is not loopback (unless AnyHost).
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if !s.opt.AnyHost && !loopbackHost(r.Host) {
			http.Error(w, "jixiao serve 只回答发往本机（localhost、127.0.0.1）的请求", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pdfRenderer parses the PDF font once, on the first PDF asked for.
func (s *Server) pdfRenderer() (*pdf.Renderer, error) {
	s.pdfOnce.Do(func() { s.pdfr, s.pdfErr = pdf.New() })
	return s.pdfr, s.pdfErr
}
