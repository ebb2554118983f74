//! Private Use Area codes (a font without a Unicode map): decoded as a
//! substitution cipher against the lexicon, per document, only when the
//! evidence is strong; otherwise left in place and reported.

use std::collections::{HashMap, HashSet};

use super::chars::{is_letter, is_mark, is_pua};
use super::lexicon::{Lexicon, normalise};
use super::scoring::letter_delta;
use crate::script::{Form, form_between};

/// Letters a PUA code may stand for: Arabic's, Persian's and Urdu's.
/// (ک and ی are the Persian spellings of ك and ي: the lexicon folds them, so
/// they are chosen afterwards from the document's own spelling.)
const LETTERS: &str = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىپچژگٹڈڑںھہےۓ";

/// Codes solved per document (a font's glyphs; the most used first).
const MAX_CODES: usize = 512;

/// A decoded code: the letter and the confidence in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded {
    /// The letter the code stands for.
    pub letter: char,
    /// Confidence of the decoding.
    pub confidence: f64,
}

/// A token's word with a code in it (vowel marks kept: the lexicon's keys
/// drop them, and a vocalised text has them on nearly every word). Not in a
/// token with a digit: a code there is a digit's (`2024/11/2`).
fn word_chars(t: &str) -> Option<&str> {
    if t.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let inside = |c: char| is_letter(c) || is_pua(c) || is_mark(c);
    let w = t.trim_matches(|c: char| !inside(c));
    (w.chars().any(is_pua) && w.chars().all(inside)).then_some(w)
}

