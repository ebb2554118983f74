//! Glyphs → clusters: marks attached to their base by geometry, duplicates
//! (fake bold, fill-then-stroke) dropped, ligatures kept atomic.

use crate::glyph::{Glyph, UnicodeSource};
use crate::script::{self, Form};

/// What to print for a glyph that has no Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnmappedPolicy {
    /// Print nothing (its position still separates or joins words).
    #[default]
    Skip,
    /// Print U+FFFD.
    Replace,
    /// Print a private-use code (the producer's, or U+F0000 + glyph id), for
    /// tools that decode them later (`naskh repair`).
    Pua,
}

/// An atomic unit of layout: a base glyph with its marks, a ligature, an
/// `/ActualText` span, or a space.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Logical text (base then marks).
    pub text: String,
    /// Left edge.
    pub left: f64,
    /// Right edge.
    pub right: f64,
    /// Baseline y (y grows downwards).
    pub y: f64,
    /// Font size.
    pub size: f64,
    /// Font index of the base glyph.
    pub font: u32,
    /// Stream position of the base glyph.
    pub seq: u32,
    /// Shaping form of the drawn base glyph, when known.
    pub form: Option<Form>,
    /// An explicit space glyph.
    pub is_space: bool,
    /// Text taken from `/ActualText` (already logical: never mirrored).
    pub actual_text: bool,
    /// The glyph had no Unicode; it takes room but prints per policy.
    pub unmapped: bool,
}

impl Cluster {
    /// Horizontal centre.
    pub fn center(&self) -> f64 {
        (self.left + self.right) / 2.0
    }

    /// Does this cluster connect to the logically following letter?
    /// (Initial/medial glyph forms, a tatweel, or an unmapped glyph that
    /// could be a kashida.)
    pub fn joins_next(&self) -> bool {
        if let Some(f) = self.form {
            return f.joins_next();
        }
        self.text.ends_with(script::TATWEEL)
    }

    /// Is this a kashida (tatweel) filler?
    pub fn is_tatweel(&self) -> bool {
        !self.text.is_empty() && self.text.chars().all(|c| c == script::TATWEEL)
    }
}

fn is_mark_text(s: &str) -> bool {
    !s.is_empty() && s.chars().all(script::is_mark)
}

/// Text that carries nothing printable (control characters from a broken
/// ToUnicode, e.g. a kashida glyph mapped to U+0003).
fn is_garbage(s: &str) -> bool {
    s.chars().all(|c| c.is_control() && c != '\t' && c != '\n')
        || s.chars().all(|c| c == '\u{FFFD}' || c == '\0')
}

/// In which order a producer stored Arabic glyphs in the content stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredOrder {
    /// Left to right as drawn (HarfBuzz/Skia, LibreOffice, reshaper output).
    Visual,
    /// Reading order, the pen moving right to left (pango, OCR layers).
    Logical,
    /// Both.
    Mixed,
    /// No Arabic glyphs to tell.
    None,
}

impl StoredOrder {
    /// Name used in JSON diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            StoredOrder::Visual => "visual",
            StoredOrder::Logical => "logical",
            StoredOrder::Mixed => "mixed",
            StoredOrder::None => "none",
        }
    }
}

/// A vote over consecutive Arabic glyphs on one baseline. Layout never relies
/// on it for order (positions decide); it says on which side of a mark its
/// base is drawn in the stream, and is reported in diagnostics.
pub fn stored_order(glyphs: &[Glyph]) -> StoredOrder {
    let (mut visual, mut logical) = (0usize, 0usize);
    let arabic = |t: &str| t.chars().next().is_some_and(script::is_arabic_letter);
    for w in glyphs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.zero_advance
            || b.zero_advance
            || !(arabic(&a.text) && arabic(&b.text))
            || (a.y - b.y).abs() > 0.2 * a.size
        {
            continue;
        }
        if b.x > a.x + 0.01 {
            visual += 1;
        } else if b.x < a.x - 0.01 {
            logical += 1;
        }
    }
    match (visual, logical) {
        (0, 0) => StoredOrder::None,
        (v, l) if v >= 9 * l => StoredOrder::Visual,
        (v, l) if l >= 9 * v => StoredOrder::Logical,
        _ => StoredOrder::Mixed,
    }
}

