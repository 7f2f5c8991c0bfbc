//go:build !unix

package web

import "os"

// links is how many hard links a file has: 1 where the system does not say.
func links(os.FileInfo) uint64 { return 1 }
