//! Line segmentation: extractor noise removal, tokens, clusters, and the
//! visual→logical reversals of tokens and of word order.

use super::chars::{
    END_OF_AYAH, TATWEEL, closes_with_tatweel, is_bidi_control, is_clause_punct, is_digit,
    is_letter, is_ltr, is_mark, is_pua, is_word_char, mirror,
};

/// Can `letter` carry these marks? A bare alef and alef maqsura take only
/// tanween fath, ة no sukun or shadda. (Only the rules that tell where a
/// detached mark belongs.)
pub fn takes_marks(letter: char, marks: &str) -> bool {
    takes_mark_chars(letter, marks.chars())
}

/// [`takes_marks`] of marks given one by one.
fn takes_mark_chars(letter: char, mut marks: impl Iterator<Item = char>) -> bool {
    match letter {
        'ا' | 'ى' | 'آ' => marks.all(|m| m == '\u{064B}'),
        'ة' => !marks.any(|m| matches!(m, '\u{0651}' | '\u{0652}')),
        _ => true,
    }
}

/// A token that opens with marks printed before its first letter, with the
/// marks moved after that letter (`َرا` → `رَا`); None when it does not.
pub fn marks_after_letter(tok: &str) -> Option<String> {
    let lead = tok.chars().take_while(|&c| is_mark(c)).count();
    if lead == 0 {
        return None;
    }
    let mut it = tok.chars();
    let marks: String = it.by_ref().take(lead).collect();
    let letter = it.next().filter(|&c| is_word_char(c) && !is_mark(c))?;
    let mut out = String::with_capacity(tok.len());
    out.push(letter);
    out.push_str(&marks);
    out.extend(it);
    Some(out)
}

/// Stacked marks in canonical order (as NFC puts them: a vowel before
/// shadda), or None when they already are. Extractors that print shadda
/// first give a string that looks the same and compares unequal.
pub fn canonical_marks(tok: &str) -> Option<String> {
    use unicode_normalization::char::canonical_combining_class as ccc;
    // (Asked of every token of a document with torn marks: no collecting
    // for the many already in order.)
    let mut pairs = tok.chars().zip(tok.chars().skip(1));
    if pairs.all(|(a, b)| !(is_mark(a) && is_mark(b) && ccc(b) != 0 && ccc(a) > ccc(b))) {
        return None;
    }
    let chars: Vec<char> = tok.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && is_mark(chars[j]) && ccc(chars[j]) != 0 {
            j += 1;
        }
        if j > i {
            let mut run = chars[i..j].to_vec();
            run.sort_by_key(|&c| ccc(c));
            out.extend(run);
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Some(out.into_iter().collect())
}

/// Orthographic violations if the marks of a printed token belong to the
/// letter before them (`lead` false: the normal order) or to the letter after
/// them (`lead` true: printed first, as some extractors order glyphs by x):
/// a mark with no letter, two vowels on one letter, a vowel on a bare alef,
/// sukun or shadda on ة; the positional rules (tokens in logical letter
/// order) add sukun or shadda on a word's first letter, a tanween before
/// the word's end (`تخٌل`; a fathatan may stand before a final alef), a
/// hamza above on a letter that never carries one. Returns the count without
/// and with the `positional` rules. Summed over a document, the smaller
/// count tells which way the marks go.
pub fn mark_violations(tok: &str, lead: bool) -> (usize, usize) {
    const VOWELS: [char; 7] = [
        '\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}',
    ];
    let mut folded = String::new();
    let mut base_of = |c: char| {
        folded.clear();
        super::chars::push_folded(&mut folded, c);
        folded.chars().next().unwrap_or(c)
    };
    // Bases (letters and other characters) with their marks.
    let cs: Vec<char> = tok.chars().collect();
    let bases: Vec<usize> = (0..cs.len()).filter(|&i| !is_mark(cs[i])).collect();
    let first = bases.iter().copied().find(|&i| is_letter(cs[i]));
    let last = bases.iter().copied().rfind(|&i| is_letter(cs[i]));
    // (plain rules, positional rules)
    let mut v = (0usize, 0usize);
    let mut check = |at: Option<usize>, marks: &[char], v: &mut (usize, usize)| {
        let Some(at) = at else {
            v.0 += marks.len();
            return;
        };
        let b = base_of(cs[at]);
        v.0 += usize::from(marks.iter().filter(|m| VOWELS.contains(m)).count() > 1);
        v.0 += usize::from(!takes_mark_chars(b, marks.iter().copied()));
        let has = |m: char| marks.contains(&m);
        v.1 += usize::from(Some(at) == first && (has('\u{0651}') || has('\u{0652}')));
        if last.is_some_and(|l| at < l) {
            // What follows the base, marks aside: only a final alef? (From
            // the base positions: a scan per base is quadratic on long
            // tokens.)
            let k = bases.partition_point(|&j| j <= at);
            let before_final_alef = bases.len() == k + 1 && matches!(cs[bases[k]], 'ا' | 'ى');
            v.1 += usize::from(
                has('\u{064C}') || has('\u{064D}') || (has('\u{064B}') && !before_final_alef),
            );
        }
        v.1 += usize::from(
            has('\u{0654}') && !matches!(b, 'ه' | 'ة' | 'ی' | 'ي' | 'ا' | 'و' | 'ے' | 'ۀ' | 'ۓ'),
        );
    };
    let mut marks: Vec<char> = Vec::new();
    let mut prev: Option<usize> = None;
    for (i, &c) in cs.iter().enumerate() {
        if is_mark(c) {
            marks.push(c);
            continue;
        }
        if !marks.is_empty() {
            check(if lead { Some(i) } else { prev }, &marks, &mut v);
        }
        marks.clear();
        prev = Some(i);
    }
    if !marks.is_empty() {
        check(if lead { None } else { prev }, &marks, &mut v);
    }
    (v.0, v.0 + v.1)
}

/// A token whose marks were printed before their letters, with each run of
/// marks moved after the letter that follows it (marks at the very end stay).
pub fn marks_to_trailing(tok: &str) -> String {
    let mut out = String::with_capacity(tok.len());
    let mut marks = String::new();
    for c in tok.chars() {
        if is_mark(c) {
            marks.push(c);
        } else {
            out.push(c);
            out.push_str(&marks);
            marks.clear();
        }
    }
    out.push_str(&marks);
    out
}

/// Where the zero-width non-joiners of a word's core stand, as the number of
/// letters before each; `None` when the core holds anything but letters and
/// ZWNJ (marks and tatweel would shift the count).
pub fn zwnj_places(core: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut n = 0u8;
    for c in core.chars() {
        if c == super::chars::ZWNJ {
            out.push(n);
        } else if is_letter(c) {
            n = n.checked_add(1)?;
        } else {
            return None;
        }
    }
    Some(out)
}

/// `tok` with every ZWNJ one letter earlier (`کتابخانهه‌ای` →
/// `کتابخانه‌های`): some extractors print it after the letter that follows
/// it. `None` when nothing moves.
pub fn zwnj_one_earlier(tok: &str) -> Option<String> {
    let mut out: Vec<char> = tok.chars().collect();
    let mut moved = false;
    for i in 1..out.len() {
        // Past the letter before it, unless another ZWNJ precedes that letter.
        if out[i] == super::chars::ZWNJ
            && is_letter(out[i - 1])
            && (i < 2 || out[i - 2] != super::chars::ZWNJ)
        {
            out.swap(i - 1, i);
            moved = true;
        }
    }
    moved.then(|| out.into_iter().collect())
}

/// A line made of two or more right-to-left embeddings (U+202B … U+202C)
/// with only spaces between them, put in logical order. Poppler's layout
/// mode writes each piece of a row it keeps apart (a wide justification gap,
/// a mark on its own column) in its own embedding, the pieces left to right
/// as they stand on the page; in logical text two right-to-left runs with
/// only a space between would be one run. `None` for any other line.
pub fn embedded_pieces_in_order(line: &str) -> Option<String> {
    const RLE: char = '\u{202B}';
    const PDF: char = '\u{202C}';
    if line.matches(RLE).take(2).count() < 2 {
        return None;
    }
    let body = line.trim_end_matches(['\n', '\r']);
    let end = &line[body.len()..];
    // Top-level pieces and the gaps around them, as byte ranges.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in body.char_indices() {
        match c {
            '\u{202A}'..='\u{202E}' if c != PDF => {
                if depth == 0 {
                    if c != RLE {
                        return None;
                    }
                    start = i;
                }
                depth += 1;
            }
            PDF => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    pieces.push((start, i + c.len_utf8()));
                }
            }
            _ if depth == 0 && !c.is_whitespace() => return None,
            _ => {}
        }
    }
    if depth != 0 || pieces.len() < 2 {
        return None;
    }
    let lead = &body[..pieces[0].0];
    let mut out = String::with_capacity(line.len());
    out.push_str(lead);
    for (k, &(s, e)) in pieces.iter().enumerate().rev() {
        out.push_str(&body[s..e]);
        if k > 0 {
            // The gap that stood to the piece's left.
            out.push_str(&body[pieces[k - 1].1..s]);
        }
    }
    out.push_str(&body[pieces[pieces.len() - 1].1..]);
    out.push_str(end);
    Some(out)
}

