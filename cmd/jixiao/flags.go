package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// flags is a command's flag set: it never exits and never prints the flag
// package's English; its usage and errors go to w, in Chinese.
type flags struct {
	*flag.FlagSet
	w          io.Writer
	name, args string
}

// newFlags makes the flag set of a command whose usage and errors go to w
// (standard error, or standard output when the user asked for help).
func newFlags(name, args string, w io.Writer) *flags {
	fs := flag.NewFlagSet("jixiao "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, w: w, name: name, args: args}
}

// Usage prints the command's usage and its options, each with its default.
func (f *flags) Usage() {
	var b strings.Builder
	fmt.Fprintf(&b, "用法：jixiao %s [选项] %s\n\n选项：\n", f.name, f.args)
	f.VisitAll(func(fl *flag.Flag) {
		dash := "--"
		if len(fl.Name) == 1 {
			dash = "-"
		}
		kind, text := flag.UnquoteUsage(fl)
		kind = map[string]string{"string": "文字", "int": "整数", "value": "值"}[kind]
		fmt.Fprintf(&b, "  %s\n        %s", strings.TrimSpace(dash+fl.Name+" "+kind), text)
		if d := fl.DefValue; d != "" && d != "0" && d != "false" {
			fmt.Fprintf(&b, "（默认 %s）", d)
		}
		b.WriteString("\n")
	})
	io.WriteString(f.w, b.String())
}

// parseFlags parses args, allowing options after file names too
// ("jixiao check a.toml --strict"), and returns the file names. "-h" prints
// the usage and ends the command cleanly; a wrong option is said in Chinese,
// with the usage.
func parseFlags(fs *flags, args []string) ([]string, error) {
	var files []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.Usage()
			return nil, exitError{exitOK}
		case err != nil:
			fmt.Fprintf(fs.w, "jixiao %s: %s\n\n", fs.name, flagError(err))
			fs.Usage()
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files, args = append(files, args[0]), args[1:]
	}
}

var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: (\S+)$`)
	flagNeedsArg  = regexp.MustCompile(`^flag needs an argument: (\S+)$`)
	badFlagValue  = regexp.MustCompile(`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?(\S+?):`)
)

// flagError says what the flag package found wrong, in Chinese.
func flagError(err error) string {
	msg := err.Error()
	if m := undefinedFlag.FindStringSubmatch(msg); m != nil {
		return "没有选项 " + m[1]
	}
	if m := flagNeedsArg.FindStringSubmatch(msg); m != nil {
		return "选项 " + m[1] + " 后面要写一个值"
	}
	if m := badFlagValue.FindStringSubmatch(msg); m != nil {
		return "选项 " + m[2] + " 的值 " + m[1] + " 不对"
	}
	return "选项有误"
}

// asksHelp reports whether a command's arguments ask for its usage.
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// help prints a command's usage on standard output: "jixiao help render".
func help(ctx context.Context, name string, stdout, stderr io.Writer) error {
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, []string{"-h"}, stdout, stdout)
		}
	}
	fmt.Fprintf(stderr, "jixiao help: 没有命令 %q\n\n", name)
	usage(stderr)
	return errUsage
}

// version is the program's version: the module version when built by go
// install, else the source revision it was built from, if known.
func version() string {
	v := "(开发版)"
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	} else if ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				if s.Value == "true" {
					modified = "，有未提交的修改"
				}
			}
		}
		if rev != "" {
			v += "，源码 " + rev + modified
		}
	}
	return "jixiao " + v + "（" + runtime.Version() + "）"
}
