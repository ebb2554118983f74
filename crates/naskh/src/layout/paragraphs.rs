//! Lines of a region → paragraphs; running headers and footers marked.

use crate::document::{Block, BlockRole, Line};

/// Split a region's lines (top to bottom) into paragraphs: a wider vertical
/// gap than the usual line pitch, or a short last line of a justified
/// paragraph (its end, on the left for RTL, falls short of the margin).
pub fn split(lines: Vec<Line>, rtl: bool) -> Vec<Vec<Line>> {
    if lines.len() <= 1 {
        return if lines.is_empty() { vec![] } else { vec![lines] };
    }
    let left = lines.iter().map(|l| l.bbox.x0).fold(f64::INFINITY, f64::min);
    let right = lines.iter().map(|l| l.bbox.x1).fold(f64::NEG_INFINITY, f64::max);
    let heights: Vec<f64> = lines.iter().map(|l| l.bbox.y1 - l.bbox.y0).collect();
    let em = {
        let mut h = heights.clone();
        h.sort_by(f64::total_cmp);
        (h.get(h.len() / 2).copied().unwrap_or(10.0) / 1.05).max(1.0)
    };
    let mut pitches: Vec<f64> = lines.windows(2).map(|w| w[1].bbox.y1 - w[0].bbox.y1).collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(em * 1.5);
    // Is the region justified (most lines reach the far margin)?
    let reaches_end = |l: &Line| {
        if rtl {
            l.bbox.x0 <= left + 1.5 * em
        } else {
            l.bbox.x1 >= right - 1.5 * em
        }
    };
    let full = lines.iter().filter(|l| reaches_end(l)).count();
    let justified = full * 2 > lines.len() && lines.len() >= 3;

    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut prev_bottom: Option<f64> = None;
    let mut prev_short = false;
    for l in lines {
        let gap_break = prev_bottom.is_some_and(|b| l.bbox.y1 - b > 1.4 * pitch);
        if !cur.is_empty() && (gap_break || prev_short) {
            out.push(std::mem::take(&mut cur));
        }
        prev_short = justified && !reaches_end(&l);
        prev_bottom = Some(l.bbox.y1);
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
