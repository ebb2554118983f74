//! Normalised glyph outlines for matching (chain step 6).
//!
//! A [`Shape`] has an exact key (hash of the outline with coordinates rounded
//! to 1/1000 em) and, for tolerant matching, the bounding box and a 20×20
//! coverage raster over that box.

use std::hash::{BuildHasher, Hash, Hasher};

use read_fonts::model::Font;
use skrifa::{DrawMemory, GlyphId, PathSink, ScalerFont};

/// Units per em outlines are scaled to (as the PDF interpreter does).
pub const UNITS_PER_EM: f32 = 1000.0;
/// Raster side.
pub const GRID: usize = 20;
/// Words of the raster bitmap.
pub const RASTER_WORDS: usize = (GRID * GRID).div_ceil(64);
/// Most path commands kept per glyph.
const MAX_COMMANDS: usize = 8_192;
/// Line segments per flattened curve.
const CURVE_STEPS: usize = 6;

/// A glyph outline reduced for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Hash of the commands with coordinates rounded to integers.
    pub hash: u64,
    /// The outline has no contours (a space).
    pub empty: bool,
    /// x0, y0, x1, y1 in 1000-upem units.
    pub bbox: [f32; 4],
    /// Number of contours.
    pub contours: u32,
    /// Nonzero-winding coverage of a GRID×GRID raster spanning the bbox.
    pub raster: [u64; RASTER_WORDS],
}

impl Shape {
    /// Largest difference of the bounding-box edges.
    pub fn bbox_distance(&self, other: &Shape) -> f32 {
        self.bbox
            .iter()
            .zip(other.bbox.iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max)
    }

    /// Raster cells that differ.
    pub fn raster_distance(&self, other: &Shape) -> u32 {
        self.raster
            .iter()
            .zip(other.raster.iter())
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }
}

/// Draws glyphs of one font at 1000 units per em, unhinted.
pub struct Scaler {
    scaler: ScalerFont,
}

impl Scaler {
    /// A scaler for `font`.
    pub fn new(font: &Font) -> Self {
        Self {
            scaler: ScalerFont::unhinted(font.clone(), Some(UNITS_PER_EM)),
        }
    }

    /// The shape of glyph `gid`, or `None` if it cannot be drawn.
    pub fn shape(&self, gid: u32) -> Option<Shape> {
        let outline = self.scaler.outline(GlyphId::new(gid))?;
        let mut sink = Collector::new();
        outline.draw(DrawMemory::Scratch, &mut sink).ok()?;
        (!sink.overflow).then(|| sink.finish())
    }
}

/// Collects a drawn outline: the exact hash and the flattened polygon.
struct Collector {
    /// Fixed seed: shapes of reference fonts and of PDF fonts must hash
    /// alike (foldhash; SipHash per coordinate showed in the profile).
    hasher: foldhash::fast::FoldHasher<'static>,
    commands: usize,
    overflow: bool,
    contours: u32,
    start: (f32, f32),
    current: (f32, f32),
    open: bool,
    /// Flattened edges (x0, y0, x1, y1).
    edges: Vec<[f32; 4]>,
}

impl Collector {
    fn new() -> Self {
        static SEED: foldhash::fast::FixedState =
            foldhash::fast::FixedState::with_seed(0x6e61_736b_6821);
        Self {
            hasher: SEED.build_hasher(),
            commands: 0,
            overflow: false,
            contours: 0,
            start: (0.0, 0.0),
            current: (0.0, 0.0),
            open: false,
            edges: Vec::new(),
        }
    }

    fn command(&mut self, tag: u8, pts: &[f32]) -> bool {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            self.overflow = true;
            return false;
        }
        tag.hash(&mut self.hasher);
        for p in pts {
            (p.round() as i32).hash(&mut self.hasher);
        }
        true
    }

    fn edge(&mut self, x: f32, y: f32) {
        let (x0, y0) = self.current;
        if (x0, y0) != (x, y) {
            self.edges.push([x0, y0, x, y]);
        }
        self.current = (x, y);
    }

    fn close_contour(&mut self) {
        if self.open {
            let (x, y) = self.start;
            self.edge(x, y);
            self.open = false;
        }
    }

    fn finish(mut self) -> Shape {
        self.close_contour();
        let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for e in &self.edges {
            bbox[0] = bbox[0].min(e[0]).min(e[2]);
            bbox[1] = bbox[1].min(e[1]).min(e[3]);
            bbox[2] = bbox[2].max(e[0]).max(e[2]);
            bbox[3] = bbox[3].max(e[1]).max(e[3]);
        }
        let empty = self.edges.is_empty();
        if empty {
            bbox = [0.0; 4];
        }
        let raster = rasterize(&self.edges, bbox);
        Shape {
            hash: self.hasher.finish(),
            empty,
            bbox,
            contours: self.contours,
            raster,
        }
    }
}

