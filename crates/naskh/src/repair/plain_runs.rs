//! Runs of plain letters an extractor's bidi pass turned inside lines of
//! presentation forms.
//!
//! pdf.js reorders each text item with its own short bidi algorithm, which
//! types every character above U+08AC as left-to-right: presentation forms
//! count as strong L, plain Arabic letters as AL. A line printed in visual
//! order from presentation-form glyphs (Chromium's PDFs print isolated and
//! final forms of some letters with plain code points) keeps its forms in
//! place, while each run of plain letters, with the spaces and punctuation
//! between them, comes out turned: `المدن الساحلية` printed as
//! `ﺔﻴﻠﺣﺎﺴﻟن اﺪﻤﻟا` (the run `ا ن` across the space turned), `الدراسة` as
//! `ﺔﺳراﺪﻟا`. Levels resolved the same way again turn those runs back: the
//! reordering is its own inverse on such a line.
//!
//! Written here because no crate resolves levels this way: `unicode-bidi`
//! follows the full algorithm (embeddings, bracket pairs, the real classes
//! of presentation forms), which is what the extractor did not do.

use std::cmp::Ordering;

use icu_properties::props::BidiClass as Ucd;

use super::chars::{is_letter, is_pf};
use super::lexicon::{KEY_HASH_START, Lexicon, key_char, key_hash_push};
use super::scoring::core;
use crate::script::{bidi_class, push_folded};

/// The classes the extractor's algorithm tells apart (it has no embeddings
/// and no isolates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    L,
    R,
    Al,
    En,
    An,
    Es,
    Et,
    Cs,
    Nsm,
    /// Whitespace and other neutrals.
    On,
    /// Controls, tabs, line ends: left where they are.
    Other,
}

/// The class the extractor gave `c`: Unicode's up to U+06FF (Hebrew letters
/// R), AL for U+0700–U+08AC, L above (presentation forms, ZWNJ, curly
/// quotes).
fn class(c: char) -> Class {
    match u32::from(c) {
        0x0590..=0x05F4 => Class::R,
        0x0700..=0x08AC => Class::Al,
        0x08AD.. => Class::L,
        _ => match bidi_class(c) {
            Ucd::LeftToRight => Class::L,
            Ucd::RightToLeft => Class::R,
            Ucd::ArabicLetter => Class::Al,
            Ucd::EuropeanNumber => Class::En,
            Ucd::ArabicNumber => Class::An,
            Ucd::EuropeanSeparator => Class::Es,
            Ucd::EuropeanTerminator => Class::Et,
            Ucd::CommonSeparator => Class::Cs,
            Ucd::NonspacingMark => Class::Nsm,
            Ucd::WhiteSpace | Ucd::OtherNeutral => Class::On,
            _ => Class::Other,
        },
    }
}

/// `line` reordered as a left-to-right paragraph under [`class`]: runs of
/// right-to-left characters turned. `None` when nothing moves.
///
/// ```
/// use naskh::repair::plain_runs::turn_plain_runs;
/// // Two plain letters and the space between them, between forms.
/// assert_eq!(
///     turn_plain_runs("\u{FEDF}ن ا\u{FEAA}").as_deref(),
///     Some("\u{FEDF}ا ن\u{FEAA}")
/// );
/// // A space at a run's edge stays (it lies between R and L).
/// assert_eq!(turn_plain_runs("\u{FEDF}ا \u{FEAA}"), None);
/// ```
pub fn turn_plain_runs(line: &str) -> Option<String> {
    let (chars, runs) = resolve(line)?;
    let out = turn(&chars, &runs);
    (out != chars).then(|| out.into_iter().collect())
}

/// A run of right-to-left characters, `start..end`, and the neutrals beside
/// it that resolved left-to-right (`lead..start`, `end..trail`): the
/// extractor's items, whose bounds the text does not show, may have turned
/// them with the run.
#[derive(Debug, Clone, Copy)]
struct Run {
    lead: usize,
    start: usize,
    end: usize,
    trail: usize,
}

