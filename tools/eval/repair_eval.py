#!/usr/bin/env python3
"""Score `naskh repair` on damaged text with known truth.

Two sets:
  * repair-dev (if ../shared/repair-dev exists): what real extractors printed for
    the corpus PDFs; truth from ../shared/corpus (manifest.tsv). Prints a table of
    mean strict CER per extractor before and after repair.
  * synthetic (tests/fixtures/repair in this repo): per defect kind, mean strict
    CER of the damaged text and after repair, and their ratio.

Strict CER as in shared/eval/score.py: collapse whitespace runs to one space,
strip, Levenshtein / len(truth), capped at 1.

Usage:
  python3 tools/eval/repair_eval.py --cmd 'target/release/naskh repair' [--shared ../shared]
        [--only-peer pymupdf] [--worst 5] [--synthetic-only]
The command reads the damaged text on stdin and prints the repair on stdout.
"""
import argparse
import collections
import concurrent.futures
import csv
import os
import re
import subprocess
import sys

from rapidfuzz.distance import Levenshtein

WS = re.compile(r"\s+")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def norm(s):
    return WS.sub(" ", s).strip()


def cer(gt, hyp):
    gt, hyp = norm(gt), norm(hyp)
    if not gt:
        return 0.0 if not hyp else 1.0
    return min(1.0, Levenshtein.distance(gt, hyp) / len(gt))


def run(cmd, text):
    p = subprocess.run(cmd, shell=True, input=text.encode("utf-8"), capture_output=True, timeout=120)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
        return None
    return p.stdout.decode("utf-8", "replace")


def repair_dev(args):
    shared = args.shared
    corpus = os.path.join(shared, "corpus")
    dmg = os.path.join(shared, "repair-dev", "damaged")
    truth = {}
    with open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            truth[(r["producer"], r["doc"])] = os.path.join(corpus, r["text"])
    before = collections.defaultdict(list)
    after = collections.defaultdict(list)
    rows = []
    jobs = []
    for peer in sorted(os.listdir(dmg)):
        if args.only_peer and peer not in args.only_peer.split(","):
            continue
        for prod in sorted(os.listdir(os.path.join(dmg, peer))):
            if args.only_producer and prod not in args.only_producer.split(","):
                continue
            for name in sorted(os.listdir(os.path.join(dmg, peer, prod))):
                doc = name[:-4]
                t = truth.get((prod, doc))
                if not t:
                    continue
                jobs.append((peer, prod, doc, t, os.path.join(dmg, peer, prod, name)))

    def one(job):
        peer, prod, doc, t, path = job
        gt = open(t, encoding="utf-8").read()
        hyp = open(path, encoding="utf-8", errors="replace").read()
        out = run(args.cmd, hyp)
        b = cer(gt, hyp)
        a = 1.0 if out is None else cer(gt, out)
        return (a - b, peer, prod, doc, b, a)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for r in ex.map(one, jobs):
            before[r[1]].append(r[4])
            after[r[1]].append(r[5])
            rows.append(r)
    print("%-18s %6s %8s %8s %7s" % ("extractor", "files", "before", "after", "ratio"))
    for peer in sorted(before):
        b = sum(before[peer]) / len(before[peer])
        a = sum(after[peer]) / len(after[peer])
        print("%-18s %6d %8.4f %8.4f %7.3f" % (peer, len(before[peer]), b, a, a / b if b else 0))
    if args.worst:
        rows.sort(reverse=True)
        print("\nworst (after - before):")
        for r in rows[: args.worst]:
            print("  %+.3f %s/%s/%s before %.3f after %.3f" % r)
    if args.by_producer:
        bp = collections.defaultdict(list)
        for _, peer, prod, doc, b, a in rows:
            bp[(peer, prod)].append((b, a))
        for k in sorted(bp):
            v = bp[k]
            print("  %-16s %-14s %.3f -> %.3f" % (k[0], k[1], sum(x for x, _ in v) / len(v), sum(y for _, y in v) / len(v)))


def clean_corpus(args):
    texts = os.path.join(args.shared, "corpus", "texts")
    bad = 0
    for name in sorted(os.listdir(texts)):
        gt = open(os.path.join(texts, name), encoding="utf-8").read()
        out = run(args.cmd, gt)
        if out != gt:
            bad += 1
            print("CHANGED clean text:", name)
    print("clean corpus texts changed: %d" % bad)


def synthetic(args):
    fx = os.path.join(ROOT, "tests", "fixtures", "repair")
    if not os.path.isdir(fx):
        print("no synthetic fixtures at", fx)
        return
    per = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for kind in sorted(os.listdir(fx)):
        d = os.path.join(fx, kind)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".damaged.txt"):
                continue
            base = name[: -len(".damaged.txt")]
            gt = open(os.path.join(d, base + ".truth.txt"), encoding="utf-8").read()
            hyp = open(os.path.join(d, name), encoding="utf-8").read()
            out = run(args.cmd, hyp)
            per[kind][0] += cer(gt, hyp)
            per[kind][1] += 1.0 if out is None else cer(gt, out)
            per[kind][2] += 1
    print("%-16s %5s %8s %8s %7s" % ("defect", "files", "damaged", "repaired", "ratio"))
    for k, (b, a, n) in sorted(per.items()):
        print("%-16s %5d %8.4f %8.4f %7.3f" % (k, n, b / n, a / n, (a / b) if b else 0.0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--only-peer")
    ap.add_argument("--only-producer")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--by-producer", action="store_true")
    ap.add_argument("--synthetic-only", action="store_true")
    ap.add_argument("--clean", action="store_true", help="also check clean corpus texts pass unchanged")
    args = ap.parse_args()
    if not args.synthetic_only and os.path.isdir(os.path.join(args.shared, "repair-dev")):
        repair_dev(args)
        if args.clean:
            clean_corpus(args)
    synthetic(args)


if __name__ == "__main__":
    main()
