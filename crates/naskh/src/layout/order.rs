//! One line: visual order from positions, word breaks from gaps (with Arabic
//! guards), then visual → logical by inverse bidi on clusters.
//!
//! No crate offers inverse bidi (ICU4C's "inverse like direct" mode has no
//! Rust counterpart), so levels are assigned here from the visual sequence,
//! following the forward rules of UAX #9 that producers applied (W2: digits
//! after Arabic letters are Arabic numbers, so `%` and `-` do not stick to
//! them; W7: digits after Latin are Latin), and rule L2 is applied; L2 is its
//! own inverse for fixed levels.

use super::cluster::Cluster;
use crate::script::{self, Dir, Form};

/// A word of a line in logical order.
#[derive(Debug, Clone, PartialEq)]
pub struct LineWord {
    /// Logical text, not yet mirrored.
    pub text: String,
    /// Byte offsets in `text` of Bidi_Mirrored characters that were drawn in
    /// a right-to-left run (mirroring candidates, decided per page).
    pub mirrorable: Vec<usize>,
    /// Indices of its clusters.
    pub clusters: Vec<usize>,
    /// Right-to-left word.
    pub rtl: bool,
}

/// A line in logical order.
#[derive(Debug, Clone, PartialEq)]
pub struct LogicalLine {
    /// Words in reading order.
    pub words: Vec<LineWord>,
    /// The line reads right to left.
    pub rtl: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Rtl,
    Ltr,
    /// Arabic-context number (AN, or EN after Arabic letters).
    Number,
    /// European number in a Latin context.
    EuroNumber,
    Cs,
    Es,
    Et,
    Neutral,
}

struct Unit {
    /// Cluster index, or None for a synthesized space.
    cluster: Option<usize>,
    class: Class,
    level: u8,
    space: bool,
    /// A synthesized zero-width non-joiner.
    zwnj: bool,
}

fn class_of(text: &str) -> Class {
    let mut weak = Class::Neutral;
    for c in text.chars() {
        match script::dir_class(c) {
            Dir::Rtl => return Class::Rtl,
            Dir::Ltr => return Class::Ltr,
            Dir::Number => return Class::Number,
            Dir::CommonSeparator if weak == Class::Neutral => weak = Class::Cs,
            Dir::EuropeanSeparator if weak == Class::Neutral => weak = Class::Es,
            Dir::Terminator if weak == Class::Neutral => weak = Class::Et,
            _ => {}
        }
    }
    weak
}

/// What separates two visually adjacent clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Same word.
    Join,
    /// A word space.
    Space,
    /// Same word, but the letters do not connect: a zero-width non-joiner
    /// (Persian/Urdu `می‌خواهم`) the producer left out of the text layer.
    Zwnj,
}

/// Classify the gap between visually adjacent clusters `left` and `right`.
fn gap_between(left: &Cluster, right: &Cluster, size: f64) -> Gap {
    let gap = right.left - left.right;
    let em = size.max(1.0);
    let arabic = |c: &Cluster| c.text.chars().next().is_some_and(script::is_arabic_letter);
    if arabic(left) && arabic(right) || left.unmapped || right.unmapped {
        // Right is logically first. A glyph drawn in initial/medial form or a
        // kashida joins the next letter: never a word end.
        if right.joins_next() || left.is_tatweel() || right.is_tatweel() {
            return Gap::Join;
        }
        // Gaps after non-joining letters (ا د ذ ر ز و) stay inside words.
        let last = right
            .text
            .chars()
            .rev()
            .find(|c| !script::is_mark(*c))
            .map(script::base_letter);
        let can_join = last.is_some_and(script::joins_next);
        let threshold = if can_join { 0.16 } else { 0.19 };
        if gap > threshold * em {
            return Gap::Space;
        }
        // A letter that could join, drawn in its final or isolated form, with
        // more letters right after it: the writer put a non-joiner there.
        let unjoined = matches!(right.form, Some(Form::Final | Form::Isolated));
        if can_join && unjoined && arabic(left) && !right.unmapped {
            return Gap::Zwnj;
        }
        return Gap::Join;
    }
    // Punctuation has wide side bearings: only a clear space separates it.
    let punct = |c: &Cluster| c.text.chars().all(|ch| !script::is_alphanumeric(ch));
    let threshold = if punct(left) || punct(right) {
        0.25
    } else {
        0.16
    };
    if gap > threshold * em {
        Gap::Space
    } else {
        Gap::Join
    }
}

