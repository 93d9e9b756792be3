//! The composer's view of the engine: styled runs in, positioned lines out.
//!
//! The book's layout code speaks in runs (text with italic, bold, small caps, size) and asks
//! for lines aligned one way or another; this module maps that onto the paragraph builder
//! (`paragraph::set_paragraph`) with the book's shaper, hyphenator and figure style, and
//! applies the alignment (centred, ranged right) that the builder leaves to its caller.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use super::fonts::{FontSet, Region, Style};
use super::hyphenate::Hyphenator;
pub use super::paragraph::Script;
use super::paragraph::{set_one_line, set_paragraph_in_languages, ParagraphStyle, Span, TextStyle};
use super::shape::{Figures, ShapeContext, Shaper};
use crate::doc::Dir;
use crate::manuscript::{self, PrintSettings};
use crate::page::GlyphRun;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    /// Raised or lowered, and smaller (note calls, `<sup>`, `<sub>`).
    pub script: Script,
    pub size: f32,
    /// Marks a link or note call; lines report where tagged text landed.
    pub tag: Option<u32>,
    /// Its language (BCP 47), when not the text's around it (`<span lang="fr">`): it is
    /// hyphenated by that language's patterns and shaped in it.
    pub language: Option<Arc<str>>,
    /// The direction given to it (`<span dir="rtl">`), when its letters should not decide.
    pub dir: Option<Dir>,
}

