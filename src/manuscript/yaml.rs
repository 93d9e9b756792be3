//! The YAML layer, kept behind one module so that replacing serde_yaml (archived) is one file.
//!
//! folio reads YAML as a generic mapping and checks keys itself, so that every unknown key
//! is reported (with a suggestion), not just the first one serde would stop at. The mapping
//! is folio's own [`Value`] tree, converted from serde_yaml's: no other module sees
//! serde_yaml's types. Positions for diagnostics come from the text ([`path_position`],
//! [`item_positions`]): serde_yaml keeps none for values.
//!
//! Hostile YAML is bounded before it is turned into values: the text's size, and the number
//! of values it expands to. The second matters because aliases repeat what an anchor holds
//! without costing text: nine lines of `[*a,*a,*a,...]` ("billion laughs") expand to 10^9
//! values, and serde_yaml's own guard (alias jumps per event) still lets a 100 KB file expand
//! to 400 million. So the text is first walked once with a counting visitor that gives up
//! after [`MAX_YAML_VALUES`](crate::limits::MAX_YAML_VALUES), keeping nothing; only a
//! document that passes is parsed into values.

use std::cell::Cell;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, VariantAccess, Visitor};

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

impl From<serde_yaml::Value> for Value {
    fn from(v: serde_yaml::Value) -> Value {
        use serde_yaml::Value as Y;
        match v {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(b),
            Y::Number(n) => Value::Number(n.to_string()),
            Y::String(s) => Value::String(s),
            Y::Sequence(items) => Value::Sequence(items.into_iter().map(Value::from).collect()),
            Y::Mapping(m) => Value::Mapping(Mapping::from(m)),
            Y::Tagged(t) => Value::Tagged(Box::new(Value::from(t.value))),
        }
    }
}

impl From<serde_yaml::Mapping> for Mapping {
    fn from(m: serde_yaml::Mapping) -> Mapping {
        Mapping(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match &k {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        other => format!("{other:?}"),
                    };
                    (key, Value::from(v))
                })
                .collect(),
        )
    }
}

use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::{MAX_YAML_BYTES, MAX_YAML_VALUES};

/// Where a YAML snippet sits in its file, for diagnostics.
pub struct Source<'a> {
    pub file: &'a Path,
    /// The whole file's text (for quoting the offending line).
    pub file_text: &'a str,
    /// The YAML text itself (book.yaml: the whole file; front matter: the block).
    pub yaml: &'a str,
    /// Lines of the file before the YAML text starts.
    pub line_offset: usize,
}

