//! Hyphenation: where a word may be broken at the end of a line.
//!
//! Method: Frank Liang's pattern algorithm (Liang 1983, "Word Hy-phen-a-tion by
//! Com-put-er", Stanford), with the TeX pattern sets that the `hyphenation` crate embeds,
//! chosen by the book's BCP 47 language tag (`en-GB` and `en-US` have different patterns:
//! British hyphenation follows etymology, American pronunciation). On top of the patterns
//! sit the rules a book editor expects:
//!
//! - at least [`LEFT_MIN`] letters before and [`RIGHT_MIN`] after a break ("a-" and "-ed"
//!   look careless and save little);
//! - a capitalised word (a proper noun, or the first word of a sentence) or one with capitals
//!   inside (acronyms, "iPhone") is never broken, nor one containing digits ("1990s");
//! - a word that already contains a hard hyphen or a dash breaks only after it
//!   ("day-/job", never "day-jo-/b");
//! - the user's exceptions (`"ty-po-graph-ic"`, hyphens marking the allowed points) override
//!   the patterns for that word.
//!
//! Only the word's letters are hyphenated: leading and trailing punctuation and quotes are
//! set aside, and a possessive or contraction ("government’s", "wouldn’t") is hyphenated
//! only in the part before the apostrophe.
//!
//! The words of a book recur (Zipf's law: a few thousand make up most of the text), so the
//! patterns' answer for each word is kept, shared by every thread setting the book: running
//! the patterns (a walk of the pattern trie from every letter) cost more than the rest of
//! finding a paragraph's breaks.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rustc_hash::{FxBuildHasher, FxHashMap};

use hyphenation::{Hyphenator as _, Language, Load, Standard};

use crate::manuscript::HyphenationException;

/// Fewest letters left before a hyphen on the line.
pub const LEFT_MIN: usize = 2;
/// Fewest letters carried over to the next line.
pub const RIGHT_MIN: usize = 3;

/// What a line break inside a word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// Insert a hyphen at the end of the line (a pattern, exception or soft-hyphen point).
    Hyphen,
    /// Break after a hyphen or dash already in the text; nothing is inserted.
    AfterHyphen,
    /// A last-resort break inside a word too wide for any line (nothing inserted; the
    /// caller warns).
    Forced,
}

/// A place inside a word where a line may end: after the first `offset` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordBreak {
    pub offset: usize,
    pub kind: BreakKind,
}

/// The hyphenation language for a BCP 47 tag, if the pattern sets have it. `en` alone
/// means American English (as in TeX and most dictionaries); a region or script the patterns
/// lack falls back to the bare language (`fr-CA` -> French).
pub fn language_for_tag(tag: &str) -> Option<Language> {
    let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
    let primary = tag.split('-').next().unwrap_or("");
    // Tags whose pattern set carries a region, script or orthography the bare code lacks.
    let special = match tag.as_str() {
        "en" | "en-us" => Some(Language::EnglishUS),
        "en-gb" | "en-uk" | "en-ie" | "en-au" | "en-nz" | "en-za" | "en-in" => {
            Some(Language::EnglishGB)
        }
        "de-ch" => Some(Language::GermanSwiss),
        "de-1901" => Some(Language::German1901),
        "el" | "el-gr" | "el-cy" => Some(Language::GreekMono),
        "sr" | "sr-rs" | "sr-cyrl" => Some(Language::SerbianCyrillic),
        "mn" => Some(Language::Mongolian),
        "no" | "nb-no" => Some(Language::NorwegianBokmal),
        _ => None,
    };
    special
        .or_else(|| Language::try_from_code(&tag))
        .or_else(|| match primary {
            "en" => Some(Language::EnglishUS),
            "de" => Some(Language::German1996),
            "el" => Some(Language::GreekMono),
            _ => Language::try_from_code(primary),
        })
}

/// Loaded pattern sets, shared by every hyphenator of the process (loading one takes
/// milliseconds; a book uses one or two).
fn dictionary(language: Language) -> Option<Arc<Standard>> {
    static LOADED: OnceLock<Mutex<HashMap<Language, Arc<Standard>>>> = OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(d) = loaded.get(&language) {
        return Some(Arc::clone(d));
    }
    let dict = Arc::new(Standard::from_embedded(language).ok()?);
    loaded.insert(language, Arc::clone(&dict));
    Some(dict)
}

/// Shards of the pattern cache: enough that threads seldom meet on one lock.
const CACHE_SHARDS: usize = 16;

/// The patterns' break points (byte offsets, already cut to [`LEFT_MIN`] and [`RIGHT_MIN`])
/// of each stem seen so far.
#[derive(Debug, Default)]
struct PatternCache {
    shards: [RwLock<StemPoints>; CACHE_SHARDS],
}

