//! Per-font Unicode recovery chain: glyphs without a usable Unicode mapping
//! are recovered from the font itself, never printed as garbage.
//!
//! For each drawn glyph the PDF layer calls [`Recovery::resolve`]. The chain:
//!
//! 1. ToUnicode (what the interpreter gave): trusted when it yields real
//!    letters; PUA, control characters, U+FFFD, and a map that sends many
//!    glyphs to one code point fall through. Presentation forms become base
//!    letters.
//! 2. /Differences glyph names (AGL, `uniXXXX`, `uXXXX`, `afii57xxx`, suffixes,
//!    `_` ligatures, Arabic naming schemes) — see [`names`].
//! 3. The embedded font's `cmap`, reversed — see [`font`].
//! 4. GSUB closure from the encoded letters (contextual forms, ligatures).
//! 5. `post` / CFF charset glyph names.
//! 6. Outline matching against installed reference fonts — see [`mod@reference`].
//! 7. Unmapped: empty text, [`UnicodeSource::Unmapped`], listed in the page report.
//!
//! Steps 2–6 run only for glyphs whose step-1 answer is unusable, and their
//! results are cached per font program and glyph.

pub mod choice;
pub mod dicts;
pub mod font;
pub mod names;
mod names_table;
pub mod outline;
pub mod reference;
pub mod text;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

use hayro_interpret::font::{OutlineFontData, OutlineGlyph};
use hayro_syntax::page::Resources;
use read_fonts::model::{Blob, Font};
use serde::Serialize;

use crate::glyph::UnicodeSource;
use crate::script::Form;
use choice::Profile;
use dicts::{DictInfo, DictRegistry};
use font::{Candidates, Decomposition, Part, font_glyph_map_with_parts, glyph_forms, parse_font};
use reference::Hit;
use text::{base_letters, is_real_text};

/// Glyphs of one font with one ToUnicode text before the map counts as
/// degenerate ("everything mapped to one code point").
const DEGENERATE_GLYPHS: usize = 8;
/// Most glyphs per font whose outline is matched up front (a subset); larger
/// fonts are matched glyph by glyph.
const MAX_PREMATCH_GLYPHS: u32 = 3_000;
/// Most glyphs tracked per font for the ToUnicode coverage check.
const MAX_TRACKED_GLYPHS: usize = 65_536;
/// Most cached per-glyph results per font.
const MAX_CACHED_GLYPHS: usize = 100_000;
/// Unmapped glyphs listed per font and page.
const MAX_LISTED_UNMAPPED: usize = 64;

/// Recovery counters of one font on one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FontRecoveryReport {
    /// Font name (PostScript name without subset prefix), or `?`.
    pub font: String,
    /// Glyphs drawn.
    pub glyphs: usize,
    /// Glyphs whose Unicode came from each step (`to_unicode`, `glyph_name`,
    /// `font_cmap`, `gsub`, `post_name`, `outline`).
    pub recovered: BTreeMap<String, usize>,
    /// Glyphs left without Unicode.
    pub unmapped: usize,
    /// The first unmapped glyphs: (character code, glyph id), distinct.
    pub unmapped_glyphs: Vec<(u32, u32)>,
}

/// What is known about one font program.
#[derive(Default)]
struct FontState {
    name: String,
    /// Font dictionary info, if the page hook registered it.
    dict: Option<DictInfo>,
    /// Font program analysis, built when the chain first needs it.
    analysis: Option<Analysis>,
    /// Results of the chain per (code, glyph id).
    resolved: HashMap<(u32, u32), Resolved>,
    /// ToUnicode texts seen per glyph (degenerate-map check).
    to_unicode_seen: HashMap<u32, String>,
    degenerate: bool,
    /// Glyphs the font's ToUnicode has an entry for / none for.
    tu_mapped: HashSet<u32>,
    tu_missing: HashSet<u32>,
}

/// A skeleton or dot of a letter that a font draws in pieces.
type PartOf = (Arc<Decomposition>, Part);

