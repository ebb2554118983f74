#!/usr/bin/env python3
"""Batch scaling and peak memory of naskh.

1. Batch scaling: the corpus is copied N times into a temporary directory
   (default: until there are at least 1,000 PDFs), then
   `naskh extract DIR -o OUT -q -j 1` and `-j 2` run alternately for a few
   rounds; the report gives the median wall time of each and the speed-up.
2. Peak RSS (`/usr/bin/time -v`, maximum resident set size) of
   `naskh extract` on the largest corpus PDF, and on PDFs of 100 and 1,000
   pages made by concatenating corpus PDFs with qpdf (if installed): a
   bounded figure does not grow from 100 to 1,000 pages.

    python3 tools/bench/scale.py [--corpus DIR] [--naskh BIN] [--rounds 3]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def timed(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss_kb(argv):
    """Maximum resident set size (KiB) of one run, from GNU time."""
    r = subprocess.run(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=False)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) if m else None


def concatenated(pdfs, pages, target):
    """A PDF of `pages` pages from the corpus PDFs in turn (qpdf)."""
    args, n, i = [], 0, 0
    while n < pages:
        p = pdfs[i % len(pdfs)]
        i += 1
        k = int(subprocess.check_output(["qpdf", "--show-npages", str(p)]).strip())
        take = min(k, pages - n)
        args += [str(p), f"1-{take}"]
        n += take
    subprocess.run(["qpdf", "--empty", "--pages", *args, "--", str(target)], check=True)
    return target


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--naskh", default=str(REPO / "target" / "release" / "naskh"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-files", type=int, default=1000)
    args = ap.parse_args()
    naskh = os.path.abspath(args.naskh)
    pdfs = sorted(args.corpus.rglob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs under {args.corpus}")

    work = Path(tempfile.mkdtemp(prefix="naskh-scale-"))
    try:
        copies = -(-args.min_files // len(pdfs))
        src = work / "in"
        for c in range(copies):
            for p in pdfs:
                dst = src / f"copy{c:02}" / p.relative_to(args.corpus)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(p, dst)
        n_files = copies * len(pdfs)
        print(f"batch: {n_files} PDFs ({copies} copies of {args.corpus}), {os.cpu_count()} CPUs")
        times = {1: [], 2: []}
        for r in range(args.rounds + 1):
            for j in ((1, 2) if r % 2 == 0 else (2, 1)):
                out = work / f"out{j}"
                shutil.rmtree(out, ignore_errors=True)
                dt = timed([naskh, "extract", str(src), "-o", str(out), "-q", "-j", str(j)])
                if r > 0:
                    times[j].append(dt)
                    print(f"  round {r} -j {j}: {dt:.2f} s ({1000 * dt / n_files:.2f} ms/file)", flush=True)
        t1, t2 = statistics.median(times[1]), statistics.median(times[2])
        print(f"median -j 1: {t1:.2f} s, -j 2: {t2:.2f} s, speed-up {t1 / t2:.2f}x "
              f"(load average {os.getloadavg()[0]:.2f})")

        print("\npeak RSS (naskh extract FILE > /dev/null):")
        largest = max(pdfs, key=lambda p: p.stat().st_size)
        print(f"  largest corpus PDF {largest.relative_to(args.corpus)} "
              f"({largest.stat().st_size // 1024} KiB): {peak_rss_kb([naskh, 'extract', str(largest)])} KiB")
        if shutil.which("qpdf"):
            for n in (100, 1000):
                big = concatenated(pdfs, n, work / f"pages{n}.pdf")
                print(f"  {n}-page concatenation ({big.stat().st_size // 1024} KiB): "
                      f"{peak_rss_kb([naskh, 'extract', str(big)])} KiB")
        print(f"  batch -j 2 over the {n_files} PDFs (whole process, 2 workers): "
              f"{peak_rss_kb([naskh, 'extract', str(src), '-o', str(work / 'outrss'), '-q', '-j', '2'])} KiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