/// Solve the cipher from the words of a window of text: every code seen inside
/// Arabic words gets its best letter and a confidence (share of its words the
/// letter turns into known words, minus the runner-up's share).
pub fn solve(lex: &Lexicon, lines: &[&str]) -> HashMap<char, Decoded> {
    let mut words: Vec<&str> = Vec::new();
    for l in lines {
        words.extend(l.split_whitespace().filter_map(word_chars));
    }
    // Each code's words, found in one pass (a scan of every word per code
    // is quadratic in a hostile text of thousands of codes).
    let mut index: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        for c in w.chars().filter(|&c| is_pua(c)) {
            let ws = index.entry(c).or_default();
            if ws.last() != Some(&i) {
                ws.push(i);
            }
        }
    }
    // A font has a few hundred glyphs at most: the most used codes only.
    let mut codes: Vec<char> = index.keys().copied().collect();
    codes.sort_unstable_by_key(|c| (std::cmp::Reverse(index[c].len()), *c));
    codes.truncate(MAX_CODES);
    codes.sort_unstable();
    // Codes inside words with letters are letters; the others, in numbers,
    // are solved as digits first.
    let letter_codes: HashSet<char> = codes
        .iter()
        .copied()
        .filter(|c| index[c].iter().any(|&i| words[i].chars().any(is_letter)))
        .collect();
    let digits = super::pua_digits::solve_digits(lines, &letter_codes);
    codes.retain(|c| !digits.contains_key(c));
    if codes.is_empty() {
        return digits;
    }
    // Which yeh and kaf the document spells with: those most of its plain
    // letters are (a Persian line in an Arabic text keeps the Arabic
    // letters for the codes).
    let persian = lines.iter().map(|l| spelling_vote(l)).sum::<i64>() > 0;
    // Letter order is read after the codes are decoded, so the words'
    // direction is told here from the words without codes: a visual
    // document prints them reversed, and its code words are looked up
    // reversed too.
    let visual = {
        let (mut fwd, mut rev) = (0usize, 0usize);
        let plain = lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter(|t| t.chars().count() >= 3 && t.chars().all(is_letter))
            .take(2000);
        // The profile's per-word reading, on the same terms.
        for d in plain.map(|t| letter_delta(lex, t)) {
            rev += usize::from(d > 1.5);
            fwd += usize::from(d < -1.5);
        }
        rev > 2 * fwd
    };
    // The letters (and their shaping forms) each code's lines print
    // plainly: a font maps each of its glyphs one way, so a code is
    // unlikely to be a letter in a form its own lines show mapped. A set
    // of bits per line, OR-ed into each of its codes' (one pass per line,
    // however many codes and letters a hostile line holds).
    let mut attested: HashMap<char, Forms> = HashMap::new();
    for l in lines {
        if !l
            .chars()
            .any(|c| is_pua(c) && codes.binary_search(&c).is_ok())
        {
            continue;
        }
        let mut plain = Forms::default();
        for w in l.split_whitespace() {
            let letters: Vec<char> = w.chars().filter(|&c| !is_mark(c)).collect();
            for (i, &c) in letters.iter().enumerate() {
                if is_letter(c)
                    && !is_pua(c)
                    && let Some((b, a)) = neighbours(&letters, i, visual, &HashMap::new())
                {
                    plain.insert(c, form_between(b, c, a));
                }
            }
        }
        for c in l
            .chars()
            .filter(|&c| is_pua(c) && codes.binary_search(&c).is_ok())
        {
            attested.entry(c).or_default().union(&plain);
        }
    }
    let mut out: HashMap<char, Decoded> = HashMap::new();
    // Two passes: words with a single unknown code first, then the rest with
    // the first pass's letters filled in.
    for _ in 0..2 {
        for &code in &codes {
            let relevant: Vec<&str> = index[&code]
                .iter()
                .map(|&i| words[i])
                .filter(|w| {
                    w.chars()
                        .all(|c| !is_pua(c) || c == code || out.contains_key(&c))
                })
                .take(300)
                .collect();
            if relevant.len() < 2 {
                continue;
            }
            // The letters beside each of the code's sites, read once for
            // every letter tried, and the forms its lines print plainly.
            let sites: Vec<Option<Neighbours>> = relevant
                .iter()
                .flat_map(|w| {
                    let letters: Vec<char> = w.chars().filter(|&c| !is_mark(c)).collect();
                    (0..letters.len())
                        .filter(|&i| letters[i] == code)
                        .map(|i| neighbours(&letters, i, visual, &out))
                        .collect::<Vec<_>>()
                })
                .collect();
            let seen = attested.get(&code);
            // Total cost of the code's words under each letter; the gap to the
            // runner-up (log10 odds) is the evidence.
            let mut scores: Vec<(char, f32)> = LETTERS
                .chars()
                .map(|l| {
                    let cost: f32 = relevant
                        .iter()
                        .map(|w| {
                            let s: String = w
                                .chars()
                                .map(|c| {
                                    if c == code {
                                        l
                                    } else {
                                        out.get(&c).map(|d| d.letter).unwrap_or(c)
                                    }
                                })
                                .collect();
                            let key = normalise(&s);
                            let key = if visual {
                                key.chars().rev().collect()
                            } else {
                                key
                            };
                            lex.cost(&key).min(12.0)
                        })
                        .sum();
                    // Every site's form of the letter printed plainly on
                    // the code's lines: a thousand to one against.
                    let mapped = !sites.is_empty()
                        && sites.iter().all(|s| {
                            s.is_some_and(|(b, a)| {
                                seen.is_some_and(|f| f.has(l, form_between(b, l, a)))
                            })
                        });
                    (l, cost + if mapped { MAPPED_PENALTY } else { 0.0 })
                })
                .collect();
            scores.sort_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some(&(best, s1)), Some(&(_, s2))) = (scores.first(), scores.get(1)) {
                let gap = f64::from(s2 - s1);
                let confidence = 1.0 / (1.0 + 10f64.powf(-(gap - 1.0)));
                out.insert(
                    code,
                    Decoded {
                        letter: best,
                        confidence,
                    },
                );
            }
        }
    }
    for d in out.values_mut() {
        d.letter = match d.letter {
            'ك' if persian => '\u{06A9}',
            'ي' if persian => '\u{06CC}',
            c => c,
        };
    }
    out.extend(digits);
    out
}

/// Prior cost (log10) of a code standing for a letter its own lines print
/// plainly in every shape the code's sites give it.
const MAPPED_PENALTY: f32 = 3.0;

/// A set of (letter of [`LETTERS`], [`Form`]) pairs, as bits.
#[derive(Debug, Clone, Copy, Default)]
struct Forms([u64; 4]);

impl Forms {
    /// The bit of `c` (ی and ک as ي and ك, the letters the solver tries)
    /// in `form`; None for a letter the solver never tries.
    fn bit(c: char, form: Form) -> Option<usize> {
        let c = match c {
            '\u{06CC}' => 'ي',
            '\u{06A9}' => 'ك',
            _ => c,
        };
        let i = LETTERS.chars().position(|l| l == c)?;
        Some(i * 4 + form as usize)
    }

