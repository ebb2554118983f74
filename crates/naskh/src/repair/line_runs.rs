//! Lines printed as the runs of one line, last run first: pypdf on
//! LibreOffice's kashida-justified PDFs prints each run a line was cut into
//! at its kashida points as a line of its own (a blank line after most),
//! bottom run on top: `ا ق`, `ارك فيه`, `تي ش`, `ة ال`, `ة الإقليمي` for
//! `… الإقليمية التي شارك فيها ق…`. A kashida cut falls inside a word, so
//! the lower line's last word and the upper line's first word are pieces of
//! one word. Each chain of such lines is put back in order, the lowest
//! first, glued at the cuts.
//!
//! A text → segments stage like [`super::pieces`]: it only joins and orders
//! whole lines, and only in a window where several lines chain so.

use super::chars::{is_digit, is_letter};
use super::columns::Piece;
use super::lexicon::{Lexicon, normalise};
use super::scoring::core;

/// Junctions a window needs before any line is joined: one is a chance
/// pair of words, as where a line ends in a word's first letters.
const MIN_JUNCTIONS: usize = 3;

/// Gain (log10) the word made at a junction must bring over its two pieces.
const JOIN_GAIN: f32 = 3.0;

/// Words of the shorter of two lines a junction joins, at most.
const MAX_RUN_WORDS: usize = 3;

/// Blank lines allowed between two runs of one line (pypdf prints one).
const MAX_BLANKS: usize = 1;

/// The key of a line's edge token when that edge is letters (no digit, no
/// punctuation at the cut), with whether it is a piece of a word rather
/// than a likely word.
fn edge(lex: &Lexicon, tok: &str, at_end: bool) -> Option<(String, bool)> {
    let c = core(tok)?;
    let outer = if at_end {
        tok.chars().next_back()
    } else {
        tok.chars().next()
    };
    if !outer.is_some_and(is_letter) || tok.chars().any(is_digit) || c.len() != tok.len() {
        return None;
    }
    let key = normalise(c);
    let n = key.chars().count();
    if n == 0 {
        return None;
    }
    let piece = (n == 1 && key != "و") || lex.known(&key).is_none_or(|c| c > 5.0);
    Some((key, piece))
}

/// Does the word made of `lower`'s last token and `upper`'s first read as
/// one cut by a kashida: a piece on one side at least, a known word
/// gaining [`JOIN_GAIN`]?
fn junction(lex: &Lexicon, lower: &str, upper: &str) -> bool {
    // Most runs a kashida cuts are a word or three: of two lines printed
    // full (lines whose own runs are glued, `pdf_oxide`), neither is one.
    // (Asked first: it needs no lexicon, and most pairs of a window fail it.)
    let short = |l: &str| l.split_whitespace().nth(MAX_RUN_WORDS).is_none();
    if !(short(lower) || short(upper)) {
        return false;
    }
    let (Some(a), Some(b)) = (
        lower.split_whitespace().next_back(),
        upper.split_whitespace().next(),
    ) else {
        return false;
    };
    let (Some((ka, pa)), Some((kb, pb))) = (edge(lex, a, true), edge(lex, b, false)) else {
        return false;
    };
    if !(pa || pb) {
        return false;
    }
    lex.known_joined(&ka, &kb)
        .is_some_and(|c| lex.cost(&ka) + lex.cost(&kb) - c > JOIN_GAIN)
}

