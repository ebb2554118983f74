//! Lines split at a raised tanween: PDFium (pypdfium2) starts a new line
//! after a word whose tanween fath sits above the baseline, and prints the
//! pieces of the line left to right, so `فنية دائمة … القرارات، مشيراً إلى
//! أن المرحلة المقبلة «تتطلب أفعالاً` comes out as two lines, `ىلإ أن ةلحرملا
//! ةلبقملا» بلطتت الاعفأً` and then `ةينف ةمئاد … القرارات، اريشمً`. Every
//! piece but the line's last (its leftmost, printed first) ends with the
//! word that carried the tanween, the mark torn off its alef and printed
//! after the word (`اريشمً`, which no spelling has). The pieces of a line
//! are put back right to left and joined; how many go together is told by
//! the line width, as a line's pieces fill one line.
//!
//! Where the words keep their letters in order, the torn mark opens the
//! piece printed before the word's (PDFium on LibreOffice's and fpdf2's
//! PDFs), or the line's marks all come first, each a line of its own
//! (poppler on the same PDFs): see `join_led_splits` and
//! `join_marks_first`.
//!
//! A text → segments stage like [`super::pieces`]: it only joins and orders
//! whole lines, and only in a document that shows the torn tanween.

use super::chars::{is_bidi_control, is_clause_punct, is_letter, is_mark};
use super::columns::Piece;
use crate::script::base_letter;

const FATHATAN: char = '\u{064B}';

/// Lines with a torn tanween needed before any line is joined.
const MIN_TORN: usize = 1;

/// Slack over the measured line width a joined line may take (widths are
/// counted in characters, not in the font's advances).
const WIDTH_SLACK: f32 = 1.03;

/// The line without its line end, bidi controls or edge spaces.
fn body(l: &str) -> &str {
    l.trim_matches(|c: char| c.is_whitespace() || is_bidi_control(c))
}

/// Does the line end with a word carrying a tanween fath (`اريشمً`,
/// `ريفغًا`, `استعداداً`)? Such a line can be a piece of a split line.
fn ends_with_tanween(l: &str) -> bool {
    let b = body(l);
    let mut rev = b.chars().rev();
    match rev.next() {
        Some(FATHATAN) => true,
        Some(c) if base_letter(c) == 'ا' => rev.next() == Some(FATHATAN),
        _ => false,
    }
}

/// Does the line end with a tanween fath torn off its alef: a word printed
/// reversed, its alef first, the mark last on a letter that never carries
/// one without an alef (`اريشمً`; `مساءً`, `مدينةً`, `هدىً` are spelt so)?
fn torn(l: &str) -> bool {
    let b = body(l);
    let word = b.rsplit(char::is_whitespace).next().unwrap_or(b);
    if word.chars().next().map(base_letter) != Some('ا') {
        return false;
    }
    let mut rev = word.chars().rev();
    if rev.next() != Some(FATHATAN) {
        return false;
    }
    // (Presentation forms folded: pypdf prints them.)
    rev.find(|&c| !is_mark(c)).is_some_and(|c| {
        is_letter(c) && !matches!(base_letter(c), 'ا' | 'ة' | 'ء' | 'ى' | 'ئ' | 'ؤ' | 'أ')
    })
}

/// The window's line width: the 95th percentile of its lines' widths, so
/// that a heading set wider than the text does not stretch it; `None`
/// without a line of text.
fn full_width(widths: &[usize]) -> Option<usize> {
    let mut sorted: Vec<usize> = widths.iter().copied().filter(|&w| w > 0).collect();
    sorted.sort_unstable();
    sorted.get(sorted.len() * 95 / 100).copied()
}

/// Most a group cut short may take over the measured line width.
const STRETCHED: f32 = 1.12;

/// A line's width in characters, marks aside (they take no room).
fn width(l: &str) -> usize {
    // (Tabs: LibreOffice's kashida cuts, through PDFium; no room.)
    body(l)
        .chars()
        .filter(|&c| !is_mark(c) && !is_bidi_control(c) && c != '\t')
        .count()
}

