//! From the document IR to a piece's flow: the vertical list of lines that pagination breaks.
//!
//! Every block becomes flow items (see `paginate`) with what to draw for each. Body lines sit
//! on the baseline grid; material of other sizes (titles, the standfirst, notes, quotes) is
//! rounded up to whole grid lines so that the text after it is back on the grid. The rules of
//! good page breaking are decided here, where the structure is known: no break after a
//! paragraph's first line or before its last (no orphans, no widows), none after a heading
//! or inside the opening of a piece, none inside a table row or an image.
//!
//! Turning a paragraph's inlines into styled runs is its own small job, in `inline_runs`;
//! so is setting the first words of a piece in small capitals, in `lead_in`, and its first
//! letter as a drop cap, in `drop_cap`.

mod drop_cap;
mod inline_runs;
mod lead_in;
mod long_notes;
pub use long_notes::note_part;

pub use self::inline_runs::{runs_of, RunStyle};

use super::geometry::Geometry;
use super::paginate::{Break, FlowItem};
use super::text::{Align, Line, ParaOpts, Run, Typesetter};
use crate::doc::words::WordCursor;
use crate::doc::{Block, Inline, PieceDoc};
use crate::page::GlyphRun;

/// Between a dateline run into the first paragraph and its text.
const RUN_IN_DASH: &str = " \u{2014} ";

/// Sizes relative to the body size, and other measures of the book's design.
pub const NOTE_SCALE: f32 = 9.0 / 11.0;
pub const NOTE_LEADING_SCALE: f32 = 11.5 / 14.0;
/// A note line's baseline, as a share of the note leading below the line's top.
pub const NOTE_BASELINE: f32 = 0.75;
pub const QUOTE_SCALE: f32 = 10.0 / 11.0;
/// Indent of a paragraph that follows another, in ems: the classic one-em indent.
pub const PARAGRAPH_INDENT_EM: f32 = 1.0;
/// Block quotes and lists are inset by this many ems.
pub const INSET_EM: f32 = 1.5;

/// Where a link in the flow leads, resolved to a page once pages are known.
#[derive(Debug, Clone, PartialEq)]
pub enum Dest {
    /// The text of footnote n (1-based) of this piece.
    Note(usize),
    /// The call of footnote n in the body.
    NoteCall(usize),
    Url(String),
}

/// What to draw for one flow item, relative to the text block's left edge and the item's
/// top (y grows downwards here; the page assembler flips it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    /// Glyph runs with `y` = distance of the baseline below the item's top.
    pub runs: Vec<GlyphRun>,
    /// Runs drawn only when the item is the first or last on its page: the mark of a blank
    /// scene break, which mid-page is a line of white.
    pub edge_runs: Vec<GlyphRun>,
    /// Rules: (x0, x1, y below the item's top, thickness).
    pub rules: Vec<(f32, f32, f32, f32)>,
    /// Clickable areas: (x0, x1, y of the top, height, where to).
    pub links: Vec<(f32, f32, f32, f32, Dest)>,
    /// Images: (index into the piece's image list, x, y of the top, width, height).
    pub images: Vec<(usize, f32, f32, f32, f32)>,
    /// Footnote n's call sits in this item (for links to come back to).
    pub note_calls: Vec<usize>,
    /// Footnote n's text starts in this item.
    pub note_texts: Vec<usize>,
    /// The heading with this anchor id starts in this item (for links to it).
    pub heading: Option<String>,
    /// Where in the piece's body this item's text begins: (block number in a depth-first
    /// walk of the body, word of that block). For the EPUB's page-list.
    pub source: Option<(usize, usize)>,
}

/// A piece's flow: items for pagination and, in parallel, what each draws.
#[derive(Debug, Default)]
pub struct Flow {
    pub items: Vec<FlowItem>,
    pub drawings: Vec<Drawing>,
    /// Footnotes, each set as a block of lines: (its drawing, its height).
    pub notes: Vec<(Drawing, f32)>,
    /// Images the piece uses, as paths relative to the book root.
    pub images: Vec<String>,
    /// The piece runs right to left: its footnote rule starts at the right.
    pub rtl: bool,
}

