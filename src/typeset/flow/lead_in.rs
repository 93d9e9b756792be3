//! The lead-in (`print.lead-in: small-caps`): the first words of a piece's first paragraph
//! set in small capitals, as book openings are, to lead the eye from the display type of the
//! title into the text.
//!
//! Which words: the first word group, up to the first punctuation that ends a phrase (a
//! comma, a stop, a colon, a dash, a closing quotation mark) or three words, whichever
//! comes first; an opening quotation mark goes with its word (`doc::ornaments`, the rule
//! the e-book's `span.lead-in` follows too). The rest of the first line is
//! left in the roman: the lead-in does not depend on where the line breaks, so breaking
//! never has to be done twice. It stops at a note call. The text is unchanged (`doc::words`
//! counts the same words): only the runs' style is.
//!
//! Small capitals are the face's own (`smcp`: capitals stay capitals, lower-case letters
//! become small capitals). A face without them gets capitals at
//! [`FAKE_SMALL_CAPS_SCALE`] of the size for its lower-case letters, the usual stand-in
//! (the build warns once that this is what happened).

use crate::doc::ornaments::lead_in_extent as extent;
use crate::typeset::text::{Run, Script, FAKE_SMALL_CAPS_SCALE};

/// `runs` with the lead-in in small capitals (`true_small_caps`: the face's own).
pub fn small_caps(runs: Vec<Run>, true_small_caps: bool) -> Vec<Run> {
    // The lead-in's text: the plain runs at the start, up to a note call or a raised run.
    let plain = runs
        .iter()
        .take_while(|r| r.script == Script::Normal)
        .map(|r| r.text.as_str())
        .collect::<String>();
    let mut left = extent(&plain);
    let mut out = Vec::with_capacity(runs.len() + 2);
    for run in runs {
        if left == 0 || run.script != Script::Normal {
            left = 0;
            out.push(run);
            continue;
        }
        let mut cut = left.min(run.text.len());
        while !run.text.is_char_boundary(cut) {
            cut += 1;
        }
        left -= cut.min(left);
        let (head, tail) = run.text.split_at(cut);
        push_small_caps(&mut out, &run, head, true_small_caps);
        if !tail.is_empty() {
            out.push(Run {
                text: tail.to_owned(),
                ..run
            });
        }
    }
    out
}

/// `text` of `run`'s style, in small capitals.
fn push_small_caps(out: &mut Vec<Run>, run: &Run, text: &str, true_small_caps: bool) {
    if true_small_caps {
        out.push(Run {
            text: text.to_owned(),
            small_caps: true,
            ..run.clone()
        });
        return;
    }
    // Capitals stay; each stretch of lower-case letters becomes smaller capitals.
    let mut start = 0;
    let mut lower = None;
    let flush = |out: &mut Vec<Run>, piece: &str, is_lower: bool| {
        if piece.is_empty() {
            return;
        }
        out.push(if is_lower {
            Run {
                text: piece.to_uppercase(),
                size: run.size * FAKE_SMALL_CAPS_SCALE,
                ..run.clone()
            }
        } else {
            Run {
                text: piece.to_owned(),
                ..run.clone()
            }
        });
    };
    for (i, c) in text.char_indices() {
        // A space goes with the letters before it, so `one day` is one smaller run.
        let is_lower = c.is_lowercase() || (c.is_whitespace() && lower == Some(true));
        if lower.is_some_and(|l| l != is_lower) {
            flush(out, &text[start..i], lower == Some(true));
            start = i;
        }
        lower = Some(is_lower);
    }
    flush(out, &text[start..], lower == Some(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_lead_in_is_in_small_caps_and_the_text_is_unchanged() {
        let runs = vec![
            Run::plain("One day ", 11.0),
            Run {
                italic: true,
                ..Run::plain("in May we went", 11.0)
            },
        ];
        let out = small_caps(runs.clone(), true);
        let text: String = out.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "One day in May we went");
        let caps: String = out
            .iter()
            .filter(|r| r.small_caps)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(caps, "One day in");
        assert!(out.iter().any(|r| r.italic && r.small_caps));
        // Without smcp: capitals at a smaller size for the lower-case letters.
        let fake = small_caps(runs, false);
        assert_eq!(fake[0].text, "O");
        assert_eq!(fake[1].text, "NE DAY ");
        assert!(fake[1].size < 11.0 && fake.iter().all(|r| !r.small_caps));
    }
}