/// `line`'s characters and its runs of right-to-left letters under
/// [`class`] in a left-to-right paragraph. A run holding a number (AN, or
/// EN not after L) is left out: where the extractor's items split such a
/// line is not known, and turning it again scrambles the number and its
/// signs more often than not.
fn resolve(line: &str) -> Option<(Vec<char>, Vec<Run>)> {
    use Class::{Al, An, Cs, En, Es, Et, L, Nsm, On, R};
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    let mut t: Vec<Class> = chars.iter().map(|&c| class(c)).collect();
    if !t.iter().any(|&x| matches!(x, R | Al)) {
        return None;
    }
    // W1: a mark takes its base's class (the line's start is L).
    let mut prev = L;
    for x in t.iter_mut() {
        if *x == Nsm {
            *x = prev;
        } else {
            prev = *x;
        }
    }
    // W2, W3: European digits after Arabic letters are Arabic numbers; AL
    // is R.
    let mut strong = L;
    for x in t.iter_mut() {
        match *x {
            En if strong == Al => *x = An,
            R | L | Al => strong = *x,
            _ => {}
        }
        if *x == Al {
            *x = R;
        }
    }
    // W4: one separator between two numbers of a kind joins them.
    for i in 1..n.saturating_sub(1) {
        let (a, b) = (t[i - 1], t[i + 1]);
        if (t[i] == Es && a == En && b == En) || (t[i] == Cs && matches!(a, En | An) && a == b) {
            t[i] = a;
        }
    }
    // W5: terminators next to European digits are digits.
    for i in 0..n {
        if t[i] == En {
            let mut j = i;
            while j > 0 && t[j - 1] == Et {
                j -= 1;
                t[j] = En;
            }
            let mut j = i + 1;
            while j < n && t[j] == Et {
                t[j] = En;
                j += 1;
            }
        }
    }
    // W6: other separators and terminators are neutrals.
    for x in t.iter_mut() {
        if matches!(*x, Es | Et | Cs) {
            *x = On;
        }
    }
    // W7: European digits after L read as L.
    let mut strong = L;
    for x in t.iter_mut() {
        match *x {
            En if strong == L => *x = L,
            R | L => strong = *x,
            _ => {}
        }
    }
    // Neutrals as they stand before N1: a run's edges are those left L.
    let neutral_before: Vec<bool> = t.iter().map(|&x| x == On).collect();
    // N1, N2: neutrals between two sides of one direction take it (numbers
    // count as R, the line's ends as L); the rest are L.
    let side = |x: Class| if x == L { L } else { R };
    let mut i = 0;
    while i < n {
        if t[i] != On {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&j| t[j] != On).unwrap_or(n);
        let before = if i == 0 { L } else { side(t[i - 1]) };
        let after = if end == n { L } else { side(t[end]) };
        t[i..end].fill(if before == after { before } else { L });
        i = end;
    }
    let neutral: Vec<bool> = (0..n).map(|j| neutral_before[j] && t[j] == L).collect();
    // I1, L2: each run of R, with its neutral edges.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        if !matches!(t[i], R | An | En) {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&j| !matches!(t[j], R | An | En)).unwrap_or(n);
        if t[i..end].iter().all(|&x| x == R) {
            let mut lead = i;
            while lead > 0 && neutral[lead - 1] {
                lead -= 1;
            }
            let trail = (end..n).find(|&j| !neutral[j]).unwrap_or(n);
            runs.push(Run {
                lead,
                start: i,
                end,
                trail,
            });
        }
        i = end;
    }
    Some((chars, runs))
}

/// The characters with each run turned (its edges stay).
fn turn(chars: &[char], runs: &[Run]) -> Vec<char> {
    let mut out = chars.to_vec();
    for r in runs {
        out[r.start..r.end].reverse();
    }
    out
}

