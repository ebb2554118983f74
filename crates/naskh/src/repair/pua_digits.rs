//! Private Use Area codes that stand for digits: a font without a Unicode
//! map for its digits prints every number as codes (`عام ` + four codes).
//! A digit cipher has no lexicon to check against, so it is solved from the
//! places numbers take in prose: a year after `عام`/`سال`, a day before a
//! month's name, the fields of a date or a time, a number that does not
//! start with 0. Fonts number their digit glyphs in order, so codes that
//! run in digit order (one offset for all of them) are likelier than any
//! other assignment. Only an assignment the contexts single out is kept;
//! its confidence goes to the caller's threshold like any other decoding.

use std::collections::{HashMap, HashSet};

use super::chars::{is_digit, is_pua};
use super::numbers;
use super::pua::Decoded;

/// Words a year follows (Arabic, Persian, Urdu).
const YEAR_BEFORE: &[&str] = &[
    "عام",
    "العام",
    "لعام",
    "بعام",
    "وعام",
    "سنة",
    "السنة",
    "لسنة",
    "عامي",
    "سال",
    "سالِ",
    "سن",
];
/// Era marks a year is followed by (not `م`, which is also metres).
const YEAR_AFTER: &[&str] = &["هـ", "ه", "ه.ش", "هـ.ش", "هـ.ق"];
/// Month names a day number comes before.
const MONTHS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "محرم",
    "صفر",
    "رمضان",
    "شوال",
    "ذي",
    "جمادى",
    "ربيع",
    "رجب",
    "شعبان",
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
    "ژانویه",
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
];

/// Number tokens looked at: the search scores each under up to 5,040
/// assignments, so this bounds a document's cost (about a second on a
/// text of nothing but coded numbers); a document's contexts are in its
/// first numbers as much as in its last.
const MAX_TOKENS: usize = 200;
/// Codes searched over every assignment (10·9·8·7 of them); more codes are
/// tried in digit order only.
const FREE_CODES: usize = 4;

/// A number token with codes in it, and what its neighbours say.
struct NumberTok {
    chars: Vec<char>,
    year: bool,
    day: bool,
}

/// Which digits the document writes: ASCII, Arabic-Indic or Extended.
fn digit_base(c: char) -> Option<u32> {
    match c as u32 {
        0x30..=0x39 => Some(0x30),
        0x0660..=0x0669 => Some(0x0660),
        0x06F0..=0x06F9 => Some(0x06F0),
        _ => None,
    }
}

fn number_char(c: char) -> bool {
    is_digit(c) || is_pua(c) || matches!(c, '.' | ',' | '٫' | '٬' | '/' | ':' | '-' | '%' | '٪')
}

/// The number in a token, punctuation around it trimmed; `None` unless it
/// holds a code.
fn number_core(t: &str) -> Option<&str> {
    let core = t.trim_matches(|c: char| !(is_digit(c) || is_pua(c)));
    (core.chars().any(is_pua) && core.chars().all(number_char)).then_some(core)
}

/// A neighbouring word without the punctuation around it.
fn bare(t: &str) -> &str {
    t.trim_matches(|c: char| !c.is_alphabetic() && c != '.')
}

/// The score of one token under an assignment (`digit` of each code): a
/// penalty for a number that cannot be (the shapes [`numbers::malformed`]
/// reads: dates, times, grouping, a leading zero; a year or a day out of
/// range where the words around ask for one), a credit for each place it
/// fits. A token with a code the assignment leaves open is not scored.
fn token_score(t: &NumberTok, digit: &dyn Fn(char) -> Option<u32>) -> f32 {
    // The checks need the shapes only: each code, and each plain digit of
    // any script (`١٩٥٠`), as an ASCII digit.
    let mut s = String::with_capacity(t.chars.len());
    for &c in &t.chars {
        if is_pua(c) {
            let Some(d) = digit(c).and_then(|d| char::from_digit(d, 10)) else {
                return 0.0;
            };
            s.push(d);
        } else {
            s.push(super::chars::ascii_digit(c).unwrap_or(c));
        }
    }
    let mut score = 0.0f32;
    let year = |f: &str| f.parse::<u32>().is_ok_and(|v| (1300..=2100).contains(&v));
    let date_or_time = s.split('/').count() == 3 || s.split(':').count() == 2;
    // A date's year is one prose writes (malformed() reads its shape only).
    let bad_year = s.split('/').count() == 3 && s.split('/').any(|f| f.len() == 4 && !year(f));
    if numbers::malformed(&s) || bad_year {
        score -= 3.0;
    } else if date_or_time {
        score += 1.0;
    }
    let value = s
        .parse::<u32>()
        .ok()
        .filter(|_| s.chars().all(|c| c.is_ascii_digit()));
    if t.year {
        score += if s.len() == 4 && value.is_some() && year(&s) {
            1.0
        } else {
            -3.0
        };
    }
    if t.day {
        score += if value.is_some_and(|v| (1..=31).contains(&v)) {
            1.0
        } else {
            -3.0
        };
    }
    score
}

