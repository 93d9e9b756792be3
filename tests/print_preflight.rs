//! `folio check --profile X`: the printer's preflight report, one line a rule with pass or
//! fail, for people and as JSON lines, measured from the written interior PDF.

mod common;

use common::{copy_example_with, folio};

const RULES: [&str; 19] = [
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
    "cover: trim",
    "cover: bleed",
    "cover: spine text",
    "cover: barcode",
    "cover: safe zones",
    "cover: art resolution",
    "cover: ink limit",
    "cover: PDF/X",
    "cover: fonts embedded",
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
        // The bleed asked for is the cover's too.
        let bleed = r["rule"] == "bleed" || r["rule"] == "cover: bleed";
        let want = if bleed { "fail" } else { "pass" };
        assert_eq!(r["status"], want, "{r}");
        assert!(!r["detail"].as_str().unwrap().is_empty());
    }
    let finished = stdout.lines().last().unwrap();
    assert!(finished.contains("\"success\":false"), "{finished}");
}

/// A book of a few pages under `profile: kdp`, the profile on line 3 of book.yaml.
fn short_kdp_book(root: &std::path::Path) {
    common::write_file(
        root,
        "manuscript/book.yaml",
        "title: A Short Book\nprint:\n  profile: kdp\n",
    );
    common::write_file(
        root,
        "manuscript/one.md",
        "# One\n\nA chapter of one paragraph, far too short for a printer.\n",
    );
}

