//! Reference fonts for outline matching (chain step 6).
//!
//! Installed fonts (Debian packages such as `fonts-noto-core`,
//! `fonts-hosny-amiri`, `fonts-kacst`; see `tools/setup_fonts.sh`) are found
//! in the standard font directories. Each one is indexed lazily, once per
//! process: glyph id → Unicode through its `cmap` and GSUB closure (so that
//! contextual forms and ligatures map to base letters), and glyph outline →
//! [`Shape`]. A PDF glyph matches a reference glyph when the outlines are the
//! same (exact key), or, failing that, when bounding box and raster agree
//! within a small tolerance and no other letter comes close.
//!
//! Fonts whose PostScript name matches the PDF font's (modulo style words)
//! are tried first; other fonts with Arabic letters only for glyphs that
//! are still unknown when drawn.

use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use read_fonts::model::Blob;

use super::font::{Decomposition, Part, font_glyph_map_with_parts, glyph_forms, parse_font};
use super::outline::{Scaler, Shape};
use crate::script::Form;

/// Most font files considered.
const MAX_FONT_FILES: usize = 5_000;
/// Deepest directory nesting searched.
const MAX_DIR_DEPTH: usize = 6;
/// Largest font file indexed.
const MAX_FONT_BYTES: u64 = 40 << 20;
/// Most glyphs indexed per reference font.
const MAX_REF_GLYPHS: u32 = 20_000;
/// Tolerant match: largest bbox edge difference (1000 upem).
const MAX_BBOX_DISTANCE: f32 = 14.0;
/// Tolerant match: most differing raster cells (of 400).
const MAX_RASTER_DISTANCE: u32 = 22;
/// Tolerant match: how much better the best letter must be than the next.
const MIN_MARGIN: f32 = 8.0;
/// Tolerant match: a best score this low is a near-perfect match…
const NEAR_PERFECT: f32 = 2.0;
/// …which only needs this margin over another letter.
const NEAR_PERFECT_MARGIN: f32 = 3.0;
/// Tolerant match: scores this close to the best are the same drawing.
const SAME_DRAWING: f32 = 1.0;
/// Tolerant match: most candidates kept.
const MAX_NEAR: usize = 4_096;

/// Environment variable naming extra reference font directories (`:`-separated).
pub const FONT_DIRS_ENV: &str = "NASKH_REFERENCE_FONTS";

/// One indexed reference glyph.
struct RefGlyph {
    shape: Shape,
    /// Glyph id in the reference font.
    gid: u32,
    /// Positional form, when the font says.
    form: Option<Form>,
    /// Index into `RefIndex::texts`.
    texts: u32,
}

/// Index of one reference font.
struct RefIndex {
    glyphs: Vec<RefGlyph>,
    by_hash: HashMap<u64, Vec<u32>>,
    texts: Vec<Vec<String>>,
    /// Letters the font draws as skeleton + dots.
    parts: Arc<Decomposition>,
}

/// A matched glyph: its Unicode alternatives, and the part it plays in a
/// reference font that draws letters as skeleton + dots.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Unicode alternatives (an empty string: a glyph that carries no text).
    pub texts: Vec<String>,
    /// Skeleton or dot of the reference font's decomposition.
    pub part: Option<(Arc<Decomposition>, Part)>,
    /// Positional form of the reference glyph, when its font says.
    pub form: Option<Form>,
}

impl RefIndex {
    fn hit(&self, g: &RefGlyph, texts: Vec<String>) -> Hit {
        Hit {
            texts,
            part: self.parts.part(g.gid).map(|p| (self.parts.clone(), p)),
            form: g.form,
        }
    }
}

/// A reference font file, indexed on first use.
struct RefFont {
    path: PathBuf,
    /// Normalised name from the file name (see [`normalise_name`]).
    name: String,
    index: OnceLock<Option<Arc<RefIndex>>>,
}

