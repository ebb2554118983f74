//! Word-level candidates: tatweel removal, ligature-order swaps, and
//! lexicon-driven re-segmentation of spaces (joins and splits).

use super::chars::{
    TATWEEL, ZWNJ, closes_with_tatweel, has_tatweel, is_clause_punct, is_digit, is_letter, is_mark,
    is_pf, joins_next,
};
use super::lexicon::{
    KEY_HASH_START, Lexicon, key_char, key_chars, key_hash_push, key_len_hash, normalise,
};
use super::segments::{cluster_iter, clusters};

/// Remove justification tatweel from a token. Justification stretches the
/// join between two letters of a word, so these are authored and stay:
/// tatweel closing a token of one letter (`بـ 5.3`, `هـ` after a year), and
/// one tatweel after a lone letter or the article that meets punctuation, a
/// digit or a Latin letter (`هـ.`, `(1446 هـ)`, `لـ«الشرق»`, `الـ5G`). A
/// token of tatweel only vanishes. (Runs cut at kashida points leave longer
/// tatweels or other letters before punctuation, `عــ٪`, `المجـ،`: those go.)
pub fn strip_tatweel(tok: &str) -> String {
    if !has_tatweel(tok) {
        return tok.to_string();
    }
    let mut out = String::with_capacity(tok.len());
    let mut from = 0;
    tatweel_runs(tok, |start, end, authored| {
        out.push_str(&tok[from..start]);
        if authored {
            out.push_str(&tok[start..end]);
        }
        from = end;
    });
    out.push_str(&tok[from..]);
    out
}

/// Each run of tatweel in a token, as byte offsets `start..end`, and whether
/// it is authored ([`strip_tatweel`] keeps it) rather than justification or
/// a kashida cut.
fn tatweel_runs(tok: &str, mut f: impl FnMut(usize, usize, bool)) {
    let cs: Vec<(usize, char)> = tok.char_indices().collect();
    let letters = cs.iter().filter(|&&(_, c)| is_letter(c)).count();
    let first_tatweel = cs.iter().position(|&(_, c)| c == TATWEEL);
    let byte = |i: usize| cs.get(i).map_or(tok.len(), |&(b, _)| b);
    let mut i = 0;
    while i < cs.len() {
        if cs[i].1 != TATWEEL {
            i += 1;
            continue;
        }
        let start = i;
        while cs.get(i).is_some_and(|&(_, c)| c == TATWEEL) {
            i += 1;
        }
        // The letters before the tatweel, last first, marks left out.
        let mut before = cs[..start]
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .filter(|&c| !is_mark(c))
            .peekable();
        let authored = before.peek().is_some_and(|&c| is_letter(c))
            && match cs.get(i) {
                None => letters == 1 && first_tatweel == Some(start),
                Some(&(_, c)) => {
                    i - start == 1
                        && !is_letter(c)
                        && !is_mark(c)
                        && !c.is_whitespace()
                        && closes_with_tatweel(
                            &before.take_while(|&c| is_letter(c)).collect::<Vec<_>>(),
                        )
                }
            };
        f(byte(start), byte(i), authored);
    }
}

/// Whether a printed token can be the piece of a word cut at its end
/// (`at_end`) or its start: a cut falls between two letters, so no clause
/// punctuation or bracket stands at that edge and no digit in the piece
/// (`1950م`, `أ)` and `البلاد،` end no cut word; `(الم` may). Other
/// symbols pass: fonts without a Unicode map print glyphs as stray ASCII
/// inside words (`عَpلَى`).
fn cut_edge(t: &str, at_end: bool) -> bool {
    let edge = if at_end {
        t.chars().next_back()
    } else {
        t.chars().next()
    };
    let stop = |c: char| {
        matches!(
            c,
            '.' | ',' | '،' | '؛' | ':' | ';' | '!' | '?' | '؟' | '(' | ')' | '[' | ']' | '«' | '»'
        )
    };
    edge.is_some_and(|c| !stop(c)) && !t.chars().any(is_digit)
}

/// Longest word (letter clusters) looked at for a doubled cluster.
const MAX_WORD_CLUSTERS: usize = 32;

/// Least gain (log10 units) for dropping a repeated cluster.
const DOUBLED_MIN_GAIN: f32 = 1.0;

/// A word core with a vocalised letter cluster printed twice in a row put
/// back to one (`فِِفي` → `فِي`, `فَكَأَأَنَّمَا` → `فَكَأَنَّمَا`): some
/// producers emit a multi-glyph cluster's text once per glyph (typst). Only
/// for a word the lexicon does not know (or a cluster with a mark printed
/// twice over) that becomes a known one reading better by
/// `DOUBLED_MIN_GAIN` (`عَدَدَ`, `تَتَنَافَسُ` stay), and only where the
/// cluster carries a mark: a doubled bare letter is as often a
/// prefix (`ووزراء`) or a ligature printed out of order (`خالل`). The
/// cluster keeps each of its marks once. Returns the core and the gain.
pub fn undouble(lex: &Lexicon, core: &str) -> Option<(String, f32)> {
    let cl = clusters(core);
    // Each site rebuilds the word: only words of a real word's length.
    if cl.len() < 2 || cl.len() > MAX_WORD_CLUSTERS {
        return None;
    }
    let mut before: Option<(bool, f32)> = None;
    let mut best: Option<(String, f32)> = None;
    for i in 0..cl.len() - 1 {
        if base(cl[i]) != base(cl[i + 1])
            || !is_letter(base(cl[i]))
            || !cl[i].chars().chain(cl[i + 1].chars()).any(is_mark)
        {
            continue;
        }
        // A mark printed twice over (`فِِ`) is never spelling: then a known
        // word may read better too (`ففي` → `في`).
        let twice = cl[i]
            .chars()
            .zip(cl[i].chars().skip(1))
            .any(|(a, b)| a == b && is_mark(a));
        let (was_known, before) = *before.get_or_insert_with(|| {
            let key = normalise(core);
            (lex.known(&key).is_some(), lex.cost(&key))
        });
        if was_known && !twice {
            continue;
        }
        let mut merged = String::with_capacity(cl[i].len() + cl[i + 1].len());
        for c in cl[i].chars().chain(cl[i + 1].chars().skip(1)) {
            if merged.is_empty() || !is_mark(c) || !merged.contains(c) {
                merged.push(c);
            }
        }
        let cand: String = cl[..i]
            .iter()
            .copied()
            .chain(std::iter::once(merged.as_str()))
            .chain(cl[i + 2..].iter().copied())
            .collect();
        let key = normalise(&cand);
        let Some(after) = lex.known(&key) else {
            continue;
        };
        let gain = before - after;
        if gain >= DOUBLED_MIN_GAIN && best.as_ref().is_none_or(|(_, g)| gain > *g) {
            best = Some((cand, gain));
        }
    }
    best
}

const ALEFS: [char; 6] = ['ا', 'أ', 'إ', 'آ', 'ى', 'ي'];

fn base(cl: &str) -> char {
    cl.chars().next().unwrap_or(' ')
}

/// Best ligature-order repair of a word core (`اهلل` → `الله`, `إىل` → `إلى`,
/// `األ` → `الأ`): returns the repaired core and its gain in log10 units.
pub fn ligature_swap(lex: &Lexicon, core: &str) -> Option<(String, f32)> {
    // Asked of every token: most have no alef or heh before a lam.
    let bases = || core.chars().filter(|&c| !is_mark(c));
    if !bases()
        .zip(bases().skip(1))
        .any(|(a, b)| b == 'ل' && (a == 'ه' || ALEFS.contains(&a)))
    {
        return None;
    }
    // Only the base letters trade places; marks stay where they were printed
    // (`اَل` → `لَا`: the mark came after the ligature glyph, on its lam).
    // (Two vectors, filled once: the article passes the test above, so this
    // runs on most Arabic words of a document's first window.)
    let mut bases: Vec<char> = Vec::with_capacity(core.len() / 2);
    let mut marks: Vec<&str> = Vec::with_capacity(core.len() / 2);
    for c in cluster_iter(core) {
        let b = base(c);
        bases.push(b);
        marks.push(&c[b.len_utf8()..]);
    }
    // (index, is_allah), four at most.
    let mut sites = [(0usize, false); 4];
    let mut n_sites = 0;
    let mut i = 0;
    while i + 1 < bases.len() {
        let (a, b) = (bases[i], bases[i + 1]);
        let site = if a == 'ه' && b == 'ل' && bases.get(i + 2) == Some(&'ل') {
            (i, true)
        } else if ALEFS.contains(&a) && b == 'ل' {
            (i, false)
        } else {
            i += 1;
            continue;
        };
        if n_sites == sites.len() {
            return None;
        }
        sites[n_sites] = site;
        n_sites += 1;
        i += if site.1 { 3 } else { 2 };
    }
    let sites = &sites[..n_sites];
    if sites.is_empty() {
        return None;
    }
    let swapped = |mask: u32, b: &mut Vec<char>| {
        b.clear();
        b.extend_from_slice(&bases);
        for (k, &(p, allah)) in sites.iter().enumerate() {
            if mask & (1 << k) == 0 {
                continue;
            }
            if allah {
                // ه ل ل → ل ل ه
                b.swap(p, p + 2);
            } else {
                b.swap(p, p + 1);
            }
        }
    };
    let spell = |b: &[char]| -> String {
        b.iter()
            .zip(&marks)
            .flat_map(|(c, m)| std::iter::once(*c).chain(m.chars()))
            .collect()
    };
    let pf = core.chars().any(is_pf);
    let mut key: Vec<char> = Vec::with_capacity(bases.len());
    let mut b: Vec<char> = Vec::with_capacity(bases.len());
    let mut best: Option<(u32, f32)> = None;
    for mask in 1u32..(1 << sites.len()) {
        swapped(mask, &mut b);
        // A bare alef never carries a vowel mark (only tanween fath): the
        // mark belongs to a lam, so this pair was no swapped ligature.
        let bare_alef_marked = b.iter().zip(&marks).any(|(&c, m)| {
            c == 'ا'
                && m.chars()
                    .next()
                    .is_some_and(|m| matches!(m as u32, 0x064C..=0x0652))
        });
        if bare_alef_marked {
            continue;
        }
        // Without presentation forms a candidate's key is its base letters,
        // keyed one by one, and only the best is spelled out (this runs on
        // every long unknown word with a lam, glued words included).
        key.clear();
        if pf {
            key.extend(normalise(&spell(&b)).chars());
        } else {
            key.extend(b.iter().filter_map(|&c| key_char(c)));
        }
        let Some(c) = known_with_conjunction(lex, &key) else {
            continue;
        };
        if best.is_none_or(|(_, b)| c < b) {
            best = Some((mask, c));
        }
    }
    // The printed word's cost (a trigram walk: it is mostly unknown) only
    // once a candidate is found.
    let (mask, c) = best?;
    swapped(mask, &mut b);
    Some((spell(&b), lex.cost_word(core) - c))
}

/// Cost of a key the lexicon knows, or of a definite noun it knows behind
/// a one-letter conjunction or preposition (`فالإمكانات`: the lists hold
/// few such spellings), a factor 10 dearer. The key is given as its
/// characters and looked up by hash: candidates are keyed in a reused
/// buffer, never spelled.
fn known_with_conjunction(lex: &Lexicon, key: &[char]) -> Option<f32> {
    let hash = |k: &[char]| k.iter().copied().fold(KEY_HASH_START, key_hash_push);
    lex.known_hashed(hash(key)).or_else(|| {
        (matches!(key.first(), Some('و' | 'ف' | 'ب' | 'ك')) && key[1..].starts_with(&['ا', 'ل']))
            .then(|| lex.known_hashed(hash(&key[1..])).map(|c| c + 1.0))
            .flatten()
    })
}

/// Best repair of a word whose lam-alef ligature lost its alef (`القتصادي`
/// → `الاقتصادي`, `اللكتروني` → `الإلكتروني`): some fonts' ToUnicode maps
/// the ligature glyph to the lam alone. Only for a word the lexicon does not
/// know, of six letters or more (a shorter one is as often the piece of a
/// word an inserted space cut: `النم اذج`); an alef (plain or with hamza or
/// madda) goes after one lam. Returns the repaired core and its gain in
/// log10 units.
pub fn lost_ligature_alef(lex: &Lexicon, core: &str) -> Option<(String, f32)> {
    const INSERTED: [char; 4] = ['ا', 'أ', 'إ', 'آ'];
    // (Tests in order of cost, nothing collected for a known word: with
    // ligature damage in the document, every word is asked.)
    if core.chars().nth(5).is_none()
        || core.chars().any(|c| !is_letter(c))
        || lex.known_word(core).is_some()
    {
        return None;
    }
    let chars: Vec<char> = core.chars().collect();
    let lams: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            chars[i] == 'ل'
                && chars
                    .get(i + 1)
                    .is_some_and(|&n| is_letter(n) && !INSERTED.contains(&n))
        })
        .collect();
    if lams.is_empty() || lams.len() > 4 {
        return None;
    }
    let spell = |i: usize, a: char| -> String {
        let mut w: String = chars[..=i].iter().collect();
        w.push(a);
        w.extend(&chars[i + 1..]);
        w
    };
    // Without presentation forms a candidate's key is its letters, keyed
    // one by one: each is looked up by hash, and only the best is spelled
    // out (this runs on every long unknown token, glued words included).
    let pf = chars.iter().any(|&c| is_pf(c));
    let keys: Vec<char> = chars.iter().filter_map(|&c| key_char(c)).collect();
    let mut cand: Vec<char> = Vec::with_capacity(keys.len() + 1);
    let mut best: Option<(usize, char, f32)> = None;
    for &i in &lams {
        for a in INSERTED {
            cand.clear();
            if pf {
                cand.extend(normalise(&spell(i, a)).chars());
            } else {
                cand.extend_from_slice(&keys[..=i]);
                cand.push(a);
                cand.extend_from_slice(&keys[i + 1..]);
            }
            let Some(c) = known_with_conjunction(lex, &cand) else {
                continue;
            };
            if best.is_none_or(|(_, _, b)| c < b) {
                best = Some((i, a, c));
            }
        }
    }
    // The printed word's cost only once a candidate is found.
    best.map(|(i, a, c)| (spell(i, a), lex.cost_word(core) - c))
}

