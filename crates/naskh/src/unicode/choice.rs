//! Choosing among letters that share one glyph.
//!
//! Fonts reuse outlines: `ي`/`ی`/`ى` in some positions, `ك`/`ک`, `٠`/`۰`,
//! `ه`/`ہ`/`ھ`, DejaVu's alef and `l`, rare letters that copy common ones.
//! The choice follows the document's language (evidence from unambiguous
//! letters seen so far and from font subsets' inventories), the script of the
//! neighbouring glyphs, and how common a letter is.

/// Language of the Arabic-script text, as far as letters tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Arabic.
    Arabic,
    /// Persian (and other languages written with `ی` `ک` and Extended Arabic-Indic digits).
    Persian,
    /// Urdu.
    Urdu,
}

/// Evidence gathered from unambiguous letters.
#[derive(Debug, Default, Clone, Copy)]
pub struct Profile {
    arabic: u32,
    persian_urdu: u32,
    urdu: u32,
    /// The last glyph with letters was Latin.
    latin_context: bool,
}

impl Profile {
    /// Count the evidence in `text` (unambiguous glyph text only).
    pub fn observe(&mut self, text: &str, weight: u32) {
        for c in text.chars() {
            match c {
                // Not `ں`: dotless noon is also the skeleton of decomposed `ن`.
                'ٹ' | 'ڈ' | 'ڑ' | 'ے' | 'ۓ' | '۔' => {
                    self.urdu = self.urdu.saturating_add(weight)
                }
                'پ' | 'چ' | 'ژ' | 'گ' => {
                    self.persian_urdu = self.persian_urdu.saturating_add(weight)
                }
                'ة' | '٤' | '٥' | '٦' => self.arabic = self.arabic.saturating_add(weight),
                _ => {}
            }
        }
    }

    /// Note the script of a resolved glyph's text (for the next choice).
    pub fn context(&mut self, text: &str) {
        if let Some(c) = text.chars().find(|&c| crate::script::is_alphabetic(c)) {
            self.latin_context = is_latin_letter(c);
        }
    }

    /// How far the evidence leans to Persian or Urdu (positive) or to
    /// Arabic (negative); 0 without evidence.
    pub fn lean(&self) -> i64 {
        i64::from(self.persian_urdu) + i64::from(self.urdu) - i64::from(self.arabic)
    }

    /// The language the evidence points to.
    pub fn lang(&self) -> Lang {
        if self.urdu >= 2 && self.urdu > self.arabic {
            Lang::Urdu
        } else if self.persian_urdu > self.arabic {
            Lang::Persian
        } else {
            Lang::Arabic
        }
    }

    /// Pick one alternative (the first of the best-scoring ones).
    pub fn choose(&self, texts: &[String]) -> String {
        let lang = self.lang();
        let mut best: Option<(i32, &String)> = None;
        for t in texts {
            let s: i32 = t
                .chars()
                .map(|c| char_score(c, lang, self.latin_context))
                .sum();
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, t));
            }
        }
        best.map(|(_, t)| t.clone()).unwrap_or_default()
    }
}

fn is_latin_letter(c: char) -> bool {
    crate::script::is_alphabetic(c) && (c as u32) < 0x0250
}

/// How likely `c` is the honest reading of a shared glyph.
fn char_score(c: char, lang: Lang, latin_context: bool) -> i32 {
    let v = c as u32;
    let arabic_script = matches!(v, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF);
    if crate::script::is_alphabetic(c) && !arabic_script {
        let latin = if latin_context { 4 } else { -4 };
        // Greek, Cyrillic, Lisu or mathematical letters that copy Latin ones
        // are the rarer reading.
        return if is_latin_letter(c) { latin } else { latin - 3 };
    }
    let tier = match v {
        // Tatweel is drawn, rarely typed: a shared glyph is the letter.
        0x0640 => 1,
        0x0621..=0x064A | 0x064B..=0x0652 | 0x0660..=0x0669 | 0x060C | 0x061B | 0x061F => 3,
        0x067E
        | 0x0686
        | 0x0698
        | 0x06AF
        | 0x06A9
        | 0x06CC
        | 0x0679
        | 0x0688
        | 0x0691
        | 0x06BA
        | 0x06BE
        | 0x06C1
        | 0x06C0
        | 0x06D2
        | 0x06D3
        | 0x06D4
        | 0x06F0..=0x06F9 => 2,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF => 0,
        _ => 1,
    };
    let lang_adjust = match (lang, c) {
        (Lang::Arabic, 'ی' | 'ک' | 'ہ' | 'ھ' | 'ے' | '\u{06F0}'..='\u{06F9}') => -2,
        (Lang::Persian, 'ي' | 'ى' | 'ك' | '\u{0660}'..='\u{0669}') => -2,
        (Lang::Persian, 'ہ' | 'ھ') => -1,
        (Lang::Persian, 'ی' | 'ک' | '\u{06F0}'..='\u{06F9}') => 1,
        (Lang::Urdu, 'ي' | 'ى' | 'ك' | '\u{0660}'..='\u{0669}') => -2,
        (Lang::Urdu, 'ه') => -1,
        (Lang::Urdu, 'ی' | 'ک' | 'ہ' | '۔' | '\u{06F0}'..='\u{06F9}') => 1,
        _ => 0,
    };
    tier + lang_adjust
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alts(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn language_decides() {
        let mut p = Profile::default();
        assert_eq!(p.choose(&alts(&["ی", "ي"])), "ي");
        assert_eq!(p.choose(&alts(&["۴", "٤"])), "٤");
        p.observe("پژوهش گ", 1);
        assert_eq!(p.lang(), Lang::Persian);
        assert_eq!(p.choose(&alts(&["ي", "ی"])), "ی");
        assert_eq!(p.choose(&alts(&["٠", "۰"])), "۰");
        assert_eq!(p.choose(&alts(&["ه", "ہ", "ھ"])), "ه");
        p.observe("ٹںے", 1);
        assert_eq!(p.lang(), Lang::Urdu);
        assert_eq!(p.choose(&alts(&["ه", "ہ", "ھ"])), "ہ");
    }

    #[test]
    fn script_context_and_rarity() {
        let mut p = Profile::default();
        p.context("ب");
        assert_eq!(p.choose(&alts(&["l", "ا"])), "ا");
        p.context("e");
        assert_eq!(p.choose(&alts(&["l", "ا"])), "l");
        assert_eq!(p.choose(&alts(&["ݒ", "پ"])), "پ");
        assert_eq!(p.choose(&alts(&["ڻ", "ٹ"])), "ٹ");
        assert_eq!(p.choose(&alts(&["ؠ", "ب"])), "ب");
        assert_eq!(p.choose(&alts(&["Α", "A"])), "A");
        assert_eq!(p.choose(&alts(&["𝗀", "g"])), "g");
    }
}
