//! Whole extract path: bytes → `naskh::extract` → text and JSON.
//!
//! Panics that escape `naskh::extract` are crashes. naskh contains panics
//! of the PDF interpreter with `catch_unwind` (they become page errors), so
//! the target restores the default panic hook that libFuzzer replaces with
//! an abort; anything that unwinds out of the library still aborts below.
#![no_main]

use std::sync::Once;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    let mut opts = naskh::ExtractOptions::default();
    // Small limits keep each execution fast; the limits themselves are
    // what is being exercised.
    opts.limits.max_stream_bytes = 16 << 20;
    opts.limits.max_decoded_bytes = 64 << 20;
    opts.limits.max_operators_per_page = 200_000;
    opts.limits.max_glyphs_per_page = 100_000;
    opts.limits.page_timeout = Some(Duration::from_secs(2));
    let result = std::panic::catch_unwind(|| {
        if let Ok(doc) = naskh::extract(data, &opts) {
            let _ = doc.text();
            let _ = naskh::output::to_json(&doc);
        }
    });
    if result.is_err() {
        // A panic escaped the library: that is the bug we look for.
        std::process::abort();
    }
});
