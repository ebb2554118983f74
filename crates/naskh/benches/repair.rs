//! Throughput of `naskh::repair` on clean and on damaged text (target ≥ 5 MB/s
//! on one core). Inputs are the committed synthetic fixtures: each kind's
//! five texts repeated as one long input (a corpus streamed through one
//! call, where the document profile is read from the first window only),
//! and `documents`, every damaged fixture repaired alone (a corpus repaired
//! document by document, each paying for its own profile).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use naskh::repair::{RepairOptions, repair};
use std::hint::black_box;
use std::path::Path;

// The CLI's allocator (see crates/naskh-cli/src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(kind: &str, file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/repair")
        .join(kind)
        .join(file);
    std::fs::read_to_string(p).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let opts = RepairOptions::default();
    let mut g = c.benchmark_group("repair");
    for (name, kind, suffix) in [
        ("clean", "pf", "truth"),
        ("visual_pf", "visual_line_pf", "damaged"),
        ("spaces_lost", "spaces_lost", "damaged"),
        ("spaces_inserted", "spaces_inserted", "damaged"),
        ("runs", "runs", "damaged"),
        ("marks", "marks", "damaged"),
    ] {
        let mut text = String::new();
        for f in ["ar_news", "ar_report", "ar_culture", "fa_city", "ur_school"] {
            text.push_str(&load(kind, &format!("{f}.{suffix}.txt")));
            text.push('\n');
        }
        let text = text.repeat(40);
        // Load the lexicon outside the timed loop.
        let _ = repair("x", &opts);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| repair(black_box(&text), &opts)));
    }
    // Every damaged fixture, each its own document, none repeated.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/repair");
    let mut docs: Vec<String> = Vec::new();
    if let Ok(kinds) = std::fs::read_dir(&root) {
        let mut kinds: Vec<_> = kinds.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        kinds.sort();
        for kind in kinds {
            let mut files: Vec<_> = std::fs::read_dir(&kind)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".damaged.txt"))
                .collect();
            files.sort();
            docs.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
        }
    }
    g.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
    g.bench_function("documents", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(repair(black_box(d), &opts));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
