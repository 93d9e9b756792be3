//! The YAML layer: the only module that names the parser's types.
//!
//! The parser is saphyr-parser, the maintained successor of yaml-rust (serde_yaml, used
//! before, is archived). It is chosen over serde-saphyr and yaml-rust2 because it is the
//! bare event parser with a span on every event and on every error: folio builds its own
//! [`Value`] tree from the events, so every check a book's author needs can be made while
//! the events arrive, at the place they concern:
//!
//! - a key written twice is an error at the second, naming the first;
//! - nesting deeper than [`MAX_YAML_DEPTH`] stops the walk at the level that crosses it,
//!   so `[[[…` 100,000 levels deep costs what 129 levels cost;
//! - aliases are expanded by counting: each one adds what its anchor holds to a budget of
//!   [`MAX_YAML_VALUES`] values, so nine lines of `[*a,*a,…]` ("billion laughs") stop at the
//!   alias that crosses it, before anything is copied;
//! - every key's and list item's place is kept ([`Source::at_path`]), so a diagnostic
//!   about a value is shown at its key, however the YAML is written (flow maps, quoted
//!   keys, comments).
//!
//! folio reads YAML as a generic mapping and checks keys itself, so that every unknown key
//! is reported (with a suggestion), not just the first one a deserializer would stop at.
//! Plain scalars are resolved as YAML 1.2's core schema does (`null`, `true`, numbers).

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};

use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::{MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES};

/// A YAML value as folio reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as YAML wrote it (`11`, `0.0025`): folio reads numbers through their text.
    Number(String),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
    /// A tagged value (`!tag value`); the tag means nothing to folio.
    Tagged(Box<Value>),
}

/// A YAML map, in the order written; keys as text (a number or list as key is written out).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping(Vec<(String, Value)>);

impl Mapping {
    pub fn new() -> Mapping {
        Mapping::default()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
}

/// Where a YAML snippet sits in its file, for diagnostics.
pub struct Source<'a> {
    pub file: &'a Path,
    /// The whole file's text (for quoting the offending line).
    pub file_text: &'a str,
    /// The YAML text itself (book.yaml: the whole file; front matter: the block).
    pub yaml: &'a str,
    /// Lines of the file before the YAML text starts.
    pub line_offset: usize,
    /// Where each key and list item is written, read once on first use.
    places: OnceCell<Places>,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a Path, file_text: &'a str, yaml: &'a str, line_offset: usize) -> Self {
        Source {
            file,
            file_text,
            yaml,
            line_offset,
            places: OnceCell::new(),
        }
    }

    fn places(&self) -> &Places {
        self.places.get_or_init(|| Places::of(self.yaml))
    }

    /// A diagnostic at a 1-based line and column of the YAML text.
    pub fn at(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        d.at(
            self.file,
            Some(self.file_text),
            line + self.line_offset,
            column,
        )
    }

    /// A diagnostic at the first place `key` is written as a key (at any depth), else line 1.
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let (line, column) = self.places().first_key(key).unwrap_or((1, 1));
        self.at(d, line, column)
    }

    /// A diagnostic at the key `path` leads to (`["print", "margins", "top"]`), else where
    /// its last key is first written, else line 1.
    pub fn at_path(&self, d: Diagnostic, path: &[&str]) -> Diagnostic {
        let (line, column) = self.path_position(path).unwrap_or((1, 1));
        self.at(d, line, column)
    }

    /// 1-based (line, column) of the key `path` leads to, else of its last key's first place.
    pub fn path_position(&self, path: &[&str]) -> Option<(usize, usize)> {
        let places = self.places();
        places
            .find(path)
            .map(|n| places.nodes[n].at)
            .or_else(|| path.last().and_then(|k| places.first_key(k)))
    }
}

