//! Shaping form of a drawn glyph from the font itself: a `cmap` entry for a
//! presentation-form code point, or its name (`post` table or CFF charset:
//! `uniFEEA`, `heh.fina`, `behInitial`, `alef-ar.fina`).
//!
//! Layout needs the form to keep words together (an initial or medial glyph
//! joins the next letter) and to find Persian/Urdu ZWNJs that the producer
//! left out of the text layer (a final form followed by more letters).

use foldhash::{HashMap, HashMapExt};

use read_fonts::FontRef;
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
    let lower = name.to_ascii_lowercase();
    // Suffixes after a dot, underscore or dash, or CamelCase words.
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
    let parts: Vec<&str> = lower.split(['.', '_', '-']).skip(1).collect();
    for part in parts.iter().rev() {
        if let Some((_, f)) = TAGS.iter().find(|(t, _)| part == t) {
            return Some(*f);
        }
    }
    for (tag, f) in TAGS.iter().skip(4) {
        let camel = format!("{}{}", &tag[..1].to_ascii_uppercase(), &tag[1..]);
        if name.ends_with(&camel) && name.len() > camel.len() {
            return Some(*f);
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
    if names.source() != skrifa::GlyphNameSource::Synthesized {
        // Bounded by the font's glyph count (u16).
        for gid in 0..names.num_glyphs().min(65_536) {
            if let Some(name) = names.get(GlyphId::new(gid))
                && let Some(f) = form_from_name(name.as_str())
            {
                map.entry(gid).or_insert(f);
            }
        }
    }
    (!map.is_empty()).then_some(map)
}