impl Run {
    pub fn plain(text: &str, size: f32) -> Run {
        Run {
            text: text.to_owned(),
            italic: false,
            bold: false,
            small_caps: false,
            script: Script::Normal,
            size,
            tag: None,
            language: None,
            dir: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    /// Ragged, flush at the line's start: the left of a left-to-right line, the right of a
    /// right-to-left one.
    Left,
    Center,
    /// Flush right, whichever way the line runs.
    Right,
    /// Flush left, whichever way the line runs: the end of a right-to-left piece (its
    /// source credit), a right-to-left book's contents column of page numbers.
    FlushLeft,
}

impl Align {
    /// Ragged, flush with the start of a text that runs right to left (`rtl`) or left to
    /// right, whichever way each of its lines runs: a right-to-left book's copyright page,
    /// where English lines range right with the Arabic ones.
    pub fn start(rtl: bool) -> Align {
        if rtl {
            Align::Right
        } else {
            Align::Left
        }
    }

    /// Flush with the end of a text that runs right to left (`rtl`) or left to right: a
    /// credit, a column of page numbers.
    pub fn end(rtl: bool) -> Align {
        if rtl {
            Align::FlushLeft
        } else {
            Align::Right
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParaOpts {
    pub measure: f32,
    pub indent: f32,
    pub align: Align,
    pub hyphenate: bool,
    /// Baseline-to-baseline distance the caller will stack these lines at.
    pub leading: f32,
}

impl ParaOpts {
    /// Display text (a subhead, a caption, a running head, a marker): unindented and
    /// never hyphenated.
    pub fn display(measure: f32, align: Align, leading: f32) -> ParaOpts {
        ParaOpts {
            measure,
            indent: 0.0,
            align,
            hyphenate: false,
            leading,
        }
    }
}

/// A set line: glyph runs with x from the start of the measure and y the rise above the
/// baseline; where tagged text landed, as (tag, x0, x1).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<GlyphRun>,
    pub width: f32,
    pub tags: Vec<(u32, f32, f32)>,
    /// The line ends inside a word (at a hyphen), not at a space.
    pub hyphenated: bool,
    /// The line ends inside a word wider than the measure, at a last-resort break: what
    /// was broken (recorded for the build's warning by [`Typesetter::set`]).
    pub forced: Option<Forced>,
    /// Where the line's text begins in the runs it was set from: (run index, byte offset
    /// in that run's text). Lines know their source so that callers can say which word of
    /// the text begins a page (`doc::words`), whatever the line broke at.
    pub start: Option<(usize, usize)>,
}

impl Line {
    /// Move the line `dx` along the measure: its runs and where its tagged text landed.
    pub fn shift(&mut self, dx: f32) {
        for run in &mut self.runs {
            run.x += dx;
        }
        for tag in &mut self.tags {
            tag.1 += dx;
            tag.2 += dx;
        }
    }
}

/// What every thread shares: the shaper (with its cache), the hyphenators, the figures.
pub struct TypesetterShared {
    shaper: Shaper,
    /// The book language's, with the user's exceptions.
    hyphenator: Option<Arc<Hyphenator>>,
    /// Other languages' (a piece's `language:`), made on first use, each once a build so
    /// their words' pattern answers are cached across pieces; `None`: no patterns.
    others: RwLock<BTreeMap<String, Option<Arc<Hyphenator>>>>,
    /// The user's exceptions, for another tag naming the book's pattern set.
    exceptions: Vec<manuscript::HyphenationException>,
    figures: Figures,
    /// Margin kerning of justified text (`print.protrusion`).
    protrusion: bool,
    /// Font expansion of justified text (`print.expansion`, a fraction; 0: none).
    expansion: f32,
    /// The book's language, that text with no language of its own is shaped in.
    language: String,
    /// Words broken at a last resort (wider than the measure), for the build's warnings.
    forced_breaks: Mutex<Vec<Forced>>,
    /// What a scene break prints (`print.scene-break`), resolved against the body face.
    pub scene_break: SceneBreakMark,
    /// The first words of a piece's first paragraph in small capitals (`print.lead-in`).
    pub lead_in: bool,
    /// The lines a drop cap spans (`print.drop-cap`); None: no drop cap.
    pub drop_cap: Option<usize>,
    /// The body face has true small capitals (`smcp`); without them a lead-in is set in
    /// capitals at [`FAKE_SMALL_CAPS_SCALE`] of the size (one warning says so).
    pub true_small_caps: bool,
}

/// A scene break's mark: the text centred on its line, and whether the line is blank in
/// the middle of a page (`blank`, the mark shown only where a page starts or ends on it).
#[derive(Debug, Clone, PartialEq)]
pub struct SceneBreakMark {
    pub text: String,
    pub blank: bool,
    /// The text asked for could not be printed in the book's faces, so the asterism stands
    /// in: the characters no face has, for the warning.
    pub missing: Vec<char>,
}

/// The asterism, and three spaced asterisks for a face without it (EB Garamond has none).
const ASTERISM: char = '\u{2042}';
const THREE_ASTERISKS: &str = "*\u{2003}*\u{2003}*";
/// Capitals standing in for small capitals in a face without `smcp`: about the height of a
/// face's small capitals (0.7 to 0.8 of its capitals).
pub const FAKE_SMALL_CAPS_SCALE: f32 = 0.78;

impl SceneBreakMark {
    fn resolve(fonts: &FontSet, asked: &manuscript::SceneBreak) -> SceneBreakMark {
        let asterism = if fonts.has_glyph(Style::Regular, ASTERISM) {
            ASTERISM.to_string()
        } else {
            THREE_ASTERISKS.to_owned()
        };
        let mark = |text: String, blank: bool, missing: Vec<char>| SceneBreakMark {
            text,
            blank,
            missing,
        };
        match asked {
            manuscript::SceneBreak::Blank => mark(asterism, true, Vec::new()),
            manuscript::SceneBreak::Asterism => mark(asterism, false, Vec::new()),
            manuscript::SceneBreak::Ornament if fonts.covers(manuscript::SceneBreak::FLEURON) => {
                mark(
                    manuscript::SceneBreak::FLEURON.to_string(),
                    false,
                    Vec::new(),
                )
            }
            manuscript::SceneBreak::Ornament => {
                mark(asterism, false, vec![manuscript::SceneBreak::FLEURON])
            }
            manuscript::SceneBreak::Text(t) => {
                let missing = fonts.missing_chars(t);
                if missing.is_empty() {
                    mark(t.clone(), false, missing)
                } else {
                    mark(asterism, false, missing)
                }
            }
        }
    }
}

/// Most lines of display text that [`Typesetter::set_balanced`] balances.
const MAX_BALANCED_LINES: usize = 8;

impl TypesetterShared {
    pub fn new(fonts: Arc<FontSet>, language: &str, print: &PrintSettings) -> Self {
        let mut hyphenator = Hyphenator::for_language(language);
        if let Some(h) = &mut hyphenator {
            for exception in &print.hyphenation_exceptions {
                h.add_exception(exception);
            }
        }
        let figures = match print.figures {
            manuscript::Figures::OldStyle => Figures::OldStyle,
            manuscript::Figures::Lining => Figures::Lining,
        };
        TypesetterShared {
            shaper: Shaper::new(fonts.clone()),
            hyphenator: hyphenator.map(Arc::new),
            others: RwLock::default(),
            exceptions: print.hyphenation_exceptions.clone(),
            figures,
            protrusion: print.protrusion,
            expansion: print.expansion,
            language: language.to_owned(),
            forced_breaks: Mutex::default(),
            scene_break: SceneBreakMark::resolve(&fonts, &print.scene_break),
            lead_in: print.lead_in == manuscript::LeadIn::SmallCaps,
            drop_cap: print.drop_cap.lines(),
            true_small_caps: fonts.has_feature(Style::Regular, b"smcp"),
        }
    }

    /// The hyphenator for text in `tag` (a piece's language), `None` for the book's.
    fn hyphenator(&self, tag: Option<&str>) -> Option<Arc<Hyphenator>> {
        let Some(tag) = tag else {
            return self.hyphenator.clone();
        };
        if let Some(h) = self
            .others
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(tag)
        {
            return h.clone();
        }
        let made = Hyphenator::for_language(tag).map(|mut h| {
            // The user's exceptions are words of the book's language.
            if self.hyphenator.as_ref().map(|b| b.language()) == Some(h.language()) {
                for exception in &self.exceptions {
                    h.add_exception(exception);
                }
            }
            Arc::new(h)
        });
        self.others
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(tag.to_owned())
            .or_insert(made)
            .clone()
    }

    /// The words broken at a last resort since the last call, sorted, each once.
    pub fn take_forced_breaks(&self) -> Vec<Forced> {
        let mut forced = self.forced_breaks.lock().unwrap_or_else(|e| e.into_inner());
        let mut words = std::mem::take(&mut *forced);
        words.sort();
        words.dedup();
        words
    }
}

/// What a last-resort break cut, for the build's warning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Forced {
    /// A word (its start and end, capped).
    Word(String),
    /// A run of note calls with no space between them: each is a raised piece of its own,
    /// so the word around the break is only a number, which would say nothing.
    NoteCalls,
}

/// One thread's handle on the engine.
pub struct Typesetter<'a> {
    cx: ShapeContext<'a>,
    shared: &'a TypesetterShared,
    /// The language of the text being set, when not the book's (a piece's `language:`).
    language: Option<String>,
    /// The direction of the text being set (its piece's, `doc::direction`): every
    /// paragraph's base direction; `None`: each paragraph's first strong character decides.
    direction: Option<Dir>,
}

impl<'a> Typesetter<'a> {
    pub fn new(shared: &'a TypesetterShared) -> Self {
        Typesetter {
            cx: shared.shaper.context(),
            shared,
            language: None,
            direction: None,
        }
    }

    /// Hyphenate and shape what is set next as text in `tag` (BCP 47), or in the book's
    /// language.
    pub fn set_language(&mut self, tag: Option<&str>) {
        self.language = tag.map(str::to_owned);
    }

    /// Set what is set next in `direction` (a piece's), or (`None`) each paragraph in its
    /// first strong character's. Returns the direction it replaces, for a block that runs
    /// its own way (code) to put back.
    pub fn set_direction(&mut self, direction: Option<Dir>) -> Option<Dir> {
        std::mem::replace(&mut self.direction, direction)
    }

    /// The direction paragraphs are set in now (see [`Typesetter::set_direction`]).
    pub fn direction(&self) -> Option<Dir> {
        self.direction
    }

    /// The engine's settings shared by every thread (scene breaks, lead-ins).
    pub fn shared(&self) -> &'a TypesetterShared {
        self.shared
    }

    /// The book's faces.
    pub fn fonts(&self) -> &'a FontSet {
        self.cx.fonts()
    }

