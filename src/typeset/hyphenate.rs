//! Hyphenation: where a word may be broken at the end of a line.
//!
//! Method: Frank Liang's pattern algorithm (Liang 1983, "Word Hy-phen-a-tion by
//! Com-put-er", Stanford), with the TeX pattern sets that the `hyphenation` crate embeds,
//! chosen by the book's BCP 47 language tag (`en-GB` and `en-US` have different patterns:
//! British hyphenation follows etymology, American pronunciation). On top of the patterns
//! sit the rules a book editor expects:
//!
//! - at least [`LEFT_MIN`] letters before and [`RIGHT_MIN`] after a break ("a-" and "-ed"
//!   look careless and save little), and no break at all in a word of fewer than
//!   [`MIN_WORD`] letters ("wo-man", "ap-ply": TeX's lefthyphenmin/righthyphenmin of 2/3
//!   allow them, but a five-letter word saves less than the hyphen costs the reader);
//! - English only: a break that splits "-ed" from its stem with the stem's last consonant
//!   carried over ("star-ted", "poin-ted", "inten-ded") is dropped: the patterns' syllables
//!   are spoken ones, and the reader sees the stem broken ("start-ed" is the right break,
//!   but [`RIGHT_MIN`] forbids it). A doubled t or d ("admit-ted", "shred-ded") is kept;
//! - built-in exceptions ([`BUILT_IN_EN`]): heteronyms whose break depends on the part of
//!   speech ("pres-ent" the noun, "pre-sent" the verb; "proj-ect", "pro-ject") are never
//!   broken, as in the TeXbook's own list; the crate's patterns already carry the
//!   hyph-utf8 exception files (ushyphex for en-US, a handful for en-GB);
//! - a capitalised word is hyphenated like any other ([`Hyphenation::name_like`] tells the
//!   caller it may be a name, to be charged more): at a sentence start or in a title-case
//!   run it is a common word; a word with capitals inside (acronyms, "iPhone") is never
//!   broken, nor one containing digits ("1990s");
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
/// Fewest letters in a word that the patterns may break (the user's exceptions may still
/// break a shorter one).
pub const MIN_WORD: usize = 6;

/// Built-in exceptions for English, both spellings (ours, in the user's notation: hyphens
/// mark the allowed breaks, a word without any is never broken). Heteronyms first: the same
/// letters break differently as noun and verb (or adjective), and a wrong guess misleads
/// ("pre-sent" read as the verb in "the present day"), so they are kept whole, as the
/// TeXbook's own exception list keeps "present" and "project"; then words whose pattern
/// break the patterns are known to get wrong in book prose.
pub const BUILT_IN_EN: &[&str] = &[
    "present",
    "presents",
    "project",
    "projects",
    "record",
    "records",
    "object",
    "objects",
    "progress",
    "produce",
    "refuse",
    "desert",
    "deserts",
    "invalid",
    "minute",
    "minutes",
    "content",
    "contents",
    "contract",
    "contracts",
    "conduct",
    "permit",
    "permits",
    "rebel",
    "rebels",
    "subject",
    "subjects",
    "convert",
    "converts",
    "conflict",
    "conflicts",
    "contest",
    "contests",
    "digest",
    "export",
    "exports",
    "import",
    "imports",
    "increase",
    "increases",
    "insult",
    "insults",
    "protest",
    "protests",
    "suspect",
    "suspects",
    "combine",
    "compound",
    "compounds",
    "console",
    "consoles",
    "contrast",
    "decrease",
    "extract",
    "extracts",
    "perfect",
    "entrance",
    "entrances",
    "recall",
    "reject",
    "rejects",
    "as-so-ciate",
    "as-so-ciates",
    "dec-li-na-tion",
    "oblig-a-tory",
    "phil-an-thropic",
];

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

/// Where a word stands in its sentence, for the capitalisation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    /// Inside a sentence: a capitalised word there is probably a name.
    #[default]
    Running,
    /// First word of a paragraph or sentence: capitalised by position, not by meaning.
    SentenceStart,
    /// One of a run of capitalised words ("The Adventure of the Blue Carbuncle"): a title
    /// capitalises its common words.
    TitleCase,
}