    fn insert(&mut self, c: char, form: Form) {
        if let Some(w) = Self::bit(c, form).and_then(|b| Some((self.0.get_mut(b / 64)?, b))) {
            *w.0 |= 1 << (w.1 % 64);
        }
    }

    fn has(&self, c: char, form: Form) -> bool {
        Self::bit(c, form)
            .and_then(|b| Some(self.0.get(b / 64)? & (1 << (b % 64)) != 0))
            .unwrap_or(false)
    }

    fn union(&mut self, other: &Forms) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }
}

/// A letter's neighbours in its word (logical order), `None` at an edge
/// or beside a non-letter.
type Neighbours = (Option<char>, Option<char>);

/// The letters before and after `i` of `letters` (a word, marks left
/// out) in logical order (the word read reversed when `visual`), `None`
/// at the word's edge or beside a non-letter; codes read as `decoded` has
/// them, and no answer beside a code not decoded yet.
fn neighbours(
    letters: &[char],
    i: usize,
    visual: bool,
    decoded: &HashMap<char, Decoded>,
) -> Option<Neighbours> {
    let read = |j: usize| -> Option<Option<char>> {
        let Some(&x) = letters.get(j) else {
            return Some(None);
        };
        if is_pua(x) {
            return decoded.get(&x).map(|d| Some(d.letter));
        }
        Some(is_letter(x).then_some(x))
    };
    let b = if i == 0 { Some(None) } else { read(i - 1) };
    let a = read(i + 1);
    Some(if visual { (a?, b?) } else { (b?, a?) })
}

/// Persian or Urdu spelling (positive) or Arabic (negative): the letters
/// only those languages or only Arabic write (glyph recovery's evidence,
/// [`crate::unicode::choice::Profile`]), and in text, unlike in glyphs,
/// ی and ک against ي and ك.
pub fn spelling_vote(text: &str) -> i64 {
    let mut letters = crate::unicode::choice::Profile::default();
    letters.observe(text, 1);
    let yeh_kaf: i64 = text
        .chars()
        .map(|c| match c {
            '\u{06CC}' | '\u{06A9}' => 1,
            'ي' | 'ك' => -1,
            _ => 0,
        })
        .sum();
    letters.lean() + yeh_kaf
}