/// Build clusters from a page's glyphs (content-stream order).
pub fn build(glyphs: &[Glyph], policy: UnmappedPolicy) -> Vec<Cluster> {
    build_in_order(glyphs, policy, stored_order(glyphs))
}

/// [`build`] with the page's [`stored_order`] already taken (extraction
/// reports it too: the vote is taken once per page).
pub(crate) fn build_in_order(
    glyphs: &[Glyph],
    policy: UnmappedPolicy,
    order: StoredOrder,
) -> Vec<Cluster> {
    // A mark's base follows it in a visually stored stream, precedes it in a
    // logically stored one.
    let base_follows = order != StoredOrder::Logical;
    let mut bases: Vec<Cluster> = Vec::with_capacity(glyphs.len());
    let mut marks: Vec<&Glyph> = Vec::new();
    for g in glyphs {
        let unmapped = g.source == UnicodeSource::Unmapped || is_garbage(&g.text);
        // Nothing to print and no room taken: not even a place holder.
        if unmapped && g.zero_advance {
            continue;
        }
        // A zero-advance glyph cannot stand for a letter of its own: it is a
        // mark, or a piece whose text repeats its base's (typst maps a mark
        // glyph to its whole cluster, recovered hamza pieces name their letter).
        if !unmapped
            && (is_mark_text(&g.text)
                || (g.zero_advance && g.text.chars().any(script::is_alphabetic)))
        {
            marks.push(g);
            continue;
        }
        let text: String = if unmapped {
            match policy {
                UnmappedPolicy::Skip => String::new(),
                UnmappedPolicy::Replace => "\u{FFFD}".into(),
                UnmappedPolicy::Pua => g.pua.map(String::from).unwrap_or_default(),
            }
        } else if g.text.chars().any(script::is_bidi_control) {
            g.text
                .chars()
                .filter(|c| !script::is_bidi_control(*c))
                .collect()
        } else {
            g.text.clone()
        };
        let is_space = !unmapped && !text.is_empty() && text.chars().all(char::is_whitespace);
        let c = Cluster {
            text,
            left: g.left(),
            right: g.right(),
            y: g.y,
            size: g.size,
            font: g.font,
            seq: g.seq,
            form: g.form,
            is_space,
            actual_text: g.source == UnicodeSource::ActualText,
            unmapped,
        };
        if is_duplicate(&bases, &c) {
            continue;
        }
        bases.push(c);
    }
    for m in marks {
        attach_mark(&mut bases, m, base_follows);
    }
    bases
}

/// Same text drawn again at (almost) the same place: fake bold or a second
/// rendering pass. Only recent glyphs are compared (duplicates are adjacent).
fn is_duplicate(bases: &[Cluster], c: &Cluster) -> bool {
    let tol = 0.1 * c.size.max(1.0);
    // Positions first: comparing them is cheaper than comparing texts.
    !c.text.is_empty()
        && bases.iter().rev().take(8).any(|b| {
            (b.left - c.left).abs() < tol
                && (b.y - c.y).abs() < tol
                && (b.size - c.size).abs() < tol
                && b.text == c.text
        })
}

