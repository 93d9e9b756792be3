//! The back matter folio makes from book.yaml, for both editions: "About the contributors"
//! (each person's bio and the pieces they wrote or translated, ordered by `sort-as`) and the
//! permissions page (the book's `rights`, then every piece's, in contents order). Each is an
//! ordinary piece in a last division, so both editions set, list and link it like any other;
//! the print edition makes it again with [`Pages`] once the body's page numbers are known.
//!
//! Also the warnings about the `contributors:` list: an entry naming nobody in the book, and a
//! piece's author with no entry while others have one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::strings::{self, Word};
use super::{parse_inlines, Block, DivisionDoc, Inline, PieceDoc};
use crate::diag::{Diagnostic, Diagnostics};
use crate::manuscript::{Book, Contributor, Matter, PieceMeta, Role};

/// The print page (folio) a piece opens on, by the piece's id; `None` in the e-book.
pub type Pages<'a> = Option<&'a dyn Fn(&str) -> Option<String>>;

const BOOK_YAML: &str = "manuscript/book.yaml";

/// What one contributor did in one piece.
struct Credit<'a> {
    piece: &'a PieceDoc,
    translated: bool,
}

/// The contributors who appear in the book, in `sort-as` order, with their pieces in
/// reading order.
fn appearing<'a>(
    book: &'a Book,
    pieces: &[&'a PieceDoc],
) -> Vec<(&'a Contributor, Vec<Credit<'a>>)> {
    let meta = &book.meta;
    let mut out: Vec<(&Contributor, Vec<Credit>)> = meta
        .contributors
        .iter()
        .filter_map(|c| {
            let credits: Vec<Credit> = pieces
                .iter()
                .filter_map(|p| {
                    let wrote = p.meta.author.iter().any(|a| a == &c.name);
                    let translated = p.meta.translator.iter().any(|t| t == &c.name);
                    (wrote || translated).then_some(Credit {
                        piece: p,
                        translated: translated && !wrote,
                    })
                })
                .collect();
            let named = meta.authors.contains(&c.name) || meta.editor.contains(&c.name);
            (named || !credits.is_empty()).then_some((c, credits))
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |c: &Contributor| c.sort_key().to_lowercase();
        key(a.0)
            .cmp(&key(b.0))
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    out
}

/// "About the contributors": a name in small capitals, the bio, then the pieces.
pub fn contributors_blocks(book: &Book, pieces: &[&PieceDoc], pages: Pages) -> Vec<Block> {
    let translation = strings::word(&book.meta, Word::Translation);
    let mut blocks = Vec::new();
    for (c, credits) in appearing(book, pieces) {
        // A bio is written as bios are, "Jane Doe is ...": its opening name is set in small
        // capitals; one that does not open with the name follows it.
        let name = vec![Inline::SmallCaps(vec![Inline::Text(c.name.clone())])];
        match c
            .bio
            .as_deref()
            .map(|b| (b, b.strip_prefix(c.name.as_str())))
        {
            Some((_, Some(rest))) => {
                let mut para = name;
                // The Markdown parse drops the space between the name and the rest.
                if rest.starts_with(char::is_whitespace) {
                    para.push(Inline::Text(" ".into()));
                }
                para.extend(parse_inlines(rest));
                blocks.push(Block::Paragraph(para));
            }
            Some((bio, None)) => {
                blocks.push(Block::Paragraph(name));
                blocks.push(Block::Paragraph(parse_inlines(bio)));
            }
            None => blocks.push(Block::Paragraph(name)),
        }
        if credits.is_empty() {
            continue;
        }
        let mut works = Vec::new();
        for (i, credit) in credits.iter().enumerate() {
            if i > 0 {
                works.push(Inline::Text("; ".into()));
            }
            works.push(Inline::Emph(credit.piece.title.clone()));
            if credit.translated {
                works.push(Inline::Text(format!(" ({translation})")));
            }
            if let Some(page) = pages.and_then(|f| f(&credit.piece.id)) {
                works.push(Inline::Text(format!(", {page}")));
            }
        }
        blocks.push(Block::Paragraph(works));
    }
    blocks
}

/// The permissions page: the book's own rights, then each piece's title (and its page in
/// print), its rights line and its source.
pub fn permissions_blocks(book: &Book, pieces: &[&PieceDoc], pages: Pages) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(rights) = &book.meta.rights {
        blocks.push(Block::Paragraph(parse_inlines(rights)));
    }
    for p in pieces.iter().filter(|p| p.meta.rights.is_some()) {
        let mut para = vec![Inline::Emph(p.title.clone())];
        if let Some(page) = pages.and_then(|f| f(&p.id)) {
            para.push(Inline::Text(format!(", {page}")));
        }
        para.push(Inline::Text(". ".into()));
        para.extend(rights_line(&p.meta));
        blocks.push(Block::Paragraph(para));
    }
    blocks
}

/// A piece's rights line, then its source: what it prints at its end and on the
/// permissions page.
pub fn rights_line(meta: &PieceMeta) -> Vec<Inline> {
    let mut out = Vec::new();
    for text in [&meta.rights, &meta.source].into_iter().flatten() {
        if !out.is_empty() {
            let ends = text_ends_sentence(&out);
            out.push(Inline::Text(if ends { " ".into() } else { ". ".into() }));
        }
        out.extend(parse_inlines(text));
    }
    out
}

fn text_ends_sentence(inlines: &[Inline]) -> bool {
    super::plain_text(inlines)
        .trim_end()
        .ends_with(['.', '!', '?'])
}

/// A generated piece: its title and blocks, in the division after the last part.
fn piece(book: &Book, id: String, role: Role, word: Word, blocks: Vec<Block>) -> PieceDoc {
    let title = strings::word(&book.meta, word);
    PieceDoc {
        id,
        path: PathBuf::from(format!("manuscript/{}", word.key())),
        meta: PieceMeta {
            title: title.clone(),
            role: Some(role),
            ..Default::default()
        },
        title: vec![Inline::Text(title)],
        subtitle: None,
        standfirst: None,
        byline: None,
        translated_by: None,
        dateline: None,
        note: Vec::new(),
        blocks,
        notes: Vec::new(),
        source: Default::default(),
    }
}

/// The generated back matter as a division (`None` when the book has neither contributors
/// who appear in it nor any rights line), and the warnings about `contributors:`.
pub fn back_matter(book: &Book, divisions: &[DivisionDoc]) -> (Option<DivisionDoc>, Diagnostics) {
    let pieces: Vec<&PieceDoc> = divisions.iter().flat_map(|d| d.pieces.iter()).collect();
    let diags = warnings(book, &pieces);
    let mut next = pieces.len();
    let mut id = || {
        next += 1;
        format!("piece-{next}")
    };
    let mut back = Vec::new();
    let about = contributors_blocks(book, &pieces, None);
    if !about.is_empty() {
        back.push(piece(
            book,
            id(),
            Role::Contributors,
            Word::AboutTheContributors,
            about,
        ));
    }
    if pieces.iter().any(|p| p.meta.rights.is_some()) {
        let blocks = permissions_blocks(book, &pieces, None);
        back.push(piece(
            book,
            id(),
            Role::Permissions,
            Word::Permissions,
            blocks,
        ));
    }
    let division = (!back.is_empty()).then(|| DivisionDoc {
        part: None,
        part_label: None,
        matter: Matter::Back,
        id: "back".into(),
        pieces: back,
    });
    (division, diags)
}

fn warnings(book: &Book, pieces: &[&PieceDoc]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let meta = &book.meta;
    if !strings::supported(&meta.language) {
        let (line, column) = meta.language_at.unwrap_or((1, 1));
        // Only what would really print in English: `strings:` may already give every word.
        let missing: Vec<&str> = strings::KEYS
            .iter()
            .copied()
            .filter(|k| !meta.strings.iter().any(|(given, _)| given == k))
            .collect();
        let labels_or_months = book.divisions.iter().any(|d| d.part.is_some())
            || book.pieces().any(|p| p.meta.date.is_some());
        let warning = if !missing.is_empty() {
            Some(
                Diagnostic::warning(format!(
                    "folio has no words of its own in `{}`: it prints \"Contents\", \"Edited by\" and the like in English",
                    meta.language
                ))
                .hint(format!(
                    "write them in the book's language under `strings:` ({})",
                    missing.join(", ")
                )),
            )
        } else if labels_or_months {
            Some(
                Diagnostic::warning(format!(
                    "folio has no words of its own in `{}`: its part labels (\"Part One\") and month names stay in English",
                    meta.language
                ))
                .hint("`strings:` gives the other words; these two it cannot yet override"),
            )
        } else {
            None
        };
        if let Some(d) = warning {
            diags.push(d.at(Path::new(BOOK_YAML), None, line, column));
        }
    }
    if meta.contributors.is_empty() {
        return diags;
    }
    let mut named: BTreeMap<&str, ()> = BTreeMap::new();
    for n in meta.authors.iter().chain(&meta.editor) {
        named.insert(n, ());
    }
    for p in pieces {
        for n in p.meta.author.iter().chain(&p.meta.translator) {
            named.insert(n, ());
        }
    }
    for c in &meta.contributors {
        if !named.contains_key(c.name.as_str()) {
            diags.push(
                Diagnostic::warning(format!(
                    "contributor `{}` is named nowhere in the book",
                    c.name
                ))
                .at(Path::new(BOOK_YAML), None, c.line, c.column)
                .hint("spell the name exactly as the pieces' `author:` or `translator:` write it, or remove the entry"),
            );
        }
    }
    for p in pieces {
        for name in &p.meta.author {
            if !meta.contributors.iter().any(|c| &c.name == name) {
                let (line, column) = p.meta.author_at.unwrap_or((1, 1));
                diags.push(
                    Diagnostic::warning(format!(
                        "`{name}` has no entry in book.yaml's `contributors`, though others do"
                    ))
                    .at(&p.path, None, line, column)
                    .hint(format!("add `- name: {name}` with `sort-as` and `bio` under `contributors:` in book.yaml, or spell the name as its entry does")),
                );
            }
        }
    }
    diags
}
