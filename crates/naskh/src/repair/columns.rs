//! Columns printed side by side: layout-mode text (`pdftotext -layout` and
//! the like) puts each row of a multi-column page on one line, the columns
//! apart by runs of spaces. Read as lines, such text interleaves the columns
//! row by row. Here a page's columns are found by a gutter — character
//! positions left blank on nearly every line, with text on both sides of it
//! on many — and read one after the other, right column first in
//! right-to-left text.
//!
//! This is a text → segments stage: it only moves whole pieces of lines,
//! and a page without a clear gutter is passed on untouched.

use super::chars::{has_spaces, is_bidi_control, is_letter};

/// One line after the column pass, with the input line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text, ending in a newline unless the input line did not.
    pub text: String,
    /// 1-based input line number.
    pub line: usize,
    /// How many input lines were joined into this one, when several were.
    pub pieces: Option<usize>,
    /// Joined lines put in logical order already (visual ones are joined
    /// as printed, for the later stages to turn).
    pub ordered: bool,
}

/// A page split into columns, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// 1-based number of the page's first input line.
    pub line: usize,
    /// Rows that held text on both sides of the gutter.
    pub rows: usize,
}

/// Fewest non-blank lines on a page worth looking at.
const MIN_LINES: usize = 6;
/// Narrowest gutter (character positions).
const MIN_GUTTER: usize = 2;
/// Longest line considered (character positions): beyond it, no page layout.
const MAX_WIDTH: usize = 1000;

/// Display positions of a line's characters: bidi controls take none (an
/// extractor inserts them without moving the text). Returns, per char, its
/// position, or `None` for a zero-width control.
fn positions(line: &str) -> Vec<Option<usize>> {
    let mut col = 0usize;
    line.chars()
        .map(|c| {
            if is_bidi_control(c) || c == '\u{0C}' {
                None
            } else {
                col += 1;
                Some(col - 1)
            }
        })
        .collect()
}

/// A cheap test first: is there any line with text, three spaces, text?
fn has_wide_gap(lines: &[&str]) -> bool {
    lines.iter().any(|l| has_spaces(l.trim(), 3))
}

/// Read side-by-side columns one after the other. `first` is the number of
/// the first line; `None` when no page of the window has columns.
pub fn read_columns(lines: &[&str], first: usize) -> Option<(Vec<Piece>, Vec<Split>)> {
    if !has_wide_gap(lines) {
        return None;
    }
    // Pages: a form feed starts one.
    let mut pages: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if i > start && l.contains('\u{0C}') {
            pages.push((start, i));
            start = i;
        }
    }
    pages.push((start, lines.len()));
    let rtl = {
        let (mut ar, mut lat) = (0usize, 0usize);
        for c in lines.iter().flat_map(|l| l.chars()) {
            ar += usize::from(is_letter(c));
            lat += usize::from(c.is_ascii_alphabetic());
        }
        ar >= lat
    };
    let mut out: Vec<Piece> = Vec::with_capacity(lines.len() + 16);
    let mut splits = Vec::new();
    for (s, e) in pages {
        let page = &lines[s..e];
        match gutter(page) {
            Some((x, rows)) => {
                splits.push(Split {
                    line: first + s,
                    rows,
                });
                read_page(page, first + s, x, rtl, &mut out);
            }
            None => out.extend(page.iter().enumerate().map(|(i, l)| Piece {
                text: (*l).to_string(),
                line: first + s + i,
                pieces: None,
                ordered: false,
            })),
        }
    }
    (!splits.is_empty()).then_some((out, splits))
}

/// Character cells of a line: true where it has a visible character.
fn cells(body: &str) -> Option<Vec<bool>> {
    let mut cells = Vec::new();
    for (c, p) in body.chars().zip(positions(body)) {
        let Some(p) = p else { continue };
        if p >= MAX_WIDTH {
            return None;
        }
        if cells.len() <= p {
            cells.resize(p + 1, false);
        }
        cells[p] = !c.is_whitespace();
    }
    Some(cells)
}

/// The blank run of `cells` around position `x`, when text lies on both
/// sides of it: `(start, end)`.
fn gap_at(cells: &[bool], x: usize) -> Option<(usize, usize)> {
    if cells.get(x).is_none_or(|&b| b) {
        return None;
    }
    let a = cells[..x].iter().rposition(|&b| b)? + 1;
    let b = x + cells[x..].iter().position(|&b| b)?;
    Some((a, b))
}

