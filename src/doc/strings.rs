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

/// A BCP 47 tag's primary language subtag, in lower case ("en-GB" -> "en"): what every
/// per-language rule of folio's (words, quotes, "and", direction) is keyed by.
pub fn primary(language: &str) -> String {
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
            "Przekład",
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

/// The months' names in `language`, as a date in running text writes them (Polish in the
/// genitive, "14 stycznia"; lower case where the language writes them so).
fn months(language: &str) -> [&'static str; 12] {
    match primary(language).as_str() {
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "it" => [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        "pt" => [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        "nl" => [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "pl" => [
            "stycznia",
            "lutego",
            "marca",
            "kwietnia",
            "maja",
            "czerwca",
            "lipca",
            "sierpnia",
            "września",
            "października",
            "listopada",
            "grudnia",
        ],
        "sv" => [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        _ => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    }
}

/// A date (year, and month and day where given) as the book's language writes it in running
/// text: "14 January 2015" (en-GB and English elsewhere), "January 14, 2015" (en-US),
/// "14 janvier 2015", "14. Januar 2015", "14 de enero de 2015". A month out of range prints
/// the year alone (the loader has checked the dates it reads).
pub fn date(language: &str, year: i32, month: Option<u8>, day: Option<u8>) -> String {
    let Some(name) = month.and_then(|m| {
        months(language)
            .get(usize::from(m).wrapping_sub(1))
            .copied()
    }) else {
        return year.to_string();
    };
    let lang = primary(language);
    let us = language.eq_ignore_ascii_case("en-US");
    match (day, lang.as_str()) {
        (Some(d), _) if us => format!("{name} {d}, {year}"),
        (Some(d), "de") => format!("{d}. {name} {year}"),
        (Some(d), "es" | "pt") => format!("{d} de {name} de {year}"),
        (Some(d), _) => format!("{d} {name} {year}"),
        (None, "es" | "pt") => format!("{name} de {year}"),
        (None, _) => format!("{name} {year}"),
    }
}

/// A date as written in front matter or book.yaml (YYYY, YYYY-MM, YYYY-MM-DD) in the book's
/// language; text in any other form is printed as written.
pub fn written_date(language: &str, text: &str) -> String {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u8>().ok());
    match (
        parts.first().and_then(|y| y.parse::<i32>().ok()),
        parts.len(),
    ) {
        (Some(y), 1) if parts[0].len() == 4 => date(language, y, None, None),
        (Some(y), 2) if number(1).is_some() => date(language, y, number(1), None),
        (Some(y), 3) if number(1).is_some() && number(2).is_some() => {
            date(language, y, number(1), number(2))
        }
        _ => text.trim().to_owned(),
    }
}

/// The label over a part's title: "Part One" in English, the language's word for a part
/// with a roman numeral elsewhere ("Partie II", "Teil II").
pub fn part_label(language: &str, number: usize) -> String {
    const ORDINALS: &[&str] = &[
        "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
        "Twelve",
    ];
    let word = match primary(language).as_str() {
        "fr" => "Partie",
        "de" => "Teil",
        "es" | "it" | "pt" => "Parte",
        "nl" => "Deel",
        "pl" => "Część",
        "sv" => "Del",
        _ => match ORDINALS.get(number.wrapping_sub(1)) {
            Some(n) => return format!("Part {n}"),
            None => return format!("Part {number}"),
        },
    };
    format!("{word} {}", crate::roman::format(number).to_uppercase())
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
    fn dates_and_parts_in_the_book_language() {
        assert_eq!(date("en-GB", 2015, Some(1), Some(14)), "14 January 2015");
        assert_eq!(date("en-US", 2015, Some(1), Some(14)), "January 14, 2015");
        assert_eq!(date("fr", 2015, Some(1), Some(14)), "14 janvier 2015");
        assert_eq!(date("de", 2015, Some(1), Some(14)), "14. Januar 2015");
        assert_eq!(date("es", 2015, Some(1), Some(14)), "14 de enero de 2015");
        assert_eq!(date("pl", 2015, Some(1), Some(14)), "14 stycznia 2015");
        assert_eq!(date("sv", 2015, Some(8), None), "augusti 2015");
        assert_eq!(written_date("it", "2015-03-02"), "2 marzo 2015");
        assert_eq!(written_date("en", "2015"), "2015");
        assert_eq!(written_date("en", "spring 2015"), "spring 2015");
        assert_eq!(part_label("en", 2), "Part Two");
        assert_eq!(part_label("de", 2), "Teil II");
        assert_eq!(part_label("fr", 14), "Partie XIV");
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