/// Letters of a line's words the lexicon knows, each token read as printed
/// or from its end, whichever knows more: a line in logical order (pypdf
/// on the same PDFs) must not pass for a visual one. A word counts by its
/// letters so that a reading keeping `الموازنة. ودعا` whole beats one
/// that parts `ود. عا` (both words); punctuation at a token's edges is
/// not the word's, punctuation inside it makes no word. (Each token folded
/// once into `buf`, and looked up by hash both ways.)
fn known_letters(lex: &Lexicon, line: &str, buf: &mut String) -> usize {
    let (ahead, back) = known_letters_both(lex, line, buf);
    ahead.max(back)
}

/// [`known_letters`] read as printed and from each token's end.
fn known_letters_both(lex: &Lexicon, line: &str, buf: &mut String) -> (usize, usize) {
    let (mut ahead, mut back) = (0, 0);
    for t in line.split_whitespace() {
        buf.clear();
        t.chars().for_each(|c| push_folded(buf, c));
        let Some(w) = core(buf) else { continue };
        let letters = w.chars().filter(|&c| is_letter(c)).count();
        if letters < 2 {
            continue;
        }
        if lex.known_word(w).is_some() {
            ahead += letters;
        }
        let h = w
            .chars()
            .rev()
            .filter_map(key_char)
            .fold(KEY_HASH_START, key_hash_push);
        if lex.known_hashed(h).is_some() {
            back += letters;
        }
    }
    (ahead, back)
}

/// May the extractor have turned this line's plain runs: presentation forms
/// and two or more plain letters.
fn eligible(line: &str) -> bool {
    // (Every presentation form's UTF-8 opens with 0xEF: a byte scan rules
    // out the lines of a document that has none.)
    line.bytes().any(|b| b == 0xEF)
        && line.chars().any(is_pf)
        && line
            .chars()
            .filter(|&c| is_letter(c) && !is_pf(c))
            .nth(1)
            .is_some()
}

/// An [`eligible`] line with its plain runs turned back, and whether that
/// reads more, as many or fewer known letters than the line as printed.
/// With `edges`, the neutrals beside each run turn with it where that reads
/// more.
fn turned(lex: &Lexicon, line: &str, edges: bool, buf: &mut String) -> Option<(String, Ordering)> {
    let (chars, runs) = resolve(line)?;
    let mut out: Vec<char> = turn(&chars, &runs);
    if out == chars {
        return None;
    }
    if edges {
        // One pass, run by run. Runs are apart (an L stands between any
        // two), so a run's choice changes only `lead..trail`, and only the
        // words that span reads need scoring, in the line's own reading (a
        // window's words alone may read the other way).
        let mut text: String = out.iter().collect();
        let (ahead, back) = known_letters_both(lex, &text, buf);
        // The words are looked for at most `REACH` characters out: no word
        // is longer, and a line of one long token and many runs would
        // otherwise be read whole for every run.
        const REACH: usize = 48;
        let mut window = |v: &[char], from: usize, to: usize, buf: &mut String| {
            let from = (from.saturating_sub(REACH)..from)
                .rev()
                .find(|&j| v[j].is_whitespace())
                .map_or(from.saturating_sub(REACH), |j| j + 1);
            let end = v.len().min(to + REACH);
            let to = (to..end).find(|&j| v[j].is_whitespace()).unwrap_or(end);
            text.clear();
            text.extend(&v[from..to]);
            let (a, b) = known_letters_both(lex, &text, buf);
            if back >= ahead { b } else { a }
        };
        let mut trial = out.clone();
        for r in &runs {
            let mut score = window(&out, r.lead, r.trail, buf);
            for (lead, trail) in [(true, false), (false, true), (true, true)] {
                if (lead && r.lead == r.start) || (trail && r.trail == r.end) {
                    continue;
                }
                trial[r.lead..r.trail].copy_from_slice(&chars[r.lead..r.trail]);
                let from = if lead { r.lead } else { r.start };
                let to = if trail { r.trail } else { r.end };
                trial[from..to].reverse();
                let sc = window(&trial, r.lead, r.trail, buf);
                if sc > score {
                    score = sc;
                    out[r.lead..r.trail].copy_from_slice(&trial[r.lead..r.trail]);
                } else {
                    trial[r.lead..r.trail].copy_from_slice(&out[r.lead..r.trail]);
                }
            }
        }
    }
    let best: String = out.into_iter().collect();
    let score = known_letters(lex, &best, buf);
    let ord = score.cmp(&known_letters(lex, line, buf));
    Some((best, ord))
}

