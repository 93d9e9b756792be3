//! Quotation marks in the convention of the language of the text they stand in.
//!
//! pulldown-cmark's smart punctuation gives English marks (“ ” ‘ ’) whatever the language;
//! this pass, run once on the IR, turns them into the marks of the piece's language, and
//! inside a `<span lang>` into the span's (a French quotation in an English piece gets
//! « », a German one „ “), so that both editions print the same ones. An apostrophe (’
//! between letters, or with no single quote open) stays an apostrophe: “l’homme” must not
//! become “l›homme”.

use super::{Block, Footnote, Inline};
use crate::manuscript::QuoteStyle;

/// Narrow no-break space: French sets it inside guillemets.
const NNBSP: char = '\u{202F}';

/// The marks of one language: outer open/close, inner open/close, and whether a narrow
/// no-break space stands inside them (French).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    pub outer: (char, char),
    pub inner: (char, char),
    pub spaced: bool,
}

/// The marks of a BCP 47 tag's primary language; `None` for English (with `quotes: double`)
/// and any language without a rule here, which keep pulldown-cmark's “ ” ‘ ’. `quotes:
/// single` turns English's round: ‘ ’ outside, “ ” inside.
pub fn marks_for(language: &str, style: QuoteStyle) -> Option<Marks> {
    let primary = super::strings::primary(language);
    let m = |outer, inner, spaced| {
        Some(Marks {
            outer,
            inner,
            spaced,
        })
    };
    match primary.as_str() {
        "fr" => m(('«', '»'), ('‹', '›'), true),
        "de" => m(('„', '“'), ('‚', '‘'), false),
        "es" | "it" | "pt" => m(('«', '»'), ('“', '”'), false),
        // Dutch: „ ” is the traditional typeset form (Genootschap Onze Taal lists both).
        "nl" => m(('„', '”'), ('‚', '’'), false),
        "pl" => m(('„', '”'), ('«', '»'), false),
        "sv" => m(('”', '”'), ('’', '’'), false),
        "en" if style == QuoteStyle::Single => m(('‘', '’'), ('“', '”'), false),
        _ => None,
    }
}

/// pulldown-cmark's own marks, which English (with `quotes: double`) keeps.
const ENGLISH: Marks = Marks {
    outer: ('“', '”'),
    inner: ('‘', '’'),
    spaced: false,
};

/// Rewrite the quotation marks of a piece's blocks, notes and titles to `marks` (`None`:
/// pulldown-cmark's, left as they are), and those inside a span in another language to
/// that language's, by `style` (book.yaml's `quotes:`).
pub fn localise(marks: Option<Marks>, style: QuoteStyle, texts: Texts<'_>) {
    let mut state = State {
        marks: marks.unwrap_or(ENGLISH),
        style,
        single_open: 0,
        prev: ' ',
    };
    for inlines in texts.inlines {
        state.inlines(inlines);
    }
    for blocks in texts.blocks {
        state.blocks(blocks);
    }
    for note in texts.notes {
        state.blocks(&mut note.blocks);
    }
}

/// Everything of a piece that holds running text.
pub struct Texts<'a> {
    pub inlines: Vec<&'a mut Vec<Inline>>,
    pub blocks: Vec<&'a mut Vec<Block>>,
    pub notes: &'a mut [Footnote],
}

/// Whether some span of `blocks` names a language whose marks are not pulldown-cmark's:
/// the pass has work to do in a piece that keeps its own marks.
pub fn has_span_marks(blocks: &[Block], notes: &[Footnote], style: QuoteStyle) -> bool {
    let mut found = false;
    let mut look = |inline: &Inline| {
        if let Inline::Span { lang: Some(l), .. } = inline {
            found |= marks_for(l, style).is_some();
        }
    };
    super::visit::each_inline(blocks, &mut look);
    for note in notes {
        super::visit::each_inline(&note.blocks, &mut look);
    }
    found
}

struct State {
    /// The marks of the text being read: its span's language's, else its piece's.
    marks: Marks,
    style: QuoteStyle,
    /// Single quotes opened and not yet closed (an ’ closes one only when one is open).
    single_open: usize,
    /// The character before the one being read (across inline boundaries).
    prev: char,
}

