//! Output: normalisation profiles, plain text and JSON.

pub mod normalize;

use crate::document::Document;

/// Serialise a document as pretty JSON (pages → blocks → lines → words,
/// with boxes, directions, fonts and per-page diagnostics).
pub fn to_json(doc: &Document) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