type StemPoints = FxHashMap<Box<str>, Box<[u16]>>;

/// Finds the break points of words in one language.
#[derive(Debug, Clone)]
pub struct Hyphenator {
    language: Language,
    patterns: Arc<Standard>,
    /// Lower-case word -> allowed break points, in chars from the word's start.
    exceptions: HashMap<String, Vec<usize>>,
    /// Depends on the patterns only (exceptions are looked up first), so clones share it.
    cache: Arc<PatternCache>,
}

impl Hyphenator {
    /// The hyphenator for a BCP 47 tag, or `None` when there are no patterns for it (the
    /// book is then set without hyphenation).
    pub fn for_language(tag: &str) -> Option<Hyphenator> {
        let language = language_for_tag(tag)?;
        Some(Hyphenator {
            language,
            patterns: dictionary(language)?,
            exceptions: HashMap::new(),
            cache: Arc::default(),
        })
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Adds a user exception (`ty-po-graph-ic` in book.yaml, checked by the loader); a word
    /// written without hyphens is never broken. Case does not matter.
    pub fn add_exception(&mut self, exception: &HyphenationException) {
        self.exceptions
            .insert(exception.word.clone(), exception.points.clone());
    }

    /// Where `word` (one whitespace-free token, punctuation included) may break, in byte
    /// offsets, ascending.
    pub fn breaks(&self, word: &str) -> Vec<WordBreak> {
        if word.contains(is_hard_hyphen) {
            return hard_hyphen_breaks(word);
        }
        let (start, core) = letters_core(word);
        if core.is_empty() || core.chars().any(|c| c.is_uppercase() || c.is_numeric()) {
            return Vec::new();
        }
        // Only letters (and apostrophes) are hyphenated: no URLs, no "and/or".
        if !core.chars().all(|c| c.is_alphabetic() || is_apostrophe(c)) {
            return Vec::new();
        }
        if let Some(points) = self.exceptions.get(core) {
            return char_points_to_breaks(start, core, points);
        }
        // A possessive or contraction: hyphenate the stem alone.
        let stem = core.split(is_apostrophe).next().unwrap_or("");
        let stem_chars = stem.chars().count();
        if stem_chars < LEFT_MIN + RIGHT_MIN {
            return Vec::new();
        }
        if let Some(points) = self.exceptions.get(stem) {
            return char_points_to_breaks(start, stem, points);
        }
        let to_break = |&b: &u16| WordBreak {
            offset: start + usize::from(b),
            kind: BreakKind::Hyphen,
        };
        let hash = FxBuildHasher.hash_one(stem) as usize;
        let shard = &self.cache.shards[(hash >> (usize::BITS - 4)) % CACHE_SHARDS];
        // A poisoned lock only means another thread panicked mid-insert; the map is intact.
        if let Some(points) = shard.read().unwrap_or_else(|e| e.into_inner()).get(stem) {
            return points.iter().map(to_break).collect();
        }
        let points = self.pattern_points(stem, stem_chars);
        let breaks = points.iter().map(to_break).collect();
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(stem.into(), points);
        breaks
    }

    /// The patterns' break points inside `stem`, as byte offsets, with at least
    /// [`LEFT_MIN`] letters before and [`RIGHT_MIN`] after each.
    fn pattern_points(&self, stem: &str, stem_chars: usize) -> Box<[u16]> {
        self.patterns
            .hyphenate(stem)
            .breaks
            .into_iter()
            .filter(|&b| stem.is_char_boundary(b))
            .filter(|&b| {
                let before = stem[..b].chars().count();
                before >= LEFT_MIN && stem_chars - before >= RIGHT_MIN
            })
            // A word longer than 65,535 bytes is not prose: leave its far end unbroken.
            .filter_map(|b| u16::try_from(b).ok())
            .collect()
    }
}

/// Hyphens and dashes after which a line may end without inserting anything.
pub fn is_hard_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The word without leading and trailing punctuation: (byte offset of the core, core).
fn letters_core(word: &str) -> (usize, &str) {
    let start = word
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(word.len());
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(start);
    (start, &word[start..end.max(start)])
}

/// Breaks after each hard hyphen or dash with enough letters on both sides (what any word
/// may do, with or without a hyphenation language).
pub fn hard_hyphen_breaks(word: &str) -> Vec<WordBreak> {
    // Letters are counted once, as a running total, so a "word" of thousands of dashes
    // (`ab--ab--...`) costs linear time, not a recount of the whole word at every dash.
    let total_letters = word.chars().filter(|c| c.is_alphanumeric()).count();
    let mut letters_before = 0;
    let mut out = Vec::new();
    for (i, c) in word.char_indices() {
        if c.is_alphanumeric() {
            letters_before += 1;
            continue;
        }
        if !is_hard_hyphen(c) {
            continue;
        }
        let after = i + c.len_utf8();
        let letters_after = total_letters - letters_before;
        // A dash's neighbours must be letters: "--" and a trailing "-" are not break points.
        let next_is_letter = word[after..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if letters_before >= LEFT_MIN && letters_after >= RIGHT_MIN && next_is_letter {
            out.push(WordBreak {
                offset: after,
                kind: BreakKind::AfterHyphen,
            });
        }
    }
    out
}

/// Exception points (chars into `part`, which starts at byte `start` of `word`) as breaks.
/// An exception is the user's explicit choice, so the minima do not apply to it.
fn char_points_to_breaks(start: usize, part: &str, points: &[usize]) -> Vec<WordBreak> {
    let offsets: Vec<usize> = part.char_indices().map(|(i, _)| i).collect();
    points
        .iter()
        .filter_map(|&p| offsets.get(p))
        .map(|&b| WordBreak {
            offset: start + b,
            kind: BreakKind::Hyphen,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(h: &Hyphenator, word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in h.breaks(word) {
            out.push_str(&word[last..b.offset]);
            out.push('|');
            last = b.offset;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn tags_choose_languages() {
        assert_eq!(language_for_tag("en-GB"), Some(Language::EnglishGB));
        assert_eq!(language_for_tag("en"), Some(Language::EnglishUS));
        assert_eq!(language_for_tag("en-US"), Some(Language::EnglishUS));
        assert_eq!(language_for_tag("fr-CA"), Some(Language::French));
        assert_eq!(language_for_tag("de"), Some(Language::German1996));
        assert_eq!(language_for_tag("xx-YY"), None);
        assert!(Hyphenator::for_language("tlh").is_none());
    }

    #[test]
    fn british_and_american_patterns_differ() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        let us = Hyphenator::for_language("en-US").unwrap();
        // British hyphenation follows the word's parts, American its pronunciation.
        assert_eq!(split(&gb, "knowledge"), "know|ledge");
        assert_eq!(split(&us, "knowledge"), "knowl|edge");
        assert_eq!(split(&gb, "democracy"), "demo|cracy");
        assert_eq!(split(&us, "democracy"), "democ|racy");
    }

    #[test]
    fn minima_two_before_three_after() {
        let us = Hyphenator::for_language("en-US").unwrap();
        for word in [
            "hyphenation",
            "typography",
            "ideally",
            "understood",
            "aside",
        ] {
            for b in us.breaks(word) {
                assert!(word[..b.offset].chars().count() >= LEFT_MIN, "{word}");
                assert!(word[b.offset..].chars().count() >= RIGHT_MIN, "{word}");
            }
        }
        assert_eq!(split(&us, "aside"), "aside");
    }

    #[test]
    fn capitalised_words_and_numbers_are_never_broken() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        assert!(gb.breaks("Johansson").is_empty());
        assert!(gb.breaks("Everything").is_empty());
        assert!(gb.breaks("UNESCO").is_empty());
        assert!(gb.breaks("1990s").is_empty());
        assert!(!gb.breaks("hyphenation").is_empty());
    }

    #[test]
    fn punctuation_and_possessives_are_set_aside() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        let quoted = split(&gb, "“remarkable,”");
        assert!(
            quoted.starts_with("“re") && quoted.ends_with("able,”"),
            "{quoted}"
        );
        let possessive = split(&gb, "government’s");
        assert!(
            !possessive.contains("’|") && !possessive.contains("|’"),
            "{possessive}"
        );
        assert!(possessive.contains('|'), "{possessive}");
    }

    #[test]
    fn hard_hyphen_words_break_only_after_the_hyphen() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        let breaks = gb.breaks("near-impossible");
        assert_eq!(
            breaks,
            vec![WordBreak {
                offset: 5,
                kind: BreakKind::AfterHyphen
            }]
        );
        assert!(gb.breaks("e-mail").is_empty());
        assert_eq!(split(&gb, "arthouse—cinema"), "arthouse—|cinema");
    }

    #[test]
    fn exceptions_override_patterns() {
        let mut gb = Hyphenator::for_language("en-GB").unwrap();
        let before = split(&gb, "typographic");
        let exception = |w: &str| HyphenationException::parse(w).unwrap();
        gb.add_exception(&exception("ty-po-graph-ic"));
        assert_eq!(split(&gb, "typographic"), "ty|po|graph|ic");
        assert_eq!(split(&gb, "(typographic)."), "(ty|po|graph|ic).");
        assert_ne!(before, "ty|po|graph|ic");
        gb.add_exception(&exception("manuscript"));
        assert_eq!(split(&gb, "manuscript"), "manuscript");
    }
}
