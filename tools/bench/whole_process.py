#!/usr/bin/env python3
"""Whole-process extraction time: naskh against pdftotext and mutool.

Every PDF of a corpus directory is extracted by each tool as a separate
process (what a shell loop over an archive does), output to /dev/null. The
tools alternate file by file, and the order of the tools rotates from file to
file and from round to round, so that load from other processes on the
machine falls on all of them alike. Each round sums the wall time per tool;
the report gives per round the mean ms per file and the naskh/tool ratio,
then the median over rounds.

    python3 tools/bench/whole_process.py                     # ../shared/corpus
    python3 tools/bench/whole_process.py --corpus DIR --rounds 5 \
        --naskh target/release/naskh

Processes are started with posix_spawn (no Python fork) and reaped with
wait4, so the launcher adds the same small, constant cost to every tool.
Tools that are not installed are skipped.
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def commands(naskh):
    """Tool name -> argv builder (output goes to stdout = /dev/null)."""
    tools = {"naskh": lambda pdf: [naskh, "extract", pdf]}
    if shutil.which("pdftotext"):
        tools["pdftotext"] = lambda pdf: ["pdftotext", "-enc", "UTF-8", pdf, "-"]
    if shutil.which("mutool"):
        tools["mutool"] = lambda pdf: ["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf]
    return tools


def run_once(argv, devnull):
    """Wall time (s) of one process, its CPU time (user + system, s) and its
    exit status."""
    exe = argv[0] if os.sep in argv[0] else shutil.which(argv[0])
    fa = [
        (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2),
    ]
    t0 = time.perf_counter()
    pid = os.posix_spawn(exe, argv, os.environ, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--naskh", default=str(REPO / "target" / "release" / "naskh"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds first (page cache, CPU clocks)")
    args = ap.parse_args()

    pdfs = sorted(str(p) for p in args.corpus.rglob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs under {args.corpus}")
    if not os.access(args.naskh, os.X_OK):
        sys.exit(f"{args.naskh} is not executable (cargo build --release)")
    tools = commands(os.path.abspath(args.naskh))
    names = list(tools)
    devnull = os.open(os.devnull, os.O_WRONLY)

    totals = {n: [] for n in names}
    cpu_totals = {n: [] for n in names}
    failures = {n: 0 for n in names}
    for r in range(args.warmup + args.rounds):
        t = {n: 0.0 for n in names}
        cpu = {n: 0.0 for n in names}
        for i, pdf in enumerate(pdfs):
            k = (i + r) % len(names)
            for n in names[k:] + names[:k]:
                dt, ct, code = run_once(tools[n](pdf), devnull)
                t[n] += dt
                cpu[n] += ct
                if code not in (0, 10) and r == 0:
                    failures[n] += 1
        if r >= args.warmup:
            for n in names:
                totals[n].append(t[n])
                cpu_totals[n].append(cpu[n])
            line = "  ".join(f"{n} {1000 * t[n] / len(pdfs):.2f}" for n in names)
            print(f"round {r - args.warmup + 1}: ms/file  {line}", flush=True)

    load = os.getloadavg()
    print(f"\n{len(pdfs)} PDFs in {args.corpus}, {args.rounds} rounds (+{args.warmup} warm-up), "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    # Wall time is what the user waits for; CPU time (user + system of the
    # process, from wait4) is what is left when other load on the machine
    # stretches every wall time.
    print(f"{'tool':<10} {'wall ms/file':>13} {'naskh/tool':>11} {'CPU ms/file':>12} {'naskh/tool':>11}"
          "   (medians over rounds)")
    for n in names:
        ms = statistics.median(totals[n]) * 1000 / len(pdfs)
        ratio = statistics.median(a / b for a, b in zip(totals["naskh"], totals[n]))
        cms = statistics.median(cpu_totals[n]) * 1000 / len(pdfs)
        cratio = statistics.median(a / b for a, b in zip(cpu_totals["naskh"], cpu_totals[n]))
        print(f"{n:<10} {ms:>13.2f} {ratio:>11.3f} {cms:>12.2f} {cratio:>11.3f}")
    for n, f in failures.items():
        if f:
            print(f"note: {n} exited with an error on {f} file(s)")


if __name__ == "__main__":
    main()
