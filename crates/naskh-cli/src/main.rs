//! `naskh`: extract logical-order Unicode text from Arabic-script PDFs, and
//! repair text that other tools broke. A thin shell over the `naskh` library.

mod extract_cmd;
mod limit_args;
mod repair_cmd;

use std::process::ExitCode;

// Repair allocates a few small strings per token; mimalloc serves them
// faster than glibc's malloc: ×1.12 per document on the repair-dev set
// (docs/repair.md, Measuring).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Faithful, searchable text from Arabic-script PDFs.
#[derive(Parser)]
#[command(name = "naskh", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract text from PDF files (a file, several files, a directory, or - for stdin).
    Extract(extract_cmd::ExtractArgs),
    /// Repair Arabic-script text that another tool broke (a file, or - for stdin).
    Repair(repair_cmd::RepairArgs),
    /// Print the raw glyph records of a page (for debugging layout).
    #[command(hide = true)]
    Glyphs {
        /// PDF file.
        file: std::path::PathBuf,
        /// 1-based page.
        #[arg(long, default_value_t = 1)]
        page: usize,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match &cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Repair(args) => repair_cmd::run(args),
        Command::Glyphs { file, page } => dump_glyphs(file, *page),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn dump_glyphs(file: &std::path::Path, page: usize) -> i32 {
    use naskh::pdf::GlyphSource;
    let run = || -> naskh::Result<()> {
        let bytes = std::fs::read(file).map_err(|e| naskh::Error::Io(e.to_string()))?;
        let doc = naskh::pdf::PdfDocument::open(bytes, "")?;
        let mut src = doc.glyphs(&naskh::pdf::Limits::default());
        let g = src.page_glyphs(page.saturating_sub(1))?;
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        for x in &g.glyphs {
            // A closed pipe (| head) just ends the listing.
            let _ = writeln!(
                out,
                "{:>5} {:>8.2} {:>8.2} adv={:>7.2} size={:>5.1} {:?} {:?} zero={} rev={} code={} gid={} form={:?}",
                x.seq,
                x.x,
                x.y,
                x.advance,
                x.size,
                x.text,
                x.source,
                x.zero_advance,
                x.reversed_chars,
                x.code,
                x.gid,
                x.form
            );
        }
        Ok(())
    };
    match run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("naskh: {e}");
            e.exit_code()
        }
    }
}