/// Two word cores whose letters at the space between them were printed on
/// the wrong sides (`المدا نلساحلية` → `المدن الساحلية`, `ساعاا تلفجر` →
/// `ساعات الفجر`: pdf.js on Chromium's PDFs, whose text layer puts one
/// letter of each word in an ActualText span). Both must become words the
/// lexicon knows. Returns the two cores and the gain in log10 units.
pub fn swap_edge_letters(lex: &Lexicon, a: &str, b: &str) -> Option<(String, String, f32)> {
    if !edge_movable(a) || !edge_movable(b) {
        return None;
    }
    let (x, y) = (a.chars().next_back()?, b.chars().next()?);
    if x == y {
        return None;
    }
    // Both swapped words looked up by hash first: this runs on every pair
    // of words in a window, most of which fail here without allocating.
    let hash = |cs: &mut dyn Iterator<Item = char>| {
        cs.filter_map(key_char).fold(KEY_HASH_START, key_hash_push)
    };
    let ha = hash(
        &mut a
            .chars()
            .take(a.chars().count() - 1)
            .chain(std::iter::once(y)),
    );
    let hb = hash(&mut std::iter::once(x).chain(b.chars().skip(1)));
    lex.known_hashed(ha)?;
    lex.known_hashed(hb)?;
    let a2 = format!("{}{y}", &a[..a.len() - x.len_utf8()]);
    let b2 = format!("{x}{}", &b[y.len_utf8()..]);
    let (ka2, kb2) = (normalise(&a2), normalise(&b2));
    let c2 = lex.known(&ka2)? + lex.known(&kb2)?;
    let gain = lex.cost(&normalise(a)) + lex.cost(&normalise(b)) - c2;
    Some((a2, b2, gain))
}

/// May a word core's first or last letter have been printed across the
/// space beside it? Plain letters (no marks, no presentation forms), two or
/// more.
pub fn edge_movable(core: &str) -> bool {
    core.chars().nth(1).is_some() && core.chars().all(|c| is_letter(c) && !is_pf(c))
}

/// The likeliest reading of a line's word cores when letters may have been
/// printed on the wrong side of some spaces (see [`swap_edge_letters`]). A
/// chain (`لاأمطاا رلغزيرا ةلتي` for `الأمطار الغزيرة التي`) moves letters
/// at several spaces at once, so each word is read with its first and last
/// letters moved or not and a Viterbi pass over the spaces picks the line;
/// a moved word must be known, or become known by a ligature swap or with
/// its article's lam-alef turned round (`لاأمطار` → `الأمطار`). `open[i]`: may letters move across the space
/// after core `i`. Returns each core's new form (None: unchanged), the
/// number of spaces crossed and the gain in log10 units.
pub fn edge_swaps(
    lex: &Lexicon,
    cores: &[&str],
    open: &[bool],
) -> Option<(Vec<Option<String>>, usize, f32)> {
    let n = cores.len();
    if n < 2 || !open.iter().any(|&o| o) {
        return None;
    }
    let first = |i: usize| cores[i].chars().next();
    let last = |i: usize| cores[i].chars().next_back();
    // Cost of word `i` with its left / right letter moved, and its form.
    let word = |i: usize, l: bool, r: bool| -> Option<(f32, Option<String>)> {
        if !l && !r {
            return Some((lex.cost(&normalise(cores[i])), None));
        }
        let mut cs: Vec<char> = cores[i].chars().collect();
        if l {
            cs[0] = last(i - 1)?;
        }
        if r {
            let k = cs.len() - 1;
            cs[k] = first(i + 1)?;
        }
        let form: String = cs.into_iter().collect();
        if let Some(c) = lex.known(&normalise(&form)) {
            return Some((c, Some(form)));
        }
        // The article's lam-alef printed the other way round too
        // (`لاأمطار` → `الأمطار`).
        if let Some(rest) = form.strip_prefix("لا") {
            let article = format!("ال{rest}");
            if let Some(c) = lex.known(&normalise(&article)) {
                return Some((c, Some(article)));
            }
        }
        let (fixed, _) = ligature_swap(lex, &form)?;
        Some((lex.cost(&normalise(&fixed)), Some(fixed)))
    };
    let open_at = |i: usize| i + 1 < n && open.get(i).copied().unwrap_or(false);
    // best[s]: cost of the words so far with the space after the last one
    // crossed (s = 1) or not; back[i][s]: the state of the space before.
    let mut best = [0.0f32, f32::INFINITY];
    let mut back: Vec<[usize; 2]> = Vec::with_capacity(n);
    let mut forms: Vec<[[Option<String>; 2]; 2]> = Vec::with_capacity(n);
    for i in 0..n {
        let mut next = [f32::INFINITY; 2];
        let mut bp = [0usize; 2];
        let mut fs: [[Option<String>; 2]; 2] = Default::default();
        for r in 0..2 {
            if r == 1 && !open_at(i) {
                continue;
            }
            for l in 0..2 {
                if !best[l].is_finite() || (l == 1 && (i == 0 || !open_at(i - 1))) {
                    continue;
                }
                let Some((c, f)) = word(i, l == 1, r == 1) else {
                    continue;
                };
                if best[l] + c < next[r] {
                    next[r] = best[l] + c;
                    bp[r] = l;
                }
                fs[r][l] = f;
            }
        }
        back.push(bp);
        forms.push(fs);
        best = next;
    }
    let total = best[0];
    let plain: f32 = (0..n).map(|i| lex.cost(&normalise(cores[i]))).sum();
    if !total.is_finite() || total >= plain {
        return None;
    }
    let mut out: Vec<Option<String>> = vec![None; n];
    let (mut s, mut crossed) = (0usize, 0usize);
    for i in (0..n).rev() {
        let l = back[i][s];
        out[i] = forms[i][s][l].take();
        crossed += s;
        s = l;
    }
    Some((out, crossed, plain - total))
}

/// Without document evidence of swapped ligatures, is this word core worth
/// trying [`ligature_swap`] on? Only a word that cannot be right: ى inside a
/// word (it only ends words), two alefs in a row, or a long unknown word with
/// a lam (not the piece of a word an inserted space cut).
pub fn swap_suspect(lex: &Lexicon, core: &str) -> bool {
    let mut letters = core.chars().filter(|&c| !is_mark(c)).peekable();
    let mut prev_alef = false;
    let (mut n, mut lam) = (0usize, false);
    while let Some(c) = letters.next() {
        let alef = matches!(c, 'ا' | 'أ' | 'إ' | 'آ');
        if (c == 'ى' && letters.peek().is_some()) || (alef && prev_alef) {
            return true;
        }
        prev_alef = alef;
        n += usize::from(is_letter(c));
        lam |= c == 'ل';
    }
    lam && n >= 5 && lex.known_word(core).is_none()
}

/// Is a normalised key a word fragment rather than a word: a single letter
/// (other than the conjunction و) or a rare/unknown string.
fn is_fragment(lex: &Lexicon, key: &str) -> bool {
    let n = key.chars().count();
    (n == 1 && key != "و") || lex.known(key).is_none_or(|c| c > 5.0)
}

/// Join words an extractor cut in two, before the word order of a line is
/// reversed, trying both orders of the pieces (a visual line prints the second
/// piece first). Returns how many joins were made.
pub fn prejoin_fragments(lex: &Lexicon, toks: &mut Vec<String>) -> Vec<(String, String, f32)> {
    let mut done = Vec::new();
    let mut i = 0;
    let mut carried: Option<String> = None;
    while i + 1 < toks.len() {
        let (a, b) = (&toks[i], &toks[i + 1]);
        let pure = |t: &str| {
            t.chars()
                .all(|c| is_letter(c) || is_mark(c) || c == TATWEEL)
        };
        if !pure(a) || !pure(b) {
            carried = None;
            i += 1;
            continue;
        }
        // (The right-hand key is the next pair's left-hand one.)
        let ka = match carried.take() {
            Some(k) => k,
            None => normalise(a),
        };
        let kb = normalise(b);
        // A mark printed apart goes with a piece beside it (`ا ً مشير`);
        // beside whole words, which one it was torn from shows once the
        // words are in order (`من ً بيتا`).
        let whole = |k: &str| !k.is_empty() && !is_fragment(lex, k);
        if (ka.is_empty() && whole(&kb))
            || (kb.is_empty() && whole(&ka))
            || !(is_fragment(lex, &ka) || is_fragment(lex, &kb))
        {
            carried = Some(kb);
            i += 1;
            continue;
        }
        let sep = lex.cost(&ka) + lex.cost(&kb);
        let ab = lex
            .known_joined(&ka, &kb)
            .map(|c| (sep - c, format!("{a}{b}")));
        let ba = lex
            .known_joined(&kb, &ka)
            .map(|c| (sep - c, format!("{b}{a}")));
        let best = match (ab, ba) {
            (Some(x), Some(y)) => Some(if x.0 >= y.0 { x } else { y }),
            (x, y) => x.or(y),
        };
        match best {
            Some((gain, w)) if gain > 2.0 => {
                done.push((format!("{a} {b}"), w.clone(), gain));
                toks[i] = w;
                toks.remove(i + 1);
            }
            _ => {
                carried = Some(kb);
                i += 1;
            }
        }
    }
    done
}

/// The part of a token [`word_key`] keys: letters, marks and tatweels,
/// without the punctuation or digits around them.
fn word_core(t: &str) -> &str {
    t.trim_matches(|c: char| !(is_letter(c) || is_mark(c) || c == TATWEEL))
}

fn word_key(t: &str) -> String {
    normalise(word_core(t))
}

/// Cost of a word key in a reordered line: a lone letter other than the
/// conjunction و is a piece, not a word, and pays for it.
fn key_cost(lex: &Lexicon, k: &str) -> f32 {
    if k.is_empty() {
        0.0
    } else if k.chars().count() == 1 && k != "و" {
        lex.cost(k) + 3.0
    } else {
        lex.cost(k)
    }
}

fn words_cost(lex: &Lexicon, toks: &[String]) -> f32 {
    toks.iter().map(|t| key_cost(lex, &word_key(t))).sum()
}

/// The cuts `0, c1, …, end` of a dynamic programme over pairs of
/// consecutive cuts, traced back from its last pair `(last, end)`.
fn trace_cuts(back: impl Fn(usize, usize) -> usize, last: usize, end: usize) -> Option<Vec<usize>> {
    let mut cuts = vec![end, last];
    let (mut c, mut nx) = (last, end);
    while c > 0 {
        let p = back(c, nx);
        if p == usize::MAX {
            return None;
        }
        cuts.push(p);
        nx = c;
        c = p;
    }
    cuts.reverse();
    Some(cuts)
}

/// Which tokens of `text` a tab follows (the last of each tab-separated
/// segment), for [`reorder_tab_runs`].
pub fn tab_cut_after(text: &str) -> Vec<bool> {
    text.split('\t')
        .flat_map(|seg| {
            let n = seg.split_whitespace().count();
            (0..n).map(move |i| i + 1 == n)
        })
        .collect()
}

/// Suffixes Persian and Urdu attach with a ZWNJ (normalised, ی folded to
/// ي), longest first: a word read as stem and suffix takes the longest
/// (`هايي` before `اي`).
pub(super) const ZWNJ_SUFFIXES: [&str; 23] = [
    "هايشان",
    "هايتان",
    "هايمان",
    "ترين",
    "هايش",
    "هايت",
    "هايم",
    "هايي",
    "يشان",
    "هاي",
    "ايي",
    "اند",
    "ايم",
    "ايد",
    "مان",
    "تان",
    "شان",
    "ها",
    "اي",
    "ام",
    "ات",
    "اش",
    "تر",
];

/// The key hashes of [`ZWNJ_SUFFIXES`], hashed once.
fn zwnj_suffix_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        ZWNJ_SUFFIXES
            .iter()
            .map(|s| s.chars().fold(KEY_HASH_START, key_hash_push))
            .collect()
    })
}

/// Longest token [`split_glued`] tries (two long words with their marks).
const MAX_GLUED_BYTES: usize = 120;

/// Two-letter function words (normalised), the only two-letter words a
/// glued token is split into: another two-letter piece is as often a
/// letter printed across a space (`قل` from `الطرا قلرئيسية`).
const SHORT_WORDS: [&str; 36] = [
    "في", "من", "عن", "أن", "إن", "لا", "ما", "لم", "لن", "قد", "هو", "هي", "ثم", "أو", "بل", "كل",
    "إذ", "از", "به", "در", "را", "با", "كه", "تا", "يا", "نه", "هر", "آن", "كي", "كا", "كے", "سے",
    "نے", "ہے", "پر", "يہ",
];

/// Two words printed with no space between them, read as one token: the
/// cut at a cluster boundary (three letters or more on each side, or one
/// of `SHORT_WORDS`) where both
/// sides are words and together they gain more than 4.0 (log10) over the
/// token, which no word spells. Returns the two sides and the gain.
pub fn split_glued(lex: &Lexicon, tok: &str) -> Option<(String, String, f32)> {
    // (A ZWNJ joins the pieces of one Persian word: `کارگاه‌هایی`.
    // Presentation forms are another defect's: letters printed across
    // spaces.)
    if !tok
        .chars()
        .all(|c| (is_letter(c) || is_mark(c)) && c != ZWNJ && !is_pf(c))
    {
        return None;
    }
    // Two words: a bounded token (each cut looks both sides up).
    if tok.len() > MAX_GLUED_BYTES {
        return None;
    }
    let whole = normalise(tok);
    if lex.known(&whole).is_some() || whole.chars().count() < 4 {
        return None;
    }
    // A word with such a suffix, its ZWNJ dropped, is one word too
    // (`کتابخانهای`, which would split as `کتاب` + `خانهای`).
    if ZWNJ_SUFFIXES.iter().any(|sfx| {
        whole
            .strip_suffix(sfx)
            .is_some_and(|stem| lex.known(stem).is_some())
    }) {
        return None;
    }
    // The token's cost (a trigram walk: no word spells it) once a cut
    // into two words is found.
    let mut cost: Option<f32> = None;
    let cl = clusters(tok);
    let mut best: Option<(usize, f32)> = None;
    let mut at = 0;
    // Where the cut falls in the whole key: with letters and marks only,
    // each side's key is a prefix or suffix of it (no key built per cut),
    // and the left side's hash grows cut by cut.
    let mut key_at = 0;
    let mut left_hash = KEY_HASH_START;
    // Both sides' lengths in characters, counted cut by cut.
    let whole_n = whole.chars().count();
    let mut left_n = 0;
    for k in 1..cl.len() {
        at += cl[k - 1].len();
        for c in cl[k - 1].chars().filter_map(key_char) {
            key_at += c.len_utf8();
            left_hash = key_hash_push(left_hash, c);
            left_n += 1;
        }
        let (kl, kr) = (&whole[..key_at], &whole[key_at..]);
        // Persian and Urdu write these suffixes after a ZWNJ, which
        // extractors drop: `کتابخانهای` is one word.
        let short = |k: &str, n: usize| n < 2 || (n == 2 && !SHORT_WORDS.contains(&k));
        if short(kl, left_n) || short(kr, whole_n - left_n) || ZWNJ_SUFFIXES.contains(&kr) {
            continue;
        }
        let Some(cl_) = lex.known_hashed(left_hash) else {
            continue;
        };
        let Some(cr) = lex.known(kr) else {
            continue;
        };
        let gain = *cost.get_or_insert_with(|| lex.cost(&whole)) - cl_ - cr;
        if best.is_none_or(|(_, g)| gain > g) {
            best = Some((at, gain));
        }
    }
    let (at, gain) = best.filter(|&(_, g)| g > 4.0)?;
    Some((tok[..at].to_string(), tok[at..].to_string(), gain))
}