/// Order one line's clusters. `block_rtl` is the direction of the block the
/// line belongs to (used when the line itself has no strong letters).
pub fn order_line(clusters: &[Cluster], idx: &[usize], block_rtl: bool) -> LogicalLine {
    let mut vis: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| i < clusters.len())
        .collect();
    // A space glyph drawn at the very pen position of another glyph (typst
    // collapses a line-final space onto the last glyph) separates nothing.
    // The other glyphs' edges are gathered once, next to each other, and the
    // covered spaces dropped in one pass.
    if vis.iter().any(|&i| clusters[i].is_space) {
        let edges: Vec<(f64, f64)> = vis
            .iter()
            .map(|&j| &clusters[j])
            .filter(|c| !c.is_space)
            .map(|c| (c.left, c.right))
            .collect();
        let covered = |s: &Cluster| {
            let tol = 0.05 * s.size.max(1.0);
            edges
                .iter()
                .any(|&(left, right)| (left - s.left).abs() < tol && right > s.right - tol)
        };
        vis.retain(|&i| !(clusters[i].is_space && covered(&clusters[i])));
    }
    let key = |c: &Cluster| c.center();
    vis.sort_by(|&a, &b| {
        key(&clusters[a])
            .total_cmp(&key(&clusters[b]))
            .then(clusters[a].seq.cmp(&clusters[b].seq))
    });
    let size = {
        let mut s: Vec<f64> = vis.iter().map(|&i| clusters[i].size).collect();
        s.sort_by(f64::total_cmp);
        s.get(s.len() / 2).copied().unwrap_or(10.0)
    };
    stream_order_overlaps(clusters, &mut vis, size);

    // Visual units with explicit and gap-derived spaces.
    let mut units: Vec<Unit> = Vec::with_capacity(vis.len() * 2);
    let mut prev: Option<usize> = None;
    for &i in &vis {
        let c = &clusters[i];
        if let Some(p) = prev
            && !c.is_space
            && !clusters[p].is_space
        {
            match gap_between(&clusters[p], c, size) {
                Gap::Join => {}
                Gap::Space => units.push(Unit {
                    cluster: None,
                    class: Class::Neutral,
                    level: 0,
                    space: true,
                    zwnj: false,
                }),
                Gap::Zwnj => units.push(Unit {
                    cluster: None,
                    class: Class::Rtl,
                    level: 0,
                    space: false,
                    zwnj: true,
                }),
            }
        }
        units.push(Unit {
            cluster: Some(i),
            class: if c.is_space {
                Class::Neutral
            } else {
                class_of(&c.text)
            },
            level: 0,
            space: c.is_space,
            zwnj: false,
        });
        prev = Some(i);
    }

    // The paragraph direction is the block's: a line of a right-to-left
    // paragraph that happens to hold more Latin is still read right to left.
    let rtl = block_rtl;
    resolve_weak(&mut units);
    resolve_levels(&mut units, rtl);
    reorder(&mut units);
    if rtl {
        percent_after_number(&mut units, clusters);
    }

    // Logical units → words.
    let mut words: Vec<LineWord> = Vec::new();
    let mut cur = LineWord {
        text: String::new(),
        mirrorable: Vec::new(),
        clusters: Vec::new(),
        rtl: false,
    };
    let mut has_rtl = false;
    for (k, u) in units.iter().enumerate() {
        if u.space {
            if !cur.clusters.is_empty() {
                cur.rtl = has_rtl;
                let empty = LineWord {
                    text: String::new(),
                    mirrorable: Vec::new(),
                    clusters: Vec::new(),
                    rtl: false,
                };
                words.push(std::mem::replace(&mut cur, empty));
            }
            has_rtl = false;
            continue;
        }
        if u.zwnj {
            cur.text.push(script::ZWNJ);
            continue;
        }
        let Some(i) = u.cluster else { continue };
        if cur.clusters.capacity() == 0 {
            // Sized once for the word (up to the next space) instead of
            // growing char by char.
            let (bytes, n) = units[k..]
                .iter()
                .take_while(|u| !u.space)
                .filter_map(|u| u.cluster)
                .fold((0, 0), |(b, n), j| (b + clusters[j].text.len(), n + 1));
            cur.text.reserve(bytes);
            cur.clusters.reserve(n);
        }
        let c = &clusters[i];
        has_rtl |= u.class == Class::Rtl;
        // ActualText is logical already; a drawn glyph's char may be its shape.
        let candidate = u.level % 2 == 1 && !c.actual_text;
        for ch in c.text.chars() {
            if candidate && script::mirror(ch).is_some() {
                cur.mirrorable.push(cur.text.len());
            }
            cur.text.push(ch);
        }
        cur.clusters.push(i);
    }
    if !cur.clusters.is_empty() {
        cur.rtl = has_rtl;
        words.push(cur);
    }
    words.retain(|w| !w.text.is_empty());
    LogicalLine { words, rtl }
}