/// Join each chain of lines that are one line's runs printed last first
/// (see the module docs). `lines` and `nos` (1-based input line numbers)
/// run in parallel; lines already `ordered` by an earlier stage are left
/// alone. `None` when the window shows too few such junctions.
pub fn join_line_runs(
    lex: &Lexicon,
    lines: &[&str],
    nos: &[usize],
    ordered: &[bool],
) -> Option<Vec<Piece>> {
    let n = lines.len();
    let blank = |i: usize| lines[i].trim().is_empty();
    // up[i]: the line above line i whose first word continues line i's last.
    let mut up: Vec<Option<usize>> = vec![None; n];
    let mut found = 0usize;
    // The same junctions read top to bottom: runs printed as lines in
    // logical order (PyMuPDF), which the wrap stage joins as they are.
    let mut in_order = 0usize;
    let mut prev: Option<usize> = None;
    for i in 0..n {
        if blank(i) {
            continue;
        }
        if let Some(p) = prev
            && i - p - 1 <= MAX_BLANKS
            && !ordered[p]
            && !ordered[i]
        {
            if junction(lex, lines[i], lines[p]) {
                up[i] = Some(p);
                found += 1;
            } else if junction(lex, lines[p], lines[i]) {
                in_order += 1;
            }
        }
        prev = Some(i);
    }
    if found < MIN_JUNCTIONS || found <= 2 * in_order {
        return None;
    }
    let has_below: Vec<bool> = {
        let mut v = vec![false; n];
        up.iter().flatten().for_each(|&p| v[p] = true);
        v
    };
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        // A chain starts at its top line (none above it) and runs down.
        if blank(i) || up[i].is_some() || !has_below[i] {
            out.push(Piece {
                text: lines[i].to_string(),
                line: nos[i],
                pieces: None,
                ordered: ordered[i],
            });
            i += 1;
            continue;
        }
        let mut chain = vec![i];
        let mut last = i;
        while let Some(d) = (last + 1..n).find(|&d| up[d] == Some(last)) {
            chain.push(d);
            last = d;
        }
        // Lowest run first, glued at each cut.
        let mut text = String::new();
        for &k in chain.iter().rev() {
            text.push_str(lines[k].trim());
        }
        if lines[last].ends_with('\n') {
            text.push('\n');
        }
        out.push(Piece {
            text,
            line: nos[i],
            pieces: Some(chain.len()),
            ordered: true,
        });
        i = last + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::lexicon::lexicon;

    fn texts(p: &[Piece]) -> Vec<&str> {
        p.iter().map(|p| p.text.trim_end()).collect()
    }

    #[test]
    fn a_lines_runs_printed_as_lines_last_first_are_glued_back() {
        // `قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات`
        // cut at three kashidas, each run a line, the last on top.
        let lines = [
            "قاء على رسوم الخدمات\n",
            "\n",
            "اعه الأخير الإب\n",
            "\n",
            "دي في اجتم\n",
            "قرر المجلس البل\n",
            "وأضاف أن القرار يسري من الشهر المقبل.\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let out = join_line_runs(lexicon(), &lines, &nos, &[false; 7]).unwrap();
        assert_eq!(
            texts(&out),
            [
                "قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات",
                "وأضاف أن القرار يسري من الشهر المقبل."
            ]
        );
        assert_eq!(
            (out[0].line, out[0].pieces, out[0].ordered),
            (1, Some(4), true)
        );
        // Lines whose edges are words stay: a wrapped paragraph.
        let wrapped = [
            "قرر المجلس البلدي في اجتماعه الأخير\n",
            "الإبقاء على رسوم الخدمات دون تغيير\n",
            "وأضاف أن القرار يسري من الشهر المقبل\n",
            "على جميع الأحياء.\n",
        ];
        assert!(join_line_runs(lexicon(), &wrapped, &[1, 2, 3, 4], &[false; 4]).is_none());
        // Two junctions are no sign.
        let few = &lines[2..];
        assert!(join_line_runs(lexicon(), few, &nos[2..], &[false; 5]).is_none());
        // Runs printed as lines in logical order are another extractor's:
        // their junctions read top to bottom.
        let logical = [
            "قرر المجلس البل\n",
            "دي في اجتم\n",
            "اعه الأخير الإب\n",
            "قاء على رسوم الخدمات\n",
        ];
        assert!(join_line_runs(lexicon(), &logical, &[1, 2, 3, 4], &[false; 4]).is_none());
    }
}
