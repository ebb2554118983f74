//! `naskh repair`: reconstruct Arabic-script text that another tool already broke.
//!
//! Pipeline, per bounded window of lines (data flows one way):
//! [`segments`] (noise removal, tokens, clusters) → orientation evidence
//! ([`scoring`]: presentation-form shapes, lexicon, trigram model; decided per
//! document first, from the first window, then per line and word) →
//! [`candidates`] (tatweel, ligature order, re-segmentation) → text + [`RepairReport`].
//!
//! Clean text passes through byte-identical: every stage that rewrites a word
//! needs document-level evidence that the document is damaged that way.
//!
//! ```
//! use naskh::repair::{repair, RepairOptions, ChangeKind};
//! let (text, report) = repair("ﺔﻴﻠﺣﺎﺴﻟا نﺪﻤﻟا ﻲﻓ\n", &RepairOptions::default());
//! assert_eq!(text, "في المدن الساحلية\n");
//! assert_eq!(report.count(ChangeKind::WordOrder), 1);
//! ```

pub mod candidates;
pub mod chars;
pub mod columns;
pub mod glyph_codes;
pub mod lexicon;
mod lexicon_tables;
pub mod line_runs;
pub mod mark_splits;
pub mod numbers;
pub mod pieces;
pub mod plain_runs;
pub mod pua;
mod pua_digits;
mod report;
pub mod scoring;
pub mod segments;
pub mod shaped_joins;
mod visual_runs;

use std::collections::HashMap;
use std::io::{BufRead, Write};

pub use report::{Change, ChangeKind, RepairReport, Unrecoverable};

use crate::error::{Error, Result};
use candidates::{
    KEEP_SPACE, SegParams, ZWNJ_SUFFIXES, ligature_swap, prejoin_fragments, resegment,
    strip_tatweel, undouble,
};
use chars::{is_clause_punct, is_letter, is_mark, is_pf, is_pua};
use lexicon::{KEY_HASH_START, Lexicon, key_hash_push, key_len_hash, lexicon, normalise};
use scoring::{core, letter_delta, oriented, split_core, word_order_vote};
use segments::{reverse_word_order, strip_controls};

/// Options of [`repair`].
#[derive(Debug, Clone)]
pub struct RepairOptions {
    /// Confidence in `[0, 1]` a guess needs before it is applied; guesses below
    /// it are reported as unrecoverable instead.
    pub threshold: f64,
    /// Lines in the window from which the per-document decisions are made
    /// (bounded, so streaming input needs bounded memory).
    pub window_lines: usize,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions {
            threshold: 0.9,
            window_lines: 400,
        }
    }
}

/// Repair a whole text; returns the repaired text and what changed.
///
/// ```
/// use naskh::repair::{repair, RepairOptions};
/// let clean = "قمة إقليمية تبحث أمن الممرات البحرية\n";
/// assert_eq!(repair(clean, &RepairOptions::default()).0, clean);
/// ```
pub fn repair(text: &str, opts: &RepairOptions) -> (String, RepairReport) {
    let mut r = Repairer::new(opts);
    let mut out = String::with_capacity(text.len());
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for chunk in lines.chunks(opts.window_lines.max(1)) {
        r.window(chunk, &mut out);
    }
    (out, r.finish())
}

/// Changes listed in a report before further ones are only counted.
const MAX_REPORT_ITEMS: usize = 100_000;

/// Longest piece of a line read at once (longer lines are cut).
const MAX_LINE_BYTES: usize = 1 << 20;
/// Bytes buffered before a window is repaired and written.
const MAX_WINDOW_BYTES: usize = 8 << 20;

/// Repair text from a reader to a writer in bounded windows of lines.
/// Invalid UTF-8 is an error unless `lossy`, which replaces it with U+FFFD.
pub fn repair_reader<R: BufRead, W: Write>(
    mut input: R,
    mut output: W,
    opts: &RepairOptions,
    lossy: bool,
) -> Result<RepairReport> {
    let mut r = Repairer::new(opts);
    let mut buf: Vec<String> = Vec::new();
    let mut buffered = 0usize;
    let mut raw = Vec::new();
    // Bytes of a character cut at the line cap, carried to the next piece.
    let mut carry: Vec<u8> = Vec::new();
    let mut line_no = 0usize;
    loop {
        raw.clear();
        raw.append(&mut carry);
        // A line without a newline for megabytes is cut into pieces, so
        // memory stays bounded whatever the input looks like.
        let n = std::io::Read::take(input.by_ref(), MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut raw)
            .map_err(|e| Error::Io(e.to_string()))?;
        if !raw.ends_with(b"\n") && n > 0 {
            // Cut at a character boundary; the tail starts the next piece.
            let keep = match std::str::from_utf8(&raw) {
                Ok(_) => raw.len(),
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(_) => raw.len(),
            };
            carry = raw.split_off(keep);
        }
        if !raw.is_empty() {
            line_no += 1;
            let s = match String::from_utf8(std::mem::take(&mut raw)) {
                Ok(s) => s,
                Err(e) if lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Err(e) => {
                    return Err(Error::InvalidUtf8(format!(
                        "line {line_no}: {}",
                        e.utf8_error()
                    )));
                }
            };
            buffered += s.len();
            buf.push(s);
        }
        let end = n == 0;
        if (end && !buf.is_empty())
            || buf.len() >= opts.window_lines.max(1)
            || buffered >= MAX_WINDOW_BYTES
        {
            let refs: Vec<&str> = buf.iter().map(String::as_str).collect();
            let mut out = String::new();
            r.window(&refs, &mut out);
            output
                .write_all(out.as_bytes())
                .map_err(|e| Error::Io(e.to_string()))?;
            buf.clear();
            buffered = 0;
        }
        if end {
            if !carry.is_empty() {
                // Input ended inside a character.
                let s = String::from_utf8_lossy(&carry).into_owned();
                if !lossy {
                    return Err(Error::InvalidUtf8(format!(
                        "line {line_no}: truncated character at the end"
                    )));
                }
                output
                    .write_all(s.as_bytes())
                    .map_err(|e| Error::Io(e.to_string()))?;
            }
            break;
        }
    }
    output.flush().map_err(|e| Error::Io(e.to_string()))?;
    Ok(r.finish())
}

/// Per-document decisions, made from the first window.
#[derive(Debug, Clone, Copy, Default)]
struct Profile {
    /// Share of decisive Arabic words that read better reversed.
    visual_share: f32,
    /// Word order of lines reversed.
    reversed_words: bool,
    /// Ligature-order damage seen.
    swaps: bool,
    /// Spaces inserted inside words seen.
    joins: bool,
    /// Two printed neighbours make a word as much likelier than they are
    /// apart as [`Repairer::certain_joins`] asks (at least one pair): where
    /// it may find more.
    join_pairs: bool,
    /// Spaces lost between words seen.
    splits: bool,
    /// Spaces lost between Arabic words and numbers / Latin words seen.
    mixed: bool,
    /// Lines cut into runs printed in reversed order (kashida cuts seen).
    runs: bool,
    /// Lines cut at kashida points, printed with their runs reversed and
    /// glued, the kashidas dropped (`candidates::reorder_glued_runs`).
    glued_runs: bool,
    /// Mixed lines printed in visual run order, each run in logical order.
    visual_runs: bool,
    /// The same in a document whose words have their letters reversed but
    /// stand in logical order, periods displaced or mixed lines opening
    /// with their paragraph's period (pypdf on pango's PDFs): the runs are
    /// turned once the words are.
    runs_after_letters: bool,
    /// Lines in logical word order whose sentence periods were printed a
    /// word off, where visual order has them (pypdf on pango's PDFs).
    periods_displaced: bool,
    /// Numbers and Latin words with their punctuation stand as laid out
    /// (`،%7.9` for `7.9%،`) in lines whose words are in logical order
    /// (PDFium): turned in every line.
    numbers_laid_out: bool,
    /// Lines in visual word order whose Latin words and numbers stand where
    /// logical order has them, each Arabic run printed in visual order
    /// (typst's PDFs through MuPDF, pdf.js and pypdf): the runs are put in
    /// plain visual order before the letters and words turn.
    runs_in_place: bool,
    /// How visual run order prints numbers.
    numbers_layout: visual_runs::NumberLayout,
    /// Arabic (no letters that only Persian or Urdu use).
    arabic: bool,
    /// Words glued into one token stand in visual word order (`حريةوضمان`
    /// for `وضمان حرية`, typst's PDFs through pypdf): such a token is split
    /// before a reversed line's words are turned, so each takes its place.
    glued_visual: bool,
    /// Arabic lines in logical and in reversed word order mixed (definite
    /// adjectives against the document's word order nearly as often as
    /// with it): each line's own cues decide, the document's where they
    /// are even.
    mixed_word_order: bool,
    /// Marks printed before their letter, each mark and letter after a space
    /// (`ا ْل ِق َرا` for `الْقِرَا`).
    marks_first: bool,
    /// Marks torn from their words (tokens that start with a mark): the
    /// document is extracted text, so stacked marks are put back in
    /// canonical order (`نَّ`, not the `نَّ` some extractors print).
    marks_torn: bool,
    /// Marks printed before their letter in every token (glyphs ordered by
    /// x): a visual token is then reversed character by character.
    marks_lead: bool,
    /// Words printed reversed keep their clause punctuation after them
    /// (PDFium reverses letter runs only): reversing such a word leaves its
    /// punctuation in place.
    punct_stays: bool,
    /// Persian or Urdu without a single zero-width non-joiner although
    /// words that take one abound: the extractor dropped them.
    zwnj_lost: bool,
    /// Persian or Urdu without a single ZWNJ (whether or not its tokens
    /// show that they lost some: glued words do not show it until parted).
    zwnj_none: bool,
    /// The same, with a space printed where each ZWNJ was (`کتابخانه های`,
    /// `می آیند`): the two pieces are joined again.
    zwnj_spaced: bool,
    /// Letter clusters printed twice (`فِِفي`, typst's text layer): words
    /// that read as known ones with the cluster once.
    doubled: bool,
    /// The article `ال` printed alone three times or more (a word never
    /// is): torn off its words or a swapped `لا`, see
    /// [`Repairer::lone_articles`]. Once or twice it may be clean text
    /// that names the article.
    lone_articles: bool,
    /// Every ZWNJ printed one letter late (`کتابخانهه‌ای` for
    /// `کتابخانه‌های`): the lexicon's spellings have it a letter earlier.
    zwnj_late: bool,
    /// In a logical document, every mark printed before its letter
    /// (`حّذر` for `حذّر`, `ُتنشر` for `تُنشر`): marks go after the letter
    /// that follows them.
    marks_early: bool,
    /// Arabic-Indic digit runs printed reversed (`٠٥٤٬٢١` for `١٢٬٤٥٠`).
    digits_an_reversed: bool,
    /// European digit runs printed reversed (`52/11/4202` for `2024/11/25`).
    digits_en_reversed: bool,
}

/// Share of reversed words under which a document's letters are read as
/// printed (logical order): none of its words is turned.
const LETTERS_TURN: f32 = 0.15;

/// A per-document choice made once, on the first window whose lines vote
/// (`votes` gives `(visual, logical)` per line): visual where its votes
/// win, or tie with `tie_visual`. Until a window votes, visual.
fn decide_by_votes(
    slot: &mut Option<bool>,
    lines: &[String],
    votes: fn(&str) -> (usize, usize),
    tie_visual: bool,
) -> bool {
    if slot.is_none() {
        let (v, l) = lines
            .iter()
            .map(|l| votes(l))
            .fold((0, 0), |(a, b), (v, l)| (a + v, b + l));
        if v + l > 0 {
            *slot = Some(v > l || (tie_visual && v == l));
        }
    }
    slot.unwrap_or(true)
}

/// A stage's joined lines as the window's lines, their input line numbers
/// and whether each is in logical order already.
fn unzip_pieces(ps: &[columns::Piece]) -> (Vec<&str>, Vec<usize>, Vec<bool>) {
    let mut l = Vec::with_capacity(ps.len());
    let mut n = Vec::with_capacity(ps.len());
    let mut o = Vec::with_capacity(ps.len());
    for p in ps {
        l.push(p.text.as_str());
        n.push(p.line);
        o.push(p.ordered);
    }
    (l, n, o)
}

impl Profile {
    /// Are words of this document turned letter by letter at all?
    fn turns_letters(&self) -> bool {
        self.visual_share >= LETTERS_TURN
    }

    /// Lines in logical order (letters and words), marks after their
    /// letters: where a mark that opens a token belongs to the word before.
    fn logical(&self) -> bool {
        !self.marks_first && !self.reversed_words && self.visual_share < 0.35
    }
}

struct Repairer<'o> {
    opts: &'o RepairOptions,
    lex: &'static Lexicon,
    profile: Option<Profile>,
    /// Private Use Area decodings of the document (from the first window with codes).
    pua: Option<std::collections::HashMap<char, pua::Decoded>>,
    /// The document prints shadda as a digit (decided on the first window).
    digit_shadda: Option<bool>,
    /// How far the document shows runs of plain letters its extractor's
    /// bidi pass turned ([`plain_runs`]). Decided on the first window.
    plain_runs: Option<plain_runs::Extent>,
    /// Numbers in poppler's left-to-right embeddings are written as laid
    /// out (`%2.7`), decided on the first window with evidence.
    ltr_numbers_visual: Option<bool>,
    /// Left-to-right embeddings hold their content as laid out (poppler),
    /// not in logical order (see [`segments::ltr_order_votes`]); decided
    /// on the first window with evidence.
    ltr_embeddings_visual: Option<bool>,
    /// Presentation forms read in visual order, by the shapes inside words
    /// (decided on the first window with evidence).
    shapes_visual: Option<bool>,
    /// What the document's unmapped glyphs stood for (decided on the first
    /// window with any).
    glyph_codes: Option<glyph_codes::Readings>,
    line_no: usize,
    report: RepairReport,
}

/// A cleaned line with its per-token orientation evidence.
struct Prepared {
    text: String,
    changed: bool,
    tokens: Vec<String>,
    /// Each token's core keyed for the lexicon ([`normalise`]), once: the
    /// profile reads them all. (None once the profile is made.)
    keys: Vec<Option<String>>,
    /// Each core's letter-order evidence ([`scoring::letter_delta`]); 0.0
    /// for every core where nothing reads it (the profile is made, and no
    /// word of the document turns).
    deltas: Vec<Option<f32>>,
}

/// Tokens that read as two known words glued (`split_glued`: both sides
/// words, ten thousand times likelier apart) that say a document lost
/// spaces. Two: a short document whose lost spaces glued short words has
/// no long unknown token to show it (the probes' lost spaces, 0.426 →
/// 0.270 of their damage left), and clean text has none (no corpus text,
/// probe or fixture changed at one even). The re-segmenter still parts
/// only what its own evidence carries.
const GLUED_PAIRS: usize = 2;

/// Lines of a window searched for glued runs before the profile gives up
/// (each search is a dynamic programme over the line's pieces).
const GLUED_CHECKS: usize = 3;

/// Letters no Arabic, Persian or Urdu word reaches: a token this long is
/// words glued together.
const GLUED_LETTERS: usize = 20;

/// Lexicon cost (log10) under which a word is common enough that a run of
/// such words, no two making a word together, is left to itself by the
/// re-segmenter.
const PLAIN_WORD: f32 = 6.0;

/// Does this key look like an imperfect verb (`يجد`, `تزال`, `نعرف`): its
/// prefix letter, and no ending a verb never has (ة, or a nisba's ي after
/// ت, ن, أ: `توليدي`)?
fn imperfect_verb_shape(key: &str) -> bool {
    let nisba = key.ends_with(['ي', 'ة']);
    key.starts_with('ي') || (key.starts_with(['ت', 'ن', 'أ']) && !nisba)
}

/// How much likelier (log10) two words must be apart than as one word
/// spelt with a ZWNJ for a space between them to stay a space.
const ZWNJ_JOIN_MARGIN: f32 = 1.0;

/// Gain (log10) at which two tokens are joined as one word in a document
/// where the profile saw no spaces inserted: see [`Repairer::certain_joins`].
const CERTAIN_JOIN: f32 = 5.0;

/// Highest cost of a stem [`Repairer::zwnj_suffix_at`] parts a suffix
/// from: a rare stem is as likely a piece of another word.
const ZWNJ_STEM_COST: f32 = 5.5;

fn conf(gain: f32) -> f64 {
    1.0 / (1.0 + 10f64.powf(-f64::from(gain)))
}

impl<'o> Repairer<'o> {
    fn new(opts: &'o RepairOptions) -> Self {
        Repairer {
            opts,
            lex: lexicon(),
            profile: None,
            pua: None,
            digit_shadda: None,
            plain_runs: None,
            ltr_numbers_visual: None,
            ltr_embeddings_visual: None,
            shapes_visual: None,
            glyph_codes: None,
            line_no: 0,
            report: RepairReport::default(),
        }
    }

    fn finish(mut self) -> RepairReport {
        self.report.lines = self.line_no;
        if let Some(p) = self.profile {
            self.report.visual_letter_share = f64::from(p.visual_share);
            self.report.reversed_word_order = p.reversed_words;
        }
        self.report
    }

    fn change(&mut self, line: usize, kind: ChangeKind, before: &str, after: &str, c: f64) {
        // The report stays bounded on huge inputs: past the cap, changes are
        // only counted.
        if self.report.changes.len() >= MAX_REPORT_ITEMS {
            self.report.omitted_changes += 1;
            return;
        }
        self.report.changes.push(Change {
            line,
            kind,
            before: before.to_string(),
            after: after.to_string(),
            confidence: c,
        });
    }

    /// Record a site left unrepaired, bounded like [`Self::change`].
    fn unrecoverable(&mut self, u: Unrecoverable) {
        if self.report.unrecoverable.len() >= MAX_REPORT_ITEMS {
            self.report.omitted_unrecoverable += 1;
        } else {
            self.report.unrecoverable.push(u);
        }
    }

    fn prepare(
        &mut self,
        line_no: usize,
        raw: &str,
        // How left-to-right embeddings hold their content: `None` in
        // logical order, `Some(numbers_visual)` as laid out.
        ltr_layout: Option<bool>,
        evidence: bool,
    ) -> Prepared {
        let pieces = segments::embedded_pieces_in_order(raw);
        let line = pieces.as_deref().unwrap_or(raw);
        let ordered = ltr_layout
            .and_then(|numbers_visual| segments::ltr_embeddings_in_order(line, numbers_visual))
            .or(pieces);
        let (a, n_ctl) = strip_controls(ordered.as_deref().unwrap_or(raw));
        if ordered.is_some() {
            let (before, _) = strip_controls(raw);
            self.change(line_no, ChangeKind::RunOrder, before.trim(), a.trim(), 0.95);
        }
        if n_ctl > 0 {
            self.change(
                line_no,
                ChangeKind::BidiControl,
                raw.trim_end(),
                a.trim_end(),
                1.0,
            );
        }
        // Unmapped glyphs: kashidas, spaces, or lost (see `glyph_codes`).
        let rewritten = self
            .glyph_codes
            .as_ref()
            .and_then(|r| glyph_codes::rewrite(&a, r));
        let (b, codes_changed) = match rewritten {
            Some(w) => {
                let rewrote = w.text != a;
                if rewrote {
                    self.change(
                        line_no,
                        ChangeKind::CidMarker,
                        a.trim_end(),
                        w.text.trim_end(),
                        0.95,
                    );
                }
                if w.lost > 0 {
                    self.unrecoverable(Unrecoverable {
                        line: line_no,
                        kind: ChangeKind::MissingGlyph,
                        text: w.marked.trim_end().to_string(),
                        guess: None,
                        confidence: 0.0,
                    });
                }
                (w.text, rewrote)
            }
            None => (a, false),
        };
        let tokens: Vec<String> = b.split_whitespace().map(str::to_string).collect();
        let cores: Vec<Option<&str>> = tokens.iter().map(|t| core(t)).collect();
        let (keys, deltas) = if evidence {
            let keys: Vec<Option<String>> = cores.iter().map(|c| c.map(normalise)).collect();
            let deltas = cores
                .iter()
                .zip(&keys)
                .map(|(c, k)| Some(scoring::letter_delta_keyed(self.lex, (*c)?, k.as_deref()?)))
                .collect();
            (keys, deltas)
        } else {
            let deltas = cores.iter().map(|c| c.map(|_| 0.0)).collect();
            (vec![None; cores.len()], deltas)
        };
        Prepared {
            changed: n_ctl > 0 || codes_changed,
            text: b,
            tokens,
            keys,
            deltas,
        }
    }

