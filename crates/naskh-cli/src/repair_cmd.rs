//! `naskh repair [FILE|-] [-o OUT] [--report report.json]`: repair Arabic-script
//! text another tool already broke (see `naskh::repair`).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::PathBuf;

use naskh::Error;
use naskh::repair::{RepairOptions, repair_reader};

/// Arguments of the `repair` subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct RepairArgs {
    /// Text file to repair; `-` or nothing reads standard input.
    pub input: Option<PathBuf>,
    /// Write the repaired text here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Write a JSON report of every change and every unrecoverable site here.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Confidence (0–1) a guess needs before it is applied; lower guesses are
    /// only reported.
    #[arg(long, default_value_t = 0.9)]
    pub threshold: f64,
    /// Replace invalid UTF-8 with U+FFFD instead of failing (exit code 9).
    #[arg(long)]
    pub lossy: bool,
}

/// Run `naskh repair`; returns the process exit code.
pub fn run(args: &RepairArgs) -> i32 {
    match run_inner(args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("naskh repair: {e}");
            e.exit_code()
        }
    }
}

fn io_err(what: &str, e: io::Error) -> Error {
    Error::Io(format!("{what}: {e}"))
}

fn run_inner(args: &RepairArgs) -> Result<(), Error> {
    if !(0.0..=1.0).contains(&args.threshold) {
        return Err(Error::Usage(format!(
            "--threshold must be between 0 and 1, got {}",
            args.threshold
        )));
    }
    let opts = RepairOptions {
        threshold: args.threshold,
        ..RepairOptions::default()
    };
    let input: Box<dyn io::BufRead> = match &args.input {
        None => Box::new(io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(p) => Box::new(BufReader::new(
            File::open(p).map_err(|e| io_err(&p.display().to_string(), e))?,
        )),
    };
    let output: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).map_err(|e| io_err(&p.display().to_string(), e))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let report = repair_reader(input, output, &opts, args.lossy)?;
    if let Some(p) = &args.report {
        let json = report.to_json();
        std::fs::write(p, json).map_err(|e| io_err(&p.display().to_string(), e))?;
    }
    Ok(())
}
