//! Generated fixtures (`tests/fixtures/pdf/PRODUCER/NAME.pdf`, made by
//! `tools/fixtures/generate.sh`) against their ground truth
//! (`tests/fixtures/text/NAME.txt`).
//!
//! `text_*` tests compare characters (whitespace runs collapsed to one
//! space, like the corpus scorer); `structure_*` tests compare
//! `Document::text()` exactly: paragraphs separated by a blank line, lines of
//! a paragraph joined by a space, each page ending in a newline, pages
//! separated by a form feed.

mod common;

use common::{assert_exact_eq, assert_text_eq, extract, fixture_pdf, fixtures_dir, truth};
use unicode_normalization::UnicodeNormalization;

/// What a fixture is expected to give.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exactly the ground truth.
    Truth,
    /// The ground truth without U+200C: the producer leaves no trace of the
    /// ZWNJ in its text layer (no glyph, no Unicode, no gap between the
    /// final form and the next letter), so it cannot be recovered from text
    /// and geometry. Documented in tests/fixtures/README.md.
    TruthWithoutZwnj,
}

fn expected(name: &str, expect: Expect) -> String {
    let t = truth(name);
    match expect {
        Expect::Truth => t,
        Expect::TruthWithoutZwnj => t.replace('\u{200C}', ""),
    }
}

fn check_text(producer: &str, name: &str, expect: Expect) {
    let doc = extract(&fixture_pdf(&format!("{producer}/{name}.pdf")));
    for p in &doc.pages {
        assert!(p.error.is_none(), "page {} failed: {:?}", p.number, p.error);
    }
    assert_text_eq(&doc.text(), &expected(name, expect));
}

fn check_structure(producer: &str, name: &str) {
    let doc = extract(&fixture_pdf(&format!("{producer}/{name}.pdf")));
    assert_exact_eq(&doc.text(), &truth(name));
}

macro_rules! text_tests {
    ($($test:ident: $producer:literal / $name:literal => $expect:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check_text($producer, $name, Expect::$expect);
            }
        )*
        /// Every (producer, name) the character tests cover.
        const COVERED: &[(&str, &str)] = &[$(($producer, $name)),*];
    };
}

text_tests! {
    text_reportlab_news: "reportlab" / "news" => Truth;
    text_reportlab_tashkeel: "reportlab" / "tashkeel" => Truth;
    text_reportlab_lamalef: "reportlab" / "lamalef" => Truth;
    text_reportlab_indic_digits: "reportlab" / "indic_digits" => Truth;
    text_reportlab_persian: "reportlab" / "persian" => Truth;
    text_reportlab_urdu: "reportlab" / "urdu" => Truth;
    text_reportlab_two_pages: "reportlab" / "two_pages" => Truth;

    text_fpdf2_news: "fpdf2" / "news" => Truth;
    text_fpdf2_tashkeel: "fpdf2" / "tashkeel" => Truth;
    text_fpdf2_lamalef: "fpdf2" / "lamalef" => Truth;
    text_fpdf2_indic_digits: "fpdf2" / "indic_digits" => Truth;
    text_fpdf2_persian: "fpdf2" / "persian" => TruthWithoutZwnj;
    text_fpdf2_urdu: "fpdf2" / "urdu" => Truth;
    text_fpdf2_two_pages: "fpdf2" / "two_pages" => Truth;

    text_pango_news: "pango" / "news" => Truth;
    text_pango_tashkeel: "pango" / "tashkeel" => Truth;
    text_pango_lamalef: "pango" / "lamalef" => Truth;
    text_pango_indic_digits: "pango" / "indic_digits" => Truth;
    text_pango_persian: "pango" / "persian" => TruthWithoutZwnj;
    text_pango_urdu: "pango" / "urdu" => Truth;

    text_typst_news: "typst" / "news" => Truth;
    text_typst_tashkeel: "typst" / "tashkeel" => Truth;
    text_typst_lamalef: "typst" / "lamalef" => Truth;
    text_typst_indic_digits: "typst" / "indic_digits" => Truth;
    text_typst_persian: "typst" / "persian" => Truth;
    text_typst_two_pages: "typst" / "two_pages" => Truth;

    text_weasyprint_news: "weasyprint" / "news" => Truth;
    text_weasyprint_lamalef: "weasyprint" / "lamalef" => Truth;
    text_weasyprint_indic_digits: "weasyprint" / "indic_digits" => Truth;
    text_weasyprint_persian: "weasyprint" / "persian" => Truth;
    text_weasyprint_two_pages: "weasyprint" / "two_pages" => Truth;
}

