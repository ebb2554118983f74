//! Layout: positioned glyphs → clusters → lines → words → blocks → reading
//! order. Each stage is its own module and sees only the previous stage's
//! output.

pub mod cluster;
pub mod order;
pub mod paragraphs;
pub mod segment;

use crate::document::{BBox, Block, BlockRole, Direction, Line, Word};
use crate::glyph::PageGlyphs;
use crate::output::normalize::{Profile, normalize_word, normalize_word_owned};
pub use cluster::UnmappedPolicy;

/// Options for layout and text normalisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Normalisation profile.
    pub profile: Profile,
    /// What to print for glyphs without Unicode.
    pub unmapped: UnmappedPolicy,
}

fn cluster_box(c: &cluster::Cluster) -> BBox {
    BBox {
        x0: c.left,
        y0: c.y - 0.8 * c.size,
        x1: c.right,
        y1: c.y + 0.25 * c.size,
    }
}

/// Opening and closing members of mirrored pairs, for the orientation vote.
fn bracket_side(c: char) -> i32 {
    match c {
        '(' | '[' | '{' | '<' | '\u{AB}' | '\u{2039}' => 1,
        ')' | ']' | '}' | '>' | '\u{BB}' | '\u{203A}' => -1,
        _ => 0,
    }
}

/// Brackets out of order in `chars` (a closing one with none open).
fn bracket_errors(chars: impl Iterator<Item = char>) -> usize {
    let mut depth = 0i32;
    let mut errors = 0;
    for c in chars {
        match bracket_side(c) {
            1 => depth += 1,
            -1 if depth > 0 => depth -= 1,
            -1 => errors += 1,
            _ => {}
        }
    }
    errors + depth.max(0) as usize
}

/// Producers disagree on what a mirrored bracket glyph maps to: its shape
/// (reportlab, HarfBuzz with cmap-derived ToUnicode) or the logical
/// character (fpdf2). Decide per page by which reading nests brackets
/// properly, defaulting to the shape (mirroring).
fn should_mirror<'a>(lines: impl Iterator<Item = &'a order::LogicalLine>) -> bool {
    let (mut as_is, mut mirrored) = (0usize, 0usize);
    for l in lines {
        let mut plain = String::new();
        let mut flipped = String::new();
        for w in &l.words {
            for (i, ch) in w.text.char_indices() {
                if bracket_side(ch) == 0 {
                    continue;
                }
                plain.push(ch);
                let m = if w.mirrorable.contains(&i) {
                    crate::script::mirror(ch).unwrap_or(ch)
                } else {
                    ch
                };
                flipped.push(m);
            }
        }
        as_is += bracket_errors(plain.chars());
        mirrored += bracket_errors(flipped.chars());
    }
    mirrored <= as_is
}

fn apply_mirroring(w: &order::LineWord, mirror: bool) -> std::borrow::Cow<'_, str> {
    if !mirror || w.mirrorable.is_empty() {
        return std::borrow::Cow::Borrowed(&w.text);
    }
    w.text
        .char_indices()
        .map(|(i, ch)| {
            if w.mirrorable.contains(&i) {
                crate::script::mirror(ch).unwrap_or(ch)
            } else {
                ch
            }
        })
        .collect()
}

/// Lay out one page's glyphs into blocks in reading order.
pub fn layout_page(page: &PageGlyphs, opts: &LayoutOptions) -> Vec<Block> {
    layout_page_in_order(page, opts, cluster::stored_order(&page.glyphs))
}

/// [`layout_page`] with the page's [`cluster::stored_order`] already taken.
pub(crate) fn layout_page_in_order(
    page: &PageGlyphs,
    opts: &LayoutOptions,
    order: cluster::StoredOrder,
) -> Vec<Block> {
    let clusters = cluster::build_in_order(&page.glyphs, opts.unmapped, order);
    let regions = segment::segment(&clusters);
    let ordered: Vec<(bool, Vec<order::LogicalLine>)> = regions
        .iter()
        .map(|region| {
            let rtl = region.rtl;
            let lines = region
                .lines
                .iter()
                .map(|idx| order::order_line(&clusters, idx, rtl))
                .collect();
            (rtl, lines)
        })
        .collect();
    let mirror = should_mirror(ordered.iter().flat_map(|(_, l)| l.iter()));
    let mut blocks = Vec::new();
    for (rtl, region_lines) in ordered {
        let mut lines = Vec::with_capacity(region_lines.len());
        for logical in region_lines {
            let mut words = Vec::with_capacity(logical.words.len());
            for mut w in logical.words {
                // The line word's own text becomes the word's when it needs
                // no change (no copy).
                let text = if mirror && !w.mirrorable.is_empty() {
                    normalize_word(&apply_mirroring(&w, mirror), opts.profile)
                } else {
                    normalize_word_owned(std::mem::take(&mut w.text), opts.profile)
                };
                if text.is_empty() {
                    continue;
                }
                let bbox = w
                    .clusters
                    .iter()
                    .filter_map(|&i| clusters.get(i))
                    .map(cluster_box)
                    .fold(BBox::empty(), BBox::union);
                let font = w
                    .clusters
                    .first()
                    .and_then(|&i| clusters.get(i))
                    .and_then(|c| page.fonts.get(c.font as usize))
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                words.push(Word {
                    text,
                    bbox,
                    direction: if w.rtl {
                        Direction::Rtl
                    } else {
                        Direction::Ltr
                    },
                    font,
                });
            }
            if words.is_empty() {
                continue;
            }
            let bbox = words
                .iter()
                .map(|w| w.bbox)
                .fold(BBox::empty(), BBox::union);
            let text = words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            lines.push(Line {
                text,
                bbox,
                direction: if logical.rtl {
                    Direction::Rtl
                } else {
                    Direction::Ltr
                },
                words,
            });
        }
        let direction = if rtl { Direction::Rtl } else { Direction::Ltr };
        for para in paragraphs::split(lines, rtl) {
            let bbox = para.iter().map(|l| l.bbox).fold(BBox::empty(), BBox::union);
            blocks.push(Block {
                bbox,
                direction,
                role: BlockRole::Body,
                lines: para,
            });
        }
    }
    paragraphs::mark_running(&mut blocks, page.height);
    blocks
}
