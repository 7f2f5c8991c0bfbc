//go:build unix

package main

import (
	"errors"
	"syscall"
)

// alive reports whether a process is running (signal 0 tests without
// sending anything; EPERM means it runs as another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
