//! The YAML layer, kept behind one module so that replacing serde_yaml (archived) is one file.
//!
//! folio reads YAML as a generic mapping and checks keys itself, so that every unknown key
//! is reported (with a suggestion), not just the first one serde would stop at.

use std::path::Path;

pub use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, Diagnostics};

/// Largest YAML document folio parses; book.yaml and front matter are a few KB.
const MAX_YAML_BYTES: usize = 1024 * 1024;

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
}

/// Parse the YAML text as a mapping; a syntax error or a non-mapping is a diagnostic.
pub fn parse_mapping(src: &Source, what: &str, diags: &mut Diagnostics) -> Option<Mapping> {
    if src.yaml.len() > MAX_YAML_BYTES {
        diags.push(src.at(
            Diagnostic::error(format!("{what} is larger than 1 MB")),
            1,
            1,
        ));
        return None;
    }
    if src.yaml.trim().is_empty() {
        return Some(Mapping::new());
    }
    match serde_yaml::from_str::<Value>(src.yaml) {
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

/// 1-based (line, column) of the first `key:` written in the YAML text, at any indentation.
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let trimmed_dash = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        for candidate in [trimmed, trimmed_dash] {
            let unquoted = candidate
                .strip_prefix('"')
                .and_then(|c| c.strip_prefix(key))
                .and_then(|c| c.strip_prefix('"'))
                .or_else(|| candidate.strip_prefix(key));
            if let Some(rest) = unquoted {
                if rest.trim_start().starts_with(':') {
                    let column = line.chars().count() - candidate.chars().count() + 1;
                    return Some((i + 1, column));
                }
            }
        }
    }
    None
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
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The mapping's keys as text (non-string keys are written out).
pub fn keys(m: &Mapping) -> Vec<String> {
    m.keys()
        .map(|k| scalar_text(k).unwrap_or_else(|| format!("{k:?}")))
        .collect()
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
    fn syntax_error_carries_line_and_column() {
        let text = "title: A\nauthor: [unclosed\nlanguage: en\n";
        let src = Source {
            file: Path::new("manuscript/book.yaml"),
            file_text: text,
            yaml: text,
            line_offset: 0,
        };
        let mut diags = Diagnostics::default();
        assert!(parse_mapping(&src, "book.yaml", &mut diags).is_none());
        let loc = diags.0[0].location.clone().unwrap();
        assert!(loc.line >= 2, "{:?}", diags.0[0]);
        assert!(diags.0[0].message.contains("YAML syntax error"));
    }
}
