package jixiao

import (
	"html"
	"regexp"
	"strings"
)

// breakTag matches the markup of web-form rich text that means a new line:
// paragraph starts and ends and line breaks, with or without attributes.
var breakTag = regexp.MustCompile(`(?i)<\s*/?\s*p(\s[^<>]*)?>|<\s*br\s*/?\s*>`)

// entity matches an HTML character reference with its semicolon: &amp;,
// &nbsp;, &#20013;, &#x4E00;. One without its semicolon (&copy in a pasted
// address such as ?a=1&copy=2) is left as it is.
var entity = regexp.MustCompile(`&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// PlainText turns a text value into the form's plain text. CRLF becomes LF and
// the text loses surrounding blank space. Text pasted from a web form has its
// paragraphs (<p>…</p>) and <br> turned into line breaks, with the blank
// paragraphs between them dropped, and its character references decoded
// (&amp; &lt; &gt; &quot; &#39; &#20013; &#x4E00;…; &nbsp; becomes a plain
// space). Any other markup stays as literal text: it is shown, never
// interpreted — also markup that was written as &lt;b&gt;.
func PlainText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !breakTag.MatchString(s) {
		return trimBlank(unescape(s))
	}
	lines := strings.Split(breakTag.ReplaceAllString(s, "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = trimBlank(unescape(l)); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// unescape decodes the character references of s. A reference to no
// character (&#0;, &#xD800;, &bogus;) stays as written.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entity.ReplaceAllStringFunc(s, func(ref string) string {
		r := html.UnescapeString(ref)
		if r == ref || r == "\uFFFD" {
			return ref
		}
		return strings.ReplaceAll(r, "\u00A0", " ")
	})
}

func trimBlank(s string) string {
	return strings.Trim(s, " \t\n\u3000")
}