/// Glyphs that overlap heavily (Nastaliq cascades, swashes reaching over
/// the next letters) have no meaningful left-to-right order by position.
/// Inside such a group the producer's stream order is the visual order
/// (read backwards when the group was drawn right to left).
fn stream_order_overlaps(clusters: &[Cluster], vis: &mut [usize], size: f64) {
    let overlap = 0.15 * size.max(1.0);
    let mut start = 0;
    while start < vis.len() {
        let mut end = start + 1;
        let mut reach = clusters[vis[start]].right;
        while end < vis.len() {
            let c = &clusters[vis[end]];
            if c.is_space || clusters[vis[end - 1]].is_space || c.left > reach - overlap {
                break;
            }
            reach = reach.max(c.right);
            end += 1;
        }
        if end - start >= 2 {
            let group = &mut vis[start..end];
            let first = group.iter().min_by_key(|&&i| clusters[i].seq).copied();
            let last = group.iter().max_by_key(|&&i| clusters[i].seq).copied();
            if let (Some(f), Some(l)) = (first, last) {
                let ascending = clusters[f].center() <= clusters[l].center();
                group.sort_by_key(|&i| clusters[i].seq);
                if !ascending {
                    group.reverse();
                }
            }
        }
        start = end;
    }
}

/// Weak types (UAX #9 W2–W7, as producers applied them): digits after Latin
/// letters are European numbers taking separators and terminators; digits
/// after Arabic letters are Arabic numbers that take only a common separator.
fn resolve_weak(units: &mut [Unit]) {
    let n = units.len();
    // W2/W7: the letter before a number, in the left-to-right visual sense
    // (inside a left-to-right run visual order is logical order).
    let mut last_letter: Option<Class> = None;
    for u in units.iter_mut() {
        match u.class {
            Class::Rtl | Class::Ltr => last_letter = Some(u.class),
            Class::Number if last_letter == Some(Class::Ltr) => u.class = Class::EuroNumber,
            _ => {}
        }
    }
    let num = |c: Class| matches!(c, Class::Number | Class::EuroNumber);
    // W4: a single separator between two numbers of the same kind.
    for i in 1..n.saturating_sub(1) {
        let (p, c, q) = (units[i - 1].class, units[i].class, units[i + 1].class);
        if num(p) && p == q && (c == Class::Cs || (c == Class::Es && p == Class::EuroNumber)) {
            units[i].class = p;
        }
    }
    // W5: terminators next to European numbers.
    for i in 0..n {
        if units[i].class != Class::Et {
            continue;
        }
        let mut j = i;
        while j < n && units[j].class == Class::Et {
            j += 1;
        }
        let touches = (i > 0 && units[i - 1].class == Class::EuroNumber)
            || (j < n && units[j].class == Class::EuroNumber);
        for u in &mut units[i..j] {
            u.class = if touches {
                Class::EuroNumber
            } else {
                Class::Neutral
            };
        }
    }
    // W6/W7: remaining separators are neutral; Latin-context numbers are Latin.
    for u in units.iter_mut() {
        u.class = match u.class {
            Class::Cs | Class::Es | Class::Et => Class::Neutral,
            Class::EuroNumber => Class::Ltr,
            c => c,
        };
    }
}

