//! Character classes the repair stages need, as fast range tests (repair runs
//! at several MB/s, so no per-character property-table lookups here).

// Shared Arabic-script knowledge lives in `crate::script`; re-exported here
// so the repair stages read as one vocabulary.
pub use crate::script::{
    END_OF_AYAH, Form, TATWEEL, ZWNJ, fold_pf, folded_pf, is_bidi_control, is_foldable_pf as is_pf,
    pf_form, push_folded,
};

/// Does `s` hold a tatweel? Asked of every token by the run stages: a scan
/// for its two UTF-8 bytes costs less on a token than `str::contains`,
/// which sets a searcher up per call.
pub fn has_tatweel(s: &str) -> bool {
    // U+0640 is D9 80 in UTF-8; a continuation byte never starts a char,
    // so the pair is the character.
    s.as_bytes().windows(2).any(|w| w == [0xD9, 0x80])
}

/// Does `s` hold `n` spaces in a row? Asked of every line; a byte scan, for
/// the reason of [`has_tatweel`].
pub fn has_spaces(s: &str, n: usize) -> bool {
    s.as_bytes()
        .windows(n)
        .any(|w| w.iter().all(|&b| b == b' '))
}

/// The Arabic combining marks (harakat, shadda, superscript alef, Quranic
/// marks), as inclusive code point ranges: the one list [`is_mark`] is
/// built from.
const MARK_RANGES: [(u32, u32); 8] = [
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08FF),
];

/// Arabic combining marks (harakat, shadda, superscript alef, Quranic marks).
#[inline]
pub fn is_mark(c: char) -> bool {
    // Asked of every character by most stages: one bit test over
    // U+0600–08FF instead of a chain of range compares.
    match (c as u32).wrapping_sub(MARK_BASE) {
        i @ 0..MARK_SPAN => MARK_BITS[(i / 64) as usize] >> (i % 64) & 1 == 1,
        _ => false,
    }
}

/// First code point of [`MARK_BITS`].
const MARK_BASE: u32 = 0x0600;
/// Code points [`MARK_BITS`] covers (U+0600–08FF).
const MARK_SPAN: u32 = 0x300;
/// [`MARK_RANGES`], one bit per code point from [`MARK_BASE`].
const MARK_BITS: [u64; (MARK_SPAN / 64) as usize] = {
    let mut bits = [0u64; (MARK_SPAN / 64) as usize];
    let mut r = 0;
    while r < MARK_RANGES.len() {
        let (mut cp, last) = MARK_RANGES[r];
        while cp <= last {
            let i = (cp - MARK_BASE) as usize;
            bits[i / 64] |= 1 << (i % 64);
            cp += 1;
        }
        r += 1;
    }
    bits
};

/// A letter of the basic Arabic alphabet (U+0620–064A, not the tatweel):
/// most characters the repair stages look at, so tested first.
#[inline]
pub fn is_basic_letter(c: char) -> bool {
    // One range test and one compare (cheaper than two ranges).
    let cp = c as u32;
    cp.wrapping_sub(0x0620) <= 0x064A - 0x0620 && cp != 0x0640
}

/// Arabic-script letter in nominal or presentation form (not digits, not marks).
#[inline]
pub fn is_letter(c: char) -> bool {
    is_basic_letter(c)
        || matches!(c as u32, 0x066E | 0x066F | 0x0671..=0x06D3 | 0x06D5 | 0x06EE | 0x06EF | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE80..=0xFEFC)
}

/// A Quranic annotation sign written as a word of its own between the
/// words it marks (`رَيْبَ ۛ فِيهِ ۛ`): the small high pause signs, the rub
/// el hizb and the sajdah place. Marks by class, but no torn-off vowel.
pub fn is_quranic_sign(c: char) -> bool {
    matches!(c as u32, 0x06D6..=0x06DC | 0x06DE | 0x06E9)
}

/// Does a tatweel after these letters (`rev`: the letters before it, last
/// first, marks left out) close them on purpose before a number, a Latin
/// word or punctuation? After a lone letter (`بـ5`, `هـ.`, `لـ«الشرق»`) or
/// the article with its prefixes (`الـ5G`, `بالـ"API"`, `للـ`) it does;
/// justification only ever stretches a join between two letters.
pub fn closes_with_tatweel(rev: &[char]) -> bool {
    rev.len() == 1
        || (rev.len() <= 4 && rev.starts_with(&['ل', 'ا']))
        || matches!(rev, ['ل', 'ل'] | ['ل', 'ل', 'و' | 'ف'])
}

