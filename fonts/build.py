#!/usr/bin/env python3
"""Build jixiao's embedded PDF font from Debian's Noto Serif CJK SC.

Reads face 2 (Simplified Chinese) of NotoSerifCJK-<Weight>.ttc from the
Debian package fonts-noto-cjk, keeps only the BMP characters a Chinese
government form needs, converts the CFF outlines to TrueType quadratic
outlines (glyf) with fontTools' cu2qu, renames the font so that it uses no
Reserved Font Name, and writes a single-face TTF that go-pdf/fpdf v0.9.0 can
load with AddUTF8FontFromBytes.

Run it through build.sh, which checks the inputs and picks a Python that has
fontTools. The output is byte-for-byte reproducible for the same inputs.
"""

import argparse
import bz2
import os
import sys

from fontTools import subset
from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

SRC_DIR = "/usr/share/fonts/opentype/noto"
SC_FACE = 2  # face index of "Noto Serif CJK SC" in the .ttc
UNIHAN = "/usr/share/unicode/Unihan_OtherMappings.txt.bz2"  # package unicode-data

FAMILY = "Jixiao Serif SC"
PS_FAMILY = "JixiaoSerifSC"
# Fixed head.created/head.modified, so that rebuilding gives the same bytes.
FIXED_TIME = timestampFromString("Thu Jan 27 00:00:00 2022")
MAX_ERR = 1.0  # cu2qu tolerance in font units (UPM 1000), as fontTools' otf2ttf

# Non-hanzi Unicode blocks kept in full (as far as the source font has them).
BLOCKS = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x024F),  # Latin Extended-A/B (pinyin ā ǎ ǚ ...)
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ˇ ˉ ˊ ˋ ˙)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ḿ)
    (0x2000, 0x206F),  # General Punctuation (— … “ ” ‘ ’ ‰ ※)
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols (€)
    (0x2100, 0x214F),  # Letterlike Symbols (№ ℃ ℉ ™ ℡)
    (0x2150, 0x218F),  # Number Forms (Ⅰ-Ⅻ ⅰ-ⅻ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≤ ≥ ≠ ± × ÷ ≈ ∶ √)
    (0x2300, 0x23FF),  # Miscellaneous Technical (⌒)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (①-⑳ ⑴ ⒈)
    (0x2500, 0x25FF),  # Box Drawing, Block Elements, Geometric Shapes (□ ■ ○ ●)
    (0x2600, 0x27BF),  # Miscellaneous Symbols, Dingbats (★ ☆ ☑ ✓ ✗)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3200, 0x33FF),  # Enclosed CJK Letters, CJK Compatibility (㈠ ㎡ ㎏)
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE6F),  # CJK Compatibility Forms, Small Form Variants
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0xFFFD, 0xFFFD),  # Replacement Character
]

URO = (0x4E00, 0x9FFF)  # CJK Unified Ideographs


def is_hanzi(c):
    return 0x3400 <= c <= 0x4DBF or URO[0] <= c <= URO[1] or 0xF900 <= c <= 0xFAFF


