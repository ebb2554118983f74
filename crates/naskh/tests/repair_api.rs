//! `naskh::repair` public API: exact repairs of small real-world-shaped
//! inputs, the report, streaming, and UTF-8 handling.

use naskh::Error;
use naskh::repair::{ChangeKind, RepairOptions, repair, repair_reader};

fn fix(s: &str) -> (String, Vec<ChangeKind>) {
    let (t, r) = repair(s, &RepairOptions::default());
    let mut kinds: Vec<ChangeKind> = r.changes.iter().map(|c| c.kind).collect();
    kinds.dedup();
    (t, kinds)
}

#[test]
fn pdftotext_embeddings_and_comma_placement() {
    let (t, k) = fix("\u{202B}خارجية عشر دول\u{202A} ،\u{202C}وسط إجراءات أمنية مشددة\u{202C}\n");
    assert_eq!(t, "خارجية عشر دول، وسط إجراءات أمنية مشددة\n");
    // The comma's embedding is read right to left (` ،` → `، `), then the
    // controls go.
    assert_eq!(k, vec![ChangeKind::RunOrder, ChangeKind::BidiControl]);
}

#[test]
fn mutool_visual_presentation_forms() {
    let s = "ﺔﻴﻠﺣﺎﺴﻟا نﺪﻤﻟا ﻦﻣ دﺪﻋ ﻲﻓ ﺮﻴﺴﻟا ﺔﻛﺮﺣ ﻞﻄﻌﺗ ةﺮﻳﺰﻏ رﺎﻄﻣأ\n\n\
ﻦﻣ دﺪﻋ ﻰﻠﻋ ﺮﻴﺴﻟا ﺔﻛﺮﺣ ﻞﻄﻌﺗ ﻲﻓ ﻰﻟوألا ﺮﺠﻔﻟا تﺎﻋﺎﺳ ﺬﻨﻣ ﺖﻠﻄﻫ ﻲﺘﻟا ةﺮﻳﺰﻐﻟا رﺎﻄﻣألا ﺖﺒﺒﺴﺗ\n";
    let (t, k) = fix(s);
    assert_eq!(
        t,
        "أمطار غزيرة تعطل حركة السير في عدد من المدن الساحلية\n\n\
تسببت الأمطار الغزيرة التي هطلت منذ ساعات الفجر الأولى في تعطل حركة السير على عدد من\n"
    );
    assert_eq!(
        k,
        vec![
            ChangeKind::LetterOrder,
            ChangeKind::WordOrder,
            ChangeKind::PresentationForm,
            ChangeKind::LetterOrder,
            ChangeKind::WordOrder,
            ChangeKind::PresentationForm
        ]
    );
}

#[test]
fn ligature_components_swapped() {
    let s = "اختتمت في العاصمة األردنية مساء أمس أعمال القمة اإلقليمية\n\
وسط اهتمام إعالمي واسع. وأكد البيان عىل ضرورة العمل إىل جانب الدول\n\
بعد أشهر من التوتر الذي ألقى بظالله على حركة المالحة في المنطقة\n";
    let (t, k) = fix(s);
    assert_eq!(
        t,
        "اختتمت في العاصمة الأردنية مساء أمس أعمال القمة الإقليمية\n\
وسط اهتمام إعلامي واسع. وأكد البيان على ضرورة العمل إلى جانب الدول\n\
بعد أشهر من التوتر الذي ألقى بظلاله على حركة الملاحة في المنطقة\n"
    );
    assert!(k.iter().all(|&x| x == ChangeKind::LigatureOrder), "{k:?}");
}

#[test]
fn ligature_that_lost_its_alef() {
    // The lam-alef glyph mapped to the lam alone; swapped ligatures in the
    // same text keep their own repair.
    let s = "وفي الشأن القتصادي ناقش القادة تطبيقات الذكاء الصطناعي\n\
وأكد البيان عىل ضرورة العمل إىل جانب الدول\n";
    let (t, k) = fix(s);
    assert_eq!(
        t,
        "وفي الشأن الاقتصادي ناقش القادة تطبيقات الذكاء الاصطناعي\n\
وأكد البيان على ضرورة العمل إلى جانب الدول\n"
    );
    assert!(k.iter().all(|&x| x == ChangeKind::LigatureOrder), "{k:?}");
}

