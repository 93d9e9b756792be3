//! Pagination: choosing where a piece's pages break, as a total-fit optimisation.
//!
//! The method is the one Knuth and Plass used for lines, applied to pages (as in Plass's 1981
//! thesis on pagination and as a compositor works by hand): the piece is a sequence of flow
//! items (lines and spaces), each saying whether a page may break after it and at what cost.
//! Widow and orphan rules, headings kept with what follows and titles kept together are all
//! expressed as forbidden breaks by whoever builds the flow. A dynamic programme over break
//! positions then picks the set of page breaks of least total cost, where a page costs
//! nothing when it is exactly full, something when it runs one line short or one line long
//! (the compositor's way to avoid a widow: adjust the spread by a line), more when the two
//! pages of a spread end at different depths, and a lot when it is shorter still. Footnotes
//! ride on the page that calls them: their height counts against that page.
//!
//! The state is (break position, parity of the page count, depth class of the previous page);
//! the number of pages a position can start is bounded by what fits on one page, so the work
//! is linear in the length of the piece.

/// Whether a page may end after an item, and at what cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Break {
    Never,
    Allowed { penalty: f32 },
}

/// One piece of vertical material.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowItem {
    /// Height in points (a multiple of the leading for anything on the baseline grid).
    pub height: f32,
    /// A space: dropped when a page starts or ends on it (like TeX's glue at a break).
    pub discardable: bool,
    pub break_after: Break,
    /// Footnotes (indices into the notes' heights) whose calls are in this item.
    pub notes: Vec<usize>,
}

impl FlowItem {
    pub fn line(height: f32, break_after: Break) -> Self {
        FlowItem {
            height,
            discardable: false,
            break_after,
            notes: Vec::new(),
        }
    }

    pub fn space(height: f32) -> Self {
        FlowItem {
            height,
            discardable: true,
            break_after: Break::Allowed { penalty: 0.0 },
            notes: Vec::new(),
        }
    }
}

/// The page the flow is poured into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    /// Height of the text block in points (lines per page × leading).
    pub capacity: f32,
    pub leading: f32,
    /// Space between the body and the first footnote (the separator rule sits in it).
    pub note_separator: f32,
    /// Whether the first page of this flow is a recto (odd page).
    pub starts_on_recto: bool,
}

/// Costs, in the same units as line-breaking demerits; named for what they discourage.
/// Running a page one line long or short is what a compositor does to save a widow, so it is
/// allowed but not free.
const LONG_PAGE: f64 = 400.0;
const SHORT_PAGE: f64 = 400.0;
/// Facing pages should end level; when one runs long or short its partner should too.
const UNEVEN_SPREAD: f64 = 600.0;
/// Each further line of white at the foot of a page costs this much, squared.
const EMPTY_LINE: f64 = 3_000.0;
/// A piece whose last page holds only a line or two looks unfinished.
const STUB_LAST_PAGE: f64 = 300.0;
/// The cost of a page that cannot be made to fit at all (taken only when nothing else can).
const OVERFULL_PAGE: f64 = 1.0e9;

/// One page of the result: items `start..end` and the footnotes it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSlice {
    pub start: usize,
    pub end: usize,
    pub notes: Vec<usize>,
    /// Lines longer (+1) or shorter (−1) than the frame's depth; 0 for a full page.
    pub depth: i8,
}

#[derive(Clone, Copy)]
struct Node {
    cost: f64,
    /// Where the previous page started (the back pointer) and which state it was in.
    prev: Option<(usize, usize)>,
    depth: i8,
}

