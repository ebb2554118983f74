//! Arabic-script knowledge: shaping forms of presentation-form code points,
//! joining behaviour, combining marks, bidi classes and mirroring.
//!
//! Character properties come from ICU4X (`icu_properties`); only the
//! presentation-form shaping tags, which no crate exposes, are a generated
//! table (`tools/gen_unicode_tables.py`).

mod pf_forms;

use icu_properties::props::{BidiClass, BidiMirroringGlyph, GeneralCategory, JoiningType};
use icu_properties::{CodePointMapData, CodePointMapDataBorrowed};
use unicode_normalization::UnicodeNormalization;

/// The tatweel (kashida) character U+0640.
pub const TATWEEL: char = '\u{0640}';
/// Zero-width non-joiner, used inside Persian/Urdu words.
pub const ZWNJ: char = '\u{200C}';
/// ARABIC END OF AYAH: closes a Quranic verse, written before the verse
/// number it encloses (`۝٢`).
pub const END_OF_AYAH: char = '\u{06DD}';

/// Contextual form of a shaped Arabic glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Joins on neither side.
    Isolated,
    /// Joins to the following letter only (word start).
    Initial,
    /// Joins on both sides.
    Medial,
    /// Joins to the preceding letter only (word end).
    Final,
}

impl Form {
    /// Does a glyph of this form connect to the letter that follows it logically?
    pub fn joins_next(self) -> bool {
        matches!(self, Form::Initial | Form::Medial)
    }

    /// Does a glyph of this form connect to the letter before it logically?
    pub fn joins_prev(self) -> bool {
        matches!(self, Form::Final | Form::Medial)
    }
}

/// Shaping form of a presentation-form code point, if it has one.
///
/// ```
/// use naskh::script::{pf_form, Form};
/// assert_eq!(pf_form('\u{FE91}'), Some(Form::Initial)); // beh initial
/// assert_eq!(pf_form('ب'), None);
/// ```
pub fn pf_form(c: char) -> Option<Form> {
    let cp = c as u32;
    // Spacing and tatweel forms of harakat (U+FE70–FE7F) are marks, not
    // letters with a joining form.
    if (0xFE70..=0xFE7F).contains(&cp) || !(0xFB50..=0xFEFF).contains(&cp) {
        return None;
    }
    pf_forms::PF_FORMS
        .binary_search_by_key(&cp, |&(k, _)| k)
        .ok()
        .and_then(|i| pf_forms::PF_FORMS.get(i))
        .map(|&(_, f)| f)
}

/// Is `c` an Arabic presentation form that the search profile folds
/// (U+FB50–FDFF, U+FE70–FEFC)? Not the authored symbols in that block,
/// which have no letters to fold to or stand for a phrase: the ornate
/// parentheses and honorifics (U+FD3E–FD4F, U+FDCF), `ﷺ` and `ﷻ` (a phrase each,
/// whose spaces the fold would lose), the rial sign, `﷽` and the
/// noncharacters.
///
/// ```
/// use naskh::script::is_foldable_pf;
/// assert!(is_foldable_pf('\u{FEFB}')); // lam-alef
/// assert!(is_foldable_pf('\u{FDF2}')); // the Allah ligature
/// assert!(!is_foldable_pf('\u{FDFA}')); // ﷺ
/// assert!(!is_foldable_pf('\u{FD3E}')); // ornate parenthesis
/// ```
pub fn is_foldable_pf(c: char) -> bool {
    matches!(c as u32, 0xFB50..=0xFD3D | 0xFD50..=0xFDC7 | 0xFDF0..=0xFDF9 | 0xFE70..=0xFEFC)
}

/// Append `c` to `out`, folding an Arabic presentation form to its letters in
/// logical order (restricted NFKC: `ﻻ` → `لا`).
pub fn push_folded(out: &mut String, c: char) {
    match folded_pf(c) {
        Some(f) => out.push_str(f),
        None => out.push(c),
    }
}

/// `s` with every presentation form folded to its letters ([`push_folded`]).
///
/// ```
/// assert_eq!(naskh::script::fold_pf("\u{FEDF}\u{FEDC}\u{FEE6}"), "لكن");
/// ```
pub fn fold_pf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| push_folded(&mut out, c));
    out
}

/// First code point of the presentation-form blocks [`folded_pf`] tabulates.
const PF_FIRST: u32 = 0xFB50;
/// Last code point of those blocks (the last lam-alef form).
const PF_LAST: u32 = 0xFEFC;

