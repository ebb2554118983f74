//! Hostile and malformed PDFs (issue 5): the corpus in
//! `tests/fixtures/hostile/` (made by `tools/mutate/make_hostile.py`, its
//! expectations in `MANIFEST.tsv`) and a bounded property test over
//! mutated fixtures. Each document runs in its own thread with a deadline,
//! so a hang fails the test instead of stalling it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use naskh::{Document, Error, ExtractOptions};

/// Per-document deadline (debug build, shared 2-core machine).
const DEADLINE: Duration = Duration::from_secs(60);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// `Ok(Ok(doc))`, `Ok(Err(e))`, or `Err(why)` for a panic or timeout.
fn run(bytes: Vec<u8>, opts: ExtractOptions) -> Result<naskh::Result<Document>, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("extract".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(|| naskh::extract(&bytes, &opts));
            let _ = tx.send(r);
        })
        .map_err(|e| format!("spawn: {e}"))?;
    match rx.recv_timeout(DEADLINE) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err("panic escaped naskh::extract".into()),
        // The thread is leaked; the test fails anyway.
        Err(_) => Err(format!("no result within {DEADLINE:?}")),
    }
}

const KINDS: [&str; 6] = [
    "not_pdf",
    "damaged",
    "encrypted",
    "unsupported",
    "limit",
    "io",
];

struct Case {
    file: String,
    args: Vec<String>,
    expect: Vec<String>,
    base: Option<String>,
}

fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(fixtures().join("hostile/MANIFEST.tsv")).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "bad manifest line {l:?}");
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            Case {
                file: f[0].into(),
                args: opt(f[1])
                    .map(|a| a.split(' ').map(String::from).collect())
                    .unwrap_or_default(),
                expect: f[2].split(' ').map(String::from).collect(),
                base: opt(f[3]),
            }
        })
        .collect()
}

/// The manifest's `args` as library options (the CLI flags of the same name).
fn options(args: &[String]) -> ExtractOptions {
    let mut opts = ExtractOptions::default();
    for a in args {
        let (k, v) = a.split_once('=').expect("--flag=value");
        match k {
            "--password" => opts.password = v.into(),
            "--max-stream-bytes" => opts.limits.max_stream_bytes = v.parse().expect("number"),
            "--max-glyphs" => opts.limits.max_glyphs_per_page = v.parse().expect("number"),
            "--max-operators" => opts.limits.max_operators_per_page = v.parse().expect("number"),
            "--page-timeout" => {
                opts.limits.page_timeout =
                    Some(Duration::from_secs_f64(v.parse().expect("seconds")))
            }
            _ => panic!("unknown manifest arg {a}"),
        }
    }
    opts
}

fn check(
    case: &Case,
    result: naskh::Result<Document>,
    bases: &mut HashMap<String, Vec<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |m: String| problems.push(format!("{} {:?}: {m}", case.file, case.args));
    let doc = match result {
        Ok(doc) => Some(doc),
        Err(e) => {
            if !KINDS.contains(&e.kind()) {
                fail(format!("undocumented error kind {}", e.kind()));
            }
            if !case
                .expect
                .iter()
                .any(|x| x == &format!("error={}", e.kind()) || x == "any")
            {
                fail(format!("document failed: {e}"));
            }
            None
        }
    };
    for x in &case.expect {
        let page = |p: &str| -> usize { p.parse().expect("page number") };
        if let Some(kind) = x.strip_prefix("error=") {
            if doc.is_some() {
                fail(format!("expected error {kind}, got a document"));
            }
            continue;
        }
        let Some(doc) = &doc else { continue };
        let get = |p: usize| doc.pages.iter().find(|pg| pg.number == p);
        if x == "ok" {
            for p in doc.failed_pages() {
                fail(format!("page {} failed: {:?}", p.number, p.error));
            }
        } else if let Some(spec) = x.strip_prefix("fail=") {
            let (p, kind) = spec.split_once(':').expect("fail=P:KIND");
            match get(page(p)).and_then(|pg| pg.error.as_ref()) {
                Some(e) if e.kind() == kind => {}
                other => fail(format!("page {p}: expected {kind} error, got {other:?}")),
            }
        } else if let Some(p) = x.strip_prefix("same=") {
            let base = case.base.as_ref().expect("same= needs a base");
            let want = bases.entry(base.clone()).or_insert_with(|| {
                let bytes = std::fs::read(fixtures().join("hostile").join(base)).expect("base");
                let doc = naskh::extract(&bytes, &ExtractOptions::default()).expect("base opens");
                doc.pages.iter().map(|p| p.text()).collect()
            });
            let p = page(p);
            let got = get(p).map(|pg| (pg.text(), pg.error.clone()));
            match (got, want.get(p - 1)) {
                (Some((text, None)), Some(w)) if &text == w && !w.trim().is_empty() => {}
                (got, w) => fail(format!("page {p} differs from the base: {got:?} vs {w:?}")),
            }
        } else if let Some(spec) = x.strip_prefix("text=") {
            let (p, s) = spec.split_once(':').expect("text=P:STR");
            match get(page(p)) {
                Some(pg) if pg.error.is_none() && pg.text().contains(s) => {}
                other => fail(format!(
                    "page {p} lacks {s:?}: {:?}",
                    other.map(|pg| (pg.text(), pg.error.clone()))
                )),
            }
        } else if x != "any" {
            panic!("unknown expectation {x}");
        }
    }
    if let Some(doc) = &doc {
        for p in doc.failed_pages() {
            let e = p.error.as_ref().expect("failed page has an error");
            let info = p.diagnostics.error.as_ref();
            if !KINDS.contains(&e.kind()) || info.map(|i| i.kind.as_str()) != Some(e.kind()) {
                fail(format!(
                    "page {}: error {e:?} vs diagnostics {info:?}",
                    p.number
                ));
            }
        }
    }
    problems
}

