//! Digit runs an extractor printed reversed (`٠٥٤٬٢١` for `١٢٬٤٥٠`).
//!
//! Some extractors reverse every run of one bidi class of digits while the
//! letters around them come out in logical order: PyMuPDF and pypdf do it to
//! Arabic-Indic digits (class AN), pdf_oxide to European ones on some
//! producers. A single number rarely tells which way it reads, but the
//! document's numbers together do: grouping separators, dates, times and
//! leading zeros are valid one way round only. The decision is made per
//! document and per digit class, from that evidence in both directions.

/// The two bidi classes of digits, reversed independently by extractors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitClass {
    /// Arabic-Indic digits U+0660–0669 (bidi class AN).
    ArabicIndic,
    /// ASCII and Extended Arabic-Indic digits U+06F0–06F9 (bidi class EN).
    European,
}

/// The bidi class of a digit, `None` for any other character.
pub fn digit_class(c: char) -> Option<DigitClass> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(DigitClass::ArabicIndic),
        '0'..='9' | '\u{06F0}'..='\u{06F9}' => Some(DigitClass::European),
        _ => None,
    }
}

/// A separator that joins the digits on its two sides into one number in the
/// bidi algorithm (rule W4: one common or European separator between two
/// numbers): `1,245.8`, `2024/11/25`, `15:30`, `2024-2025`. Not `12–19`.
pub fn joins_digits(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ':' | '/' | '+' | '-' | '\u{066B}' | '\u{066C}'
    )
}

/// Separators that sit inside a number: decimal and grouping marks (ASCII
/// and Arabic), date and time separators.
fn is_inner_sep(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}' | '/' | ':')
}

/// Which side of its number each percent sign and plus or minus sign of `s`
/// stands on, for numbers of `digit`s: `(laid_out, as_written)`. Written, a
/// percent sign follows its number and a sign precedes it (`2.7%`, `±0.3`);
/// a right-to-left line lays both out the other way round (`%2.7`, `0.3±`),
/// and some extractors print that. A character with digits on both sides
/// (`12-19`) is a separator and does not vote.
pub fn sign_sides(s: &str, digit: impl Fn(char) -> bool) -> (usize, usize) {
    // Most lines have no sign at all: one scan says so (this is asked of
    // every line of a document's first window, three times).
    if !s.contains(['%', '٪', '‰', '+', '±', '-', '−']) {
        return (0, 0);
    }
    let (mut laid_out, mut as_written) = (0, 0);
    let mut prev: Option<char> = None;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        let before = prev.is_some_and(&digit);
        let after = it.peek().is_some_and(|&n| digit(n));
        prev = Some(c);
        if before == after {
            continue;
        }
        match c {
            '%' | '٪' | '‰' if after => laid_out += 1,
            '%' | '٪' | '‰' => as_written += 1,
            '+' | '±' | '-' | '−' if after => as_written += 1,
            '+' | '±' | '-' | '−' => laid_out += 1,
            _ => {}
        }
    }
    (laid_out, as_written)
}

/// Byte ranges of the digit runs of `s`: maximal runs of digits of one class,
/// with separators only between two of its digits.
pub fn runs(s: &str) -> Vec<(usize, usize, DigitClass)> {
    // (Nothing collected for a line without digits, most of them.)
    if !s.chars().any(|c| digit_class(c).is_some()) {
        return Vec::new();
    }
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let Some(class) = digit_class(cs[i].1) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut end = i + 1; // exclusive, in chars
        let mut j = i + 1;
        while j < cs.len() {
            let c = cs[j].1;
            if digit_class(c) == Some(class) {
                j += 1;
                end = j;
            } else if is_inner_sep(c)
                && cs
                    .get(j + 1)
                    .is_some_and(|&(_, n)| digit_class(n) == Some(class))
            {
                j += 1;
            } else {
                break;
            }
        }
        let b = cs.get(end).map_or(s.len(), |&(o, _)| o);
        out.push((cs[start].0, b, class));
        i = end;
    }
    out
}

/// Is the number `s` (one digit run) malformed read as it stands: a date
/// or time out of range, thousands groups of the wrong size, a quantity
/// that starts with a zero?
pub(super) fn malformed(s: &str) -> bool {
    // The checks only need the shapes: ASCII digits, `.` decimal point.
    let arabic_grouping = s.contains('\u{066C}');
    let t: String = s
        .chars()
        .map(|c| match c {
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            c => super::chars::ascii_digit(c).unwrap_or(c),
        })
        .collect();
    let num = |p: &str| p.parse::<u32>().ok();
    if t.contains('/') {
        let p: Vec<&str> = t.split('/').collect();
        if p.len() != 3 || p.iter().any(|x| x.contains(['.', ',', ':'])) {
            return false;
        }
        let date = |y: &str, m: &str, d: &str| {
            y.len() == 4
                && m.len() <= 2
                && d.len() <= 2
                && num(m).is_some_and(|m| (1..=12).contains(&m))
                && num(d).is_some_and(|d| (1..=31).contains(&d))
        };
        return !date(p[0], p[1], p[2]) && !date(p[2], p[1], p[0]);
    }
    if t.contains(':') {
        let p: Vec<&str> = t.split(':').collect();
        if p.len() != 2 || p.iter().any(|x| x.contains(['.', ','])) {
            return false;
        }
        return !(p[0].len() <= 2
            && p[1].len() == 2
            && num(p[0]).is_some_and(|h| h <= 24)
            && num(p[1]).is_some_and(|m| m <= 59));
    }
    if t.matches('.').count() > 1 {
        return false; // a section number such as 1.2.3
    }
    let (int, frac) = t.split_once('.').unwrap_or((t.as_str(), ""));
    if frac.contains(',') {
        // `1.234,5` is a decimal comma, unless the comma is the Arabic
        // thousands separator.
        return arabic_grouping;
    }
    let commas = int.matches(',').count();
    // One ASCII comma may be a decimal comma (`234,5`); two or the Arabic
    // separator, or a decimal point after them, make it grouping.
    if commas >= 2 || (commas == 1 && (arabic_grouping || t.contains('.'))) {
        let g: Vec<&str> = int.split(',').collect();
        return !((1..=3).contains(&g[0].len())
            && !g[0].starts_with('0')
            && g[1..].iter().all(|x| x.len() == 3));
    }
    // A quantity does not start with a zero; codes and telephone numbers
    // (seven digits and more) may.
    commas == 0
        && (3..=6).contains(&int.len())
        && int.starts_with('0')
        && !int.bytes().all(|b| b == b'0')
}

