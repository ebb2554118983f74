//! A hayro `Device` that records positioned glyphs and marked content.
//!
//! This is the only place that sees hayro glyph types; it turns them into
//! [`Glyph`] records for layout.

use std::rc::Rc;

use foldhash::{HashMap, HashMapExt};

use hayro_interpret::font::{Glyph as HayroGlyph, GlyphRun, OutlineFontData, OutlineGlyph};
use hayro_interpret::hayro_syntax::object::{Dict, Object};
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect, Shape, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};

use super::Recovery;
use crate::glyph::{FontInfo, Glyph, UnicodeSource, UnmappedGlyph};
use crate::script;

/// One open marked-content sequence.
struct Frame {
    /// `/ActualText` of this span, when it is the outermost one.
    actual_text: Option<String>,
    /// `/ReversedChars` span.
    reversed: bool,
    /// Index of the first glyph recorded inside the span.
    start: usize,
}

/// Ink boxes of zero-advance glyphs (marks) in glyph space, per document,
/// keyed by hayro-font's glyph identifier hash (the program's content hash
/// and the glyph, as hayro's own outline caches key them): a mark drawn
/// again is not decoded and drawn again. Only the hash is kept, not the
/// font program, so programs are still freed with the interpreter's cache.
#[derive(Default)]
pub(crate) struct InkCache {
    boxes: HashMap<u128, Option<Rect>>,
}

/// Most ink boxes kept per document (beyond it they are computed each time).
const MAX_INK_BOXES: usize = 16_384;

impl InkCache {
    fn ink_box(&mut self, glyph: &OutlineGlyph) -> Option<Rect> {
        let key = glyph.identifier().cache_key();
        if let Some(b) = self.boxes.get(&key) {
            return *b;
        }
        let b = ink_box(&glyph.outline());
        if self.boxes.len() < MAX_INK_BOXES {
            self.boxes.insert(key, b);
        }
        b
    }
}

/// Font data of the fonts drawn on a page, each held with one of its
/// glyphs (which keeps the font alive, so it cannot be mistaken for a font
/// loaded later at the same address).
type FontDataCache = Vec<(OutlineGlyph, Rc<Option<OutlineFontData>>)>;

/// Most fonts whose data a page keeps (beyond it, fetched per glyph run).
const MAX_CACHED_FONT_DATA: usize = 32;

/// Collects the glyphs of one page.
pub(crate) struct Collector<'r> {
    pub glyphs: Vec<Glyph>,
    pub fonts: Vec<FontInfo>,
    pub unmapped: Vec<UnmappedGlyph>,
    font_index: HashMap<u128, u32>,
    frames: Vec<Frame>,
    font_data: FontDataCache,
    recovery: &'r mut Recovery,
    forms: &'r mut super::forms::FormCache,
    inks: &'r mut InkCache,
    seq: u32,
    /// Glyphs seen (including dropped duplicates), for the per-page limit.
    pub seen: usize,
    pub max_glyphs: usize,
    pub over_limit: bool,
}

impl<'r> Collector<'r> {
    pub fn new(
        recovery: &'r mut Recovery,
        forms: &'r mut super::forms::FormCache,
        inks: &'r mut InkCache,
        max_glyphs: usize,
    ) -> Self {
        Collector {
            glyphs: Vec::new(),
            fonts: Vec::new(),
            unmapped: Vec::new(),
            font_index: HashMap::new(),
            frames: Vec::new(),
            font_data: Vec::new(),
            recovery,
            forms,
            inks,
            seq: 0,
            seen: 0,
            max_glyphs,
            over_limit: false,
        }
    }

    fn font_id(&mut self, key: u128, name: Option<&str>) -> u32 {
        if let Some(&id) = self.font_index.get(&key) {
            return id;
        }
        let id = self.fonts.len() as u32;
        let name = name.unwrap_or("");
        // Subset prefixes ("ABCDEF+Name") carry no meaning for users.
        let name = match name.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest,
            _ => name,
        };
        self.fonts.push(FontInfo {
            name: name.to_string(),
        });
        self.font_index.insert(key, id);
        id
    }

    /// The font data of a glyph's font: built once per font and page
    /// (`font_data` copies the name and looks up the style every time).
    fn font_data_of(&mut self, glyph: &OutlineGlyph) -> Rc<Option<OutlineFontData>> {
        if let Some((_, data)) = self.font_data.iter().find(|(g, _)| g.same_font(glyph)) {
            return Rc::clone(data);
        }
        let data = Rc::new(glyph.font_data());
        if self.font_data.len() < MAX_CACHED_FONT_DATA {
            self.font_data.push((glyph.clone(), Rc::clone(&data)));
        }
        data
    }

    fn in_reversed_span(&self) -> bool {
        self.frames.iter().any(|f| f.reversed)
    }
}

