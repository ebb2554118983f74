//! Glyph name → Unicode (chain steps 2 and 5).
//!
//! Handles the Adobe Glyph List (including `afii57xxx`), `uniXXXX[XXXX…]`,
//! `uXXXX[XX]`, variant suffixes (`.init`, `.fina`, `.alt`, `.ss01`…),
//! ligatures joined with `_` (`lam_alef`) and the Arabic naming schemes of
//! common fonts (`behInitial`, `alef-ar.fina`, `tehmarbutaisolated`).

use super::names_table::{AGL, ARABIC};
use super::text::{base_letters, is_real_text};

/// Longest glyph name considered; anything longer is not a name we can parse.
const MAX_NAME_LEN: usize = 128;
/// Most `_`-joined components in one ligature name.
const MAX_COMPONENTS: usize = 8;

/// Unicode text for a glyph name, in logical order with presentation forms
/// replaced by base letters; `None` when the name means nothing we know
/// (`.notdef`, `g123`, `glyph45`, PUA targets…).
pub fn name_to_unicode(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > MAX_NAME_LEN || name.starts_with('.') {
        return None;
    }
    // A suffix after the first dot is a variant tag; it may still carry a
    // script hint for digits (`zero.ar`, `four.urdu`).
    let (stem, suffix) = name.split_once('.').unwrap_or((name, ""));
    if stem.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut count = 0;
    for part in stem.split('_') {
        count += 1;
        if count > MAX_COMPONENTS || part.is_empty() {
            return None;
        }
        out.push_str(&component(part)?);
    }
    let _ = suffix;
    let out = digit_script(out, &name.to_ascii_lowercase());
    let out = base_letters(&out);
    is_real_text(&out).then_some(out)
}

/// One ligature component.
fn component(part: &str) -> Option<String> {
    if let Some(s) = agl(part) {
        // `alef`, `kaf`: the AGL's Hebrew letters; in an Arabic-script
        // document the Arabic letter of the same name is meant.
        let hebrew = s.chars().all(|c| ('\u{0590}'..='\u{05FF}').contains(&c));
        if !hebrew {
            return Some(s.to_string());
        }
        if let Some(a) = arabic_table(part) {
            return Some(a.to_string());
        }
        return Some(s.to_string());
    }
    if let Some(s) = uni_name(part) {
        return Some(s);
    }
    if let Some(s) = u_name(part) {
        return Some(s);
    }
    if let Some(s) = arabic_scheme(part) {
        return Some(s);
    }
    // `zero-ar`, `comma-ar`: a script tag after a hyphen.
    let (head, _) = part.split_once('-')?;
    agl(head).map(str::to_string)
}

fn agl(name: &str) -> Option<&'static str> {
    AGL.get(name)
}

fn arabic_table(name: &str) -> Option<&'static str> {
    ARABIC.get(name)
}

/// A sorted name → text table laid out without pointers (generated in
/// `names_table.rs`): entry `i` is `names[name_ends[i - 1]..name_ends[i]]` →
/// `texts[text_ends[i - 1]..text_ends[i]]`. A `&[(&str, &str)]` would cost
/// two relocations per entry in every process before `main` runs.
pub(super) struct NameTable {
    pub names: &'static str,
    pub name_ends: &'static [u32],
    pub texts: &'static str,
    pub text_ends: &'static [u32],
}

impl NameTable {
    fn span(ends: &[u32], i: usize) -> Option<std::ops::Range<usize>> {
        let start = match i.checked_sub(1) {
            Some(p) => *ends.get(p)? as usize,
            None => 0,
        };
        Some(start..*ends.get(i)? as usize)
    }

    fn name(&self, i: usize) -> &'static str {
        Self::span(self.name_ends, i)
            .and_then(|r| self.names.get(r))
            .unwrap_or_default()
    }

    /// The text of `name`, by binary search.
    pub fn get(&self, name: &str) -> Option<&'static str> {
        let (mut lo, mut hi) = (0, self.name_ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Self::span(self.text_ends, mid).and_then(|r| self.texts.get(r));
                }
            }
        }
        None
    }
}

/// `uniXXXX`, `uniXXXXYYYY…` (each group four hex digits, no surrogates).
fn uni_name(part: &str) -> Option<String> {
    let hex = part.strip_prefix("uni")?;
    if hex.is_empty() || hex.len() % 4 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = String::new();
    for i in (0..hex.len()).step_by(4) {
        let v = u32::from_str_radix(hex.get(i..i + 4)?, 16).ok()?;
        out.push(char::from_u32(v)?);
    }
    Some(out)
}

