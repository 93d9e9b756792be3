//! The command line: argument handling only; each subcommand's work is in `commands`, which
//! knows nothing of clap: the arguments become the plain options each command defines.
//!
//! Every flag is documented once, here, where it is defined: `folio --help`, the man page,
//! the shell completions and the README's command reference all come from these definitions
//! (a test keeps the README in step).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::commands::{self, Editions, Ui};
use crate::manuscript::{PdfX, Profile};

/// folio: build a book's EPUB and typeset PDF editions from a Markdown manuscript.
#[derive(Parser, Debug)]
#[command(
    name = "folio",
    version,
    about,
    after_help = "Exit codes: 0 success, 1 the book has errors (or the command failed), \
                  2 usage error.\nRun `folio new my-book` to start a book."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a new book project: a manuscript with two sample pieces that builds at once.
    New(NewArgs),
    /// Build the editions of the book into dist/ (or --out).
    Build(BuildArgs),
    /// Check the book as a build would, and lint it, without writing anything.
    Check(CheckArgs),
    /// Rebuild the editions whenever the manuscript, covers, fonts or book.yaml change.
    Watch(WatchArgs),
    /// Print a shell completion script.
    ///
    /// For example: `folio completions bash > ~/.local/share/bash-completion/completions/folio`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into --dir.
    Man {
        /// Write folio.1, folio-build.1, ... into this folder instead of folio.1 to stdout.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// How much folio says on stderr; global, so `folio -q build` and `folio build -q` agree.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct Verbosity {
    /// Print only diagnostics: no progress, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each step with its time and every file written.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The folder to create (it must not exist, or be empty).
    pub path: PathBuf,
    /// The book's title [default: from the folder's name].
    #[arg(long)]
    pub title: Option<String>,
}

/// The book, the editions to make of it and where to write them: what build and watch share.
#[derive(Args, Debug)]
pub struct Target {
    /// The book root: the folder holding manuscript/book.yaml [default: the nearest such
    /// folder, from the current one upward].
    #[arg(value_name = "BOOK_ROOT")]
    pub book_root: Option<PathBuf>,
    /// Write the editions into this folder instead of <BOOK_ROOT>/dist.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub editions: EditionChoice,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub target: Target,
    /// Open each edition written with the system's viewer.
    #[arg(long)]
    pub open: bool,
    /// `--deny warnings`: treat warnings (missing glyph, undefined footnote, low-resolution
    /// image, dropped HTML) as errors, so that nothing is written.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    /// Write the print files even when they fail the printer profile's preflight (the rules
    /// `folio check --profile` reports), each failure shown as a warning: for a proof of a
    /// book the printer would not take yet (too few pages, say). Without it, a book that
    /// names a printer (`print: profile:` or `--profile`) and fails a rule writes nothing.
    #[arg(long)]
    pub allow_preflight_failures: bool,
    #[command(flatten)]
    pub print: PrintArgs,
}

/// The print settings a command takes over book.yaml's: build, check and watch alike.
#[derive(Args, Debug, Clone, Default)]
pub struct PrintArgs {
    /// Check and shape the print edition for a printer (over book.yaml's `print: profile`).
    #[arg(long, value_enum, value_name = "PRINTER")]
    pub profile: Option<PrinterProfile>,
    /// Write the print PDFs as PDF/X (over book.yaml's `print: pdfx`).
    #[arg(long = "print", value_enum, value_name = "STANDARD")]
    pub print_standard: Option<PrintStandard>,
    /// Also use the fonts in this folder and its subfolders (system fonts, say), after the
    /// book's fonts/; may be given more than once. Nothing else outside the book is read.
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
}

/// Printers whose rules folio knows.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterProfile {
    /// Amazon KDP: no bookmarks or links, bleed on three edges.
    Kdp,
    /// IngramSpark: 0.5 in margins, PDF/X, an even page count ending on a blank.
    Ingramspark,
    /// No printer's rules beyond a well-made PDF.
    Generic,
}

impl From<PrinterProfile> for Profile {
    fn from(p: PrinterProfile) -> Profile {
        match p {
            PrinterProfile::Kdp => Profile::Kdp,
            PrinterProfile::Ingramspark => Profile::IngramSpark,
            PrinterProfile::Generic => Profile::Generic,
        }
    }
}

/// PDF/X levels folio writes.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStandard {
    /// PDF/X-4 (ISO 15930-7).
    Pdfx4,
    /// PDF/X-1a:2003 (ISO 15930-4): grey and CMYK only.
    Pdfx1a,
    /// PDF/X-1a:2003, said explicitly (the same as pdfx1a).
    #[value(name = "pdfx1a-2003")]
    Pdfx1a2003,
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, for preflights set to the 2001 part.
    #[value(name = "pdfx1a-2001")]
    Pdfx1a2001,
}