/// Decode a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or
/// PDFDocEncoding, approximated by Latin-1).
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]));
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

fn ink_box(path: &BezPath) -> Option<Rect> {
    if path.elements().is_empty() {
        None
    } else {
        Some(path.bounding_box())
    }
}

impl<'a> Device<'a> for Collector<'_> {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let invisible = matches!(mode, DrawMode::Invisible);
        let reversed = self.in_reversed_span();
        // A run is one text-showing operator, so one font: its data (program
        // hash, name, bytes) is fetched once per run. `font_data` builds it
        // anew on every call (name copy, weight and style lookups), which the
        // profile showed at 5% of extraction when called per glyph.
        let mut run_font: Option<Rc<Option<OutlineFontData>>> = None;
        for pg in run.glyphs() {
            self.seen += 1;
            if self.seen > self.max_glyphs {
                self.over_limit = true;
                return;
            }
            // Unicode recovery can be slow per glyph: the page deadline
            // covers it too (the tripped guard fails the page).
            if self.seen.is_multiple_of(256)
                && !hayro_interpret::hayro_syntax::guard::check_deadline()
            {
                return;
            }
            let full: Affine = props.transform * pg.transform();
            let c = full.as_coeffs();
            if !c.iter().all(|v| v.is_finite()) {
                continue;
            }
            let origin = full * Point::ZERO;
            // Glyph space is 1000 units per em.
            let em_up = Vec2::new(c[2], c[3]) * 1000.0;
            let em_right = Vec2::new(c[0], c[1]) * 1000.0;
            let size = em_up.hypot();
            let upright = c[1].abs() < 1e-6 * size.max(1e-9) && c[2].abs() < 1e-6 * size.max(1e-9);

            let mut pua: Option<char> = None;
            let mut recovered_form = None;
            let (text, source, code, gid, adv_units, font, mark_ink) = match &**pg {
                HayroGlyph::Outline(o) => {
                    // A single char (the usual ToUnicode answer) is encoded
                    // on the stack, not allocated.
                    let mut utf8 = [0u8; 4];
                    let tu_owned: String;
                    let tu: Option<&str> = match o.as_unicode() {
                        Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => {
                            Some(c.encode_utf8(&mut utf8))
                        }
                        Some(hayro_interpret::hayro_cmap::BfString::String(s)) => {
                            tu_owned = s;
                            Some(tu_owned.as_str())
                        }
                        None => None,
                    };
                    if run_font.is_none() {
                        run_font = Some(self.font_data_of(o));
                    }
                    let data = run_font.as_deref().and_then(Option::as_ref);
                    let (text, source) = self.recovery.resolve(o, data, tu);
                    // A form the recovery chain learnt from a reference font.
                    recovered_form = self.recovery.last_form();
                    // For `--unmapped pua`: the producer's own private-use code.
                    pua = tu
                        .and_then(|t| t.chars().next())
                        .filter(|&c| matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFD));
                    let key = data.map(|d| d.cache_key).unwrap_or(0);
                    let font = self.font_id(key, data.and_then(|d| d.postscript_name.as_deref()));
                    let adv = o.advance_width().unwrap_or(0.0) as f64;
                    // Zero-advance glyphs (marks) are placed by their ink, not their pen.
                    let ink = if adv.abs() < 1.0 {
                        self.inks.ink_box(o)
                    } else {
                        None
                    };
                    (
                        text,
                        source,
                        o.char_code(),
                        o.glyph_id().to_u32(),
                        adv,
                        font,
                        ink,
                    )
                }
                HayroGlyph::Type3(t) => {
                    let text = t
                        .as_unicode()
                        .map(|b| match b {
                            hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
                            hayro_interpret::hayro_cmap::BfString::String(s) => s,
                        })
                        .unwrap_or_default();
                    let source = if text.is_empty() {
                        UnicodeSource::Unmapped
                    } else {
                        UnicodeSource::ToUnicode
                    };
                    (
                        text,
                        source,
                        t.char_code(),
                        0,
                        t.advance_width().unwrap_or(0.0) as f64,
                        self.font_id(3, None),
                        None,
                    )
                }
            };
            let advance_vec = em_right * (adv_units / 1000.0);
            // Project the advance on the baseline direction (x for upright text).
            let advance = if upright {
                advance_vec.x
            } else {
                advance_vec.hypot() * advance_vec.x.signum()
            };
            let (x, advance) = match mark_ink {
                Some(r) => {
                    let ink = full.transform_rect_bbox(r);
                    (ink.x0, ink.width().min(size))
                }
                None => (origin.x, advance),
            };
            if source == UnicodeSource::Unmapped && self.unmapped.len() < 256 {
                let name = self
                    .fonts
                    .get(font as usize)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                if !self
                    .unmapped
                    .iter()
                    .any(|u| u.font == name && u.code == code)
                {
                    self.unmapped.push(UnmappedGlyph {
                        font: name,
                        code,
                        gid,
                    });
                }
            }
            let mut form = text
                .chars()
                .next()
                .and_then(script::pf_form)
                .or(recovered_form);
            if form.is_none()
                && text.chars().next().is_some_and(script::is_arabic_letter)
                && let HayroGlyph::Outline(o) = &**pg
                && let Some(data) = run_font
                    .get_or_insert_with(|| self.font_data_of(o))
                    .as_ref()
                    .as_ref()
            {
                let bytes: &[u8] = data.data.as_ref().as_ref();
                form = self.forms.form(data.cache_key, bytes, gid);
            }
            self.glyphs.push(Glyph {
                text,
                source,
                font,
                code,
                gid,
                x,
                y: origin.y,
                advance,
                size,
                upright,
                invisible,
                reversed_chars: reversed,
                zero_advance: mark_ink.is_some() || adv_units.abs() < 1.0,
                pua: if source == UnicodeSource::Unmapped {
                    // Else a stable code per glyph id in Supplementary PUA-A.
                    pua.or_else(|| char::from_u32(0xF0000 + (gid & 0xFFFF)))
                } else {
                    None
                },
                form,
                seq: self.seq,
            });
            self.seq += 1;
        }
    }

    fn begin_marked_content(&mut self, tag: &[u8], properties: Option<&Dict<'_>>) {
        let inside_actual = self.frames.iter().any(|f| f.actual_text.is_some());
        let actual_text = if inside_actual {
            None
        } else {
            properties
                .and_then(|p| p.get::<Object<'_>>(b"ActualText"))
                .and_then(|o| o.into_string())
                .map(|s| decode_text_string(s.as_bytes()))
        };
        self.frames.push(Frame {
            actual_text,
            reversed: tag == b"ReversedChars",
            start: self.glyphs.len(),
        });
    }

    fn end_marked_content(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let Some(text) = frame.actual_text else {
            return;
        };
        let start = frame.start.min(self.glyphs.len());
        // The span's glyphs are read in place and then dropped, not split
        // off into a vector of their own.
        let spanned = &self.glyphs[start..];
        // The base glyph (widest advance) carries the baseline; marks drawn
        // first in the span sit above or below it.
        let Some(base) = spanned
            .iter()
            .enumerate()
            .max_by(|(_, a), (_, b)| a.advance.abs().total_cmp(&b.advance.abs()))
            .map(|(i, _)| i)
        else {
            return;
        };
        // One atomic unit: the span's logical text over the union of its glyphs.
        let left = spanned
            .iter()
            .map(Glyph::left)
            .fold(f64::INFINITY, f64::min);
        let right = spanned
            .iter()
            .map(Glyph::right)
            .fold(f64::NEG_INFINITY, f64::max);
        let size = spanned.iter().map(|g| g.size).fold(0.0, f64::max);
        let text: String = if text.contains('\0') {
            text.chars().filter(|&c| c != '\0').collect()
        } else {
            text
        };
        let zero_advance = spanned.iter().all(|g| g.zero_advance);
        let single = spanned.len() == 1;
        // Taken out of the span rather than cloned (its text is replaced).
        let first = self.glyphs.swap_remove(start + base);
        self.glyphs.truncate(start);
        self.glyphs.push(Glyph {
            text,
            source: UnicodeSource::ActualText,
            x: left,
            advance: right - left,
            size,
            zero_advance,
            form: if single { first.form } else { None },
            ..first
        });
    }
}