/// Parse the YAML text as a mapping; a syntax error or a non-mapping is a diagnostic.
pub fn parse_mapping(src: &Source, what: &str, diags: &mut Diagnostics) -> Option<Mapping> {
    if src.yaml.len() > MAX_YAML_BYTES {
        diags.push(
            src.at(
                Diagnostic::error(format!(
                    "{what} is larger than {} MB",
                    MAX_YAML_BYTES / (1024 * 1024)
                )),
                1,
                1,
            )
            .hint("book metadata is a few lines; move long texts into the chapters"),
        );
        return None;
    }
    if src.yaml.trim().is_empty() {
        return Some(Mapping::new());
    }
    let (root, places, problems) = read(src.yaml);
    // The places come from the same walk; keep them for the diagnostics that follow.
    let _ = src.places.set(places);
    if !problems.is_empty() {
        for p in problems {
            diags.push(p.diagnostic(src, what));
        }
        return None;
    }
    match root {
        Some(Value::Mapping(m)) => Some(m),
        None | Some(Value::Null) => Some(Mapping::new()),
        Some(other) => {
            diags.push(
                src.at(
                    Diagnostic::error(format!(
                        "{what} must be a map of `key: value` lines, found {}",
                        describe(&other)
                    )),
                    1,
                    1,
                )
                .hint("write one `key: value` per line, e.g. `title: My Book`"),
            );
            None
        }
    }
}

/// What stopped or spoiled a read, with its 1-based place in the YAML text.
#[derive(Debug)]
enum Problem {
    Syntax {
        info: String,
        at: (usize, usize),
    },
    /// The quote that opened the scalar that never closes.
    Unclosed {
        quote: char,
        at: (usize, usize),
    },
    /// A tab in the indentation of a line (1-based).
    Tab {
        line: usize,
        column: usize,
    },
    TooDeep {
        at: (usize, usize),
    },
    TooMany {
        at: (usize, usize),
    },
    Duplicate {
        key: String,
        at: (usize, usize),
        first: (usize, usize),
    },
    SecondDocument {
        at: (usize, usize),
    },
}

const SYNTAX_HINT: &str =
    "check indentation and quoting; a value containing `: ` or starting with a special character needs quotes";

impl Problem {
    fn diagnostic(self, src: &Source, what: &str) -> Diagnostic {
        let (d, (line, column)) = match self {
            Problem::Syntax { info, at } => (
                Diagnostic::error(format!("YAML syntax error in {what}: {info}")).hint(SYNTAX_HINT),
                at,
            ),
            Problem::Unclosed { quote, at } => (
                Diagnostic::error(format!(
                    "YAML syntax error in {what}: the quote `{quote}` opened here is never closed"
                ))
                .hint(format!("end the text with a matching `{quote}`; a `{quote}` inside it is written {}", if quote == '"' { "`\\\"`" } else { "`''`" })),
                at,
            ),
            Problem::Tab { line, column } => {
                let text = src.yaml.lines().nth(line - 1).unwrap_or("");
                (
                    Diagnostic::error(format!(
                        "YAML syntax error in {what}: a tab in the indentation of `{}`",
                        text.replace('\t', "\\t")
                    ))
                    .hint("use spaces to indent YAML: it does not allow tabs there"),
                    (line, column),
                )
            }
            Problem::TooDeep { at } => (
                Diagnostic::error(format!(
                    "YAML syntax error in {what}: lists or maps are nested more than {MAX_YAML_DEPTH} levels deep"
                ))
                .hint("book metadata needs a few levels at most; close the brackets `]` and `}` you opened"),
                at,
            ),
            Problem::TooMany { at } => (
                Diagnostic::error(format!(
                    "{what} expands to more than {MAX_YAML_VALUES} values"
                ))
                .hint("YAML aliases (`*name`) repeat what their anchor holds; write the values out instead of nesting aliases"),
                at,
            ),
            Problem::Duplicate { key, at, first } => {
                let d = src.at(
                    Diagnostic::error(format!("`{key}` is written twice in {what}"))
                        .hint("keep one of the two"),
                    at.0,
                    at.1,
                );
                return d.note_at(
                    src.file,
                    Some(src.file_text),
                    first.0 + src.line_offset,
                    first.1,
                    "first written here",
                );
            }
            Problem::SecondDocument { at } => (
                Diagnostic::error(format!("{what} holds a second YAML document"))
                    .hint("a `---` line starts another document; remove it or quote it"),
                at,
            ),
        };
        src.at(d, line, column)
    }
}

