package xlsx

import (
	"unicode/utf8"
)

// XML escaping for the parts we write by hand. Go strings may hold what XML
// 1.0 cannot: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and
// invalid UTF-8. How each is written depends on where the text goes.

// xmlChar reports whether r may appear in an XML 1.0 document. Ranging
// over a string never yields a surrogate; an invalid byte comes as U+FFFD.
func xmlChar(r rune) bool {
	return r >= 0x20 && r != 0xFFFE && r != 0xFFFF || r == '\t' || r == '\n' || r == '\r'
}

// needsEscape is a fast test for text that can be copied as it is.
func needsEscape(s string, attr bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&' || c == '<' || c == '>' || c == '\r':
			return true
		case attr && (c == '"' || c == '\t' || c == '\n'):
			return true
		case c < 0x20 && c != '\t' && c != '\n':
			return true
		case c == '_' && cellEscapeAt(s, i):
			return true
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE: // U+FFFE, U+FFFF
			return true
		}
	}
	return false
}

// appendText appends s as element content (attr false) or an attribute
// value in double quotes (attr true) of any part but a cell's text: markup
// characters become entities, characters XML cannot hold become U+FFFD (as
// encoding/xml, and so excelize, wrote them). In an attribute, tab, LF and
// CR are written as character references, or a reader would turn them into
// spaces; in content CR is, or a reader would turn CR LF into LF.
func appendText(dst []byte, s string, attr bool) []byte {
	if !needsEscape(s, attr) {
		return append(dst, s...)
	}
	for _, r := range s {
		dst = appendRune(dst, r, attr)
	}
	return dst
}

func appendRune(dst []byte, r rune, attr bool) []byte {
	switch r {
	case '&':
		return append(dst, "&amp;"...)
	case '<':
		return append(dst, "&lt;"...)
	case '>':
		return append(dst, "&gt;"...)
	case '\r':
		return append(dst, "&#xD;"...)
	case '"':
		if attr {
			return append(dst, "&quot;"...)
		}
	case '\t':
		if attr {
			return append(dst, "&#x9;"...)
		}
	case '\n':
		if attr {
			return append(dst, "&#xA;"...)
		}
	}
	if !xmlChar(r) {
		r = utf8.RuneError
	}
	return utf8.AppendRune(dst, r)
}

// appendCellText appends a cell's text (a shared string, a formula's cached
// text) as element content. Cell text is of the type ST_Xstring (ECMA-376
// Part 1, 22.9.2.19): a character XML cannot hold is written _xHHHH_, and an
// underscore that would read as the start of such an escape is itself
// escaped, _x005F_. Excel, LibreOffice and excelize decode both, so every
// string a Go program can hold reads back as it was written (invalid UTF-8
// is the exception: the caller replaces it with U+FFFD first).
func appendCellText(dst []byte, s string) []byte {
	if !needsEscape(s, false) {
		return append(dst, s...)
	}
	for i, r := range s {
		switch {
		case r == '_' && cellEscapeAt(s, i):
			dst = append(dst, "_x005F_"...)
		case !xmlChar(r) && r != utf8.RuneError:
			dst = append(dst, '_', 'x')
			dst = appendHex4(dst, r)
			dst = append(dst, '_')
		default:
			dst = appendRune(dst, r, false)
		}
	}
	return dst
}

// cellEscapeAt reports whether the underscore at s[i] starts "_xHHHH", which
// a reader would decode if an underscore followed, be it in s or in an
// escape we write next: such an underscore is always escaped.
func cellEscapeAt(s string, i int) bool {
	if i+6 > len(s) || s[i+1] != 'x' {
		return false
	}
	for _, c := range []byte(s[i+2 : i+6]) {
		if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

const hexDigits = "0123456789ABCDEF"

func appendHex4(dst []byte, r rune) []byte {
	return append(dst, hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

// preserveSpace reports whether a cell's text needs xml:space="preserve":
// Excel trims leading and trailing whitespace without it.
func preserveSpace(s string) bool {
	if s == "" {
		return false
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}
