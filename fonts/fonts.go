// Package fonts embeds jixiao's PDF font: Jixiao Serif SC, a 宋体-style
// TrueType font derived from Noto Serif CJK SC (SIL Open Font License 1.1,
// see OFL.txt and README.md in this folder).
//
// The font is a single face with glyf outlines (TrueType, which a PDF embeds
// as a CIDFontType2) and BMP characters only. It covers Latin, the punctuation
// and symbols of Chinese documents, the hanzi of GB2312, GBK and 通用规范汉字表
// (its BMP part) and all of CJK Unified Ideographs and Extension A.
// A PDF has no glyph fallback: an uncovered character draws as an empty
// box, so check text with a [Coverage] before drawing it.
//
// There is no bold face. Draw bold titles with text rendering mode 2 (fill,
// then stroke, "2 Tr") with a line width of FakeBoldStroke × the font size.
//
// Rebuild the TTF with build.sh (`make fonts`).
package fonts

import _ "embed" // for go:embed

// Family is the font's family name (name table ID 1).
const Family = "Jixiao Serif SC"

// FakeBoldStroke is the stroke width, as a fraction of the font size, that
// makes text drawn with text rendering mode 2 look bold.
const FakeBoldStroke = 0.03

// Regular is the TrueType file of Jixiao Serif SC Regular. Do not modify it.
//
//go:embed JixiaoSerifSC-Regular.ttf
var Regular []byte