impl Source<'_> {
    /// A diagnostic at a 1-based line and column of the YAML text.
    pub fn at(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        d.at(
            self.file,
            Some(self.file_text),
            line + self.line_offset,
            column,
        )
    }

    /// A diagnostic at the line where `key` is written (first occurrence), else line 1.
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let (line, column) = key_position(self.yaml, key).unwrap_or((1, 1));
        self.at(d, line, column)
    }

    /// A diagnostic at the key `path` leads to (`["print", "margins", "top"]`), else where
    /// its last key is first written, else line 1.
    pub fn at_path(&self, d: Diagnostic, path: &[&str]) -> Diagnostic {
        let (line, column) = path_position(self.yaml, path)
            .or_else(|| path.last().and_then(|k| key_position(self.yaml, k)))
            .unwrap_or((1, 1));
        self.at(d, line, column)
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
    if !within_value_budget(src.yaml) {
        diags.push(
            src.at(
                Diagnostic::error(format!(
                    "{what} expands to more than {MAX_YAML_VALUES} values"
                )),
                first_alias_line(src.yaml),
                1,
            )
            .hint("YAML aliases (`*name`) repeat what their anchor holds; write the values out instead of nesting aliases"),
        );
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(src.yaml).map(Value::from) {
        Ok(Value::Mapping(m)) => Some(m),
        Ok(Value::Null) => Some(Mapping::new()),
        Ok(other) => {
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
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = e.to_string();
            // serde_yaml appends " at line L column C"; the location is shown separately.
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            // serde_yaml's guards, said in words a book's author can act on.
            let message = match message.as_str() {
                "recursion limit exceeded" => {
                    "lists or maps are nested more than 128 levels deep".to_string()
                }
                "repetition limit exceeded" => "aliases repeat values too many times".to_string(),
                _ => message,
            };
            diags.push(
                src.at(
                    Diagnostic::error(format!("YAML syntax error in {what}: {message}")),
                    line,
                    column,
                )
                .hint("check indentation and quoting; a value containing `: ` or starting with a special character needs quotes"),
            );
            None
        }
    }
}

/// Whether the YAML text expands to at most [`MAX_YAML_VALUES`] values. Syntax errors count
/// as passing: the real parse reports them with their position.
fn within_value_budget(yaml: &str) -> bool {
    let budget = Budget {
        left: Cell::new(MAX_YAML_VALUES),
        exhausted: Cell::new(false),
    };
    let result = Count(&budget).deserialize(serde_yaml::Deserializer::from_str(yaml));
    // serde_yaml's own alias guard may trip first: the same bomb, told the same way.
    let repetition = result.is_err_and(|e| e.to_string().starts_with("repetition limit"));
    !budget.exhausted.get() && !repetition
}

/// The line of the first alias (`*name`) outside quotes, where a bomb's repetition starts.
fn first_alias_line(yaml: &str) -> usize {
    yaml.lines()
        .position(|l| {
            l.split(['"', '\'']).step_by(2).any(|unquoted| {
                unquoted
                    .match_indices('*')
                    .any(|(i, _)| i == 0 || unquoted[..i].ends_with([' ', '[', ',', '{', ':', '-']))
            })
        })
        .map_or(1, |i| i + 1)
}

struct Budget {
    left: Cell<usize>,
    exhausted: Cell<bool>,
}

/// A visitor that keeps nothing and counts every value it is shown, aliases expanded.
#[derive(Clone, Copy)]
struct Count<'a>(&'a Budget);

impl Count<'_> {
    fn take<E: de::Error>(self) -> Result<(), E> {
        match self.0.left.get() {
            0 => {
                self.0.exhausted.set(true);
                Err(E::custom("value budget exhausted"))
            }
            n => {
                self.0.left.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// The `Visitor` methods of scalars: whatever a scalar holds, it is one value.
macro_rules! scalars_count_one {
    ($($visit:ident: $scalar:ty),* $(,)?) => {$(
        fn $visit<E: de::Error>(self, _: $scalar) -> Result<(), E> {
            self.take()
        }
    )*};
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    scalars_count_one!(
        visit_bool: bool,
        visit_i64: i64,
        visit_u64: u64,
        visit_i128: i128,
        visit_u128: u128,
        visit_f64: f64,
        visit_str: &str,
        visit_bytes: &[u8],
    );
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    /// A tagged value (`!tag value`).
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.take()?;
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// 1-based (line, column) of the first `key:` written in the YAML text, at any indentation.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| key_column(line, key).map(|c| (i + 1, c + 1)))
}

/// The 0-based column (in chars) at which `line` writes `key:` as its first key, after any
/// indentation and a list item's `- `.
fn key_column(line: &str, key: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let trimmed_dash = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    [trimmed, trimmed_dash].into_iter().find_map(|candidate| {
        let unquoted = candidate
            .strip_prefix('"')
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix('"'))
            .or_else(|| candidate.strip_prefix(key))?;
        unquoted
            .trim_start()
            .starts_with(':')
            .then(|| line.chars().count() - candidate.chars().count())
    })
}

/// Whether a line holds nothing for the parser: blank or a comment.
fn is_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

/// Where the key `path` leads to is written: 0-based line, the key's column, and the lines
/// of its block (the lines after it, up to the first one indented no deeper than the key).
/// Each key is looked for among the direct children of the one before, so `top` under
/// `margins` is not taken for another `top`. A flow map (`print: {trim: 5x8in}`) is looked
/// for on its parent's line.
fn path_block(lines: &[&str], path: &[&str]) -> Option<(usize, usize, std::ops::Range<usize>)> {
    let mut block = 0..lines.len();
    let mut found: Option<(usize, usize)> = None;
    for key in path {
        // The children's column: that of the block's first line with content.
        let child = block
            .clone()
            .find(|&i| !is_blank(lines[i]))
            .map(|i| indent(lines[i]));
        // A direct child first; else one deeper (a key of a list item, after its `- `).
        let find = |direct: bool| {
            block.clone().find_map(|i| {
                let column = key_column(lines[i], key)?;
                let depth = Some(indent(lines[i]));
                let fits = if direct {
                    depth == child
                } else {
                    child.is_some_and(|c| column > c)
                };
                fits.then_some((i, column))
            })
        };
        let in_block = find(true).or_else(|| find(false));
        let hit = in_block.or_else(|| {
            let (line, column) = found?;
            let text: String = lines[line].chars().skip(column).collect();
            let at = flow_key(&text, key)?;
            Some((line, column + at))
        })?;
        let end = (hit.0 + 1..block.end)
            .find(|&i| !is_blank(lines[i]) && indent(lines[i]) <= hit.1)
            .unwrap_or(block.end);
        block = hit.0 + 1..end;
        found = Some(hit);
    }
    let (line, column) = found?;
    Some((line, column, block))
}

/// The char offset of `key:` inside a flow map's text (`{trim: 5x8in, pdfx: x4}`).
fn flow_key(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).find_map(|(b, _)| {
        let before = text[..b].trim_end();
        let after = text[b + key.len()..].trim_start();
        let quoted = before.ends_with(['"', '\'']);
        let before = before.trim_end_matches(['"', '\'']).trim_end();
        (before.ends_with(['{', ',']) && (after.starts_with(':') || quoted))
            .then(|| text[..b].chars().count() - usize::from(quoted))
    })
}

/// 1-based (line, column) of the key `path` leads to (`["print", "margins", "top"]`).
pub fn path_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    path_block(&lines, path).map(|(line, column, _)| (line + 1, column + 1))
}