/// `uXXXX` to `uXXXXXX`.
fn u_name(part: &str) -> Option<String> {
    let hex = part.strip_prefix('u')?;
    if !(4..=6).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    char::from_u32(v).map(String::from)
}

/// Arabic letter names with optional script and position markers:
/// `behInitial`, `alef-ar`, `tehmarbutaisolated`, `lamalefFinal`, `yeharabic`.
fn arabic_scheme(part: &str) -> Option<String> {
    let mut s = part.to_ascii_lowercase();
    for marker in ["-arab", "-ar", "arabic", "-"] {
        if let Some(p) = s.find(marker) {
            s.replace_range(p..p + marker.len(), "");
        }
    }
    for position in [
        "isolated", "initial", "medial", "final", "isol", "init", "medi", "fina", "iso", "ini",
        "med", "fin",
    ] {
        if let Some(stripped) = s.strip_suffix(position)
            && !stripped.is_empty()
            && let Some(t) = arabic_table(stripped)
        {
            return Some(t.to_string());
        }
    }
    arabic_table(&s).map(str::to_string)
}

/// Digits named `zero.ar`, `four-fa`, `six.urdu`… are Arabic-Indic or
/// Extended Arabic-Indic digits, not ASCII ones.
fn digit_script(text: String, lower_name: &str) -> String {
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return text;
    };
    let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
        return text;
    };
    let mut base = None;
    for token in lower_name.split(['.', '-', '_']).skip(1) {
        match token {
            "ar" | "ara" | "arab" | "arabic" => base = base.or(Some(0x0660)),
            "fa" | "far" | "farsi" | "per" | "pers" | "persian" | "ur" | "urd" | "urdu" => {
                base = Some(0x06F0)
            }
            _ => {}
        }
    }
    base.and_then(|b| char::from_u32(b + d))
        .map_or(text, String::from)
}

#[cfg(test)]
mod tests {
    use super::name_to_unicode as n;

    #[test]
    fn agl_and_uni() {
        assert_eq!(n("A").as_deref(), Some("A"));
        assert_eq!(n("afii57416").as_deref(), Some("ب"));
        assert_eq!(n("uni0628").as_deref(), Some("ب"));
        assert_eq!(n("uni0628.init").as_deref(), Some("ب"));
        assert_eq!(n("uni06440627").as_deref(), Some("لا"));
        assert_eq!(n("u1F600").as_deref(), Some("😀"));
        assert_eq!(n("uniFEFB").as_deref(), Some("لا"));
        assert_eq!(n("behinitialarabic").as_deref(), Some("ب"));
    }

    #[test]
    fn schemes_and_ligatures() {
        assert_eq!(n("behInitial").as_deref(), Some("ب"));
        assert_eq!(n("alef-ar.fina").as_deref(), Some("ا"));
        assert_eq!(n("lam_alef").as_deref(), Some("لا"));
        assert_eq!(n("lam-ar_alef-ar.fina").as_deref(), Some("لا"));
        assert_eq!(n("tehmarbutaisolated").as_deref(), Some("ة"));
        assert_eq!(n("lamalefisolated").as_deref(), Some("لا"));
        assert_eq!(n("farsiyeh.medi").as_deref(), Some("ی"));
        assert_eq!(n("uni0644_uni0627.fina").as_deref(), Some("لا"));
    }

    #[test]
    fn digits() {
        assert_eq!(n("zero").as_deref(), Some("0"));
        assert_eq!(n("four.ar").as_deref(), Some("٤"));
        assert_eq!(n("four.fa").as_deref(), Some("۴"));
        assert_eq!(n("uni0664").as_deref(), Some("٤"));
        assert_eq!(n("zero-ar").as_deref(), Some("٠"));
        assert_eq!(n("one.tabular").as_deref(), Some("1"));
    }

    #[test]
    fn rejects() {
        assert_eq!(n(".notdef"), None);
        assert_eq!(n("g123"), None);
        assert_eq!(n("glyph45"), None);
        assert_eq!(n("uniE000"), None);
        assert_eq!(n("uni00"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("aBaa.init"), None);
    }
}
