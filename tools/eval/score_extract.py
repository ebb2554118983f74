#!/usr/bin/env python3
"""Score naskh (and, where installed, peer extractors) on a corpus laid out like
../shared/corpus: manifest.tsv (pdf, text, producer, lang, ...), texts/, pdf/.

Metrics (the corpus convention): strict CER/WER after collapsing every run of
whitespace to one space and stripping; nothing else is normalised, so a
presentation form, a stray tatweel or a wrong order is an error. Lenient CER
first applies NFKC and removes tatweel and bidi controls. Means are macro over
documents, CER/WER capped at 1.

    pip install rapidfuzz
    python3 tools/eval/score_extract.py --corpus ../shared/corpus \
        [--naskh target/release/naskh] [--peers pdftotext,mutool,pymupdf,pypdfium2,pdfminer,pdf_oxide]
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import defaultdict

from rapidfuzz.distance import Levenshtein

BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def strict(s):
    return " ".join(s.split())


def lenient(s):
    s = unicodedata.normalize("NFKC", s)
    s = BIDI.sub("", s.replace("\u0640", ""))
    return strict(s)


def cer(truth, hyp):
    if not truth:
        return 0.0 if not hyp else 1.0
    return min(1.0, Levenshtein.distance(truth, hyp) / len(truth))


def wer(truth, hyp):
    t, h = truth.split(), hyp.split()
    if not t:
        return 0.0 if not h else 1.0
    return min(1.0, Levenshtein.distance(t, h) / len(t))


def py_peer(code):
    return [sys.executable, "-c", code]


# Each peer: a command prefix taking the PDF path last, and how to tell it is installed.
PEERS = {
    "pdftotext": (lambda: shutil.which("pdftotext"), lambda p: ["pdftotext", "-enc", "UTF-8", p, "-"]),
    "mutool": (lambda: shutil.which("mutool"), lambda p: ["mutool", "draw", "-q", "-F", "txt", "-o", "-", p]),
    "pymupdf": ("pymupdf", lambda p: py_peer(
        "import sys,pymupdf;d=pymupdf.open(sys.argv[1]);print('\\f'.join(x.get_text() for x in d))") + [p]),
    "pypdfium2": ("pypdfium2", lambda p: py_peer(
        "import sys,pypdfium2 as m;d=m.PdfDocument(sys.argv[1]);"
        "print('\\f'.join(d[i].get_textpage().get_text_range() for i in range(len(d))))") + [p]),
    "pdfminer": ("pdfminer", lambda p: py_peer(
        "import sys;from pdfminer.high_level import extract_text;print(extract_text(sys.argv[1]))") + [p]),
    "pdf_oxide": ("pdf_oxide", lambda p: py_peer(
        "import sys,pdf_oxide as o;d=o.PdfDocument(sys.argv[1]);"
        "print('\\f'.join(d.extract_text(i) for i in range(d.page_count())))") + [p]),
}


def installed(check):
    if callable(check):
        return bool(check())
    try:
        __import__(check)
        return True
    except Exception:
        return False


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return r.stdout.decode("utf-8", "replace"), r.returncode == 0
    except (subprocess.TimeoutExpired, OSError):
        return "", False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--naskh", default="target/release/naskh")
    ap.add_argument("--peers", default="", help="comma list, or 'all'")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--tsv", help="write per-document scores here")
    a = ap.parse_args()

    tools = {"naskh": lambda p: [os.path.abspath(a.naskh), "extract", p]}
    wanted = list(PEERS) if a.peers == "all" else [x for x in a.peers.split(",") if x]
    for name in wanted:
        check, cmd = PEERS[name]
        if installed(check):
            tools[name] = cmd
        else:
            print(f"(skipping {name}: not installed)", file=sys.stderr)

    with open(os.path.join(a.corpus, "manifest.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    scores = defaultdict(list)  # (tool, group) -> [(cer, wer, lenient)]
    per_doc = []
    for row in rows:
        with open(os.path.join(a.corpus, row["text"]), encoding="utf-8") as f:
            truth = f.read()
        pdf = os.path.join(a.corpus, row["pdf"])
        for tool, cmd in tools.items():
            out, ok = run(cmd(pdf), a.timeout)
            c, w = cer(strict(truth), strict(out)), wer(strict(truth), strict(out))
            l = cer(lenient(truth), lenient(out))
            for g in ("ALL", row["producer"], "lang:" + row["lang"]):
                scores[(tool, g)].append((c, w, l))
            per_doc.append((tool, row["producer"], row.get("doc", ""), row["lang"], c, w, l, ok))

    def mean(v, k):
        return sum(x[k] for x in v) / len(v) if v else float("nan")

    producers = sorted({r["producer"] for r in rows})
    langs = sorted({"lang:" + r["lang"] for r in rows})
    for title, k in (("strict CER", 0), ("strict WER", 1), ("lenient CER", 2)):
        for cols in (["ALL"] + producers, langs):
            print(f"\n{title}\n| tool | " + " | ".join(c.replace("lang:", "") for c in cols) + " |")
            print("|---" * (len(cols) + 1) + "|")
            for tool in tools:
                cells = [f"{mean(scores[(tool, c)], k):.3f}" for c in cols]
                print(f"| {tool} | " + " | ".join(cells) + " |")
    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as f:
            f.write("tool\tproducer\tdoc\tlang\tcer\twer\tcer_lenient\tok\n")
            for r in per_doc:
                f.write("\t".join(str(x) for x in r) + "\n")


if __name__ == "__main__":
    main()
