#!/usr/bin/env python3
"""Make small PDFs with CFF-outline fonts, for the Unicode recovery tests.

The other fixture producers embed TrueType (glyf) fonts only. This script
converts the repository's Noto Sans Arabic subset
(tests/fixtures/fonts/NotoSansArabic-subset.ttf, SIL OFL 1.1) to CFF outlines
and typesets short Arabic texts with it, in two flavours:

  nounicode/cff/NAME.pdf       Type0 / CIDFontType0, FontFile3 /OpenType
                               (an OpenType-CFF font: cmap kept, post names dropped)
  nounicode/cff-bare/NAME.pdf  Type0 / CIDFontType0, FontFile3 /CIDFontType0C
                               (a bare name-keyed CFF: no cmap, glyph names in the
                               CFF charset only)
  nounicode/cff-anon/NAME.pdf  as cff-bare, but the glyphs are named g1, g2…: only
                               their (cubic, re-encoded) outlines tell the letters

Both have a correct ToUnicode CMap (one glyph -> the letters it shows), so
their extracted text is the reference for the stripped and PUA variants made by
strip_unicode.py. The expected text is written next to each PDF as NAME.txt.

Shaping is done with arabic-reshaper (contextual presentation forms, lam-alef
ligatures) and python-bidi (visual order), as the reportlab fixtures are.

Requires: fonttools, pikepdf, arabic-reshaper==3.0.0, python-bidi==0.6.6.
Run from the repository root:
  python3 tools/strip_unicode/make_cff_fixtures.py
"""
import io
import os
import sys
import unicodedata

# fontTools stamps the font's creation time: pin it for reproducible output.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
from pathlib import Path

import arabic_reshaper
import pikepdf
from bidi.algorithm import get_display
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "tests" / "fixtures" / "fonts" / "NotoSansArabic-subset.ttf"
OUT = ROOT / "tests" / "fixtures" / "nounicode"

# Texts written for this project; only characters the font subset covers.
TEXTS = {
    "news": [
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة.",
        "وقال الوزير إن المستشفى يضم 250 سريرا وسبع غرف للعمليات.",
        "ومن المتوقع أن يبدأ العمل فيه خلال شهر واحد.",
    ],
    "lamalef": [
        "لا أحد يعلم إلا القليل، والسلام على الأهل والأصدقاء.",
        "قال لأخيه: لآلئ البحر كثيرة.",
        "الأرقام ٠١٢٣٤٥٦٧٨٩ والأعداد 0123456789.",
    ],
}

# A converted font keeps its name (as real CFF re-encodings do).
PS_NAME = "NotoSansArabic-Regular"
SIZE = 14.0
PAGE = (420.0, 595.0)  # A5 in points
MARGIN = 36.0


def used_glyphs(ttf: TTFont) -> set:
    """Glyph names the texts draw (after shaping)."""
    cmap = ttf.getBestCmap()
    used = set()
    for lines in TEXTS.values():
        for line in lines:
            for ch in arabic_reshaper.reshape(line):
                if ord(ch) in cmap:
                    used.add(cmap[ord(ch)])
    return used


