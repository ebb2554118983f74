//! One line: visual order from positions, word breaks from gaps (with Arabic
//! guards), then visual → logical by inverse bidi on clusters.
//!
//! No crate offers inverse bidi (ICU4C's "inverse like direct" mode has no
//! Rust counterpart), so levels are assigned here from the visual sequence and
//! UAX #9 rule L2 is applied; L2 is its own inverse for fixed levels.

use super::cluster::Cluster;
use crate::script::{self, Dir};

/// A word of a line in logical order.
#[derive(Debug, Clone, PartialEq)]
pub struct LineWord {
    /// Logical text.
    pub text: String,
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
    Number,
    Glue,
    Neutral,
}

struct Unit {
    /// Cluster index, or None for a synthesized space.
    cluster: Option<usize>,
    class: Class,
    level: u8,
    space: bool,
}

fn class_of(text: &str) -> Class {
    let mut glue = false;
    for c in text.chars() {
        match script::dir_class(c) {
            Dir::Rtl => return Class::Rtl,
            Dir::Ltr => return Class::Ltr,
            Dir::Number => return Class::Number,
            Dir::NumberGlue => glue = true,
            Dir::Neutral => {}
        }
    }
    if glue { Class::Glue } else { Class::Neutral }
}

/// Should the gap between two visually adjacent clusters (`left`, `right`)
/// break a word? `rtl_pair` says the pair is read right to left, so `right`
/// comes first logically.
fn breaks(left: &Cluster, right: &Cluster, size: f64) -> bool {
    let gap = right.left - left.right;
    let em = size.max(1.0);
    let arabic = |c: &Cluster| c.text.chars().next().is_some_and(script::is_arabic_letter);
    if arabic(left) && arabic(right) || left.unmapped || right.unmapped {
        // Right is logically first. A glyph drawn in initial/medial form or a
        // kashida joins the next letter: never a word end.
        if right.joins_next() || left.is_tatweel() || right.is_tatweel() {
            return false;
        }
        // Gaps after non-joining letters (ا د ذ ر ز و) stay inside words.
        let last = right.text.chars().rev().find(|c| !script::is_mark(*c));
        let non_joining = last.is_some_and(|c| !script::joins_next(c));
        let threshold = if non_joining { 0.30 } else { 0.22 };
        return gap > threshold * em;
    }
    gap > 0.2 * em
}

/// Order one line's clusters. `block_rtl` is the direction of the block the
/// line belongs to (used when the line itself has no strong letters).
pub fn order_line(clusters: &[Cluster], idx: &[usize], block_rtl: bool) -> LogicalLine {
    let mut vis: Vec<usize> = idx.to_vec();
    vis.sort_by(|&a, &b| {
        clusters[a]
            .center()
            .total_cmp(&clusters[b].center())
            .then(clusters[a].seq.cmp(&clusters[b].seq))
    });
    let size = {
        let mut s: Vec<f64> = vis.iter().map(|&i| clusters[i].size).collect();
        s.sort_by(f64::total_cmp);
        s.get(s.len() / 2).copied().unwrap_or(10.0)
    };

    // Visual units with explicit and gap-derived spaces.
    let mut units: Vec<Unit> = Vec::with_capacity(vis.len() * 2);
    let mut prev: Option<usize> = None;
    for &i in &vis {
        let c = &clusters[i];
        if let Some(p) = prev
            && !c.is_space
            && !clusters[p].is_space
            && breaks(&clusters[p], c, size)
        {
            units.push(Unit { cluster: None, class: Class::Neutral, level: 0, space: true });
        }
        units.push(Unit {
            cluster: Some(i),
            class: if c.is_space { Class::Neutral } else { class_of(&c.text) },
            level: 0,
            space: c.is_space,
        });
        prev = Some(i);
    }

    let (r, l) = units.iter().fold((0, 0), |(r, l), u| match u.class {
        Class::Rtl => (r + 1, l),
        Class::Ltr => (r, l + 1),
        _ => (r, l),
    });
    let rtl = if r + l == 0 { block_rtl } else { r >= l };
    resolve_levels(&mut units, rtl);
    reorder(&mut units);

    // Logical units → words.
    let mut words: Vec<LineWord> = Vec::new();
    let mut cur = LineWord { text: String::new(), clusters: Vec::new(), rtl: false };
    let mut has_rtl = false;
    for u in &units {
        if u.space {
            if !cur.clusters.is_empty() {
                cur.rtl = has_rtl;
                words.push(std::mem::replace(
                    &mut cur,
                    LineWord { text: String::new(), clusters: Vec::new(), rtl: false },
                ));
            }
            has_rtl = false;
            continue;
        }
        let Some(i) = u.cluster else { continue };
        let c = &clusters[i];
        has_rtl |= u.class == Class::Rtl;
        let mirror = u.level % 2 == 1 && !c.actual_text;
        for ch in c.text.chars() {
            let ch = if mirror { script::mirror(ch).unwrap_or(ch) } else { ch };
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

/// Assign embedding levels to visual units (paragraph level 1 for RTL, 0 for LTR).
fn resolve_levels(units: &mut [Unit], rtl: bool) {
    let n = units.len();
    // Number glue: separators between digits and terminators next to digits.
    for i in 0..n {
        if units[i].class != Class::Glue {
            continue;
        }
        let prev_num = i > 0 && units[i - 1].class == Class::Number;
        let next_num = i + 1 < n && units[i + 1].class == Class::Number;
        if prev_num || next_num {
            units[i].class = Class::Number;
        } else {
            units[i].class = Class::Neutral;
        }
    }
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
                _ => match (left[i], right[i]) {
                    // Between Latin (or Latin and a number, as in "iPhone 15"):
                    // part of the left-to-right run. Between two numbers the
                    // numbers count as right-to-left (UAX #9 N1).
                    (Some(Class::Ltr), Some(Class::Ltr))
                    | (Some(Class::Ltr), Some(Class::Number))
                    | (Some(Class::Number), Some(Class::Ltr)) => 2,
                    _ => 1,
                },
            }
        } else {
            match units[i].class {
                Class::Rtl => 1,
                Class::Ltr => 0,
                Class::Number => {
                    if left[i] == Some(Class::Rtl) && right[i] == Some(Class::Rtl) {
                        2
                    } else {
                        0
                    }
                }
                _ => match (left[i], right[i]) {
                    (Some(Class::Rtl), Some(Class::Rtl) | Some(Class::Number))
                    | (Some(Class::Number), Some(Class::Rtl)) => 1,
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
