//! Time per pipeline stage on the committed fixture PDFs
//! (`tests/fixtures/pdf/**`), each stage fed with the previous stage's
//! output computed outside the timed loop:
//!
//! - `parse`: bytes → opened document (xref, trailer, page tree);
//! - `interpret`: content streams → positioned glyphs with Unicode (fonts,
//!   CMaps, the recovery chain), fresh caches per document as in `extract`;
//! - `layout`: glyphs → blocks, lines, words in logical order;
//! - `normalise`: the search profile over every extracted word;
//! - `repair`: `naskh::repair` over the extracted text;
//! - `extract`: the whole of `naskh::extract`, bytes → `Document`.
//!
//! Throughput is in pages (elements), so criterion's `thrpt` reads as pages
//! per second. With `NASKH_BENCH_CORPUS=DIR` set, an extra `corpus/extract`
//! benchmark runs `extract` over every PDF under DIR (for instance
//! `../shared/corpus/pdf`) for the in-process time per page.
//!
//!     cargo bench -p naskh --bench pipeline
//!     NASKH_BENCH_CORPUS=../shared/corpus/pdf cargo bench -p naskh --bench pipeline -- corpus

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use naskh::glyph::PageGlyphs;
use naskh::layout::{LayoutOptions, layout_page};
use naskh::output::normalize::{Profile, normalize_word};
use naskh::pdf::{GlyphSource, Limits, PdfDocument};
use naskh::repair::{RepairOptions, repair};
use naskh::{ExtractOptions, extract};

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The fixture PDFs that open, with their bytes.
fn load(dir: &Path) -> Vec<Vec<u8>> {
    pdfs_under(dir)
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| PdfDocument::open(b.clone(), "").is_ok())
        .collect()
}

fn glyphs_of(bytes: &[u8]) -> Vec<PageGlyphs> {
    let doc = PdfDocument::open(bytes.to_vec(), "").unwrap();
    let mut src = doc.glyphs(&Limits::default());
    (0..src.page_count())
        .filter_map(|i| src.page_glyphs(i).ok())
        .collect()
}

fn stages(c: &mut Criterion) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pdf");
    let docs = load(&fixtures);
    assert!(
        !docs.is_empty(),
        "no fixture PDFs under {}",
        fixtures.display()
    );
    let pages: Vec<PageGlyphs> = docs.iter().flat_map(|b| glyphs_of(b)).collect();
    let n_pages = pages.len() as u64;
    let layout_opts = LayoutOptions::default();
    let words: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            layout_page(
                p,
                &LayoutOptions {
                    profile: Profile::Faithful,
                    ..layout_opts
                },
            )
        })
        .flat_map(|b| b.lines)
        .flat_map(|l| l.words)
        .map(|w| w.text)
        .collect();
    let opts = ExtractOptions::default();
    let text: String = docs
        .iter()
        .map(|b| extract(b, &opts).map(|d| d.text()).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    // Load the repair lexicon outside the timed loop.
    let _ = repair("x", &RepairOptions::default());

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Elements(n_pages));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for d in &docs {
                let doc = PdfDocument::open(black_box(d.clone()), "").unwrap();
                black_box(doc.page_count());
            }
        })
    });
    g.bench_function("interpret", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(glyphs_of(black_box(d)));
            }
        })
    });
    g.bench_function("layout", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(layout_page(black_box(p), &layout_opts));
            }
        })
    });
    g.bench_function("normalise", |b| {
        b.iter(|| {
            for w in &words {
                black_box(normalize_word(black_box(w), Profile::Search));
            }
        })
    });
    g.bench_function("repair", |b| {
        b.iter(|| black_box(repair(black_box(&text), &RepairOptions::default())))
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(extract(black_box(d), &opts).unwrap());
            }
        })
    });
    g.finish();
}

/// `extract` over a corpus directory (`NASKH_BENCH_CORPUS`), per page.
fn corpus(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("NASKH_BENCH_CORPUS") else {
        return;
    };
    let docs = load(Path::new(&dir));
    let opts = ExtractOptions::default();
    let n_pages: usize = docs
        .iter()
        .map(|b| extract(b, &opts).map_or(0, |d| d.pages.len()))
        .sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Elements(n_pages as u64));
    g.bench_function("extract", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(extract(black_box(d), &opts).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = stages, corpus
}
criterion_main!(benches);