impl State {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            // A quote left open never leaks into the next paragraph's apostrophes.
            self.single_open = 0;
            self.prev = ' ';
            match block {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => self.inlines(c),
                Block::Quote(inner) => self.blocks(inner),
                Block::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i)),
                Block::Table { head, rows, .. } => {
                    for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.single_open = 0;
                        self.prev = ' ';
                        self.inlines(cell);
                    }
                }
                Block::Image { title, .. } => *title = self.text(title),
                Block::Code { .. } | Block::Rule => {}
            }
        }
    }

    fn inlines(&mut self, content: &mut [Inline]) {
        for inline in content {
            match inline {
                Inline::Text(t) => *t = self.text(t),
                Inline::Code(_) => self.prev = 'x',
                Inline::Break => self.prev = ' ',
                // A span in a language of its own quotes in that language's marks; a
                // span naming no language (or only a direction) quotes as its text does.
                Inline::Span {
                    lang: Some(lang),
                    content,
                    ..
                } => {
                    let outer = self.marks;
                    self.marks = marks_for(lang, self.style).unwrap_or(ENGLISH);
                    self.inlines(content);
                    self.marks = outer;
                }
                other => {
                    if let Some(c) = other.children_mut() {
                        self.inlines(c);
                    }
                }
            }
        }
    }

    fn text(&mut self, text: &str) -> String {
        let Marks {
            outer,
            inner,
            spaced,
        } = self.marks;
        let mut out = String::with_capacity(text.len() + 8);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied().unwrap_or(' ');
            match c {
                '“' => {
                    out.push(outer.0);
                    if spaced {
                        out.push(NNBSP);
                    }
                }
                '”' => {
                    if spaced {
                        out.push(NNBSP);
                    }
                    out.push(outer.1);
                }
                '‘' => {
                    self.single_open += 1;
                    out.push(inner.0);
                    if spaced {
                        out.push(NNBSP);
                    }
                }
                '’' if self.single_open > 0
                    && !(self.prev.is_alphanumeric() && next.is_alphanumeric()) =>
                {
                    self.single_open -= 1;
                    if spaced {
                        out.push(NNBSP);
                    }
                    out.push(inner.1);
                }
                _ => out.push(c),
            }
            self.prev = c;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::visit;
    use super::*;

    fn run(lang: &str, text: &str) -> String {
        let mut blocks = vec![Block::Paragraph(vec![Inline::Text(text.into())])];
        localise(
            marks_for(lang, QuoteStyle::Double),
            QuoteStyle::Double,
            Texts {
                inlines: Vec::new(),
                blocks: vec![&mut blocks],
                notes: &mut [],
            },
        );
        match &blocks[0] {
            Block::Paragraph(c) => match &c[0] {
                Inline::Text(t) => t.clone(),
                _ => unreachable!(),
            },
            _ => unreachable!(),
        }
    }

    #[test]
    fn french_guillemets_hold_narrow_no_break_spaces_and_apostrophes_survive() {
        assert_eq!(
            run("fr", "“l’homme ‘dit’ oui”"),
            "«\u{202F}l’homme ‹\u{202F}dit\u{202F}› oui\u{202F}»"
        );
    }

    #[test]
    fn german_low_high_quotes_and_an_apostrophe_with_no_single_quote_open() {
        assert_eq!(run("de-DE", "“Geht’s ‘gut’?”"), "„Geht’s ‚gut‘?“");
    }

    #[test]
    fn english_keeps_pulldowns_marks() {
        assert_eq!(marks_for("en-GB", QuoteStyle::Double), None);
        assert_eq!(run("pl", "“a ‘b’ c”"), "„a «b» c”");
    }

    #[test]
    fn single_quotes_turn_english_round_and_leave_apostrophes_and_french_alone() {
        let single = |lang: &str, text: &str| {
            let mut blocks = vec![Block::Paragraph(vec![Inline::Text(text.into())])];
            localise(
                marks_for(lang, QuoteStyle::Single),
                QuoteStyle::Single,
                Texts {
                    inlines: Vec::new(),
                    blocks: vec![&mut blocks],
                    notes: &mut [],
                },
            );
            match &blocks[0] {
                Block::Paragraph(c) => format!("{c:?}"),
                _ => unreachable!(),
            }
        };
        assert!(single("en-GB", "“It’s ‘fine’,” she said.").contains("‘It’s “fine”,’ she said."));
        assert_eq!(
            marks_for("fr", QuoteStyle::Single),
            marks_for("fr", QuoteStyle::Double)
        );
    }

    #[test]
    fn a_span_quotes_in_its_own_languages_marks() {
        let text = |s: &str| Inline::Text(s.into());
        let span = |lang: &str, content: Vec<Inline>| Inline::Span {
            lang: Some(lang.into()),
            dir: None,
            content,
        };
        let mut blocks = vec![Block::Paragraph(vec![
            text("He said “yes”, "),
            span("fr", vec![text("“oui”")]),
            text(" and "),
            span("de", vec![Inline::Emph(vec![text("“ja”")])]),
            text("."),
        ])];
        let notes = &mut [];
        assert!(has_span_marks(&blocks, notes, QuoteStyle::Double));
        localise(
            None,
            QuoteStyle::Double,
            Texts {
                inlines: Vec::new(),
                blocks: vec![&mut blocks],
                notes,
            },
        );
        let mut seen = String::new();
        visit::each_inline(&blocks, &mut |i| {
            if let Inline::Text(t) = i {
                seen.push_str(t)
            }
        });
        assert_eq!(seen, "He said “yes”, «\u{202F}oui\u{202F}» and „ja“.");
        // An English span in a French piece keeps English marks.
        let mut blocks = vec![Block::Paragraph(vec![
            text("“a” "),
            span("en", vec![text("“b”")]),
        ])];
        localise(
            marks_for("fr", QuoteStyle::Double),
            QuoteStyle::Double,
            Texts {
                inlines: Vec::new(),
                blocks: vec![&mut blocks],
                notes: &mut [],
            },
        );
        assert_eq!(
            format!("{blocks:?}"),
            format!(
                "{:?}",
                vec![Block::Paragraph(vec![
                    text("«\u{202F}a\u{202F}» "),
                    span("en", vec![text("“b”")]),
                ])]
            )
        );
        let plain = vec![Block::Paragraph(vec![span("en-GB", vec![text("“x”")])])];
        assert!(!has_span_marks(&plain, &[], QuoteStyle::Double));
    }
}
