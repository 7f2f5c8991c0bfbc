package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is written by the command's goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "data"}, &stdout, &stderr) }()
	addr := regexp.MustCompile(`打开 (http://127\.0\.0\.1:[0-9]+/)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no address printed:\n%s\n%s", stdout.String(), stderr.String())
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "住房公积金管理信息系统（运维）") {
		t.Fatalf("%s: %d\n%s", url, res.StatusCode, body)
	}
	cancel() // SIGINT
	select {
	case err := <-done:
		if err != nil || !strings.Contains(stdout.String(), "已停止") {
			t.Errorf("serve ended with %v:\n%s", err, stdout.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on its context")
	}
	if stderr.String() != "" {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func TestServeOtherHost(t *testing.T) {
	// Another address than loopback needs --public, and then warns.
	_, stderr, code := run(t, "serve", "--addr", "0.0.0.0:0", "data")
	if code != exitUsage || !strings.Contains(stderr, "--public") {
		t.Errorf("without --public: %d %s", code, stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, errs lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--public", "--addr", "0.0.0.0:0", "data"}, &stdout, &errs)
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stdout.String(), "打开") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(errs.String(), "警告") || !strings.Contains(errs.String(), "任何人") || !strings.Contains(stdout.String(), "http://localhost:") {
		t.Errorf("--public: %s\n%s", stdout.String(), errs.String())
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve", "README.md"}, exitFailed, "不是一个目录"},
		{[]string{"serve", "no-such-folder"}, exitFailed, "找不到这个目录"},
		{[]string{"serve", "a", "b"}, exitUsage, "用法"},
		{[]string{"serve", "--addr", "8080"}, exitUsage, "主机:端口"},
	} {
		if _, stderr, code := run(t, c.args...); code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d: %s", c.args, code, stderr)
		}
	}
	// A port in use is said so.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, stderr, code := run(t, "serve", "--addr", ln.Addr().String(), "data"); code != exitFailed || !strings.Contains(stderr, "端口已被占用") {
		t.Errorf("port in use: %d %s", code, stderr)
	}
}
