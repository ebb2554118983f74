//! Spaces that the shaping proves are inside a word. Text printed in
//! presentation forms carries each letter's joining shape: a medial beh
//! (`ﺒ`) is joined on both sides, so no word boundary can stand next to it.
//! Extractors that add a space for every wide gap between glyphs (pdf.js,
//! pdfminer.six, pdfplumber — vocalised text is full of such gaps) cut
//! words where the glyphs were joined: `ﺎ َﻬ ُﻐُﻠْﺒ َﻳ` is `يَبْلُغُهَا`
//! printed visually. Such a space is removed whatever the lexicon says.
//!
//! Which shapes join across a space depends on the line's direction: in a
//! visual line the glyph before the space joins it when it is final or
//! medial, in a logical line when it is initial or medial. The direction is
//! read off the shapes inside the line's tokens, else off the document's.
//!
//! A text → segments stage: it only removes spaces.

use super::chars::{Form, is_mark, pf_form};

/// Orientation evidence of a line's shapes: pairs of adjacent glyphs
/// (marks skipped) whose shapes connect read backwards, less those that
/// connect read forwards. Positive means visual order.
pub fn shape_vote(line: &str) -> i32 {
    let mut vote = 0;
    for tok in line.split_whitespace() {
        let mut prev: Option<Form> = None;
        for c in tok.chars().filter(|&c| !is_mark(c)) {
            let f = pf_form(c);
            if let (Some(a), Some(b)) = (prev, f) {
                let fwd = a.joins_next() == b.joins_prev();
                let back = b.joins_next() == a.joins_prev();
                vote += i32::from(back) - i32::from(fwd);
            }
            prev = f;
        }
    }
    vote
}

/// The line with the spaces removed that stand between two glyphs whose
/// shapes join across them; `None` when there is none. `visual`: the
/// line's direction, or `None` when nothing tells it — then a space goes
/// only where either direction would join across it.
///
/// ```
/// use naskh::repair::shaped_joins::join_shaped_spaces;
/// // يَبْلُغُهَا printed visually, cut at three gaps.
/// let cut = "\u{FE8E} \u{064E}\u{FEEC} \u{064F}\u{FED0}\u{064F}\u{FEE0}\u{0652}\u{FE92} \u{064E}\u{FEF3}";
/// let joined = join_shaped_spaces(cut, Some(true)).unwrap();
/// assert_eq!(joined.split(' ').count(), 1);
/// ```
pub fn join_shaped_spaces(line: &str, visual: Option<bool>) -> Option<String> {
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        // The glyphs each side, marks skipped (visual text prints a mark
        // before its letter, logical after). Each scan stops at the first
        // non-mark, a space at the latest: linear in the line.
        let before = line[..start].chars().rev().find(|&c| !is_mark(c));
        let after = line[i..].chars().find(|&c| !is_mark(c));
        let (Some(x), Some(y)) = (before.and_then(pf_form), after.and_then(pf_form)) else {
            continue;
        };
        let as_visual = x.joins_prev() && y.joins_next();
        let as_logical = x.joins_next() && y.joins_prev();
        let inside = match visual {
            Some(true) => as_visual,
            Some(false) => as_logical,
            None => as_visual && as_logical,
        };
        if inside {
            drop.push((start, i));
        }
    }
    if drop.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (s, e) in drop {
        out.push_str(&line[at..s]);
        at = e;
    }
    out.push_str(&line[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // كتاب in presentation forms: initial kaf, medial teh, final alef, beh.
    const KITAB_LOGICAL: &str = "\u{FEDB}\u{FE98}\u{FE8E}\u{FE8F}";

    #[test]
    fn shapes_tell_the_direction() {
        let visual: String = KITAB_LOGICAL.chars().rev().collect();
        assert!(shape_vote(KITAB_LOGICAL) < 0);
        assert!(shape_vote(&visual) > 0);
        assert_eq!(shape_vote("كتاب"), 0);
    }

    #[test]
    fn a_space_between_joined_glyphs_goes_in_either_direction() {
        // كت|اب logically: medial teh before the space, final alef after.
        let cut = "\u{FEDB}\u{FE98} \u{FE8E}\u{FE8F}";
        assert_eq!(
            join_shaped_spaces(cut, Some(false)).as_deref(),
            Some(KITAB_LOGICAL)
        );
        // The same cut printed visually: ب ا | ت ك.
        let visual = "\u{FE8F}\u{FE8E} \u{FE98}\u{FEDB}";
        assert_eq!(
            join_shaped_spaces(visual, Some(true)).as_deref(),
            Some("\u{FE8F}\u{FE8E}\u{FE98}\u{FEDB}")
        );
    }

    #[test]
    fn word_boundaries_the_shapes_allow_stay() {
        // Logical: final beh, then an initial kaf opening the next word.
        let two = "\u{FE90} \u{FEDB}\u{FE98}\u{FE8E}\u{FE8F}";
        assert_eq!(join_shaped_spaces(two, Some(false)), None);
        // Read visually the same pair would join, so without a direction
        // it stays too.
        assert_eq!(join_shaped_spaces(two, None), None);
        // A non-joining letter (alef) each side: nothing tells.
        assert_eq!(join_shaped_spaces("\u{FE8E} \u{FE8D}", Some(true)), None);
        // Plain letters carry no shapes.
        assert_eq!(join_shaped_spaces("كت اب", Some(false)), None);
    }

    #[test]
    fn marks_beside_the_space_are_skipped() {
        // Visual: final alef, space, fatha then medial heh (marks first).
        let cut = "\u{FE8E} \u{064E}\u{FEEC}";
        assert_eq!(
            join_shaped_spaces(cut, Some(true)).as_deref(),
            Some("\u{FE8E}\u{064E}\u{FEEC}")
        );
        // A medial each side joins without a direction.
        assert_eq!(
            join_shaped_spaces("\u{FE92}  \u{FEEC}", None).as_deref(),
            Some("\u{FE92}\u{FEEC}")
        );
    }
}
