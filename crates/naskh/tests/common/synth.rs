//! Hand-made edge-case PDFs, written with lopdf.
//!
//! Every builder returns the bytes of a complete PDF and documents the exact
//! logical string it encodes (also exported as an `…_TEXT` constant).
//!
//! All text is drawn with a real font: a subset of Noto Sans Arabic (SIL OFL
//! 1.1, `tests/fixtures/fonts/`) embedded as an Identity-H `Type0` /
//! `CIDFontType2` font with `FontFile2`, `/W` widths and a `ToUnicode` CMap
//! that maps every glyph to the NFKC text of its code point (so presentation
//! forms map to their nominal letters, lam-alef to `ل` + `ا`). The subset's
//! cmap (`NotoSansArabic-subset.tsv`, made by `tools/fixtures/generate.sh`)
//! gives glyph ids, advances and presentation forms; [`shape`] is a tiny
//! Arabic joiner over it (isolated/initial/medial/final forms, lam-alef
//! ligatures, transparent marks). Code points, not guesses: every glyph id
//! used here comes from the font's own cmap.
//!
//! Geometry: 595×842 pt pages, 20 pt text, word gaps of one
//! space advance (260/1000 em) with no space glyph.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use lopdf::{Document, Object, Stream, dictionary};

const FONT_TTF: &[u8] =
    include_bytes!("../../../../tests/fixtures/fonts/NotoSansArabic-subset.ttf");
const FONT_TSV: &str = include_str!("../../../../tests/fixtures/fonts/NotoSansArabic-subset.tsv");

/// Font size of all synthetic text, in points.
pub const SIZE: f64 = 20.0;
/// Gap between words in 1/1000 em (the font's space advance).
pub const WORD_GAP: f64 = 260.0;
const PAGE_W: f64 = 595.0;
const PAGE_H: f64 = 842.0;

// ---------------------------------------------------------------------------
// Font data
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    Nominal,
    Isolated,
    Initial,
    Medial,
    Final,
}

#[derive(Debug)]
struct FontData {
    /// code point → (gid, advance, ink x-centre)
    cmap: HashMap<char, (u16, f64, f64)>,
    /// (nominal letter, form) → presentation-form code point
    forms: HashMap<(char, Form), char>,
    /// (gid, advance, NFKC text, presentation-form text) sorted by gid
    glyphs: Vec<(u16, f64, String, String)>,
}

fn font() -> &'static FontData {
    static FONT: OnceLock<FontData> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut cmap = HashMap::new();
        let mut forms = HashMap::new();
        // gid → (advance, NFKC text, presentation-form text, is a form)
        let mut by_gid: HashMap<u16, (f64, String, String, bool)> = HashMap::new();
        for line in FONT_TSV.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 7, "bad TSV line {line:?}");
            let cp = char::from_u32(u32::from_str_radix(cols[0], 16).unwrap()).unwrap();
            let gid: u16 = cols[1].parse().unwrap();
            let adv: f64 = cols[2].parse().unwrap();
            let text: String = cols[3]
                .split(' ')
                .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                .collect();
            let form = match cols[4] {
                "nominal" => Form::Nominal,
                "isolated" => Form::Isolated,
                "initial" => Form::Initial,
                "medial" => Form::Medial,
                "final" => Form::Final,
                other => panic!("unknown form {other}"),
            };
            let xmin: f64 = cols[5].parse().unwrap();
            let xmax: f64 = cols[6].parse().unwrap();
            cmap.insert(cp, (gid, adv, (xmin + xmax) / 2.0));
            // Lam-alef ligatures are keyed by their alef (see `shape`).
            let mut chars = text.chars();
            if let (Some(base), None) = (chars.next(), chars.next()) {
                if form != Form::Nominal {
                    forms.insert((base, form), cp);
                }
            } else if text.starts_with('\u{644}') && form != Form::Nominal {
                let alef = text.chars().nth(1).unwrap();
                forms.insert((lam_alef_key(alef), form), cp);
            }
            // First (lowest) code point of a glyph gives its NFKC ToUnicode
            // text; its first presentation-form code point (if any) the
            // presentation-form text.
            let e = by_gid
                .entry(gid)
                .or_insert((adv, text, cp.to_string(), false));
            if form != Form::Nominal && !e.3 {
                e.2 = cp.to_string();
                e.3 = true;
            }
        }
        let mut glyphs: Vec<_> = by_gid
            .into_iter()
            .map(|(g, (a, t, pf, _))| (g, a, t, pf))
            .collect();
        glyphs.sort_by_key(|g| g.0);
        FontData {
            cmap,
            forms,
            glyphs,
        }
    })
}

