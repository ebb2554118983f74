//! What a font program itself says about its glyphs (chain steps 3–5):
//! the `cmap` reversed, the GSUB closure from those glyphs, and glyph names
//! from `post` or the CFF charset.
//!
//! Fonts are hostile input: every table walk below is bounded.

use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;

use read_fonts::TableProvider;
use read_fonts::model::{Blob, Font, Kind};
use read_fonts::tables::gsub::{
    AlternateSubst, LigatureSubst, MultipleSubst, ReverseChainSingleSubst, SingleSubst,
    SubstitutionSubtables,
};

use super::names::name_to_unicode;
use super::text::{base_letters, is_real_text};
use crate::glyph::UnicodeSource;
use crate::script::{self, Form};

/// Most alternatives kept per glyph (a glyph shared by `ي` and `ی`, `٤` and `۴`).
pub const MAX_ALTERNATIVES: usize = 4;
/// Most `cmap` entries read.
const MAX_CMAP_ENTRIES: usize = 200_000;
/// Most glyphs whose names are read.
const MAX_NAMED_GLYPHS: usize = 70_000;
/// Fixed-point passes over the GSUB lookups (ligatures of contextual forms
/// need two or three).
const MAX_GSUB_PASSES: usize = 6;
/// Work budget of the whole GSUB closure (glyph pairs visited).
const MAX_GSUB_WORK: usize = 3_000_000;
/// Most lookups and subtables visited.
const MAX_LOOKUPS: usize = 4_096;
const MAX_SUBTABLES: usize = 512;
/// Longest text a single glyph may stand for (a ligature of a few letters).
const MAX_TEXT_CHARS: usize = 8;

/// Unicode candidates for one glyph id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidates {
    /// Alternatives, best first (never empty; an empty string means "this
    /// glyph carries no text", e.g. a dot of a decomposed letter).
    pub texts: Vec<String>,
    /// The chain step that found them.
    pub source: UnicodeSource,
}

impl Candidates {
    fn new(text: String, source: UnicodeSource) -> Self {
        Self {
            texts: vec![text],
            source,
        }
    }

    /// Add an alternative; returns whether it was new.
    fn add(&mut self, text: &str) -> bool {
        if self.texts.len() >= MAX_ALTERNATIVES || self.texts.iter().any(|t| t == text) {
            return false;
        }
        self.texts.push(text.to_string());
        true
    }
}

/// How a font draws letters as a skeleton glyph plus separate dot glyphs
/// (Nastaliq, and fonts that decompose letters in GSUB): learnt from its
/// multiple substitutions `letter → skeleton + dots`.
#[derive(Debug, Default)]
pub struct Decomposition {
    /// Glyph → the skeleton glyph it is a contextual variant of.
    pub skeleton: HashMap<u32, u32>,
    /// Glyph → the dot (or other mark) glyph it is a variant of.
    pub dot: HashMap<u32, u32>,
    /// (skeleton, sorted dots) → the letters they draw (alternatives, in
    /// the order found).
    pub letters: HashMap<(u32, Vec<u32>), Vec<String>>,
    /// Letters in the order the closure found them (first one wins).
    found: Vec<((u32, Vec<u32>), String)>,
}

/// What a glyph is in a [`Decomposition`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A skeleton (dotless letter body), by its root skeleton glyph.
    Skeleton(u32),
    /// A dot or mark of a decomposed letter, by its root glyph.
    Dot(u32),
}

impl Decomposition {
    /// The part `gid` plays, if any.
    pub fn part(&self, gid: u32) -> Option<Part> {
        if let Some(r) = self.skeleton.get(&gid) {
            return Some(Part::Skeleton(*r));
        }
        self.dot.get(&gid).map(|r| Part::Dot(*r))
    }

    /// The letters drawn by skeleton `root` with `dots` (any order).
    pub fn letter(&self, root: u32, dots: &[u32]) -> Option<&[String]> {
        let mut key: Vec<u32> = dots.to_vec();
        key.sort_unstable();
        self.letters.get(&(root, key)).map(Vec::as_slice)
    }