/// A chain result: alternatives, the step, and the glyph's part in a
/// decomposed letter.
#[derive(Clone)]
struct Resolved {
    texts: Vec<String>,
    source: UnicodeSource,
    part: Option<PartOf>,
    form: Option<Form>,
}

impl Resolved {
    fn new(texts: Vec<String>, source: UnicodeSource) -> Self {
        Self {
            texts,
            source,
            part: None,
            form: None,
        }
    }
}

/// What `resolve_in` decided for one glyph.
struct Outcome {
    text: String,
    source: UnicodeSource,
    part: Option<PartOf>,
    form: Option<Form>,
}

impl Outcome {
    fn plain(text: String, source: UnicodeSource) -> Self {
        Self {
            text,
            source,
            part: None,
            form: None,
        }
    }

    fn of(text: String, r: &Resolved) -> Self {
        Self {
            text,
            source: r.source,
            part: r.part.clone(),
            form: r.form,
        }
    }
}

/// Results of steps 3–6 for a font program.
struct Analysis {
    font: Option<Font>,
    /// Steps 3–5.
    map: HashMap<u32, Candidates>,
    /// Letters the font itself draws as skeleton + dots.
    parts: Arc<Decomposition>,
    /// Positional forms the font itself tells.
    forms: HashMap<u32, Form>,
    /// Step 6 (matched up front for subsets, else on demand).
    outlines: HashMap<u32, Option<Hit>>,
    prematched: bool,
    /// Glyphs already tried against all reference fonts.
    everywhere: HashSet<u32>,
    scaler: Option<outline::Scaler>,
}

/// The per-document Unicode recovery state (caches keyed by font program).
/// Not shared between threads; the reference-font index behind step 6 is
/// shared by the whole process.
#[derive(Default)]
pub struct Recovery {
    fonts: HashMap<u128, FontState>,
    /// Dots drawn just before (stream order) the skeleton they belong to.
    pending_dots: Option<(Arc<Decomposition>, Vec<u32>)>,
    /// Skeleton + dot compositions that worked / found no letter.
    compose_ok: u32,
    compose_failed: u32,
    /// Positional form of the glyph resolved last, if the chain knows it.
    last_form: Option<Form>,
    registry: DictRegistry,
    profile: Profile,
    page: BTreeMap<String, FontRecoveryReport>,
    page_unmapped_seen: HashSet<(String, u32, u32)>,
}

impl Recovery {
    /// A fresh state for one document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Hook: call once per page before its glyphs are resolved, with the
    /// page's resources (`page.resources()`). Registers what the font
    /// dictionaries say (ToUnicode present?, /Differences names, flags) so
    /// that `resolve` can tell a ToUnicode answer from an encoding guess,
    /// and starts a new page report. Cheap: each font program is hashed once
    /// per document.
    pub fn begin_page(&mut self, resources: &Resources<'_>) {
        self.registry.register(resources);
        self.page.clear();
        self.page_unmapped_seen.clear();
    }

    /// Positional form (initial, medial, final, isolated) of the glyph that
    /// the last [`resolve`](Self::resolve) call recovered, when the chain
    /// knows it: from a reference font matched by outline, or from the
    /// font's own presentation-form `cmap` entries and `init`/`medi`/`fina`/
    /// `isol` lookups. `None` for ToUnicode answers (their presentation
    /// forms, if any, are in the text) and when unknown.
    pub fn last_form(&self) -> Option<Form> {
        self.last_form
    }

    /// Recovery counters per font for the glyphs resolved since the last
    /// [`begin_page`](Self::begin_page), sorted by font name.
    pub fn page_report(&self) -> Vec<FontRecoveryReport> {
        self.page.values().cloned().collect()
    }