impl RefFont {
    fn index(&self, require_arabic: bool) -> Option<Arc<RefIndex>> {
        let idx = self.index.get_or_init(|| build_index(&self.path));
        let idx = idx.clone()?;
        (!require_arabic || idx.texts.iter().flatten().any(|t| t.contains('ا'))).then_some(idx)
    }
}

/// All reference fonts (discovered once per process; indexed lazily).
fn references() -> &'static [RefFont] {
    static REFS: OnceLock<Vec<RefFont>> = OnceLock::new();
    REFS.get_or_init(discover)
}

/// Font directories searched, in order.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Ok(extra) = std::env::var(FONT_DIRS_ENV) {
        dirs.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    if let Ok(data) = std::env::var("XDG_DATA_HOME") {
        dirs.push(Path::new(&data).join("fonts"));
    }
    if let Ok(home) = std::env::var("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
        dirs.push(Path::new(&home).join(".fonts"));
    }
    dirs.push(PathBuf::from("/usr/local/share/fonts"));
    dirs.push(PathBuf::from("/usr/share/fonts"));
    dirs
}

fn discover() -> Vec<RefFont> {
    let mut files = Vec::new();
    for dir in font_dirs() {
        walk(&dir, 0, &mut files);
    }
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            RefFont {
                name: normalise_name(&stem),
                path,
                index: OnceLock::new(),
            }
        })
        .collect()
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DIR_DEPTH || out.len() >= MAX_FONT_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if out.len() >= MAX_FONT_FILES {
            return;
        }
        if path.is_dir() {
            walk(&path, depth + 1, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        {
            out.push(path);
        }
    }
}

/// Style words that do not distinguish a design.
const STYLE_WORDS: &[&str] = &["regular", "book", "medium", "roman", "normal", "plain"];