    fn make_profile(&self, lines: &[Prepared]) -> Profile {
        let (mut rev, mut fwd, mut n_ar) = (0usize, 0usize, 0usize);
        let (mut singles, mut long_unknown, mut swap_hits) = (0usize, 0usize, 0usize);
        // Tokens too long to be one word: several glued.
        let mut glued_run = 0usize;
        let mut strong_joins = 0usize;
        // Of those, pairs [`Repairer::certain_joins`] would join.
        let mut certain_pairs = 0usize;
        let (mut mixed_plain, mut mixed_tatweel) = (0usize, 0usize);
        let mut kashida_starts = 0usize;
        let (mut run_lines, mut run_checks) = (0usize, 0usize);
        let mut votes = 0i32;
        // Conjunction pairs read logical, reversed.
        let mut conj = (0usize, 0usize);
        let mut adj = (0usize, 0usize);
        let mut glue = (0usize, 0usize);
        // Glued pairs on a line's last printed token, and on others.
        let (mut glued_at_end, mut glued_elsewhere) = (0usize, 0usize);
        // Persian and Urdu lines opening with a period whose verb reads
        // last, first.
        let mut verbs = (0usize, 0usize);
        // Paragraph ends with the period on the last word, on the first.
        let mut para_lasts = 0usize;
        let mut para_firsts = 0usize;
        // Lines of any kind with a sentence end on their last word, their
        // first.
        let mut line_ends = (0usize, 0usize);
        let mut runs_evidence = visual_runs::Evidence::default();
        let mut an_votes = (0usize, 0usize);
        let mut cut_votes = (0usize, 0usize);
        let mut sign_votes = (0usize, 0usize);
        // Numbers and Latin words with punctuation at an edge: laid out
        // (`.2016`, `،%7.9`), as written (`2016.`).
        let (mut punct_laid, mut punct_written) = (0usize, 0usize);
        let mut lang = crate::unicode::choice::Profile::default();
        let (mut fa_letters, mut ar_letters) = (0usize, 0usize);
        // Votes on where a token's leading marks belong: on the previous
        // token's last letter (a detached mark) or on the token's first
        // letter (printed before it). Orthography decides: a bare alef
        // takes no vowel mark.
        let (mut on_prev_bad, mut on_next_bad) = (0usize, 0usize);
        let mut mark_led_tokens = 0usize;
        let mut torn_pairs = 0usize;
        let mut lone_articles = 0usize;
        let (mut punct_trails, mut punct_leads) = (0usize, 0usize);
        let (mut zwnj_seen, mut zwnj_sites) = (false, 0usize);
        // ZWNJs where the lexicon's spelling has them, and one letter late.
        let (mut zwnj_right, mut zwnj_late) = (0usize, 0usize);
        let mut digits = numbers::Votes::default();
        // The longest line of each block of lines between blank lines: a
        // line well short of it ends a paragraph (where no blank line
        // follows one). Per block, as a block quote or a list has lines of
        // its own width.
        let widths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
        let mut block_max = vec![0usize; lines.len()];
        let mut start = 0;
        for i in 0..=lines.len() {
            if i == lines.len() || lines[i].tokens.is_empty() {
                let m = widths[start..i].iter().copied().max().unwrap_or(0);
                block_max[start..i].fill(m);
                start = i + 1;
            }
        }
        // Which way marks go in the printed tokens.
        let (mut trail_bad, mut lead_bad) = (0usize, 0usize);
        // The same with the rules that need logical letter order.
        let (mut trail_pos, mut lead_pos) = (0usize, 0usize);
        // The plain rules on tokens with a letter only.
        let (mut trail_worded, mut lead_worded) = (0usize, 0usize);
        for l in lines {
            for t in l.tokens.iter().filter(|t| t.chars().any(is_mark)) {
                let (trail, trail_all) = segments::mark_violations(t, false);
                let (lead, lead_all) = segments::mark_violations(t, true);
                trail_bad += trail;
                lead_bad += lead;
                // A mark printed alone says nothing about its side.
                if t.chars().any(is_letter) {
                    trail_pos += trail_all;
                    lead_pos += lead_all;
                    trail_worded += trail;
                    lead_worded += lead;
                }
            }
        }
        let marks_lead = trail_bad >= 20 && lead_bad * 4 < trail_bad;
        let mut doubled = 0usize;
        for (li, l) in lines.iter().enumerate() {
            let mut line_rev = 0i32;
            let mark_led = |t: &String| t.chars().next().is_some_and(is_mark);
            // Pieces of a word torn at its marks (`اْلِق َر اَء ُة`) vote as
            // the word they make, glued; alone they read no better one way
            // than the other.
            let mut torn = vec![false; l.tokens.len()];
            let mut glued: Vec<String> = Vec::new();
            let mut start = 0;
            for ti in 0..=l.tokens.len() {
                if ti < l.tokens.len() && (ti == start || mark_led(&l.tokens[ti])) {
                    continue;
                }
                if ti - start >= 2 {
                    torn[start..ti].iter_mut().for_each(|x| *x = true);
                    glued.push(l.tokens[start..ti].concat());
                }
                start = ti;
            }
            for d in letter_deltas(self.lex, &glued).into_iter().flatten() {
                if d > 1.5 {
                    rev += 1;
                    line_rev += 1;
                } else if d < -1.5 {
                    fwd += 1;
                    line_rev -= 1;
                }
            }
            let abbrev = segments::bracketed_letters(&l.tokens);
            for (ti, (t, d)) in l.tokens.iter().zip(&l.deltas).enumerate() {
                let Some(d) = d else { continue };
                n_ar += 1;
                if torn[ti] {
                    // Voted above, glued.
                } else if *d > 1.5 {
                    rev += 1;
                    line_rev += 1;
                    // Where a reversed word's clause punctuation was printed.
                    punct_trails += usize::from(t.ends_with(is_clause_punct));
                    punct_leads += usize::from(t.starts_with(is_clause_punct));
                } else if *d < -1.5 {
                    fwd += 1;
                    line_rev -= 1;
                }
                let (Some(c), Some(key)) = (core(t), &l.keys[ti]) else {
                    continue;
                };
                let usual = self.lex.zwnj_positions(key);
                // A word printed reversed is a site as it will read turned.
                zwnj_sites += usize::from(
                    usual.is_some()
                        || (*d > 1.5 && self.lex.zwnj_positions_chars(key.chars().rev()).is_some()),
                );
                if let (Some(usual), Some(places)) = (
                    usual,
                    c.contains(chars::ZWNJ)
                        .then(|| segments::zwnj_places(c))
                        .flatten(),
                ) {
                    if places == usual {
                        zwnj_right += 1;
                    } else if places.len() == usual.len()
                        && places.iter().zip(usual).all(|(&p, &u)| p == u + 1)
                    {
                        zwnj_late += 1;
                    }
                }
                // A word printed reversed is looked at as it will read once
                // turned round (a word that starts with a mark reads
                // backwards too): its doubled clusters and ligature swaps.
                let marked = c.chars().any(is_mark);
                let reversed = *d > 1.5 || c.starts_with(is_mark);
                let turned = (reversed && (marked || *d > 1.5)).then(|| segments::reverse_token(c));
                // Only a word with a mark can hold a doubled cluster.
                if marked && undouble(self.lex, turned.as_deref().unwrap_or(c)).is_some() {
                    doubled += 1;
                }
                // Or across the space before it (`مدعوما اً`): the previous
                // word ends with the letter this one starts with.
                let mut first = c.chars();
                if marked
                    && !reversed
                    && ti > 0
                    && let (Some(x), Some(m)) = (first.next(), first.next())
                    && is_letter(x)
                    && is_mark(m)
                    && core(&l.tokens[ti - 1])
                        .is_some_and(|p| p.chars().rev().find(|&ch| is_letter(ch)) == Some(x))
                    && undouble_across(self.lex, &l.tokens[ti - 1], t).is_some()
                {
                    doubled += 1;
                }
                let len = key.chars().count();
                // (A letter on a number is written so, `1950م`, `بـ5`, or
                // glued by a lost space: no sign of spaces inserted.)
                // (Nor is a list's label, `أ)`, `ب:`, or a letter closed by
                // a tatweel before punctuation, `هـ.`.)
                if len == 1
                    && key != "و"
                    && key != "ء"
                    && !t.chars().any(chars::is_ltr)
                    && !abbrev[ti]
                    && !t.ends_with([')', ':'])
                    && (!c.ends_with(chars::TATWEEL) || t.ends_with(chars::TATWEEL))
                {
                    singles += 1;
                }
                if len >= 9 && self.lex.known(key).is_none() {
                    long_unknown += 1;
                    glued_run += usize::from(len >= GLUED_LETTERS);
                }
                let readable = match &turned {
                    Some(r) if *d > 1.5 => r.as_str(),
                    _ => c,
                };
                if ligature_swap(self.lex, readable).is_some_and(|(_, g)| g > 3.0) {
                    swap_hits += 1;
                }
            }
            runs_evidence.add(&l.text);
            let (a, i) = visual_runs::an_apart_votes(&l.text);
            an_votes = (an_votes.0 + a, an_votes.1 + i);
            let (c, k) = visual_runs::sign_cut_votes(&l.text);
            cut_votes = (cut_votes.0 + c, cut_votes.1 + k);
            let (o, w) = numbers::sign_sides(&l.text, |c| {
                numbers::digit_class(c) == Some(numbers::DigitClass::European)
            });
            sign_votes = (sign_votes.0 + o, sign_votes.1 + w);
            for laid in l
                .tokens
                .iter()
                .filter_map(|t| segments::number_punct_side(t))
            {
                if laid {
                    punct_laid += 1;
                } else {
                    punct_written += 1;
                }
            }
            zwnj_seen |= l.text.contains(chars::ZWNJ);
            digits.observe(&l.text);
            lone_articles += l.tokens.iter().filter(|t| *t == "ال").count();
            mark_led_tokens += l
                .tokens
                .iter()
                .filter(|t| t.chars().next().is_some_and(is_mark))
                .count();
            for w in l.tokens.windows(2) {
                let lead: String = w[1].chars().take_while(|&c| is_mark(c)).collect();
                let next = w[1][lead.len()..].chars().next();
                let prev = w[0].chars().last();
                // Torn by a space, never printed early: marks alone after a
                // letter (`الع ُس ْر ِ`), or a mark-led piece after a lone
                // letter (`ق ِفا`, `م ِن`).
                if !lead.is_empty()
                    && prev.is_some_and(is_letter)
                    && (next.is_none_or(|c| !is_letter(c))
                        || w[0].chars().filter(|&c| is_letter(c)).count() == 1)
                {
                    torn_pairs += 1;
                }
                if let (false, Some(x), Some(p)) = (lead.is_empty(), next, prev)
                    && is_letter(x)
                    && is_letter(p)
                {
                    on_prev_bad += usize::from(!segments::takes_marks(p, &lead));
                    on_next_bad += usize::from(!segments::takes_marks(x, &lead));
                }
            }
            // The same letter evidence glyph recovery uses (presentation
            // forms folded first).
            let has_pf = l.text.chars().any(is_pf);
            let folded_text;
            let letters = if has_pf {
                folded_text = chars::fold_pf(&l.text);
                folded_text.as_str()
            } else {
                l.text.as_str()
            };
            lang.observe(letters, 1);
            // In text (unlike glyph recovery, where fonts blur them) Farsi
            // yeh and keheh are Persian and Urdu letters; Arabic writes ي, ك.
            for c in letters.chars() {
                match c {
                    'ی' | 'ک' => fa_letters += 1,
                    'ي' | 'ك' | 'ة' => ar_letters += 1,
                    _ => {}
                }
            }
            // A token never starts with a kashida, except a run cut at one
            // (the line's first token too: the run printed first).
            kashida_starts += l
                .tokens
                .iter()
                .filter(|t| {
                    t.starts_with(chars::TATWEEL)
                        && t.chars()
                            .find(|&c| c != chars::TATWEEL)
                            .is_some_and(is_letter)
                })
                .count();
            // Runs printed reversed with no kashida left to mark the cuts:
            // a few lines decide (each check is a small search, so only the
            // first candidates are tried).
            if run_lines < 2
                && run_checks < 60
                && let Some(hit) = candidates::runs_without_kashida(self.lex, &l.tokens)
            {
                run_checks += 1;
                run_lines += usize::from(hit);
            }
            // A lone letter or the article joined by a tatweel (`بـ5.3`) is
            // written so as well as glued by a lost space: it counts only
            // beside a plain glued token.
            for t in l
                .tokens
                .iter()
                .filter(|t| segments::split_mixed(t).is_some())
            {
                if segments::joined_by_tatweel(t) {
                    mixed_tatweel += 1;
                } else {
                    mixed_plain += 1;
                }
            }
            // Each token's key once; a pair's joined key in one buffer (the
            // profile reads every pair of the first window).
            let keys: Vec<Option<&String>> = l
                .tokens
                .iter()
                .zip(&l.keys)
                .map(|(t, k)| {
                    k.as_ref()
                        .filter(|_| core(t).is_some_and(|c| c.len() == t.len()))
                })
                .collect();
            let mut joined = String::new();
            for w in keys.windows(2) {
                let (Some(ka), Some(kb)) = (&w[0], &w[1]) else {
                    continue;
                };
                joined.clear();
                joined.push_str(ka);
                joined.push_str(kb);
                if let Some(cj) = self.lex.known(&joined) {
                    let gain = self.lex.cost(ka) + self.lex.cost(kb) - cj;
                    strong_joins += usize::from(gain > 4.0);
                    certain_pairs += usize::from(gain >= CERTAIN_JOIN);
                }
            }
            // Words glued into one token: the conjunction و opens the
            // pair's first word, so where it opens the second the pair is
            // printed in visual word order. (Unknown words of six letters
            // or more only, keyed above: each try is a split search.)
            let last = l.tokens.len().saturating_sub(1);
            for (ti, (t, k)) in l.tokens.iter().zip(&keys).enumerate() {
                let Some(k) = k else { continue };
                if k.chars().count() < 6 || self.lex.known(k).is_some() {
                    continue;
                }
                if let Some((a, b, _)) =
                    candidates::split_glued(self.lex, &oriented(t, line_rev > 0))
                {
                    glue.0 += usize::from(a.starts_with('و'));
                    glue.1 += usize::from(b.starts_with('و'));
                    if ti == last && last > 0 {
                        glued_at_end += 1;
                    } else {
                        glued_elsewhere += 1;
                    }
                }
            }
            // Word-order votes come from paragraph-final lines only (followed by
            // a blank line or short): there the sentence end is systematic,
            // while a wrap after a sentence end mid-paragraph is chance.
            // (Read as letters: the votes look for letters, which
            // presentation forms hide.)
            let folded: Option<Vec<String>> =
                has_pf.then(|| l.tokens.iter().map(|t| chars::fold_pf(t)).collect());
            let vote_tokens = folded.as_deref().unwrap_or(&l.tokens);
            let (cl, cr) = scoring::conjunction_votes(vote_tokens, line_rev > 0);
            conj = (conj.0 + cl, conj.1 + cr);
            let (al, ar) = scoring::adjective_votes(vote_tokens, line_rev > 0);
            adj = (adj.0 + al, adj.1 + ar);
            let next_blank = lines.get(li + 1).is_none_or(|n| n.tokens.is_empty());
            let short = widths[li] * 4 < block_max[li] * 3;
            if next_blank || short {
                // A wrapped line may open with a sentence's last verb by
                // chance: only a paragraph's last line votes with it.
                let (vl, vr) = scoring::verb_final_votes(vote_tokens, line_rev > 0);
                verbs = (verbs.0 + vl, verbs.1 + vr);
            }
            // The vote reads the first two tokens and the last two, after a
            // leading period went to the end: only the first three and the
            // last two are turned (asked of every line).
            let n_tok = l.tokens.len();
            let ends: Vec<&String> = if n_tok >= 6 {
                l.tokens[..3].iter().chain(&l.tokens[n_tok - 2..]).collect()
            } else {
                l.tokens.iter().collect()
            };
            let mut toks: Vec<String> = ends
                .iter()
                .map(|t| oriented(t, line_rev > 0).into_owned())
                .collect();
            move_leading_punct(&mut toks, false);
            let v = word_order_vote(&toks);
            if next_blank || short {
                votes += v;
                para_lasts += usize::from(v < 0);
                para_firsts += usize::from(v > 0);
            }
            // Every line: a sentence end on a word at one end only. Mid
            // paragraph it falls at either end alike; a paragraph's last
            // line, found or not, puts it at the end it is read last.
            let end = if v > 0 { toks.first() } else { toks.last() };
            if v != 0 && end.is_some_and(|t| t.chars().filter(|&c| is_letter(c)).count() >= 3) {
                if v > 0 {
                    line_ends.1 += 1;
                } else {
                    line_ends.0 += 1;
                }
            }
        }
        let arabic = lang.lang() == crate::unicode::choice::Lang::Arabic
            && !(fa_letters >= 5 && fa_letters > 4 * ar_letters);
        // Word pairs a ZWNJ joins, looked up only where that can decide
        // (Persian or Urdu without a ZWNJ): each pair costs allocations.
        let zwnj_spaces = if zwnj_seen || arabic {
            0
        } else {
            lines.iter().map(|l| self.zwnj_pairs(&l.tokens)).sum()
        };
        let decisive = (rev + fwd).max(1) as f32;
        let n = n_ar.max(1) as f32;
        let visual_share = rev as f32 / decisive;
        // In Arabic the conjunction و weighs twice a paragraph end when it
        // is clear (two pairs more one way, twice as many): an extractor can
        // print a paragraph's period at the line's start and its words in
        // logical order (pypdf on pango's PDFs). One pair is chance. In
        // Persian and Urdu the sentence-final verb of such lines does.
        let (cl, cr) = if arabic {
            ((conj.0 + adj.0) as i32, (conj.1 + adj.1) as i32)
        } else {
            (verbs.0 as i32, verbs.1 as i32)
        };
        let clear = (cl - cr).abs() >= 2 && cl.max(cr) >= 2 * cl.min(cr);
        // Paragraph ends say reversed (none the other way) while the
        // conjunction clearly says logical: the words are in order, the
        // periods are where the layout put them.
        let periods_displaced = clear && cl > cr && votes >= 2 && para_lasts == 0;
        let votes = if clear { votes + 2 * (cr - cl) } else { votes };
        // Where paragraph ends are few or unseen (one-line paragraphs with
        // nothing blank between), lines that each open with a sentence end
        // and hardly any that close with one say reversed too.
        let line_ends_reversed = line_ends.1 >= 2 && line_ends.1 >= 3 * line_ends.0;
        // Letters printed visually mostly come with visual word order.
        // Against that, paragraph ends that disagree and leave one vote
        // for logical order are chance (a last line may open with a
        // sentence end, `عامين. ثم …`); one that none contradicts is not
        // (words reversed letter by letter in logical order).
        let split_ends = votes == -1 && para_firsts > 0;
        let reversed_words = votes >= 2
            || ((votes >= 0 || split_ends) && visual_share > 0.85)
            || (votes >= 0 && line_ends_reversed);
        // Runs glued where their kashidas were dropped: like the runs
        // above, with a search per line, in a document whose letters read
        // in logical order. One line decides: the search's reading must
        // gain much in every run, which clean text never showed (a few
        // searches only).
        let mut glued_runs = false;
        if visual_share < LETTERS_TURN && !reversed_words {
            let mut checks = 0usize;
            for l in lines.iter().filter(|l| !l.text.contains('\t')) {
                if glued_runs || checks >= GLUED_CHECKS {
                    break;
                }
                if let Some(hit) = candidates::glued_runs_line(self.lex, &l.tokens) {
                    checks += 1;
                    glued_runs = hit;
                }
            }
        }
        let marks_first = on_prev_bad >= 5 && on_prev_bad >= 4 * on_next_bad.max(1);
        // Few marks in most prose, so the rules that need letter order (a
        // shadda on a word's first letter, a tanween inside a word) carry
        // the decision: a few violations one way and none or few the other.
        // Marks torn off with a space that orthography puts on the letter
        // before them: the torn tokens' leading marks (each a violation
        // when read as trailing) say nothing about the order inside words.
        // Or, where orthography says little (few stacked marks, no bare
        // alef), the pieces: most mark-led tokens are marks alone or
        // follow a lone letter.
        let marks_detached = (on_next_bad >= 5 && on_next_bad >= 4 * on_prev_bad.max(1))
            || (torn_pairs >= 4 && torn_pairs * 2 >= mark_led_tokens && on_prev_bad <= on_next_bad);
        let marks_early = visual_share < LETTERS_TURN
            && !marks_first
            && !marks_detached
            && (marks_lead || (trail_pos >= 3 && lead_pos * 3 <= trail_pos));
        Profile {
            visual_share,
            reversed_words,
            swaps: swap_hits >= 2 && swap_hits as f32 / n > 0.003,
            // Marks printed first come with a space before each letter.
            joins: marks_first
                || (singles >= 3 && singles as f32 / n > 0.02)
                || (strong_joins >= 3 && strong_joins as f32 / n > 0.01),
            join_pairs: certain_pairs > 0,
            // Long unknown words, or two tokens no word is as long as (in a
            // short document a few lines that lost their spaces are few of
            // its words), or two tokens that read as two words glued.
            splits: (long_unknown >= 3 && long_unknown as f32 / n > 0.04)
                || glued_run >= 2
                || glued_at_end + glued_elsewhere >= GLUED_PAIRS,
            mixed: mixed_plain + (if mixed_plain > 0 { mixed_tatweel } else { 0 }) >= 3,
            runs: kashida_starts >= 2 || run_lines >= 2,
            glued_runs,
            visual_runs: visual_share < LETTERS_TURN && !reversed_words && runs_evidence.visual(),
            runs_after_letters: visual_share > 0.85
                && !reversed_words
                && (periods_displaced || runs_evidence.periods_up_front())
                && runs_evidence.visual(),
            periods_displaced,
            // Three at least, and most: a token may open with a period by
            // chance (`.NET`).
            numbers_laid_out: !reversed_words && punct_laid >= 3 && punct_laid > 2 * punct_written,
            runs_in_place: reversed_words && runs_evidence.runs_in_place(),
            numbers_layout: visual_runs::NumberLayout {
                arabic: if an_votes.0 >= 2 && an_votes.0 > 2 * an_votes.1 {
                    visual_runs::ArabicNumbers::Apart
                } else if cut_votes.0 >= 2 && cut_votes.0 > 2 * cut_votes.1 {
                    visual_runs::ArabicNumbers::SignCuts
                } else {
                    visual_runs::ArabicNumbers::Inside
                },
                signs_as_written: sign_votes.1 >= 2 && sign_votes.1 > 2 * sign_votes.0,
            },
            arabic,
            // Or, in reversed word order, the glued pairs stand where the
            // lines begin, on their last printed token (pypdf on typst's
            // PDFs glues each line's first two words: `البنكقرر` for
            // `قرر البنك`): where lost spaces would fall anywhere. Unless
            // the conjunction says logical order.
            glued_visual: (glue.1 > 0 && glue.1 >= 2 * glue.0)
                || (reversed_words
                    && glued_at_end >= 3
                    && glued_at_end >= 3 * glued_elsewhere
                    && glue.0 <= glue.1),
            mixed_word_order: {
                // Adjectives against the document's order: two for every
                // three with it, or more.
                let (with, against) = if reversed_words {
                    (adj.1, adj.0)
                } else {
                    (adj.0, adj.1)
                };
                arabic && with + against >= 6 && against * 3 >= with * 2
            },
            marks_first,
            marks_torn: mark_led_tokens >= 3,
            // A visual document says so with fewer marks (its tokens are
            // reversed anyway, the only question is how): two marks on
            // words, four to one.
            marks_lead: marks_lead
                || (visual_share > 0.85 && trail_worded >= 2 && lead_worded * 4 < trail_worded),
            marks_early,
            punct_stays: punct_trails >= 3 && punct_trails > 2 * punct_leads,
            zwnj_late: zwnj_late >= 3 && zwnj_late > 3 * zwnj_right,
            zwnj_lost: !zwnj_seen && zwnj_sites >= 3 && !arabic,
            zwnj_none: !zwnj_seen && !arabic,
            doubled: doubled >= 3 && doubled as f32 / n > 0.01,
            lone_articles: lone_articles >= 3,
            zwnj_spaced: zwnj_spaces >= 3,
            digits_an_reversed: digits.reversed(numbers::DigitClass::ArabicIndic),
            digits_en_reversed: digits.reversed(numbers::DigitClass::European),
        }
    }

    /// Replace Private Use Area codes whose decoding is confident enough;
    /// report the others once per line.
    fn decode_pua(&mut self, ln: usize, line: &str) -> String {
        if !line.chars().any(is_pua) {
            return line.to_string();
        }
        let map = self.pua.get_or_insert_with(HashMap::new);
        let mut out = String::with_capacity(line.len());
        let mut low: Option<(char, f64)> = None;
        let mut min_conf = 1.0f64;
        // Counted once per line (a line may hold thousands of codes).
        let mut vote: Option<i64> = None;
        for c in line.chars() {
            match map.get(&c) {
                Some(d) if d.confidence >= self.opts.threshold => {
                    min_conf = min_conf.min(d.confidence);
                    let vote = *vote.get_or_insert_with(|| pua::spelling_vote(line));
                    out.push(pua::respell(d.letter, vote));
                }
                Some(d) => {
                    low = Some((d.letter, d.confidence));
                    out.push(c);
                }
                None => out.push(c),
            }
        }
        if out != line {
            self.change(
                ln,
                ChangeKind::PrivateUse,
                line.trim_end(),
                out.trim_end(),
                min_conf,
            );
        }
        if out.chars().any(is_pua) {
            self.unrecoverable(Unrecoverable {
                line: ln,
                kind: ChangeKind::PrivateUse,
                text: out.trim_end().to_string(),
                guess: low.map(|(l, _)| l.to_string()),
                confidence: low.map(|(_, c)| c).unwrap_or(0.0),
            });
        }
        out
    }

    /// Report each line a segments stage joined from several: `what` the
    /// input lines were (`"lines printed as pieces"`).
    fn report_joined(&mut self, ps: &[columns::Piece], what: &str, confidence: f64) {
        for (p, n) in ps.iter().filter_map(|p| Some((p, p.pieces?))) {
            self.change(
                p.line,
                ChangeKind::RunOrder,
                &format!("{n} {what}"),
                p.text.trim_end(),
                confidence,
            );
        }
    }