    /// Unicode text (logical order, base letters, possibly several chars for a
    /// ligature, empty when unmapped) and the chain step that produced it.
    ///
    /// `to_unicode`: what the interpreter gave (ToUnicode CMap, or for simple
    /// fonts an encoding name via the AGL), `None` if nothing. When it is
    /// usable it is returned at once without touching the font.
    pub fn resolve(
        &mut self,
        glyph: &OutlineGlyph,
        data: Option<&OutlineFontData>,
        to_unicode: Option<&str>,
    ) -> (String, UnicodeSource) {
        let key = data.map_or(0, |d| d.cache_key);
        let gid = glyph.glyph_id().to_u32();
        let code = glyph.char_code();
        let state = self.fonts.entry(key).or_default();
        if state.name.is_empty() {
            state.name = data
                .and_then(|d| d.postscript_name.clone())
                .unwrap_or_else(|| "?".to_string());
            state.dict = match data {
                Some(d) => {
                    let bytes: &[u8] = d.data.as_ref().as_ref();
                    let hash = self.registry.program_hash(bytes);
                    self.registry.by_program.get(&hash).cloned()
                }
                None => self.registry.by_name.get(&state.name).cloned(),
            };
        }

        let advance = glyph.advance_width().unwrap_or(0.0);
        let result = resolve_in(
            state,
            &mut self.profile,
            data,
            gid,
            code,
            advance,
            to_unicode,
        );
        let has_dict = state.dict.is_some();
        let result = compose(
            &mut self.profile,
            &mut self.pending_dots,
            &mut self.compose_ok,
            &mut self.compose_failed,
            &mut self.last_form,
            result,
        );
        self.profile.context(&result.0);
        let name = state.name.as_str();
        if trace_enabled() {
            eprintln!(
                "naskh-unicode: {name} dict={has_dict} code={code} gid={gid} given={to_unicode:?} -> {:?} {:?}",
                result.0, result.1
            );
        }
        count(
            &mut self.page,
            &mut self.page_unmapped_seen,
            name,
            &result.1,
            code,
            gid,
        );
        result
    }
}

/// Letters drawn as a skeleton plus dot glyphs: the dots (no text of
/// their own) are remembered, and the skeleton that follows them in the
/// content stream (as HarfBuzz-shaped right-to-left runs are drawn)
/// becomes the letter they make together. If that order does not hold in
/// a document (most compositions find no letter), composing stops.
fn compose(
    profile: &mut Profile,
    pending_dots: &mut Option<(Arc<Decomposition>, Vec<u32>)>,
    compose_ok: &mut u32,
    compose_failed: &mut u32,
    last_form: &mut Option<Form>,
    result: Outcome,
) -> (String, UnicodeSource) {
    let Outcome {
        text,
        source,
        part,
        form,
    } = result;
    *last_form = form;
    let enabled = !(*compose_failed >= 4 && *compose_failed > *compose_ok);
    match part {
        Some((parts, Part::Dot(root))) if text.is_empty() => {
            match pending_dots {
                Some((p, dots)) if Arc::ptr_eq(p, &parts) && dots.len() < 4 => dots.push(root),
                _ => *pending_dots = Some((parts, vec![root])),
            }
            (text, source)
        }
        Some((parts, Part::Skeleton(root))) => {
            let dots = match pending_dots.take() {
                Some((p, dots)) if Arc::ptr_eq(&p, &parts) && enabled => dots,
                _ => Vec::new(),
            };
            // Without dots the skeleton keeps its own reading (its dots may
            // follow it in the stream), unless dots have been seen to
            // precede their skeletons in this document: then it is the
            // dotless letter (`ح`, `د`, `ر`, `س`).
            let order_confirmed = *compose_ok >= 3 && *compose_ok > 2 * *compose_failed;
            if dots.is_empty() && !order_confirmed {
                return (text, source);
            }
            match parts.letter(root, &dots) {
                Some(letters) if !letters.is_empty() => {
                    if !dots.is_empty() {
                        *compose_ok = compose_ok.saturating_add(1);
                    }
                    if let [only] = letters {
                        profile.observe(only, 1);
                    }
                    (profile.choose(letters), source)
                }
                _ => {
                    if !dots.is_empty() {
                        *compose_failed = compose_failed.saturating_add(1);
                    }
                    (text, source)
                }
            }
        }
        _ => {
            if !text.is_empty() {
                *pending_dots = None;
            }
            (text, source)
        }
    }
}