/// `NotoSansArabic-Regular`, `Noto-Sans-Arabic`, `ABCDEF+NotoSansArabic` →
/// `notosansarabic`; `KacstBook-Medium` → `kacstbook`.
pub fn normalise_name(name: &str) -> String {
    let name = super::dicts::strip_subset_prefix(name);
    let mut parts: Vec<String> = name
        .split(['-', ',', ' ', '_'])
        .map(|p| p.to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    // Style words count only after the family part.
    while parts.len() > 1
        && parts
            .last()
            .is_some_and(|p| STYLE_WORDS.contains(&p.as_str()))
    {
        parts.pop();
    }
    parts
        .concat()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Words that may follow a family name in a style variant.
const VARIANT_WORDS: &[&str] = &[
    "bold",
    "italic",
    "oblique",
    "condensed",
    "light",
    "semibold",
    "extrabold",
    "black",
    "thin",
    "extralight",
    "medium",
    "book",
    "regular",
    "slanted",
];

/// Whether `rest` is a run of variant words (`bolditalic`).
fn is_variant_suffix(mut rest: &str) -> bool {
    let mut n = 0;
    while !rest.is_empty() && n < 4 {
        let Some(w) = VARIANT_WORDS.iter().find(|w| rest.starts_with(**w)) else {
            return false;
        };
        rest = rest.get(w.len()..).unwrap_or_default();
        n += 1;
    }
    rest.is_empty()
}

/// 0: same name; 1: same family (one name is the other plus style words);
/// 2: unrelated.
fn name_rank(pdf: &str, reference: &str) -> u8 {
    if pdf.is_empty() {
        return 2;
    }
    if pdf == reference {
        return 0;
    }
    let related =
        |a: &str, b: &str| a.len() >= 4 && b.strip_prefix(a).is_some_and(is_variant_suffix);
    if related(pdf, reference) || related(reference, pdf) {
        1
    } else {
        2
    }
}

fn build_index(path: &Path) -> Option<Arc<RefIndex>> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX_FONT_BYTES {
        return None;
    }
    let data = std::fs::read(path).ok()?;
    let font = parse_font(Blob::from(data))?;
    let (map, parts) = font_glyph_map_with_parts(&font);
    let forms = glyph_forms(&font);
    let scaler = Scaler::new(&font);
    let mut idx = RefIndex {
        glyphs: Vec::new(),
        by_hash: HashMap::new(),
        texts: Vec::new(),
        parts: Arc::new(parts),
    };
    let mut text_ids: HashMap<Vec<String>, u32> = HashMap::new();
    let mut gids: Vec<u32> = map
        .keys()
        .copied()
        .filter(|g| *g < MAX_REF_GLYPHS)
        .collect();
    gids.sort_unstable();
    for gid in gids {
        // Glyphs that carry no text (dots and marks of decomposed letters)
        // are indexed too: matching them says "nothing", not "unknown".
        let Some(c) = map.get(&gid) else { continue };
        let Some(shape) = scaler.shape(gid) else {
            continue;
        };
        if shape.empty {
            continue;
        }
        let next = u32::try_from(idx.texts.len()).unwrap_or(u32::MAX);
        let texts = *text_ids.entry(c.texts.clone()).or_insert_with(|| {
            idx.texts.push(c.texts.clone());
            next
        });
        let i = u32::try_from(idx.glyphs.len()).unwrap_or(u32::MAX);
        idx.by_hash.entry(shape.hash).or_default().push(i);
        idx.glyphs.push(RefGlyph {
            shape,
            gid,
            form: forms.get(&gid).copied(),
            texts,
        });
    }
    Some(Arc::new(idx))
}

/// Reference indexes for a PDF font, tier A (same name or family) or tier B
/// (all other fonts with Arabic letters).
fn tier(font_name: &str, tier_b: bool) -> Vec<Arc<RefIndex>> {
    let pdf = normalise_name(font_name);
    let mut ranked: Vec<(u8, &RefFont)> = references()
        .iter()
        .map(|r| (name_rank(&pdf, &r.name), r))
        .filter(|(rank, _)| (*rank == 2) == tier_b)
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked
        .into_iter()
        .filter_map(|(_, r)| r.index(tier_b))
        .collect()
}

/// Per-process memo of tier lists by PDF font name.
fn tier_cached(font_name: &str, tier_b: bool) -> Vec<Arc<RefIndex>> {
    type Memo = Mutex<HashMap<(String, bool), Vec<Arc<RefIndex>>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (font_name.to_string(), tier_b);
    if let Ok(m) = memo.lock()
        && let Some(v) = m.get(&key)
    {
        return v.clone();
    }
    // Built outside the lock: indexing takes a while and other threads may
    // want other fonts meanwhile (each font is indexed once by its OnceLock).
    let v = tier(font_name, tier_b);
    if let Ok(mut m) = memo.lock() {
        m.insert(key, v.clone());
    }
    v
}

/// Unicode alternatives for a glyph shape of PDF font `font_name`, from the
/// name-matched reference fonts only (cheap: used for whole subsets).
pub fn match_shape(shape: &Shape, font_name: &str) -> Option<Hit> {
    if shape.empty {
        return None;
    }
    match_in(shape, &tier_cached(font_name, false))
}

/// Like [`match_shape`]; when no installed font has the PDF font's name,
/// every reference font with Arabic letters is tried (indexed on first use).
/// A font that is installed under its own name holds the glyph if any does.
pub fn match_shape_everywhere(shape: &Shape, font_name: &str) -> Option<Hit> {
    if shape.empty {
        return None;
    }
    let named = tier_cached(font_name, false);
    if !named.is_empty() {
        return match_in(shape, &named);
    }
    match_in(shape, &tier_cached(font_name, true))
}

fn match_in(shape: &Shape, indexes: &[Arc<RefIndex>]) -> Option<Hit> {
    // Exact outline: the first font (best name rank) that has it decides.
    for idx in indexes {
        if let Some(hits) = idx.by_hash.get(&shape.hash) {
            let mut out: Vec<String> = Vec::new();
            let mut first: Option<&RefGlyph> = None;
            for h in hits {
                let Some(g) = idx.glyphs.get(*h as usize) else {
                    continue;
                };
                first = first.or(Some(g));
                for t in idx.texts.get(g.texts as usize).into_iter().flatten() {
                    if !out.contains(t) {
                        out.push(t.clone());
                    }
                }
            }
            if let Some(g) = first
                && !out.is_empty()
            {
                return Some(idx.hit(g, out));
            }
        }
    }
    // Tolerant: the closest reference glyphs over all given fonts. Glyphs
    // within a hair of the best are the same drawing (fonts reuse outlines
    // for several letters): their letters become alternatives. Another
    // letter that comes close but not that close makes the match ambiguous.
    let mut near: Vec<(f32, &Arc<RefIndex>, &RefGlyph)> = Vec::new();
    for idx in indexes {
        for g in &idx.glyphs {
            let bd = shape.bbox_distance(&g.shape);
            if bd > MAX_BBOX_DISTANCE {
                continue;
            }
            let rd = shape.raster_distance(&g.shape);
            if rd > MAX_RASTER_DISTANCE {
                continue;
            }
            if near.len() < MAX_NEAR {
                near.push((rd as f32 + bd / 2.0, idx, g));
            }
        }
    }
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (best, best_idx, best_glyph) = *near.first()?;
    // A near-perfect match (the same drawing re-encoded, e.g. TrueType
    // outlines converted to CFF) only has to beat letters that differ by a
    // dot (a few raster cells).
    let margin = if best <= NEAR_PERFECT {
        NEAR_PERFECT_MARGIN
    } else {
        MIN_MARGIN
    };
    let mut texts: Vec<String> = Vec::new();
    for (score, idx, g) in &near {
        let Some(t) = idx.texts.get(g.texts as usize) else {
            continue;
        };
        if *score <= best + SAME_DRAWING {
            for x in t {
                if !texts.contains(x) && texts.len() < 8 {
                    texts.push(x.clone());
                }
            }
        } else if *score < best + margin && t.iter().any(|x| !texts.contains(x)) {
            return None;
        }
    }
    (!texts.is_empty()).then(|| best_idx.hit(best_glyph, texts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unicode::font::tests::{gid_of_char, system_font};

    #[test]
    fn names() {
        assert_eq!(
            normalise_name("ABCDEF+NotoSansArabic-Regular"),
            "notosansarabic"
        );
        assert_eq!(normalise_name("Noto-Sans-Arabic"), "notosansarabic");
        assert_eq!(normalise_name("KacstBook-Medium"), "kacstbook");
        assert_eq!(normalise_name("KacstBook"), "kacstbook");
        assert_eq!(name_rank("notosansarabic", "notosansarabicbold"), 1);
        assert_eq!(name_rank("dejavusansbook", "dejavusans"), 1);
        assert_eq!(name_rank("notosans", "notosansarabic"), 2);
        assert_eq!(name_rank("amiri", "amiri"), 0);
    }

    #[test]
    fn own_glyphs_match_their_letters() {
        let rel = "noto/NotoNaskhArabic-Regular.ttf";
        let Some(data) = system_font(rel) else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let scaler = Scaler::new(&font);
        let m = |c: char| {
            let shape = scaler.shape(gid_of_char(&font, c));
            shape
                .and_then(|s| match_shape(&s, "NotoNaskhArabic-Regular"))
                .and_then(|h| h.texts.first().cloned())
                .unwrap_or_default()
        };
        assert_eq!(m('\u{FE91}'), "ب");
        assert_eq!(m('\u{FEEC}'), "ه");
        assert_eq!(m('٣'), "٣");
        assert_eq!(m('۴'), "۴");
        assert_eq!(m('3'), "3");
        assert_eq!(m('ل'), "ل");
    }
}
