//! Glyphs an extractor could not map to text, and what each stood for.
//!
//! An extractor prints such a glyph as pdfminer's `(cid:10)` marker, as
//! U+FFFD (MuPDF), or as the glyph's code read as a character, a C0 or C1
//! control (pypdf, pdf.js and PDFium on LibreOffice's PDFs). One font's
//! unmapped glyph is one code throughout a document, so what it stood for
//! is decided once per document, per code, from the words around it:
//!
//! - a **kashida** (LibreOffice justifies with kashida glyphs that have no
//!   Unicode map): the word reads as a known word with the codes left out
//!   (`ةدا(cid:10)(cid:10)ق` → `قادة`, `کت\x02\x02اب` → `کتاب`);
//! - a **space**: the two sides of the code read as two known words;
//! - a **lost glyph**: its text is gone (a Nastaliq font's contextual
//!   forms, a symbol font's letters). It is reported with its line, where
//!   U+FFFD (Unicode's mark for a character that could not be read) marks
//!   it: never guessed. In the text a U+FFFD the extractor printed stays
//!   (text it wrote, and a placeholder that keeps its token whole); a
//!   marker or a control is no text and is left out.
//!
//! Unknown words on both sides of a code are no sign of a lost glyph: a
//! kashida at a run's cut glues two runs' pieces (`في\x07\x07ية`). So a
//! code the votes do not decide keeps the reading its kind suggests: a
//! control beside a letter is a kashida (the fonts that map one map their
//! kashida so), except NUL (glyph 0, `.notdef`); anything else is a lost
//! glyph.

use std::collections::HashMap;

use super::chars::{TATWEEL, is_letter, is_mark, joins_next};
use super::lexicon::{Lexicon, key_chars};

/// U+FFFD REPLACEMENT CHARACTER.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Sites of one code inside words a document needs before its reading is
/// decided, and the share of them that must agree (one half).
const MIN_AGREEING: usize = 2;

/// Longest token whose codes vote: a word with its kashidas, or with a
/// marker or two (`(cid:10)` is eight bytes).
const MAX_WORD_BYTES: usize = 160;

/// One unmapped glyph's code as an extractor printed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// pdfminer's `(cid:N)`.
    Cid(u32),
    /// A control character or U+FFFD.
    Char(char),
}

/// What a code stood for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A kashida glyph: written as a tatweel (the tatweel stage decides
    /// whether it stretched a word or marks a run's cut).
    Kashida,
    /// A space glyph.
    Space,
    /// A glyph whose text is lost: left out, and reported.
    Lost,
}

/// Is `c` printed for an unmapped glyph? Controls other than the
/// whitespace ones, and U+FFFD.
pub fn is_code_char(c: char) -> bool {
    c == REPLACEMENT || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

/// Does the line hold a code? Asked of every line: one pass over its
/// bytes (a control is one byte below 0x20 or 0x7F, or 0xC2 0x80–0x9F;
/// U+FFFD is EF BF BD).
pub fn has_code(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\t' | b'\n' | b'\r' | 0x0c => false,
        0..=0x1f | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|y| (0x80..=0x9f).contains(y)),
        0xef => b.get(i + 1..i + 3) == Some(&[0xbf, 0xbd][..]),
        b'(' => b[i..].starts_with(b"(cid:"),
        _ => false,
    })
}

/// The code starting at byte `i` of `s`, with its length in bytes.
fn code_at(s: &str, i: usize) -> Option<(Code, usize)> {
    let rest = &s[i..];
    if let Some(after) = rest.strip_prefix("(cid:") {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&b')') {
            // A number too long for u32 is no glyph id: one code for all.
            let n = after[..digits].parse().unwrap_or(u32::MAX);
            return Some((Code::Cid(n), 5 + digits + 1));
        }
        return None;
    }
    let c = rest.chars().next()?;
    is_code_char(c).then_some((Code::Char(c), c.len_utf8()))
}