/// Undo a line whose runs were cut at kashida points *inside* tokens and
/// printed in reversed order with the kashida left as the separator
/// (`ـمي أن القــرار يعكسـك في بيــان رســح البنــات …` for `… البنك في
/// بيان رسمي أن القرار يعكس`). Not every kashida is a cut: justification
/// stretches words too (`القــرار`). A dynamic programme over pairs of
/// consecutive cuts, like [`reorder_runs`], picks the kashida points that
/// are cuts; the others are dropped. Returns the new tokens and the gain over
/// the line with every kashida dropped, when every cut pays for itself.
pub fn reorder_kashida_runs(lex: &Lexicon, line: &str) -> Option<(Vec<String>, f32)> {
    let line = line.trim_matches(|c: char| c == TATWEEL || c.is_whitespace());
    // Pieces between the tatweels that may be cuts: an authored one
    // (`هـ.` after a year, `لـ«الشرق»`) stays inside its piece.
    let mut pieces: Vec<&str> = Vec::new();
    let mut from = 0;
    for tok in line.split_whitespace() {
        let at = tok.as_ptr() as usize - line.as_ptr() as usize;
        tatweel_runs(tok, |start, end, authored| {
            if !authored {
                pieces.push(&line[from..at + start]);
                from = at + end;
            }
        });
    }
    pieces.push(&line[from..]);
    pieces.retain(|p| !p.is_empty());
    let m = pieces.len();
    if m < 3 {
        return None;
    }
    // Every kashida a cut, as the reading to beat (each cut must pay for
    // itself, or a justified line with a few kashidas inside ordinary words
    // would pass).
    let all: String = pieces.iter().rev().copied().collect();
    let orig: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let every: Vec<String> = all.split_whitespace().map(str::to_string).collect();
    let every_gain = words_cost(lex, &orig) - words_cost(lex, &every);
    let every = (every_gain > 2.0 * m as f32).then_some((every, every_gain));
    // The search builds every run's text: a bounded line only. A number
    // splits a line into parts laid out apart, which one cut sequence
    // does not describe.
    if m > 40 || line.len() > 4096 || line.chars().any(|c| c.is_numeric()) {
        return every;
    }
    // Most kashidas in such a line are cuts (justification stretches a few
    // words only): each cut earns a little.
    let chosen = best_cuts(lex, &pieces, -1.0, line.len(), true, 2.0, &[]);
    match (chosen, every) {
        (Some(c), Some(e)) => Some(if c.1 > e.1 { c } else { e }),
        (c, e) => c.or(e),
    }
}

/// Undo a line cut once inside a word (at a kashida or a ZWNJ) and printed
/// with its two runs swapped and glued where they meet (pdf.js on
/// LibreOffice's and XeLaTeX's PDFs): `ير على عدد منتسببت الأمطار … حركة
/// الس` for `تسببت الأمطار … حركة السير على عدد من`. The cut word's pieces
/// stand at the printed line's ends and the line's own ends are glued
/// inside it, so the reading is fixed: the last and first printed pieces
/// make a known word that at least one of them is not, and one token the
/// lexicon lacks parts into two known words. (A run of one word glues the
/// cut word's piece itself: `های … بلکهکتابخانه`.) Returns the new tokens
/// and the gain of both mends together.
pub fn reorder_two_glued_runs(lex: &Lexicon, toks: &[String]) -> Option<(Vec<String>, f32)> {
    let n = toks.len();
    if !(3..=GLUED_PIECES).contains(&n) {
        return None;
    }
    // Kashidas left at the cut are read as the cut (justification ones
    // go too, as the tatweel step takes them).
    let stripped: Vec<String>;
    let toks = if toks.iter().any(|t| has_tatweel(t)) {
        stripped = toks.iter().map(|t| strip_tatweel(t)).collect();
        &stripped[..]
    } else {
        toks
    };
    // A piece's cost as a word (a lone letter pays), and whether it is no
    // likely word. (Asked only once the joined word is known.)
    let piece_cost = |t: &str| {
        let rare = lex.known_word(word_core(t)).is_none_or(|c| c > GLUED_RARE);
        (key_cost(lex, &word_key(t)), rare)
    };
    // The cut word: its start (`w1`) ends the printed line, its end (`w2`)
    // opens it; the gain of joining them.
    let cut_word = |w1: &str, w2: &str| -> Option<f32> {
        if !w1.ends_with(is_letter) || !w2.starts_with(is_letter) {
            return None;
        }
        // (The joined lookup first: on most lines it is no word.)
        let joined = lex.known_joined(word_core(w1), word_core(w2))?;
        let (c1, rare1) = piece_cost(w1);
        let (c2, rare2) = piece_cost(w2);
        let gain = c1 + c2 - joined;
        (joined <= TWO_RUNS_JOINED && (rare1 || rare2) && gain >= TWO_RUNS_END).then_some(gain)
    };
    let ends = cut_word(&toks[n - 1], &toks[0]);
    // Asked of every line: most end in words, so the rest is not read.
    let known = |t: &str| lex.known_word(word_core(t)).is_some();
    if ends.is_none() && known(&toks[0]) && known(&toks[n - 1]) {
        return None;
    }
    // Numbers are laid out apart (the line is no two runs), tabs are cuts
    // another step reads, and letters spaced apart are another defect.
    if letters_spaced_apart(toks)
        || toks
            .iter()
            .any(|t| t.contains('\t') || t.contains(is_digit))
    {
        return None;
    }
    // The glued token (index, byte of the cut, gain of both mends): no
    // word, parted into the printed line's last word (maybe with its
    // sentence end) and its first.
    let mut best: Option<(usize, usize, f32)> = None;
    for (i, t) in toks.iter().enumerate() {
        let edge = i == 0 || i + 1 == n;
        if !edge && ends.is_none() {
            continue;
        }
        // Two words glued are short; each split point hashes both sides,
        // so a longer token (a hostile line) is not tried.
        let core = word_core(t);
        if core.is_empty() || core.len() > TWO_RUNS_TOKEN {
            continue;
        }
        let (_, h) = key_len_hash(core);
        if lex.known_hashed(h).is_some() {
            continue;
        }
        let mut whole: Option<f32> = None;
        let mut prev: Option<char> = None;
        for (k, c) in t.char_indices() {
            let split = prev.is_some_and(|p| is_letter(p) || matches!(p, '.' | '،' | '!' | '؟'))
                && is_letter(c);
            prev = Some(c);
            if !split {
                continue;
            }
            // Each side a known word of two letters or more (the left
            // side first: most are none).
            let word = |s: &str| {
                let (len, h) = key_len_hash(word_core(s));
                (len >= 2).then(|| lex.known_hashed(h)).flatten()
            };
            let Some(a) = word(&t[..k]) else {
                continue;
            };
            let Some(b) = word(&t[k..]) else {
                continue;
            };
            let split_gain = *whole.get_or_insert_with(|| lex.cost_word(core)) - a - b;
            // At an edge, the glued token's own part is the cut word's
            // piece there.
            let end_gain = match (i == 0, i + 1 == n) {
                (true, _) => cut_word(&toks[n - 1], &t[..k]),
                (_, true) => cut_word(&t[k..], &toks[0]),
                _ => ends,
            };
            let Some(end_gain) = end_gain else {
                continue;
            };
            let gain = split_gain + end_gain;
            if split_gain >= TWO_RUNS_GAIN
                && gain >= 2.0 * TWO_RUNS_GAIN
                && best.is_none_or(|(_, _, g)| gain > g)
            {
                best = Some((i, k, gain));
            }
        }
    }
    let (i, k, gain) = best?;
    // The printed runs: the second (from the line's first token to the
    // glued token's first part) and the first (the rest).
    let mut printed: Vec<&str> = toks.iter().map(String::as_str).collect();
    printed.splice(i..=i, [&toks[i][..k], &toks[i][k..]]);
    let (second, first) = printed.split_at(i + 1);
    let (w1, w2) = (first[first.len() - 1], second[0]);
    // Persian and Urdu write a ZWNJ where the cut fell when the word's
    // usual spelling has one there (`کتابخانه‌های`).
    let at = key_len_hash(word_core(w1)).0;
    let zwnj = lex
        .zwnj_positions_chars(key_chars(word_core(w1)).chain(key_chars(word_core(w2))))
        .is_some_and(|p| p.iter().any(|&p| usize::from(p) == at));
    let mut out: Vec<String> = Vec::with_capacity(n);
    out.extend(first[..first.len() - 1].iter().map(|t| t.to_string()));
    out.push(if zwnj {
        format!("{w1}{ZWNJ}{w2}")
    } else {
        format!("{w1}{w2}")
    });
    out.extend(second[1..].iter().map(|t| t.to_string()));
    Some((out, gain))
}

/// What [`reorder_two_glued_runs`] must gain (log10): parting the glued
/// token this much, both mends twice as much.
const TWO_RUNS_GAIN: f32 = 3.0;

/// And joining the cut word at least this much (Persian words cut at a
/// ZWNJ gain little: `کتابخانه` + `های`, 1.9).
const TWO_RUNS_END: f32 = 1.5;

/// Longest glued token [`reorder_two_glued_runs`] parts, in bytes (forty
/// Arabic letters).
const TWO_RUNS_TOKEN: usize = 80;

/// The cut word [`reorder_two_glued_runs`] joins is a word the lexicon has
/// met (log10 cost): `السير` 4.3, `کتابخانه‌های` 5.1; at 5.5, `قصه‌گویی`
/// was left, and at 6.5 no clean text (corpus, probes, 250 wrapped texts)
/// changes.
const TWO_RUNS_JOINED: f32 = 6.5;

/// Undo a line cut at kashida points and printed with its runs in reversed
/// order, where the extractor dropped the kashidas and glued the runs
/// (pdf_oxide and pypdf on LibreOffice's kashida-justified PDFs):
/// `دد منير على عة السل حركر …` for `… حركة السير على عدد من`. The cuts
/// fall inside words, after a letter that joins the next; each glued token
/// holds one (`من|ير`). Points are sought only in tokens that are no
/// likely word, and each cut taken costs: the line must gain over its
/// printed reading by far more than the cuts could by chance. Returns the
/// new tokens and that gain.
pub fn reorder_glued_runs(lex: &Lexicon, toks: &[String]) -> Option<(Vec<String>, f32)> {
    glued_pieces(lex, toks, false)?.search(lex)
}

/// Does a line read as glued runs ([`reorder_glued_runs`])? `None` when it
/// has too few tokens that may hold a cut to be searched.
///
/// Asked of a document's first lines: only a line with a few tokens that
/// are no word at all (the glued ends), a fifth of it, is searched.
pub fn glued_runs_line(lex: &Lexicon, toks: &[String]) -> Option<bool> {
    Some(glued_pieces(lex, toks, true)?.search(lex).is_some())
}

/// A line cut where [`reorder_glued_runs`] may cut it.
struct GluedPieces {
    /// The tokens joined by spaces (built only for a line searched).
    line: String,
    /// Where each piece of `line` starts: the text between the points, each
    /// token's space kept with the piece after it.
    starts: Vec<usize>,
    /// Per point (indexed like the pieces' starts): does it follow a letter
    /// that does not join?
    loose: Vec<bool>,
}

impl GluedPieces {
    /// The best reading of the pieces, when it pays (see [`best_cuts`]).
    fn search(&self, lex: &Lexicon) -> Option<(Vec<String>, f32)> {
        let ends = self.starts[1..].iter().copied().chain([self.line.len()]);
        let pieces: Vec<&str> = self
            .starts
            .iter()
            .zip(ends)
            .map(|(&a, b)| &self.line[a..b])
            .collect();
        best_cuts(
            lex,
            &pieces,
            GLUED_CUT,
            self.line.len(),
            false,
            GLUED_PER_RUN,
            &self.loose,
        )
    }
}