#[test]
fn authored_tatweel_stays_justification_goes() {
    let (t, k) = fix("صلى في مســجدها مقارنة بـ 5.3 في المئة\n");
    assert_eq!(t, "صلى في مسجدها مقارنة بـ 5.3 في المئة\n");
    assert_eq!(k, vec![ChangeKind::Tatweel]);
}

#[test]
fn space_before_mark() {
    let (t, k) = fix("وَقَد ْ عَرَف َ الْعَرَب ُ قِيمَة َ الْكِتَابِ\n");
    assert_eq!(t, "وَقَدْ عَرَفَ الْعَرَبُ قِيمَةَ الْكِتَابِ\n");
    assert_eq!(k, vec![ChangeKind::Mark]);
}

#[test]
fn clean_text_and_line_endings_unchanged() {
    let s = "  قال الوزير: «نعم».\r\nمقارنة بـ 5.3 في المئة، و(Google) أيضاً.\n\nآخر سطر بلا نهاية";
    let (t, k) = fix(s);
    assert_eq!(t, s);
    assert!(k.is_empty());
}

#[test]
fn clean_probes_pass_unchanged_whole_and_line_by_line() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/repair_clean");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    for p in files {
        let s = std::fs::read_to_string(&p).unwrap();
        let (t, k) = fix(&s);
        assert_eq!(t, s, "{}", p.display());
        assert!(k.is_empty(), "{}: {k:?}", p.display());
        for line in s.lines().filter(|l| !l.is_empty()) {
            let one = format!("{line}\n");
            let (t, k) = fix(&one);
            assert_eq!(t, one, "{}", p.display());
            assert!(k.is_empty(), "{}: {k:?}", p.display());
        }
    }
}

#[test]
fn streaming_matches_whole_text() {
    let mut s = String::new();
    for _ in 0..30 {
        s.push_str("ﺔﻴﻠﺣﺎﺴﻟا نﺪﻤﻟا ﻦﻣ دﺪﻋ ﻲﻓ ﺮﻴﺴﻟا ﺔﻛﺮﺣ ﻞﻄﻌﺗ ةﺮﻳﺰﻏ رﺎﻄﻣأ\n");
    }
    let opts = RepairOptions {
        window_lines: 7,
        ..RepairOptions::default()
    };
    let (whole, report) = repair(&s, &opts);
    let mut out = Vec::new();
    let streamed = repair_reader(s.as_bytes(), &mut out, &opts, false);
    assert_eq!(String::from_utf8(out).ok(), Some(whole));
    assert_eq!(
        streamed.map(|r| r.changes.len()).ok(),
        Some(report.changes.len())
    );
}

#[test]
fn invalid_utf8_strict_and_lossy() {
    let bad: &[u8] = b"\xd9\x81\xd9\x8a \xff\n";
    let mut out = Vec::new();
    let err = repair_reader(bad, &mut out, &RepairOptions::default(), false);
    assert!(matches!(err, Err(Error::InvalidUtf8(_))));
    let mut out = Vec::new();
    let ok = repair_reader(bad, &mut out, &RepairOptions::default(), true);
    assert!(ok.is_ok());
    assert_eq!(
        String::from_utf8(out).ok().as_deref(),
        Some("في \u{FFFD}\n")
    );
}

#[test]
fn unmapped_glyphs_are_read_once_per_document() {
    // MuPDF prints LibreOffice's unmapped kashida glyph as U+FFFD: most of
    // its sites leave known words once left out, so it is a kashida.
    let k = "\u{FFFD}\u{FFFD}";
    let s = format!(
        "أعلنت الحك{k}ومة عن خطة جدي{k}دة لدعم المدارس\n\
         وقال الوزي{k}ر إن المي{k}زانية ست{k}زداد العام المقبل\n"
    );
    let (t, r) = repair(&s, &RepairOptions::default());
    assert_eq!(
        t,
        "أعلنت الحكومة عن خطة جديدة لدعم المدارس\n\
         وقال الوزير إن الميزانية ستزداد العام المقبل\n"
    );
    assert_eq!(r.count(ChangeKind::CidMarker), 2);
    assert_eq!(r.count(ChangeKind::Tatweel), 5);
    assert!(r.unrecoverable.is_empty());
    // A number in a font with no map: the markers go, the loss is
    // reported with the line, where U+FFFD marks each glyph. Nothing is
    // invented.
    let (t, r) = repair(
        "بلغ عدد السكان (cid:41)(cid:42) مليون نسمة\n",
        &RepairOptions::default(),
    );
    assert_eq!(t, "بلغ عدد السكان مليون نسمة\n");
    assert_eq!(r.unrecoverable.len(), 1);
    assert_eq!(r.unrecoverable[0].kind, ChangeKind::MissingGlyph);
    assert_eq!(
        r.unrecoverable[0].text,
        "بلغ عدد السكان \u{FFFD}\u{FFFD} مليون نسمة"
    );
    assert_eq!(r.unrecoverable[0].guess, None);
    // A U+FFFD the extractor printed stays, and is reported the same way.
    let (t, r) = repair(
        "عدد السكان \u{FFFD}\u{FFFD} مليون\n",
        &RepairOptions::default(),
    );
    assert_eq!(t, "عدد السكان \u{FFFD}\u{FFFD} مليون\n");
    assert_eq!(r.unrecoverable.len(), 1);
    assert_eq!(r.unrecoverable[0].kind, ChangeKind::MissingGlyph);
    assert!(r.changes.is_empty());
}