impl From<PrintStandard> for PdfX {
    fn from(p: PrintStandard) -> PdfX {
        match p {
            PrintStandard::Pdfx4 => PdfX::X4,
            PrintStandard::Pdfx1a | PrintStandard::Pdfx1a2003 => PdfX::X1a,
            PrintStandard::Pdfx1a2001 => PdfX::X1a2001,
        }
    }
}

impl PrintArgs {
    /// The print settings the command line gives, over book.yaml's.
    pub fn overrides(&self) -> crate::build::PrintOverrides {
        crate::build::PrintOverrides {
            profile: self.profile.map(Profile::from),
            pdfx: self.print_standard.map(PdfX::from),
            font_paths: self.font_paths.clone(),
        }
    }
}

impl From<&BuildArgs> for commands::build::Options {
    fn from(args: &BuildArgs) -> Self {
        commands::build::Options {
            book_root: book_root(args.target.book_root.as_deref()),
            out: args.target.out.clone(),
            editions: args.target.editions.into(),
            open: args.open,
            deny_warnings: args.deny == Some(Deny::Warnings),
            allow_preflight_failures: args.allow_preflight_failures,
            print: args.print.overrides(),
        }
    }
}

/// The book root a command works on: the one named; else the nearest folder that holds
/// manuscript/book.yaml, from the current one upward (as cargo finds Cargo.toml), so that
/// `folio build` works from inside manuscript/; else the current folder, whose missing
/// book.yaml the loader then reports.
fn book_root(named: Option<&Path>) -> PathBuf {
    if let Some(root) = named {
        return root.to_path_buf();
    }
    let here = PathBuf::from(".");
    let holds_book = |dir: &Path| dir.join("manuscript").join("book.yaml").is_file();
    if holds_book(&here) {
        return here;
    }
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            cwd.ancestors()
                .skip(1)
                .find(|d| holds_book(d))
                .map(Path::to_path_buf)
        })
        .unwrap_or(here)
}

/// Which editions to make; none named means the EPUB and the PDF: the cover wrap is for
/// the printer, made only when asked for (`--cover` alone: with the EPUB and the PDF).
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct EditionChoice {
    /// The EPUB 3 e-book.
    #[arg(long, help_heading = EDITIONS)]
    pub epub: bool,
    /// The typeset PDF (the book block for print).
    #[arg(long, help_heading = EDITIONS)]
    pub pdf: bool,
    /// The cover-wrap PDF (front, spine and back for print); alone, with --epub and --pdf.
    #[arg(long, help_heading = EDITIONS)]
    pub cover: bool,
}

const EDITIONS: &str =
    "Editions (default: --epub and --pdf; --cover adds the cover wrap, to them when alone)";