    fn window(&mut self, raw_lines: &[&str], out: &mut String) {
        let first = self.line_no + 1;
        // Side-by-side columns are read one after the other first: every
        // later stage works on lines of one column.
        let columns = columns::read_columns(raw_lines, first);
        let (lines, nos): (Vec<&str>, Vec<usize>) = match &columns {
            Some((pieces, splits)) => {
                for sp in splits {
                    self.change(
                        sp.line,
                        ChangeKind::Columns,
                        &format!("{} rows of side-by-side columns", sp.rows),
                        "one column after the other",
                        0.95,
                    );
                }
                pieces.iter().map(|p| (p.text.as_str(), p.line)).unzip()
            }
            None => (
                raw_lines.to_vec(),
                (first..first + raw_lines.len()).collect(),
            ),
        };
        // Then lines printed as their visual pieces are joined.
        // The window's mixed lines in visual run order (the signs the
        // document profile reads, on the lines as printed): pieces with
        // Latin words or numbers are visual runs too.
        let pieces = pieces::join_pieces(self.lex, &lines, &nos, || {
            visual_runs::Evidence::of(&lines).visual()
        });
        // Joined pieces are in logical order already.
        let ordered: Vec<bool> = match &pieces {
            Some(ps) => ps.iter().map(|p| p.ordered).collect(),
            None => vec![false; lines.len()],
        };
        let (lines, nos): (Vec<&str>, Vec<usize>) = match &pieces {
            Some(ps) => {
                self.report_joined(ps, "lines printed as pieces", 0.9);
                ps.iter().map(|p| (p.text.as_str(), p.line)).unzip()
            }
            None => (lines, nos),
        };
        // Lines PDFium split at a raised tanween are joined back.
        let splits = mark_splits::join_mark_splits(&lines, &nos, &ordered);
        let (lines, nos, ordered): (Vec<&str>, Vec<usize>, Vec<bool>) = match &splits {
            Some(ps) => {
                self.report_joined(ps, "lines split at a raised tanween", 0.9);
                unzip_pieces(ps)
            }
            None => (lines, nos, ordered),
        };
        // Lines that are one line's runs, printed last first, are glued.
        let line_runs = line_runs::join_line_runs(self.lex, &lines, &nos, &ordered);
        let (lines, nos, ordered): (Vec<&str>, Vec<usize>, Vec<bool>) = match &line_runs {
            Some(ps) => {
                self.report_joined(ps, "lines printed as a line's runs, last first", 0.85);
                unzip_pieces(ps)
            }
            None => (lines, nos, ordered),
        };
        if self.pua.is_none() && lines.iter().any(|l| l.chars().any(is_pua)) {
            self.pua = Some(pua::solve(self.lex, &lines));
        }
        let digit_shadda = *self.digit_shadda.get_or_insert_with(|| {
            lines
                .iter()
                .map(|l| segments::digit_shadda_sites(l))
                .sum::<usize>()
                >= 3
        });
        let decoded: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let d = self.decode_pua(nos[i], l);
                if digit_shadda && segments::digit_shadda_sites(&d) > 0 {
                    let f = segments::fix_digit_shadda(&d);
                    self.change(nos[i], ChangeKind::Mark, d.trim_end(), f.trim_end(), 0.9);
                    f
                } else {
                    d
                }
            })
            .collect();
        // Before anything reads the presentation forms' letters. (On the
        // first window the vote returns the lines' readings too.)
        let lex = self.lex;
        let turned: Vec<Option<String>> = match self.plain_runs {
            Some(plain_runs::Extent::No) => Vec::new(),
            Some(extent) => decoded
                .iter()
                .map(|l| plain_runs::turn_back(lex, l, extent))
                .collect(),
            None => {
                let (extent, turned) = plain_runs::vote(lex, &decoded);
                self.plain_runs = Some(extent);
                turned
            }
        };
        let decoded: Vec<String> = if turned.is_empty() {
            decoded
        } else {
            decoded
                .into_iter()
                .zip(turned)
                .enumerate()
                .map(|(i, (l, t))| match t {
                    Some(u) => {
                        self.change(
                            nos[i],
                            ChangeKind::EdgeLetters,
                            l.trim_end(),
                            u.trim_end(),
                            0.9,
                        );
                        u
                    }
                    None => l,
                })
                .collect()
        };
        // How poppler's embeddings hold numbers (a tie keeps them as
        // written) and their punctuation (a tie reads them as laid out).
        let numbers_visual = decide_by_votes(
            &mut self.ltr_numbers_visual,
            &decoded,
            segments::ltr_number_votes,
            false,
        );
        // `None`: the embeddings are in logical order and stay as written.
        let ltr_layout = decide_by_votes(
            &mut self.ltr_embeddings_visual,
            &decoded,
            segments::ltr_order_votes,
            true,
        )
        .then_some(numbers_visual);
        let decoded = self.join_shaped_spaces(&nos, decoded);
        if self.glyph_codes.is_none() && decoded.iter().any(|l| glyph_codes::has_code(l)) {
            self.glyph_codes = Some(glyph_codes::Readings::decide(self.lex, &decoded));
        }
        // Keys and letter-order evidence are the profile's, and then a line's
        // own only where words turn: after the first window of a document
        // printed in logical order, no stage reads them.
        let evidence = self.profile.is_none_or(|p| p.turns_letters());
        let prepared: Vec<Prepared> = decoded
            .iter()
            .enumerate()
            .map(|(i, l)| self.prepare(nos[i], l, ltr_layout, evidence))
            .collect();
        let profile = match self.profile {
            Some(p) => p,
            None => {
                let p = self.make_profile(&prepared);
                self.profile = Some(p);
                p
            }
        };
        // A paragraph's last line: the next is blank, or the input ends.
        let para_end: Vec<bool> = (0..prepared.len())
            .map(|i| prepared.get(i + 1).is_none_or(|n| n.tokens.is_empty()))
            .collect();
        let mut outs: Vec<LineOut> = prepared
            .into_iter()
            .enumerate()
            .map(|(i, p)| self.line(nos[i], p, &profile, para_end[i], ordered[i]))
            .collect();
        // (Logical lines only: a visual line's first token is its last word.)
        if profile.logical() && !profile.marks_early {
            self.marks_across_lines(&nos, &mut outs);
        }
        // Seen with letters printed in visual order only; the scan over every
        // pair of words is not free. (Before the re-segmenter, which would
        // glue the pieces of words whose edge letters crossed a space.)
        if profile.visual_share >= 0.5 {
            self.edge_letters(&nos, &mut outs);
        }
        if profile.joins || profile.splits {
            self.resegment_paragraphs(&nos, &mut outs, &profile);
        } else if profile.join_pairs || profile.visual_share >= 0.5 {
            // (The profile read the pairs as printed: in visual order,
            // they are other pairs.)
            self.certain_joins(&nos, &mut outs);
        }
        for (o, raw) in outs.into_iter().zip(&lines) {
            let nl = if raw.ends_with("\r\n") {
                "\r\n"
            } else if raw.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            if !o.changed {
                out.push_str(o.text.trim_end_matches(['\n', '\r']));
                out.push_str(nl);
            } else if !o.tokens.is_empty() || o.was_blank {
                let lead: String = o
                    .text
                    .chars()
                    .take_while(|c| c.is_whitespace() && *c != '\n' && *c != '\r')
                    .collect();
                out.push_str(&lead);
                out.push_str(&o.tokens.join(" "));
                out.push_str(nl);
            }
        }
        self.line_no += raw_lines.len();
    }

    /// Spaces between presentation forms that join across them are removed
    /// (see [`shaped_joins`]), each line read in its own direction where its
    /// shapes tell it, else in the document's.
    fn join_shaped_spaces(&mut self, nos: &[usize], lines: Vec<String>) -> Vec<String> {
        // (Most lines hold no presentation form: one scan each tells.)
        let votes: Vec<Option<i32>> = lines
            .iter()
            .map(|l| {
                l.chars()
                    .any(chars::is_pf)
                    .then(|| shaped_joins::shape_vote(l))
            })
            .collect();
        if self.shapes_visual.is_none() {
            let sum: i32 = votes.iter().flatten().sum();
            if sum != 0 {
                self.shapes_visual = Some(sum > 0);
            }
        }
        lines
            .into_iter()
            .zip(votes)
            .enumerate()
            .map(|(i, (l, v))| {
                let Some(v) = v else { return l };
                let visual = if v != 0 {
                    Some(v > 0)
                } else {
                    self.shapes_visual
                };
                match shaped_joins::join_shaped_spaces(&l, visual) {
                    Some(j) => {
                        self.change(nos[i], ChangeKind::Join, l.trim_end(), j.trim_end(), 0.95);
                        j
                    }
                    None => l,
                }
            })
            .collect()
    }

    /// A word stage's result: `after` in place of `before` when the stage
    /// produced one, recorded as a change of `kind`.
    fn adopt(
        &mut self,
        ln: usize,
        kind: ChangeKind,
        confidence: f64,
        before: String,
        after: Option<String>,
        changed: &mut bool,
    ) -> String {
        match after {
            Some(a) => {
                *changed = true;
                self.change(ln, kind, &before, &a, confidence);
                a
            }
            None => before,
        }
    }

    /// A line that starts with marks: they were torn from a word end, of the
    /// line before (printed a line late) or of this line's last word (a
    /// visual line wrapped). They go to whichever of the two ends in a bare
    /// letter — in vocalised text nearly every letter carries a mark.
    /// Letters printed on the wrong side of the space between two words
    /// (see [`candidates::swap_edge_letters`]), swapped back where the
    /// window shows this damage: three pairs or more that become far
    /// likelier words (a factor 1,000), one in a hundred words or more.
    /// Then every pair that becomes likelier by a factor 10 is swapped.
    fn edge_letters(&mut self, nos: &[usize], outs: &mut [LineOut]) {
        /// A token as (head, core, tail), see [`split_core`].
        type Core<'t> = (&'t str, &'t str, &'t str);
        // A line's word cores (head, core, tail) and the spaces letters may
        // have crossed: nothing glued to the space, plain letters each side.
        fn spaces(tokens: &[String]) -> (Vec<Option<Core<'_>>>, Vec<bool>) {
            let parts: Vec<_> = tokens.iter().map(|t| split_core(t)).collect();
            let open = parts
                .windows(2)
                .map(|w| match (w[0], w[1]) {
                    (Some((_, a, t)), Some((h, b, _))) => {
                        t.is_empty()
                            && h.is_empty()
                            && candidates::edge_movable(a)
                            && candidates::edge_movable(b)
                    }
                    _ => false,
                })
                .collect();
            (parts, open)
        }
        let (mut strong, mut words) = (0usize, 0usize);
        for o in outs.iter() {
            words += o.tokens.len();
            let (parts, open) = spaces(&o.tokens);
            strong += (0..open.len())
                .filter(|&i| open[i])
                .filter_map(|i| {
                    let (a, b) = (parts[i]?.1, parts[i + 1]?.1);
                    candidates::swap_edge_letters(self.lex, a, b)
                })
                .filter(|&(_, _, g)| g >= 3.0)
                .count();
        }
        if strong < 3 || strong * 100 < words {
            return;
        }
        for (li, o) in outs.iter_mut().enumerate() {
            let (parts, open) = spaces(&o.tokens);
            let cores: Vec<&str> = parts.iter().map(|p| p.map_or("", |p| p.1)).collect();
            let Some((forms, crossed, gain)) = candidates::edge_swaps(self.lex, &cores, &open)
            else {
                continue;
            };
            let cf = conf(gain - crossed as f32 + 1.0);
            if gain < crossed as f32 || cf < self.opts.threshold {
                continue;
            }
            let new: Vec<String> = o
                .tokens
                .iter()
                .zip(&parts)
                .zip(forms)
                .map(|((t, p), f)| match (p, f) {
                    (Some((h, _, tail)), Some(f)) => format!("{h}{f}{tail}"),
                    _ => t.clone(),
                })
                .collect();
            self.change(
                nos[li],
                ChangeKind::EdgeLetters,
                &o.tokens.join(" "),
                &new.join(" "),
                cf,
            );
            o.tokens = new;
            o.changed = true;
            o.ligatures_read = false;
        }
    }

    fn marks_across_lines(&mut self, nos: &[usize], outs: &mut [LineOut]) {
        let bare = |t: &str| t.chars().last().is_some_and(is_letter);
        for i in 0..outs.len() {
            let Some(first) = outs[i].tokens.first() else {
                continue;
            };
            let lead: String = first.chars().take_while(|&c| is_mark(c)).collect();
            if lead.is_empty() {
                continue;
            }
            let rest = first[lead.len()..].to_string();
            let prev_ok = i > 0 && outs[i - 1].tokens.last().is_some_and(|t| bare(t));
            let own_ok = outs[i].tokens.len() > 1 && outs[i].tokens.last().is_some_and(|t| bare(t));
            let own_single = outs[i].tokens.len() == 1 && !rest.is_empty() && bare(&rest);
            let target = if prev_ok {
                i - 1
            } else if own_ok || own_single {
                i
            } else {
                continue;
            };
            let before = outs[target].tokens.last().cloned().unwrap_or_default();
            if rest.is_empty() {
                outs[i].tokens.remove(0);
            } else {
                outs[i].tokens[0] = rest;
            }
            if let Some(t) = outs[target].tokens.last_mut() {
                t.push_str(&lead);
                let after = t.clone();
                self.change(nos[target], ChangeKind::Mark, &before, &after, 0.9);
            }
            outs[i].changed = true;
            outs[target].changed = true;
            outs[i].ligatures_read = false;
            outs[target].ligatures_read = false;
        }
    }

    /// Re-segment spaces over paragraphs (consecutive non-blank lines), so a
    /// word an extractor cut across a line break is rejoined too.
    /// Tokens with each one `split` parts replaced by its parts, each split
    /// recorded (a new list only when something splits).
    fn split_tokens(
        &mut self,
        ln: usize,
        toks: Vec<String>,
        split: impl Fn(&str) -> Option<Vec<String>>,
        changed: &mut bool,
    ) -> Vec<String> {
        let Some(first) = toks.iter().position(|t| split(t).is_some()) else {
            return toks;
        };
        let mut out: Vec<String> = Vec::with_capacity(toks.len() + 4);
        let mut it = toks.into_iter();
        out.extend(it.by_ref().take(first));
        for t in it {
            match split(&t) {
                Some(parts) => {
                    *changed = true;
                    self.change(ln, ChangeKind::Split, &t, &parts.join(" "), 0.95);
                    out.extend(parts);
                }
                None => out.push(t),
            }
        }
        out
    }

    /// A word with its lam-alef components swapped (or the ligature's alef
    /// lost) put right, the change recorded; `None` when it reads as it is.
    fn fix_ligature(&mut self, ln: usize, t: &str, prof: &Profile) -> Option<String> {
        let c = core(t)?;
        // The article closed by a tatweel (`الـ5G`) is written so on purpose.
        if let Some(letters) = c.strip_suffix(chars::TATWEEL) {
            let rev: Vec<char> = letters.chars().rev().filter(|&ch| is_letter(ch)).collect();
            if chars::closes_with_tatweel(&rev) {
                return None;
            }
        }
        if !prof.swaps && !candidates::swap_suspect(self.lex, c) {
            return None;
        }
        // A swapped ligature is the likelier damage: a lost alef only
        // where no swap reads as a word (`الستخدام` is `لاستخدام`).
        let (cand, gain) =
            ligature_swap(self.lex, c).or_else(|| candidates::lost_ligature_alef(self.lex, c))?;
        // The document shows this damage (profile), which is worth about a
        // factor 10 of prior odds for the swapped reading. Without it, only
        // an unknown word that becomes a common one is repaired.
        let (cf, min_gain) = if prof.swaps {
            (conf(gain + 1.0), 0.3)
        } else {
            (conf(gain - 2.0), 3.0)
        };
        if gain < min_gain || cf < self.opts.threshold {
            return None;
        }
        let new = t.replacen(c, &cand, 1);
        self.change(ln, ChangeKind::LigatureOrder, t, &new, cf);
        Some(new)
    }

    /// Where the profile saw no spaces inserted, two neighbours that make
    /// a word far likelier than they are apart are still one word: a space
    /// an extractor put into a word at a single glyph's gap (`طو يل`,
    /// `الاستمرار ية`; pdf.js after a non-joining letter in XeLaTeX's
    /// PDFs). Clean text never comes near the gain asked (the most over the
    /// corpus and clean probes is 3.65, `أ ف` spelt out).
    fn certain_joins(&mut self, nos: &[usize], outs: &mut [LineOut]) {
        for (o, &ln) in outs.iter_mut().zip(nos) {
            if o.tokens.len() < 2 {
                continue;
            }
            // Asked of every pair of every document: each token split and
            // keyed once, the pair's key hashed on from the first's, and
            // only where some word begins with the first.
            let parts: Vec<Option<(&str, &str, &str)>> =
                o.tokens.iter().map(|t| split_core(t)).collect();
            let mut joins: Vec<(usize, String, f32)> = Vec::new();
            // The first token's key (length, hash), from the pass that
            // hashed the pair before.
            let mut prev: Option<(usize, u64)> = None;
            for (i, w) in parts.windows(2).enumerate() {
                let first = prev.take();
                let (Some((ha, ca, ta)), Some((hb, cb, tb))) = (w[0], w[1]) else {
                    continue;
                };
                if !ta.is_empty() || !hb.is_empty() {
                    continue;
                }
                let (la, h) = first.unwrap_or_else(|| key_len_hash(ca));
                // The second's own key and the pair's, in one pass.
                let (lb, hb_own, hj) = lexicon::key_chars(cb)
                    .fold((0, KEY_HASH_START, h), |(n, own, pair), c| {
                        (n + 1, key_hash_push(own, c), key_hash_push(pair, c))
                    });
                prev = Some((lb, hb_own));
                if la == 0
                    || lb == 0
                    || joins.last().is_some_and(|j| j.0 + 1 == i)
                    || self.lex.known_or_prefix(h) == Err(false)
                {
                    continue;
                }
                let Some(cj) = self.lex.known_hashed(hj) else {
                    continue;
                };
                let gain = self.lex.cost_word(ca) + self.lex.cost_word(cb) - cj;
                if gain >= CERTAIN_JOIN {
                    joins.push((i, format!("{ha}{ca}{cb}{tb}"), gain));
                }
            }
            if joins.is_empty() {
                continue;
            }
            // Letters spelt out in brackets (`(أ ف ب)`) keep their spaces.
            let spelt = segments::bracketed_letters(&o.tokens);
            for (i, w, gain) in joins.into_iter().rev() {
                if spelt[i] || spelt[i + 1] {
                    continue;
                }
                let before = format!("{} {}", o.tokens[i], o.tokens[i + 1]);
                self.change(ln, ChangeKind::Join, &before, &w, conf(gain - 2.0));
                o.tokens.splice(i..i + 2, [w]);
                o.changed = true;
            }
        }
    }

    fn resegment_paragraphs(&mut self, nos: &[usize], outs: &mut [LineOut], prof: &Profile) {
        let params = SegParams {
            del: if prof.joins { 0.5 } else { KEEP_SPACE },
            del_known: if prof.joins { 3.0 } else { KEEP_SPACE },
            // Spaces inserted inside words fall after non-joining letters,
            // where the extractor saw a gap.
            del_after_nonjoining: if prof.joins { 1.0 } else { KEEP_SPACE },
            ins: if prof.splits { 1.0 } else { 8.0 },
            ins_rarely: !prof.splits,
            waw_prefix: prof.arabic,
            lone_waw_is_word: !prof.marks_first,
            margin: 1.5,
        };
        let mut li = 0;
        while li < outs.len() {
            if outs[li].tokens.is_empty() {
                li += 1;
                continue;
            }
            let mut lj = li;
            while lj < outs.len() && !outs[lj].tokens.is_empty() {
                lj += 1;
            }
            // Flat (line, token) positions of the paragraph.
            let flat: Vec<(usize, usize)> = (li..lj)
                .flat_map(|l| (0..outs[l].tokens.len()).map(move |t| (l, t)))
                .collect();
            // Letters spelt out in brackets (`(أ ف ب)`) keep their spaces,
            // and so do words with letters of a language the lexicon lacks
            // (Kurdish `وڵاتێکی`, Pashto `پښتو`): nothing to weigh them by.
            // A Persian stem's suffix after its ZWNJ (`کتابخانه‌ای`) is a
            // word the lexicon may lack, never two.
            let keep: Vec<Vec<bool>> = (li..lj)
                .map(|l| {
                    let toks = &outs[l].tokens;
                    segments::bracketed_letters(toks)
                        .into_iter()
                        .zip(toks)
                        .map(|(b, t)| {
                            b || t
                                .chars()
                                .any(|c| is_letter(c) && !is_pf(c) && !self.lex.covers(c))
                                || self.heh_suffixed(t)
                        })
                        .collect()
                })
                .collect();
            let spelt = |(l, t): (usize, usize)| {
                keep.get(l - li)
                    .and_then(|m| m.get(t))
                    .copied()
                    .unwrap_or(false)
            };
            let pure = |o: &[LineOut], (l, t): (usize, usize)| {
                !spelt((l, t))
                    && o.get(l)
                        .and_then(|x| x.tokens.get(t))
                        .is_some_and(|s| core(s).is_some_and(|c| c.len() == s.len()))
            };
            // Asked up to four times of each token below; the tokens do not
            // change until the paragraph is done.
            let pure_at: Vec<bool> = flat.iter().map(|&f| pure(outs, f)).collect();
            let mut new_tokens: Vec<Vec<String>> = vec![Vec::new(); lj - li];
            // A token with punctuation on one side only may open (leading)
            // or close (trailing) a run: its core takes part, the
            // punctuation goes back on the word it was on (`الس ائلة.`).
            // A year's era (`2010م`) or a letter joined by a tatweel
            // (`بـ5.3`) is written on its number: no piece of a word.
            let edge = |o: &[LineOut], (l, t): (usize, usize), lead: bool| {
                !spelt((l, t))
                    && o.get(l)
                        .and_then(|x| x.tokens.get(t))
                        .filter(|s| !segments::dated_year(s) && !segments::joined_by_tatweel(s))
                        .and_then(|s| split_core(s))
                        .is_some_and(|(h, _, tl)| {
                            if lead {
                                !h.is_empty() && tl.is_empty()
                            } else {
                                h.is_empty() && !tl.is_empty()
                            }
                        })
            };
            let mut k = 0;
            while k < flat.len() {
                let (l0, t0) = flat[k];
                let opens =
                    edge(outs, flat[k], true) && pure_at.get(k + 1).copied().unwrap_or(false);
                // A token with punctuation after it only is a run of its own
                // (words glued up to a sentence end: `بعدأشهر…المنطقة.`).
                let alone = !opens && !pure_at[k] && edge(outs, flat[k], false);
                if !pure_at[k] && !opens && !alone {
                    if let Some(tok) = outs[l0].tokens.get(t0) {
                        new_tokens[l0 - li].push(tok.clone());
                    }
                    k += 1;
                    continue;
                }
                // Between two well-known words nothing is re-segmented (a join
                // there costs more than it can gain): cut the run there, which
                // keeps the dynamic programme short. The run is found in one
                // scan that stops at the first such pair, so a paragraph of
                // pieces takes linear time.
                let solid = |o: &[LineOut], (l, t): (usize, usize)| {
                    o.get(l).and_then(|x| x.tokens.get(t)).is_some_and(|s| {
                        let (n, h) = key_len_hash(s);
                        n >= 3 && self.lex.known_hashed(h).is_some_and(|c| c < 3.5)
                    })
                };
                let mut m = k + 1;
                let mut prev_solid = solid(outs, flat[k]);
                let mut cut = alone.then_some(m);
                while cut.is_none() && m < flat.len() && pure_at[m] {
                    let s = solid(outs, flat[m]);
                    if prev_solid && s {
                        cut = Some(m);
                        break;
                    }
                    prev_solid = s;
                    m += 1;
                }
                if cut.is_none()
                    && m < flat.len()
                    && m > k + usize::from(opens)
                    && edge(outs, flat[m], false)
                {
                    if prev_solid && solid(outs, flat[m]) {
                        cut = Some(m);
                    }
                    m += 1;
                }
                if let Some(j) = cut {
                    m = j;
                }
                let run: Vec<&str> = flat[k..m]
                    .iter()
                    .filter_map(|&(l, t)| outs[l].tokens.get(t).map(String::as_str))
                    .collect();
                // The cores go in; the punctuation of the run's ends waits.
                let (mut head, mut tail) = ("", "");
                let cores: Vec<&str> = run
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        // Only the run's ends have punctuation to set aside.
                        let ends = i == 0 || i + 1 == run.len();
                        match ends.then(|| split_core(t)).flatten() {
                            Some((h, c, tl)) => {
                                if i == 0 {
                                    head = h;
                                }
                                if i + 1 == run.len() {
                                    tail = tl;
                                }
                                c
                            }
                            _ => t,
                        }
                    })
                    .collect();
                // A run of words the lexicon knows well, no two of which
                // make a word together, has nothing to re-segment: the
                // search is skipped (it costs a lookup per span).
                // (Stops at the first word that is not such: most runs
                // with something to do have one early.)
                let plain = {
                    // The previous key's length and hash: the pair's hash
                    // goes on from it (keys are hashed, not built).
                    let mut prev = (0usize, KEY_HASH_START);
                    cores.iter().all(|c| {
                        let k = key_len_hash(c);
                        if !self.lex.known_hashed(k.1).is_some_and(|x| x < PLAIN_WORD) {
                            return false;
                        }
                        let apart = prev.0 == 0
                            || self
                                .lex
                                .known_hashed(lexicon::key_chars(c).fold(prev.1, key_hash_push))
                                .is_none();
                        prev = k;
                        apart
                    })
                };
                let res = (!plain)
                    .then(|| resegment(self.lex, &cores, params))
                    .flatten()
                    .filter(|(_, gain)| conf(gain - 1.0) >= self.opts.threshold);
                match res {
                    Some((mut words, gain)) => {
                        if let Some((w, _)) = words.first_mut() {
                            w.insert_str(0, head);
                        }
                        if let Some((w, _)) = words.last_mut() {
                            w.push_str(tail);
                        }
                        // A space the extractor printed for a ZWNJ shows
                        // once the words glued to it are parted
                        // (`کتابخانه هایعمومی`, pypdf on XeLaTeX's PDFs).
                        if prof.zwnj_none && prof.splits {
                            words = self.zwnj_merge(words);
                        }
                        let kind = if words.len() < run.len() {
                            ChangeKind::Join
                        } else {
                            ChangeKind::Split
                        };
                        let after: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
                        self.change(
                            nos[l0],
                            kind,
                            &run.join(" "),
                            &after.join(" "),
                            conf(gain - 1.0),
                        );
                        for (w, ti) in words {
                            let l = flat.get(k + ti).map(|&(l, _)| l).unwrap_or(l0);
                            // Words that were glued are seen for the first
                            // time: a swapped ligature in them too, and, in
                            // Persian or Urdu without a single ZWNJ where
                            // spaces were lost or inserted, the ZWNJs the extractor lost
                            // with them (pdf.js on pango's PDFs). A word
                            // printed so had its ligatures read with its line.
                            let read = outs.get(l).is_some_and(|o| o.ligatures_read);
                            let printed = run.get(ti) == Some(&w.as_str());
                            // A piece's closing tatweel, kept as written
                            // (`بـ`), is inside the word it joined: a
                            // kashida at a run's cut.
                            let w = if printed {
                                w
                            } else {
                                let s = strip_tatweel(&w);
                                if s != w {
                                    self.change(nos[l], ChangeKind::Tatweel, &w, &s, 1.0);
                                }
                                s
                            };
                            let w = if read && printed {
                                w
                            } else {
                                self.fix_ligature(nos[l], &w, prof).unwrap_or(w)
                            };
                            let lost =
                                prof.zwnj_lost || (prof.zwnj_none && (prof.splits || prof.joins));
                            let w = match lost.then(|| self.restore_zwnj(&w)).flatten() {
                                Some(z) if z != w => {
                                    self.change(nos[l], ChangeKind::Zwnj, &w, &z, 0.9);
                                    z
                                }
                                _ => w,
                            };
                            new_tokens[l - li].push(w);
                        }
                        for &(l, _) in &flat[k..m] {
                            outs[l].changed = true;
                        }
                    }
                    None => {
                        for &(l, t) in &flat[k..m] {
                            if let Some(tok) = outs[l].tokens.get(t) {
                                new_tokens[l - li].push(tok.clone());
                            }
                        }
                    }
                }
                k = m;
            }
            for (o, nt) in outs[li..lj].iter_mut().zip(new_tokens) {
                o.tokens = nt;
            }
            li = lj;
        }
    }

    fn line(
        &mut self,
        ln: usize,
        p: Prepared,
        prof: &Profile,
        para_end: bool,
        ordered: bool,
    ) -> LineOut {
        let Prepared {
            mut text,
            mut changed,
            mut tokens,
            keys: _,
            mut deltas,
        } = p;
        // 0. Mixed lines in visual run order: runs back in logical order.
        if prof.visual_runs
            && !ordered
            && let Some(v) =
                visual_runs::reverse_runs(&tokens.join(" "), para_end, prof.numbers_layout)
        {
            let before = tokens.join(" ");
            if v != before {
                changed = true;
                self.change(ln, ChangeKind::RunOrder, &before, &v, 0.9);
                tokens = v.split_whitespace().map(str::to_string).collect();
                deltas = letter_deltas(self.lex, &tokens);
            }
        }
        // 0a. Runs in logical order, each printed visually: plain visual
        // order first, so that letters and words turn as on any visual line.
        if prof.runs_in_place && !ordered {
            let before = tokens.join(" ");
            if let Some(v) = visual_runs::in_place_to_visual(&before)
                && v != before
            {
                changed = true;
                self.change(ln, ChangeKind::RunOrder, &before, &v, 0.8);
                tokens = v.split_whitespace().map(str::to_string).collect();
                deltas = letter_deltas(self.lex, &tokens);
                // The space an Arabic run ended with, printed first: not
                // the line's indent.
                text = text.trim_start().to_string();
            }
        }
        // 0b. In a logical document, marks torn off with a space go back
        // first: the pieces of a torn word must not vote on letter order
        // (`ال ْـكُت ُبَ` read as `لا` …).
        if prof.marks_torn
            && prof.logical()
            && !prof.marks_early
            && tokens.iter().any(|t| t.chars().next().is_some_and(is_mark))
        {
            let mut merged: Vec<String> = Vec::with_capacity(tokens.len());
            for t in std::mem::take(&mut tokens) {
                if let Some(t) = self.attach_marks(ln, &mut merged, t) {
                    merged.push(t);
                }
            }
            changed = true;
            tokens = merged;
            deltas = letter_deltas(self.lex, &tokens);
        }
        if tokens.is_empty() {
            return LineOut {
                was_blank: true,
                text,
                changed,
                tokens,
                ligatures_read: true,
            };
        }
        // 1. Letter order, per word, with line and document priors.
        let (mut lr, mut lf) = (0usize, 0usize);
        for d in deltas.iter().flatten() {
            if *d > 1.5 {
                lr += 1;
            } else if *d < -1.5 {
                lf += 1;
            }
        }
        let line_share = if lr + lf == 0 {
            prof.visual_share
        } else {
            lr as f32 / (lr + lf) as f32
        };
        // A word is turned when the lexicon's odds for its reversal, times
        // the prior odds that a word here was printed reversed, favour it.
        // The prior blends the line's clear words with the document's share:
        // near certain for visual lines (every word turned unless its
        // printed reading is far likelier), lower where an extractor turned
        // some words only (PDFium), so that a word reading well both ways
        // (`قزم`, `مزق`) is left as printed.
        let flip_below = if prof.visual_share >= 0.9 {
            -2.5
        } else {
            const K: f32 = 4.0;
            let p = (lr as f32 + K * prof.visual_share) / ((lr + lf) as f32 + K);
            let p = p.clamp(0.5, 0.997);
            -(p / (1.0 - p)).log10()
        };
        let mut toks: Vec<String> = Vec::with_capacity(tokens.len());
        let mut flipped = 0usize;
        let mark_led = |t: &str| t.chars().next().is_some_and(is_mark);
        // No word of a document printed in logical letter order turns: its
        // tokens go on as they are, uncopied, and the loop below sees none.
        if !prof.turns_letters() {
            toks = std::mem::take(&mut tokens);
        }
        for (ti, (t, d)) in tokens.iter().zip(&deltas).enumerate() {
            // Pieces of a word torn at a mark say nothing about letter order.
            let torn = !prof.marks_lead
                && prof.visual_share < 0.5
                && (mark_led(t) || tokens.get(ti + 1).is_some_and(|n| mark_led(n)))
                && t.chars().filter(|&c| is_letter(c)).count() <= 3;
            let flip = match d {
                _ if torn => false,
                // Punctuation / mixed tokens follow a visual line.
                None => line_share >= 0.7 && t.chars().any(|c| !c.is_alphanumeric()),
                Some(d) => {
                    if line_share >= 0.7 {
                        *d > if t.chars().any(is_mark) {
                            -2.5
                        } else {
                            flip_below
                        }
                    } else {
                        *d > 1.0
                    }
                }
            };
            let o = if flip && prof.marks_lead {
                segments::reverse_token(&segments::marks_to_trailing(t))
            } else if flip && (line_share < 0.7 || prof.punct_stays) {
                // A reversed word in a logical line (PDFium reverses some
                // words only): its punctuation is where it belongs already.
                match split_core(t) {
                    Some((head, c, tail)) => {
                        format!("{head}{}{tail}", segments::reverse_token(c))
                    }
                    None => segments::reverse_token(t),
                }
            } else {
                oriented(t, flip).into_owned()
            };
            if flip && o != *t {
                flipped += 1;
                // Two words glued: turned as one token they read last
                // first (`راطمأةريزغ` → `غزيرةأمطار`, typst's PDFs through
                // pdf_oxide, the words in logical order), so they go in as
                // printed, each turned. Where the line's words are reversed
                // too the word-order stage turns the pair back with the rest.
                if let Some((first, second, gain)) = candidates::split_glued(self.lex, &o) {
                    let after = format!("{second} {first}");
                    self.change(ln, ChangeKind::Split, t, &after, conf(gain - 2.0));
                    toks.push(second);
                    toks.push(first);
                    continue;
                }
            }
            toks.push(o);
        }
        if flipped > 0 {
            changed = true;
            let after = toks.join(" ");
            let c = conf(line_share * 4.0 - 1.0).max(0.5);
            self.change(ln, ChangeKind::LetterOrder, &tokens.join(" "), &after, c);
        }
        // 1 (end). A tanween fath left inside a word goes to its end.
        for t in toks.iter_mut() {
            if let Some(f) = segments::tanween_to_word_end(t) {
                changed = true;
                self.change(ln, ChangeKind::Mark, t, &f, 0.9);
                *t = f;
            }
        }
        // 1a. Runs in visual order around words whose letters were turned,
        // on lines with numbers or Latin words; a paragraph's period printed
        // apart at the start is the last run's, as when glued.
        if prof.runs_after_letters
            && !ordered
            && toks
                .iter()
                .any(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
            && let Some(v) = {
                let lead = toks[0] == ".";
                let words = toks.join(" ");
                let line = if lead {
                    words.replacen(". ", ".", 1)
                } else {
                    words
                };
                visual_runs::reverse_runs(&line, para_end || lead, prof.numbers_layout)
            }
        {
            let before = toks.join(" ");
            if v != before {
                changed = true;
                self.change(ln, ChangeKind::RunOrder, &before, &v, 0.9);
                toks = v.split_whitespace().map(str::to_string).collect();
            }
        }
        // 1b. A period printed a word off (see `Profile::periods_displaced`).
        if prof.periods_displaced
            && let Some(v) = candidates::place_displaced_period(&toks)
        {
            changed = true;
            self.change(ln, ChangeKind::RunOrder, &toks.join(" "), &v.join(" "), 0.8);
            toks = v;
        }
        // An Arabic line: a word's delta, or (words glued across a comma
        // have no core, and no delta) two tokens with letters to order.
        let lettered = toks.iter().filter(|t| t.chars().any(is_letter)).count();
        let has_ar = deltas.iter().any(Option::is_some) || lettered >= 2;
        // 2. Sentence punctuation an extractor put at the line start goes to its end.
        if lettered > 0 {
            let before = toks.join(" ");
            if move_leading_punct(&mut toks, prof.logical()) {
                changed = true;
                self.change(ln, ChangeKind::WordOrder, &before, &toks.join(" "), 0.95);
            }
        }
        // 2b. Runs printed in reversed order (before tatweel, which marks the cuts).
        let mut reordered = false;
        // Runs an extractor separated with tabs: the cuts are known.
        if prof.runs && text.contains('\t') {
            let cut_after = candidates::tab_cut_after(&text);
            if let Some((v, gain)) = candidates::reorder_tab_runs(self.lex, &toks, &cut_after) {
                reordered = true;
                let c = conf(gain - 2.0);
                self.change(ln, ChangeKind::RunOrder, &toks.join(" "), &v.join(" "), c);
                toks = v;
            }
        }
        if prof.runs
            && !reordered
            && let Some((v, gain)) = candidates::reorder_runs_in(self.lex, &toks, para_end)
        {
            match self.adopt_run_order(ln, &mut toks, v, gain) {
                Ok(()) => reordered = true,
                Err((v, c)) => self.unrecoverable(Unrecoverable {
                    line: ln,
                    kind: ChangeKind::RunOrder,
                    text: toks.join(" "),
                    guess: Some(v.join(" ")),
                    confidence: c,
                }),
            }
        }
        // Cuts at kashida points inside tokens, the kashida left as the
        // separator (no space between the runs).
        // (An authored tatweel, `بـ5.3`, `هـ.`, is no cut.)
        let inner = |s: &str| {
            s.trim_start_matches(chars::TATWEEL)
                .chars()
                .filter(|&c| c == chars::TATWEEL)
                .count()
        };
        let inner_kashida = toks
            .iter()
            .any(|t| inner(t) > 0 && inner(t) > inner(&strip_tatweel(t)));
        if !reordered
            && inner_kashida
            && let Some((v, gain)) = candidates::reorder_kashida_runs(self.lex, &toks.join(" "))
        {
            reordered = self.adopt_run_order(ln, &mut toks, v, gain).is_ok();
        }
        // The same with the kashidas dropped and the runs glued (tabs are
        // cuts the step above reads).
        if prof.glued_runs
            && !reordered
            && !text.contains('\t')
            && let Some((v, gain)) = candidates::reorder_glued_runs(self.lex, &toks)
        {
            reordered = self.adopt_run_order(ln, &mut toks, v, gain).is_ok();
        }
        // A line cut once, its two runs swapped and glued where they meet:
        // the cut word's pieces at its ends and one glued token fix the
        // reading. (In logical word order only: a reversed line's ends are
        // its own.)
        if !reordered
            && !prof.reversed_words
            && !text.contains('\t')
            && let Some((v, gain)) = candidates::reorder_two_glued_runs(self.lex, &toks)
        {
            reordered = self.adopt_run_order(ln, &mut toks, v, gain).is_ok();
        }
        changed |= reordered;
        // 3. Numbers and Latin words glued to Arabic ones get their space back.
        if prof.mixed {
            toks = self.split_tokens(ln, toks, segments::split_mixed, &mut changed);
        }
        // 4. Word order, per document. (A line does not overrule it: a
        // sentence end on the last word may as well be one on the first word
        // of a reversed line, `… وأوضح المحللين.`; only paragraph ends vote,
        // in the profile.)
        // Where an extractor prints some lines in visual word order and
        // others not (pdf.js on typst's PDFs: lines without marks reversed),
        // a line whose adjectives, conjunctions and sentence end say
        // reversed more than logical is turned.
        let reverse = if prof.mixed_word_order && has_ar {
            let (al, ar) = scoring::adjective_votes(&toks, false);
            let (cl, cr) = scoring::conjunction_votes(&toks, false);
            let v = word_order_vote(&toks);
            let r = ar + cr + usize::from(v > 0);
            let l = al + cl + usize::from(v < 0);
            if r == l { prof.reversed_words } else { r > l }
        } else {
            prof.reversed_words
        };
        if !reverse && prof.numbers_laid_out && !prof.numbers_layout.signs_as_written {
            // Numbers laid out in a line whose words were printed in order.
            changed |= self.turn_laid_out(ln, &mut toks, |t| {
                segments::number_punct_side(t) == Some(true)
            });
        }
        if reverse && has_ar && toks.len() > 1 {
            // Pieces of a cut word must travel together when words are reordered.
            for (before, after, gain) in prejoin_fragments(self.lex, &mut toks) {
                let c = conf(gain - 1.0);
                self.change(ln, ChangeKind::Join, &before, &after, c);
            }
            // Two words glued in visual word order (`إقليميةقمة`, typst's
            // PDFs through pypdf) part before the words are turned, so each
            // takes its place.
            let mut parted: Vec<String> = Vec::with_capacity(toks.len() + 2);
            for t in std::mem::take(&mut toks) {
                match prof
                    .glued_visual
                    .then(|| candidates::split_glued(self.lex, &t))
                    .flatten()
                {
                    Some((first, second, gain)) => {
                        let after = format!("{first} {second}");
                        self.change(ln, ChangeKind::Split, &t, &after, conf(gain - 2.0));
                        parted.push(first);
                        parted.push(second);
                    }
                    None => parted.push(t),
                }
            }
            toks = parted;
            // Numbers with their signs stand as laid out in a line whose
            // letters were left in order (`%2.7`, `.2016` for `2.7%`,
            // `2016.`): they turn with the words.
            if !prof.turns_letters() && !prof.numbers_layout.signs_as_written {
                self.turn_laid_out(ln, &mut toks, |t| {
                    (segments::is_signed_number(t) || segments::is_punctuated_latin(t))
                        && segments::signs_laid_out(t)
                });
            }
            let before = toks.join(" ");
            toks = reverse_word_order(&toks);
            changed = true;
            self.change(ln, ChangeKind::WordOrder, &before, &toks.join(" "), 0.9);
        }
        // 4a'. Where spaces were lost, the extractor's spaces stand at its
        // runs' edges, around a sentence's period as often as not
        // (`المحللين . وأوضح`, pdf.js on pango's PDFs): punctuation alone
        // goes back onto the word before it.
        if prof.splits && toks.len() > 1 {
            // (One sign: an ellipsis stands apart, `له ... والجهل`.)
            let lone = |t: &str| {
                let mut cs = t.chars();
                cs.next().is_some_and(is_clause_punct) && cs.next().is_none()
            };
            if toks.iter().skip(1).any(|t| lone(t)) {
                let before = toks.join(" ");
                let mut merged: Vec<String> = Vec::with_capacity(toks.len());
                for t in std::mem::take(&mut toks) {
                    match merged.last_mut() {
                        Some(prev)
                            if lone(&t) && prev.chars().next_back().is_some_and(is_letter) =>
                        {
                            prev.push_str(&t)
                        }
                        _ => merged.push(t),
                    }
                }
                toks = merged;
                let after = toks.join(" ");
                if after != before {
                    changed = true;
                    self.change(ln, ChangeKind::Punctuation, &before, &after, 0.9);
                }
            }
        }
        // 4a. Where spaces were lost, a comma or period between two Arabic
        // words had its space after it: the words part there, so that the
        // re-segmenter sees each. (After the word order: a line that lost
        // every space was turned as one token, and its parts stay in place.)
        // Each part is a word the lexicon knows or a run of several glued
        // ones: a short unknown piece is a word whose letters an extractor
        // moved round its punctuation (`ﺒﺮ.ةدو`), left alone.
        if prof.splits {
            let lex = self.lex;
            let part_ok = |p: &String| {
                let (n, h) = key_len_hash(p);
                n >= 6 || lex.known_hashed(h).is_some()
            };
            let inner_split = |t: &str| {
                segments::split_at_inner_punct(t).filter(|parts| parts.iter().all(part_ok))
            };
            toks = self.split_tokens(ln, toks, inner_split, &mut changed);
        }
        // 4. Presentation forms → letters (after orientation: forms were evidence).
        if toks.iter().any(|t| t.chars().any(is_pf)) {
            let before = toks.join(" ");
            for t in toks.iter_mut() {
                if t.chars().any(is_pf) {
                    *t = chars::fold_pf(t);
                }
            }
            let after = toks.join(" ");
            if after != before {
                changed = true;
                self.change(ln, ChangeKind::PresentationForm, &before, &after, 1.0);
            }
        }
        // 4b. Marks printed before their letter go after it.
        if prof.marks_first {
            let before = toks.join(" ");
            let mut moved = false;
            for t in toks.iter_mut() {
                if let Some(m) = segments::marks_after_letter(t) {
                    *t = m;
                    moved = true;
                }
            }
            if moved {
                changed = true;
                self.change(ln, ChangeKind::Mark, &before, &toks.join(" "), 0.9);
            }
        }
        // 5. Word repairs: tatweel, detached marks, ligature order.
        let mut fixed: Vec<String> = Vec::with_capacity(toks.len());
        for t in toks {
            let early = prof
                .marks_early
                .then(|| segments::marks_to_trailing(&t))
                .filter(|m| *m != t);
            let t = self.adopt(ln, ChangeKind::Mark, 0.9, t, early, &mut changed);
            let digits = digits_in_order(&t, prof);
            let t = self.adopt(ln, ChangeKind::Digits, 0.9, t, digits, &mut changed);
            let s = strip_tatweel(&t);
            if s != t {
                changed = true;
                self.change(ln, ChangeKind::Tatweel, &t, &s, 1.0);
            }
            let late = prof
                .zwnj_late
                .then(|| segments::zwnj_one_earlier(&s))
                .flatten();
            let s = self.adopt(ln, ChangeKind::Zwnj, 0.9, s, late, &mut changed);
            let lost = prof.zwnj_lost.then(|| self.restore_zwnj(&s)).flatten();
            let s = self.adopt(ln, ChangeKind::Zwnj, 0.9, s, lost, &mut changed);
            let canonical = prof
                .marks_torn
                .then(|| segments::canonical_marks(&s))
                .flatten();
            let s = self.adopt(ln, ChangeKind::Mark, 0.95, s, canonical, &mut changed);
            let once = prof.doubled.then(|| undouble_token(self.lex, &s)).flatten();
            let s = self.adopt(ln, ChangeKind::Doubled, 0.9, s, once, &mut changed);
            let sign = number_sign_sides(&s);
            let s = self.adopt(ln, ChangeKind::Digits, 0.9, s, sign, &mut changed);
            if s.is_empty() {
                continue;
            }
            let s = match fix_punct(&s, fixed.last_mut()) {
                Some(rest) => {
                    changed = true;
                    self.change(ln, ChangeKind::Punctuation, &t, &rest, 0.95);
                    if rest.is_empty() {
                        continue;
                    }
                    rest
                }
                None => s,
            };
            // A word never starts with a mark: it belongs to the previous word.
            let Some(s) = self.attach_marks(ln, &mut fixed, s) else {
                changed = true;
                continue;
            };
            fixed.push(s);
        }
        // The article alone first, read with the word after it; what it
        // leaves is a ligature like any other. (Where spaces were inserted
        // the word after it may be a piece too: the re-segmenter reads it.)
        if prof.lone_articles && !prof.joins && fixed.iter().any(|t| t == "ال") {
            fixed = self.lone_articles(ln, fixed, prof, &mut changed);
        }
        for t in fixed.iter_mut() {
            if let Some(new) = self.fix_ligature(ln, t, prof) {
                *t = new;
                changed = true;
            }
        }
        let read = fixed.len();
        if prof.doubled {
            // A doubled cluster can straddle a space (`الدُّ دُّنْيَا`).
            fixed = self.join_pairs(
                ln,
                fixed,
                ChangeKind::Doubled,
                Self::undouble_across,
                &mut changed,
            );
        }
        // Where spaces were lost too, the pairs are seen once re-segmented.
        if prof.zwnj_spaced || (prof.zwnj_none && prof.splits) {
            fixed = self.join_pairs(
                ln,
                fixed,
                ChangeKind::Zwnj,
                Self::zwnj_join_suffix,
                &mut changed,
            );
        }
        LineOut {
            was_blank: false,
            text,
            changed,
            // (A pair joined after the pass is a token it did not read.)
            ligatures_read: fixed.len() == read,
            tokens: fixed,
        }
    }
}

