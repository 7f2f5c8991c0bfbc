package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/render"
	"jixiao/render/xlsx"
)

// The fixture: the three seed forms, internet-services.toml with its first
// indicator's reported score left out (so that its 实际完成值 scores by the
// rule) and a comment on its 实际完成值.
const (
	seedActual = "actual = \"=88.27%\"\nweight = 6\nscore = 6\n"
	ourActual  = "actual = \"=88.27%\"   # 实际完成值，如实填写\nweight = 6\n"
	formRel    = "2020/internet-services.toml"
	actualKey  = "f.indicators.0.actual"
)

// folder copies the fixture into a new folder and returns its path.
func folder(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "2020"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"housing-fund-system.toml", "district-office-rent.toml", "internet-services.toml"} {
		src, err := os.ReadFile(filepath.Join("..", "data", "2020", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "internet-services.toml" {
			if !bytes.Contains(src, []byte(seedActual)) {
				t.Fatalf("the seed form changed: %s", seedActual)
			}
			src = bytes.Replace(src, []byte(seedActual), []byte(ourActual), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, "2020", name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type fixture struct {
	t   testing.TB
	dir string
	h   http.Handler
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := folder(t)
	s, err := New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &fixture{t: t, dir: dir, h: s.Handler()}
}

// do sends a request as the page would (same-origin, to localhost).
func (f *fixture) do(method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, target, body)
	r.Host = "localhost:8080"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) get(target string) *httptest.ResponseRecorder {
	return f.do("GET", target, nil)
}

func (f *fixture) post(target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	return f.do("POST", target, strings.NewReader(form.Encode()), append([]string{"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"}, header...)...)
}

func (f *fixture) file(rel string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(rel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

func (f *fixture) etag(rel string) string {
	f.t.Helper()
	w := f.get("/form/" + rel)
	m := regexp.MustCompile(`data-etag="([0-9a-f]+)"`).FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		f.t.Fatalf("form page %s: %d\n%s", rel, w.Code, w.Body)
	}
	return m[1]
}

func want(t testing.TB, w *httptest.ResponseRecorder, code int, texts ...string) string {
	t.Helper()
	body := w.Body.String()
	if w.Code != code {
		t.Fatalf("status %d, want %d:\n%s", w.Code, code, body)
	}
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("the answer lacks %q:\n%s", s, body)
		}
	}
	return body
}

func TestFolder(t *testing.T) {
	f := newFixture(t)
	w := f.get("/")
	body := want(t, w, 200, "住房公积金管理信息系统（运维）", "区县管理部租赁费物业费", "互联网业务运行费",
		"上海市住房和城乡建设管理委员会", "7,549,540.00", "7,549,020.00", "100.00", ">97.5<", ">96<", ">98<", ">优<",
		`<svg class="chart"`, `href="/form/2020/housing-fund-system.toml"`, `/combined/汇总.pdf`, "等级分布")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "onclick") {
		t.Errorf("inline script or style on the page")
	}
	// Sortable: by 总分, highest first.
	body = want(t, f.get("/?sort=total&desc=1"), 200)
	a, b, c := strings.Index(body, ">98<"), strings.Index(body, ">97.5<"), strings.Index(body, ">96<")
	if !(a < b && b < c) {
		t.Errorf("not sorted by 总分 descending: %d %d %d", a, b, c)
	}
	body = want(t, f.get("/?sort=total"), 200)
	if a, c := strings.Index(body, ">98<"), strings.Index(body, ">96<"); a < c {
		t.Errorf("not sorted by 总分 ascending")
	}
}

func TestForm(t *testing.T) {
	f := newFixture(t)
	body := want(t, f.get("/form/2020/housing-fund-system.toml"), 200,
		`<table class="sheet"`, `data-field="indicators.1.actual"`, `data-value="=99.11%"`, `id="total">97.5<`, `id="grade">优<`,
		`href="/xlsx/2020/housing-fund-system.toml"`, `href="/pdf/2020/housing-fund-system.toml"`, `action="/upload/2020/housing-fund-system.toml"`,
		`<ol class="diags">`)
	// Each diagnostic that names a cell links to it, and the cell is marked.
	m := regexp.MustCompile(`<a href="#([A-Z]+[0-9]+)" data-cell="([A-Z]+[0-9]+)">`).FindStringSubmatch(body)
	if m == nil || m[1] != m[2] {
		t.Fatalf("no diagnostic links its cell:\n%s", body)
	}
	if !regexp.MustCompile(`<td id="` + m[1] + `"[^>]* class="[^"]*\b(warn|err)\b`).MatchString(body) {
		t.Errorf("cell %s is not marked", m[1])
	}
	want(t, f.get("/form/2020/nothing.toml"), 404, "找不到这个文件")
}

func TestCanEdit(t *testing.T) {
	f, _ := jixiao.LoadFile(filepath.Join("..", "data", "2020", "internet-services.toml"))
	sheet, err := render.ResolveForm(f)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range sheet.Rows {
		for _, c := range row.Cells {
			if c.Editable && c.Field != "" {
				n++
				if !canEdit(c.Field) {
					t.Errorf("the page cannot edit %s", c.Field)
				}
				g := *f
				g.Indicators = slices.Clone(f.Indicators)
				if err := set(&g, c.Field, "1"); err != nil {
					t.Errorf("set %s: %v", c.Field, err)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d editable cells", n)
	}
	for _, field := range []string{"template", "year", "policy.rate_rounding", "funds.total", "funds.total.to_date", "indicators.x.actual", "indicators.0.progress", "monitor.problems"} {
		if canEdit(field) {
			t.Errorf("canEdit(%q)", field)
		}
	}
}

func TestEditSaves(t *testing.T) {
	f := newFixture(t)
	before := f.file(formRel)
	tag := f.etag(formRel)

	// A preview scores the edit and writes nothing.
	w := f.post("/preview/"+formRel, url.Values{"etag": {tag}, actualKey: {"=40%"}})
	want(t, w, 200, `"total":"96.8"`, `"grade":"优"`, `"saved":false`, `~ indicators[1].actual: \"=88.27%\" → \"=40%\"`, `data-value=\"=40%\"`)
	if f.file(formRel) != before {
		t.Fatal("a preview wrote the file")
	}
	// A value that is not a number is refused, naming its field.
	want(t, f.post("/preview/"+formRel, url.Values{"etag": {tag}, "f.indicators.0.weight": {"六"}}), 422, `"field":"indicators.0.weight"`)
	want(t, f.post("/preview/"+formRel, url.Values{"etag": {tag}, "f.template": {"x"}}), 422, "不能在页面上修改")
	// A 得分 cleared is the rule's again: the key goes.
	want(t, f.post("/preview/"+formRel, url.Values{"etag": {tag}, "f.indicators.1.score": {""}}), 200, `"- indicators[2].score = 6`, `"total":"98"`)

	// Saving writes the change where it stands, keeping every comment.
	w = f.post("/save/"+formRel, url.Values{"etag": {tag}, actualKey: {"=40%"}, "f.indicators.0.reason": {"一是<script>alert(1)</script>"}})
	want(t, w, 200, `"saved":true`, `"total":"96.8"`)
	after := f.file(formRel)
	if !strings.Contains(after, `actual = "=40%"   # 实际完成值，如实填写`) {
		t.Errorf("the value was not replaced where it stood:\n%s", after)
	}
	for _, line := range strings.Split(before, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(after, line) {
			t.Errorf("comment lost: %s", line)
		}
	}
	got, diags := jixiao.Parse([]byte(after), formRel)
	if got == nil || got.Indicators[0].Actual.Val != "=40%" || got.Indicators[0].Reason.Val != "一是<script>alert(1)</script>" {
		t.Fatalf("saved file: %v", diags)
	}
	if card, _ := jixiao.Score(got); jixiao.FormatScore(card.Total) != "96.8" {
		t.Errorf("saved total %s", jixiao.FormatScore(card.Total))
	}
	// The old version's ETag no longer saves.
	want(t, f.post("/save/"+formRel, url.Values{"etag": {tag}, actualKey: {"=50%"}}), 409, `"stale":true`)
}

func TestStaleRefused(t *testing.T) {
	f := newFixture(t)
	tag := f.etag(formRel)
	p := filepath.Join(f.dir, "2020", "internet-services.toml")
	edited := strings.Replace(f.file(formRel), "互联网业务运行费\"", "互联网业务运行费（另一个窗口改的）\"", 1)
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	want(t, f.post("/save/"+formRel, url.Values{"etag": {tag}, actualKey: {"=40%"}}), 409, `"stale":true`, "被别处修改过", "重新载入")
	if f.file(formRel) != edited {
		t.Error("a stale edit was written")
	}
	want(t, f.post("/preview/"+formRel, url.Values{"etag": {tag}, actualKey: {"=40%"}}), 409, `"stale":true`)
}

// workbook downloads a form's workbook and types a value into a field's cell.
func (f *fixture) workbook(rel, field, value string) []byte {
	f.t.Helper()
	w := f.get("/xlsx/" + rel)
	if w.Code != 200 {
		f.t.Fatalf("workbook: %d %s", w.Code, w.Body)
	}
	book, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		f.t.Fatal(err)
	}
	form, _ := jixiao.Parse([]byte(f.file(rel)), rel)
	sheet, err := render.ResolveForm(form)
	if err != nil {
		f.t.Fatal(err)
	}
	at := sheet.Fields[field]
	if err := book.SetCellStr(book.GetSheetName(0), render.A1(at.Row, at.Col), value); err != nil {
		f.t.Fatal(err)
	}
	var b bytes.Buffer
	if err := book.Write(&b); err != nil {
		f.t.Fatal(err)
	}
	return b.Bytes()
}

func upload(t testing.TB, fields map[string]string, book []byte) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if book != nil {
		fw, _ := mw.CreateFormFile("workbook", "互联网.xlsx")
		fw.Write(book)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

func TestUpload(t *testing.T) {
	f := newFixture(t)
	before := f.file(formRel)
	book := f.workbook(formRel, "indicators.0.actual", "=45%")
	body, ctype := upload(t, map[string]string{"etag": f.etag(formRel)}, book)
	page := want(t, f.do("POST", "/upload/"+formRel, body, "Content-Type", ctype, "Sec-Fetch-Site", "same-origin"), 200,
		"将写回的修改（1 处）", `~ indicators[1].actual: &#34;=88.27%&#34; → &#34;=45%&#34;`, "总分 98 → <strong>97.4</strong>", "确认写回")
	if f.file(formRel) != before {
		t.Fatal("an upload wrote the file before it was confirmed")
	}
	token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("no token:\n%s", page)
	}
	w := f.post("/apply/"+formRel, url.Values{"token": {token[1]}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/form/"+formRel+"?saved=1" {
		t.Fatalf("apply: %d %s", w.Code, w.Header())
	}
	after := f.file(formRel)
	if !strings.Contains(after, `actual = "=45%"   # 实际完成值，如实填写`) || strings.Count(after, "#") != strings.Count(before, "#") {
		t.Errorf("applied file:\n%s", after)
	}
	// A token is used once.
	want(t, f.post("/apply/"+formRel, url.Values{"token": {token[1]}}), 404, "已过期或已写回")

	// A file changed between the upload and its confirmation is not overwritten.
	book = f.workbook(formRel, "indicators.0.actual", "=46%")
	body, ctype = upload(t, nil, book)
	page = want(t, f.do("POST", "/upload/"+formRel, body, "Content-Type", ctype), 200, "确认写回")
	token = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	changed := after + "\n# 另一处的修改\n"
	os.WriteFile(filepath.Join(f.dir, filepath.FromSlash(formRel)), []byte(changed), 0o644)
	want(t, f.post("/apply/"+formRel, url.Values{"token": {token[1]}}), 409, "被别处修改过", "重新载入")
	if f.file(formRel) != changed {
		t.Error("a stale upload was written")
	}

	// Not a workbook; no file.
	body, ctype = upload(t, nil, []byte("not a workbook"))
	if w := f.do("POST", "/upload/"+formRel, body, "Content-Type", ctype); w.Code != 422 {
		t.Errorf("a text file as workbook: %d %s", w.Code, w.Body)
	}
	body, ctype = upload(t, nil, nil)
	want(t, f.do("POST", "/upload/"+formRel, body, "Content-Type", ctype), 400, "请选择一个工作簿")
}

var pdfConfig = sync.OnceValue(func() *model.Configuration {
	api.DisableConfigDir()
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed // fpdf's link annotations: see README
	return c
})

func validPDF(t testing.TB, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", b)
	}
	if err := api.Validate(bytes.NewReader(b), pdfConfig()); err != nil {
		t.Fatalf("invalid PDF: %v", err)
	}
}

func TestDownloads(t *testing.T) {
	f := newFixture(t)
	r := f.get("/xlsx/" + formRel)
	if ct := r.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "internet-services.xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	imported, err := xlsx.Read(bytes.NewReader(r.Body.Bytes()), xlsx.ReadOptions{})
	if err != nil || len(imported) != 1 || imported[0].Form == nil || imported[0].Source != formRel {
		t.Fatalf("the workbook does not read back: %v %+v", err, imported)
	}

	r = f.get("/pdf/" + formRel)
	if r.Code != 200 || r.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", r.Code, r.Header())
	}
	validPDF(t, r.Body.Bytes())

	r = f.get("/combined/汇总.xlsx")
	if r.Code != 200 || !strings.Contains(r.Header().Get("Content-Disposition"), "filename*=utf-8''%E6%B1%87%E6%80%BB.xlsx") {
		t.Fatalf("combined workbook: %d %s", r.Code, r.Header())
	}
	book, err := excelize.OpenReader(bytes.NewReader(r.Body.Bytes()))
	if err != nil || book.GetSheetList()[0] != "汇总表" || !slices.Contains(book.GetSheetList(), "互联网业务运行费") {
		t.Fatalf("combined workbook: %v %v", err, book.GetSheetList())
	}
	r = f.get("/combined/" + url.PathEscape("汇总.pdf"))
	if r.Code != 200 {
		t.Fatalf("combined pdf: %d %s", r.Code, r.Body)
	}
	validPDF(t, r.Body.Bytes())
	want(t, f.get("/combined/other.pdf"), 404)

	// A form with errors gets no file, and no combined file is made.
	bad := strings.Replace(f.file(formRel), "weight = 6\n", "weight = 7\n", 1)
	os.WriteFile(filepath.Join(f.dir, filepath.FromSlash(formRel)), []byte(bad), 0o644)
	want(t, f.get("/pdf/"+formRel), 422, "有错误，没有生成文件")
	want(t, f.get("/combined/汇总.pdf"), 422, "没有生成合并文件")
}

func TestEditGroupLabel(t *testing.T) {
	f := newFixture(t)
	page := want(t, f.get("/form/"+formRel), 200)
	for _, c := range []struct{ id, field string }{{"B13", "indicators.0.level1"}, {"C13", "indicators.0.level2"}, {"C17", "indicators.4.level2"}} {
		if !regexp.MustCompile(`<td id="` + c.id + `"[^>]*data-field="` + regexp.QuoteMeta(c.field) + `"`).MatchString(page) {
			t.Errorf("%s is not the editable label %s", c.id, c.field)
		}
	}
	// Renaming a 二级 label renames its group: the three 质量指标 rows.
	w := f.post("/save/"+formRel, url.Values{"etag": {f.etag(formRel)}, "f.indicators.4.level2": {"质量指标（运维）"}})
	body := want(t, w, 200, `"saved":true`)
	if n := strings.Count(body, `level2: \"质量指标\" → \"质量指标（运维）\"`); n != 3 {
		t.Errorf("%d indicators renamed, want 3:\n%s", n, body)
	}
	got, _ := jixiao.Parse([]byte(f.file(formRel)), formRel)
	for i, ind := range got.Indicators {
		if (ind.Level2.Val == "质量指标（运维）") != (i >= 4 && i <= 6) {
			t.Errorf("indicators[%d]: %s/%s", i+1, ind.Level1.Val, ind.Level2.Val)
		}
	}
	want(t, f.post("/preview/"+formRel, url.Values{"etag": {f.etag(formRel)}, "f.indicators.0.level1": {" "}}), 422, "不能为空")
}

func TestMonitoringForm(t *testing.T) {
	f := newFixture(t)
	src, err := os.ReadFile(filepath.Join("..", "data", "2025", "basic-public-health.toml"))
	if err != nil {
		t.Fatal(err)
	}
	const self = `template = "mof-project-self-evaluation"`
	if !bytes.Contains(src, []byte(self)) {
		t.Fatalf("the 2025 sample changed")
	}
	// The mid-year file, before its actuals and scores were written: checked
	// as the 绩效运行监控表 its template lays out, as check does, not scored.
	src = bytes.Replace(src, []byte(self), []byte(`template = "mof-project-monitoring"`), 1)
	src = regexp.MustCompile(`(?m)^(actual|score|reason) = .*\n`).ReplaceAll(src, nil)
	os.MkdirAll(filepath.Join(f.dir, "2025"), 0o755)
	rel := "2025/monitor.toml"
	os.WriteFile(filepath.Join(f.dir, "2025", "monitor.toml"), src, 0o644)

	body := want(t, f.get("/"), 200, "绩效运行监控表（不计分）")
	if row := body[strings.Index(body, rel):]; !strings.Contains(row[:strings.Index(row, "</tr>")], `<td class="n">0</td>`) {
		t.Errorf("the monitoring form has errors:\n%s", row[:strings.Index(row, "</tr>")])
	}
	page := want(t, f.get("/form/"+rel), 200, `<table class="sheet"`, "绩效运行监控表（不计分）", `data-field="project.name"`)
	if strings.Contains(page, `<span class="sev">错误`) {
		t.Errorf("errors on the monitoring form:\n%s", page)
	}
	r := f.get("/pdf/" + rel) // drawn with its own template

	validPDF(t, r.Body.Bytes())
	want(t, f.post("/preview/"+rel, url.Values{"etag": {f.etag(rel)}, "f.project.name": {"新名称"}}), 200, `"ok":true`, "新名称")
}

// A folder mixing 元 and 万元 forms shows every amount in 元, as the 汇总表
// does, and sorts by the amounts, not by the numbers as written.
func TestFolderMixedUnits(t *testing.T) {
	f := newFixture(t)
	src, err := os.ReadFile(filepath.Join("..", "data", "2025", "basic-public-health.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.dir, "wan.toml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	body := want(t, f.get("/?sort=budget&desc=1"), 200, "全年预算数（元）", ">13,500,000.00<", ">13,254,200.00<")
	big, small := strings.Index(body, "13,500,000.00"), strings.Index(body, "7,549,540.00")
	if big < 0 || small < 0 || big > small {
		t.Errorf("by 全年预算数 descending, the 万元 form's 13.5 million 元 should come before 7.5 million: %d %d", big, small)
	}
}