def cff_font(ttf: TTFont, anonymous: bool = False) -> bytes:
    """The TrueType subset with its glyf outlines converted to CFF; glyphs the
    texts do not use keep their ids but lose their outlines (as subsetters
    that retain glyph ids do). With `anonymous`, glyphs are renamed g1, g2…"""
    used = used_glyphs(ttf)
    order = ttf.getGlyphOrder()
    rename = {n: ("g%d" % i if anonymous and i else n) for i, n in enumerate(order)}
    glyphset = ttf.getGlyphSet()
    hmtx = ttf["hmtx"].metrics
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(hmtx[name][0], glyphset)
        if name in used or name == ".notdef":
            glyphset[name].draw(pen)
        charstrings[rename[name]] = pen.getCharString()
    fb = FontBuilder(ttf["head"].unitsPerEm, isTTF=False)
    fb.setupGlyphOrder([rename[n] for n in order])
    fb.setupCharacterMap({cp: rename[n] for cp, n in ttf.getBestCmap().items()})
    fb.setupCFF(PS_NAME, {"FullName": PS_NAME}, charstrings, {})
    fb.setupHorizontalMetrics({rename[n]: hmtx[n] for n in order})
    hhea = ttf["hhea"]
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    fb.setupNameTable({"familyName": "Noto Sans Arabic CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=hhea.ascent, sTypoDescender=hhea.descent, usWinAscent=hhea.ascent,
                usWinDescent=-hhea.descent)
    fb.setupPost(keepGlyphNames=False)
    buf = io.BytesIO()
    fb.font.save(buf)
    return buf.getvalue()


def to_unicode_cmap(gid_text) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    items = sorted(gid_text.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append("%d beginbfchar" % len(chunk))
        for gid, text in chunk:
            lines.append("<%04X> <%s>" % (gid, text.encode("utf-16-be").hex().upper()))
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def logical_text(presentation: str) -> str:
    """What a presentation-form glyph stands for (lam-alef: two letters)."""
    return unicodedata.normalize("NFKC", presentation)


def make_pdf(lines, font_bytes: bytes, bare: bool, ttf: TTFont) -> bytes:
    cmap = ttf.getBestCmap()
    name_to_gid = {n: i for i, n in enumerate(ttf.getGlyphOrder())}
    upem = ttf["head"].unitsPerEm
    advances = {gid: ttf["hmtx"].metrics[n][0] for n, gid in name_to_gid.items()}
    used = {}
    content = []
    y = PAGE[1] - MARGIN - SIZE
    for line in lines:
        visual = get_display(arabic_reshaper.reshape(line), base_dir="R")
        gids = []
        for ch in visual:
            gname = cmap.get(ord(ch))
            if gname is None:
                raise SystemExit("character U+%04X not in the font subset" % ord(ch))
            gid = name_to_gid[gname]
            gids.append(gid)
            used[gid] = logical_text(ch)
        width = sum(advances[g] for g in gids) * SIZE / upem
        x = PAGE[0] - MARGIN - width
        hexes = "".join("%04X" % g for g in gids)
        content.append("BT /F1 %.1f Tf %.2f %.2f Td <%s> Tj ET" % (SIZE, x, y, hexes))
        y -= SIZE * 1.6
    pdf = pikepdf.new()
    if bare:
        otf = TTFont(io.BytesIO(font_bytes))
        cff = otf.reader["CFF "]
        font_file = pdf.make_stream(cff)
        font_file["/Subtype"] = pikepdf.Name("/CIDFontType0C")
    else:
        font_file = pdf.make_stream(font_bytes)
        font_file["/Subtype"] = pikepdf.Name("/OpenType")
    base = pikepdf.Name("/NAABCD+" + PS_NAME)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name("/FontDescriptor"), FontName=base, Flags=4,
        FontBBox=[-300, -400, 1200, 1100], ItalicAngle=0, Ascent=1000, Descent=-400,
        CapHeight=700, StemV=80, FontFile3=font_file,
    )
    widths = []
    for gid in sorted(used):
        widths += [gid, [advances[gid] * 1000 // upem]]
    cidfont = pikepdf.Dictionary(
        Type=pikepdf.Name("/Font"), Subtype=pikepdf.Name("/CIDFontType0"), BaseFont=base,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                         Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), W=widths, DW=1000,
    )
    type0 = pikepdf.Dictionary(
        Type=pikepdf.Name("/Font"), Subtype=pikepdf.Name("/Type0"), BaseFont=base,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cidfont)],
        ToUnicode=pdf.make_stream(to_unicode_cmap(used)),
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name("/Page"), MediaBox=[0, 0, PAGE[0], PAGE[1]],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(type0))),
        Contents=pdf.make_stream(("\n".join(content) + "\n").encode("ascii")),
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, static_id=True, deterministic_id=False)
    return buf.getvalue()


def main():
    ttf = TTFont(FONT)
    font_bytes = cff_font(ttf)
    anonymous = cff_font(ttf, anonymous=True)
    for flavour, bare, data in (("cff", False, font_bytes), ("cff-bare", True, font_bytes),
                                ("cff-anon", True, anonymous)):
        out_dir = OUT / flavour
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, lines in TEXTS.items():
            (out_dir / (name + ".pdf")).write_bytes(make_pdf(lines, data, bare, ttf))
            (out_dir / (name + ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
            print("wrote", out_dir / (name + ".pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
