//! From the IR's nested inlines to flat runs of one style each, the typesetter's input:
//! emphasis, strong and small caps become the run's style, links and note calls its tag.
//! Shared by the body, notes, tables and the openings, so it stands apart from the builder.

use super::Dest;
use crate::doc::Inline;
use crate::typeset::text::Run;

/// The style of a run of text, as the IR's nesting sets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunStyle {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub size: f32,
}

/// Turn inlines into styled runs; note calls become superscript runs tagged with their
/// link, and links are tagged too. `links` collects the destinations; a run's tag is its
/// index there.
pub fn runs_of(inlines: &[Inline], base: RunStyle, links: &mut Vec<Dest>) -> Vec<Run> {
    let mut out = Vec::new();
    walk(inlines, base, None, links, &mut out);
    out
}

fn walk(
    inlines: &[Inline],
    style: RunStyle,
    tag: Option<u32>,
    links: &mut Vec<Dest>,
    out: &mut Vec<Run>,
) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => push_run(out, t, style, false, tag),
            Inline::Code(t) => push_run(out, t, style, false, tag),
            Inline::Break => push_run(out, "\n", style, false, tag),
            Inline::Emph(c) => walk(
                c,
                RunStyle {
                    italic: !style.italic,
                    ..style
                },
                tag,
                links,
                out,
            ),
            Inline::Strong(c) => walk(
                c,
                RunStyle {
                    bold: true,
                    ..style
                },
                tag,
                links,
                out,
            ),
            Inline::Strike(c) | Inline::Sup(c) | Inline::Sub(c) => walk(c, style, tag, links, out),
            Inline::SmallCaps(c) => walk(
                c,
                RunStyle {
                    small_caps: true,
                    ..style
                },
                tag,
                links,
                out,
            ),
            Inline::Link { url, content } => {
                links.push(Dest::Url(url.clone()));
                let t = Some((links.len() - 1) as u32);
                walk(content, style, t, links, out);
            }
            Inline::NoteRef(n) => {
                links.push(Dest::Note(*n));
                let t = Some((links.len() - 1) as u32);
                push_run(
                    out,
                    &n.to_string(),
                    RunStyle {
                        italic: false,
                        bold: false,
                        ..style
                    },
                    true,
                    t,
                );
            }
        }
    }
}

fn push_run(out: &mut Vec<Run>, text: &str, style: RunStyle, superscript: bool, tag: Option<u32>) {
    if let Some(last) = out.last_mut() {
        if last.italic == style.italic
            && last.bold == style.bold
            && last.small_caps == style.small_caps
            && last.size == style.size
            && last.superscript == superscript
            && last.tag == tag
            && !superscript
        {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Run {
        text: text.to_owned(),
        italic: style.italic,
        bold: style.bold,
        small_caps: style.small_caps,
        superscript,
        size: style.size,
        tag,
    });
}
