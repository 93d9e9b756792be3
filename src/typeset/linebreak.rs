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
//! three hyphens is a defect a copy editor would mark), and demerits for a last line too short
//! to look like anything but a stray word (`short_last_line`).

/// A penalty at or above this never breaks; at or below its negative always breaks (TeX's
/// 10000, "infinity").
pub const INFINITE_PENALTY: f32 = 10_000.0;

/// Badness of a line that cannot stretch enough (TeX's `inf_bad`).
const INFINITE_BADNESS: f64 = 10_000.0;

/// Cost-badness of a line with nothing to stretch, in the emergency pass (where badness is
/// not capped): far worse than any stretchable line.
const UNSTRETCHABLE_BADNESS: f64 = 1e6;

/// Badness thresholds of the fitness classes (TeX §817): above 99 when stretching is "very
/// loose", above 12 "loose"; above 12 when shrinking "tight"; the rest "decent".
const VERY_LOOSE_ABOVE: f64 = 99.0;
const LOOSE_ABOVE: f64 = 12.0;
const TIGHT_ABOVE: f64 = 12.0;

/// Slack when testing a line against its shrink, so a line that fits to within rounding
/// is not called overfull.
const EPSILON: f64 = 1e-6;

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

/// Prefix sums: `width[i]` is the total natural width of glue and boxes among `items[..i]`.
struct Sums {
    width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
    fil: Vec<u32>,
}

impl Sums {
    fn new(items: &[Item]) -> Sums {
        let n = items.len() + 1;
        let mut s = Sums {
            width: Vec::with_capacity(n),
            stretch: Vec::with_capacity(n),
            shrink: Vec::with_capacity(n),
            fil: Vec::with_capacity(n),
        };
        let (mut w, mut st, mut sh, mut fil) = (0.0, 0.0, 0.0, 0);
        for item in items {
            s.width.push(w);
            s.stretch.push(st);
            s.shrink.push(sh);
            s.fil.push(fil);
            match *item {
                Item::Box { width } => w += f64::from(width),
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += f64::from(width);
                    if stretch.is_infinite() {
                        fil += 1;
                    } else {
                        st += f64::from(stretch);
                    }
                    sh += f64::from(shrink);
                }
                Item::Penalty { .. } | Item::Hyphen { .. } => {}
            }
        }
        s.width.push(w);
        s.stretch.push(st);
        s.shrink.push(sh);
        s.fil.push(fil);
        s
    }
}

/// A break candidate's properties.
#[derive(Clone, Copy)]
struct Candidate {
    cost: f64,
    width: f64,
    flagged: bool,
    forced: bool,
}

