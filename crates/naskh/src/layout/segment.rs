//! Clusters → regions → lines, by recursive XY-cut on whitespace.
//!
//! A page is cut at horizontal gaps (bands, top to bottom) and at vertical
//! gaps that run through several lines (columns, right to left when the
//! region is right-to-left). What cannot be cut further is one line. Cutting
//! at the widest gap first keeps two columns with aligned baselines apart.

use super::cluster::Cluster;
use crate::script::{self, Dir};

/// Lines of one region (a column or a band), top to bottom; each line holds
/// indices into the page's clusters.
#[derive(Debug, Clone, Default)]
pub struct Region {
    /// Lines, top to bottom.
    pub lines: Vec<Vec<usize>>,
    /// The region reads right to left (most of its strong letters are RTL).
    pub rtl: bool,
}

/// Vertical extent of a cluster's line box around a baseline `y`.
fn extent_at(c: &Cluster, y: f64) -> (f64, f64) {
    (y - 0.75 * c.size, y + 0.25 * c.size)
}

/// Baseline of each cluster for line finding. Most glyphs of a line share one
/// baseline exactly; glyphs raised above it (Nastaliq cascades, superscripts)
/// are snapped down to the nearest shared baseline within 1.6 em, so that
/// they neither bridge two lines nor make a line of their own.
fn baselines(clusters: &[Cluster]) -> Vec<f64> {
    let key = |y: f64| (y * 4.0).round() as i64;
    let mut counts: foldhash::HashMap<i64, usize> =
        foldhash::HashMap::with_capacity_and_hasher(clusters.len(), Default::default());
    for c in clusters {
        *counts.entry(key(c.y)).or_default() += 1;
    }
    // A height shared by three glyphs or more is a baseline.
    let floor = 3;
    let mut peaks: Vec<f64> = counts
        .iter()
        .filter(|&(_, &n)| n >= floor)
        .map(|(&k, _)| k as f64 / 4.0)
        .collect();
    peaks.sort_by(f64::total_cmp);
    clusters
        .iter()
        .map(|c| {
            if counts.get(&key(c.y)).is_some_and(|&n| n >= floor) {
                return c.y;
            }
            // The nearest shared baseline: below a raised glyph (up to 1.6 em),
            // or just above a glyph that hangs low (dots under a Nastaliq
            // letter, up to 0.5 em).
            let i = peaks.partition_point(|&p| p <= c.y);
            let below = peaks.get(i).filter(|&&p| p - c.y <= 1.6 * c.size);
            let above = i
                .checked_sub(1)
                .and_then(|k| peaks.get(k))
                .filter(|&&p| c.y - p <= 0.5 * c.size);
            match (below, above) {
                (Some(&b), Some(&a)) => {
                    if b - c.y <= c.y - a {
                        b
                    } else {
                        a
                    }
                }
                (Some(&b), None) => b,
                (None, Some(&a)) => a,
                (None, None) => c.y,
            }
        })
        .collect()
}

/// Largest empty gap between intervals sorted by their start, as
/// (gap, cut position).
fn widest_gap(iv: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    let mut reach = f64::NEG_INFINITY;
    for &(lo, hi) in iv {
        if reach.is_finite() && lo > reach {
            let gap = lo - reach;
            if best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, (lo + reach) / 2.0));
            }
        }
        reach = reach.max(hi);
    }
    best
}

/// The line boxes of a part, read once in order of their tops: their
/// vertical span and every empty gap between them.
struct Vertical {
    top: f64,
    bottom: f64,
    /// (gap, cut position), top to bottom.
    gaps: Vec<(f64, f64)>,
}

impl Vertical {
    fn scan(page: &Page<'_>, by_top: &[usize]) -> Vertical {
        let (mut top, mut bottom) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut gaps = Vec::new();
        let mut reach = f64::NEG_INFINITY;
        for &i in by_top {
            let (lo, hi) = page.v_extent(i);
            top = top.min(lo);
            bottom = bottom.max(hi);
            if reach.is_finite() && lo > reach {
                gaps.push((lo - reach, (lo + reach) / 2.0));
            }
            reach = reach.max(hi);
        }
        Vertical { top, bottom, gaps }
    }

    /// The widest gap (the first of equals), as [`widest_gap`] finds it.
    fn widest(&self) -> Option<(f64, f64)> {
        let mut best: Option<(f64, f64)> = None;
        for &(gap, at) in &self.gaps {
            if best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, at));
            }
        }
        best
    }

    /// All cut positions at gaps wider than `min_gap` (which is positive).
    fn cuts(&self, min_gap: f64) -> Vec<f64> {
        self.gaps
            .iter()
            .filter(|&&(gap, _)| gap > min_gap)
            .map(|&(_, at)| at)
            .collect()
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    // The element a full sort would put in the middle, without the sort.
    let mid = v.len() / 2;
    *v.select_nth_unstable_by(mid, f64::total_cmp).1
}