/// Join the pieces of lines split at a raised tanween; `None` when the
/// window shows no torn tanween (or has nothing to join).
///
/// A piece that ends with a tanween word goes with the line before it
/// while together they fit in the window's line width; any other line
/// starts a line of its own. Each group is put back in logical order (the
/// last printed piece first) and joined with spaces. `ordered` says which
/// input lines an earlier stage already put in logical run order; a line
/// left alone keeps its flag, a joined one is ordered.
pub fn join_mark_splits(lines: &[&str], nos: &[usize], ordered: &[bool]) -> Option<Vec<Piece>> {
    let torn_lines = lines.iter().filter(|l| torn(l)).count();
    let text = lines.iter().filter(|l| l.chars().any(is_letter)).count();
    if torn_lines < MIN_TORN || torn_lines * 50 < text {
        return join_led_splits(lines, nos, ordered);
    }
    let line_widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    let full = full_width(&line_widths)?;
    let limit = (full as f32 * WIDTH_SLACK) as usize;
    // A group far short of a line that does not end a paragraph is a line
    // cut short: its next piece goes with it unless far too wide (a
    // justified line holds a tenth more or fewer characters than another).
    let short = full * 7 / 10;
    let stretched = (full as f32 * STRETCHED) as usize;
    // Groups of consecutive lines: [start, end) and their joined width.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, (l, &w)) in lines.iter().zip(&line_widths).enumerate() {
        let fits = |s: usize, gw: usize| {
            gw + 1 + w <= limit
                || (gw < short
                    && gw + 1 + w <= stretched
                    && !body(lines[s]).ends_with(['.', '؟', '!', '۔', ':']))
        };
        match open {
            Some((s, gw)) if w > 0 && ends_with_tanween(l) && fits(s, gw) => {
                open = Some((s, gw + 1 + w));
            }
            _ => {
                if let Some((s, _)) = open.take() {
                    groups.push((s, i));
                }
                if w > 0 {
                    open = Some((i, w));
                } else {
                    groups.push((i, i + 1));
                }
            }
        }
    }
    if let Some((s, _)) = open {
        groups.push((s, lines.len()));
    }
    let joins = groups
        .into_iter()
        .filter(|&(s, e)| e - s > 1)
        .map(|(s, e)| {
            let text = lines[s..e]
                .iter()
                .rev()
                .map(|l| body(l))
                .collect::<Vec<_>>()
                .join(" ");
            (s, e, text)
        })
        .collect();
    assemble(lines, nos, ordered, joins)
}

/// The window's lines with the joined groups in place: each `(start, end,
/// text)` (in order, not overlapping) puts one ordered piece, `text` with
/// the line end of `lines[end - 1]`, for `lines[start..end]`; every other
/// line is kept with its `ordered` flag. `None` when nothing was joined.
fn assemble(
    lines: &[&str],
    nos: &[usize],
    ordered: &[bool],
    joins: Vec<(usize, usize, String)>,
) -> Option<Vec<Piece>> {
    if joins.is_empty() {
        return None;
    }
    let kept = |k: usize| Piece {
        text: lines[k].to_string(),
        line: nos[k],
        pieces: None,
        ordered: ordered.get(k).copied().unwrap_or(false),
    };
    let mut out: Vec<Piece> = Vec::with_capacity(lines.len());
    let mut at = 0;
    for (s, e, mut text) in joins {
        out.extend((at..s).map(kept));
        let last = lines[e - 1];
        if last.ends_with("\r\n") {
            text.push_str("\r\n");
        } else if last.ends_with('\n') {
            text.push('\n');
        }
        out.push(Piece {
            text,
            line: nos[s],
            pieces: Some(e - s),
            ordered: true,
        });
        at = e;
    }
    out.extend((at..lines.len()).map(kept));
    Some(out)
}

/// Is the line the tanween fath alone (a raised mark printed apart)?
fn mark_only(l: &str) -> bool {
    body(l) == "\u{064B}"
}

