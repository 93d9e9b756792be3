//! The opening of a piece, as an anthology sets it: a sunk start, the kind of piece as a
//! small-capitals label, the title, subtitle and byline centred, then the standfirst and the
//! author's note set apart, and a return to the baseline grid before the text begins.

use super::flow::{Drawing, FlowBuilder, RunStyle, INSET_EM};
use super::paginate::{Break, FlowItem};
use super::text::{Align, Line, ParaOpts, Run};
use crate::doc::{Block, Inline, PieceDoc};

/// The opening starts this many lines down the page (a "sink"), as chapters do in books.
const SINK_LINES: f32 = 5.0;
const TITLE_SCALE: f32 = 1.9;
const TITLE_LEADING_SCALE: f32 = 1.18;
const SUBTITLE_SCALE: f32 = 1.2;
const STANDFIRST_SCALE: f32 = 12.0 / 11.0;
const NOTE_TEXT_SCALE: f32 = 10.0 / 11.0;
const LABEL_SCALE: f32 = 0.85;

/// Lines of text an opening keeps with it on its page (the first paragraph's orphan rule).
const KEPT_BODY_LINES: f32 = 2.0;
/// A page break inside a long note costs this, so it is taken only when needed.
const NOTE_BREAK_PENALTY: f32 = 100.0;
/// Lines of a note kept together at a break inside it, on each side.
const NOTE_KEPT_LINES: usize = 2;

/// Append the opening of `piece` to the flow. Nothing in it may be split from the text while
/// the opening and the text's first lines fit on the page; an opening too tall for that (a
/// long note at a short trim) first gives up its sink, then breaks inside its standfirst or
/// note, never before their second line or after their last but one.
pub fn piece_opening(fb: &mut FlowBuilder, piece: &PieceDoc) {
    let g = fb.geometry.clone();
    let size = g.font_size;
    let start = fb.flow.items.len();
    // Runs of display lines (the standfirst's, the note's) that may break if they must.
    let mut breakable: Vec<std::ops::Range<usize>> = Vec::new();
    fb.flow.push(
        FlowItem::line(SINK_LINES * g.leading, Break::Never),
        Drawing::default(),
    );
    if let Some(kind) = &piece.meta.kind {
        let style = RunStyle::small_caps(size * LABEL_SCALE);
        centred(fb, &[Inline::Text(kind.to_lowercase())], style, g.leading);
    }
    let title_style = RunStyle::roman(size * TITLE_SCALE);
    centred(
        fb,
        &piece.title,
        title_style,
        size * TITLE_SCALE * TITLE_LEADING_SCALE,
    );
    if let Some(subtitle) = &piece.subtitle {
        let style = RunStyle::italic(size * SUBTITLE_SCALE);
        centred(
            fb,
            subtitle,
            style,
            size * SUBTITLE_SCALE * TITLE_LEADING_SCALE,
        );
    }
    if let Some(author) = &piece.byline {
        fb.flow.push(
            FlowItem::line(g.leading * 0.5, Break::Never),
            Drawing::default(),
        );
        let style = RunStyle::small_caps(size);
        centred(fb, &[Inline::Text(author.clone())], style, g.leading);
    }
    if let Some(credit) = &piece.translated_by {
        centred(
            fb,
            &[Inline::Text(credit.clone())],
            RunStyle::italic(size),
            g.leading,
        );
    }
    fb.flow
        .push(FlowItem::line(g.leading, Break::Never), Drawing::default());
    if let Some(standfirst) = &piece.standfirst {
        let style = RunStyle::italic(size * STANDFIRST_SCALE);
        let leading = g.leading * STANDFIRST_SCALE;
        // Display text is set ragged and unhyphenated: it is read as a whole, not scanned.
        let opts = ParaOpts::display(g.measure(), Align::Left, leading);
        let first = fb.flow.items.len();
        set_block(fb, standfirst, style, &opts, 0.0);
        breakable.push(first..fb.flow.items.len());
        fb.flow.push(
            FlowItem::line(g.leading * 0.75, Break::Never),
            Drawing::default(),
        );
    }
    if !piece.note.is_empty() {
        let style = RunStyle::italic(size * NOTE_TEXT_SCALE);
        let leading = g.leading * 0.9;
        let inset = INSET_EM * size;
        let opts = ParaOpts {
            measure: g.measure() - 2.0 * inset,
            indent: 0.0,
            align: Align::Justify,
            hyphenate: true,
            leading,
        };
        let first = fb.flow.items.len();
        for (i, block) in piece.note.iter().enumerate() {
            if let Block::Paragraph(inlines) = block {
                let opts = ParaOpts {
                    indent: if i == 0 { 0.0 } else { size * NOTE_TEXT_SCALE },
                    ..opts
                };
                set_block(fb, inlines, style, &opts, inset);
            }
        }
        breakable.push(first..fb.flow.items.len());
        // a short centred rule closes the note
        let mut rule = Drawing::default();
        let w = g.measure() / 8.0;
        rule.rules.push((
            (g.measure() - w) / 2.0,
            (g.measure() + w) / 2.0,
            g.leading * 0.8,
            0.4,
        ));
        fb.flow
            .push(FlowItem::line(g.leading * 1.6, Break::Never), rule);
    }
    let height: f32 = fb.flow.items[start..].iter().map(|i| i.height).sum();
    let over = height + KEPT_BODY_LINES * g.leading - g.capacity();
    if over > 0.01 {
        // Too tall for its page: the sink goes first, whole lines of it.
        let sink = &mut fb.flow.items[start].height;
        let cut = ((over / g.leading - 0.01).ceil() * g.leading).min(*sink);
        *sink -= cut;
        if over - cut > 0.01 {
            for run in &breakable {
                let lines = run.end - run.start;
                if lines >= 2 * NOTE_KEPT_LINES {
                    for item in &mut fb.flow.items
                        [run.start + NOTE_KEPT_LINES - 1..run.end - NOTE_KEPT_LINES]
                    {
                        item.break_after = Break::Allowed {
                            penalty: NOTE_BREAK_PENALTY,
                        };
                    }
                }
            }
        }
    }
    // Back onto the grid: pad the opening to a whole number of lines.
    let height: f32 = fb.flow.items[start..].iter().map(|i| i.height).sum();
    let lines = (height / g.leading - 0.01).ceil();
    let pad = lines * g.leading - height;
    if pad > 0.01 {
        fb.flow
            .push(FlowItem::line(pad, Break::Never), Drawing::default());
    }
    fb.flow.keep_with_next();
}