    fn is_empty(&self) -> bool {
        self.skeleton.is_empty()
    }

    fn record(&mut self, skeleton: u32, dots: Vec<u32>, text: &str) {
        let key = (skeleton, dots);
        let known = self.letters.entry(key.clone()).or_default();
        if known.len() < MAX_ALTERNATIVES && !known.iter().any(|t| t == text) {
            known.push(text.to_string());
            self.found.push((key, text.to_string()));
        }
    }

    /// Every glyph mapped straight to its class root; letters keyed by roots.
    fn normalised(self) -> Self {
        let skeleton: HashMap<u32, u32> = self
            .skeleton
            .keys()
            .map(|g| (*g, find(&self.skeleton, *g)))
            .collect();
        let dot: HashMap<u32, u32> = self.dot.keys().map(|g| (*g, find(&self.dot, *g))).collect();
        let mut letters: HashMap<(u32, Vec<u32>), Vec<String>> = HashMap::new();
        // In the closure's order: the first letter found for a key comes first.
        for ((s, dots), text) in self.found {
            let root = skeleton.get(&s).copied().unwrap_or(s);
            let mut key: Vec<u32> = dots
                .iter()
                .map(|d| dot.get(d).copied().unwrap_or(*d))
                .collect();
            key.sort_unstable();
            let known = letters.entry((root, key)).or_default();
            if known.len() < MAX_ALTERNATIVES && !known.contains(&text) {
                known.push(text);
            }
        }
        Self {
            skeleton,
            dot,
            letters,
            found: Vec::new(),
        }
    }
}

/// Most letters recorded in a decomposition.
const MAX_DECOMPOSED: usize = 20_000;

/// Most lookups whose outputs are read for glyph forms.
const MAX_FORM_LOOKUPS: usize = 512;

/// Positional form of glyphs, as far as the font says: a `cmap` entry for a
/// presentation-form code point, or the output of a lookup of the `init`,
/// `medi`, `fina` or `isol` feature.
pub fn glyph_forms(font: &Font) -> HashMap<u32, Form> {
    let mut forms = HashMap::new();
    if matches!(font.kind(), Kind::Sfnt(..)) {
        for (cp, gid) in font.charmap().unicodes().take(MAX_CMAP_ENTRIES) {
            if let Some(f) = char::from_u32(cp).and_then(script::pf_form) {
                forms.insert(gid.to_u32(), f);
            }
        }
    }
    let Ok(gsub) = font.tables().gsub() else {
        return forms;
    };
    let (Ok(features), Ok(list)) = (gsub.feature_list(), gsub.lookup_list()) else {
        return forms;
    };
    let lookups = list.lookups();
    let mut seen = 0usize;
    for record in features.feature_records().iter().take(MAX_FORM_LOOKUPS) {
        let form = match &record.feature_tag().to_be_bytes() {
            b"init" => Form::Initial,
            b"medi" => Form::Medial,
            b"fina" => Form::Final,
            b"isol" => Form::Isolated,
            _ => continue,
        };
        let Ok(feature) = record.feature(features.offset_data()) else {
            continue;
        };
        for index in feature.lookup_list_indices() {
            seen += 1;
            if seen > MAX_FORM_LOOKUPS {
                return forms;
            }
            let Ok(lookup) = lookups.get(usize::from(index.get())) else {
                continue;
            };
            let Ok(subtables) = lookup.subtables() else {
                continue;
            };
            for gid in lookup_outputs(&subtables) {
                forms.entry(gid).or_insert(form);
            }
        }
    }
    forms
}

/// Most output glyphs read from one lookup for glyph forms.
const MAX_LOOKUP_OUTPUTS: usize = 70_000;