// Exact structure: two paragraphs that wrap over several lines.
#[test]
fn structure_reportlab_news() {
    check_structure("reportlab", "news");
}
#[test]
fn structure_fpdf2_news() {
    check_structure("fpdf2", "news");
}
#[test]
fn structure_pango_news() {
    check_structure("pango", "news");
}
#[test]
fn structure_typst_news() {
    check_structure("typst", "news");
}
#[test]
fn structure_weasyprint_news() {
    check_structure("weasyprint", "news");
}

// Exact structure: two paragraphs, a form feed, one paragraph.
#[test]
fn structure_reportlab_two_pages() {
    check_structure("reportlab", "two_pages");
}
#[test]
fn structure_fpdf2_two_pages() {
    check_structure("fpdf2", "two_pages");
}
#[test]
fn structure_typst_two_pages() {
    check_structure("typst", "two_pages");
}
#[test]
fn structure_weasyprint_two_pages() {
    check_structure("weasyprint", "two_pages");
}

#[test]
fn two_pages_fixture_has_two_pages() {
    for producer in ["reportlab", "fpdf2", "typst", "weasyprint"] {
        let doc = extract(&fixture_pdf(&format!("{producer}/two_pages.pdf")));
        assert_eq!(doc.pages.len(), 2, "{producer}");
    }
}

/// The README quick-start sample is the fpdf2 news fixture.
#[test]
fn sample_pdf_gives_news_text() {
    let doc = extract(&fixture_pdf("sample.pdf"));
    assert_exact_eq(&doc.text(), &truth("news"));
}

/// Every generated PDF has a character test, so a new fixture cannot slip
/// in untested.
#[test]
fn every_fixture_pdf_is_covered() {
    let mut found = Vec::new();
    for producer in std::fs::read_dir(fixtures_dir().join("pdf")).unwrap() {
        let producer = producer.unwrap();
        if !producer.file_type().unwrap().is_dir() {
            continue;
        }
        for pdf in std::fs::read_dir(producer.path()).unwrap() {
            let name = pdf.unwrap().file_name().into_string().unwrap();
            let stem = name.strip_suffix(".pdf").expect("only PDFs here");
            found.push((
                producer.file_name().into_string().unwrap(),
                stem.to_string(),
            ));
        }
    }
    found.sort();
    let mut covered: Vec<(String, String)> = COVERED
        .iter()
        .map(|(p, n)| (p.to_string(), n.to_string()))
        .collect();
    covered.sort();
    assert_eq!(found, covered);
}

/// Ground truth is NFC, has no CR, no trailing spaces, and ends each page
/// with exactly one newline.
#[test]
fn truth_files_are_well_formed() {
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures_dir().join("text")).unwrap() {
        let path = entry.unwrap().path();
        let t = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        assert_eq!(t.nfc().collect::<String>(), t, "{name} is not NFC");
        assert!(!t.contains('\r'), "{name} has CR");
        for page in t.split('\x0c') {
            assert!(page.ends_with('\n') && !page.ends_with("\n\n"), "{name}");
            assert!(!page.contains("\n\n\n"), "{name}");
            for line in page.lines() {
                assert_eq!(line.trim(), line, "{name}: {line:?}");
            }
        }
        n += 1;
    }
    assert_eq!(n, 7);
}
