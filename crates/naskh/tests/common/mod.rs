//! Shared test support: fixture paths, extraction helpers and the lopdf
//! edge-case builders ([`synth`]).
#![allow(dead_code)] // each test crate uses a different part

pub mod synth;

use std::path::PathBuf;

/// `tests/fixtures` at the workspace root.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Bytes of `tests/fixtures/pdf/REL`.
pub fn fixture_pdf(rel: &str) -> Vec<u8> {
    let p = fixtures_dir().join("pdf").join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Ground truth `tests/fixtures/text/NAME.txt`.
pub fn truth(name: &str) -> String {
    let p = fixtures_dir().join("text").join(format!("{name}.txt"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Extract with default options; panics if the document cannot be opened.
pub fn extract(bytes: &[u8]) -> naskh::Document {
    naskh::extract(bytes, &naskh::ExtractOptions::default())
        .unwrap_or_else(|e| panic!("extract failed: {e}"))
}

/// Whitespace runs (spaces, newlines, form feeds) collapsed to one space,
/// ends trimmed: the corpus scorer's strict character comparison.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Assert equal after [`collapse_ws`], showing both sides and the first
/// differing character on failure.
#[track_caller]
pub fn assert_text_eq(actual: &str, expected: &str) {
    let (a, e) = (collapse_ws(actual), collapse_ws(expected));
    if a != e {
        panic!("{}", diff_message(&a, &e));
    }
}

/// Assert exactly equal (structure: blank lines, form feeds, final newline).
#[track_caller]
pub fn assert_exact_eq(actual: &str, expected: &str) {
    if actual != expected {
        panic!("{}", diff_message(actual, expected));
    }
}

fn diff_message(actual: &str, expected: &str) -> String {
    let pos = actual
        .chars()
        .zip(expected.chars())
        .position(|(a, b)| a != b)
        .unwrap_or(actual.chars().count().min(expected.chars().count()));
    let around = |s: &str| -> String {
        s.chars()
            .skip(pos.saturating_sub(8))
            .take(24)
            .map(|c| format!("U+{:04X}", c as u32))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "text differs at char {pos}\n  actual:   {actual:?}\n  expected: {expected:?}\n  \
         actual near it:   {}\n  expected near it: {}",
        around(actual),
        around(expected)
    )
}