/// The flat left-to-right embeddings (U+202A … U+202C) that follow a
/// right-to-left one on a line, as byte ranges of their content.
fn ltr_embeddings(line: &str) -> Vec<(usize, usize)> {
    const LRE: char = '\u{202A}';
    const PDF: char = '\u{202C}';
    let mut out = Vec::new();
    let Some(rle) = line.find('\u{202B}') else {
        return out;
    };
    // One pass (a line may hold a megabyte of controls): an LRE opens a
    // candidate, any other control before its PDF spoils it, so only a flat
    // embedding counts and a nested one is left as written.
    let mut open: Option<usize> = None;
    for (i, c) in line[rle..].char_indices() {
        let i = rle + i;
        if c == PDF {
            if let Some(start) = open.take() {
                out.push((start, i));
            }
        } else if c == LRE {
            open = Some(i + LRE.len_utf8());
        } else if is_bidi_control(c) {
            open = None;
        }
    }
    out
}

/// Votes on how poppler wrote the numbers inside left-to-right embeddings:
/// `(visual, logical)`. Producers differ: most place a percent sign left of
/// its number and a plus or minus sign right of it (`%2.7`, `0.3±`) as the
/// bidi algorithm lays a right-to-left line out; XeLaTeX keeps the number as
/// written (`2.7%`, `±0.3`).
pub fn ltr_number_votes(line: &str) -> (usize, usize) {
    ltr_embeddings(line)
        .into_iter()
        .map(|(a, b)| super::numbers::sign_sides(&line[a..b], char::is_numeric))
        .fold((0, 0), |(v, l), (a, b)| (v + a, l + b))
}

/// Votes on which order the left-to-right embeddings of a right-to-left
/// line hold their punctuation in: `(visual, logical)`. Poppler writes an
/// embedding as laid out, a Latin word's period or closing bracket before
/// it (`.Android`, `)Artificial`); text written in logical order with
/// embeddings around its Latin words has them after (`Android.`) and an
/// opening bracket before (`(WHO)`), and moving them would break it.
pub fn ltr_order_votes(line: &str) -> (usize, usize) {
    const ENDS: &[char] = &['.', ',', '،', ':', ';', '!', '?', '؟', '؛', ')', ']', '}'];
    const OPENS: &[char] = &['(', '[', '{'];
    let mut votes = (0, 0);
    for (a, b) in ltr_embeddings(line) {
        let s = &line[a..b];
        // Letters and digits, not the marks (alphabetic too) that poppler
        // prints alone in an embedding.
        let inner = |c: char| c.is_alphanumeric() && !is_mark(c);
        let (Some(first), Some(last)) = (s.find(inner), s.rfind(inner)) else {
            continue;
        };
        let lead = &s[..first];
        let trail = s[last..].trim_start_matches(inner);
        if lead.contains(ENDS) || trail.contains(OPENS) {
            votes.0 += 1;
        } else if lead.contains(OPENS) || trail.contains(ENDS) {
            votes.1 += 1;
        }
    }
    votes
}

