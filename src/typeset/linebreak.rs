//! Line breaking: Knuth–Plass total-fit over boxes, glue and penalties.
//!
//! Method: Knuth & Plass 1981, "Breaking paragraphs into lines" (Software—Practice and
//! Experience 11), as in TeX (§813–890 of "TeX: The Program"). A paragraph is a list of
//! *boxes* (unbreakable material of fixed width: word fragments), *glue* (space with a natural
//! width that may stretch or shrink: word spaces) and *penalties* (possible breaks with a
//! cost: hyphenation points, forced line ends). A line may end at a glue preceded by a box or
//! at a penalty; the glue at a break vanishes, as does any glue and penalty that follows it
//! before the next box.
//!
//! Each line gets an *adjustment ratio* r (how far its glue must stretch, r > 0, or shrink,
//! r < 0, as a fraction of what it can) and a *badness* ≈ 100|r|³. A first-fit breaker
//! decides each line alone; total-fit instead finds the breaks that minimise the sum of
//! *demerits* over the whole paragraph, so a slightly loose first line may buy five good ones.
//! It is dynamic programming: for every feasible breakpoint the best way to reach it is
//! remembered in an *active node*; each new candidate break is tried from every active node
//! (the line between them measured with prefix sums in O(1)); nodes from which the line
//! would already be overfull can reach nothing further and are dropped. Demerits of a line:
//! (line_penalty + badness)² plus the break's penalty², plus extra demerits for two hyphenated
//! lines in a row, for a hyphen on the penultimate line, and for *fitness classes* (very
//! loose, loose, decent, tight) more than one apart on adjacent lines, which keeps a tight
//! line from sitting under a loose one. One best node is kept per (fitness class, line
//! number where it matters, run of hyphens) at each breakpoint.
//!
//! Passes, as TeX: (1) without hyphenation, lines up to `pretolerance`; (2) with hyphenation,
//! up to `tolerance`; (3) as 2, but every line may stretch `emergency_stretch` further (TeX's
//! `\emergencystretch`: a looser line is better than one sticking into the margin) — unlike
//! TeX, this pass ranks solutions by the lines' real, uncapped badness, so the loosest line
//! is made as little loose as possible instead of all hopeless lines counting alike; (4) a last
//! resort that accepts any badness, and an overfull line only where a single unbreakable
//! piece is wider than the measure. It never panics and always returns a break list that
//! ends at the paragraph's end.
//!
//! Beyond TeX: a hard limit on consecutive hyphenated lines (`max_hyphen_run`; a stack of
//! three hyphens is a defect a copy editor would mark) in every pass but the last resort,
//! where a line past the limit costs `RUN_PAST_LIMIT_DEMERITS` instead (a paragraph that
//! only the last resort can set still avoids the stack unless that means a very loose
//! line), and demerits for a last line too short to look like anything but a stray word
//! (`short_last_line`).
//!
//! The files: this one holds the model (items, knobs, the result) and the schedule of passes;
//! `breaker` what every pass measures a line with; `total_fit` the dynamic program of one
//! pass; `first_fit` the safety net behind them; `expansion` the share of a line's
//! shortfall its glyphs take when font expansion is on (a budget beside the glue's).

mod breaker;
pub mod expansion;
mod first_fit;
mod total_fit;

#[cfg(test)]
mod tests;

use self::breaker::Breaker;
pub use self::expansion::Expansion;

/// A penalty at or above this never breaks; at or below its negative always breaks (TeX's
/// 10000, "infinity").
pub const INFINITE_PENALTY: f32 = 10_000.0;

/// One element of a paragraph to be broken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material of fixed width.
    Box { width: f32 },
    /// Space: natural width, how much it may grow and how much it may give. A stretch of
    /// `f32::INFINITY` is "fil" glue (TeX's `\parfillskip`): it absorbs any shortfall at no
    /// cost.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break costing `cost` (negative: desirable; ≥ [`INFINITE_PENALTY`]: never;
    /// ≤ -[`INFINITE_PENALTY`]: forced). `width` is added to the line only if it breaks here.
    /// `flagged` breaks end the line in a hyphen and count towards hyphen runs.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
    /// A discretionary hyphen found by hyphenation: a flagged penalty that is considered only
    /// from the second pass on.
    Hyphen { width: f32, cost: f32 },
}

