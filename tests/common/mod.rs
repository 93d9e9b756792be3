//! Helpers shared by the integration tests: building the example book once, and running
//! external validators that may be missing locally but must be present under CI=true.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True when the environment says this is CI, where a missing validator is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether `program` runs; if not, skip visibly (or fail under CI).
pub fn require_tool(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            !in_ci(),
            "{program} is required under CI=true but is not installed"
        );
        eprintln!("SKIPPED: {program} not installed (it is required under CI=true)");
    }
    ok
}

/// Whether python3 has module `module`; if not, skip visibly (or fail under CI).
pub fn require_python_module(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            !in_ci(),
            "python module {module} is required under CI=true but is missing"
        );
        eprintln!("SKIPPED: python3 module {module} not installed (required under CI=true)");
    }
    ok
}

/// Run a Python `script` on `file` (its `sys.argv[1]`) and return what it printed; a script
/// that fails fails the test with its error output.
pub fn python_on(script: &str, file: &Path) -> String {
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One word of a PDF as PyMuPDF extracts it: its page (from 0), its box in points from the
/// page's top left, and its text.
pub struct PdfWord {
    pub page: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// Every word of `pdf` with its box, in PyMuPDF's reading order (needs the `fitz` module:
/// call `require_python_module("fitz")` first).
pub fn pdf_words(pdf: &Path) -> Vec<PdfWord> {
    const WORDS: &str = r#"
import sys, fitz
for n, page in enumerate(fitz.open(sys.argv[1])):
    for w in page.get_text("words"):
        print(f"{n}\t{w[0]:.2f}\t{w[1]:.2f}\t{w[2]:.2f}\t{w[3]:.2f}\t{w[4]}")
"#;
    python_on(WORDS, pdf)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.splitn(6, '\t').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap();
            PdfWord {
                page: f[0].parse().unwrap(),
                x0: n(1),
                y0: n(2),
                x1: n(3),
                y1: n(4),
                text: f[5].to_owned(),
            }
        })
        .collect()
}

/// pdftotext's reading of pages `first..=last` of `pdf` (all when None), whitespace
/// collapsed to single spaces; None when pdftotext is missing (and CI is not set).
pub fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> Option<String> {
    if !require_tool("pdftotext", &["-v"]) {
        return None;
    }
    let mut cmd = Command::new("pdftotext");
    if let Some((first, last)) = pages {
        cmd.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    Some(
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Write `text` to `rel` under `root`, making its folders.
pub fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Copy the example book (manuscript/ only) to `to`, with `print` (YAML lines, indented)
/// added under a `print:` key of book.yaml when it is not empty.
pub fn copy_example_with(to: &Path, print: &str) {
    for dir in [
        "manuscript/reviews",
        "manuscript/reportage",
        "manuscript/analysis",
    ] {
        std::fs::create_dir_all(to.join(dir)).unwrap();
        for entry in std::fs::read_dir(repo_root().join(dir)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(dir).join(entry.file_name())).unwrap();
        }
    }
    let yaml = std::fs::read_to_string(repo_root().join("manuscript/book.yaml")).unwrap();
    let yaml = if print.is_empty() {
        yaml
    } else {
        format!("{yaml}print:\n{print}")
    };
    std::fs::write(to.join("manuscript/book.yaml"), yaml).unwrap();
}

/// A PDF array of numbers (a box, a matrix) as floats.
pub fn numbers(obj: &lopdf::Object) -> Vec<f32> {
    obj.as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect()
}

/// Run the folio binary with the given arguments and environment additions.
pub fn folio(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the folio binary runs")
}

/// The example book built once per test binary into a temporary folder:
/// (epub path, pdf path).
pub fn example_build() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf, tempfile::TempDir)> = OnceLock::new();
    let (epub, pdf, _) = BUILT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let o = folio(
            &[
                "build",
                repo_root().to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
            ],
            &[("SOURCE_DATE_EPOCH", "1420070400")],
        );
        assert!(
            o.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let slug = "seen-read-heard-january-2015";
        (
            out.path().join(format!("{slug}.epub")),
            out.path().join(format!("{slug}.pdf")),
            out,
        )
    });
    // A reference with the TempDir kept alive by the static.
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| (epub.clone(), pdf.clone()))
}

/// Copy the folder `from` to `to`, recursively (a fixture into a temporary book).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `folio build ROOT --out OUT` at a fixed SOURCE_DATE_EPOCH; fails the test unless the
/// build succeeds, and gives its stderr.
pub fn build_ok(root: &Path, out: &Path) -> String {
    let o = folio(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[("SOURCE_DATE_EPOCH", "1420070400")],
    );
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "build failed: {stderr}");
    stderr
}

/// The PDF a build wrote into `dir` (the interior: a cover's name ends in `-cover.pdf`).
pub fn pdf_in(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "pdf")
                && !p.to_string_lossy().ends_with("-cover.pdf")
        })
        .unwrap_or_else(|| panic!("no PDF in {}", dir.display()))
}