/// Arabic-script word character: letter, mark, tatweel or ZWNJ.
#[inline]
pub fn is_word_char(c: char) -> bool {
    is_letter(c) || is_mark(c) || c == TATWEEL || c == ZWNJ || matches!(c as u32, 0xFE70..=0xFE7F)
}

/// Can this letter join the letter after it (dual-joining)? Not ا د ذ ر ز و
/// and their variants, ة, ى, ء.
pub fn joins_next(c: char) -> bool {
    is_letter(c)
        && !matches!(
            c,
            'ا' | 'أ'
                | 'إ'
                | 'آ'
                | 'ٱ'
                | 'د'
                | 'ذ'
                | 'ر'
                | 'ز'
                | 'و'
                | 'ؤ'
                | 'ة'
                | 'ى'
                | 'ء'
                | 'ژ'
                | 'ڈ'
                | 'ڑ'
                | 'ے'
                | 'ۓ'
                | 'ۀ'
                | 'ە'
        )
}

/// Digits laid out left to right (ASCII, Arabic-Indic, Extended Arabic-Indic).
pub fn is_digit(c: char) -> bool {
    ascii_digit(c).is_some()
}

/// The ASCII digit of an ASCII, Arabic-Indic or Extended Arabic-Indic
/// digit: number checks read the shape, not the script.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
        _ => None,
    }
}

/// Characters that run left to right inside an RTL line: Latin and other
/// strong-LTR letters and digits.
pub fn is_ltr(c: char) -> bool {
    // Fast paths first: this runs on every character of every line, and
    // `is_alphanumeric` is a table search outside ASCII.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if is_digit(c) {
        return true;
    }
    if matches!(c as u32, 0x0590..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF) {
        return false;
    }
    c.is_alphanumeric() && !is_word_char(c)
}

/// Punctuation that ends a sentence or clause, Arabic and Latin (`. ، ؛ : ! ؟ ۔`).
pub fn is_clause_punct(c: char) -> bool {
    matches!(c, '.' | '،' | '؛' | ':' | '!' | '؟' | '۔')
}

/// Private Use Area code point (a font without a Unicode map).
pub fn is_pua(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Bracket mirror, for text that was printed in visual order.
pub fn mirror(c: char) -> char {
    // Only the paired brackets and quotes extractors flip; other
    // Bidi_Mirrored characters (maths) are left as printed.
    if matches!(
        c,
        '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '«' | '»' | '‹' | '›'
    ) {
        crate::script::mirror(c).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_scans_find_what_contains_finds() {
        for s in ["مســجد", "هـ", "مسجد", "ـ", "", "ڀ ـa", "\u{0680}\u{0600}"] {
            assert_eq!(has_tatweel(s), s.contains(TATWEEL), "{s:?}");
        }
        for s in ["a  b", "a b", "  ", " ", "", "ق   ل"] {
            assert_eq!(has_spaces(s, 2), s.contains("  "), "{s:?}");
            assert_eq!(has_spaces(s, 3), s.contains("   "), "{s:?}");
        }
    }

    #[test]
    fn letter_fast_path_is_the_letter_ranges() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let want = matches!(c as u32, 0x0620..=0x063F | 0x0641..=0x064A | 0x066E | 0x066F | 0x0671..=0x06D3 | 0x06D5 | 0x06EE | 0x06EF | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE80..=0xFEFC);
            assert_eq!(is_letter(c), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn mark_bitmap_is_the_mark_ranges() {
        let marks: Vec<u32> = (0..0x1_0000)
            .filter_map(char::from_u32)
            .filter(|&c| is_mark(c))
            .map(u32::from)
            .collect();
        let want: Vec<u32> = MARK_RANGES.iter().flat_map(|&(a, b)| a..=b).collect();
        assert_eq!(marks, want);
        assert!(is_mark('\u{064E}') && is_mark('\u{08FF}') && !is_mark('ب'));
    }

    #[test]
    fn forms_from_block_layout() {
        assert_eq!(pf_form('\u{FE91}'), Some(Form::Initial)); // beh initial
        assert_eq!(pf_form('\u{FE92}'), Some(Form::Medial));
        assert_eq!(pf_form('\u{FE8E}'), Some(Form::Final)); // alef final
        assert_eq!(pf_form('\u{FEFB}'), Some(Form::Isolated)); // lam-alef
        assert_eq!(pf_form('\u{FB58}'), Some(Form::Initial)); // peh initial
        assert_eq!(pf_form('ب'), None);
    }

    #[test]
    fn folds_lam_alef_logically() {
        let mut s = String::new();
        push_folded(&mut s, '\u{FEFB}');
        assert_eq!(s, "\u{0644}\u{0627}");
        let mut s = String::new();
        push_folded(&mut s, '\u{FE83}');
        assert_eq!(s, "أ");
    }
}
