//! The extraction entry point: bytes → [`Document`].

use std::collections::BTreeMap;

use crate::document::{Document, Page, PageDiagnostics, PageErrorInfo};
use crate::error::{Error, Result};
use crate::glyph::PageGlyphs;
use crate::layout::{self, LayoutOptions};
use crate::pdf::{GlyphSource, Limits, PdfDocument};

/// Options for [`extract`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractOptions {
    /// 1-based inclusive page range; `None` for all pages.
    pub pages: Option<(usize, usize)>,
    /// Password for encrypted files (empty: try the empty user password).
    pub password: String,
    /// Layout and normalisation.
    pub layout: LayoutOptions,
    /// Resource limits.
    pub limits: Limits,
}

/// Extract the text of a PDF.
///
/// A page that fails is kept with its error (`Page::error`) and the other
/// pages still come out; the call fails only when the document cannot be
/// opened at all.
///
/// ```no_run
/// let bytes = std::fs::read("doc.pdf").unwrap();
/// let doc = naskh::extract(&bytes, &naskh::ExtractOptions::default()).unwrap();
/// print!("{}", doc.text());
/// ```
pub fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<Document> {
    if bytes.len() > opts.limits.max_input_bytes {
        // Checked before copying the bytes.
        return Err(Error::Limit(format!(
            "input of {} bytes exceeds the limit of {} (max_input_bytes)",
            bytes.len(),
            opts.limits.max_input_bytes
        )));
    }
    let pdf = PdfDocument::open_with_limits(bytes.to_vec(), &opts.password, &opts.limits)?;
    let mut source = pdf.glyphs(&opts.limits);
    extract_from(&mut source, opts)
}

/// Extract page by page, for batch use: the input is taken by value (the
/// parser keeps it without a copy) and each page goes to `on_page` as soon as
/// it is laid out, so memory does not grow with the page count. Returns how
/// many pages were handed over. Same results as [`extract`].
///
/// ```no_run
/// let bytes = std::fs::read("book.pdf").unwrap();
/// naskh::extract_pages(bytes, &naskh::ExtractOptions::default(), |page| {
///     print!("{}", page.text());
/// })
/// .unwrap();
/// ```
pub fn extract_pages(
    bytes: Vec<u8>,
    opts: &ExtractOptions,
    on_page: impl FnMut(Page),
) -> Result<usize> {
    if bytes.len() > opts.limits.max_input_bytes {
        return Err(Error::Limit(format!(
            "input of {} bytes exceeds the limit of {} (max_input_bytes)",
            bytes.len(),
            opts.limits.max_input_bytes
        )));
    }
    let pdf = PdfDocument::open_with_limits(bytes, &opts.password, &opts.limits)?;
    let mut source = pdf.glyphs(&opts.limits);
    Ok(each_page(&mut source, opts, on_page))
}

/// Extract from any [`GlyphSource`] (the layout never sees the PDF crate).
pub fn extract_from(source: &mut impl GlyphSource, opts: &ExtractOptions) -> Result<Document> {
    let mut pages = Vec::new();
    each_page(source, opts, |p| pages.push(p));
    Ok(Document { pages })
}

/// Lay out the requested pages one at a time, handing each to `on_page`.
fn each_page(
    source: &mut impl GlyphSource,
    opts: &ExtractOptions,
    mut on_page: impl FnMut(Page),
) -> usize {
    let count = source.page_count();
    let (first, last) = match opts.pages {
        Some((a, b)) => (a.max(1), b.min(count)),
        None => (1, count),
    };
    let mut n = 0;
    for number in first..=last {
        let page = match source.page_glyphs(number - 1) {
            Ok(glyphs) => build_page(number, &glyphs, &opts.layout),
            Err(e) => failed_page(number, e),
        };
        on_page(page);
        n += 1;
    }
    n
}

fn failed_page(number: usize, e: Error) -> Page {
    Page {
        number,
        width: 0.0,
        height: 0.0,
        blocks: Vec::new(),
        diagnostics: PageDiagnostics {
            error: Some(PageErrorInfo {
                kind: e.kind().to_string(),
                message: e.to_string(),
            }),
            ..PageDiagnostics::default()
        },
        error: Some(e),
    }
}

fn build_page(number: usize, glyphs: &PageGlyphs, opts: &LayoutOptions) -> Page {
    // Layout and the diagnostics both need the page's stored order.
    let order = layout::cluster::stored_order(&glyphs.glyphs);
    let blocks = layout::layout_page_in_order(glyphs, opts, order);
    Page {
        number,
        width: glyphs.width,
        height: glyphs.height,
        blocks,
        diagnostics: diagnostics(glyphs, order),
        error: None,
    }
}

fn diagnostics(page: &PageGlyphs, order: crate::layout::cluster::StoredOrder) -> PageDiagnostics {
    // Counted by name without building a key string per glyph: runs of one
    // source are counted first, then added to the map.
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |name: &str, n: usize| match sources.get_mut(name) {
        Some(count) => *count += n,
        None => {
            sources.insert(name.to_string(), n);
        }
    };
    let mut run: Option<(crate::glyph::UnicodeSource, usize)> = None;
    for g in &page.glyphs {
        match &mut run {
            Some((source, n)) if *source == g.source => *n += 1,
            _ => {
                if let Some((source, n)) = run.take() {
                    add(crate::unicode::source_name(source), n);
                }
                run = Some((g.source, 1));
            }
        }
    }
    if let Some((source, n)) = run {
        add(crate::unicode::source_name(source), n);
    }
    PageDiagnostics {
        glyphs: page.glyphs.len(),
        unmapped_glyphs: sources.get("unmapped").copied().unwrap_or(0),
        unicode_sources: sources,
        unmapped: page.unmapped.clone(),
        stored_order: order.name().to_string(),
        fonts: page.fonts.iter().map(|f| f.name.clone()).collect(),
        recovery: page.recovery.clone(),
        error: None,
    }
}