/// Private-use key under which the lam-alef ligature with `alef` is stored.
fn lam_alef_key(alef: char) -> char {
    char::from_u32(0xF0000 + alef as u32).unwrap()
}

// ---------------------------------------------------------------------------
// Shaping
// ---------------------------------------------------------------------------

/// One glyph: id, advance and ink centre in 1/1000 em, and whether it is a
/// zero-advance combining mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    pub adv: f64,
    /// Horizontal centre of the glyph's outline, from its origin.
    pub ink_centre: f64,
    pub mark: bool,
    /// True for U+0640 tatweel.
    pub kashida: bool,
    /// The letter is drawn in a form that joins the next letter.
    pub joins_next: bool,
    /// U+200C: no glyph is drawn, only a (configurable) gap.
    pub zwnj: bool,
}

const ZWNJ: char = '\u{200C}';

fn is_mark(c: char) -> bool {
    ('\u{64B}'..='\u{652}').contains(&c)
}

fn glyph_for(c: char) -> Glyph {
    let (gid, adv, ink_centre) = *font()
        .cmap
        .get(&c)
        .unwrap_or_else(|| panic!("U+{:04X} not in the font subset", c as u32));
    Glyph {
        gid,
        adv,
        ink_centre,
        mark: is_mark(c),
        kashida: c == '\u{640}',
        joins_next: false,
        zwnj: c == ZWNJ,
    }
}

fn joins_next(c: char) -> bool {
    c == '\u{640}' || font().forms.contains_key(&(c, Form::Initial))
}

fn joins_prev(c: char) -> bool {
    c == '\u{640}' || font().forms.contains_key(&(c, Form::Final))
}

/// Shape one word given in logical order: glyphs in logical order (a mark
/// follows its base). Letters take their contextual presentation form;
/// ل + ا/أ/إ/آ become one lam-alef ligature glyph; digits and tatweel keep
/// their nominal glyphs; a ZWNJ breaks joining and yields a `zwnj` glyph
/// that is never drawn.
pub fn shape(word: &str) -> Vec<Glyph> {
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| !is_mark(chars[i])).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < letters.len() {
        let i = letters[k];
        let c = chars[i];
        let prev = k.checked_sub(1).map(|p| chars[letters[p]]);
        let after_prev = prev.is_some_and(joins_next) && joins_prev(c);
        // Lam-alef ligature.
        if c == '\u{644}' && k + 1 < letters.len() {
            let alef = chars[letters[k + 1]];
            let key = lam_alef_key(alef);
            let form = if after_prev {
                Form::Final
            } else {
                Form::Isolated
            };
            if let Some(&lig) = font().forms.get(&(key, form)) {
                out.push(glyph_for(lig));
                // Marks on the lam, then marks on the alef.
                for &m in chars[i + 1..letters[k + 1]].iter() {
                    out.push(glyph_for(m));
                }
                let end = letters.get(k + 2).copied().unwrap_or(chars.len());
                for &m in chars[letters[k + 1] + 1..end].iter() {
                    out.push(glyph_for(m));
                }
                k += 2;
                continue;
            }
        }
        let next = letters.get(k + 1).map(|&n| chars[n]);
        let before_next = joins_next(c) && next.is_some_and(joins_prev);
        let form = match (after_prev, before_next) {
            (false, false) => Form::Isolated,
            (true, false) => Form::Final,
            (false, true) => Form::Initial,
            (true, true) => Form::Medial,
        };
        let shaped = font().forms.get(&(c, form)).copied().unwrap_or(c);
        let mut g = glyph_for(shaped);
        g.joins_next = before_next;
        out.push(g);
        let end = letters.get(k + 1).copied().unwrap_or(chars.len());
        for &m in chars[i + 1..end].iter() {
            out.push(glyph_for(m));
        }
        k += 1;
    }
    out
}

