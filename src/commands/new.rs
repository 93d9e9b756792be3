//! `folio new PATH`: write a new book project (see `scaffold`) and say what to do next.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{shown, Ui};
use crate::scaffold;

/// What `folio new` is asked to make.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder to create (it must not exist, or be empty).
    pub path: PathBuf,
    /// The book's title; from the folder's name when None.
    pub title: Option<String>,
}

pub fn run(args: &Options, ui: &Ui) -> ExitCode {
    let path = &args.path;
    if let Err(problem) = check_destination(path) {
        ui.error(&problem);
        return ExitCode::from(1);
    }
    let title = match &args.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => {
            ui.error("--title is empty: give the book a title, or leave --title out");
            return ExitCode::from(1);
        }
        None => {
            let folder = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .or_else(|| {
                    let cwd = std::env::current_dir().ok()?;
                    Some(cwd.file_name()?.to_string_lossy().into_owned())
                })
                .unwrap_or_default();
            scaffold::title_from_folder(&folder)
        }
    };
    let files = scaffold::files(&title);
    for (rel, text) in &files {
        let target = path.join(rel);
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|_| fs::write(&target, text));
        if let Err(e) = written {
            ui.error(&format!("cannot write {}: {e}", target.display()));
            return ExitCode::from(1);
        }
        ui.detail(&format!("  wrote {}", target.display()));
    }
    ui.status(
        "Created",
        &format!("`{title}` in {}", shown(path).display()),
    );
    if !ui.quiet {
        let dir = shown(path);
        say!(
            "\nNext:\n    cd {}\n    folio build      # the EPUB and PDF, into dist/\n    \
             folio watch      # build again on every save\n\
             Write in manuscript/; manuscript/book.yaml lists every setting. To publish from \
             GitHub,\npush the project (git init, commit, push) and then a tag: \
             .github/workflows/release.yml\nattaches the editions to a release.",
            dir.display()
        );
    }
    ExitCode::SUCCESS
}

/// A new project goes into a folder that does not exist or is empty: never over a book.
fn check_destination(path: &Path) -> Result<(), String> {
    if !path.exists() {
        return Ok(());
    }
    if !path.is_dir() {
        return Err(format!(
            "{} exists and is not a folder; choose a new path for the book",
            path.display()
        ));
    }
    let empty = fs::read_dir(path)
        .map(|mut entries| entries.next().is_none())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if empty {
        Ok(())
    } else {
        Err(format!(
            "{} is not empty; folio new makes a book only in a new or empty folder \
             (to work on the book that is there, run `folio build {}`)",
            path.display(),
            path.display()
        ))
    }
}
