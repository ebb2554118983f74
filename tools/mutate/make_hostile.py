#!/usr/bin/env python3
"""Generate the hostile/malformed PDF corpus in tests/fixtures/hostile/.

Deterministic (fixed seeds, qpdf --static-id/--static-aes-iv): running it
again gives the same bytes with the same qpdf version, except the two
AES-256 files (qpdf draws their password salts at random). Needs Python 3.9+
and qpdf (Debian: `apt-get install qpdf`); seeds are the committed
producer fixtures in tests/fixtures/pdf/.

Every file gets a line in MANIFEST.tsv:  file <TAB> args <TAB> expect <TAB> base
  args    extra `naskh extract` arguments ("-" for none)
  expect  space-separated assertions, checked by crates/naskh-cli/tests/hostile.rs
          and crates/naskh/tests/hostile.rs:
            ok          every page extracted without error
            error=KIND  the document fails with KIND (exit code of KIND)
            fail=P:KIND page P fails with KIND
            same=P      page P has the same text as page P of `base`
            text=P:STR  page P's text contains STR
            any         no further expectation
          Always checked: no panic, no signal, no timeout, exit code and
          error kinds from the documented set.
  base    pristine file (relative to tests/fixtures/hostile) or "-"
"""

import random
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests/fixtures/pdf"
OUT = ROOT / "tests/fixtures/hostile"

PRODUCERS = ["weasyprint", "reportlab", "typst", "fpdf2"]

manifest = []


def emit(name, data, expect, base="-", args="-"):
    (OUT / name).write_bytes(data)
    manifest.append((name, args, expect, base))


def qpdf(*args):
    subprocess.run(["qpdf", *args], check=True)


def normalised(producer):
    """The two-page fixture rewritten by qpdf: no object streams, classic
    xref table, compressed streams, fixed /ID."""
    with tempfile.TemporaryDirectory() as t:
        out = Path(t) / "n.pdf"
        qpdf("--static-id", "--object-streams=disable", "--compress-streams=y",
             str(SEEDS / producer / "two_pages.pdf"), str(out))
        return out.read_bytes()


def obj_span(data, num):
    """Byte span of `num 0 obj ... endobj`."""
    key = b"\n%d 0 obj" % num
    start = data.index(key) + 1
    end = data.index(b"endobj", start) + len(b"endobj")
    return start, end


def stream_span(data, num):
    """Byte span of the raw data of stream object `num`."""
    start, end = obj_span(data, num)
    s = data.index(b"stream", start)
    s = data.index(b"\n", s) + 1
    e = data.rindex(b"endstream", s, end)
    return s, e


def page_objects(path):
    """[(page object number, content object number)] from qpdf --show-pages."""
    out = subprocess.run(["qpdf", "--show-pages", str(path)], check=True,
                         capture_output=True, text=True).stdout.split("\n")
    pages = []
    for i, line in enumerate(out):
        if line.startswith("page "):
            page = int(line.split(":")[1].split()[0])
            content = int(out[i + 2].split()[0])
            pages.append((page, content))
    return pages


def replace_once(data, old, new):
    assert old in data, old
    return data.replace(old, new, 1)


# ---------------------------------------------------------------- producers