/// A percent sign (`%`, `٪`, `‰`, `؉`) follows its number in logical text.
/// UAX #9 puts it visually left of an Arabic-context number, but producers
/// that embed numbers left-to-right (XeTeX `\textenglish`) draw it on the
/// right, which reads back as `%2.7`; move such a sign behind its number.
fn percent_after_number(units: &mut [Unit], clusters: &[Cluster]) {
    let is_percent = |u: &Unit| {
        u.cluster
            .and_then(|i| clusters.get(i))
            .is_some_and(|c| matches!(c.text.as_str(), "%" | "\u{066A}" | "\u{2030}" | "\u{0609}"))
    };
    let is_digitish = |u: &Unit| {
        u.cluster.and_then(|i| clusters.get(i)).is_some_and(|c| {
            c.text.chars().next().is_some_and(|ch| ch.is_numeric())
                || matches!(c.text.as_str(), "." | "," | "\u{066B}" | "\u{066C}")
        })
    };
    let mut i = 0;
    while i + 1 < units.len() {
        let word_start = i == 0 || units[i - 1].space;
        if word_start
            && is_percent(&units[i])
            && units[i + 1].cluster.is_some_and(|k| {
                clusters
                    .get(k)
                    .is_some_and(|c| c.text.chars().next().is_some_and(char::is_numeric))
            })
        {
            let mut j = i + 1;
            while j < units.len() && is_digitish(&units[j]) {
                j += 1;
            }
            // Keep a trailing separator (as in "2.7%.") outside the number.
            while j > i + 2
                && units[j - 1]
                    .cluster
                    .and_then(|k| clusters.get(k))
                    .is_some_and(|c| !c.text.chars().any(char::is_numeric))
            {
                j -= 1;
            }
            units[i..j].rotate_left(1);
            i = j;
        } else {
            i += 1;
        }
    }
}

/// Assign embedding levels to visual units (paragraph level 1 for RTL, 0 for LTR).
fn resolve_levels(units: &mut [Unit], rtl: bool) {
    let n = units.len();
    let strong = |c: Class| matches!(c, Class::Rtl | Class::Ltr | Class::Number);
    // Nearest strong class to the left / right of each unit.
    let mut left: Vec<Option<Class>> = vec![None; n];
    let mut last = None;
    for i in 0..n {
        left[i] = last;
        if strong(units[i].class) {
            last = Some(units[i].class);
        }
    }
    let mut right: Vec<Option<Class>> = vec![None; n];
    last = None;
    for i in (0..n).rev() {
        right[i] = last;
        if strong(units[i].class) {
            last = Some(units[i].class);
        }
    }
    for i in 0..n {
        let level = if rtl {
            match units[i].class {
                Class::Rtl => 1,
                Class::Ltr | Class::Number => 2,
                // N1: neutrals between Latin join the Latin run; numbers count
                // as right-to-left.
                _ => match (left[i], right[i]) {
                    (Some(Class::Ltr), Some(Class::Ltr)) => 2,
                    _ => 1,
                },
            }
        } else {
            match units[i].class {
                Class::Rtl => 1,
                Class::Ltr => 0,
                Class::Number => {
                    if left[i] == Some(Class::Rtl) || right[i] == Some(Class::Rtl) {
                        2
                    } else {
                        0
                    }
                }
                _ => match (left[i], right[i]) {
                    (Some(Class::Rtl | Class::Number), Some(Class::Rtl | Class::Number))
                        if left[i] == Some(Class::Rtl) || right[i] == Some(Class::Rtl) =>
                    {
                        1
                    }
                    _ => 0,
                },
            }
        };
        units[i].level = level;
    }
}