/// How far a document shows plain runs turned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Fewer than three lines read more known letters turned back, or
    /// more than twice as many read fewer: a visual line printed straight
    /// (MuPDF, pdftotext on the same PDFs) reads fewer with its runs
    /// turned, so its document stays as it is.
    No,
    /// Three or more read more, at least half as many as read fewer:
    /// the lines that read more are turned back (pdf.js on Persian, whose
    /// items it read right to left where plain letters outnumber the forms,
    /// which turning back cannot undo).
    Lines,
    /// Three or more read more, twice as many as read fewer: every line
    /// that reads no fewer is turned back.
    Document,
}

/// How far the document shows plain runs turned ([`Extent`]), over the
/// lines whose words turning back changes, and each line's reading with
/// them turned back where that extent says so.
pub fn vote(lex: &Lexicon, lines: &[String]) -> (Extent, Vec<Option<String>>) {
    let (mut better, mut worse) = (0usize, 0usize);
    let mut buf = String::new();
    // Each line scanned once. The vote reads the runs turned back alone:
    // the edge trials cost a window of words per run, paid only once a
    // document passes.
    let is_eligible: Vec<bool> = lines.iter().map(|l| eligible(l)).collect();
    // Stop once the lines left cannot carry the vote (a document printed
    // straight reads worse line after line).
    let mut left = is_eligible.iter().filter(|&&e| e).count();
    for (l, _) in lines.iter().zip(&is_eligible).filter(|(_, e)| **e) {
        // (Nor is a document whose first eight such lines all read
        // fewer: where pdf.js turned them, most read more from the start.)
        if better + left < 3 || 2 * (better + left) < worse || (better == 0 && worse >= 8) {
            break;
        }
        left -= 1;
        if let Some((_, ord)) = turned(lex, l, false, &mut buf) {
            better += usize::from(ord == Ordering::Greater);
            worse += usize::from(ord == Ordering::Less);
        }
    }
    let extent = if better < 3 || 2 * better < worse {
        return (Extent::No, Vec::new());
    } else if better >= 2 * worse {
        Extent::Document
    } else {
        Extent::Lines
    };
    let lines = lines
        .iter()
        .zip(is_eligible)
        .map(|(l, e)| e.then(|| keep(lex, l, extent, &mut buf)).flatten())
        .collect();
    (extent, lines)
}

/// A line of a document that [`vote`] found turned to `extent`, with its
/// plain runs turned back (and the neutrals beside them that read better
/// turned too) where that extent says so.
pub fn turn_back(lex: &Lexicon, line: &str, extent: Extent) -> Option<String> {
    if extent == Extent::No || !eligible(line) {
        return None;
    }
    keep(lex, line, extent, &mut String::new())
}