fn is_rtl_word(word: &str) -> bool {
    word.chars()
        .any(|c| ('\u{600}'..='\u{6FF}').contains(&c) && !('\u{660}'..='\u{669}').contains(&c))
}

/// A glyph with its left edge `x` in 1/1000 em from the line's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub glyph: Glyph,
    pub x: f64,
}

/// Horizontal gaps used by [`layout_visual_with`], in 1/1000 em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    /// Between words (no space glyph is drawn).
    pub word: f64,
    /// Inside an Arabic word, after a letter that does not join the next
    /// one (ا د ذ ر ز و, lam-alef, or any isolated/final form).
    pub after_non_joining: f64,
    /// Where the text has a ZWNJ (nothing is drawn for it).
    pub zwnj: f64,
}

impl Default for Gaps {
    fn default() -> Self {
        Gaps {
            word: WORD_GAP,
            after_non_joining: 0.0,
            zwnj: 0.0,
        }
    }
}

enum Item {
    Glyph(Glyph),
    Gap(f64),
}

/// Lay out one line of space-separated words (logical order) the way a
/// renderer shows it, with [`Gaps::default`] (word gaps of one space
/// advance, glyphs of a word touching).
pub fn layout_visual(line: &str) -> Vec<Placed> {
    layout_visual_with(line, Gaps::default())
}

/// Lay out one line of space-separated words (logical order) the way a
/// renderer shows it: words right to left, the glyphs of an Arabic word
/// right to left (so a mark comes *before* its base, left to right), digit
/// words left to right. Returns glyphs in visual (left-to-right) order,
/// each with its left edge; a mark's outline is centred on its base's
/// advance box (its origin is shifted by the mark's own ink centre).
/// Tatweels are ordinary joining glyphs here.
pub fn layout_visual_with(line: &str, gaps: Gaps) -> Vec<Placed> {
    let mut words: Vec<Vec<Item>> = Vec::new();
    for w in line.split(' ') {
        let rtl = is_rtl_word(w);
        let mut items = Vec::new();
        let mut prev_base: Option<Glyph> = None;
        for g in shape(w) {
            if g.mark {
                items.push(Item::Glyph(g));
            } else if g.zwnj {
                items.push(Item::Gap(gaps.zwnj));
                prev_base = None;
            } else {
                if rtl && prev_base.is_some_and(|p| !p.joins_next) {
                    items.push(Item::Gap(gaps.after_non_joining));
                }
                items.push(Item::Glyph(g));
                prev_base = Some(g);
            }
        }
        if rtl {
            items.reverse();
        }
        words.push(items);
    }
    words.reverse();
    let mut out = Vec::new();
    let mut x = 0.0;
    for (wi, word) in words.iter().enumerate() {
        if wi > 0 {
            x += gaps.word;
        }
        // In visual order a mark precedes its base (RTL words; digit words
        // carry no marks).
        let mut pending: Vec<Glyph> = Vec::new();
        for item in word {
            let g = match item {
                Item::Gap(gap) => {
                    assert!(pending.is_empty(), "mark before a gap in {line:?}");
                    x += gap;
                    continue;
                }
                Item::Glyph(g) => g,
            };
            if g.mark {
                pending.push(*g);
                continue;
            }
            for m in pending.drain(..) {
                out.push(Placed {
                    glyph: m,
                    x: x + g.adv / 2.0 - m.ink_centre,
                });
            }
            out.push(Placed { glyph: *g, x });
            x += g.adv;
        }
        assert!(pending.is_empty(), "mark without base in {line:?}");
    }
    out
}

