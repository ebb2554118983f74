//! PDF layer: bytes → objects → content operators → positioned glyphs.
//!
//! We do not parse PDF ourselves: hayro-syntax (objects, xref repair,
//! decryption) and hayro-interpret (content streams, fonts, CMaps) do that.
//! Layout only sees [`PageGlyphs`], through the [`GlyphSource`] trait, so the
//! PDF crate can be swapped without touching layout.

mod device;
pub mod forms;
mod limits;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hayro_interpret::hayro_syntax::content::TypedIter;
use hayro_interpret::hayro_syntax::content::ops::TypedInstruction;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Object, Stream};
use hayro_interpret::hayro_syntax::page::Resources;
use hayro_interpret::hayro_syntax::{DecryptionError, LoadPdfError, Pdf};
use hayro_interpret::kurbo::Affine;
use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, RenderContent, interpret};

use device::Collector;

use crate::error::{Error, Result};
use crate::glyph::PageGlyphs;
use crate::unicode::Recovery;

pub use limits::Limits;

/// Anything that yields the positioned glyphs of numbered pages.
pub trait GlyphSource {
    /// Number of pages.
    fn page_count(&self) -> usize;
    /// Glyphs of page `index` (0-based), or the error that made the page unreadable.
    fn page_glyphs(&mut self, index: usize) -> Result<PageGlyphs>;
}

/// An opened PDF document.
pub struct PdfDocument {
    pdf: Pdf,
}

impl PdfDocument {
    /// Open a PDF from its bytes, with a password (empty for none) and the
    /// default [`Limits`].
    pub fn open(bytes: Vec<u8>, password: &str) -> Result<Self> {
        Self::open_with_limits(bytes, password, &Limits::default())
    }

    /// Open a PDF with explicit [`Limits`] (they also apply to the
    /// streams the parser decodes while opening: xref and object streams).
    pub fn open_with_limits(bytes: Vec<u8>, password: &str, limits: &Limits) -> Result<Self> {
        if bytes.len() > limits.max_input_bytes {
            return Err(Error::Limit(format!(
                "input of {} bytes exceeds the limit of {} (max_input_bytes)",
                bytes.len(),
                limits.max_input_bytes
            )));
        }
        if !looks_like_pdf(&bytes) {
            return Err(Error::NotPdf("no %PDF header and no PDF objects".into()));
        }
        let data: Arc<Vec<u8>> = Arc::new(bytes);
        limits.install();
        limits.begin_page();
        let opened = catch_unwind(AssertUnwindSafe(|| {
            let pdf = Pdf::new_with_password(data, password)?;
            // Resolve the page tree now, under the guard, not on first use.
            let _ = pdf.pages().len();
            Ok(pdf)
        }));
        if let (Ok(Err(_)), Some(why)) = (&opened, limits.tripped()) {
            return Err(Error::Limit(why));
        }
        match opened {
            Ok(Ok(pdf)) => Ok(PdfDocument { pdf }),
            Ok(Err(LoadPdfError::Decryption(DecryptionError::PasswordProtected))) => Err(
                Error::Encrypted("a password is needed (or the one given is wrong)".into()),
            ),
            Ok(Err(LoadPdfError::Decryption(DecryptionError::UnsupportedAlgorithm))) => {
                Err(Error::Unsupported("encryption algorithm".into()))
            }
            Ok(Err(LoadPdfError::Decryption(e))) => Err(Error::Damaged(format!(
                "broken encryption dictionary ({e:?})"
            ))),
            Ok(Err(LoadPdfError::Invalid)) => Err(Error::Damaged(
                "no readable cross-reference table or page tree".into(),
            )),
            Err(_) => Err(Error::Damaged("the parser failed on this file".into())),
        }
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// A glyph source over this document, with its own font caches (one per
    /// thread: hayro's interpreter cache is not `Send`).
    ///
    /// The per-document decoded-byte budget starts afresh here, on the
    /// calling thread (the parser's limits are per thread).
    pub fn glyphs(&self, limits: &Limits) -> HayroSource<'_> {
        limits.install();
        HayroSource {
            pdf: &self.pdf,
            cache: InterpreterCache::new(),
            pages_on_cache: 0,
            recovery: Recovery::new(),
            forms: forms::FormCache::default(),
            inks: device::InkCache::default(),
            limits: limits.clone(),
        }
    }
}

/// Does this look like a PDF at all? A header within the first KiB (as
/// readers tolerate), or at least an `obj` keyword for header-less files.
fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-") || bytes.windows(4).take(1 << 20).any(|w| w == b" obj")
}

/// [`GlyphSource`] over hayro.
pub struct HayroSource<'a> {
    pdf: &'a Pdf,
    cache: InterpreterCache<'a>,
    /// Pages interpreted with `cache` since it was last emptied.
    pages_on_cache: usize,
    recovery: Recovery,
    forms: forms::FormCache,
    inks: device::InkCache,
    limits: Limits,
}