#[test]
fn numbers_laid_out_in_lines_printed_in_order() {
    // PDFium prints the words in order and each number with its
    // punctuation as laid out: most such tokens say so, and they turn.
    let s = "وارتفع معدل النمو إلى ،%7.9 بعد أن كان .%0.8- في العام الماضي\n\
             وبلغ عدد السكان ،5500 نسمة في عام .2016\n\
             وسجل القطاع نمواً قدره ،%1.6 مقارنة بالعام السابق\n";
    let (t, r) = repair(s, &RepairOptions::default());
    assert_eq!(
        t,
        "وارتفع معدل النمو إلى 7.9%، بعد أن كان -0.8%. في العام الماضي\n\
         وبلغ عدد السكان 5500، نسمة في عام 2016.\n\
         وسجل القطاع نمواً قدره 1.6%، مقارنة بالعام السابق\n"
    );
    assert_eq!(r.count(ChangeKind::Punctuation), 5);
    // One such token among numbers written in order is left as printed.
    let s = "وارتفع معدل النمو إلى 7.9%، بعد أن كان 0.8%. في عام 2015.\n\
             وتعمل الشركة بتقنية .NET منذ عام 2016.\n";
    assert_eq!(repair(s, &RepairOptions::default()).0, s);
}

#[test]
fn punctuation_alone_goes_back_where_spaces_were_lost() {
    // pdf.js puts its spaces at its runs' edges, around a sentence's period
    // as often as not, in lines that lost every other space.
    let s = "قررالبنكالمركزيفياجتماعهالدوريأمسالإبقاءعلىأسعارالفائدة . وأوضحالبنكفيبيانرسميأنالقرار\n\
             يعكسالتحسنفيمؤشراتالأسعار . وتوقعالمحللونأنيستمرالتراجعخلالالعامالمقبل\n";
    let (t, r) = repair(s, &RepairOptions::default());
    assert_eq!(
        t,
        "قرر البنك المركزي في اجتماعه الدوري أمس الإبقاء على أسعار الفائدة. وأوضح البنك في بيان رسمي أن القرار\n\
         يعكس التحسن في مؤشرات الأسعار. وتوقع المحللون أن يستمر التراجع خلال العام المقبل\n"
    );
    assert_eq!(r.count(ChangeKind::Punctuation), 2);
    // A paragraph's period printed first, before words glued across a
    // comma (a token with no word core), goes to the line's end.
    let (t, _) = fix(". الكلفةكبيرة،لكنفائدتهاللمدينةأكبر؛والافتتاحفيالربيع\n");
    assert_eq!(t, "الكلفةكبيرة،لكنفائدتهاللمدينةأكبر؛والافتتاحفيالربيع.\n");
    // Text that spaces its punctuation on purpose keeps it so.
    let clean = "ما الذي حدث ؟ قال الرجل إنه لا يعرف . ثم مضى في طريقه\n";
    assert_eq!(repair(clean, &RepairOptions::default()).0, clean);
}

