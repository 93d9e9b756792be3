//! The big inputs of issue 16, made at any size, and folio run on them in a shell that can cap
//! its memory and report its CPU time: shared by tests/hostile_memory.rs (each under
//! `ulimit -v`) and tests/hostile_linear.rs (the same input at N, 2N and 4N).

#![allow(dead_code)] // each test file takes what it needs

use std::fs;
use std::path::Path;
use std::process::Command;

pub const BOOK: &str = "title: Big\nauthor: A\nlanguage: en\ncontents: [manuscript/a.md]\n";

/// One of the shapes at size `n`: book.yaml and manuscript/a.md under `root`.
pub fn make(root: &Path, shape: &str, n: usize) {
    let (yaml, md) = match shape {
        // An HTML export: every word in a span whose style folio drops (one warning each).
        "spans" => (
            BOOK.to_string(),
            format!(
                "# S\n\n{}\n",
                "<span style=\"color:red\">word</span> ".repeat(n)
            ),
        ),
        // Note calls glued together on one line.
        "calls-on-a-line" => (
            BOOK.to_string(),
            format!("# R\n\n{}\n\n[^a]: The note.\n", "[^a]".repeat(n)),
        ),
        // Note calls in ordinary paragraphs of 100 words.
        "note-refs" => {
            let para = vec!["w[^a]"; 100].join(" ");
            let mut md = String::with_capacity(n * 6 + 64);
            md.push_str("# Notes\n\n");
            for _ in 0..n / 100 {
                md.push_str(&para);
                md.push_str("\n\n");
            }
            md.push_str("[^a]: The note.\n");
            (BOOK.to_string(), md)
        }
        "yaml-flow" => (
            format!(
                "title: Big\nsubject: {}{}\ncontents: [manuscript/a.md]\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
            "# A\n\nx\n".to_string(),
        ),
        "open-maps" => (
            BOOK.to_string(),
            format!("---\ntitle: {}\n---\n\nx\n", "{a: ".repeat(n)),
        ),
        // A book title of n words over a body of 8,000.
        "title" => (
            format!(
                "title: {}\nauthor: A\nlanguage: en\ncontents: [manuscript/a.md]\n",
                "Word ".repeat(n).trim_end()
            ),
            format!("# A\n\n{}\n", "body ".repeat(8_000)),
        ),
        "dashes" => (BOOK.to_string(), format!("# D\n\n{}\n", "ab--".repeat(n))),
        // One word repeated: every line alike, so whether the paragraph ends in a runt
        // depends on n alone (64,000 did, and fell into a quadratic search).
        "identical" => (BOOK.to_string(), format!("# W\n\n{}\n", "word ".repeat(n))),
        // One paragraph of n ordinary words, all different in their neighbours (prose, not
        // one word repeated): the line breaker's cost over a long paragraph.
        "paragraph" => (
            BOOK.to_string(),
            format!(
                "# P\n\n{}\n",
                (0..n)
                    .map(|i| [
                        "quiet", "garden", "wall", "where", "foliage", "sprawls", "and", "climbs",
                        "toward", "evening", "light"
                    ][i % 11]
                        .to_string()
                        + if i % 13 == 0 { "," } else { "" })
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
        other => panic!("no shape {other}"),
    };
    fs::create_dir_all(root.join("manuscript")).unwrap();
    fs::write(root.join("manuscript/book.yaml"), yaml).unwrap();
    fs::write(root.join("manuscript/a.md"), md).unwrap();
}

/// What one run of folio did.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
    /// User CPU seconds of folio (every thread), as the shell's `times` reports them.
    pub user: f64,
}

/// `folio ARGS` in `root`, in `sh` with the address space capped at `limit_kb` (when given),
/// reporting its user CPU time. The cap is the shell's `ulimit -v`, inherited by folio.
pub fn run(root: &Path, args: &[&str], limit_kb: Option<u64>) -> Run {
    let ulimit = limit_kb.map_or(String::new(), |kb| format!("ulimit -v {kb} || exit 99; "));
    // `times` prints the shell's own times, then its children's: the second line is folio's.
    let script = format!("{ulimit}\"$0\" \"$@\" 2>\"$FOLIO_ERR\"; rc=$?; times; exit $rc");
    let err = root.join("stderr.txt");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(root)
        .env("FOLIO_ERR", &err)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1420070400")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs");
    let times = String::from_utf8_lossy(&out.stdout).into_owned();
    let user = times
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .and_then(minutes_seconds)
        .unwrap_or_else(|| panic!("no times from the shell: {times:?}"));
    Run {
        code: out.status.code(),
        stderr: fs::read_to_string(&err).unwrap_or_default(),
        user,
    }
}

/// `1m2.500s` -> 62.5
fn minutes_seconds(t: &str) -> Option<f64> {
    let (m, s) = t.strip_suffix('s')?.split_once('m')?;
    Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
}
