//! Lines printed in visual run order: an extractor sorted a line's glyphs left
//! to right and then turned each right-to-left run back into logical order,
//! but left the runs themselves in visual order (MuPDF, pypdf and pdf_oxide
//! do this): `أعلنت خطة Vision 2030 الجديدة` comes out as
//! `الجديدةVision 2030  أعلنت خطة`, the space between runs on the wrong side.
//!
//! The repair reverses the sequence of directional runs and keeps each run's
//! own order. Neutral characters between runs of one direction belong to that
//! run; those between an Arabic and a Latin run travel as their own run.

use super::chars::{has_spaces, is_clause_punct, is_digit, is_ltr, is_mark, is_word_char};
use super::numbers::{DigitClass, digit_class, joins_digits, sign_sides};
use super::segments::is_era;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Rtl,
    Ltr,
    Neutral,
}

/// How a document's visual run order treats Arabic-Indic numbers (voted per
/// document: [`an_apart_votes`], [`sign_cut_votes`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArabicNumbers {
    /// Inside their Arabic run, percent sign and all.
    #[default]
    Inside,
    /// Inside their Arabic run, but the Arabic percent sign (bidi ET, laid
    /// out left of its number) cuts the run: MuPDF prints
    /// `. وارتفع٪، في حين بنسبة ٥٫١٪وسجل قدره ٢٫٣` as five runs.
    SignCuts,
    /// Runs of their own (`بنسبة٪٥٫١`).
    Apart,
}

/// How a document's visual run order prints numbers: the Arabic-Indic ones
/// and the signs of the European ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberLayout {
    /// Where Arabic-Indic numbers sit.
    pub arabic: ArabicNumbers,
    /// Numbers printed as written (`2.7%`, `-0.8%`, `+966 11 218 5500`:
    /// XeLaTeX's text through MuPDF): signs travel with their number and
    /// the groups of a spaced number stay one run; most producers lay them
    /// out (`%2.7`, `5500 218 11 966+`). Voted per document on the signs'
    /// sides ([`super::numbers::sign_sides`]).
    pub signs_as_written: bool,
}

impl From<ArabicNumbers> for NumberLayout {
    fn from(arabic: ArabicNumbers) -> Self {
        NumberLayout {
            arabic,
            signs_as_written: false,
        }
    }
}

fn class(c: char, an: ArabicNumbers) -> Class {
    // Arabic-Indic digits (bidi class AN) sit inside their Arabic run in
    // most of these extractors' output, so they count as right to left
    // there (unless `Apart`); the Persian ones (EN, like ASCII digits) make
    // runs of their own.
    let an_digit = digit_class(c) == Some(DigitClass::ArabicIndic);
    if en_digit(c)
        || (an_digit && an == ArabicNumbers::Apart)
        || (c == '٪' && an == ArabicNumbers::SignCuts)
    {
        Class::Ltr
    } else if is_word_char(c) || an_digit {
        Class::Rtl
    } else if is_ltr(c) {
        Class::Ltr
    } else {
        Class::Neutral
    }
}

/// A digit of bidi class EN: ASCII or Extended Arabic-Indic (Persian, Urdu).
fn en_digit(c: char) -> bool {
    digit_class(c) == Some(DigitClass::European)
}