def decode_all(codec, leads, trails):
    out = set()
    for a in leads:
        for b in trails:
            try:
                s = bytes((a, b)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1 and not 0xE000 <= ord(s) <= 0xF8FF:
                out.add(ord(s))
    return out


def gb2312():
    return decode_all("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))


def gbk():
    return decode_all("gbk", range(0x81, 0xFF), [t for t in range(0x40, 0xFF) if t != 0x7F])


def tongyong_guifan():
    """通用规范汉字表 (2013): the kTGH field of Unihan (package unicode-data)."""
    out = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkTGH\t" in line:
                out.add(int(line.split("\t", 1)[0][2:], 16))
    return out


def wanted_codepoints(hanzi, have):
    """The code points to keep; hanzi is one of the --hanzi choices."""
    want = set()
    for lo, hi in BLOCKS:
        want.update(range(lo, hi + 1))
    g2, gk = gb2312(), gbk()
    want |= {c for c in g2 | gk if not is_hanzi(c)}  # every GBK symbol
    han = {c for c in g2 if is_hanzi(c)} | tongyong_guifan()
    if hanzi in ("gbk", "uro", "uro-exta"):
        han |= {c for c in gk if is_hanzi(c)}
    if hanzi in ("uro", "uro-exta"):
        han.update(range(URO[0], URO[1] + 1))
    if hanzi == "uro-exta":
        han.update(range(0x3400, 0x4DC0))
    want |= han
    return {c for c in want if c <= 0xFFFF and c in have}


def cff_to_glyf(font):
    """Replace the CFF table by glyf/loca with quadratic outlines."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        gs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for k in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
              "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
              "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, k, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names
    font.sfntVersion = "\x00\x01\x00\x00"


def bmp_cmap(font, cmap):
    """Keep only format 4 subtables (fpdf reads format 4 from (3,1) or (0,x))."""
    tables = []
    for pid, eid in ((0, 3), (3, 1)):
        t = CmapSubtable.newSubtable(4)
        t.platformID, t.platEncID, t.language = pid, eid, 0
        t.cmap = dict(cmap)
        tables.append(t)
    font["cmap"].tables = tables


def rename(font, weight):
    name = font["name"]
    src_version = name.getDebugName(5) or ""
    src_full = name.getDebugName(4) or ""
    ps = f"{PS_FAMILY}-{weight}"
    full = FAMILY if weight == "Regular" else f"{FAMILY} {weight}"
    keep = {0, 8, 9, 10, 11, 12, 13, 14}  # copyright, designers, URLs, licence
    name.names = [n for n in name.names if n.nameID in keep]
    number = src_version.split(";")[0].split()[-1]  # "Version 2.001;..." -> "2.001"
    version = f"Version {number}; jixiao subset"
    desc = (f"Subset of {src_full} {weight} (OFL-1.1), converted to TrueType "
            "outlines for jixiao. Modified Version under OFL-1.1.")
    for nid, text in ((1, FAMILY), (2, weight), (3, f"{number};JIXIAO;{ps}"),
                      (4, full), (5, version), (6, ps), (10, desc)):
        name.setName(text, nid, 3, 1, 0x409)
    # Names are written for Windows/Unicode/en-US only: the one record set fpdf
    # reads. The source's zh-CN copies of "Noto Serif CJK SC" are dropped above.
    name.names.sort(key=lambda n: (n.platformID, n.platEncID, n.langID, n.nameID))


def build(weight, hanzi, out_dir):
    src = os.path.join(SRC_DIR, f"NotoSerifCJK-{weight}.ttc")
    font = TTFont(src, fontNumber=SC_FACE, recalcTimestamp=False)
    if font["name"].getDebugName(1) != "Noto Serif CJK SC":
        sys.exit(f"{src} face {SC_FACE} is {font['name'].getDebugName(1)!r}, not Noto Serif CJK SC")
    have = font.getBestCmap()
    keep = wanted_codepoints(hanzi, have)

    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    opts.desubroutinize = True
    opts.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GDEF", "GPOS", "GSUB", "DSIG"]
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(keep))
    sub.subset(font)

    cmap = {c: g for c, g in font.getBestCmap().items() if c in keep}
    cff_to_glyf(font)
    bmp_cmap(font, cmap)
    rename(font, weight)

    font["head"].created = FIXED_TIME
    font["head"].modified = FIXED_TIME
    font.recalcTimestamp = False
    out = os.path.join(out_dir, f"{PS_FAMILY}-{weight}.ttf")
    font.save(out, reorderTables=True)
    n_han = sum(1 for c in cmap if is_hanzi(c))
    print(f"{out}: {os.path.getsize(out)} bytes, {len(font.getGlyphOrder())} glyphs, "
          f"{len(cmap)} code points, {n_han} hanzi")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weight", default="Regular", choices=["Regular", "Bold"])
    ap.add_argument("--hanzi", default="uro-exta", choices=["gb2312", "gbk", "uro", "uro-exta"],
                    help="gb2312: GB2312 + 通用规范汉字表 (BMP part); gbk: + GBK hanzi; "
                         "uro: + all of U+4E00-U+9FFF the font has; "
                         "uro-exta: + all of Extension A U+3400-U+4DBF (default)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    build(a.weight, a.hanzi, a.out)


if __name__ == "__main__":
    main()
