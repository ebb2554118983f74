//! What the PDF font dictionaries say, gathered once per page from its
//! resources: whether a font has a ToUnicode CMap, its /Differences glyph
//! names, its flags. `resolve` only sees glyphs, so these are keyed by a hash
//! of the decoded font program, which both sides can compute.

use foldhash::{HashMap, HashMapExt};
use std::hash::BuildHasher;

use hayro_syntax::object::{Array, Dict, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Resources;

/// Deepest nesting of form XObjects / Type 3 resources visited.
const MAX_DEPTH: usize = 4;
/// Most resource dictionaries visited per page.
const MAX_RESOURCES: usize = 256;
/// Most font dictionaries visited per page.
const MAX_FONTS: usize = 512;
/// Most entries read from one /Differences array.
const MAX_DIFFERENCES: usize = 1024;

/// What a font dictionary says about Unicode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DictInfo {
    /// The dictionary (or its Type0 parent) has a /ToUnicode entry.
    pub has_to_unicode: bool,
    /// A simple font (one-byte codes; the interpreter derives Unicode from
    /// the encoding when there is no ToUnicode).
    pub simple: bool,
    /// The font program is a Type 1 font (/FontFile) or is not embedded:
    /// its encoding names are as reliable as they get.
    pub type1_or_standard: bool,
    /// /Flags has the Nonsymbolic bit and not the Symbolic bit.
    pub nonsymbolic: bool,
    /// Code → glyph name from /Encoding /Differences.
    pub differences: HashMap<u8, String>,
    /// The ToUnicode CMap is mostly garbage (Private Use Area, control
    /// characters, U+FFFD) or maps everything to one code point.
    pub to_unicode_bad: bool,
    /// The BaseFont has a subset prefix (`ABCDEF+`): the program holds only
    /// the glyphs the document uses.
    pub subset: bool,
}

impl DictInfo {
    /// Merge another dictionary using the same program: be conservative
    /// about ToUnicode, keep all names.
    fn merge(&mut self, other: DictInfo) {
        self.has_to_unicode &= other.has_to_unicode;
        self.to_unicode_bad |= other.to_unicode_bad;
        self.simple |= other.simple;
        self.nonsymbolic &= other.nonsymbolic;
        self.subset &= other.subset;
        for (k, v) in other.differences {
            self.differences.entry(k).or_insert(v);
        }
    }
}

/// Font dictionaries of a document, keyed by program hash.
#[derive(Default)]
pub struct DictRegistry {
    /// Program hash → merged info.
    pub by_program: HashMap<u64, DictInfo>,
    /// Dictionaries without an embedded program, by BaseFont (subset prefix removed).
    pub by_name: HashMap<String, DictInfo>,
    /// Program stream → its hash (decode each stream once per document).
    stream_hashes: HashMap<ObjectIdentifier, Option<u64>>,
    /// Font dictionaries already registered (by object id).
    seen_dicts: HashMap<ObjectIdentifier, ()>,
    /// Seeds [`DictRegistry::program_hash`] (randomly, once per document).
    hasher: foldhash::quality::RandomState,
}

impl DictRegistry {
    /// Hash of decoded font program bytes (the key shared with `resolve`).
    pub fn program_hash(&self, data: &[u8]) -> u64 {
        self.hasher.hash_one(data)
    }

    /// Register the fonts reachable from `resources` (fonts, form XObjects
    /// and Type 3 font resources, nested up to a small depth).
    pub fn register(&mut self, resources: &Resources<'_>) {
        let mut budget = Budget {
            resources: 0,
            fonts: 0,
        };
        self.walk(resources, 0, &mut budget);
    }

