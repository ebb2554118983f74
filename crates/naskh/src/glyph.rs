//! Positioned glyph records: what the PDF layer hands to layout.
//!
//! Coordinates are page space with the origin at the top-left corner of the
//! crop box, x to the right and y downwards, in PDF points.

use serde::Serialize;

/// Where a glyph's Unicode came from (the recovery chain step that produced it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnicodeSource {
    /// A marked-content `/ActualText` span.
    ActualText,
    /// The font's ToUnicode CMap (or the interpreter's encoding fallback).
    ToUnicode,
    /// A glyph name from the encoding / Differences array.
    GlyphName,
    /// The embedded font's own `cmap`, reversed.
    FontCmap,
    /// Reverse-mapped through the font's GSUB substitutions.
    Gsub,
    /// The `post` table or CFF charset glyph names.
    PostName,
    /// Outline matched against a reference font.
    Outline,
    /// No Unicode could be found.
    Unmapped,
}

/// One drawn glyph (or one `/ActualText` span), with its Unicode and geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Logical-order Unicode text of this glyph (several chars for ligatures).
    /// Empty when unmapped.
    pub text: String,
    /// Which recovery step produced `text`.
    pub source: UnicodeSource,
    /// Index into the page's font table.
    pub font: u32,
    /// Character code in the content stream.
    pub code: u32,
    /// Glyph id in the font program.
    pub gid: u32,
    /// Pen position (start of the advance) on the baseline.
    pub x: f64,
    /// Baseline y.
    pub y: f64,
    /// Horizontal advance in page space (signed: negative when drawn right-to-left
    /// by a mirrored matrix).
    pub advance: f64,
    /// Effective font size (em height in page space).
    pub size: f64,
    /// The baseline is horizontal and the glyph upright (not rotated text).
    pub upright: bool,
    /// Drawn invisibly (render mode 3: OCR text layers).
    pub invisible: bool,
    /// Inside a `/ReversedChars` marked-content span.
    pub reversed_chars: bool,
    /// The glyph has no advance (a mark); `x`/`advance` then give its ink extent.
    pub zero_advance: bool,
    /// Shaping form of the drawn glyph when its own Unicode was a presentation
    /// form (kept even when `/ActualText` replaced the text).
    pub form: Option<crate::script::Form>,
    /// For a glyph without Unicode: the private-use code printed by
    /// `--unmapped pua` (the producer's own, or U+F0000 + glyph id).
    pub pua: Option<char>,
    /// Position in the content stream (tie-breaker only).
    pub seq: u32,
}

impl Glyph {
    /// Left edge of the glyph box.
    pub fn left(&self) -> f64 {
        self.x.min(self.x + self.advance)
    }

    /// Right edge of the glyph box.
    pub fn right(&self) -> f64 {
        self.x.max(self.x + self.advance)
    }

    /// Horizontal centre.
    pub fn center(&self) -> f64 {
        self.x + self.advance / 2.0
    }
}

/// A font used on a page, as listed in JSON output and diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FontInfo {
    /// PostScript / BaseFont name, without a subset prefix.
    pub name: String,
}

/// A glyph without Unicode, reported in diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmappedGlyph {
    /// Font name.
    pub font: String,
    /// Character code.
    pub code: u32,
    /// Glyph id.
    pub gid: u32,
}

/// All glyphs of one page, in content-stream order.
#[derive(Debug, Clone, Default)]
pub struct PageGlyphs {
    /// Page width (crop box) in points.
    pub width: f64,
    /// Page height (crop box) in points.
    pub height: f64,
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// Fonts referenced by `Glyph::font`.
    pub fonts: Vec<FontInfo>,
    /// Glyphs without Unicode (first few per font/code).
    pub unmapped: Vec<UnmappedGlyph>,
    /// What the Unicode recovery chain did, per font.
    pub recovery: Vec<crate::unicode::FontRecoveryReport>,
}