/// Left-to-right embeddings inside a right-to-left line, their content put
/// in logical order. Poppler wraps each number, Latin word and punctuation
/// cluster of a right-to-left line in one and writes it left to right as it
/// stands on the page: ` ،2016` for `2016، `, `.Android` for `Android.`.
/// Only the numbers and Latin text read left to right; the pieces around
/// them go back in right-to-left order. With `numbers_visual` (see
/// [`ltr_number_votes`]) a number's sign and percent and the groups of a
/// spaced number are pieces too (`،5500 218 11 966+` for
/// `+966 11 218 5500،`); without it the number is kept as written. `None`
/// when the line has no such embedding or nothing moves.
pub fn ltr_embeddings_in_order(line: &str, numbers_visual: bool) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (a, b) in ltr_embeddings(line) {
        out.push_str(&line[at..a]);
        out.push_str(&visual_ltr_to_logical(&line[a..b], numbers_visual));
        at = b;
    }
    out.push_str(&line[at..]);
    (out != line).then_some(out)
}

/// One embedding's content, written left to right as on the page, in the
/// order a right-to-left line reads it: runs of numbers (or one span of
/// Latin text) keep their order, everything else is read right to left.
fn visual_ltr_to_logical(s: &str, numbers_visual: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    // Runs as (start, end, keeps_order).
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    if numbers_visual && !chars.iter().any(|c| c.is_alphabetic()) {
        // A number: digits, and a separator between two digits (as in the
        // bidi algorithm, a common separator between numbers joins them).
        let in_number = |i: usize| {
            let c = chars[i];
            c.is_numeric()
                || (super::numbers::joins_digits(c)
                    && i > 0
                    && chars[i - 1].is_numeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_numeric()))
        };
        let mut i = 0;
        while i < chars.len() {
            let kind = in_number(i);
            let start = i;
            while i < chars.len() && in_number(i) == kind {
                i += 1;
            }
            runs.push((start, i, kind));
        }
    } else {
        // Text reads left to right, spaces and all, from its first letter or
        // digit to its last (a number with its sign and percent).
        let inner =
            |c: &char| c.is_alphanumeric() || matches!(c, '%' | '٪' | '‰' | '±' | '+' | '-' | '−');
        let first = chars.iter().position(inner);
        let last = chars.iter().rposition(inner);
        match (first, last) {
            (Some(a), Some(b)) => {
                runs.extend([(0, a, false), (a, b + 1, true), (b + 1, chars.len(), false)]);
            }
            _ => runs.push((0, chars.len(), false)),
        }
    }
    let mut out = String::with_capacity(s.len());
    for &(a, b, keep) in runs.iter().rev() {
        if keep {
            out.extend(&chars[a..b]);
        } else {
            out.extend(chars[a..b].iter().rev());
        }
    }
    out
}

/// Remove bidi controls; returns the cleaned line and how many were removed.
pub fn strip_controls(line: &str) -> (String, usize) {
    // Most lines have none: copied whole, not char by char.
    if !line.chars().any(is_bidi_control) {
        return (line.to_string(), 0);
    }
    let mut n = 0;
    let out: String = line
        .chars()
        .filter(|&c| {
            let ctl = is_bidi_control(c);
            n += usize::from(ctl);
            !ctl
        })
        .collect();
    (out, n)
}

/// Split a token into clusters: a base character and the marks after it.
pub fn clusters(tok: &str) -> Vec<&str> {
    cluster_iter(tok).collect()
}

