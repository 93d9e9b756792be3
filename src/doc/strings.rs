//! The words folio prints itself ("Contents", "Edited by", "About the contributors", ...), in
//! the book's language, for both editions; book.yaml's `strings:` overrides any of them.
//!
//! A table by primary language subtag, English for a language it does not have (the loader's
//! caller warns once, see [`supported`]). Written by hand: the words are few and fixed, and a
//! localisation crate (fluent, gettext) would bring a runtime and files for a dozen phrases.

use crate::manuscript::Metadata;

/// One word or phrase folio prints; its `strings:` key is [`Word::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Contents,
    EditedBy,
    TranslatedBy,
    AboutTheContributors,
    Permissions,
    /// Marks a piece a contributor translated, in their "About the contributors" entry.
    Translation,
}

/// The `strings:` keys, in the order of [`Word`]'s variants.
pub const KEYS: &[&str] = crate::manuscript::STRING_KEYS;

const WORDS: [Word; 6] = [
    Word::Contents,
    Word::EditedBy,
    Word::TranslatedBy,
    Word::AboutTheContributors,
    Word::Permissions,
    Word::Translation,
];

/// The languages folio has its words in.
const LANGUAGES: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl", "pl", "sv"];

impl Word {
    pub fn key(self) -> &'static str {
        KEYS[WORDS.iter().position(|w| *w == self).unwrap_or(0)]
    }
}

fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether folio has its own words in `language` (else it prints English).
pub fn supported(language: &str) -> bool {
    LANGUAGES.contains(&primary(language).as_str())
}

/// The word in `language`, English when folio does not have that language.
pub fn builtin(word: Word, language: &str) -> &'static str {
    use Word::*;
    let row: [&str; 6] = match primary(language).as_str() {
        "fr" => [
            "Table des matières",
            "Sous la direction de",
            "Traduit par",
            "Les contributeurs",
            "Droits et autorisations",
            "traduction",
        ],
        "de" => [
            "Inhalt",
            "Herausgegeben von",
            "Übersetzt von",
            "Über die Beitragenden",
            "Rechtenachweis",
            "Übersetzung",
        ],
        "es" => [
            "Índice",
            "Edición de",
            "Traducción de",
            "Sobre los autores",
            "Permisos",
            "traducción",
        ],
        "it" => [
            "Indice",
            "A cura di",
            "Traduzione di",
            "Gli autori",
            "Crediti",
            "traduzione",
        ],
        "pt" => [
            "Sumário",
            "Organização de",
            "Tradução de",
            "Sobre os autores",
            "Créditos",
            "tradução",
        ],
        "nl" => [
            "Inhoud",
            "Onder redactie van",
            "Vertaald door",
            "Over de auteurs",
            "Verantwoording",
            "vertaling",
        ],
        "pl" => [
            "Spis treści",
            "Pod redakcją",
            "Przełożył(a)",
            "O autorach",
            "Prawa autorskie",
            "przekład",
        ],
        "sv" => [
            "Innehåll",
            "Redigerad av",
            "Översatt av",
            "Om författarna",
            "Rättigheter",
            "översättning",
        ],
        _ => [
            "Contents",
            "Edited by",
            "Translated by",
            "About the contributors",
            "Permissions",
            "translation",
        ],
    };
    let i = match word {
        Contents => 0,
        EditedBy => 1,
        TranslatedBy => 2,
        AboutTheContributors => 3,
        Permissions => 4,
        Translation => 5,
    };
    row[i]
}

/// The word as this book prints it: its `strings:` override, else the built-in one.
pub fn word(meta: &Metadata, word: Word) -> String {
    meta.strings
        .iter()
        .find(|(k, _)| k == word.key())
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| builtin(word, &meta.language).to_owned())
}

/// The book's place in its series, as a title page prints it: "The Long Road, Book 2" (the
/// series' name alone when it has no number), in the book's language; `None` outside a series.
/// Both editions' title pages may show it. Not among the `strings:` keys (the contract lists
/// them); the word is a short, fixed one.
pub fn series_line(meta: &Metadata) -> Option<String> {
    let series = meta.series.as_ref()?;
    let Some(number) = &series.number else {
        return Some(series.name.clone());
    };
    let book = match primary(&meta.language).as_str() {
        "fr" => "tome",
        "de" => "Band",
        "es" | "it" => "libro",
        "pt" => "livro",
        "nl" => "deel",
        "pl" => "tom",
        "sv" => "del",
        _ => "Book",
    };
    Some(format!("{}, {book} {number}", series.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_series_line_names_the_series_and_the_books_place() {
        let mut meta = Metadata {
            language: "en-GB".into(),
            ..Default::default()
        };
        assert_eq!(series_line(&meta), None);
        meta.series = Some(crate::manuscript::Series {
            name: "The Long Road".into(),
            number: Some("2".into()),
        });
        assert_eq!(series_line(&meta).unwrap(), "The Long Road, Book 2");
        meta.language = "fr".into();
        assert_eq!(series_line(&meta).unwrap(), "The Long Road, tome 2");
        meta.series.as_mut().unwrap().number = None;
        assert_eq!(series_line(&meta).unwrap(), "The Long Road");
    }

    #[test]
    fn every_supported_language_has_its_own_words() {
        for lang in LANGUAGES.iter().filter(|l| **l != "en") {
            for w in WORDS {
                assert_ne!(builtin(w, lang), builtin(w, "en"), "{lang} {w:?}");
            }
        }
        assert_eq!(builtin(Word::Contents, "fr-CA"), "Table des matières");
        assert_eq!(builtin(Word::Contents, "ja"), "Contents");
        assert!(supported("de-AT") && !supported("ja"));
    }

    #[test]
    fn strings_override_the_builtin_word() {
        let meta = Metadata {
            language: "en".into(),
            strings: vec![("contents".into(), "In this issue".into())],
            ..Default::default()
        };
        assert_eq!(word(&meta, Word::Contents), "In this issue");
        assert_eq!(word(&meta, Word::Permissions), "Permissions");
        assert_eq!(Word::AboutTheContributors.key(), "about-the-contributors");
    }
}