/// UAX #9 L2: from the highest level down to the lowest odd level, reverse
/// every maximal run at that level or higher.
fn reorder(units: &mut [Unit]) {
    let max = units.iter().map(|u| u.level).max().unwrap_or(0);
    let min_odd = units
        .iter()
        .map(|u| u.level)
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(1);
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < units.len() {
            if units[i].level >= level {
                let start = i;
                while i < units.len() && units[i].level >= level {
                    i += 1;
                }
                units[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clusters laid out left to right from visual-order text: each char one
    /// cluster of width 5, a space char leaves a gap of 4 (no space glyph).
    fn visual(s: &str) -> Vec<Cluster> {
        let mut x = 0.0;
        let mut out = Vec::new();
        for (seq, ch) in s.chars().enumerate() {
            if ch == ' ' {
                x += 4.0;
                continue;
            }
            out.push(Cluster {
                text: ch.to_string(),
                left: x,
                right: x + 5.0,
                y: 100.0,
                size: 10.0,
                font: 0,
                seq: seq as u32,
                form: None,
                is_space: false,
                actual_text: false,
                unmapped: false,
            });
            x += 5.0;
        }
        out
    }

    fn logical(s: &str, rtl: bool) -> String {
        let c = visual(s);
        let idx: Vec<usize> = (0..c.len()).collect();
        let line = order_line(&c, &idx, rtl);
        line.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn rtl_words_read_right_to_left() {
        // Visual "مالس ابحرم" is logical "مرحبا سلام".
        assert_eq!(logical("مالس ابحرم", true), "مرحبا سلام");
    }

    #[test]
    fn digits_and_latin_keep_left_to_right() {
        // Logical "عام 2024 في IDC" drawn right to left.
        assert_eq!(logical("IDC يف 2024 ماع", true), "عام 2024 في IDC");
    }

    #[test]
    fn percent_follows_an_arabic_context_number() {
        // UAX #9 draws "بلغ 3.5%" as "%3.5 غلب" (the number is AN, % neutral).
        assert_eq!(logical("%3.5 غلب", true), "بلغ 3.5%");
        // XeTeX embeds the number left to right: "3.5% غلب" reads the same.
        assert_eq!(logical("3.5% غلب", true), "بلغ 3.5%");
    }

    #[test]
    fn separated_numbers_are_separate_runs() {
        // Two numbers in Arabic text: "بين 10 و 20" draws as "20 و 10 نيب".
        assert_eq!(logical("20 و 10 نيب", true), "بين 10 و 20");
        // A date with slashes is one number run.
        assert_eq!(logical("2024/03/14 خيراتب", true), "بتاريخ 2024/03/14");
    }

    #[test]
    fn ltr_line_keeps_its_order() {
        assert_eq!(logical("see مالس here", false), "see سلام here");
    }

    #[test]
    fn bracket_candidates_are_recorded_in_rtl_runs() {
        let c = visual(")IMF( يلودلا");
        let idx: Vec<usize> = (0..c.len()).collect();
        let line = order_line(&c, &idx, true);
        let w = line.words.last().unwrap();
        assert_eq!(w.text, "(IMF)");
        assert_eq!(w.mirrorable, vec![0, 4]);
    }

    #[test]
    fn gaps_inside_words_and_zwnj() {
        let mut c = visual("ی");
        let mut next = visual("خ");
        // ی drawn in its final form, then a small gap, then more letters.
        c[0].form = Some(Form::Final);
        next[0].left = -6.0;
        next[0].right = -1.0;
        // `next` is to the left (logically after).
        assert_eq!(gap_between(&next[0], &c[0], 10.0), Gap::Zwnj);
        c[0].form = Some(Form::Initial);
        assert_eq!(gap_between(&next[0], &c[0], 10.0), Gap::Join);
        next[0].left = -10.0;
        next[0].right = -5.0;
        c[0].form = None;
        assert_eq!(gap_between(&next[0], &c[0], 10.0), Gap::Space);
    }
}
