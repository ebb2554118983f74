//! `naskh extract`: one PDF to standard output (or `-o FILE`), or many PDFs
//! (files and directories) extracted in parallel into a mirrored output tree
//! (`-o OUTDIR`) or into one JSON Lines stream (`--format jsonl`).
//!
//! Batch mode runs documents on a rayon pool of `--jobs` threads; each
//! document gets its own interpreter and font caches on the thread that
//! extracts it (hayro's cache is not `Send`), and pages are written as they
//! are laid out, so memory does not grow with the page count. A file that
//! fails is reported and the others go on; a summary line ends the run.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use naskh::layout::{LayoutOptions, UnmappedPolicy};
use naskh::output::normalize::Profile;
use naskh::{Document, Error, ExtractOptions, Page};
use rayon::iter::{ParallelBridge, ParallelIterator};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text: paragraphs separated by a blank line, pages by a form feed.
    Text,
    /// JSON: pages → blocks → lines → words with boxes, plus diagnostics.
    Json,
    /// JSON Lines: one line per document with its path, page count, text
    /// and per-page diagnostics, in input order (to stdout, or `-o FILE`).
    Jsonl,
}

/// What to print for a glyph without Unicode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Unmapped {
    /// Nothing.
    Skip,
    /// U+FFFD.
    Replace,
    /// A private-use code (the producer's, or U+F0000 + glyph id), to be
    /// decoded later, e.g. by `naskh repair`.
    Pua,
}

/// Arguments of `naskh extract`.
#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// PDF files or directories; `-` reads standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input, or `--format jsonl`) or directory (several
    /// inputs or a directory: the output tree mirrors the input tree).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Page range, 1-based and inclusive: `3`, `2-5`, `4-`.
    #[arg(long)]
    pages: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Keep presentation forms and kashida as drawn (no search normalisation).
    #[arg(long)]
    faithful: bool,
    /// What to print for glyphs without Unicode.
    #[arg(long, value_enum, default_value_t = Unmapped::Skip)]
    unmapped: Unmapped,
    /// Password of an encrypted PDF.
    #[arg(long, default_value = "")]
    password: String,
    /// Fail the run (exit 10) when any page fails, instead of extracting the rest.
    #[arg(long)]
    strict: bool,
    /// Documents extracted in parallel (default: the number of CPUs).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// No progress bar and no summary line (errors are still reported).
    #[arg(short, long)]
    quiet: bool,
    /// Resource limits (see docs/robustness.md).
    #[command(flatten)]
    limits: crate::limit_args::LimitArgs,
}

fn parse_pages(s: &str) -> Result<(usize, usize), Error> {
    let bad = || Error::Usage(format!("bad page range '{s}' (use 3, 2-5 or 4-)"));
    let num = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
    let (a, b) = match s.split_once('-') {
        Some((a, "")) => (num(a)?, usize::MAX),
        Some((a, b)) => (num(a)?, num(b)?),
        None => {
            let n = num(s)?;
            (n, n)
        }
    };
    if a == 0 || b < a {
        return Err(bad());
    }
    Ok((a, b))
}

fn options(args: &ExtractArgs) -> Result<ExtractOptions, Error> {
    Ok(ExtractOptions {
        pages: args.pages.as_deref().map(parse_pages).transpose()?,
        password: args.password.clone(),
        layout: LayoutOptions {
            profile: if args.faithful {
                Profile::Faithful
            } else {
                Profile::Search
            },
            unmapped: match args.unmapped {
                Unmapped::Skip => UnmappedPolicy::Skip,
                Unmapped::Replace => UnmappedPolicy::Replace,
                Unmapped::Pua => UnmappedPolicy::Pua,
            },
        },
        limits: args.limits.limits()?,
    })
}

/// One input: where it is read from, and its path relative to the input
/// argument it came from (what the output tree mirrors).
struct Input {
    path: PathBuf,
    rel: PathBuf,
}

/// Collect PDF inputs: files as given, directories walked (sorted) for `*.pdf`.
fn collect_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut stack = vec![input.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
                        found.push(p);
                    }
                }
            }
            found.sort();
            for p in found {
                let rel = p.strip_prefix(input).unwrap_or(&p).to_path_buf();
                out.push(Input { path: p, rel });
            }
        } else {
            let rel = PathBuf::from(input.file_name().unwrap_or(input.as_os_str()));
            out.push(Input {
                path: input.clone(),
                rel,
            });
        }
    }
    out
}

fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::Io(format!("stdin: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
    }
}

/// Where one document's output goes.
enum Sink<'a> {
    /// Standard output, written page by page.
    Stdout,
    /// A file, created when the first page is ready (no file for a document
    /// that cannot be opened).
    File(&'a Path),
    /// Kept in memory (a JSONL line is built from it).
    Memory,
}

/// What extracting one document gave.
#[derive(Default)]
struct Outcome {
    /// Pages extracted (including failed ones).
    pages: usize,
    /// Pages that failed.
    failed_pages: usize,
    /// Why the document failed as a whole (cannot be read, opened or written).
    error: Option<Error>,
    /// Messages for standard error, printed by the caller in input order.
    messages: Vec<String>,
    /// The JSONL line (`--format jsonl`).
    line: Option<String>,
}

/// Page text writer that opens its target lazily and remembers the first
/// write error (later writes are skipped).
struct PageWriter<'a> {
    sink: &'a Sink<'a>,
    out: Option<Box<dyn Write + 'a>>,
    err: Option<Error>,
}

impl<'a> PageWriter<'a> {
    fn new(sink: &'a Sink<'a>) -> Self {
        PageWriter {
            sink,
            out: None,
            err: None,
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.err.is_some() {
            return;
        }
        if self.out.is_none() {
            match self.open() {
                Ok(w) => self.out = Some(w),
                Err(e) => {
                    self.err = Some(e);
                    return;
                }
            }
        }
        if let Some(w) = &mut self.out
            && let Err(e) = w.write_all(bytes)
        {
            self.err = Some(self.io_error(e));
        }
    }

    fn open(&self) -> Result<Box<dyn Write + 'a>, Error> {
        match self.sink {
            Sink::Stdout => Ok(Box::new(BufWriter::new(std::io::stdout().lock()))),
            Sink::File(path) => {
                if let Some(parent) = path.parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Error::Io(format!("{}: {e}", parent.display())))?;
                }
                let f = File::create(path)
                    .map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
                Ok(Box::new(BufWriter::new(f)))
            }
            Sink::Memory => Ok(Box::new(std::io::sink())),
        }
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        match self.sink {
            Sink::File(path) => Error::Io(format!("{}: {e}", path.display())),
            _ => Error::Io(format!("stdout: {e}")),
        }
    }

    /// Flush (creating an empty output for a document without pages).
    fn finish(mut self) -> Result<(), Error> {
        self.write(b"");
        if let Some(e) = self.err {
            return Err(e);
        }
        if let Some(mut w) = self.out.take() {
            w.flush().map_err(|e| self.io_error(e))?;
        }
        Ok(())
    }
}