/// Does the word end with a bare alef (one a torn tanween fath sat on)?
fn ends_bare_alef(w: &str) -> bool {
    w.chars().next_back().map(base_letter) == Some('ا')
}

/// The same split where the words keep their letters in order (PDFium on
/// LibreOffice's and fpdf2's PDFs): each piece but the line's first in
/// logical order opens with the raised tanween of the word before it, the
/// mark printed first and apart (`ً إىل أن المرحلة …` after `… القرارات،
/// مشيرا`), or the mark is a line of its own. A piece opening with the mark
/// goes with the next line; the group is put back right to left, each mark
/// on the word it was torn from.
fn join_led_splits(lines: &[&str], nos: &[usize], ordered: &[bool]) -> Option<Vec<Piece>> {
    // Each line's opening mark, once (the grouping asks several times).
    let leds: Vec<Option<(String, &str)>> = lines.iter().map(|l| led(l)).collect();
    let is_led = |k: usize| leds[k].is_some();
    // Whose mark is it? Here the line after a piece that opens with one
    // ends with the bare alef it was torn from; where the line before
    // does (pdf_oxide prints the pieces in logical order), the pieces are
    // not these.
    let bare_alef = |l: &str| ends_bare_alef(body(l));
    let (mut after, mut before) = (0usize, 0usize);
    for (i, m) in leds.iter().enumerate() {
        if m.as_ref().is_some_and(|(_, rest)| !rest.is_empty()) {
            let next = lines.get(i + 1).is_some_and(|n| bare_alef(n));
            let prev = i > 0 && bare_alef(lines[i - 1]);
            after += usize::from(next && !prev);
            before += usize::from(prev && !next);
        }
    }
    if after < MIN_LED || after <= 2 * before {
        return join_marks_first(lines, nos, ordered);
    }
    let widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    let full = full_width(&widths)?;
    // The pieces of one line: a justified line holds a tenth more or fewer
    // characters than another, and the pieces' edges add spaces. (Only
    // pieces that open with a torn mark are joined, so a generous width
    // does not join whole lines.)
    let limit = (full as f32 * LED_STRETCHED) as usize;
    // The mark alone after a piece goes with it, unless that piece ends
    // the group: it follows one that opens with a mark, and ends with the
    // bare alef that mark was torn from. Then the mark opens the next line.
    let mark_after = |e: usize| {
        let last = e > 0 && is_led(e - 1) && carries(body(lines[e]));
        mark_only(lines[e + 1]) && !last
    };
    let mut joins: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The group: lines that open with the mark, or are followed by the
        // mark alone, go with the next line.
        let mut e = i;
        while e + 1 < lines.len()
            && e - i < MAX_PIECES
            && !body(lines[e]).is_empty()
            && (is_led(e) || mark_after(e))
            && !body(lines[e + 1]).is_empty()
        {
            e += 1;
        }
        // The mark alone opens a group only before a piece that opens with
        // one: above a whole line it is a mark the layout set apart.
        if e > i && mark_only(lines[i]) && !is_led(i + 1) {
            e = i;
        }
        let total: usize = widths[i..=e].iter().sum::<usize>() + (e - i);
        let text = (e > i && !is_led(e) && total <= limit)
            .then(|| logical_led(&lines[i..=e], &leds[i..=e]))
            .flatten();
        match text {
            Some(text) => {
                joins.push((i, e + 1, text));
                i = e + 1;
            }
            None => i += 1,
        }
    }
    assemble(lines, nos, ordered, joins)
}

/// Lines opening with a torn tanween needed before any line is joined.
const MIN_LED: usize = 2;

/// Most pieces one line is split into (a rejected group is tried again
/// from its next line, so an unbounded chain would be quadratic).
const MAX_PIECES: usize = 32;

/// Most the pieces of one line may take over the measured line width.
const LED_STRETCHED: f32 = 1.25;