/// The codes of `s` as `(start, end, code)` byte ranges, in order.
fn codes(s: &str) -> Vec<(usize, usize, Code)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match code_at(s, i) {
            Some((code, n)) => {
                out.push((i, i + n, code));
                i += n;
            }
            None => i += s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The runs of adjacent codes among `sites` (one kashida may print as two
/// codes, `(cid:10)(cid:10)`), as index ranges.
fn runs(sites: &[(usize, usize, Code)]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < sites.len() {
        let mut end = k + 1;
        while end < sites.len() && sites[end].0 == sites[end - 1].1 {
            end += 1;
        }
        out.push(k..end);
        k = end;
    }
    out
}

/// Per code: sites inside a word, and of them those whose word is known
/// with the codes left out, and those whose two sides are known words.
#[derive(Debug, Default, Clone, Copy)]
struct Votes {
    inside: usize,
    joined: usize,
    split: usize,
}

/// The document's reading of each code it voted on.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    decided: HashMap<Code, Reading>,
}

/// Is the normalised word these letters spell known, `min` letters long at
/// least? `Some(true)` read forwards, `Some(false)` backwards (letters
/// printed in visual order).
fn known_way(lex: &Lexicon, word: &str, min: usize) -> Option<bool> {
    let key: String = key_chars(word).collect();
    if key.chars().count() < min {
        return None;
    }
    if lex.known(&key).is_some() {
        Some(true)
    } else if lex.known(&key.chars().rev().collect::<String>()).is_some() {
        Some(false)
    } else {
        None
    }
}

/// Could a kashida stand between letters `a` and `b` (in that order in the
/// text, read forwards or not)? Only after a letter that joins the next and
/// before one that joins the previous, in reading order.
fn kashida_fits(a: char, b: char, forwards: bool) -> bool {
    let (first, second) = if forwards { (a, b) } else { (b, a) };
    joins_next(first) && second != 'ء'
}

/// The letters and marks of `s` (punctuation around a word left out).
fn letters(s: &str) -> String {
    s.chars().filter(|&c| is_letter(c) || is_mark(c)).collect()
}

impl Readings {
    /// Decide every code of `lines` that shows up inside words often enough.
    pub fn decide(lex: &Lexicon, lines: &[impl AsRef<str>]) -> Self {
        let mut votes: HashMap<Code, Votes> = HashMap::new();
        for line in lines.iter().map(AsRef::as_ref).filter(|l| has_code(l)) {
            // (A token longer than a word with its codes is no word: its
            // sites say nothing, and each site would read it whole.)
            for tok in line
                .split_whitespace()
                .filter(|t| t.len() <= MAX_WORD_BYTES)
            {
                let sites = codes(tok);
                if sites.is_empty() {
                    continue;
                }
                // The word with every code left out (a kashida run may hold
                // two codes, `(cid:10)(cid:10)`).
                let mut joined = String::with_capacity(tok.len());
                let mut from = 0;
                for &(a, b, _) in &sites {
                    joined.push_str(&tok[from..a]);
                    from = b;
                }
                joined.push_str(&tok[from..]);
                // (Three letters at least: short keys are words by chance.)
                let joined_way = known_way(lex, &letters(&joined), 3);
                let vocalised = tok.chars().any(is_mark);
                // Runs of adjacent codes are one site each.
                for run in runs(&sites) {
                    let (a, b) = (sites[run.start].0, sites[run.end - 1].1);
                    let before = tok[..a].chars().rev().find(|&c| !is_mark(c));
                    let after = tok[b..].chars().next();
                    let (Some(x), Some(y)) = (before, after) else {
                        continue;
                    };
                    if !is_letter(x) || !is_letter(y) {
                        continue;
                    }
                    // A lost letter or mark may leave a word too
                    // (`الد\u{FFFD}نْيَا`): a kashida also needs letters
                    // that join across it. In a vocalised word the letter
                    // before a kashida keeps its marks; a bare one lost
                    // them to the code (`ات\u{FFFD}سَعَتْ`, a shadda cluster).
                    let marks_kept = |forwards: bool| {
                        !vocalised
                            || if forwards {
                                tok[..a].chars().next_back().is_some_and(is_mark)
                            } else {
                                tok[b..].chars().nth(1).is_some_and(is_mark)
                            }
                    };
                    let joined_known =
                        joined_way.is_some_and(|fw| kashida_fits(x, y, fw) && marks_kept(fw));
                    let split = known_way(lex, &letters(&tok[..a]), 2).is_some()
                        && known_way(lex, &letters(&tok[b..]), 2).is_some();
                    // Each code of the run votes once.
                    let mut run_codes: Vec<Code> = sites[run].iter().map(|s| s.2).collect();
                    run_codes.sort_unstable();
                    run_codes.dedup();
                    for code in run_codes {
                        let v = votes.entry(code).or_default();
                        v.inside += 1;
                        v.joined += usize::from(joined_known);
                        v.split += usize::from(split);
                    }
                }
            }
        }
        // A kashida or a space is one glyph of a font, printed as one code
        // throughout; a font with no map at all loses many glyphs, each its
        // own code, and a few of its sites make words by chance. So only a
        // code that holds most of the document's sites is read as either.
        let all: usize = votes.values().map(|v| v.inside).sum();
        let decided = votes
            .into_iter()
            .filter_map(|(code, v)| {
                let agree = |n: usize| n >= MIN_AGREEING && 2 * n >= v.inside;
                if 2 * v.inside < all {
                    return None;
                }
                let reading = if agree(v.joined) && v.joined >= v.split {
                    Reading::Kashida
                } else if agree(v.split) && 4 * v.split >= 3 * v.inside && 10 * v.joined <= v.inside
                {
                    // Nearly every site of a space glyph parts two words,
                    // and two words glued are next to never one. A kashida
                    // at a run's cut often parts two words too, and its
                    // other sites make words; a mark cluster lost inside a
                    // word leaves two words about half the time.
                    Reading::Space
                } else {
                    // Unknown words either way are no sign of a lost glyph:
                    // a kashida at a run's cut glues two runs' pieces.
                    return None;
                };
                Some((code, reading))
            })
            .collect();
        Readings { decided }
    }

    /// The document's reading of `code`, if it decided one.
    pub fn reading(&self, code: Code) -> Option<Reading> {
        self.decided.get(&code).copied()
    }
}

/// A line with its codes read: what [`rewrite`] returns.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The line with each code written as read (a lost glyph's U+FFFD
    /// kept, its marker or control left out).
    pub text: String,
    /// The same with U+FFFD where each lost glyph was, for the report.
    pub marked: String,
    /// Codes written as tatweel.
    pub kashidas: usize,
    /// Codes written as spaces.
    pub spaces: usize,
    /// Lost glyphs (a U+FFFD in the input is one).
    pub lost: usize,
}

