package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// input is one data file and the name its outputs take below the output
// folder (without extension): a file given by name keeps its base name, a
// file found in a directory keeps its path below that directory.
type input struct {
	path string
	rel  string
}

// expandInputTree turns the command's arguments into input files: a file
// stands for itself, a directory for every *.toml below it (sorted, hidden
// folders skipped). A name that does not exist is an error naming it.
func expandInputTree(args []string) ([]input, error) {
	var out []input
	seen := map[string]string{}
	for _, a := range args {
		found, err := inputsOf(a)
		if err != nil {
			return nil, err
		}
		for _, in := range found {
			if prev, dup := seen[in.rel]; dup && prev != in.path {
				return nil, fmt.Errorf("%s 和 %s 会写到同一个输出文件 %s；请分开运行或改名", prev, in.path, in.rel)
			}
			if _, dup := seen[in.rel]; !dup {
				seen[in.rel] = in.path
				out = append(out, in)
			}
		}
	}
	return out, nil
}

func inputsOf(arg string) ([]input, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("%s：找不到这个文件或目录", arg)
	}
	if !st.IsDir() {
		return []input{{path: arg, rel: strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))}}, nil
	}
	var found []input
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != arg && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".toml") {
			rel, _ := filepath.Rel(arg, p)
			found = append(found, input{path: p, rel: strings.TrimSuffix(rel, filepath.Ext(rel))})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s：无法读取目录：%v", arg, err)
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s：目录中没有 .toml 文件", arg)
	}
	slices.SortFunc(found, func(a, b input) int { return strings.Compare(a.path, b.path) })
	return found, nil
}

// expandInputs is expandInputTree for commands that only read.
func expandInputs(args []string) ([]string, error) {
	ins, err := expandInputTree(args)
	var paths []string
	for _, in := range ins {
		paths = append(paths, in.path)
	}
	return paths, err
}

// inputFiles parses a reading command's options and returns its input
// files; without any it prints the usage.
func inputFiles(fs *flag.FlagSet, args []string) ([]string, error) {
	names, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		fs.Usage()
		return nil, errUsage
	}
	return expandInputs(names)
}
