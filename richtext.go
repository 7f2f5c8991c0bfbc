package jixiao

import (
	"regexp"
	"strings"
)

// breakTag matches the markup of web-form rich text that means a new line:
// paragraph starts and ends and line breaks, with or without attributes.
var breakTag = regexp.MustCompile(`(?i)<\s*/?\s*p(\s[^<>]*)?>|<\s*br\s*/?\s*>`)

// PlainText turns a text value into the form's plain text. CRLF becomes LF and
// the text loses surrounding blank space. Text pasted from a web form has its
// paragraphs (<p>…</p>) and <br> turned into line breaks, with the blank
// paragraphs between them dropped. Any other markup stays as literal text: it
// is shown, never interpreted.
func PlainText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !breakTag.MatchString(s) {
		return trimBlank(s)
	}
	lines := strings.Split(breakTag.ReplaceAllString(s, "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = trimBlank(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func trimBlank(s string) string {
	return strings.Trim(s, " \t\n\u3000")
}