/// A word's break points, and whether they fall in a probable name (capitalised inside a
/// sentence), which the caller charges more for: a name broken reads worse than a common
/// word, but better than a line with spaces twice their width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hyphenation {
    pub breaks: Vec<WordBreak>,
    pub name_like: bool,
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
        let mut h = Hyphenator {
            language,
            patterns: dictionary(language)?,
            exceptions: HashMap::new(),
            cache: Arc::default(),
        };
        if matches!(language, Language::EnglishUS | Language::EnglishGB) {
            for word in BUILT_IN_EN {
                if let Ok(e) = HyphenationException::parse(word) {
                    h.add_exception(&e);
                }
            }
        }
        Some(h)
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
    /// offsets, ascending, as a word inside a sentence.
    pub fn breaks(&self, word: &str) -> Vec<WordBreak> {
        self.hyphenate(word, Position::Running).breaks
    }

    /// Where `word` may break, standing at `position` in its sentence.
    pub fn hyphenate(&self, word: &str, position: Position) -> Hyphenation {
        if word.contains(is_hard_hyphen) {
            return Hyphenation {
                breaks: hard_hyphen_breaks(word),
                name_like: false,
            };
        }
        let none = Hyphenation::default();
        let (start, core) = letters_core(word);
        if core.is_empty() || core.chars().any(char::is_numeric) {
            return none;
        }
        // Only letters (and apostrophes) are hyphenated: no URLs, no "and/or".
        if !core.chars().all(|c| c.is_alphabetic() || is_apostrophe(c)) {
            return none;
        }
        // Capitals after the first letter: an acronym or a brand, never broken.
        if core.chars().skip(1).any(char::is_uppercase) {
            return none;
        }
        let capitalised = core.chars().next().is_some_and(char::is_uppercase);
        let lower;
        let core = if capitalised {
            lower = core.to_lowercase();
            // A capital whose lower case is longer in bytes would shift every offset.
            if lower.len() != core.len() {
                return none;
            }
            lower.as_str()
        } else {
            core
        };
        let name_like = capitalised && position == Position::Running;
        let found = |breaks| Hyphenation { breaks, name_like };
        if let Some(points) = self.exceptions.get(core) {
            return found(char_points_to_breaks(start, core, points));
        }
        // A possessive or contraction: hyphenate the stem alone.
        let stem = core.split(is_apostrophe).next().unwrap_or("");
        if let Some(points) = self.exceptions.get(stem) {
            return found(char_points_to_breaks(start, stem, points));
        }
        let stem_chars = stem.chars().count();
        if stem_chars < MIN_WORD.max(LEFT_MIN + RIGHT_MIN) {
            return none;
        }
        let to_break = |&b: &u16| WordBreak {
            offset: start + usize::from(b),
            kind: BreakKind::Hyphen,
        };
        let hash = FxBuildHasher.hash_one(stem) as usize;
        let shard = &self.cache.shards[(hash >> (usize::BITS - 4)) % CACHE_SHARDS];
        // A poisoned lock only means another thread panicked mid-insert; the map is intact.
        if let Some(points) = shard.read().unwrap_or_else(|e| e.into_inner()).get(stem) {
            return found(points.iter().map(to_break).collect());
        }
        let points = self.pattern_points(stem, stem_chars);
        let breaks = points.iter().map(to_break).collect();
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(stem.into(), points);
        found(breaks)
    }

    /// The patterns' break points inside `stem`, as byte offsets, with at least
    /// [`LEFT_MIN`] letters before and [`RIGHT_MIN`] after each.
    fn pattern_points(&self, stem: &str, stem_chars: usize) -> Box<[u16]> {
        let english = matches!(self.language, Language::EnglishUS | Language::EnglishGB);
        let split_ed = english.then(|| splits_ed_at(stem)).flatten();
        self.patterns
            .hyphenate(stem)
            .breaks
            .into_iter()
            .filter(|&b| stem.is_char_boundary(b))
            .filter(|&b| {
                let before = stem[..b].chars().count();
                before >= LEFT_MIN && stem_chars - before >= RIGHT_MIN
            })
            .filter(|&b| split_ed != Some(b))
            // A word longer than 65,535 bytes is not prose: leave its far end unbroken.
            .filter_map(|b| u16::try_from(b).ok())
            .collect()
    }
}