/// Glyphs a single, multiple (first glyph) or alternate substitution
/// lookup produces (at most [`MAX_LOOKUP_OUTPUTS`]).
fn lookup_outputs(subtables: &SubstitutionSubtables<'_>) -> Vec<u32> {
    let mut out = Vec::new();
    match subtables {
        SubstitutionSubtables::Single(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if out.len() >= MAX_LOOKUP_OUTPUTS {
                    break;
                }
                match sub {
                    SingleSubst::Format1(t) => {
                        let Ok(cov) = t.coverage() else { continue };
                        let delta = i32::from(t.delta_glyph_id());
                        out.extend(
                            cov.iter()
                                .map(|g| (g.to_u32() as i32 + delta).rem_euclid(65536) as u32),
                        );
                    }
                    SingleSubst::Format2(t) => {
                        out.extend(
                            t.substitute_glyph_ids()
                                .iter()
                                .map(|g| u32::from(g.get().to_u16())),
                        );
                    }
                    _ => {}
                }
            }
        }
        SubstitutionSubtables::Multiple(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if out.len() >= MAX_LOOKUP_OUTPUTS {
                    break;
                }
                if let MultipleSubst::Format1(t) = sub {
                    for seq in t.sequences().iter().flatten() {
                        if let Some(g) = seq.substitute_glyph_ids().first() {
                            out.push(u32::from(g.get().to_u16()));
                        }
                    }
                }
            }
        }
        SubstitutionSubtables::Alternate(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if out.len() >= MAX_LOOKUP_OUTPUTS {
                    break;
                }
                if let AlternateSubst::Format1(t) = sub {
                    for set in t.alternate_sets().iter().flatten() {
                        out.extend(
                            set.alternate_glyph_ids()
                                .iter()
                                .take(64)
                                .map(|g| u32::from(g.get().to_u16())),
                        );
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// Parse font program bytes (SFNT, bare CFF, Type 1).
pub fn parse_font(data: Blob) -> Option<Font> {
    Font::new(data, 0)
}

/// Glyph id → Unicode candidates from the font's own tables: `cmap`, then
/// the GSUB closure, then `post`/CFF names. Glyphs known from an earlier
/// step keep that step's answer.
pub fn font_glyph_map(font: &Font) -> HashMap<u32, Candidates> {
    font_glyph_map_with_parts(font).0
}

/// [`font_glyph_map`] and the font's letter [`Decomposition`] (empty for
/// fonts that draw each letter as one glyph).
pub fn font_glyph_map_with_parts(font: &Font) -> (HashMap<u32, Candidates>, Decomposition) {
    let mut map = cmap_reverse(font);
    let decomp = gsub_closure_with_parts(font, &mut map);
    for (gid, text) in glyph_names(font) {
        map.entry(gid)
            .or_insert_with(|| Candidates::new(text, UnicodeSource::PostName));
    }
    let decomp = if decomp.is_empty() {
        Decomposition::default()
    } else {
        decomp
    };
    (map, decomp)
}

/// The `cmap` reversed: glyph id → the characters that map to it, lowest
/// code point first. Only Unicode subtables count: a symbol (3,0) or Mac
/// Roman subtable of a PDF subset maps PDF codes, not characters.
pub fn cmap_reverse(font: &Font) -> HashMap<u32, Candidates> {
    let mut map: HashMap<u32, Candidates> = HashMap::new();
    if !matches!(font.kind(), Kind::Sfnt(..)) {
        return map;
    }
    let charmap = font.charmap();
    if !charmap.has_unicode() || charmap.unicode_is_symbol() || charmap.unicode_is_mac_roman() {
        return map;
    }
    let mut pairs: Vec<(u32, u32)> = charmap
        .unicodes()
        .take(MAX_CMAP_ENTRIES)
        .map(|(cp, gid)| (cp, gid.to_u32()))
        .collect();
    pairs.sort_unstable();
    for (cp, gid) in pairs {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let text = base_letters(c.encode_utf8(&mut [0; 4]));
        if !is_real_text(&text) {
            continue;
        }
        match map.entry(gid) {
            Entry::Occupied(mut e) => {
                e.get_mut().add(&text);
            }
            Entry::Vacant(e) => {
                e.insert(Candidates::new(text, UnicodeSource::FontCmap));
            }
        }
    }
    map
}

/// Glyph names from `post` or the CFF charset that mean a character.
pub fn glyph_names(font: &Font) -> Vec<(u32, String)> {
    font.glyph_names()
        .take(MAX_NAMED_GLYPHS)
        .filter(|(_, name)| !name.is_synthesized())
        .filter_map(|(gid, name)| Some((gid.to_u32(), name_to_unicode(name.as_str())?)))
        .collect()
}

/// Closure state: the map being extended and the remaining work budget.
struct Closure<'m> {
    map: &'m mut HashMap<u32, Candidates>,
    parts: Decomposition,
    work: usize,
    changed: bool,
}

impl Closure<'_> {
    /// Count `n` units of work (at least one); false once over budget.
    fn spend(&mut self, n: usize) -> bool {
        self.work = self.work.saturating_add(n.max(1));
        self.work <= MAX_GSUB_WORK
    }

    fn exhausted(&self) -> bool {
        self.work > MAX_GSUB_WORK
    }

    /// `output` is drawn for the text of `input`.
    fn single(&mut self, input: u32, output: u32) {
        if !self.spend(1) || input == output {
            return;
        }
        // Variants of skeletons and dots join their class.
        if self.parts.skeleton.contains_key(&input) {
            union(&mut self.parts.skeleton, input, output);
        }
        // Dots only pass their class on: a lookup that swaps one kind of
        // dot for another must not make them one class.
        if let Some(r) = self.parts.dot.get(&input).copied() {
            self.parts.dot.entry(output).or_insert(r);
        }
        let Some(texts) = self.map.get(&input).map(|c| c.texts.clone()) else {
            return;
        };
        self.extend(output, &texts);
    }

    fn extend(&mut self, output: u32, texts: &[String]) {
        match self.map.entry(output) {
            // The cmap's own answer for a glyph is final.
            Entry::Occupied(e) if e.get().source == UnicodeSource::FontCmap => {}
            Entry::Occupied(mut e) => {
                for t in texts {
                    self.changed |= e.get_mut().add(t);
                }
            }
            Entry::Vacant(e) => {
                let mut it = texts.iter();
                if let Some(first) = it.next() {
                    let mut c = Candidates::new(first.clone(), UnicodeSource::Gsub);
                    for t in it {
                        c.add(t);
                    }
                    e.insert(c);
                    self.changed = true;
                }
            }
        }
    }

    /// `outputs` are drawn for the text of `input` (a decomposition): the
    /// first carries the text, the others (marks, dots) carry none.
    fn multiple(&mut self, input: u32, outputs: &[u32]) {
        if !self.spend(outputs.len()) {
            return;
        }
        let Some((first, rest)) = outputs.split_first() else {
            return;
        };
        // All the letters the input glyph may stand for (`ي`/`ی` share forms).
        let texts: Vec<String> = self
            .map
            .get(&input)
            .map(|c| c.texts.clone())
            .unwrap_or_default();
        if outputs.len() == 1 {
            // A letter drawn as a bare skeleton (`ح` → the skeleton `ج` shares).
            if self.parts.letters.len() < MAX_DECOMPOSED {
                for t in texts.iter().filter(|t| !t.is_empty()) {
                    self.parts.record(*first, Vec::new(), t);
                }
            }
            self.single(input, *first);
            return;
        }
        if texts.is_empty() {
            return;
        }
        if self.parts.letters.len() < MAX_DECOMPOSED && texts.iter().any(|t| !t.is_empty()) {
            self.parts.skeleton.entry(*first).or_insert(*first);
            let mut dots: Vec<u32> = rest.iter().copied().filter(|g| g != first).collect();
            for d in &dots {
                self.parts.dot.entry(*d).or_insert(*d);
            }
            dots.sort_unstable();
            for t in texts.iter().filter(|t| !t.is_empty()) {
                self.parts.record(*first, dots.clone(), t);
            }
        }
        self.single(input, *first);
        for g in rest {
            if let Entry::Vacant(e) = self.map.entry(*g) {
                e.insert(Candidates::new(String::new(), UnicodeSource::Gsub));
                self.changed = true;
            }
        }
    }

    /// `lig` is drawn for the components in order.
    fn ligature(&mut self, components: &[u32], lig: u32) {
        if !self.spend(components.len()) {
            return;
        }
        let mut text = String::new();
        for g in components {
            match self.map.get(g).and_then(|c| c.texts.first()) {
                Some(t) => text.push_str(t),
                None => return,
            }
        }
        if text.is_empty() || text.chars().count() > MAX_TEXT_CHARS {
            return;
        }
        self.extend(lig, &[text]);
    }
}

/// GSUB closure: from every glyph already known, follow all single,
/// multiple, alternate, ligature and reverse-chaining substitutions of the
/// font (whatever feature uses them: `init`, `medi`, `fina`, `isol`, `rlig`,
/// `liga`, `calt`, and the lookups that contextual lookups call) and give
/// each output glyph the text of its input glyph(s).
pub fn gsub_closure(font: &Font, map: &mut HashMap<u32, Candidates>) {
    gsub_closure_with_parts(font, map);
}

/// [`gsub_closure`], also returning the letters the font decomposes into a
/// skeleton and dots.
pub fn gsub_closure_with_parts(font: &Font, map: &mut HashMap<u32, Candidates>) -> Decomposition {
    let Ok(gsub) = font.tables().gsub() else {
        return Decomposition::default();
    };
    let Ok(list) = gsub.lookup_list() else {
        return Decomposition::default();
    };
    let lookups = list.lookups();
    let mut closure = Closure {
        map,
        parts: Decomposition::default(),
        work: 0,
        changed: false,
    };
    for _ in 0..MAX_GSUB_PASSES {
        closure.changed = false;
        for lookup in lookups.iter().take(MAX_LOOKUPS).flatten() {
            let Ok(subtables) = lookup.subtables() else {
                continue;
            };
            apply_subtables(&mut closure, &subtables);
            if closure.work > MAX_GSUB_WORK {
                return closure.parts.normalised();
            }
        }
        if !closure.changed {
            break;
        }
    }
    closure.parts.normalised()
}

/// Union-find over glyph classes: `parent` maps a glyph to a glyph of its
/// class; a root maps to itself.
fn find(parent: &HashMap<u32, u32>, g: u32) -> u32 {
    let mut x = g;
    // Bounded: a malformed chain cannot loop forever.
    for _ in 0..64 {
        match parent.get(&x) {
            Some(p) if *p != x => x = *p,
            _ => break,
        }
    }
    x
}

/// Put `b` in the class of `a`.
fn union(parent: &mut HashMap<u32, u32>, a: u32, b: u32) {
    let ra = find(parent, a);
    let rb = if parent.contains_key(&b) {
        find(parent, b)
    } else {
        b
    };
    if ra != rb {
        parent.insert(rb, ra);
    }
    parent.entry(b).or_insert(ra);
}

fn apply_subtables(c: &mut Closure<'_>, subtables: &SubstitutionSubtables<'_>) {
    match subtables {
        SubstitutionSubtables::Single(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if c.exhausted() {
                    return;
                }
                match sub {
                    SingleSubst::Format1(t) => {
                        let Ok(cov) = t.coverage() else { continue };
                        let delta = i32::from(t.delta_glyph_id());
                        for g in cov.iter() {
                            let out = (g.to_u32() as i32 + delta).rem_euclid(65536) as u32;
                            c.single(g.to_u32(), out);
                        }
                    }
                    SingleSubst::Format2(t) => {
                        let Ok(cov) = t.coverage() else { continue };
                        for (g, out) in cov.iter().zip(t.substitute_glyph_ids()) {
                            c.single(g.to_u32(), u32::from(out.get().to_u16()));
                        }
                    }
                    _ => {}
                }
            }
        }
        SubstitutionSubtables::Multiple(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if c.exhausted() {
                    return;
                }
                let MultipleSubst::Format1(t) = sub else {
                    continue;
                };
                let Ok(cov) = t.coverage() else { continue };
                for (g, seq) in cov.iter().zip(t.sequences().iter()) {
                    let Ok(seq) = seq else { continue };
                    let outs: Vec<u32> = seq
                        .substitute_glyph_ids()
                        .iter()
                        .take(MAX_TEXT_CHARS * 2)
                        .map(|o| u32::from(o.get().to_u16()))
                        .collect();
                    c.multiple(g.to_u32(), &outs);
                }
            }
        }
        SubstitutionSubtables::Alternate(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if c.exhausted() {
                    return;
                }
                let AlternateSubst::Format1(t) = sub else {
                    continue;
                };
                let Ok(cov) = t.coverage() else { continue };
                for (g, set) in cov.iter().zip(t.alternate_sets().iter()) {
                    let Ok(set) = set else { continue };
                    for out in set.alternate_glyph_ids().iter().take(64) {
                        c.single(g.to_u32(), u32::from(out.get().to_u16()));
                    }
                }
            }
        }
        SubstitutionSubtables::Ligature(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if c.exhausted() {
                    return;
                }
                let LigatureSubst::Format1(t) = sub else {
                    continue;
                };
                let Ok(cov) = t.coverage() else { continue };
                for (g, set) in cov.iter().zip(t.ligature_sets().iter()) {
                    let Ok(set) = set else { continue };
                    for lig in set.ligatures().iter().take(256).flatten() {
                        let mut comps = vec![g.to_u32()];
                        comps.extend(
                            lig.component_glyph_ids()
                                .iter()
                                .take(MAX_TEXT_CHARS)
                                .map(|o| u32::from(o.get().to_u16())),
                        );
                        c.ligature(&comps, u32::from(lig.ligature_glyph().to_u16()));
                    }
                }
            }
        }
        SubstitutionSubtables::Reverse(subs) => {
            for sub in subs.iter().take(MAX_SUBTABLES).flatten() {
                if c.exhausted() {
                    return;
                }
                let ReverseChainSingleSubst::Format1(t) = sub else {
                    continue;
                };
                let Ok(cov) = t.coverage() else { continue };
                for (g, out) in cov.iter().zip(t.substitute_glyph_ids()) {
                    c.single(g.to_u32(), u32::from(out.get().to_u16()));
                }
            }
        }
        // Contextual lookups only call other lookups of the list, which the
        // closure visits on their own.
        SubstitutionSubtables::Contextual(_)
        | SubstitutionSubtables::ChainContextual(_)
        | SubstitutionSubtables::EmptyExtension => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::Path;

    /// A system font for tests, or `None` (with a note) when not installed.
    pub(crate) fn system_font(rel: &str) -> Option<Vec<u8>> {
        for dir in ["/usr/share/fonts/truetype", "/usr/share/fonts/opentype"] {
            let p = Path::new(dir).join(rel);
            if let Ok(d) = std::fs::read(&p) {
                return Some(d);
            }
        }
        eprintln!("skipping: {rel} not installed (run tools/setup_fonts.sh)");
        None
    }

    pub(crate) fn gid_by_name(font: &Font, name: &str) -> u32 {
        font.glyph_by_name(name).map_or(0, |g| g.to_u32())
    }

    pub(crate) fn gid_of_char(font: &Font, c: char) -> u32 {
        font.charmap().map_unicode(c).map_or(0, |g| g.to_u32())
    }

    #[test]
    fn noto_naskh_map() {
        let Some(data) = system_font("noto/NotoNaskhArabic-Regular.ttf") else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let map = font_glyph_map(&font);
        let text = |gid: u32| {
            assert_ne!(gid, 0, "glyph not in font");
            map.get(&gid)
                .and_then(|c| c.texts.first().cloned())
                .unwrap_or_default()
        };
        let beh = gid_of_char(&font, 'ب');
        assert_eq!(text(beh), "ب");
        assert_eq!(
            map.get(&beh).map(|c| c.source),
            Some(UnicodeSource::FontCmap)
        );
        // Presentation-form cmap entries are mapped back to base letters.
        assert_eq!(text(gid_of_char(&font, '\u{FE91}')), "ب");
        assert_eq!(text(gid_of_char(&font, '\u{FEFB}')), "لا");
        assert_eq!(text(gid_of_char(&font, '١')), "١");
        assert_eq!(text(gid_of_char(&font, '1')), "1");
        // A form reached only through GSUB.
        let g = gid_by_name(&font, "uni06A0.init");
        assert_eq!(text(g), "ڠ");
        assert_eq!(map.get(&g).map(|c| c.source), Some(UnicodeSource::Gsub));
    }

    /// A subset-like font: only the base letters in the cmap, as PDF
    /// producers leave it. The closure must find the contextual forms and
    /// the lam-alef ligature.
    #[test]
    fn gsub_closure_from_base_letters() {
        let Some(data) = system_font("noto/NotoSansArabic-Regular.ttf") else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let mut map = cmap_reverse(&font);
        let presentation: Vec<u32> = font
            .charmap()
            .unicodes()
            .filter(|(cp, _)| *cp >= 0xFB50)
            .map(|(_, g)| g.to_u32())
            .collect();
        map.retain(|g, _| !presentation.contains(g));
        gsub_closure(&font, &mut map);
        let text = |c: char| {
            let gid = gid_of_char(&font, c);
            assert_ne!(gid, 0);
            let entry = map.get(&gid);
            assert_eq!(entry.map(|e| e.source), Some(UnicodeSource::Gsub), "{c}");
            entry
                .and_then(|e| e.texts.first().cloned())
                .unwrap_or_default()
        };
        assert_eq!(text('\u{FE91}'), "ب"); // beh initial
        assert_eq!(text('\u{FE92}'), "ب"); // beh medial
        assert_eq!(text('\u{FEEA}'), "ه"); // heh final
        assert_eq!(text('\u{FEFB}'), "لا"); // lam-alef isolated
        assert_eq!(text('\u{FEFC}'), "لا"); // lam-alef final
    }

    /// Noto Nastaliq Urdu draws letters as a dotless skeleton plus dot
    /// glyphs; the closure learns which skeleton + dots make which letter.
    #[test]
    fn nastaliq_decomposition() {
        let Some(data) = system_font("noto/NotoNastaliqUrdu-Regular.ttf") else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let (_, parts) = font_glyph_map_with_parts(&font);
        let part = |name: &str| parts.part(gid_by_name(&font, name));
        let Some(Part::Skeleton(behx)) = part("BehxIni") else {
            panic!("BehxIni is not a skeleton: {:?}", part("BehxIni"));
        };
        let Some(Part::Dot(below)) = part("OneDotBelowNS") else {
            panic!("OneDotBelowNS is not a dot");
        };
        let Some(Part::Dot(two_above)) = part("TwoDotsAboveNS") else {
            panic!("TwoDotsAboveNS is not a dot");
        };
        let first = |l: Option<&[String]>| l.and_then(|l| l.first().cloned());
        assert_eq!(first(parts.letter(behx, &[below])).as_deref(), Some("ب"));
        assert_eq!(
            first(parts.letter(behx, &[two_above])).as_deref(),
            Some("ت")
        );
        let Some(Part::Skeleton(hah)) = part("HahIni") else {
            panic!("HahIni is not a skeleton");
        };
        assert_eq!(first(parts.letter(hah, &[])).as_deref(), Some("ح"));
        assert_eq!(first(parts.letter(hah, &[below])).as_deref(), Some("ج"));
        // A contextual variant of a skeleton keeps its root.
        assert_eq!(part("BehxIni.outD2D"), Some(Part::Skeleton(behx)));
    }

    #[test]
    fn forms_from_cmap_and_gsub() {
        let Some(data) = system_font("noto/NotoSansArabic-Regular.ttf") else {
            return;
        };
        let Some(font) = parse_font(Blob::from(data)) else {
            panic!("font does not parse");
        };
        let forms = glyph_forms(&font);
        assert_eq!(
            forms.get(&gid_of_char(&font, '\u{FE91}')),
            Some(&Form::Initial)
        );
        assert_eq!(
            forms.get(&gid_of_char(&font, '\u{FEEA}')),
            Some(&Form::Final)
        );
        // Reached only through the `medi` feature.
        assert_eq!(
            forms.get(&gid_by_name(&font, "uni06A0.medi")),
            Some(&Form::Medial)
        );
        assert_eq!(forms.get(&gid_of_char(&font, 'ب')), None);
    }
}