/// The page's gutter — a character position blank on nearly every line and
/// inside a gap of at least [`MIN_GUTTER`] spaces on many — and how many rows
/// it splits, if it has one.
fn gutter(page: &[&str]) -> Option<(usize, usize)> {
    let mut occ: Vec<u32> = Vec::new();
    let mut cover: Vec<u32> = Vec::new();
    let mut spans: Vec<Vec<bool>> = Vec::with_capacity(page.len());
    for l in page {
        let cells = cells(l.trim_end_matches(['\n', '\r']))?;
        let Some(first) = cells.iter().position(|&b| b) else {
            continue;
        };
        if occ.len() < cells.len() {
            occ.resize(cells.len(), 0);
            cover.resize(cells.len(), 0);
        }
        for (o, &b) in occ.iter_mut().zip(&cells) {
            *o += u32::from(b);
        }
        // Gaps of two or more spaces between text.
        let mut c = first;
        while c < cells.len() {
            if cells[c] {
                c += 1;
                continue;
            }
            let g0 = c;
            while c < cells.len() && !cells[c] {
                c += 1;
            }
            if c < cells.len() && c - g0 >= MIN_GUTTER {
                cover[g0..c].iter_mut().for_each(|v| *v += 1);
            }
        }
        spans.push(cells);
    }
    let n = spans.len();
    if n < MIN_LINES {
        return None;
    }
    // Lines that cross the gutter (a centred header, a footer, a title over
    // both columns) are allowed, a few.
    let crossing = (n / 8).max(1) as u32;
    let x = (0..occ.len())
        .filter(|&x| occ[x] <= crossing)
        .max_by_key(|&x| (cover[x], std::cmp::Reverse(occ[x])))?;
    let (mut left, mut right, mut both, mut wordy) = (0, 0, 0, 0);
    // Where each side's text ends next to the gutter and away from it.
    let mut edges: [Vec<usize>; 4] = Default::default();
    for cells in &spans {
        let l = cells[..x.min(cells.len())].iter().any(|&b| b);
        let r = cells.get(x + 1..).is_some_and(|c| c.iter().any(|&b| b));
        if cells.get(x).is_some_and(|&b| b) {
            continue;
        }
        left += usize::from(l);
        right += usize::from(r);
        let Some((a, b)) = gap_at(cells, x).filter(|(a, b)| b - a >= MIN_GUTTER) else {
            continue;
        };
        both += 1;
        let lstart = cells.iter().position(|&b| b).unwrap_or(0);
        let rend = cells.iter().rposition(|&b| b).unwrap_or(0);
        wordy += usize::from(words(&cells[lstart..a]) >= 2 && words(&cells[b..=rend]) >= 2);
        for (e, v) in edges.iter_mut().zip([lstart, a, b, rend]) {
            e.push(v);
        }
    }
    // Two real columns: each side holds text on many lines, many rows hold
    // both, both sides of a row are runs of words (not letters of stacked
    // glyphs scattered over rows), and each column is aligned on one edge
    // at least.
    let aligned = |l: &mut Vec<usize>, r: &mut Vec<usize>| aligned(l) || aligned(r);
    let [ls, le, rs, re] = &mut edges;
    (both >= 3
        && both * 5 >= n
        && left * 10 >= n * 3
        && right * 10 >= n * 3
        && wordy * 10 >= both * 6
        && aligned(ls, le)
        && aligned(rs, re))
    .then_some((x, both))
}

/// Words in a run of cells: runs of visible cells.
fn words(cells: &[bool]) -> usize {
    cells
        .iter()
        .zip(std::iter::once(&false).chain(cells))
        .filter(|&(&b, &prev)| b && !prev)
        .count()
}

/// Do most of these positions lie within four of one another (an aligned edge)?
fn aligned(v: &mut [usize]) -> bool {
    v.sort_unstable();
    let most = (0..v.len())
        .map(|i| v[i..].iter().take_while(|&&p| p <= v[i] + 4).count())
        .max()
        .unwrap_or(0);
    most * 10 >= v.len() * 6
}