/// Width of a laid-out line in 1/1000 em.
pub fn width(placed: &[Placed]) -> f64 {
    placed.iter().map(|p| p.x + p.glyph.adv).fold(0.0, f64::max)
}

// ---------------------------------------------------------------------------
// Content-stream writing
// ---------------------------------------------------------------------------

fn hex_gid(g: u16) -> String {
    format!("<{g:04X}>")
}

/// A TJ array drawing `glyphs` in the given (stream) order at their `x`
/// (1/1000 em, relative to the current text origin), moving the pen with TJ
/// numbers: positive numbers move it left (back), negative ones right.
/// `dir` is +1 for a normal text matrix, -1 when it is mirrored.
fn tj(glyphs: &[Placed], dir: f64) -> String {
    let mut s = String::from("[");
    let mut pen = 0.0;
    for p in glyphs {
        // Target pen position in text space (for a mirrored matrix the
        // glyph's right edge is its text-space origin).
        let target = if dir > 0.0 { p.x } else { -(p.x + p.glyph.adv) };
        let n = pen - target;
        if n.abs() > 0.001 {
            write!(s, "{} ", fmt(n)).unwrap();
        }
        s.push_str(&hex_gid(p.glyph.gid));
        s.push(' ');
        pen = target + p.glyph.adv;
    }
    s.push_str("] TJ\n");
    s
}

fn fmt(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn utf16_hex(s: &str) -> String {
    let mut h = String::from("<FEFF");
    for u in s.encode_utf16() {
        write!(h, "{u:04X}").unwrap();
    }
    h.push('>');
    h
}

/// Visual-order line drawn as one TJ, right-aligned at `right` (points).
fn visual_line(line: &str, right: f64, y: f64, font: &str) -> String {
    visual_line_with(line, right, y, font, Gaps::default())
}

fn visual_line_with(line: &str, right: f64, y: f64, font: &str, gaps: Gaps) -> String {
    let placed = layout_visual_with(line, gaps);
    let x0 = right - width(&placed) * SIZE / 1000.0;
    format!(
        "BT /{font} {SIZE} Tf 1 0 0 1 {} {} Tm {}ET\n",
        fmt(x0),
        fmt(y),
        tj(&placed, 1.0)
    )
}

// ---------------------------------------------------------------------------
// Document assembly
// ---------------------------------------------------------------------------

/// A page's content: raw stream bytes, and whether to declare them
/// `/FlateDecode` (for the deliberately broken page of [`garbage_page`]).
struct PageContent {
    bytes: Vec<u8>,
    flate: bool,
}

fn plain(s: String) -> PageContent {
    PageContent {
        bytes: s.into_bytes(),
        flate: false,
    }
}

/// ToUnicode CMap: each glyph to its NFKC text, or (`presentation`) to
/// its presentation-form code point where it has one.
fn to_unicode_cmap(presentation: bool) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let glyphs = &font().glyphs;
    for chunk in glyphs.chunks(100) {
        writeln!(s, "{} beginbfchar", chunk.len()).unwrap();
        for (gid, _, nfkc, pf) in chunk {
            let text = if presentation { pf } else { nfkc };
            let mut h = String::new();
            for u in text.encode_utf16() {
                write!(h, "{u:04X}").unwrap();
            }
            writeln!(s, "<{gid:04X}> <{h}>").unwrap();
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Add the Identity-H font three times: `/F1` with an NFKC ToUnicode, `/F2`
/// without (its text must come from `/ActualText` or the embedded font's
/// cmap), `/F3` with a ToUnicode to presentation forms (U+FBxx/U+FExx, as
/// visual-order producers write).
fn add_fonts(doc: &mut Document) -> [lopdf::ObjectId; 3] {
    let name = "NASKHX+NotoSansArabic-Regular";
    let file = doc.add_object(Stream::new(
        dictionary! { "Length1" => FONT_TTF.len() as i64 },
        FONT_TTF.to_vec(),
    ));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(name.as_bytes().to_vec()),
        "Flags" => 4,
        "FontBBox" => vec![(-600).into(), (-500).into(), 1600.into(), 1300.into()],
        "ItalicAngle" => 0,
        "Ascent" => 1069,
        "Descent" => -500,
        "CapHeight" => 714,
        "StemV" => 80,
        "FontFile2" => file,
    });
    let mut w: Vec<Object> = Vec::new();
    for (gid, adv, _, _) in &font().glyphs {
        w.push(i64::from(*gid).into());
        w.push(Object::Array(vec![(*adv as i64).into()]));
    }
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => w,
        "CIDToGIDMap" => "Identity",
    });
    let tounicode = doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap(false)));
    let tounicode_pf = doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap(true)));
    let f1 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => tounicode,
    });
    let f2 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
    });
    let f3 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => tounicode_pf,
    });
    [f1, f2, f3]
}