/// A step of a path through the YAML tree.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Item,
}

/// A key or list item: its parent (a key or item), and where it is written.
#[derive(Debug)]
struct Node {
    parent: Option<usize>,
    step: Step,
    /// 1-based line and column: a key's first character; an item's text (inside quotes).
    at: (usize, usize),
    /// A key's value's place (inside quotes), for a value that is not a list.
    value_at: Option<(usize, usize)>,
}

/// The places of every key and list item of a YAML text, in the order written.
#[derive(Debug, Default)]
struct Places {
    nodes: Vec<Node>,
}

impl Places {
    fn of(yaml: &str) -> Places {
        read(yaml).1
    }

    fn first_key(&self, key: &str) -> Option<(usize, usize)> {
        self.nodes
            .iter()
            .find(|n| matches!(&n.step, Step::Key(k) if k == key))
            .map(|n| n.at)
    }

    /// The node of the key `path` leads to: each key a child of the one before, or of a list
    /// item under it (`contents: [- part: …]`).
    fn find(&self, path: &[&str]) -> Option<usize> {
        let mut at: Option<usize> = None;
        for key in path {
            let under = |mut n: Option<usize>| {
                // Climb through list items to the key (or the root) that holds them.
                while let Some(i) = n {
                    if self.nodes[i].step != Step::Item {
                        break;
                    }
                    n = self.nodes[i].parent;
                }
                n
            };
            at = Some(self.nodes.iter().position(|n| {
                matches!(&n.step, Step::Key(k) if k == key) && under(n.parent) == at
            })?);
        }
        at
    }

    /// The places of the items of the list at `path` (a single value: its own place).
    fn items(&self, path: &[&str]) -> Option<Vec<(usize, usize)>> {
        let key = self.find(path)?;
        let items: Vec<(usize, usize)> = self
            .nodes
            .iter()
            .filter(|n| n.parent == Some(key) && n.step == Step::Item)
            .map(|n| n.at)
            .collect();
        if items.is_empty() {
            Some(vec![self.nodes[key].value_at.unwrap_or(self.nodes[key].at)])
        } else {
            Some(items)
        }
    }
}

/// 1-based (line, column) of the first `key` written in the YAML text, at any depth.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    Places::of(text).first_key(key)
}

/// 1-based (line, column) of the key `path` leads to (`["print", "margins", "top"]`).
#[cfg(test)]
pub fn path_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let places = Places::of(text);
    places.find(path).map(|n| places.nodes[n].at)
}

/// 1-based (line, column) of each item of the list at `path` (`items` are its items' texts,
/// one per item); a single value's own place; the key's for any the walk did not reach.
pub fn item_positions(text: &str, path: &[&str], items: &[String]) -> Vec<(usize, usize)> {
    let places = Places::of(text);
    let found = places.items(path).unwrap_or_default();
    let fallback = places.find(path).map_or((1, 1), |n| places.nodes[n].at);
    (0..items.len())
        .map(|i| found.get(i).copied().unwrap_or(fallback))
        .collect()
}

/// 1-based line and column of a marker (saphyr: 1-based lines, 0-based columns).
fn place(m: Marker) -> (usize, usize) {
    (m.line(), m.col() + 1)
}

/// Where a scalar's text starts: inside its quotes.
fn text_place(span: Span, style: ScalarStyle) -> (usize, usize) {
    let (line, column) = place(span.start);
    match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => (line, column + 1),
        _ => (line, column),
    }
}