/// Emit a page's pieces in reading order: rows are gathered per column until
/// a line crosses the gutter, then the columns are written one after the
/// other (right first in right-to-left text) and the crossing line after them.
fn read_page(page: &[&str], first: usize, x: usize, rtl: bool, out: &mut Vec<Piece>) {
    let mut left: Vec<Piece> = Vec::new();
    let mut right: Vec<Piece> = Vec::new();
    let flush = |left: &mut Vec<Piece>, right: &mut Vec<Piece>, out: &mut Vec<Piece>| {
        let (a, b) = if rtl { (right, left) } else { (left, right) };
        out.append(a);
        out.append(b);
    };
    for (i, l) in page.iter().enumerate() {
        let line = first + i;
        let nl = &l[l.trim_end_matches(['\n', '\r']).len()..];
        let nl = if nl.is_empty() { "\n" } else { nl };
        let body = l.trim_end_matches(['\n', '\r']);
        let (mut lt, mut rt) = (String::new(), String::new());
        // Text at the gutter, or only one space there between words: a line
        // over both columns.
        let mid = cells(body).is_none_or(|c| {
            c.get(x).is_some_and(|&b| b) || gap_at(&c, x).is_some_and(|(a, b)| b - a < MIN_GUTTER)
        });
        let mut col = 0usize;
        for (c, p) in body.chars().zip(positions(body)) {
            if let Some(p) = p {
                col = p;
            }
            if col < x {
                lt.push(c);
            } else {
                rt.push(c);
            }
        }
        // A form feed keeps its place at the head of the page.
        let ff = body.starts_with('\u{0C}');
        let blank = body.trim().is_empty();
        if blank {
            for side in [&mut left, &mut right] {
                if side.last().is_some_and(|p| !p.text.trim().is_empty()) {
                    side.push(Piece {
                        text: nl.to_string(),
                        line,
                        pieces: None,
                        ordered: false,
                    });
                }
            }
            if left.is_empty() && right.is_empty() {
                out.push(Piece {
                    text: (*l).to_string(),
                    line,
                    pieces: None,
                    ordered: false,
                });
            }
            continue;
        }
        if mid {
            flush(&mut left, &mut right, out);
            out.push(Piece {
                text: (*l).to_string(),
                line,
                pieces: None,
                ordered: false,
            });
            continue;
        }
        let push = |side: &mut Vec<Piece>, t: &str| {
            let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{0C}');
            if t.chars().any(|c| !c.is_whitespace() && !is_bidi_control(c)) {
                side.push(Piece {
                    text: format!("{t}{nl}"),
                    line,
                    pieces: None,
                    ordered: false,
                });
            }
        };
        if ff {
            out.push(Piece {
                text: "\u{0C}".to_string(),
                line,
                pieces: None,
                ordered: false,
            });
        }
        push(&mut left, &lt);
        push(&mut right, &rt);
    }
    flush(&mut left, &mut right, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Option<String> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        read_columns(&lines, 1).map(|(p, _)| p.iter().map(|p| p.text.as_str()).collect())
    }

    #[test]
    fn side_by_side_columns_are_read_right_then_left() {
        let page = [
            "                         عنوان الصفحة كلها",
            "السطر الأول من اليسار        السطر الأول من اليمين",
            "السطر الثاني من اليسار       السطر الثاني من اليمين",
            "    الثالث من اليسار         السطر الثالث من اليمين",
            "                             الرابع من اليمين",
            "السطر الخامس من اليسار       السطر الخامس من اليمين",
            "السطر السادس من اليسار       السطر السادس من اليمين\n",
        ]
        .join("\n");
        assert_eq!(
            run(&page).as_deref(),
            Some(
                "عنوان الصفحة كلها\n\
السطر الأول من اليمين
السطر الثاني من اليمين
السطر الثالث من اليمين
الرابع من اليمين
السطر الخامس من اليمين
السطر السادس من اليمين
السطر الأول من اليسار
السطر الثاني من اليسار
الثالث من اليسار
السطر الخامس من اليسار
السطر السادس من اليسار
"
            )
        );
    }

    #[test]
    fn one_column_with_wide_spaces_is_left_alone() {
        // Justified lines with wide spaces at different places: no gutter.
        let page = "\
كلمة   كلمة كلمة كلمة كلمة كلمة
كلمة كلمة   كلمة كلمة كلمة كلمة
كلمة كلمة كلمة   كلمة كلمة كلمة
كلمة كلمة كلمة كلمة   كلمة كلمة
كلمة كلمة كلمة كلمة كلمة   كلمة
كلمة كلمة كلمة كلمة كلمة كلمة
";
        assert_eq!(run(page), None);
        assert_eq!(run("نص عادي\nبلا أعمدة\n"), None);
    }
}