/// How much likelier (log10) the article's word must be than `لا` and the
/// word apart before a lone `ال` is joined to the word after it.
const LONE_ARTICLE_JOIN: f32 = 2.0;

/// A token with every doubled letter cluster of its core printed once (see
/// [`undouble`]); `None` when none is.
fn undouble_token(lex: &Lexicon, tok: &str) -> Option<String> {
    let (head, c, tail) = split_core(tok)?;
    let mut core = c.to_string();
    // Each round drops one cluster: a word has few.
    for _ in 0..4 {
        match undouble(lex, &core) {
            Some((next, _)) => core = next,
            None => break,
        }
    }
    (core != c).then(|| format!("{head}{core}{tail}"))
}

/// Per-token letter-orientation evidence (None for tokens without Arabic).
impl Repairer<'_> {
    /// Give a token's leading marks to the word before it (a word never
    /// starts with a mark). Returns the token when it stays a word of its
    /// own, None when it was consumed (`fixed` changed).
    fn attach_marks(&mut self, ln: usize, fixed: &mut Vec<String>, s: String) -> Option<String> {
        if !s.chars().next().is_some_and(is_mark) || s.chars().all(chars::is_quranic_sign) {
            return Some(s);
        }
        // A line's first token keeps its marks here (see `marks_across_lines`).
        let Some(prev) = fixed
            .last_mut()
            .filter(|p| p.chars().last().is_some_and(|c| is_letter(c) || is_mark(c)))
        else {
            return Some(s);
        };
        let before = format!("{prev} {s}");
        let lead: String = s.chars().take_while(|&c| is_mark(c)).collect();
        let rest = &s[lead.len()..];
        let next = rest.chars().next().filter(|&c| is_letter(c));
        match next {
            // The previous letter already carries a mark: this one was
            // printed before its own letter. Keep the space unless the
            // two pieces make one known word (`فَكَ َأنَّمَا` → `فَكَأَنَّمَا`).
            Some(b) if prev.chars().last().is_some_and(is_mark) => {
                let moved = format!("{b}{lead}{}", &rest[b.len_utf8()..]);
                let (kp, km) = (normalise(prev), normalise(&moved));
                let one = self.lex.known(&format!("{kp}{km}"));
                if one.is_some_and(|c| c < self.lex.cost(&kp) + self.lex.cost(&km)) {
                    prev.push_str(&moved);
                } else {
                    self.change(ln, ChangeKind::Mark, &s, &moved, 0.9);
                    fixed.push(moved);
                    return None;
                }
            }
            // `الْقِرَاءَة ُمِفْتَاح`: the space was printed before the
            // word's last mark. The mark goes back, the space stays
            // when both sides are words and together they are not.
            Some(_) if self.apart(prev, rest) => {
                prev.push_str(&lead);
                let after = format!("{prev} {rest}");
                self.change(ln, ChangeKind::Mark, &before, &after, 0.95);
                fixed.push(rest.to_string());
                return None;
            }
            // `مشير ًا`: a tanween fath torn off with the final alef was
            // printed with it, so in an unvocalised word it sits on the
            // alef (`مشيراً`), as such text spells it; `مشيرًا` puts it on
            // the ر, as fully vocalised text does.
            Some('ا')
                if lead == "\u{064B}"
                    && !prev.chars().any(is_mark)
                    && !rest['ا'.len_utf8()..]
                        .chars()
                        .any(|c| is_letter(c) || is_mark(c)) =>
            {
                prev.push('ا');
                prev.push_str(&lead);
                prev.push_str(&rest['ا'.len_utf8()..]);
            }
            _ => prev.push_str(&s),
        }
        let after = prev.clone();
        self.change(ln, ChangeKind::Mark, &before, &after, 1.0);
        None
    }

    /// A word with the zero-width non-joiners its usual spelling has put
    /// back (`میآیند` → `می‌آیند`); None when it takes none or is not a
    /// plain word (marks, tatweel and the like keep it as it is).
    fn restore_zwnj(&self, tok: &str) -> Option<String> {
        let (head, c, tail) = split_core(tok)?;
        if c.chars().any(|ch| !is_letter(ch) || is_pf(ch)) {
            return None;
        }
        let key = normalise(c);
        let suffixed;
        let pos = match self.lex.zwnj_positions(&key) {
            Some(p) => p,
            None => {
                suffixed = [self.zwnj_suffix_at(&key)?];
                &suffixed[..]
            }
        };
        let mut out = String::with_capacity(tok.len() + 3 * pos.len());
        out.push_str(head);
        for (i, ch) in c.chars().enumerate() {
            if pos.iter().any(|&p| usize::from(p) == i) {
                out.push(chars::ZWNJ);
            }
            out.push(ch);
        }
        out.push_str(tail);
        Some(out)
    }

    /// Where a word the lexicon does not know takes a ZWNJ as a known
    /// Persian stem with a suffix after its silent `ه` (`کتابخانهای` →
    /// `کتابخانه‌ای`, `قفسههای`), where Persian spelling always parts
    /// them: the ZWNJ's key position. (After other letters the ZWNJ is
    /// a choice, `کتابها` as often; and a stem of a damaged word is as
    /// often a word, `هفت` of `هفتها` for `هفته‌ها`.)
    fn zwnj_suffix_at(&self, key: &str) -> Option<u8> {
        if self.lex.known(key).is_some() {
            return None;
        }
        // The first suffix whose stem is a word: `کتابخانهای` is no
        // `کتابخان` with `های`.
        ZWNJ_SUFFIXES
            .iter()
            .filter_map(|suf| key.strip_suffix(suf))
            .find_map(|stem| self.heh_stem(stem))
    }

    /// A known Persian stem's key ending in a silent `ه` (of at most
    /// [`ZWNJ_STEM_COST`]): its length, where a suffix's ZWNJ goes. (Keys
    /// keep Urdu's `ہ`, which none of this is.)
    fn heh_stem(&self, stem_key: &str) -> Option<u8> {
        if !stem_key.ends_with('ه') {
            return None;
        }
        let n = stem_key.chars().count();
        (n >= 2 && self.lex.known(stem_key).is_some_and(|c| c < ZWNJ_STEM_COST))
            .then(|| u8::try_from(n).ok())
            .flatten()
    }

    /// A token that is a known stem's silent `ه`, a ZWNJ and a suffix
    /// (`کتابخانه‌ای`), as [`Self::zwnj_suffix_at`] spells it.
    fn heh_suffixed(&self, tok: &str) -> bool {
        // (Asked of every token the re-segmenter reads: most have no ZWNJ.)
        tok.contains(chars::ZWNJ)
            && core(tok)
                .and_then(|c| c.rsplit_once(chars::ZWNJ))
                .is_some_and(|(stem, suf)| self.suffix_after_heh(&normalise(stem), suf))
    }

    /// `suffix` one of [`ZWNJ_SUFFIXES`] and `stem_key` a stem it parts
    /// from with a ZWNJ ([`Self::heh_stem`]).
    fn suffix_after_heh(&self, stem_key: &str, suffix: &str) -> bool {
        ZWNJ_SUFFIXES.contains(&normalise(suffix).as_str()) && self.heh_stem(stem_key).is_some()
    }

    /// [`Self::zwnj_join`], or a known stem's silent `ه` and a suffix
    /// apart (`کتابخانه ای`) that make no word the lexicon knows: a space
    /// printed for the ZWNJ, as [`Self::zwnj_suffix_at`] reads it glued.
    fn zwnj_join_suffix(&self, a: &str, b: &str) -> Option<String> {
        self.zwnj_join(a, b).or_else(|| {
            let (head, cb, _) = split_core(b)?;
            (head.is_empty()
                && a.chars().all(|c| is_letter(c) && !is_pf(c))
                && self.suffix_after_heh(&normalise(a), cb)
                && self.lex.known_joined(a, cb).is_none())
            .then(|| format!("{a}{}{b}", chars::ZWNJ))
        })
    }

    /// Tokens with each pair `join` makes one word of joined, left to right
    /// (a joined word is not joined again), each join recorded as `kind`.
    /// One pass: a line may hold hundreds of thousands of tokens.
    /// Take a line's runs put back in order where the reading's confidence
    /// reaches the threshold; the reading and its confidence otherwise.
    fn adopt_run_order(
        &mut self,
        ln: usize,
        toks: &mut Vec<String>,
        v: Vec<String>,
        gain: f32,
    ) -> std::result::Result<(), (Vec<String>, f64)> {
        let c = conf(gain - 2.0);
        if c < self.opts.threshold {
            return Err((v, c));
        }
        self.change(ln, ChangeKind::RunOrder, &toks.join(" "), &v.join(" "), c);
        *toks = v;
        Ok(())
    }

    /// Turn the numbers and Latin words `laid_out` says stand as laid out
    /// (`%2.7` → `2.7%`); true if one turned.
    fn turn_laid_out(
        &mut self,
        ln: usize,
        toks: &mut [String],
        laid_out: impl Fn(&str) -> bool,
    ) -> bool {
        let mut turned = false;
        for t in toks.iter_mut().filter(|t| laid_out(t)) {
            let o = segments::reverse_token(t);
            if o != *t {
                self.change(ln, ChangeKind::Punctuation, t, &o, 0.9);
                *t = o;
                turned = true;
            }
        }
        turned
    }

    fn join_pairs(
        &mut self,
        ln: usize,
        toks: Vec<String>,
        kind: ChangeKind,
        join: fn(&Self, &str, &str) -> Option<String>,
        changed: &mut bool,
    ) -> Vec<String> {
        merge_adjacent(toks, |prev, t| {
            let j = join(self, prev, t)?;
            self.change(ln, kind, &format!("{prev} {t}"), &j, 0.9);
            *changed = true;
            Some(j)
        })
    }

    /// Adjacent tokens of a printed line that [`Self::zwnj_join`] joins,
    /// either way round (the document's orientation is not known yet), with
    /// presentation forms read as letters.
    fn zwnj_pairs(&self, tokens: &[String]) -> usize {
        let folded: Vec<String> = tokens.iter().map(|t| chars::fold_pf(t)).collect();
        // Each token turned once, not once per pair and reading.
        let turned: Vec<String> = folded.iter().map(|t| t.chars().rev().collect()).collect();
        (1..folded.len())
            .filter(|&i| {
                let joins = |a: &str, b: &str| self.zwnj_join(a, b).is_some();
                // Logical; visual; words reversed in logical word order.
                joins(&folded[i - 1], &folded[i])
                    || joins(&turned[i], &turned[i - 1])
                    || joins(&turned[i - 1], &turned[i])
            })
            .count()
    }

    /// Consecutive words [`Self::zwnj_join`] makes one of, joined (a
    /// joined word is not joined again); each keeps its first token index.
    fn zwnj_merge(&self, words: Vec<(String, usize)>) -> Vec<(String, usize)> {
        merge_adjacent(words, |(p, ti), (w, _)| Some((self.zwnj_join(p, w)?, *ti)))
    }

    /// `a` and `b` joined by a ZWNJ when that is the usual spelling of the
    /// word they make (`کتابخانه` + `های` → `کتابخانه‌های`): a space the
    /// extractor printed for the ZWNJ. Plain letters only, no punctuation
    /// between them.
    fn zwnj_join(&self, a: &str, b: &str) -> Option<String> {
        let plain = |w: &str| !w.is_empty() && w.chars().all(|c| is_letter(c) && !is_pf(c));
        // The second may end a clause (`می آیند.`).
        let (head, cb, _) = split_core(b)?;
        if !plain(a) || !head.is_empty() || !plain(cb) {
            return None;
        }
        // (The pair's key is never built: the profile asks this of every
        // pair of a Persian or Urdu document three times.)
        let key = || lexicon::key_chars(a).chain(lexicon::key_chars(cb));
        let pos = self.lex.zwnj_positions_chars(key())?;
        let at = a.chars().count();
        // Two common words stay two (`به این`, though `به‌این` is spelt)
        // when apart they are ten times likelier (costs merge three
        // languages, so `به طور` is near even).
        (pos.iter().any(|&p| usize::from(p) == at)
            && self.lex.cost_chars(key())
                < self.lex.cost_word(a) + self.lex.cost_word(cb) + ZWNJ_JOIN_MARGIN)
            .then(|| format!("{a}{}{b}", chars::ZWNJ))
    }

    /// Tokens that are the article `ال` alone, each read with the word after
    /// it: a word is never `ال`, so the article was torn off its word
    /// (`ال رقم`, a cut at a kashida point) or the word is `لا` with its
    /// ligature's letters swapped (`ال يجد`). Unigram costs decide only
    /// where they are clear; a pair they cannot tell apart (`ال بديل` is
    /// `لا بديل`, `ال بري` is `البري`) stays as printed.
    fn lone_articles(
        &mut self,
        ln: usize,
        toks: Vec<String>,
        prof: &Profile,
        changed: &mut bool,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(toks.len());
        let mut it = toks.into_iter().peekable();
        while let Some(t) = it.next() {
            let next = it.peek().and_then(|n| split_core(n));
            let Some((head, cn, _)) = next.filter(|_| t == "ال") else {
                out.push(t);
                continue;
            };
            let kn = normalise(cn);
            if !head.is_empty() || kn.starts_with("ال") || kn.chars().count() < 2 {
                out.push(t);
                continue;
            }
            let Some(c_word) = self.lex.known(&kn) else {
                out.push(t);
                continue;
            };
            let apart = self.lex.cost("لا") + c_word;
            match self.lex.known(&format!("ال{kn}")) {
                // Likelier as one word by a factor 100: the article's.
                Some(c) if apart - c >= LONE_ARTICLE_JOIN => {
                    let n = it.next().unwrap_or_default();
                    let j = format!("ال{n}");
                    self.change(
                        ln,
                        ChangeKind::Join,
                        &format!("{t} {n}"),
                        &j,
                        conf(apart - c),
                    );
                    *changed = true;
                    out.push(j);
                }
                // Likelier apart (still likelier where the document swaps
                // ligatures), or no such word while the word after reads
                // as a verb, which `لا` negates and no article takes: the
                // swapped `لا`. (An unknown article word before a nisba
                // adjective, `ال توليدي`, is only a word the lexicon lacks.)
                c if match c {
                    Some(c) => apart - c <= if prof.swaps { 1.0 } else { 0.0 },
                    None => imperfect_verb_shape(&kn),
                } =>
                {
                    self.change(ln, ChangeKind::LigatureOrder, &t, "لا", 0.9);
                    *changed = true;
                    out.push("لا".to_string());
                }
                _ => out.push(t),
            }
        }
        out
    }

    /// [`undouble_across`] in the shape [`Self::join_pairs`] takes.
    fn undouble_across(&self, a: &str, b: &str) -> Option<String> {
        undouble_across(self.lex, a, b)
    }

    /// Are `a` and `b` two words rather than two pieces of one?
    fn apart(&self, a: &str, b: &str) -> bool {
        let (Some(ca), Some(cb)) = (core(a), core(b)) else {
            return false;
        };
        let (ka, kb) = (normalise(ca), normalise(cb));
        // A long piece counts as a word too: vocalised text has many words
        // (prefixed, suffixed) the lexicon does not list.
        let word = |k: &str| {
            let n = k.chars().count();
            n >= 4 || ((n > 1 || k == "و") && self.lex.known(k).is_some())
        };
        // (A piece before a long known word, `يعا ًاستعدادا`: the piece is
        // a word torn apart too, which the re-segmenter joins, and the long
        // word stands alone.)
        let long_known = kb.chars().count() >= 5 && self.lex.known(&kb).is_some();
        if !(word(&ka) || long_known) || !word(&kb) {
            return false;
        }
        let joined = self.lex.known(&format!("{ka}{kb}"));
        joined.is_none_or(|c| c > self.lex.cost(&ka) + self.lex.cost(&kb))
    }
}