/// Extract one document into `sink` in `format`.
///
/// Text streams page by page; JSON needs the whole document; JSONL keeps the
/// text and diagnostics (not the word boxes) for its one line.
fn extract_one(input: &Input, opts: &ExtractOptions, format: Format, sink: &Sink<'_>) -> Outcome {
    let mut outcome = Outcome::default();
    let name = input.path.display().to_string();
    let bytes = match read_input(&input.path) {
        Ok(b) => b,
        Err(e) => {
            outcome.messages.push(format!("naskh: {e}"));
            outcome.error = Some(e);
            return outcome;
        }
    };
    let mut writer = PageWriter::new(sink);
    let mut json_pages: Vec<Page> = Vec::new();
    let mut text = String::new();
    let mut diagnostics = Vec::new();
    let note_failure = |page: &Page, outcome: &mut Outcome| {
        if let Some(e) = &page.error {
            outcome.failed_pages += 1;
            outcome
                .messages
                .push(format!("naskh: {name}: page {}: {e}", page.number));
        }
    };
    let mut first = true;
    let result = naskh::extract_pages(bytes, opts, |page| {
        note_failure(&page, &mut outcome);
        match format {
            Format::Text => {
                if !first {
                    writer.write(b"\x0c");
                }
                writer.write(page.text().as_bytes());
            }
            Format::Json => json_pages.push(page),
            Format::Jsonl => {
                if !first {
                    text.push('\x0c');
                }
                text.push_str(&page.text());
                let mut d = serde_json::to_value(&page.diagnostics).unwrap_or_default();
                if let Some(obj) = d.as_object_mut() {
                    obj.insert("page".into(), page.number.into());
                }
                diagnostics.push(d);
            }
        }
        first = false;
    });
    match result {
        Ok(n) => outcome.pages = n,
        Err(e) => {
            outcome.messages.push(format!("naskh: {name}: {e}"));
            if format == Format::Jsonl {
                outcome.line = Some(jsonl_line(&input.path, 0, "", Vec::new(), Some(&e)));
            }
            outcome.error = Some(e);
            return outcome;
        }
    }
    match format {
        Format::Text => {}
        Format::Json => {
            let doc = Document { pages: json_pages };
            writer.write(naskh::output::to_json(&doc).as_bytes());
        }
        Format::Jsonl => {
            outcome.line = Some(jsonl_line(
                &input.path,
                outcome.pages,
                &text,
                diagnostics,
                None,
            ));
            return outcome;
        }
    }
    if let Err(e) = writer.finish() {
        outcome.messages.push(format!("naskh: {e}"));
        outcome.error = Some(e);
    }
    outcome
}

/// One JSONL record: `path`, `pages`, `text`, `diagnostics` (one object per
/// page, with its `page` number), and `error` (`null`, or the document's
/// error `kind` and `message`).
fn jsonl_line(
    path: &Path,
    pages: usize,
    text: &str,
    diagnostics: Vec<serde_json::Value>,
    error: Option<&Error>,
) -> String {
    // Written field by field to keep this order (a `Value` map sorts keys).
    let json = |v: serde_json::Value| v.to_string();
    let error = error.map_or_else(
        || "null".to_string(),
        |e| json(serde_json::json!({ "kind": e.kind(), "message": e.to_string() })),
    );
    let mut line = format!(
        "{{\"path\":{},\"pages\":{pages},\"text\":{},\"diagnostics\":{},\"error\":{error}}}",
        json(path.to_string_lossy().into()),
        json(text.into()),
        json(diagnostics.into()),
    );
    line.push('\n');
    line
}

/// Run `naskh extract`; returns the process exit code.
pub fn run(args: &ExtractArgs) -> i32 {
    let opts = match options(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("naskh: {e}");
            return e.exit_code();
        }
    };
    let inputs = collect_inputs(&args.inputs);
    if inputs.is_empty() {
        eprintln!("naskh: no PDF files found");
        return Error::Io(String::new()).exit_code();
    }
    let many = inputs.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
    if args.format != Format::Jsonl && !many {
        // One document: to stdout or the file given, as it has always been.
        let sink = match &args.output {
            Some(o) => Sink::File(o),
            None => Sink::Stdout,
        };
        let outcome = extract_one(&inputs[0], &opts, args.format, &sink);
        for m in &outcome.messages {
            eprintln!("{m}");
        }
        return exit_code(
            args,
            outcome.error.as_ref().map(Error::exit_code).unwrap_or(0),
            outcome.failed_pages > 0,
        );
    }
    batch(args, &opts, &inputs, many)
}

/// The exit code: the worst error's, else [`naskh::error::EXIT_PARTIAL`]
/// when pages failed under `--strict`, else 0.
fn exit_code(args: &ExtractArgs, worst: i32, any_partial: bool) -> i32 {
    if worst != 0 {
        worst
    } else if any_partial && args.strict {
        naskh::error::EXIT_PARTIAL
    } else {
        0
    }
}

/// Totals for the summary line.
#[derive(Default)]
struct Totals {
    files: usize,
    failed_files: usize,
    pages: usize,
    failed_pages: usize,
}

