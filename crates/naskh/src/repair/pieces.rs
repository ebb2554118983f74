//! Lines printed as their visual pieces: PyMuPDF on some PDFs (pango's)
//! prints each bidi run of a line as a line of its own, left to right, so a
//! sentence end comes out as three lines — ` وأكد البيان الختامي ضرورة`,
//! `.`, `خارجية عشر دول … واسع` — for `خارجية عشر دول … واسع. وأكد البيان
//! الختامي ضرورة`. The punctuation-only lines tell where the pieces are: each
//! group of pieces is put back in logical order (right to left) and joined.
//!
//! A text → segments stage like [`super::columns`]: it only joins and orders
//! whole lines, and only in a document with many punctuation-only lines.

use super::chars::{is_bidi_control, is_letter};
use super::columns::Piece;
use super::lexicon::Lexicon;
use super::scoring::{core, letter_delta};

/// Punctuation-only lines needed in a window before any piece is joined.
const MIN_PUNCT_LINES: usize = 3;

/// A line of nothing but punctuation (`.`, `».`, `: «`, `]`).
fn punct_only(l: &str) -> bool {
    let t = l.trim_matches(|c: char| c.is_whitespace() || is_bidi_control(c));
    !t.is_empty()
        && t.chars().filter(|c| !c.is_whitespace()).count() <= 4
        && t.chars().all(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | '،'
                        | '؛'
                        | ':'
                        | '!'
                        | '؟'
                        | '«'
                        | '»'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '<'
                        | '>'
                        | '"'
                        | '“'
                        | '”'
                )
        })
}

/// Does the punctuation open something (bound to the text after it, which a
/// visual order prints before it)?
fn opening(l: &str) -> bool {
    let t = l.trim();
    t.ends_with(['«', '(', '[', '{', '<', '“']) && !t.contains(['.', '،'])
}

