#!/usr/bin/env python3
"""Clean text hard-wrapped: how many texts does `naskh repair` change?

Every ground-truth text of ../shared/corpus (when it is there) and every
clean text of tools/damage/clean/ is wrapped greedily at ten line widths
(35-125 characters, paragraphs kept apart by their blank line), as a tool
that hard-wraps clean text would print it, and repaired. Clean text must
come back unchanged; the files that do not are listed.

    python3 tools/eval/clean_wrap.py [--naskh target/release/naskh]
"""

import argparse
import csv
import subprocess
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
WIDTHS = [35, 45, 55, 65, 75, 85, 95, 105, 115, 125]


def texts() -> list[Path]:
    out: list[Path] = []
    manifest = SHARED / "corpus" / "manifest.tsv"
    if manifest.exists():
        with manifest.open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                p = SHARED / "corpus" / r["text"]
                if p not in out:
                    out.append(p)
    out += sorted((REPO / "tools" / "damage" / "clean").glob("*.txt"))
    return out


def wrap(text: str, width: int) -> str:
    paras = text.split("\n\n")
    return "\n\n".join(
        "\n".join(textwrap.wrap(p.replace("\n", " "), width,
                                break_long_words=False, break_on_hyphens=False))
        for p in paras) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naskh", default=str(REPO / "target" / "release" / "naskh"))
    a = ap.parse_args()
    changed, total = [], 0
    for p in texts():
        t = p.read_text(encoding="utf-8")
        for w in WIDTHS:
            doc = wrap(t, w)
            out = subprocess.run([a.naskh, "repair"], input=doc.encode(),
                                 capture_output=True, check=True).stdout.decode()
            total += 1
            if out != doc:
                changed.append(f"{p.name} at {w}")
    print(f"{len(changed)} of {total} wrapped clean texts changed")
    for c in changed:
        print("  " + c)


if __name__ == "__main__":
    main()
