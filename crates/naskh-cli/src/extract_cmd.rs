//! `naskh extract`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use naskh::layout::{LayoutOptions, UnmappedPolicy};
use naskh::output::normalize::Profile;
use naskh::{Error, ExtractOptions};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text: paragraphs separated by a blank line, pages by a form feed.
    Text,
    /// JSON: pages → blocks → lines → words with boxes, plus diagnostics.
    Json,
}

/// What to print for a glyph without Unicode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Unmapped {
    /// Nothing.
    Skip,
    /// U+FFFD.
    Replace,
}

/// Arguments of `naskh extract`.
#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// PDF files or directories; `-` reads standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or directory (several inputs or a directory).
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
            profile: if args.faithful { Profile::Faithful } else { Profile::Search },
            unmapped: match args.unmapped {
                Unmapped::Skip => UnmappedPolicy::Skip,
                Unmapped::Replace => UnmappedPolicy::Replace,
            },
        },
        ..ExtractOptions::default()
    })
}

/// Collect PDF inputs: files as given, directories walked (sorted) for `*.pdf`.
fn collect_inputs(inputs: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut stack = vec![input.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&dir) else { continue };
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
                out.push((p, rel));
            }
        } else {
            let rel = PathBuf::from(input.file_name().unwrap_or(input.as_os_str()));
            out.push((input.clone(), rel));
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

/// Render one document; returns the output and how many pages failed.
fn render(bytes: &[u8], opts: &ExtractOptions, format: Format, name: &Path) -> Result<(String, usize), Error> {
    let doc = naskh::extract(bytes, opts)?;
    let mut failed = 0;
    for p in doc.failed_pages() {
        failed += 1;
        if let Some(e) = &p.error {
            eprintln!("naskh: {}: page {}: {e}", name.display(), p.number);
        }
    }
    let out = match format {
        Format::Text => doc.text(),
        Format::Json => naskh::output::to_json(&doc),
    };
    Ok((out, failed))
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
    let many = inputs.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
    if inputs.is_empty() {
        eprintln!("naskh: no PDF files found");
        return Error::Io(String::new()).exit_code();
    }
    let ext = match args.format {
        Format::Text => "txt",
        Format::Json => "json",
    };
    let mut worst = 0;
    let mut any_partial = false;
    for (path, rel) in &inputs {
        let result = read_input(path).and_then(|b| render(&b, &opts, args.format, path));
        match result {
            Ok((text, failed)) => {
                if failed > 0 {
                    any_partial = true;
                }
                let written = if many {
                    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
                    let target = dir.join(rel).with_extension(ext);
                    write_file(&target, &text)
                } else if let Some(o) = &args.output {
                    write_file(o, &text)
                } else {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())
                        .map_err(|e| Error::Io(format!("stdout: {e}")))
                };
                if let Err(e) = written {
                    eprintln!("naskh: {e}");
                    worst = worst.max(e.exit_code());
                }
            }
            Err(e) => {
                eprintln!("naskh: {}: {e}", path.display());
                worst = worst.max(e.exit_code());
            }
        }
    }
    if worst != 0 {
        worst
    } else if any_partial {
        if args.strict { naskh::error::EXIT_PARTIAL } else { 0 }
    } else {
        0
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(format!("{}: {e}", parent.display())))?;
    }
    std::fs::write(path, text).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
}