/// Join the visual pieces of lines; `None` when the window has none. When
/// `mixed_visual` says so (the window's mixed lines are in visual run order;
/// asked only of a window with pieces) pieces with Latin words and numbers
/// are joined too, every run of the pieces put back in logical order.
pub fn join_pieces(
    lex: &Lexicon,
    lines: &[&str],
    nos: &[usize],
    mixed_visual: impl FnOnce() -> bool,
) -> Option<Vec<Piece>> {
    let body = |l: &str| l.trim_end_matches(['\n', '\r']).to_string();
    // The sign is sentence ends on lines of their own; quotes and brackets
    // alone on a line are as often glyphs set off the baseline.
    let punct = lines
        .iter()
        .filter(|l| punct_only(l) && l.contains(['.', '؟', '!', '۔']))
        .count();
    let text = lines.iter().filter(|l| l.chars().any(is_letter)).count();
    if punct < MIN_PUNCT_LINES || punct * 20 < text {
        return None;
    }
    let mixed_visual = mixed_visual();
    // glue[i]: line i and line i + 1 are pieces of one printed line.
    let n = lines.len();
    let is_punct: Vec<bool> = lines.iter().map(|l| punct_only(l)).collect();
    let blank = |i: usize| lines[i].trim().is_empty();
    let glue: Vec<bool> = (0..n.saturating_sub(1))
        .map(|i| {
            if blank(i) || blank(i + 1) {
                return false;
            }
            // Punctuation leads the next piece: a sentence end or closing
            // mark is the left end of a right-to-left line, an opening one
            // follows the piece it opens (printed before it). A piece that
            // starts with a space came after punctuation.
            let next = lines[i + 1];
            let spaced = lines[i].starts_with(' ');
            is_punct[i]
                || (is_punct[i + 1] && (opening(next) || spaced))
                // In visual run order a run printed before a Latin one.
                || (mixed_visual && spaced && next.chars().any(|c| c.is_ascii_alphabetic()))
        })
        .collect();
    let mut out: Vec<Piece> = Vec::with_capacity(n);
    let mut i = 0;
    let mut joined = false;
    while i < n {
        let mut j = i;
        while j + 1 < n && glue[j] {
            j += 1;
        }
        // Only right-to-left pieces in logical letter order are joined:
        // pieces with Latin letters or digits are runs of a mixed line, which
        // extractors print in logical order as often as not, and pieces whose
        // letters read backwards are glyphs of a visual line set off its
        // baseline (pdfplumber), no runs of a logical one.
        let rtl_only = (i..=j).all(|k| !lines[k].chars().any(|c| c.is_ascii_alphanumeric()));
        let logical = || {
            (i..=j)
                .flat_map(|k| lines[k].split_whitespace())
                .filter_map(core)
                .map(|c| letter_delta(lex, c))
                .sum::<f32>()
                <= 0.0
        };
        if j == i || !(rtl_only || mixed_visual) || !logical() {
            for k in i..=j {
                out.push(Piece {
                    text: lines[k].to_string(),
                    line: nos[k],
                    pieces: None,
                });
            }
        } else {
            joined = true;
            let nl = if lines[j].ends_with('\n') { "\n" } else { "" };
            let mut text: String = if rtl_only {
                (i..=j).rev().map(|k| body(lines[k])).collect()
            } else {
                let ps: Vec<&str> = (i..=j)
                    .map(|k| lines[k].trim_end_matches(['\n', '\r']))
                    .collect();
                let para_end = lines.get(j + 1).is_none_or(|l| l.trim().is_empty());
                super::visual_runs::reverse_pieces(&ps, para_end)
            };
            text.push_str(nl);
            out.push(Piece {
                text,
                line: nos[i],
                pieces: Some(j + 1 - i),
            });
        }
        i = j + 1;
    }
    joined.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_a_line_are_joined_right_to_left() {
        let text = "اختتمت أعمال القمة التي شارك فيها قادة ووزراء\n \
                    وأكد البيان الختامي ضرورة\n.\n\
                    خارجية عشر دول وسط إجراءات أمنية مشددة\n\
                    العمل المشترك لحماية الممرات\n.\n\
                    على حركة التجارة في المنطقة\n\
                    تتطلب أفعالاً\n«\n\
                    فنية دائمة تجتمع كل ثلاثة أشهر مشيراً إلى أن المرحلة المقبلة \n.\n \
                    وأضاف أن بلاده ستستضيف الاجتماع الأول\n».\nلا أقوالاً\n";
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let lex = crate::repair::lexicon::lexicon();
        let out = join_pieces(lex, &lines, &nos, || false).expect("pieces");
        let got: Vec<(&str, usize)> = out.iter().map(|p| (p.text.as_str(), p.line)).collect();
        assert_eq!(
            got,
            vec![
                ("اختتمت أعمال القمة التي شارك فيها قادة ووزراء\n", 1),
                (
                    "خارجية عشر دول وسط إجراءات أمنية مشددة. وأكد البيان الختامي ضرورة\n",
                    2
                ),
                ("العمل المشترك لحماية الممرات\n", 5),
                ("على حركة التجارة في المنطقة.\n", 6),
                (
                    "فنية دائمة تجتمع كل ثلاثة أشهر مشيراً إلى أن المرحلة المقبلة «تتطلب أفعالاً\n",
                    8
                ),
                ("لا أقوالاً». وأضاف أن بلاده ستستضيف الاجتماع الأول.\n", 11),
            ]
        );
        // Pieces whose letters read backwards are left alone.
        let visual: String = text
            .split_inclusive('\n')
            .map(|l| {
                let body: String = l.trim_end_matches('\n').chars().rev().collect();
                body + "\n"
            })
            .collect();
        let vlines: Vec<&str> = visual.split_inclusive('\n').collect();
        assert_eq!(join_pieces(lex, &vlines, &nos, || false), None);
        // Text without punctuation-only lines is left alone.
        assert_eq!(join_pieces(lex, &lines[..1], &nos[..1], || false), None);
    }

    #[test]
    fn pieces_with_latin_runs_are_joined_in_a_visual_run_document() {
        // PyMuPDF on pango: each piece's runs left to right, the pieces too;
        // a piece that starts with a space came after the Latin run.
        let text = concat!(
            "شركات التقنية الكبرى تتسابق في مجال الذكاء\n",
            " وقال\n",
            ".\n",
            " القادرة على فهم النصوص والصور\n",
            ")Artificial Intelligence(الاصطناعي \n",
            "الرئيس التنفيذي للشركة\n",
            " ويؤكد الخبراء\n",
            ".\n",
            "أن المنافسة ستشتد\n",
            " وأضاف\n",
            ".\n",
            "في نهاية الجلسة\n",
        );
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let lex = crate::repair::lexicon::lexicon();
        let out = join_pieces(lex, &lines, &nos, || true).expect("pieces");
        let got: Vec<&str> = out.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "شركات التقنية الكبرى تتسابق في مجال الذكاء\n",
                "الاصطناعي (Artificial Intelligence) القادرة على فهم النصوص والصور. وقال\n",
                "الرئيس التنفيذي للشركة\n",
                "أن المنافسة ستشتد. ويؤكد الخبراء\n",
                "في نهاية الجلسة. وأضاف\n",
            ]
        );
        // Without the document's sign of visual run order, the Latin piece
        // stays as printed.
        let out = join_pieces(lex, &lines, &nos, || false).expect("pieces");
        assert!(
            out.iter()
                .any(|p| p.text == ")Artificial Intelligence(الاصطناعي \n")
        );
    }
}