/// The line with each code written as the document reads it; `None` when
/// the line holds no code.
///
/// ```
/// use naskh::repair::glyph_codes::{Readings, rewrite};
/// // Undecided: a control beside a letter is a kashida, a marker a lost glyph.
/// let r = rewrite("کت\u{2}\u{2}اب (cid:34)", &Readings::default()).unwrap();
/// assert_eq!(r.text, "کتــاب ");
/// assert_eq!(r.marked, "کتــاب \u{FFFD}");
/// assert_eq!((r.kashidas, r.lost), (2, 1));
/// ```
pub fn rewrite(line: &str, readings: &Readings) -> Option<Rewritten> {
    if !has_code(line) {
        return None;
    }
    let sites = codes(line);
    if sites.is_empty() {
        return None;
    }
    let mut r = Rewritten {
        text: String::with_capacity(line.len()),
        marked: String::with_capacity(line.len()),
        ..Rewritten::default()
    };
    let mut from = 0;
    // Run by run of adjacent codes (one kashida may print as two), so that
    // what is around a run is read once: linear in the line.
    for run in runs(&sites) {
        let (lo, hi) = (run.start, run.end - 1);
        let prev = line[..sites[lo].0].chars().next_back();
        let next = line[sites[hi].1..].chars().next();
        // Beside a letter (through the run).
        let before = line[..sites[lo].0].chars().rev().find(|&c| !is_mark(c));
        let by_letter = before.is_some_and(is_letter) || next.is_some_and(is_letter);
        for (k, &(a, b, code)) in sites.iter().enumerate().take(run.end).skip(lo) {
            r.text.push_str(&line[from..a]);
            r.marked.push_str(&line[from..a]);
            from = b;
            let reading = match readings.reading(code) {
                // A kashida carries no mark: a code with one was a letter.
                Some(Reading::Kashida) if next.is_some_and(is_mark) => Reading::Lost,
                Some(r) => r,
                // (Not NUL: code 0 is glyph 0, `.notdef`, drawn for a
                // character a font lacks, never a kashida.)
                None if matches!(code, Code::Char(c) if c != REPLACEMENT && c != '\0')
                    && by_letter =>
                {
                    Reading::Kashida
                }
                None => Reading::Lost,
            };
            match reading {
                Reading::Kashida => {
                    r.text.push(TATWEEL);
                    r.marked.push(TATWEEL);
                    r.kashidas += 1;
                }
                Reading::Space => {
                    r.text.push(' ');
                    r.marked.push(' ');
                    r.spaces += 1;
                }
                Reading::Lost => {
                    r.marked.push(REPLACEMENT);
                    r.lost += 1;
                    // A U+FFFD the extractor printed is text it wrote, and
                    // Unicode's own mark for a character that could not be
                    // read: it stays, and keeps its token whole.
                    if code == Code::Char(REPLACEMENT) {
                        r.text.push(REPLACEMENT);
                    } else if k == hi && prev.is_none_or(char::is_whitespace) {
                        // The marks after a lost glyph that opens a word
                        // were its letter's: left alone, the mark stage
                        // would put them on the word before. (Inside a word
                        // they stay on the letter before, as near as a gap.)
                        let marks: usize = line[b..]
                            .chars()
                            .take_while(|&c| is_mark(c))
                            .map(char::len_utf8)
                            .sum();
                        r.marked.push_str(&line[b..b + marks]);
                        from = b + marks;
                    }
                }
            }
        }
    }
    r.text.push_str(&line[from..]);
    r.marked.push_str(&line[from..]);
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::lexicon::lexicon;

    #[test]
    fn codes_read_markers_controls_and_replacements() {
        assert_eq!(
            codes("ةدا(cid:10)(cid:10)ق (cid:x \u{7}ب\u{FFFD}"),
            vec![
                (6, 14, Code::Cid(10)),
                (14, 22, Code::Cid(10)),
                (32, 33, Code::Char('\u{7}')),
                (35, 38, Code::Char(REPLACEMENT)),
            ]
        );
        assert_eq!(
            code_at("(cid:99999999999)", 0),
            Some((Code::Cid(u32::MAX), 17))
        );
        assert!(!has_code("قال الرئيس (في بيان)\t«ﺍﻟﻌﺎﺻﻤﺔ»\r\n"));
        for c in ['\u{0}', '\u{7}', '\u{7f}', '\u{85}', '\u{9f}', REPLACEMENT] {
            assert!(has_code(&format!("كت{c}اب")), "{c:?}");
        }
        assert!(has_code("ا(cid:3)ب"));
    }

    /// Hostile lines: every stage stays linear in the line (a run read
    /// from each of its sites, or a token read whole at each of its sites,
    /// is quadratic on these).
    #[test]
    fn long_runs_of_codes_stay_linear() {
        let lex = lexicon();
        let adjacent = "\u{7}".repeat(200_000);
        let alternating = "ا\u{7}".repeat(100_000);
        let distinct: String = (0..30_000).map(|n| format!("(cid:{n})")).collect();
        let lines = [adjacent.as_str(), alternating.as_str(), distinct.as_str()];
        let r = Readings::decide(lex, &lines);
        let w = rewrite(&adjacent, &r).unwrap();
        // No letter beside the run: lost glyphs, left out.
        assert_eq!((w.text.len(), w.lost), (0, 200_000));
        let w = rewrite(&alternating, &r).unwrap();
        assert_eq!(w.kashidas, 100_000);
        let w = rewrite(&distinct, &r).unwrap();
        assert_eq!((w.text.len(), w.lost), (0, 30_000));
    }

    #[test]
    fn a_document_reads_its_codes_from_the_words_around_them() {
        let lex = lexicon();
        // MuPDF's U+FFFD for LibreOffice's kashida, in visual letter order.
        let kashida = [
            "ةدا\u{FFFD}\u{FFFD}ق عمتجا",
            "ا\u{FFFD}\u{FFFD}هيف كرا\u{FFFD}\u{FFFD}ش يتلا",
            "ة\u{FFFD}\u{FFFD}مقلا",
        ];
        let r = Readings::decide(lex, &kashida);
        assert_eq!(r.reading(Code::Char(REPLACEMENT)), Some(Reading::Kashida));
        let w = rewrite(kashida[1], &r).unwrap();
        assert_eq!(w.text, "اــهيف كراــش يتلا");
        assert_eq!((w.kashidas, w.spaces, w.lost), (4, 0, 0));
        // A code between two words is a space glyph.
        let spaces = ["قال(cid:3)الرئيس في(cid:3)بيان", "المدن(cid:3)الساحلية"];
        let r = Readings::decide(lex, &spaces);
        assert_eq!(r.reading(Code::Cid(3)), Some(Reading::Space));
        assert_eq!(rewrite(spaces[1], &r).unwrap().text, "المدن الساحلية");
        // Kashidas at runs' cuts glue pieces of words: no word either way,
        // and the control keeps its kashida reading.
        let cuts = [
            "ير، في\u{7}\u{7}ية دون تغي\u{7}\u{7}دة",
            "أس\u{7}\u{7}دوري ال\u{7}\u{7}زي في",
        ];
        let r = Readings::decide(lex, &cuts);
        assert_eq!(r.reading(Code::Char('\u{7}')), None);
        assert_eq!(rewrite(cuts[1], &r).unwrap().text, "أســدوري الــزي في");
        // Lost glyphs: U+FFFD in words that are no words without it (kept),
        // and a control with no letter beside it (left out). Both are
        // marked in the report's copy.
        let lost = [
            "قا\u{FFFD}ئد ال\u{FFFD}صحا\u{FFFD}ة",
            "مد\u{FFFD}نة \u{0}\u{0} ا\u{FFFD}جد",
        ];
        let r = Readings::decide(lex, &lost);
        assert_eq!(r.reading(Code::Char(REPLACEMENT)), None);
        let w = rewrite(lost[1], &r).unwrap();
        assert_eq!(w.text, "مد\u{FFFD}نة  ا\u{FFFD}جد");
        assert_eq!(w.marked, "مد\u{FFFD}نة \u{FFFD}\u{FFFD} ا\u{FFFD}جد");
        assert_eq!((w.kashidas, w.lost), (0, 4));
        // A marker inside a word leaves the marks printed after it; at the
        // word's start they go with it.
        let w = rewrite("الْ(cid:9)\u{650}نْسَانُ (cid:9)\u{64E}ا يبلغها", &r).unwrap();
        assert_eq!(w.text, "الْ\u{650}نْسَانُ ا يبلغها");
        assert_eq!(w.marked, "الْ\u{FFFD}\u{650}نْسَانُ \u{FFFD}\u{64E}ا يبلغها");
        // One site says nothing: the default reading.
        let r = Readings::decide(lex, &["كت\u{7}اب"]);
        assert_eq!(r.reading(Code::Char('\u{7}')), None);
        assert_eq!(rewrite("كت\u{7}اب \u{7}", &r).unwrap().text, "كتـاب ");
        assert_eq!(rewrite("كت\u{0}اب", &r).unwrap().text, "كتاب");
        assert_eq!(rewrite("لا شيء هنا", &r), None);
    }
}
