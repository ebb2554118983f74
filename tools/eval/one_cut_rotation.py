#!/usr/bin/env python3
"""Where does a line cut once into reversed runs end? Evidence for the rotation rule.

A line cut once into two runs printed in reversed order reads `P2 P1`; every
rotation of its words makes the same joined word, so something else must
place the cut. This takes our clean texts (the repair fixtures' truths and
clean probes, and ../shared/corpus/texts when present), wraps them as
tools/damage/damage.py does, cuts each line once at every word the damage
model may cut, and counts how often each rule gives the line back exactly,
with the mean CER of each, over the lines whose printed form has exactly
one sentence end (or one of the marks given) before its last token:

  stop          the token with the mark ends the line (repair's rule for
                certain one-cut lines);
  least_start   the cut word starts the line, the rest as printed;
  least_end     the cut word ends the line.

    python3 tools/eval/one_cut_rotation.py ['.۔!؟']
"""
import glob
import os
import random
import sys

from rapidfuzz.distance import Levenshtein

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "damage"))
import damage  # noqa: E402


def main():
    stop = tuple(sys.argv[1]) if len(sys.argv) > 1 else (".", "۔", "!", "؟")
    files = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/repair/*/*.truth.txt")))
    files += sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/repair_clean/*.txt")))
    files += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "texts", "*.txt")))
    texts, seen = [], set()
    for f in files:
        t = open(f, encoding="utf-8").read()
        if t not in seen:
            seen.add(t)
            texts.append(t)
    rng = random.Random(1)
    names = ("stop", "least_start", "least_end")
    cer = dict.fromkeys(names, 0.0)
    right = dict.fromkeys(names, 0)
    lines = 0
    for t in texts:
        for line in damage.d_wrap(t, rng).split("\n"):
            toks = line.split(" ")
            if len(toks) < 3:
                continue
            for k, w in enumerate(toks):
                if not (damage.arabic_word(w) and len(damage.clusters(w)) >= 4):
                    continue
                # The words other than the cut one, as printed: after it, then before it.
                rest = toks[k + 1 :] + toks[:k]
                stops = [i for i, x in enumerate(rest) if x.endswith(stop)]
                if len(stops) != 1:
                    continue
                lines += 1
                j = stops[0]
                truth = " ".join(toks)
                guesses = {
                    "stop": " ".join(rest[j + 1 :] + [w] + rest[: j + 1]),
                    "least_start": " ".join([w] + rest),
                    "least_end": " ".join(rest + [w]),
                }
                for n in names:
                    cer[n] += Levenshtein.distance(truth, guesses[n]) / len(truth)
                    right[n] += guesses[n] == truth
    print(f"{lines} one-cut lines with one of {''.join(stop)} inside")
    for n in names:
        print(f"{n:12s} right {right[n]:5d}  mean CER {cer[n] / max(lines, 1):.3f}")


if __name__ == "__main__":
    main()
