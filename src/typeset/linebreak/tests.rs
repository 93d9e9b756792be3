//! The line breaker on paragraphs of one-unit characters, where every width is countable.

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

/// The same paragraph with every discretionary hyphen at `cost`.
fn hyphens_costing(items: Vec<Item>, cost: f32) -> Vec<Item> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Hyphen { width, .. } => Item::Hyphen { width, cost },
            other => other,
        })
        .collect()
}

#[test]
fn hyphen_runs_are_capped() {
    // Hyphens made attractive (negative cost): without a cap they stack up.
    let items = hyphens_costing(para(&long_text(400)), -200.0);
    let mut params = Params::new(40.0);
    params.pretolerance = -1.0;
    params.tolerance = 1000.0;
    params.double_hyphen_demerits = 0.0;
    assert!(break_lines(&items, &params).longest_hyphen_run() > 2);
    params.max_hyphen_run = 2;
    let capped = break_lines(&items, &params);
    assert_eq!(capped.pass, Pass::Hyphenated);
    assert!(capped.longest_hyphen_run() <= 2);
}

/// Lines that end in a hyphen with `limit` or more hyphenated lines right above them.
fn lines_past_run_limit(b: &Breaks, limit: usize) -> usize {
    let mut run = 0;
    let mut past = 0;
    for l in &b.lines {
        run = if l.flagged { run + 1 } else { 0 };
        past += usize::from(run > limit);
    }
    past
}

#[test]
fn the_last_resort_charges_hyphen_runs_past_the_limit() {
    // Free hyphens and a tolerance nothing meets: only the last resort sets the paragraph.
    // Unlimited, hyphens stack; with the limit (a cost there, not a rule) most stacks give
    // way to a line a little looser, and the ones left are where a line would open wide.
    let items = hyphens_costing(para(&long_text(400)), 0.0);
    let mut params = Params::new(40.0);
    params.pretolerance = -1.0;
    params.tolerance = 0.0;
    params.double_hyphen_demerits = 0.0;
    let unlimited = break_lines(&items, &params);
    assert_eq!(unlimited.pass, Pass::LastResort);
    params.max_hyphen_run = 2;
    let limited = break_lines(&items, &params);
    assert_eq!(limited.pass, Pass::LastResort);
    let (before, after) = (
        lines_past_run_limit(&unlimited, 2),
        lines_past_run_limit(&limited, 2),
    );
    assert!(before >= 4 && after * 4 <= before, "{before} -> {after}");
    assert!(limited.lines.iter().all(|l| !l.overfull));
}

#[test]
fn a_stack_the_text_forces_is_set_not_refused() {
    // One word of hard-hyphenated parts, each exactly a line: every line must end in its
    // hyphen, so the limit (a cost in the last resort) gives way rather than overfill.
    let breaks = {
        let mut params = Params::new(4.0);
        params.max_hyphen_run = 2;
        break_lines(&para("aaa=bbb=ccc=ddd=eee"), &params)
    };
    assert_eq!(breaks.lines.len(), 5);
    assert_eq!(breaks.longest_hyphen_run(), 4);
    assert!(breaks.lines.iter().all(|l| !l.overfull));
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

#[test]
fn hanging_material_counts_less_at_the_lines_ends() {
    // Two words of 10 and a space of 1 (no stretch or shrink) on a measure of 20: 21 units
    // do not fit, unless the first word's last unit hangs right (a break of width -1 just
    // before the space) or the second word's first hangs left (1 unit at its box).
    let word = Item::Box { width: 10.0 };
    let space = Item::Glue {
        width: 1.0,
        stretch: 0.0,
        shrink: 0.0,
    };
    let end = [Item::no_break(), Item::fill(), Item::forced_break()];
    let plain: Vec<Item> = [word, space, word].into_iter().chain(end).collect();
    assert_eq!(
        break_lines(&plain, &Params::new(20.0)).lines.len(),
        2,
        "21 units"
    );

    let right_hang = Item::Penalty {
        width: -1.0,
        cost: 0.0,
        flagged: false,
    };
    let hung: Vec<Item> = [word, right_hang, space, word]
        .into_iter()
        .chain(end)
        .collect();
    // Breaking at the hang makes a line of 9 + 1 hung; not breaking there, 21 units still.
    let b = break_lines(&hung, &Params::new(10.0 - 1.0 + 0.001));
    assert!(b.lines.len() == 2 && !b.lines[0].overfull && b.lines[0].end == 1);
    assert!((b.lines[0].natural_width - 9.0).abs() < 1e-4);

    let mut left = Params::new(20.0);
    left.left_hang = vec![(2, 1.0)];
    let b = break_lines(&plain, &left);
    assert_eq!(
        b.lines.len(),
        2,
        "a hang at the second word counts only at a line's start"
    );
    let mut left = Params::new(9.0 + 0.001);
    left.left_hang = vec![(2, 1.0)];
    let b = break_lines(&plain, &left);
    assert!(
        !b.lines[1].overfull,
        "the second line, 10 wide, hangs 1 left: it fits 9"
    );
    assert!(b.lines[0].overfull, "the first, without a hang, does not");
}

#[test]
fn one_line_is_the_line_the_breaker_sets_when_everything_fits() {
    // Where the whole paragraph fits, the breaker's one line and `one_line` agree in
    // every field, so a caller measuring a text's width sees no difference.
    for text in ["aa bb-bb cc", "a", "aaa=bbb cc dd"] {
        let items = para(text);
        let params = Params::new(1_000.0);
        let broken = break_lines(&items, &params);
        assert_eq!(broken.lines.len(), 1, "{text}");
        assert_eq!(
            one_line(&items, &params).as_ref(),
            broken.lines.first(),
            "{text}"
        );
    }
    // Wider than the measure, it is still one line, of the text's natural width.
    let long = one_line(&para("aaaa bbbb cccc"), &Params::new(5.0)).unwrap();
    assert_eq!((long.start, long.natural_width), (0, 14.0));
    // Up to the first forced break only.
    let first = one_line(&para("aa | bbbbbbbb"), &Params::new(100.0)).unwrap();
    assert_eq!(first.natural_width, 2.0);
    assert!(one_line(&[], &Params::new(10.0)).is_none());
}