/// Strong right-to-left and left-to-right characters of each cluster.
fn strong_counts(clusters: &[Cluster]) -> Vec<(u32, u32)> {
    clusters
        .iter()
        .map(|c| {
            c.text
                .chars()
                .fold((0, 0), |(r, l), ch| match script::dir_class(ch) {
                    Dir::Rtl => (r + 1, l),
                    Dir::Ltr => (r, l + 1),
                    _ => (r, l),
                })
        })
        .collect()
}

/// Is a set of clusters mostly right-to-left?
fn is_rtl(strong: &[(u32, u32)], idx: &[usize]) -> bool {
    let (r, l) = idx
        .iter()
        .filter_map(|&i| strong.get(i))
        .fold((0u64, 0u64), |(r, l), &(a, b)| (r + a as u64, l + b as u64));
    r >= l
}

/// What every step of the cut shares.
struct Page<'a> {
    clusters: &'a [Cluster],
    base: Vec<f64>,
    strong: Vec<(u32, u32)>,
}

impl Page<'_> {
    /// Vertical extent of cluster `i`'s line box on its snapped baseline.
    fn v_extent(&self, i: usize) -> (f64, f64) {
        let c = &self.clusters[i];
        extent_at(c, self.base.get(i).copied().unwrap_or(c.y))
    }
}

/// The clusters of one step of the cut: `idx` in ascending order, and the
/// same clusters in the orders the gap search reads them in, `by_top` all of
/// them by the top of their line box and `by_left` the non-space ones by
/// their left edge (ties in ascending index order, as a stable sort of `idx`
/// gives). The orders are sorted once per page and split along with `idx`
/// (a split keeps each part in order), instead of sorted again at every step:
/// the sorts were 4% of extraction time.
struct Part {
    idx: Vec<usize>,
    by_top: Vec<usize>,
    by_left: Vec<usize>,
}

impl Part {
    /// Split by a predicate, keeping every order: (true part, false part).
    fn split(self, f: impl Fn(usize) -> bool) -> (Part, Part) {
        let halve =
            |v: Vec<usize>| -> (Vec<usize>, Vec<usize>) { v.into_iter().partition(|&i| f(i)) };
        let (a_idx, b_idx) = halve(self.idx);
        let (a_top, b_top) = halve(self.by_top);
        let (a_left, b_left) = halve(self.by_left);
        (
            Part {
                idx: a_idx,
                by_top: a_top,
                by_left: a_left,
            },
            Part {
                idx: b_idx,
                by_top: b_top,
                by_left: b_left,
            },
        )
    }
}

/// Indices ordered by their keys as `f64::total_cmp` orders them, ties in
/// the order given (which is ascending: the order a stable sort keeps). The
/// keys are sorted as integers next to their indices, not looked up through
/// the indices at every comparison.
fn sorted_by_key(keyed: impl Iterator<Item = (f64, usize)>) -> Vec<usize> {
    // The integer `total_cmp` compares (IEEE 754 totalOrder).
    let total = |x: f64| {
        let bits = x.to_bits() as i64;
        bits ^ ((((bits >> 63) as u64) >> 1) as i64)
    };
    let mut keys: Vec<(i64, usize)> = keyed.map(|(k, i)| (total(k), i)).collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, i)| i).collect()
}

/// Segment a page's clusters into regions of lines, in reading order.
pub fn segment(clusters: &[Cluster]) -> Vec<Region> {
    let all: Vec<usize> = (0..clusters.len())
        .filter(|&i| clusters[i].right >= clusters[i].left)
        .collect();
    let page = Page {
        clusters,
        base: baselines(clusters),
        strong: strong_counts(clusters),
    };
    let page_rtl = is_rtl(&page.strong, &all);
    let by_top = sorted_by_key(all.iter().map(|&i| (page.v_extent(i).0, i)));
    let by_left = sorted_by_key(
        all.iter()
            .filter(|&&i| !clusters[i].is_space)
            .map(|&i| (clusters[i].left, i)),
    );
    let mut regions = Vec::new();
    let part = Part {
        idx: all,
        by_top,
        by_left,
    };
    cut(&page, part, page_rtl, 0, &mut regions);
    regions
}

const MAX_DEPTH: usize = 64;