impl Item {
    /// The `\parfillskip` glue that lets the last line stay at its natural width.
    pub fn fill() -> Item {
        Item::Glue {
            width: 0.0,
            stretch: f32::INFINITY,
            shrink: 0.0,
        }
    }

    /// A place where a line may never end (before glue that must not become a break).
    pub fn no_break() -> Item {
        Item::Penalty {
            width: 0.0,
            cost: INFINITE_PENALTY,
            flagged: false,
        }
    }

    /// A forced break (the end of a paragraph or a line break).
    pub fn forced_break() -> Item {
        Item::Penalty {
            width: 0.0,
            cost: -INFINITE_PENALTY,
            flagged: false,
        }
    }
}

/// Knobs of the breaker. [`Params::new`] gives TeX's plain defaults; the paragraph builder
/// sets its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Width of every line (points), unless `line_widths` says otherwise.
    pub measure: f32,
    /// Widths of the first lines (line i gets `line_widths[i]`), as TeX's `\parshape`.
    pub line_widths: Vec<f32>,
    /// Badness limit of the first pass (no hyphenation); negative skips that pass.
    pub pretolerance: f32,
    /// Badness limit of the second and emergency passes.
    pub tolerance: f32,
    /// Extra stretch per line in the emergency pass; 0 skips that pass.
    pub emergency_stretch: f32,
    /// Stretch every line has besides its glue (ragged-right setting's `\rightskip`).
    pub background_stretch: f32,
    /// Added to each line's badness before squaring: the price of one more line.
    pub line_penalty: f32,
    /// For adjacent lines whose fitness classes differ by more than one.
    pub adjacent_fitness_demerits: f32,
    /// For two consecutive lines ending in a hyphen.
    pub double_hyphen_demerits: f32,
    /// For the penultimate line ending in a hyphen.
    pub final_hyphen_demerits: f32,
    /// Most consecutive hyphenated lines allowed (0: no limit). Broken only in the last-resort
    /// pass.
    pub max_hyphen_run: usize,
    /// Lines more (+1) or fewer (-1) than optimal, if it can be done within tolerance.
    pub looseness: i32,
    /// A last line whose natural width is below this (points) earns
    /// `short_last_line_demerits`.
    pub short_last_line: f32,
    pub short_last_line_demerits: f32,
    /// Left protrusion (margin kerning): `(item, points)` for boxes that hang into the left
    /// margin when a line starts with them (an opening quote), ascending by item. A line
    /// starting there measures that much less. (Right protrusion needs no knob: it is the
    /// negative width of the break's penalty, or a narrower discretionary hyphen.)
    pub left_hang: Vec<(usize, f32)>,
    /// Font expansion: every box may be set this much wider or narrower, used as the line's
    /// second budget after its glue (see `expansion`). [`Expansion::OFF`] by default.
    pub expansion: Expansion,
}

impl Params {
    /// TeX's plain-format defaults for a measure.
    pub fn new(measure: f32) -> Params {
        Params {
            measure,
            line_widths: Vec::new(),
            pretolerance: 100.0,
            tolerance: 200.0,
            emergency_stretch: 0.0,
            background_stretch: 0.0,
            line_penalty: 10.0,
            adjacent_fitness_demerits: 10_000.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            max_hyphen_run: 0,
            looseness: 0,
            short_last_line: 0.0,
            short_last_line_demerits: 0.0,
            left_hang: Vec::new(),
            expansion: Expansion::OFF,
        }
    }

    fn line_width(&self, line: usize) -> f64 {
        f64::from(self.line_widths.get(line).copied().unwrap_or(self.measure))
    }
}

/// Which pass found the breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pass {
    /// Without hyphenation, within `pretolerance`.
    First,
    /// With hyphenation, within `tolerance`.
    Hyphenated,
    /// With emergency stretch.
    Emergency,
    /// Any badness accepted; overfull lines only where nothing else was possible.
    LastResort,
}