/// The pieces of `line` (`toks` joined by spaces) between the points where
/// [`reorder_glued_runs`] may cut; `None` for a line it does not search.
/// With `need_unknown`, only a line with three tokens that are no word at
/// all, a fifth of it, is searched.
fn glued_pieces(lex: &Lexicon, toks: &[String], need_unknown: bool) -> Option<GluedPieces> {
    // Numbers are laid out apart (one cut sequence does not describe the
    // line), and a line with tatweel left is read by
    // `reorder_kashida_runs`.
    if !(4..=48).contains(&toks.len())
        || toks
            .iter()
            .any(|t| has_tatweel(t) || t.chars().any(|c| c.is_numeric() || c == '\t'))
    {
        return None;
    }
    // Letters spaced apart are another defect (their pieces join anyhow).
    if letters_spaced_apart(toks) {
        return None;
    }
    // Each token of two letters or more looked up once: most tokens of
    // such a line are two runs' ends or their pieces.
    // (Hashed without building the key: most lines are rejected here.)
    let costs: Vec<Option<Option<f32>>> = toks
        .iter()
        .map(|t| {
            let (n, h) = key_len_hash(word_core(t));
            (n >= 2).then(|| lex.known_hashed(h))
        })
        .collect();
    let rare_tokens: Vec<bool> = costs
        .iter()
        .map(|c| c.is_some_and(|c| c.is_none_or(|c| c > GLUED_RARE)))
        .collect();
    let n_rare = rare_tokens.iter().filter(|&&r| r).count();
    if n_rare < 3 || n_rare * 4 < toks.len() {
        return None;
    }
    let unknown = costs.iter().filter(|c| matches!(c, Some(None))).count();
    if need_unknown && (unknown < 3 || unknown * 5 < toks.len()) {
        return None;
    }
    let mut starts = vec![0];
    let mut loose = vec![false];
    let mut at = 0;
    let mut points = 0;
    for (t, &rare) in toks.iter().zip(&rare_tokens) {
        if rare {
            let mut prev: Option<char> = None;
            for (i, c) in t.char_indices() {
                if prev.is_some_and(is_letter) && is_letter(c) {
                    starts.push(at + i);
                    loose.push(!prev.is_some_and(joins_next));
                    points += usize::from(prev.is_some_and(joins_next));
                }
                prev = Some(c);
            }
        }
        at += t.len() + 1;
    }
    loose.push(false);
    // Three runs at least (two cuts), and a bounded search.
    (points >= 2 && starts.len() <= GLUED_PIECES).then(|| GluedPieces {
        line: toks.join(" "),
        starts,
        loose,
    })
}

/// Are a quarter of the tokens single letters (`ا ل و ز ا ر ة`)? Such
/// pieces join their neighbours in any order, so the glued-run readings,
/// which part and join tokens, leave the line to the stages for spaced
/// letters.
fn letters_spaced_apart(toks: &[String]) -> bool {
    let singles = toks
        .iter()
        .filter(|t| t.chars().filter(|&c| is_letter(c)).count() == 1)
        .count();
    singles * 4 > toks.len()
}

/// Most pieces [`reorder_glued_runs`] searches (its programme is cubic in
/// them).
const GLUED_PIECES: usize = 48;

/// What a cut costs in [`reorder_glued_runs`] (log10): most points there
/// are no cut.
const GLUED_CUT: f32 = 1.0;

/// Tokens rarer than this (log10) may be two runs' ends glued.
const GLUED_RARE: f32 = 4.0;

/// Gain each run of a [`reorder_glued_runs`] reading must bring (log10).
/// Measured on repair-dev (pdf_oxide on LibreOffice's PDFs): right readings
/// gain 3.9–6.0 a run, wrong ones (a line's runs only partly glued, or
/// spaced letters) 2.3–3.8; at 2.0 a run, as for kashida runs, clean text
/// gives none.
const GLUED_PER_RUN: f32 = 3.85;

/// The dynamic programme of [`reorder_kashida_runs`] and
/// [`reorder_glued_runs`]: `pieces` are the line's text between the points
/// that may be cuts, in printed order; a cut sequence reads the runs
/// between its cuts last to first. `cut` is the cost of each cut taken
/// (negative where most points are cuts). The best sequence is kept when
/// its line reads as words and gains over the flat line `per_run` a run;
/// with `glued_tokens`, also when the tokens the cuts fell in were mostly
/// no words (where the points lie in any token).
fn best_cuts(
    lex: &Lexicon,
    pieces: &[&str],
    cut: f32,
    len: usize,
    glued_tokens: bool,
    per_run: f32,
    loose: &[bool],
) -> Option<(Vec<String>, f32)> {
    let m = pieces.len();
    let word_cost = |w: &str| -> f32 {
        let k = word_key(w);
        if k.is_empty() { 0.0 } else { lex.cost(&k) }
    };
    // Per run [s, e): its first word, its last word, the cost of the words
    // between them, and whether it holds a space at all.
    // (Heads and tails are interned in `edges`: the programme below asks
    // for O(m³) junctions, but a line has few distinct edge words, so each
    // junction's word is costed once.)
    struct Run {
        head: usize,
        tail: usize,
        inner: f32,
        spaced: bool,
    }
    let mut edges: Vec<String> = Vec::new();
    // (foldhash: these maps are asked O(m³) times; a line bounds them.)
    let mut edge_ids: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut intern = |w: &str| match edge_ids.get(w) {
        Some(&id) => id,
        None => {
            edge_ids.insert(w.to_string(), edges.len());
            edges.push(w.to_string());
            edges.len() - 1
        }
    };
    // Run [s, e) at `s * (m + 1) + e`.
    let at = |s: usize, e: usize| s * (m + 1) + e;
    let mut runs: Vec<Option<Run>> = (0..(m + 1) * (m + 1)).map(|_| None).collect();
    // The same inner words come back in O(m²) runs: each is costed once.
    let mut costs: foldhash::HashMap<String, f32> = foldhash::HashMap::default();
    let mut inner_cost = |w: &str| match costs.get(w) {
        Some(&c) => c,
        None => {
            let c = word_cost(w);
            costs.insert(w.to_string(), c);
            c
        }
    };
    for s0 in 0..m {
        // The run's text grows a piece at a time; its words are kept as
        // spans (only the last can grow), and the cost of the words no
        // longer last is summed as they are passed (a run's text is not
        // split again for every end).
        let mut text = String::new();
        let mut words: Vec<(usize, usize)> = Vec::new();
        let head_open = !pieces[s0].starts_with(char::is_whitespace);
        let lo = usize::from(head_open);
        let mut settled = 0.0f32;
        for e in s0 + 1..=m {
            let piece = pieces[e - 1];
            let base = text.len();
            let glued = !text.is_empty()
                && !text.ends_with(char::is_whitespace)
                && !piece.starts_with(char::is_whitespace);
            text.push_str(piece);
            for (k, w) in piece.split_whitespace().enumerate() {
                let from = base + (w.as_ptr() as usize - piece.as_ptr() as usize);
                match words.last_mut() {
                    Some(last) if k == 0 && glued => last.1 = from + w.len(),
                    _ => {
                        // The word before is no longer last: settled.
                        if let Some(&(a, b)) = words.last()
                            && words.len() > lo
                        {
                            settled += inner_cost(&text[a..b]);
                        }
                        words.push((from, from + w.len()));
                    }
                }
            }
            let word = |i: usize| words.get(i).map_or("", |&(a, b)| &text[a..b]);
            let spaced = words.len() > 1;
            let head = if head_open { word(0) } else { "" };
            let tail_open = !text.ends_with(char::is_whitespace);
            let tail = if tail_open {
                word(words.len().wrapping_sub(1))
            } else {
                ""
            };
            // The words [lo, hi): all but the run's open ends.
            let hi = words.len() - usize::from(!tail.is_empty() && spaced);
            let inner = if hi == words.len() && words.len() > lo {
                settled + inner_cost(word(words.len() - 1))
            } else {
                settled
            };
            runs[at(s0, e)] = Some(Run {
                head: intern(head),
                tail: intern(tail),
                inner,
                spaced,
            });
        }
    }
    let run = |s: usize, e: usize| runs[at(s, e)].as_ref();
    // The word a junction makes: a run's last word, then the first word of
    // the run printed before it.
    let mut junctions: foldhash::HashMap<(usize, usize), f32> = foldhash::HashMap::default();
    let mut junction = |a: &Run, b: &Run| {
        *junctions
            .entry((a.tail, b.head))
            .or_insert_with(|| word_cost(&format!("{}{}", edges[a.tail], edges[b.head])))
    };
    let neg = f32::NEG_INFINITY;
    // f[p][c]: best score (negative cost) with the last two cuts p < c.
    let mut f = vec![neg; (m + 1) * (m + 1)];
    let mut back = vec![usize::MAX; (m + 1) * (m + 1)];
    for c in 1..m {
        let r = run(0, c)?;
        // The first run printed ends the line.
        let end = if r.spaced {
            word_cost(&edges[r.tail])
        } else {
            0.0
        };
        f[at(0, c)] = -(r.inner + end);
    }
    for c in 1..m {
        for p in 0..c {
            if f[at(p, c)] == neg {
                continue;
            }
            let before = run(p, c)?;
            for nx in c + 1..=m {
                let r = run(c, nx)?;
                // A run inside the line without a space would be glued on
                // both sides (a word cut twice): not scored, not taken.
                if !r.spaced && nx < m {
                    continue;
                }
                // A point after a letter that does not join is no kashida:
                // only the first cut printed, the line's end, falls there.
                if loose.get(nx).copied().unwrap_or(false) {
                    continue;
                }
                let j = junction(r, before);
                let start = if nx == m && r.spaced {
                    word_cost(&edges[r.head])
                } else {
                    0.0
                };
                let v = f[at(p, c)] - r.inner - j - start - cut;
                if v > f[at(c, nx)] {
                    f[at(c, nx)] = v;
                    back[at(c, nx)] = p;
                }
            }
        }
    }
    // The DP's score ranks cut sequences; the reading is then judged by
    // its words' gain over the flat line, like the every-kashida one.
    let last = (1..m)
        .filter(|&c| f[at(c, m)] > neg)
        .max_by(|&a, &b| f[at(a, m)].total_cmp(&f[at(b, m)]))?;
    let cuts = trace_cuts(|c, nx| back[at(c, nx)], last, m)?;
    let mut joined = String::with_capacity(len);
    for w in cuts.windows(2).rev() {
        pieces[w[0]..w[1]].iter().for_each(|p| joined.push_str(p));
    }
    let new: Vec<String> = joined.split_whitespace().map(str::to_string).collect();
    let plain: String = pieces.concat();
    let flat: Vec<String> = plain.split_whitespace().map(str::to_string).collect();
    let gain = words_cost(lex, &flat) - words_cost(lex, &new);
    let n_cuts = cuts.len() - 2;
    // Garbled lines (glyphs printed as kashidas, unfolded forms) offer
    // chance gains: the new line must read as words, nearly all of them.
    let keys: Vec<String> = new
        .iter()
        .map(|t| word_key(t))
        .filter(|k| !k.is_empty())
        .collect();
    let unknown = keys.iter().filter(|k| lex.known(k).is_none()).count();
    // (Where points lie in any token, a reading that left a cut out
    // keeps a glued token: one unknown word at most.)
    let reads = unknown * 5 <= keys.len() && (glued_tokens || unknown <= 1);
    // Where a cut was, the printed token glued two runs' ends: mostly not
    // a word. A justified line whose stretched words happen to recombine
    // has known words there.
    let glued_unknown = cuts[1..cuts.len() - 1]
        .iter()
        .filter(|&&k| {
            let left = pieces[k - 1]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            let right = pieces[k].split(char::is_whitespace).next().unwrap_or("");
            let key = word_key(&format!("{left}{right}"));
            !key.is_empty() && lex.known(&key).is_none()
        })
        .count();
    let glued = !glued_tokens || glued_unknown * 2 >= n_cuts;
    (reads && glued && n_cuts >= 2 && gain > per_run * (n_cuts + 1) as f32).then_some((new, gain))
}

