//! Paragraphs without spaces (CJK, Thai) and words too long for any line: every line within
//! the measure, kinsoku respected, CJK lines justified by the gaps between characters.
//!
//! Set with the built-in EB Garamond, which lacks CJK and Thai glyphs: the breaker sees
//! the `.notdef` glyph's advance, which is all the breaking depends on (the fixture book in
//! `tests/breaking.rs` sets the same with Noto faces and checks the PDF).

use super::tests::{body, line_text, shaper};
use super::*;

/// The right edge of a line from its glyphs' advances (what the PDF places), not its width.
fn right_edge(line: &SetLine) -> f32 {
    line.runs
        .iter()
        .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0, f32::max)
}

const CHINESE: &str = "新闻记者在现场采访了许多目击者，他们说：「我们从来没有见过这样的事情。」\
这篇报道的作者用Rust语言写了一个程序（开源软件），统计了所有的数据、图表和照片。\
读者可以在网站上看到完整的内容，包括视频、录音和文字记录。";

const JAPANESE: &str =
    "記者は現場で多くの目撃者に話を聞いた。「こんなことは初めてだ」と彼らは言う。\
ちょっとしたニュースでも、ジャーナリストはしっかりと事実を確かめなければならない。";

fn set(text: &str, measure: f32, hyphenator: Option<&Hyphenator>) -> Vec<SetLine> {
    let s = shaper();
    let mut cx = s.context();
    set_paragraph(
        &mut cx,
        hyphenator,
        &plain_spans(text, body()),
        &ParagraphStyle::new(measure),
    )
}

#[test]
fn a_cjk_paragraph_breaks_into_lines_within_the_measure() {
    for text in [CHINESE, JAPANESE] {
        for measure in [100.0, 150.0, 233.0] {
            let lines = set(text, measure, None);
            assert!(lines.len() >= 2, "{} lines at {measure}", lines.len());
            for l in &lines {
                assert!(!l.overfull && l.forced.is_none());
                assert!(
                    right_edge(l) <= measure + 0.01,
                    "{} > {measure}",
                    right_edge(l)
                );
            }
            // Nothing lost or added: the lines rejoined are the text.
            let joined: String = lines.iter().map(line_text).collect();
            assert_eq!(joined, text);
        }
    }
}

#[test]
fn cjk_lines_are_justified_by_the_gaps_between_characters() {
    for text in [CHINESE, JAPANESE] {
        let lines = set(text, 150.0, None);
        let (last, rest) = lines.split_last().unwrap();
        for l in rest {
            assert!(
                (right_edge(l) - 150.0).abs() < 0.05,
                "{:?} ends at {}",
                line_text(l),
                right_edge(l)
            );
            assert!(l.justified);
            // No space was added: the line has its text's characters only.
            assert!(!line_text(l).contains(' '));
        }
        assert!(
            right_edge(last) < 150.0,
            "the last line keeps natural spacing"
        );
    }
}

#[test]
fn kinsoku_no_line_starts_with_closing_or_ends_with_opening_punctuation() {
    const NO_START: &str = "、。，．：；！？」』）】〕・ーっゃゅょァィゥェォッャュョ";
    const NO_END: &str = "「『（【〔";
    for text in [CHINESE, JAPANESE] {
        for measure in (80..240).step_by(7) {
            let lines = set(text, measure as f32, None);
            for (i, l) in lines.iter().enumerate() {
                let t = line_text(l);
                let first = t.chars().next().unwrap();
                let last = t.chars().next_back().unwrap();
                assert!(
                    i == 0 || !NO_START.contains(first),
                    "line starts {first}: {t}"
                );
                assert!(!NO_END.contains(last), "line ends {last}: {t}");
            }
        }
    }
}

#[test]
fn a_latin_word_inside_cjk_is_kept_whole_and_cjk_is_not_hyphenated() {
    let hy = Hyphenator::for_language("en-GB");
    for measure in (60..200).step_by(3) {
        let lines = set(CHINESE, measure as f32, hy.as_ref());
        for l in &lines {
            assert!(!l.hyphenated && !line_text(l).ends_with('-'));
            let t = line_text(l);
            assert!(
                !t.ends_with("Ru") && !t.starts_with("st"),
                "Rust split: {t}"
            );
        }
    }
}

#[test]
fn thai_breaks_between_words_only() {
    // Two sentences of Thai with no spaces inside them.
    let text = "ภาษาไทยเป็นภาษาที่สวยงามมากและมีประวัติศาสตร์ยาวนาน นักข่าวได้สัมภาษณ์ผู้คนจำนวนมากในหมู่บ้าน";
    let lines = set(text, 90.0, None);
    assert!(lines.len() >= 3);
    let cuts = crate::typeset::segment::opportunities(text);
    let mut at = 0;
    for l in &lines[..lines.len() - 1] {
        assert!(!l.overfull && l.forced.is_none());
        let t = line_text(l);
        at += t.trim_end().len();
        // Each line ends at a dictionary word boundary or at the space.
        let rest = &text[at..];
        assert!(
            cuts.contains(&at) || rest.starts_with(' '),
            "line {t:?} ends mid-word"
        );
        if rest.starts_with(' ') {
            at += 1;
        }
    }
}

#[test]
fn a_url_with_no_break_is_broken_at_graphemes_as_a_last_resort() {
    let url = format!("https://example.org/{}", "abcdefghij".repeat(30));
    let text = format!("See {url} for the data.");
    let lines = set(&text, 200.0, Hyphenator::for_language("en-GB").as_ref());
    assert!(lines.iter().all(|l| right_edge(l) <= 200.5 && !l.overfull));
    let forced: Vec<_> = lines.iter().filter(|l| l.forced.is_some()).collect();
    assert!(forced.len() >= 3, "{} forced breaks", forced.len());
    // Only the URL is cut: the words around it end lines at spaces or not at all.
    let joined: String = lines
        .iter()
        .map(|l| {
            let t = line_text(l);
            if l.forced.is_some() {
                t
            } else {
                format!("{} ", t.trim_end())
            }
        })
        .collect();
    assert_eq!(joined.trim_end(), text);
}

#[test]
fn a_run_of_hard_hyphens_too_long_for_the_line_still_fits() {
    let text = format!("Before {} after.", "ab--".repeat(60));
    let lines = set(&text, 120.0, None);
    // A line ending in a hyphen hangs it into the margin (margin kerning), by `hang` only.
    assert!(lines
        .iter()
        .all(|l| right_edge(l) <= 120.5 + l.hang && !l.overfull));
}

#[test]
fn a_word_that_fits_gets_no_last_resort_breaks() {
    // Prose with ordinary words never takes a forced break, however narrow the column
    // (down to the longest word).
    let text = "The reporter asked everyone in the village what had happened that night.";
    for measure in [60.0, 80.0, 120.0] {
        let lines = set(text, measure, Hyphenator::for_language("en-GB").as_ref());
        assert!(lines.iter().all(|l| l.forced.is_none()), "at {measure}");
    }
}
