// Command jixiao checks, scores and renders 财政项目支出绩效自评表 from TOML.
//
// Run "jixiao help" for the commands. Setting JIXIAO_CPUPROFILE=file writes
// a CPU profile of the run (for go tool pprof).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C or SIGTERM lets the forms being written finish
		// and stops the rest; a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	if path := os.Getenv("JIXIAO_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "jixiao:", err)
			os.Exit(exitFailed)
		}
		pprof.StartCPUProfile(f)
	}
	code := ExitCode(Run(ctx, os.Args[1:], os.Stdout, os.Stderr))
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}