/// A collection being read.
struct Frame {
    kind: Kind,
    /// The node (key or item) the collection is the value of, the parent of its own nodes.
    node: Option<usize>,
    anchor: usize,
    /// The value count when the collection started, for its anchor's size.
    counted_before: usize,
    /// Whether the collection is itself a key (`[a, b]: x`): its contents have no places.
    is_key: bool,
}

enum Kind {
    Sequence(Vec<Value>),
    Mapping {
        entries: Vec<(String, Value)>,
        /// The key read, waiting for its value, and its node.
        key: Option<(String, Option<usize>)>,
        seen: HashMap<String, (usize, usize)>,
    },
}

/// The tree being built from events, with its places and problems.
struct Builder {
    frames: Vec<Frame>,
    root: Option<Value>,
    places: Places,
    problems: Vec<Problem>,
    /// Values made so far, aliases counted at their anchor's size.
    counted: usize,
    anchors: BTreeMap<usize, (Value, usize)>,
}

impl Builder {
    /// Whether the value starting now is a map's key.
    fn at_key(&self) -> bool {
        match self.frames.last() {
            Some(f) => f.is_key || matches!(f.kind, Kind::Mapping { key: None, .. }),
            None => false,
        }
    }

    /// Count one more value (or `n`, an alias's); false when the budget is spent.
    fn count(&mut self, n: usize) -> bool {
        self.counted = self.counted.saturating_add(n);
        self.counted <= MAX_YAML_VALUES
    }

    /// The node a value starting at `at` hangs its own nodes on: a list item's own node
    /// (made now), a map value's key node, nothing for keys and the root.
    fn begin(&mut self, at: (usize, usize)) -> Option<usize> {
        let is_key = self.at_key();
        let frame = self.frames.last_mut()?;
        if frame.is_key || is_key {
            return None;
        }
        match &frame.kind {
            Kind::Sequence(_) => {
                self.places.nodes.push(Node {
                    parent: frame.node,
                    step: Step::Item,
                    at,
                    value_at: None,
                });
                Some(self.places.nodes.len() - 1)
            }
            Kind::Mapping { key, .. } => {
                let node = key.as_ref().and_then(|(_, n)| *n);
                if let Some(n) = node {
                    self.places.nodes[n].value_at.get_or_insert(at);
                }
                node
            }
        }
    }

    /// A value is complete: it goes into the collection being read (or is the root).
    fn finish(&mut self, value: Value, at: (usize, usize)) {
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(value);
            return;
        };
        let parent = frame.node;
        let in_key = frame.is_key;
        match &mut frame.kind {
            Kind::Sequence(items) => items.push(value),
            Kind::Mapping { entries, key, seen } => match key.take() {
                Some((k, _)) => entries.push((k, value)),
                None => {
                    let text = key_text(&value);
                    let node = (!in_key).then(|| {
                        self.places.nodes.push(Node {
                            parent,
                            step: Step::Key(text.clone()),
                            at,
                            value_at: None,
                        });
                        self.places.nodes.len() - 1
                    });
                    if let Some(first) = seen.get(&text) {
                        self.problems.push(Problem::Duplicate {
                            key: text.clone(),
                            at,
                            first: *first,
                        });
                    } else {
                        seen.insert(text.clone(), at);
                    }
                    *key = Some((text, node));
                }
            },
        }
    }

    /// Open a collection; false when it is nested too deep.
    fn open(&mut self, kind: Kind, anchor: usize, at: (usize, usize)) -> bool {
        if self.frames.len() >= MAX_YAML_DEPTH {
            self.problems.push(Problem::TooDeep { at });
            return false;
        }
        let is_key = self.at_key();
        let node = self.begin(at);
        self.frames.push(Frame {
            kind,
            node,
            anchor,
            counted_before: self.counted,
            is_key,
        });
        true
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let value = match frame.kind {
            Kind::Sequence(items) => Value::Sequence(items),
            Kind::Mapping { entries, .. } => Value::Mapping(Mapping(entries)),
        };
        if frame.anchor > 0 {
            let size = self.counted - frame.counted_before;
            self.anchors.insert(frame.anchor, (value.clone(), size));
        }
        // A collection's own place is not needed once it is complete.
        self.finish(value, (0, 0));
    }
}

