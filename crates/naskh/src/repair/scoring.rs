//! Orientation evidence: is a word printed with its letters in visual order,
//! is a line printed with its words in visual order?

use super::chars::{is_basic_letter, is_letter, is_mark, is_pua, is_word_char, pf_form};
use super::lexicon::{Lexicon, normalise};
use super::segments::reverse_token;

/// The Arabic-script core of a token (punctuation stripped from both ends), if
/// the token has one and the core is pure Arabic script. A code no font
/// mapped (Private Use Area) is no punctuation: it stands for a letter or
/// digit that cannot be read, so a token with one has no core.
pub fn core(tok: &str) -> Option<&str> {
    let t = tok.trim_matches(|c: char| !is_word_char(c) && !is_pua(c));
    // One pass: asked of every token by most stages.
    let mut letter = false;
    for c in t.chars() {
        if is_basic_letter(c) {
            letter = true;
        } else if !is_word_char(c) {
            return None;
        } else {
            letter |= is_letter(c);
        }
    }
    letter.then_some(t)
}

/// A token cut around its [`fn@core`]: the punctuation before it, the core, the
/// punctuation after it.
pub fn split_core(tok: &str) -> Option<(&str, &str, &str)> {
    let c = core(tok)?;
    let at = c.as_ptr() as usize - tok.as_ptr() as usize;
    Some((&tok[..at], c, &tok[at + c.len()..]))
}

/// Presentation-form evidence: positive when the shaping forms only make
/// sense read backwards (e.g. a final form first), negative when they read
/// forwards. Each consistent adjacent pair counts one.
pub fn pf_vote(core: &str) -> f32 {
    // Asked of every token: one pass, no allocation.
    let mut forms = core.chars().filter_map(pf_form);
    let Some(first) = forms.next() else {
        return 0.0;
    };
    let (mut fwd, mut back, mut n) = (0i32, 0i32, 1usize);
    let mut last = first;
    for b in forms {
        let a = last;
        if a.joins_next() == b.joins_prev() {
            fwd += 1;
        }
        if b.joins_next() == a.joins_prev() {
            back += 1;
        }
        last = b;
        n += 1;
    }
    if n < 2 {
        return 0.0;
    }
    // Ends: a logical word starts unjoined-before and ends unjoined-after.
    fwd += i32::from(!first.joins_prev()) + i32::from(!last.joins_next());
    back += i32::from(!first.joins_next()) + i32::from(!last.joins_prev());
    (back - fwd) as f32
}

/// Letter-order evidence for one token core: cost(as printed) − cost(reversed)
/// in log10 units, plus decisive presentation-form evidence. Positive means the
/// reversed reading is better.
pub fn letter_delta(lex: &Lexicon, core: &str) -> f32 {
    letter_delta_keyed(lex, core, &normalise(core))
}

/// [`letter_delta`] of a core whose key ([`normalise`]) is at hand.
pub fn letter_delta_keyed(lex: &Lexicon, core: &str, key: &str) -> f32 {
    let pf = pf_vote(core);
    if pf.abs() >= 2.0 {
        return pf * 3.0;
    }
    if key.chars().count() < 2 || key.chars().eq(key.chars().rev()) {
        return 0.0;
    }
    // A lam-alef ligature printed as its two letters in logical order
    // inside a visual word (`للاخ` for `خلال`) reads right turned as a unit.
    // (Only a known word counts: an unknown one's model cost is the
    // plain reversal's, near enough, and costs a trigram walk.)
    let rev_cost = match reversed_keeping_lam_alef(key).and_then(|r| lex.known(&r)) {
        Some(c) => lex.cost_chars(key.chars().rev()).min(c),
        None => lex.cost_chars(key.chars().rev()),
    };
    lex.cost(key) - rev_cost
}

/// The key reversed with each lam + alef pair kept in its order; `None`
/// without such a pair.
fn reversed_keeping_lam_alef(key: &str) -> Option<String> {
    // Asked of every token: no allocation unless a pair is there.
    let has_pair = key
        .char_indices()
        .any(|(i, c)| c == 'ل' && key[i + c.len_utf8()..].starts_with(['ا', 'أ', 'إ', 'آ']));
    if !has_pair {
        return None;
    }
    let cs: Vec<char> = key.chars().collect();
    let pair = |i: usize| {
        cs[i] == 'ل'
            && cs
                .get(i + 1)
                .is_some_and(|&c| matches!(c, 'ا' | 'أ' | 'إ' | 'آ'))
    };
    let mut units: Vec<&[char]> = Vec::with_capacity(cs.len());
    let mut i = 0;
    while i < cs.len() {
        let n = if pair(i) { 2 } else { 1 };
        units.push(&cs[i..i + n]);
        i += n;
    }
    Some(units.into_iter().rev().flatten().collect())
}

