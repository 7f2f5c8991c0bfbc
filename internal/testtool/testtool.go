// Package testtool finds the external programs some tests use (poppler-utils,
// qpdf, LibreOffice, MuPDF, Ghostscript, Chromium). Where one is missing the test is skipped with a visible
// notice; in CI (CI=true), where .ci/run installs them, it fails instead.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// packages names the Debian package of each program.
var packages = map[string]string{
	"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdfinfo": "poppler-utils",
	"pdftoppm": "poppler-utils", "qpdf": "qpdf", "soffice": "libreoffice-calc-nogui",
	"mutool": "mupdf-tools", "gs": "ghostscript",
	"python3":  "python3-uno", // the tests that drive LibreOffice import its uno module
	"chromium": "chromium",    // the web page's test in a real browser (chromedp)
}

// NeedPythonUno returns the path of a python3 that can import LibreOffice's
// uno module (Debian's python3-uno), or skips (outside CI) or fails (in CI)
// the test.
func NeedPythonUno(t testing.TB) string {
	t.Helper()
	// Debian's python3-uno is for the system's python3, which a virtual
	// environment first in PATH would hide.
	if err := exec.Command("/usr/bin/python3", "-c", "import uno").Run(); err == nil {
		return "/usr/bin/python3"
	}
	py := Need(t, "python3")
	if err := exec.Command(py, "-c", "import uno").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 cannot import uno in CI: .ci/run must install python3-uno")
		}
		t.Skipf("NOTICE: python3 cannot import uno (apt-get install python3-uno): this check did not run")
	}
	return py
}

// Need returns the path of the program, or skips (outside CI) or fails (in
// CI) the test when it is not installed.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	pkg := packages[name]
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing in CI: .ci/run must install %s", name, pkg)
	}
	t.Skipf("NOTICE: %s is not installed (apt-get install %s): this check did not run", name, pkg)
	return ""
}