/// Extract many documents in parallel. Results come back to this thread in
/// completion order; messages and JSONL lines are released in input order
/// (documents are taken from the list in order, so few wait).
fn batch(args: &ExtractArgs, opts: &ExtractOptions, inputs: &[Input], many: bool) -> i32 {
    let start = Instant::now();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("naskh: cannot start {jobs} worker threads: {e}");
            return Error::Io(String::new()).exit_code();
        }
    };
    // JSONL goes to one stream; other formats to one file per input.
    let mut jsonl: Option<Box<dyn Write>> = None;
    if args.format == Format::Jsonl {
        jsonl = Some(match &args.output {
            Some(o) if o.is_dir() => {
                let e = Error::Usage(format!(
                    "{}: --format jsonl writes one stream; -o must name a file",
                    o.display()
                ));
                eprintln!("naskh: {e}");
                return e.exit_code();
            }
            Some(o) => match File::create(o) {
                Ok(f) => Box::new(BufWriter::new(f)),
                Err(e) => {
                    let e = Error::Io(format!("{}: {e}", o.display()));
                    eprintln!("naskh: {e}");
                    return e.exit_code();
                }
            },
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        });
    }
    // Writing a mirrored tree into the working directory unasked would
    // scatter (and overwrite) files there: a batch needs -o.
    let out_dir = match (&args.output, jsonl.is_some()) {
        (Some(o), _) => o.clone(),
        (None, true) => PathBuf::new(),
        (None, false) => {
            let e = Error::Usage(
                "a directory or several inputs need -o OUTDIR (or --format jsonl to stream)"
                    .to_string(),
            );
            eprintln!("naskh: {e}");
            return e.exit_code();
        }
    };
    let ext = match args.format {
        Format::Text => "txt",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
    };
    let progress = (many && !args.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = ProgressBar::new(inputs.len() as u64);
        pb.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} files {msg} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        pb.enable_steady_tick(Duration::from_millis(200));
        pb
    });
    let say = |m: &str| match &progress {
        Some(pb) => pb.println(m),
        None => eprintln!("{m}"),
    };

    let mut totals = Totals::default();
    let mut worst = 0;
    let mut write_error: Option<Error> = None;
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    // Set when the JSONL stream is gone (say, a closed pipe): no use going on.
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let format = args.format;
        let out_dir = &out_dir;
        let stop = &stop;
        scope.spawn(move || {
            pool.install(|| {
                inputs
                    .iter()
                    .enumerate()
                    .par_bridge()
                    .for_each_with(tx, |tx, (i, input)| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let target = out_dir.join(&input.rel).with_extension(ext);
                        let sink = match format {
                            Format::Jsonl => Sink::Memory,
                            _ => Sink::File(&target),
                        };
                        let outcome = extract_one(input, opts, format, &sink);
                        // The receiver only goes away when this thread is done.
                        let _ = tx.send((i, outcome));
                    });
            });
        });
        // Release in input order.
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut next = 0;
        for (i, outcome) in rx {
            totals.files += 1;
            totals.pages += outcome.pages;
            totals.failed_pages += outcome.failed_pages;
            if let Some(e) = &outcome.error {
                totals.failed_files += 1;
                worst = worst.max(e.exit_code());
            }
            if let Some(pb) = &progress {
                pb.inc(1);
                pb.set_message(format!(
                    "{} pages, {} errors",
                    totals.pages,
                    totals.failed_files + totals.failed_pages
                ));
            }
            pending.insert(i, outcome);
            while let Some(o) = pending.remove(&next) {
                next += 1;
                for m in &o.messages {
                    say(m);
                }
                if let (Some(w), Some(line)) = (jsonl.as_mut(), &o.line)
                    && write_error.is_none()
                    && let Err(e) = w.write_all(line.as_bytes())
                {
                    write_error = Some(Error::Io(format!("jsonl output: {e}")));
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    if let Some(w) = jsonl.as_mut()
        && write_error.is_none()
        && let Err(e) = w.flush()
    {
        write_error = Some(Error::Io(format!("jsonl output: {e}")));
    }
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if let Some(e) = write_error {
        eprintln!("naskh: {e}");
        worst = worst.max(e.exit_code());
    }
    if many && !args.quiet {
        eprintln!(
            "naskh: {} files ({} failed), {} pages ({} failed), {:.2} s",
            totals.files,
            totals.failed_files,
            totals.pages,
            totals.failed_pages,
            start.elapsed().as_secs_f64()
        );
    }
    exit_code(args, worst, totals.failed_pages > 0)
}
