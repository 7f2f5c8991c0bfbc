package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"jixiao"
	"jixiao/web"
)

// runServe serves a folder of forms as a web page on this machine.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("serve", "[目录]", stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "监听的地址和端口；默认只有本机能访问")
	public := fl.Bool("public", false, "允许监听本机以外的地址（--addr 0.0.0.0:8080 等）：能访问这个地址的任何人都能查看和修改目录中的文件")
	names, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(names) > 1 {
		fl.Usage()
		return errUsage
	}
	dir := "."
	if len(names) == 1 {
		dir = names[0]
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		why := "不是一个目录"
		if errors.Is(err, fs.ErrNotExist) {
			why = "找不到这个目录"
		} else if err != nil {
			why = "无法读取（" + jixiao.FileReason(err) + "）"
		}
		fmt.Fprintf(stderr, "jixiao serve: %s：%s\n", dir, why)
		return errFailed
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: --addr %s 不对：写成 主机:端口，例如 127.0.0.1:8080\n", *addr)
		return errUsage
	}
	loopback := isLoopback(host)
	if !loopback && !*public {
		fmt.Fprintf(stderr, "jixiao serve: --addr %s 不是本机地址；能访问它的任何人都能查看和修改 %s 中的文件。确实需要时请加 --public\n", *addr, dir)
		return errUsage
	}
	srv, err := web.New(dir, web.Options{AnyHost: !loopback})
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: 无法打开目录 %s：%v\n", dir, err)
		return errFailed
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		why := err.Error()
		if errors.Is(err, syscall.EADDRINUSE) {
			why = "这个端口已被占用（也许 jixiao serve 已在运行）；换一个端口，例如 --addr 127.0.0.1:8081"
		}
		fmt.Fprintf(stderr, "jixiao serve: 无法监听 %s：%s\n", *addr, why)
		return errFailed
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if !loopback {
		fmt.Fprintf(stderr, "警告：jixiao serve 监听 %s，不只是本机：能访问这个地址的任何人都能查看和修改 %s 中的文件，没有密码。\n", ln.Addr(), dir)
	}
	fmt.Fprintf(stdout, "jixiao serve：%s 中的自评表\n请在浏览器中打开 %s\n按 Ctrl+C 停止。\n", dir, openURL(ln.Addr(), host))
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shut)
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "jixiao serve 已停止")
	return nil
}

// isLoopback reports whether a listening host is this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openURL is the address to open in a browser: a host that listens on
// every address is reached as localhost.
func openURL(a net.Addr, host string) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String() + "/"
	}
	h := host
	if h == "" || ta.IP.IsUnspecified() {
		h = "localhost"
	}
	return "http://" + net.JoinHostPort(h, fmt.Sprint(ta.Port)) + "/"
}
