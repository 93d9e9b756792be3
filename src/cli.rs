//! The command line: argument handling only; the work is done by the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{build, BuildOptions};
use crate::edition::Edition;

/// folio: build a book's EPUB and typeset PDF editions from a Markdown manuscript.
#[derive(Parser, Debug)]
#[command(name = "folio", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the editions of the book into dist/ (or --out).
    Build {
        /// The book root: the folder holding manuscript/book.yaml.
        #[arg(default_value = ".")]
        book_root: PathBuf,
        /// Write the editions into this folder instead of <BOOK_ROOT>/dist.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// `--deny warnings`: treat warnings (missing glyph, unresolved footnote,
        /// low-resolution image, dropped HTML) as errors, so nothing is written.
        #[arg(long, value_name = "LINT", value_parser = ["warnings"])]
        deny: Option<String>,
    },
}

/// Exit codes: 0 success, 1 the book has errors, 2 usage (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            book_root,
            out,
            deny,
        } => run_build(book_root, out, deny.is_some()),
    }
}

fn run_build(book_root: PathBuf, out: Option<PathBuf>, deny_warnings: bool) -> ExitCode {
    let epub = crate::epub::EpubEdition;
    let pdf = crate::typeset::PdfEdition;
    let editions: Vec<&dyn Edition> = vec![&epub, &pdf];
    let opts = BuildOptions {
        root: book_root,
        out_dir: out,
        editions,
        deny_warnings,
    };
    match build(&opts) {
        Ok(report) => {
            crate::diag::eprint(&report.warnings);
            for (path, size) in &report.written {
                eprintln!("wrote {} ({} KB)", path.display(), size.div_ceil(1024));
            }
            eprintln!(
                "built {} pieces in {:.2} s",
                report.pieces,
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            crate::diag::eprint(&diags);
            let n = diags.errors().count();
            eprintln!(
                "error: the book has {n} error{}; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}
