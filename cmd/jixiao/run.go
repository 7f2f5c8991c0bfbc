package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // an input has errors, or an output could not be written
	exitUsage  = 2 // the command line is wrong
)

// exitError ends Run with a status; its message, if any, has been printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

var (
	errFailed = exitError{exitFailed}
	errUsage  = exitError{exitUsage}
)

// ExitCode maps Run's result to the process exit status.
func ExitCode(err error) int {
	var e exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &e):
		return e.code
	}
	return exitFailed
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"check", "检查数据：列出每个错误和警告（文件:行:列）", runCheck},
		{"score", "按财政部规则计分：执行率、各指标得分、总分和等级", runScore},
		{"render", "生成 Excel 工作簿和 PDF（默认写到 out/）", runRender},
		{"init", "生成一份带注释的空白数据文件，供部门填写", runInit},
		{"import", "把部门改过的工作簿读回数据文件（--into 就地写回原文件）", runImport},
		{"serve", "在浏览器中查看、修改目录中的自评表，下载工作簿和 PDF（本机网页）", runServe},
	}
}

// Run runs the jixiao command line: args without the program name.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			return help(ctx, args[1], stdout, stderr)
		}
		usage(stdout)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if asksHelp(args[1:]) { // the usage asked for goes to standard output
				stderr = stdout
			}
			err := c.run(ctx, args[1:], stdout, stderr)
			if err != nil && !isExit(err) {
				fmt.Fprintf(stderr, "jixiao %s: %v\n", c.name, err)
				return errFailed
			}
			return err
		}
	}
	fmt.Fprintf(stderr, "jixiao: 没有命令 %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

func isExit(err error) bool {
	var e exitError
	return errors.As(err, &e)
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("jixiao：财政项目支出绩效自评表 — 检查、计分、生成 Excel 和 PDF\n\n用法：jixiao 命令 [选项] 文件...\n\n命令：\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\n每个命令的选项：jixiao help 命令，或 jixiao 命令 -h；版本：jixiao --version\n")
	io.WriteString(w, b.String())
}