#[test]
fn hostile_corpus() {
    let cases = manifest();
    assert!(cases.len() > 150, "corpus missing: {}", cases.len());
    let mut bases = HashMap::new();
    let mut problems = Vec::new();
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let started = Instant::now();
    for case in &cases {
        let bytes =
            std::fs::read(fixtures().join("hostile").join(&case.file)).expect("corpus file");
        let t = Instant::now();
        match run(bytes, options(&case.args)) {
            Ok(result) => {
                let k = match &result {
                    Ok(doc) if doc.failed_pages().next().is_some() => "partial".to_string(),
                    Ok(_) => "ok".to_string(),
                    Err(e) => e.kind().to_string(),
                };
                *kinds.entry(k).or_default() += 1;
                problems.extend(check(case, result, &mut bases));
            }
            Err(why) => problems.push(format!("{}: {why}", case.file)),
        }
        if t.elapsed() > Duration::from_secs(20) {
            eprintln!("slow: {} took {:?}", case.file, t.elapsed());
        }
    }
    eprintln!(
        "{} cases in {:?}: {kinds:?}",
        cases.len(),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Tiny deterministic generator (xorshift64*), so the property test needs
/// no extra dependency and every run mutates the same way.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, mut d: Vec<u8>) -> Vec<u8> {
    const TOKENS: [&[u8]; 9] = [
        b"[",
        b"<<",
        b">>",
        b"0 0 R",
        b" obj",
        b"endstream",
        b"stream\n",
        b"99999999",
        b"\x00\xff",
    ];
    for _ in 0..1 + rng.below(8) {
        if d.is_empty() {
            break;
        }
        let i = rng.below(d.len());
        match rng.below(5) {
            0 => d[i] = rng.next() as u8,
            1 => {
                let n = 1 + rng.below(256);
                d.drain(i..(i + n).min(d.len()));
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                d.splice(i..i, t.iter().copied());
            }
            3 => d.truncate(i),
            _ => {
                // Duplicate a chunk elsewhere (objects, xref rows).
                let n = 1 + rng.below(512);
                let chunk = d[i..(i + n).min(d.len())].to_vec();
                let j = rng.below(d.len());
                d.splice(j..j, chunk);
            }
        }
    }
    d
}

/// Property: `extract` returns (a document or a documented error) on any
/// mutation of the fixtures, without panicking or hanging.
#[test]
fn extract_never_panics_on_mutated_fixtures() {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(fixtures().join("pdf/weasyprint"))
        .expect("fixtures")
        .chain(std::fs::read_dir(fixtures().join("pdf/reportlab")).expect("fixtures"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    seeds.sort();
    let mut rng = Rng(0x6e61_736b_6821);
    let mut failures = Vec::new();
    for i in 0..60 {
        let seed = &seeds[i % seeds.len()];
        let bytes = mutate(&mut rng, std::fs::read(seed).expect("seed"));
        let mut opts = ExtractOptions::default();
        opts.limits.page_timeout = Some(Duration::from_secs(10));
        match run(bytes, opts) {
            Ok(Ok(doc)) => {
                let _ = doc.text();
                let _ = naskh::output::to_json(&doc);
            }
            Ok(Err(e)) if KINDS.contains(&e.kind()) => {}
            Ok(Err(e)) => failures.push(format!("mutation {i} of {}: {e:?}", seed.display())),
            Err(why) => failures.push(format!("mutation {i} of {}: {why}", seed.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_kinds_have_stable_exit_codes() {
    let codes: Vec<(&str, i32)> = [
        Error::Usage(String::new()),
        Error::NotPdf(String::new()),
        Error::Encrypted(String::new()),
        Error::Damaged(String::new()),
        Error::Unsupported(String::new()),
        Error::Limit(String::new()),
        Error::Io(String::new()),
        Error::InvalidUtf8(String::new()),
    ]
    .iter()
    .map(|e| (e.kind(), e.exit_code()))
    .collect();
    assert_eq!(
        codes,
        [
            ("usage", 2),
            ("not_pdf", 3),
            ("encrypted", 4),
            ("damaged", 5),
            ("unsupported", 6),
            ("limit", 7),
            ("io", 8),
            ("invalid_utf8", 9)
        ]
    );
    assert_eq!(naskh::error::EXIT_PARTIAL, 10);
}
