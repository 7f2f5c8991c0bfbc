package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
)

// errorsOf lists a form's errors as lines for a page.
func errorsOf(e *entry) []string {
	var out []string
	if e.Problem != "" {
		out = append(out, e.Rel+"："+e.Problem)
	}
	for _, d := range e.diags {
		if d.Severity == jixiao.Error {
			out = append(out, d.String())
		}
	}
	return out
}

// printable lays a form out for a download: a form with errors is refused
// as render refuses it, with its errors.
func (s *Server) printable(w http.ResponseWriter, r *http.Request, e *entry) (*render.Sheet, bool) {
	if errs := errorsOf(e); len(errs) > 0 {
		s.fail(w, r, http.StatusUnprocessableEntity, e.Rel+" 有错误，没有生成文件；请先改正：", errs...)
		return nil, false
	}
	sheet, err := s.sheetOf(e)
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, e.Rel+"："+err.Error())
		return nil, false
	}
	recorded := *sheet // the workbook names its data file relative to the folder
	recorded.Meta.Source = e.Rel
	if t := recorded.Meta.TemplateFile; strings.HasPrefix(t, "/") || strings.HasPrefix(t, "..") {
		recorded.Meta.TemplateFile = path.Base(t)
	}
	return &recorded, true
}

// send answers with a file to download, named in UTF-8.
func send(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	pdfType  = "application/pdf"
)

// baseName is the download name of a form's files, without extension.
func baseName(rel string) string {
	return strings.TrimSuffix(path.Base(rel), path.Ext(rel))
}

func (s *Server) downloadXLSX(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entryOf(w, r)
	if !ok {
		return
	}
	sheet, ok := s.printable(w, r, e)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, []*render.Sheet{sheet}, xlsx.Options{}); err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "没有生成工作簿："+err.Error())
		return
	}
	send(w, baseName(e.Rel)+".xlsx", xlsxType, b.Bytes())
}

func (s *Server) downloadPDF(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entryOf(w, r)
	if !ok {
		return
	}
	sheet, ok := s.printable(w, r, e)
	if !ok {
		return
	}
	doc, err := s.drawPDF([]*render.Sheet{sheet})
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "没有生成 PDF：", strings.Split(err.Error(), "\n")...)
		return
	}
	send(w, baseName(e.Rel)+".pdf", pdfType, doc)
}

func (s *Server) drawPDF(sheets []*render.Sheet) ([]byte, error) {
	pr, err := s.pdfRenderer()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := pr.Write(&b, sheets, pdf.Options{}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// combinedName is the base name of the combined files, as render --combined
// names them.
const combinedName = "汇总"

// combined answers 汇总.xlsx or 汇总.pdf: the 汇总表, then every form of the
// folder. As with render --combined, nothing is made when any form has
// errors: a combined file that silently lacked a form would mislead.
func (s *Server) combined(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ext := path.Ext(name)
	if strings.TrimSuffix(name, ext) != combinedName || ext != ".xlsx" && ext != ".pdf" {
		s.fail(w, r, http.StatusNotFound, "没有这个文件："+name)
		return
	}
	rels, err := s.forms()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "无法读取目录："+reason(err))
		return
	}
	var sheets []*render.Sheet
	var cards []*jixiao.Scorecard
	var errs []string
	for _, rel := range rels {
		e := s.load(rel)
		if more := errorsOf(e); len(more) > 0 {
			errs = append(errs, more...)
			continue
		}
		sheet, err := s.sheetOf(e)
		if err != nil {
			errs = append(errs, rel+"："+err.Error())
			continue
		}
		sheet.Meta.Source = rel
		sheets, cards = append(sheets, sheet), append(cards, e.card)
	}
	if len(errs) > 0 || len(sheets) == 0 {
		if len(sheets) == 0 && len(errs) == 0 {
			errs = append(errs, "目录中没有 .toml 文件")
		}
		s.fail(w, r, http.StatusUnprocessableEntity, "有表单有错误，没有生成合并文件 "+name+"；请先改正：", errs...)
		return
	}
	sum, err := render.Summary(render.SummaryTitle(cards), cards, nil)
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	all := append([]*render.Sheet{sum}, sheets...)
	if ext == ".xlsx" {
		var b bytes.Buffer
		if err := xlsx.Write(&b, all, xlsx.Options{}); err != nil {
			s.fail(w, r, http.StatusUnprocessableEntity, "没有生成工作簿："+err.Error())
			return
		}
		send(w, name, xlsxType, b.Bytes())
		return
	}
	doc, err := s.drawPDF(all)
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "没有生成 PDF：", strings.Split(err.Error(), "\n")...)
		return
	}
	send(w, name, pdfType, doc)
}

