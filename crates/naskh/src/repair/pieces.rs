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

/// Longest line pieces are joined into (the reader's longest line).
const MAX_JOINED_BYTES: usize = 1 << 20;

/// Punctuation-only lines needed in a window before any piece is joined.
const MIN_PUNCT_LINES: usize = 3;

/// A line of nothing but punctuation (`.`, `».`, `: «`, `]`).
fn punct_only(l: &str) -> bool {
    let t = l.trim_matches(|c: char| c.is_whitespace() || is_bidi_control(c));
    !t.is_empty()
        && t.chars().filter(|c| !c.is_whitespace()).nth(4).is_none()
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
                        // A number's sign or a date's slash set apart
                        // (pdfminer.six on fpdf2's PDFs).
                        | '%'
                        | '٪'
                        | '/'
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
fn boxed_pieces(lines: &[&str], is_punct: &[bool]) -> bool {
    let text: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty() && !is_punct[i])
        .collect();
    let boxed = text
        .iter()
        .filter(|&&i| lines.get(i + 1).is_none_or(|l| l.trim().is_empty()))
        .count();
    text.len() >= 4 && boxed * 4 >= text.len() * 3
}

/// Are two boxes (`x` printed first) pieces of one line? The extractor
/// prints a line's pieces left to right, each keeping the spaces at its
/// edges: in logical text a piece with a space before it is not its line's
/// first (rightmost) piece, one with a space after it is not its last, so
/// it has a neighbour on that side; only a piece with no space at its start
/// followed by one with none at its end marks a new line. In visual text
/// (letters left to right) the sides swap.
fn box_glued(x: &str, x_punct: bool, y: &str, visual: bool) -> bool {
    let (x, y) = (
        x.trim_end_matches(['\n', '\r']),
        y.trim_end_matches(['\n', '\r']),
    );
    let single_lead = |s: &str| s.starts_with(' ') && !s.starts_with("  ");
    let glued = if visual {
        x.ends_with(' ') || single_lead(y)
    } else {
        single_lead(x) || y.ends_with(' ')
    };
    glued || x_punct
}

/// A box of nothing but a number (`5.3`, `2024/11/25`, `%1.9`): the sign
/// of boxes cut at a line's bidi runs where no sentence end is a box of
/// its own.
fn number_only(l: &str) -> bool {
    let t = l.trim();
    t.len() <= 40
        && t.chars().any(|c| c.is_numeric())
        && t.chars().all(|c| {
            c.is_numeric() || matches!(c, '.' | ',' | '/' | '%' | '٪' | '٫' | '٬' | '-' | '+' | ':')
        })
}