/// A dedication or an epigraph: no title, the text centred a third of the way down its
/// page, a dedication in italic, each paragraph (a quotation's too) its own group of lines
/// with a line of space between. Display text is set ragged and unhyphenated.
pub fn display_piece(fb: &mut FlowBuilder, piece: &PieceDoc) {
    let g = fb.geometry.clone();
    let italic = piece.meta.role == Some(crate::manuscript::Role::Dedication);
    let style = if italic {
        RunStyle::italic(g.font_size)
    } else {
        RunStyle::roman(g.font_size)
    };
    let sink = ((g.capacity() / 3.0) / g.leading).floor() * g.leading;
    fb.flow
        .push(FlowItem::line(sink, Break::Never), Drawing::default());
    let mut paragraphs: Vec<&[Inline]> = Vec::new();
    fn gather<'a>(blocks: &'a [Block], out: &mut Vec<&'a [Inline]>) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) => out.push(inlines),
                Block::Quote(inner) => gather(inner, out),
                Block::List { items, .. } => items.iter().for_each(|i| gather(i, out)),
                _ => {}
            }
        }
    }
    gather(&piece.blocks, &mut paragraphs);
    for (i, inlines) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            fb.flow
                .push(FlowItem::line(g.leading, Break::Never), Drawing::default());
        }
        centred(fb, inlines, style, g.leading);
    }
}

/// The source credit at the end of a piece: italic, set flush with the end of the piece's
/// lines (the right, the left of a right-to-left piece) after a line of space.
pub fn source_credit(fb: &mut FlowBuilder, credit: &[Inline]) {
    let g = fb.geometry.clone();
    // Kept with the text's last lines: a credit alone overleaf is a stub page.
    fb.flow.keep_with_next();
    fb.flow.space(g.leading);
    fb.flow.keep_with_next();
    let style = RunStyle::italic(g.font_size * NOTE_TEXT_SCALE);
    let opts = ParaOpts::display(g.measure(), Align::end(fb.rtl), g.leading);
    let runs = super::flow::runs_of(credit, style, &mut Vec::new());
    let lines = fb.ts.set(&runs, &opts);
    for line in &lines {
        fb.push_line(line, 0.0, g.leading, Break::Allowed { penalty: 0.0 }, &[]);
    }
}

