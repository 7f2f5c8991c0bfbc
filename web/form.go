package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"jixiao"
	"jixiao/render"
	jhtml "jixiao/render/html"
)

// diagView is one diagnostic as the page lists it.
type diagView struct {
	Error   bool
	Line    int
	Message string
	Cell    string // the A1 id of the cell it names, "" for none
	Excerpt string
}

// formView is what the form page and an edit's answer show.
type formView struct {
	Rel, Name, ETag  string
	Sheet            template.HTML
	Diags            []diagView
	Errors, Warnings int
	Total, Grade     string
	Monitor          bool   // a 绩效运行监控表: not scored
	Problem          string // why no sheet can be drawn
	Flash            string
	Changes          []string
}

// sheetOf lays a loaded form out with its template. A form whose errors
// leave it impossible to lay out gives an error, never a panic.
func (s *Server) sheetOf(e *entry) (sheet *render.Sheet, err error) {
	if e.card == nil {
		return nil, errors.New("数据无法读取，不能画出表格")
	}
	if e.tmpl == nil {
		return nil, errors.New("找不到数据所指的模板，不能画出表格")
	}
	defer func() {
		if p := recover(); p != nil {
			sheet, err = nil, fmt.Errorf("数据有错误，不能画出表格（%v）", p)
		}
	}()
	return render.Resolve(e.tmpl, e.card, render.Options{})
}

// view makes the page's view of an entry: the sheet drawn as HTML with the
// cells its diagnostics name marked.
func (s *Server) view(e *entry) formView {
	v := formView{Rel: e.Rel, Name: e.Rel, ETag: e.ETag, Problem: e.Problem}
	if e.form != nil && e.form.Project.Name.Val != "" {
		v.Name = e.form.Project.Name.Val
	}
	v.Errors, v.Warnings = e.diags.Count()
	if e.card != nil && !e.monitor {
		v.Total, v.Grade = jixiao.FormatScore(e.card.Total), e.card.Grade
	}
	v.Monitor = e.monitor
	var sheet *render.Sheet
	if e.Problem == "" {
		var err error
		if sheet, err = s.sheetOf(e); err != nil {
			v.Problem = err.Error()
		}
	}
	marks := map[render.At]string{}
	for _, d := range e.diags {
		dv := diagView{Error: d.Severity == jixiao.Error, Line: d.Pos.Line, Message: d.Message, Excerpt: jixiao.Excerpt(e.src, d.Pos)}
		if sheet != nil {
			if at, ok := cellOf(sheet, e.form, d.Pos); ok {
				dv.Cell = render.A1(at.Row, at.Col)
				if dv.Error || marks[at] == "" {
					marks[at] = map[bool]string{true: "err", false: "warn"}[dv.Error]
				}
			}
		}
		v.Diags = append(v.Diags, dv)
	}
	if sheet != nil {
		var b bytes.Buffer
		if err := jhtml.Write(&b, sheet, jhtml.Options{Marks: marks, CanEdit: canEdit, Fields: labelFields(sheet, e.form)}); err != nil {
			v.Problem = err.Error()
		} else {
			v.Sheet = template.HTML(b.String()) // render/html escapes every text
		}
	}
	return v
}

// cellOf finds the cell a diagnostic's place names: the cell whose value
// was written on its line (the nearest column at or before it, where a line
// holds several, as an inline table does), else the 三级指标 cell of the
// indicator whose [[indicators]] header is on that line.
func cellOf(s *render.Sheet, f *jixiao.Form, p jixiao.Pos) (render.At, bool) {
	if p.Line == 0 {
		return render.At{}, false
	}
	best, bestCol, found := render.At{}, -1, false
	for i, row := range s.Rows {
		for j, c := range row.Cells {
			if c.Field == "" || c.Source.Line != p.Line {
				continue
			}
			col := c.Source.Col
			if p.Col > 0 && col > p.Col && found {
				continue
			}
			if !found || col <= p.Col && col > bestCol || p.Col == 0 && col < bestCol {
				best, bestCol, found = render.At{Row: i, Col: j}, col, true
			}
		}
	}
	if found {
		return best, true
	}
	if f != nil {
		for i, ind := range f.Indicators {
			if ind.Pos.Line == p.Line {
				at, ok := s.Fields[fmt.Sprintf("indicators.%d.name", i)]
				return at, ok
			}
		}
	}
	return render.At{}, false
}

// entryOf loads the data file a request's path names, or answers with why
// it cannot.
func (s *Server) entryOf(w http.ResponseWriter, r *http.Request) (*entry, bool) {
	rel, err := checkPath(r.PathValue("path"))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, err.Error())
		return nil, false
	}
	e := s.load(rel)
	if e.Problem != "" {
		s.fail(w, r, e.status, rel+"："+e.Problem)
		return nil, false
	}
	return e, true
}

// form is the page of one form.
func (s *Server) form(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entryOf(w, r)
	if !ok {
		return
	}
	v := s.view(e)
	switch q := r.URL.Query(); {
	case q.Get("saved") != "":
		v.Flash = "已把工作簿中的修改写回 " + e.Rel
	}
	s.page(w, r, http.StatusOK, "form", map[string]any{"Title": v.Name, "V": v})
}