/// Solve the digit codes of a window: codes that occur in numbers and never
/// inside a word (`letter_codes`). Returns each code's digit, in the script
/// of the plain digits beside it, with a confidence; at most 0.5 (a guess to
/// report) unless two contexts confirm the reading and the document prints
/// plain digits to tell the script by.
pub fn solve_digits(lines: &[&str], letter_codes: &HashSet<char>) -> HashMap<char, Decoded> {
    let mut toks: Vec<NumberTok> = Vec::new();
    let mut scripts: HashMap<u32, usize> = HashMap::new();
    let mut plain: HashMap<u32, [bool; 10]> = HashMap::new();
    for l in lines {
        let words: Vec<&str> = l.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            for c in w.chars() {
                if let Some(b) = digit_base(c) {
                    *scripts.entry(b).or_default() += 1;
                    plain.entry(b).or_default()[(c as u32 - b) as usize] = true;
                }
            }
            if toks.len() >= MAX_TOKENS {
                continue;
            }
            let Some(core) = number_core(w) else { continue };
            if core.chars().any(|c| letter_codes.contains(&c)) {
                continue;
            }
            let prev = i.checked_sub(1).map(|j| bare(words[j]));
            let next = words.get(i + 1).map(|t| bare(t));
            toks.push(NumberTok {
                chars: core.chars().collect(),
                year: prev.is_some_and(|p| YEAR_BEFORE.contains(&p))
                    || next.is_some_and(|n| YEAR_AFTER.contains(&n)),
                day: next.is_some_and(|n| MONTHS.contains(&n)),
            });
        }
    }
    // Without plain digits the script is a guess (Persian letters say
    // Extended Arabic-Indic, else ASCII): reported, not applied.
    let script = scripts
        .iter()
        .max_by_key(|&(b, n)| (*n, *b))
        .map(|(&b, _)| b);
    let persian = lines
        .iter()
        .any(|l| l.contains(['\u{067E}', '\u{0686}', '\u{0698}', '\u{06AF}', '\u{06CC}']));
    let base = script.unwrap_or(if persian { 0x06F0 } else { 0x30 });
    let seen_in = |b: u32| plain.get(&b).copied().unwrap_or_default();
    let mut codes: Vec<char> = toks
        .iter()
        .flat_map(|t| t.chars.iter().copied())
        .filter(|&c| is_pua(c))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() || codes.len() > 10 {
        return HashMap::new();
    }
    // Each code's script: that of the plain digits it stands among (a
    // document may write both), else the document's.
    let code_base: Vec<u32> = codes
        .iter()
        .map(|&code| {
            let mut n: HashMap<u32, usize> = HashMap::new();
            for t in toks.iter().filter(|t| t.chars.contains(&code)) {
                for b in t.chars.iter().filter_map(|&c| digit_base(c)) {
                    *n.entry(b).or_default() += 1;
                }
            }
            n.into_iter()
                .max_by_key(|&(b, k)| (k, b))
                .map_or(base, |(b, _)| b)
        })
        .collect();
    // Score of an assignment: its tokens, then the priors. A digit the
    // document also prints plainly is unlikely to be a code's (its font
    // would print it plainly too); codes in digit order are the fonts' way.
    let score = |ds: &[u32]| -> f32 {
        let digit = |c: char| codes.iter().position(|&k| k == c).map(|i| ds[i]);
        let mut s: f32 = toks.iter().map(|t| token_score(t, &digit)).sum();
        s -= 1.5
            * ds.iter()
                .zip(&code_base)
                .filter(|&(&d, &b)| seen_in(b)[d as usize])
                .count() as f32;
        let first = (codes[0] as u32, ds[0]);
        let in_order = codes
            .iter()
            .zip(ds)
            .all(|(&c, &d)| (c as u32).wrapping_sub(first.0) == d.wrapping_sub(first.1));
        if in_order && codes.len() >= 2 {
            s += 2.0;
        }
        s
    };
    let mut scored: Vec<(f32, Vec<u32>)> = Vec::new();
    if codes.len() <= FREE_CODES {
        let mut ds = vec![0u32; codes.len()];
        assignments(&mut ds, &code_base, 0, &mut |ds| {
            scored.push((score(ds), ds.to_vec()))
        });
    } else {
        // In digit order only: the offset of the first code fixes them all.
        let span = codes[codes.len() - 1] as u32 - codes[0] as u32;
        for d0 in 0..10u32.saturating_sub(span) {
            let ds: Vec<u32> = codes
                .iter()
                .map(|&c| c as u32 - codes[0] as u32 + d0)
                .collect();
            scored.push((score(&ds), ds));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some((best, ds)) = scored.first() else {
        return HashMap::new();
    };
    // What the contexts say for the best reading, priors aside: two places
    // where a number fits at least.
    let evidence: f32 = {
        let digit = |c: char| codes.iter().position(|&k| k == c).map(|i| ds[i]);
        toks.iter().map(|t| token_score(t, &digit)).sum()
    };
    let sure = script.is_some() && evidence >= 2.0;
    let mut out = HashMap::new();
    for (i, &code) in codes.iter().enumerate() {
        // The runner-up that reads this code otherwise.
        let rival = scored
            .iter()
            .find(|(_, o)| o[i] != ds[i])
            .map_or(f32::NEG_INFINITY, |(s, _)| *s);
        let gap = f64::from(best - rival).min(20.0);
        let Some(letter) = char::from_u32(code_base[i] + ds[i]) else {
            continue;
        };
        out.insert(
            code,
            Decoded {
                letter,
                confidence: if sure {
                    1.0 / (1.0 + 10f64.powf(-(gap - 1.0)))
                } else {
                    0.5f64.min(1.0 / (1.0 + 10f64.powf(-(gap - 1.0))))
                },
            },
        );
    }
    out
}

/// Call `f` with every assignment of digits to `ds[k..]` that gives the
/// codes of one script (`bases`) distinct digits: ASCII `1` and
/// Arabic-Indic `١` are different glyphs, so two codes may both read one.
fn assignments(ds: &mut [u32], bases: &[u32], k: usize, f: &mut dyn FnMut(&[u32])) {
    if k == ds.len() {
        f(ds);
        return;
    }
    for d in 0..10 {
        if (0..k).any(|j| ds[j] == d && bases[j] == bases[k]) {
            continue;
        }
        ds[k] = d;
        assignments(ds, bases, k + 1, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` written with the font's digit codes U+E030 + digit.
    fn coded(n: &str) -> String {
        n.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0xE030 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }

    #[test]
    fn digits_in_font_order_are_read_from_years_and_dates() {
        let text = format!(
            "أعلنت الوزارة في عام {} خطة جديدة، الصفحة 3\nوقعت الهجمات في {} سبتمبر {}\nمنذ عام {} تغير الكثير",
            coded("2024"),
            coded("11"),
            coded("2001"),
            coded("1998")
        );
        let m = solve_digits(&text.lines().collect::<Vec<_>>(), &HashSet::new());
        for (d, code) in [('2', '\u{E032}'), ('0', '\u{E030}'), ('9', '\u{E039}')] {
            let got = m.get(&code).copied();
            assert_eq!(got.map(|g| g.letter), Some(d));
            assert!(got.is_some_and(|g| g.confidence > 0.9), "{got:?}");
        }
    }

    #[test]
    fn a_year_that_cannot_be_one_rules_a_reading_out() {
        // `عام 2X1Y`: only X = 0 makes a year (2010–2019; 21xx is past the
        // range). Y is any digit; the one the document never prints (9) is
        // the guess, too weak to apply.
        let text = "في عام 2\u{E100}1\u{E10B} وفي 1\u{E10B} مارس 2020 أيضاً 345678";
        let m = solve_digits(&[text], &HashSet::new());
        let x = m.get(&'\u{E100}').copied();
        assert_eq!(x.map(|d| d.letter), Some('0'));
        assert!(x.is_some_and(|d| d.confidence > 0.9), "{x:?}");
        let y = m.get(&'\u{E10B}').copied();
        assert_eq!(y.map(|d| d.letter), Some('9'));
        assert!(y.is_some_and(|d| d.confidence < 0.9), "{y:?}");
    }

    #[test]
    fn codes_the_contexts_cannot_tell_apart_are_left_to_report() {
        // Two codes out of font order, two digits the document never
        // prints (5 and 6), and no context that tells which is which.
        let text = "بلغ العدد 1\u{E100}0 و\u{E107}3% من 2024 و789 و4";
        let m = solve_digits(&[text], &HashSet::new());
        assert!(m.values().all(|d| d.confidence < 0.5), "{m:?}");
        let guesses: Vec<char> = ['\u{E100}', '\u{E107}']
            .iter()
            .filter_map(|c| m.get(c).map(|d| d.letter))
            .collect();
        assert!(
            guesses == ['5', '6'] || guesses == ['6', '5'],
            "{guesses:?}"
        );
    }

    #[test]
    fn a_code_per_script_may_read_the_same_digit() {
        // The font had no map for ASCII `1` nor for Arabic-Indic `١`: two
        // codes, both one, each read from its years.
        let text = "في عام \u{E100}950 ثم عام \u{E100}975 وفي عام \u{E101}٩٥٠ ثم عام \u{E101}٩٧٥ و2020 و٢٠٢٠";
        let m = solve_digits(&[text], &HashSet::new());
        let read = |c: char| m.get(&c).map(|d| (d.letter, d.confidence > 0.9));
        assert_eq!(read('\u{E100}'), Some(('1', true)));
        assert_eq!(read('\u{E101}'), Some(('١', true)));
    }

    #[test]
    fn codes_next_to_letters_are_no_digits() {
        let text = "عام \u{E100}\u{E101} كتاب";
        assert!(solve_digits(&[text], &HashSet::from(['\u{E100}'])).is_empty());
    }
}