/// The line's runs: (class, text), neutrals merged into a run of the same
/// direction on both sides.
fn runs(line: &str, layout: NumberLayout) -> Vec<(Class, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut cls: Vec<Class> = chars.iter().map(|&c| class(c, layout.arabic)).collect();
    if layout.signs_as_written {
        for i in 0..chars.len() {
            let after_digit = i > 0 && en_digit(chars[i - 1]);
            let before_digit = chars.get(i + 1).is_some_and(|&n| en_digit(n));
            let sign = match chars[i] {
                '%' | '٪' | '‰' => after_digit,
                '+' | '-' | '±' | '−' => before_digit && !after_digit,
                _ => false,
            };
            if sign {
                cls[i] = Class::Ltr;
            }
        }
    }
    // Punctuation glued between two characters of one direction (`I/O`,
    // `1,245.8`, `www.example.com`) belongs to that direction.
    let mut i = 0;
    while i < chars.len() {
        if cls[i] == Class::Neutral && !chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && cls[j] == Class::Neutral && !chars[j].is_whitespace() {
                j += 1;
            }
            // Between two numbers only one separator joins them, as in the
            // bidi algorithm (`1,245.8`, `2024/11/25`; not `12–19`).
            let numbers = i > 0 && j < chars.len() && en_digit(chars[i - 1]) && en_digit(chars[j]);
            let separator = j == i + 1 && joins_digits(chars[i]);
            if i > 0 && j < chars.len() && cls[i - 1] == cls[j] && (!numbers || separator) {
                let c = cls[j];
                cls[i..j].fill(c);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let mut raw: Vec<(Class, String)> = Vec::new();
    for (&c, &k) in chars.iter().zip(&cls) {
        match raw.last_mut() {
            Some((last, s)) if *last == k => s.push(c),
            _ => raw.push((k, c.to_string())),
        }
    }
    let mut out: Vec<(Class, String)> = Vec::with_capacity(raw.len());
    let mut it = raw.into_iter().peekable();
    while let Some((k, s)) = it.next() {
        // Spaces between two numbers keep them apart: in a right-to-left
        // line the groups of `+966 11 218 5500` are laid out right to left.
        let between_numbers = !layout.signs_as_written
            && out.last().is_some_and(|(_, ps)| ps.ends_with(en_digit))
            && it.peek().is_some_and(|(_, ns)| ns.starts_with(en_digit));
        if k == Class::Neutral
            && !between_numbers
            && let Some((prev, ps)) = out.last_mut()
            && it.peek().is_some_and(|(nk, _)| nk == prev)
            && let Some((_, ns)) = it.next()
        {
            ps.push_str(&s);
            ps.push_str(&ns);
            continue;
        }
        match out.last_mut() {
            Some((last, ls)) if *last == k => ls.push_str(&s),
            _ => out.push((k, s)),
        }
    }
    out
}

/// Does the line hold both an Arabic run and a Latin/number run of two
/// characters or more? (A lone digit inside Arabic is often a mark a font
/// mapped to a digit, not a run.)
fn is_mixed(line: &str) -> bool {
    mixed_runs(line, NumberLayout::default()).is_some()
}

/// The line's runs when it is mixed (see [`is_mixed`]).
fn mixed_runs(line: &str, layout: NumberLayout) -> Option<Vec<(Class, String)>> {
    // Cheap test first: most lines have no Latin or digit at all.
    let an = layout.arabic;
    if !line.chars().any(|c| class(c, an) == Class::Ltr)
        || !line.chars().any(|c| class(c, an) == Class::Rtl)
    {
        return None;
    }
    let rs = runs(line, layout);
    // A lone digit counts when it is not inside a word (Arabic on both
    // sides is a glyph a font mapped to a digit).
    let inside = |i: usize| {
        i > 0
            && rs.get(i - 1).is_some_and(|(k, _)| *k == Class::Rtl)
            && rs.get(i + 1).is_some_and(|(k, _)| *k == Class::Rtl)
    };
    rs.iter()
        .enumerate()
        .any(|(i, (k, s))| {
            *k == Class::Ltr
                && (s.chars().filter(|c| !c.is_whitespace()).count() >= 2
                    || (s.chars().any(en_digit) && !inside(i))
                    || s.trim() == "٪")
        })
        .then_some(rs)
}

/// A line that is only a short Latin word or number: extractors that print
/// each run on its own line (logical order kept) do this, visual run order
/// never does.
fn is_lone_ltr(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.split_whitespace().nth(2).is_none()
        && t.chars().any(is_ltr)
        && !t
            .chars()
            .any(|c| class(c, ArabicNumbers::Inside) == Class::Rtl)
}

/// Votes on whether Arabic-Indic numbers are runs of their own, printed as
/// laid out: `(apart, inside)`. PyMuPDF on Chromium's PDFs prints the
/// percent sign left of such a number (`بنسبة٪٥٫١`), as a right-to-left
/// line lays it out; where numbers stay inside their Arabic run the sign
/// follows the digits (`٥٫١٪`). Counted as in [`super::numbers::sign_sides`].
pub fn an_apart_votes(line: &str) -> (usize, usize) {
    sign_sides(line, |c| digit_class(c) == Some(DigitClass::ArabicIndic))
}

/// ASCII brackets, quotes and the colon: Chromium prints them in a Latin
/// fallback font, and MuPDF cuts a line's runs at each font change.
fn is_cut_punct(c: char) -> bool {
    matches!(c, '"' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | ':')
}

/// Is `c` (between `prev` and `next`) punctuation laid out rather than
/// written? A closing bracket
/// or guillemet at a word's start (` )يقع`, ` »لا`), an opening one at a
/// word's end (`أجزاء( `, `أقوالاً« `), a colon or period before a word
/// with its space before it (` :وسئل`, `البحرية .وسط`), a period or comma
/// glued between two words in a spaced line (`البحرية.وسط`). Written text has
/// them the other way round. (A guillemet or period at the line's edge is
/// the paragraph's, not a cut.)
/// The characters [`mirrored`] can find laid out (a test holds them equal).
const LAYOUT_SIGNS: [char; 14] = [
    ')', ']', '}', '>', ':', '(', '[', '{', '<', '»', '«', '.', '،', '؛',
];

fn mirrored(prev: Option<char>, c: char, next: Option<char>, spaced: bool) -> bool {
    let letter = |c: Option<char>| c.is_some_and(|c| is_word_char(c) && !is_digit(c));
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let blank = |c: Option<char>| c.is_some_and(char::is_whitespace);
    match c {
        ')' | ']' | '}' | '>' | ':' => space(prev) && letter(next),
        '(' | '[' | '{' | '<' => letter(prev) && space(next),
        '»' => blank(prev) && letter(next),
        // pdf_oxide glues the runs at a sentence's period or a clause's
        // comma (`البحرية.وسط`, `دول،ّاختتمت`): written text never does.
        '.' | '،' | '؛' => {
            (c == '.' && blank(prev) && letter(next)) || (spaced && letter(prev) && letter(next))
        }
        '«' => letter(prev) && blank(next),
        _ => false,
    }
}

/// Which of the line's characters are laid-out punctuation (see
/// [`mirrored`]), in one pass without collecting the line: this runs on
/// every line the document profile reads.
fn mirrored_flags(line: &str) -> impl Iterator<Item = bool> + '_ {
    // Glued punctuation says something only where words are spaced (an
    // extractor that lost every space glues every comma).
    let spaced = line.split_whitespace().count() * 12 >= line.chars().count();
    let mut prev: Option<char> = None;
    let mut it = line.chars().peekable();
    std::iter::from_fn(move || {
        let c = it.next()?;
        let m = mirrored(prev, c, it.peek().copied(), spaced);
        prev = Some(c);
        Some(m)
    })
}

/// How many of the line's punctuation marks are laid out (see
/// [`mirrored`]).
fn mirrored_signs(line: &str) -> usize {
    // Most lines have none of the signs `mirrored` reads: one scan says so.
    if !line.contains(LAYOUT_SIGNS) {
        return 0;
    }
    mirrored_flags(line).filter(|&m| m).count()
}

/// A line without Latin words or numbers, cut into runs at ASCII brackets
/// and quotes (see [`is_cut_punct`]) and at laid-out punctuation, when the
/// line shows the layout (see [`mirrored`]):
/// `)يقع في ثلاثة أجزاء( وأشار إلى تقرير مفصل"فكل إدارة`.
fn bracket_cut_runs(line: &str) -> Option<Vec<(Class, String)>> {
    let laid_out: Vec<bool> = mirrored_flags(line).collect();
    if !laid_out.contains(&true) {
        return None;
    }
    let cs: Vec<char> = line.chars().collect();
    let cut: Vec<bool> = cs
        .iter()
        .zip(&laid_out)
        .map(|(&c, &m)| m || is_cut_punct(c))
        .collect();
    let rtl = |c: char| is_word_char(c) || digit_class(c).is_some();
    // (is Arabic, text, index of a cut character in it)
    let mut raw: Vec<(bool, String, Option<usize>)> = Vec::new();
    for (i, &c) in cs.iter().enumerate() {
        let at = cut[i].then_some(i);
        match raw.last_mut() {
            Some((r, s, first)) if *r == rtl(c) => {
                s.push(c);
                if first.is_none() {
                    *first = at.map(|_| s.len() - c.len_utf8());
                }
            }
            _ => raw.push((rtl(c), c.to_string(), at.map(|_| 0))),
        }
    }
    // Punctuation without a cut stays inside its Arabic run.
    let mut out: Vec<(Class, String)> = Vec::new();
    for (r, mut s, first_cut) in raw {
        if let Some((Class::Rtl, ls)) = out.last_mut() {
            let Some(k) = first_cut.filter(|_| !r) else {
                ls.push_str(&s);
                continue;
            };
            // The run's own punctuation before the cut stays with it
            // (`الاستمرارية؛" :` keeps its `؛`).
            let k = s[..k].find(char::is_whitespace).unwrap_or(k);
            ls.push_str(&s[..k]);
            s.drain(..k);
        }
        out.push((if r { Class::Rtl } else { Class::Neutral }, s));
    }
    // A cut glued between two runs (`البحرية.وسط`) is laid out as the
    // spaced one (`البحرية .وسط`): the space goes where the layout had it.
    for i in 1..out.len().saturating_sub(1) {
        let glued = out[i].0 == Class::Neutral
            && !out[i].1.contains(char::is_whitespace)
            && !out[i - 1].1.ends_with(char::is_whitespace)
            && !out[i + 1].1.starts_with(char::is_whitespace);
        if glued {
            out[i].1.insert(0, ' ');
        }
    }
    (out.iter().filter(|(k, _)| *k == Class::Rtl).count() >= 2).then_some(out)
}

/// Votes on whether the Arabic percent sign cuts Arabic runs: `(cut, kept)`.
/// Logical text never glues `٪` to an Arabic letter (`٣٫٢٪، في`); where
/// MuPDF cut a run at it and turned the pieces round one by one, it is
/// (`المنشآت٪، في`, `٥٫١٪وسجل`).
pub fn sign_cut_votes(line: &str) -> (usize, usize) {
    let letter =
        |c: Option<char>| c.is_some_and(|c| is_word_char(c) && !is_digit(c) && !is_mark(c));
    let (mut cut, mut kept) = (0, 0);
    let mut prev: Option<char> = None;
    let mut it = line.chars().peekable();
    while let Some(c) = it.next() {
        if c == '٪' {
            let next = it.peek().copied();
            if letter(prev) || letter(next) {
                cut += 1;
            } else if prev.is_some_and(is_digit) {
                kept += 1;
            }
        }
        prev = Some(c);
    }
    (cut, kept)
}

/// A document's signs of visual run order, counted over its lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    /// Mixed lines that start with a paragraph's period.
    leads: usize,
    /// Arabic words glued to a Latin word or number.
    glue: usize,
    /// Lines without a number that start with a paragraph's period.
    plain_leads: usize,
    /// Lines that are only a short Latin word or number.
    lone: usize,
    /// Latin words or numbers glued to the Arabic word on their left with
    /// two spaces or more on their right (see [`wide_gaps`]).
    gaps: usize,
    /// Brackets laid out rather than written (see [`mirrored_signs`]).
    mirrored: usize,
    /// Latin words and numbers glued to the Arabic letter on their left,
    /// and those with a space on both sides (see [`ltr_edges`]).
    ltr_glued: usize,
    ltr_apart: usize,
    /// Lines with a letter.
    lines: usize,
}