// editAnswer is the JSON answer to an edit: the form as it is now, drawn
// again, or why the edit was not taken.
type editAnswer struct {
	OK       bool     `json:"ok"`
	Saved    bool     `json:"saved"`
	Stale    bool     `json:"stale,omitempty"`
	Message  string   `json:"message,omitempty"`
	Field    string   `json:"field,omitempty"`
	ETag     string   `json:"etag,omitempty"`
	Total    string   `json:"total,omitempty"`
	Grade    string   `json:"grade,omitempty"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
	Sheet    string   `json:"sheet,omitempty"`
	Diags    string   `json:"diags,omitempty"`
	Changes  []string `json:"changes"`
}

// preview checks and scores the page's edits without saving them.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) { s.edit(w, r, false) }

// save writes the page's edits into the data file.
func (s *Server) save(w http.ResponseWriter, r *http.Request) { s.edit(w, r, true) }

// edit applies the edits of a request (form fields "etag" and "f.<field>")
// to the data file as the page read it: through jixiao.Update, the path
// jixiao import --into takes, so comments, order and untouched values stay.
// A file changed since (another ETag) is not touched: the answer says so.
func (s *Server) edit(w http.ResponseWriter, r *http.Request, write bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxEditBody)
	if err := r.ParseForm(); err != nil {
		s.answer(w, http.StatusRequestEntityTooLarge, editAnswer{Message: "请求太大或无法读取：" + err.Error()})
		return
	}
	rel, err := checkPath(r.PathValue("path"))
	if err != nil {
		s.answer(w, http.StatusNotFound, editAnswer{Message: err.Error()})
		return
	}
	edits := map[string]string{}
	for k, vs := range r.PostForm {
		if f, ok := strings.CutPrefix(k, "f."); ok && len(vs) > 0 {
			edits[f] = vs[len(vs)-1]
		}
	}
	if write {
		s.write.Lock()
		defer s.write.Unlock()
	}
	e := s.load(rel)
	switch {
	case e.Problem != "":
		s.answer(w, http.StatusNotFound, editAnswer{Message: rel + "：" + e.Problem})
		return
	case e.ETag != r.PostForm.Get("etag"):
		s.answer(w, http.StatusConflict, editAnswer{Stale: true, Message: rel + " 在页面打开之后被别处修改过（也许在编辑器或另一个窗口中），页面上的修改没有保存，以免覆盖那边的改动。请重新载入页面，再把修改填一遍。"})
		return
	case e.form == nil:
		s.answer(w, http.StatusUnprocessableEntity, editAnswer{Message: rel + " 无法读取，不能在页面上修改；请先改正文件中的错误"})
		return
	}
	to, err := apply(e.form, edits)
	if err != nil {
		a := editAnswer{Message: err.Error()}
		var fe *fieldError
		if errors.As(err, &fe) {
			a.Field = fe.Field
		}
		s.answer(w, http.StatusUnprocessableEntity, a)
		return
	}
	out, changes, err := jixiao.Update(e.src, rel, to)
	if err != nil {
		s.answer(w, http.StatusUnprocessableEntity, editAnswer{Message: "无法写成数据文件：" + err.Error()})
		return
	}
	a := editAnswer{OK: true, Changes: []string{}}
	for _, c := range changes {
		a.Changes = append(a.Changes, c.String())
	}
	if write && len(changes) > 0 {
		if err := s.writeFile(rel, out); err != nil {
			s.answer(w, http.StatusInternalServerError, editAnswer{Message: "无法写回 " + rel + "：" + reason(err)})
			return
		}
		a.Saved = true
	}
	next := &entry{Rel: rel}
	s.evaluate(next, out)
	v := s.view(next)
	a.Total, a.Grade, a.Errors, a.Warnings = v.Total, v.Grade, v.Errors, v.Warnings
	a.Sheet = string(v.Sheet)
	if v.Sheet == "" && v.Problem != "" {
		a.Sheet = `<p class="problem">` + template.HTMLEscapeString(v.Problem) + `</p>`
	}
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, "diags", v); err != nil {
		a.Diags = template.HTMLEscapeString(err.Error())
	} else {
		a.Diags = b.String()
	}
	if write {
		a.ETag = next.ETag
	} else {
		a.ETag = e.ETag // the version the edits apply to
	}
	s.answer(w, http.StatusOK, a)
}

func (s *Server) answer(w http.ResponseWriter, code int, a editAnswer) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(a)
}

// page writes one of the templates as a whole page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, code int, name string, data map[string]any) {
	var b bytes.Buffer
	data["Page"] = name
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// fail answers with a page that says what went wrong.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, msg string, more ...string) {
	s.page(w, r, code, "message", map[string]any{"Title": "出错了", "Message": msg, "More": more, "Code": code})
}

// route is the address of a route for a data file, its path escaped
// ("#", "?", "%" and spaces in a file's name stay part of the path).
func route(name, rel string) string { return (&url.URL{Path: "/" + name + "/" + rel}).EscapedPath() }

// formURL is the page of a form.
func formURL(rel string) string { return route("form", rel) }
