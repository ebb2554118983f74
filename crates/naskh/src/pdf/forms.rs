//! Shaping form of a drawn glyph from the font itself: a `cmap` entry for a
//! presentation-form code point, or its name (`post` table or CFF charset:
//! `uniFEEA`, `heh.fina`, `behInitial`, `alef-ar.fina`).
//!
//! Layout needs the form to keep words together (an initial or medial glyph
//! joins the next letter) and to find Persian/Urdu ZWNJs that the producer
//! left out of the text layer (a final form followed by more letters).

use foldhash::{HashMap, HashMapExt};

use read_fonts::{FontRef, TableProvider as _};
use skrifa::{GlyphId, GlyphNames, MetadataProvider as _};

use crate::script::{self, Form};

/// Form of a glyph named `name`, if the name says it.
///
/// ```
/// use naskh::pdf::forms::form_from_name;
/// use naskh::script::Form;
/// assert_eq!(form_from_name("uniFEEA"), Some(Form::Final));
/// assert_eq!(form_from_name("beh.init"), Some(Form::Initial));
/// assert_eq!(form_from_name("behMedial"), Some(Form::Medial));
/// assert_eq!(form_from_name("alef-ar.fina"), Some(Form::Final));
/// assert_eq!(form_from_name("glyph00012"), None);
/// ```
pub fn form_from_name(name: &str) -> Option<Form> {
    let hex = name
        .strip_prefix("uni")
        .or_else(|| name.strip_prefix('u'))
        .map(|h| {
            h.get(..h.find(|c: char| !c.is_ascii_hexdigit()).unwrap_or(h.len()))
                .unwrap_or("")
        });
    if let Some(h) = hex
        && (4..=6).contains(&h.len())
        && let Some(c) = u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
        && let Some(f) = script::pf_form(c)
    {
        return Some(f);
    }
    // Suffixes after a dot, underscore or dash (any case; the last one that
    // is a tag counts), or CamelCase words. Compared in place: no lowercased
    // copy or list of parts per name.
    const TAGS: [(&str, Form); 8] = [
        ("init", Form::Initial),
        ("medi", Form::Medial),
        ("fina", Form::Final),
        ("isol", Form::Isolated),
        ("initial", Form::Initial),
        ("medial", Form::Medial),
        ("final", Form::Final),
        ("isolated", Form::Isolated),
    ];
    let mut suffix = None;
    for part in name.split(['.', '_', '-']).skip(1) {
        if let Some((_, f)) = TAGS.iter().find(|(t, _)| part.eq_ignore_ascii_case(t)) {
            suffix = Some(*f);
        }
    }
    if suffix.is_some() {
        return suffix;
    }
    const CAMEL: [(&str, Form); 4] = [
        ("Initial", Form::Initial),
        ("Medial", Form::Medial),
        ("Final", Form::Final),
        ("Isolated", Form::Isolated),
    ];
    for (camel, f) in CAMEL {
        if name.ends_with(camel) && name.len() > camel.len() {
            return Some(f);
        }
    }
    None
}

/// Per-font cache of glyph forms, keyed by the font program's cache key.
#[derive(Default)]
pub(crate) struct FormCache {
    fonts: HashMap<u128, Option<HashMap<u32, Form>>>,
}

impl FormCache {
    /// Form of glyph `gid` of the font `data` (TrueType/OpenType bytes).
    pub fn form(&mut self, key: u128, data: &[u8], gid: u32) -> Option<Form> {
        let forms = self.fonts.entry(key).or_insert_with(|| forms_of(data));
        forms.as_ref()?.get(&gid).copied()
    }
}

/// All named forms of a font; `None` when it has no real glyph names.
fn forms_of(data: &[u8]) -> Option<HashMap<u32, Form>> {
    let font = FontRef::new(data).ok()?;
    let mut map = HashMap::new();
    // A cmap entry for a presentation-form code point names the glyph's form
    // (fonts keep these even when the subsetter dropped glyph names).
    for (cp, gid) in font.charmap().mappings() {
        if let Some(f) = char::from_u32(cp).and_then(script::pf_form) {
            map.insert(gid.to_u32(), f);
        }
    }
    let names = GlyphNames::new(&font);
    // Bounded by the font's glyph count (u16).
    let num_glyphs = names.num_glyphs().min(65_536);
    match names.source() {
        skrifa::GlyphNameSource::Post => {
            // The `post` names in one pass: `GlyphNames::get` looks each
            // name up from the start of the table's string data (quadratic
            // per font). The iterator yields the same names, skipping the
            // unreadable ones, which `get` replaces by a synthesized
            // `gidN` (no form); names are taken as `get` gives them, cut
            // to its 63 bytes (and nothing if the cut splits a character).
            let Ok(post) = font.post() else {
                return (!map.is_empty()).then_some(map);
            };
            for (gid, name) in post.glyph_names() {
                let gid = gid.to_u32();
                if gid >= num_glyphs {
                    break;
                }
                let bytes = name.as_bytes();
                let name = std::str::from_utf8(&bytes[..bytes.len().min(MAX_GLYPH_NAME_LEN)])
                    .unwrap_or_default();
                if let Some(f) = form_from_name(name) {
                    map.entry(gid).or_insert(f);
                }
            }
        }
        skrifa::GlyphNameSource::Cff => {
            for gid in 0..num_glyphs {
                if let Some(name) = names.get(GlyphId::new(gid))
                    && let Some(f) = form_from_name(name.as_str())
                {
                    map.entry(gid).or_insert(f);
                }
            }
        }
        skrifa::GlyphNameSource::Synthesized => {}
    }
    (!map.is_empty()).then_some(map)
}

/// Longest glyph name skrifa's `GlyphName` holds (longer ones are cut).
const MAX_GLYPH_NAME_LEN: usize = 63;