def damaged_producer(producer, rng):
    base = normalised(producer)
    bname = f"base-{producer}.pdf"
    emit(bname, base, "ok same=1 same=2", bname)
    (p1, c1), (p2, c2) = page_objects(OUT / bname)

    # Cross-reference damage: must be reconstructed by scanning.
    x = base.rindex(b"\nxref") + 1
    t = base.rindex(b"trailer")
    sx = base.rindex(b"startxref")
    emit(f"{producer}-xref-removed.pdf", base[:x] + b" " * (t - x) + base[t:], "ok same=1 same=2", bname)
    garbage = bytes(rng.choice(b"0123456789 fn\n") for _ in range(t - x))
    emit(f"{producer}-xref-garbage.pdf", base[:x] + garbage + base[t:], "ok same=1 same=2", bname)
    emit(f"{producer}-startxref-removed.pdf", base[:sx], "ok same=1 same=2", bname)
    emit(f"{producer}-startxref-wrong.pdf", base[:sx] + b"startxref\n7\n%%EOF\n", "ok same=1 same=2", bname)
    emit(f"{producer}-offsets-shifted.pdf", replace_once(base, b"\n1 0 obj", b"\n%" + b"x" * 300 + b"\n1 0 obj"),
         "ok same=1 same=2", bname)
    emit(f"{producer}-truncated-before-xref.pdf", base[:x], "ok same=1 same=2", bname)
    emit(f"{producer}-trailer-removed.pdf", base[:t], "any", bname)

    # Truncated downloads.
    for frac in (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        emit(f"{producer}-trunc-{int(frac * 100):02d}.pdf", base[:int(len(base) * frac)], "any", bname)

    # Page 1 damaged, page 2 must survive.
    s, e = stream_span(base, c1)
    mid = (s + e) // 2
    flipped = bytearray(base)
    for i in range(mid, min(mid + 16, e)):
        flipped[i] ^= 0xFF
    emit(f"{producer}-p1-stream-flipped.pdf", bytes(flipped), "same=2", bname)
    zeroed = base[:s] + b"\0" * (e - s) + base[e:]
    emit(f"{producer}-p1-stream-zeroed.pdf", zeroed, "same=2", bname)
    ps, pe = obj_span(base, p1)
    page1 = base[ps:pe]
    emit(f"{producer}-p1-contents-missing.pdf",
         base[:ps] + page1.replace(b"%d 0 R" % c1, b"%d 0 R" % 9999) + base[pe:],
         "fail=1:damaged same=2", bname)
    os_, oe = obj_span(base, c1)
    stream_obj = base[os_:oe]
    for label, repl in (("zero", b"/Length 0"), ("huge", b"/Length 99999999"), ("short", b"/Length 10")):
        import re
        bad = re.sub(rb"/Length \d+", repl, stream_obj, count=1)
        emit(f"{producer}-p1-length-{label}.pdf", base[:os_] + bad + base[oe:], "same=2", bname)

    # Seeded random byte flips in streams and in object syntax.
    spans = []
    pos = 0
    while True:
        i = base.find(b"stream\n", pos)
        if i < 0:
            break
        j = base.find(b"endstream", i)
        if j < 0:
            break
        spans.append((i + 7, j))
        pos = j + 9
    for k in range(4):
        d = bytearray(base)
        a, b = rng.choice(spans)
        for _ in range(rng.randint(1, 8)):
            if b > a:
                d[rng.randrange(a, b)] = rng.randrange(256)
        emit(f"{producer}-streamflip-{k}.pdf", bytes(d), "any", bname)
    syntax = [i for i in range(len(base)) if not any(a <= i < b for a, b in spans)]
    for k in range(4):
        d = bytearray(base)
        for _ in range(rng.randint(1, 12)):
            d[rng.choice(syntax)] = rng.choice(b"[]<>()/ 0123456789RobjendstreamxefQq\x00\xff")
        emit(f"{producer}-syntaxflip-{k}.pdf", bytes(d), "any", bname)


# ---------------------------------------------------------------- synthetic

def pdf(objects, root=1):
    """Serialise {num: bytes} into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        if n in offsets:
            out += b"%010d 00000 n \n" % offsets[n]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
P2 = b"BT /F1 12 Tf 72 700 Td (page two survives) Tj ET"


def two_pages(page1_extra_resources=b"", page1_content=b"BT /F1 12 Tf 72 700 Td (page one) Tj ET",
              extra=None, kids=b"[3 0 R 4 0 R]", count=2, page1_dict_extra=b""):
    """Catalog 1, Pages 2, pages 3 and 4 (contents 5 and 6), font 7."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids %s /Count %d >>" % (kids, count),
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> %s >> /Contents 5 0 R %s >>"
           % (page1_extra_resources, page1_dict_extra),
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
        5: stream(page1_content),
        6: stream(P2),
        7: FONT,
    }
    objs.update(extra or {})
    return pdf(objs)


def deflate(data_chunks):
    c = zlib.compressobj(9)
    out = bytearray()
    for chunk in data_chunks:
        out += c.compress(chunk)
    out += c.flush()
    return bytes(out)


def zeros(total, chunk=1 << 24):
    while total > 0:
        n = min(chunk, total)
        yield bytes(n)
        total -= n


