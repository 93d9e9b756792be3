//! The second look at a paragraph whose last line is a runt: a policy on top of the line
//! breaker, kept apart so that the breaker's own rules stay those of TeX.

use super::{RUNT_DEMERITS, RUNT_FEWER_MAX_LINES, RUNT_MAX_RATIO, RUNT_TOLERANCE};
use crate::typeset::linebreak::{self, Item, Params};

/// The last line of a paragraph of several lines is a lone short word or a word's tail.
pub(super) fn is_runt(breaks: &linebreak::Breaks, params: &Params) -> bool {
    breaks.lines.len() > 1
        && breaks
            .lines
            .last()
            .is_some_and(|l| l.natural_width < params.short_last_line)
}

/// A runt is often there only because every other setting needed a line a little looser
/// than the tolerance allows, so the breaker never saw them. A compositor would rather
/// open one line slightly than leave "ity." alone at a paragraph's foot: look again with
/// a wider tolerance, and take the new setting only if it has no runt, no line looser
/// than [`RUNT_MAX_RATIO`] and no longer stack of hyphens than the limit (a hard
/// paragraph's last resort may stack them; the runt is not worth that).
pub(super) fn rebreak_runt(
    items: &[Item],
    params: &Params,
    lines: usize,
) -> Option<linebreak::Breaks> {
    // First try one line fewer: the runt's few letters shrunk into the lines above (not
    // on a very long paragraph, where that search costs quadratic time).
    if lines <= RUNT_FEWER_MAX_LINES {
        let mut tighter = params.clone();
        tighter.pretolerance = -1.0;
        tighter.looseness = -1;
        let retry = linebreak::break_lines(items, &tighter);
        let fewer = retry.lines.len() < lines;
        if fewer
            && retry.lines.iter().all(|l| !l.overfull && l.ratio >= -1.0)
            && !is_runt(&retry, params)
            && runs_within_limit(&retry, params)
        {
            return Some(retry);
        }
    }
    // Then the same number of lines, set a little looser so the last line takes more.
    let mut relaxed = params.clone();
    relaxed.pretolerance = -1.0;
    relaxed.tolerance = RUNT_TOLERANCE;
    relaxed.short_last_line_demerits = RUNT_DEMERITS;
    let retry = linebreak::break_lines(items, &relaxed);
    let acceptable = !is_runt(&retry, params)
        && runs_within_limit(&retry, params)
        && retry
            .lines
            .iter()
            .all(|l| !l.overfull && l.ratio <= RUNT_MAX_RATIO);
    acceptable.then_some(retry)
}

fn runs_within_limit(breaks: &linebreak::Breaks, params: &Params) -> bool {
    params.max_hyphen_run == 0 || breaks.longest_hyphen_run() <= params.max_hyphen_run
}