/// A feasible break and the best way found to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item index of the break (the root: 0, with `line` 0).
    position: usize,
    /// First item of the line after this break.
    start: usize,
    /// Lines ended so far (this break ends line number `line`, counting from 1).
    line: usize,
    fitness: u8,
    hyphen_run: u8,
    flagged: bool,
    total: f64,
    ratio: f64,
    badness: f64,
    natural: f64,
    overfull: bool,
    prev: Option<usize>,
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
    // The last resort: any badness, no hyphen-run limit, and artificial breaks where even
    // that leaves nothing (a word wider than the measure). It always reaches the end.
    passes.push(PassRules {
        pass: Pass::LastResort,
        hyphenate: true,
        threshold: f64::INFINITY,
        extra_stretch: f64::from(params.emergency_stretch),
        last_resort: true,
        max_hyphen_run: 0,
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

struct Breaker<'a> {
    items: &'a [Item],
    params: &'a Params,
    sums: Sums,
    /// Whether the list ends in a forced break; if not, `items.len()` acts as one.
    ends_forced: bool,
    /// `starts[b]`: the first item of the line after a break at `b`.
    starts: Vec<usize>,
}

impl<'a> Breaker<'a> {
    fn new(items: &'a [Item], params: &'a Params) -> Breaker<'a> {
        let n = items.len();
        let ends_forced =
            matches!(items[n - 1], Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY);
        // After a break, glue and penalties are discarded up to the next box (or forced break,
        // which must still be seen). Computed backwards in one sweep.
        let mut starts = vec![n; n + 1];
        let mut next_keep = n;
        for i in (0..n).rev() {
            starts[i] = next_keep;
            let keep = match items[i] {
                Item::Box { .. } => true,
                Item::Penalty { cost, .. } => cost <= -INFINITE_PENALTY,
                Item::Glue { .. } | Item::Hyphen { .. } => false,
            };
            if keep {
                next_keep = i;
            }
        }
        Breaker {
            items,
            params,
            sums: Sums::new(items),
            ends_forced,
            starts,
        }
    }

    /// The last position that may be a break (a virtual one past the end if needed).
    fn last_position(&self) -> usize {
        if self.ends_forced {
            self.items.len() - 1
        } else {
            self.items.len()
        }
    }

    fn candidate(&self, b: usize, hyphenate: bool) -> Option<Candidate> {
        let Some(item) = self.items.get(b) else {
            // The virtual forced break after the last item.
            return Some(Candidate {
                cost: -f64::from(INFINITE_PENALTY),
                width: 0.0,
                flagged: false,
                forced: true,
            });
        };
        match *item {
            Item::Box { .. } => None,
            // Glue is a breakpoint only right after a box: spaces do not break twice.
            Item::Glue { .. } => {
                matches!(self.items.get(b.wrapping_sub(1)), Some(Item::Box { .. })).then_some(
                    Candidate {
                        cost: 0.0,
                        width: 0.0,
                        flagged: false,
                        forced: false,
                    },
                )
            }
            Item::Penalty {
                width,
                cost,
                flagged,
            } => (cost < INFINITE_PENALTY).then_some(Candidate {
                cost: f64::from(cost.max(-INFINITE_PENALTY)),
                width: f64::from(width),
                flagged,
                forced: cost <= -INFINITE_PENALTY,
            }),
            Item::Hyphen { width, cost } => {
                (hyphenate && cost < INFINITE_PENALTY).then_some(Candidate {
                    cost: f64::from(cost),
                    width: f64::from(width),
                    flagged: true,
                    forced: false,
                })
            }
        }
    }

    fn run(&self, rules: PassRules) -> Option<Breaks> {
        let p = self.params;
        let last = self.last_position();
        // Line numbers matter only where widths differ or looseness asks for a line count.
        // (Not in the last resort, which ignores looseness: with any badness allowed, every
        // line count would be reachable and the node list would grow quadratically.)
        let line_classes = if p.looseness != 0 && !rules.last_resort {
            usize::MAX
        } else {
            p.line_widths.len() + 1
        };
        let mut arena = vec![Node {
            position: 0,
            start: 0,
            line: 0,
            fitness: 2,
            hyphen_run: 0,
            flagged: false,
            total: 0.0,
            ratio: 0.0,
            badness: 0.0,
            natural: 0.0,
            overfull: false,
            prev: None,
        }];
        let mut active = vec![0usize];
        let mut next_active = Vec::new();
        // Best new node per (fitness, line class, hyphen run) at the current position.
        let mut best: Vec<((u8, usize, u8), Node)> = Vec::new();

        for b in 0..=last {
            let Some(cand) = self.candidate(b, rules.hyphenate) else {
                continue;
            };
            let is_end = b == last;
            best.clear();
            next_active.clear();
            for (k, &a) in active.iter().enumerate() {
                let node = &arena[a];
                // This break lies in the glue discarded after the node's own break.
                if node.start > b {
                    next_active.push(a);
                    continue;
                }
                let s = &self.sums;
                let natural = s.width[b] - s.width[node.start] + cand.width;
                let real_stretch =
                    s.stretch[b] - s.stretch[node.start] + f64::from(p.background_stretch);
                let stretch = real_stretch + rules.extra_stretch;
                let shrink = s.shrink[b] - s.shrink[node.start];
                let fil = s.fil[b] - s.fil[node.start] > 0;
                let line_width = p.line_width(node.line);
                let shortfall = line_width - natural;

                // Badness and fitness of the line from `node` to `b`.
                let (badness, fitness, overfull) = if shortfall > EPSILON {
                    if fil {
                        (0.0, 2, false)
                    } else if stretch > 0.0 {
                        let b = badness(shortfall / stretch);
                        let fitness = if b > VERY_LOOSE_ABOVE {
                            0
                        } else if b > LOOSE_ABOVE {
                            1
                        } else {
                            2
                        };
                        (b, fitness, false)
                    } else {
                        (INFINITE_BADNESS, 0, false)
                    }
                } else if shortfall < -EPSILON {
                    if -shortfall > shrink + EPSILON {
                        (INFINITE_BADNESS + 1.0, 3, true)
                    } else {
                        let b = badness(-shortfall / shrink);
                        (b, if b > TIGHT_ABOVE { 3 } else { 2 }, false)
                    }
                } else {
                    (0.0, 2, false)
                };

                // An overfull line cannot get better by adding material; a forced break ends
                // every line that reaches it. Either way the node is spent.
                let deactivate = overfull || cand.forced;
                let hyphen_run = if cand.flagged {
                    node.hyphen_run.saturating_add(1)
                } else {
                    0
                };
                let run_ok =
                    rules.max_hyphen_run == 0 || usize::from(hyphen_run) <= rules.max_hyphen_run;
                let mut feasible = badness <= rules.threshold && run_ok && !overfull;
                let mut artificial = false;
                if !feasible && deactivate && rules.last_resort && best.is_empty() {
                    // TeX's artificial_demerits: the only node left and nothing found here; keep
                    // the paragraph going with an overfull (or hopeless) line rather than none.
                    let alone = next_active.is_empty() && k + 1 == active.len();
                    if alone {
                        feasible = true;
                        artificial = true;
                    }
                }
                if feasible {
                    let d = if artificial {
                        0.0
                    } else {
                        // In the emergency pass the extra stretch decides what is feasible,
                        // but the cost is the line's real looseness, uncapped: of two ways
                        // to set a hard paragraph, the one whose loosest line is least loose
                        // wins, rather than any one of many lines TeX would call equally bad.
                        let cost_badness =
                            if rules.extra_stretch > 0.0 && shortfall > EPSILON && !fil {
                                if real_stretch > 0.0 {
                                    let r = shortfall / real_stretch;
                                    100.0 * r * r * r
                                } else {
                                    UNSTRETCHABLE_BADNESS
                                }
                            } else {
                                badness
                            };
                        self.demerits(node, &cand, cost_badness, fitness, is_end, natural)
                    };
                    let total = node.total + d;
                    let line_class = (node.line + 1).min(line_classes);
                    // Runs matter only where they are limited; otherwise every node here
                    // has the same flagged status, which is all the demerits look at.
                    let run_class = if rules.max_hyphen_run == 0 {
                        0
                    } else {
                        hyphen_run
                    };
                    let key = (fitness, line_class, run_class);
                    let ratio = if shortfall > 0.0 {
                        if fil {
                            0.0
                        } else if real_stretch > 0.0 {
                            shortfall / real_stretch
                        } else {
                            0.0
                        }
                    } else if shrink > 0.0 {
                        shortfall / shrink
                    } else if shortfall < 0.0 {
                        -f64::INFINITY
                    } else {
                        0.0
                    };
                    let candidate = Node {
                        position: b,
                        start: self.starts[b],
                        line: node.line + 1,
                        fitness,
                        hyphen_run,
                        flagged: cand.flagged,
                        total,
                        ratio,
                        badness,
                        natural,
                        overfull,
                        prev: Some(a),
                    };
                    match best.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, n)) if n.total <= total => {}
                        Some((_, n)) => *n = candidate,
                        None => best.push((key, candidate)),
                    }
                }
                if !deactivate {
                    next_active.push(a);
                }
            }
            // The new breakpoints become active nodes.
            for &(_, node) in &best {
                arena.push(node);
                next_active.push(arena.len() - 1);
            }
            std::mem::swap(&mut active, &mut next_active);
            if active.is_empty() {
                // Nothing can reach the rest of the paragraph within this pass's rules.
                return None;
            }
        }

        // All surviving nodes end the paragraph (the last break is forced).
        let ends: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&a| arena[a].position == last && a != 0)
            .collect();
        let &first = ends.first()?;
        let mut chosen = ends.iter().copied().fold(first, |m, a| {
            if arena[a].total < arena[m].total {
                a
            } else {
                m
            }
        });
        if p.looseness != 0 && !rules.last_resort {
            // TeX §875: the line count nearest the requested looseness, then least demerits.
            let best_line = arena[chosen].line as i64;
            let wanted = i64::from(p.looseness);
            let mut actual = 0i64;
            let mut fewest = arena[chosen].total;
            for &a in &ends {
                let diff = arena[a].line as i64 - best_line;
                if (diff < actual && wanted <= diff) || (diff > actual && wanted >= diff) {
                    chosen = a;
                    actual = diff;
                    fewest = arena[a].total;
                } else if diff == actual && arena[a].total < fewest {
                    chosen = a;
                    fewest = arena[a].total;
                }
            }
            if actual != wanted && !rules.last_resort {
                // A later pass has more breakpoints and may manage it.
                return None;
            }
        }
        Some(self.collect(&arena, chosen, rules.pass))
    }

    fn demerits(
        &self,
        node: &Node,
        cand: &Candidate,
        badness: f64,
        fitness: u8,
        is_end: bool,
        natural: f64,
    ) -> f64 {
        let p = self.params;
        let base = f64::from(p.line_penalty) + badness;
        let mut d = base * base;
        if cand.cost > 0.0 {
            d += cand.cost * cand.cost;
        } else if cand.cost > -f64::from(INFINITE_PENALTY) {
            d -= cand.cost * cand.cost;
        }
        if node.flagged {
            if is_end {
                // The penultimate line ends in a hyphen: the reader turns to a fragment.
                d += f64::from(p.final_hyphen_demerits);
            } else if cand.flagged {
                d += f64::from(p.double_hyphen_demerits);
            }
        }
        if fitness.abs_diff(node.fitness) > 1 {
            d += f64::from(p.adjacent_fitness_demerits);
        }
        if is_end && natural < f64::from(p.short_last_line) {
            d += f64::from(p.short_last_line_demerits);
        }
        d
    }

    fn collect(&self, arena: &[Node], end: usize, pass: Pass) -> Breaks {
        let mut chain = Vec::new();
        let mut at = Some(end);
        while let Some(i) = at {
            chain.push(i);
            at = arena[i].prev;
        }
        chain.reverse();
        let lines = chain
            .windows(2)
            .map(|w| {
                let (from, to) = (&arena[w[0]], &arena[w[1]]);
                Line {
                    start: from.start,
                    end: to.position,
                    ratio: to.ratio as f32,
                    badness: to.badness as f32,
                    natural_width: to.natural as f32,
                    width: self.params.line_width(from.line) as f32,
                    flagged: to.flagged,
                    overfull: to.overfull,
                }
            })
            .collect();
        Breaks {
            lines,
            pass,
            demerits: arena[end].total,
        }
    }

    /// First-fit: fill each line as far as it goes. Only a safety net.
    fn first_fit(&self) -> Breaks {
        let last = self.last_position();
        let mut lines = Vec::new();
        let (mut start, mut line) = (0, 0);
        // The last break seen that still fits on the current line.
        let mut fitting: Option<usize> = None;
        let mut b = 0;
        while b <= last {
            let Some(cand) = self.candidate(b, true).filter(|_| start <= b) else {
                b += 1;
                continue;
            };
            let width = self.params.line_width(line);
            let (natural, shrink) = self.natural_and_shrink(start, b, &cand);
            let fits = natural - shrink <= width + EPSILON;
            if fits && !cand.forced {
                fitting = Some(b);
                b += 1;
                continue;
            }
            let end = if fits { b } else { fitting.unwrap_or(b) };
            let end_cand = self.candidate(end, true).unwrap_or(cand);
            let (natural, shrink) = self.natural_and_shrink(start, end, &end_cand);
            lines.push(Line {
                start,
                end,
                ratio: 0.0,
                badness: 0.0,
                natural_width: natural as f32,
                width: width as f32,
                flagged: end_cand.flagged,
                overfull: natural - shrink > width + EPSILON,
            });
            start = self.starts[end];
            line += 1;
            fitting = None;
            b = end + 1;
        }
        Breaks {
            lines,
            pass: Pass::LastResort,
            demerits: f64::INFINITY,
        }
    }

    fn natural_and_shrink(&self, start: usize, b: usize, cand: &Candidate) -> (f64, f64) {
        let s = &self.sums;
        (
            s.width[b] - s.width[start] + cand.width,
            s.shrink[b] - s.shrink[start],
        )
    }
}