/// Count one resolved glyph in the page report (no allocation unless the
/// font or the source is new on this page).
fn count(
    page: &mut BTreeMap<String, FontRecoveryReport>,
    unmapped_seen: &mut HashSet<(String, u32, u32)>,
    font: &str,
    source: &UnicodeSource,
    code: u32,
    gid: u32,
) {
    // One lookup for a font already on the page (nearly every glyph).
    let report = match page.get_mut(font) {
        Some(report) => report,
        None => page
            .entry(font.to_string())
            .or_insert_with(|| FontRecoveryReport {
                font: font.to_string(),
                ..Default::default()
            }),
    };
    report.glyphs += 1;
    if *source == UnicodeSource::Unmapped {
        report.unmapped += 1;
        if report.unmapped_glyphs.len() < MAX_LISTED_UNMAPPED
            && unmapped_seen.insert((font.to_string(), code, gid))
        {
            report.unmapped_glyphs.push((code, gid));
        }
    } else {
        let name = source_name(*source);
        match report.recovered.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                report.recovered.insert(name.to_string(), 1);
            }
        }
    }
}

/// Environment variable: when set, every resolved glyph is traced on stderr
/// (a development aid for the recovery chain).
pub const TRACE_ENV: &str = "NASKH_TRACE_UNICODE";

fn trace_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(TRACE_ENV).is_some())
}

/// Snake-case name of a source, as in JSON.
pub fn source_name(source: UnicodeSource) -> &'static str {
    match source {
        UnicodeSource::ActualText => "actual_text",
        UnicodeSource::ToUnicode => "to_unicode",
        UnicodeSource::GlyphName => "glyph_name",
        UnicodeSource::FontCmap => "font_cmap",
        UnicodeSource::Gsub => "gsub",
        UnicodeSource::PostName => "post_name",
        UnicodeSource::Outline => "outline",
        UnicodeSource::Unmapped => "unmapped",
    }
}

/// One glyph as the chain sees it.
struct Query<'a> {
    gid: u32,
    code: u32,
    /// Advance width from the PDF (1000 units per em).
    advance: f32,
    /// The interpreter's answer, when it is real text.
    given: Option<&'a str>,
    /// `given` came from the encoding of a simple font without ToUnicode.
    from_encoding: bool,
}

