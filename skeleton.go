package jixiao

import (
	_ "embed"
	"strconv"
	"strings"
)

//go:embed skeleton.toml
var skeleton string

// Skeleton returns a commented input file for the given year with every key
// and one empty indicator for each commonly used second level, for a
// department to fill in.
func Skeleton(year int) []byte {
	return []byte(strings.ReplaceAll(skeleton, "{{YEAR}}", strconv.Itoa(year)))
}
