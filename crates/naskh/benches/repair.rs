//! Throughput of `naskh::repair` on clean and on damaged text (target ≥ 5 MB/s
//! on one core). Inputs are the committed synthetic fixtures, repeated.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use naskh::repair::{RepairOptions, repair};
use std::hint::black_box;
use std::path::Path;

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
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