/// Add a mark glyph's text to its base: its marks, and letters only when the
/// base does not already spell them.
fn merge_mark(base: &mut String, add: &str, slot: f64) {
    if base.ends_with(add) {
        return;
    }
    // A presentation-form ligature (ﻻ) takes marks on its components: spell
    // it out first.
    let mut non_marks = base.chars().filter(|&c| !script::is_mark(c));
    if let (Some(c), None) = (non_marks.next(), non_marks.next())
        && script::is_foldable_pf(c)
    {
        let mut folded = String::new();
        script::push_folded(&mut folded, c);
        if folded.chars().count() >= 2 {
            *base = base.replacen(c, &folded, 1);
        }
    }
    for c in add.chars() {
        if base.contains(c) {
            continue;
        }
        // Letter offsets move with every insertion: recompute them.
        let letters: Vec<(usize, char)> = base
            .char_indices()
            .filter(|&(_, c)| !script::is_mark(c))
            .collect();
        let ligature =
            letters.len() >= 2 && letters.iter().all(|&(_, c)| script::is_arabic_letter(c));
        let at = if ligature {
            // Before the next letter, after this letter's marks so far.
            letters
                .get(component_of_mark(&letters, c, slot) + 1)
                .map_or(base.len(), |&(next, _)| next)
        } else {
            base.len()
        };
        base.insert(at, c);
    }
}

/// Which component of a ligature (index into `letters`, logical order) a mark
/// belongs to. The lam-alef ligature is decided by orthography, not by
/// geometry, because fonts cross its strokes differently: a bare alef or
/// madda carries no vowel (all marks are the lam's); on a hamza-alef the
/// vowel is the hamza's while sukun and shadda stay on the lam. Other
/// ligatures (لى, لم…) run right to left across the glyph: `slot` (0 at the
/// right edge, 1 at the left) picks the component under the mark.
fn component_of_mark(letters: &[(usize, char)], mark: char, slot: f64) -> usize {
    let lam_alef = letters.len() == 2
        && letters.first().is_some_and(|l| l.1 == '\u{0644}')
        && letters
            .get(1)
            .is_some_and(|l| matches!(l.1, '\u{0627}' | '\u{0622}' | '\u{0623}' | '\u{0625}'));
    if lam_alef {
        let hamza = letters
            .get(1)
            .is_some_and(|l| matches!(l.1, '\u{0623}' | '\u{0625}'));
        let vowel = matches!(mark, '\u{064B}'..='\u{0650}');
        return if hamza && vowel { 1 } else { 0 };
    }
    ((slot.clamp(0.0, 0.999)) * letters.len() as f64) as usize
}