/// [`clusters`] one by one, for a caller that keeps none of them.
pub fn cluster_iter(tok: &str) -> impl Iterator<Item = &str> {
    let mut rest = tok;
    std::iter::from_fn(move || {
        let mut it = rest.char_indices();
        it.next()?;
        let end = it
            .find(|&(_, c)| !is_mark(c))
            .map_or(rest.len(), |(i, _)| i);
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// Is the token made only of left-to-right material (Latin, digits and the
/// punctuation between them)?
pub fn is_ltr_token(tok: &str) -> bool {
    tok.chars().any(is_ltr) && !tok.chars().any(is_word_char)
}

/// A tanween fath stands on a word's last letter or on the letter before a
/// final alef, nowhere else. PDFium tears it off the alef and prints it
/// after the reversed word (`اريشمً`), so the turned word has it on its
/// first letter (`مًشيرا`). Returns the word with the mark back at its end
/// when the word ends in alef: on the alef in unvocalised text (`مشيراً`),
/// before it where other marks show the text is vocalised (`مُشِيرًا`).
/// A mark printed a letter early (`كَِتاًبا`) goes back the same way. None
/// when the tanween is where it may stand, or inside a longer token past
/// its first letter: there it ends a word that a lost space glued to the
/// next (`صوتاًمقابللا`).
pub fn tanween_to_word_end(tok: &str) -> Option<String> {
    const FATHATAN: char = '\u{064B}';
    let at = tok.find(FATHATAN)?;
    let rest = &tok[at + FATHATAN.len_utf8()..];
    // Letters after the mark (marks and punctuation aside).
    let after: Vec<char> = rest.chars().filter(|&c| is_letter(c)).collect();
    if after.is_empty()
        || (after.len() == 1 && matches!(after[0], 'ا' | 'ى'))
        || (after.len() > 2 && tok[..at].chars().filter(|&c| is_letter(c)).count() > 1)
    {
        return None;
    }
    // Only a plain word ending in alef, with one tanween, punctuation after.
    let end = tok.trim_end_matches(|c: char| !is_letter(c) && !is_mark(c));
    if !end.ends_with('ا')
        || rest.contains(FATHATAN)
        || !tok[..at].chars().any(is_letter)
        || !tok[..end.len()].chars().all(|c| is_letter(c) || is_mark(c))
    {
        return None;
    }
    let word: String = tok[..at]
        .chars()
        .chain(end[at + FATHATAN.len_utf8()..].chars())
        .collect();
    let stem = &word[..word.len() - 'ا'.len_utf8()];
    let vocalised = word.chars().any(is_mark);
    let mut out = String::with_capacity(tok.len());
    out.push_str(stem);
    if vocalised {
        out.push(FATHATAN);
        out.push('ا');
    } else {
        out.push('ا');
        out.push(FATHATAN);
    }
    out.push_str(&tok[end.len()..]);
    Some(out)
}

/// Reverse a token printed in visual order: clusters reversed and brackets
/// mirrored, while runs of digits / Latin keep their left-to-right order.
pub fn reverse_token(tok: &str) -> String {
    // Each segment is written straight to its mirrored place in a buffer of
    // the token's length (mirroring keeps a character's length): this runs
    // on every token the profile reads, and a string per cluster was a
    // quarter of all allocations.
    let len = tok.len();
    let mut out = vec![0u8; len];
    let mut put = |a: usize, b: usize, ltr: bool| {
        let piece = &tok[a..b];
        let dst = &mut out[len - b..len - a];
        let mut it = piece.chars();
        match it.next() {
            Some(c) if !ltr => {
                let m = mirror(c);
                // (Every pair `mirror` knows has one length; else as printed.)
                let m = if m.len_utf8() == c.len_utf8() { m } else { c };
                let n = m.encode_utf8(dst).len();
                dst[n..].copy_from_slice(it.as_str().as_bytes());
            }
            _ => dst.copy_from_slice(piece.as_bytes()),
        }
    };
    let mut cl = cluster_iter(tok).peekable();
    // Segments: LTR runs (with separators between LTR characters, e.g.
    // `4.1`, `10:30`, `a/b`) and single RTL/neutral clusters.
    let mut at = 0;
    while let Some(c0) = cl.next() {
        let start = at;
        at += c0.len();
        if !is_ltr(first_char(c0)) {
            put(start, at, false);
            continue;
        }
        let mut prev = c0;
        while let Some(&cj) = cl.peek() {
            let d = first_char(cj);
            let glue = matches!(
                d,
                '.' | ','
                    | ':'
                    | '/'
                    | '-'
                    | '_'
                    | '@'
                    | '%'
                    | '٫'
                    | '٬'
                    | '+'
                    | '\''
                    | '&'
                    | '?'
                    | '='
                    | '#'
            );
            // The first character of the cluster after `cj`.
            let after = tok[at + cj.len()..].chars().next();
            // A percent sign printed after its number is in reading
            // order already (the number was not turned: `2.7%`); a
            // visual one stands before it (`%1.9`).
            let percent = matches!(d, '%' | '‰')
                && first_char(prev).is_ascii_digit()
                && after.is_none_or(|c| !is_ltr(c));
            if is_ltr(d) || percent || (glue && after.is_some_and(is_ltr)) {
                at += cj.len();
                prev = cj;
                cl.next();
            } else {
                break;
            }
        }
        put(start, at, true);
    }
    // Whole characters were copied to character boundaries.
    String::from_utf8(out).unwrap_or_default()
}

/// Reverse the order of words on a line, keeping runs of consecutive
/// left-to-right tokens (Latin phrases, numbers) in their order.
pub fn reverse_word_order(tokens: &[String]) -> Vec<String> {
    // Each group as the index of its first token (a vector of vectors cost
    // an allocation per word).
    let mut starts: Vec<usize> = Vec::with_capacity(tokens.len());
    let mut in_ltr = false;
    for (i, t) in tokens.iter().enumerate() {
        let ltr = is_ltr_token(t);
        if ltr && in_ltr && !starts.is_empty() {
            continue;
        }
        starts.push(i);
        in_ltr = ltr;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut end = tokens.len();
    for &start in starts.iter().rev() {
        out.extend_from_slice(&tokens[start..end]);
        end = start;
    }
    out
}

/// Split a token after clause punctuation that stands between two Arabic
/// letters (`واسع.وأكد` → `واسع.` `وأكد`, `دول،وسط`); `None` when there is
/// none. Numbers (`1.5`) and Latin (`www.example.com`) are not cut.
pub fn split_at_inner_punct(tok: &str) -> Option<Vec<String>> {
    // Asked of every token: most have no punctuation inside.
    if !tok.chars().skip(1).any(is_clause_punct) {
        return None;
    }
    let chars: Vec<(usize, char)> = tok.char_indices().collect();
    let mut cuts = Vec::new();
    for w in chars.windows(3) {
        let ((_, a), (_, p), (k, b)) = (w[0], w[1], w[2]);
        if is_clause_punct(p) && is_word_char(a) && is_letter(b) {
            cuts.push(k);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut at = 0;
    for k in cuts {
        parts.push(tok[at..k].to_string());
        at = k;
    }
    parts.push(tok[at..].to_string());
    Some(parts)
}

/// A number with a sign or punctuation at an edge and no letter (`%2.7`,
/// `.2016`, `،٢٠١٤/١١/٢٥`, `0.3±`).
pub fn is_signed_number(tok: &str) -> bool {
    tok.chars().any(is_digit)
        && !tok.chars().any(|c| is_word_char(c) || c.is_alphabetic())
        && punct_edge(tok)
}

/// A Latin word with clause punctuation at an edge and no Arabic letter
/// (`.Android`, `،NLP`).
pub fn is_punctuated_latin(tok: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(is_clause_punct);
    tok.chars().any(|c| c.is_alphabetic() && is_ltr(c))
        && !tok.chars().any(is_word_char)
        && (edge(tok.chars().next()) || edge(tok.chars().next_back()))
}

/// Does a number or Latin token with punctuation read as laid out left to
/// right rather than as written: it opens with a sign or punctuation that
/// only ever follows (`%2.7`, `.2016`, `.Android`, `°5-`), or closes with a
/// sign that only ever leads a number (`0.8-`, `966+`)? One written in order
/// (`114].`, `(٣):`, `-5°`, `1.`) does not.
pub fn signs_laid_out(tok: &str) -> bool {
    let mut cs = tok.chars();
    let (first, last) = (cs.next(), cs.next_back());
    if first.is_some_and(|c| c.is_ascii_digit() || is_digit(c))
        && last.is_some_and(|c| matches!(c, '-' | '+' | '−' | '±'))
    {
        return true;
    }
    first.is_some_and(|c| !c.is_alphanumeric() && !LEADING_SIGNS.contains(c) && !spans_digits(c))
}

/// A number or Latin word with its punctuation, read for the document's
/// vote on how a line whose words are in order prints them: `Some(true)`
/// laid out (clause punctuation or a percent sign before it and nothing
/// but a sign after, `،%7.9`, `.2016`, `.%0.8-`, `.Android`; or a sign
/// after a number, `966+`),
/// `Some(false)` as written (`7.9%،`, `2016.`), `None` for anything else
/// (a URL's `//www.`, `%7.9،` with a sign at each end).
pub fn number_punct_side(tok: &str) -> Option<bool> {
    let mut cs = tok.chars();
    let (first, last) = (cs.next()?, cs.next_back()?);
    // Asked of every token of the profile's window: most are words, with a
    // letter at each end.
    // (Fast classes first: `char::is_alphanumeric` looks Arabic letters up
    // in Unicode's tables.)
    let edge = |c: char| {
        !(is_letter(c)
            || is_mark(c)
            || is_digit(c)
            || c.is_ascii_alphanumeric()
            || c.is_alphanumeric())
    };
    // (Neither kind holds an Arabic letter or mark.)
    if (!edge(first) && !edge(last)) || tok.chars().any(is_word_char) {
        return None;
    }
    if !(is_signed_number(tok) || is_punctuated_latin(tok)) {
        return None;
    }
    let trailing = |c: char| is_clause_punct(c) || matches!(c, '%' | '٪');
    let body = |c: char| c.is_alphanumeric() || is_digit(c);
    let sign = |c: char| matches!(c, '-' | '+' | '−' | '±');
    let number = tok.chars().any(is_digit);
    if (body(first) && sign(last) && number)
        || (trailing(first) && (body(last) || (sign(last) && number)))
    {
        Some(true)
    } else if body(first) && trailing(last) {
        Some(false)
    } else {
        None
    }
}

/// Signs and punctuation written before what they go with: a number's sign,
/// opening brackets and quotes, currency.
const LEADING_SIGNS: &str = "-+−±([{$€£#@\"'«“‘<~";

/// The Arabic signs written before the digits they span (the number sign
/// U+0600 and its kin, `۝٢`).
fn spans_digits(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{0605}' | END_OF_AYAH | '\u{08E2}')
}

fn punct_edge(tok: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric() && !is_word_char(c));
    edge(tok.chars().next()) || edge(tok.chars().next_back())
}

/// Is `tok` a lone letter or the article joined by one tatweel to a number,
/// a Latin word or a quotation (`الـ5G`, `بـ5.3`, `الـ"API"`)? Writers join
/// them so on purpose, so such a token is no sign of a lost space; where
/// other tokens show spaces lost, [`split_mixed`] parts it like them.
pub fn joined_by_tatweel(tok: &str) -> bool {
    let Some(at) = tok.find(TATWEEL) else {
        return false;
    };
    let (head, rest) = tok.split_at(at);
    let rest = &rest[TATWEEL.len_utf8()..];
    let rev: Vec<char> = head.chars().rev().filter(|&c| !is_mark(c)).collect();
    rev.iter().all(|&c| is_letter(c))
        && closes_with_tatweel(&rev)
        && rest
            .chars()
            .next()
            .is_some_and(|c| !is_word_char(c) && !c.is_whitespace())
}

/// Which tokens spell an abbreviation letter by letter in brackets: two to
/// four lone letters, the first opening the bracket and the last closing it
/// (`(أ ف ب)`, `(د ب أ):`, a news agency's). Those spaces are written, not
/// inserted.
pub fn bracketed_letters<S: AsRef<str>>(toks: &[S]) -> Vec<bool> {
    let lone = |t: &str| {
        let mut letters = t.chars().filter(|&c| !is_mark(c) && c != TATWEEL);
        letters.clone().filter(|&c| is_letter(c)).count() == 1
            && letters.all(|c| is_letter(c) || !c.is_alphanumeric())
    };
    let mut mask = vec![false; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_ref();
        if t.starts_with(['(', '[']) && lone(t) {
            let close = (i + 1..toks.len().min(i + 4)).find(|&j| {
                let u = toks[j].as_ref();
                !lone(u) || u.contains([')', ']'])
            });
            if let Some(j) = close
                && lone(toks[j].as_ref())
                && toks[j].as_ref().contains([')', ']'])
            {
                mask[i..=j].iter_mut().for_each(|m| *m = true);
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    mask
}

/// Is `tok` a year with its era written on (`1950م`, `١٤٢٠هـ`, `300ق.م`),
/// punctuation after it or not? That is how the era is written, not a
/// space lost.
pub fn dated_year(tok: &str) -> bool {
    let t = tok.trim_end_matches(|c: char| !c.is_alphanumeric() && c != TATWEEL);
    let era = t.trim_start_matches(|c: char| is_digit(c));
    era.len() < t.len() && is_era(era)
}

/// Is `s` a year's era as written after it (`م`, `هـ`, `ق.م`; Urdu's `ء`
/// and `ھ`, `۲۰۲۴ء`)?
pub fn is_era(s: &str) -> bool {
    matches!(s, "م" | "هـ" | "ه" | "ق.م" | "ب.م" | "ء" | "ھ")
}

/// Split a token where Arabic letters and left-to-right material (digits,
/// Latin) touch without a space (`وأشار4.1بـ` → `وأشار` `4.1` `بـ`); the
/// conjunction و glued to a number or Latin word (`و34`, `وMeta`) stays.
/// Returns None when there is nothing to split.
pub fn split_mixed(tok: &str) -> Option<Vec<String>> {
    // Asked of every token: most have no left-to-right material to part.
    // (Nor is there a boundary to find beside a code no font mapped: it
    // may be a digit or a letter.)
    if !tok.chars().any(is_ltr) || dated_year(tok) || tok.chars().any(is_pua) {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<bool> = None; // Some(true) = Arabic letter, Some(false) = LTR
    for c in tok.chars() {
        let class = if is_ltr(c) {
            Some(false)
        } else if is_word_char(c) {
            Some(true)
        } else {
            None
        };
        if let (Some(p), Some(k)) = (prev, class)
            && p != k
        {
            let waw_prefix = p && parts.is_empty() && cur == "و";
            if !waw_prefix && !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
        if class.is_some() {
            prev = class;
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    // A lone Latin letter, or a digit touching a mark, inside an Arabic word
    // is a mis-mapped glyph, not a lost space: splitting would add errors.
    let chars: Vec<char> = tok.chars().collect();
    for (i, w) in chars.windows(3).enumerate() {
        let _ = i;
        let (a, b, c) = (w[0], w[1], w[2]);
        let lone = is_ltr(b) && !is_ltr(a) && !is_ltr(c);
        if lone
            && (!is_digit(b) || is_mark(a) || is_mark(c))
            && (is_word_char(a) || is_word_char(c))
        {
            return None;
        }
    }
    (parts.len() > 1).then_some(parts)
}

fn mark_class(c: char) -> u8 {
    match c {
        '\u{064B}' => 27,
        '\u{064C}' => 28,
        '\u{064D}' => 29,
        '\u{064E}' => 30,
        '\u{064F}' => 31,
        '\u{0650}' => 32,
        '\u{0651}' => 33,
        '\u{0652}' => 34,
        '\u{0670}' => 35,
        _ => 0,
    }
}

/// Count `letter digit haraka` triples: a font that maps its shadda glyph to a
/// digit prints `كُل2ِ` for `كُلِّ`.
pub fn digit_shadda_sites(line: &str) -> usize {
    // Three characters at a time, nothing collected: asked of every line
    // of a document's first window.
    let mut it = line.chars();
    let (Some(mut a), Some(mut b)) = (it.next(), it.next()) else {
        return 0;
    };
    let mut n = 0;
    for c in it {
        n += usize::from(
            crate::repair::chars::is_letter(a)
                && is_digit(b)
                && (0x064B..=0x0652).contains(&(c as u32)),
        );
        (a, b) = (b, c);
    }
    n
}

/// Replace such digits with shadda, marks put in canonical (NFC) order.
pub fn fix_digit_shadda(line: &str) -> String {
    let v: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(v.len());
    for (i, &c) in v.iter().enumerate() {
        let prev_letter = i > 0
            && v.get(i - 1)
                .is_some_and(|&p| crate::repair::chars::is_letter(p));
        let next_haraka = v
            .get(i + 1)
            .is_some_and(|&n| (0x064B..=0x0652).contains(&(n as u32)));
        if is_digit(c) && prev_letter && next_haraka {
            out.push('\u{0651}');
        } else {
            out.push(c);
        }
    }
    // Canonical order inside each run of Arabic marks.
    let mut i = 0;
    while i < out.len() {
        let mut j = i;
        while j < out.len() && mark_class(out[j]) > 0 {
            j += 1;
        }
        if j > i + 1 {
            out[i..j].sort_by_key(|&c| mark_class(c));
        }
        i = j.max(i + 1);
    }
    out.into_iter().collect()
}

/// Does the token contain any digit?
pub fn has_digit(tok: &str) -> bool {
    tok.chars().any(is_digit)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_tanween_inside_a_word_goes_to_its_end() {
        // Turned from PDFium's `اريشمً`: the mark on the first letter.
        assert_eq!(tanween_to_word_end("مًشيرا").as_deref(), Some("مشيراً"));
        assert_eq!(tanween_to_word_end("كًوكبا،").as_deref(), Some("كوكباً،"));
        // Vocalised text keeps it before the alef.
        assert_eq!(tanween_to_word_end("كًِتَابا").as_deref(), Some("كِتَابًا"));
        // Where a tanween may stand, or a word not ending in alef.
        assert_eq!(tanween_to_word_end("مشيراً"), None);
        assert_eq!(tanween_to_word_end("مشيرًا"), None);
        assert_eq!(tanween_to_word_end("هدىً"), None);
        assert_eq!(tanween_to_word_end("مًشير"), None);
        assert_eq!(tanween_to_word_end("ًمشيرا"), None);
        // A letter early, as PDFium prints marks in vocalised text.
        assert_eq!(tanween_to_word_end("كَِتاًبا").as_deref(), Some("كَِتابًا"));
        // Deeper in a longer token it ends a word a lost space glued on.
        assert_eq!(tanween_to_word_end("صوتاًمقابللا"), None);
    }

    #[test]
    fn marks_printed_first_move_after_their_letter() {
        assert_eq!(marks_after_letter("َرا").as_deref(), Some("رَا"));
        assert_eq!(marks_after_letter("ْل").as_deref(), Some("لْ"));
        assert_eq!(marks_after_letter("رَا"), None);
        assert_eq!(marks_after_letter("ً"), None);
        assert!(takes_marks('ا', "\u{064B}"));
        assert!(!takes_marks('ا', "\u{0652}"));
        assert!(takes_marks('ل', "\u{0652}"));
    }

    #[test]
    fn number_punctuation_sides() {
        for laid in ["،%7.9", ".2016", ".%0.8-", "966+", ".Android", "،٪١٤"] {
            assert_eq!(number_punct_side(laid), Some(true), "{laid}");
        }
        for written in ["7.9%،", "2016.", "١٤٪،", "Android."] {
            assert_eq!(number_punct_side(written), Some(false), "{written}");
        }
        // A URL's slashes, a sign at each end, a plain number or word.
        for other in ["//www.", "%7.9،", "2016", "كتاب.", "(٣):"] {
            assert_eq!(number_punct_side(other), None, "{other}");
        }
    }

    #[test]
    fn strips_controls() {
        assert_eq!(
            strip_controls("\u{202B}قمة\u{202C}"),
            ("قمة".to_string(), 2)
        );
    }

    /// Poppler's embeddings written with visible brackets: `[` RLE, `<` LRE,
    /// `]` PDF.
    pub(crate) fn emb(s: &str) -> String {
        s.replace('[', "\u{202B}")
            .replace('<', "\u{202A}")
            .replace(']', "\u{202C}")
    }

    #[test]
    fn embedded_pieces_are_read_right_to_left() {
        // Two pieces of one row, left to right on the page.
        assert_eq!(
            embedded_pieces_in_order(&emb("  [جديدا قد يحتوي] [علماء يرصدون]\n")),
            Some(emb("  [علماء يرصدون] [جديدا قد يحتوي]\n"))
        );
        // Nested embeddings stay inside their piece.
        assert_eq!(
            embedded_pieces_in_order(&emb("[غفيرا< ،]إذ] [الملعب]")),
            Some(emb("[الملعب] [غفيرا< ،]إذ]"))
        );
        // One piece, text between pieces, or a left-to-right piece: as written.
        assert_eq!(embedded_pieces_in_order(&emb("[قمة إقليمية]\n")), None);
        assert_eq!(embedded_pieces_in_order(&emb("[قمة] و [تبحث]")), None);
        assert_eq!(embedded_pieces_in_order(&emb("<NATO] [قمة]")), None);
        assert_eq!(embedded_pieces_in_order(&emb("[قمة] [تبحث")), None);
    }

    #[test]
    fn ltr_embeddings_are_read_as_a_right_to_left_line_reads_them() {
        let fix = |s: &str, visual| {
            ltr_embeddings_in_order(&emb(s), visual)
                .map(|o| o.replace(['\u{202A}', '\u{202B}', '\u{202C}'], ""))
        };
        // Punctuation after the number goes after it; numbers keep their order.
        assert_eq!(
            fix("[منذ عام < .2016]وتراوحت]", true).as_deref(),
            Some("منذ عام 2016. وتراوحت")
        );
        assert_eq!(
            fix("[الدولي <،5500 218 11 966+]]", true).as_deref(),
            Some("الدولي +966 11 218 5500،")
        );
        assert_eq!(
            fix("[بنسبة < %2.7]على]", true).as_deref(),
            Some("بنسبة 2.7% على")
        );
        assert_eq!(
            fix("[الصفحات <.19–12]]", true).as_deref(),
            Some("الصفحات 12–19.")
        );
        // Numbers written as in the source: only the edge punctuation moves.
        assert_eq!(
            fix("[بنسبة < ،0.4%]و<.-0.8%]]", false).as_deref(),
            Some("بنسبة 0.4%، و-0.8%.")
        );
        // Latin text keeps its word order.
        assert_eq!(
            fix("[مؤتمر <.Google I/O]]", true).as_deref(),
            Some("مؤتمر Google I/O.")
        );
        // Outside a right-to-left line, or already in order: nothing.
        assert_eq!(fix("<.Google]", true), None);
        assert_eq!(fix("[عام <2024]]", true), None);
    }

    #[test]
    fn ltr_order_votes_read_punctuation_sides() {
        // Poppler: the period and closing bracket as laid out, before.
        assert_eq!(
            ltr_order_votes(&emb(
                "[قال <.%2.7]ونظام <.Android] (< )Artificial Intelligence]]"
            )),
            (3, 0)
        );
        // Logical text with embeddings: after, and an opening bracket first.
        assert_eq!(
            ltr_order_votes(&emb("[منظمة <(WHO)] و <Persian,] و <Android.]]")),
            (0, 3)
        );
        // A bare word or number says nothing.
        assert_eq!(ltr_order_votes(&emb("[شركة <Google] عام <2024]]")), (0, 0));
        // Nor does a mark poppler printed alone before a comma.
        assert_eq!(ltr_order_votes(&emb("[المعرفة <\u{064E} ،]]")), (0, 0));
    }

    #[test]
    fn ltr_number_votes_count_sign_and_percent_sides() {
        assert_eq!(ltr_number_votes(&emb("[< %2.7] و <0.3±] <12-19]]")), (2, 0));
        assert_eq!(ltr_number_votes(&emb("[< 2.7%] و <±0.3]]")), (0, 2));
        // Not inside a right-to-left line: no vote.
        assert_eq!(ltr_number_votes(&emb("< %2.7]")), (0, 0));
    }

    #[test]
    fn reverses_tokens_keeping_numbers() {
        assert_eq!(reverse_token("ةيلحاسلا"), "الساحلية");
        // Marks printed first: moved after their letters, then reversed.
        assert_eq!(reverse_token(&marks_to_trailing("ُلْضَف")), "فَضْلُ");
        assert_eq!(zwnj_places("کتابخانه\u{200C}های"), Some(vec![8]));
        assert_eq!(
            zwnj_one_earlier("کتابخانهه\u{200C}ای").as_deref(),
            Some("کتابخانه\u{200C}های")
        );
        assert_eq!(zwnj_one_earlier("\u{200C}ای"), None);
        assert_eq!(mark_violations("ُلْضَف", false).0, 1);
        assert_eq!(mark_violations("ُلْضَف", true).0, 0);
        // Shadda on a word's first letter, tanween inside a word.
        assert_eq!(mark_violations("حّذر", false).1, 1);
        assert_eq!(mark_violations("حّذر", true).1, 0);
        assert_eq!(mark_violations("تخٌل", false).1, 1);
        // A fathatan before the final alef is either convention.
        assert_eq!(mark_violations("عامًا", false).1, 0);
        assert_eq!(mark_violations("عاماً", false).1, 0);
        // Shadda before the vowel (as some extractors print it) is put in
        // canonical order; canonical text is left alone.
        assert_eq!(
            canonical_marks("فَكَأَن\u{651}\u{64e}مَا").as_deref(),
            Some("فَكَأَن\u{64e}\u{651}مَا")
        );
        assert_eq!(canonical_marks("فَكَأَن\u{64e}\u{651}مَا"), None);
        assert_eq!(reverse_token("،لود"), "دول،");
        assert_eq!(reverse_token("4.1"), "4.1");
        assert_eq!(reverse_token("%1.9"), "1.9%");
        assert_eq!(reverse_token("2.7%"), "2.7%");
        assert_eq!(reverse_token(".%0.8-"), "-0.8%.");
        assert_eq!(reverse_token("(مانع"), "عنام)");
        assert_eq!(reverse_token("نامّع"), "عمّان");
    }

    #[test]
    fn splits_mixed_script_tokens() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(split_mixed("وأشار4.1بـ"), Some(v(&["وأشار", "4.1", "بـ"])));
        assert_eq!(split_mixed("شركةGoogle"), Some(v(&["شركة", "Google"])));
        assert_eq!(split_mixed("و34"), None);
        // A year with its era (Urdu's too).
        assert_eq!(split_mixed("1950م"), None);
        assert_eq!(split_mixed("۲۰۲۴ء،"), None);
        // A year whose first digit is an unread code: no boundary to find.
        assert_eq!(split_mixed("\u{E014}950م"), None);
        assert_eq!(split_mixed("وMeta"), None);
        // A news agency's letters in brackets.
        let t = [
            "القاهرة",
            "-",
            "(أ",
            "ف",
            "ب):",
            "أعلنت",
            "(ق",
            "ن",
            "ا)",
            "(ب)",
            "(أ",
            "ب",
            "ت",
        ];
        assert_eq!(
            bracketed_letters(&t),
            [
                false, false, true, true, true, false, true, true, true, false, false, false, false
            ]
        );
        // A year with its era written on stays.
        assert_eq!(split_mixed("2024م."), None);
        assert_eq!(split_mixed("١٤٢٠هـ،"), None);
        assert_eq!(split_mixed("300ق.م"), None);
        assert_eq!(split_mixed("2024مع"), Some(v(&["2024", "مع"])));
        assert_eq!(split_mixed("مَسْtُؤولِيَّة"), None);
        // The article or a lone letter joined on purpose by a tatweel.
        assert!(joined_by_tatweel("الـ5G"));
        assert!(joined_by_tatweel("بالـ\"API\""));
        assert!(joined_by_tatweel("بـ5.3"));
        assert!(!joined_by_tatweel("مقارنةبـ5.3"));
        assert!(!joined_by_tatweel("بـ"));
        assert!(!joined_by_tatweel("إلى4.1"));
        assert_eq!(
            split_mixed("الرسمي3المقبل"),
            Some(v(&["الرسمي", "3", "المقبل"]))
        );
    }

    #[test]
    fn digit_for_shadda() {
        assert_eq!(digit_shadda_sites("فَكَأَن2َمَا"), 1);
        assert_eq!(fix_digit_shadda("فَكَأَن2َمَا"), "فَكَأَنَّمَا");
        assert_eq!(digit_shadda_sites("عام 2024م"), 0);
    }

    #[test]
    fn word_order_keeps_ltr_runs() {
        let t: Vec<String> = ["بنك", "World", "Bank", "في"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(reverse_word_order(&t), vec!["في", "World", "Bank", "بنك"]);
    }

    #[test]
    fn signed_numbers_are_told_from_words() {
        for t in ["%2.7", ".2016", "،٢٠١٤/١١/٢٥", "0.3±"] {
            assert!(is_signed_number(t), "{t}");
        }
        for t in ["2.7", "2024/11/25", "بنسبة", "%2.7من", "(OpenAI"] {
            assert!(!is_signed_number(t), "{t}");
        }
        for t in [".Android", "،NLP", "KAUST،"] {
            assert!(is_punctuated_latin(t), "{t}");
        }
        for t in ["Android", "(OpenAI", "،وNLP", ".2016"] {
            assert!(!is_punctuated_latin(t), "{t}");
        }
    }

    #[test]
    fn words_part_after_punctuation_between_letters() {
        assert_eq!(
            split_at_inner_punct("واسع.وأكدالبيان"),
            Some(vec!["واسع.".to_string(), "وأكدالبيان".to_string()])
        );
        assert_eq!(
            split_at_inner_punct("دول،وسط،إجراءات"),
            Some(vec![
                "دول،".to_string(),
                "وسط،".to_string(),
                "إجراءات".to_string()
            ])
        );
        for t in ["1.5", "www.example.com", "المنطقة.", "،وسط", "قال:"] {
            assert_eq!(split_at_inner_punct(t), None, "{t}");
        }
    }
}