#[test]
fn a_space_inside_a_word_goes_where_the_document_shows_no_other() {
    // pdf.js on XeLaTeX's PDFs: a gap after a non-joining letter printed
    // as a space, a few times in a page of clean text.
    let s = "قال المتحدث إن الحوار بين الطرفين كان طو يل ومفيدا، وإن اللجنة وضعت التعليم في مقدمة أولو ياته».\n\
             وأضاف أن الاستمرار ية في العمل ضرورية، وأن الخطة الجديدة ستعرض على المجلس الشهر المقبل\n";
    let (t, r) = repair(s, &RepairOptions::default());
    assert_eq!(
        t,
        "قال المتحدث إن الحوار بين الطرفين كان طويل ومفيدا، وإن اللجنة وضعت التعليم في مقدمة أولوياته».\n\
         وأضاف أن الاستمرارية في العمل ضرورية، وأن الخطة الجديدة ستعرض على المجلس الشهر المقبل\n"
    );
    assert_eq!(r.count(ChangeKind::Join), 3);
    // Two words that also make one stay two (`عبد الله`, `لا سيما`), and
    // letters spelt out stay apart.
    let clean = "قال عبد الله لا سيما في (أ ف ب) إن الوضع يتحسن\n";
    assert_eq!(repair(clean, &RepairOptions::default()).0, clean);
}

#[test]
fn persian_suffixes_get_their_lost_zwnj_back_after_a_silent_heh() {
    // Every ZWNJ lost (MuPDF on pango's PDFs). Words the lexicon spells
    // with one get it where it does; words it does not know, after a known
    // stem's silent `ه` and before its suffix.
    let s = "کتابخانههای شهر ما هر روز شلوغ است و مردم بسیاری به آنجا میآیند\n\
             کتابخانهای کوچک با قفسههای چوبی کنار مدرسه است و کودکان نمیتوانند از آن دور بمانند\n";
    let (t, r) = repair(s, &RepairOptions::default());
    assert_eq!(
        t,
        "کتابخانه\u{200C}های شهر ما هر روز شلوغ است و مردم بسیاری به آنجا می\u{200C}آیند\n\
         کتابخانه\u{200C}ای کوچک با قفسه\u{200C}های چوبی کنار مدرسه است و کودکان نمی\u{200C}توانند از آن دور بمانند\n"
    );
    assert_eq!(r.count(ChangeKind::Zwnj), 5);
    // A space printed for each ZWNJ (MuPDF, PDFium on XeLaTeX's PDFs).
    let spaced = s
        .replace("کتابخانهه", "کتابخانه ه")
        .replace("میآ", "می آ")
        .replace("کتابخانهای", "کتابخانه ای")
        .replace("قفسهه", "قفسه ه")
        .replace("نمیت", "نمی ت");
    let (t2, r) = repair(&spaced, &RepairOptions::default());
    assert_eq!(t2, t);
    assert_eq!(r.count(ChangeKind::Zwnj), 5);
    // Where spaces were lost elsewhere, such a word the lexicon lacks is
    // not parted into two it knows (`کتاب خانه‌ای`).
    let glued = "کتابخانه\u{200C}ای کوچک با قفسه\u{200C}های چوبی کنار مدرسه است\n\
                 امروزهدانشجویانبیشترکتابهارابهصورتالکترونیکیمی\u{200C}خوانند\n\
                 بسیاریازمردمشهرهرهفتهبهکتابخانهمی\u{200C}روندوکتابامانتمی\u{200C}گیرند\n";
    let (t3, _) = repair(glued, &RepairOptions::default());
    assert_eq!(
        t3.lines().next(),
        Some("کتابخانه\u{200C}ای کوچک با قفسه\u{200C}های چوبی کنار مدرسه است")
    );
    // (The glued lines were parted: the document did lose spaces.)
    assert!(t3.contains("بسیاری از مردم شهر هر هفته"), "{t3}");
}

#[test]
fn private_use_codes_are_reported_not_invented() {
    let (t, r) = repair(
        "بلغت \u{E010}\u{E011} كيلومترًا\n",
        &RepairOptions::default(),
    );
    assert_eq!(t, "بلغت \u{E010}\u{E011} كيلومترًا\n");
    assert_eq!(r.unrecoverable.len(), 1);
    assert_eq!(r.unrecoverable[0].kind, ChangeKind::PrivateUse);
}

#[test]
fn runs_printed_in_reversed_order() {
    let s = "ــدين إلى ساحــات مثــل أفغانســتان يــن العاب ــارك والقــذافي وز ــاء حكــم مب الجهــاديين الذيــن فــروا أثن\n";
    let (t, k) = fix(s);
    assert_eq!(
        t,
        "الجهاديين الذين فروا أثناء حكم مبارك والقذافي وزين العابدين إلى ساحات مثل أفغانستان\n"
    );
    assert_eq!(k[0], ChangeKind::RunOrder);
}