impl Flow {
    pub fn push(&mut self, item: FlowItem, drawing: Drawing) {
        self.items.push(item);
        self.drawings.push(drawing);
    }

    /// White space on the grid, dropped at a page break.
    pub fn space(&mut self, height: f32) {
        if height > 0.0 {
            self.push(FlowItem::space(height), Drawing::default());
        }
    }

    /// The first line from item `from` on starts on the baseline grid: whatever half-line
    /// of space a block quote left before it on its page (its opening half was on the page
    /// before) is rounded up to a whole line.
    pub fn on_grid_from(&mut self, from: usize) {
        if let Some(item) = self
            .items
            .get_mut(from..)
            .and_then(|items| items.iter_mut().find(|i| !i.discardable))
        {
            item.grid = true;
        }
    }

    /// Forbid a page break after the last item so far.
    pub fn keep_with_next(&mut self) {
        if let Some(last) = self.items.last_mut() {
            last.break_after = Break::Never;
        }
    }
}
/// Builds one piece's flow.
pub struct FlowBuilder<'a, 'b> {
    pub ts: &'a mut Typesetter<'b>,
    pub geometry: &'a Geometry,
    pub flow: Flow,
    /// The next paragraph starts flush left (after a heading, a title, a break).
    flush_next: bool,
    /// Blocks of the body visited so far, in depth-first order (see `Drawing::source`).
    blocks_seen: usize,
    /// The book's decoded images (None: images reserve space but draw nothing).
    pub images: Option<&'a super::images::Images>,
    /// For each footnote: too long for the foot of a page, so set in the text (see
    /// `long_notes`).
    long_notes: Vec<bool>,
    /// Long notes called in the current top-level block, set in the text after it.
    pending_notes: Vec<usize>,
    /// The dateline to run into the next paragraph (see [`FlowBuilder::body`]).
    run_in: Option<&'a str>,
    /// The next paragraph is the piece's first and opens with a lead-in (`print.lead-in`).
    lead_in: bool,
    /// The next paragraph is the piece's first block and opens with a drop cap of this
    /// many lines (`print.drop-cap`).
    drop_cap: Option<usize>,
    /// The piece is in English: display lines are kept from ending on a weak word
    /// (`opening::bind_weak_words`).
    pub english: bool,
    /// The piece runs right to left (`doc::direction::piece_direction`, which the
    /// typesetter sets every paragraph in): what hangs at a line's start (a list's marker)
    /// hangs at the right, table columns run from the right, a code block stands at the
    /// right, what ends a piece (its credit) ends at the left.
    pub rtl: bool,
}

impl<'a, 'b> FlowBuilder<'a, 'b> {
    pub fn new(ts: &'a mut Typesetter<'b>, geometry: &'a Geometry) -> Self {
        FlowBuilder {
            ts,
            geometry,
            flow: Flow::default(),
            flush_next: true,
            blocks_seen: 0,
            images: None,
            long_notes: Vec::new(),
            pending_notes: Vec::new(),
            run_in: None,
            lead_in: false,
            drop_cap: None,
            english: false,
            rtl: false,
        }
    }

    fn body_style(&self) -> RunStyle {
        RunStyle::roman(self.geometry.font_size)
    }

