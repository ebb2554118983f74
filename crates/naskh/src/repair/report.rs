//! What the repair changed, and what it could not recover.

use serde::Serialize;

/// Kind of a repair, one per defect model of the repair pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Bidi control characters an extractor inserted were removed.
    BidiControl,
    /// Glyphs an extractor printed without their text (`(cid:10)`, U+FFFD,
    /// a control code) were written as what the document uses them for: a
    /// tatweel for a kashida glyph, or a space; a marker or a control for
    /// a glyph whose text is lost is left out ([`ChangeKind::MissingGlyph`]).
    CidMarker,
    /// Glyphs whose text is lost (printed as `(cid:34)`, U+FFFD or a
    /// control code, and neither a kashida nor a space): reported with
    /// their line, each marked there by U+FFFD, and never guessed. In the
    /// text a U+FFFD stays; a marker or a control is left out.
    MissingGlyph,
    /// Justification tatweel inside a word was removed.
    Tatweel,
    /// Presentation forms were folded to letters.
    PresentationForm,
    /// Letters printed in visual order were put back into logical order.
    LetterOrder,
    /// Words printed in reversed (visual) order were put back into logical order.
    WordOrder,
    /// Runs cut at glyph-cluster boundaries and printed in reversed order were rejoined.
    RunOrder,
    /// Ligature components swapped by per-character reversal were restored (`اهلل` → `الله`).
    LigatureOrder,
    /// Combining marks detached, preceded by a space, or moved a letter late.
    Mark,
    /// Private Use Area codes decoded.
    PrivateUse,
    /// Spaces removed inside a word.
    Join,
    /// Spaces restored between words.
    Split,
    /// Punctuation on the wrong side of a word or mirrored (`دول ،وسط` → `دول، وسط`).
    Punctuation,
    /// Hard-wrapped lines joined into a paragraph.
    Paragraph,
    /// Columns printed side by side (layout-mode text) read one after the other.
    Columns,
    /// Zero-width non-joiners an extractor dropped were put back (`میآیند` → `می‌آیند`).
    Zwnj,
    /// Digit runs printed reversed were put back in reading order (`٠٥٤٬٢١` → `١٢٬٤٥٠`).
    Digits,
    /// A letter cluster printed twice in a row was printed once (`فِِفي` → `فِي`).
    Doubled,
    /// The letters at a space printed on its wrong sides were swapped back
    /// (`المدا نلساحلية` → `المدن الساحلية`), or a line's runs of plain
    /// letters that an extractor's bidi pass turned inside presentation
    /// forms were turned back (reported per line).
    EdgeLetters,
}

/// One applied change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// 1-based input line number where the change starts.
    pub line: usize,
    /// What kind of defect was repaired.
    pub kind: ChangeKind,
    /// The text before (a word or a line).
    pub before: String,
    /// The text after.
    pub after: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// A damaged site the repair left alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unrecoverable {
    /// 1-based input line number.
    pub line: usize,
    /// What kind of defect it is.
    pub kind: ChangeKind,
    /// The text as it stays.
    pub text: String,
    /// Best guess, if any (not applied: below the threshold).
    pub guess: Option<String>,
    /// Confidence of the guess.
    pub confidence: f64,
}

/// Everything `repair` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RepairReport {
    /// Applied changes, in input order (the first 100,000).
    pub changes: Vec<Change>,
    /// Changes applied but not listed (past the cap on huge inputs).
    pub omitted_changes: usize,
    /// Sites left unrepaired (the first 100,000).
    pub unrecoverable: Vec<Unrecoverable>,
    /// Sites left unrepaired but not listed (past the cap on huge inputs).
    pub omitted_unrecoverable: usize,
    /// Lines read.
    pub lines: usize,
    /// Document-level decision: share of Arabic words printed in visual letter order.
    pub visual_letter_share: f64,
    /// Document-level decision: were line word orders reversed?
    pub reversed_word_order: bool,
}

impl RepairReport {
    /// Number of changes of one kind.
    ///
    /// ```
    /// use naskh::repair::{repair, ChangeKind, RepairOptions};
    /// let (_, report) = repair("ﺍﻟﻌﺎﺻﻤﺔ\n", &RepairOptions::default());
    /// assert_eq!(report.count(ChangeKind::PresentationForm), 1);
    /// ```
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}
