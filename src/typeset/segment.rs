//! Break opportunities beyond word spaces: Unicode's line breaking algorithm (UAX #14) for
//! the scripts that do not put spaces between words, and which scripts hyphenate.
//!
//! Method: ICU4X's `icu_segmenter` line segmenter with its compiled data, in the strict
//! mode of CSS `line-break: strict` (the UAX #14 default: small kana and the prolonged sound
//! mark never start a line). It breaks between CJK ideographs and kana with the kinsoku
//! rules the line-breaking classes carry (no line starts with closing punctuation `、。」）`
//! or ends with opening `「（`), keeps a Latin word inside CJK text whole, and breaks Thai,
//! Lao, Khmer and Burmese at word boundaries by dictionary. Chosen over `unicode-linebreak`
//! because that crate resolves those four scripts to "alphabetic" (UAX #14 rule LB1 without a
//! dictionary) and so would leave a Thai paragraph one unbreakable word; the data costs about
//! 2 MB in the binary and the crate compiles in well under a minute, and ICU's collections and
//! properties crates were already in the tree.
//!
//! Only text with characters of those scripts is segmented ([`needs_segmenting`]), and only
//! an opportunity next to such a character is used ([`is_spaceless`]): Latin, Greek and
//! Cyrillic text keeps the paragraph builder's own rules (spaces, hard hyphens, dashes,
//! U+200B), so a Latin book sets exactly as before and pays nothing.

use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};

/// A character of a script written without spaces between words (CJK, kana, Hangul, Thai,
/// Lao, Khmer, Burmese), or CJK punctuation: a line may break beside it without a space.
pub fn is_spaceless(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF     // Thai, Lao
        | 0x1000..=0x109F   // Myanmar
        | 0x1780..=0x17FF   // Khmer
        | 0x19E0..=0x19FF   // Khmer symbols
        | 0x1100..=0x11FF   // Hangul Jamo
        | 0x2E80..=0x2FFF   // CJK radicals, Kangxi, description characters
        | 0x3000..=0x9FFF   // CJK punctuation, kana, Bopomofo, Hangul compatibility, CJK
        | 0xA960..=0xA97F   // Hangul Jamo extended A
        | 0xAA60..=0xAA7F   // Myanmar extended A
        | 0xAC00..=0xD7FF   // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFE30..=0xFE4F   // CJK compatibility forms
        | 0xFF00..=0xFFEF   // half- and fullwidth forms
        | 0x20000..=0x3FFFF // CJK extensions
    )
}

/// A character of the CJK scripts (ideographs, kana, CJK and fullwidth punctuation): a
/// line of them is justified by stretching the gaps between characters, not only spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF
        | 0x3000..=0x30FF   // CJK punctuation, hiragana, katakana
        | 0x3100..=0x312F   // Bopomofo
        | 0x31F0..=0x31FF   // katakana phonetic extensions
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60   // fullwidth forms (not the halfwidth katakana after)
        | 0x20000..=0x3FFFF
    )
}

/// Whether words of this character's script are hyphenated at all. Scripts written
/// without spaces break between characters or words instead; Arabic and Hebrew are not
/// hyphenated in print (and the pattern sets have none for them). The Indic scripts are:
/// the pattern sets have Hindi, Bengali, Tamil and others.
pub fn hyphenates(c: char) -> bool {
    !(is_spaceless(c)
        || matches!(c as u32,
            0x0590..=0x08FF     // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
            | 0xFB1D..=0xFDFF   // Hebrew and Arabic presentation forms A
            | 0xFE70..=0xFEFF   // Arabic presentation forms B
        ))
}

/// Whether `text` has a character that needs UAX #14's breaks (cheap: most text has none).
pub fn needs_segmenting(text: &str) -> bool {
    // Every such character is outside ASCII and Latin-1; skip those bytes fast.
    text.bytes().any(|b| b >= 0xE0) && text.chars().any(is_spaceless)
}

fn segmenter() -> LineSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    *SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()))
}

/// The byte offsets in `text` where a line may begin without a space before it: UAX #14's
/// opportunities that have a [spaceless](is_spaceless) character on either side (offsets
/// 0 and `text.len()` are never returned). Ascending.
pub fn opportunities(text: &str) -> Vec<usize> {
    segmenter()
        .segment_str(text)
        .filter(|&at| at > 0 && at < text.len())
        .filter(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            match (before, after) {
                // A break after a space is the word space's own.
                (Some(b), Some(a)) => !b.is_whitespace() && (is_spaceless(b) || is_spaceless(a)),
                _ => false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text after each opportunity: the starts of the lines it allows.
    fn line_starts(text: &str) -> Vec<&str> {
        opportunities(text).iter().map(|&at| &text[at..]).collect()
    }

    #[test]
    fn breaks_between_ideographs() {
        assert_eq!(opportunities("中文字"), vec![3, 6]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        for text in [
            "他说、好。",
            "「好」他说。",
            "（注）文字",
            "東京ゃあ",
            "カーテン",
        ] {
            for start in line_starts(text) {
                let first = start.chars().next().unwrap();
                assert!(
                    !"、。」）』】〕，．！？ゃゅょっーぁぃぅぇぉ".contains(first),
                    "a line of {text:?} would start with {first}"
                );
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let text = "他说「好」和（注）和『书』。";
        for at in opportunities(text) {
            let last = text[..at].chars().next_back().unwrap();
            assert!(!"「（『【〔".contains(last), "a line would end with {last}");
        }
    }

    #[test]
    fn latin_words_inside_cjk_stay_whole() {
        let text = "我们用Rust语言和typesetting写书";
        let cuts = opportunities(text);
        for word in ["Rust", "typesetting"] {
            let start = text.find(word).unwrap();
            let inside = start + 1..start + word.len();
            assert!(
                cuts.iter().all(|c| !inside.contains(c)),
                "{word} cut: {cuts:?}"
            );
        }
        // Beside the Latin words, a line may break.
        assert!(cuts.contains(&text.find("Rust").unwrap()));
    }

    #[test]
    fn thai_breaks_at_word_boundaries() {
        // "ภาษาไทย เป็นภาษาที่สวยงาม": "Thai is a beautiful language".
        let text = "ภาษาไทยเป็นภาษาที่สวยงาม";
        let starts = line_starts(text);
        assert!(starts.len() >= 3, "too few breaks: {starts:?}");
        // Dictionary words, never inside one: "ภาษา" (language) then "ไทย" (Thai).
        assert!(starts.contains(&"ไทยเป็นภาษาที่สวยงาม"), "{starts:?}");
        // No break before a combining vowel or tone mark (a grapheme is never split).
        for s in &starts {
            let c = s.chars().next().unwrap();
            assert!(!matches!(c as u32, 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E));
        }
    }

    #[test]
    fn latin_text_is_left_alone() {
        assert!(!needs_segmenting(
            "and/or e-mail https://example.com/a/b — naïve café"
        ));
        assert!(opportunities("and/or e-mail https://example.com/a/b").is_empty());
        assert!(needs_segmenting("a 中 b"));
    }

    #[test]
    fn which_scripts_hyphenate() {
        for c in ['a', 'é', 'ж', 'λ'] {
            assert!(hyphenates(c), "{c}");
        }
        for c in ['中', 'あ', 'ก', 'ש', 'ع', '한'] {
            assert!(!hyphenates(c), "{c}");
        }
    }
}