/// Join the visual pieces of lines; `None` when the window has none. When
/// `mixed_visual` says so (the window's mixed lines are in visual run order;
/// asked only of a window with pieces) pieces with Latin words and numbers
/// are joined too, every run of the pieces put back in logical order.
/// Boxes a blank line apart (pdfminer.six) are joined by their edge spaces;
/// in a window whose letters run left to right they are joined as printed
/// and left to the visual-line stages ([`Piece::ordered`] false).
pub fn join_pieces(
    lex: &Lexicon,
    lines: &[&str],
    nos: &[usize],
    mixed_visual: impl FnOnce() -> bool,
) -> Option<Vec<Piece>> {
    let body = |l: &str| l.trim_end_matches(['\n', '\r']).to_string();
    // The sign is sentence ends on lines of their own; quotes and brackets
    // alone on a line are as often glyphs set off the baseline.
    let is_punct: Vec<bool> = lines.iter().map(|l| punct_only(l)).collect();
    let punct = lines
        .iter()
        .zip(&is_punct)
        .filter(|(l, p)| **p && l.contains(['.', '؟', '!', '۔']))
        .count();
    let text = lines.iter().filter(|l| l.chars().any(is_letter)).count();
    let punct_sign = punct >= MIN_PUNCT_LINES && punct * 20 >= text;
    // Boxes (pdfminer.six) are pieces where sentence ends or numbers are
    // boxes of their own.
    let boxed = boxed_pieces(lines, &is_punct)
        && (punct_sign || lines.iter().filter(|l| number_only(l)).count() >= MIN_PUNCT_LINES);
    if !punct_sign && !boxed {
        return None;
    }
    // Boxes of letters printed left to right are joined as printed, for
    // the visual-line stages to turn.
    let visual = boxed
        && lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter_map(core)
            .map(|c| letter_delta(lex, c))
            .sum::<f32>()
            > 0.0;
    let mixed_visual = mixed_visual();
    let n = lines.len();
    let blank = |i: usize| lines[i].trim().is_empty();
    // A box (lines between blank ones) is a line's piece when at most one
    // of its lines has letters (the others are sentence ends and numbers
    // set apart): lines of a longer box are lines of a paragraph.
    let mut piece_box = vec![false; n];
    let mut k = 0;
    while boxed && k < n {
        if blank(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && !blank(k) {
            k += 1;
        }
        let lettered = (start..k)
            .filter(|&b| !is_punct[b] && !number_only(lines[b]))
            .count();
        if lettered <= 1 && k - start <= 3 {
            piece_box[start..k].iter_mut().for_each(|p| *p = true);
        }
    }
    // next[i]: the line that line i is glued to, when both are pieces of
    // one printed line.
    let next: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if blank(i) {
                return None;
            }
            if i + 1 < n && !blank(i + 1) {
                // The lines of a piece's box are printed left to right.
                if piece_box[i] {
                    return Some(i + 1);
                }
                if !punct_sign {
                    return None;
                }
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
            (i + 2 < n
                && piece_box[i]
                && blank(i + 1)
                && piece_box[i + 2]
                && box_glued(lines[i], is_punct[i], lines[i + 2], visual))
            .then_some(i + 2)
        })
        .collect();
    let width = |l: &str| l.trim().chars().count();
    let widest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    // Do the window's full lines carry a space at their end (the side
    // their line's next piece would be on) and none at their start? Then
    // that space says nothing of a neighbour.
    let end_spaced = boxed && {
        let full: Vec<&str> = lines
            .iter()
            .map(|l| l.trim_end_matches(['\n', '\r']))
            .filter(|l| width(l) * 20 >= widest * 17)
            .collect();
        let lead = full.iter().filter(|l| l.starts_with(' ')).count();
        let trail = full.iter().filter(|l| l.ends_with(' ')).count();
        let (end, start) = if visual { (lead, trail) } else { (trail, lead) };
        full.len() >= 3 && end * 2 >= full.len() && start * 10 <= full.len()
    };
    let mut out: Vec<Piece> = Vec::with_capacity(n);
    let mut i = 0;
    let mut joined = false;
    while i < n {
        let mut group = vec![i];
        let mut bytes = lines[i].len();
        while let Some(j) = next[group[group.len() - 1]] {
            // A joined line stays within the longest line the repair reads.
            bytes += lines[j].len();
            if bytes > MAX_JOINED_BYTES {
                break;
            }
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
        // right whatever they hold; where full lines end in a space
        // (typst), only if together they are no longer than a line.
        let boxes = group.windows(2).any(|w| w[1] > w[0] + 1)
            && (!end_spaced
                || group.iter().map(|&k| width(lines[k])).sum::<usize>() * 20 <= widest * 23);
        // Boxes of letters left to right are one visual line as printed.
        let as_printed = visual && boxes;
        if group.len() == 1 || !(as_printed || (rtl_only || mixed_visual || boxes) && logical()) {
            for k in i..=j {
                out.push(Piece {
                    text: lines[k].to_string(),
                    line: nos[k],
                    pieces: None,
                    ordered: false,
                });
            }
        } else {
            joined = true;
            let nl = if lines[j].ends_with('\n') { "\n" } else { "" };
            let mut text: String = if as_printed {
                group.iter().map(|&k| body(lines[k])).collect()
            } else if rtl_only {
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
                ordered: !as_printed,
            });
        }
        i = j + 1;
    }
    joined.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`join_pieces`] on `lines` numbered from 1, with the real lexicon.
    fn join(lines: &[&str], mixed_visual: bool) -> Option<Vec<Piece>> {
        let nos: Vec<usize> = (1..=lines.len()).collect();
        join_pieces(crate::repair::lexicon::lexicon(), lines, &nos, || {
            mixed_visual
        })
    }

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
        let out = join(&lines, false).expect("pieces");
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
        assert_eq!(join(&vlines, false), None);
        // Text without punctuation-only lines is left alone.
        assert_eq!(join(&lines[..1], false), None);
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
        let out = join(&lines, true).expect("pieces");
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
        let out = join(&lines, false).expect("pieces");
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
        let out = join(&lines, false).expect("pieces");
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
        let out = join(&blines, false).expect("pieces");
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
    #[test]
    fn a_number_sign_in_a_box_of_its_own_joins_the_boxes_beside_it() {
        // pdfminer.six on fpdf2's PDFs: a number's percent sign is a box of
        // its own between the line's boxes, none of its edges spaced.
        let text = concat!(
            "ةميقلا تغلبو .قباسلا ماعلا نم لثامملا عبرلا يف \n\n",
            "%\n\n",
            "1.9 لباقم ،يونس ساسأ ىلع \n\n",
            "%\n\n",
            "2.7 ةبسنب امن\n\n",
            "ريرقتلا يف ءاج \n\n",
            "2024\n\n",
            " ماع يف\n\n",
            "ددع غلبو \n\n",
            "35\n\n",
            " افلأ\n\n",
            "عفترا \n\n",
            "12\n\n",
            " ارتم\n",
        );
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let out = join(&lines, false).expect("pieces");
        let joined: Vec<(&str, Option<usize>)> = out
            .iter()
            .filter(|p| p.pieces.is_some())
            .map(|p| (p.text.as_str(), p.pieces))
            .collect();
        assert_eq!(
            joined[0],
            (
                "ةميقلا تغلبو .قباسلا ماعلا نم لثامملا عبرلا يف %1.9 لباقم ،يونس ساسأ ىلع %2.7 ةبسنب امن\n",
                Some(5)
            )
        );
    }

    #[test]
    fn visual_boxes_are_joined_as_printed() {
        // pdfminer.six on LibreOffice's PDFs: the boxes' letters left to
        // right too, so the edges swap sides and a line's boxes are joined
        // as printed, for the visual-line stages to turn.
        let logical = [
            "أصدرت الهيئة العامة للإحصاء يوم 2024/11/25 تقريرها الربعي الأول",
            "وقال رئيس الهيئة إن النمو بلغ 2.7 في المئة هذا العام",
            "مقابل 1.9 في المئة في العام السابق بحسب التقرير",
            "وأكد أن الأرقام النهائية ستصدر في الربع المقبل",
        ];
        let rev = |s: &str| {
            s.split(' ')
                .rev()
                .map(|w| {
                    if w.chars().any(|c| c.is_ascii_digit()) {
                        w.to_string()
                    } else {
                        w.chars().rev().collect()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        // Each line cut at its numbers, the pieces left to right, a blank
        // line after each box.
        let mut text = String::new();
        for l in logical {
            let v = rev(l);
            let cut: Vec<&str> = v.split_inclusive(' ').collect();
            let mut piece = String::new();
            for w in cut {
                if w.trim().chars().any(|c| c.is_ascii_digit()) {
                    if !piece.is_empty() {
                        text.push_str(&piece);
                        text.push_str("\n\n");
                    }
                    text.push_str(w.trim());
                    text.push_str("\n\n");
                    piece = " ".to_string();
                } else {
                    piece.push_str(w);
                }
            }
            text.push_str(&piece);
            text.push_str("\n\n");
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let out = join(&lines, false).expect("pieces");
        let joined: Vec<(&str, Option<usize>, bool)> = out
            .iter()
            .filter(|p| !p.text.trim().is_empty())
            .map(|p| (p.text.as_str(), p.pieces, p.ordered))
            .collect();
        assert_eq!(joined.len(), 4);
        assert_eq!(
            joined[0],
            (
                "لوألا يعبرلا اهريرقت 2024/11/25 موي ءاصحإلل ةماعلا ةئيهلا تردصأ\n",
                Some(3),
                false
            )
        );
        assert_eq!(
            joined[3],
            ("لبقملا عبرلا يف ردصتس ةيئاهنلا ماقرألا نأ دكأو\n", None, false)
        );
        // And the whole repair reads the lines in logical order.
        let (fixed, _) = crate::repair::repair(&text, &crate::repair::RepairOptions::default());
        let got: Vec<&str> = fixed.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(got, logical);
        // Where every full line ends in a space (typst), that space glues
        // no two lines into one.
        let full = [
            "وأكد أن الأرقام النهائية ستصدر في الربع المقبل",
            "وأضاف أن المسح الجديد سيشمل كل مناطق البلاد",
            "وأشار إلى أن الهيئة ستنشر النتائج على موقعها",
        ];
        let spaced: String = full
            .iter()
            .map(|l| format!(" {}\n\n", rev(l)))
            .chain(["3\n\n", "4\n\n", "5\n\n"].map(String::from))
            .collect();
        let lines: Vec<&str> = spaced.split_inclusive('\n').collect();
        let out = join(&lines, false);
        assert!(out.is_none_or(|o| o.iter().all(|p| p.pieces.is_none())));
    }
}