/// A key as text: a scalar as written, anything else spelled out.
fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) | Value::Number(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(inner) => key_text(inner),
        other => format!("{other:?}"),
    }
}

/// A plain scalar resolved as YAML 1.2's core schema resolves it.
fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Value::Number(s.to_owned()),
        _ => {}
    }
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let integer = digits(unsigned, 10)
        || s.strip_prefix("0x").is_some_and(|t| digits(t, 16))
        || s.strip_prefix("0o").is_some_and(|t| digits(t, 8));
    // A float: digits with at most one point, at least one digit, an optional exponent.
    let float = || {
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mantissa_ok = (digits(whole, 10) || whole.is_empty())
            && (digits(fraction, 10) || fraction.is_empty())
            && !(whole.is_empty() && fraction.is_empty());
        let exponent_ok =
            exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
        mantissa_ok && exponent_ok
    };
    if integer || float() {
        Value::Number(s.to_owned())
    } else {
        Value::String(s.to_owned())
    }
}

/// Walk the YAML text's events once: the root value, every key's and item's place, and what
/// went wrong (the walk stops at the first syntax error or limit; duplicates do not stop it).
fn read(yaml: &str) -> (Option<Value>, Places, Vec<Problem>) {
    let mut b = Builder {
        frames: Vec::new(),
        root: None,
        places: Places::default(),
        problems: Vec::new(),
        counted: 0,
        anchors: BTreeMap::new(),
    };
    let mut parser = Parser::new_from_str(yaml);
    let mut documents = 0;
    let mut first_alias: Option<(usize, usize)> = None;
    // Where the last event ended: an unclosed quote opened after it.
    let mut last_end = Marker::new(0, 1, 0);
    while let Some(event) = parser.next_event() {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                b.problems.push(scan_problem(yaml, &e, last_end));
                break;
            }
        };
        last_end = span.end;
        let at = place(span.start);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    b.problems.push(Problem::SecondDocument { at });
                    break;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if !b.count(1) {
                    b.problems.push(Problem::TooMany { at });
                    break;
                }
                // A key at its first character (a quote too), a value at its text.
                let at = if b.at_key() {
                    at
                } else {
                    text_place(span, style)
                };
                b.begin(at);
                let core = tag.as_ref().is_none_or(|t| t.is_yaml_core_schema());
                let value = match (style, tag.as_ref()) {
                    (_, Some(t)) if core && t.suffix == "str" => Value::String(text.into_owned()),
                    (ScalarStyle::Plain, _) => resolve_plain(&text),
                    _ => Value::String(text.into_owned()),
                };
                let value = if core {
                    value
                } else {
                    Value::Tagged(Box::new(value))
                };
                if anchor > 0 {
                    b.anchors.insert(anchor, (value.clone(), 1));
                }
                b.finish(value, at);
            }
            Event::Alias(id) => {
                first_alias.get_or_insert(at);
                let (value, size) = b.anchors.get(&id).cloned().unwrap_or((Value::Null, 1));
                if !b.count(size) {
                    // At the first alias: where the repetition that grew too large starts.
                    b.problems.push(Problem::TooMany {
                        at: first_alias.unwrap_or(at),
                    });
                    break;
                }
                b.begin(at);
                b.finish(value, at);
            }
            Event::SequenceStart(anchor, _) => {
                if !b.count(1) {
                    b.problems.push(Problem::TooMany { at });
                    break;
                }
                if !b.open(Kind::Sequence(Vec::new()), anchor, at) {
                    break;
                }
            }
            Event::MappingStart(anchor, _) => {
                if !b.count(1) {
                    b.problems.push(Problem::TooMany { at });
                    break;
                }
                let kind = Kind::Mapping {
                    entries: Vec::new(),
                    key: None,
                    seen: HashMap::new(),
                };
                if !b.open(kind, anchor, at) {
                    break;
                }
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    (b.root, b.places, b.problems)
}

