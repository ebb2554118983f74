//! Repairs each file named on the command line alone, in one process, the
//! way a library user repairs a corpus document by document. Prints the
//! bytes read. `tools/bench/repair_ab.py --documents` counts its
//! instructions: per-document cost without process start-up, which on
//! documents of a few kilobytes is as large as the repair itself.
//!
//!     cargo run --release -p naskh --example repair_each -- a.txt b.txt

use naskh::repair::{RepairOptions, repair};

// The allocator the CLI ships with, so that this measures what `naskh
// repair` does per document.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let opts = RepairOptions::default();
    // Load the lexicon before the first document, so that a run without
    // files measures what every run pays once.
    let _ = repair("x", &opts);
    let mut bytes = 0usize;
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                bytes += text.len();
                std::hint::black_box(repair(&text, &opts));
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{bytes}");
}