/// A line that reads as runs printed in reversed order even with no kashida
/// to mark the cuts (extractors that drop tatweel print `ير، في ية دون تغي
/// دة الرئيس …` for `… الرئيسية دون تغيير، في`): a reordering with two cuts
/// or more, each making a known word, that gains far more than joining the
/// neighbouring pieces would (pieces of words cut by inserted spaces join
/// their neighbours; pieces of reversed runs join pieces further away).
/// `None` when the line has too few pieces to be worth the search.
pub fn runs_without_kashida(lex: &Lexicon, toks: &[String]) -> Option<bool> {
    if !(4..=48).contains(&toks.len()) {
        return None;
    }
    // Letters spaced apart or marks torn off (`ن ا ش ر`, `َو َم ْن`) are
    // other defects: such pieces join their neighbours in any order.
    let torn = toks
        .iter()
        .any(|t| t.chars().next().is_some_and(is_mark) || (t.contains('(') && t.contains("(cid:")));
    if torn {
        return None;
    }
    // Read from the keys' hashes, never built: the profile asks this of
    // every line of a document's first window.
    let cores: Vec<&str> = toks.iter().map(|t| word_core(t)).collect();
    let keys: Vec<(usize, u64)> = cores.iter().map(|c| key_len_hash(c)).collect();
    let (mut fragments, mut singles) = (0, 0);
    for (&core, &(n, h)) in cores.iter().zip(&keys) {
        if n == 0 {
            continue;
        }
        singles += usize::from(n == 1);
        let lone = n == 1 && key_chars(core).next() != Some('و');
        fragments += usize::from(lone || lex.known_hashed(h).is_none_or(|c| c > 5.0));
    }
    if fragments < 3 || singles * 4 > toks.len() {
        return None;
    }
    let Some((v, gain)) = reorder_runs(lex, toks) else {
        return Some(false);
    };
    if toks.len() < v.len() + 2 {
        return Some(false);
    }
    // Joining each piece to its right-hand neighbour instead.
    let mut adjacent = 0.0f32;
    let mut i = 0;
    while i + 1 < cores.len() {
        let (a, b) = (cores[i], cores[i + 1]);
        if keys[i].0 > 0
            && keys[i + 1].0 > 0
            && let Some(c) = lex.known_joined(a, b)
        {
            let g = lex.cost_word(a) + lex.cost_word(b) - c;
            if g > 0.0 {
                adjacent += g;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    Some(gain > 8.0 && gain > 2.0 * adjacent)
}

/// Put back a sentence period an extractor printed a word off in a line
/// whose words are in logical order but whose runs are in visual order
/// (pypdf on pango's PDFs). The layout puts a line's period between its two
/// runs, the later sentence on the left; the extractor prints the later
/// run first, the period on its last word:
/// `وأوضح البنك أن القرار يعكس التحسن. جاءت متوافقة مع التوقعات` for
/// `جاءت متوافقة مع التوقعات. وأوضح البنك أن القرار يعكس التحسن`. A
/// period on the line's first word is taken for the paragraph's (its last
/// line prints it there; a one-word sentence start is rarer). Lines with
/// one such period only, and without digits or Latin letters.
pub fn place_displaced_period(toks: &[String]) -> Option<Vec<String>> {
    let n = toks.len();
    if n < 2
        || toks.iter().any(|t| {
            t.chars()
                .any(|c| c.is_ascii_alphanumeric() || c.is_numeric())
        })
    {
        return None;
    }
    // The period is on one side of a word or the other (a reversed word
    // printed with it may still have it in front).
    let is_stop = |c: char| matches!(c, '.' | '؟' | '!');
    let word = |t: &str| t.chars().any(|c| c.is_alphabetic());
    let stop = |t: &String| word(t) && (t.ends_with(is_stop) || t.starts_with(is_stop));
    let mut stops = toks.iter().enumerate().filter(|(_, t)| stop(t));
    let (i, _) = stops.next()?;
    if stops.next().is_some() || i + 1 == n {
        return None;
    }
    let mark = toks[i].chars().find(|&c| is_stop(c))?;
    let bare = |t: &String| t.replacen(mark, "", 1);
    let mut out: Vec<String> = Vec::with_capacity(n);
    if i == 0 {
        // The paragraph's period, on the line's first word.
        out.extend(
            toks.iter()
                .enumerate()
                .map(|(k, t)| if k == i { bare(t) } else { t.clone() }),
        );
        out.last_mut()?.push(mark);
        return Some(out);
    }
    // The later run is tokens 0..=i; the earlier one follows.
    let (later, earlier) = toks.split_at(i + 1);
    out.extend(earlier.iter().cloned());
    out.last_mut()?.push(mark);
    out.extend(
        later
            .iter()
            .enumerate()
            .map(|(k, t)| if k == i { bare(t) } else { t.clone() }),
    );
    Some(out)
}

/// Undo a line whose reversed runs an extractor separated with tabs
/// (`و أربعين⇥د نح⇥أعلن … على بع` for `أعلن … على بعد نحو أربعين`): the
/// cuts are known, so the runs are put back in order and each junction is
/// joined when its pieces make a likelier word. `cut_after[i]` is true when
/// a tab follows token `i`. Returns the new tokens and the gain, or `None`
/// when most junctions do not read as words.
pub fn reorder_tab_runs(
    lex: &Lexicon,
    toks: &[String],
    cut_after: &[bool],
) -> Option<(Vec<String>, f32)> {
    if toks.len() != cut_after.len() || toks.len() > 4096 {
        return None;
    }
    let mut runs: Vec<&[String]> = Vec::new();
    let mut start = 0;
    for (i, &cut) in cut_after.iter().enumerate() {
        if cut || i + 1 == toks.len() {
            runs.push(&toks[start..=i]);
            start = i + 1;
        }
    }
    if runs.len() < 2 {
        return None;
    }
    let (mut joins, mut misses, mut gain) = (0usize, 0usize, 0.0f32);
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    for run in runs.iter().rev() {
        let mut it = run.iter();
        if let (Some(last), Some(first)) = (out.last_mut(), it.next()) {
            let (a, b) = (word_key(last), word_key(first));
            let joined = format!("{a}{b}");
            let g = if a.is_empty() || b.is_empty() || last.ends_with(is_clause_punct) {
                None
            } else {
                let cj = lex.known(&joined).unwrap_or_else(|| lex.cost(&joined));
                Some(lex.cost(&a) + lex.cost(&b) - cj)
            };
            match g {
                Some(g) if g > 0.0 => {
                    joins += 1;
                    gain += g;
                    last.push_str(first);
                }
                _ => {
                    misses += 1;
                    out.push(first.clone());
                }
            }
        } else if let Some(first) = run.first() {
            out.push(first.clone());
        }
        out.extend(it.cloned());
    }
    (joins > misses && gain > 2.0 * joins as f32).then_some((out, gain))
}

/// The gain [`reorder_runs_in`] gives a line a kashida marks as cut at
/// least (confidence 0.91, over the default threshold): leaving it as
/// printed is certainly wrong.
const MARKED_GAIN: f32 = 3.0;

/// The last character of `t` that is not a mark: the letter a kashida
/// after a vocalised cluster (`الْكِتَـ`) stretches.
fn last_letter(t: &str) -> Option<char> {
    t.chars().rev().find(|&c| !is_mark(c))
}

/// Undo a line cut into runs at glyph-cluster boundaries and printed with the
/// runs in reversed order, joined by spaces.
///
/// With the printed tokens `t` and cuts `0 = c0 < c1 < … < cm = n`, the runs
/// are `P_k = t[c(k-1)..c(k)]` and the line reads `P_m … P_1`, the last token
/// of each run joined to the first token of the run after it: junction `k`
/// joins `t[c(k+1) - 1]` and `t[c(k-1)]`. A dynamic programme over pairs of
/// consecutive cuts picks the cuts whose joined words gain most under the
/// lexicon. Kashida cuts are certain: a token that starts with tatweel opens a
/// run (and is not the line's first word), one that ends with tatweel closes
/// one. Returns the new tokens and the gain in log10 units.
///
/// With one cut the joined word is the same wherever the cut is (the last
/// printed token with the first): every rotation of the line's words reads
/// the same. The cut then goes where the paragraph's last sentence ends or
/// no fragment is left at the line's ends. Without either, a line a kashida
/// marks as cut ends with its only sentence end, or else has the cut word
/// joined at its start (the printed order otherwise kept), at confidence
/// 0.91; any other line's best guess is returned with a gain of 2.0
/// (confidence 0.5): to report, not to apply. Junctions join letters only:
/// no digit in either piece, no punctuation at the cut.
pub fn reorder_runs(lex: &Lexicon, toks: &[String]) -> Option<(Vec<String>, f32)> {
    reorder_runs_in(lex, toks, false)
}

/// [`reorder_runs`] for a line that may end its paragraph
/// (`ends_paragraph`: the next line is blank or the text ends). A
/// paragraph's last line ends its last sentence, so with one cut the
/// reading that puts a sentence end last is taken, not merely preferred.
pub fn reorder_runs_in(
    lex: &Lexicon,
    toks: &[String],
    ends_paragraph: bool,
) -> Option<(Vec<String>, f32)> {
    let n = toks.len();
    if !(3..=48).contains(&n) {
        return None;
    }
    let keys: Vec<String> = toks.iter().map(|t| word_key(t)).collect();
    let cost: Vec<f32> = keys.iter().map(|k| key_cost(lex, k)).collect();
    let opens = |i: usize| toks[i].starts_with(TATWEEL);
    // A one-letter token with a tatweel next to a number is written so
    // (`بـ 5.3`, `1445 هـ`), not cut.
    let numeric = |i: Option<&String>| i.is_some_and(|t| t.starts_with(|c: char| c.is_numeric()));
    let closes = |i: usize| {
        let t = toks[i].trim_end_matches(TATWEEL);
        t.len() < toks[i].len()
            && last_letter(t).is_some_and(joins_next)
            && !(t.chars().filter(|&c| is_letter(c)).count() == 1
                && (numeric(toks.get(i + 1))
                    || numeric(i.checked_sub(1).and_then(|j| toks.get(j)))))
    };
    let fragment = |i: usize| !keys[i].is_empty() && is_fragment(lex, &keys[i]);
    // Gain of joining `a` (end of a run) and `b` (start of the next run read).
    // (A flat table, and the joined key hashed without being built: the
    // programme below asks for O(n³) junctions.)
    let mut memo: Vec<Option<Option<f32>>> = vec![None; n * n];
    let mut edges: Vec<[Option<bool>; 2]> = vec![[None; 2]; n];
    let mut join_gain = |a: usize, b: usize| -> Option<f32> {
        *memo[a * n + b].get_or_insert_with(|| {
            if keys[a].is_empty() || keys[b].is_empty() || a == b {
                return None;
            }
            if opens(b) {
                let end = last_letter(toks[a].trim_end_matches(TATWEEL))?;
                if !joins_next(end) {
                    return None;
                }
            }
            // Without a kashida, the pieces must make a known word.
            let joined_key = || keys[a].chars().chain(keys[b].chars());
            let joined = lex.known_hashed(joined_key().fold(KEY_HASH_START, key_hash_push));
            if !opens(b) && joined.is_none() {
                return None;
            }
            // (After the lookup: most pairs make no word. Each token's edges
            // are read once.)
            let mut edge = |i: usize, at_end: bool| {
                let slot = &mut edges[i][usize::from(at_end)];
                *slot.get_or_insert_with(|| cut_edge(&toks[i], at_end))
            };
            if !edge(a, true) || !edge(b, false) {
                return None;
            }
            let joined = joined.unwrap_or_else(|| lex.cost_chars(joined_key()));
            Some(cost[a] + cost[b] - joined)
        })
    };
    // The first token printed is a piece (of the word cut last) and so is
    // the last: without a sign of that on either end, the line was not cut.
    // Without it, only several junctions that each make a known word will do.
    // Single letters there are another defect's (a lam-alef printed apart).
    let ends_cut = opens(0) || fragment(0) || closes(n - 1) || fragment(n - 1);
    if !ends_cut && keys.iter().any(|k| k.chars().count() == 1 && k != "و") {
        return None;
    }
    // A run [s, e) is valid when no kashida mark sits inside it: no token
    // after its first opens one, none before its last closes one. (Prefix
    // counts: the programme below asks this of O(n³) runs.)
    let mut opened = vec![0usize; n + 1];
    let mut closed = vec![0usize; n + 1];
    for i in 0..n {
        opened[i + 1] = opened[i] + usize::from(opens(i));
        closed[i + 1] = closed[i] + usize::from(closes(i));
    }
    let run_ok = |s0: usize, e: usize| {
        e <= s0 + 1 || (opened[e] == opened[s0 + 1] && closed[e - 1] == closed[s0])
    };
    const CUT: f32 = 1.0;
    let neg = f32::NEG_INFINITY;
    // f[ix(p, c)]: best score with the last two cuts p < c (p = 0 is the
    // start).
    // (Flat tables, one allocation each: this runs on every line.)
    let ix = |p: usize, c: usize| p * (n + 1) + c;
    let mut f = vec![neg; (n + 1) * (n + 1)];
    let mut back = vec![usize::MAX; (n + 1) * (n + 1)];
    // The first run printed ends the line: its last token is a whole word.
    for c in 1..n {
        if run_ok(0, c) && !closes(c - 1) {
            f[ix(0, c)] = -CUT;
        }
    }
    for c in 1..n {
        for p in 0..c {
            if f[ix(p, c)] == neg {
                continue;
            }
            for nx in c + 1..=n {
                // A one-token run inside the line would be glued on both
                // sides (a word with two cuts), which the pair gains below
                // do not score.
                if !run_ok(c, nx) || (nx == c + 1 && nx < n) {
                    continue;
                }
                // Junction: the end of run [c, nx) joins the start of run [p, c).
                let Some(g) = join_gain(nx - 1, p) else {
                    continue;
                };
                let v = f[ix(p, c)] + g - if nx < n { CUT } else { 0.0 };
                if v > f[ix(c, nx)] {
                    f[ix(c, nx)] = v;
                    back[ix(c, nx)] = p;
                }
            }
        }
    }
    // The last cut starts the line's first word: not a piece of a word.
    let mut best: Option<(f32, usize)> = None;
    let mut second = neg;
    for c in 1..n {
        if f[ix(c, n)] == neg || opens(c) {
            continue;
        }
        let mut v = f[ix(c, n)];
        // With one cut, the joined word is the same wherever the cut is:
        // prefer whole words at the line's ends and a sentence end last.
        if back[ix(c, n)] == 0 {
            if (c + 1 < n && fragment(c)) || (c > 1 && fragment(c - 1)) {
                v -= 1.5;
            }
            if toks[c - 1].ends_with(['.', '۔', '!', '؟']) && ends_paragraph {
                v += 2.0;
            }
        } else if c + 1 < n && fragment(c) {
            v -= 1.5;
        }
        if best.is_none_or(|(b, _)| v > b) {
            second = best.map_or(neg, |(b, _)| b).max(second);
            best = Some((v, c));
        } else {
            second = second.max(v);
        }
    }
    let (score, mut last) = best?;
    if !ends_cut && (back[ix(last, n)] == 0 || score <= 6.0) {
        return None;
    }
    // A kashida opening the line's first token or closing its last marks a
    // cut for certain: the printed line cannot be right, so its best
    // reading is taken however little it gains.
    // (Not where a kashida sits inside a token: runs glued at kashida
    // points are [`reorder_kashida_runs`]'s to read. An authored tatweel,
    // `لـ«الشرق»`, `هـ)`, is no kashida.)
    let inner = toks.iter().any(|t| {
        let t = t.trim_matches(TATWEEL);
        let mut cut = false;
        if has_tatweel(t) {
            tatweel_runs(t, |_, _, authored| cut |= !authored);
        }
        cut
    });
    // So do ends that make a word together a thousand times likelier than
    // apart, one of them no word (`ات … يشمل ندو`, `ارة … تأثير الحر`).
    // (A letter alone is more likely printed apart from the word next to
    // it.)
    let pieces_meet = (fragment(0) || fragment(n - 1))
        && [0, n - 1].iter().all(|&i| keys[i].chars().nth(1).is_some())
        && join_gain(n - 1, 0).is_some_and(|g| g > 3.0);
    let marked = !inner && (opens(0) || closes(n - 1) || pieces_meet);
    // One cut and nothing to tell where: the line is better left as it is
    // than turned round at a guess; the guess goes out with the gain of a
    // coin toss (2.0, confidence 0.5), so it is reported, not applied.
    let mut ambiguous = back[ix(last, n)] == 0 && score - second < 0.5;
    // Where the cut is certain, the word it cut is joined. A line's only
    // sentence end printed inside it is likelier its end than any one
    // other place, so the cut goes after it; without one, the line is
    // otherwise kept as printed and the joined word goes to whichever end
    // reads better (the start on a tie): the word is whole again. (Of the
    // one-cut lines our clean texts make wrapped, the sentence end reads
    // two in five right, the cut word first one in six:
    // tools/eval/one_cut_rotation.py.)
    if ambiguous && marked {
        let one_cut = |c: usize| f[ix(c, n)] > neg && back[ix(c, n)] == 0 && !opens(c);
        let mut stops = toks[..n - 1]
            .iter()
            .enumerate()
            .filter(|(_, t)| t.ends_with(['.', '۔', '!', '؟']) && t.chars().any(is_letter));
        let stop = match (stops.next(), stops.next()) {
            (Some((i, _)), None) if one_cut(i + 1) => Some(i + 1),
            _ => None,
        };
        let least = stop.or_else(|| {
            [1, n - 1]
                .into_iter()
                .filter(|&c| one_cut(c))
                .max_by(|&a, &b| f[ix(a, n)].total_cmp(&f[ix(b, n)]))
        });
        if let Some(c) = least {
            last = c;
            ambiguous = false;
        }
    }
    // Kashida marks that the chosen cuts leave unexplained, or too little
    // gain: keep the line.
    if score <= 2.0 && !marked {
        return None;
    }
    let cuts = trace_cuts(|c, nx| back[ix(c, nx)], last, n)?;
    let runs: Vec<&[String]> = cuts.windows(2).map(|w| &toks[w[0]..w[1]]).collect();
    let mut out: Vec<String> = Vec::with_capacity(n);
    for run in runs.iter().rev() {
        let mut it = run.iter();
        if let (Some(last), Some(first)) = (out.last_mut(), it.next()) {
            last.push_str(first);
        } else if let Some(first) = run.first() {
            out.push(first.clone());
        }
        out.extend(it.cloned());
    }
    let gain = if ambiguous {
        2.0
    } else if marked {
        score.max(MARKED_GAIN)
    } else {
        score
    };
    Some((out, gain))
}

/// A space-removal cost at or above this keeps the space: spans across it are
/// not tried at all (no word is likely enough to pay for it).
pub const KEEP_SPACE: f32 = 8.0;

/// Parameters of re-segmentation (costs in log10 units).
#[derive(Debug, Clone, Copy)]
pub struct SegParams {
    /// Cost of removing a space that was there.
    pub del: f32,
    /// Cost of removing a space between two known words of two or more letters.
    pub del_known: f32,
    /// Cost of removing a space between two known words when the first ends
    /// in a letter that does not join the next: the place extractors see a
    /// gap inside a word.
    pub del_after_nonjoining: f32,
    /// Cost of inserting a space that was not there.
    pub ins: f32,
    /// Spaces are rarely inserted: only after the marks a token opens
    /// with, or inside a long token the lexicon does not know.
    pub ins_rarely: bool,
    /// The conjunction و is written joined to the next word (Arabic), so a
    /// lone `و` word is unlikely; Persian and Urdu write it alone.
    pub waw_prefix: bool,
    /// A lone و token is the conjunction (not when every letter of the text
    /// was printed apart, as with marks printed first).
    pub lone_waw_is_word: bool,
    /// Required total improvement before anything changes.
    pub margin: f32,
}

/// One unit of a run: a cluster and whether a space preceded it.
struct Unit<'a> {
    text: &'a str,
    base: char,
    space_before: bool,
    /// Cost of deleting the space before this unit.
    del: f32,
    tok: usize,
}

/// What the span search reads of one unit, precomputed once per run so a
/// span costs a few reads of one record instead of trigram lookups.
struct Slot {
    /// The unit's letter in the key ([`key_char`]: marks, tatweel, ZWNJ
    /// and ZWJ are not in it).
    letter: Option<char>,
    space_before: bool,
    del: f32,
    /// The next unit is in the same token: a span ending here inserts a space.
    glued_next: bool,
    /// A span may end here inside a token even where spaces are rarely
    /// inserted: after a mark, or inside a long token the lexicon lacks.
    cut_after: bool,
    /// Trigram cost of the letter as a span's first letter, its second
    /// (after the letter before it), and its third or later (after the two
    /// before it): a span's letters are the run's, in order.
    first: f32,
    second: f32,
    mid: f32,
    /// End cost after the letter when it is a span's only letter, and when
    /// it closes a span of two or more.
    end_single: f32,
    end_after: f32,
}

fn span_slots(lex: &Lexicon, units: &[Unit], splittable: &[bool]) -> Vec<Slot> {
    let (mut q2, mut q1) = ('^', '^');
    let mut slots: Vec<Slot> = units
        .iter()
        .map(|u| {
            // Keyed as `normalise` keys it (no presentation form reaches
            // here: the line stage folds them first).
            let letter = key_char(u.base);
            let mut s = Slot {
                letter,
                space_before: u.space_before,
                del: u.del,
                glued_next: false,
                cut_after: is_mark(u.base) || splittable[u.tok],
                first: 0.0,
                second: 0.0,
                mid: 0.0,
                end_single: 0.0,
                end_after: 0.0,
            };
            if let Some(b) = letter {
                [s.first, s.second, s.mid, s.end_single, s.end_after] = lex.span_costs(q2, q1, b);
                q2 = q1;
                q1 = b;
            }
            s
        })
        .collect();
    for k in 1..slots.len() {
        slots[k - 1].glued_next = !slots[k].space_before;
    }
    slots
}

/// A conjunction and a preposition written before a word (`وب`, `فل`,
/// `وك`): in Arabic a prefix, never a word of its own, though the lexicon
/// may know the letters as one (`وب`, web).
fn is_proclitic_pair(a: char, b: char) -> bool {
    matches!(a, 'و' | 'ف') && matches!(b, 'ب' | 'ل' | 'ك')
}

/// Re-segment a run of pure-Arabic tokens: choose where spaces go so the
/// words are likely under the unigram lexicon, paying for every space removed
/// or inserted. Returns the new words, each with the index of the input token
/// its first cluster came from, and the improvement; None when nothing changes.
pub fn resegment(
    lex: &Lexicon,
    toks: &[&str],
    p: SegParams,
) -> Option<(Vec<(String, usize)>, f32)> {
    // Penalty of a lone و word where the conjunction is written joined.
    let lone_waw = if p.waw_prefix { 3.0 } else { 0.0 };
    // A unit is a letter (two bytes in Arabic script) and its marks.
    let mut units: Vec<Unit> = Vec::with_capacity(toks.iter().map(|t| t.len() / 2 + 1).sum());
    // Two known words (not single letters) are rarely one word cut in two.
    // A long token the lexicon lacks may be two glued.
    // Each token's key length and hash (its key is not built).
    let keys: Vec<(usize, u64)> = toks.iter().map(|t| key_len_hash(t)).collect();
    let (solid, splittable): (Vec<bool>, Vec<bool>) = keys
        .iter()
        .map(|&(n, h)| {
            let known = lex.known_hashed(h).is_some();
            (n >= 2 && known, n >= 6 && !known)
        })
        .unzip();
    for (ti, t) in toks.iter().enumerate() {
        let del = if ti > 0 && solid[ti] && solid[ti - 1] {
            let prev_last = toks[ti - 1]
                .chars()
                .rev()
                .find(|c| !is_mark(*c) && *c != TATWEEL);
            if prev_last.is_some_and(|c| is_letter(c) && !joins_next(c)) {
                p.del_after_nonjoining
            } else {
                p.del_known
            }
        } else if p.lone_waw_is_word
            && (*t == "و" || (!p.waw_prefix && ti > 0 && toks[ti - 1] == "و"))
        {
            // A lone و is the conjunction, or (in Arabic) the start of the
            // next word cut off; never the end of the word before.
            f32::INFINITY
        } else {
            p.del
        };
        for (k, c) in cluster_iter(t).enumerate() {
            units.push(Unit {
                text: c,
                base: base(c),
                space_before: k == 0 && !units.is_empty(),
                del,
                tok: ti,
            });
        }
    }
    let n = units.len();
    if !(2..=400).contains(&n) {
        return None;
    }
    const MAXW: usize = 18;
    let slots = span_slots(lex, &units, &splittable);
    let end_empty = lex.tri_cost('^', '^', '$');
    let inf = f32::INFINITY;
    let mut best = vec![inf; n + 1];
    let mut back = vec![0usize; n + 1];
    best[0] = 0.0;
    // Each token's cost as one word, where the search weighs it as a span
    // (the cost of the printed segmentation needs it). Not for a token
    // with presentation forms, which the search does not fold.
    let mut tok_cost: Vec<Option<f32>> = vec![None; toks.len()];
    // Persian and Urdu suffixes (`شان`, `های`): inside a token they are
    // its word's end, glued as written once its ZWNJ was dropped or kept
    // (`کتاب‌هایشان`), never a word of their own. (Not in Arabic, where
    // `أي` keys as `اي` and follows a lost space.)
    // (Only where spaces are where the extractor printed them: where it
    // inserted some, a suffix opens a token as often, `کتابخان های`.)
    let suffix_hashes: &[u64] = if p.waw_prefix || p.del < KEEP_SPACE {
        &[]
    } else {
        zwnj_suffix_hashes()
    };
    let keyed_alike: Vec<bool> = toks.iter().map(|t| !t.chars().any(is_pf)).collect();
    for i in 0..n {
        if !best[i].is_finite() {
            continue;
        }
        let mid_token = i > 0 && !slots[i].space_before;
        let starts_tok = (i == 0 || slots[i].space_before)
            .then_some(units[i].tok)
            .filter(|&t| keyed_alike[t]);
        let mut crossed = false;
        let mut hash = KEY_HASH_START;
        let mut dels = 0.0f32;
        let mut first = '^';
        let mut second = '^';
        let mut lmc = 0.0f32;
        let mut end = end_empty;
        let mut key_len = 0usize;
        let mut begins_word = true;
        // Key positions of the ZWNJs inside the span (the first few).
        let mut zwnjs = [0u8; 4];
        let mut n_zwnj = 0usize;
        for (j, s) in (i + 1..).zip(&slots[i..n.min(i + MAXW)]) {
            if j - 1 > i && s.space_before {
                // A space that costs this much is never removed (the profile
                // saw no spaces inserted): spans across it are not tried.
                if s.del >= KEEP_SPACE {
                    break;
                }
                dels += s.del;
                crossed = true;
            }
            if s.letter.is_none() && units[j - 1].text.starts_with(ZWNJ) {
                if let Some(z) = zwnjs.get_mut(n_zwnj) {
                    *z = u8::try_from(key_len).unwrap_or(u8::MAX);
                }
                n_zwnj += 1;
            }
            if let Some(b) = s.letter {
                hash = key_hash_push(hash, b);
                (lmc, end) = match key_len {
                    0 => (lmc + s.first, s.end_single),
                    1 => (lmc + s.second, s.end_after),
                    _ => (lmc + s.mid, s.end_after),
                };
                if key_len == 0 {
                    first = b;
                } else if key_len == 1 {
                    second = b;
                }
                key_len += 1;
            }
            // No word is this unlikely: longer spans only get worse.
            if lmc > 45.0 {
                break;
            }
            // A ZWNJ is written inside a word: no word ends at one.
            if s.glued_next
                && (units[j - 1].text.starts_with(ZWNJ)
                    || units.get(j).is_some_and(|u| u.text.starts_with(ZWNJ)))
            {
                continue;
            }
            let ins = if s.glued_next {
                // Where no spaces were lost, a span ends inside a token only
                // after marks the token opens with (torn off the word
                // before), or inside a long word the lexicon lacks (two
                // glued, `الزراعيةوفي`): most spans are not looked up.
                if p.ins_rarely && !s.cut_after {
                    continue;
                }
                p.ins
            } else {
                0.0
            };
            let single_penalty = match key_len {
                1 if first == 'و' => lone_waw,
                1 => 3.0,
                2 if p.waw_prefix && is_proclitic_pair(first, second) => 3.0,
                _ => 0.0,
            };
            // Once no word begins with the span's key, no longer span is a
            // word: their lookups are skipped (most spans are no word).
            let known = if key_len == 0 || !begins_word {
                None
            } else {
                lex.known_or_prefix(hash)
                    .map_err(|more| begins_word = more)
                    .ok()
            };
            // A word spelt with a ZWNJ where its usual spelling has none
            // (`کتاب‌ه` for `کتابه`) is not that word: a ZWNJ joins a
            // word's own parts (`کتاب‌هایشان` is not `کتاب‌ه ایشان`).
            let known = known.filter(|_| {
                n_zwnj == 0
                    || lex
                        .zwnj_positions_hashed(hash)
                        .is_some_and(|usual| n_zwnj <= zwnjs.len() && usual == &zwnjs[..n_zwnj])
            });
            if mid_token && key_len <= 5 && suffix_hashes.contains(&hash) {
                continue;
            }
            // A ZWNJ joins a word's parts (stem and suffixes): a span past
            // one ends inside its token only as a word the lexicon spells
            // so (`کتاب‌ه|ایشان`, `کتاب‌ها|یشان` cut a word's own part).
            if s.glued_next && n_zwnj > 0 && known.is_none() {
                continue;
            }
            let word = match known {
                Some(c) => c,
                None => lmc + end + 2.0,
            };
            if let Some(t) = starts_tok.filter(|_| !crossed && !s.glued_next) {
                tok_cost[t] = Some(word);
            }
            let c = best[i] + word + dels + ins + single_penalty;
            if c < best[j] {
                best[j] = c;
                back[j] = i;
            }
        }
    }
    // cost of the original segmentation
    let mut orig = 0.0;
    let mut single_orig = 0.0;
    for ((t, &(n, _)), c) in toks.iter().zip(&keys).zip(tok_cost) {
        orig += c.unwrap_or_else(|| lex.cost_word(t));
        if n == 1 && key_chars(t).eq(['و']) {
            single_orig += lone_waw;
        } else if n == 1 {
            single_orig += 3.0;
        } else if n == 2 && p.waw_prefix {
            let mut k = key_chars(t);
            if let (Some(a), Some(b)) = (k.next(), k.next())
                && is_proclitic_pair(a, b)
            {
                single_orig += 3.0;
            }
        }
    }
    orig += single_orig;
    let gain = orig - best[n];
    if gain < p.margin {
        return None;
    }
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        cuts.push(j);
        j = back[j];
    }
    cuts.reverse();
    // The words as printed: every cut at a token's start, every token
    // whole (none is empty).
    let printed = cuts.len() == toks.len()
        && toks.iter().all(|t| !t.is_empty())
        && cuts
            .iter()
            .all(|&c| c == n || (units[c].space_before && units[c - 1].tok + 1 == units[c].tok));
    if printed {
        return None;
    }
    let mut out = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for &c in &cuts {
        let span = &units[start..c];
        let mut w = String::with_capacity(span.iter().map(|u| u.text.len()).sum());
        span.iter().for_each(|u| w.push_str(u.text));
        let tok = units.get(start).map(|u| u.tok).unwrap_or(0);
        out.push((w, tok));
        start = c;
    }
    Some((out, gain))
}

#[cfg(test)]
mod tests {

    /// A line's tokens, split at single spaces.
    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn letters_on_the_wrong_side_of_a_space_go_back() {
        let lex = crate::repair::lexicon::lexicon();
        let swap = |a: &str, b: &str| swap_edge_letters(lex, a, b).map(|(x, y, _)| (x, y));
        assert_eq!(
            swap("المدا", "نلساحلية"),
            Some(("المدن".to_string(), "الساحلية".to_string()))
        );
        assert_eq!(
            swap("ساعاا", "تلفجر"),
            Some(("ساعات".to_string(), "الفجر".to_string()))
        );
        assert_eq!(swap("في", "المدن"), None);
        assert_eq!(swap("ﻓﻲ", "المدن"), None);
        // A chain moves letters at two spaces at once, and the first word's
        // article comes out turned round.
        let cores = ["تسببت", "لاأمطاا", "رلغزيرا", "ةلتي", "هطلت"];
        let open = [true; 4];
        let (forms, crossed, gain) = edge_swaps(lex, &cores, &open).unwrap();
        assert_eq!(
            forms,
            [
                None,
                Some("الأمطار".into()),
                Some("الغزيرة".into()),
                Some("التي".into()),
                None
            ]
        );
        assert_eq!(crossed, 2);
        assert!(gain > 2.0, "{gain}");
        // Nothing to move in a clean line.
        let clean = ["تسببت", "الأمطار", "الغزيرة", "التي", "هطلت"];
        assert_eq!(edge_swaps(lex, &clean, &open), None);
    }

    #[test]
    fn a_ligature_that_lost_its_alef_gets_it_back() {
        let lex = crate::repair::lexicon::lexicon();
        let fix = |w: &str| lost_ligature_alef(lex, w).map(|(c, _)| c);
        assert_eq!(fix("القتصادي").as_deref(), Some("الاقتصادي"));
        assert_eq!(fix("الصطناعي").as_deref(), Some("الاصطناعي"));
        assert_eq!(fix("اللكتروني").as_deref(), Some("الإلكتروني"));
        // Known words, short pieces and vocalised words are left alone.
        assert_eq!(fix("الجميع"), None);
        assert_eq!(fix("النم"), None);
        assert_eq!(fix("القْتصادي"), None);
    }

    #[test]
    fn a_cluster_printed_twice_is_printed_once() {
        let lex = crate::repair::lexicon::lexicon();
        let once = |w: &str| undouble(lex, w).map(|(c, _)| c);
        // typst's text layer, marks moved after their letters.
        assert_eq!(once("فِِفي").as_deref(), Some("فِي"));
        assert_eq!(once("فَكَأَأَنَّمَا").as_deref(), Some("فَكَأَنَّمَا"));
        // Doubled letters of real words, and bare doubled letters.
        assert_eq!(once("عَدَدَ"), None);
        assert_eq!(once("تَتَنَافَسُ"), None);
        assert_eq!(once("ووزراء"), None);
        assert_eq!(once("خالل"), None);
    }
    use super::*;
    use crate::repair::lexicon::lexicon;

    #[test]
    fn tatweel_inside_words_goes_authored_stays() {
        assert_eq!(strip_tatweel("مســجدها"), "مسجدها");
        assert_eq!(strip_tatweel("بـ"), "بـ");
        assert_eq!(strip_tatweel("ــدين"), "دين");
        assert_eq!(strip_tatweel("مسجد"), "مسجد");
        // Before punctuation or a digit a tatweel ends a letter's join into
        // nothing: no justification does that.
        assert_eq!(strip_tatweel("هـ."), "هـ.");
        assert_eq!(strip_tatweel("هـ)"), "هـ)");
        assert_eq!(strip_tatweel("لـ«الشرق"), "لـ«الشرق");
        assert_eq!(strip_tatweel("بـ5"), "بـ5");
        assert_eq!(strip_tatweel("الـ5G"), "الـ5G");
        assert_eq!(strip_tatweel("بالـ\"API\""), "بالـ\"API\"");
        assert_eq!(strip_tatweel("للـ«أمم»"), "للـ«أمم»");
        assert_eq!(strip_tatweel("المجـ،"), "المج،");
        assert_eq!(strip_tatweel("المـــدن،"), "المدن،");
        assert_eq!(strip_tatweel("«ـالمدن"), "«المدن");
        assert_eq!(strip_tatweel("ـبـ"), "ب");
        // Pieces of runs cut at kashida points, punctuation glued on.
        assert_eq!(strip_tatweel("عــ٪"), "ع٪");
        assert_eq!(strip_tatweel("المجــ،"), "المج،");
        assert_eq!(strip_tatweel("ارـ."), "ار.");
        assert_eq!(strip_tatweel("ــ"), "");
    }

    #[test]
    fn a_mark_printed_apart_waits_between_whole_words_and_joins_a_piece() {
        let lex = lexicon();
        // Visual word order, letters turned: `بيتاً من` printed `من ً بيتا`.
        let mut t = toks("من ً بيتا");
        assert!(prejoin_fragments(lex, &mut t).is_empty());
        assert_eq!(t, toks("من ً بيتا"));
        // The alef it sat on printed apart too: the pieces join.
        let mut t = toks("إلى ا ً مشير");
        assert!(!prejoin_fragments(lex, &mut t).is_empty());
        assert_eq!(t, toks("إلى مشيراً"));
    }

    #[test]
    fn ligature_swaps() {
        let lex = lexicon();
        let fix = |w: &str| ligature_swap(lex, w).map(|(s, _)| s);
        assert_eq!(fix("اهلل").as_deref(), Some("الله"));
        assert_eq!(fix("إىل").as_deref(), Some("إلى"));
        assert_eq!(fix("عىل").as_deref(), Some("على"));
        assert_eq!(fix("األردنية").as_deref(), Some("الأردنية"));
        assert_eq!(fix("إعالمي").as_deref(), Some("إعلامي"));
        assert_eq!(fix("اَل").as_deref(), Some("لَا"));
        // Behind a conjunction the lexicon does not list.
        assert_eq!(fix("فاإلمكانات").as_deref(), Some("فالإمكانات"));
        // A kasra on the lam: alef then lam as written, no ligature here.
        assert_eq!(fix("الطَّالِبُ"), None);
    }

    #[test]
    fn reorders_reversed_runs() {
        let lex = lexicon();
        let line = toks(
            "ــدين إلى ساحــات مثــل أفغانســتان يــن العاب ــارك والقــذافي وز ــاء حكــم مب الجهــاديين الذيــن فــروا أثن",
        );
        let out = reorder_runs(lex, &line).map(|(v, _)| {
            v.iter()
                .map(|t| strip_tatweel(t))
                .collect::<Vec<_>>()
                .join(" ")
        });
        assert_eq!(
            out.as_deref(),
            Some(
                "الجهاديين الذين فروا أثناء حكم مبارك والقذافي وزين العابدين إلى ساحات مثل أفغانستان"
            )
        );
    }

    /// `runs` printed right to left, joined by `sep` (the runs are given in
    /// logical order).
    fn printed(runs: &[&str], sep: &str) -> String {
        runs.iter().rev().copied().collect::<Vec<_>>().join(sep)
    }

    const RUNS: [&str; 5] = [
        "قرر المجلس البل",
        "دي في اجتما",
        "عه الأخير الإب",
        "قاء على رسو",
        "م الخدمات دون تغيير",
    ];
    const LOGICAL: &str = "قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات دون تغيير";

    #[test]
    fn runs_without_kashida_are_told_from_inserted_spaces() {
        let lex = lexicon();
        let line = printed(&RUNS, " ");
        assert_eq!(runs_without_kashida(lex, &toks(&line)), Some(true));
        assert_eq!(
            reorder_runs(lex, &toks(&line))
                .map(|(v, _)| v.join(" "))
                .as_deref(),
            Some(LOGICAL)
        );
        // Words cut by inserted spaces: the pieces join their neighbours.
        let spaced = "قرر المجلس البل دي في اجتما عه الأخير الإب قاء على رسو م الخدمات";
        assert_eq!(runs_without_kashida(lex, &toks(spaced)), Some(false));
        // Letters spaced apart and torn marks are other defects: not tried.
        assert_eq!(runs_without_kashida(lex, &toks("ن ا ش ر ی ن کی")), None);
        assert_eq!(
            runs_without_kashida(lex, &toks("َو َم ْن َه َج َر ا ْل ُك ُت َب")),
            None
        );
        // Clean text has no pieces to search.
        assert_eq!(runs_without_kashida(lex, &toks(LOGICAL)), None);
    }

    #[test]
    fn a_one_token_run_inside_the_line_is_not_glued_on_both_sides() {
        let lex = lexicon();
        let line = toks(
            "رار يعكس مي أن الق ان رس ك في بي ح البن ات معظم المحللين. وأوض ع توقع خطوة جاءت متوافقة م",
        );
        assert_eq!(
            reorder_runs(lex, &line)
                .map(|(v, _)| v.join(" "))
                .as_deref(),
            Some(
                "خطوة جاءت متوافقة مع توقعات معظم المحللين. وأوضح البنك في بيان رسمي أن القرار يعكس"
            )
        );
    }

    #[test]
    fn runs_join_between_letters_not_across_numbers_or_punctuation() {
        let read = |s: &str| inside_paragraph(s).map(|(v, _)| v);
        // `1975م،` + `وت` or `1950م` + `شاعر` would read as words by their
        // letters alone; a cut falls between two letters.
        assert_eq!(
            read("وت عام 1982م، وتوفي عام 2010م بعد ـــقل إلى بير 1975م، ثم انت").as_deref(),
            Some("1975م، ثم انتـــقل إلى بيروت عام 1982م، وتوفي عام 2010م بعد")
        );
        assert_eq!(
            read("مة الألمانية إن النمو تباطأ. لت الحكو برلين (د ب أ) - قا").as_deref(),
            Some("برلين (د ب أ) - قالت الحكومة الألمانية إن النمو تباطأ.")
        );
        assert!(cut_edge("(الم", true) && cut_edge("عَpلَى", false));
        assert!(!cut_edge("1950م", true) && !cut_edge("البلاد،", true) && !cut_edge("(د", false));
    }

    #[test]
    fn ends_that_make_a_word_only_together_mark_a_cut() {
        // `ندو` + `ات` is `ندوات`, and neither end reads as well alone: the
        // cut is certain though no kashida marks it, so the word is joined
        // (at the line's start, as nothing tells the rotation).
        let (line, gain) =
            inside_paragraph("ات أسبوعية ومسابقات للكتابة وورش عمل للأطفال، الثقافية يشمل ندو")
                .unwrap_or_default();
        assert_eq!(
            line,
            "ندوات أسبوعية ومسابقات للكتابة وورش عمل للأطفال، الثقافية يشمل"
        );
        assert!(gain >= MARKED_GAIN);
        // A letter alone at an end is no such sign.
        assert_eq!(
            inside_paragraph("ة اللغ ولم تغب الشركات العربية الناشئة عن المشهد منصة لمعالجة"),
            None
        );
    }

    #[test]
    fn an_authored_tatweel_is_no_kashida_cut() {
        let lex = lexicon();
        // The kashidas at the line's ends mark one cut for certain; `لـ«`
        // and `هـ.` are written so. The one sentence end goes last.
        let read = |s: &str| inside_paragraph(s).map(|(v, _)| v);
        assert_eq!(
            read("ــاق قريب. وقال لـ«الشرق الأوسط» إن الاتفــ").as_deref(),
            Some("وقال لـ«الشرق الأوسط» إن الاتفــــاق قريب.")
        );
        assert_eq!(
            read("ـــنة (1446 هـ) وقع ذلك في عام 1445 هـ. ثم عاد إلى المديــ").as_deref(),
            Some("ثم عاد إلى المديـــــنة (1446 هـ) وقع ذلك في عام 1445 هـ.")
        );
        // Nor a place to cut a line glued at its kashidas.
        let line = "ـــنة (1446 هـ) وقع ذلك في عام 1445 هـ. ثم عاد إلى المديــ";
        assert_eq!(reorder_kashida_runs(lex, line), None);
        assert_eq!(strip_tatweel("لـ«الشرق"), "لـ«الشرق");
        assert_eq!(strip_tatweel("المديــنة)"), "المدينة)");
    }

    #[test]
    fn a_displaced_period_goes_back_between_its_sentences() {
        let fix = |s: &str| place_displaced_period(&toks(s)).map(|v| v.join(" "));
        assert_eq!(
            fix("وأوضح البنك أن القرار يعكس التحسن. جاءت متوافقة مع التوقعات").as_deref(),
            Some("جاءت متوافقة مع التوقعات. وأوضح البنك أن القرار يعكس التحسن")
        );
        // On the first word: the paragraph's period.
        assert_eq!(
            fix("التدريجي. في مؤشرات الأسعار").as_deref(),
            Some("التدريجي في مؤشرات الأسعار.")
        );
        // At the end, twice, or with numbers: left alone.
        assert_eq!(fix("في مؤشرات الأسعار."), None);
        assert_eq!(fix("قال. إن الموعد. قريب"), None);
        assert_eq!(fix("بلغ النمو. 2.7 في المئة"), None);
    }

    #[test]
    fn runs_separated_by_tabs_are_put_back_in_order() {
        let lex = lexicon();
        let line = printed(&RUNS, "\t\t");
        let toks: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let cut_after = tab_cut_after(&line);
        let out = reorder_tab_runs(lex, &toks, &cut_after);
        assert_eq!(out.map(|(v, _)| v.join(" ")).as_deref(), Some(LOGICAL));
        // Tab-separated cells whose junctions make no words stay as printed.
        let cells: Vec<String> = ["السعر", "الكمية", "المجموع"].map(String::from).to_vec();
        assert_eq!(reorder_tab_runs(lex, &cells, &[true, true, true]), None);
    }

    #[test]
    fn runs_glued_without_their_kashidas_are_cut_apart_and_turned() {
        let lex = lexicon();
        let toks = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let read = |l: &str| reorder_glued_runs(lex, &toks(l)).map(|(v, _)| v.join(" "));
        // Cut at kashida points (after a letter that joins the next), the
        // runs printed right to left and glued where the kashidas were:
        // `تغييرقاء`, `الخاعه`.
        let runs = [
            "قرر المجلس البل",
            "دي في اجتم",
            "اعه الأخير الإب",
            "قاء على رسوم الخ",
            "دمات دون تغيير",
        ];
        assert_eq!(read(&printed(&runs, "")).as_deref(), Some(LOGICAL));
        // The line's last word glued to the run printed after it ends in a
        // letter that does not join (`تغيير|قاء`): only that cut may.
        let runs = [
            "قرر المجلس البل",
            "دي في اجتم",
            "اعه الأخير الإبقاء على رسوم الخدمات دون تغيير",
        ];
        assert_eq!(read(&printed(&runs, "")).as_deref(), Some(LOGICAL));
        // A cut inside a glued token that is a word too (`المجلدات`) is not
        // sought: the reading that leaves it out keeps glued tokens, and
        // the line stays as printed.
        let runs = [
            "وأوضح رئيس المجل",
            "س أن القرار يع",
            "كس تحسن الإيرا",
            "دات خلال العام المن",
            "صرم بفضل الضرائب",
        ];
        assert_eq!(read(&printed(&runs, "")), None);
        // The line in order, and one whose tokens are words: no search.
        assert_eq!(read(LOGICAL), None);
        assert_eq!(glued_runs_line(lex, &toks(LOGICAL)), None);
        // Letters spaced apart are another defect.
        assert_eq!(read("ا ل م ج ل س أن ا ل ق ر ا ر"), None);
    }

    #[test]
    fn kashidas_that_cut_runs_are_told_from_justification() {
        let lex = lexicon();
        // Runs cut at kashidas, printed right to left with the kashida
        // between them; `القــرار` is stretched by justification, not cut.
        let runs = [
            "وأوضح رئيس المجل",
            "س أن القــرار يع",
            "كس تحسن الإيرا",
            "دات خلال العام المن",
            "صرم بفضل الضرائب",
        ];
        let line = printed(&runs, "ـ");
        assert_eq!(
            reorder_kashida_runs(lex, &line)
                .map(|(v, _)| v.join(" "))
                .as_deref(),
            Some("وأوضح رئيس المجلس أن القرار يعكس تحسن الإيرادات خلال العام المنصرم بفضل الضرائب")
        );
        // A justified line: its kashidas stretch whole words.
        assert_eq!(
            reorder_kashida_runs(
                lex,
                "وأوضــح رئيس المجلــس أن القــرار يعكــس تحسن الإيرادات"
            ),
            None
        );
        // A number lays a line out in parts, which one cut sequence does
        // not describe: there only the every-kashida reading is tried.
        let runs = [
            "وأوضح رئيس المجل",
            "س في 2024 أن القرار يع",
            "كس تحسن الإيرا",
            "دات خلال العام المن",
            "صرم بفضل الضرائب",
        ];
        assert_eq!(
            reorder_kashida_runs(lex, &printed(&runs, "ـ"))
                .map(|(v, _)| v.join(" "))
                .as_deref(),
            Some(
                "وأوضح رئيس المجلس في 2024 أن القرار يعكس تحسن الإيرادات خلال العام المنصرم بفضل الضرائب"
            )
        );
    }

    #[test]
    fn two_glued_words_split_where_both_read() {
        let lex = crate::repair::lexicon::lexicon();
        let s = |t: &str| split_glued(lex, t).map(|(a, b, _)| format!("{a} {b}"));
        assert_eq!(s("غزيرةأمطار").as_deref(), Some("غزيرة أمطار"));
        assert_eq!(s("الأمطارتسببت").as_deref(), Some("الأمطار تسببت"));
        assert_eq!(s("فيالمدينة").as_deref(), Some("في المدينة"));
        // A two-letter piece that is no function word: a letter printed
        // across the space more likely (`الطرا قلرئيسية`).
        assert_eq!(s("قلرئيسية"), None);
        // A word, a word with a suffix its ZWNJ lost, presentation forms.
        assert_eq!(s("الأمطار"), None);
        assert_eq!(s("کتابخانهای"), None);
        assert_eq!(s("ﺔﻴﻣﻮﻜﺤﻟارس"), None);
    }

    #[test]
    fn a_paragraphs_last_line_cut_once_ends_with_its_sentence() {
        let lex = crate::repair::lexicon::lexicon();
        // One cut, marked by the kashida that opens the line: every
        // rotation joins `اس` + `کول`, only one ends with the full stop.
        let line = toks("ـــکول میں داخلہ بالکل مفت ہوگا۔ اور اس اس");
        let out = reorder_runs_in(lex, &line, true).map(|(v, g)| (v.join(" "), g > 2.0));
        assert_eq!(
            out,
            Some((
                "اور اس اســـکول میں داخلہ بالکل مفت ہوگا۔".to_string(),
                true
            ))
        );
        // Inside a paragraph the full stop is still the likeliest end of
        // the line (two in five one-cut lines of our clean texts wrapped;
        // the cut word first, one in six), at the confidence of a marked
        // cut.
        assert_eq!(
            inside_paragraph("ـــکول میں داخلہ بالکل مفت ہوگا۔ اور اس اس"),
            Some(("اور اس اســـکول میں داخلہ بالکل مفت ہوگا۔".to_string(), 3.0))
        );
        // Without a sentence end, the word the kashida marks as cut is
        // joined at the line's start and the printed order otherwise kept.
        assert_eq!(
            inside_paragraph("ـــکول میں داخلہ بالکل مفت ہوگا اور اس اس"),
            Some(("اســـکول میں داخلہ بالکل مفت ہوگا اور اس".to_string(), 3.0))
        );
    }

    /// A line inside a paragraph read as reversed runs: its words and gain.
    fn inside_paragraph(line: &str) -> Option<(String, f32)> {
        reorder_runs_in(lexicon(), &toks(line), false).map(|(v, g)| (v.join(" "), g))
    }

    #[test]
    fn a_kashida_after_a_vocalised_letter_marks_a_cut() {
        // The kashida follows the damma of `يَبْلُغُ`: the letter it
        // stretches is the غ before the mark.
        let out = inside_paragraph("ــهَا الْإِنْسَانُ بِقَدَمَيْهِ. يَبْلُغُــ");
        assert_eq!(out, Some(("الْإِنْسَانُ بِقَدَمَيْهِ. يَبْلُغُــــهَا".to_string(), 3.0)));
    }

    #[test]
    fn a_letter_written_with_a_tatweel_before_a_number_is_no_cut() {
        // `بـ ١١٪` is written so; the cuts are الشــ|ـركاء and ال|ــهند.
        let out =
            inside_paragraph("ــهند بـ ١١٪ ثم ـــركاء التجاريين بحصة ١٤٪، تلتها ال بين الشــ");
        assert_eq!(
            out.as_ref().map(|(v, _)| v.as_str()),
            Some("بين الشـــــركاء التجاريين بحصة ١٤٪، تلتها الــهند بـ ١١٪ ثم")
        );
    }

    #[test]
    fn runs_glued_at_kashida_points_are_not_taken_for_one_cut() {
        // pdf.js glues runs at a kashida inside a token (`توقعـخطوة`): that
        // reading is the kashida-run search's; here the line's kashida ends
        // do not force a one-cut reading.
        let out = inside_paragraph(
            "ـمي أن القــرار يعكسـك في بيــان رســح البنــات معظم المحللين. وأوضــع توقعـخطوة جاءت متوافقة مـ",
        );
        assert_eq!(out.map(|(_, g)| g), Some(2.0));
    }

    #[test]
    fn reorders_runs_cut_with_and_without_kashida() {
        let lex = lexicon();
        // Four runs: two kashida cuts and one after ر (no kashida).
        let out = reorder_runs(lex, &toks("اجع ـمح تر ـير زراعي إن إنتاج القـ وقال خبـ"));
        assert_eq!(
            out.map(|(v, _)| v.join(" ")).as_deref(),
            Some("وقال خبــير زراعي إن إنتاج القــمح تراجع")
        );
        // Whole words at both ends, but two cuts whose pieces each make a
        // known word (تد|رس, لد|عم): the runs are reordered.
        let out = reorder_runs(
            lex,
            &toks("عم المزارعين رس خطة لد فصل الشتاء. وأوضح أن الحكومة تد"),
        );
        assert_eq!(
            out.map(|(v, _)| v.join(" ")).as_deref(),
            Some("فصل الشتاء. وأوضح أن الحكومة تدرس خطة لدعم المزارعين")
        );
        // A lam-alef printed as two letters is no cut run: the line's ends
        // are whole words.
        assert_eq!(reorder_runs(lex, &toks("قال: «ل ا إصلاح بل ا تعليم»")), None);
    }

    #[test]
    fn resegments_joins_and_splits() {
        let lex = lexicon();
        let p = SegParams {
            del: 1.0,
            del_known: 3.0,
            del_after_nonjoining: 3.0,
            ins: 1.5,
            ins_rarely: false,
            waw_prefix: true,
            lone_waw_is_word: true,
            margin: 2.0,
        };
        let words = |v: Vec<(String, usize)>| v.into_iter().map(|(w, _)| w).collect::<Vec<_>>();
        let r = resegment(lex, &["القم", "ة", "ال", "تي"], p).map(|(v, _)| words(v));
        assert_eq!(r, Some(vec!["القمة".to_string(), "التي".to_string()]));
        let r = resegment(lex, &["الذينفروا"], p).map(|(v, _)| words(v));
        assert_eq!(r, Some(vec!["الذين".to_string(), "فروا".to_string()]));
        assert_eq!(resegment(lex, &["في", "المدينة"], p), None);
        // Quranic spelling: the search keys alef wasla as the lexicon does.
        let r = resegment(lex, &["بِسْمِٱللَّهِ"], p).map(|(v, _)| words(v));
        assert_eq!(r, Some(vec!["بِسْمِ".to_string(), "ٱللَّهِ".to_string()]));
        // Arabic writes the conjunction joined; Persian keeps it alone, and
        // a lone و never joins the word before it.
        let ar = SegParams {
            del: 0.5,
            del_after_nonjoining: 1.0,
            ..p
        };
        let r = resegment(lex, &["زار", "و", "المتحف"], ar).map(|(v, _)| words(v));
        assert_eq!(r, Some(vec!["زار".to_string(), "والمتحف".to_string()]));
        let fa = SegParams {
            waw_prefix: false,
            ..ar
        };
        assert_eq!(resegment(lex, &["حمل", "و", "نقل"], fa), None);
        // In Arabic a conjunction and a preposition are a word's prefix,
        // never a word (the lexicon knows `وب`, web), where spaces were lost.
        let lost = SegParams {
            del: KEEP_SPACE,
            del_known: KEEP_SPACE,
            del_after_nonjoining: KEEP_SPACE,
            ins: 1.0,
            ins_rarely: false,
            margin: 1.5,
            ..ar
        };
        assert_eq!(
            resegment(lex, &["الحدودية", "وبتحسين", "شبكات"], lost),
            None
        );
        assert_eq!(resegment(lex, &["وبتوفير"], lost), None);
        // A ZWNJ is inside a word: no word ends at one, though the pieces
        // around it are words (`کتاب`), nor does one stand in a word whose
        // usual spelling has none (`کتابه`).
        let glued = ["سالهدر", "کتاب\u{200C}هایشان"];
        let r = resegment(lex, &glued, fa).map(|(v, _)| words(v));
        let r = r.expect("the glued pair is parted");
        assert_eq!(r[..2], ["ساله", "در"]);
        assert!(
            r.iter().all(|w| !w.starts_with('\u{200C}')
                && !w.ends_with('\u{200C}')
                && w != "کتاب\u{200C}ه"),
            "{r:?}"
        );
        // Where spaces were only lost, a Persian suffix inside a token is
        // its word's end (`شان`), never a word: the ZWNJ's word stays whole.
        let fa_lost = SegParams {
            waw_prefix: false,
            ..lost
        };
        let r = resegment(lex, &glued, fa_lost).map(|(v, _)| words(v));
        assert_eq!(r.expect("parted"), ["ساله", "در", "کتاب\u{200C}هایشان"]);
    }

    #[test]
    fn two_runs_swapped_and_glued_are_put_back() {
        let lex = lexicon();
        let two = |s: &str| reorder_two_glued_runs(lex, &toks(s)).map(|(v, _)| v.join(" "));
        // Cut inside `التعليم`, the runs swapped, glued at the line's ends.
        assert_eq!(
            two("ليم في المدارسأعلنت الوزارة أمس عن خطة جديدة لتطوير التع").as_deref(),
            Some("أعلنت الوزارة أمس عن خطة جديدة لتطوير التعليم في المدارس")
        );
        // A kashida left at the cut is read as the cut.
        assert_eq!(
            two("ــليم في المدارسأعلنت الوزارة أمس عن خطة جديدة لتطوير التعـ").as_deref(),
            Some("أعلنت الوزارة أمس عن خطة جديدة لتطوير التعليم في المدارس")
        );
        // Persian cut at a ZWNJ, a first run of one word glued on the
        // second: the ZWNJ goes back.
        assert_eq!(
            two("های عمومی در همه شهرها باز هستندکتابخانه").as_deref(),
            Some("کتابخانه\u{200C}های عمومی در همه شهرها باز هستند")
        );
        // Lines in order, a glued pair whose line ends make no word, and
        // letters spaced apart are left.
        assert_eq!(
            two("أعلنت الوزارة أمس عن خطة جديدة لتطوير التعليم في المدارس"),
            None
        );
        assert_eq!(two("ذهب الطالب إلىالمدرسة صباحا مع أخيه"), None);
        assert_eq!(two("ليم في المدارسأعلنت ا ل و ز ا ر ة التع"), None);
        // A hostile token is not split point by point (quadratic).
        let long = format!("{} في المدارس التع", "منتسببت".repeat(30_000));
        assert_eq!(two(&long), None);
    }
}
