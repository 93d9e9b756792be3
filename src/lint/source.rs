//! Lints of one piece's Markdown source, where every finding has a line and column.
//!
//! Method: the IR's parse records where the source has what these lints look for (links,
//! headings, images, code, straight quotes, references with nothing behind them) in the
//! piece's [`SourceMap`], since the IR itself has already resolved or dropped them (an
//! undefined footnote is plain text there, a dead link a plain word). The lints read that
//! table, never the Markdown again, and say where each finding is.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::{Alike, Diagnostic, Diagnostics};
use crate::doc::links::{resolve, web_url, Target as Link, SCHEMES};
use crate::doc::source::SourceMap;
use crate::doc::PieceDoc;
use crate::manuscript::Piece;

/// A piece as a link target: its path (relative to the book root) and its headings' ids.
pub struct Target {
    pub path: PathBuf,
    pub anchors: HashSet<String>,
}

/// Run every source lint on `piece` (parsed as `doc`, the `index`-th of `targets`).
pub fn check(
    piece: &Piece,
    doc: &PieceDoc,
    targets: &[Target],
    index: usize,
    out: &mut Diagnostics,
) {
    let map = &doc.source;
    let at = |d: Diagnostic, offset: usize| SourceMap::place(d, piece, offset);
    // A flood of one kind is counted, and only its first few placed (`diag::Alike`).
    let mut alike = Alike::default();
    for (offset, reference) in &map.undefined_references {
        let d = Diagnostic::error(format!("link reference `[{reference}]` is not defined")).hint(
            format!(
                "define it on a line of its own (`[{reference}]: https://...`), or write the \
                 link inline: `[text](https://...)`"
            ),
        );
        alike.push(out, d, |d| at(d, *offset));
    }
    // The rest in source order, as an editor reads the piece.
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    // The level of the last heading; the piece's title counts as level 1.
    let mut previous = 1;
    for &(level, offset) in &map.headings {
        if level > previous + 1 {
            let hashes = "#".repeat(previous + 1);
            found.push((
                offset,
                Diagnostic::warning(format!(
                    "heading level {level} skips level {}",
                    previous + 1
                ))
                .hint(format!(
                    "make it a level-{} heading (`{hashes} ...`): the contents and screen \
                         readers take levels as the outline of the piece, whose title is level 1",
                    previous + 1
                )),
            ));
        }
        previous = level;
    }
    for (url, offset) in &map.links {
        if let Some(problem) = dead_link(url, targets, index) {
            found.push((
                *offset,
                Diagnostic::warning(problem.message).hint(problem.hint),
            ));
        }
    }
    for image in map.images.iter().filter(|i| !i.in_note) {
        if image.alt.trim().is_empty() {
            let src = &image.src;
            found.push((
                image.at,
                Diagnostic::warning(format!("image `{src}` has no alt text")).hint(format!(
                    "describe the picture between the brackets, `![A harbour at dawn]({src})`: \
                     e-readers read it aloud to readers who cannot see the image"
                )),
            ));
        }
    }
    // A block that names its language is code for certain; quotes there are meant.
    for (_, offset, _) in map
        .code_blocks
        .iter()
        .filter(|(lang, _, quoted)| lang.is_none() && *quoted)
    {
        found.push((*offset, straight_quotes_in_code(true)));
    }
    for offset in &map.quoted_code_spans {
        found.push((*offset, straight_quotes_in_code(false)));
    }
    for (offset, quote) in &map.straight_quotes {
        found.push((
            *offset,
            Diagnostic::warning(format!("straight quote `{quote}` left in the text")).hint(
                "a backslash before a quote keeps it straight: remove the backslash for a \
                 curly quote (or write ′ and ″ for feet and inches)",
            ),
        ));
    }
    for (offset, label) in &map.undefined_notes {
        found.push((
            *offset,
            Diagnostic::error(format!("footnote `[^{label}]` has no note")).hint(format!(
                "add the note on a line of its own, `[^{label}]: The note's text.`, \
                 or remove the reference; as it is, `[^{label}]` is printed as written"
            )),
        ));
    }
    found.sort_by_key(|(offset, _)| *offset);
    for (offset, d) in found {
        alike.push(out, d, |d| at(d, offset));
    }
    alike.finish(out);
}

fn straight_quotes_in_code(block: bool) -> Diagnostic {
    let (what, hint) = if block {
        (
            "code block",
            "code is printed as written: if this is prose, unindent it (or remove the \
             fences) so folio sets curly quotes; if it is code, name its language after \
             the opening fence (```text) to say so",
        )
    } else {
        (
            "code span",
            "code is printed as written: if this is prose, remove the backticks so folio \
             sets curly quotes",
        )
    };
    Diagnostic::warning(format!("straight quotes in a {what}")).hint(hint)
}

/// Why a link would go nowhere in the editions, and what to do about it.
struct DeadLink {
    message: String,
    hint: String,
}

/// Links resolve as the EPUB edition resolves them (`doc::links`, which says how).
fn dead_link(url: &str, targets: &[Target], index: usize) -> Option<DeadLink> {
    let url = url.trim();
    let find = |path: &Path| targets.iter().position(|t| t.path == path);
    let (target, fragment, same_piece) = match resolve(url, &targets.get(index)?.path, find) {
        Link::External => {
            return match web_url(url) {
                Ok(web) if web.rewritten => Some(DeadLink {
                    message: format!("link `{url}` is not a valid URL as written"),
                    hint: format!(
                        "the EPUB writes it as `{}`, which goes to the same place; write \
                         that (characters such as spaces, `[`, `|`, a second `#` or a `%` \
                         alone must be percent-encoded) to say so yourself",
                        web.href
                    ),
                }),
                Ok(_) => None,
                Err(why) => Some(DeadLink {
                    message: format!("link `{url}` cannot be made a valid URL: {why}"),
                    hint: "correct the address (the host is a name such as `example.org`, \
                           a port is a number up to 65535); as it is, the link text is \
                           printed without a link"
                        .into(),
                }),
            };
        }
        Link::OtherScheme(_) => {
            return Some(DeadLink {
                message: format!("link `{url}` uses a scheme e-readers do not open"),
                hint: format!(
                    "link with one of {}; as it is, the link text is printed without a link",
                    SCHEMES.join(", ")
                ),
            })
        }
        Link::Piece {
            index: at,
            fragment,
        } => (targets.get(at.unwrap_or(index))?, fragment, at.is_none()),
        Link::Nowhere => {
            return Some(DeadLink {
                message: format!("link `{url}` points at no piece of the book"),
                hint: "link to another piece by its Markdown file (e.g. \
                           `../reviews/january.md`, relative to this file), or give a full \
                           `https://` address; as it is, the link text is printed without a link"
                    .into(),
            })
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    if target.anchors.contains(&fragment) {
        return None;
    }
    let mut known: Vec<&String> = target.anchors.iter().collect();
    known.sort();
    let hint = if known.is_empty() {
        format!(
            "`{}` has no headings to link to; link to the piece without `#{fragment}`",
            target.path.display()
        )
    } else {
        let shown: Vec<String> = known.iter().take(8).map(|k| format!("#{k}")).collect();
        format!(
            "a heading's anchor is its text in lower case with hyphens; `{}` has {}",
            target.path.display(),
            shown.join(", ")
        )
    };
    let message = if same_piece {
        format!("link `{url}` points at no heading of this piece")
    } else {
        format!(
            "link `{url}`: `{}` has no heading `#{fragment}`",
            target.path.display()
        )
    };
    Some(DeadLink { message, hint })
}