/// A line that opens with a tanween fath printed apart, with the
/// punctuation that follows the word it was torn from (`ً إىل`, `،ً إذ`,
/// or the mark alone): (mark and punctuation in logical order, the rest).
fn led(l: &str) -> Option<(String, &str)> {
    let b = body(l);
    let (first, rest) = match b.split_once(char::is_whitespace) {
        Some((f, r)) => (f, r.trim_start()),
        None => (b, ""),
    };
    let marks = first.chars().filter(|&c| c == FATHATAN).count();
    let punct = |c: char| is_clause_punct(c) || matches!(c, '.' | '!' | '؟');
    (marks == 1 && first.chars().all(|c| c == FATHATAN || punct(c)))
        .then(|| (first.chars().rev().collect(), rest))
}

/// The same split as poppler prints it (pdftotext on LibreOffice's PDFs):
/// the line's raised marks first, each a line of its own, then its pieces
/// left to right, each but the last printed opening with the word its mark
/// was torn from (`ً`, `تدريجيا على السلع …`, `الجمركية` for `الجمركية
/// تدريجياً على السلع …`). The pieces go back right to left, each mark on
/// its piece's first word.
fn join_marks_first(lines: &[&str], nos: &[usize], ordered: &[bool]) -> Option<Vec<Piece>> {
    let first_carries = |l: &str| {
        body(l)
            .split_whitespace()
            .next()
            .is_some_and(ends_bare_alef)
    };
    // Groups: (start, marks, end) with lines[start..start + marks] the
    // marks and lines[start + marks..end] the pieces.
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let m = lines[i..].iter().take_while(|l| mark_only(l)).count();
        if m == 0 {
            i += 1;
            continue;
        }
        let pieces = i + m..i + 2 * m + 1;
        let fits = pieces.end <= lines.len()
            && lines[pieces.start..pieces.end - 1]
                .iter()
                .all(|l| first_carries(l))
            && !body(lines[pieces.end - 1]).is_empty()
            && !mark_only(lines[pieces.end - 1]);
        if fits {
            groups.push((i, m, pieces.end));
            i = pieces.end;
        } else {
            i += m;
        }
    }
    if groups.len() < MIN_LED {
        return None;
    }
    let widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    let full = full_width(&widths)?;
    let limit = (full as f32 * LED_STRETCHED) as usize;
    let mut joins: Vec<(usize, usize, String)> = Vec::new();
    for (s, m, e) in groups {
        let total: usize = widths[s + m..e].iter().sum::<usize>() + (e - s - m);
        if total > limit {
            continue;
        }
        let mut text = String::new();
        for (k, l) in lines[s + m..e].iter().enumerate().rev() {
            if !text.is_empty() {
                text.push(' ');
            }
            let b = body(l);
            // Each piece but the last printed: its mark after its first word.
            if k + 1 < e - s - m {
                let w = b.find(char::is_whitespace).unwrap_or(b.len());
                text.push_str(&b[..w]);
                text.push(FATHATAN);
                text.push_str(&b[w..]);
            } else {
                text.push_str(b);
            }
        }
        joins.push((s, e, text));
    }
    assemble(lines, nos, ordered, joins)
}

/// Does the text end with a letter that carries a tanween fath (punctuation
/// after it aside)?
fn carries(text: &str) -> bool {
    // (A form feed PDFium printed at a page's end may come before it.)
    let end = text.trim_end_matches(|c: char| is_clause_punct(c) || c.is_whitespace());
    matches!(
        end.chars().next_back().map(base_letter),
        Some('ا' | 'ى' | 'ة' | 'ء')
    )
}

