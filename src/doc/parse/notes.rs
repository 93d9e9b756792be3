//! Footnote references with no definition, and footnotes defined twice.
//!
//! pulldown-cmark turns a reference `[^x]` whose label is never defined into plain text, as
//! GitHub does, delivered as three adjacent text events: `[`, `^x`, `]`. The reader would see
//! the brackets and no note, so the builder watches for that run of events and warns, naming
//! the line. (A reference inside a code span is one code event and is never mistaken.)

use std::ops::Range;

use pulldown_cmark::Event;

#[derive(Default)]
enum State {
    #[default]
    Idle,
    /// A `[` text event ended at this offset.
    Open { start: usize, end: usize },
    /// Then `^label` followed it directly.
    Label {
        start: usize,
        end: usize,
        label: String,
    },
}

/// Watches the event stream for `[`, `^label`, `]` as adjacent text events.
#[derive(Default)]
pub(super) struct DanglingRefs {
    state: State,
    /// Each reference found: its label and the byte offset of its `[`.
    pub found: Vec<(String, usize)>,
}

impl DanglingRefs {
    pub fn observe(&mut self, event: &Event, range: &Range<usize>) {
        let Event::Text(text) = event else {
            self.state = State::Idle;
            return;
        };
        self.state = match std::mem::take(&mut self.state) {
            State::Open { start, end } if end == range.start => match text.strip_prefix('^') {
                Some(label) if !label.is_empty() && !label.contains(char::is_whitespace) => {
                    State::Label {
                        start,
                        end: range.end,
                        label: label.to_owned(),
                    }
                }
                _ => State::Idle,
            },
            State::Label { start, end, label } if end == range.start && text.starts_with(']') => {
                self.found.push((label, start));
                State::Idle
            }
            _ => State::Idle,
        };
        if matches!(self.state, State::Idle) && text.as_ref() == "[" {
            self.state = State::Open {
                start: range.start,
                end: range.end,
            };
        }
    }
}

/// Where each footnote label is first defined, and every later definition of it: the
/// first is the note (as the first definition of a link reference is), the others are
/// reported at their place with a pointer to the first.
#[derive(Default)]
pub(super) struct Definitions {
    first: std::collections::HashMap<String, usize>,
    /// (label, offset of this definition, offset of the first), in the text's order.
    pub repeated: Vec<(String, usize, usize)>,
}

impl Definitions {
    /// A definition of `label` starts at `offset`; true if it is the first.
    pub fn define(&mut self, label: &str, offset: usize) -> bool {
        match self.first.get(label) {
            Some(&first) => {
                self.repeated.push((label.to_owned(), offset, first));
                false
            }
            None => {
                self.first.insert(label.to_owned(), offset);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn dangling(text: &str) -> Vec<(String, usize)> {
        let mut watch = DanglingRefs::default();
        for (event, range) in Parser::new_ext(text, Options::ENABLE_FOOTNOTES).into_offset_iter() {
            watch.observe(&event, &range);
        }
        watch.found
    }

    #[test]
    fn only_undefined_references_outside_code_are_found() {
        let found = dangling("A[^gone] and[^ok] and `[^code]`.\n\n[^ok]: Defined.\n");
        assert_eq!(found, vec![("gone".to_string(), 1)]);
        assert!(dangling("a [^ not a label] b [x]\n").is_empty());
    }

    #[test]
    fn a_second_definition_is_recorded_with_the_first() {
        let mut defs = Definitions::default();
        assert!(defs.define("a", 10));
        assert!(defs.define("b", 20));
        assert!(!defs.define("a", 30));
        assert_eq!(defs.repeated, vec![("a".to_string(), 30, 10)]);
    }
}