def synthetic():
    ok2 = "text=2:page"
    emit("synth-plain.pdf", two_pages(), "ok text=1:page text=2:page")

    # Nesting: 100k '[' / '<<' in object syntax and in the content stream.
    emit("deep-array-object.pdf", two_pages(page1_dict_extra=b"/Junk " + b"[" * 20_000 + b"]" * 20_000), "any")
    emit("deep-array-unclosed.pdf", two_pages(page1_dict_extra=b"/Junk " + b"[" * 100_000), "any")
    emit("deep-dict-object.pdf", two_pages(page1_dict_extra=b"/Junk " + b"<</A" * 20_000 + b">>" * 20_000), "any")
    # (Flate-compressed: tiny on disk.)
    for label, content in (("array", b"[" * 100_000 + b"BT /F1 12 Tf (x) Tj ET"),
                           ("q", b"q " * 200_000 + b"BT /F1 12 Tf (x) Tj ET"),
                           ("string", b"BT /F1 12 Tf " + b"(" * 100_000 + b" Tj ET"),
                           ("dict", b"BT /F1 12 Tf " + b"<<" * 100_000 + b" Tj ET")):
        z = zlib.compress(content, 9)
        emit(f"deep-{label}-content.pdf", two_pages(extra={
            5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream"}), ok2)

    # Page-tree cycles.
    emit("kids-self.pdf", two_pages(kids=b"[3 0 R 2 0 R 4 0 R]", count=3), "text=1:page")
    emit("kids-parent-loop.pdf", two_pages(extra={
        2: b"<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 3 >>",
        8: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
    }), "text=1:page")
    emit("parent-self.pdf", two_pages(extra={
        3: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>",
    }), "any")
    emit("count-huge.pdf", two_pages(count=2_000_000_000), "text=1:page text=2:page")

    # Form XObjects that draw themselves (stopped by nesting depth or the
    # operator budget) and an exponential tree of forms.
    form_res = b"/XObject << /Fm 8 0 R >>"
    emit("form-self.pdf", two_pages(form_res, b"/Fm Do", {
        8: stream(b"BT /F1 9 Tf (loop) Tj ET /Fm Do",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> /XObject << /Fm 8 0 R >> >>"),
    }), ok2)
    emit("form-self-twice.pdf", two_pages(form_res, b"/Fm Do", {
        8: stream(b"BT /F1 9 Tf (loop) Tj ET /Fm Do /Fm Do",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> /XObject << /Fm 8 0 R >> >>"),
    }), "text=1:loop " + ok2)  # the interpreter skips a form already being drawn
    emit("form-mutual.pdf", two_pages(form_res, b"/Fm Do", {
        8: stream(b"/Fb Do /Fb Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /Fb 9 0 R >> >>"),
        9: stream(b"/Fm Do /Fm Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /Fm 8 0 R >> >>"),
    }), "ok " + ok2)
    tree = {}
    for lvl in range(8):
        num = 8 + lvl
        child = b"/X Do " * 10 if lvl < 7 else b"0 0 m 1 1 l S " * 10
        res = b"/Resources << /XObject << /X %d 0 R >> >>" % (num + 1) if lvl < 7 else b""
        tree[num] = stream(child, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] " + res)
    emit("form-tree-1e8.pdf", two_pages(b"/XObject << /X 8 0 R >>", b"/X Do", tree), "fail=1:limit " + ok2)

    # Glyph flood: a form with 1000 glyphs drawn 2000 times.
    glyphs = b"BT /F1 1 Tf (" + b"a" * 1000 + b") Tj ET"
    emit("glyph-flood.pdf", two_pages(b"/XObject << /X 8 0 R >>", b"/X Do", {
        8: stream(b"/Y Do " * 40, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /Y 9 0 R >> >>"),
        9: stream(glyphs * 50, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /Font << /F1 7 0 R >> >>"),
    }), "fail=1:limit " + ok2)
    # The form tree stopped by a small operator budget, and by the page
    # deadline with the budget raised: its 10^8 operators take half a minute
    # in a release build, so no build meets the deadline. (The glyph flood
    # was the deadline's case once: a release build drew it in under 1 s.)
    manifest.append(("form-tree-1e8.pdf", "--page-timeout=1 --max-operators=2000000000", "fail=1:limit " + ok2, "-"))
    manifest.append(("form-tree-1e8.pdf", "--max-operators=1000", "fail=1:limit " + ok2, "-"))

    # Zip bombs. Two Flate layers keep the file small: 4 GiB of zeros.
    inner = deflate(zeros(4 << 30))
    outer = deflate([inner])
    bomb = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer) + outer + b"\nendstream"
    emit("bomb-content-4g.pdf", two_pages(extra={5: bomb}), "fail=1:limit " + ok2)
    emit("bomb-font-4g.pdf", two_pages(extra={
        7: b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor 8 0 R >>",
        8: b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 9 0 R >>",
        9: bomb,
    }), "fail=1:limit")
    emit("bomb-tounicode-4g.pdf", two_pages(extra={
        7: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 9 0 R >>",
        9: bomb,
    }), "fail=1:limit")
    # One layer, 64 MiB: over a lowered per-stream limit.
    single = deflate(zeros(64 << 20))
    emit("bomb-content-64m.pdf", two_pages(extra={
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(single) + single + b"\nendstream"}),
         "fail=1:limit " + ok2, args="--max-stream-bytes=8000000")

    # 40 references to one 100 MiB stream: the per-document budget stops it.
    hundred = deflate(zeros(100 << 20))
    emit("contents-repeat-4g.pdf", two_pages(extra={
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents [%s] >>"
           % (b"5 0 R " * 40),
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(hundred) + hundred + b"\nendstream"}),
         "fail=1:limit " + ok2)

    # Odd numbers.
    emit("mediabox-huge.pdf", two_pages(page1_dict_extra=b"/MediaBox [0 0 1e308 -1e308] /Rotate 33333"), "any")
    emit("tf-huge.pdf", two_pages(page1_content=b"BT /F1 1e38 Tf 1e38 0 0 1e38 1e38 1e38 Tm (x) Tj ET"), ok2)
    emit("predictor-columns-huge.pdf", two_pages(extra={
        5: b"<< /Length %d /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4000000000 /Colors 255 /BitsPerComponent 16 >> >>\nstream\n"
           % len(zlib.compress(b"BT ET")) + zlib.compress(b"BT ET") + b"\nendstream"}), ok2)


# ---------------------------------------------------------------- encryption

def encrypted():
    src = OUT / "base-weasyprint.pdf"
    bname = "base-weasyprint.pdf"
    for label, bits, user, weak in (("rc4-40", "40", "", True), ("rc4-128", "128", "", True),
                                    ("aes-128", "128", "", False), ("aes-256", "256", "", False),
                                    ("aes-256-user", "256", "secret", False), ("rc4-128-user", "128", "secret", True)):
        out = OUT / f"enc-{label}.pdf"
        args = ["--static-id", "--static-aes-iv"]
        if weak:
            args.append("--allow-weak-crypto")
        args += ["--encrypt", user, "owner-pw", bits]
        if bits == "128":
            args.append("--use-aes=" + ("n" if label.startswith("rc4") else "y"))
        args += ["--", str(src), str(out)]
        qpdf(*args)
        data = out.read_bytes()
        out.unlink()
        if user:
            emit(out.name, data, "error=encrypted", bname)
            manifest.append((out.name, f"--password={user}", "ok same=1 same=2", bname))
            manifest.append((out.name, "--password=wrong", "error=encrypted", bname))
        else:
            emit(out.name, data, "ok same=1 same=2", bname)


# ---------------------------------------------------------------- not PDFs

def not_pdfs(rng):
    emit("empty.pdf", b"", "error=not_pdf")
    emit("text.pdf", "مرحبا، هذا ليس ملف PDF\n".encode(), "error=not_pdf")
    emit("png.pdf", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)), "error=not_pdf")
    emit("random.pdf", bytes(rng.randrange(256) for _ in range(4096)), "error=not_pdf")
    emit("header-only.pdf", b"%PDF-1.7\n", "error=damaged")
    emit("header-eof.pdf", b"%PDF-1.4\n%%EOF\n", "error=damaged")
    emit("header-garbage.pdf", b"%PDF-1.5\n" + bytes(rng.randrange(256) for _ in range(4096)), "error=damaged")


# ---------------------------------------------------------------- random

def random_mutations(rng):
    """Seeded mixes of truncation, flips, insertions and deletions over all
    producers' fixtures (a sample of what the fuzzer does)."""
    files = sorted(SEEDS.glob("*/*.pdf"))
    for k in range(24):
        src = rng.choice(files)
        d = bytearray(src.read_bytes())
        for _ in range(rng.randint(1, 6)):
            op = rng.randrange(4)
            i = rng.randrange(len(d))
            if op == 0:
                d[i] = rng.randrange(256)
            elif op == 1:
                del d[i:i + rng.randint(1, 64)]
            elif op == 2:
                d[i:i] = rng.choice([b"[", b"<<", b"0 0 R", b"obj", b"endstream", b"\x00" * 8, b"999999999"])
            else:
                d[i:i + 4] = b"%d" % rng.randrange(10 ** 9)
        emit(f"random-{k:02d}.pdf", bytes(d), "any")


def main():
    if shutil.which("qpdf") is None:
        sys.exit("qpdf is needed (apt-get install qpdf)")
    if OUT.exists():
        for f in OUT.iterdir():
            f.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261125)
    for p in PRODUCERS:
        damaged_producer(p, rng)
    synthetic()
    encrypted()
    not_pdfs(rng)
    random_mutations(rng)
    with open(OUT / "MANIFEST.tsv", "w") as f:
        f.write("# file\targs\texpect\tbase  (made by tools/mutate/make_hostile.py)\n")
        for row in manifest:
            f.write("\t".join(row) + "\n")
    print(f"{len(manifest)} cases in {OUT}")


if __name__ == "__main__":
    main()