/// Sentence-final punctuation at the end of a token.
fn ends_sentence(tok: &str) -> bool {
    tok.trim_end_matches(['»', '"', ')', '\'', '”'])
        .ends_with(['.', '؟', '!', '?', '۔'])
}

/// A verse's end: the end-of-ayah sign before the verse number (`۝٢`),
/// which closes a Quranic verse as a period closes a sentence.
fn ends_verse(tok: &str) -> bool {
    tok.strip_prefix(super::chars::END_OF_AYAH)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_numeric()))
}

/// Word-order vote of one line (letters already in logical order):
/// +1 when the sentence end sits on the first token (reversed), −1 when on the
/// last, 0 without evidence.
pub fn word_order_vote(tokens: &[String]) -> i32 {
    if tokens.len() < 3 {
        return 0;
    }
    // Only a word can end a sentence: a bare "." or "4." says nothing unless
    // it is detached from a word next to it (`. word ...`, `... word .`).
    let n = tokens.len();
    let has_letter = |t: &String| t.chars().any(is_letter);
    let lone = |t: &String| t.chars().count() == 1 && ends_sentence(t);
    let first = (ends_sentence(&tokens[0]) && has_letter(&tokens[0]))
        || (lone(&tokens[0]) && has_letter(&tokens[1]))
        || ends_verse(&tokens[0]);
    let last = (ends_sentence(&tokens[n - 1]) && has_letter(&tokens[n - 1]))
        || (lone(&tokens[n - 1]) && has_letter(&tokens[n - 2]))
        || ends_verse(&tokens[n - 1]);
    match (first, last) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

/// Word-order cue from the conjunction و, which opens a clause: after a
/// clause or sentence end (`الساحلية، وأعلنت`) in logical order, before it
/// (`وأعلنت الساحلية،`) in reversed word order. Counts `(logical, reversed)`
/// pairs in a line whose tokens read as printed, or reversed when `flip`
/// (a visual token's punctuation is at its start, its و at its end).
/// Meant for Arabic, where و is written on the word it joins.
pub fn conjunction_votes(tokens: &[String], flip: bool) -> (usize, usize) {
    let punct = |c: char| matches!(c, '،' | '.' | '؛');
    let ends_clause = |t: &str| {
        if flip {
            t.starts_with(punct)
        } else {
            t.ends_with(punct)
        }
    };
    let opens_with_waw = |t: &str| {
        t.chars().filter(|&c| is_letter(c)).count() >= 3
            && if flip {
                t.trim_end_matches(is_mark).ends_with('و')
            } else {
                t.starts_with('و')
            }
    };
    let (mut logical, mut reversed) = (0, 0);
    for w in tokens.windows(2) {
        if ends_clause(&w[0]) && opens_with_waw(&w[1]) {
            logical += 1;
        }
        if opens_with_waw(&w[0]) && ends_clause(&w[1]) {
            reversed += 1;
        }
    }
    (logical, reversed)
}

/// Word-order cue from Arabic's definite adjectives, which follow their
/// noun: a nisba adjective (`الساحلية`, `الرسمي`) after a definite word
/// that is none (`المدن الساحلية`) in logical order,
/// before it in reversed word order. In logical news text such pairs run
/// about nine to one the logical way. Counts `(logical, reversed)` pairs
/// of a line whose tokens read as printed, or reversed when `flip`.
pub fn adjective_votes(tokens: &[String], flip: bool) -> (usize, usize) {
    // (definite, nisba) of a token, marks aside, without allocating.
    let kind = |t: &str| -> (bool, bool) {
        let Some(c) = core(t) else {
            return (false, false);
        };
        let letters = || c.chars().filter(|&ch| !is_mark(ch));
        if letters().count() < 5 {
            return (false, false);
        }
        let mut fw = letters();
        let mut bw = letters().rev();
        let (f1, f2) = (fw.next(), fw.next());
        let (b1, b2) = (bw.next(), bw.next());
        // In visual order the word's start is the token's end.
        let ((s1, s2), (e1, e2)) = if flip {
            ((b1, b2), (f1, f2))
        } else {
            ((f1, f2), (b1, b2))
        };
        let definite = s1 == Some('ا') && s2 == Some('ل');
        let nisba = e1 == Some('ي') || (e1 == Some('ة') && e2 == Some('ي'));
        (definite, nisba)
    };
    let (mut logical, mut reversed) = (0, 0);
    let mut prev = (false, false);
    for (i, t) in tokens.iter().enumerate() {
        let cur = kind(t);
        if i > 0 && prev.0 && cur.0 {
            match (prev.1, cur.1) {
                (false, true) => logical += 1,
                (true, false) => reversed += 1,
                _ => {}
            }
        }
        prev = cur;
    }
    (logical, reversed)
}

/// Persian and Urdu put the verb last: a sentence's last word is one of
/// these (normalised like the lexicon: no ZWNJ, ی and ک folded) or a
/// present-tense verb (`مي…د`).
const FINAL_VERBS: [&str; 38] = [
    "است",
    "نيست",
    "بود",
    "بودند",
    "شد",
    "شدند",
    "شود",
    "شوند",
    "كرد",
    "كردند",
    "كند",
    "كنند",
    "دارد",
    "دارند",
    "داشت",
    "هستند",
    "باشد",
    "باشند",
    "داد",
    "دادند",
    "گرفت",
    "رسيد",
    "ہے",
    "ہيں",
    "تھا",
    "تھي",
    "تھے",
    "گا",
    "گي",
    "گے",
    "گيا",
    "گئي",
    "گئے",
    "ہوا",
    "ہوگا",
    "كيا",
    "ہوگي",
    "ہوں",
];

fn final_verb(tok: &str) -> bool {
    let key = normalise(tok.trim_matches(|c: char| !is_letter(c)));
    FINAL_VERBS.contains(&key.as_str())
        || (key.starts_with("مي") && key.ends_with('د') && key.chars().count() >= 5)
}

/// Word-order cue from a Persian or Urdu line that opens with a period
/// (a paragraph's end, where a layout put it or in visual word order):
/// the verb that ends the sentence is the line's last word in logical
/// order, its first in reversed order. Counts `(logical, reversed)` for
/// a line whose tokens read as printed, or reversed when `flip`.
pub fn verb_final_votes(tokens: &[String], flip: bool) -> (usize, usize) {
    let n = tokens.len();
    if n < 3 || !tokens[0].contains('.') {
        return (0, 0);
    }
    let (first, last) = (oriented(&tokens[0], flip), oriented(&tokens[n - 1], flip));
    let opens = first.starts_with('.') || first.ends_with('.');
    if !opens || last.contains('.') {
        return (0, 0);
    }
    match (final_verb(&first), final_verb(&last)) {
        (false, true) => (1, 0),
        (true, false) => (0, 1),
        _ => (0, 0),
    }
}

/// Reverse a token when `flip`, else the token as it is.
pub fn oriented(tok: &str, flip: bool) -> std::borrow::Cow<'_, str> {
    if flip {
        reverse_token(tok).into()
    } else {
        tok.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::lexicon::lexicon;

    /// A line's tokens, split at single spaces.
    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_lam_alef_printed_in_order_inside_a_visual_word_votes_reversed() {
        let lex = lexicon();
        assert_eq!(reversed_keeping_lam_alef("للاخ").as_deref(), Some("خلال"));
        assert_eq!(reversed_keeping_lam_alef("كتاب"), None);
        assert!(letter_delta(lex, "للاخ") > 1.5);
        // The logical word still votes logical.
        assert!(letter_delta(lex, "خلال") < -1.5);
    }

    #[test]
    fn pf_forms_decide_orientation() {
        // "العاصمة" in presentation forms, logical and reversed.
        let logical = "ﺍﻟﻌﺎﺻﻤﺔ";
        let reversed: String = logical.chars().rev().collect();
        assert!(pf_vote(logical) < -2.0);
        assert!(pf_vote(&reversed) > 2.0);
    }

    #[test]
    fn a_persian_sentence_ends_with_its_verb() {
        // pypdf on pango: the paragraph's period at the start, words in order.
        assert_eq!(
            verb_final_votes(&toks(".قصه‌گویی و نقاشی شرکت کنند"), false),
            (1, 0)
        );
        // Visual word order: the verb comes first.
        assert_eq!(
            verb_final_votes(&toks(".کنند شرکت نقاشی و قصه‌گویی"), false),
            (0, 1)
        );
        assert_eq!(
            verb_final_votes(&toks(".یافته‌ها را منتشر می‌کنند"), false),
            (1, 0)
        );
        // Letters reversed too: read once turned.
        let turned: Vec<String> = toks(".قصه‌گویی و نقاشی شرکت کنند")
            .iter()
            .map(|t| reverse_token(t))
            .collect();
        assert_eq!(verb_final_votes(&turned, true), (1, 0));
        // Urdu; and a line without a period up front says nothing.
        assert_eq!(
            verb_final_votes(&toks(".یہ منصوبہ کامیاب رہا ہے"), false),
            (1, 0)
        );
        assert_eq!(
            verb_final_votes(&toks("قصه‌گویی و نقاشی شرکت کنند."), false),
            (0, 0)
        );
    }

    #[test]
    fn word_order_votes_need_a_word_at_the_sentence_end() {
        let v = |s: &str| word_order_vote(&toks(s));
        assert_eq!(v("انتهى الاجتماع أمس."), -1);
        assert_eq!(v("أمس. الاجتماع انتهى"), 1);
        // A detached period next to a word counts; punctuation alone does not.
        assert_eq!(v("انتهى الاجتماع أمس ."), -1);
        assert_eq!(v(". أمس الاجتماع انتهى"), 1);
        assert_eq!(v("» « ."), 0);
        assert_eq!(v("بلغ 4.0 ."), 0);
        // A verse ends with the end-of-ayah sign and its number.
        assert_eq!(v("ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ ۝٢"), -1);
        assert_eq!(v("۝٢ ٱلْعَٰلَمِينَ رَبِّ لِلَّهِ ٱلْحَمْدُ"), 1);
        assert_eq!(v("ٱلْحَمْدُ لِلَّهِ ۝ رَبِّ"), 0);
    }

    #[test]
    fn conjunction_votes_read_clause_starts() {
        let v = |s: &str, flip: bool| conjunction_votes(&toks(s), flip);
        assert_eq!(v("بدأ العمل، وأضاف أن الفريق جاهز. وقال", false), (2, 0));
        assert_eq!(v("وقال جاهز. الفريق أن وأضاف العمل، بدأ", false), (0, 2));
        // Letters printed reversed: the punctuation opens the token, the و
        // closes it.
        assert_eq!(v("أدب ،لمعلا فاضأو نأ", true), (1, 0));
        // A two-letter word is no conjunction-led clause (`ول`, `وَ`).
        assert_eq!(v("العمل، وَ", false), (0, 0));
    }

    #[test]
    fn adjective_votes_read_where_the_adjective_stands() {
        let v = |s: &str, flip: bool| adjective_votes(&toks(s), flip);
        assert_eq!(v("في المدن الساحلية والمدارس الحكومية", false), (1, 0));
        assert_eq!(v("الحكومية والمدارس الساحلية المدن في", false), (0, 1));
        // Words of four letters or fewer (`التي`, `الذي`) say nothing.
        assert_eq!(v("المدينة التي زرناها", false), (0, 0));
        // Two adjectives, or a word without the article: no vote.
        assert_eq!(v("العربية الإسلامية", false), (0, 0));
        assert_eq!(v("مدن الساحلية", false), (0, 0));
        // Letters printed reversed.
        assert_eq!(v("ندملا ةيلحاسلا", true), (1, 0));
        assert_eq!(v("ةيلحاسلا ندملا", true), (0, 1));
    }

    #[test]
    fn lexicon_decides_orientation() {
        let lex = lexicon();
        assert!(letter_delta(lex, "ةيلحاسلا") > 3.0);
        assert!(letter_delta(lex, "الساحلية") < -3.0);
        assert_eq!(core("«الساحلية،"), Some("الساحلية"));
        assert_eq!(core("(مَدْرَسَةٌ)."), Some("مَدْرَسَةٌ"));
        assert_eq!(core("ﺍﻟﺴﻼﻡ"), Some("ﺍﻟﺴﻼﻡ"));
        assert_eq!(core("واسع.وأكد"), None);
        assert_eq!(core("عام2010"), Some("عام"));
        assert_eq!(core("ـ"), None);
        assert_eq!(core("«»"), None);
        assert_eq!(core(""), None);
        assert_eq!(core("2024"), None);
        // A code no font mapped is an unread letter, not punctuation.
        assert_eq!(core("\u{E000}م"), None);
        assert_eq!(core("ت\u{E000}"), None);
    }
}