/// 1-based (line, column) of each item of the list at `path`, found by its text in order
/// (`- ty-po` lines or a flow list `[ty-po, ...]`); the key's own place for an item whose
/// text is not found as written (escaped, or a number written otherwise).
pub fn item_positions(text: &str, path: &[&str], items: &[String]) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some((line, column, block)) = path_block(&lines, path) else {
        return vec![(1, 1); items.len()];
    };
    let key_place = (line + 1, column + 1);
    // The searched text: the key's line after the key, then its block, as (line, text).
    let mut region: Vec<(usize, usize, &str)> = Vec::new();
    let key_line = lines[line];
    let key_start = key_line
        .char_indices()
        .nth(column)
        .map_or(key_line.len(), |(b, _)| b);
    let skip = key_line[key_start..]
        .find(':')
        .map_or(key_line.len(), |c| key_start + c + 1);
    region.push((line, key_line[..skip].chars().count(), &key_line[skip..]));
    region.extend(block.map(|i| (i, 0, lines[i])));
    let mut cursor = (0, 0);
    items
        .iter()
        .map(|item| {
            let item = item.trim();
            for (r, (l, base, text)) in region.iter().enumerate().skip(cursor.0) {
                let from = if r == cursor.0 { cursor.1 } else { 0 };
                if item.is_empty() || from > text.len() {
                    continue;
                }
                if let Some(b) = text[from..].find(item) {
                    let b = from + b;
                    cursor = (r, b + item.len());
                    return (l + 1, base + text[..b].chars().count() + 1);
                }
            }
            key_place
        })
        .collect()
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
        let src = Source {
            file: Path::new("manuscript/book.yaml"),
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let mut diags = Diagnostics::default();
        (parse_mapping(&src, "book.yaml", &mut diags), diags)
    }

    #[test]
    fn an_alias_bomb_is_stopped_by_the_value_budget() {
        // 20,000 aliases of a 20,000-item list: 100 KB of text, 400 million values.
        let items = vec!["x"; 20_000].join(",");
        let aliases = vec!["*a"; 20_000].join(",");
        let text = format!("title: B\na: &a [{items}]\nb: [{aliases}]\n");
        let started = std::time::Instant::now();
        let (map, diags) = parse_text(&text);
        assert!(map.is_none());
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
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