/// Two tokens that are one word with a cluster printed twice across the
/// space (`الدُّ دُّنْيَا` → `الدُّنْيَا`, `مدعوما اً` → `مدعوماً`), joined
/// and printed once, when the word reads better by a factor 10.
fn undouble_across(lex: &Lexicon, a: &str, b: &str) -> Option<String> {
    let (ca, cb) = (core(a)?, core(b)?);
    if ca.len() != a.len() || !b.starts_with(cb) {
        return None;
    }
    let (la, fb) = (segments::clusters(ca), segments::clusters(cb));
    let (x, y) = (la.last()?, fb.first()?);
    if x.chars().next() != y.chars().next() || !x.chars().chain(y.chars()).any(is_mark) {
        return None;
    }
    let (once, _) = undouble(lex, &format!("{ca}{cb}"))?;
    let key = normalise(&once);
    let after = lex.known(&key)?;
    let apart = lex.cost(&normalise(ca)) + lex.cost(&normalise(cb));
    (apart - after >= 1.0).then(|| format!("{once}{}", &b[cb.len()..]))
}

/// `t` with the digit runs the document printed reversed put back in
/// reading order, or `None` when none was.
fn digits_in_order(t: &str, prof: &Profile) -> Option<String> {
    let mut out: Option<String> = None;
    for (on, class) in [
        (prof.digits_an_reversed, numbers::DigitClass::ArabicIndic),
        (prof.digits_en_reversed, numbers::DigitClass::European),
    ] {
        if on && let Some(r) = numbers::reverse_runs(out.as_deref().unwrap_or(t), class) {
            out = Some(r);
        }
    }
    out
}

fn letter_deltas(lex: &Lexicon, tokens: &[String]) -> Vec<Option<f32>> {
    tokens
        .iter()
        .map(|t| core(t).map(|c| letter_delta(lex, c)))
        .collect()
}

/// A line after the per-line stages.
struct LineOut {
    /// Cleaned input text (emitted as is when nothing changed).
    text: String,
    changed: bool,
    was_blank: bool,
    tokens: Vec<String>,
    /// Every token is as the ligature pass of [`Repairer::line`] left it.
    ligatures_read: bool,
}

/// `items` with each pair `join` makes one of joined, left to right, in one
/// pass (a joined item is not joined again: a line may hold hundreds of
/// thousands of tokens).
fn merge_adjacent<T>(items: Vec<T>, mut join: impl FnMut(&T, &T) -> Option<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    let mut last_joined = false;
    for t in items {
        let j = match out.last() {
            Some(prev) if !last_joined => join(prev, &t),
            _ => None,
        };
        last_joined = j.is_some();
        match (j, out.last_mut()) {
            (Some(j), Some(prev)) => *prev = j,
            _ => out.push(t),
        }
    }
    out
}

/// A number's sign printed on the side only a visual order puts it: a
/// percent sign before its number (`%2.7`, `(%8.6`) goes after it
/// (`2.7%`), a plus-minus after it (`0.3±`) goes before; `None` for
/// anything else.
fn number_sign_sides(tok: &str) -> Option<String> {
    let lead = tok.len() - tok.trim_start_matches(['(', '«', '[']).len();
    let (sign, rest) = match tok[lead..].strip_prefix('%') {
        Some(r) => ('%', r),
        None => ('±', &tok[lead..]),
    };
    let run = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            .len();
    // A sentence's period or comma after the number is not part of it.
    let (num, tail) = rest.split_at(rest[..run].trim_end_matches(['.', ',']).len());
    let tail = if sign == '±' {
        tail.strip_prefix('±')?
    } else {
        tail
    };
    if !num.starts_with(|c: char| c.is_ascii_digit())
        || !tail
            .chars()
            .all(|c| is_clause_punct(c) || matches!(c, ',' | ')' | '»' | ']'))
    {
        return None;
    }
    let head = &tok[..lead];
    Some(if sign == '%' {
        format!("{head}{num}%{tail}")
    } else {
        format!("{head}±{num}{tail}")
    })
}