fn build(pages: Vec<PageContent>) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let [f1, f2, f3] = add_fonts(&mut doc);
    let pages_id = doc.new_object_id();
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => f1, "F2" => f2, "F3" => f3 },
    });
    let mut kids = Vec::new();
    for content in pages {
        let dict = if content.flate {
            dictionary! { "Filter" => "FlateDecode" }
        } else {
            dictionary! {}
        };
        let contents = doc.add_object(Stream::new(dict, content.bytes));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
            "Resources" => resources,
            "Contents" => contents,
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("write synthetic PDF");
    out
}

// ---------------------------------------------------------------------------
// The edge cases
// ---------------------------------------------------------------------------

/// (a) Text of [`logical_tj_negative_kerning`].
pub const LOGICAL_TJ_TEXT: &str = "ذهب الولد إلى المدرسة";

/// (a) One line whose glyphs are stored in **logical** order inside a single
/// TJ: after each glyph the pen is moved back (leftwards) past the glyph
/// just drawn and the next one, i.e. large positive TJ numbers (negative
/// kerning), so the glyphs land right to left. Word gaps are TJ gaps, no
/// space glyphs. Encodes [`LOGICAL_TJ_TEXT`].
pub fn logical_tj_negative_kerning() -> Vec<u8> {
    let placed = layout_visual(LOGICAL_TJ_TEXT);
    let x0 = 555.0 - width(&placed) * SIZE / 1000.0;
    // Logical order = reverse of the visual order (all-Arabic line); this
    // puts each mark after its base, as a logical-order producer would.
    let logical: Vec<Placed> = placed.iter().rev().copied().collect();
    let content = format!(
        "BT /F1 {SIZE} Tf 1 0 0 1 {} 760 Tm {}ET\n",
        fmt(x0),
        tj(&logical, 1.0)
    );
    build(vec![plain(content)])
}

/// (b) Text of [`actual_text_and_reversed_chars`]: two lines, one paragraph.
pub const MARKED_CONTENT_TEXT: &str = "قرأ الطالب الكتاب ثم كتب الدرس";

