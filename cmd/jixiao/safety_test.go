package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Inputs and outputs that could hang the command, escape the output folder
// or stop it badly (issue #12).

// A killed run's temporary files are removed by the next run: at once when
// the process that made them is gone, once they are old when it cannot be
// told (an older jixiao's names); a running process's are left alone.
func TestRenderRemovesStaleTemps(t *testing.T) {
	out := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	killed := filepath.Join(out, fmt.Sprintf(".housing-fund-system.xlsx.%d-42.tmp", dead.Process.Pid))
	running := filepath.Join(out, fmt.Sprintf(".housing-fund-system.pdf.%d-43.tmp", os.Getppid()))
	old := filepath.Join(out, ".housing-fund-system.xlsx.123456.tmp")
	young := filepath.Join(out, ".housing-fund-system.pdf.654321.tmp")
	mine := filepath.Join(out, ".notes.tmp") // not a name jixiao makes
	for _, p := range []string{killed, running, old, young, mine} {
		os.WriteFile(p, []byte("half"), 0o644)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	os.Chtimes(mine, past, past)
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, "data/2020/housing-fund-system.toml"); code != 0 {
		t.Fatal(stderr)
	}
	for p, keep := range map[string]bool{killed: false, running: true, old: false, young: true, mine: true} {
		if fileExists(p) != keep {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), fileExists(p), keep)
		}
	}
}

// A symbolic link to a folder inside the output folder is never followed:
// the form that would be written through it fails, nothing lands outside.
func TestRenderRefusesLinkedOutputFolder(t *testing.T) {
	in, out, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	src, _ := os.ReadFile("data/2020/housing-fund-system.toml")
	os.MkdirAll(filepath.Join(in, "2025"), 0o755)
	os.WriteFile(filepath.Join(in, "2025", "a.toml"), src, 0o644)
	os.WriteFile(filepath.Join(in, "b.toml"), src, 0o644)
	if err := os.Symlink(elsewhere, filepath.Join(out, "2025")); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "render", "-o", out, in)
	if code != exitFailed || !strings.Contains(stderr, "是符号链接") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if names, _ := os.ReadDir(elsewhere); len(names) != 0 {
		t.Errorf("written through the link: %v", names)
	}
	if !fileExists(filepath.Join(out, "b.xlsx")) || !fileExists(filepath.Join(out, "b.pdf")) {
		t.Error("the other form was not written")
	}
}

// A FIFO named like a data file and a folder that cannot be read are
// reported and skipped; the other forms are read, checked and rendered.
// Root reads any folder, so as root the commands run as nobody.
func TestInputsThatAreNotFiles(t *testing.T) {
	in := t.TempDir()
	src, _ := os.ReadFile("data/2020/housing-fund-system.toml")
	os.WriteFile(filepath.Join(in, "good.toml"), src, 0o644)
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(in, "locked")
	os.Mkdir(locked, 0o755)
	os.WriteFile(filepath.Join(locked, "x.toml"), src, 0o644)
	os.Chmod(locked, 0)
	defer os.Chmod(locked, 0o755)
	runAs := unprivileged(t, in)
	for _, args := range [][]string{{"check", in}, {"score", in}, {"render", "-q", "-o", filepath.Join(in, "out"), in}} {
		done := make(chan struct{})
		var all string
		var code int
		go func() { all, code = runAs(args...); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%s hangs on a FIFO", args[0])
		}
		for _, want := range []string{"pipe.toml: error: 这是命名管道（FIFO），不是普通文件", "locked: error: 无法读取这个目录（没有权限）"} {
			if code != exitFailed || !strings.Contains(all, want) {
				t.Errorf("%s: exit %d, want %q:\n%s", args[0], code, want, all)
			}
		}
		if args[0] == "render" && !strings.Contains(all, "成功 1 个，失败 2 个") {
			t.Errorf("render: the good form was not rendered alone:\n%s", all)
		}
	}
	// named on the command line, a FIFO is reported, not opened
	if stdout, _, code := run(t, "check", filepath.Join(in, "pipe.toml")); code != exitFailed || !strings.Contains(stdout, "不是普通文件") {
		t.Errorf("check FIFO: exit %d %s", code, stdout)
	}
}

// unprivileged returns a way to run the command where folder permissions
// hold: in process, or, for root, as the user nobody through runuser (dir
// and the folders above it opened to nobody).
func unprivileged(t *testing.T, dir string) func(args ...string) (string, int) {
	if os.Getuid() != 0 {
		return func(args ...string) (string, int) {
			stdout, stderr, code := run(t, args...)
			return stdout + stderr, code
		}
	}
	bin := buildJixiao(t, filepath.Join(dir, ".."))
	for p := dir; p != "/" && p != os.TempDir(); p = filepath.Dir(p) {
		os.Chmod(p, 0o777)
	}
	return func(args ...string) (string, int) {
		cmd := exec.Command("runuser", append([]string{"-u", "nobody", "--", bin}, args...)...)
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("runuser: %v", err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}
}

// Output names Windows cannot open are made safe, and the run says so.
func TestRenderWindowsNames(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	src, _ := os.ReadFile("data/2020/housing-fund-system.toml")
	for _, name := range []string{"CON.toml", "a:b*c?.toml", "结尾 .toml"} {
		os.WriteFile(filepath.Join(in, name), src, 0o644)
	}
	if _, stderr, code := run(t, "render", "-f", "xlsx", "-o", out, in); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"CON_.xlsx", "a：b＊c？.xlsx", "结尾.xlsx"} {
		if !fileExists(filepath.Join(out, want)) {
			names, _ := os.ReadDir(out)
			t.Errorf("no %s among %v", want, names)
		}
	}
}

// The command stops on SIGINT and SIGTERM: the first lets the forms being
// written finish and reports what was not done (exit 1), a second ends it
// at once; no temporary file is left either way.
func TestRenderSignals(t *testing.T) {
	bin := buildJixiao(t, t.TempDir())
	in := t.TempDir()
	for i := range 400 {
		src, _ := os.ReadFile([]string{"data/2020/housing-fund-system.toml", "data/2020/internet-services.toml"}[i%2])
		os.WriteFile(filepath.Join(in, fmt.Sprintf("f%03d.toml", i)), src, 0o644)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		out := t.TempDir()
		cmd := exec.Command(bin, "render", "-j", "1", "-o", out, in)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: still running 20 s after the signal", sig)
		}
		if code := cmd.ProcessState.ExitCode(); code != exitFailed || !strings.Contains(stderr.String(), "中断后未处理") {
			t.Errorf("%v: exit %d\n%s", sig, code, stderr.String())
		}
		assertNoTempFiles(t, out)
	}
}

// buildJixiao builds the command into dir, for tests that need a process
// of its own (signals, another user).
func buildJixiao(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "jixiao")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/jixiao").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