/// One line of the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// First item of the line (after the discarded glue and penalties).
    pub start: usize,
    /// The break: the line holds items `start..end`, plus the width of `items[end]` if that
    /// is a penalty or hyphen. For the paragraph's end this is the final forced break (or
    /// `items.len()` if the list does not end in one).
    pub end: usize,
    /// Adjustment ratio: the fraction of the line's stretch (> 0) or shrink (< 0) used.
    /// Below -1 only for an overfull line; 0 when fil glue takes up the slack.
    pub ratio: f32,
    pub badness: f32,
    /// Natural width of the line's material (fil glue counts as 0).
    pub natural_width: f32,
    /// The width the line is to be set to.
    pub width: f32,
    /// The line ends at a flagged break (in a hyphen).
    pub flagged: bool,
    /// Wider than `width` even with all its shrink used.
    pub overfull: bool,
}

/// The breaks chosen for a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    pub lines: Vec<Line>,
    pub pass: Pass,
    pub demerits: f64,
}

impl Breaks {
    /// The most lines in a row that end in a hyphen.
    pub fn longest_hyphen_run(&self) -> usize {
        let (mut longest, mut run) = (0, 0);
        for line in &self.lines {
            run = if line.flagged { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        longest
    }
}

/// How one pass runs.
#[derive(Clone, Copy)]
struct PassRules {
    pass: Pass,
    hyphenate: bool,
    threshold: f64,
    extra_stretch: f64,
    /// Allow breaks with artificial demerits when nothing else is left (TeX's final pass).
    last_resort: bool,
    max_hyphen_run: usize,
}

/// The paragraph up to its first forced break as one line at natural spacing, broken
/// nowhere: what a caller asking for a text's natural width sets. Breaking it instead on a
/// measure wide enough for any text keeps every break of thousands of words active at once,
/// quadratic in the words (a 64,000-word book title took 9 s). `None` for no items.
pub fn one_line(items: &[Item], params: &Params) -> Option<Line> {
    if items.is_empty() {
        return None;
    }
    let breaker = Breaker::new(items, params);
    let last = breaker.last_position();
    let (end, cand) = (0..=last).find_map(|b| {
        breaker
            .candidate(b, false)
            .filter(|c| c.forced)
            .map(|c| (b, c))
    })?;
    Some(Line {
        start: 0,
        end,
        ratio: 0.0,
        badness: 0.0,
        natural_width: breaker.natural(0, end, &cand) as f32,
        width: params.line_width(0) as f32,
        flagged: false,
        overfull: false,
    })
}

/// Breaks a paragraph into lines. Pure: data in, breaks out.
pub fn break_lines(items: &[Item], params: &Params) -> Breaks {
    if items.is_empty() {
        return Breaks {
            lines: Vec::new(),
            pass: Pass::First,
            demerits: 0.0,
        };
    }
    let breaker = Breaker::new(items, params);
    let mut passes = Vec::with_capacity(4);
    if params.pretolerance >= 0.0 {
        passes.push(PassRules {
            pass: Pass::First,
            hyphenate: false,
            threshold: f64::from(params.pretolerance),
            extra_stretch: 0.0,
            last_resort: false,
            max_hyphen_run: params.max_hyphen_run,
        });
    }
    passes.push(PassRules {
        pass: Pass::Hyphenated,
        hyphenate: true,
        threshold: f64::from(params.tolerance),
        extra_stretch: 0.0,
        last_resort: false,
        max_hyphen_run: params.max_hyphen_run,
    });
    if params.emergency_stretch > 0.0 {
        passes.push(PassRules {
            pass: Pass::Emergency,
            hyphenate: true,
            threshold: f64::from(params.tolerance),
            extra_stretch: f64::from(params.emergency_stretch),
            last_resort: false,
            max_hyphen_run: params.max_hyphen_run,
        });
    }
    // The last resort: any badness, hyphen runs past the limit charged rather than
    // forbidden, and artificial breaks where even that leaves nothing (a word wider than
    // the measure). It always reaches the end.
    passes.push(PassRules {
        pass: Pass::LastResort,
        hyphenate: true,
        threshold: f64::INFINITY,
        extra_stretch: f64::from(params.emergency_stretch),
        last_resort: true,
        max_hyphen_run: params.max_hyphen_run,
    });
    for rules in passes {
        if let Some(breaks) = breaker.run(rules) {
            return breaks;
        }
    }
    // The last-resort pass cannot fail (an active node always survives); if it ever did,
    // first-fit keeps the book building.
    debug_assert!(false, "Knuth–Plass last resort found no breaks");
    breaker.first_fit()
}
