//! From the IR's nested inlines to flat runs of one style each, the typesetter's input:
//! emphasis, strong and small caps become the run's style, links and note calls its tag,
//! a span's language (`<span lang="fr">`) its language.
//! Shared by the body, notes, tables and the openings, so it stands apart from the builder.

use std::sync::Arc;

use super::Dest;
use crate::doc::{Dir, Inline};
use crate::typeset::text::{Run, Script};

/// The style of a run of text, as the IR's nesting sets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStyle {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub size: f32,
}

impl RunStyle {
    /// Upright, regular weight, no small capitals.
    pub fn roman(size: f32) -> RunStyle {
        RunStyle {
            italic: false,
            bold: false,
            small_caps: false,
            size,
        }
    }

    pub fn italic(size: f32) -> RunStyle {
        RunStyle {
            italic: true,
            ..RunStyle::roman(size)
        }
    }

    pub fn small_caps(size: f32) -> RunStyle {
        RunStyle {
            small_caps: true,
            ..RunStyle::roman(size)
        }
    }
}

/// Turn inlines into styled runs; note calls become superscript runs tagged with their
/// link, and links are tagged too. `links` collects the destinations; a run's tag is its
/// index there.
pub fn runs_of(inlines: &[Inline], base: RunStyle, links: &mut Vec<Dest>) -> Vec<Run> {
    let mut out = Vec::new();
    let mut walker = Walker {
        links,
        out: &mut out,
        language: None,
        dir: None,
    };
    walker.walk(inlines, base, Script::Normal, None);
    out
}

struct Walker<'a> {
    links: &'a mut Vec<Dest>,
    out: &'a mut Vec<Run>,
    /// The language of the span being walked (`None`: the piece's).
    language: Option<Arc<str>>,
    /// The direction given to the span being walked (`None`: its letters decide).
    dir: Option<Dir>,
}

impl Walker<'_> {
    fn walk(&mut self, inlines: &[Inline], style: RunStyle, script: Script, tag: Option<u32>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.push(t, style, script, tag),
                // Code reads left to right in any text, as an isolate (the EPUB's
                // `<code dir="ltr">`): `f(x)` in Arabic keeps its brackets.
                Inline::Code(t) => {
                    let outer = self.dir.replace(Dir::Ltr);
                    self.push(t, style, script, tag);
                    self.dir = outer;
                }
                Inline::Break => self.push("\n", style, script, tag),
                Inline::Emph(c) => {
                    let italic = !style.italic;
                    self.walk(c, RunStyle { italic, ..style }, script, tag)
                }
                Inline::Strong(c) => self.walk(
                    c,
                    RunStyle {
                        bold: true,
                        ..style
                    },
                    script,
                    tag,
                ),
                Inline::SmallCaps(c) => {
                    let small_caps = true;
                    self.walk(
                        c,
                        RunStyle {
                            small_caps,
                            ..style
                        },
                        script,
                        tag,
                    )
                }
                Inline::Strike(c) => self.walk(c, style, script, tag),
                Inline::Span { lang, dir, content } => {
                    let (outer, outer_dir) = (self.language.clone(), self.dir);
                    if let Some(lang) = lang {
                        self.language = Some(Arc::from(lang.as_str()));
                    }
                    self.dir = dir.or(self.dir);
                    self.walk(content, style, script, tag);
                    self.language = outer;
                    self.dir = outer_dir;
                }
                Inline::Sup(c) => self.walk(c, style, Script::Super, tag),
                Inline::Sub(c) => self.walk(c, style, Script::Sub, tag),
                Inline::Link { url, content } => {
                    self.links.push(Dest::Url(url.clone()));
                    let tag = Some((self.links.len() - 1) as u32);
                    self.walk(content, style, script, tag);
                }
                Inline::NoteRef(n) => {
                    self.links.push(Dest::Note(*n));
                    let tag = Some((self.links.len() - 1) as u32);
                    let upright = RunStyle {
                        italic: false,
                        bold: false,
                        ..style
                    };
                    // Each call is a run of its own, never merged with a neighbour, so
                    // that its tag (and link) covers the number alone.
                    let call = run(&n.to_string(), upright, Script::Super, tag);
                    self.out.push(Run {
                        language: self.language.clone(),
                        dir: self.dir,
                        ..call
                    });
                }
            }
        }
    }

    fn push(&mut self, text: &str, style: RunStyle, script: Script, tag: Option<u32>) {
        if let Some(last) = self.out.last_mut() {
            if last.italic == style.italic
                && last.bold == style.bold
                && last.small_caps == style.small_caps
                && last.size == style.size
                && last.script == script
                && last.tag == tag
                && last.language == self.language
                && last.dir == self.dir
            {
                last.text.push_str(text);
                return;
            }
        }
        let run = run(text, style, script, tag);
        self.out.push(Run {
            language: self.language.clone(),
            dir: self.dir,
            ..run
        });
    }
}

fn run(text: &str, style: RunStyle, script: Script, tag: Option<u32>) -> Run {
    Run {
        text: text.to_owned(),
        italic: style.italic,
        bold: style.bold,
        small_caps: style.small_caps,
        script,
        size: style.size,
        tag,
        language: None,
        dir: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> RunStyle {
        RunStyle::roman(11.0)
    }

    fn scripts(runs: &[Run]) -> Vec<(&str, Script)> {
        runs.iter().map(|r| (r.text.as_str(), r.script)).collect()
    }

    #[test]
    fn sup_and_sub_raise_and_lower_their_text_only() {
        let text = |t: &str| Inline::Text(t.into());
        let inlines = vec![
            text("H"),
            Inline::Sub(vec![text("2")]),
            text("O on the 1"),
            Inline::Sup(vec![Inline::Emph(vec![text("st")])]),
            text(" day"),
        ];
        let runs = runs_of(&inlines, base(), &mut Vec::new());
        assert_eq!(
            scripts(&runs),
            vec![
                ("H", Script::Normal),
                ("2", Script::Sub),
                ("O on the 1", Script::Normal),
                ("st", Script::Super),
                (" day", Script::Normal),
            ]
        );
        assert!(runs[3].italic && !runs[4].italic);
    }

    #[test]
    fn a_span_gives_its_text_its_language_and_the_text_after_returns_to_the_piece() {
        let text = |t: &str| Inline::Text(t.into());
        let inlines = vec![
            text("He said "),
            Inline::Span {
                lang: Some("fr".into()),
                dir: None,
                content: vec![text("bonjour "), Inline::Emph(vec![text("madame")])],
            },
            text(" twice."),
        ];
        let runs = runs_of(&inlines, base(), &mut Vec::new());
        let langs: Vec<(&str, Option<&str>)> = runs
            .iter()
            .map(|r| (r.text.as_str(), r.language.as_deref()))
            .collect();
        assert_eq!(
            langs,
            [
                ("He said ", None),
                ("bonjour ", Some("fr")),
                ("madame", Some("fr")),
                (" twice.", None)
            ]
        );
    }

    #[test]
    fn a_note_call_is_a_raised_run_of_its_own_with_its_link() {
        let inlines = vec![Inline::Text("Said so.".into()), Inline::NoteRef(3)];
        let mut links = Vec::new();
        let runs = runs_of(&inlines, base(), &mut links);
        assert_eq!(
            scripts(&runs),
            vec![("Said so.", Script::Normal), ("3", Script::Super)]
        );
        assert_eq!(runs[1].tag, Some(0));
        assert!(matches!(links[..], [Dest::Note(3)]));
    }
}
