//! People's names as both editions print them: a list joined in the book's language ("Jane
//! Doe and John Roe", "A, B and C"; no serial comma), and the credit lines built on it.
//! Decided once here so the EPUB and the PDF (and the cover) cannot disagree.

use super::strings::{self, Word};
use crate::manuscript::Metadata;

/// The word before the last name, by the language's primary subtag; English otherwise.
fn and_word(language: &str) -> &'static str {
    match strings::primary(language).as_str() {
        "fr" => "et",
        "de" => "und",
        "es" => "y",
        "it" | "pt" => "e",
        "nl" => "en",
        "pl" => "i",
        "sv" => "och",
        _ => "and",
    }
}

/// The names joined for display; `None` when there are none.
pub fn join(names: &[String], language: &str) -> Option<String> {
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [init @ .., last] => Some(format!("{} {} {last}", init.join(", "), and_word(language))),
    }
}

/// "Edited by A and B" (in the book's language, or its `strings:`), or `None` when the
/// book names no editor.
pub fn edited_by(meta: &Metadata) -> Option<String> {
    let words = strings::word(meta, Word::EditedBy);
    join(&meta.editor, &meta.language).map(|names| format!("{words} {names}"))
}

/// "Translated by A", or `None` when the piece names no translator.
pub fn translated_by(translators: &[String], meta: &Metadata) -> Option<String> {
    let words = strings::word(meta, Word::TranslatedBy);
    join(translators, &meta.language).map(|names| format!("{words} {names}"))
}

/// The book's credit lines for print (title page, copyright page, cover front and spine):
/// its authors joined, then "Edited by ..." — each only when book.yaml names them.
pub fn book_credits(meta: &Metadata) -> Vec<String> {
    join(&meta.authors, &meta.language)
        .into_iter()
        .chain(edited_by(meta))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn joins_in_the_books_language_without_a_serial_comma() {
        assert_eq!(join(&v(&[]), "en"), None);
        assert_eq!(join(&v(&["Jane Doe"]), "en").unwrap(), "Jane Doe");
        assert_eq!(
            join(&v(&["Jane Doe", "John Roe"]), "en-GB").unwrap(),
            "Jane Doe and John Roe"
        );
        assert_eq!(join(&v(&["A", "B", "C"]), "en").unwrap(), "A, B and C");
        assert_eq!(join(&v(&["A", "B", "C"]), "fr").unwrap(), "A, B et C");
        assert_eq!(join(&v(&["A", "B"]), "de-AT").unwrap(), "A und B");
        assert_eq!(join(&v(&["A", "B"]), "es").unwrap(), "A y B");
        assert_eq!(join(&v(&["A", "B"]), "pt-BR").unwrap(), "A e B");
        assert_eq!(join(&v(&["A", "B"]), "it").unwrap(), "A e B");
        assert_eq!(join(&v(&["A", "B"]), "nl").unwrap(), "A en B");
        assert_eq!(join(&v(&["A", "B"]), "pl").unwrap(), "A i B");
        assert_eq!(join(&v(&["A", "B"]), "sv").unwrap(), "A och B");
        assert_eq!(join(&v(&["A", "B"]), "ja").unwrap(), "A and B");
    }

    #[test]
    fn credit_lines() {
        let meta = |lang: &str, editor: &[&str]| Metadata {
            language: lang.into(),
            editor: v(editor),
            ..Default::default()
        };
        assert_eq!(
            edited_by(&meta("en", &["A", "B"])).unwrap(),
            "Edited by A and B"
        );
        assert_eq!(edited_by(&meta("en", &[])), None);
        assert_eq!(
            edited_by(&meta("fr", &["A", "B"])).unwrap(),
            "Sous la direction de A et B"
        );
        assert_eq!(
            translated_by(&v(&["T"]), &meta("en", &[])).unwrap(),
            "Translated by T"
        );
        assert_eq!(
            translated_by(&v(&["T"]), &meta("de", &[])).unwrap(),
            "Übersetzt von T"
        );
    }
}