fn cut(page: &Page<'_>, part: Part, rtl: bool, depth: usize, out: &mut Vec<Region>) {
    let clusters = page.clusters;
    let v_extent = |i: usize| page.v_extent(i);
    if part.idx.is_empty() {
        return;
    }
    let idx = &part.idx;
    let size = median(idx.iter().map(|&i| clusters[i].size).collect()).max(1.0);
    // Already in the order of their tops (see `Part`): one pass.
    let vertical = Vertical::scan(page, &part.by_top);
    let multi_line = vertical.bottom - vertical.top > 1.6 * size;

    let y_gap = vertical.widest();
    // A column gap must be clearly wider than a word gap and run through
    // several lines.
    let x_gap = if multi_line && depth < MAX_DEPTH {
        let x_iv: Vec<(f64, f64)> = part
            .by_left
            .iter()
            .map(|&i| (clusters[i].left, clusters[i].right))
            .collect();
        widest_gap(&x_iv).filter(|(g, _)| *g > 0.9 * size)
    } else {
        None
    };

    let prefer_x = match (x_gap, y_gap) {
        (Some((xg, _)), Some((yg, _))) => xg > yg * 1.5 && xg > 1.2 * size,
        (Some(_), None) => true,
        _ => false,
    };

    if depth < MAX_DEPTH
        && prefer_x
        && let Some((_, at)) = x_gap
    {
        let region_rtl = is_rtl(&page.strong, idx);
        let (left, right) = part.split(|i| clusters[i].center() < at);
        // Columns of a right-to-left region read right to left.
        let (first, second) = if region_rtl || (rtl && left.idx.len() == right.idx.len()) {
            (right, left)
        } else {
            (left, right)
        };
        cut(page, first, rtl, depth + 1, out);
        cut(page, second, rtl, depth + 1, out);
        return;
    }

    if let Some((widest, _)) = y_gap.filter(|_| depth < MAX_DEPTH) {
        // Cut at the widest horizontal gaps first (sections, paragraphs), so
        // that columns below a full-width header are cut apart before lines.
        let cuts = vertical.cuts(0.7 * widest);
        let band_of = |i: usize| {
            let (lo, _) = v_extent(i);
            cuts.partition_point(|&c| c < lo)
        };
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
        for &i in idx {
            if let Some(band) = bands.get_mut(band_of(i)) {
                band.push(i);
            }
        }
        let height = |b: &Vec<usize>| {
            let t = b
                .iter()
                .map(|&i| v_extent(i).0)
                .fold(f64::INFINITY, f64::min);
            let bt = b
                .iter()
                .map(|&i| v_extent(i).1)
                .fold(f64::NEG_INFINITY, f64::max);
            bt - t
        };
        if bands.iter().all(|b| height(b) <= 1.6 * size) {
            let lines: Vec<Vec<usize>> = bands.into_iter().filter(|b| !b.is_empty()).collect();
            let all: Vec<usize> = lines.iter().flatten().copied().collect();
            out.push(Region {
                rtl: is_rtl(&page.strong, &all),
                lines,
            });
        } else {
            // Each band's orders, split off in order.
            let mut parts: Vec<Part> = bands
                .into_iter()
                .map(|idx| Part {
                    idx,
                    by_top: Vec::new(),
                    by_left: Vec::new(),
                })
                .collect();
            for &i in &part.by_top {
                if let Some(p) = parts.get_mut(band_of(i)) {
                    p.by_top.push(i);
                }
            }
            for &i in &part.by_left {
                if let Some(p) = parts.get_mut(band_of(i)) {
                    p.by_left.push(i);
                }
            }
            for p in parts {
                cut(page, p, rtl, depth + 1, out);
            }
        }
        return;
    }

    // Nothing to cut: one line.
    out.push(Region {
        rtl: is_rtl(&page.strong, &part.idx),
        lines: vec![part.idx],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cl(text: &str, left: f64, y: f64) -> Cluster {
        Cluster {
            text: text.into(),
            left,
            right: left + 8.0,
            y,
            size: 10.0,
            font: 0,
            seq: 0,
            form: None,
            is_space: false,
            actual_text: false,
            unmapped: false,
        }
    }

    #[test]
    fn two_rtl_columns_read_right_column_first() {
        let mut c = Vec::new();
        for line in 0..4 {
            let y = 100.0 + 14.0 * line as f64;
            for k in 0..5 {
                c.push(cl("ب", 300.0 + 9.0 * k as f64, y)); // right column
                c.push(cl("ت", 100.0 + 9.0 * k as f64, y)); // left column
            }
        }
        let regions = segment(&c);
        assert_eq!(regions.len(), 2);
        let first_text: String = regions[0].lines[0]
            .iter()
            .map(|&i| c[i].text.as_str())
            .collect();
        assert_eq!(first_text, "ببببب");
        assert_eq!(regions[0].lines.len(), 4);
    }

    #[test]
    fn raised_nastaliq_glyphs_stay_on_their_line() {
        let mut c = Vec::new();
        for line in 0..2 {
            let y = 100.0 + 20.0 * line as f64;
            for k in 0..6 {
                c.push(cl("ب", 100.0 + 9.0 * k as f64, y));
            }
            // A cascade glyph raised 1.4 em above its baseline, and dots
            // hanging 0.3 em below it.
            c.push(cl("ی", 160.0, y - 14.0));
            c.push(cl("ت", 170.0, y + 3.0));
        }
        let regions = segment(&c);
        let lines: Vec<usize> = regions.iter().map(|r| r.lines.len()).collect();
        assert_eq!(lines.iter().sum::<usize>(), 2);
        assert!(regions.iter().flat_map(|r| &r.lines).all(|l| l.len() == 8));
    }
}