impl Evidence {
    /// The counts over `lines`.
    pub fn of(lines: &[&str]) -> Self {
        let mut e = Evidence::default();
        for l in lines {
            e.add(l);
        }
        e
    }

    /// Count one line.
    pub fn add(&mut self, line: &str) {
        let (lead, glue) = evidence(line);
        self.leads += usize::from(lead);
        self.glue += glue;
        self.plain_leads += usize::from(!lead && period_first(line));
        self.lone += usize::from(is_lone_ltr(line));
        self.gaps += wide_gaps(line);
        self.mirrored += mirrored_signs(line);
        self.lines += usize::from(line.chars().any(is_word_char));
        let (g, a) = ltr_edges(line);
        self.ltr_glued += g;
        self.ltr_apart += a;
    }

    /// In a document printed in visual word order: do its Latin words and
    /// numbers stand where logical order has them, each Arabic run printed
    /// in visual order (see [`in_place_to_visual`])? Glued to the letter
    /// on their left more often than spaced, three times at least.
    pub fn runs_in_place(&self) -> bool {
        self.ltr_glued >= 3 && self.ltr_glued > self.ltr_apart
    }

    /// Do two mixed lines open with their paragraph's period? The sign
    /// that tells visual run order from runs merely glued.
    pub fn periods_up_front(&self) -> bool {
        self.leads >= 2
    }

    /// Two paragraph ends with the period up front on mixed lines, or one
    /// and glued runs or two more on lines without a number: the extractor
    /// kept visual run order. Paragraph ends with the period up front on
    /// lines without a number are the same sign, weaker. Many lone Latin
    /// words or numbers (runs on lines of their own, logical order kept)
    /// overrule it unless glued runs are far more.
    pub fn visual(&self) -> bool {
        (self.lone < 2 || self.glue >= 4 * self.lone)
            && (self.leads >= 2
                || (self.leads >= 1 && self.glue >= 2)
                || (self.leads >= 1 && self.plain_leads >= 2)
                || (self.gaps >= 1 && self.glue >= 2 && self.plain_leads >= 2)
                || (self.mirrored >= 2 && self.plain_leads >= 2)
                // Or one, where laid-out brackets and quotes are many: one
                // line in five or more (a text of quotes, few numbers).
                || (self.mirrored >= 5 && self.mirrored * 5 >= self.lines && self.plain_leads >= 1))
    }
}

/// Evidence from one line: (starts with sentence-final punctuation, number of
/// Arabic words glued to a Latin word or number inside the line). Only mixed
/// lines count. In logical text a line never starts with `.`, and an Arabic
/// word of two letters or more is never glued to a Latin word; in visual run
/// order the period of a paragraph's last line lands at the start, and the
/// space between two runs lands on the wrong side of one of them.
fn evidence(line: &str) -> (bool, usize) {
    let t = line.trim();
    if !is_mixed(t) {
        return (false, 0);
    }
    let lead = period_first(t);
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    let mut glued = 0;
    let latin2 = |k: usize| {
        chars.get(k..k + 2).is_some_and(|w| {
            w.iter()
                .all(|&c| is_ltr(c) && !matches!(c as u32, 0x0660..=0x06F9))
        })
    };
    // A number's first or last digit glued to an Arabic word counts too;
    // a digit with letters on both sides is a glyph a font mapped wrong.
    let digit_edge = |k: usize| {
        en_digit(chars[k])
            && (k == 0 || k + 1 == n || !is_word_char(chars[k - 1]) || !is_word_char(chars[k + 1]))
    };
    // Where the run of marks before each position starts, carried along
    // (a walk back per position is quadratic on a line of marks).
    let mut a = 0;
    for b in 1..n {
        // Arabic (two letters, marks allowed after) then two Latin characters,
        // with more text after; or two Latin characters then two Arabic
        // letters, with text before.
        if !is_mark(chars[b - 1]) {
            a = b;
        }
        let r_to_l = a >= 2
            && arabic(chars[a - 1])
            && arabic(chars[a - 2])
            && (latin2(b) || digit_edge(b))
            && b + 2 < n;
        let l_to_r = b >= 3
            && (latin2(b - 2) || digit_edge(b - 1))
            && b + 1 < n
            && arabic(chars[b])
            && arabic(chars[b + 1]);
        if r_to_l || l_to_r {
            glued += 1;
        }
    }
    (lead, glued)
}

