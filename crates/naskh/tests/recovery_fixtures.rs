//! Unicode recovery chain (issue 3) on fixtures whose easy Unicode was taken
//! away by `tools/strip_unicode/strip_unicode.py`:
//!
//! * `tests/fixtures/nounicode/strip/…`: every /ToUnicode and /ActualText removed;
//! * `tests/fixtures/nounicode/pua/…`: every ToUnicode code mapped to a Private
//!   Use Area code point, /ActualText removed.
//!
//! Each variant must extract to exactly the text of its original
//! (`tests/fixtures/pdf/…`, or the CFF originals in
//! `tests/fixtures/nounicode/cff*/` made by
//! `tools/strip_unicode/make_cff_fixtures.py`), for simple TrueType fonts
//! (reportlab, pango), CID TrueType fonts with Identity-H (fpdf2, weasyprint,
//! typst) and CFF fonts (OpenType-CFF, bare CFF with glyph names, bare CFF
//! with meaningless glyph names).
//!
//! Fonts without a usable `cmap` are recovered by outline matching against the
//! reference fonts installed by `tools/setup_fonts.sh`.

mod common;

use common::{assert_text_eq, extract, fixtures_dir};

/// Reference fonts the outline-matching cases need (Debian packages
/// `fonts-hosny-amiri`, `fonts-noto-core`, `fonts-dejavu-core`).
fn require_reference_fonts() {
    let needed = [
        "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf",
    ];
    for p in needed {
        assert!(
            std::path::Path::new(p).exists(),
            "reference font {p} missing: run tools/setup_fonts.sh"
        );
    }
}

fn read(rel: &str) -> Vec<u8> {
    let p = fixtures_dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The original of `producer/name`.
fn original(producer_name: &str) -> Vec<u8> {
    if producer_name.starts_with("cff") {
        read(&format!("nounicode/{producer_name}.pdf"))
    } else {
        read(&format!("pdf/{producer_name}.pdf"))
    }
}

/// Variant text equals original text; no glyph left unmapped.
fn check(variant: &str, producer_name: &str) -> naskh::Document {
    // The cmap / charset-name CFF cases need nothing installed.
    if !producer_name.starts_with("cff/") && !producer_name.starts_with("cff-bare/") {
        require_reference_fonts();
    }
    let orig = extract(&original(producer_name));
    let var = extract(&read(&format!("nounicode/{variant}/{producer_name}.pdf")));
    for p in &var.pages {
        assert!(p.error.is_none(), "page {} failed: {:?}", p.number, p.error);
        assert_eq!(
            p.diagnostics.unmapped_glyphs, 0,
            "unmapped glyphs on page {}: {:?}",
            p.number, p.diagnostics.unmapped
        );
    }
    assert_text_eq(&var.text(), &orig.text());
    var
}

/// Glyphs of the document that one recovery step produced.
fn from_source(doc: &naskh::Document, source: &str) -> usize {
    doc.pages
        .iter()
        .filter_map(|p| p.diagnostics.unicode_sources.get(source))
        .sum()
}

macro_rules! variant_tests {
    ($($test:ident: $variant:literal $producer_name:literal;)*) => {
        $(
            #[test]
            fn $test() {
                check($variant, $producer_name);
            }
        )*
    };
}

variant_tests! {
    strip_reportlab_news: "strip" "reportlab/news";
    strip_reportlab_lamalef: "strip" "reportlab/lamalef";
    strip_reportlab_indic_digits: "strip" "reportlab/indic_digits";
    strip_pango_news: "strip" "pango/news";
    strip_fpdf2_news: "strip" "fpdf2/news";
    strip_fpdf2_lamalef: "strip" "fpdf2/lamalef";
    strip_fpdf2_indic_digits: "strip" "fpdf2/indic_digits";
    // Noto Nastaliq Urdu: letters drawn as a skeleton plus dot glyphs.
    strip_fpdf2_urdu: "strip" "fpdf2/urdu";
    strip_weasyprint_news: "strip" "weasyprint/news";
    strip_weasyprint_lamalef: "strip" "weasyprint/lamalef";
    strip_typst_news: "strip" "typst/news";
    strip_typst_lamalef: "strip" "typst/lamalef";
    strip_cff_lamalef: "strip" "cff/lamalef";
    strip_cff_bare_lamalef: "strip" "cff-bare/lamalef";
    strip_cff_anon_lamalef: "strip" "cff-anon/lamalef";

    pua_reportlab_news: "pua" "reportlab/news";
    pua_reportlab_lamalef: "pua" "reportlab/lamalef";
    pua_reportlab_indic_digits: "pua" "reportlab/indic_digits";
    pua_pango_news: "pua" "pango/news";
    pua_fpdf2_news: "pua" "fpdf2/news";
    pua_fpdf2_lamalef: "pua" "fpdf2/lamalef";
    pua_fpdf2_indic_digits: "pua" "fpdf2/indic_digits";
    pua_fpdf2_urdu: "pua" "fpdf2/urdu";
    pua_weasyprint_news: "pua" "weasyprint/news";
    pua_weasyprint_lamalef: "pua" "weasyprint/lamalef";
    pua_typst_news: "pua" "typst/news";
    pua_typst_lamalef: "pua" "typst/lamalef";
    pua_cff_news: "pua" "cff/news";
    pua_cff_lamalef: "pua" "cff/lamalef";
    pua_cff_bare_news: "pua" "cff-bare/news";
    pua_cff_bare_lamalef: "pua" "cff-bare/lamalef";
    pua_cff_anon_news: "pua" "cff-anon/news";
    pua_cff_anon_lamalef: "pua" "cff-anon/lamalef";
}

/// The OpenType-CFF font keeps its `cmap` (presentation forms): step 3.
#[test]
fn strip_cff_news_uses_font_cmap() {
    let doc = check("strip", "cff/news");
    assert!(from_source(&doc, "font_cmap") > 100);
    assert_eq!(from_source(&doc, "to_unicode"), 0);
}

/// The bare CFF font has only charset glyph names (`uniFE91`…): step 5.
#[test]
fn strip_cff_bare_news_uses_charset_names() {
    let doc = check("strip", "cff-bare/news");
    assert!(from_source(&doc, "post_name") > 100);
    assert_eq!(from_source(&doc, "to_unicode"), 0);
}

/// The CFF originals extract to their own ground truth, so the variants'
/// equality above means the right text, not only the same text.
#[test]
fn cff_originals_match_truth() {
    for name in ["cff/news", "cff-bare/lamalef"] {
        let doc = extract(&read(&format!("nounicode/{name}.pdf")));
        let truth = String::from_utf8(read(&format!("nounicode/{name}.txt")))
            .unwrap_or_else(|e| panic!("{name}.txt is not UTF-8: {e}"));
        assert_text_eq(&doc.text(), &truth);
    }
}

/// A bare CFF font whose glyphs are named g1, g2… and that has no cmap:
/// only the outlines (cubic re-encodings of the reference font's quadratic
/// ones) tell the letters, through the tolerant outline match.
#[test]
fn strip_cff_anon_news_uses_tolerant_outlines() {
    let doc = check("strip", "cff-anon/news");
    assert!(from_source(&doc, "outline") > 100);
    assert_eq!(from_source(&doc, "post_name"), 0);
}

/// Simple TrueType fonts without a usable cmap (reportlab's Amiri subsets):
/// the glyph outlines carry the text (step 6).
#[test]
fn strip_reportlab_uses_outlines() {
    let doc = check("strip", "reportlab/news");
    assert!(from_source(&doc, "outline") > 100);
}