/// Repair punctuation on the wrong side of a word: `،وسط` after `دول` becomes
/// `دول،` + `وسط`; a guillemet or bracket printed mirrored (`»كلمة`, `كلمة«`)
/// is turned round. Returns the new token when something changed (the
/// previous token may have received the punctuation).
fn fix_punct(tok: &str, prev: Option<&mut String>) -> Option<String> {
    // Asked of every token: nothing to do without punctuation or brackets.
    let bracket = |c: char| matches!(c, '»' | '«' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>');
    if !tok.chars().any(|c| is_clause_punct(c) || bracket(c)) {
        return None;
    }
    let mut t = tok.to_string();
    let mut changed = false;
    let lead = t.chars().take_while(|&c| is_clause_punct(c)).count();
    let cut = t
        .char_indices()
        .nth(lead)
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if lead > 0
        && t[cut..].chars().next().is_some_and(is_letter)
        && let Some(p) = prev
        && p.chars().last().is_some_and(|c| is_letter(c) || is_mark(c))
    {
        p.push_str(&t[..cut]);
        t = t[cut..].to_string();
        changed = true;
    }
    let mut chars: Vec<char> = t.chars().collect();
    // Marks printed after the punctuation that follows their word
    // (`نهائيا.ً`) go back onto its last letter: no mark follows punctuation.
    let marks = chars.iter().rev().take_while(|&&c| is_mark(c)).count();
    let end = chars.len() - marks;
    let punct = chars[..end]
        .iter()
        .rev()
        .take_while(|&&c| is_clause_punct(c) || matches!(c, '»' | '«' | ')' | '('))
        .count();
    if marks > 0 && punct > 0 && end > punct && is_letter(chars[end - punct - 1]) {
        let tail: Vec<char> = chars.split_off(end - punct);
        let (p, m) = tail.split_at(punct);
        chars.extend_from_slice(m);
        chars.extend_from_slice(p);
        changed = true;
    }
    if chars.len() > 1 {
        let first = chars[0];
        let after = chars[1];
        if matches!(first, '»' | ')' | ']' | '}' | '>') && is_letter(after) {
            chars[0] = chars::mirror(first);
            changed = true;
        }
        // The last bracket, before the clause punctuation that may follow
        // it (`أولوياته«.` for `أولوياته».`, `٧<.` for `٧>.`).
        let n = chars.len()
            - chars
                .iter()
                .rev()
                .take_while(|&&c| is_clause_punct(c))
                .count();
        if n >= 2 {
            let (last, before) = (chars[n - 1], chars[n - 2]);
            let word_end = is_letter(before)
                || is_mark(before)
                || (before == '.' && n == chars.len())
                || (before.is_numeric() && !before.is_ascii_digit());
            if matches!(last, '«' | '(' | '[' | '{' | '<') && word_end {
                chars[n - 1] = chars::mirror(last);
                changed = true;
            }
        }
    }
    changed.then(|| chars.into_iter().collect())
}

/// Move sentence punctuation glued to the start of the first token (where an
/// extractor that ignores bidi puts a line's final `.`) to the end of the line.
/// In a `logical` document closing quotes and brackets move too. (An
/// ellipsis moves as well, though clean text may wrap before one: PyMuPDF
/// prints a line's last `...` first.)
fn move_leading_punct(toks: &mut Vec<String>, logical: bool) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    // A closing quote or bracket never starts a line either (line breaking
    // forbids it): printed first, it is the line's last cluster read left to
    // right (`.»يرفع … النفس` for `يرفع … النفس».`).
    let closing = |c: char| logical && matches!(c, '»' | '”' | ')' | ']' | '}');
    let n = first
        .chars()
        .take_while(|&c| is_clause_punct(c) || closing(c))
        .count();
    if n == 0 {
        return false;
    }
    let cut = first
        .char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(first.len());
    let (p, rest) = first.split_at(cut);
    let (p, rest) = (p.to_string(), rest.to_string());
    if rest.is_empty() {
        // A lone punctuation token at the line start, before a word.
        if !toks
            .get(1)
            .is_some_and(|t| t.chars().next().is_some_and(is_letter))
        {
            return false;
        }
        toks.remove(0);
    } else if rest.chars().next().is_some_and(is_letter) && toks.len() > 1 {
        toks[0] = rest;
    } else {
        return false;
    }
    if let Some(last) = toks.last_mut() {
        if p.chars().any(closing) {
            last.extend(p.chars().rev());
        } else {
            last.push_str(&p);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::segments::tests::emb;
    use super::*;

    fn fix(s: &str) -> String {
        repair(s, &RepairOptions::default()).0
    }

    /// Lines as a visual extractor prints them: each reversed character by
    /// character.
    fn printed_visually<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
        lines
            .into_iter()
            .map(|l| l.chars().rev().collect::<String>() + "\n")
            .collect()
    }

    #[test]
    fn spaces_between_joined_shapes_go_whatever_the_lexicon_says() {
        // `الْقِرَاءَةُ مِفْتَاحُ الْمَعْرِفَةِ` in presentation forms printed
        // visually, cut where glyph gaps fell: after a medial or final
        // glyph, before a medial one (a mark printed first between).
        let cut = "\u{0650}\u{FE94}\u{064E}\u{FED3}\u{0650}\u{FEAE}\u{0652}\u{FECC} \u{064E}\u{FEE4}\u{0652}\u{FEDF}\u{FE8D} \
                   \u{064F}\u{FEA1}\u{FE8E}\u{064E}\u{FE98} \u{0652}\u{FED4}\u{0650}\u{FEE3} \
                   \u{064F}\u{FE94}\u{064E}\u{FE80}\u{FE8D}\u{064E}\u{FEAE} \u{0650}\u{FED8}\u{0652}\u{FEDF}\u{FE8D}\n";
        let (out, report) = repair(cut, &RepairOptions::default());
        assert_eq!(out, "الْقِرَاءَةُ مِفْتَاحُ الْمَعْرِفَةِ\n");
        let joins: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Join)
            .collect();
        assert_eq!(joins.len(), 1);
        assert_eq!(joins[0].after.split(' ').count(), 3);
    }

    #[test]
    fn word_order_votes_read_presentation_forms_as_letters() {
        // Letters in logical order, words reversed, all in presentation
        // forms: only the conjunction و after each comma tells the order,
        // and it must be seen through the shapes (`ﻭﺃﻛﺪ` is `وأكد`).
        let printed = "\u{FE8D}\u{FEDF}\u{FEE4}\u{FE98}\u{FEA4}\u{FEAA}\u{FE99} \u{FEED}\u{FE83}\u{FEBF}\u{FE8E}\u{FED1} \
                       \u{FE8D}\u{FEDF}\u{FEE4}\u{FEB4}\u{FE86}\u{FEED}\u{FEDD}\u{060C} \u{FEED}\u{FE83}\u{FEDB}\u{FEAA} \
                       \u{FE8D}\u{FEDF}\u{FEEE}\u{FEAF}\u{FEF3}\u{FEAE}\u{060C} \u{FED7}\u{FE8E}\u{FEDD}\n\
                       \u{FE8D}\u{FEDF}\u{FE92}\u{FEE0}\u{FE8E}\u{FEA9} \u{FEED}\u{FED3}\u{FEF2} \
                       \u{FE8D}\u{FEDF}\u{FEE4}\u{FEAA}\u{FEF3}\u{FEE8}\u{FE94}\u{060C} \u{FEED}\u{FED3}\u{FEF2} \
                       \u{FE8D}\u{FEDF}\u{FECC}\u{FE8E}\u{FEBB}\u{FEE4}\u{FE94}\u{060C} \u{FED3}\u{FEF2}\n";
        assert_eq!(
            fix(printed),
            "قال الوزير، وأكد المسؤول، وأضاف المتحدث\nفي العاصمة، وفي المدينة، وفي البلاد\n"
        );
    }

    #[test]
    fn one_line_paragraphs_opening_with_sentence_ends_turn() {
        // Three one-line paragraphs in reversed word order, nothing blank
        // between and no line short: only the last line is a paragraph end
        // the layout shows. Two lines opening with a sentence end and none
        // closing with one say reversed.
        let printed = "press@example.net أو 0227654321 للتواصل:\n\
                       جديد. كل لمعرفة حساباتنا على تابعونا\n\
                       القاهرة. وسط النيل، شارع المقر\n";
        assert_eq!(
            fix(printed),
            "للتواصل: 0227654321 أو press@example.net\n\
             تابعونا على حساباتنا لمعرفة كل جديد.\n\
             المقر شارع النيل، وسط القاهرة.\n"
        );
        // The same lines in logical order stay as they are.
        let logical = "للتواصل: 0227654321 أو press@example.net\n\
                       تابعونا على حساباتنا لمعرفة كل جديد.\n\
                       المقر شارع النيل، وسط القاهرة.\n";
        assert_eq!(fix(logical), logical);
    }

    #[test]
    fn years_with_their_era_on_visual_lines_are_no_runs_kept_in_place() {
        // `1932م` printed visually is `م1932`: the number glued to the
        // letter on its left, as where runs kept logical order, but written
        // so. The lines are plain visual lines.
        let logical = "ولد الكاتب عام 1932م في دمشق، وأصدر روايته الأولى عام 1958م، ثم سافر إلى باريس عام 1964م، وعاد إلى وطنه عام 1990م.\n\
                       توفي الكاتب عام 2004م بعد صراع طويل مع المرض.\n";
        let printed = ".م1990 ماع هنطو ىلإ داعو ،م1964 ماع سيراب ىلإ رفاس مث ،م1958 ماع ىلوألا هتياور ردصأو ،قشمد يف م1932 ماع بتاكلا دلو\n\
                       .ضرملا عم ليوط عارص دعب م2004 ماع بتاكلا يفوت\n";
        assert_eq!(fix(printed), logical);
    }

    #[test]
    fn words_with_unread_codes_are_no_sign_of_spaces_inserted() {
        // ث printed as a code no font mapped (and the digit 1, which the
        // years decode): `ثم` reads as a lone `م`, which must not count as
        // a piece of a word cut by an inserted space.
        let coded = "ولد الكاتب عام \u{E014}932م في دمشق، \u{E000}م سافر إلى باريس عام \u{E014}964م، وعاد عام \u{E014}990م بعد غياب طويل.\n\
                     ارتفع بـ5.3 \u{E000}م بـ4.\u{E014} \u{E000}م بـ2.2 في المئة هذا العام، \u{E000}م توقف عام 20\u{E014}0م.\n";
        let (out, report) = repair(coded, &RepairOptions::default());
        assert_eq!(
            out,
            "ولد الكاتب عام 1932م في دمشق، \u{E000}م سافر إلى باريس عام 1964م، وعاد عام 1990م بعد غياب طويل.\n\
             ارتفع بـ5.3 \u{E000}م بـ4.1 \u{E000}م بـ2.2 في المئة هذا العام، \u{E000}م توقف عام 2010م.\n"
        );
        assert_eq!(report.count(ChangeKind::Join), 0);
        assert_eq!(report.count(ChangeKind::Split), 0);
    }

    #[test]
    fn clean_text_is_unchanged() {
        let s = "تسببت الأمطار الغزيرة التي هطلت منذ ساعات الفجر الأولى في تعطل حركة السير.\n\nمقارنة بـ 5.3 في المئة.\n";
        assert_eq!(fix(s), s);
        // Authored tatweel before punctuation: a hijri year's `هـ` and a
        // preposition on a quoted name.
        let s = "وقع ذلك في عام 1445 هـ. ثم عاد إلى المدينة (1446 هـ) في العام التالي.\n\
                 وقال لـ«الشرق الأوسط» إن الاتفاق قريب.\n";
        let (out, report) = repair(s, &RepairOptions::default());
        assert_eq!(out, s);
        assert_eq!(report.count(ChangeKind::Tatweel), 0);
        // Written joins and spaces: years with their era, the article on a
        // foreign word or number, a news agency's letters.
        for s in [
            "ولد الشاعر عام 1950م في القاهرة، وأصدر ديوانه الأول عام 1975م، ثم انتقل إلى بيروت عام 1982م، وتوفي عام 2010م بعد مرض عضال.\n",
            "ما هو الـ\"API\"؟ وما الفرق بين الـ5G والـ4G؟\n",
            "القاهرة - (أ ف ب): أعلنت وزارة الصحة المصرية، اليوم الأحد، تسجيل 150 إصابة جديدة.\n",
        ] {
            assert_eq!(fix(s), s);
        }
        // Authored symbols of the presentation-form block: a phrase (its
        // fold would glue the words), ornate parentheses, the basmala.
        let s = "قال رسول الله ﷺ: «إنما الأعمال بالنيات».\n﷽\nقال تعالى: ﴿وَقُل رَّبِّ زِدْنِي عِلْمًا﴾.\n";
        let (out, report) = repair(s, &RepairOptions::default());
        assert_eq!(out, s);
        assert!(report.changes.is_empty(), "{:?}", report.changes);
    }

    #[test]
    fn written_joins_survive_a_document_with_spaces_inserted() {
        // An authored tatweel is no kashida cut, and a year's era opens no
        // run for the re-segmenter.
        assert_eq!(
            fix(
                "ا رتفع بـ5.3 ثم بـ4.1 ثم بـ2.2 ثم بـ1.1 في المئة هذا العام.\n\
                 و توفي الشاعر عام 2010م بعد مرض عضا ل سنة ١٤٣١هـ في القا هرة.\n\
                 قا لت الحكومة الألمانية إن النمو تباطأ في الر بع الأخير.\n\
                 ہم نے ۲۰۲۴ء میں یہ منصوبہ شر وع کیا۔\n"
            ),
            "ارتفع بـ5.3 ثم بـ4.1 ثم بـ2.2 ثم بـ1.1 في المئة هذا العام.\n\
             وتوفي الشاعر عام 2010م بعد مرض عضال سنة ١٤٣١هـ في القاهرة.\n\
             قالت الحكومة الألمانية إن النمو تباطأ في الربع الأخير.\n\
             ہم نے ۲۰۲۴ء میں یہ منصوبہ شروع کیا۔\n"
        );
    }

    #[test]
    fn digit_runs_printed_reversed_are_put_back_when_the_document_says_so() {
        let (out, report) = repair(
            "المنشآت المسجلة إلى ٠٥٤٬٢١ منشأة بزيادة ٥٧٨ منشأة.\n\
             وشمل في ٥٢/١١/٤١٠٢ آنذاك ٠٠٠٥٢ أسرة في ٣١ منطقة عام 2024.\n",
            &RepairOptions::default(),
        );
        assert_eq!(
            out,
            "المنشآت المسجلة إلى ١٢٬٤٥٠ منشأة بزيادة ٨٧٥ منشأة.\n\
             وشمل في ٢٠١٤/١١/٢٥ آنذاك ٢٥٠٠٠ أسرة في ١٣ منطقة عام 2024.\n"
        );
        assert_eq!(report.count(ChangeKind::Digits), 5);
        // One malformed number is not enough to turn the others.
        let s = "المنشآت المسجلة إلى ٠٥٤٬٢١ منشأة بزيادة ٥٧٨ منشأة.\n";
        assert_eq!(fix(s), s);
        // Well-formed numbers keep their order.
        let s = "وشمل في ٢٠١٤/١١/٢٥ آنذاك ٢٥٠٠٠ أسرة و١٢٬٤٥٠ منشأة.\n";
        assert_eq!(fix(s), s);
    }

    #[test]
    fn words_cut_by_inserted_spaces_join_before_punctuation_too() {
        let damaged = "أعلن فريق دولي من علماء الفلك رصد كوكب صخري يدور حول نجم قزم أحمر على بعد نحو أربعين سنة ضوئية من الأرض.\n\
                       واعتم د الب احثون في دراس تهم على قياس ات دقيق ة للتغ يرات الطفيف ة في ض وء النجم.\n\
                       وقد تكون المياه في حالته ا الس ائلة.\n\
                       لكنه حذر من التس رع في اس تنتاج وج ود حي اة علي ه، مؤكدا أن الخط وة التالي ة تتمث ل في دراس ة غلاف ه الج وي.\n";
        let out = fix(damaged);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "وقد تكون المياه في حالتها السائلة.");
        assert_eq!(
            lines[3],
            "لكنه حذر من التسرع في استنتاج وجود حياة عليه، مؤكدا أن الخطوة التالية تتمثل في دراسة غلافه الجوي."
        );
    }

    #[test]
    fn marks_printed_before_their_letter_in_logical_text_go_after_it() {
        let damaged = "لكنه حّذر من التسرع، وقال إن الخطة ُتنشر قريبًا.\n\
                       وأكد أن الفريق يلعب في عّمان غدًا.\n";
        assert_eq!(
            fix(damaged),
            "لكنه حذّر من التسرع، وقال إن الخطة تُنشر قريباً.\n\
             وأكد أن الفريق يلعب في عمّان غداً.\n"
        );
        // Without a mark that cannot be right where it is, nothing moves
        // (`قريبًا` is one way of writing it).
        let s = "وقال إن الخطة تُنشر قريبًا، وأكد أن الفريق يلعب في عمّان غدًا.\n";
        assert_eq!(fix(s), s);
    }

    #[test]
    fn zwnj_printed_a_letter_late_moves_back_when_the_document_does_it() {
        let damaged = "کتابخانهه‌ای عمومی کشور فعال بودها‌ند و شدها‌ند.\n\
                       مردم میآ‌یند، گفتو‌گو میک‌نند و کتاب به خانه میب‌رند.\n";
        let (out, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            out,
            "کتابخانه‌های عمومی کشور فعال بوده‌اند و شده‌اند.\n\
             مردم می‌آیند، گفت‌وگو می‌کنند و کتاب به خانه می‌برند.\n"
        );
        assert_eq!(report.count(ChangeKind::Zwnj), 7);
        let clean = "کتابخانه‌های عمومی کشور فعال بوده‌اند و شده‌اند.\n";
        assert_eq!(fix(clean), clean);
    }

    #[test]
    fn punctuation_printed_first_goes_to_the_line_end() {
        let toks = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let mut t = toks(".»يرفع في المناسبات، بل عمل يومي طويل النفس");
        assert!(move_leading_punct(&mut t, true));
        assert_eq!(t.join(" "), "يرفع في المناسبات، بل عمل يومي طويل النفس».");
        let mut t = toks("»حوار: «لا إصلاح بلا تعليم");
        assert!(move_leading_punct(&mut t, true));
        assert_eq!(t.join(" "), "حوار: «لا إصلاح بلا تعليم»");
        // Closing marks only where asked (the profile's votes keep to
        // sentence punctuation); an opening quote is the line's own.
        let mut t = toks("»حوار: «لا إصلاح");
        assert!(!move_leading_punct(&mut t, false));
        let mut t = toks("«لا إصلاح بلا تعليم»");
        assert!(!move_leading_punct(&mut t, true));
        let mut t = toks(".وأكد البيان الختامي");
        assert!(move_leading_punct(&mut t, false));
        assert_eq!(t.join(" "), "وأكد البيان الختامي.");
    }

    #[test]
    fn number_signs_go_where_they_are_read() {
        assert_eq!(number_sign_sides("%2.7").as_deref(), Some("2.7%"));
        assert_eq!(number_sign_sides("(%8.6،").as_deref(), Some("(8.6%،"));
        assert_eq!(number_sign_sides("%1,200.").as_deref(), Some("1,200%."));
        assert_eq!(number_sign_sides("2.7%"), None);
        assert_eq!(number_sign_sides("%"), None);
        assert_eq!(number_sign_sides("%abc"), None);
        assert_eq!(number_sign_sides("%2.7x"), None);
        assert_eq!(number_sign_sides("0.3±").as_deref(), Some("±0.3"));
        assert_eq!(number_sign_sides("±0.3"), None);
        assert_eq!(number_sign_sides("5±0.3"), None);
    }

    #[test]
    fn numbers_written_in_order_keep_their_signs_when_the_words_turn() {
        // Word order reversed, letters and tokens as written: a token that
        // reads in order (`114].`, `1.`, `-5°`) is no layout to undo.
        let damaged = "114]. [طه: علما﴾ زدني رب ﴿وقل تعالى: قال\n\n\
                       1. الدرس في القواعد ثلاث المعلم وشرح\n\n\
                       الماضي. الأسبوع في %2.7 بنسبة الأسعار وارتفعت\n\n\
                       الشتاء. في -5° إلى الحرارة درجة وانخفضت\n";
        assert_eq!(
            fix(damaged),
            "قال تعالى: ﴿وقل رب زدني علما﴾ [طه: 114].\n\n\
             وشرح المعلم ثلاث القواعد في الدرس 1.\n\n\
             وارتفعت الأسعار بنسبة 2.7% في الأسبوع الماضي.\n\n\
             وانخفضت درجة الحرارة إلى -5° في الشتاء.\n"
        );
        assert!(segments::signs_laid_out(".2016"));
        assert!(segments::signs_laid_out("%2.7"));
        assert!(segments::signs_laid_out(".Android"));
        assert!(segments::signs_laid_out("0.8-"));
        assert!(segments::signs_laid_out("966+"));
        assert!(!segments::signs_laid_out("114]."));
        assert!(!segments::signs_laid_out("(٣):"));
        assert!(!segments::signs_laid_out("+966"));
        assert!(!segments::signs_laid_out("NLP،"));
        assert!(!segments::signs_laid_out("۝٢"));
    }

    #[test]
    fn quranic_verses_printed_in_reversed_word_order_turn_on_their_verse_ends() {
        // No period to vote but the last line's: the end-of-ayah signs do.
        let damaged = "۝١ ٱلرَّحِيمِ ٱلرَّحْمَٰنِ ٱللَّهِ بِسْمِ\n\
                       ۝٢ ٱلْعَٰلَمِينَ رَبِّ لِلَّهِ ٱلْحَمْدُ\n\
                       لِّلْمُتَّقِينَ هُدًى ۛ فِيهِ ۛ رَيْبَ لَا ٱلْكِتَٰبُ ذَٰلِكَ\n\
                       يُولَدْ. وَلَمْ يَلِدْ لَمْ الصَّمَدُ، اللَّهُ أَحَدٌ، اللَّهُ هُوَ قُلْ\n";
        assert_eq!(
            fix(damaged),
            "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝١\n\
             ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ ۝٢\n\
             ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ ۛ هُدًى لِّلْمُتَّقِينَ\n\
             قُلْ هُوَ اللَّهُ أَحَدٌ، اللَّهُ الصَّمَدُ، لَمْ يَلِدْ وَلَمْ يُولَدْ.\n"
        );
    }

    #[test]
    fn pairs_glued_where_reversed_lines_begin_stand_in_visual_word_order() {
        // Each line's first two words glued on its last printed token, the
        // second first (pypdf on typst's PDFs); no conjunction to tell.
        let damaged = "الدوري. اجتماعه في الفائدة أسعار تثبيت المركزي البنكقرر\n\n\
                       الماضي. الشهر خلال تراجع التضخم معدل أن البيانأكد\n\n\
                       والنمو. الأسعار بين التوازن تحقيق هو الأكبر التحدي أن الخبراءيرى\n\n\
                       احتياجاً. الأكثر للفئات المباشر النقدي الدعم برامج بتوسيع الحكومةتعهدت\n";
        assert_eq!(
            fix(damaged),
            "قرر البنك المركزي تثبيت أسعار الفائدة في اجتماعه الدوري.\n\n\
             أكد البيان أن معدل التضخم تراجع خلال الشهر الماضي.\n\n\
             يرى الخبراء أن التحدي الأكبر هو تحقيق التوازن بين الأسعار والنمو.\n\n\
             تعهدت الحكومة بتوسيع برامج الدعم النقدي المباشر للفئات الأكثر احتياجاً.\n"
        );
    }

    #[test]
    fn mirrored_brackets_at_word_edges_are_turned() {
        assert_eq!(fix_punct("أولوياته«.", None).as_deref(), Some("أولوياته»."));
        assert_eq!(fix_punct("المقبلة(،", None).as_deref(), Some("المقبلة)،"));
        assert_eq!(fix_punct("]انظر", None).as_deref(), Some("[انظر"));
        assert_eq!(fix_punct("الأول[", None).as_deref(), Some("الأول]"));
        assert_eq!(fix_punct("}العلم", None).as_deref(), Some("{العلم"));
        assert_eq!(fix_punct("٧<.", None).as_deref(), Some("٧>."));
        // Brackets where they belong, and Latin or ASCII digits, stay.
        assert_eq!(fix_punct("«لا", None), None);
        assert_eq!(fix_punct("تعليم».", None), None);
        assert_eq!(fix_punct("[انظر", None), None);
        assert_eq!(fix_punct("Artificial(", None), None);
        assert_eq!(fix_punct("7<", None), None);
    }

    #[test]
    fn marks_after_punctuation_go_back_onto_the_word() {
        assert_eq!(fix_punct("نهائيا.ً", None).as_deref(), Some("نهائياً."));
        assert_eq!(fix_punct("نهائياً.", None), None);
    }

    #[test]
    fn two_runs_swapped_and_glued_are_put_back_in_a_document() {
        let truth = "قال المتحدث باسم الوزارة إن الخطة تبدأ الشهر المقبل.\n\
                     أعلنت الوزارة أمس عن خطة جديدة لتطوير التعليم في المدارس\n\
                     ويشارك فيها عدد كبير من المعلمين والخبراء.\n";
        let damaged = truth.replace(
            "أعلنت الوزارة أمس عن خطة جديدة لتطوير التعليم في المدارس",
            "ليم في المدارسأعلنت الوزارة أمس عن خطة جديدة لتطوير التع",
        );
        let (out, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(out, truth);
        let runs: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::RunOrder)
            .collect();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].line, 2);
        assert_eq!(fix(truth), truth);
    }

    #[test]
    fn embeddings_around_logical_text_are_only_removed() {
        // Text in logical order whose Latin words and numbers a writer
        // wrapped in embeddings: brackets and punctuation already where
        // they belong, so the controls go and nothing moves.
        let text = emb(concat!(
            "[أعلنت منظمة الصحة العالمية <(WHO)] اليوم عن حملة جديدة]\n",
            "[المادة <(3):] يلتزم الطرفان بما يلي]\n",
            "[نشرت الدراسة بالإنجليزية <English,] والفارسية <(Persian).]]\n",
        ));
        let (out, report) = repair(&text, &RepairOptions::default());
        assert_eq!(
            out,
            concat!(
                "أعلنت منظمة الصحة العالمية (WHO) اليوم عن حملة جديدة\n",
                "المادة (3): يلتزم الطرفان بما يلي\n",
                "نشرت الدراسة بالإنجليزية English, والفارسية (Persian).\n",
            )
        );
        assert_eq!(report.count(ChangeKind::RunOrder), 0);
        assert_eq!(report.count(ChangeKind::BidiControl), 3);
    }

    #[test]
    fn poppler_embeddings_are_read_in_logical_order() {
        // pdftotext's bidi embeddings: `[` RLE, `<` LRE, `]` PDF. Numbers and
        // their punctuation as laid out; a row's pieces left to right.
        let text = emb(concat!(
            "[الإجمالي نما بنسبة < %2.7]على أساس سنوي< ،]مقابل < %1.9]في الربع المماثل]\n",
            "[ارتفع الطلب منذ عام < .2016]وتراوحت الأسعار بين < 0.3±]و<.%0.8-]]\n",
            "[سريعا] [أن الفريق سيستعيد جهوده]\n",
        ));
        let (out, report) = repair(&text, &RepairOptions::default());
        assert_eq!(
            out,
            concat!(
                "الإجمالي نما بنسبة 2.7% على أساس سنوي، مقابل 1.9% في الربع المماثل\n",
                "ارتفع الطلب منذ عام 2016. وتراوحت الأسعار بين ±0.3 و-0.8%.\n",
                "أن الفريق سيستعيد جهوده سريعا\n",
            )
        );
        assert_eq!(report.count(ChangeKind::RunOrder), 3);
        // A document that writes its numbers as in the source keeps them.
        let (out, _) = repair(
            &emb("[الإجمالي نما بنسبة < 2.7%]على أساس سنوي< ،]مقابل <±0.3]]\n"),
            &RepairOptions::default(),
        );
        assert_eq!(out, "الإجمالي نما بنسبة 2.7% على أساس سنوي، مقابل ±0.3\n");
    }

    #[test]
    fn layout_columns_are_read_one_after_the_other() {
        // `pdftotext -layout` style: two right-aligned columns per row, the
        // bidi embeddings it writes around each, a form feed between pages.
        let row =
            |l: &str, r: &str| format!("\u{202B}{l:>30}\u{202C}      \u{202B}{r:>30}\u{202C}\n");
        let mut page = String::new();
        let right = [
            "قرر البنك المركزي في اجتماعه",
            "الإبقاء على أسعار الفائدة",
            "دون تغيير في خطوة متوقعة",
            "وأوضح البنك في بيان رسمي",
            "أن القرار يعكس التحسن",
        ];
        let left = [
            "وفي سوق العمل أظهرت بيانات",
            "الهيئة انخفاض معدل البطالة",
            "بين الشباب للمرة الأولى",
            "منذ سنوات بفضل توسع قطاعات",
            "السياحة والخدمات.",
        ];
        for (l, r) in left.iter().zip(&right) {
            page.push_str(&row(l, r));
        }
        page.push_str(&row("", "التدريجي في مؤشرات الأسعار."));
        let (text, report) = repair(&page, &RepairOptions::default());
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut want: Vec<&str> = right.to_vec();
        want.push("التدريجي في مؤشرات الأسعار.");
        want.extend(left);
        assert_eq!(lines, want);
        assert_eq!(report.count(ChangeKind::Columns), 1);
        // Changes made later name the input line the text came from.
        let (_, report) = repair(&page.replace("قرر", "قــرر"), &RepairOptions::default());
        assert_eq!(
            report
                .changes
                .iter()
                .find(|c| c.kind == ChangeKind::Tatweel)
                .map(|c| c.line),
            Some(1)
        );
    }

    #[test]
    fn a_space_printed_before_a_words_last_mark_stays_a_space() {
        assert_eq!(
            fix("الْقِرَاءَة ُمِفْتَاح ُالْمَعْرِفَةِ، وَبَاب ُالْعَقْلِ\n"),
            "الْقِرَاءَةُ مِفْتَاحُ الْمَعْرِفَةِ، وَبَابُ الْعَقْلِ\n"
        );
        // Long pieces the lexicon does not list are words too.
        assert_eq!(fix("فَالْقَارِئ ُيَتَعَلَّم ُالصَّبْرَ\n"), "فَالْقَارِئُ يَتَعَلَّمُ الصَّبْرَ\n");
        // Pieces of one word are joined as before.
        assert_eq!(fix("عَاشَ ع ُم ُرًا\n"), "عَاشَ عُمُرًا\n");
    }

    #[test]
    fn a_mark_printed_a_line_late_goes_back() {
        assert_eq!(
            fix("وَمَنْ هَجَرَ الْكُتُب\nُضَاقَتْ عَلَيْهِ الدُّنْيَا\n"),
            "وَمَنْ هَجَرَ الْكُتُبُ\nضَاقَتْ عَلَيْهِ الدُّنْيَا\n"
        );
    }

    #[test]
    fn visual_lines_with_marks_printed_first_are_reversed_character_by_character() {
        // MuPDF and pdfminer.six print a vocalised visual line as the logical
        // line reversed character by character: each mark before its letter.
        let truth = "الْقِرَاءَةُ مِفْتَاحُ الْمَعْرِفَةِ، وَبَابُ الْعَقْلِ إِلَى عَوَالِمَ لَا يَبْلُغُهَا الْإِنْسَانُ بِقَدَمَيْهِ.\n\
                     فَمَنْ قَرَأَ كِتَابًا فَكَأَنَّمَا عَاشَ عُمُرًا آخَرَ، وَمَنْ هَجَرَ الْكُتُبَ ضَاقَتْ عَلَيْهِ الدُّنْيَا.\n\
                     وَقَدْ عَرَفَ الْعَرَبُ قِيمَةَ الْكِتَابِ مُنْذُ زَمَنٍ بَعِيدٍ، فَقَالَ الْمُتَنَبِّي كَلِمَتَهُ الْمَشْهُورَةَ.\n";
        let damaged = printed_visually(truth.lines());
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(text, truth);
        assert_eq!(report.count(ChangeKind::LetterOrder), 3);
    }

    #[test]
    fn words_reversed_alone_keep_their_punctuation_after_them() {
        // PDFium reverses the letters of some words in a logical line and
        // leaves their punctuation where it was.
        let damaged = "أكد البيان يماتخلا ضرورة العمل المشترك لحماية الممرات ةيرحبلا.\n\
                       وشارك في القمة قادة ووزراء ةيجراخ عشر لود، وسط إجراءات أمنية ةددشم.\n\
                       وقال الوزير إن المشاركين اتفقوا على ليكشت لجنة فنية ةمئاد.\n";
        assert_eq!(
            fix(damaged),
            "أكد البيان الختامي ضرورة العمل المشترك لحماية الممرات البحرية.\n\
             وشارك في القمة قادة ووزراء خارجية عشر دول، وسط إجراءات أمنية مشددة.\n\
             وقال الوزير إن المشاركين اتفقوا على تشكيل لجنة فنية دائمة.\n"
        );
    }

    #[test]
    fn wrapped_persian_lines_that_open_with_a_verb_keep_their_word_order() {
        // A sentence's last verb wraps to the next line's start by chance:
        // only a paragraph's last line says something by opening with it.
        let clean = "کتابخانه‌های عمومی در بسیاری از شهرهای ایران به مراکز فرهنگی\n\
                     می‌شوند. بسیاری از خانواده‌ها آخر هفته کودکان خود را به آنجا\n\
                     می‌برند. در سال گذشته بیش از سه هزار کتابخانه در کشور فعال\n\
                     بوده‌اند و شمار اعضای آن‌ها از دو میلیون نفر بیشتر شده است.\n";
        let (text, report) = repair(clean, &RepairOptions::default());
        assert!(!report.reversed_word_order);
        assert_eq!(text, clean);
    }

    #[test]
    fn a_paragraph_narrower_than_the_widest_does_not_vote_with_every_line() {
        // The second paragraph is narrower than the first: measured
        // against the first, each of its lines looks like a paragraph's
        // last, and two open with a sentence's last verb.
        let clean = "از سوی دیگر، گسترش فناوری‌های دیجیتال پرسش‌های تازه‌ای پیش روی\n\
                     کتابداران گذاشته است. امروزه بسیاری از جوانان ترجیح می‌دهند\n\
                     کتاب را روی گوشی همراه یا رایانه بخوانند.\n\
                     \n\
                     به گفتهٔ مسئولان نهاد کتابخانه‌های عمومی کشور، در\n\
                     سال گذشته بیش از سه هزار کتابخانه در کشور فعال\n\
                     بوده‌اند و شمار اعضای آن‌ها از دو میلیون نفر گذشته\n\
                     است. با این حال، پژوهشگران می‌گویند که سرانهٔ\n\
                     مطالعه هنوز پایین‌تر از میانگین جهانی است و\n\
                     معلمان این مناطق می‌گویند که شوق دانش‌آموزان\n\
                     می‌گذارند. معلمان این مناطق می‌گویند که شوق\n\
                     دانش‌آموزان به خواندن پس از آغاز این طرح به‌طور\n\
                     چشمگیری افزایش یافته است.\n";
        let (text, report) = repair(clean, &RepairOptions::default());
        assert!(!report.reversed_word_order);
        assert_eq!(text, clean);
    }

    #[test]
    fn marks_torn_off_after_their_letter_go_back_on_it() {
        // Four marks in five printed after a space: the torn tokens' leading
        // marks are the letter before's (a vowel on the alef after them
        // would break orthography), not printed ahead of their own letter.
        let damaged = "ذ َه َب َ الط َّال ِب ُ إ ِل َى ال ْم َد ْر َس َة ِ م ُب َكِّر ًا، و َق َر َأ َ ك ِت َاب ًا ج َدِيد ًا ع َن ْ ت َارِيخ ِ الْع ُل ُوم ِ ع ِنْد َ الْع َر َب ِ. و َق َال َ ال ْم ُع َل ِّم ُ إ ِن َّ ال ْقِر َاء َةَ ت َفْتَحُ ل ِلْإ ِنْس َان ِ أ َب ْو َاب َ ال ْم َع ْر ِف َة ِ.\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "ذَهَبَ الطَّالِبُ إِلَى الْمَدْرَسَةِ مُبَكِّرًا، وَقَرَأَ كِتَابًا جَدِيدًا عَنْ تَارِيخِ الْعُلُومِ عِنْدَ الْعَرَبِ. وَقَالَ الْمُعَلِّمُ إِنَّ الْقِرَاءَةَ تَفْتَحُ لِلْإِنْسَانِ أَبْوَابَ الْمَعْرِفَةِ.\n"
        );
        assert!(report.changes.iter().any(|c| c.kind == ChangeKind::Mark));
    }

    #[test]
    fn marks_torn_off_in_poetry_go_back_though_orthography_cannot_tell() {
        // Kasra and fatha fit either letter, so the side is told by the
        // pieces: marks alone after a letter, or after a lone letter. They
        // are not marks printed a letter early (`إنَِّ`, `قفِان`).
        let damaged = "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة يضم مئتي سرير.\n\
                       إ ِن َّ م َع َ الع ُس ْر ِ ي ُس ْر ًا\n\
                       ق ِفا ن َبك ِ م ِن ذِكرى ح َبيب ٍ و َمَنز ِل ِ\n\
                       وقال الوزير إن المستشفى سيخدم سكان المدينة والقرى المجاورة.\n";
        assert_eq!(
            fix(damaged),
            "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة يضم مئتي سرير.\n\
             إِنَّ مَعَ العُسْرِ يُسْرًا\n\
             قِفا نَبكِ مِن ذِكرى حَبيبٍ وَمَنزِلِ\n\
             وقال الوزير إن المستشفى سيخدم سكان المدينة والقرى المجاورة.\n"
        );
    }

    #[test]
    fn dropped_zwnj_is_put_back_in_persian_only_when_the_document_has_none() {
        let z = |s: &str| s.replace('|', "\u{200C}");
        let damaged = "کتابخانههای شهر هر روز میزبان کودکانی است که میآیند.\n\
                       آنان با هم گفتوگو میکنند و کتابها را میبرند.\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            z("کتابخانه|های شهر هر روز میزبان کودکانی است که می|آیند.\n\
               آنان با هم گفت|وگو می|کنند و کتاب|ها را می|برند.\n")
        );
        assert_eq!(report.count(ChangeKind::Zwnj), 6);
        // A document that writes ZWNJ somewhere chose where it goes.
        let typed = z("کتابخانه|های شهر میآیند و گفتوگو میکنند و کتابها را میبرند.\n");
        assert_eq!(fix(&typed), typed);
    }

    #[test]
    fn runs_turn_after_the_letters_where_words_stand_in_order() {
        // pypdf on pango's PDFs: each word's letters reversed, the words of
        // a run in order, the runs of a line with numbers in visual order.
        let opts = RepairOptions::default();
        let mut r = Repairer::new(&opts);
        let prof = Profile {
            visual_share: 0.99,
            periods_displaced: true,
            runs_after_letters: true,
            runs_in_place: false,
            ..Profile::default()
        };
        let mut line = |raw: &str, para_end: bool| {
            let p = r.prepare(1, raw, Some(false), true);
            r.line(1, p, &prof, para_end, false).tokens.join(" ")
        };
        assert_eq!(
            line(
                "5.3  يف ةئملا يف عبرلا ،لوألا ةنراقم ـب 4.1 راشأو ريرقتلا ىلإ نأ لدعم ومنلا غلب",
                false
            ),
            "وأشار التقرير إلى أن معدل النمو بلغ 4.1 في المئة في الربع الأول، مقارنة بـ 5.3"
        );
        // A paragraph's period printed apart at the start ends the line.
        assert_eq!(
            line(".  يف ةئملا لولحب ةياهن ماعلا  3  فدهتسملا غلابلا", false),
            "المستهدف البالغ 3 في المئة بحلول نهاية العام."
        );
        // Without the sign the runs stay as printed.
        let plain = Profile {
            runs_after_letters: false,
            runs_in_place: false,
            ..prof
        };
        let p = r.prepare(
            1,
            "5.3  يف ةئملا ةنراقم ـب 4.1 راشأو ريرقتلا",
            Some(false),
            true,
        );
        assert_eq!(
            r.line(1, p, &plain, false, false).tokens.join(" "),
            "5.3 في المئة مقارنة بـ 4.1 وأشار التقرير"
        );
    }

    #[test]
    fn a_line_of_words_glued_across_commas_turns_with_the_document() {
        // pdf.js on pango's PDFs: spaces lost, runs in visual word order.
        // Tokens glued across a comma have no word core, hence no letter
        // vote; two of them still make an Arabic line whose words turn.
        let opts = RepairOptions::default();
        let mut r = Repairer::new(&opts);
        let prof = Profile {
            reversed_words: true,
            ..Profile::default()
        };
        let raw =
            "الكلفةكبيرة،لكنفائدتهاللمدينةأكبر؛والافتتاح :« وسئلعنكلفةالمشروعوموعدافتتاحه،فأجاب";
        let p = r.prepare(1, raw, Some(false), true);
        assert_eq!(
            r.line(1, p, &prof, false, false).tokens.join(" "),
            "وسئلعنكلفةالمشروعوموعدافتتاحه،فأجاب :« الكلفةكبيرة،لكنفائدتهاللمدينةأكبر؛والافتتاح"
        );
    }

    #[test]
    fn clusters_printed_twice_are_printed_once() {
        // typst's text layer: a vocalised cluster's text once per glyph,
        // within a word and across a space.
        let damaged = "وَبَابُ الْعَقْلِ إِِإلَى عَوَالِمَ. فَمَنْ قَرَأَ كِتَابًا فَكَأَأَنَّمَا عَاشَ عُمُرًا آخَرَ\n\
                       وَمَنْ هَجَرَ الْكُتُبَ ضَاقَتْ عَلَيْهِ الدُّ دُّنْيَا فِِفي الزَّمَانِ\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "وَبَابُ الْعَقْلِ إِلَى عَوَالِمَ. فَمَنْ قَرَأَ كِتَابًا فَكَأَنَّمَا عَاشَ عُمُرًا آخَرَ\n\
             وَمَنْ هَجَرَ الْكُتُبَ ضَاقَتْ عَلَيْهِ الدُّنْيَا فِي الزَّمَانِ\n"
        );
        assert_eq!(report.count(ChangeKind::Doubled), 4);
        // Clean vocalised text with doubled letters of its own stays.
        let clean = "وَتَتَنَافَسُ الشَّاشَاتُ عَلَى عَدَدٍ مِنَ الْأَجْيَالِ\n";
        assert_eq!(fix(clean), clean);
        // The same in a document printed in visual order (MuPDF on typst):
        // the doubled words are counted as they read once turned.
        let logical = "قال المدير إن الشركة ستطلق منتجا جديدااً في الأسواق العربية\n\
                       وأضاف أن العمل كان كبيرااً لكنه كان مثيرااً ومهمااً للفريق أيضااً\n";
        let visual = printed_visually(logical.lines());
        let (text, report) = repair(&visual, &RepairOptions::default());
        assert_eq!(
            text,
            "قال المدير إن الشركة ستطلق منتجا جديداً في الأسواق العربية\n\
             وأضاف أن العمل كان كبيراً لكنه كان مثيراً ومهماً للفريق أيضاً\n"
        );
        assert_eq!(report.count(ChangeKind::Doubled), 5);
    }

    #[test]
    fn zwnj_printed_as_a_space_is_put_back() {
        let z = |s: &str| s.replace('|', "\u{200C}");
        let damaged = "کتابخانه های شهر هر روز میزبان کودکانی است که می آیند.\n\
                       آنان با هم گفت و گو می کنند و کتاب ها را می برند.\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            z("کتابخانه|های شهر هر روز میزبان کودکانی است که می|آیند.\n\
               آنان با هم گفت و گو می|کنند و کتاب|ها را می|برند.\n")
        );
        assert_eq!(report.count(ChangeKind::Zwnj), 5);
        // Persian known by its yeh and keheh alone (no پ چ ژ گ).
        let line = "کتابخانه های شهر هر روز میزبان کودکانی است که می آیند.\n";
        assert_eq!(
            fix(&line.repeat(3)),
            z("کتابخانه|های شهر هر روز میزبان کودکانی است که می|آیند.\n").repeat(3)
        );
        // With a ZWNJ anywhere, the spaces are the writer's.
        let typed = z("کتابخانه|های شهر که می آیند و می کنند و کتاب ها را می برند.\n");
        assert_eq!(fix(&typed), typed);
    }

    #[test]
    fn zwnj_spaces_are_put_back_in_reversed_words_and_once_glued_words_part() {
        let z = |s: &str| s.replace('|', "\u{200C}");
        // Each word printed reversed, the words in logical order (PDFium on
        // pango's PDFs): the ZWNJ's space is seen on the words turned.
        let damaged = "ناکدوک ،زورما هب هناخباتک یاه یرهش یم دنیآ و باتک یاه هزات ار یم دنناوخ .\n\
                       نانآ رد هناخباتک یاه یمومع اب مه انشآ یم دنوش و هب هناخ یم دنور .\n\
                       نیدلاو مه اب ناکدوک هب هناخباتک یاه گرزب رهش یم دنیآ .\n";
        assert_eq!(
            fix(damaged),
            z(
                "کودکان امروز، به کتابخانه|های شهری می|آیند و کتاب|های تازه را می|خوانند .\n\
               آنان در کتابخانه|های عمومی با هم آشنا می|شوند و به خانه می|روند .\n\
               والدین هم با کودکان به کتابخانه|های بزرگ شهر می|آیند .\n"
            )
        );
        // Spaces lost too (pypdf on XeLaTeX): the pair shows once parted.
        let damaged = "کتابخانه هایعمومیدرزندگیشهریتنهامکانیبرایامانتگرفتنکتابنیستند\n\
                       مردمبهکتابخانه هایتازهمی آیند\n";
        assert_eq!(
            fix(damaged),
            z(
                "کتابخانه|های عمومی در زندگی شهری تنها مکانی برای امانت گرفتن کتاب نیستند\n\
               مردم به کتابخانه|های تازه می|آیند\n"
            )
        );
        // Two common words stay two though `به‌این` is a spelling.
        let line = "کتابخانه های شهر که می آیند به این کتابخانه ها.\n";
        assert_eq!(
            fix(&line.repeat(2)),
            z("کتابخانه|های شهر که می|آیند به این کتابخانه|ها.\n").repeat(2)
        );
    }

    #[test]
    fn a_run_cut_once_with_nothing_to_place_the_cut_is_reported_not_guessed() {
        // Kashida-cut runs elsewhere make this a runs document; the last line
        // is cut once (الحرار|ة) and every cut position reads the same words.
        // A letter alone at its start may as well be printed apart: the cut
        // is not certain, so the line stays and its guess is reported.
        let runs = "ـــاضي ارتفاعاً ــجوي خلال الأسبوع المــ ـــرصد ال ــلت محطات الــ سجــ\n\
                    ـيئة المزارعين من ــذرت اله ــمناطق الداخلية. وحـ بعض ال\n";
        let damaged = format!("{runs}ة على المحاصيل الصيفية ودعتهم إلى زيادة تأثير الحرار\n");
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(
            text.lines().last(),
            Some("ة على المحاصيل الصيفية ودعتهم إلى زيادة تأثير الحرار")
        );
        let u: Vec<_> = report
            .unrecoverable
            .iter()
            .filter(|u| u.kind == ChangeKind::RunOrder)
            .collect();
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].line, 3);
        assert!(u[0].guess.as_deref().is_some_and(|g| g.contains("الحرارة")));
        assert_eq!(u[0].confidence, 0.5);
        // Ends that make a word only together (الحر|ارة, `ارة` no word) mark
        // the cut as a kashida would: the word is joined, at the line's
        // start, as nothing tells the rotation.
        let damaged = format!("{runs}ارة على المحاصيل الصيفية ودعتهم إلى زيادة تأثير الحر\n");
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(
            text.lines().last(),
            Some("الحرارة على المحاصيل الصيفية ودعتهم إلى زيادة تأثير")
        );
        assert!(report.unrecoverable.iter().all(|u| u.line != 3));
    }

    #[test]
    fn runs_printed_reversed_without_kashida_are_reordered_when_the_document_shows_it() {
        // An extractor that drops tatweel prints reversed runs as plain
        // pieces, spaced or tab-separated: lines whose pieces join far
        // apart, not next to each other, decide the document.
        let damaged = "م الخدمات دون تغيير قاء على رسو عه الأخير الإب دي في اجتما قرر المجلس البل\n\
                       صرم بفضل الضرائب دات خلال العام المن كس تحسن الإيرا س أن القرار يع وأوضح رئيس المجل\n\
                       ية والتمويل\t\tال الدراسات الفن\t\tبيع المقبل بعد اكتم\t\tع سيبدأ في الر\t\tوقال مسؤولون إن المشرو\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات دون تغيير\n\
             وأوضح رئيس المجلس أن القرار يعكس تحسن الإيرادات خلال العام المنصرم بفضل الضرائب\n\
             وقال مسؤولون إن المشروع سيبدأ في الربيع المقبل بعد اكتمال الدراسات الفنية والتمويل\n"
        );
        assert_eq!(report.count(ChangeKind::RunOrder), 3);
        // One such line is not enough: it stays as printed.
        let one = "م الخدمات دون تغيير قاء على رسو عه الأخير الإب دي في اجتما قرر المجلس البل\n\
                   وقال مسؤولون إن المشروع سيبدأ في الربيع المقبل\n";
        assert_eq!(repair(one, &RepairOptions::default()).0, one);
    }

    #[test]
    fn a_long_paragraph_of_cut_words_is_rejoined_in_one_pass() {
        // Each run of pieces ends at the first pair of well-known words; the
        // scan that finds it stops there (it once ran to the paragraph's end
        // for every run: quadratic on a hostile line).
        let pieces = "قرر المجلس البل دي في اجتما عه الأخير الإب قاء على رسو م الخدمات دون تغيير";
        let whole = "قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات دون تغيير";
        let n = 4000;
        let damaged = format!("{}\n", vec![pieces; n].join(" "));
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(text, format!("{}\n", vec![whole; n].join(" ")));
        assert_eq!(report.count(ChangeKind::Join), n);
    }

    #[test]
    fn words_printed_reversed_in_logical_order_keep_their_order_when_the_conjunction_says_so() {
        // Every word's letters reversed, the words in logical order: the
        // share of reversed words alone would turn the lines round; و after
        // each clause end says the order is logical.
        let damaged = "لاق ريدملا نإ لمعلا ،أدب فاضأو نأ قيرفلا ،زهاج دكأو نأ جئاتنلا ةديج\n\
                       راشأو ىلإ نأ ةطخلا ،ةحجان لاقو نإ دعوملا بيرق\n\
                       \n\
                       ركذو ريرقتلا نأ راعسألا ،تعفترا عقوتو نأ رمتست ةدايزلا\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "قال المدير إن العمل بدأ، وأضاف أن الفريق جاهز، وأكد أن النتائج جيدة\n\
             وأشار إلى أن الخطة ناجحة، وقال إن الموعد قريب\n\
             \n\
             وذكر التقرير أن الأسعار ارتفعت، وتوقع أن تستمر الزيادة\n"
        );
        assert!(!report.reversed_word_order);
        assert_eq!(report.count(ChangeKind::WordOrder), 0);
        // The same words with the lines turned round too: the conjunction
        // now says reversed, and the order is put back.
        let turned: String = damaged
            .lines()
            .map(|l| l.split(' ').rev().collect::<Vec<_>>().join(" ") + "\n")
            .collect();
        let (text, report) = repair(&turned, &RepairOptions::default());
        assert!(report.reversed_word_order);
        assert_eq!(
            text.lines().next(),
            Some("قال المدير إن العمل بدأ، وأضاف أن الفريق جاهز، وأكد أن النتائج جيدة")
        );
    }

    #[test]
    fn definite_adjectives_keep_logical_word_order_against_periods_up_front() {
        // Every word's letters reversed, the words in logical order, each
        // paragraph's period printed glued to its last line's first word
        // (pypdf on pango's PDFs): the periods alone say reversed order, the
        // adjectives after their nouns say logical, and they outweigh.
        let damaged = "تنلعأ ةئيهلا ةماعلا ءاصحإلل نأ تارداصلا ةيطفنلا تعفترا ةبسنب ةريبك لالخ عبرلا لوألا\n\
                       .نم ماعلا ببسب ةدايز بلطلا يف قاوسألا ةيويسآلا\n\
                       \n\
                       تدكأ ةرازولا نأ عيراشملا ةيموكحلا رفوتس فالآ فئاظولا بابشلل يف ندملا ةيلحاسلا\n\
                       .لالخ ماوعألا ةلبقملا\n\
                       \n\
                       .راشأ ريرقتلا ىلإ نأ تاكرشلا ةيلحملا يناعت نم عافترا فيلاكتلا ةيليغشتلا\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "أعلنت الهيئة العامة للإحصاء أن الصادرات النفطية ارتفعت بنسبة كبيرة خلال الربع الأول\n\
             من العام بسبب زيادة الطلب في الأسواق الآسيوية.\n\
             \n\
             أكدت الوزارة أن المشاريع الحكومية ستوفر آلاف الوظائف للشباب في المدن الساحلية\n\
             خلال الأعوام المقبلة.\n\
             \n\
             أشار التقرير إلى أن الشركات المحلية تعاني من ارتفاع التكاليف التشغيلية.\n"
        );
        assert!(!report.reversed_word_order);
    }

    /// A logical line as MuPDF prints typst's PDFs: the runs in logical
    /// order, each Arabic run (spaces and signs with it) reversed.
    fn runs_in_place(line: &str) -> String {
        runs_in_place_with(line, |r| r.chars().rev().collect())
    }

    /// The same with each Arabic run turned by `turn`.
    fn runs_in_place_with(line: &str, turn: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut rtl = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let ltr = |c: char| c.is_ascii_alphanumeric();
            if ltr(chars[i]) {
                out.push_str(&turn(&rtl));
                rtl.clear();
                while i < chars.len()
                    && (ltr(chars[i])
                        || (matches!(chars[i], '.' | ',' | '/' | ' ' | ':' | '@')
                            && chars.get(i + 1).is_some_and(|&n| ltr(n) || n == '/')))
                {
                    out.push(chars[i]);
                    i += 1;
                }
            } else {
                rtl.push(chars[i]);
                i += 1;
            }
        }
        out.push_str(&turn(&rtl));
        out
    }

    #[test]
    fn runs_in_logical_order_each_printed_visually_are_read_back() {
        let logical = "أعلنت الوزارة يوم 2024/03/15 أن عدد الزوار بلغ 1,250,000 زائر خلال العام\n\
                       وارتفعت الإيرادات بنسبة 12.5% مقارنة بعام 2023 في جميع المدن الساحلية\n\
                       وقال المدير إن شركة Google Cloud ستفتح مكتبا جديدا في المدينة قبل نهاية العام\n\
                       وتوقع التقرير أن يصل النمو إلى 4.2% في الربع الأول من عام 2025\n";
        let damaged: String = logical.lines().map(|l| runs_in_place(l) + "\n").collect();
        assert!(damaged.starts_with(" موي ةرازولا تنلعأ2024/03/15 غلب"));
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(text, logical);
        assert!(report.reversed_word_order);
        assert_eq!(report.count(ChangeKind::RunOrder), 4);
    }

    #[test]
    fn runs_in_logical_order_with_their_words_turned_are_read_back() {
        // pdf.js and pypdf on the same PDFs: letters in order, each Arabic
        // run's words turned, no space where runs meet; the percent sign
        // printed before its number.
        let logical = "أعلنت الوزارة يوم 2024/03/15 أن عدد الزوار بلغ 1,250,000 زائر خلال العام\n\
                       وارتفعت الإيرادات بنسبة 12.5% مقارنة بعام 2023 في جميع المدن الساحلية\n\
                       وقال المدير إن شركة Google Cloud ستفتح مكتبا جديدا في المدينة قبل نهاية العام\n\
                       وتوقع التقرير أن يصل النمو إلى 4.2% في الربع الأول من عام 2025\n\
                       وأوضح أن الموقع https://www.example.com/ar يعمل على الهواتف بنظام Android.\n\
                       وأكد المسؤولون أن المشاريع الجديدة ستوفر فرص العمل للشباب في المناطق الريفية.\n\
                       وأشار التقرير إلى أن الشركات المحلية تعاني من ارتفاع التكاليف التشغيلية.\n";
        let turn_words = |r: &str| {
            let words: Vec<&str> = r.split_whitespace().rev().collect();
            words.join(" ")
        };
        let damaged: String = logical
            .lines()
            .map(|l| runs_in_place_with(l, turn_words) + "\n")
            .collect();
        assert!(damaged.contains("بنسبة الإيرادات وارتفعت12.5بعام مقارنة %2023"));
        assert!(damaged.contains("الموقع أن وأوضحhttps://www.example.com/ar"));
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(text, logical);
        assert_eq!(report.count(ChangeKind::RunOrder), 5);
    }

    #[test]
    fn words_glued_across_commas_and_periods_are_parted() {
        // Every space lost (pypdf on XeLaTeX's PDFs): a comma or period
        // between two words had its space after it, and a run of words up
        // to a sentence end is re-segmented like any other. A word parted
        // from its neighbours has its swapped lam-alef put right too
        // (`إعالمي`, pdf.js on pango's PDFs).
        let damaged = "قمةإقليميةتبحثأمنالممراتالبحريةوتدعوإلىتعزيزالتعاونالاقتصادي\n\
                       اختتمتفيالعاصمةمساءأمسأعمالالقمةالتيشاركفيهاقادةووزراءخارجيةعشردول،وسط\n\
                       إجراءاتأمنيةمشددةواهتمامإعالميواسع.وأكدالبيانالختاميضرورةالعملالمشترك\n\
                       لحمايةالممراتالبحريةوضمانحريةالملاحة،بعدأشهرمنالتوترفيالمنطقة.\n\
                       وقالوزيرالخارجيةإنالمشاركيناتفقواعلىتشكيللجنةفنيةدائمةتجتمعكلثلاثةأشهر\n\
                       لمتابعةتنفيذالقراراتوأضافأنبلادهستستضيفالاجتماعالأولللجنةفيمطلعالربيعالمقبل\n";
        let (text, _) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "قمة إقليمية تبحث أمن الممرات البحرية وتدعو إلى تعزيز التعاون الاقتصادي\n\
             اختتمت في العاصمة مساء أمس أعمال القمة التي شارك فيها قادة ووزراء خارجية عشر دول، وسط\n\
             إجراءات أمنية مشددة واهتمام إعلامي واسع. وأكد البيان الختامي ضرورة العمل المشترك\n\
             لحماية الممرات البحرية وضمان حرية الملاحة، بعد أشهر من التوتر في المنطقة.\n\
             وقال وزير الخارجية إن المشاركين اتفقوا على تشكيل لجنة فنية دائمة تجتمع كل ثلاثة أشهر\n\
             لمتابعة تنفيذ القرارات وأضاف أن بلاده ستستضيف الاجتماع الأول للجنة في مطلع الربيع المقبل\n"
        );
    }

    #[test]
    fn two_tokens_too_long_for_a_word_part_a_short_document() {
        // A few lines lost their spaces in a short text (pdf_oxide on
        // Chromium's PDFs): few of its words, but no word is 20 letters
        // long.
        let damaged = "هطلت أمطار غزيرة على العاصمة صباح أمس وأدت إلى إغلاق عدد من الطرق الرئيسية\n\
                       وقررت السلطات تعليق الدراسة في المدارس الحكوميةوالخاصةليومواحدحفاظاعلىسلامة الطلاب\n\
                       وانتشرت فرق الدفاع المدني في الأحياء المنخفضة لسحب المياه المتجمعة\n\
                       وقال المتحدث باسم الدفاع المدني إن الفرق تعاملت مع عشرات البلاغات خلال الليل\n\
                       وتوقعتالأرصادالجويةاستمرارهطولالأمطار حتى نهاية الأسبوع مع انخفاض في درجات الحرارة\n";
        let (text, _) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "هطلت أمطار غزيرة على العاصمة صباح أمس وأدت إلى إغلاق عدد من الطرق الرئيسية\n\
             وقررت السلطات تعليق الدراسة في المدارس الحكومية والخاصة ليوم واحد حفاظا على سلامة الطلاب\n\
             وانتشرت فرق الدفاع المدني في الأحياء المنخفضة لسحب المياه المتجمعة\n\
             وقال المتحدث باسم الدفاع المدني إن الفرق تعاملت مع عشرات البلاغات خلال الليل\n\
             وتوقعت الأرصاد الجوية استمرار هطول الأمطار حتى نهاية الأسبوع مع انخفاض في درجات الحرارة\n"
        );
        // One such token is not enough.
        let one = damaged.replace(
            "وتوقعتالأرصادالجويةاستمرارهطولالأمطار",
            "وتوقعت الأرصاد الجوية استمرار هطول الأمطار",
        );
        assert_eq!(repair(&one, &RepairOptions::default()).0, one);
    }

    #[test]
    fn two_pairs_of_short_words_glued_part_a_short_document() {
        // No token is long, and two do not make a long unknown word a
        // share of a document: the lost spaces show in the pairs, each
        // two known words glued.
        let damaged = "قال وزير الخارجية فيبيان صدر أمس إن المحادثات ستستأنف الأسبوع المقبل.\n\
                       وأضاف أن الوفدين اتفقا علىجدول أعمال يشمل ملفات الأمن والتجارة.\n";
        assert_eq!(
            repair(damaged, &RepairOptions::default()).0,
            "قال وزير الخارجية في بيان صدر أمس إن المحادثات ستستأنف الأسبوع المقبل.\n\
             وأضاف أن الوفدين اتفقا على جدول أعمال يشمل ملفات الأمن والتجارة.\n"
        );
        // One pair is no sign: a word the lexicon lacks may read as two.
        let one = damaged.replace("علىجدول", "على جدول");
        assert_eq!(repair(&one, &RepairOptions::default()).0, one);
    }

    #[test]
    fn runs_glued_without_kashidas_are_turned_in_a_document_that_shows_them() {
        // Lines cut at kashida points, printed with the runs in reversed
        // order and glued where the dropped kashidas were (pdf_oxide on
        // LibreOffice's kashida-justified PDFs); the line between was not
        // stretched.
        let glued = |runs: &[&str]| runs.iter().rev().copied().collect::<String>();
        let damaged = format!(
            "{}\n{}\n{}\n",
            glued(&[
                "قرر المجلس البل",
                "دي في اجتم",
                "اعه الأخير الإب",
                "قاء على رسوم الخ",
                "دمات دون تغيير"
            ]),
            "وأوضح رئيس المجلس أن القرار يعكس تحسن الإيرادات خلال العام الماضي.",
            glued(&[
                "افتتحت البل",
                "دية صباح أمس مكت",
                "بة عامة جدي",
                "دة في وسط المدينة"
            ]),
        );
        let want = "قرر المجلس البلدي في اجتماعه الأخير الإبقاء على رسوم الخدمات دون تغيير\n\
                    وأوضح رئيس المجلس أن القرار يعكس تحسن الإيرادات خلال العام الماضي.\n\
                    افتتحت البلدية صباح أمس مكتبة عامة جديدة في وسط المدينة\n";
        let (text, report) = repair(&damaged, &RepairOptions::default());
        assert_eq!(text, want);
        let turned: Vec<usize> = report
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::RunOrder)
            .map(|c| c.line)
            .collect();
        assert_eq!(turned, [1, 3]);
        // The same lines in order pass through.
        assert_eq!(repair(want, &RepairOptions::default()).0, want);
    }

    #[test]
    fn glued_persian_words_get_their_zwnj_back_once_parted() {
        // Spaces and ZWNJs both lost (pdf.js on pango's PDFs): the words the
        // re-segmenter parts take their usual spelling's ZWNJ.
        let damaged = "کتابخانههایعمومیدرایرانتنهامکانیبرایامانتگرفتنکتابنیستند\n\
                       بلکهبهمراکزفرهنگیتبدیلشدهاندکهمردمدرآنجمعمیشوند\n\
                       بسیاریازخانوادههاکودکانرابهکتابخانههامیبرند\n\
                       پژوهشگرانمیگویندکهسرانهمطالعهدرکشورهنوزپایینتراز\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "کتابخانه\u{200C}های عمومی در ایران تنها مکانی برای امانت گرفتن کتاب نیستند\n\
             بلکه به مراکز فرهنگی تبدیل شده\u{200C}اند که مردم در آن جمع می\u{200C}شوند\n\
             بسیاری از خانواده\u{200C}ها کودکان را به کتابخانه\u{200C}ها می\u{200C}برند\n\
             پژوهشگران می\u{200C}گویند که سرانه مطالعه در کشور هنوز پایین\u{200C}تر از\n"
        );
        assert_eq!(report.count(ChangeKind::Zwnj), 8);
    }

    #[test]
    fn lines_in_mixed_word_order_are_turned_one_by_one() {
        // An extractor that prints some lines in visual word order and
        // others in logical order (pdf.js on typst's PDFs): each line's
        // adjectives, conjunctions and sentence end say which it is.
        let damaged = "كبيرة بنسبة ارتفعت النفطية الصادرات أن للإحصاء العامة الهيئة أعلنت\n\
                       خلال الربع الأول بسبب زيادة الطلب في الأسواق الآسيوية والأوروبية.\n\
                       وقال الوزير إن المشاريع الحكومية ستوفر آلاف الوظائف للشباب\n\
                       الصغيرة. الشركات تدعم الوطنية الخطة أن وأضاف الساحلية، المدن في\n\
                       التشغيلية التكاليف ارتفاع من تعاني المحلية الشركات أن إلى التقرير وأشار\n\
                       في القطاعات الصناعية والزراعية خلال الفترة الماضية.\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "أعلنت الهيئة العامة للإحصاء أن الصادرات النفطية ارتفعت بنسبة كبيرة\n\
             خلال الربع الأول بسبب زيادة الطلب في الأسواق الآسيوية والأوروبية.\n\
             وقال الوزير إن المشاريع الحكومية ستوفر آلاف الوظائف للشباب\n\
             في المدن الساحلية، وأضاف أن الخطة الوطنية تدعم الشركات الصغيرة.\n\
             وأشار التقرير إلى أن الشركات المحلية تعاني من ارتفاع التكاليف التشغيلية\n\
             في القطاعات الصناعية والزراعية خلال الفترة الماضية.\n"
        );
        assert_eq!(report.count(ChangeKind::WordOrder), 3);
    }

    #[test]
    fn two_glued_words_printed_reversed_keep_the_lines_word_order() {
        // Letters printed right to left, the words in logical order, the
        // line's first two words glued (pdf_oxide on typst's PDFs): turned
        // as one token they would read last first.
        let damaged = "راطمأةريزغ لطعت ةكرح ريسلا يف ددع نم ندملا ةيلحاسلا\n\
                       تببستراطمألا ةريزغلا يتلا تلطه ذنم تاعاس رجفلا ىلوألا يف لطعت ةكرح ريسلا ىلع ددع نم قرطلا ةيسيئرلا\n\
                       ترشتناوقرف عافدلا يندملا يف ءايحألا ةضفخنملا بحسل هايملا ةعمجتملا ةدعاسمو نيقئاسلا .نيقلاعلا\n";
        let want = "أمطار غزيرة تعطل حركة السير في عدد من المدن الساحلية\n\
                    تسببت الأمطار الغزيرة التي هطلت منذ ساعات الفجر الأولى في تعطل حركة السير على عدد من الطرق الرئيسية\n\
                    وانتشرت فرق الدفاع المدني في الأحياء المنخفضة لسحب المياه المتجمعة ومساعدة السائقين العالقين.\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(text, want);
        assert_eq!(report.count(ChangeKind::Split), 3);
        // Whole lines in visual order, the same two words glued: the word
        // order stage turns the pair with the rest of the line.
        let visual: String = want
            .lines()
            .map(|l| {
                let v: String = l.chars().rev().collect();
                let i = v.rfind(' ').unwrap_or(0);
                format!("{}{}\n", &v[..i], &v[i + 1..])
            })
            .collect();
        assert_eq!(repair(&visual, &RepairOptions::default()).0, want);
    }

    #[test]
    fn two_glued_words_in_visual_word_order_part_before_the_words_turn() {
        // Letters in logical order, words in visual order, each line's
        // first two words glued as printed (typst's PDFs through pypdf):
        // the و that opens the glued token's second word shows the pair is
        // in visual order too.
        let damaged = "لجنة. تشكيل على اتفقوا المشاركين إن الختامية الجلسة عقب صحفي مؤتمر في الخارجية وزيروقال\n\
                       \n\
                       البحرية. الممرات لحماية المشترك العمل ضرورة الختامي البيانوأكد\n\
                       \n\
                       التجارة. حركة على بظلاله ألقى الذي التوتر من أشهر بعد الملاحة حريةوضمان\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "وقال وزير الخارجية في مؤتمر صحفي عقب الجلسة الختامية إن المشاركين اتفقوا على تشكيل لجنة.\n\
             \n\
             وأكد البيان الختامي ضرورة العمل المشترك لحماية الممرات البحرية.\n\
             \n\
             وضمان حرية الملاحة بعد أشهر من التوتر الذي ألقى بظلاله على حركة التجارة.\n"
        );
        assert!(report.reversed_word_order);
        // Glued in logical order (the و opening the first word), each
        // pair turns as one token, in its order; three such pairs show
        // the document lost spaces, and they part as printed.
        let logical = damaged
            .replace("وزيروقال", "وقالوزير")
            .replace("البيانوأكد", "وأكدالبيان")
            .replace("حريةوضمان", "وضمانحرية");
        assert_eq!(repair(&logical, &RepairOptions::default()).0, text);
        // One pair alone is no sign of lost spaces: it stays glued, in
        // its order.
        let one = damaged
            .replace("وزيروقال", "وقالوزير")
            .replace("البيانوأكد", "البيان وأكد")
            .replace("حريةوضمان", "حرية وضمان");
        assert_eq!(
            repair(&one, &RepairOptions::default()).0,
            text.replace("وقال وزير", "وقالوزير")
        );
    }

    #[test]
    fn ligatures_swapped_inside_reversed_words_count_as_evidence() {
        // Glyphs printed right to left with each lam-alef ligature kept as
        // lam then alef: once a word is turned round, its lam-alef is
        // swapped (`اإلعالم`), even in words that are words either way
        // (`ثالثة`, `المالحة`). The swaps are counted on the turned words.
        let damaged = "مايأ ةثلاث ذنم جيلخلا يف ةحلاملا لمعت\n\
                       ةقطنملا يف ةحلاملا ةيرح معدت هدلاب نإ لوؤسملا لاقو\n\
                       .ىلولأا روصلا لقن يبنجلأا ملاعلإا نأ فاضأو\n";
        let (text, report) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "تعمل الملاحة في الخليج منذ ثلاثة أيام\n\
             وقال المسؤول إن بلاده تدعم حرية الملاحة في المنطقة\n\
             وأضاف أن الإعلام الأجنبي نقل الصور الأولى.\n"
        );
        assert_eq!(report.count(ChangeKind::LigatureOrder), 7);
    }

    #[test]
    fn periods_printed_where_the_layout_put_them_go_back_to_their_sentence() {
        // Words letter-reversed in logical order (the conjunction says so),
        // while every paragraph's period sits on its last line's first
        // word and a mid-line period on the later sentence, printed first.
        let damaged = "لاق ريدملا نإ لمعلا ،أدب فاضأو نأ قيرفلا ،زهاج دكأو نأ جئاتنلا ةديج\n\
                       .يف اذه ماعلا\n\
                       \n\
                       لاقو نإ دعوملا .بيرق راشأو ىلإ نأ ةطخلا ةحجان\n\
                       .نم عيمج فارطألا\n\
                       \n\
                       ركذو ريرقتلا نأ راعسألا ،تعفترا عقوتو نأ رمتست ةدايزلا\n\
                       .يف رهشلا لبقملا\n";
        let (text, _) = repair(damaged, &RepairOptions::default());
        assert_eq!(
            text,
            "قال المدير إن العمل بدأ، وأضاف أن الفريق جاهز، وأكد أن النتائج جيدة\n\
             في هذا العام.\n\
             \n\
             وأشار إلى أن الخطة ناجحة. وقال إن الموعد قريب\n\
             من جميع الأطراف.\n\
             \n\
             وذكر التقرير أن الأسعار ارتفعت، وتوقع أن تستمر الزيادة\n\
             في الشهر المقبل.\n"
        );
        // With one paragraph ending as written, the periods stay put.
        let written = damaged.replacen(".يف اذه ماعلا", "يف اذه .ماعلا", 1);
        let (text, _) = repair(&written, &RepairOptions::default());
        assert!(text.contains("وقال إن الموعد قريب. وأشار إلى أن الخطة ناجحة"));
    }

    #[test]
    fn a_sentence_end_on_the_first_word_does_not_keep_a_visual_line_unturned() {
        let truth = "قرر البنك المركزي في اجتماعه الدوري أمس الإبقاء على أسعار الفائدة\n\
                     دون تغيير في خطوة جاءت متوافقة مع توقعات معظم\n\
                     المحللين. وأوضح البنك في بيان رسمي أن القرار\n\
                     يعكس التحسن التدريجي في مؤشرات الأسعار.\n\
                     \n\
                     وأشار البيان إلى أن معدل التضخم السنوي تراجع إلى\n\
                     أدنى مستوى منذ عامين.\n";
        let visual = printed_visually(truth.lines());
        assert_eq!(fix(&visual), truth);
    }

    #[test]
    fn one_paragraph_end_more_does_not_keep_a_visual_document_in_reversed_word_order() {
        // Two paragraphs end on a line that opens with a sentence end, one on
        // a line that closes with one: a net vote of one for logical order.
        let truth = "قرر البنك في اجتماعه أمس الإبقاء على أسعار الفائدة دون أي تغيير\n\
                     الشهر. ثم أعلن البنك القرار في بيان رسمي\n\
                     \n\
                     أشار البيان إلى أن معدل التضخم تراجع إلى أدنى مستوى له منذ\n\
                     عامين. ثم توقع البنك أن يواصل التضخم تباطؤه\n\
                     \n\
                     في سوق العمل أظهرت بيانات هيئة الإحصاء انخفاض معدل البطالة بين\n\
                     الشباب للمرة الأولى منذ سنوات.\n";
        let visual = printed_visually(truth.lines());
        assert_eq!(fix(&visual), truth);
        // One paragraph end that none contradicts does keep logical word
        // order: words reversed letter by letter where they stand.
        let para = "قرر البنك في اجتماعه أمس الإبقاء على أسعار الفائدة دون أي تغيير\n\
                    بعد أن أعلن القرار في بيان رسمي نشره اليوم.\n";
        let turned: String = para
            .lines()
            .map(|l| {
                let words: Vec<String> = l.split(' ').map(|w| w.chars().rev().collect()).collect();
                words.join(" ") + "\n"
            })
            .collect();
        assert_eq!(fix(&turned), para);
    }

    #[test]
    fn strips_bidi_controls() {
        let (t, r) = repair("\u{202B}قمة إقليمية\u{202C}\n", &RepairOptions::default());
        assert_eq!(t, "قمة إقليمية\n");
        assert_eq!(r.count(ChangeKind::BidiControl), 1);
    }

    #[test]
    fn visual_lines_become_logical() {
        let s = "ﺔﻴﻠﺣﺎﺴﻟا نﺪﻤﻟا ﻦﻣ دﺪﻋ ﻲﻓ ﺮﻴﺴﻟا ﺔﻛﺮﺣ ﻞﻄﻌﺗ ةﺮﻳﺰﻏ رﺎﻄﻣأ\n";
        assert_eq!(
            fix(s),
            "أمطار غزيرة تعطل حركة السير في عدد من المدن الساحلية\n"
        );
    }

    #[test]
    fn visual_run_order_lines_are_reordered() {
        // Two paragraph ends with the period up front: the document keeps
        // visual run order, so its other mixed lines are turned round too.
        let s = "الجديدة لدعم المستشفياتVision 2030  أعلنت وزارة الصحة عن خطة\n\
                 .Linux  ونظام التشغيلFirefox ويشمل المتصفح\n\
                 \n\
                 . من الصادرات% 12.5 مليون طن، منها 3,400.2 بلغ الإنتاج\n";
        let (out, report) = repair(s, &RepairOptions::default());
        assert_eq!(
            out,
            "أعلنت وزارة الصحة عن خطة Vision 2030 الجديدة لدعم المستشفيات\n\
             ويشمل المتصفح Firefox ونظام التشغيل Linux.\n\
             \n\
             بلغ الإنتاج 3,400.2 مليون طن، منها 12.5% من الصادرات.\n"
        );
        assert_eq!(report.count(ChangeKind::RunOrder), 3);
        // Logical text with numbers and Latin words is left alone.
        let clean = "بلغ الإنتاج 3,400.2 مليون طن، منها 12.5% من الصادرات.\n\
                     ويشمل المتصفح Firefox ونظام التشغيل Linux.\n";
        assert_eq!(fix(clean), clean);
    }

    #[test]
    fn percent_sign_cuts_arabic_runs_where_the_document_shows_it() {
        // MuPDF kept the Arabic-Indic numbers inside their runs but cut the
        // runs at each percent sign, which it glued to a letter: the pieces
        // go back in logical order. (Whether the digits themselves read
        // backwards is a vote of its own: these numbers read the same both
        // ways.)
        let s = "الجديدة لدعم المستشفياتVision 2030  أعلنت وزارة الصحة عن خطة\n\
                 .Linux  ونظام التشغيلFirefox ويشمل المتصفح\n\
                 \n\
                 . وارتفع عدد المنشآت٪، في حين تراجع قطاع التعدين بنسبة ٥٫٥٪وسجل قطاع الصناعات نمواً قدره ٢٫٢\n\
                 المسجلة بنهاية الشهر\n";
        let (out, _) = repair(s, &RepairOptions::default());
        assert_eq!(
            out.lines().nth(3).unwrap(),
            "وسجل قطاع الصناعات نمواً قدره ٢٫٢٪، في حين تراجع قطاع التعدين بنسبة ٥٫٥٪. وارتفع عدد المنشآت"
        );
        // Where the signs follow their numbers the line is left alone.
        let kept = "وسجل قطاع الصناعات نمواً قدره ٢٫٢٪، في حين تراجع قطاع التعدين بنسبة ٥٫٥٪. وارتفع عدد المنشآت";
        let s2 = s.replace(s.lines().nth(3).unwrap(), kept);
        assert_eq!(
            repair(&s2, &RepairOptions::default())
                .0
                .lines()
                .nth(3)
                .unwrap(),
            kept
        );
    }

    #[test]
    fn torn_tanween_fath_goes_on_the_final_alef_of_unvocalised_words() {
        // Chromium's text layer tears each tanween fath off with its alef.
        let s = "وقال مشير ًا إلى الاتفاق إنه سيطبق تدريجي ًا\n\
                 ولن يكون نهائي ًا قبل موافقة البرلمان\n";
        assert_eq!(
            fix(s),
            "وقال مشيراً إلى الاتفاق إنه سيطبق تدريجياً\nولن يكون نهائياً قبل موافقة البرلمان\n"
        );
        // A vocalised word keeps the mark on the letter before the alef.
        let v = "قَرَأَ كِتَاب ًا جَدِيد ًا فِي يَوْم ٍ وَاحِد ٍ\n";
        assert_eq!(fix(v), "قَرَأَ كِتَابًا جَدِيدًا فِي يَوْمٍ وَاحِدٍ\n");
    }

    #[test]
    fn lines_pdfium_split_at_a_raised_tanween_are_joined_in_order() {
        // pypdfium2 on a Chromium PDF: some words printed reversed, and a
        // line cut after each word whose tanween sits above the line, its
        // pieces printed left to right with the mark torn off the alef.
        let s = "لاقو ريزو الخارجية يف رمتؤم يفحص بقع الجلسة ةيماتخلا إن نيكراشملا اوقفتا ىلع ليكشت ةنجل\n\
                 ىلإ أن ةلحرملا ةلبقملا بلطتت الاعفأً\n\
                 ةينف ةمئاد عمتجت لك ةثالث رهشأ ةعباتمل ذيفنت القرارات، اريشمً\n\
                 لا أقوالاً. فاضأو أن هدالب فيضتستس الاجتماع الأول ةنجلل يف علطم عيبرلا لبقملا.\n";
        assert_eq!(
            fix(s),
            "وقال وزير الخارجية في مؤتمر صحفي عقب الجلسة الختامية إن المشاركين اتفقوا على تشكيل لجنة\n\
             فنية دائمة تجتمع كل ثلاثة أشهر لمتابعة تنفيذ القرارات، مشيراً إلى أن المرحلة المقبلة تتطلب أفعالاً\n\
             لا أقوالاً. وأضاف أن بلاده ستستضيف الاجتماع الأول للجنة في مطلع الربيع المقبل.\n"
        );
    }

    #[test]
    fn a_word_that_reads_both_ways_stays_where_an_extractor_turned_some_words_only() {
        // PDFium turns some words of a line only. `قزم` (dwarf) reversed is
        // `مزق` (tore), also a word: in such a document it stays as printed,
        // while words that read one way only are turned.
        let s = "نلعأ قيرف يلود نم علماء كلفلا دصر بكوك صخري يدور حول مجن قزم أحمر\n\
                 سنة ضوئية من الأرض، مرجحين أن تسمح درجة حرارة سطحه بوجود مياه\n\
                 واعتمد الباحثون في دراستهم على قياسات ةقيقد للتغيرات الطفيفة\n";
        assert_eq!(
            fix(s),
            "أعلن فريق دولي من علماء الفلك رصد كوكب صخري يدور حول نجم قزم أحمر\n\
             سنة ضوئية من الأرض، مرجحين أن تسمح درجة حرارة سطحه بوجود مياه\n\
             واعتمد الباحثون في دراستهم على قياسات دقيقة للتغيرات الطفيفة\n"
        );
    }

    #[test]
    fn letters_printed_across_the_space_go_back_where_the_text_shows_it() {
        // Lines in visual order (pdf.js on Chromium), each with one letter
        // of a word printed across the space next to it.
        let logical = [
            "أمطار غزيرة تعطل الحركة في المدا نلساحلية منذ ساعاا تلفجر",
            "وأعلنت السلطات المحلية سحب المياا هلمتجمعة من الشوارع",
            "وانتشرت فرق الدفاع المدني في الطرا قلرئيسية للمدينة",
        ];
        let s = printed_visually(logical.iter().copied());
        let (out, report) = repair(&s, &RepairOptions::default());
        assert_eq!(
            out,
            "أمطار غزيرة تعطل الحركة في المدن الساحلية منذ ساعات الفجر\n\
             وأعلنت السلطات المحلية سحب المياه المتجمعة من الشوارع\n\
             وانتشرت فرق الدفاع المدني في الطرق الرئيسية للمدينة\n"
        );
        assert_eq!(report.count(ChangeKind::EdgeLetters), 3); // one per line
        // Logical text: not looked at.
        let one = format!("{}\n", logical[0]);
        assert_eq!(fix(&one), one);
    }

    #[test]
    fn letters_across_the_space_go_back_before_torn_words_are_joined() {
        // Visual lines with letters printed across spaces (a chain of three
        // words in the first) and words torn apart (`ب عد`): the torn words
        // make the re-segmenter run, which must find the crossed letters'
        // words already whole, or it glues their pieces.
        let logical = [
            "وقرر البنك المركزي تثبيت أسعاا رلفائدا ةلرئيسية في اجتماعه ب عد الظهر",
            "وأعلنت السلطات المحلية سحب المياا هلمتجمعة من الشوارع ب عد الأمطار",
            "وانتشرت فرق الدفاع المدني في الطرا قلرئيسية للمدينة م نذ الصباح",
            "أمطار غزيرة تعطل الحركة في المدا نلساحلية منذ ساعات ا لفجر",
        ];
        let s = printed_visually(logical.iter().copied());
        assert_eq!(
            fix(&s),
            "وقرر البنك المركزي تثبيت أسعار الفائدة الرئيسية في اجتماعه بعد الظهر\n\
             وأعلنت السلطات المحلية سحب المياه المتجمعة من الشوارع بعد الأمطار\n\
             وانتشرت فرق الدفاع المدني في الطرق الرئيسية للمدينة منذ الصباح\n\
             أمطار غزيرة تعطل الحركة في المدن الساحلية منذ ساعات الفجر\n"
        );
    }

    #[test]
    fn torn_words_join_while_glued_words_and_torn_marks_still_part() {
        // Spaces inserted (no spaces lost): the re-segmenter ends words
        // inside a token only after its leading marks or inside a long
        // unknown token; a mark-led piece after a fragment gives its mark
        // back and stays a word of its own.
        let damaged = "وقال المدرب إن الفر يق سيستعيد جهوده سر يعا ًاستعدادا ً للمباراة النهائية.\n\
                       وقال الوزير إن المحاصيل الزراعيةوفي مقدمتها القمح تضررت من ا لجفاف.\n\
                       وأضاف أن ال لاعبين يتدربون كل يوم في الملعب ا لرئيسي للمدينة.\n\
                       وأكد أن الج مهور سيحضر بأعداد كبيرة لدعم ا لفريق.\n";
        assert_eq!(
            fix(damaged),
            "وقال المدرب إن الفريق سيستعيد جهوده سريعاً استعداداً للمباراة النهائية.\n\
             وقال الوزير إن المحاصيل الزراعية وفي مقدمتها القمح تضررت من الجفاف.\n\
             وأضاف أن اللاعبين يتدربون كل يوم في الملعب الرئيسي للمدينة.\n\
             وأكد أن الجمهور سيحضر بأعداد كبيرة لدعم الفريق.\n"
        );
    }

    #[test]
    fn unknown_word_with_swapped_ligature_is_repaired_without_document_evidence() {
        // One damaged word in otherwise clean Urdu text.
        assert_eq!(
            fix("بچوں کے لیے نئی الئبریری کھولی گئی\n"),
            "بچوں کے لیے نئی لائبریری کھولی گئی\n"
        );
    }

    #[test]
    fn the_article_alone_joins_its_word_or_reads_as_a_swapped_la_only_where_clear() {
        let (text, report) = repair(
            "عقد مجلس ال وزراء جلسته أمس في العاصمة.\n\
             وقال إن الطفل الذي ال يجد من يقرأ له يتأخر.\n\
             وأكد أن الأجهزة وحدها ال بديل عن المعلم.\n",
            &RepairOptions::default(),
        );
        // `الوزراء` is a hundred times likelier than `لا وزراء`; no article
        // word `اليجد` but a verb `لا` negates; `البديل` and `لا بديل` are
        // near even, so that one stays as printed.
        assert_eq!(
            text,
            "عقد مجلس الوزراء جلسته أمس في العاصمة.\n\
             وقال إن الطفل الذي لا يجد من يقرأ له يتأخر.\n\
             وأكد أن الأجهزة وحدها ال بديل عن المعلم.\n"
        );
        assert_eq!(report.count(ChangeKind::Join), 1);
        assert_eq!(report.count(ChangeKind::LigatureOrder), 1);
        // An article word the lexicon lacks before a nisba adjective is no
        // verb: left alone, with the others mended.
        let (text, _) = repair(
            "عقد مجلس ال وزراء جلسته أمس.\nوتحدث عن الذكاء الاصطناعي ال توليدي.\n\
             وقال إن الطفل الذي ال يجد من يقرأ له يتأخر.\n",
            &RepairOptions::default(),
        );
        assert_eq!(
            text,
            "عقد مجلس الوزراء جلسته أمس.\nوتحدث عن الذكاء الاصطناعي ال توليدي.\n\
             وقال إن الطفل الذي لا يجد من يقرأ له يتأخر.\n"
        );
        // Clean text that names the article once or twice is no damage.
        let s = "تدخل ال على الأسماء فتعرّفها، ولا تدخل ال على الأفعال.\n";
        assert_eq!(fix(s), s);
    }

    #[test]
    fn the_article_closed_by_a_tatweel_is_no_swapped_ligature() {
        // Swapped ligatures all through, and the article written with a
        // tatweel before digits and Latin letters, which stays.
        let (text, _) = repair(
            "وصل الوفد إىل العاصمة خالل األسبوع األول من الشهر.\n\
             وبدأت شبكات الـ5G عملها في المدن عىل الساحل.\n\
             وقال إن واجهة الـ\"API\" جاهزة لالستخدام.\n",
            &RepairOptions::default(),
        );
        assert_eq!(
            text,
            "وصل الوفد إلى العاصمة خلال الأسبوع الأول من الشهر.\n\
             وبدأت شبكات الـ5G عملها في المدن على الساحل.\n\
             وقال إن واجهة الـ\"API\" جاهزة للاستخدام.\n"
        );
    }

    #[test]
    fn marks_printed_before_their_letter_in_a_visual_document_with_few_marks() {
        // Reversed character by character (the mark before its letter in
        // the printed word): two words with a mark are enough to tell.
        let s = "ةيميلقإلا ةمقلا لامعأ سمأ ءاسم ناّمع ةيندرألا ةمصاعلا يف تمتتخا\n\
                 .ًالاوقأ ال ًالاعفأ بلطتت ةلبقملا ةلحرملا نأ ىلإ ًاريشم\n\
                 ةيضاملا ةليللا يف ةيوجلا داصرألا ةئيه تّبثي امك ةعبوز نم سانلا رّذح\n";
        assert_eq!(
            fix(s),
            "اختتمت في العاصمة الأردنية عمّان مساء أمس أعمال القمة الإقليمية\n\
             مشيراً إلى أن المرحلة المقبلة تتطلب أفعالاً لا أقوالاً.\n\
             حذّر الناس من زوبعة كما يثبّت هيئة الأرصاد الجوية في الليلة الماضية\n"
        );
    }

    #[test]
    fn marks_printed_before_their_letter_go_after_it() {
        // Each mark printed before its letter, a space before each: the
        // marks move after their letter and the words are joined again.
        let s = "ا ْل ُك ُت ُب َت ْف َت ُح ا ْل ُع ُق و َل\n\
                 َو ا ْل ِع ْل ُم ُن و ٌر ِل ْل ُق ُل و ِب\n\
                 ِفي ا ْل َم ْد َر َس ِة ا ْل َج ِدي َد ِة\n";
        assert_eq!(
            fix(s),
            "الْكُتُبُ تَفْتَحُ الْعُقُولَ\nوَالْعِلْمُ نُورٌ لِلْقُلُوبِ\nفِي الْمَدْرَسَةِ الْجَدِيدَةِ\n"
        );
    }
}
