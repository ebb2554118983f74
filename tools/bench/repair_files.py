#!/usr/bin/env python3
"""Whole-process repair throughput: `naskh repair` run once per text file.

What a shell loop over an archive of extracted texts pays, start-up
included (the criterion bench `cargo bench -p naskh --bench repair` leaves
start-up out). Every `*.txt` under the directory is repaired by its own
process, output to /dev/null; with several binaries (--naskh A --naskh B)
the binaries alternate file by file so load from other processes falls on
all alike. Reports, per round and binary, files/s and MB/s of input, then
the median over rounds.

    python3 tools/bench/repair_files.py                       # ../shared/repair-dev/damaged
    python3 tools/bench/repair_files.py --dir DIR --rounds 5 \\
        --naskh OLD/naskh --naskh target/release/naskh
"""

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(REPO.parent / "shared" / "repair-dev" / "damaged"))
    ap.add_argument("--naskh", action="append", help="binary (repeat to compare)")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    bins = a.naskh or [str(REPO / "target" / "release" / "naskh")]
    files = sorted(Path(a.dir).rglob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files under {a.dir}")
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {size / 1e6:.2f} MB")
    per = {b: [] for b in bins}
    with open(os.devnull, "wb") as null:
        for r in range(a.rounds):
            spent = {b: 0.0 for b in bins}
            for i, f in enumerate(files):
                order = bins[(i + r) % len(bins):] + bins[:(i + r) % len(bins)]
                for b in order:
                    t = time.perf_counter()
                    subprocess.run([b, "repair", str(f)], stdout=null, stderr=null, check=False)
                    spent[b] += time.perf_counter() - t
            for b in bins:
                per[b].append(spent[b])
                print(f"round {r + 1}: {b}: {len(files) / spent[b]:.1f} files/s, "
                      f"{size / 1e6 / spent[b]:.2f} MB/s")
    for b in bins:
        s = statistics.median(per[b])
        print(f"median: {b}: {s:.2f} s, {len(files) / s:.1f} files/s, {size / 1e6 / s:.2f} MB/s")


if __name__ == "__main__":
    main()