/// A group of pieces (printed left to right) in logical order, each torn
/// mark back on the word that ends the text before it; `None` when a mark
/// would land on a letter that never carries it.
fn logical_led(group: &[&str], leds: &[Option<(String, &str)>]) -> Option<String> {
    let n = group.len();
    let mut text = body(group[n - 1]).to_string();
    for (l, m) in group[..n - 1].iter().zip(&leds[..n - 1]).rev() {
        let rest = match m {
            Some((mark, rest)) => {
                if !carries(&text) {
                    return None;
                }
                // (Before a period PDFium moved onto the piece: `سريعا.`.)
                let word_end = text
                    .trim_end_matches(|c: char| is_clause_punct(c) || c.is_whitespace())
                    .len();
                text.insert_str(word_end, mark);
                *rest
            }
            // A piece opening with another torn mark is not one of these.
            None if body(l).starts_with(is_mark) => return None,
            None => body(l),
        };
        if !rest.is_empty() {
            // A sentence end opening the piece is the word's before it.
            if !rest.starts_with(['.', '،', '؛', ':', '!', '؟']) {
                text.push(' ');
            }
            text.push_str(rest);
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each piece's text, first input line and count of joined lines.
    fn summary(out: &[Piece]) -> Vec<(&str, usize, Option<usize>)> {
        out.iter()
            .map(|p| (p.text.as_str(), p.line, p.pieces))
            .collect()
    }

    #[test]
    fn pieces_split_at_a_torn_tanween_are_joined_right_to_left() {
        // PDFium on a Chromium PDF: one line printed as two pieces left to
        // right (the second ends with the torn tanween), then whole lines.
        let lines = [
            "ويرى مراقبون أن انعقاد القمة في هذا التوقيت يحمل رسالة واضحة مفادها أن دول المنطقة قادرة\n",
            "على سلامة الطلاب. وانتشرت فرق الدفاع المدني في الأحياء المنخفضة\n",
            "والخاصة ليوم واحد اظافحً\n",
            "ومساعدة السائقين العالقين على الطرق الرئيسية في المدينة حتى ساعات متأخرة من الليل أمس\n",
            "ايساسأً\n",
            "بسحف، لب حبصأ اطرشً\n",
            "اينمأً\n",
            "على إدارة خلافاتها بالحوار، وأن الاستقرار لم يعد انأشً\n",
            "للتنمية وجذب الاستثمارات. ومن المقرر أن تعقد القمة المقبلة بعد عامين في إحدى العواصم\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let out = join_mark_splits(&lines, &nos, &[false; 9]).expect("torn tanween lines");
        let texts: Vec<&str> = out.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ويرى مراقبون أن انعقاد القمة في هذا التوقيت يحمل رسالة واضحة مفادها أن دول المنطقة قادرة\n",
                "والخاصة ليوم واحد اظافحً على سلامة الطلاب. وانتشرت فرق الدفاع المدني في الأحياء المنخفضة\n",
                "ومساعدة السائقين العالقين على الطرق الرئيسية في المدينة حتى ساعات متأخرة من الليل أمس\n",
                "على إدارة خلافاتها بالحوار، وأن الاستقرار لم يعد انأشً اينمأً بسحف، لب حبصأ اطرشً ايساسأً\n",
                "للتنمية وجذب الاستثمارات. ومن المقرر أن تعقد القمة المقبلة بعد عامين في إحدى العواصم\n",
            ]
        );
        let lines_of: Vec<(usize, Option<usize>, bool)> =
            out.iter().map(|p| (p.line, p.pieces, p.ordered)).collect();
        assert_eq!(
            lines_of,
            [
                (1, None, false),
                (2, Some(2), true),
                (4, None, false),
                (5, Some(4), true),
                (9, None, false)
            ]
        );
        // A line an earlier stage ordered keeps its flag when left alone.
        let mut ordered = [false; 9];
        ordered[0] = true;
        let out = join_mark_splits(&lines, &nos, &ordered).expect("torn tanween lines");
        let flags: Vec<bool> = out.iter().map(|p| p.ordered).collect();
        assert_eq!(flags, [true, true, false, true, false]);
    }

    #[test]
    fn tanween_spelt_right_at_line_ends_joins_nothing() {
        // Logical text whose lines end with tanween words spelt as such
        // text spells them: no torn tanween, nothing joined.
        let lines = [
            "قال المدير إن العمل سيستمر أيضاً\n",
            "وأضاف أن الموسم سيكون مثمراً\n",
            "وأن الفريق سيعود قريباً\n",
            "إلى الملعب بعد الاستراحة مساءً\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        assert_eq!(join_mark_splits(&lines, &nos, &[false; 4]), None);
    }

    #[test]
    fn pieces_opening_with_the_torn_mark_are_joined_right_to_left() {
        // PDFium on LibreOffice's and fpdf2's PDFs: letters in order, each
        // line's pieces printed left to right, the raised tanween of the
        // word ending each piece printed first on the piece after it, or
        // as a line of its own.
        let lines = [
            "وتناولت المباحثات كذلك ملف اللاجئين والنازحين، إذ دعا عدد من الوفود إلى زيادة الدعم الدولي للدول\n",
            "ً جديدة في الأحياء الشمالية من المدينة خلال الأسبوع المقبل\n",
            "ً واسعا\n",
            "أعلنت البلدية أنها ستطلق مشروعا\n",
            ". ومن المتوقع أن يستفيد منه آلاف السكان\n",
            "ً\n",
            "وقال المسؤول إن المشروع سيكتمل قريبا\n",
            "ً\n",
            "ً ومثيرا\n",
            "وأضاف أن العمل سيكون صعبا\n",
            "المضيفة التي تتحمل أعباء اقتصادية واجتماعية كبيرة. وطالب ممثلو المنظمات الإنسانية الحاضرون\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let out = join_mark_splits(&lines, &nos, &[false; 11]).expect("pieces to join");
        assert_eq!(
            summary(&out),
            [
                (lines[0], 1, None),
                (
                    "أعلنت البلدية أنها ستطلق مشروعاً واسعاً جديدة في الأحياء الشمالية من المدينة خلال الأسبوع المقبل\n",
                    2,
                    Some(3)
                ),
                (
                    "وقال المسؤول إن المشروع سيكتمل قريباً. ومن المتوقع أن يستفيد منه آلاف السكان\n",
                    5,
                    Some(3)
                ),
                ("وأضاف أن العمل سيكون صعباً ومثيراً\n", 8, Some(3)),
                (lines[10], 11, None),
            ]
        );
    }

    #[test]
    fn marks_that_belong_to_the_line_before_join_nothing() {
        // The pieces in logical order, each torn mark the previous line's
        // (its last word ends with the bare alef): not PDFium's split.
        let lines = [
            "وقال المسؤول إن المشروع سيكتمل قريبا\n",
            "ً ومن المتوقع أن يستفيد منه آلاف السكان\n",
            "وأضاف أن العمل سيكون صعبا\n",
            "ً رغم الظروف التي تمر بها المدينة\n",
            "وأكد أن الفريق جاهز\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        assert!(join_mark_splits(&lines, &nos, &[false; 5]).is_none());
    }

    #[test]
    fn marks_printed_first_go_back_on_their_pieces() {
        // poppler on LibreOffice's PDFs: a line's raised marks first, then
        // its pieces left to right, each but the last opening with the word
        // its mark was torn from.
        let lines = [
            "وتناولت المباحثات كذلك ملف اللاجئين والنازحين، إذ دعا عدد من الوفود إلى زيادة الدعم الدولي للدول\n",
            "ً\n",
            "تدريجيا على السلع الزراعية والصناعية. ورأى خبراء تحدثوا إلى وسائل الإعلام أن نجاح\n",
            "الجمركية\n",
            "ً\n",
            "ً\n",
            "جديدا قد يحتوي على مياه سائلة\n",
            "كوكبا\n",
            "علماء يرصدون\n",
            "المضيفة التي تتحمل أعباء اقتصادية واجتماعية كبيرة. وطالب ممثلو المنظمات الإنسانية الحاضرون\n",
        ];
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let out = join_mark_splits(&lines, &nos, &[false; 10]).expect("pieces to join");
        assert_eq!(
            summary(&out),
            [
                (lines[0], 1, None),
                (
                    "الجمركية تدريجياً على السلع الزراعية والصناعية. ورأى خبراء تحدثوا إلى وسائل الإعلام أن نجاح\n",
                    2,
                    Some(3)
                ),
                (
                    "علماء يرصدون كوكباً جديداً قد يحتوي على مياه سائلة\n",
                    5,
                    Some(5)
                ),
                (lines[9], 10, None),
            ]
        );
    }
}
