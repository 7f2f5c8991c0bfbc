//go:build unix

package web

import (
	"os"
	"syscall"
)

// links is how many hard links a file has.
func links(st os.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}
