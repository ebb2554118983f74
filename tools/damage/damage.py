#!/usr/bin/env python3
"""Seeded synthetic damage generator for `naskh repair` tests.

Applies one defect model (issue 4's list) at a time to clean text with known
truth and writes tests/fixtures/repair/<kind>/<name>.{damaged,truth}.txt.
Clean inputs are the hand-written samples in tools/damage/clean/ (our own
sentences; no third-party text). Same seed, same output: tests are exact.

Usage: python3 tools/damage/damage.py [--seed 4] [--out tests/fixtures/repair]
"""
import argparse
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

TATWEEL = "\u0640"
# Letters that do not join the following letter.
NON_JOINING = set("اأإآدذرزوؤةىءژڈڑےۓۀە") | {"\u0671"}
MARKS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"}


def is_letter(c):
    o = ord(c)
    return 0x0621 <= o <= 0x064A and o != 0x0640 or 0x0671 <= o <= 0x06D3


def joins_next(c):
    return is_letter(c) and c not in NON_JOINING


# Presentation forms by (letter, form) from Unicode's compatibility tags.
PF = {}
for cp in list(range(0xFB50, 0xFDFF)) + list(range(0xFE70, 0xFEFD)):
    d = unicodedata.decomposition(chr(cp))
    if not d.startswith("<"):
        continue
    tag, _, rest = d.partition(" ")
    chars = "".join(chr(int(x, 16)) for x in rest.split())
    PF.setdefault((chars, tag.strip("<>")), chr(cp))


def shape(word):
    """Logical-order presentation forms of a word (with lam-alef ligatures)."""
    out = []
    chars = list(word)
    i = 0
    # letters only decide joining; marks pass through
    def prev_joins(k):
        k -= 1
        while k >= 0 and chars[k] in MARKS:
            k -= 1
        return k >= 0 and joins_next(chars[k])

    def next_letter(k):
        k += 1
        while k < len(chars) and chars[k] in MARKS:
            k += 1
        return chars[k] if k < len(chars) and is_letter(chars[k]) else None

    while i < len(chars):
        c = chars[i]
        if not is_letter(c):
            out.append(c)
            i += 1
            continue
        if c == "ل" and i + 1 < len(chars) and chars[i + 1] in "اأإآ":
            form = "final" if prev_joins(i) else "isolated"
            out.append(PF.get(("ل" + chars[i + 1], form), "ل" + chars[i + 1]))
            i += 2
            continue
        p = prev_joins(i)
        n = next_letter(i) is not None and joins_next(c)
        form = {(False, False): "isolated", (True, False): "final", (False, True): "initial", (True, True): "medial"}[(p, n)]
        out.append(PF.get((c, form)) or PF.get((c, "isolated")) or c)
        i += 1
    return "".join(out)


def clusters(w):
    out = []
    for c in w:
        if out and c in MARKS:
            out[-1] += c
        else:
            out.append(c)
    return out


def is_ltr_tok(t):
    return any(c.isascii() and c.isalnum() or c.isdigit() for c in t) and not any(is_letter(c) for c in t)


MIRROR = {"(": ")", ")": "(", "«": "»", "»": "«", "[": "]", "]": "["}


def reverse_token(t):
    segs = []
    for cl in clusters(t):
        if cl[0].isascii() and cl[0].isalnum() or cl[0].isdigit():
            if segs and segs[-1][0]:
                segs[-1][1] += cl
                continue
            segs.append([True, cl])
        else:
            segs.append([False, MIRROR.get(cl[0], cl[0]) + cl[1:]])
    return "".join(s for _, s in reversed(segs))


def visual_line(line):
    """Whole line in visual order: words reversed, letters reversed, LTR runs kept."""
    toks = line.split(" ")
    groups = []
    for t in toks:
        if is_ltr_tok(t) and groups and is_ltr_tok(groups[-1][-1]):
            groups[-1].append(t)
        else:
            groups.append([t])
    return " ".join(reverse_token(t) if not is_ltr_tok(t) else t for g in reversed(groups) for t in g)


def per_line(text, f):
    return "\n".join(f(l) if l.strip() else l for l in text.split("\n"))


def arabic_word(t):
    return any(is_letter(c) for c in t) and all(is_letter(c) or c in MARKS for c in t)


def d_tatweel(text, rng):
    def word(w):
        if not arabic_word(w) or len(w) < 3 or rng.random() > 0.4:
            return w
        cl = clusters(w)
        spots = [i for i in range(len(cl) - 1) if joins_next(cl[i][0]) and is_letter(cl[i + 1][0])]
        if not spots:
            return w
        i = rng.choice(spots)
        cl[i] += TATWEEL * rng.randint(1, 4)
        return "".join(cl)
    return per_line(text, lambda l: " ".join(word(w) for w in l.split(" ")))


def d_pf(text, rng):
    return per_line(text, lambda l: " ".join(shape(w) for w in l.split(" ")))


def d_visual(text, rng):
    return per_line(text, visual_line)


def d_visual_pf(text, rng):
    return per_line(text, lambda l: visual_line(" ".join(shape(w) for w in l.split(" "))))


def d_word_letters(text, rng):
    return per_line(text, lambda l: " ".join(reverse_token(w) if not is_ltr_tok(w) else w for w in l.split(" ")))


