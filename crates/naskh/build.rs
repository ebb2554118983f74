//! Counts the repair lexicon (`data/lexicon.txt`) into the lookup tables the
//! library reads back (`$OUT_DIR/lexicon.bin`), so no process pays for it.

#[path = "src/repair/lexicon_tables.rs"]
mod lexicon_tables;

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=data/lexicon.txt");
    println!("cargo::rerun-if-changed=src/repair/lexicon_tables.rs");
    let text = std::fs::read_to_string("data/lexicon.txt").expect("read data/lexicon.txt");
    let bytes = match lexicon_tables::count(&text).and_then(|c| lexicon_tables::to_bytes(&c)) {
        Ok(b) => b,
        Err(e) => panic!("data/lexicon.txt: {e}"),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("lexicon.bin"), bytes).expect("write lexicon.bin");
}