    /// The language of a run: its own (a span's), else the text's (a piece's), else `None`
    /// for the book's.
    fn run_language<'r>(&'r self, run: &'r Run) -> Option<&'r str> {
        run.language.as_deref().or(self.language.as_deref())
    }

    /// The engine's spans, and for each the index of the run it comes from.
    fn spans(&self, runs: &[Run]) -> (Vec<Span>, Vec<usize>) {
        let shaper = &self.shared.shaper;
        runs.iter()
            .enumerate()
            .filter(|(_, r)| !r.text.is_empty())
            .map(|(i, r)| {
                let tag = self.run_language(r).unwrap_or(&self.shared.language);
                (
                    Span {
                        // A hard line break in the IR is the engine's line separator.
                        text: r.text.replace('\n', "\u{2028}"),
                        style: TextStyle {
                            style: Style::new(r.italic, r.bold),
                            size: r.size,
                            small_caps: r.small_caps,
                            figures: self.shared.figures,
                            script: r.script,
                            lang: shaper.lang(tag),
                            region: Region::of_language(tag),
                            rtl: r.dir.map(|d| d == Dir::Rtl),
                        },
                        tag: r.tag,
                    },
                    i,
                )
            })
            .unzip()
    }

    /// Set display text (titles) centred in balanced lines: of all measures that give the
    /// same number of lines, the narrowest, so that no line is left short and lonely
    /// ("A promising life in France given / up for jihad" becomes two near-equal lines).
    pub fn set_balanced(&mut self, runs: &[Run], opts: &ParaOpts) -> Vec<Line> {
        // A compound in a title is not split at its hyphen ("well-/known"): its hyphens are
        // set as non-breaking hyphens (the same glyph), whose text reads back as "-".
        let runs: Vec<Run> = runs
            .iter()
            .map(|r| Run {
                text: r.text.replace('-', "\u{2011}"),
                ..r.clone()
            })
            .collect();
        let mut lines = self.set_balanced_runs(runs.as_slice(), opts);
        // Where each run's U+2011s are, so that mapping a line's start back is a binary
        // search, not a rescan of the run per line (quadratic in a long title).
        let hyphens: Vec<Vec<usize>> = runs
            .iter()
            .map(|r| r.text.match_indices('\u{2011}').map(|(i, _)| i).collect())
            .collect();
        for line in &mut lines {
            // Back to offsets in the caller's runs (each U+2011 is two bytes longer).
            if let Some((run, at)) = &mut line.start {
                if let Some(h) = hyphens.get(*run) {
                    *at -= 2 * h.partition_point(|&i| i < *at);
                }
            }
            for glyph in line.runs.iter_mut().flat_map(|r| r.glyphs.iter_mut()) {
                if glyph.text.contains('\u{2011}') {
                    glyph.text = glyph.text.replace('\u{2011}', "-").into();
                }
            }
        }
        lines
    }