// pendingImport is an uploaded workbook's changes, shown and waiting to be
// confirmed: the new content of the data file and the version it applies to.
type pendingImport struct {
	rel, etag string
	out       []byte
	made      time.Time
}

// pendingImports holds the uploads waiting for their confirmation, by a
// random token, for half an hour.
type pendingImports struct {
	mu    sync.Mutex
	items map[string]*pendingImport
}

const pendingFor = 30 * time.Minute

func (p *pendingImports) add(pi *pendingImport) string {
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, v := range p.items {
		if time.Since(v.made) > pendingFor || len(p.items) > 64 {
			delete(p.items, k)
		}
	}
	p.items[token] = pi
	return token
}

func (p *pendingImports) take(token string) *pendingImport {
	p.mu.Lock()
	defer p.mu.Unlock()
	pi := p.items[token]
	delete(p.items, token)
	if pi == nil || time.Since(pi.made) > pendingFor {
		return nil
	}
	return pi
}

// readUpload reads the multipart form of an upload: its small fields and
// the workbook, each within its bound.
func readUpload(w http.ResponseWriter, r *http.Request) (fields map[string]string, filename string, book []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", nil, errors.New("请选择一个工作簿再上传")
	}
	fields = map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", nil, tooLarge(err)
		}
		switch part.FormName() {
		case "workbook":
			filename = part.FileName()
			book, err = io.ReadAll(io.LimitReader(part, xlsx.MaxWorkbookSize+1))
			if err != nil {
				return nil, "", nil, tooLarge(err)
			}
			if len(book) > xlsx.MaxWorkbookSize {
				return nil, "", nil, fmt.Errorf("工作簿超过 %d MB，没有读取", xlsx.MaxWorkbookSize>>20)
			}
		default:
			v, err := io.ReadAll(io.LimitReader(part, 4096))
			if err != nil {
				return nil, "", nil, tooLarge(err)
			}
			fields[part.FormName()] = string(v)
		}
	}
	if len(book) == 0 {
		return nil, "", nil, errors.New("请选择一个工作簿再上传")
	}
	return fields, filename, book, nil
}

func tooLarge(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Errorf("上传的文件超过 %d MB，没有读取", xlsx.MaxWorkbookSize>>20)
	}
	return fmt.Errorf("上传没有完成：%v", err)
}

