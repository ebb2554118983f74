#!/usr/bin/env python3
"""Rewrite PDFs so that their easy Unicode is gone, to test naskh's Unicode
recovery chain (crates/naskh/src/unicode).

Two variants:

  strip  every /ToUnicode CMap is removed from every font dictionary, and every
         /ActualText is removed (from inline BDC property lists in all content
         streams and from every dictionary that carries it).
  pua    /ActualText is removed as above, and each /ToUnicode CMap is rewritten
         so that every code it mapped now maps to a Private Use Area code point:
         U+E000 + code (U+F0000 + code for codes that would leave the BMP PUA).

Fonts' /Encoding, /Differences and embedded font programs are left untouched,
so the glyphs stay and only the text layer's help goes.

Usage:
  python3 tools/strip_unicode/strip_unicode.py --variant strip IN.pdf OUT.pdf
  python3 tools/strip_unicode/strip_unicode.py --variant pua IN.pdf OUT.pdf
  python3 tools/strip_unicode/strip_unicode.py --fixtures   # regenerate tests/fixtures/nounicode

Requires pikepdf (pip install pikepdf). Output is deterministic (qpdf with
static IDs, no compression changes beyond re-writing the touched streams).
"""
import argparse
import re
import sys
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# Fixture PDFs whose variants the integration tests use
# (crates/naskh/tests/recovery_fixtures.rs): simple TrueType, CID TrueType
# (Identity-H) and CFF (tools/strip_unicode/make_cff_fixtures.py) fonts.
# Paths relative to tests/fixtures; each variant goes to
# tests/fixtures/nounicode/VARIANT/PRODUCER/NAME.pdf.
FIXTURE_SOURCES = [
    "pdf/reportlab/news.pdf",
    "pdf/reportlab/indic_digits.pdf",
    "pdf/reportlab/lamalef.pdf",
    "pdf/fpdf2/news.pdf",
    "pdf/fpdf2/lamalef.pdf",
    "pdf/fpdf2/indic_digits.pdf",
    "pdf/fpdf2/urdu.pdf",
    "pdf/weasyprint/news.pdf",
    "pdf/weasyprint/lamalef.pdf",
    "pdf/typst/news.pdf",
    "pdf/typst/lamalef.pdf",
    "pdf/pango/news.pdf",
    "nounicode/cff/news.pdf",
    "nounicode/cff/lamalef.pdf",
    "nounicode/cff-bare/news.pdf",
    "nounicode/cff-bare/lamalef.pdf",
    "nounicode/cff-anon/news.pdf",
    "nounicode/cff-anon/lamalef.pdf",
]


def parse_cmap_codes(data: bytes):
    """Codes (as (value, byte length)) that a ToUnicode CMap maps."""
    text = data.decode("latin-1")
    codes = []

    def hexes(s):
        return re.findall(r"<([0-9A-Fa-f\s]*)>", s)

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        items = hexes(block)
        for i in range(0, len(items) - 1, 2):
            src = re.sub(r"\s", "", items[i])
            if src:
                codes.append((int(src, 16), max(1, len(src) // 2)))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        # <lo> <hi> <dst> or <lo> <hi> [<dst> ...]
        for m in re.finditer(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            if hi - lo > 0xFFFF:
                continue
            n = max(1, len(m.group(1)) // 2)
            codes.extend((c, n) for c in range(lo, hi + 1))
    return sorted(set(codes))


def pua_cmap(codes) -> bytes:
    """A ToUnicode CMap mapping each code to U+E000 + code (or plane 15)."""
    lengths = sorted({n for _, n in codes}) or [2]
    out = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "%d begincodespacerange" % len(lengths),
    ]
    for n in lengths:
        out.append("<%s> <%s>" % ("00" * n, "FF" * n))
    out.append("endcodespacerange")
    for i in range(0, len(codes), 100):
        chunk = codes[i:i + 100]
        out.append("%d beginbfchar" % len(chunk))
        for code, n in chunk:
            cp = 0xE000 + code if code < 0x1900 else 0xF0000 + code
            dst = chr(cp).encode("utf-16-be").hex().upper()
            out.append("<%0*X> <%s>" % (2 * n, code, dst))
        out.append("endbfchar")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(out) + "\n").encode("ascii")


def strip_actualtext_ops(pdf, stream) -> bool:
    """Remove /ActualText from inline BDC property lists of a content stream."""
    try:
        ops = pikepdf.parse_content_stream(stream)
    except Exception:
        return False
    changed = False
    for operands, op in ops:
        if str(op) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            if "/ActualText" in operands[1]:
                del operands[1]["/ActualText"]
                changed = True
    if changed:
        stream.write(pikepdf.unparse_content_stream(ops))
    return changed


def is_content_stream(obj) -> bool:
    if not isinstance(obj, pikepdf.Stream):
        return False
    t = obj.get("/Type")
    st = obj.get("/Subtype")
    return st == "/Form" or t == "/Page"


def rewrite(src: Path, dst: Path, variant: str) -> dict:
    """Write the `variant` of `src` to `dst`; return counts of what changed."""
    counts = {"tounicode_removed": 0, "tounicode_pua": 0, "actualtext": 0}
    with pikepdf.open(src) as pdf:
        content_streams = []
        for page in pdf.pages:
            contents = page.obj.get("/Contents")
            if isinstance(contents, pikepdf.Array):
                content_streams.extend(contents)
            elif contents is not None:
                content_streams.append(contents)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
                d = obj
                if d.get("/Type") == "/Font" and "/ToUnicode" in d:
                    if variant == "strip":
                        del d["/ToUnicode"]
                        counts["tounicode_removed"] += 1
                    else:
                        old = d["/ToUnicode"]
                        codes = parse_cmap_codes(old.read_bytes()) if isinstance(old, pikepdf.Stream) else []
                        d["/ToUnicode"] = pdf.make_stream(pua_cmap(codes))
                        counts["tounicode_pua"] += 1
                if "/ActualText" in d:
                    del d["/ActualText"]
                    counts["actualtext"] += 1
                if is_content_stream(obj):
                    content_streams.append(obj)
                if d.get("/Subtype") == "/Type3" and "/CharProcs" in d:
                    content_streams.extend(d["/CharProcs"].values())
        seen = set()
        for s in content_streams:
            key = s.objgen
            if key in seen:
                continue
            seen.add(key)
            if strip_actualtext_ops(pdf, s):
                counts["actualtext"] += 1
        dst.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(dst, static_id=True, deterministic_id=False)
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", choices=["strip", "pua"], default="strip")
    ap.add_argument("--fixtures", action="store_true",
                    help="regenerate tests/fixtures/nounicode/{strip,pua}/ from tests/fixtures/pdf/")
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    args = ap.parse_args(argv)
    if args.fixtures:
        for rel in FIXTURE_SOURCES:
            src = FIXTURES / rel
            if not src.exists():
                print("missing %s" % src, file=sys.stderr)
                return 1
            producer_name = "/".join(Path(rel).parts[-2:])
            for variant in ("strip", "pua"):
                dst = FIXTURES / "nounicode" / variant / producer_name
                counts = rewrite(src, dst, variant)
                print("%s %s %s" % (variant, rel, counts))
        return 0
    if not args.input or not args.output:
        ap.error("IN.pdf OUT.pdf required (or --fixtures)")
    print(rewrite(Path(args.input), Path(args.output), args.variant))
    return 0


if __name__ == "__main__":
    sys.exit(main())
