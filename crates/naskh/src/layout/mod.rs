//! Layout: positioned glyphs → clusters → lines → words → blocks → reading
//! order. Each stage is its own module and sees only the previous stage's
//! output.

pub mod cluster;
pub mod order;
pub mod paragraphs;
pub mod segment;

use crate::document::{BBox, Block, BlockRole, Direction, Line, Word};
use crate::glyph::PageGlyphs;
use crate::output::normalize::{Profile, normalize_word};
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

/// Lay out one page's glyphs into blocks in reading order.
pub fn layout_page(page: &PageGlyphs, opts: &LayoutOptions) -> Vec<Block> {
    let clusters = cluster::build(&page.glyphs, opts.unmapped);
    let regions = segment::segment(&clusters);
    let mut blocks = Vec::new();
    for region in regions {
        let all: Vec<usize> = region.lines.iter().flatten().copied().collect();
        let rtl = segment::is_rtl(&clusters, &all);
        let mut lines = Vec::with_capacity(region.lines.len());
        for idx in &region.lines {
            let logical = order::order_line(&clusters, idx, rtl);
            let mut words = Vec::with_capacity(logical.words.len());
            for w in &logical.words {
                let text = normalize_word(&w.text, opts.profile);
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
                    direction: if w.rtl { Direction::Rtl } else { Direction::Ltr },
                    font,
                });
            }
            if words.is_empty() {
                continue;
            }
            let bbox = words.iter().map(|w| w.bbox).fold(BBox::empty(), BBox::union);
            let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            lines.push(Line {
                text,
                bbox,
                direction: if logical.rtl { Direction::Rtl } else { Direction::Ltr },
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