/// (b) Line 1 `قرأ الطالب الكتاب`, visual order; the middle word `الطالب` is
/// drawn with `/F2` (the same font **without ToUnicode**) inside
/// `/Span <</ActualText (الطالب)>> BDC … EMC`. Line 2 `ثم كتب الدرس`, visual
/// order inside `/ReversedChars BMC … EMC` (as typst writes RTL runs).
/// Encodes [`MARKED_CONTENT_TEXT`].
pub fn actual_text_and_reversed_chars() -> Vec<u8> {
    let right = 555.0;
    let mut c = String::new();
    // Line 1, segment by segment (visual left to right: الكتاب الطالب قرأ).
    let line1 = "قرأ الطالب الكتاب";
    let placed = layout_visual(line1);
    let x0 = right - width(&placed) * SIZE / 1000.0;
    let words: Vec<&str> = line1.split(' ').rev().collect();
    let mut start = 0;
    for word in words {
        let n = layout_visual(word).len();
        let seg: Vec<Placed> = placed[start..start + n]
            .iter()
            .map(|p| Placed {
                glyph: p.glyph,
                x: p.x - placed[start].x,
            })
            .collect();
        let x = x0 + placed[start].x * SIZE / 1000.0;
        let show = format!(
            "BT /{} {SIZE} Tf 1 0 0 1 {} 760 Tm {}ET\n",
            if word == "الطالب" { "F2" } else { "F1" },
            fmt(x),
            tj(&seg, 1.0)
        );
        if word == "الطالب" {
            writeln!(c, "/Span <</ActualText {}>> BDC", utf16_hex(word)).unwrap();
            c.push_str(&show);
            c.push_str("EMC\n");
        } else {
            c.push_str(&show);
        }
        start += n;
    }
    c.push_str("/ReversedChars BMC\n");
    c.push_str(&visual_line("ثم كتب الدرس", right, 730.0, "F1"));
    c.push_str("EMC\n");
    build(vec![plain(c)])
}

/// (c) Text of [`mirrored_text_matrix`].
pub const MIRRORED_TEXT: &str = "مرحبا بكم في المدينة";

/// (c) Text matrix `-1 0 0 1 x y Tm` (mirrored): glyphs are shown in
/// logical order and each advance moves the pen **left** on the page; word
/// gaps are negative TJ numbers. Encodes [`MIRRORED_TEXT`].
pub fn mirrored_text_matrix() -> Vec<u8> {
    let placed = layout_visual(MIRRORED_TEXT);
    let w = width(&placed);
    let right = 555.0;
    // Positions measured from the right edge, as text space runs leftwards.
    let logical: Vec<Placed> = placed
        .iter()
        .rev()
        .map(|p| Placed {
            glyph: p.glyph,
            x: p.x - w,
        })
        .collect();
    let content = format!(
        "BT /F1 {SIZE} Tf -1 0 0 1 {} 760 Tm {}ET\n",
        fmt(right),
        tj(&logical, -1.0)
    );
    build(vec![plain(content)])
}

/// (d) Text of [`identity_h_cid_font`].
pub const IDENTITY_H_TEXT: &str = "لا يوجد 25 كتابا في ١٢ رفا";

/// (d) A plain visual-order line in the Identity-H `Type0`/`CIDFontType2`
/// font (embedded `FontFile2`, `CIDToGIDMap /Identity`, `/W`, ToUnicode):
/// lam-alef ligature glyph, Western digits `25` and Arabic-Indic `١٢` drawn
/// left to right inside the RTL line. Encodes [`IDENTITY_H_TEXT`].
pub fn identity_h_cid_font() -> Vec<u8> {
    build(vec![plain(visual_line(
        IDENTITY_H_TEXT,
        555.0,
        760.0,
        "F1",
    ))])
}

/// (e) What [`kashida`] typesets (with justification tatweels).
pub const KASHIDA_TYPESET: &str = "هذا كـــتاب جمـيل صدر عام 1445 هـ";
/// (e) Expected text of [`kashida`]: justification tatweels dropped, the
/// authored word-final one in `هـ` kept.
pub const KASHIDA_TEXT: &str = "هذا كتاب جميل صدر عام 1445 هـ";

