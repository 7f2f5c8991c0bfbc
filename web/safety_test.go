package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao"
)

// Requests the server must refuse, and files it must not trip over.

func TestCrossSiteRefused(t *testing.T) {
	f := newFixture(t)
	before := f.file(formRel)
	form := url.Values{"etag": {f.etag(formRel)}, actualKey: {"=40%"}}
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "http://evil.example"},
	} {
		r := httptest.NewRequest("POST", "/save/"+formRel, strings.NewReader(form.Encode()))
		r.Host = "localhost:8080"
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set(h[0], h[1])
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s: %s: %d, want 403", h[0], h[1], w.Code)
		}
	}
	body, ctype := upload(t, nil, []byte("x"))
	want(t, f.do("POST", "/upload/"+formRel, body, "Content-Type", ctype, "Sec-Fetch-Site", "cross-site"), 403, "其他网站")
	want(t, f.post("/apply/"+formRel, url.Values{"token": {"00"}}, "Sec-Fetch-Site", "cross-site"), 403)
	if f.file(formRel) != before {
		t.Error("a cross-site request changed the file")
	}
	// A page asked for under another host name (DNS rebinding) is refused.
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "evil.example:8080"
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusMisdirectedRequest {
		t.Errorf("host evil.example: %d", w.Code)
	}
}

