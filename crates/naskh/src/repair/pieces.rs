//! Lines printed as their visual pieces: PyMuPDF on some PDFs (pango's)
//! prints each bidi run of a line as a line of its own, left to right, so a
//! sentence end comes out as three lines — ` وأكد البيان الختامي ضرورة`,
//! `.`, `خارجية عشر دول … واسع` — for `خارجية عشر دول … واسع. وأكد البيان
//! الختامي ضرورة`. The punctuation-only lines tell where the pieces are: each
//! group of pieces is put back in logical order (right to left) and joined.
//! pdfminer.six does the same on such PDFs with a blank line after each piece
//! (a text box of its own); there the spaces at the pieces' edges tell which
//! boxes share a line.
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

/// Does the window print one text box per line with a blank line after
/// each (pdfminer.six)? Then a box can be one visual piece of a line.
/// Punctuation-only lines do not count: they open the next piece's box.
fn boxed_pieces(lines: &[&str]) -> bool {
    let text: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty() && !punct_only(lines[i]))
        .collect();
    let boxed = text
        .iter()
        .filter(|&&i| lines.get(i + 1).is_none_or(|l| l.trim().is_empty()))
        .count();
    text.len() >= 4 && boxed * 4 >= text.len() * 3
}

/// Are two boxes (`x` printed first) pieces of one line? The extractor
/// prints a line's pieces left to right, each keeping the spaces at its
/// edges: a piece with a space before it is not its line's first (right-
/// most) piece, one with a space after it is not its last, so it has a
/// neighbour on that side. Only a piece with no space at its start
/// followed by one with none at its end marks a new line.
fn box_glued(x: &str, y: &str) -> bool {
    let lead = x.starts_with(' ') && !x.starts_with("  ");
    let trail = y.trim_end_matches(['\n', '\r']).ends_with(' ');
    lead || trail || punct_only(x)
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
    let n = lines.len();
    let is_punct: Vec<bool> = lines.iter().map(|l| punct_only(l)).collect();
    let blank = |i: usize| lines[i].trim().is_empty();
    let boxed = boxed_pieces(lines);
    // next[i]: the line that line i is glued to, when both are pieces of
    // one printed line.
    let next: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if blank(i) {
                return None;
            }
            if i + 1 < n && !blank(i + 1) {
                // Punctuation leads the next piece: a sentence end or
                // closing mark is the left end of a right-to-left line, an
                // opening one follows the piece it opens (printed before
                // it). A piece that starts with a space came after
                // punctuation.
                let next = lines[i + 1];
                let spaced = lines[i].starts_with(' ');
                let glued = is_punct[i]
                    || (is_punct[i + 1] && (opening(next) || spaced))
                    // In visual run order a run printed before a Latin one.
                    || (mixed_visual && spaced && next.chars().any(|c| c.is_ascii_alphabetic()));
                return glued.then_some(i + 1);
            }
            // Boxes a blank line apart: the spaces at a piece's edges say
            // which side of it the line goes on.
            (boxed
                && i + 2 < n
                && blank(i + 1)
                && !blank(i + 2)
                && box_glued(lines[i], lines[i + 2]))
            .then_some(i + 2)
        })
        .collect();
    let mut out: Vec<Piece> = Vec::with_capacity(n);
    let mut i = 0;
    let mut joined = false;
    while i < n {
        let mut group = vec![i];
        while let Some(j) = next[group[group.len() - 1]] {
            group.push(j);
        }
        let j = group[group.len() - 1];
        // Only right-to-left pieces in logical letter order are joined:
        // pieces with Latin letters or digits are runs of a mixed line, which
        // extractors print in logical order as often as not, and pieces whose
        // letters read backwards are glyphs of a visual line set off its
        // baseline (pdfplumber), no runs of a logical one.
        let rtl_only = group
            .iter()
            .all(|&k| !lines[k].chars().any(|c| c.is_ascii_alphanumeric()));
        let logical = || {
            group
                .iter()
                .flat_map(|&k| lines[k].split_whitespace())
                .filter_map(core)
                .map(|c| letter_delta(lex, c))
                .sum::<f32>()
                <= 0.0
        };
        // Boxes glued by their edge spaces are a line's pieces left to
        // right whatever they hold.
        let boxes = group.windows(2).any(|w| w[1] > w[0] + 1);
        if group.len() == 1 || !(rtl_only || mixed_visual || boxes) || !logical() {
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
                group.iter().rev().map(|&k| body(lines[k])).collect()
            } else {
                let ps: Vec<&str> = group
                    .iter()
                    .map(|&k| lines[k].trim_end_matches(['\n', '\r']))
                    .collect();
                let para_end = lines.get(j + 1).is_none_or(|l| l.trim().is_empty());
                super::visual_runs::reverse_pieces(&ps, para_end)
            };
            text.push_str(nl);
            out.push(Piece {
                text,
                line: nos[i],
                pieces: Some(group.len()),
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
    #[test]
    fn boxes_are_glued_by_the_spaces_at_their_edges() {
        // pdfminer.six on pango: one box per piece, a blank line after
        // each, a line's pieces left to right. `·` marks edge spaces below.
        let text = concat!(
            "التقرير الإحصائي للربع الثالث\n\n",
            " تقريرها الربعي الذي كشف أن الناتج\n\n",
            "2024/11/25\n\n",
            "أصدرت الهيئة العامة للإحصاء يوم \n\n",
            " وبلغت القيمة\n\n",
            ".\n",
            " في الربع المماثل من العام السابق\n\n",
            "1.9\n\n",
            " على أساس سنوي مقابل \n\n",
            "2.7\n\n",
            "نما بنسبة \n\n",
            ".\n",
            "من الأنشطة غير النفطية\n\n",
            " وقال رئيس الهيئة إن\n\n",
            ".\n",
            "الأرقام أولية\n",
        );
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let nos: Vec<usize> = (1..=lines.len()).collect();
        let lex = crate::repair::lexicon::lexicon();
        let out = join_pieces(lex, &lines, &nos, || false).expect("pieces");
        let got: Vec<&str> = out
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| !t.trim().is_empty())
            .collect();
        assert_eq!(
            got,
            vec![
                "التقرير الإحصائي للربع الثالث\n",
                "أصدرت الهيئة العامة للإحصاء يوم 2024/11/25 تقريرها الربعي الذي كشف أن الناتج\n",
                "نما بنسبة 2.7 على أساس سنوي مقابل 1.9 في الربع المماثل من العام السابق. وبلغت القيمة\n",
                "من الأنشطة غير النفطية.\n",
                "الأرقام أولية. وقال رئيس الهيئة إن\n",
            ]
        );
        // The same boxes with no spaces at their edges are lines of their own.
        let bare: String = text
            .split_inclusive('\n')
            .map(|l| {
                let body = l.trim_end_matches('\n').trim();
                format!("{body}{}", if l.ends_with('\n') { "\n" } else { "" })
            })
            .collect();
        let blines: Vec<&str> = bare.split_inclusive('\n').collect();
        let out = join_pieces(lex, &blines, &nos, || false).expect("pieces");
        let joined: Vec<&str> = out
            .iter()
            .filter(|p| p.pieces.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            joined,
            vec![
                "في الربع المماثل من العام السابق.\n",
                "من الأنشطة غير النفطية.\n",
                "الأرقام أولية.\n",
            ]
        );
    }
}