/// (e) Kashida: [`KASHIDA_TYPESET`]. The justification tatweels (three in
/// `كـــتاب`, one in `جمـيل`) are drawn as separate one-glyph runs (`BT …
/// Tj ET`) after the line's letters, at their places between the joining
/// letters; the authored tatweel of `هـ` is part of the line's TJ. Expected
/// [`KASHIDA_TEXT`].
pub fn kashida() -> Vec<u8> {
    let placed = layout_visual(KASHIDA_TYPESET);
    let x0 = 555.0 - width(&placed) * SIZE / 1000.0;
    // The last glyph (visual) of `هـ` is its tatweel: keep authored ones,
    // i.e. tatweels not between two letters of the same word.
    let mut letters = Vec::new();
    let mut kashidas = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let between_letters = i > 0
            && i + 1 < placed.len()
            && (placed[i - 1].x + placed[i - 1].glyph.adv - p.x).abs() < 0.01
            && (p.x + p.glyph.adv - placed[i + 1].x).abs() < 0.01;
        if p.glyph.kashida && between_letters {
            kashidas.push(*p);
        } else {
            letters.push(*p);
        }
    }
    assert_eq!(kashidas.len(), 4, "justification tatweels");
    let mut c = format!(
        "BT /F1 {SIZE} Tf 1 0 0 1 {} 760 Tm {}ET\n",
        fmt(x0),
        tj(&letters, 1.0)
    );
    for k in kashidas {
        writeln!(
            c,
            "BT /F1 {SIZE} Tf 1 0 0 1 {} 760 Tm {} Tj ET",
            fmt(x0 + k.x * SIZE / 1000.0),
            hex_gid(k.glyph.gid)
        )
        .unwrap();
    }
    build(vec![plain(c)])
}

/// (f) Text of [`marks_before_base`] (NFC: fatha before shadda).
pub const MARKS_TEXT: &str = "عَلَّمَ المُدَرِّسُ الدُّرُوسَ";

/// (f) Zero-advance marks (fatha, damma, kasra, shadda) drawn **before**
/// their base in the stream: visual-order TJ where each mark is moved so
/// that its outline is centred over the base that follows it, then the pen
/// is moved back for the base. Encodes [`MARKS_TEXT`].
pub fn marks_before_base() -> Vec<u8> {
    build(vec![plain(visual_line(MARKS_TEXT, 555.0, 760.0, "F1"))])
}

/// (g) Right column of [`two_rtl_columns`], two lines.
pub const RIGHT_COLUMN: [&str; 2] = ["العمود الأيمن يبدأ هنا", "ويستمر في سطر ثان"];
/// (g) Left column of [`two_rtl_columns`], two lines.
pub const LEFT_COLUMN: [&str; 2] = ["العمود الأيسر يأتي بعده", "وينتهي في هذا السطر"];
/// (g) Expected text of [`two_rtl_columns`]: right column first, each
/// column one paragraph (lines joined by a space), blank line between.
pub const COLUMNS_TEXT: &str = "العمود الأيمن يبدأ هنا ويستمر في سطر ثان\n\n\
                                العمود الأيسر يأتي بعده وينتهي في هذا السطر\n";

/// (g) Two RTL columns on one page (right edges at 555 and 270 pt, each
/// line right-aligned, baselines 760 and 730 shared by both columns). The
/// stream draws the left column first, line by line interleaved with the
/// right one, so stream order is no help. Encodes [`COLUMNS_TEXT`].
pub fn two_rtl_columns() -> Vec<u8> {
    let mut c = String::new();
    for (i, y) in [760.0, 730.0].into_iter().enumerate() {
        c.push_str(&visual_line(LEFT_COLUMN[i], 270.0, y, "F1"));
        c.push_str(&visual_line(RIGHT_COLUMN[i], 555.0, y, "F1"));
    }
    build(vec![plain(c)])
}

/// (h) Page texts of [`garbage_page`]; pages 2 and 3 have none.
pub const GARBAGE_PAGE_TEXTS: [&str; 4] = ["الصفحة الأولى", "", "", "الصفحة الرابعة"];

