// Command jixiao checks, scores and renders 财政项目支出绩效自评表 from TOML.
//
// Run "jixiao help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(ExitCode(Run(ctx, os.Args[1:], os.Stdout, os.Stderr)))
}