impl PathSink for Collector {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close_contour();
        if self.command(0, &[x, y]) {
            self.contours += 1;
            self.start = (x, y);
            self.current = (x, y);
            self.open = true;
        }
    }

    fn line_to(&mut self, x: f32, y: f32) {
        if self.command(1, &[x, y]) {
            self.edge(x, y);
        }
    }

    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        if self.command(2, &[cx, cy, x, y]) {
            let (x0, y0) = self.current;
            for i in 1..=CURVE_STEPS {
                let t = i as f32 / CURVE_STEPS as f32;
                let u = 1.0 - t;
                let px = u * u * x0 + 2.0 * u * t * cx + t * t * x;
                let py = u * u * y0 + 2.0 * u * t * cy + t * t * y;
                self.edge(px, py);
            }
        }
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        if self.command(3, &[cx0, cy0, cx1, cy1, x, y]) {
            let (x0, y0) = self.current;
            for i in 1..=CURVE_STEPS {
                let t = i as f32 / CURVE_STEPS as f32;
                let u = 1.0 - t;
                let px =
                    u * u * u * x0 + 3.0 * u * u * t * cx0 + 3.0 * u * t * t * cx1 + t * t * t * x;
                let py =
                    u * u * u * y0 + 3.0 * u * u * t * cy0 + 3.0 * u * t * t * cy1 + t * t * t * y;
                self.edge(px, py);
            }
        }
    }

    fn close(&mut self) {
        if self.command(4, &[]) {
            self.close_contour();
        }
    }
}

/// Nonzero-winding coverage of cell centres of a GRID×GRID raster over `bbox`.
fn rasterize(edges: &[[f32; 4]], bbox: [f32; 4]) -> [u64; RASTER_WORDS] {
    let mut bits = [0u64; RASTER_WORDS];
    let w = (bbox[2] - bbox[0]).max(1.0);
    let h = (bbox[3] - bbox[1]).max(1.0);
    let mut crossings: Vec<(f32, i32)> = Vec::new();
    for row in 0..GRID {
        let y = bbox[1] + (row as f32 + 0.5) * h / GRID as f32;
        crossings.clear();
        for e in edges {
            let (x0, y0, x1, y1) = (e[0], e[1], e[2], e[3]);
            if (y0 <= y) == (y1 <= y) {
                continue;
            }
            let t = (y - y0) / (y1 - y0);
            crossings.push((x0 + t * (x1 - x0), if y1 > y0 { 1 } else { -1 }));
        }
        crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut winding = 0;
        let mut k = 0;
        for col in 0..GRID {
            let x = bbox[0] + (col as f32 + 0.5) * w / GRID as f32;
            while let Some(&(cx, d)) = crossings.get(k) {
                if cx > x {
                    break;
                }
                winding += d;
                k += 1;
            }
            if winding != 0 {
                let i = row * GRID + col;
                if let Some(word) = bits.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
            }
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unicode::font::parse_font;
    use crate::unicode::font::tests::{gid_of_char, system_font};
    use read_fonts::model::Blob;

    #[test]
    fn shapes_are_stable_and_distinct() {
        let Some(data) = system_font("noto/NotoNaskhArabic-Regular.ttf") else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let s = Scaler::new(&font);
        let beh = s.shape(gid_of_char(&font, 'ب'));
        let beh2 = s.shape(gid_of_char(&font, 'ب'));
        let teh = s.shape(gid_of_char(&font, 'ت'));
        let space = s.shape(gid_of_char(&font, ' '));
        let (Some(beh), Some(beh2), Some(teh), Some(space)) = (beh, beh2, teh, space) else {
            panic!("glyphs missing");
        };
        assert_eq!(beh, beh2);
        assert_ne!(beh.hash, teh.hash);
        assert!(beh.raster_distance(&teh) > 0);
        assert!(space.empty);
        assert!(!beh.empty);
        assert!(beh.contours >= 2);
    }
}
