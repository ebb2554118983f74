//! `naskh`: extract logical-order Unicode text from Arabic-script PDFs, and
//! repair text that other tools broke. A thin shell over the `naskh` library.

mod extract_cmd;

use std::process::ExitCode;

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
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