    /// The piece's body blocks and its footnotes. A piece with a dateline has it run into
    /// its first paragraph, in small capitals: print adds it as it sets the paragraph, the IR
    /// is not changed (the EPUB sets the dateline in the piece's header instead).
    pub fn body(&mut self, piece: &'a PieceDoc) {
        // The piece's own language picks its hyphenation patterns.
        self.ts.set_language(piece.meta.language.as_deref());
        // The notes first: how tall each is decides where it goes.
        for note in &piece.notes {
            let drawing = self.note(note.number, &note.blocks);
            self.flow.notes.push(drawing);
        }
        let g = self.geometry;
        self.long_notes = self
            .flow
            .notes
            .iter()
            .map(|(_, height)| long_notes::too_long(*height, g))
            .collect();
        let style = self.body_style();
        let run_in_at = piece.dateline.as_deref().and_then(|d| {
            Some((
                piece
                    .blocks
                    .iter()
                    .position(|b| matches!(b, Block::Paragraph(_)))?,
                d,
            ))
        });
        // A lead-in opens the piece's first paragraph, unless a dateline runs into it (the
        // dateline is in small capitals already: it is the lead-in), and not on the pages
        // folio makes itself (the contributors, the permissions), which are lists; a drop
        // cap where the piece opens on a paragraph (`doc::ornaments`, the e-book's rule too).
        let shared = self.ts.shared();
        let lead_in_at = crate::doc::ornaments::lead_in_block(piece).filter(|_| shared.lead_in);
        let drop_cap = shared
            .drop_cap
            .filter(|_| crate::doc::ornaments::opens_with_drop_cap(piece, self.rtl));
        for (i, block) in piece.blocks.iter().enumerate() {
            self.run_in = run_in_at.and_then(|(at, d)| (at == i).then_some(d));
            self.lead_in = lead_in_at == Some(i);
            self.drop_cap = drop_cap.filter(|_| i == 0);
            self.block(block, style, 0.0);
            self.set_pending_notes();
        }
        self.run_in = None;
    }

