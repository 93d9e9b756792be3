//! `folio check --profile X`: the printer's preflight report, one line a rule with pass or
//! fail, for people and as JSON lines, measured from the written interior PDF.

mod common;

use common::{copy_example_with, folio};

const RULES: [&str; 12] = [
    "trim",
    "margins: body",
    "margins: heads and folios",
    "gutter",
    "page count",
    "bleed",
    "PDF/X",
    "fonts embedded",
    "images resolution",
    "ink limit",
    "barcode",
    "spine",
];

fn check(print: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    copy_example_with(dir.path(), print);
    let mut all = vec!["check", dir.path().to_str().unwrap()];
    all.extend_from_slice(args);
    folio(&all, &[])
}

#[test]
fn the_report_lists_every_rule_with_pass_or_fail() {
    let out = check("", &["--profile", "kdp"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for rule in RULES {
        let line = stdout
            .lines()
            .find(|l| l[4..].trim_start().starts_with(rule))
            .unwrap_or_else(|| panic!("no `{rule}` line in\n{stdout}"));
        assert!(line.starts_with("pass"), "{line}");
    }
    // The closest text ink is measured from the file: the defaults keep it 0.5 in away.
    let heads = stdout
        .lines()
        .find(|l| l.contains("heads and folios"))
        .unwrap();
    assert!(heads.contains("text ink 0.5"), "{heads}");
    // Without --profile, no report.
    let plain = check("", &[]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("gutter"));
}

#[test]
fn a_failing_rule_fails_the_check_in_json_too() {
    // 0.1 in of bleed is under every printer's 0.125 in.
    let out = check(
        "  bleed: 0.1in\n",
        &["--profile", "kdp", "--message-format", "json"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    let rules: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .filter(|v: &serde_json::Value| v["reason"] == "preflight-rule")
        .collect();
    let names: Vec<&str> = rules.iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(names, RULES);
    for r in &rules {
        let want = if r["rule"] == "bleed" { "fail" } else { "pass" };
        assert_eq!(r["status"], want, "{r}");
        assert!(!r["detail"].as_str().unwrap().is_empty());
    }
    let finished = stdout.lines().last().unwrap();
    assert!(finished.contains("\"success\":false"), "{finished}");
}