/// The files in `dir`, temporaries included; none when it does not exist.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_build_that_fails_a_rule_writes_nothing_and_says_which_rule() {
    let dir = tempfile::tempdir().unwrap();
    short_kdp_book(dir.path());
    let out = folio(
        &["build", dir.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The rule, what was measured, the key to blame (`profile:`, line 3) and a hint.
    let measured = stderr
        .split("preflight rule `page count`: ")
        .nth(1)
        .and_then(|rest| rest.split_once(" pages; KDP prints 24 to 828"))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no page count failure in {stderr}"));
    assert!(measured < 24, "{stderr}");
    assert!(stderr.contains("manuscript/book.yaml:3:"), "{stderr}");
    assert!(stderr.contains("--allow-preflight-failures"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    let written = files_in(&dir.path().join("dist"));
    assert!(written.is_empty(), "{written:?}");
    // Nor does `--cover` get its wrap out of a book the printer would refuse.
    let out = folio(
        &["build", dir.path().to_str().unwrap(), "--cover"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(files_in(&dir.path().join("dist")).is_empty());
}

#[test]
fn the_failures_can_be_allowed_for_a_proof_and_without_a_profile_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    short_kdp_book(dir.path());
    let out = folio(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--allow-preflight-failures",
        ],
        &[("NO_COLOR", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: the print files fail the kdp profile's preflight rule `page count`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("allowed by --allow-preflight-failures"),
        "{stderr}"
    );
    let mut written = files_in(&dir.path().join("dist"));
    written.sort();
    assert_eq!(written, ["a-short-book.epub", "a-short-book.pdf"]);

    // The same book naming no printer: no rule, no message.
    let plain = tempfile::tempdir().unwrap();
    short_kdp_book(plain.path());
    common::write_file(
        plain.path(),
        "manuscript/book.yaml",
        "title: A Short Book\n",
    );
    let out = folio(
        &["build", plain.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("preflight"), "{stderr}");
    assert_eq!(files_in(&plain.path().join("dist")).len(), 2);
}

#[test]
fn a_passing_build_writes_both_files_and_a_failing_setting_is_shown_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    copy_example_with(dir.path(), "  profile: kdp\n");
    let out = folio(
        &["build", dir.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written = files_in(&dir.path().join("dist"));
    written.sort();
    assert_eq!(
        written,
        [
            "seen-read-heard-january-2015.epub",
            "seen-read-heard-january-2015.pdf"
        ]
    );

    // 0.1 in of bleed is under KDP's 0.125 in: the error is at `bleed:`'s line.
    let dir = tempfile::tempdir().unwrap();
    copy_example_with(dir.path(), "  profile: kdp\n  bleed: 0.1in\n");
    let yaml = std::fs::read_to_string(dir.path().join("manuscript/book.yaml")).unwrap();
    let line = 1 + yaml.lines().position(|l| l.contains("bleed:")).unwrap();
    let out = folio(
        &["build", dir.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("preflight rule `bleed`: 0.100 in"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("manuscript/book.yaml:{line}:")),
        "line {line}: {stderr}"
    );
    assert!(stderr.contains("bleed: true"), "the hint: {stderr}");
    assert!(files_in(&dir.path().join("dist")).is_empty());
}

#[test]
fn check_reports_the_rules_of_a_profile_book_yaml_names() {
    let dir = tempfile::tempdir().unwrap();
    short_kdp_book(dir.path());
    let out = folio(
        &["check", dir.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("page count"))
        .unwrap_or_else(|| panic!("no page count rule in {stdout}"));
    assert!(line.starts_with("FAIL"), "{line}");
}

/// A book of `pieces` generated chapters (about four 6x9 pages each) with `yaml` (whole
/// lines) in its book.yaml after the title, description and print ISBN.
fn long_book(root: &std::path::Path, pieces: usize, yaml: &str) {
    let paragraph = "The body of the chapter goes on for a while, as chapters of a real book do, \
                     with sentences of ordinary length and words of ordinary kinds. "
        .repeat(12);
    common::write_file(
        root,
        "manuscript/book.yaml",
        &format!(
            "title: A Long Book\nauthor: A. Writer\ndescription: A book long enough for its \
             spine to carry its title, for testing the cover's rules.\n\
             isbn:\n  print: 978-0-306-40615-7\n{yaml}"
        ),
    );
    for n in 0..pieces {
        common::write_file(
            root,
            &format!("manuscript/c{n:02}.md"),
            &format!("# Chapter {n}\n\n{}", format!("{paragraph}\n\n").repeat(6)),
        );
    }
}

fn json_rules(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .filter(|v: &serde_json::Value| v["reason"] == "preflight-rule")
        .collect()
}

#[test]
fn check_reads_the_cover_spine_text_barcode_safe_zones_ink_and_pdfx() {
    let dir = tempfile::tempdir().unwrap();
    long_book(
        dir.path(),
        30,
        "print:\n  profile: ingramspark\n  pdfx: x1a\n",
    );
    let out = folio(
        &[
            "check",
            dir.path().to_str().unwrap(),
            "--message-format",
            "json",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let rules = json_rules(&stdout);
    let names: Vec<&str> = rules.iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(names, RULES);
    let detail = |name: &str| {
        let r = rules.iter().find(|r| r["rule"] == name).unwrap();
        assert_eq!(r["status"], "pass", "{r}");
        r["detail"].as_str().unwrap().to_owned()
    };
    let pages: usize = detail("page count")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        pages >= 48,
        "{pages} pages: IngramSpark's spine text rule applies"
    );
    // Spine text set and counted from the file; the EAN-13's 30 bars on the back.
    assert!(detail("cover: spine text").contains("runs of type"));
    assert!(detail("cover: barcode").contains("(30 bars)"));
    let safe = detail("cover: safe zones");
    assert!(
        !safe.contains("no type"),
        "type on back, spine and front: {safe}"
    );
    assert!(detail("cover: PDF/X").contains("PDF/X-1a:2003, an output intent"));
    assert!(detail("cover: trim").contains(&format!("for {pages} pages")));

    // The same book as the human report: one line a rule, the cover's among them.
    let out = folio(&["check", dir.path().to_str().unwrap()], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for rule in RULES {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("pass") && l[4..].trim_start().starts_with(rule)),
            "{rule}: {stdout}"
        );
    }
}

#[test]
fn soft_cover_art_fails_the_cover_rule_and_a_cover_build_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    long_book(
        dir.path(),
        8,
        "cover: covers/front.png\nprint:\n  profile: kdp\n",
    );
    // 200 × 300 pixels over a 6.125 in front: about 33 pixels an inch.
    let png = dir.path().join("covers/front.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(200, 300, image::Rgb([20, 60, 120]))
        .save(&png)
        .unwrap();
    let out = folio(
        &[
            "check",
            dir.path().to_str().unwrap(),
            "--message-format",
            "json",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    let rules = json_rules(&stdout);
    let art = rules
        .iter()
        .find(|r| r["rule"] == "cover: art resolution")
        .unwrap();
    assert_eq!(art["status"], "fail", "{art}");
    let ppi: f32 = art["detail"]
        .as_str()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((30.0..36.0).contains(&ppi), "{art}");
    // Without the PDF/X the art stays RGB: its ink is not folio's to measure.
    let ink = rules
        .iter()
        .find(|r| r["rule"] == "cover: ink limit")
        .unwrap();
    assert_eq!(ink["status"], "not checked", "{ink}");

    // Building the interior alone, the cover's rules do not apply.
    let out = folio(
        &["build", dir.path().to_str().unwrap()],
        &[("NO_COLOR", "1")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(dir.path().join("dist")).unwrap();
    // With the cover, the build stops on the rule, writing none of the three files; the
    // cover without its interior is held to the same rules, and the EPUB is not written
    // either.
    for with in [&["--cover"][..], &["--cover", "--epub"]] {
        let mut args = vec!["build", dir.path().to_str().unwrap()];
        args.extend_from_slice(with);
        let out = folio(&args, &[("NO_COLOR", "1")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{with:?}: {stderr}");
        assert!(
            stderr.contains("preflight rule `cover: art resolution`"),
            "{with:?}: {stderr}"
        );
        assert!(files_in(&dir.path().join("dist")).is_empty(), "{with:?}");
    }
    // A proof can still be had, with every failure said as a warning.
    let out = folio(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--cover",
            "--epub",
            "--allow-preflight-failures",
        ],
        &[("NO_COLOR", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("cover: art resolution"), "{stderr}");
    let written = files_in(&dir.path().join("dist"));
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(
        written.iter().any(|f| f.ends_with("-cover.pdf")),
        "{written:?}"
    );
    assert!(written.iter().any(|f| f.ends_with(".epub")), "{written:?}");
}
