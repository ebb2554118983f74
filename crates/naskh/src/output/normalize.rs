//! Output normalisation profiles.
//!
//! *Search* (default): presentation forms folded to letters (lam-alef → ل ا),
//! justification tatweel dropped but an authored one kept (a single tatweel
//! closing a word, as in `بـ` or `هـ`), bidi controls dropped, NFC.
//! *Faithful*: what is drawn, only NFC.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::script::{self, TATWEEL};

/// Which normalisation to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Searchable text (the default).
    #[default]
    Search,
    /// Keep presentation forms and tatweel as drawn.
    Faithful,
}

/// Normalise one word.
///
/// ```
/// use naskh::output::normalize::{normalize_word, Profile};
/// assert_eq!(normalize_word("مســجد", Profile::Search), "مسجد");
/// assert_eq!(normalize_word("بـ", Profile::Search), "بـ");
/// assert_eq!(normalize_word("\u{FEFB}", Profile::Search), "لا");
/// // Authored symbols of the block stay: a phrase, a parenthesis.
/// assert_eq!(normalize_word("ﷺ", Profile::Search), "ﷺ");
/// assert_eq!(normalize_word("﴿", Profile::Search), "﴿");
/// ```
pub fn normalize_word(word: &str, profile: Profile) -> String {
    match normalize(word, profile) {
        Cow::Borrowed(w) => w.to_string(),
        Cow::Owned(s) => s,
    }
}

/// [`normalize_word`] on a word the caller owns: a word that needs no
/// change (the usual one) is returned as it is, not copied.
pub(crate) fn normalize_word_owned(word: String, profile: Profile) -> String {
    let changed = match normalize(&word, profile) {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some(s),
    };
    changed.unwrap_or(word)
}

fn normalize(word: &str, profile: Profile) -> Cow<'_, str> {
    // Nothing to fold or drop (the usual word): only NFC is left, and a word
    // that is NFC already (quick check, authoritative when it says yes) is
    // copied as it is.
    let plain = profile == Profile::Faithful
        || !word
            .chars()
            .any(|c| c == TATWEEL || script::is_bidi_control(c) || script::is_foldable_pf(c));
    if plain {
        if unicode_normalization::is_nfc_quick(word.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            return Cow::Borrowed(word);
        }
        return Cow::Owned(word.nfc().collect());
    }
    let mut folded = String::with_capacity(word.len());
    for c in word.chars() {
        if !script::is_bidi_control(c) {
            script::push_folded(&mut folded, c);
        }
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != TATWEEL {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == TATWEEL {
            i += 1;
        }
        // An authored tatweel: exactly one, closing a word after a letter that
        // joins forward (بـ, هـ). Anything else is justification.
        let at_end = chars[i..].iter().all(|c| !c.is_alphanumeric());
        let after_letter = start > 0
            && chars
                .get(start - 1)
                .is_some_and(|&p| script::joins_next(p) && p != TATWEEL);
        if i - start == 1 && at_end && after_letter {
            out.push(TATWEEL);
        }
    }
    Cow::Owned(out.nfc().collect())
}
