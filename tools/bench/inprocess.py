#!/usr/bin/env python3
"""In-process extraction time per page: naskh beside PyMuPDF and pypdfium2.

PyMuPDF (`page.get_text()`) and pypdfium2 (`textpage.get_text_range()`) run
inside this Python process: open every PDF of the corpus from its bytes,
extract the text of every page, close. naskh runs as one process over the
whole corpus directory (`naskh extract DIR -o TMP -j 1 -q`), so its start-up
is paid once for all files, as the libraries' import is; for naskh's
library-only figure see the criterion bench
(`NASKH_BENCH_CORPUS=DIR cargo bench -p naskh --bench pipeline -- corpus`).

Rounds alternate the tools; the report gives the median ms per page.

    pip install pymupdf pypdfium2      # either may be missing: it is skipped
    python3 tools/bench/inprocess.py [--corpus DIR] [--rounds 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def mupdf_runner():
    try:
        import pymupdf
    except ImportError:
        try:
            import fitz as pymupdf
        except ImportError:
            return None

    def run(blobs):
        pages = 0
        for b in blobs:
            with pymupdf.open(stream=b, filetype="pdf") as doc:
                for page in doc:
                    page.get_text()
                    pages += 1
        return pages

    return f"PyMuPDF {pymupdf.VersionBind}", run


def pdfium_runner():
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None

    def run(blobs):
        pages = 0
        for b in blobs:
            doc = pdfium.PdfDocument(b)
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
                pages += 1
            doc.close()
        return pages

    return f"pypdfium2 {pdfium.PYPDFIUM_INFO}", run


def naskh_runner(naskh, corpus, n_pages, out):

    def run(_blobs):
        subprocess.run([naskh, "extract", str(corpus), "-o", out, "-j", "1", "-q"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return n_pages

    return "naskh (one process, -j 1)", run


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--naskh", default=str(REPO / "target" / "release" / "naskh"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    paths = sorted(args.corpus.rglob("*.pdf"))
    if not paths:
        sys.exit(f"no PDFs under {args.corpus}")
    blobs = [p.read_bytes() for p in paths]

    runners = [r for r in (mupdf_runner(), pdfium_runner()) if r]
    # Page count from the first library that is there (naskh's runner needs it).
    n_pages = runners[0][1](blobs) if runners else None
    # naskh writes its text files here; the directory goes when the run ends.
    scratch = tempfile.TemporaryDirectory(prefix="naskh-inproc-")
    if os.access(args.naskh, os.X_OK) and n_pages:
        runners.insert(0, naskh_runner(args.naskh, args.corpus, n_pages, scratch.name))
    if not runners:
        sys.exit("nothing to run (pip install pymupdf pypdfium2; cargo build --release)")

    times = {name: [] for name, _ in runners}
    for r in range(args.rounds + 1):
        k = r % len(runners)
        for name, run in runners[k:] + runners[:k]:
            t0 = time.perf_counter()
            pages = run(blobs)
            dt = time.perf_counter() - t0
            if r > 0:  # round 0 warms up
                times[name].append(1000 * dt / pages)

    load = os.getloadavg()
    print(f"{len(paths)} PDFs, {n_pages} pages in {args.corpus}; {args.rounds} rounds; "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f}")
    print(f"{'tool':<48} {'median ms/page':>15} {'min':>8}")
    for name, ts in times.items():
        print(f"{name:<48} {statistics.median(ts):>15.3f} {min(ts):>8.3f}")


if __name__ == "__main__":
    main()