#[test]
fn private_use_letters_decoded_from_context() {
    let s = "\u{E001}ي المدينة و\u{E001}ي البيت ذهب إلى ال\u{E001}ندق \u{E001}ي الصباح\n";
    let (t, r) = repair(s, &RepairOptions::default());
    assert_eq!(t, "في المدينة وفي البيت ذهب إلى الفندق في الصباح\n");
    assert_eq!(r.count(ChangeKind::PrivateUse), 1);
    // The same guess under an impossible threshold is only reported.
    let strict = RepairOptions {
        threshold: 1.0,
        ..RepairOptions::default()
    };
    let (t, r) = repair(s, &strict);
    assert_eq!(t, s);
    assert_eq!(r.unrecoverable.len(), 1);
    assert_eq!(r.unrecoverable[0].guess.as_deref(), Some("ف"));
}

/// Long lines of one shape each: every stage must stay linear in the line
/// (a stage that walks back or rebuilds the word per character never ends
/// on these). Text that is not damaged comes out as it went in.
#[test]
fn hostile_lines_of_one_shape_pass_through() {
    let same = [
        format!("ab بب{} cd\n", "\u{064E}".repeat(200_000)),
        format!("{}\n", "بَ".repeat(150_000)),
        format!("{}\n", "اً".repeat(150_000)),
    ];
    for s in &same {
        let (t, _) = repair(s, &RepairOptions::default());
        assert_eq!(&t, s);
    }
    // Each mark printed before its letter: after it again.
    let (t, _) = repair(
        &format!("{}\n", "َب".repeat(150_000)),
        &RepairOptions::default(),
    );
    assert_eq!(t, format!("{}\n", "بَ".repeat(150_000)));
    // A megabyte of embedding controls: only the controls go.
    let s = format!("\u{202B}{}\u{202C}\u{202C}\n", "\u{202A}".repeat(300_000));
    let (t, r) = repair(&s, &RepairOptions::default());
    assert_eq!(t, "\n");
    assert_eq!(r.count(ChangeKind::BidiControl), 1);
    // Every pair of a long Persian line joined by its ZWNJ.
    let s = "پدر کتاب ها ".repeat(40_000) + "\n";
    let (t, r) = repair(&s, &RepairOptions::default());
    assert_eq!(
        t,
        "پدر کتاب\u{200C}ها ".repeat(40_000).trim_end().to_string() + "\n"
    );
    assert_eq!(r.count(ChangeKind::Zwnj), 40_000);
}

/// Thousands of distinct PUA codes (no font has so many glyphs): each
/// code's words come from one index, not a scan of every word per code,
/// and only the 512 most used codes are solved; the rest stay as printed.
#[test]
fn thousands_of_distinct_pua_codes_are_bounded() {
    let codes: Vec<char> = (0..3000u32)
        .filter_map(|i| char::from_u32(0xE000 + i))
        .collect();
    let mut s = String::new();
    for (i, c) in codes.iter().cycle().take(codes.len() * 4).enumerate() {
        s.push_str(&format!("ك{c}ب"));
        s.push(if i % 200 == 199 { '\n' } else { ' ' });
    }
    let (t, _) = repair(&s, &RepairOptions::default());
    assert_eq!(t.lines().count(), s.lines().count());
    let left: std::collections::HashSet<char> = t
        .chars()
        .filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    assert!(left.len() >= codes.len() - 512, "{}", left.len());
    // Lines of words, each with one of thousands of codes: the letters a
    // code's lines print plainly are read once per line, not once per
    // code and line (a set per code grew with every line's letters).
    let words = ["في", "المدينة", "الكتاب", "عمل", "يومي", "طويل"];
    let mut s = String::new();
    for i in 0..30_000usize {
        let w = words[i % words.len()];
        let cut = w.char_indices().nth(i % 3).map_or(w.len(), |(b, _)| b);
        s.push_str(&w[..cut]);
        s.push(codes[(i * 7) % codes.len()]);
        s.push_str(&w[cut..]);
        s.push(if i % 3000 == 2999 { '\n' } else { ' ' });
    }
    let (t, _) = repair(&s, &RepairOptions::default());
    assert_eq!(t.lines().count(), 10);
}