    /// Set the long notes the last block called in the text, each once.
    fn set_pending_notes(&mut self) {
        for n in std::mem::take(&mut self.pending_notes) {
            let (drawing, height) = std::mem::take(&mut self.flow.notes[n]);
            if height > 0.0 {
                long_notes::set_in_text(&mut self.flow, drawing, height, self.geometry);
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], style: RunStyle, inset: f32) {
        for block in blocks {
            self.block(block, style, inset);
        }
    }

    fn block(&mut self, block: &Block, style: RunStyle, inset: f32) {
        let g = self.geometry;
        let em = style.size;
        let number = self.blocks_seen;
        self.blocks_seen += 1;
        let first_item = self.flow.items.len();
        match block {
            Block::Paragraph(inlines) => {
                let indent = if self.flush_next {
                    0.0
                } else {
                    PARAGRAPH_INDENT_EM * em
                };
                let align = if g.justify {
                    Align::Justify
                } else {
                    Align::Left
                };
                let opts = ParaOpts {
                    measure: g.measure() - 2.0 * inset,
                    indent,
                    align,
                    hyphenate: true,
                    leading: g.leading,
                };
                self.paragraph(inlines, style, &opts, inset);
                if inset == 0.0 {
                    self.flow.on_grid_from(first_item);
                }
                self.flush_next = false;
            }
            Block::Heading { level, content, id } => {
                // A subhead: a line of space above, centred, in italic (level 2) or small caps.
                self.flow.space(g.leading);
                let heading_style = match level {
                    1 | 2 => RunStyle {
                        italic: true,
                        size: g.font_size * 1.1,
                        ..style
                    },
                    _ => RunStyle {
                        small_caps: true,
                        ..style
                    },
                };
                let opts = ParaOpts::display(g.measure() - 2.0 * inset, Align::Center, g.leading);
                let mut links = Vec::new();
                let runs = runs_of(content, heading_style, &mut links);
                let lines = self.ts.set(&runs, &opts);
                let first = self.flow.drawings.len();
                for line in &lines {
                    self.push_line(line, inset, g.leading, Break::Never, &links);
                }
                if let Some(drawing) = self.flow.drawings.get_mut(first) {
                    drawing.heading = Some(id.clone());
                }
                if inset == 0.0 {
                    self.flow.on_grid_from(first);
                }
                self.flush_next = true;
            }
            Block::Quote(inner) => {
                let quote_style = RunStyle {
                    size: style.size * QUOTE_SCALE,
                    ..style
                };
                self.flow.space(g.leading * 0.5);
                self.flush_next = true;
                let first = self.flow.items.len();
                self.blocks(inner, quote_style, inset + INSET_EM * g.font_size);
                // On the grid too (its half-line of space rounds up to a line), so that a
                // page ending inside the quote ends on a baseline its facing page can share.
                self.flow.on_grid_from(first);
                self.flow.space(g.leading * 0.5);
                self.flush_next = true;
            }
            Block::List { start, items } => {
                let hang = INSET_EM * g.font_size;
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", n + i as u64),
                        None => "\u{2022}".to_owned(),
                    };
                    let first_item_index = self.flow.items.len();
                    self.flush_next = true;
                    self.blocks(item, style, inset + hang);
                    // An item runs the piece's way, as its paragraphs are set: its marker
                    // hangs before its first line's start, the right of a right-to-left
                    // item, and is set that way too ("1." reads from the right, its full
                    // stop at its left, as a browser sets an Arabic `<ol>`'s).
                    let rtl = self.rtl;
                    if let Some(drawing) = self.flow.drawings.get_mut(first_item_index) {
                        // Set flush left in its box, which is placed by its width.
                        let opts = ParaOpts::display(hang, Align::FlushLeft, g.leading);
                        let runs = [Run::plain(&marker, style.size)];
                        if let Some(line) = self.ts.set(&runs, &opts).into_iter().next() {
                            let baseline = drawing.runs.first().map_or(g.leading * 0.75, |r| r.y);
                            let x = if rtl {
                                g.measure() - inset - hang + 0.4 * style.size
                            } else {
                                inset + hang - line.width - 0.4 * style.size
                            };
                            for mut run in line.runs {
                                run.x += x;
                                run.y = baseline;
                                drawing.runs.push(run);
                            }
                        }
                    }
                }
                self.flush_next = true;
            }
            Block::Code { text, .. } => {
                let code_style = RunStyle {
                    size: style.size * QUOTE_SCALE,
                    ..style
                };
                self.flow.space(g.leading * 0.5);
                let measure = g.measure() - inset - g.font_size;
                let opts = ParaOpts::display(measure, Align::Left, g.leading);
                // Code reads left to right in any piece: each line is set so, flush left in
                // the block. The block is indented from the piece's start side: in a
                // right-to-left piece it stands at the right, as wide as its longest line
                // (the EPUB's `<pre dir="ltr">`, as wide as its content).
                let outer = self.ts.set_direction(Some(crate::doc::Dir::Ltr));
                let mut lines = Vec::new();
                for source_line in text.lines() {
                    let runs = [Run::plain(
                        if source_line.is_empty() {
                            " "
                        } else {
                            source_line
                        },
                        code_style.size,
                    )];
                    lines.extend(self.ts.set(&runs, &opts));
                }
                self.ts.set_direction(outer);
                let x = if self.rtl {
                    let widest = lines.iter().map(|l| l.width).fold(0.0, f32::max);
                    g.measure() - inset - g.font_size - widest.min(measure)
                } else {
                    inset + g.font_size
                };
                let first = self.flow.items.len();
                for line in &lines {
                    self.push_line(line, x, g.leading, Break::Allowed { penalty: 50.0 }, &[]);
                }
                // On the grid, as a table's rows are.
                self.flow.on_grid_from(first);
                self.flow.space(g.leading * 0.5);
                self.flush_next = true;
            }
            Block::Rule => {
                // A scene break: its mark centred on one whole line of the grid, so the
                // text after it stays on the baseline grid of the text before it.
                let mark = &self.ts.shared().scene_break;
                let (text, blank) = (mark.text.clone(), mark.blank);
                let opts = ParaOpts::display(g.measure(), Align::Center, g.leading);
                let lines = self.ts.set(&[Run::plain(&text, style.size)], &opts);
                let first = self.flow.drawings.len();
                // Kept with the text after it: never the last line of a page, where a break
                // reads as nothing at all (overleaf, the page opens on its mark).
                for line in &lines {
                    self.push_line(line, 0.0, g.leading, Break::Never, &[]);
                }
                if blank {
                    for drawing in &mut self.flow.drawings[first..] {
                        drawing.edge_runs = std::mem::take(&mut drawing.runs);
                    }
                }
                self.flow.on_grid_from(first_item);
                self.flush_next = true;
            }
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows, style, inset),
            Block::Image { src, alt, title } => self.image(src, alt, title),
        }
        // Whatever the block set, its first line is where the block begins.
        if let Some(drawing) = self.flow.drawings.get_mut(first_item..).and_then(|d| {
            d.iter_mut()
                .zip(&self.flow.items[first_item..])
                .find(|(_, item)| !item.discardable)
                .map(|(d, _)| d)
        }) {
            drawing.source.get_or_insert((number, 0));
        }
    }

    /// Set a paragraph and append its lines with widow and orphan control. Each line
    /// records the word of the block's text it begins with (`doc::words`).
    pub fn paragraph(&mut self, inlines: &[Inline], style: RunStyle, opts: &ParaOpts, inset: f32) {
        let mut links = Vec::new();
        let run_in = self.run_in.take();
        let runs = match run_in {
            // One list of inlines, so the run-in shares runs with the text as it always did.
            Some(dateline) => {
                let mut with = Vec::with_capacity(inlines.len() + 2);
                with.push(Inline::SmallCaps(vec![Inline::Text(dateline.to_owned())]));
                with.push(Inline::Text(RUN_IN_DASH.into()));
                with.extend_from_slice(inlines);
                runs_of(&with, style, &mut links)
            }
            None => runs_of(inlines, style, &mut links),
        };
        let mut runs = if std::mem::take(&mut self.lead_in) {
            lead_in::small_caps(runs, self.ts.shared().true_small_caps)
        } else {
            runs
        };
        // The drop cap takes its letter from the runs after the lead-in has styled them, so
        // the lead-in counts its words from the letter on.
        let initial = self.drop_cap.take().and_then(|depth| {
            let mut rest = runs.clone();
            let taken = drop_cap::take(&mut rest, self.rtl)?;
            let baseline = baseline_in(opts.leading, self.geometry);
            let metrics = (style.size, opts.leading, baseline);
            let rtl_measure = self.rtl.then_some(opts.measure);
            let initial = drop_cap::set(self.ts, &taken, depth, metrics, rtl_measure)?;
            runs = rest;
            Some((taken, initial))
        });
        let mut lines = match &initial {
            Some((_, cap)) => {
                let opts = ParaOpts {
                    indent: 0.0,
                    ..*opts
                };
                self.ts.set_beside(&runs, &opts, cap.lines, cap.indent)
            }
            None => self.ts.set(&runs, opts),
        };
        if let Some((taken, cap)) = &initial {
            // Right to left, the lines beside the letter end short of it: set on the
            // narrower measure they stand at its right end, so they move back by as much.
            let shift = if self.rtl { -cap.indent } else { cap.indent };
            for line in lines.iter_mut().take(cap.lines) {
                line.shift(shift);
            }
            let by_x = |a: &&mut GlyphRun, b: &&mut GlyphRun| a.x.total_cmp(&b.x);
            let first_run = lines.first_mut().and_then(|l| {
                if self.rtl {
                    l.runs.iter_mut().max_by(by_x)
                } else {
                    l.runs.iter_mut().min_by(by_x)
                }
            });
            if let Some(run) = first_run {
                drop_cap::carry_text(self.ts, run, taken, self.rtl);
            }
        }
        let n = lines.len();
        let block = self.blocks_seen.checked_sub(1);
        // The block's text as `doc::words` counts it: the runs' text without note calls,
        // after the run-in, with the drop cap's letter; and where each run starts in it.
        let skip = run_in.map_or(0, |d| d.len() + RUN_IN_DASH.len());
        let mut text = String::new();
        if let Some((taken, _)) = &initial {
            text.push_str(&taken.text);
            if taken.space_after {
                text.push(' ');
            }
        }
        let mut run_at = Vec::with_capacity(runs.len());
        for run in &runs {
            run_at.push(text.len());
            let note_call = run
                .tag
                .is_some_and(|t| matches!(links.get(t as usize), Some(Dest::Note(_))));
            if !note_call {
                text.push_str(&run.text);
            }
        }
        let mut words = WordCursor::new(text.get(skip..).unwrap_or(""));
        let mut word = 0;
        // The lines beside a drop cap stay together, and with the blank lines that carry a
        // short paragraph down to the letter's foot.
        let (beside, pad) = initial
            .as_ref()
            .map_or((0, 0), |(_, cap)| (cap.lines, cap.lines.saturating_sub(n)));
        let first_line = self.flow.items.len();
        for (i, line) in lines.iter().enumerate() {
            let k = i + 1;
            // A break after line k leaves k lines here and n-k overleaf: both must be >= 2.
            let allowed = (k == n && pad == 0) || (k >= 2 && n - k >= 2 && k >= beside);
            let brk = if allowed {
                Break::Allowed { penalty: 0.0 }
            } else {
                Break::Never
            };
            self.push_line(line, inset, opts.leading, brk, &links);
            // The first line begins the block, whatever the drop cap took from it.
            if let (Some((run, at)), false) = (line.start, i == 0 && initial.is_some()) {
                let offset = run_at.get(run).map_or(0, |r| r + at);
                word = words.word_at(offset.saturating_sub(skip));
            }
            if let (Some(block), Some(drawing)) = (block, self.flow.drawings.last_mut()) {
                drawing.source = Some((block, word));
            }
        }
        if let Some((_, cap)) = initial {
            if let Some(drawing) = self.flow.drawings.get_mut(first_line) {
                drawing.runs.extend(cap.runs);
            }
            for i in 0..pad {
                let brk = if i + 1 == pad {
                    Break::Allowed { penalty: 0.0 }
                } else {
                    Break::Never
                };
                self.flow
                    .push(FlowItem::line(opts.leading, brk), Drawing::default());
            }
        }
    }

    /// Append one set line as a flow item of the given height.
    pub fn push_line(&mut self, line: &Line, x: f32, height: f32, brk: Break, links: &[Dest]) {
        let baseline = baseline_in(height, self.geometry);
        let mut drawing = Drawing::default();
        // Exactly as many as the line has: a book holds a hundred thousand of these.
        drawing.runs.reserve_exact(line.runs.len());
        for run in &line.runs {
            let mut run = run.clone();
            run.x += x;
            run.y = baseline - run.y;
            drawing.runs.push(run);
        }
        let mut item = FlowItem::line(height, brk);
        item.hyphenated = line.hyphenated;
        self.line_links(line, (x, 0.0, height), links, &mut drawing, &mut item.notes);
        self.flow.push(item, drawing);
    }

    /// A set line's links and note calls, whatever holds the line (a paragraph, a heading,
    /// a table cell): clickable areas in `drawing` at `(x, y of the line's top, height)`,
    /// and the notes it calls into `notes`, for its flow item to carry to the page foot
    /// (or, for a note too long for the foot, to set in the text after the block).
    fn line_links(
        &mut self,
        line: &Line,
        (x, y, height): (f32, f32, f32),
        links: &[Dest],
        drawing: &mut Drawing,
        notes: &mut Vec<usize>,
    ) {
        for &(tag, x0, x1) in &line.tags {
            if let Some(dest) = links.get(tag as usize) {
                if let Dest::Note(n) = dest {
                    if self.long_notes.get(n - 1) == Some(&true) {
                        if !self.pending_notes.contains(&(n - 1)) {
                            self.pending_notes.push(n - 1);
                        }
                    } else if !notes.contains(&(n - 1)) {
                        notes.push(n - 1);
                    }
                    drawing.note_calls.push(*n);
                }
                drawing
                    .links
                    .push((x + x0, x + x1, y, height, dest.clone()));
            }
        }
    }

    fn note(&mut self, number: usize, blocks: &[Block]) -> (Drawing, f32) {
        let g = self.geometry;
        let size = g.font_size * NOTE_SCALE;
        let leading = g.leading * NOTE_LEADING_SCALE;
        let style = RunStyle::roman(size);
        let mut drawing = Drawing::default();
        let mut y = 0.0;
        let mut first = true;
        for block in blocks {
            let inlines: Vec<Inline> = match block {
                Block::Paragraph(i) => i.clone(),
                other => vec![Inline::Text(crate::doc::plain_text(&block_inlines(other)))],
            };
            let mut links = Vec::new();
            let mut runs = Vec::new();
            if first {
                links.push(Dest::NoteCall(number));
                runs.push(Run {
                    tag: Some(0),
                    ..Run::plain(&format!("{number}.\u{2002}"), size)
                });
            }
            runs.extend(runs_of(&inlines, style, &mut links));
            let opts = ParaOpts {
                measure: g.measure(),
                indent: if first { 0.0 } else { size },
                align: if g.justify {
                    Align::Justify
                } else {
                    Align::Left
                },
                hyphenate: true,
                leading,
            };
            for line in self.ts.set(&runs, &opts) {
                let baseline = y + leading * NOTE_BASELINE;
                for run in &line.runs {
                    let mut run = run.clone();
                    run.y = baseline - run.y;
                    drawing.runs.push(run);
                }
                for &(tag, x0, x1) in &line.tags {
                    if let Some(dest) = links.get(tag as usize) {
                        drawing.links.push((x0, x1, y, leading, dest.clone()));
                    }
                }
                y += leading;
            }
            first = false;
        }
        drawing.note_texts.push(number);
        (drawing, y)
    }

    fn table(
        &mut self,
        aligns: &[crate::doc::Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        style: RunStyle,
        inset: f32,
    ) {
        let g = self.geometry;
        let columns = head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let gap = g.font_size;
        let width = g.measure() - 2.0 * inset;
        let column = (width - gap * (columns - 1) as f32) / columns as f32;
        let cell_style = RunStyle {
            size: style.size * QUOTE_SCALE,
            ..style
        };
        self.flow.space(g.leading * 0.5);
        // Its rows on the grid (the half-line above rounds up to a line, as a block quote's
        // does), so that a page ending in the table ends on a baseline its facing page shares.
        let first = self.flow.items.len();
        let mut all_rows: Vec<(&[Vec<Inline>], bool)> = Vec::new();
        if !head.is_empty() {
            all_rows.push((head, true));
        }
        all_rows.extend(rows.iter().map(|r| (r.as_slice(), false)));
        for (cells, is_head) in all_rows {
            let mut drawing = Drawing::default();
            let mut notes = Vec::new();
            let mut lines_in_row = 1;
            for (c, cell) in cells.iter().enumerate() {
                let cs = RunStyle {
                    bold: is_head,
                    ..cell_style
                };
                let mut links = Vec::new();
                let runs = runs_of(cell, cs, &mut links);
                // The column's alignment as the Markdown's delimiter row gives it, as the
                // EPUB's cells carry it; ragged right where none is given.
                let align = match aligns.get(c) {
                    Some(crate::doc::Align::Right) => Align::Right,
                    Some(crate::doc::Align::Center) => Align::Center,
                    _ => Align::Left,
                };
                let opts = ParaOpts {
                    measure: column,
                    indent: 0.0,
                    align,
                    hyphenate: true,
                    leading: g.leading,
                };
                let lines = self.ts.set(&runs, &opts);
                lines_in_row = lines_in_row.max(lines.len());
                // A right-to-left piece's first column is its rightmost, as the EPUB's is.
                let place = if self.rtl { columns - 1 - c } else { c };
                let x = inset + place as f32 * (column + gap);
                for (i, line) in lines.iter().enumerate() {
                    for run in &line.runs {
                        let mut run = run.clone();
                        run.x += x;
                        run.y = baseline_in(g.leading, g) + i as f32 * g.leading - run.y;
                        drawing.runs.push(run);
                    }
                    let top = i as f32 * g.leading;
                    self.line_links(line, (x, top, g.leading), &links, &mut drawing, &mut notes);
                }
            }
            let height = lines_in_row as f32 * g.leading;
            if is_head {
                drawing.rules.push((inset, inset + width, 0.0, 0.5));
                drawing
                    .rules
                    .push((inset, inset + width, height - 0.2 * g.leading, 0.4));
            }
            let mut item = FlowItem::line(
                height,
                if is_head {
                    Break::Never
                } else {
                    Break::Allowed { penalty: 0.0 }
                },
            );
            item.notes = notes;
            self.flow.push(item, drawing);
        }
        self.flow.on_grid_from(first);
        self.flow.space(g.leading * 0.5);
        self.flush_next = true;
    }

    /// An image and its caption. The caption is the image's title, as in the EPUB: alt text
    /// describes the picture for someone who cannot see it, so print shows it only in the
    /// picture's place when there is no picture (a remote image), as the EPUB does.
    fn image(&mut self, src: &str, alt: &str, title: &str) {
        // As wide as the measure, unless that makes it taller than 60% of the page; the
        // item is rounded up to whole lines so the text after it is back on the grid.
        let g = self.geometry;
        let mut drawing = Drawing::default();
        let image = self.images.and_then(|i| i.get(src));
        let height = match image {
            Some((index, aspect)) => {
                let mut width = g.measure();
                let mut h = width * aspect;
                let max = g.capacity() * 0.6;
                if h > max {
                    h = max;
                    width = h / aspect;
                }
                let x = (g.measure() - width) / 2.0;
                drawing.images.push((index, x, g.leading * 0.25, width, h));
                ((h + g.leading * 0.25) / g.leading).ceil() * g.leading
            }
            None => g.leading,
        };
        self.flow.images.push(src.to_owned());
        self.flow.space(g.leading * 0.5);
        // On the grid, as a table's rows are: its caption's baseline is one.
        let first = self.flow.items.len();
        self.flow.push(
            FlowItem::line(height, Break::Allowed { penalty: 0.0 }),
            drawing,
        );
        self.flow.on_grid_from(first);
        let caption = if !title.trim().is_empty() {
            title
        } else if image.is_none() {
            alt
        } else {
            ""
        };
        if !caption.trim().is_empty() {
            let opts = ParaOpts::display(g.measure(), Align::Center, g.leading);
            let runs = [Run {
                italic: true,
                ..Run::plain(caption, g.font_size * QUOTE_SCALE)
            }];
            let lines = self.ts.set(&runs, &opts);
            self.flow.keep_with_next();
            for line in &lines {
                self.push_line(line, 0.0, g.leading, Break::Allowed { penalty: 0.0 }, &[]);
            }
        }
        self.flow.space(g.leading * 0.5);
        self.flush_next = true;
    }
}

/// Distance from the top of a line item to its baseline, so body lines land on the grid.
pub fn baseline_in(height: f32, g: &Geometry) -> f32 {
    height - (g.leading - g.font_size * 0.78)
}

fn block_inlines(block: &Block) -> Vec<Inline> {
    match block {
        Block::Paragraph(i) | Block::Heading { content: i, .. } => i.clone(),
        Block::Quote(b) => b.iter().flat_map(block_inlines).collect(),
        Block::List { items, .. } => items.iter().flatten().flat_map(block_inlines).collect(),
        Block::Code { text, .. } => vec![Inline::Text(text.clone())],
        _ => Vec::new(),
    }
}