/// TeX's badness: about 100 r³, capped at [`INFINITE_BADNESS`].
fn badness(ratio: f64) -> f64 {
    (100.0 * ratio * ratio * ratio).min(INFINITE_BADNESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph in which every character is one unit wide: words separated by spaces,
    /// `-` inside a word marking a hyphenation point (a hyphen is one unit and costs 50), `=`
    /// a hard hyphen (part of the word, a flagged break after it), `|` a forced line break.
    fn para(text: &str) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 1.0,
                    stretch: 0.5,
                    shrink: 1.0 / 3.0,
                });
            }
            if word == "|" {
                items.pop();
                items.push(Item::fill());
                items.push(Item::forced_break());
                continue;
            }
            for (j, piece) in word.split('-').enumerate() {
                if j > 0 {
                    items.push(Item::Hyphen {
                        width: 1.0,
                        cost: 50.0,
                    });
                }
                for (k, part) in piece.split('=').enumerate() {
                    if k > 0 {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: 50.0,
                            flagged: true,
                        });
                    }
                    let w = part.chars().count() as f32
                        + if k + 1 < piece.split('=').count() {
                            1.0
                        } else {
                            0.0
                        };
                    items.push(Item::Box { width: w });
                }
            }
        }
        items.push(Item::fill());
        items.push(Item::forced_break());
        items
    }

    fn flagged_runs(b: &Breaks) -> usize {
        let (mut longest, mut run) = (0, 0);
        for l in &b.lines {
            run = if l.flagged { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        longest
    }

    /// Words of a pseudo-random text with hyphenation points every few letters.
    fn long_text(words: usize) -> String {
        let mut seed = 12345u32;
        let mut out = Vec::new();
        for _ in 0..words {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let len = 2 + (seed >> 16) as usize % 11;
            let mut w = String::new();
            for c in 0..len {
                if c >= 2 && len - c >= 3 && c % 3 == 2 {
                    w.push('-');
                }
                w.push('x');
            }
            out.push(w);
        }
        out.join(" ")
    }

    #[test]
    fn a_paragraph_that_only_fits_with_a_hyphen() {
        let breaks = break_lines(&para("aaaa bbbb-bbbb"), &Params::new(10.0));
        assert_eq!(breaks.pass, Pass::Hyphenated);
        assert_eq!(breaks.lines.len(), 2);
        assert!(breaks.lines[0].flagged);
        assert!(breaks.lines[0].ratio.abs() < 1e-6);
        assert!(!breaks.lines[1].flagged);
    }

    #[test]
    fn the_first_pass_avoids_hyphens_when_it_can() {
        let breaks = break_lines(&para("aaaa bbbb-bbbb cc dd-dd eeee ff"), &Params::new(13.0));
        assert_eq!(breaks.pass, Pass::First);
        assert!(breaks.lines.iter().all(|l| !l.flagged));
    }

    #[test]
    fn emergency_stretch_rather_than_an_overfull_line() {
        let mut params = Params::new(12.0);
        params.emergency_stretch = 3.0;
        let breaks = break_lines(&para("aaaa bbbb cccccccccc"), &params);
        assert_eq!(breaks.pass, Pass::Emergency);
        assert!(breaks.lines.iter().all(|l| !l.overfull));
        assert_eq!(breaks.lines[0].end, 3);
        assert!(
            breaks.lines[0].ratio > 1.0,
            "loose, not overfull: {}",
            breaks.lines[0].ratio
        );
    }

    #[test]
    fn overfull_only_as_a_last_resort_and_never_a_panic() {
        let breaks = break_lines(&para("aaaaaaaaaaaaaaa bb cc"), &Params::new(10.0));
        assert_eq!(breaks.pass, Pass::LastResort);
        assert!(breaks.lines[0].overfull);
        assert_eq!(breaks.lines.iter().filter(|l| l.overfull).count(), 1);
        assert_eq!(
            breaks.lines.last().unwrap().end,
            para("aaaaaaaaaaaaaaa bb cc").len() - 1
        );
        // Degenerate inputs.
        assert!(break_lines(&[], &Params::new(10.0)).lines.is_empty());
        let no_end = [Item::Box { width: 3.0 }];
        assert_eq!(break_lines(&no_end, &Params::new(10.0)).lines.len(), 1);
        let zero = break_lines(&para("aa bb"), &Params::new(0.0));
        assert!(!zero.lines.is_empty());
    }

    #[test]
    fn forced_breaks_end_lines() {
        let items = para("aa bb | cc dd");
        let breaks = break_lines(&items, &Params::new(40.0));
        assert_eq!(breaks.lines.len(), 2);
        assert!(
            matches!(items[breaks.lines[0].end], Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY)
        );
    }

    #[test]
    fn demerits_prefer_fewer_hyphens() {
        let items = para(&long_text(400));
        let mut cheap = Params::new(40.0);
        cheap.pretolerance = -1.0;
        let dear_items: Vec<Item> = items
            .iter()
            .map(|i| match *i {
                Item::Hyphen { width, .. } => Item::Hyphen {
                    width,
                    cost: 1000.0,
                },
                other => other,
            })
            .collect();
        let with_cheap = break_lines(&items, &cheap);
        let with_dear = break_lines(&dear_items, &cheap);
        let count = |b: &Breaks| b.lines.iter().filter(|l| l.flagged).count();
        assert!(
            count(&with_dear) < count(&with_cheap),
            "{} vs {}",
            count(&with_dear),
            count(&with_cheap)
        );
    }

    #[test]
    fn demerits_avoid_adjacent_hyphens() {
        let items = para(&long_text(400));
        let mut lenient = Params::new(40.0);
        lenient.pretolerance = -1.0;
        lenient.double_hyphen_demerits = 0.0;
        let mut strict = lenient.clone();
        strict.double_hyphen_demerits = 10_000.0;
        let adjacent = |b: &Breaks| {
            b.lines
                .windows(2)
                .filter(|w| w[0].flagged && w[1].flagged)
                .count()
        };
        let loose_adj = adjacent(&break_lines(&items, &lenient));
        let strict_adj = adjacent(&break_lines(&items, &strict));
        assert!(strict_adj < loose_adj, "{strict_adj} vs {loose_adj}");
    }

    #[test]
    fn hyphen_runs_are_capped() {
        // Hyphens made attractive (negative cost): without a cap they stack up.
        let items: Vec<Item> = para(&long_text(400))
            .into_iter()
            .map(|i| match i {
                Item::Hyphen { width, .. } => Item::Hyphen {
                    width,
                    cost: -200.0,
                },
                other => other,
            })
            .collect();
        let mut params = Params::new(40.0);
        params.pretolerance = -1.0;
        params.tolerance = 1000.0;
        params.double_hyphen_demerits = 0.0;
        assert!(flagged_runs(&break_lines(&items, &params)) > 2);
        params.max_hyphen_run = 2;
        let capped = break_lines(&items, &params);
        assert_eq!(capped.pass, Pass::Hyphenated);
        assert!(flagged_runs(&capped) <= 2);
    }

    #[test]
    fn hard_hyphens_break_in_the_first_pass() {
        let breaks = break_lines(&para("aaa bbbbb=cccc dddd"), &Params::new(10.0));
        assert_eq!(breaks.pass, Pass::First);
        assert!(breaks.lines[0].flagged);
    }

    #[test]
    fn looseness_changes_the_line_count() {
        // Thirteen three-unit words; six fill a 23-unit line exactly, seven fit only by
        // shrinking their spaces hard.
        let mut items = Vec::new();
        for i in 0..13 {
            if i > 0 {
                items.push(Item::Glue {
                    width: 1.0,
                    stretch: 1.0,
                    shrink: 0.7,
                });
            }
            items.push(Item::Box { width: 3.0 });
        }
        items.push(Item::fill());
        items.push(Item::forced_break());
        let mut params = Params::new(23.0);
        // Loose enough for four-word lines (r = 2.67, badness 1896) when asked for more lines.
        params.tolerance = 2000.0;
        assert_eq!(break_lines(&items, &params).lines.len(), 3);
        params.looseness = -1;
        let tighter = break_lines(&items, &params);
        assert_eq!(tighter.lines.len(), 2);
        assert!(tighter.lines.iter().any(|l| l.ratio < -0.9));
        params.looseness = 1;
        assert_eq!(break_lines(&items, &params).lines.len(), 4);
    }

    #[test]
    fn line_widths_vary_per_line() {
        let items = para("aaaa bbbb cccc dddd eeee ffff gggg");
        let mut params = Params::new(20.0);
        params.line_widths = vec![9.0];
        let breaks = break_lines(&items, &params);
        assert!(breaks.lines[0].natural_width <= 9.0 + 1e-3);
        assert_eq!(breaks.lines[0].width, 9.0);
        assert_eq!(breaks.lines[1].width, 20.0);
    }

    #[test]
    fn ratios_are_set_so_lines_fill_the_measure() {
        let items = para(&long_text(200));
        let breaks = break_lines(&items, &Params::new(40.0));
        for l in &breaks.lines[..breaks.lines.len() - 1] {
            assert!(l.ratio >= -1.0 && !l.overfull);
        }
        assert_eq!(breaks.lines.last().unwrap().ratio, 0.0);
    }
}
