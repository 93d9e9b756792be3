//! The engine against the book's typographic targets, on real prose.
//!
//! The paragraphs of the example anthology (a copy of `shared/seed/anthology-source.txt`)
//! are set as the example book sets them (EB Garamond 11 pt, 300 pt measure, en-GB
//! hyphenation, 1 em indent) and measured the way `pdfquality.py` measures a PDF; the targets
//! are those of `design/architecture.md` (folio must beat XeLaTeX and Typst).

use std::sync::Arc;

use super::fonts::{FontSet, Style};
use super::hyphenate::Hyphenator;
use super::paragraph::{
    plain_spans, set_paragraph, ParagraphStyle, SetLine, SpacingStats, TextStyle,
};
use super::shape::{Features, Shaper};

const ANTHOLOGY: &str = include_str!("testdata/anthology.txt");
const SIZE: f32 = 11.0;
const MEASURE: f32 = 300.0;

/// Body paragraphs: lines long enough to be prose rather than titles.
fn paragraphs() -> Vec<&'static str> {
    ANTHOLOGY
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 120)
        .collect()
}

fn set_all(shaper: &Shaper, hyphenator: Option<&Hyphenator>, texts: &[&str]) -> Vec<Vec<SetLine>> {
    let mut cx = shaper.context();
    let mut style = ParagraphStyle::new(MEASURE);
    style.first_line_indent = SIZE;
    texts
        .iter()
        .map(|t| {
            set_paragraph(
                &mut cx,
                hyphenator,
                &plain_spans(t, TextStyle::new(Style::Regular, SIZE)),
                &style,
            )
        })
        .collect()
}

#[test]
fn prose_meets_the_typographic_targets() {
    let shaper = Shaper::new(Arc::new(FontSet::builtin()));
    let hyphenator = Hyphenator::for_language("en-GB").expect("en-GB patterns");
    let texts = paragraphs();
    let set = set_all(&shaper, Some(&hyphenator), &texts);
    let space = shaper
        .context()
        .shape(Style::Regular, Features::default(), " ")
        .width(SIZE);
    let stats = SpacingStats::measure(&set, space, SIZE);
    eprintln!("{} paragraphs: {stats:#?}", texts.len());
    assert!(stats.lines >= 300, "a few hundred lines: {}", stats.lines);
    assert_eq!(stats.overfull_lines, 0);
    assert!(stats.max_hyphen_run <= 2);
    assert!(stats.loose_15 <= 0.15, "loose_15 {}", stats.loose_15);
    assert!(
        stats.gap_em_over_040 <= 0.02,
        "gap_em_over_040 {}",
        stats.gap_em_over_040
    );
    assert!(stats.tight_08 <= 0.07, "tight_08 {}", stats.tight_08);
}