/// Attach a mark to the base whose extent contains the mark's centre, on the
/// same line; otherwise to the nearest base; stream order breaks ties.
fn attach_mark(bases: &mut Vec<Cluster>, m: &Glyph, base_follows: bool) {
    let center = m.center();
    let size = m.size.max(1.0);
    // Bases are in stream order; look near the mark's stream position first.
    let pos = bases.partition_point(|b| b.seq < m.seq);
    let lo = pos.saturating_sub(64);
    let hi = (pos + 64).min(bases.len());
    let mut best: Option<(usize, f64)> = None;
    for (i, b) in bases.iter().enumerate().take(hi).skip(lo) {
        if b.is_space || (b.y - m.y).abs() > 1.2 * size.max(b.size) {
            continue;
        }
        // Distance from the mark centre to the base extent (0 inside), then
        // stream distance as a small tie-breaker.
        let outside = if center < b.left {
            b.left - center
        } else if center > b.right {
            center - b.right
        } else {
            0.0
        };
        // Producers keep a mark next to its base in the stream (before it in
        // visual order, after it in logical order); prefer those neighbours
        // when the ink is ambiguous between two narrow letters.
        // Adjacent: no other base between them in the stream (stacked marks
        // such as shadda + fatha follow each other).
        let expected = if base_follows { i == pos } else { i + 1 == pos };
        let adjacent = i + 1 == pos || i == pos;
        let stream = if expected {
            0.0
        } else if adjacent {
            0.08 * size
        } else {
            0.25 * size
        };
        let inner = (center - b.center()).abs() * 1e-3;
        let score = outside + inner + stream;
        if outside < 0.6 * size && best.is_none_or(|(_, s)| score < s) {
            best = Some((i, score));
        }
    }
    match best.and_then(|(i, _)| bases.get_mut(i)) {
        Some(b) => {
            let width = (b.right - b.left).max(1e-6);
            merge_mark(&mut b.text, &m.text, (b.right - center) / width);
        }
        None => bases.insert(
            pos,
            Cluster {
                text: m.text.clone(),
                left: m.left(),
                right: m.right(),
                y: m.y,
                size: m.size,
                font: m.font,
                seq: m.seq,
                form: None,
                is_space: false,
                actual_text: m.source == UnicodeSource::ActualText,
                unmapped: false,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, advance: f64, seq: u32) -> Glyph {
        Glyph {
            text: text.into(),
            source: UnicodeSource::ToUnicode,
            font: 0,
            code: 0,
            gid: 0,
            x,
            y: 100.0,
            advance,
            size: 10.0,
            upright: true,
            invisible: false,
            reversed_chars: false,
            zero_advance: advance == 0.0
                || !script::is_arabic_letter(text.chars().next().unwrap_or(' ')) && advance < 1.0,
            form: None,
            pua: None,
            seq,
        }
    }

    #[test]
    fn mark_drawn_before_its_base_attaches_by_geometry() {
        // Visual order: fatha (ink over ب) drawn first, then ب, then ا to its left.
        let glyphs = vec![
            glyph("\u{064E}", 11.0, 3.0, 0),
            glyph("ب", 10.0, 5.0, 1),
            glyph("ا", 5.0, 5.0, 2),
        ];
        let c = build(&glyphs, UnmappedPolicy::Skip);
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["ب\u{064E}", "ا"]);
    }

    #[test]
    fn marks_on_a_lam_alef_ligature_go_to_their_letters() {
        // ﻷ with sukun (the lam's) and fatha (the hamza's): الْأَ
        let mut s = "\u{FEF7}".to_string();
        merge_mark(&mut s, "\u{0652}", 0.2);
        merge_mark(&mut s, "\u{064E}", 0.8);
        assert_eq!(s, "\u{0644}\u{0652}\u{0623}\u{064E}");
        // A bare alef carries no vowel: لَا
        let mut s = "\u{0644}\u{0627}".to_string();
        merge_mark(&mut s, "\u{064E}", 0.9);
        assert_eq!(s, "\u{0644}\u{064E}\u{0627}");
        // Another ligature by position: the right half is the first letter.
        let mut s = "\u{0644}\u{0649}".to_string();
        merge_mark(&mut s, "\u{064E}", 0.3);
        assert_eq!(s, "\u{0644}\u{064E}\u{0649}");
    }

    #[test]
    fn fake_bold_duplicates_are_dropped() {
        let glyphs = vec![glyph("ب", 10.0, 5.0, 0), glyph("ب", 10.3, 5.0, 1)];
        assert_eq!(build(&glyphs, UnmappedPolicy::Skip).len(), 1);
    }

    #[test]
    fn zero_advance_piece_repeating_its_base_adds_only_marks() {
        // typst maps a mark glyph to its whole cluster ("ءَ") as well.
        let mut piece = glyph("ء\u{064E}", 10.5, 0.0, 0);
        piece.zero_advance = true;
        let glyphs = vec![piece, glyph("ء\u{064E}", 10.0, 5.0, 1)];
        let c = build(&glyphs, UnmappedPolicy::Skip);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, "ء\u{064E}");
    }

    #[test]
    fn unmapped_glyph_keeps_its_place_and_prints_per_policy() {
        let mut g = glyph("", 10.0, 5.0, 0);
        g.source = UnicodeSource::Unmapped;
        assert_eq!(
            build(std::slice::from_ref(&g), UnmappedPolicy::Skip)[0].text,
            ""
        );
        assert_eq!(
            build(std::slice::from_ref(&g), UnmappedPolicy::Replace)[0].text,
            "\u{FFFD}"
        );
        g.pua = Some('\u{E012}');
        assert_eq!(build(&[g], UnmappedPolicy::Pua)[0].text, "\u{E012}");
    }
}