// upload reads an edited workbook and shows what jixiao import --into would
// change in the data file; nothing is written until it is confirmed.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	rel, err := checkPath(r.PathValue("path"))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, err.Error())
		return
	}
	fields, filename, book, err := readUpload(w, r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	e := s.load(rel)
	if e.Problem != "" || e.form == nil {
		s.fail(w, r, http.StatusUnprocessableEntity, rel+" 无法读取，不能导入工作簿；请先改正：", errorsOf(e)...)
		return
	}
	if tag := fields["etag"]; tag != "" && tag != e.ETag {
		s.stale(w, r, rel)
		return
	}
	prefer := map[string]xlsx.Prefer{"workbook": xlsx.PreferWorkbook, "data": xlsx.PreferData}[fields["prefer"]]
	if filename == "" {
		filename = "workbook.xlsx"
	}
	filename = path.Base(strings.ReplaceAll(filename, `\`, "/"))
	imported, err := xlsx.Read(bytes.NewReader(book), xlsx.ReadOptions{Name: filename, Base: e.form, Library: s.lib, Prefer: prefer})
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, filename+"："+err.Error())
		return
	}
	var problems []string
	var forms []xlsx.Imported
	for _, imp := range imported {
		for _, d := range imp.Problems {
			problems = append(problems, d.String())
		}
		if imp.Template != "" {
			forms = append(forms, imp)
		}
	}
	data := map[string]any{"Title": "导入工作簿", "Rel": rel, "File": filename, "Problems": problems, "FormURL": formURL(rel)}
	switch {
	case len(forms) == 0:
		s.fail(w, r, http.StatusUnprocessableEntity, filename+" 中没有 jixiao 生成的自评表，没有导入", problems...)
		return
	case len(forms) > 1:
		s.fail(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("%s 有 %d 张自评表，只能导入一张；请上传单个项目的工作簿", filename, len(forms)), problems...)
		return
	}
	imp := forms[0]
	if imp.Source != "" && path.Base(imp.Source) != path.Base(rel) {
		data["Other"] = imp.Source
	}
	for _, c := range imp.Conflicts {
		data["Conflicts"] = append(asStrings(data["Conflicts"]), c.String())
	}
	data["Prefer"] = prefer != xlsx.PreferNone
	if imp.Form == nil || imp.Problems.HasErrors() {
		data["Refused"] = true
		s.page(w, r, http.StatusUnprocessableEntity, "upload", data)
		return
	}
	var match []int
	if imp.Merged {
		match = imp.Match
	}
	out, changes, err := jixiao.UpdateMatched(e.src, rel, imp.Form, match)
	if err != nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "无法写成数据文件："+err.Error(), problems...)
		return
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.String())
	}
	next := &entry{Rel: rel}
	s.evaluate(next, out)
	errs, warns := next.diags.Count()
	data["Changes"], data["Errors"], data["Warnings"] = lines, errs, warns
	if e.card != nil && !e.monitor {
		data["Before"] = jixiao.FormatScore(e.card.Total)
	}
	if next.card != nil && !next.monitor {
		data["After"], data["Grade"] = jixiao.FormatScore(next.card.Total), next.card.Grade
	}
	if len(changes) > 0 {
		data["Token"] = s.pending.add(&pendingImport{rel: rel, etag: e.ETag, out: out, made: time.Now()})
	}
	s.page(w, r, http.StatusOK, "upload", data)
}

func asStrings(v any) []string {
	s, _ := v.([]string)
	return s
}

// apply writes an upload's changes, once confirmed, unless the data file
// changed since they were shown.
func (s *Server) apply(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	rel, err := checkPath(r.PathValue("path"))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, err.Error())
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "请求无法读取")
		return
	}
	pi := s.pending.take(r.PostForm.Get("token"))
	if pi == nil || pi.rel != rel {
		s.fail(w, r, http.StatusNotFound, "这次上传已过期或已写回；请重新上传工作簿。")
		return
	}
	s.write.Lock()
	defer s.write.Unlock()
	src, err := s.read(rel)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, rel+"："+reason(err))
		return
	}
	if etag(src) != pi.etag {
		s.stale(w, r, rel)
		return
	}
	if err := s.writeFile(rel, pi.out); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "无法写回 "+rel+"："+reason(err))
		return
	}
	http.Redirect(w, r, formURL(rel)+"?saved=1", http.StatusSeeOther)
}

// stale says the data file changed since the page read it.
func (s *Server) stale(w http.ResponseWriter, r *http.Request, rel string) {
	s.page(w, r, http.StatusConflict, "message", map[string]any{
		"Title": "文件已被修改", "Code": http.StatusConflict,
		"Message": rel + " 在页面打开之后被别处修改过，没有写入，以免覆盖那边的改动。请重新载入，再导入一次。",
		"Reload":  formURL(rel),
	})
}