impl GlyphSource for HayroSource<'_> {
    fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    fn page_glyphs(&mut self, index: usize) -> Result<PageGlyphs> {
        let pages = self.pdf.pages();
        let page = pages
            .get(index)
            .ok_or_else(|| Error::Usage(format!("no page {}", index + 1)))?;
        let settings = InterpreterSettings {
            // Annotations are not page text.
            render_content: RenderContent::PAGE,
            ..InterpreterSettings::default()
        };
        let (width, height) = page.render_dimensions();
        let bbox = hayro_interpret::kurbo::Rect::new(0.0, 0.0, width as f64, height as f64);
        self.limits.begin_page();
        let contents = catch_unwind(AssertUnwindSafe(|| page_content(page)));
        let contents = match contents {
            Ok(Some(_)) if self.limits.tripped().is_some() => {
                let why = self.limits.tripped().unwrap_or_default();
                return Err(Error::Limit(format!("page {}: {why}", index + 1)));
            }
            Ok(Some(data)) => data,
            Ok(None) => {
                return Err(match self.limits.tripped() {
                    Some(why) => Error::Limit(format!("page {}: {why}", index + 1)),
                    None => Error::Damaged(format!(
                        "page {}: the content stream cannot be read or decoded",
                        index + 1
                    )),
                });
            }
            Err(_) => {
                return Err(Error::Damaged(format!(
                    "page {}: the content stream could not be parsed",
                    index + 1
                )));
            }
        };
        // Font programs stay cached for the pages that follow; emptied now and
        // then so that a long document made of many differently-fonted parts
        // does not keep every font it has ever used (a few reloads per
        // hundred pages cost little next to the pages themselves).
        if self.pages_on_cache >= PAGES_PER_FONT_CACHE {
            self.cache = InterpreterCache::new();
            self.pages_on_cache = 0;
        }
        self.pages_on_cache += 1;
        self.recovery.begin_page(page.resources());
        // Colour is not text. Without the page's named colour spaces, `cs`
        // and `CS` fall back to DeviceGray, so the interpreter does not decode
        // ICC profiles and build colour transforms for them (a tenth of the
        // time on documents that set an ICC space, in the profile). Glyphs
        // are drawn the same whatever their colour.
        let resources = Resources {
            color_spaces: Dict::default(),
            ..page.resources().clone()
        };
        let mut collector = Collector::new(
            &mut self.recovery,
            &mut self.forms,
            &mut self.inks,
            self.limits.max_glyphs_per_page,
        );
        let run = catch_unwind(AssertUnwindSafe(|| {
            let mut ctx = Context::new(
                Affine::new(page.initial_transform(true).as_coeffs()),
                bbox,
                &self.cache,
                self.pdf.xref(),
                settings,
            );
            // The page's own content only: annotations are not page text.
            interpret(
                TypedIter::new(&contents),
                &resources,
                &mut ctx,
                &mut collector,
            );
        }));
        if run.is_err() {
            return Err(Error::Damaged(format!(
                "page {}: the content stream could not be interpreted",
                index + 1
            )));
        }
        if let Some(why) = self.limits.tripped() {
            return Err(Error::Limit(format!("page {}: {why}", index + 1)));
        }
        if collector.over_limit {
            return Err(Error::Limit(format!(
                "page {}: more than {} glyphs (max_glyphs_per_page)",
                index + 1,
                self.limits.max_glyphs_per_page
            )));
        }
        let (glyphs, fonts, unmapped) = (collector.glyphs, collector.fonts, collector.unmapped);
        Ok(PageGlyphs {
            width: width as f64,
            height: height as f64,
            glyphs,
            fonts,
            unmapped,
            recovery: self.recovery.page_report(),
        })
    }
}

/// Pages interpreted with one interpreter cache before it is emptied.
const PAGES_PER_FONT_CACHE: usize = 64;

/// A content stream's decoded bytes; `None` when decoding fails, or when a
/// filtered stream with data decodes to nothing (the flate decoder is lenient
/// and returns empty output for bytes that are not zlib data).
fn decode(stream: &Stream<'_>) -> Option<Vec<u8>> {
    let data = stream.decoded_data().ok()?.into_owned();
    let filtered = !stream.filters().is_empty();
    if filtered && data.is_empty() && !stream.raw_data().is_empty() {
        return None;
    }
    // The raw-deflate fallback turns any bytes into some output. Real content
    // starts with known operators; output whose first operators are all
    // unknown (or absent) did not decode.
    if filtered && data.len() >= 64 {
        let mut ops = TypedIter::new(&data);
        let mut known = false;
        for _ in 0..32 {
            match ops.next() {
                Some(TypedInstruction::Fallback(_)) => {}
                Some(_) => {
                    known = true;
                    break;
                }
                None => break,
            }
        }
        if !known {
            return None;
        }
    }
    Some(data)
}

/// The page's decoded content (several streams joined by a space), or `None`
/// when `/Contents` is there but nothing of it decodes. A page without
/// `/Contents` is blank: empty content.
///
/// Decoded here rather than with `Page::page_stream`, which keeps every
/// page's content for the life of the document: this copy is dropped as
/// soon as the page is done, so memory does not grow with the page count.
fn page_content(page: &hayro_interpret::hayro_syntax::page::Page<'_>) -> Option<Vec<u8>> {
    let raw = page.raw();
    if let Some(stream) = raw.get::<Stream<'_>>(b"Contents".as_ref()) {
        decode(&stream)
    } else if let Some(array) = raw.get::<Array<'_>>(b"Contents".as_ref()) {
        let mut collected = Vec::new();
        let mut any = false;
        let mut failed = false;
        for stream in array.iter::<Object<'_>>().filter_map(|o| o.into_stream()) {
            // A decoding limit tripped: the page fails now, before the rest
            // is decoded and interpreted.
            if hayro_interpret::hayro_syntax::guard::trip().is_some() {
                return None;
            }
            any = true;
            match decode(&stream) {
                Some(data) => {
                    collected.extend_from_slice(&data);
                    // Streams must have at least one whitespace in between.
                    collected.push(b' ');
                }
                None => failed = true,
            }
        }
        // Every part undecodable: the page is damaged; some parts: keep the rest.
        if any && failed && collected.is_empty() {
            None
        } else {
            Some(collected)
        }
    } else if raw.contains_key(b"Contents".as_ref()) {
        None
    } else {
        Some(Vec::new())
    }
}
