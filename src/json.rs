//! Diagnostics as JSON lines, for editors and CI (`folio check --message-format json`).
//!
//! After cargo's `--message-format json`: one object per line, each with a `reason`, so a
//! reader can take the lines it knows and skip the rest. A diagnostic carries the
//! [`Diagnostic`]'s own fields (severity, message, location, hint, source line) plus
//! `rendered`, the text folio would print for a person; the last line says how it went:
//!
//! ```text
//! {"reason":"diagnostic","severity":"error","message":"unknown key `titel`","location":{"file":"manuscript/book.yaml","line":2,"column":1},"hint":"did you mean `title`?","source_line":"titel: x","notes":[],"rendered":"error: ..."}
//! {"reason":"check-finished","success":false,"errors":1,"warnings":0}
//! ```

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};

/// A diagnostic as written: fields in this order, `reason` first, as in cargo's messages.
#[derive(Serialize)]
struct DiagnosticMessage<'a> {
    reason: &'static str,
    severity: &'static str,
    message: &'a str,
    location: Option<LocationMessage>,
    hint: Option<&'a str>,
    source_line: Option<&'a str>,
    /// Secondary places ("first written here").
    notes: Vec<NoteMessage<'a>>,
    rendered: String,
}

#[derive(Serialize)]
struct NoteMessage<'a> {
    message: &'a str,
    location: LocationMessage,
    source_line: Option<&'a str>,
}

#[derive(Serialize)]
struct LocationMessage {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct FinishedMessage {
    reason: &'static str,
    success: bool,
    errors: usize,
    warnings: usize,
}

/// One diagnostic as a line of JSON (see the module documentation for its fields).
pub fn diagnostic(d: &Diagnostic) -> String {
    let message = DiagnosticMessage {
        reason: "diagnostic",
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: &d.message,
        location: d.location.as_ref().map(location),
        hint: d.hint.as_deref(),
        source_line: d.source_line.as_deref(),
        notes: d
            .notes
            .iter()
            .map(|n| NoteMessage {
                message: &n.message,
                location: location(&n.location),
                source_line: n.source_line.as_deref(),
            })
            .collect(),
        rendered: d.to_string(),
    };
    to_line(&message)
}

fn location(loc: &Location) -> LocationMessage {
    LocationMessage {
        // Paths are relative to the book root and use `/` on every system, so a CI
        // annotation or an editor link made from them is the same everywhere.
        file: loc.file.to_string_lossy().replace('\\', "/"),
        line: loc.line,
        column: loc.column,
    }
}

/// The closing line: whether the check passed and how many of each severity it found.
pub fn finished(reason: &'static str, diags: &Diagnostics, success: bool) -> String {
    let errors = diags.errors().count();
    to_line(&FinishedMessage {
        reason,
        success,
        errors,
        warnings: diags.0.len() - errors,
    })
}

/// Compact JSON: one line, whatever the message holds (newlines in text are escaped).
fn to_line(message: &impl Serialize) -> String {
    // Plain structs of strings and numbers always serialise; the fallback is unreachable.
    serde_json::to_string(message).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_diagnostic_keeps_every_field() {
        let d = crate::diag::titel_typo();
        let line = diagnostic(&d);
        assert!(!line.contains('\n'), "one object per line: {line}");
        assert!(line.starts_with("{\"reason\":\"diagnostic\""), "{line}");
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["reason"], "diagnostic");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["message"], "unknown key `titel`");
        assert_eq!(v["location"]["file"], "manuscript/book.yaml");
        assert_eq!(v["location"]["line"], 2);
        assert_eq!(v["location"]["column"], 1);
        assert_eq!(v["hint"], "did you mean `title`?");
        assert_eq!(v["source_line"], "titel: x");
        assert!(v["rendered"].as_str().unwrap().contains("titel"));
    }

    #[test]
    fn no_location_is_null_and_the_summary_counts() {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::warning("w"));
        diags.push(Diagnostic::error("e"));
        let first: Value = serde_json::from_str(&diagnostic(&diags.0[0])).unwrap();
        assert!(first["location"].is_null());
        let end: Value = serde_json::from_str(&finished("check-finished", &diags, false)).unwrap();
        assert_eq!(end["errors"], 1);
        assert_eq!(end["warnings"], 1);
        assert_eq!(end["success"], false);
    }
}