/// The chain for one glyph of one font.
fn resolve_in(
    state: &mut FontState,
    profile: &mut Profile,
    data: Option<&hayro_interpret::font::OutlineFontData>,
    gid: u32,
    code: u32,
    advance: f32,
    to_unicode: Option<&str>,
) -> Outcome {
    // Step 1: the interpreter's answer, when it is a real ToUnicode value.
    if to_unicode.is_some() && state.tu_mapped.len() < MAX_TRACKED_GLYPHS {
        state.tu_mapped.insert(gid);
    }
    let given = to_unicode.filter(|t| is_real_text(t));
    let from_encoding = state
        .dict
        .as_ref()
        .is_some_and(|d| d.simple && !d.has_to_unicode && !d.type1_or_standard);
    let bad_map = state.dict.as_ref().is_some_and(|d| d.to_unicode_bad);
    // In a map that is mostly garbage (U+FFFD, PUA) the entries that are
    // real letters are still the producer's word: fall through only for the
    // garbage ones. A map of one code point is caught by `degenerate`.
    if let Some(t) = given
        && !from_encoding
        && !state.degenerate
    {
        // The verdict depends only on the map's contents: a glyph seen again
        // with the same text changes nothing (and costs no allocation).
        if state.to_unicode_seen.len() < 4 * DEGENERATE_GLYPHS
            && state.to_unicode_seen.get(&gid).is_none_or(|s| s != t)
        {
            state.to_unicode_seen.insert(gid, t.to_string());
            let mut texts = state.to_unicode_seen.values();
            let first = texts.next();
            state.degenerate = state.to_unicode_seen.len() >= DEGENERATE_GLYPHS
                && !t.trim().is_empty()
                && texts.all(|x| Some(x) == first);
        }
        if !state.degenerate {
            // Passed through as given: presentation forms tell the layout
            // the glyph's joining form (and `--faithful` keeps them).
            profile.observe(t, 1);
            return Outcome::plain(t.to_string(), UnicodeSource::ToUnicode);
        }
    }

    // U+0000 from a ToUnicode: the producer says "no text here" (the
    // cluster's text is on another glyph).
    if let Some(t) = to_unicode
        && !t.is_empty()
        && t.chars().all(|c| c == '\0')
    {
        return Outcome::plain(String::new(), UnicodeSource::ToUnicode);
    }
    // A font with a ToUnicode CMap that has no entry for this glyph: the
    // producer put the cluster's text on another glyph (marks, pieces of
    // decomposed letters), so recovering it would double letters. Unless
    // the CMap misses nearly all glyphs: then it is a stub and we recover.
    if to_unicode.is_none() && !bad_map && state.dict.as_ref().is_some_and(|d| d.has_to_unicode) {
        if state.tu_missing.len() < MAX_TRACKED_GLYPHS {
            state.tu_missing.insert(gid);
        }
        let stub = state.tu_missing.len() >= DEGENERATE_GLYPHS
            && state.tu_missing.len() > 3 * state.tu_mapped.len();
        if !stub {
            return Outcome::plain(String::new(), UnicodeSource::ToUnicode);
        }
    }

    if let Some(r) = state.resolved.get(&(code, gid)) {
        if let [only] = r.texts.as_slice() {
            profile.observe(only, 1);
        }
        return Outcome::of(profile.choose(&r.texts), r);
    }
    let query = Query {
        gid,
        code,
        advance,
        given,
        from_encoding,
    };
    let r = chain(state, profile, data, &query);
    if let [only] = r.texts.as_slice() {
        profile.observe(only, 1);
    }
    let out = Outcome::of(profile.choose(&r.texts), &r);
    if state.resolved.len() < MAX_CACHED_GLYPHS {
        state.resolved.insert((code, gid), r);
    }
    out
}

