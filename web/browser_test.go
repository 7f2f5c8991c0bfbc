package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"jixiao/internal/testtool"
)

// TestBrowser drives the page in headless Chromium (Debian's chromium):
// open the folder, open a form, change an 实际完成值, see 总分 change, save,
// find the TOML file changed with its comments kept, download the PDF and
// validate it. Screenshots are saved under the test's temporary folder
// (JIXIAO_SCREENSHOTS=dir keeps them there instead).
func TestBrowser(t *testing.T) {
	exe := testtool.Need(t, "chromium")
	f := newFixture(t)
	before := f.file(formRel)
	s, err := New(f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	shots := t.TempDir()
	if d := os.Getenv("JIXIAO_SCREENSHOTS"); d != "" {
		shots = d
	}
	downloads := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	// Chromium as root needs --no-sandbox; the machine has no network, and
	// without these flags Chromium waits on lookups.
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1500, 1100),
	)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		p := filepath.Join(shots, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", p)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// Every script error and CSP violation on the way is collected.
	var (
		mu       sync.Mutex
		problems []string
	)
	messages := chromedp.Console(bctx) // starts the browser, here and not in the goroutine
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if strings.Contains(m.Text, "status of 409 (Conflict)") {
				continue // the stale edit's answer, on purpose
			}
			if m.IsException() || m.Type == "error" || strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()

	// The folder.
	do("open the folder", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#forms")))
	if got := text("#forms"); !strings.Contains(got, "互联网业务运行费") || !strings.Contains(got, "97.5") {
		t.Fatalf("folder: %s", got)
	}
	shot("folder.png")

	// A form.
	do("open a form", chromedp.Click(chromedp.CSS(`#forms a[href="/form/`+formRel+`"]`)), chromedp.WaitVisible(chromedp.CSS("table.sheet")))
	if got := text("#total"); got != "98" {
		t.Fatalf("总分 %q, want 98", got)
	}
	shot("form.png")

	// Change an 实际完成值: 总分 follows at once.
	cell := `td[data-field="indicators.0.actual"]`
	do("edit 实际完成值",
		chromedp.Click(chromedp.CSS(cell)),
		chromedp.WaitVisible(chromedp.CSS(cell+" textarea")),
		chromedp.SetValue(chromedp.CSS(cell+" textarea"), "=40%"),
		chromedp.Blur(chromedp.CSS(cell+" textarea")),
	)
	if _, err := chromedp.Run(bctx, chromedp.Poll[chromedp.Void](`document.getElementById("total").textContent === "96.8"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("总分 did not change: %q (%v)", text("#total"), err)
	}
	if got := text(cell); got != "=40%" {
		t.Errorf("the cell shows %q", got)
	}
	if got := text("#changes"); !strings.Contains(got, `indicators[1].actual: "=88.27%" → "=40%"`) {
		t.Errorf("changes: %s", got)
	}
	if f.file(formRel) != before {
		t.Fatal("the file changed before saving")
	}
	shot("edited.png")
	// The view a person has while editing, for the README: scrolled to the
	// changed row, 总分 above it, the problems and changes beside it.
	do("scroll", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.querySelector('`+cell+`').getBoundingClientRect().top + window.scrollY - 420)`))
	if png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(shots, "editing.png"), png, 0o644)
	}

	// Save: the file holds the new value, every comment kept.
	do("save", chromedp.Click(chromedp.ID("save")), chromedp.WaitVisible(chromedp.CSS("#status.saved")))
	after := f.file(formRel)
	if !strings.Contains(after, `actual = "=40%"   # 实际完成值，如实填写`) {
		t.Errorf("saved file:\n%s", after)
	}
	for _, line := range strings.Split(before, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(after, line) {
			t.Errorf("comment lost: %s", line)
		}
	}
	if strings.Count(after, "\n") != strings.Count(before, "\n") {
		t.Errorf("lines added or lost")
	}

	// Choosing a diagnostic marks its cell.
	do("choose a diagnostic", chromedp.Click(chromedp.CSS("#diags a[data-cell]")), chromedp.WaitVisible(chromedp.CSS("td.picked")))
	shot("saved.png")

	// Download the PDF.
	if _, err := chromedp.CallBrowser(bctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true),
	}); err != nil {
		t.Fatal(err)
	}
	progress := chromedp.BrowserEvents(bctx, browser.DownloadProgress)
	do("download the PDF", chromedp.Click(chromedp.CSS(`a[href="/pdf/`+formRel+`"]`)))
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	doc, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	validPDF(t, doc)

	// Upload a workbook a department edited: its changes are listed, and
	// written only when confirmed (plain forms, no script).
	book := filepath.Join(downloads, "部门.xlsx")
	if err := os.WriteFile(book, f.workbook(formRel, "indicators.0.actual", "=45%"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := f.file(formRel)
	do("upload a workbook",
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="workbook"]`), []string{book}),
		chromedp.Click(chromedp.CSS(`form.upload button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("import-changes")),
	)
	if got := text("#import-changes"); !strings.Contains(got, `indicators[1].actual: "=40%" → "=45%"`) {
		t.Errorf("import's changes: %s", got)
	}
	if f.file(formRel) != saved {
		t.Fatal("the upload wrote the file before it was confirmed")
	}
	shot("upload.png")
	do("confirm", chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if got := text("#total"); got != "97.4" || !strings.Contains(f.file(formRel), `actual = "=45%"   # 实际完成值，如实填写`) {
		t.Errorf("after the import: 总分 %s\n%s", got, f.file(formRel))
	}

	// A file changed on disk since the page read it is not overwritten:
	// the page says so and offers to reload.
	changed := f.file(formRel) + "# 在编辑器中改的\n"
	if err := os.WriteFile(filepath.Join(f.dir, filepath.FromSlash(formRel)), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	do("edit a stale page",
		chromedp.Click(chromedp.CSS(cell)),
		chromedp.WaitVisible(chromedp.CSS(cell+" textarea")),
		chromedp.SetValue(chromedp.CSS(cell+" textarea"), "=41%"),
		chromedp.Blur(chromedp.CSS(cell+" textarea")),
		chromedp.WaitVisible(chromedp.ID("reload")),
	)
	if got := text("#status"); !strings.Contains(got, "被别处修改过") {
		t.Errorf("stale: %s", got)
	}
	shot("stale.png")
	if f.file(formRel) != changed {
		t.Error("a stale page overwrote the file")
	}

	// No script error, no CSP violation on the way.
	time.Sleep(300 * time.Millisecond) // the console's last messages
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("console: %s", p)
	}
}
