//! naskh: faithful, searchable Unicode text from Arabic-script PDFs, and repair
//! of Arabic-script text that other tools already broke.
//!
//! Extraction pipeline (one module per stage, data flowing one way):
//! `pdf` (bytes → positioned glyphs with Unicode, via [`unicode`] recovery) →
//! `layout` (clusters → lines → words → blocks → logical order) →
//! `output` (normalised text, JSON).
//! Repair pipeline: `repair` (text → segments → candidates → scoring → text + report).

pub mod error;
pub mod glyph;
pub mod layout;
pub mod output;
pub mod pdf;
pub mod repair;
pub mod script;
pub mod unicode;

pub use error::{Error, Result};
