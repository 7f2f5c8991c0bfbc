// Package testtool finds the external programs some tests use (poppler-utils,
// qpdf, LibreOffice, MuPDF, Ghostscript). Where one is missing the test is skipped with a visible
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