    fn set_balanced_runs(&mut self, runs: &[Run], opts: &ParaOpts) -> Vec<Line> {
        let lines = self.set(runs, opts);
        // Balancing sets the text a dozen more times; past a few lines (a title that long is
        // already warned about) it would buy nothing a reader sees.
        if lines.len() < 2 || lines.len() > MAX_BALANCED_LINES {
            return lines;
        }
        // A display line should end at a word space, not a hyphen ("well-/known"): such
        // settings count as failures, as if they took another line.
        let ends_in_hyphen =
            |lines: &[Line]| lines.iter().any(|l| l.hyphenated || l.forced.is_some());
        let target = lines.len();
        let fits = |ts: &mut Self, measure: f32| {
            let trial = ts.set_trial(runs, &ParaOpts { measure, ..*opts }, &[]);
            trial.len() <= target && !ends_in_hyphen(&trial)
        };
        if !fits(self, opts.measure) {
            return lines;
        }
        let (mut narrow, mut wide) = (opts.measure * 0.4, opts.measure);
        // Bisection to a point of precision: a dozen settings of a short title.
        for _ in 0..12 {
            let mid = (narrow + wide) / 2.0;
            if fits(self, mid) {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        let balanced = ParaOpts {
            measure: wide,
            ..*opts
        };
        let shift = (opts.measure - wide) / 2.0;
        self.set(runs, &balanced)
            .into_iter()
            .map(|mut line| {
                line.shift(shift);
                line
            })
            .collect()
    }

    /// Break and set runs into lines, aligned as asked. A word broken at a last resort is
    /// recorded for the build's warning.
    pub fn set(&mut self, runs: &[Run], opts: &ParaOpts) -> Vec<Line> {
        self.set_shaped(runs, opts, &[])
    }

    /// As [`Typesetter::set`], the first `lines` lines `narrower` than the measure (beside a
    /// drop cap: the caller moves them clear of the letter).
    pub fn set_beside(
        &mut self,
        runs: &[Run],
        opts: &ParaOpts,
        lines: usize,
        narrower: f32,
    ) -> Vec<Line> {
        self.set_shaped(runs, opts, &vec![opts.measure - narrower; lines])
    }

    fn set_shaped(&mut self, runs: &[Run], opts: &ParaOpts, line_widths: &[f32]) -> Vec<Line> {
        let lines = self.set_trial(runs, opts, line_widths);
        let forced: Vec<Forced> = lines.iter().filter_map(|l| l.forced.clone()).collect();
        if !forced.is_empty() {
            let mut all = self
                .shared
                .forced_breaks
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            all.extend(forced);
        }
        lines
    }

    /// As [`Typesetter::set`], recording nothing (for settings that may be thrown away);
    /// `line_widths`: the first lines' widths, where they differ from the measure.
    fn set_trial(&mut self, runs: &[Run], opts: &ParaOpts, line_widths: &[f32]) -> Vec<Line> {
        let (spans, span_runs) = self.spans(runs);
        if spans.is_empty() {
            return Vec::new();
        }
        let style = self.style(opts, line_widths);
        // Each span by its own language's patterns (a French quotation in an English
        // paragraph breaks as French); none for a language with no patterns.
        let hyphenators: Vec<Option<Arc<Hyphenator>>> = if opts.hyphenate {
            span_runs
                .iter()
                .map(|&r| self.shared.hyphenator(self.run_language(&runs[r])))
                .collect()
        } else {
            Vec::new()
        };
        let hyphenators: Vec<Option<&Hyphenator>> =
            hyphenators.iter().map(Option::as_deref).collect();
        // Where the last line broken by force, and the last line start, were: a long run
        // is set in many lines, and each must cost its own length, not the run's so far
        // (issue 16: `ab--` × 60,000 once held a copy of the whole run per line, 1.2 GB).
        let mut last_forced: Option<(usize, usize)> = None;
        let mut last_start: Option<(usize, usize, usize)> = None;
        set_paragraph_in_languages(&mut self.cx, &hyphenators, &spans, &style)
            .into_iter()
            .map(|line| {
                // A right-to-left paragraph starts at the right: its short lines go there.
                let shift = match (opts.align, line.rtl) {
                    (Align::Center, _) => ((opts.measure - line.width) / 2.0).max(0.0),
                    (Align::Right, _) | (Align::Justify | Align::Left, true) => {
                        (opts.measure - line.width).max(0.0)
                    }
                    (Align::Justify | Align::Left, false) | (Align::FlushLeft, _) => 0.0,
                };
                let mut runs = line.runs;
                for run in &mut runs {
                    run.x += shift;
                }
                // A word broken across several lines is one word, reported once.
                let forced = line.forced.and_then(|(span, at)| {
                    if spans[span].style.script != Script::Normal {
                        return Some(Forced::NoteCalls);
                    }
                    let text = &spans[span].text;
                    let same_word = last_forced.is_some_and(|(s, a)| {
                        s == span && a <= at && !text[a..at].contains(char::is_whitespace)
                    });
                    last_forced = Some((span, at));
                    (!same_word).then(|| Forced::Word(forced_word(text, at)))
                });
                // Back to the caller's run and offset (each U+2028 was a one-byte "\n"),
                // counting the separators since the last line's start only.
                let start = line.start.and_then(|(span, at)| {
                    let run = *span_runs.get(span)?;
                    let text = &spans[span].text;
                    let (from, before) = match last_start {
                        Some((s, a, n)) if s == span && a <= at => (a, n),
                        _ => (0, 0),
                    };
                    let n = before + text.get(from..at)?.matches('\u{2028}').count();
                    last_start = Some((span, at, n));
                    Some((run, at - 2 * n))
                });
                Line {
                    runs,
                    width: line.width,
                    hyphenated: line.hyphenated,
                    forced,
                    start,
                    tags: line
                        .tags
                        .iter()
                        .map(|t| (t.tag, t.x0 + shift, t.x1 + shift))
                        .collect(),
                }
            })
            .collect()
    }

    /// The paragraph style `opts` and the book's settings make.
    fn style(&self, opts: &ParaOpts, line_widths: &[f32]) -> ParagraphStyle {
        let mut style = ParagraphStyle::new(opts.measure);
        style.first_line_indent = opts.indent;
        style.justify = opts.align == Align::Justify;
        style.hyphenate = opts.hyphenate;
        style.protrusion = self.shared.protrusion;
        style.expansion = self.shared.expansion;
        style.line_widths = line_widths.to_vec();
        style.rtl = self.direction.map(|d| d == Dir::Rtl);
        style
    }

    /// The natural width of one run on a single line (up to a line break in it), however
    /// long: the run is set on one line, not broken on a measure wide enough to hold it.
    pub fn width(&mut self, run: &Run) -> f32 {
        let (spans, _) = self.spans(std::slice::from_ref(run));
        let style = self.style(&ParaOpts::display(100_000.0, Align::Left, run.size), &[]);
        set_one_line(&mut self.cx, &spans, &style).map_or(0.0, |l| l.width)
    }
}

/// The word around byte `at` of `text` that a line broke by force, for the warning: the
/// whole word, or for a word of thousands of letters (a hash, a run of dashes) the
/// [`FORCED_WORD_BYTES`] around the break, so a long run costs no copy of itself per line.
fn forced_word(text: &str, at: usize) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let lo = floor(at.saturating_sub(FORCED_WORD_BYTES));
    let hi = floor((at + FORCED_WORD_BYTES).min(text.len()));
    let from = match text[lo..at].rfind(char::is_whitespace) {
        Some(i) => lo + i + text[lo + i..].chars().next().map_or(0, char::len_utf8),
        None => lo,
    };
    let to = text[at..hi]
        .find(char::is_whitespace)
        .map_or(hi, |i| at + i);
    text[from.min(to)..to].to_owned()
}

/// How far either side of a forced break [`forced_word`] looks for the word's ends.
const FORCED_WORD_BYTES: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> TypesetterShared {
        TypesetterShared::new(
            Arc::new(FontSet::builtin()),
            "en",
            &PrintSettings::default(),
        )
    }