/// The letters a foldable presentation form ([`is_foldable_pf`]) stands for,
/// in logical order; `None` for any other character.
///
/// ```
/// assert_eq!(naskh::script::folded_pf('\u{FEFB}'), Some("لا"));
/// assert_eq!(naskh::script::folded_pf('ب'), None);
/// ```
///
/// Tabulated once: repair folds every character of every token, and NFKC
/// composition per character was a quarter of its time on
/// presentation-form text.
pub fn folded_pf(c: char) -> Option<&'static str> {
    static FOLDS: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    if !is_foldable_pf(c) {
        return None;
    }
    let folds = FOLDS.get_or_init(|| {
        (PF_FIRST..=PF_LAST)
            .map(|cp| match char::from_u32(cp) {
                // NFKC (not NFKD): alef-hamza stays one code point. Isolated
                // harakat forms (U+FE70…) decompose to space + mark: keep the
                // mark.
                Some(c) if is_foldable_pf(c) => {
                    std::iter::once(c).nfkc().filter(|&d| d != ' ').collect()
                }
                _ => Box::from(""),
            })
            .collect()
    });
    let i = usize::try_from(u32::from(c) - PF_FIRST).ok()?;
    folds.get(i).map(|f| &**f)
}

/// The letter a presentation form stands for (its last letter for a
/// ligature: the one that faces the next letter); other characters as they are.
///
/// ```
/// assert_eq!(naskh::script::base_letter('\u{FBFD}'), '\u{06CC}');
/// assert_eq!(naskh::script::base_letter('ب'), 'ب');
/// ```
pub fn base_letter(c: char) -> char {
    folded_pf(c).and_then(|f| f.chars().last()).unwrap_or(c)
}

fn bidi_map() -> CodePointMapDataBorrowed<'static, BidiClass> {
    CodePointMapData::<BidiClass>::new()
}

/// Unicode bidi class of `c`.
pub fn bidi_class(c: char) -> BidiClass {
    bidi_map().get(c)
}

/// Mirror image of `c` (for Bidi_Mirrored characters such as brackets).
pub fn mirror(c: char) -> Option<char> {
    CodePointMapData::<BidiMirroringGlyph>::new()
        .get(c)
        .mirroring_glyph
}

/// Is `c` a combining mark (general category Mn/Me)?
pub fn is_mark(c: char) -> bool {
    matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
    )
}

/// Joining type of `c` (ArabicShaping.txt).
pub fn joining_type(c: char) -> JoiningType {
    CodePointMapData::<JoiningType>::new().get(c)
}

/// Can a letter `c` connect to a letter that follows it (dual-joining or
/// join-causing, e.g. ب or tatweel; not ا د ذ ر ز و)?
pub fn joins_next(c: char) -> bool {
    matches!(
        joining_type(c),
        JoiningType::DualJoining | JoiningType::JoinCausing
    )
}

/// Can a letter `c` connect to the letter before it (dual- or
/// right-joining or join-causing: ب, ا, د; not ء)?
pub fn joins_prev(c: char) -> bool {
    matches!(
        joining_type(c),
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    )
}

/// The form `c` takes between `before` and `after` (logical order; `None`
/// where no letter stands): joined to each that joins it.
///
/// ```
/// use naskh::script::{form_between, Form};
/// assert_eq!(form_between(Some('ب'), 'ه', None), Form::Final);
/// assert_eq!(form_between(Some('ا'), 'ه', Some('م')), Form::Initial);
/// ```
pub fn form_between(before: Option<char>, c: char, after: Option<char>) -> Form {
    let left = before.is_some_and(|b| joins_next(b) && joins_prev(c));
    let right = after.is_some_and(|a| joins_next(c) && joins_prev(a));
    match (left, right) {
        (false, false) => Form::Isolated,
        (false, true) => Form::Initial,
        (true, true) => Form::Medial,
        (true, false) => Form::Final,
    }
}

/// Is `c` a bidi control character that extractors insert (LRM, RLM, ALM,
/// embeddings, overrides, isolates)?
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c as u32,
        0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069
    )
}

/// Strong direction of a character for layout purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Right-to-left letter (R, AL).
    Rtl,
    /// Left-to-right letter (L).
    Ltr,
    /// European or Arabic-Indic digit (EN, AN): laid out left to right.
    Number,
    /// Common separator (CS: `, . / :`), glues numbers of one kind.
    CommonSeparator,
    /// European separator (ES: `+ -`), glues European numbers only.
    EuropeanSeparator,
    /// European terminator (ET: `% # $`), sticks to European numbers only.
    Terminator,
    /// Anything else: spaces, punctuation, marks.
    Neutral,
}

/// Layout direction class of `c`.
pub fn dir_class(c: char) -> Dir {
    match bidi_class(c) {
        BidiClass::RightToLeft | BidiClass::ArabicLetter => Dir::Rtl,
        BidiClass::LeftToRight => Dir::Ltr,
        BidiClass::EuropeanNumber | BidiClass::ArabicNumber => Dir::Number,
        BidiClass::CommonSeparator => Dir::CommonSeparator,
        BidiClass::EuropeanSeparator => Dir::EuropeanSeparator,
        BidiClass::EuropeanTerminator => Dir::Terminator,
        _ => Dir::Neutral,
    }
}

