//! Floods of one kind of diagnostic, kept short.
//!
//! An ordinary HTML export can carry thousands of the same dropped tag on one line, and a
//! careless one thousands of the same undefined footnote. Each diagnostic quotes its line
//! and is placed by walking the text before it, so a flood used to cost time and memory in
//! the product of its count and the line's length (8,000 dropped `<span>`s: 5.8 GB). The
//! first few of a kind are placed and kept; the rest are only counted, never placed, and the
//! last kept one says "and 7,999 more like this".

use std::collections::HashMap;

use super::{Diagnostic, Diagnostics, Severity};

/// Diagnostics of one kind kept, per [`Alike`]; the rest are counted.
pub const KEPT_ALIKE: usize = 3;

/// Counts diagnostics by kind: the severity and the message with its quoted parts (between
/// backticks) left out, so "footnote `[^a]` has no note" and "footnote `[^b]` has no note"
/// are alike. One per stage and file (a piece's parse, its lints).
#[derive(Debug, Default)]
pub struct Alike {
    /// For each kind: how many were seen, and where in the diagnostics the last kept is.
    kinds: HashMap<(Severity, String), (usize, usize)>,
}

impl Alike {
    /// Push `d` (not yet placed) through `place` into `diags` if fewer than
    /// [`KEPT_ALIKE`] of its kind came before it; otherwise only count it.
    pub fn push(
        &mut self,
        diags: &mut Diagnostics,
        d: Diagnostic,
        place: impl FnOnce(Diagnostic) -> Diagnostic,
    ) {
        let kind = (d.severity, kind_of(&d.message));
        let entry = self.kinds.entry(kind).or_insert((0, 0));
        entry.0 += 1;
        if entry.0 <= KEPT_ALIKE {
            entry.1 = diags.0.len();
            diags.push(place(d));
        }
    }

    /// Tell the last kept diagnostic of each flood how many were left out.
    pub fn finish(self, diags: &mut Diagnostics) {
        for (seen, last) in self.kinds.into_values() {
            if seen > KEPT_ALIKE {
                if let Some(d) = diags.0.get_mut(last) {
                    d.more_like_this = d
                        .more_like_this
                        .saturating_add(u16::try_from(seen - KEPT_ALIKE).unwrap_or(u16::MAX));
                }
            }
        }
    }
}

/// The message without what it quotes: the outside of each pair of backticks.
fn kind_of(message: &str) -> String {
    message.split('`').step_by(2).collect::<Vec<_>>().join("``")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_flood_keeps_a_few_places_and_counts_the_rest_unplaced() {
        let mut diags = Diagnostics::default();
        let mut alike = Alike::default();
        let mut placed = 0;
        for i in 0..80_000 {
            let d = Diagnostic::warning(format!("footnote `[^{i}]` has no note"));
            alike.push(&mut diags, d, |d| {
                placed += 1;
                d.at(Path::new("a.md"), Some("x"), 1, 1)
            });
        }
        alike.push(&mut diags, Diagnostic::error("other"), |d| d);
        alike.finish(&mut diags);
        assert_eq!(placed, KEPT_ALIKE);
        assert_eq!(diags.0.len(), KEPT_ALIKE + 1);
        assert_eq!(diags.0[KEPT_ALIKE - 1].more_like_this, u16::MAX);
        let shown = diags.to_string();
        assert!(shown.contains("= and 65,535 or more like this"), "{shown}");
        assert_eq!(shown.matches("more like this").count(), 1, "{shown}");
    }

    #[test]
    fn kinds_differ_by_their_words_not_their_quotes() {
        assert_eq!(
            kind_of("raw HTML `<b>` is not"),
            kind_of("raw HTML `<i x>` is not")
        );
        assert_ne!(kind_of("raw HTML `<b>`"), kind_of("link to `<b>`"));
    }
}
