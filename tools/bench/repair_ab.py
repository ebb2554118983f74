#!/usr/bin/env python3
"""Repair throughput of two or more builds on the bench's inputs, side by side.

Each input is what `cargo bench -p naskh --bench repair` times: the five
synthetic texts of one kind (`tests/fixtures/repair/<kind>/`), repeated.
The binaries run alternately, input by input, so that load from other
processes (this project's machines are shared VMs whose speed swings by a
factor of two within minutes) falls on all alike; the ratio is the
measure, the absolute MB/s only that minute's. With --callgrind, each
binary's instructions are counted instead (less those of an empty run):
slow, but the same on every run.

    python3 tools/bench/repair_ab.py --naskh OLD/naskh --naskh target/release/naskh
    python3 tools/bench/repair_ab.py --naskh A --naskh B --times 40 --callgrind

With --documents, each binary is a build of the `repair_each` example
(`cargo build --release -p naskh --example repair_each`), given every
damaged fixture, and with --repair-dev DIR every file under it too, each
repaired alone in one process: the per-document case, where a document of
a few kilobytes is all first window and pays for its own profile. The
figure excludes process start-up (a run with no files is subtracted).

    python3 tools/bench/repair_ab.py --documents --naskh OLD/repair_each \
        --naskh target/release/examples/repair_each --repair-dev ../shared/repair-dev/damaged
"""

import argparse
import re
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KINDS = [
    ("clean", "pf", "truth"),
    ("visual lines in presentation forms", "visual_line_pf", "damaged"),
    ("spaces lost", "spaces_lost", "damaged"),
    ("spaces inserted", "spaces_inserted", "damaged"),
    ("runs reversed", "runs", "damaged"),
    ("marks detached", "marks", "damaged"),
]
TEXTS = ["ar_news", "ar_report", "ar_culture", "fa_city", "ur_school"]


def bench_input(kind: str, suffix: str, times: int) -> bytes:
    root = REPO / "tests" / "fixtures" / "repair" / kind
    text = "".join((root / f"{t}.{suffix}.txt").read_text(encoding="utf-8") + "\n" for t in TEXTS)
    return (text * times).encode()


def instructions(argv: list[str], data: bytes = b"") -> int:
    """Instructions callgrind counts for one run of `argv` on `data`."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        input=data,
        capture_output=True,
    )
    m = re.search(rb"Collected : (\d+)", run.stderr)
    if not m:
        raise SystemExit(f"callgrind gave no count for {argv[0]}")
    return int(m.group(1))


def best_times(argvs: list[list[str]], runs: int, data: bytes = b"") -> list[float]:
    """Best wall time of each command over `runs` rounds, run alternately
    (every other round in reverse order), so that load from other
    processes falls on all alike."""
    best = [float("inf")] * len(argvs)
    for r in range(runs):
        order = list(range(len(argvs)))
        if r % 2:
            order.reverse()
        for i in order:
            t = time.perf_counter()
            subprocess.run(argvs[i], input=data, capture_output=True, check=True)
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def cells(names: list[str], values: list[float], callgrind: bool, mb: float) -> list[str]:
    """Each binary's figure, then each one's ratio to the first."""
    if callgrind:
        out = [f"{n}: {c / 1e6:.1f} M" for n, c in zip(names, values)]
        return out + [f"{n}/#1 {c / values[0]:.3f}" for n, c in zip(names[1:], values[1:])]
    out = [f"{n}: {mb / t:.2f} MB/s" for n, t in zip(names, values)]
    return out + [f"{n}/#1 ×{values[0] / t:.2f}" for n, t in zip(names[1:], values[1:])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naskh", action="append", required=True, help="binary (repeat to compare)")
    ap.add_argument("--times", type=int, default=160, help="repeats of the five texts")
    ap.add_argument("--runs", type=int, default=7, help="runs per binary (the minimum counts)")
    ap.add_argument("--callgrind", action="store_true", help="count instructions instead")
    ap.add_argument("--documents", action="store_true", help="repair_each builds, one document at a time")
    ap.add_argument("--repair-dev", help="with --documents: also every .txt file under this folder")
    a = ap.parse_args()
    names = [f"#{i + 1}" for i in range(len(a.naskh))]
    for i, b in enumerate(a.naskh):
        print(f"{names[i]} = {b}")
    if a.documents:
        documents(a, names)
        return
    for label, kind, suffix in KINDS:
        data = bench_input(kind, suffix, a.times)
        mb = len(data) / 1e6
        if a.callgrind:
            values = [instructions([b, "repair"], data) - instructions([b, "repair"], b"x") for b in a.naskh]
        else:
            values = best_times([[b, "repair"] for b in a.naskh], a.runs, data)
        row = cells(names, values, a.callgrind, mb)
        print(f"{label:36s} {mb:5.2f} MB  " + "  ".join(row), flush=True)


def documents(a: argparse.Namespace, names: list[str]) -> None:
    files = sorted(str(p) for p in (REPO / "tests" / "fixtures" / "repair").glob("*/*.damaged.txt"))
    if a.repair_dev:
        files += sorted(str(p) for p in Path(a.repair_dev).rglob("*.txt"))
    size = sum(Path(f).stat().st_size for f in files) / 1e6
    if a.callgrind:
        values = [instructions([b, *files]) - instructions([b]) for b in a.naskh]
    else:
        # Start-up (the lexicon's load) is a run with no files.
        empty = best_times([[b] for b in a.naskh], a.runs)
        full = best_times([[b, *files] for b in a.naskh], a.runs)
        values = [t - e for t, e in zip(full, empty)]
    row = cells(names, values, a.callgrind, size)
    print(f"{len(files)} documents, {size:.2f} MB  " + "  ".join(row), flush=True)


if __name__ == "__main__":
    main()