    fn walk(&mut self, resources: &Resources<'_>, depth: usize, budget: &mut Budget) {
        budget.resources += 1;
        if depth > MAX_DEPTH || budget.resources > MAX_RESOURCES {
            return;
        }
        let keys: Vec<Name<'_>> = resources.fonts.keys().collect();
        for key in keys {
            budget.fonts += 1;
            if budget.fonts > MAX_FONTS {
                return;
            }
            let Some(dict) = resources.fonts.get::<Dict<'_>>(key.as_ref()) else {
                continue;
            };
            if let Some(id) = dict.obj_id()
                && self.seen_dicts.insert(id, ()).is_some()
            {
                continue;
            }
            self.register_font(&dict);
            if let Some(res) = dict.get::<Dict<'_>>(b"Resources".as_ref()) {
                self.walk(&Resources::new(res), depth + 1, budget);
            }
        }
        let keys: Vec<Name<'_>> = resources.x_objects.keys().collect();
        for key in keys {
            let Some(stream) = resources.x_objects.get::<Stream<'_>>(key.as_ref()) else {
                continue;
            };
            let is_form = stream
                .dict()
                .get::<Name<'_>>(b"Subtype".as_ref())
                .is_some_and(|n| n.as_str() == "Form");
            if !is_form {
                continue;
            }
            if let Some(res) = stream.dict().get::<Dict<'_>>(b"Resources".as_ref()) {
                self.walk(&Resources::new(res), depth + 1, budget);
            }
        }
    }

    fn register_font(&mut self, dict: &Dict<'_>) {
        let subtype = dict
            .get::<Name<'_>>(b"Subtype".as_ref())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let has_to_unicode = dict.contains_key(b"ToUnicode");
        // Handed over like the font program: hayro-font decodes the same
        // ToUnicode stream when it loads the font.
        let to_unicode_bad = dict
            .get::<Stream<'_>>(b"ToUnicode".as_ref())
            .and_then(|s| s.decoded_handed_over(cmap_is_bad))
            .unwrap_or(false);
        let (descriptor, simple) = if subtype == "Type0" {
            let desc = dict
                .get::<Array<'_>>(b"DescendantFonts".as_ref())
                .and_then(|a| a.iter::<Dict<'_>>().next());
            (
                desc.and_then(|d| d.get::<Dict<'_>>(b"FontDescriptor".as_ref())),
                false,
            )
        } else {
            (dict.get::<Dict<'_>>(b"FontDescriptor".as_ref()), true)
        };
        let flags = descriptor
            .as_ref()
            .and_then(|d| d.get::<u32>(b"Flags".as_ref()))
            .unwrap_or(0);
        let program = descriptor.as_ref().and_then(|d| {
            [
                b"FontFile2".as_ref(),
                b"FontFile3".as_ref(),
                b"FontFile".as_ref(),
            ]
            .into_iter()
            .find_map(|k| d.get::<Stream<'_>>(k).map(|s| (k, s)))
        });
        let base_font = dict
            .get::<Name<'_>>(b"BaseFont".as_ref())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let info = DictInfo {
            subset: strip_subset_prefix(&base_font).len() < base_font.len(),
            has_to_unicode,
            to_unicode_bad,
            simple,
            type1_or_standard: program.as_ref().is_none_or(|(k, _)| *k == b"FontFile"),
            nonsymbolic: flags & 32 != 0 && flags & 4 == 0,
            differences: if simple {
                differences(dict)
            } else {
                HashMap::new()
            },
        };
        match program {
            Some((_, stream)) => {
                let id = stream.obj_id();
                // The decoded program is handed over to the font loader,
                // which would otherwise decode it once more.
                let hash = match self.stream_hashes.get(&id) {
                    Some(h) => *h,
                    None => {
                        let h = stream.decoded_handed_over(|d| self.program_hash(d));
                        self.stream_hashes.insert(id, h);
                        h
                    }
                };
                if let Some(h) = hash {
                    match self.by_program.get_mut(&h) {
                        Some(existing) => existing.merge(info),
                        None => {
                            self.by_program.insert(h, info);
                        }
                    }
                }
            }
            None => {
                let name = strip_subset_prefix(&base_font).to_string();
                match self.by_name.get_mut(&name) {
                    Some(existing) => existing.merge(info),
                    None => {
                        self.by_name.insert(name, info);
                    }
                }
            }
        }
    }
}

struct Budget {
    resources: usize,
    fonts: usize,
}

/// `ABCDEF+Name` → `Name`.
pub fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Most bytes of a ToUnicode CMap scanned.
const MAX_CMAP_BYTES: usize = 1 << 20;

/// Whether a ToUnicode CMap's targets are mostly garbage (PUA, control
/// characters, U+FFFD) or all one code point. Scans `bfchar` pairs and
/// `bfrange` triples (array targets are skipped).
pub fn cmap_is_bad(data: &[u8]) -> bool {
    let data = data.get(..MAX_CMAP_BYTES).unwrap_or(data);
    let text = String::from_utf8_lossy(data);
    // The targets are tallied as they are decoded (into one reused buffer),
    // not collected: a CMap has thousands, each had been three allocations.
    let mut targets = Targets::default();
    for (section, group) in [("bfchar", 2), ("bfrange", 3)] {
        let begin = format!("begin{section}");
        let end = format!("end{section}");
        let mut rest: &str = &text;
        while let Some(start) = rest.find(&begin) {
            let after = rest.get(start + begin.len()..).unwrap_or_default();
            let stop = after.find(&end).unwrap_or(after.len());
            let body = after.get(..stop).unwrap_or_default();
            collect_targets(body, group, &mut targets);
            rest = after.get(stop..).unwrap_or_default();
        }
    }
    if targets.len == 0 {
        return false;
    }
    let all_same = targets.len >= 8 && targets.all_same;
    targets.garbage * 2 > targets.len || all_same
}

/// Running tally of a CMap's targets for [`cmap_is_bad`].
struct Targets {
    /// Targets seen.
    len: usize,
    /// Non-empty targets that are not real text and not all NUL.
    garbage: usize,
    /// The first target.
    first: Option<String>,
    /// Every target so far equals the first.
    all_same: bool,
    /// Decoding buffers, reused.
    units: Vec<u16>,
    text: String,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            len: 0,
            garbage: 0,
            first: None,
            all_same: true,
            units: Vec::new(),
            text: String::new(),
        }
    }
}