/// Steps 2–7 (uncached).
fn chain(
    state: &mut FontState,
    profile: &mut Profile,
    data: Option<&hayro_interpret::font::OutlineFontData>,
    q: &Query<'_>,
) -> Resolved {
    // Step 2: a /Differences name the interpreter could not read.
    if let Some(name) = state.dict.as_ref().and_then(|d| {
        u8::try_from(q.code)
            .ok()
            .and_then(|c| d.differences.get(&c))
    }) && let Some(t) = names::name_to_unicode(name)
    {
        return Resolved::new(vec![t], UnicodeSource::GlyphName);
    }
    let Some(data) = data else {
        // No font program (Type 1 or not embedded): only the interpreter's
        // encoding answer is left.
        return match q.given {
            Some(t) => Resolved::new(vec![base_letters(t)], UnicodeSource::ToUnicode),
            None => Resolved::new(vec![String::new()], UnicodeSource::Unmapped),
        };
    };
    let fresh = state.analysis.is_none();
    let analysis = state.analysis.get_or_insert_with(|| analyse(data));
    if fresh && state.dict.as_ref().is_some_and(|d| d.subset) {
        // A subset holds the document's glyphs only: its letters tell the
        // language before the first shared glyph must be chosen.
        prematch(analysis, &state.name);
        let singles = analysis.map.values().map(|c| c.texts.as_slice()).chain(
            analysis
                .outlines
                .values()
                .flatten()
                .map(|h| h.texts.as_slice()),
        );
        for texts in singles {
            if let [only] = texts {
                profile.observe(only, 4);
            }
        }
    }

    // Steps 3–5.
    if let Some(c) = analysis.map.get(&q.gid) {
        return Resolved {
            texts: c.texts.clone(),
            source: c.source,
            part: analysis
                .parts
                .part(q.gid)
                .map(|p| (analysis.parts.clone(), p)),
            form: analysis.forms.get(&q.gid).copied(),
        };
    }

    // Step 6.
    if let Some(hit) = outline_match(analysis, &state.name, q.gid) {
        return Resolved {
            texts: hit.texts,
            source: UnicodeSource::Outline,
            part: hit.part,
            form: hit.form.or_else(|| analysis.forms.get(&q.gid).copied()),
        };
    }
    // A glyph that draws nothing: a space when it advances, else nothing.
    if let Some(font) = &analysis.font {
        let scaler = analysis
            .scaler
            .get_or_insert_with(|| outline::Scaler::new(font));
        if scaler.shape(q.gid).is_some_and(|s| s.empty) {
            let text = if q.advance > 0.0 { " " } else { "" };
            return Resolved::new(vec![text.to_string()], UnicodeSource::Outline);
        }
    }

    // An encoding guess of a font whose flags say it uses a standard
    // character set is better than nothing.
    if let Some(t) = q.given
        && (!q.from_encoding || state.dict.as_ref().is_some_and(|d| d.nonsymbolic))
    {
        return Resolved::new(vec![base_letters(t)], UnicodeSource::ToUnicode);
    }
    Resolved::new(vec![String::new()], UnicodeSource::Unmapped)
}

fn analyse(data: &hayro_interpret::font::OutlineFontData) -> Analysis {
    let font = parse_font(Blob::from(data.data.clone()));
    let (map, parts) = font
        .as_ref()
        .map(font_glyph_map_with_parts)
        .unwrap_or_default();
    let forms = font.as_ref().map(glyph_forms).unwrap_or_default();
    Analysis {
        font,
        map,
        parts: Arc::new(parts),
        forms,
        outlines: HashMap::new(),
        prematched: false,
        everywhere: HashSet::new(),
        scaler: None,
    }
}

/// Match all glyphs of a font (a subset, or a font small enough) against
/// the name-matched reference fonts, once.
fn prematch(analysis: &mut Analysis, font_name: &str) {
    let Some(font) = analysis.font.as_ref() else {
        return;
    };
    let num_glyphs = font.num_glyphs();
    if analysis.prematched || num_glyphs > MAX_PREMATCH_GLYPHS {
        return;
    }
    analysis.prematched = true;
    let scaler = analysis
        .scaler
        .get_or_insert_with(|| outline::Scaler::new(font));
    // Glyph 0 is .notdef, never a letter.
    for g in 1..num_glyphs {
        if analysis.map.contains_key(&g) {
            continue;
        }
        let r = scaler
            .shape(g)
            .and_then(|s| reference::match_shape(&s, font_name));
        analysis.outlines.insert(g, r);
    }
}

/// Step 6 for one glyph: the outline of the embedded glyph matched against
/// the reference fonts whose name matches the PDF font's (all glyphs of a
/// small font at once), then, for a glyph still unknown, against every
/// reference font.
fn outline_match(analysis: &mut Analysis, font_name: &str, gid: u32) -> Option<Hit> {
    prematch(analysis, font_name);
    if let Some(Some(r)) = analysis.outlines.get(&gid) {
        return Some(r.clone());
    }
    if !analysis.everywhere.insert(gid) {
        return None;
    }
    let font = analysis.font.as_ref()?;
    let scaler = analysis
        .scaler
        .get_or_insert_with(|| outline::Scaler::new(font));
    let r = scaler
        .shape(gid)
        .and_then(|s| reference::match_shape_everywhere(&s, font_name));
    analysis.outlines.insert(gid, r.clone());
    r
}
