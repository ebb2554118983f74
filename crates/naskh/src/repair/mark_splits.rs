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
//! A text → segments stage like [`super::pieces`]: it only joins and orders
//! whole lines, and only in a document that shows the torn tanween.

use super::chars::{is_bidi_control, is_letter, is_mark};
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

/// Most a group cut short may take over the measured line width.
const STRETCHED: f32 = 1.12;

/// A line's width in characters, marks aside (they take no room).
fn width(l: &str) -> usize {
    body(l)
        .chars()
        .filter(|&c| !is_mark(c) && !is_bidi_control(c))
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
        return None;
    }
    // The line width: the 95th percentile of the lines' widths, so that a
    // heading set wider than the text does not stretch it.
    let line_widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
    let mut widths: Vec<usize> = line_widths.iter().copied().filter(|&w| w > 0).collect();
    widths.sort_unstable();
    let full = *widths.get(widths.len() * 95 / 100)?;
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
    if groups.iter().all(|&(s, e)| e - s == 1) {
        return None;
    }
    let pieces = groups
        .into_iter()
        .map(|(s, e)| {
            if e - s == 1 {
                return Piece {
                    text: lines[s].to_string(),
                    line: nos[s],
                    pieces: None,
                    ordered: ordered.get(s).copied().unwrap_or(false),
                };
            }
            let mut text = lines[s..e]
                .iter()
                .rev()
                .map(|l| body(l))
                .collect::<Vec<_>>()
                .join(" ");
            let last = lines[e - 1];
            if last.ends_with("\r\n") {
                text.push_str("\r\n");
            } else if last.ends_with('\n') {
                text.push('\n');
            }
            Piece {
                text,
                line: nos[s],
                pieces: Some(e - s),
                ordered: true,
            }
        })
        .collect();
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
