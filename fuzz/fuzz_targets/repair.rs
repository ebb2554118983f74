//! `naskh repair` path: bytes → repaired text, strict and lossy UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;
use naskh::repair::{RepairOptions, repair, repair_reader};

fuzz_target!(|data: &[u8]| {
    let opts = RepairOptions::default();
    // Streaming API, as the CLI uses it: strict (invalid UTF-8 is an
    // error) and lossy (U+FFFD).
    let mut out = Vec::new();
    let _ = repair_reader(data, &mut out, &opts, false);
    out.clear();
    let _ = repair_reader(data, &mut out, &opts, true);
    // In-memory API on valid UTF-8, with a tiny window too.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = repair(text, &opts);
        let small = RepairOptions {
            window_lines: 1,
            ..RepairOptions::default()
        };
        let _ = repair(text, &small);
    }
});
