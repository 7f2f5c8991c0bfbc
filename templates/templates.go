// Package templates holds jixiao's built-in layout templates, one TOML file
// each, embedded into the binary. A file whose name starts with "_" holds a
// layout other templates extend. See render.Parse for the format.
package templates

import "embed"

// FS holds the built-in templates.
//
//go:embed *.toml
var FS embed.FS

// Default is the template used when an input names none.
const Default = "mof-project-self-evaluation"