/// The byte offset of a break that would carry an "-ed" ending over with the stem's last
/// consonant ("star|ted"), if the word ends so: the break three letters from the end,
/// unless the consonant is a doubled t or d, where the break between the two is right
/// ("admit|ted").
fn splits_ed_at(stem: &str) -> Option<usize> {
    let tail: Vec<(usize, char)> = stem.char_indices().rev().take(4).collect();
    let [(_, 'd'), (_, 'e'), (at, consonant), (_, before)] = tail[..] else {
        return None;
    };
    if "aeiouy".contains(consonant) {
        return None;
    }
    let doubled = consonant == before && matches!(consonant, 't' | 'd');
    (!doubled).then_some(at)
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
    fn capitalised_words_break_but_names_are_flagged() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        // A capitalised word breaks where its lower-case form does.
        assert_eq!(
            split(&gb, "Shipbuilding").to_lowercase(),
            split(&gb, "shipbuilding"),
            "capitals hyphenate as lower case"
        );
        assert!(!gb.breaks("Administration").is_empty());
        let running = gb.hyphenate("Johansson", Position::Running);
        assert!(!running.breaks.is_empty() && running.name_like);
        let start = gb.hyphenate("Administration", Position::SentenceStart);
        assert!(!start.breaks.is_empty() && !start.name_like);
        let title = gb.hyphenate("Carbuncle", Position::TitleCase);
        assert!(!title.name_like);
        assert!(!gb.hyphenate("hyphenation", Position::Running).name_like);
        // Acronyms, brands and numbers never break.
        assert!(gb.breaks("UNESCO").is_empty());
        assert!(gb.breaks("McAllister").is_empty());
        assert!(gb.breaks("1990s").is_empty());
    }

    #[test]
    fn short_words_are_never_broken() {
        for tag in ["en-GB", "en-US"] {
            let h = Hyphenator::for_language(tag).unwrap();
            for word in ["woman", "apply", "over", "Paris", "women’s"] {
                assert!(h.breaks(word).is_empty(), "{tag}: {}", split(&h, word));
            }
            // Six letters may break.
            assert!(!h.breaks("window").is_empty() || !h.breaks("happen").is_empty());
        }
        // The user's exception is a choice: it still breaks a short word.
        let mut gb = Hyphenator::for_language("en-GB").unwrap();
        gb.add_exception(&HyphenationException::parse("wo-man").unwrap());
        assert_eq!(split(&gb, "woman"), "wo|man");
    }

    #[test]
    fn ed_endings_stay_with_their_stem() {
        for tag in ["en-GB", "en-US"] {
            let h = Hyphenator::for_language(tag).unwrap();
            for word in [
                "intended", "pointed", "started", "printed", "wanted", "counted",
            ] {
                let s = split(&h, word);
                let n = word.len();
                assert!(
                    !s.ends_with(&format!("|{}", &word[n - 3..])),
                    "{tag}: {s} carries the stem's consonant with -ed"
                );
            }
        }
        assert_eq!(splits_ed_at("started"), Some(4));
        assert_eq!(splits_ed_at("admitted"), None, "a doubled t breaks between");
        assert_eq!(splits_ed_at("agreed"), None, "a vowel before -ed");
        assert_eq!(splits_ed_at("started!"), None);
        // Other languages keep their patterns' breaks.
        let de = Hyphenator::for_language("de").unwrap();
        assert!(de.language() == Language::German1996);
    }

    #[test]
    fn heteronyms_are_kept_whole() {
        for tag in ["en-GB", "en-US"] {
            let h = Hyphenator::for_language(tag).unwrap();
            for word in [
                "present", "presents", "project", "projects", "Present", "record",
            ] {
                assert!(h.breaks(word).is_empty(), "{tag}: {}", split(&h, word));
            }
            // A built-in exception still lets the user decide.
            let mut h = h.clone();
            h.add_exception(&HyphenationException::parse("pres-ent").unwrap());
            assert_eq!(split(&h, "present"), "pres|ent");
        }
        let us = Hyphenator::for_language("en-US").unwrap();
        assert_eq!(
            split(&us, "associate"),
            "as|so|ciate",
            "a built-in exception's breaks apply"
        );
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
