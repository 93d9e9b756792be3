//! What a book's fonts cannot print, by script: the grouping behind the PDF edition's
//! warning and `folio check`'s, so both say the same, once per piece per script (a book of
//! 500 pieces with a few Hangul quotes gets one line per piece that quotes, not one per
//! character).

use unicode_script::{Script, UnicodeScript};

use super::fonts::{is_unprinted, FontSet};

/// The characters of one script that no face has, in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingScript {
    /// UAX #24's name: "Hangul", "Arabic".
    pub script: &'static str,
    /// How many characters of the text (each occurrence) no face has.
    pub count: usize,
    /// The first of them and its byte offset in the text.
    pub first: char,
    pub offset: usize,
}

impl MissingScript {
    /// "no font of the book covers Hangul: 12 characters, the first `한` (U+D55C)".
    pub fn message(&self) -> String {
        let n = if self.count == 1 {
            "1 character".to_owned()
        } else {
            format!("{} characters", self.count)
        };
        format!(
            "no font of the book covers {}: {n}, the first `{}` (U+{:04X}); the PDF shows blanks",
            self.script, self.first, self.first as u32
        )
    }

    /// "add a font covering Hangul to fonts/, e.g. Noto Serif CJK KR".
    pub fn hint(&self) -> String {
        format!(
            "add a font covering {} to fonts/, e.g. {}",
            self.script,
            noto_family(self.script)
        )
    }
}

/// Every script of `text` some character of which no face of `fonts` has, in order of first
/// appearance. The common case (every character printable) costs one bit test a character.
pub fn missing_scripts(fonts: &FontSet, text: &str) -> Vec<MissingScript> {
    let mut out: Vec<MissingScript> = Vec::new();
    for (offset, c) in text.char_indices() {
        if fonts.covers(c) || is_unprinted(c) {
            continue;
        }
        let script = match c.script() {
            // A symbol or mark no face has: name it by its block's usual script.
            Script::Common | Script::Inherited | Script::Unknown => "symbols",
            s => s.full_name(),
        };
        match out.iter_mut().find(|m| m.script == script) {
            Some(m) => m.count += 1,
            None => out.push(MissingScript {
                script,
                count: 1,
                first: c,
                offset,
            }),
        }
    }
    out
}

/// A Noto family (Debian's fonts-noto-core and fonts-noto-cjk) that covers `script`.
fn noto_family(script: &str) -> String {
    let known = match script {
        "Arabic" => "Noto Naskh Arabic",
        "Hebrew" => "Noto Serif Hebrew",
        "Han" => "Noto Serif CJK SC (Chinese) or Noto Serif CJK JP (Japanese)",
        "Hiragana" | "Katakana" => "Noto Serif CJK JP",
        "Hangul" => "Noto Serif CJK KR",
        "Bopomofo" => "Noto Serif CJK TC",
        "symbols" => "Noto Sans Symbols 2",
        _ => "",
    };
    if known.is_empty() {
        format!("Noto Serif {script} or Noto Sans {script}")
    } else {
        known.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_script_with_its_count_and_first_place() {
        let fonts = FontSet::builtin();
        let text = "Seoul 서울 and 한국, Cairo القاهرة, 서울 again; Καλημέρα";
        let missing = missing_scripts(&fonts, text);
        let scripts: Vec<&str> = missing.iter().map(|m| m.script).collect();
        assert_eq!(scripts, ["Hangul", "Arabic"]);
        assert_eq!(missing[0].count, 6);
        assert_eq!(missing[0].first, '서');
        assert_eq!(&text[missing[0].offset..missing[0].offset + 3], "서");
        assert_eq!(missing[1].count, 7);
        assert!(
            missing[0].hint().contains("Noto Serif CJK KR"),
            "{}",
            missing[0].hint()
        );
        assert!(missing[0].message().contains("6 characters"));
    }
}