func TestTraversalRefused(t *testing.T) {
	f := newFixture(t)
	outside := filepath.Join(t.TempDir(), "secret.toml")
	os.WriteFile(outside, []byte("year = 2020 # 目录之外的秘密\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(f.dir, "link.toml")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(filepath.Dir(outside), filepath.Join(f.dir, "linkdir"))
	for _, target := range []string{
		"/form/..%2f..%2fetc%2fpasswd",
		"/form/2020%2f..%2f..%2fsecret.toml",
		"/form/%2e%2e/secret.toml",
		"/form/%2fetc%2fpasswd",
		"/xlsx/..%2fsecret.toml",
		"/pdf/2020/..%5c..%5csecret.toml",
		"/form/.hidden.toml",
		"/form/link.toml",
		"/form/linkdir/secret.toml",
		"/pdf/link.toml",
		"/form/2020/housing-fund-system.txt",
	} {
		w := f.get(target)
		if w.Code == 200 || strings.Contains(w.Body.String(), "目录之外的秘密") {
			t.Errorf("%s: %d\n%s", target, w.Code, w.Body)
		}
	}
	// The ServeMux cleans a path with "..": it never reaches a handler.
	if w := f.get("/form/../../etc/passwd"); w.Code == 200 {
		t.Errorf("/form/../../etc/passwd: %d", w.Code)
	}
	// Nor is anything written through a link out of the folder.
	w := f.post("/save/link.toml", url.Values{"etag": {etag([]byte("year = 2020 # 目录之外的秘密\n"))}, "f.project.name": {"x"}})
	if w.Code == 200 {
		t.Errorf("save through a link out of the folder: %d %s", w.Code, w.Body)
	}
	if b, _ := os.ReadFile(outside); string(b) != "year = 2020 # 目录之外的秘密\n" {
		t.Errorf("the file outside was changed: %s", b)
	}
	// The folder page lists the link and says it cannot be read.
	want(t, f.get("/"), 200, "link.toml", "指向目录之外")
}

func TestEscaping(t *testing.T) {
	f := newFixture(t)
	src := f.file(formRel)
	src = strings.Replace(src, ourActual, ourActual+"reason = \"<script>alert(1)</script>\"\n", 1)
	src = strings.Replace(src, `department = "上海市住房和城乡建设管理委员会"`, `department = "<img src=x onerror=alert(2)>"`, 1)
	os.WriteFile(filepath.Join(f.dir, filepath.FromSlash(formRel)), []byte(src), 0o644)
	for _, target := range []string{"/", "/form/" + formRel} {
		body := want(t, f.get(target), 200, "&lt;img src=x onerror=alert(2)&gt;")
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: markup from data reached the page", target)
		}
	}
	want(t, f.get("/form/"+formRel), 200, "&lt;script&gt;alert(1)&lt;/script&gt;")
	w := f.post("/preview/"+formRel, url.Values{"etag": {f.etag(formRel)}, "f.indicators.0.actual": {"<b>x</b>"}})
	body := want(t, w, 200)
	if strings.Contains(body, "<b>x") || strings.Contains(body, "<script>alert") {
		t.Errorf("markup in the edit's answer:\n%s", body)
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t)
	big := url.Values{"etag": {"x"}, "f.goals.planned": {strings.Repeat("长", maxEditBody/3+10)}}
	if w := f.post("/preview/"+formRel, big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the bound: %d", w.Code)
	}
}

func TestSaveThroughLinks(t *testing.T) {
	f := newFixture(t)
	// A link inside the folder: the file it names is written, the link stays.
	if err := os.Symlink("2020/internet-services.toml", filepath.Join(f.dir, "link.toml")); err != nil {
		t.Fatal(err)
	}
	want(t, f.post("/save/link.toml", url.Values{"etag": {f.etag("link.toml")}, actualKey: {"=40%"}}), 200, `"saved":true`)
	if st, err := os.Lstat(filepath.Join(f.dir, "link.toml")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if !strings.Contains(f.file(formRel), `actual = "=40%"`) {
		t.Error("the linked file was not written")
	}
	// A file with another hard link stays linked, with its mode.
	p := filepath.Join(f.dir, "2020", "housing-fund-system.toml")
	os.Chmod(p, 0o640)
	if err := os.Link(p, filepath.Join(f.dir, "hard.toml")); err != nil {
		t.Fatal(err)
	}
	rel := "2020/housing-fund-system.toml"
	want(t, f.post("/save/"+rel, url.Values{"etag": {f.etag(rel)}, "f.indicators.1.actual": {"=99.5%"}}), 200, `"saved":true`)
	if f.file("hard.toml") != f.file(rel) || !strings.Contains(f.file("hard.toml"), `"=99.5%"`) {
		t.Error("the hard link was split")
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode())
	}
	if tmp, _ := filepath.Glob(filepath.Join(f.dir, "*", ".*.tmp")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestBrokenFiles(t *testing.T) {
	f := newFixture(t)
	// A file that is not TOML: listed with its error, its page shows the
	// problem without a sheet; nothing to download.
	os.WriteFile(filepath.Join(f.dir, "broken.toml"), []byte("year = = 2020\n[project\n"), 0o644)
	// A named pipe: never opened (reading it would wait forever).
	if err := syscall.Mkfifo(filepath.Join(f.dir, "pipe.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Too large, and a folder named like a data file.
	os.WriteFile(filepath.Join(f.dir, "big.toml"), bytes.Repeat([]byte("# 注释\n"), jixiao.MaxInputSize/8+1), 0o644)
	os.Mkdir(filepath.Join(f.dir, "folder.toml"), 0o755)
	// A form with an error (weights not adding up to 100): drawn, its cells marked.
	bad := strings.Replace(f.file(formRel), "weight = 6\n", "weight = 7\n", 1)
	os.WriteFile(filepath.Join(f.dir, filepath.FromSlash(formRel)), []byte(bad), 0o644)

	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- f.get("/") }()
	select {
	case w := <-done:
		body := want(t, w, 200, "broken.toml", "pipe.toml", "不是普通文件", `<span class="err-count">`, "big.toml", "超过 1 MB")
		if strings.Count(body, `class="has-errors"`) != 4 || strings.Contains(body, "folder.toml") {
			t.Errorf("4 rows with errors expected, no folder:\n%s", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the folder page waits on a named pipe")
	}
	want(t, f.get("/form/broken.toml"), 200, `<ol class="diags">`, "错误", "数据无法读取")
	want(t, f.get("/form/pipe.toml"), 422, "不是普通文件")
	want(t, f.get("/form/folder.toml"), 422, "不是普通文件")
	want(t, f.get("/form/big.toml"), 422, "超过 1 MB")
	want(t, f.get("/xlsx/broken.toml"), 422, "有错误")
	body := want(t, f.get("/form/"+formRel), 200, `<table class="sheet"`, "错误")
	if !strings.Contains(body, ` err"`) && !strings.Contains(body, " err ") {
		t.Errorf("no cell marked as an error")
	}
	want(t, f.post("/save/broken.toml", url.Values{"etag": {etag([]byte("year = = 2020\n[project\n"))}, "f.project.name": {"x"}}), 422, "无法读取")
}

func TestOddNames(t *testing.T) {
	f := newFixture(t)
	// A name with "#", "?", "%", a space and Chinese is one path everywhere.
	rel := "2020/项目 #1?50%.toml"
	os.Rename(filepath.Join(f.dir, filepath.FromSlash(formRel)), filepath.Join(f.dir, filepath.FromSlash(rel)))
	esc := (&url.URL{Path: rel}).EscapedPath()
	want(t, f.get("/"), 200, `href="/form/`+esc+`"`)
	want(t, f.get("/form/"+esc), 200, `href="/pdf/`+esc+`"`, `data-save="/save/`+esc+`"`, `action="/upload/`+esc+`"`)
	want(t, f.post("/save/"+esc, url.Values{"etag": {f.etag(esc)}, actualKey: {"=40%"}}), 200, `"saved":true`)
	if !strings.Contains(f.file(rel), `"=40%"`) {
		t.Error("not saved")
	}
	r := f.get("/pdf/" + esc)
	if r.Code != 200 || !strings.Contains(r.Header().Get("Content-Disposition"), "filename*=") {
		t.Errorf("pdf: %d %s", r.Code, r.Header())
	}
}