impl Targets {
    /// Count one target given as a hex string of UTF-16BE code units.
    fn push_hex(&mut self, hex: &str) {
        utf16_hex(hex, &mut self.units, &mut self.text);
        let t = self.text.as_str();
        if !t.is_empty() && !super::text::is_real_text(t) && !t.chars().all(|c| c == '\0') {
            self.garbage += 1;
        }
        match &self.first {
            Some(first) => self.all_same &= first == t,
            None => self.first = Some(t.to_string()),
        }
        self.len += 1;
    }
}

/// Targets (every `group`-th hex string, skipping array targets) of one
/// bfchar/bfrange section body.
fn collect_targets(body: &str, group: usize, out: &mut Targets) {
    let mut index = 0usize;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                let tail = body.get(i + 1..).unwrap_or_default();
                let Some(len) = tail.find('>') else { return };
                index += 1;
                if index.is_multiple_of(group) {
                    out.push_hex(tail.get(..len).unwrap_or_default());
                }
                for _ in 0..len {
                    chars.next();
                }
            }
            '[' => {
                // An array of targets counts as one target position.
                let tail = body.get(i + 1..).unwrap_or_default();
                let len = tail.find(']').unwrap_or(tail.len());
                index += 1;
                for _ in 0..len {
                    chars.next();
                }
            }
            _ => {}
        }
        if out.len > 100_000 {
            return;
        }
    }
}

/// Decode a hex string of UTF-16BE code units into `out` (lossily: an
/// unpaired surrogate becomes U+FFFD). Non-hex characters are skipped and
/// an incomplete last unit is dropped.
fn utf16_hex(hex: &str, units: &mut Vec<u16>, out: &mut String) {
    units.clear();
    let mut unit = 0u16;
    let mut digits = 0;
    for b in hex.bytes() {
        let Some(d) = (b as char).to_digit(16) else {
            continue;
        };
        unit = (unit << 4) | d as u16;
        digits += 1;
        if digits == 4 {
            units.push(unit);
            unit = 0;
            digits = 0;
        }
    }
    out.clear();
    out.extend(
        char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
    );
}

/// /Encoding /Differences of a simple font.
fn differences(dict: &Dict<'_>) -> HashMap<u8, String> {
    let mut map = HashMap::new();
    let Some(enc) = dict.get::<Dict<'_>>(b"Encoding".as_ref()) else {
        return map;
    };
    let Some(diffs) = enc.get::<Array<'_>>(b"Differences".as_ref()) else {
        return map;
    };
    let mut code: i64 = 0;
    for obj in diffs.iter::<Object<'_>>().take(MAX_DIFFERENCES) {
        match obj {
            Object::Number(n) => code = n.as_i64(),
            Object::Name(name) => {
                if let Ok(c) = u8::try_from(code) {
                    map.insert(c, name.as_str().to_string());
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::{cmap_is_bad, strip_subset_prefix};

    #[test]
    fn bad_cmaps() {
        let good = b"2 beginbfchar\n<0003> <0628>\n<0004> <06440627>\nendbfchar\n\
                     1 beginbfrange\n<0010> <0012> <0660>\nendbfrange";
        assert!(!cmap_is_bad(good));
        let pua = b"3 beginbfchar\n<0003> <E003>\n<0004> <E004>\n<0005> <0628>\nendbfchar";
        assert!(cmap_is_bad(pua));
        let plane15 = b"2 beginbfchar\n<1903> <DB80DD03>\n<1904> <DB80DD04>\nendbfchar";
        assert!(cmap_is_bad(plane15));
        let same: Vec<u8> = std::iter::once("9 beginbfchar\n".to_string())
            .chain((0..9).map(|i| format!("<{i:04X}> <0020>\n")))
            .chain(std::iter::once("endbfchar".to_string()))
            .collect::<String>()
            .into_bytes();
        assert!(cmap_is_bad(&same));
        let arrays =
            b"1 beginbfrange\n<0001> <0002> [<E001> <E002>]\n<0005> <0006> <0628>\nendbfrange";
        assert!(!cmap_is_bad(arrays));
    }

    #[test]
    fn subset_prefix() {
        assert_eq!(strip_subset_prefix("ABCDEF+Amiri-Regular"), "Amiri-Regular");
        assert_eq!(strip_subset_prefix("Amiri-Regular"), "Amiri-Regular");
        assert_eq!(strip_subset_prefix("abc+X"), "abc+X");
    }
}
