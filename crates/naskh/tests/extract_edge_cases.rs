//! Hand-made edge cases (`common::synth`, written with lopdf), each against
//! the exact logical text its builder documents.

mod common;

use common::synth;
use common::{assert_exact_eq, assert_text_eq, extract};

fn text_of(bytes: &[u8]) -> String {
    let doc = extract(bytes);
    for p in &doc.pages {
        assert!(p.error.is_none(), "page {} failed: {:?}", p.number, p.error);
    }
    doc.text()
}

/// (a) Glyphs in logical order in one TJ, pen moved back by TJ numbers.
#[test]
fn logical_order_tj_with_negative_kerning() {
    let text = text_of(&synth::logical_tj_negative_kerning());
    assert_text_eq(&text, "ذهب الولد إلى المدرسة");
    assert_eq!(synth::LOGICAL_TJ_TEXT, "ذهب الولد إلى المدرسة");
}

/// (b) `/ActualText` span (glyphs of a font without ToUnicode) and a
/// `/ReversedChars` run, both in visual order.
#[test]
fn actual_text_and_reversed_chars() {
    let text = text_of(&synth::actual_text_and_reversed_chars());
    assert_text_eq(&text, synth::MARKED_CONTENT_TEXT);
}

/// (b) The two lines are one paragraph: one line break becomes a space.
#[test]
fn actual_text_lines_join_into_one_paragraph() {
    let text = text_of(&synth::actual_text_and_reversed_chars());
    assert_exact_eq(&text, "قرأ الطالب الكتاب ثم كتب الدرس\n");
}

/// (c) `-1 0 0 1 x y Tm`: logical-order glyphs advancing leftwards.
#[test]
fn mirrored_text_matrix() {
    let text = text_of(&synth::mirrored_text_matrix());
    assert_text_eq(&text, "مرحبا بكم في المدينة");
}

/// (d) Identity-H CID TrueType font: lam-alef glyph, digit runs kept LTR.
#[test]
fn identity_h_cid_font_with_digits() {
    let text = text_of(&synth::identity_h_cid_font());
    assert_text_eq(&text, "لا يوجد 25 كتابا في ١٢ رفا");
}

/// (e) Justification kashidas (separate runs) dropped, authored `هـ` kept.
#[test]
fn kashida_dropped_authored_tatweel_kept() {
    let text = text_of(&synth::kashida());
    assert_text_eq(&text, "هذا كتاب جميل صدر عام 1445 هـ");
    assert_eq!(synth::KASHIDA_TEXT, "هذا كتاب جميل صدر عام 1445 هـ");
    assert_ne!(synth::KASHIDA_TYPESET, synth::KASHIDA_TEXT);
}

/// (f) Zero-advance marks drawn before their base attach to that base.
#[test]
fn marks_before_base_attach_to_it() {
    let text = text_of(&synth::marks_before_base());
    assert_text_eq(
        &text,
        "\u{639}\u{64E}\u{644}\u{64E}\u{651}\u{645}\u{64E} \
         \u{627}\u{644}\u{645}\u{64F}\u{62F}\u{64E}\u{631}\u{650}\u{651}\u{633}\u{64F} \
         \u{627}\u{644}\u{62F}\u{64F}\u{651}\u{631}\u{64F}\u{648}\u{633}\u{64E}",
    );
    assert_eq!(synth::MARKS_TEXT, "عَلَّمَ المُدَرِّسُ الدُّرُوسَ");
}

/// (g) Two RTL columns: right column first, each one paragraph.
#[test]
fn two_rtl_columns_right_first() {
    let text = text_of(&synth::two_rtl_columns());
    assert_exact_eq(
        &text,
        "العمود الأيمن يبدأ هنا ويستمر في سطر ثان\n\nالعمود الأيسر يأتي بعده وينتهي في هذا السطر\n",
    );
    assert_eq!(text, synth::COLUMNS_TEXT);
}