/// Evidence of one digit run: `Some(true)` if it reads right as printed and
/// wrong reversed, `Some(false)` for the opposite, `None` when both or
/// neither read right.
pub fn evidence(run: &str) -> Option<bool> {
    let rev: String = run.chars().rev().collect();
    match (malformed(run), malformed(&rev)) {
        (false, true) => Some(true),
        (true, false) => Some(false),
        _ => None,
    }
}

/// `s` with every digit run of `class` reversed, or `None` if none changes.
pub fn reverse_runs(s: &str, class: DigitClass) -> Option<String> {
    let rs: Vec<(usize, usize)> = runs(s)
        .into_iter()
        .filter(|&(a, b, c)| c == class && s[a..b].chars().nth(1).is_some())
        .map(|(a, b, _)| (a, b))
        .collect();
    if rs.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for (a, b) in rs {
        out.push_str(&s[at..a]);
        out.extend(s[a..b].chars().rev());
        at = b;
    }
    out.push_str(&s[at..]);
    (out != s).then_some(out)
}

/// Votes of a document's numbers, per digit class.
#[derive(Debug, Clone, Copy, Default)]
pub struct Votes {
    /// Arabic-Indic runs that read right as printed, and reversed.
    pub arabic_indic: (usize, usize),
    /// European runs that read right as printed, and reversed.
    pub european: (usize, usize),
}

impl Votes {
    /// Count the evidence of every digit run in `s`.
    pub fn observe(&mut self, s: &str) {
        for (a, b, class) in runs(s) {
            let Some(fwd) = evidence(&s[a..b]) else {
                continue;
            };
            let v = match class {
                DigitClass::ArabicIndic => &mut self.arabic_indic,
                DigitClass::European => &mut self.european,
            };
            if fwd {
                v.0 += 1;
            } else {
                v.1 += 1;
            }
        }
    }

    /// Was every run of `class` printed reversed? Two malformed numbers
    /// that read right reversed and none the other way, or more and at most
    /// one in four the other way.
    pub fn reversed(&self, class: DigitClass) -> bool {
        let (fwd, rev) = match class {
            DigitClass::ArabicIndic => self.arabic_indic,
            DigitClass::European => self.european,
        };
        (rev >= 2 && fwd == 0) || (rev >= 3 && fwd * 4 <= rev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_take_separators_between_digits_only() {
        let s = "بلغ ١٢٬٤٥٠، و2024/11/25. و3";
        let got: Vec<(&str, DigitClass)> = runs(s).iter().map(|&(a, b, c)| (&s[a..b], c)).collect();
        assert_eq!(
            got,
            vec![
                ("١٢٬٤٥٠", DigitClass::ArabicIndic),
                ("2024/11/25", DigitClass::European),
                ("3", DigitClass::European)
            ]
        );
    }

    #[test]
    fn evidence_reads_grouping_dates_and_leading_zeros() {
        assert_eq!(evidence("٠٥٤٬٢١"), Some(false));
        assert_eq!(evidence("١٢٬٤٥٠"), Some(true));
        assert_eq!(evidence("٥٢/١١/٤١٠٢"), Some(false));
        assert_eq!(evidence("2025/02/15"), Some(true));
        assert_eq!(evidence("٠٠٠٥٢"), Some(false));
        assert_eq!(evidence("35,300,000"), Some(true));
        // `8.542,1` reads right with a decimal comma.
        assert_eq!(evidence("1,245.8"), None);
        // Both ways plausible: no evidence.
        assert_eq!(evidence("٣٫٢"), None);
        assert_eq!(evidence("15:30"), None);
        // A telephone number may start with a zero.
        assert_eq!(evidence("0501234567"), None);
    }

    #[test]
    fn reversal_keeps_other_class_and_punctuation() {
        assert_eq!(
            reverse_runs("إلى ٠٥٤٬٢١ منشأة و2024.", DigitClass::ArabicIndic).as_deref(),
            Some("إلى ١٢٬٤٥٠ منشأة و2024.")
        );
        assert_eq!(reverse_runs("٥ و٧", DigitClass::ArabicIndic), None);
    }

    #[test]
    fn votes_need_three_and_a_clear_majority() {
        let mut v = Votes::default();
        v.observe("إلى ٠٥٤٬٢١ منشأة في ٤٥٠");
        assert!(!v.reversed(DigitClass::ArabicIndic));
        v.observe("وشمل ٠٠٠٥٢ أسرة");
        assert!(!v.reversed(DigitClass::ArabicIndic));
        v.observe("في ٥٢/١١/٤١٠٢ و٠٠٠٥٣");
        assert!(v.reversed(DigitClass::ArabicIndic));
        assert!(!v.reversed(DigitClass::European));
    }
}