/// Break a flow into pages. Never fails: an item taller than a page gets a page to itself.
pub fn paginate(items: &[FlowItem], note_heights: &[f32], frame: &PageFrame) -> Vec<PageSlice> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    // best[pos][state]: state = parity * 3 + (depth of previous page + 1)
    let mut best: Vec<[Option<Node>; 6]> = vec![[None; 6]; n + 1];
    let start_parity = usize::from(!frame.starts_on_recto); // 0: next page is a recto
    best[0][start_parity * 3 + 1] = Some(Node {
        cost: 0.0,
        prev: None,
        depth: 0,
    });
    for start in 0..n {
        if start > 0 && !may_break_after(&items[start - 1]) {
            continue;
        }
        for state in 0..6 {
            let Some(node) = best[start][state] else {
                continue;
            };
            let parity = state / 3;
            let prev_depth = (state % 3) as i8 - 1;
            let is_recto = parity == 0;
            let mut progressed = false;
            let mut body = 0.0f32;
            let mut notes: Vec<usize> = Vec::new();
            let mut first_content = None;
            for end in start + 1..=n {
                let item = &items[end - 1];
                if first_content.is_none() && item.discardable {
                    // leading white of a page is dropped
                } else {
                    first_content.get_or_insert(end - 1);
                    body += item.height;
                    notes.extend(item.notes.iter().copied());
                }
                let trailing_white = if item.discardable { item.height } else { 0.0 };
                let notes_height = notes_height(&notes, note_heights, frame);
                let used = body - trailing_white + notes_height;
                let last = end == n;
                if !last && !may_break_after(item) {
                    if used > frame.capacity + frame.leading * 1.01 && progressed {
                        break;
                    }
                    continue;
                }
                let penalty = match item.break_after {
                    Break::Allowed { penalty } if !last => f64::from(penalty),
                    _ => 0.0,
                };
                let (fit, depth) = page_cost(used, frame, last);
                if fit >= OVERFULL_PAGE && progressed {
                    break;
                }
                let mut cost = node.cost + fit + penalty;
                if !is_recto && depth != 0 {
                    // a verso that is long or short asks its recto to match
                } else if is_recto && !last && depth != prev_depth && start > 0 {
                    cost += UNEVEN_SPREAD;
                }
                let next_state = (1 - parity) * 3 + (depth + 1) as usize;
                let slot = &mut best[end][next_state];
                if slot.is_none_or(|s| cost < s.cost) {
                    *slot = Some(Node {
                        cost,
                        prev: Some((start, state)),
                        depth,
                    });
                }
                progressed = true;
                if fit >= OVERFULL_PAGE {
                    break;
                }
            }
        }
    }
    // Walk back from the cheapest final state.
    let (mut state, _) = best[n]
        .iter()
        .enumerate()
        .filter_map(|(s, node)| node.map(|nd| (s, nd.cost)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("the last item always ends a page");
    let mut pos = n;
    let mut pages = Vec::new();
    while let Some(node) = best[pos][state] {
        let Some((start, prev_state)) = node.prev else {
            break;
        };
        let notes: Vec<usize> = items[start..pos]
            .iter()
            .flat_map(|i| i.notes.iter().copied())
            .collect();
        pages.push(PageSlice {
            start,
            end: pos,
            notes,
            depth: node.depth,
        });
        pos = start;
        state = prev_state;
    }
    pages.reverse();
    pages
}

fn may_break_after(item: &FlowItem) -> bool {
    matches!(item.break_after, Break::Allowed { .. })
}

fn notes_height(notes: &[usize], heights: &[f32], frame: &PageFrame) -> f32 {
    if notes.is_empty() {
        return 0.0;
    }
    frame.note_separator
        + notes
            .iter()
            .map(|&i| heights.get(i).copied().unwrap_or(0.0))
            .sum::<f32>()
}

/// The cost of a page holding `used` points, and its depth class (−1, 0, +1).
fn page_cost(used: f32, frame: &PageFrame, last: bool) -> (f64, i8) {
    let lines_over = f64::from((used - frame.capacity) / frame.leading);
    // Heights are sums of grid lines plus a little rounding noise.
    const GRID_SLOP: f64 = 0.05;
    if lines_over > 1.0 + GRID_SLOP {
        return (OVERFULL_PAGE * lines_over, 1);
    }
    if lines_over > GRID_SLOP {
        return (LONG_PAGE, 1);
    }
    if last {
        let lines = f64::from(used / frame.leading);
        let stub = if lines < 2.5 { STUB_LAST_PAGE } else { 0.0 };
        return (stub, 0);
    }
    let short = -lines_over;
    if short <= GRID_SLOP {
        (0.0, 0)
    } else if short <= 1.0 + GRID_SLOP {
        (SHORT_PAGE, -1)
    } else {
        (SHORT_PAGE + EMPTY_LINE * short * short, -1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEADING: f32 = 14.0;

    fn frame(lines: usize) -> PageFrame {
        PageFrame {
            capacity: lines as f32 * LEADING,
            leading: LEADING,
            note_separator: LEADING,
            starts_on_recto: true,
        }
    }

    /// A paragraph of `n` lines with widow and orphan control: no break after its first line
    /// or before its last.
    fn paragraph(n: usize) -> Vec<FlowItem> {
        (1..=n)
            .map(|i| {
                let ok = i == n || (i >= 2 && n - i >= 2);
                FlowItem::line(
                    LEADING,
                    if ok {
                        Break::Allowed { penalty: 0.0 }
                    } else {
                        Break::Never
                    },
                )
            })
            .collect()
    }

    fn line_counts(pages: &[PageSlice]) -> Vec<usize> {
        pages.iter().map(|p| p.end - p.start).collect()
    }

    #[test]
    fn widow_is_avoided_by_running_the_spread_short_or_long() {
        // 9 + 2 lines on 10-line pages: a plain fill would leave the 11th line alone overleaf.
        let mut items = paragraph(9);
        items.extend(paragraph(4));
        let pages = paginate(&items, &[], &frame(10));
        for page in &pages {
            let first = &items[page.start];
            assert!(
                page.start == 0
                    || matches!(items[page.start - 1].break_after, Break::Allowed { .. }),
                "{first:?}"
            );
        }
        // the break never falls after line 1 or before the last line of the 4-line paragraph
        let ends: Vec<usize> = pages.iter().map(|p| p.end).collect();
        assert!(!ends.contains(&10) && !ends.contains(&12), "{ends:?}");
    }

    #[test]
    fn full_pages_are_preferred_when_rules_allow() {
        let items = paragraph(30);
        let pages = paginate(&items, &[], &frame(10));
        assert_eq!(line_counts(&pages), [10, 10, 10]);
        assert!(pages.iter().all(|p| p.depth == 0));
    }

    #[test]
    fn heading_at_page_foot_moves_to_next_page() {
        // 9 lines, then a heading (never break after it), then a paragraph.
        let mut items = paragraph(8);
        items.push(FlowItem::space(LEADING));
        items.push(FlowItem::line(LEADING, Break::Never));
        items.extend(paragraph(12));
        let pages = paginate(&items, &[], &frame(10));
        let heading = 9;
        for page in &pages {
            assert_ne!(
                page.end - 1,
                heading,
                "a page ends on the heading: {pages:?}"
            );
            // and the heading is never the last line or second-to-last with nothing after
        }
        let page_of_heading = pages
            .iter()
            .find(|p| (p.start..p.end).contains(&heading))
            .unwrap();
        assert!(
            page_of_heading.end - heading >= 3,
            "heading kept with two lines: {pages:?}"
        );
    }

    #[test]
    fn footnote_lands_on_the_page_of_its_call() {
        let mut items = paragraph(25);
        items[8].notes.push(0); // called on line 9
        let note_heights = [3.0 * LEADING];
        let pages = paginate(&items, &note_heights, &frame(10));
        let with_call = pages
            .iter()
            .find(|p| (p.start..p.end).contains(&8))
            .unwrap();
        assert_eq!(with_call.notes, vec![0]);
        // 9 lines of body would leave no room for separator + 3 note lines on that page
        let body_lines = with_call.end - with_call.start;
        assert!(
            body_lines as f32 * LEADING + 4.0 * LEADING <= 11.0 * LEADING,
            "{pages:?}"
        );
    }

    #[test]
    fn oversized_item_still_gets_a_page() {
        let items = vec![FlowItem::line(50.0 * LEADING, Break::Allowed { penalty: 0.0 }); 2];
        let pages = paginate(&items, &[], &frame(10));
        assert_eq!(line_counts(&pages), [1, 1]);
    }

    #[test]
    fn leading_space_at_a_page_top_is_discarded() {
        let mut items = paragraph(10);
        items.push(FlowItem::space(LEADING));
        items.extend(paragraph(10));
        let pages = paginate(&items, &[], &frame(10));
        assert_eq!(pages[0].end, 10);
        assert_eq!(pages.len(), 2, "{pages:?}");
    }
}