/// (h) Pages with garbage content do not stop the others: they still come
/// out, in place, separated by form feeds.
#[test]
fn garbage_pages_do_not_stop_the_others() {
    let doc = extract(&synth::garbage_page());
    assert_eq!(doc.pages.len(), 4);
    assert!(doc.pages[0].error.is_none(), "{:?}", doc.pages[0].error);
    assert!(doc.pages[3].error.is_none(), "{:?}", doc.pages[3].error);
    let text = doc.text();
    let pages: Vec<&str> = text.split('\x0c').collect();
    assert_eq!(pages.len(), 4, "{text:?}");
    assert_exact_eq(pages[0], "الصفحة الأولى\n");
    assert_eq!(pages[1].trim(), "");
    assert_eq!(pages[2].trim(), "");
    assert_exact_eq(pages[3], "الصفحة الرابعة\n");
    assert_eq!(synth::GARBAGE_PAGE_TEXTS[0], "الصفحة الأولى");
    assert_eq!(synth::GARBAGE_PAGE_TEXTS[3], "الصفحة الرابعة");
}

/// (h) A content stream that cannot be decoded (`/FlateDecode` over bytes
/// that are not zlib data) is reported on its page, not silently empty.
#[test]
fn undecodable_page_reports_its_error() {
    let doc = extract(&synth::garbage_page());
    assert_eq!(doc.pages.len(), 4);
    assert!(
        doc.pages[1].error.is_some(),
        "page 2 has undecodable /FlateDecode content but no error"
    );
}

/// (i) Small gaps after non-joining letters stay inside words.
#[test]
fn small_gaps_after_non_joining_letters_stay_in_words() {
    let text = text_of(&synth::small_gaps_after_non_joining());
    assert_text_eq(&text, "وزارة الداخلية أعلنت القرار");
}

/// (j) Persian: final form + sub-space gap, no ZWNJ in the text layer,
/// gives a ZWNJ; presentation forms in ToUnicode are folded.
#[test]
fn persian_final_form_and_small_gap_give_zwnj() {
    let text = text_of(&synth::persian_zwnj_from_gap());
    assert_text_eq(&text, "من می\u{200C}خواهم نامه\u{200C}ها را بخوانم");
}

/// The builders themselves: every PDF loads with lopdf, has the expected
/// page count, embeds the font program and a ToUnicode CMap.
#[test]
fn synthetic_pdfs_are_well_formed() {
    for (name, bytes) in synth::all() {
        let doc = lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = if name == "garbage_page" { 4 } else { 1 };
        assert_eq!(doc.get_pages().len(), want, "{name}");
        let raw = String::from_utf8_lossy(&bytes);
        for key in ["/FontFile2", "/ToUnicode", "/Identity-H", "/CIDFontType2"] {
            assert!(raw.contains(key), "{name} lacks {key}");
        }
    }
}

/// The shaper picks contextual forms from the font's own cmap.
#[test]
fn synth_shaper_uses_presentation_forms() {
    let gids = |s: &str| -> Vec<u16> { synth::shape(s).iter().map(|g| g.gid).collect() };
    // Same letter, different contexts → different glyphs (init/medi/fina).
    let bab = gids("ببب");
    assert_eq!(bab.len(), 3);
    assert!(bab[0] != bab[1] && bab[1] != bab[2] && bab[0] != bab[2]);
    // لا is one ligature glyph, لأ another.
    assert_eq!(gids("لا").len(), 1);
    assert_ne!(gids("لا"), gids("لأ"));
    // ZWNJ breaks joining: ی before it is final (U+FBFD), not medial.
    let zw = synth::shape("می\u{200C}خ");
    assert_eq!(zw.len(), 4);
    assert!(zw[2].zwnj && !zw[1].joins_next && zw[0].joins_next);
    assert_ne!(zw[1].gid, synth::shape("میخ")[1].gid);
    // Marks follow their base and have no advance.
    let m = synth::shape("بَ");
    assert_eq!(m.len(), 2);
    assert!(!m[0].mark && m[1].mark && m[1].adv == 0.0);
}
