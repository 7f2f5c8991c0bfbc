package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"jixiao"
)

// input is one data file and the name its outputs take below the output
// folder (without extension): a file given by name keeps its base name, a
// file found in a directory keeps its path below that directory, made safe
// for Windows (outName).
type input struct {
	path string
	rel  string // the name relative to the folder given, without extension
	out  string // rel as an output name
	// problem, when set, says why the input cannot be read (a FIFO, a
	// folder that cannot be listed): it is reported as its error and
	// skipped, and the others go on.
	problem string
}

func newInput(path, rel string) input {
	rel = strings.TrimSuffix(rel, filepath.Ext(rel))
	return input{path: path, rel: rel, out: outName(rel)}
}

// expandInputTree turns the command's arguments into input files: a file
// stands for itself, a directory for every *.toml below it (sorted, hidden
// folders skipped). A name that does not exist is an error naming it; a
// file that is not a regular one, or a sub-folder that cannot be read, is
// an input with a problem.
func expandInputTree(args []string) ([]input, error) {
	var out []input
	seen := map[string]string{}
	for _, a := range args {
		found, err := inputsOf(a)
		if err != nil {
			return nil, err
		}
		for _, in := range found {
			key := strings.ToLower(in.out) // Windows and macOS compare names without case
			if in.problem != "" {
				key = "\x00" + in.path
			}
			if prev, dup := seen[key]; dup && prev != in.path {
				return nil, fmt.Errorf("%s 和 %s 会写到同一个输出文件 %s；请分开运行或改名", prev, in.path, in.out)
			}
			if _, dup := seen[key]; !dup {
				seen[key] = in.path
				out = append(out, in)
			}
		}
	}
	return out, nil
}

func inputsOf(arg string) ([]input, error) {
	st, err := os.Stat(arg)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s：找不到这个文件或目录", arg)
		}
		return nil, fmt.Errorf("%s：无法读取（%s）", arg, jixiao.FileReason(err))
	}
	if !st.IsDir() {
		in := newInput(arg, filepath.Base(arg))
		in.problem = irregular(st.Mode())
		return []input{in}, nil
	}
	var found []input
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == arg:
			return err
		case err != nil: // a sub-folder that cannot be read: report it, go on
			rel, _ := filepath.Rel(arg, p)
			found = append(found, input{path: p, rel: rel, out: outName(rel), problem: "无法读取这个目录（" + jixiao.FileReason(err) + "），其中的文件没有处理"})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir() && p != arg && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".toml"):
			return nil
		}
		rel, _ := filepath.Rel(arg, p)
		in := newInput(p, rel)
		if !d.Type().IsRegular() {
			if st, err := os.Stat(p); err != nil { // a link: what it points to
				in.problem = "无法读取（" + jixiao.FileReason(err) + "）"
			} else {
				in.problem = irregular(st.Mode())
			}
		}
		found = append(found, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s：无法读取目录（%s）", arg, jixiao.FileReason(err))
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s：目录中没有 .toml 文件", arg)
	}
	slices.SortFunc(found, func(a, b input) int { return strings.Compare(a.path, b.path) })
	return found, nil
}

// irregular says why a file of this mode is not read, or "" for a regular
// file: reading a named pipe or a device could wait forever.
func irregular(m fs.FileMode) string {
	if m.IsRegular() {
		return ""
	}
	kind := "特殊文件"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "命名管道（FIFO）"
	case m&fs.ModeSocket != 0:
		kind = "套接字"
	case m&fs.ModeDevice != 0:
		kind = "设备文件"
	}
	return "这是" + kind + "，不是普通文件，已跳过"
}

// inputFiles parses a reading command's options and returns its inputs;
// without any it prints the usage.
func inputFiles(fs *flags, args []string) ([]input, error) {
	names, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		fs.Usage()
		return nil, errUsage
	}
	return expandInputTree(names)
}