/// An eligible line's reading turned back, edges tried, kept where `extent`
/// says so.
fn keep(lex: &Lexicon, line: &str, extent: Extent, buf: &mut String) -> Option<String> {
    let (u, ord) = turned(lex, line, true, buf)?;
    match extent {
        Extent::Document => ord != Ordering::Less,
        Extent::Lines => ord == Ordering::Greater,
        Extent::No => false,
    }
    .then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::{ChangeKind, RepairOptions, repair};
    use crate::script::{Form, form_between};

    /// The presentation form of `c` in `form` (the letters of the test
    /// sentences only: first form of each in U+FE70–U+FEFC, then isolated,
    /// final, initial, medial).
    fn pf(c: char, form: Form) -> char {
        let (first, dual) = match c {
            'ا' => (0xFE8D, false),
            'ب' => (0xFE8F, true),
            'ة' => (0xFE93, false),
            'ت' => (0xFE95, true),
            'ث' => (0xFE99, true),
            'ج' => (0xFE9D, true),
            'ح' => (0xFEA1, true),
            'خ' => (0xFEA5, true),
            'د' => (0xFEA9, false),
            'ذ' => (0xFEAB, false),
            'ر' => (0xFEAD, false),
            'ز' => (0xFEAF, false),
            'س' => (0xFEB1, true),
            'ش' => (0xFEB5, true),
            'ض' => (0xFEBD, true),
            'ط' => (0xFEC1, true),
            'ع' => (0xFEC9, true),
            'ف' => (0xFED1, true),
            'ق' => (0xFED5, true),
            'ل' => (0xFEDD, true),
            'م' => (0xFEE1, true),
            'ن' => (0xFEE5, true),
            'ه' => (0xFEE9, true),
            'و' => (0xFEED, false),
            'ي' => (0xFEF1, true),
            _ => panic!("no form table for {c}"),
        };
        let k = match form {
            Form::Isolated => 0,
            Form::Final => 1,
            Form::Initial if dual => 2,
            Form::Medial if dual => 3,
            _ => panic!("{c} has no {form:?} form"),
        };
        char::from_u32(first + k).unwrap()
    }

    /// A logical line as Chromium's PDFs print it: glyphs in visual order,
    /// joined forms as presentation forms, isolated letters as plain code
    /// points.
    fn chromium(line: &str) -> String {
        let mut out = String::new();
        for (i, w) in line.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let cs: Vec<char> = w.chars().collect();
            for (j, &c) in cs.iter().enumerate() {
                let f = form_between(j.checked_sub(1).map(|k| cs[k]), c, cs.get(j + 1).copied());
                out.push(if f == Form::Isolated { c } else { pf(c, f) });
            }
        }
        out.chars().rev().collect()
    }

    /// What pdf.js makes of such a line: each run of plain characters
    /// between forms turned, less the spaces at its ends. (Written apart
    /// from [`turn_plain_runs`], from what pdf.js prints.)
    fn pdfjs(visual: &str) -> String {
        pdfjs_items(visual, |_| false)
    }

    /// The same, where a run that `whole` picks was an item of its own to
    /// pdf.js, and turned whole, punctuation and spaces at its ends too
    /// (`و أ و ␣ .` printed `. ␣ و أ و`).
    fn pdfjs_items(visual: &str, whole: impl Fn(&str) -> bool) -> String {
        let mut out = String::new();
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String| {
            if whole(run) {
                out.extend(run.chars().rev());
                run.clear();
                return;
            }
            let core = run.trim_matches(' ');
            let lead = run.len() - run.trim_start_matches(' ').len();
            let turned: String = core.chars().rev().collect();
            out.push_str(&run[..lead]);
            out.push_str(&turned);
            out.push_str(&run[lead + core.len()..]);
            run.clear();
        };
        for c in visual.chars() {
            if is_pf(c) {
                flush(&mut run, &mut out);
                out.push(c);
            } else {
                run.push(c);
            }
        }
        flush(&mut run, &mut out);
        out
    }

    const SENTENCES: [&str; 4] = [
        "زار الوفد المدرسة الجديدة في وسط المدينة",
        "وقدم المدير شرحا عن خطة الدراسة في السنة المقبلة",
        "ثم تجول الزوار في الساحة وشاهدوا معرضا للرسم",
        "وعبر الحضور عن سرورهم بهذه الزيارة",
    ];

    #[test]
    fn plain_runs_turned_by_the_extractor_are_turned_back() {
        let printed: String = SENTENCES
            .iter()
            .map(|l| pdfjs(&chromium(l)) + "\n")
            .collect();
        // The damage is there: every line has a run turned (`زار الوفد`
        // ends the first line printed as `…ﻟز ا ر ا`, read from the left).
        for l in SENTENCES {
            assert_ne!(pdfjs(&chromium(l)), chromium(l), "{l}");
        }
        assert!(printed.lines().next().unwrap().ends_with("\u{FEDF}زار ا"));
        let (text, report) = repair(&printed, &RepairOptions::default());
        let want: String = SENTENCES.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(text, want);
        let turned = report
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::EdgeLetters)
            .count();
        assert_eq!(turned, 4);
    }

    #[test]
    fn a_sentence_end_turned_with_its_run_goes_back_where_it_reads_better() {
        // `المدينة. وزار` ends a run of plain letters with its period: the
        // item was turned whole (`. زار`, read from the left).
        let line = "عاد الوفد من المدينة. وزار المدرسة الجديدة";
        let printed: String = SENTENCES[1..]
            .iter()
            .map(|l| pdfjs(&chromium(l)) + "\n")
            .chain(std::iter::once(
                pdfjs_items(&chromium(line), |r| r.contains('.')) + "\n",
            ))
            .collect();
        assert!(printed.contains("\u{FEDF}. \u{0648}\u{0632}\u{0627}\u{0631} \u{0627}\u{FE94}"));
        let want: String = SENTENCES[1..]
            .iter()
            .chain(std::iter::once(&line))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(repair(&printed, &RepairOptions::default()).0, want);
    }

    #[test]
    fn where_lines_split_both_ways_only_those_that_read_better_turn() {
        // Three lines with their runs turned, three printed straight (as
        // pdf.js prints items it read right to left): the vote is split,
        // so only the lines that read more known letters turn back.
        let straight = [
            "عاد الوفد من المدينة وزار المدرسة الجديدة",
            "وقدم الفريق عرضا في الساحة",
            "ثم عاد الزوار من الرحلة",
        ];
        let printed: String = SENTENCES[..3]
            .iter()
            .map(|l| pdfjs(&chromium(l)))
            .chain(straight.iter().map(|l| chromium(l)))
            .map(|l| l + "\n")
            .collect();
        let lines: Vec<String> = printed.lines().map(String::from).collect();
        let lex = crate::repair::lexicon::lexicon();
        assert_eq!(vote(lex, &lines).0, Extent::Lines);
        let want: String = SENTENCES[..3]
            .iter()
            .chain(straight.iter())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(repair(&printed, &RepairOptions::default()).0, want);
    }

    #[test]
    fn a_visual_line_printed_straight_is_not_turned() {
        // The same lines as MuPDF prints them: no run was turned, and
        // turning them would break words.
        let straight: Vec<String> = SENTENCES.iter().map(|l| chromium(l)).collect();
        let lex = crate::repair::lexicon::lexicon();
        assert_eq!(vote(lex, &straight).0, Extent::No);
        let printed: String = straight.iter().map(|l| format!("{l}\n")).collect();
        let want: String = SENTENCES.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(repair(&printed, &RepairOptions::default()).0, want);
        // And in logical order (pypdf): neither.
        let logical: Vec<String> = straight.iter().map(|l| l.chars().rev().collect()).collect();
        assert_eq!(vote(lex, &logical).0, Extent::No);
    }

    #[test]
    fn a_long_token_of_runs_is_read_in_one_pass() {
        // Runs with punctuation at their ends and no space in sight: each
        // run's edges are scored on the words near it, not on the whole
        // token (160,000 characters read once per run took minutes).
        let n = 40_000;
        let line = "\u{FEDF}اب.".repeat(n);
        let lex = crate::repair::lexicon::lexicon();
        assert_eq!(
            turn_back(lex, &line, Extent::Document),
            Some("\u{FEDF}با.".repeat(n))
        );
    }

    #[test]
    fn numbers_stay_as_printed() {
        // A run holding digits is not turned; plain letters elsewhere are.
        let line = "\u{FEDF}ن ا\u{FEAA} 12 \u{FEDF}";
        assert_eq!(
            turn_plain_runs(line).as_deref(),
            Some("\u{FEDF}ا ن\u{FEAA} 12 \u{FEDF}")
        );
        assert_eq!(turn_plain_runs("\u{FEDF}ن ١٢ ا\u{FEAA}"), None);
        // Nothing right-to-left: nothing to do.
        assert_eq!(turn_plain_runs("\u{FEDF}\u{FEAA} 12"), None);
    }
}
