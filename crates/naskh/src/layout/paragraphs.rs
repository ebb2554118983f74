//! Lines of a region → paragraphs; running headers and footers marked.

use crate::document::{Block, BlockRole, Line};

/// Split a region's lines (top to bottom) into paragraphs: a wider vertical
/// gap than the usual line pitch, or a line that ended early although the
/// next line's first word would have fitted (the classic wrap test).
pub fn split(lines: Vec<Line>, rtl: bool) -> Vec<Vec<Line>> {
    if lines.len() <= 1 {
        return if lines.is_empty() {
            vec![]
        } else {
            vec![lines]
        };
    }
    let left = lines
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let right = lines
        .iter()
        .map(|l| l.bbox.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let heights: Vec<f64> = lines.iter().map(|l| l.bbox.y1 - l.bbox.y0).collect();
    let em = {
        let mut h = heights.clone();
        h.sort_by(f64::total_cmp);
        (h.get(h.len() / 2).copied().unwrap_or(10.0) / 1.05).max(1.0)
    };
    let mut pitches: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].bbox.y1 - w[0].bbox.y1)
        .collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(em * 1.5);
    // Room left at the end of a line (on the left for RTL).
    let room = |l: &Line| {
        if rtl {
            l.bbox.x0 - left
        } else {
            right - l.bbox.x1
        }
    };
    // Width of a line's first word, plus a space.
    let first_word = |l: &Line| {
        l.words
            .first()
            .map_or(0.0, |w| w.bbox.x1 - w.bbox.x0 + 0.3 * em)
    };

    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut prev: Option<(f64, f64)> = None; // (bottom, room)
    for l in lines {
        let gap_break = prev.is_some_and(|(b, _)| l.bbox.y1 - b > 1.4 * pitch);
        // A line ended early although this line's first word would have fit
        // there: the writer ended the paragraph.
        let short_break = prev.is_some_and(|(_, r)| r > 1.5 * em && r > first_word(&l));
        if !cur.is_empty() && (gap_break || short_break) {
            out.push(std::mem::take(&mut cur));
        }
        prev = Some((l.bbox.y1, room(&l)));
        cur.push(l);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Mark single-line blocks in the top or bottom margin as running header or
/// footer (they stay in the text; JSON says what they are).
pub fn mark_running(blocks: &mut [Block], page_height: f64) {
    if blocks.len() < 2 || page_height <= 0.0 {
        return;
    }
    let last = blocks.len() - 1;
    for (i, b) in blocks.iter_mut().enumerate() {
        if b.lines.len() != 1 {
            continue;
        }
        if i == 0 && b.bbox.y1 < 0.1 * page_height {
            b.role = BlockRole::Header;
        } else if i == last && b.bbox.y0 > 0.9 * page_height {
            b.role = BlockRole::Footer;
        }
    }
}
