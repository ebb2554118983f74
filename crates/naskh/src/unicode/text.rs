//! Checks on candidate Unicode text (chain step 1: is a ToUnicode value usable?).

use unicode_normalization::UnicodeNormalization;

/// Whether `c` is a Private Use Area code point (BMP PUA or planes 15/16).
pub fn is_pua(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0x10_FFFF)
}

/// Whether `c` is a presentation form: Arabic contextual forms and
/// ligatures, and the Latin ligatures `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`.
pub fn is_presentation_form(c: char) -> bool {
    matches!(c as u32, 0xFB00..=0xFB06 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether `c` can never be the honest text of a drawn glyph: control
/// characters (except tab, line and paragraph breaks that some producers map
/// spaces to), PUA, U+FFFD, non-characters and unpaired-surrogate stand-ins.
pub fn is_garbage_char(c: char) -> bool {
    let v = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || is_pua(c)
        || c == '\u{FFFD}'
        || (0xFDD0..=0xFDEF).contains(&v)
        || (v & 0xFFFE) == 0xFFFE
}

/// Whether `s` is non-empty and made only of characters a glyph can stand for.
pub fn is_real_text(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(is_garbage_char)
}

/// Whether `c` is an Arabic combining mark (harakat, shadda, sukun,
/// superscript alef, Quranic marks).
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Replace presentation forms with their base letters (compatibility
/// decomposition of those code points only; `ﻻ` → `لا`, `ﺑ` → `ب`, `ﬁ` →
/// `fi`). Other characters are kept as they are.
pub fn base_letters(s: &str) -> String {
    if !s.chars().any(is_presentation_form) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if is_presentation_form(c) {
            let d: String = std::iter::once(c).nfkc().collect();
            // Isolated (spacing) forms of marks decompose to space + mark;
            // the glyph stands for the mark.
            match d.strip_prefix(' ') {
                Some(marks) if !marks.is_empty() && marks.chars().all(is_arabic_mark) => {
                    out.push_str(marks)
                }
                _ => out.push_str(&d),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_text() {
        assert!(is_real_text("ب"));
        assert!(is_real_text(" "));
        assert!(!is_real_text(""));
        assert!(!is_real_text("\u{E041}"));
        assert!(!is_real_text("\u{F0041}"));
        assert!(!is_real_text("\u{0003}"));
        assert!(!is_real_text("\u{FFFD}"));
        assert!(!is_real_text("a\u{FFFF}"));
    }

    #[test]
    fn presentation_forms() {
        assert_eq!(base_letters("\u{FE91}"), "ب");
        assert_eq!(base_letters("\u{FEFB}"), "لا");
        assert_eq!(base_letters("x\u{FEEA}y"), "xهy");
        assert_eq!(base_letters("²"), "²");
        assert_eq!(base_letters("\u{FB01}"), "fi");
        assert_eq!(base_letters("\u{FE76}"), "\u{064E}");
        assert_eq!(base_letters("\u{FC5E}"), "\u{064C}\u{0651}");
        assert_eq!(
            base_letters("\u{FDFA}")
                .chars()
                .filter(|c| *c == ' ')
                .count(),
            3
        );
    }
}