/// Is `c` an Arabic-script letter (for word guards and language votes)?
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
        || c == TATWEEL
}

/// First code point of the block that [`is_alphabetic`] and
/// [`is_alphanumeric`] answer from a table (Arabic, Syriac, Arabic
/// Supplement, Thaana, NKo).
const TABLE_START: u32 = 0x0600;
/// Code points covered by the table.
const TABLE_LEN: usize = 0x0200;

/// Alphabetic (`[0]`) and numeric (`[1]`) bits of U+0600–U+07FF, as the
/// standard library's `char::is_alphabetic` / `char::is_numeric` answer them
/// (a test checks that they still do). A constant, so that no process pays
/// for building it.
static PROPERTY_TABLE: [[u64; TABLE_LEN / 64]; 2] = [
    [
        0xFFFFFFFF07FF0000,
        0xFFFFC000FEFFFFFF,
        0xFFFFFFFFFFFFFFFF,
        0x9C00E1FE1FEFFFFF,
        0xFFFFFFFFFFFF0000,
        0xFFFFFFFFFFFFE000,
        0x0003FFFFFFFFFFFF,
        0x043007FFFFFFFC00,
    ],
    [
        0x0000000000000000,
        0x000003FF00000000,
        0x0000000000000000,
        0x03FF000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x00000000000003FF,
    ],
];

/// First code point of the second table: the Arabic presentation forms
/// (U+FB50–U+FDFF, U+FE70–U+FEFF, which ToUnicode maps of some producers
/// give for every glyph) and what lies between them.
const PF_TABLE_START: u32 = 0xFB50;
/// Code points covered by the second table (up to U+FF0F).
const PF_TABLE_LEN: usize = 0x03C0;

/// Alphabetic (`[0]`) and numeric (`[1]`) bits of U+FB50–U+FF0F, as
/// [`PROPERTY_TABLE`] (generated from `char::is_alphabetic` /
/// `char::is_numeric`; the same test checks them).
static PF_PROPERTY_TABLE: [[u64; PF_TABLE_LEN / 64]; 2] = [
    [
        0xFFFFFFFFFFFFFFFF,
        0x00000003FFFFFFFF,
        0xFFFFFFFFFFFFFFF8,
        0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF,
        0x00003FFFFFFFFFFF,
        0xFFFFFFFFFFFFFFFF,
        0x00FFFFFFFFFFFFFC,
        0x00000FFF00000000,
        0x0000000000000000,
        0xFFFFFFDF00000000,
        0xFFFFFFFFFFFFFFFF,
        0x00001FFFFFFFFFFF,
    ],
    [
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
        0x0000000000000000,
    ],
];

fn table_bit(which: usize, c: char) -> Option<bool> {
    let v = c as u32;
    let (table, i) = if let Some(i) = v.checked_sub(PF_TABLE_START) {
        (&PF_PROPERTY_TABLE.get(which)?[..], i as usize)
    } else {
        (
            &PROPERTY_TABLE.get(which)?[..],
            v.checked_sub(TABLE_START)? as usize,
        )
    };
    let word = table.get(i / 64)?;
    Some(word >> (i % 64) & 1 == 1)
}

/// `char::is_alphabetic`, answered from a table for ASCII and the Arabic
/// blocks (the standard library searches a range table for every
/// non-ASCII character, which showed in the profile).
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    table_bit(0, c).unwrap_or_else(|| c.is_alphabetic())
}

/// `char::is_alphanumeric`, from the same table as [`is_alphabetic`].
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match (table_bit(0, c), table_bit(1, c)) {
        (Some(a), Some(n)) => a || n,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_lam_alef_in_logical_order() {
        let mut s = String::new();
        push_folded(&mut s, '\u{FEFB}');
        assert_eq!(s, "\u{0644}\u{0627}");
    }

    #[test]
    fn classes() {
        assert_eq!(dir_class('ب'), Dir::Rtl);
        assert_eq!(dir_class('a'), Dir::Ltr);
        assert_eq!(dir_class('٣'), Dir::Number);
        assert_eq!(dir_class('7'), Dir::Number);
        assert_eq!(dir_class('%'), Dir::Terminator);
        assert_eq!(dir_class('/'), Dir::CommonSeparator);
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror('«'), Some('»'));
        assert!(is_mark('\u{064E}'));
        assert!(joins_next('ب'));
        assert!(!joins_next('د'));
        assert!(joins_next(TATWEEL));
        assert_eq!(pf_form('\u{FEEA}'), Some(Form::Final));
    }

    #[test]
    fn property_tables_agree_with_std() {
        for v in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(v) else { continue };
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{v:04X}");
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{v:04X}");
        }
    }
}
