//! naskh: faithful, searchable Unicode text from Arabic-script PDFs, and repair
//! of Arabic-script text that other tools already broke.
//!
//! Extraction pipeline (one module per stage, data flowing one way):
//! [`pdf`] (bytes → objects → content operators → positioned glyphs, with
//! Unicode from the [`unicode`] recovery chain) → [`layout`] (clusters →
//! lines → words → blocks → logical order) → [`output`] (normalised text,
//! JSON). [`script`] holds the Arabic-script knowledge all stages share.
//! Repair pipeline: [`repair`] (text → segments → candidates → scoring →
//! text + report).
//!
//! ```no_run
//! let bytes = std::fs::read("article.pdf").unwrap();
//! let doc = naskh::extract(&bytes, &naskh::ExtractOptions::default()).unwrap();
//! print!("{}", doc.text());
//! ```

pub mod document;
pub mod error;
mod extract;
pub mod glyph;
pub mod layout;
pub mod output;
pub mod pdf;
pub mod repair;
pub mod script;
pub mod unicode;

pub use document::{Block, Direction, Document, Line, Page, Word};
pub use error::{Error, Result};
pub use extract::{ExtractOptions, extract, extract_from, extract_pages};