/// (h) Four pages: 1 and 4 are ordinary visual-order lines; page 2's content
/// stream claims `/FlateDecode` but holds bytes that are not zlib data (the
/// page cannot be decoded); page 3's unfiltered stream is garbage tokens
/// and an unterminated string. Pages 1 and 4 must still come out:
/// [`GARBAGE_PAGE_TEXTS`].
pub fn garbage_page() -> Vec<u8> {
    let garbage: Vec<u8> = (0..512u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let tokens = b"BT /F1 20 Tf 100 700 Td [<0041 ]] TJ >> << /Q Tm Tm Tm 12 0 obj \
                   ((( endstream ET ET q q q 1 0 0 cm <zz> Do /Nope gs (unterminated"
        .to_vec();
    build(vec![
        plain(visual_line(GARBAGE_PAGE_TEXTS[0], 555.0, 760.0, "F1")),
        PageContent {
            bytes: garbage,
            flate: true,
        },
        PageContent {
            bytes: tokens,
            flate: false,
        },
        plain(visual_line(GARBAGE_PAGE_TEXTS[3], 555.0, 760.0, "F1")),
    ])
}

/// (i) Text of [`small_gaps_after_non_joining`].
pub const NON_JOINING_GAPS_TEXT: &str = "وزارة الداخلية أعلنت القرار";

/// (i) A visual-order line where, inside words, every letter that does not
/// join the next one (ا د ذ ر ز و, ة, lam-alef, final forms) is followed by
/// a small gap of 0.08 em, as producers that position each glyph with its
/// side bearings leave; words are 0.40 em apart. The small gaps are inside
/// words. Encodes [`NON_JOINING_GAPS_TEXT`].
pub fn small_gaps_after_non_joining() -> Vec<u8> {
    let gaps = Gaps {
        word: 400.0,
        after_non_joining: 80.0,
        zwnj: 0.0,
    };
    build(vec![plain(visual_line_with(
        NON_JOINING_GAPS_TEXT,
        555.0,
        760.0,
        "F1",
        gaps,
    ))])
}

/// (j) Text of [`persian_zwnj_from_gap`] (two ZWNJs).
pub const PERSIAN_ZWNJ_TEXT: &str = "من می\u{200C}خواهم نامه\u{200C}ها را بخوانم";

/// (j) Persian, visual order, font `/F3` whose ToUnicode gives presentation
/// forms (U+FBxx/U+FExx). No glyph and no Unicode for the ZWNJs: where the
/// text has one, a final form (`ی` U+FBFD in `می‌خواهم`, `ه` U+FEEA in
/// `نامه‌ها`) is followed by a sub-space gap of 0.12 em (a space is
/// 0.26 em; words are 0.40 em apart). Encodes [`PERSIAN_ZWNJ_TEXT`].
pub fn persian_zwnj_from_gap() -> Vec<u8> {
    let gaps = Gaps {
        word: 400.0,
        after_non_joining: 0.0,
        zwnj: 120.0,
    };
    build(vec![plain(visual_line_with(
        PERSIAN_ZWNJ_TEXT,
        555.0,
        760.0,
        "F3",
        gaps,
    ))])
}

/// Every builder with a short name (for tests that check them all).
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("logical_tj_negative_kerning", logical_tj_negative_kerning()),
        (
            "actual_text_and_reversed_chars",
            actual_text_and_reversed_chars(),
        ),
        ("mirrored_text_matrix", mirrored_text_matrix()),
        ("identity_h_cid_font", identity_h_cid_font()),
        ("kashida", kashida()),
        ("marks_before_base", marks_before_base()),
        ("two_rtl_columns", two_rtl_columns()),
        ("garbage_page", garbage_page()),
        (
            "small_gaps_after_non_joining",
            small_gaps_after_non_joining(),
        ),
        ("persian_zwnj_from_gap", persian_zwnj_from_gap()),
    ]
}