def d_word_order(text, rng):
    return per_line(text, lambda l: " ".join(reversed(l.split(" "))))


def d_runs(text, rng):
    """Lines cut into runs at cluster boundaries, runs printed in reversed order."""
    def line(l):
        toks = l.split(" ")
        runs, cur = [], []
        for t in toks:
            cl = clusters(t)
            if arabic_word(t) and len(cl) >= 4 and rng.random() < 0.35:
                k = rng.randint(2, len(cl) - 2)
                a, b = "".join(cl[:k]), "".join(cl[k:])
                if joins_next(cl[k - 1][0]):
                    # kashida point: the next run starts with tatweel
                    a, b = a + TATWEEL * rng.randint(0, 2), TATWEEL * rng.randint(1, 3) + b
                cur.append(a)
                runs.append(cur)
                cur = [b]
            else:
                cur.append(t)
        runs.append(cur)
        return " ".join(" ".join(r) for r in reversed(runs))
    # Runs live on printed lines: wrap paragraphs first, as a PDF would.
    return per_line(d_wrap(text, rng), line)


def d_ligature(text, rng):
    def word(w):
        if not arabic_word(w):
            return w
        w = w.replace("الله", "اهلل")
        out = w[:1]
        i = 1
        while i < len(w):
            if w[i] == "ل" and i + 1 < len(w) and w[i + 1] in "اأإآى":
                out += w[i + 1] + "ل"
                i += 2
            else:
                out += w[i]
                i += 1
        if w.startswith("ل") and len(w) > 1 and w[1] in "اأإآى":
            out = w[1] + "ل" + out[2:]
        return out
    return per_line(text, lambda l: " ".join(word(w) for w in l.split(" ")))


def d_marks(text, rng):
    def word(w):
        cl = clusters(w)
        out = []
        for c in cl:
            if len(c) > 1 and rng.random() < 0.8:
                out.append(c[0] + " " + c[1:])
            else:
                out.append(c)
        return "".join(out)
    return per_line(text, lambda l: " ".join(word(w) for w in l.split(" ")))


def d_pua(text, rng):
    letters = sorted({c for c in text if is_letter(c) or c.isdigit()})
    codes = {c: chr(0xE000 + i) for i, c in enumerate(rng.sample(letters, len(letters)))}
    targets = set(rng.sample(letters, min(4, len(letters))))
    return "".join(codes[c] if c in targets else c for c in text)


def d_bidi(text, rng):
    def line(l):
        toks = ["\u202a" + t + "\u202c" if is_ltr_tok(t) else t for t in l.split(" ")]
        l = " ".join(toks).replace("،", "\u200f،").replace(".", ".\u200e")
        return "\u202b" + l + "\u202c"
    return per_line(text, line)


def d_wrap(text, rng):
    out = []
    for para in text.split("\n"):
        words = para.split(" ")
        lines, cur = [], ""
        width = rng.randint(40, 70)
        for w in words:
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = (cur + " " + w).strip()
        lines.append(cur)
        if len(lines) > 2 and rng.random() < 0.5:
            lines.insert(len(lines) - 1, "")
        out.append("\n".join(lines))
    return "\n".join(out)


def d_spaces_lost(text, rng):
    def line(l):
        toks = l.split(" ")
        out = toks[:1]
        for t in toks[1:]:
            if arabic_word(t) and arabic_word(out[-1]) and rng.random() < 0.3:
                out[-1] += t
            else:
                out.append(t)
        return " ".join(out)
    return per_line(text, line)


def d_spaces_inserted(text, rng):
    def word(w):
        cl = clusters(w)
        if not arabic_word(w) or len(cl) < 4 or rng.random() > 0.3:
            return w
        spots = [i for i in range(1, len(cl)) if not joins_next(cl[i - 1][0])] or list(range(2, len(cl) - 1))
        k = rng.choice(spots)
        return "".join(cl[:k]) + " " + "".join(cl[k:])
    return per_line(text, lambda l: " ".join(word(w) for w in l.split(" ")))


KINDS = {
    "tatweel": d_tatweel,
    "pf": d_pf,
    "visual_line": d_visual,
    "visual_line_pf": d_visual_pf,
    "word_letters": d_word_letters,
    "word_order": d_word_order,
    "runs": d_runs,
    "ligature": d_ligature,
    "marks": d_marks,
    "pua": d_pua,
    "bidi": d_bidi,
    "wrap": d_wrap,
    "spaces_lost": d_spaces_lost,
    "spaces_inserted": d_spaces_inserted,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "repair"))
    args = ap.parse_args()
    clean_dir = os.path.join(HERE, "clean")
    for kind, f in KINDS.items():
        d = os.path.join(args.out, kind)
        os.makedirs(d, exist_ok=True)
        for name in sorted(os.listdir(clean_dir)):
            truth = open(os.path.join(clean_dir, name), encoding="utf-8").read()
            rng = random.Random("%d/%s/%s" % (args.seed, kind, name))
            damaged = f(truth, rng)
            base = name[:-4]
            with open(os.path.join(d, base + ".truth.txt"), "w", encoding="utf-8") as o:
                o.write(truth)
            with open(os.path.join(d, base + ".damaged.txt"), "w", encoding="utf-8") as o:
                o.write(damaged)


if __name__ == "__main__":
    main()
