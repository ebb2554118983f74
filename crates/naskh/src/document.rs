//! The extracted document: pages → blocks → lines → words, each with its
//! text, box and direction. This is what text and JSON output print.

use serde::Serialize;

use crate::error::Error;
use crate::glyph::UnmappedGlyph;

/// An axis-aligned box in page space (points, origin top-left, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl BBox {
    /// The smallest box holding both.
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// An empty box that any union replaces.
    pub fn empty() -> BBox {
        BBox {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }
}

/// Reading direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Right to left.
    Rtl,
    /// Left to right.
    Ltr,
}

/// A word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// Text in logical order.
    pub text: String,
    /// Box.
    pub bbox: BBox,
    /// Direction.
    pub direction: Direction,
    /// Font of its first glyph.
    pub font: String,
}

/// A line: its words in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Words joined by single spaces.
    pub text: String,
    /// Box.
    pub bbox: BBox,
    /// Direction.
    pub direction: Direction,
    /// Words.
    pub words: Vec<Word>,
}

/// What a block is on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockRole {
    /// Body text.
    Body,
    /// Running header (top margin).
    Header,
    /// Running footer or page number (bottom margin).
    Footer,
}

/// A block: one paragraph (or heading), lines top to bottom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Box.
    pub bbox: BBox,
    /// Direction of the block.
    pub direction: Direction,
    /// Body, header or footer.
    pub role: BlockRole,
    /// Lines.
    pub lines: Vec<Line>,
}

impl Block {
    /// The paragraph's text: lines joined by a space.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            if l.text.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&l.text);
        }
        s
    }
}

/// Per-page facts for JSON diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageDiagnostics {
    /// Glyphs drawn on the page.
    pub glyphs: usize,
    /// Glyphs whose Unicode came from each source (actual_text, to_unicode, …).
    pub unicode_sources: std::collections::BTreeMap<String, usize>,
    /// Glyphs left without Unicode.
    pub unmapped_glyphs: usize,
    /// Distinct unmapped (font, code, glyph id).
    pub unmapped: Vec<UnmappedGlyph>,
    /// Order in which the producer stored Arabic glyphs: "visual", "logical",
    /// "mixed" or "none".
    pub stored_order: String,
    /// Fonts used.
    pub fonts: Vec<String>,
    /// Per font: how many glyphs each Unicode recovery step resolved, and
    /// which stayed unmapped.
    pub recovery: Vec<crate::unicode::FontRecoveryReport>,
    /// The page's error kind and message, if it failed.
    pub error: Option<PageErrorInfo>,
}

/// A page failure, as printed in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageErrorInfo {
    /// Machine-readable kind (`damaged`, `limit`, …).
    pub kind: String,
    /// Human-readable message.
    pub message: String,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Diagnostics.
    pub diagnostics: PageDiagnostics,
    /// Why this page could not be extracted.
    #[serde(skip)]
    pub error: Option<Error>,
}

impl Page {
    /// The page's text: blocks separated by a blank line, ending in a newline
    /// when not empty.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for b in &self.blocks {
            let t = b.text();
            if t.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push_str("\n\n");
            }
            s.push_str(&t);
        }
        if !s.is_empty() {
            s.push('\n');
        }
        s
    }
}

/// An extracted document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Pages extracted (all, or the requested range).
    pub pages: Vec<Page>,
}

impl Document {
    /// Plain text: pages separated by a form feed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.pages.iter().enumerate() {
            if i > 0 {
                s.push('\x0c');
            }
            s.push_str(&p.text());
        }
        s
    }

    /// Pages that failed.
    pub fn failed_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.error.is_some())
    }
}