/// Latin words or numbers glued to the Arabic word on their left, with two
/// spaces or more and then an Arabic word on their right
/// (`کشور۳۵۰۰  بیش از۱۴۰۲`): the spaces of the runs around them, both
/// landed on one side when the runs were turned round. Only lines with a
/// period up front and glued runs told visual run order apart before, and a
/// Persian text without Latin words may have neither.
fn wide_gaps(line: &str) -> usize {
    // Most lines have no two spaces in a row: no collecting for them.
    if !has_spaces(line, 2) {
        return 0;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut n = 0;
    let mut i = 1;
    while i < chars.len() {
        if is_ltr(chars[i]) && arabic(chars[i - 1]) {
            let mut j = i;
            while j < chars.len()
                && (is_ltr(chars[j])
                    || matches!(chars[j], '%' | '.' | ',' | '/' | ':' | '+' | '-' | '–'))
            {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k] == ' ' {
                k += 1;
            }
            n += usize::from(k >= j + 2 && chars.get(k).is_some_and(|&c| arabic(c)));
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    n
}

/// Does the line start with sentence-final punctuation followed by a word
/// (`.التدريجي في …`)? Logical text never does.
fn period_first(line: &str) -> bool {
    let mut it = line.trim_start().chars();
    it.next().is_some_and(|c| matches!(c, '.' | '!' | '؟'))
        && it
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_alphabetic() && !is_mark(c))
}

/// Reverse the order of the line's directional runs; returns `None` when the
/// line is not mixed. Spaces are normalised where runs meet.
///
pub fn reverse_runs(line: &str, para_end: bool, layout: impl Into<NumberLayout>) -> Option<String> {
    let layout = layout.into();
    let mut rs = mixed_runs(line, layout).or_else(|| bracket_cut_runs(line))?;
    if layout.signs_as_written && layout.arabic == ArabicNumbers::SignCuts {
        // A sign cut off as written follows the piece whose number it
        // belongs to (`٥٫١. وارتفع إلى٪٢٫٣، في حين`: the first sign is ٥٫١'s).
        let an = |c: char| digit_class(c) == Some(DigitClass::ArabicIndic);
        // A new list, not Vec::remove per sign: quadratic on a hostile line.
        let mut kept: Vec<(Class, String)> = Vec::with_capacity(rs.len());
        for (k, s) in rs {
            if let Some((Class::Rtl, prev)) = kept.last_mut()
                && s == "٪"
                && prev.starts_with(an)
            {
                let end = prev
                    .char_indices()
                    .find(|&(k, c)| {
                        !(an(c)
                            || (matches!(c, '٫' | '٬') && prev[k + c.len_utf8()..].starts_with(an)))
                    })
                    .map_or(prev.len(), |(k, _)| k);
                // The space the sign stood for: the pieces now meet.
                *prev = format!(" {}٪{}", &prev[..end], &prev[end..]);
            } else {
                kept.push((k, s));
            }
        }
        rs = kept;
    }
    Some(reverse_run_list(rs, para_end, line.len()))
}

/// A line printed as several pieces (lines of their own), each piece's runs
/// in visual order and the pieces left to right: all the runs back in
/// logical order. A piece boundary is a run boundary even between runs of
/// one direction (the extractor cut the line there).
pub fn reverse_pieces(pieces: &[&str], para_end: bool) -> String {
    let mut rs: Vec<(Class, String)> = Vec::new();
    for p in pieces {
        let mut pr = runs(p, NumberLayout::default());
        // Spaces at a piece's edge belong to its run: they stand on the
        // same side of it once the runs are turned round.
        let blank = |s: &str| s.chars().all(char::is_whitespace);
        if pr.len() >= 2 && pr[0].0 == Class::Neutral && blank(&pr[0].1) {
            let (_, sp) = pr.remove(0);
            pr[0].1.insert_str(0, &sp);
        }
        let n = pr.len();
        if n >= 2
            && pr[n - 1].0 == Class::Neutral
            && blank(&pr[n - 1].1)
            && let Some((_, sp)) = pr.pop()
        {
            pr[n - 2].1.push_str(&sp);
        }
        rs.extend(pr);
    }
    let len = pieces.iter().map(|p| p.len() + 1).sum();
    reverse_run_list(rs, para_end, len)
}

fn reverse_run_list(rs: Vec<(Class, String)>, para_end: bool, len: usize) -> String {
    // Clause punctuation between a Latin or number run and the Arabic run
    // printed after it opens that Arabic run: the extractor resolved it
    // into the run that follows it in reading order (`7.9% ، وهو` →
    // `7.9%، وهو`). At the line's start it is that run's too, except on a
    // paragraph's last line, where it is the paragraph's end.
    let punct_only = |s: &str| {
        s.chars().any(is_clause_punct) && s.chars().all(|c| c.is_whitespace() || is_clause_punct(c))
    };
    // One pass into a new list (Vec::remove per site is quadratic).
    let mut kept: Vec<(Class, String)> = Vec::with_capacity(rs.len());
    let mut opening: Option<String> = None;
    let mut it = rs.into_iter().peekable();
    while let Some((k, mut s)) = it.next() {
        if let Some(p) = opening.take() {
            s.insert_str(0, &format!("{} ", p.trim()));
        }
        let opens = k == Class::Neutral
            && it.peek().is_some_and(|(nk, _)| *nk == Class::Rtl)
            && punct_only(&s)
            && match kept.last() {
                None => !para_end,
                Some((pk, _)) => *pk == Class::Ltr,
            };
        if opens {
            opening = Some(s);
        } else {
            kept.push((k, s));
        }
    }
    let rs = kept;
    let mut out = String::with_capacity(len + 8);
    let mut prev: Option<Class> = None;
    for (k, s) in rs.iter().rev() {
        if *k == Class::Neutral {
            // A neutral run read in the other direction: `( ` becomes ` (`.
            out.extend(s.chars().rev());
        } else {
            // The conjunction و, a run of its own before a number or Latin
            // word, is written joined to it (`18 و34`, `وGoogle`).
            let t = out.trim_end();
            let waw = *k == Class::Ltr
                && t.strip_suffix('و')
                    .is_some_and(|b| b.is_empty() || b.ends_with(char::is_whitespace));
            if waw {
                out.truncate(t.len());
                out.push_str(s.trim_start());
            } else {
                if prev.is_some_and(|p| p != Class::Neutral && p != *k) {
                    out.push(' ');
                }
                out.push_str(s);
            }
        }
        prev = Some(*k);
    }
    tidy(&out)
}

/// Spacing where runs met: one space between words, a percent sign after its
/// number, no space inside brackets or before closing punctuation, one space
/// outside brackets.
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // `38.4 %من` → `38.4% من`
            '%' | '٪'
                if out.last() == Some(&' ') && out.len() >= 2 && is_digit(out[out.len() - 2]) =>
            {
                out.pop();
                out.push(c);
                if chars.get(i + 1).is_some_and(|&n| !n.is_whitespace()) {
                    out.push(' ');
                }
            }
            ' ' if chars
                .get(i + 1)
                .is_some_and(|&n| is_clause_punct(n) || matches!(n, ')' | ']'))
                || matches!(out.last(), Some('(' | '[')) => {}
            '(' | '[' if out.last().is_some_and(|&p| p.is_alphanumeric()) => {
                out.push(' ');
                out.push(c);
            }
            _ => {
                out.push(c);
                if matches!(c, ')' | ']') && chars.get(i + 1).is_some_and(|&n| n.is_alphanumeric())
                {
                    out.push(' ');
                }
            }
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// The line's left-to-right runs for [`in_place_to_visual`]: byte ranges of
/// maximal stretches of Latin letters and digits, with one separator or
/// space between two such characters kept inside (`Google I/O`,
/// `2024/11/25`, `٣٫٢`).
fn ltr_spans(line: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_ltr(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        // Neutral characters between two Latin letters (or a Latin letter
        // and a digit after it) are left to right too, as the bidi algorithm
        // resolves them: `https://www`, `info@example`, `(AI) 2`.
        let latin = |c: char| c.is_alphabetic() && is_ltr(c);
        let neutral = |c: char| !is_ltr(c) && !is_word_char(c);
        loop {
            match chars.get(end) {
                Some(&(_, c)) if is_ltr(c) => end += 1,
                Some(&(_, c))
                    if (c == ' ' || joins_digits(c))
                        && chars.get(end + 1).is_some_and(|&(_, n)| is_ltr(n)) =>
                {
                    end += 2
                }
                Some(&(_, c)) if neutral(c) && latin(chars[end - 1].1) => {
                    // (Bounded: a run of neutrals is scanned once more at
                    // most, from the next Latin letter on.)
                    let mut k = end;
                    while chars.get(k).is_some_and(|&(_, n)| neutral(n)) && k - end < 16 {
                        k += 1;
                    }
                    if chars.get(k).is_some_and(|&(_, n)| is_ltr(n)) {
                        end = k;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let to = chars.get(end).map_or(line.len(), |&(b, _)| b);
        spans.push((chars[start].0, to));
        i = end;
    }
    spans
}

/// How a line's Latin words and numbers meet the Arabic around them:
/// (glued to an Arabic letter on their left, a space on both sides). Only
/// runs of two characters or more, or numbers, with Arabic letters
/// somewhere on both sides, count.
///
/// A line laid out right to left has a space on both sides of a number
/// (`ماع 2024 يف`). Where an extractor kept the runs in logical order and
/// printed each Arabic run in visual order, the space that ended an Arabic
/// run went to its other side, and the next number or Latin word is glued
/// to it (`تردصأ2024/11/25 ةبسنب`).
pub fn ltr_edges(line: &str) -> (usize, usize) {
    if !line.chars().any(is_ltr) {
        return (0, 0);
    }
    let (mut glued, mut apart) = (0, 0);
    let first_ar = line.find(arabic);
    let last_ar = line.rfind(arabic);
    let (Some(first_ar), Some(last_ar)) = (first_ar, last_ar) else {
        return (0, 0);
    };
    for (a, b) in ltr_spans(line) {
        let s = &line[a..b];
        let long = s.chars().filter(|c| !c.is_whitespace()).count() >= 2;
        if !(long || s.chars().all(is_digit)) || first_ar > a || last_ar < b {
            continue;
        }
        let before = line[..a].chars().next_back();
        let after = line[b..].chars().next();
        // Glued only where the line has its spaces: text that lost every
        // space glues numbers to words whatever its order.
        let word = line[..a].rsplit(char::is_whitespace).next().unwrap_or("");
        // A year's era printed visually (`م1950` for `1950م`) is written
        // on its number in any order.
        let lead = word.trim_start_matches(|c: char| !is_word_char(c));
        if lead.chars().count() <= 3 && is_era(&lead.chars().rev().collect::<String>()) {
            continue;
        }
        let word_before = word.chars().count();
        if before.is_some_and(arabic) && word_before <= 12 && line[..a].contains(' ') {
            glued += 1;
        } else if before.is_some_and(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
            apart += 1;
        }
    }
    (glued, apart)
}

/// A line whose runs stand in logical order, each right-to-left run printed
/// in visual order (typst's PDFs through MuPDF, pdf.js and pypdf:
/// `ماع نم ثلاثلا ريرقتلا2024` for `التقرير الثالث من عام 2024`), put in plain
/// visual order: the sequence of runs turned, each run kept as printed, so
/// that the visual-line repair reads it. Everything that is not a Latin word
/// or number (punctuation, signs, spaces) stays with its Arabic run: `%`
/// printed at the end of a run (`ىلع %1.9`) is the sign of the number
/// before that run. Returns `None` when the line has no such run between
/// Arabic text.
pub fn in_place_to_visual(line: &str) -> Option<String> {
    let spans = ltr_spans(line);
    if spans.is_empty() || !line.chars().any(arabic) {
        return None;
    }
    // (is_ltr, text) in printed order.
    let mut runs: Vec<(bool, &str)> = Vec::with_capacity(2 * spans.len() + 1);
    let mut at = 0;
    for (a, b) in spans {
        if a > at {
            runs.push((false, &line[at..a]));
        }
        runs.push((true, &line[a..b]));
        at = b;
    }
    if at < line.len() {
        runs.push((false, &line[at..]));
    }
    if runs.len() < 2 {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    for (ltr, s) in runs.iter().rev() {
        // A Latin word or number and an Arabic letter that meet once the
        // runs are turned get a space between them.
        let touching = match (out.chars().next_back(), s.chars().next()) {
            (Some(p), Some(n)) => {
                (*ltr && is_word_char(p) && is_ltr(n)) || (!*ltr && is_ltr(p) && is_word_char(n))
            }
            _ => false,
        };
        if touching {
            out.push(' ');
        }
        out.push_str(s);
    }
    Some(out)
}

/// An Arabic-script letter of a word (not a mark, not a kashida).
fn arabic(c: char) -> bool {
    is_word_char(c) && !is_mark(c) && c != '\u{0640}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_back_in_logical_order() {
        assert_eq!(
            reverse_runs(
                "الجديدة لدعم المستشفياتVision 2030  أعلنت وزارة الصحة عن خطة",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "أعلنت وزارة الصحة عن خطة Vision 2030 الجديدة لدعم المستشفيات"
        );
        assert_eq!(
            reverse_runs(
                " التي تعمل بها السفن)Global Positioning System( أنظمة",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "أنظمة (Global Positioning System) التي تعمل بها السفن"
        );
        assert_eq!(
            reverse_runs(
                ". من الصادرات% 12.5 مليون طن، منها 3,400.2 بلغ الإنتاج",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "بلغ الإنتاج 3,400.2 مليون طن، منها 12.5% من الصادرات."
        );
        // Groups of a spaced number and the ends of a range are runs of
        // their own; one separator between digits joins them.
        assert_eq!(
            reverse_runs(
                "5500 218 11 966+ أو الرقم الدولي",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "أو الرقم الدولي +966 11 218 5500"
        );
        assert_eq!(
            reverse_runs(
                ".19–12 ، الصفحات4 في الملحق رقم",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "في الملحق رقم 4، الصفحات 12–19."
        );
        // Arabic-Indic numbers as runs of their own, printed as laid out.
        assert_eq!(
            reverse_runs(
                ". وارتفع٪٥٫١ ، في حين تراجع قطاع التعدين بنسبة٪٢٫٣ وسجل القطاع نمواً قدره",
                false,
                ArabicNumbers::Apart
            )
            .unwrap(),
            "وسجل القطاع نمواً قدره ٢٫٣٪، في حين تراجع قطاع التعدين بنسبة ٥٫١٪. وارتفع"
        );
        assert_eq!(an_apart_votes("بنسبة٪٥٫١ ، في حين بنسبة٪٢٫٣ و"), (2, 0));
        assert_eq!(an_apart_votes("بنسبة ٥٫١٪ و ٢٫٣٪، ثم"), (0, 2));
        // Numbers inside their Arabic runs, the percent sign cutting them:
        // each piece turned round on its own, the pieces in visual order.
        assert_eq!(
            reverse_runs(
                ". وارتفع عدد المنشآت٪، في حين تراجع القطاع بنسبة ٥٫١٪وسجل القطاع نمواً قدره ٢٫٣",
                false,
                ArabicNumbers::SignCuts
            )
            .unwrap(),
            "وسجل القطاع نمواً قدره ٢٫٣٪، في حين تراجع القطاع بنسبة ٥٫١٪. وارتفع عدد المنشآت"
        );
        assert_eq!(
            reverse_runs(
                "، في حين تراجع القطاع بنسبة٪وسجل القطاع نمواً قدره ٢٫٣",
                false,
                ArabicNumbers::SignCuts
            )
            .unwrap(),
            "وسجل القطاع نمواً قدره ٢٫٣٪، في حين تراجع القطاع بنسبة"
        );
        // Without the vote the sign is a neutral inside the run.
        assert_eq!(
            reverse_runs(
                "، في حين تراجع القطاع بنسبة٪وسجل القطاع نمواً قدره ٢٫٣",
                false,
                ArabicNumbers::Inside
            ),
            None
        );
        assert_eq!(
            sign_cut_votes(". وارتفع عدد المنشآت٪، في حين بنسبة ٥٫١٪وسجل"),
            (2, 0)
        );
        assert_eq!(
            sign_cut_votes("قدره ٢٫٣٪، في حين بنسبة ٥٫١٪. وارتفع"),
            (0, 2)
        );
        // Mid-paragraph, punctuation before an Arabic run opens it: the
        // period and comma follow the numbers in reading order.
        assert_eq!(
            reverse_runs(
                ". وتراوحت أعمار2016 ، وهو الأدنى منذ عام%7.9 إلى",
                false,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "إلى 7.9%، وهو الأدنى منذ عام 2016. وتراوحت أعمار"
        );
        assert_eq!(
            reverse_runs("في الربع الأول", true, ArabicNumbers::Inside),
            None
        );
        // A lone digit (a mark some fonts map to a digit) is not a run.
        assert_eq!(
            reverse_runs("الد2ُنْيَا واسعة", true, ArabicNumbers::Inside),
            None
        );
        // A one-digit number between words is.
        assert_eq!(
            reverse_runs(
                ". في المئة بحلول نهاية العام المقبل3 ليقترب من المستهدف البالغ",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "ليقترب من المستهدف البالغ 3 في المئة بحلول نهاية العام المقبل."
        );
    }

    #[test]
    fn evidence_counts_glue_and_leading_period() {
        assert_eq!(
            evidence(".Android  ونظام التشغيلGmail الإلكتروني"),
            (true, 1)
        );
        // Logical text: a one-letter prefix glued to a Latin word is normal.
        assert_eq!(evidence("مثل Apple وAmazon وMeta ستشتد"), (false, 0));
        assert_eq!(evidence(". وتطور معالجات الأجهزة"), (false, 0));
        // A number's edge digit glued to an Arabic word.
        assert_eq!(
            evidence("5.3 في المئة، مقارنة بـ4.1 وأشار البيان إلى"),
            (false, 0)
        );
        assert_eq!(
            evidence(". في المئة العام المقبل3 التضخم البالغ"),
            (true, 1)
        );
        assert_eq!(evidence("في سراسر کشور12  بیش از"), (false, 1));
    }

    #[test]
    fn numbers_printed_as_written_keep_their_signs_and_groups() {
        let written = NumberLayout {
            arabic: ArabicNumbers::Inside,
            signs_as_written: true,
        };
        assert_eq!(
            reverse_runs(
                "على2.7%تقريرها الربعي، الذي كشف أن الناتج نما بنسبة",
                false,
                written
            )
            .unwrap(),
            "تقريرها الربعي، الذي كشف أن الناتج نما بنسبة 2.7% على"
        );
        assert_eq!(
            reverse_runs(".-0.8%بينما سجل القطاع نمواً سالباً بلغ", true, written).unwrap(),
            "بينما سجل القطاع نمواً سالباً بلغ -0.8%."
        );
        assert_eq!(
            reverse_runs("، أو على+966 11 218 5500أو الرقم الدولي", false, written).unwrap(),
            "أو الرقم الدولي +966 11 218 5500، أو على"
        );
        // Arabic-Indic numbers with their signs cut off as written: each
        // sign follows the number of the piece printed before it.
        let cut = NumberLayout {
            arabic: ArabicNumbers::SignCuts,
            signs_as_written: true,
        };
        assert_eq!(
            reverse_runs(
                "٥٫١. وارتفع عدد المنشآت إلى٪٢٫٣، في حين تراجع القطاع بنسبة٪وسجل القطاع نمواً قدره",
                false,
                cut
            )
            .unwrap(),
            "وسجل القطاع نمواً قدره ٢٫٣٪، في حين تراجع القطاع بنسبة ٥٫١٪. وارتفع عدد المنشآت إلى"
        );
        // The conjunction و is joined to the number after it.
        assert_eq!(
            reverse_runs(
                ".%0.8-  عاماً في الغالب، بينما سجل القطاع بلغ34 و18 المشتغلين الجدد بين",
                true,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "المشتغلين الجدد بين 18 و34 عاماً في الغالب، بينما سجل القطاع بلغ -0.8%."
        );
    }

    #[test]
    fn lines_cut_at_brackets_and_quotes_come_back_in_order() {
        assert_eq!(
            reverse_runs(
                "الأسباب كثيرة، لكن أهمها غياب الاستمرارية؛\" :وسئل عن أسباب تأخر الإصلاحات، فأجاب",
                false,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "وسئل عن أسباب تأخر الإصلاحات، فأجاب: \"الأسباب كثيرة، لكن أهمها غياب الاستمرارية؛"
        );
        assert_eq!(
            reverse_runs(
                ")يقع في ثلاثة أجزاء( وأشار إلى أن اللجنة أعدت تقريراً مفصلاً",
                false,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "وأشار إلى أن اللجنة أعدت تقريراً مفصلاً (يقع في ثلاثة أجزاء)"
        );
        // Brackets as written: no sign, the line is left alone.
        assert_eq!(
            reverse_runs(
                "وأشار إلى أن اللجنة أعدت تقريراً مفصلاً (يقع في ثلاثة أجزاء)",
                false,
                ArabicNumbers::Inside
            ),
            None
        );
        // Cut at a sentence's period, laid out before the next sentence.
        assert_eq!(
            reverse_runs(
                "وأكد البيان ضرورة حماية الممرات البحرية .وسط إجراءات أمنية مشددة",
                false,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "وسط إجراءات أمنية مشددة. وأكد البيان ضرورة حماية الممرات البحرية"
        );
        // The same with the period glued between the runs (pdf_oxide).
        assert_eq!(
            reverse_runs(
                "وأكد البيان ضرورة حماية الممرات البحرية.وسط إجراءات أمنية مشددة",
                false,
                ArabicNumbers::Inside
            )
            .unwrap(),
            "وسط إجراءات أمنية مشددة. وأكد البيان ضرورة حماية الممرات البحرية"
        );
        assert_eq!(mirrored_signs("عشر دول،ّاختتمت في العاصمة"), 1);
        // Glued punctuation in a line that lost every space is no sign.
        assert_eq!(
            mirrored_signs("الساحلية،وأعلنتالسلطاتالمحليةتعليقالدراسة"),
            0
        );
        // A guillemet at the line's edge is the paragraph's: no cut.
        assert_eq!(
            reverse_runs("»حوار: «لا إصلاح بلا تعليم", true, ArabicNumbers::Inside),
            None
        );
        assert_eq!(mirrored_signs(")يقع في ثلاثة أجزاء( وأشار"), 2);
        assert_eq!(
            mirrored_signs("أن المرحلة المقبلة .»تتطلب أفعالاً لا أقوالاً« ثلاثة"),
            1
        );
        assert_eq!(mirrored_signs("فأجاب: \"الأسباب (يقع في ثلاثة أجزاء)"), 0);
        // Two paragraph ends with the period up front and laid-out
        // brackets: the document is in visual run order.
        let lines = [
            ".بالأدوات الرقمية، إلى جانب مهارات الإلقاء",
            ")يقع في ثلاثة أجزاء( وأشار إلى أن اللجنة أعدت تقريراً مفصلاً",
            ".واضح",
            "الأسباب كثيرة؛\" :وسئل عن أسباب تأخر الإصلاحات، فأجاب",
        ];
        assert!(Evidence::of(&lines).visual());
        // The same with the brackets as written: no sign.
        let written = [
            lines[0],
            "وأشار إلى أن اللجنة أعدت تقريراً مفصلاً (يقع في ثلاثة أجزاء)",
            lines[2],
            "وسئل عن أسباب تأخر الإصلاحات، فأجاب: \"الأسباب كثيرة؛",
        ];
        assert!(!Evidence::of(&written).visual());
    }

    #[test]
    fn long_lines_of_runs_take_one_pass() {
        // Each step used to remove from the run list (quadratic): a
        // 1.6 MB line of punctuation that opens runs, and of cut signs.
        let n = 100_000;
        let l = "قدره 12 ، وهو ".repeat(n);
        let want = format!("، وهو 12{} قدره", "، وهو قدره 12".repeat(n - 1));
        assert_eq!(reverse_runs(&l, false, ArabicNumbers::Inside), Some(want));
        let cut = NumberLayout {
            arabic: ArabicNumbers::SignCuts,
            signs_as_written: true,
        };
        let l = "٥٫١ قدره٪".repeat(n);
        let want = vec!["٥٫١٪ قدره"; n].join(" ");
        assert_eq!(reverse_runs(&l, false, cut), Some(want));
    }

    #[test]
    fn layout_signs_are_every_character_mirrored_reads() {
        // Every context `mirrored` tells apart, for every character of the
        // basic plane: those it can call laid out are exactly the list the
        // line-level gate scans for.
        let ctx = [None, Some(' '), Some('ب'), Some('1')];
        let found: Vec<char> = (0..=0xFFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| {
                ctx.iter().any(|&p| {
                    ctx.iter()
                        .any(|&n| mirrored(p, c, n, true) || mirrored(p, c, n, false))
                })
            })
            .collect();
        let mut signs = LAYOUT_SIGNS.to_vec();
        signs.sort();
        assert_eq!(found, signs);
    }

    #[test]
    fn wide_gaps_are_a_sign_without_latin_words() {
        assert_eq!(
            wide_gaps(" کتابخانه در سراسر کشور۳۵۰۰  بیش از۱۴۰۲ به گفتهٔ"),
            1
        );
        assert_eq!(wide_gaps("در سال ۱۴۰۲ بیش از ۳۵۰۰  کتابخانه"), 0);
        assert_eq!(wide_gaps("  بیش از۳۵۰۰ کتابخانه در سراسر"), 0);
        // A Persian text in visual run order: two paragraph ends with the
        // period up front, glued numbers, one wide gap. No mixed line
        // starts with the period, so this alone decides.
        let lines = [
            ".قصه‌گویی و نقاشی شرکت کنند",
            " کتابخانه در سراسر کشور۳۵۰۰  بیش از۱۴۰۲ به گفتهٔ مسئولان، در سال",
            " میلیون نفر گذشته است. با این حال، پژوهشگران می‌گویند که۲ فعال بوده‌اند",
            ".انجام شود",
        ];
        assert!(Evidence::of(&lines).visual());
        // The same with the number's spaces as written: logical order.
        let logical = [
            lines[0],
            "  بیش از۳۵۰۰ کتابخانه در سراسر",
            lines[2],
            lines[3],
        ];
        assert!(!Evidence::of(&logical).visual());
    }

    #[test]
    fn three_periods_up_front_are_a_sign_without_glue() {
        // pdf_oxide on pango: one mixed line and two plain ones open with
        // their paragraph's period; no run is glued to another.
        let lines = [
            ".في المئة بحلول نهاية العام المقبل 3 التضخم تباطؤه ليقترب",
            ".التدريجي في مؤشرات الأسعار",
            "قرر البنك المركزي في اجتماعه الدوري أمس",
            ".هذا التحسن",
        ];
        assert!(Evidence::of(&lines).visual());
        // Two are not enough.
        assert!(!Evidence::of(&lines[..3]).visual());
        // One mixed line up front does not tell visual run order from runs
        // merely glued; two do.
        assert!(!Evidence::of(&lines).periods_up_front());
        let two = [lines[0], ".البالغ 3 في المئة بحلول نهاية العام"];
        assert!(Evidence::of(&two).periods_up_front());
    }

    #[test]
    fn many_laid_out_quotes_and_one_period_up_front_are_a_sign() {
        // pypdf on fpdf2's PDFs: a text of quotes, runs in visual order cut
        // at them, one paragraph's period up front.
        let lines = [
            "»لا إصلاح بلا تعليم« :حوار",
            "لا« :في لقاء مع عدد من الإعلاميين، قال رئيس اللجنة",
            ".»يُرفع في المناسبات، بل عمل يومي طويل النفس",
            " يتضمن)يقع في ثلاثة أجزاء(. وأشار إلى أن اللجنة أعدّت تقريراً",
            ".مقترحات لإعادة النظر في المناهج وأساليب التقييم",
            "تظهر أن الأطفال ]انظر الملحق الأول[ يحققون نتائج أفضل",
        ];
        let e = Evidence::of(&lines);
        assert!(e.mirrored >= 5, "{e:?}");
        assert!(e.visual());
        // The same signs spread over many lines of plain text are not.
        let mut many: Vec<&str> = lines.to_vec();
        many.extend(std::iter::repeat_n(
            "وقال رئيس اللجنة إن الإصلاح يبدأ من المدرسة",
            40,
        ));
        assert!(!Evidence::of(&many).visual());
    }

    #[test]
    fn runs_kept_in_logical_order_tell_by_their_glue() {
        // Each Arabic run printed reversed, the runs in logical order: the
        // number is glued to the letter on its left.
        assert_eq!(ltr_edges(" موي ةرازولا تنلعأ2024/03/15 غلب راوزلا"), (1, 0));
        // Plain visual order: a space on both sides.
        assert_eq!(ltr_edges("غلب 2024/03/15 موي ةرازولا"), (0, 1));
        // Text that lost every space says nothing.
        assert_eq!(ltr_edges("ماعنمثلاثلاعبرلليئاصحإلا2024ريرقتلا"), (0, 0));
        // A year with its era (`1950م`, `١٤٣١هـ`) printed visually is
        // glued as written, whatever the run order.
        assert_eq!(ltr_edges("يف م1950 ماع رعاشلا دلو"), (0, 0));
        assert_eq!(ltr_edges(".ـه١٤٣١ ةنس لاضع ضرم"), (0, 0));
        assert_eq!(ltr_edges("ةرهاقلا يف م.ق300 ماع يف"), (0, 0));
    }

    #[test]
    fn runs_in_place_are_put_in_visual_order() {
        assert_eq!(
            in_place_to_visual(" موي ةرازولا تنلعأ2024/03/15 غلب راوزلا ددع نأ ").as_deref(),
            Some(" غلب راوزلا ددع نأ 2024/03/15 موي ةرازولا تنلعأ")
        );
        // A sign printed at the end of its run stays with that run, next to
        // the number before it once the runs are turned.
        assert_eq!(
            in_place_to_visual("2.7 لباقم ىلع %1.9 وحن").as_deref(),
            Some(" وحن 1.9 لباقم ىلع %2.7")
        );
        assert_eq!(
            in_place_to_visual("شركة إن وقالGoogle Cloudالعام نهاية").as_deref(),
            Some("العام نهاية Google Cloud شركة إن وقال")
        );
        assert_eq!(in_place_to_visual("ماع نم ثلاثلا"), None);
        // A URL is one left-to-right run, its `://` with it.
        assert_eq!(
            in_place_to_visual("عقوملا https://www.example.com/ar لمعي").as_deref(),
            Some(" لمعي https://www.example.com/ar عقوملا ")
        );
    }
}
