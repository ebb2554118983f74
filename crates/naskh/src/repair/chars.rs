//! Character classes the repair stages need, as fast range tests (repair runs
//! at several MB/s, so no per-character property-table lookups here).

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_compatible;

/// Tatweel (kashida), U+0640.
pub const TATWEEL: char = '\u{0640}';
/// Zero-width non-joiner (Persian/Urdu morpheme boundary).
pub const ZWNJ: char = '\u{200C}';

/// Bidi controls extractors insert (LRM, RLM, ALM, embeddings, overrides, isolates).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c as u32,
        0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069
    )
}

/// Arabic combining marks (harakat, shadda, superscript alef, Quranic marks).
pub fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7 | 0x06E8 | 0x06EA..=0x06ED | 0x08D3..=0x08FF)
}

/// Presentation forms the repair folds (U+FB50–FDFF, U+FE70–FEFC).
pub fn is_pf(c: char) -> bool {
    matches!(c as u32, 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// Arabic-script letter in nominal or presentation form (not digits, not marks).
pub fn is_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x063F | 0x0641..=0x064A | 0x066E | 0x066F | 0x0671..=0x06D3 | 0x06D5 | 0x06EE | 0x06EF | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE80..=0xFEFC)
}

/// Arabic-script word character: letter, mark, tatweel or ZWNJ.
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
    c.is_ascii_digit() || matches!(c as u32, 0x0660..=0x0669 | 0x06F0..=0x06F9)
}

/// Characters that run left to right inside an RTL line: Latin and other
/// strong-LTR letters and digits.
pub fn is_ltr(c: char) -> bool {
    is_digit(c) || (c.is_alphanumeric() && !is_word_char(c) && !matches!(c as u32, 0x0590..=0x08FF))
}

/// Private Use Area code point (a font without a Unicode map).
pub fn is_pua(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Bracket mirror, for text that was printed in visual order.
pub fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

/// Contextual form of a presentation-form letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Joins on neither side.
    Isolated,
    /// Joins the next letter only.
    Initial,
    /// Joins both sides.
    Medial,
    /// Joins the previous letter only.
    Final,
}

/// Form of a presentation-form letter, derived from Unicode's layout of the
/// blocks: consecutive code points with the same compatibility decomposition are
/// the isolated, final, initial and medial forms of one letter, in that order.
pub fn pf_form(c: char) -> Option<Form> {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    const START: u32 = 0xFB50;
    const END: u32 = 0xFEFC;
    let cp = c as u32;
    if !(START..=END).contains(&cp) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        let decomp = |cp: u32| -> String {
            let mut s = String::new();
            if let Some(ch) = char::from_u32(cp) {
                decompose_compatible(ch, |d| s.push(d));
            }
            s
        };
        let all: Vec<String> = (START..=END).map(decomp).collect();
        let mut out = vec![0u8; all.len()];
        let mut i = 0;
        while i < all.len() {
            let mut j = i + 1;
            while j < all.len() && all[j] == all[i] && !all[i].is_empty() {
                j += 1;
            }
            let n = j - i;
            // 1 = isolated, 2 = final, 3 = initial, 4 = medial, 0 = unknown.
            let forms: &[u8] = match n {
                4 => &[1, 2, 3, 4],
                2 => &[1, 2],
                _ => &[],
            };
            for (k, f) in forms.iter().enumerate() {
                if let Some(slot) = out.get_mut(i + k) {
                    *slot = *f;
                }
            }
            i = j;
        }
        // Hamza has only an isolated form.
        if let Some(slot) = out.get_mut((0xFE80 - START) as usize) {
            *slot = 1;
        }
        out
    });
    match table.get((cp - START) as usize) {
        Some(1) => Some(Form::Isolated),
        Some(2) => Some(Form::Final),
        Some(3) => Some(Form::Initial),
        Some(4) => Some(Form::Medial),
        _ => None,
    }
}

/// Append `c` folded to nominal letters in logical order (lam-alef → لا).
pub fn push_folded(out: &mut String, c: char) {
    if is_pf(c) {
        // NFKC (not NFKD): alef-hamza must stay one code point.
        // Isolated harakat forms decompose to space + mark; keep the mark.
        out.extend(std::iter::once(c).nfkc().filter(|&d| d != ' '));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
