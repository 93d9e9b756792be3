//! One pass of Knuth–Plass total-fit: the dynamic program over active nodes that finds the
//! breaks of least total demerits within the pass's rules (see the parent module for the
//! method). Its own file because it is the engine's one long algorithm.

use super::breaker::{Breaker, Candidate, EPSILON};
use super::{Breaks, Line, Pass, PassRules, INFINITE_PENALTY};

/// Badness of a line that cannot stretch enough (TeX's `inf_bad`).
const INFINITE_BADNESS: f64 = 10_000.0;

/// Cost-badness of a line with nothing to stretch, in the emergency pass (where badness is
/// not capped): far worse than any stretchable line.
const UNSTRETCHABLE_BADNESS: f64 = 1e6;

/// Demerits of a line that takes a hyphen run past `max_hyphen_run`, in the last resort
/// (where the limit is a cost, not a rule): a line of cost-badness 300, spaces stretched
/// about 1.44 times their stretch past natural, costs as much. Looser than that, the stack
/// of hyphens is the lesser fault.
pub(super) const RUN_PAST_LIMIT_DEMERITS: f64 = 310.0 * 310.0;

/// Badness thresholds of the fitness classes (TeX §817): above 99 when stretching is "very
/// loose", above 12 "loose"; above 12 when shrinking "tight"; the rest "decent".
const VERY_LOOSE_ABOVE: f64 = 99.0;
const LOOSE_ABOVE: f64 = 12.0;
const TIGHT_ABOVE: f64 = 12.0;

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

impl Breaker<'_> {
    pub(super) fn run(&self, rules: PassRules) -> Option<Breaks> {
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
                let natural = self.natural(node.start, b, &cand);
                let real_stretch =
                    s.stretch[b] - s.stretch[node.start] + f64::from(p.background_stretch);
                let stretch = real_stretch + rules.extra_stretch;
                let shrink = s.shrink[b] - s.shrink[node.start];
                let fil = s.fil[b] - s.fil[node.start] > 0;
                let line_width = p.line_width(node.line);
                // Font expansion takes its share first; the glue is measured on the rest.
                let expanded = self.expand(
                    node.start,
                    b,
                    line_width - natural,
                    real_stretch,
                    shrink,
                    fil,
                );
                let shortfall = expanded.rest;

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
                let past_limit =
                    rules.max_hyphen_run != 0 && usize::from(hyphen_run) > rules.max_hyphen_run;
                let run_ok = !past_limit || rules.last_resort;
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
                        let run = if past_limit {
                            RUN_PAST_LIMIT_DEMERITS
                        } else {
                            0.0
                        };
                        self.demerits(node, &cand, cost_badness, fitness, is_end, natural)
                            + self.expansion_demerits(expanded.used)
                            + run
                    };
                    let total = node.total + d;
                    let line_class = (node.line + 1).min(line_classes);
                    // Runs matter only where they are limited; otherwise every node here
                    // has the same flagged status, which is all the demerits look at.
                    // Past the limit only "past" matters (each line past it costs the same),
                    // so runs there share one class and the node list stays bounded.
                    let run_class = if rules.max_hyphen_run == 0 {
                        0
                    } else {
                        hyphen_run.min(u8::try_from(rules.max_hyphen_run).unwrap_or(u8::MAX))
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
}

/// TeX's badness: about 100 r³, capped at [`INFINITE_BADNESS`].
fn badness(ratio: f64) -> f64 {
    (100.0 * ratio * ratio * ratio).min(INFINITE_BADNESS)
}
