package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// expandInputs turns the command's arguments into input files: a file stands
// for itself, a directory for every *.toml below it (sorted). A name that does
// not exist is an error naming it.
func expandInputs(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s：找不到这个文件或目录", a)
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != a && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".toml") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s：无法读取目录：%v", a, err)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s：目录中没有 .toml 文件", a)
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, nil
}