/// Whether the text after an opening quote holds its closing one (`\"` escapes a double
/// quote; a single one is escaped by doubling it, which still pairs up).
fn closes(rest: &str, quote: char) -> bool {
    if quote == '\'' {
        return rest.contains('\'');
    }
    let mut escaped = false;
    rest.chars().any(|c| {
        let close = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        close
    })
}

/// A scanner's error in words, at the place that caused it.
fn scan_problem(yaml: &str, e: &ScanError, last_end: Marker) -> Problem {
    let info = e.info();
    let at = place(*e.marker());
    if info.contains("quoted scalar") {
        // The quote opens after the last complete event: the first quote past it. Whatever
        // the scanner tripped on later (the end, a `---`, a line less indented), a quote
        // that no matching one follows is the cause.
        let opened = yaml
            .char_indices()
            .skip(last_end.index())
            .find(|(_, c)| *c == '"' || *c == '\'');
        if let Some((b, quote)) = opened {
            let at = crate::diag::line_col(yaml, b);
            if !closes(&yaml[b + 1..], quote) {
                return Problem::Unclosed { quote, at };
            }
            if info.contains("indentation") {
                return Problem::Syntax {
                    info: "a quoted text goes on to a line indented less than its key".into(),
                    at,
                };
            }
        }
    }
    if info.contains("tab") {
        // The first line from the error's back that a tab indents.
        let lines: Vec<&str> = yaml.lines().collect();
        let upto = at.0.min(lines.len());
        let tabbed = (0..upto).rev().find(|&i| {
            let indent: String = lines[i]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            indent.contains('\t')
        });
        if let Some(i) = tabbed {
            let column = lines[i].chars().position(|c| c == '\t').unwrap_or(0) + 1;
            return Problem::Tab {
                line: i + 1,
                column,
            };
        }
    }
    let info = match info {
        "recursion limit exceeded" => {
            format!("lists or maps are nested more than {MAX_YAML_DEPTH} levels deep")
        }
        other => other.to_owned(),
    };
    Problem::Syntax { info, at }
}

/// A short description of a value's type, for "expected X, found Y" messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar as text: strings as they are, numbers and booleans written out.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Text or a list of text (a name, or several): each trimmed, blank ones dropped. The values
/// that are not text come back beside them, each marked `true` when it is an item of the
/// list rather than the whole value, for the caller to report in its own words.
pub fn text_list(value: Option<&Value>) -> (Vec<String>, Vec<(Value, bool)>) {
    let mut texts = Vec::new();
    let mut wrong = Vec::new();
    let mut take = |v: &Value, item: bool| match scalar_text(v) {
        Some(s) if !s.trim().is_empty() => texts.push(s.trim().to_owned()),
        Some(_) => {}
        None => wrong.push((v.clone(), item)),
    };
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Sequence(items)) => items.iter().for_each(|v| take(v, true)),
        Some(v) => take(v, false),
    }
    (texts, wrong)
}