/// A decoded yeh or kaf in the spelling of its line, where the line's own
/// letters tell (`line_vote`, the line's [`spelling_vote`]: an Urdu line
/// in a mostly Arabic text takes ی and ک); the document's spelling
/// otherwise.
pub fn respell(letter: char, line_vote: i64) -> char {
    match (letter, line_vote.signum()) {
        ('ي', 1) => '\u{06CC}',
        ('ك', 1) => '\u{06A9}',
        ('\u{06CC}', -1) => 'ي',
        ('\u{06A9}', -1) => 'ك',
        (c, _) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::lexicon::lexicon;

    /// How `code` is decoded in `text`.
    fn decoded(text: &str, code: char) -> Option<Decoded> {
        solve(lexicon(), &[text]).get(&code).copied()
    }

    #[test]
    fn decodes_a_letter_from_context() {
        let text = "\u{E001}ي المدينة و\u{E001}ي البيت ذهب إلى ال\u{E001}ندق \u{E001}ي الصباح و\u{E001}رح الناس";
        let d = decoded(text, '\u{E001}');
        assert_eq!(d.map(|d| d.letter), Some('ف'));
        assert!(d.is_some_and(|d| d.confidence > 0.9), "{d:?}");
    }

    #[test]
    fn digit_codes_are_solved_apart_from_letter_codes() {
        // U+E030 + digit for the numbers, U+E001 for ف inside words; a lone
        // digit code is no word (`و`), the letter code no digit.
        let text = "\u{E001}ي عام \u{E032}\u{E030}\u{E032}\u{E034} و\u{E001}ي \u{E031}\u{E031} سبتمبر \u{E032}\u{E030}\u{E030}\u{E031} \
                    ذهب إلى ال\u{E001}ندق \u{E001}ي الصباح و\u{E001}رح الناس منذ عام \u{E031}\u{E039}\u{E039}\u{E038} الصفحة 3 \u{E035}";
        let m = solve(lexicon(), &[text]);
        let letter = |c: char| m.get(&c).filter(|d| d.confidence > 0.9).map(|d| d.letter);
        assert_eq!(letter('\u{E001}'), Some('ف'));
        assert_eq!(letter('\u{E032}'), Some('2'));
        assert_eq!(letter('\u{E039}'), Some('9'));
        assert_eq!(letter('\u{E035}'), Some('5'));
    }

    #[test]
    fn yeh_and_kaf_take_the_spelling_of_their_line() {
        // An Urdu line in an Arabic text: ی and ک there, ي and ك elsewhere;
        // a line whose yehs are all coded tells by its other letters (ة).
        let r = |c: char, line: &str| respell(c, spelling_vote(line));
        assert_eq!(r('ي', "پاکستان کی آبادی"), '\u{06CC}');
        assert_eq!(r('\u{06A9}', "أعلنت وزارة الصحة المصرية"), 'ك');
        assert_eq!(r('\u{06CC}', "أعلنت وزارة الصحة"), 'ي');
        assert_eq!(r('ي', "12 34"), 'ي');
        assert_eq!(r('ف', "پاکستان"), 'ف');
        // The document's spelling is its letters', not one Persian line's.
        let text = "\u{E003}وم الخم\u{E001}س أعلنت الوزارة تسج\u{E001}ل حالات جد\u{E001}دة \
                    ف\u{E001} المد\u{E001}نة وقال المد\u{E001}ر إن الوضع مستقر \
                    ف\u{E001} الصباح و\u{E001}عود الناس إلى ب\u{E001}وتهم";
        let m = solve(lexicon(), &[text, "کتاب‌ها را خریدی"]);
        assert_eq!(m.get(&'\u{E001}').map(|d| d.letter), Some('ي'));
    }

    #[test]
    fn a_letter_its_lines_print_plainly_is_not_the_code() {
        // ث coded: `هم` reads as well as `ثم`, but ه stands plainly beside
        // the code in every shape it would take there.
        let lines = [
            "وقع ذلك في عام 1445 هـ. \u{E000}م عاد إلى المدينة وهو يرى أنه هذا الكتاب",
            "ارتفع بـ5.3 \u{E000}م بـ4.1 \u{E000}م بـ2.2 \u{E000}م بـ1.1 في المئة هذا العام مع أهله",
            "وأظهرت الدراسة تما\u{E000}ل المرضى \u{E000}م شفاءهم التام منه بعد مهلة",
        ];
        let d = solve(lexicon(), &lines).get(&'\u{E000}').copied();
        assert_eq!(d.map(|d| d.letter), Some('ث'));
        assert!(d.is_some_and(|d| d.confidence >= 0.9), "{d:?}");
        // A font that maps a letter's other shapes, not this one: a final ه
        // coded, ه printed plainly only where it opens a word or joins on
        // both sides, is still ه.
        let lines = [
            "قال إن كتاب\u{E001} الجديد هذا يشرح فكرت\u{E001} عن المدينة",
            "ووجد في\u{E001} مهمة صعبة لكن\u{E001} لم يتركها، وقال ل\u{E001} صديق\u{E001} إنها مهمة",
        ];
        let d = solve(lexicon(), &lines).get(&'\u{E001}').copied();
        assert_eq!(d.map(|d| d.letter), Some('ه'));
    }

    #[test]
    fn decodes_a_letter_in_a_visual_document() {
        // The words are printed reversed (`يف` for `في`); so are the code's.
        let text =
            "ةنيدملا ي\u{E001} تيبلا ي\u{E001}و بهذ ىلإ قدن\u{E001}لا ي\u{E001} حابصلا حر\u{E001}و سانلا";
        let d = decoded(text, '\u{E001}');
        assert_eq!(d.map(|d| d.letter), Some('ف'));
        assert!(d.is_some_and(|d| d.confidence > 0.9), "{d:?}");
    }

    #[test]
    fn decodes_a_letter_inside_vocalised_words() {
        let text = "\u{E002}لْقِرَ\u{E002}ءَةُ مِفْتَ\u{E002}حُ \u{E002}لْمَعْرِفَةِ، وَبَ\u{E002}بُ \u{E002}لْعَقْلِ";
        let d = decoded(text, '\u{E002}');
        assert_eq!(d.map(|d| d.letter), Some('ا'));
        assert!(d.is_some_and(|d| d.confidence > 0.9), "{d:?}");
    }
}