/// Words a display line must not end on: a reader takes "The Adventure of / the Blue
/// Carbuncle" for two phrases. English (the brief's list); other languages are untouched.
const WEAK_WORDS: &[&str] = &[
    "the", "of", "a", "an", "and", "to", "in", "for", "on", "with", "at", "by", "from", "or", "as",
    "into",
];

/// Bind each weak word to the word after it with a no-break space, so that balancing
/// breaks a title at sense. The tie is inside one run only (a title's runs change with its
/// emphasis, where a break is rarely wanted anyway); the text reads back the same, as the
/// no-break space extracts as a space.
pub fn bind_weak_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for ch in text.chars() {
        if ch == ' ' {
            let lower = word
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            out.push_str(&word);
            out.push(if WEAK_WORDS.contains(&lower.as_str()) {
                '\u{a0}'
            } else {
                ' '
            });
            word.clear();
        } else {
            word.push(ch);
        }
    }
    out.push_str(&word);
    out
}

fn centred(fb: &mut FlowBuilder, inlines: &[Inline], style: RunStyle, leading: f32) {
    let opts = ParaOpts::display(fb.geometry.measure() * 0.86, Align::Center, leading);
    let inset = fb.geometry.measure() * 0.07;
    let mut runs: Vec<Run> = super::flow::runs_of(inlines, style, &mut Vec::new());
    if fb.english {
        for run in &mut runs {
            run.text = bind_weak_words(&run.text);
        }
    }
    let lines = fb.ts.set_balanced(&runs, &opts);
    push_lines(fb, &lines, style, &opts, inset);
}

/// Set inlines as lines of `opts.leading`, with no page break among them.
fn set_block(
    fb: &mut FlowBuilder,
    inlines: &[Inline],
    style: RunStyle,
    opts: &ParaOpts,
    inset: f32,
) {
    let runs: Vec<Run> = super::flow::runs_of(inlines, style, &mut Vec::new());
    let lines = fb.ts.set(&runs, opts);
    push_lines(fb, &lines, style, opts, inset);
}

/// Stack set lines at `opts.leading`, each baseline centred in its line's height.
fn push_lines(fb: &mut FlowBuilder, lines: &[Line], style: RunStyle, opts: &ParaOpts, inset: f32) {
    for line in lines {
        let mut drawing = Drawing::default();
        let baseline = opts.leading - (opts.leading - style.size) / 2.0 - style.size * 0.22;
        for run in &line.runs {
            let mut run = run.clone();
            run.x += inset;
            run.y = baseline - run.y;
            drawing.runs.push(run);
        }
        fb.flow
            .push(FlowItem::line(opts.leading, Break::Never), drawing);
    }
}

#[cfg(test)]
mod tests {
    use super::bind_weak_words;

    #[test]
    fn weak_words_are_bound_to_the_word_after_them() {
        let bound = bind_weak_words("The Adventure of the Blue Carbuncle");
        assert_eq!(bound, "The\u{a0}Adventure of\u{a0}the\u{a0}Blue Carbuncle");
        // so the only break points left are after "Adventure" and after "Blue"
        let breaks: Vec<&str> = bound.split(' ').collect();
        assert_eq!(breaks.len(), 3);
        for line in &breaks {
            let last = line.rsplit('\u{a0}').next().unwrap().to_lowercase();
            assert!(!super::WEAK_WORDS.contains(&last.as_str()), "{line}");
        }
        // case, leading punctuation; a final weak word has nothing to bind to
        assert_eq!(
            bind_weak_words("“To the Lighthouse"),
            "“To\u{a0}the\u{a0}Lighthouse"
        );
        assert_eq!(bind_weak_words("Notes on"), "Notes on");
        assert_eq!(bind_weak_words("Paris, London"), "Paris, London");
    }
}