    /// Where the word of `run` is broken (its text before each hyphen a line ends in), set
    /// on a narrow measure between two short words (a paragraph's last word never breaks).
    fn broken_at(ts: &mut Typesetter<'_>, run: &Run) -> Vec<String> {
        let run = Run {
            text: format!("Ein {} ist", run.text),
            ..run.clone()
        };
        let opts = ParaOpts {
            measure: 90.0,
            indent: 0.0,
            align: Align::Left,
            hyphenate: true,
            leading: 13.0,
        };
        let lines = ts.set(std::slice::from_ref(&run), &opts);
        let mut so_far = String::new();
        let mut at = Vec::new();
        for line in &lines {
            let text: String = line
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter())
                .map(|g| g.text.as_str())
                .collect();
            if line.hyphenated {
                so_far.push_str(text.trim_end_matches('-'));
                let word = so_far.rsplit(' ').next().unwrap_or("");
                at.push(word.to_owned());
            } else {
                so_far.push_str(&text);
                // A last-resort break (a word wider than the measure) is inside the word.
                if line.forced.is_none() {
                    so_far.push(' ');
                }
            }
        }
        at
    }

    #[test]
    fn a_run_in_another_language_is_hyphenated_by_that_languages_patterns() {
        let shared = shared();
        let mut ts = Typesetter::new(&shared);
        let word = "Rechtsschutzversicherungsgesellschaften";
        let german = Run {
            language: Some("de".into()),
            ..Run::plain(word, 11.0)
        };
        let points = |tag: &str| -> Vec<&str> {
            Hyphenator::for_language(tag)
                .unwrap()
                .hyphenate(word, crate::typeset::hyphenate::Position::Running)
                .breaks
                .iter()
                .map(|b| &word[..b.offset])
                .collect()
        };
        let as_german = broken_at(&mut ts, &german);
        assert!(!as_german.is_empty());
        for at in &as_german {
            assert!(points("de").contains(&at.as_str()), "{at} not German");
        }
        // The same word in the book's English breaks where English would ("Rechtss-").
        let as_english = broken_at(&mut ts, &Run::plain(word, 11.0));
        for at in &as_english {
            assert!(points("en").contains(&at.as_str()), "{at} not English");
        }
        assert_ne!(as_german, as_english);
        // A piece's language does the same for the runs without one of their own, and a
        // run's own language wins over it.
        ts.set_language(Some("de"));
        assert_eq!(broken_at(&mut ts, &Run::plain(word, 11.0)), as_german);
        let english = Run {
            language: Some("en".into()),
            ..Run::plain(word, 11.0)
        };
        assert_eq!(broken_at(&mut ts, &english), as_english);
    }

    #[test]
    fn a_language_without_patterns_is_not_hyphenated_by_the_books() {
        let shared = shared();
        let mut ts = Typesetter::new(&shared);
        let word = "internationalisationalisations";
        assert!(!broken_at(&mut ts, &Run::plain(word, 11.0)).is_empty());
        // Klingon has no patterns: its words take none of English's (only a last resort).
        let klingon = Run {
            language: Some("tlh".into()),
            ..Run::plain(word, 11.0)
        };
        assert!(broken_at(&mut ts, &klingon).is_empty());
    }

    #[test]
    fn runs_are_shaped_in_their_language() {
        let shared = shared();
        let ts = Typesetter::new(&shared);
        let runs = [
            Run::plain("a", 11.0),
            Run {
                language: Some("fr".into()),
                ..Run::plain("b", 11.0)
            },
        ];
        let (spans, _) = ts.spans(&runs);
        assert_eq!(spans[0].style.lang, shared.shaper.lang("en"));
        assert_eq!(spans[1].style.lang, shared.shaper.lang("FR"));
        assert_ne!(spans[0].style.lang, spans[1].style.lang);
    }
}
