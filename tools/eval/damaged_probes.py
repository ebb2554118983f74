#!/usr/bin/env python3
"""Each damage model over the clean probe texts: how much does `naskh repair` mend?

The synthetic fixtures (tests/fixtures/repair/) damage the texts the rules
were written against; this damages text they were not: the hand-written
probes of tests/fixtures/repair_clean/ (news, law, poetry, Quranic text,
Persian, Urdu, lists, symbols, Latin and numbers). Every model of
tools/damage/damage.py runs over every probe with three seeds, each
damaged file is repaired, and per model the residual strict CER (only
whitespace normalised) is summed and divided by the damaged CER, as the
fixture check does. Nothing is written to the repository.

    python3 tools/eval/damaged_probes.py [--naskh target/release/naskh] [--seeds 3]
"""

import argparse
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "damage"))
import damage  # noqa: E402  (the committed damage models)

WS = re.compile(r"\s+")


def distance(a, b):
    try:
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.distance(a, b)
    except ImportError:  # plain dynamic programme, slower
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]


def cer(truth, text):
    t, h = WS.sub(" ", truth).strip(), WS.sub(" ", text).strip()
    return distance(t, h) / max(len(t), 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--naskh", default=str(REPO / "target" / "release" / "naskh"))
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    probes = sorted((REPO / "tests" / "fixtures" / "repair_clean").glob("*.txt"))
    jobs = []
    for kind, model in damage.KINDS.items():
        for seed in range(args.seeds):
            for p in probes:
                truth = p.read_text(encoding="utf-8")
                # A string seed: the same damage on every machine and run.
                rng = random.Random(f"{seed}/{kind}/{p.name}")
                jobs.append((kind, truth, model(truth, rng)))

    def one(job):
        kind, truth, damaged = job
        out = subprocess.run([args.naskh, "repair"], input=damaged.encode(), capture_output=True)
        return kind, cer(truth, damaged), cer(truth, out.stdout.decode())

    with ThreadPoolExecutor(2) as ex:
        rows = list(ex.map(one, jobs))
    print(f"{len(probes)} probes x {args.seeds} seeds per defect")
    print(f"{'defect':16s} {'damaged':>8s} {'repaired':>8s} {'ratio':>7s}")
    for kind in damage.KINDS:
        d = sum(r[1] for r in rows if r[0] == kind)
        a = sum(r[2] for r in rows if r[0] == kind)
        ratio = f"{a / d:.3f}" if d > 0 else "-"
        print(f"{kind:16s} {d:8.3f} {a:8.3f} {ratio:>7s}")


if __name__ == "__main__":
    main()