/// The mapping's keys as text (non-string keys are written out).
pub fn keys(m: &Mapping) -> Vec<String> {
    m.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_position_finds_nested_and_listed_keys() {
        let text = "title: A\nprint:\n  trim: 6x9in\ncontents:\n  - part: One\n";
        assert_eq!(key_position(text, "title"), Some((1, 1)));
        assert_eq!(key_position(text, "trim"), Some((3, 3)));
        assert_eq!(key_position(text, "part"), Some((5, 5)));
        assert_eq!(key_position(text, "missing"), None);
    }

    #[test]
    fn path_position_finds_a_key_under_its_parent_only() {
        let text = "title: A\nisbn:\n  print: 978\ntop: 1\nprint:\n  # margins\n  trim: 6x9in\n  margins:\n    top: 2\n    inner: 3\n  pdfx: x4\n";
        assert_eq!(path_position(text, &["print", "trim"]), Some((7, 3)));
        assert_eq!(
            path_position(text, &["print", "margins", "top"]),
            Some((9, 5))
        );
        assert_eq!(path_position(text, &["top"]), Some((4, 1)));
        assert_eq!(path_position(text, &["print", "pdfx"]), Some((11, 3)));
        assert_eq!(path_position(text, &["isbn", "print"]), Some((3, 3)));
        assert_eq!(path_position(text, &["print", "margins", "pdfx"]), None);
        let flow = "title: A\nprint: {trim: 5x8in, \"pdfx\": x4}\n";
        assert_eq!(path_position(flow, &["print", "trim"]), Some((2, 9)));
        assert_eq!(path_position(flow, &["print", "pdfx"]), Some((2, 22)));
    }

    #[test]
    fn list_items_are_found_in_order() {
        let path = ["print", "hyphenation-exceptions"];
        let block = "print:\n  hyphenation-exceptions:\n    - ty-po\n    - \"ty\"\n";
        let items = ["ty-po".to_string(), "ty".to_string()];
        assert_eq!(item_positions(block, &path, &items), [(3, 7), (4, 8)]);
        let flow = "print:\n  hyphenation-exceptions: [ty-po, ty]\n";
        assert_eq!(item_positions(flow, &path, &items), [(2, 28), (2, 35)]);
    }

    fn parse_text(text: &str) -> (Option<Mapping>, Diagnostics) {
        let src = Source::new(Path::new("manuscript/book.yaml"), text, text, 0);
        let mut diags = Diagnostics::default();
        (parse_mapping(&src, "book.yaml", &mut diags), diags)
    }

    #[test]
    fn an_alias_bomb_is_stopped_by_the_value_budget() {
        // 20,000 aliases of a 20,000-item list: 100 KB of text, 400 million values.
        let items = vec!["x"; 20_000].join(",");
        let aliases = vec!["*a"; 20_000].join(",");
        let text = format!("title: B\na: &a [{items}]\nb: [{aliases}]\n");
        // The budget, not the clock, is what is tested: the error proves the walk stopped
        // counting at the limit instead of expanding 400 million values.
        let (map, diags) = parse_text(&text);
        assert!(map.is_none());
        let d = &diags.0[0];
        assert!(d.message.contains("expands to more than"), "{d}");
        assert_eq!(
            d.location.as_ref().unwrap().line,
            3,
            "points at the first alias"
        );
    }

    #[test]
    fn ordinary_anchors_and_tags_are_still_fine() {
        let (map, diags) = parse_text("title: A\nx: &x {a: 1}\ny: *x\nz: !custom 3\n");
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(map.unwrap().len(), 4);
    }

    #[test]
    fn deep_nesting_is_a_clear_error() {
        let text = format!("title: {}{}\n", "[".repeat(500), "]".repeat(500));
        let (map, diags) = parse_text(&text);
        assert!(map.is_none());
        assert!(
            diags.0[0].message.contains("nested more than 128"),
            "{}",
            diags
        );
    }

    #[test]
    fn syntax_error_carries_line_and_column() {
        let (map, diags) = parse_text("title: A\nauthor: [unclosed\nlanguage: en\n");
        assert!(map.is_none());
        let loc = diags.0[0].location.clone().unwrap();
        assert!(loc.line >= 2, "{:?}", diags.0[0]);
        assert!(diags.0[0].message.contains("YAML syntax error"));
    }
}