impl From<EditionChoice> for Editions {
    fn from(choice: EditionChoice) -> Self {
        Editions {
            epub: choice.epub,
            pdf: choice.pdf,
            cover: choice.cover,
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The book root: the folder holding manuscript/book.yaml [default: the nearest such
    /// folder, from the current one upward].
    #[arg(value_name = "BOOK_ROOT")]
    pub book_root: Option<PathBuf>,
    /// How to print diagnostics: for people, as JSON lines (one object per diagnostic, then
    /// a closing summary object), or as GitHub Actions annotations.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Treat warnings as errors for the exit code.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
    #[command(flatten)]
    pub print: PrintArgs,
}

impl From<&CheckArgs> for commands::check::Options {
    fn from(args: &CheckArgs) -> Self {
        commands::check::Options {
            book_root: book_root(args.book_root.as_deref()),
            message_format: match args.message_format {
                MessageFormat::Human => commands::check::MessageFormat::Human,
                MessageFormat::Json => commands::check::MessageFormat::Json,
                MessageFormat::Github => commands::check::MessageFormat::Github,
            },
            deny_warnings: args.deny == Some(Deny::Warnings),
            print: args.print.overrides(),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    Human,
    Json,
    Github,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub target: Target,
    /// Wait this long after the last change before rebuilding, so one save that touches
    /// several files (or an editor's write-then-rename) makes one build.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub debounce: u64,
    #[command(flatten)]
    pub print: PrintArgs,
}

impl From<&WatchArgs> for commands::watch::Options {
    fn from(args: &WatchArgs) -> Self {
        commands::watch::Options {
            book_root: book_root(args.target.book_root.as_deref()),
            out: args.target.out.clone(),
            editions: args.target.editions.into(),
            debounce: Duration::from_millis(args.debounce),
            print: args.print.overrides(),
        }
    }
}

impl From<&NewArgs> for commands::new::Options {
    fn from(args: &NewArgs) -> Self {
        commands::new::Options {
            path: args.path.clone(),
            title: args.title.clone(),
        }
    }
}

/// Run the command `cli` asks for (parsed by the binary, which also handles signals).
/// Exit codes: 0 success, 1 the book has errors (or the command failed); clap's usage errors
/// (2) happen while parsing.
pub fn run(cli: Cli) -> ExitCode {
    let ui = Ui::new(cli.verbosity.quiet, cli.verbosity.verbose);
    // build, check and watch report their own panics (watch goes on); this catches the rest.
    commands::bug::catch(|| dispatch(&cli, &ui)).unwrap_or_else(|bug| {
        ui.error(&format!("{bug}\n  = note: {}", commands::bug::BUG));
        ExitCode::from(1)
    })
}

fn dispatch(cli: &Cli, ui: &Ui) -> ExitCode {
    match &cli.command {
        Command::New(args) => commands::new::run(&args.into(), ui),
        Command::Build(args) => commands::build::run(&args.into(), ui),
        Command::Check(args) => commands::check::run(&args.into(), ui),
        Command::Watch(args) => commands::watch::run(&args.into(), ui),
        Command::Completions { shell } => {
            // Made in memory: clap_complete panics when its writer fails (a closed pipe).
            let mut cmd = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "folio", &mut script);
            match std::io::stdout().lock().write_all(&script) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    ui.error(&format!("cannot write the completions: {e}"));
                    ExitCode::from(1)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Command::Man { dir } => man(Cli::command(), dir.as_deref(), ui),
    }
}

/// `folio man`: folio.1 to stdout, or every command's page into `dir`. Here rather than in
/// `commands`, as it is made from the clap definitions themselves.
fn man(cmd: clap::Command, dir: Option<&Path>, ui: &Ui) -> ExitCode {
    let result = match dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|_| clap_mangen::generate_to(cmd, dir))
            .map(|_| ui.status("Wrote", &format!("man pages into {}", dir.display()))),
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock()),
    };
    match result {
        // The reader of stdout left (`folio man | head`): nothing is wrong, as for ripgrep.
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && dir.is_none() => ExitCode::SUCCESS,
        Err(e) => {
            ui.error(&format!("cannot write the man page: {e}"));
            ExitCode::from(1)
        }
    }
}

/// The command reference in the README: each command's `--help`, as clap renders it.
pub fn reference_markdown() -> String {
    let mut cmd = Cli::command().term_width(100);
    cmd.build();
    let mut out = String::new();
    let mut section = |title: String, help: String| {
        out.push_str(&format!(
            "### {title}\n\n```text\n{}\n```\n\n",
            help.trim_end()
        ));
    };
    section("folio".into(), cmd.render_help().to_string());
    for sub in cmd.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("folio {}", sub.get_name());
        let help = sub.render_help().to_string();
        section(name, help);
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_keeps_its_original_form() {
        let cli = Cli::try_parse_from(["folio", "build", "book", "--out", "x"]).unwrap();
        let Command::Build(args) = cli.command else {
            panic!("not build")
        };
        assert_eq!(args.target.book_root, Some(PathBuf::from("book")));
        assert_eq!(args.target.out, Some(PathBuf::from("x")));
        let editions = args.target.editions;
        assert!(!editions.epub && !editions.pdf && !editions.cover);
    }

    #[test]
    fn check_and_watch_take_the_print_settings_as_build_does() {
        let expected = crate::build::PrintOverrides {
            profile: Some(Profile::IngramSpark),
            pdfx: Some(PdfX::X1a),
            font_paths: vec![PathBuf::from("/a"), PathBuf::from("b")],
        };
        for command in ["build", "check", "watch"] {
            let cli = Cli::try_parse_from([
                "folio",
                command,
                "--profile",
                "ingramspark",
                "--print",
                "pdfx1a",
                "--font-path",
                "/a",
                "--font-path",
                "b",
            ])
            .unwrap();
            let print = match cli.command {
                Command::Build(a) => a.print,
                Command::Check(a) => a.print,
                Command::Watch(a) => a.print,
                _ => unreachable!(),
            };
            assert_eq!(print.overrides(), expected, "{command}");
        }
    }

    #[test]
    fn quiet_and_verbose_exclude_each_other() {
        assert!(Cli::try_parse_from(["folio", "build", "-q", "-v"]).is_err());
        let cli = Cli::try_parse_from(["folio", "-q", "check"]).unwrap();
        assert!(cli.verbosity.quiet);
    }
}
