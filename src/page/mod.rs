//! The page model: the typesetter's output, and what the PDF writer, the cover and the
//! EPUB's page-list read. Plain data only: this module depends on no stage of the pipeline,
//! so the stages that make pages and those that read them never depend on each other.
//!
//! Coordinates are PDF points with the origin at the bottom-left corner of the *trim* page
//! (the page as the reader holds it); y grows upwards, and a glyph run's `y` is its baseline.

use crate::diag::Diagnostics;

/// The typeset book: its pages, the warnings found setting it, and where each print page
/// begins in the text (for the EPUB's page-list).
#[derive(Debug)]
pub struct Typeset {
    pub layout: Layout,
    pub warnings: Diagnostics,
    pub page_starts: Vec<PageStart>,
}

/// Where a printed page (with its folio) begins in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    pub folio: String,
    pub at: PageAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAt {
    /// The title page of part n (index into the document's divisions).
    Part(usize),
    /// The opening page of piece n (index in reading order).
    Opening(usize),
    /// Inside piece n's body: block number (depth-first over the body's blocks) and the
    /// word of that block the page starts with (words are runs of text between spaces).
    Text {
        piece: usize,
        block: usize,
        word: usize,
    },
}

/// Which of the book's fonts a run is set in; an index into [`Layout::fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// One glyph, shaped: its id in the font, its advance, and the text it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Horizontal advance in points, kerning and justification included: the next glyph of
    /// the run starts this far to the right.
    pub advance: f32,
    /// The text this glyph represents ("fi" for a ligature, " " for a word space, "-" for
    /// an inserted hyphen); empty for the later glyphs of a cluster. Becomes ToUnicode.
    pub text: GlyphText,
    /// Where the glyph is drawn from the pen, in hundredths of an em of the run's size:
    /// the shaper's mark positioning (an Arabic vowel over its letter, a Devanagari sign, a
    /// Hebrew point). Nearly always 0. Two bytes that fit where the struct was padded, so a
    /// glyph stays 16 bytes; a mark is moved by well under 1.27 em.
    pub dx: i8,
    pub dy: i8,
}

mod glyph_text;

pub use self::glyph_text::GlyphText;

/// A line's worth of glyphs in one font and size, set from (x, y) rightwards.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontId,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    /// Font expansion: the horizontal scale of the glyphs (1: none; 1.02: 2% wider), the
    /// PDF's `Tz`. The advances are already scaled: they stay where the next glyph starts.
    pub hscale: f32,
    pub glyphs: Vec<Glyph>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A place in this document: page index (0-based) and the y of the top of the target.
    Internal {
        page: usize,
        y: f32,
    },
    External(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageItem {
    Text(GlyphRun),
    /// A straight rule from (x0, y0) to (x1, y1), `width` points thick, black.
    Rule {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        width: f32,
    },
    /// An image (index into [`Layout::images`]) drawn into the rectangle with lower-left
    /// corner (x, y) and the given size.
    Image {
        image: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A clickable area (x, y lower-left) and where it leads.
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        target: LinkTarget,
    },
    /// A rectangle (x, y lower-left) filled with a grey from 0 (black) to 1 (white): a
    /// cover's ground, the white box behind a barcode, a barcode's bars.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
    /// Items drawn in a frame turned `angle` degrees anticlockwise about (x, y), which is the
    /// frame's origin: the items' coordinates are the frame's. Text along a cover's spine is
    /// turned -90 (it reads top to bottom). Links cannot be turned.
    Rotated {
        x: f32,
        y: f32,
        angle: f32,
        items: Vec<PageItem>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<PageItem>,
    /// The printed folio ("xi", "23"), or None for pages that carry none. Page labels use it.
    pub folio: Option<String>,
}

/// An entry of the PDF outline (bookmarks): parts nest their pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub children: Vec<OutlineEntry>,
}

/// A font as the PDF writer needs it: the font file and a name.
#[derive(Debug, Clone)]
pub struct EmbeddedFont {
    /// PostScript-ish name, used for the subset name in the PDF.
    pub name: String,
    /// The font file; for a collection (.ttc), the face is the one at `index`.
    pub data: std::sync::Arc<Vec<u8>>,
    pub index: u32,
}

/// A decoded image ready to embed: 8-bit grey, RGB or CMYK pixels.
#[derive(Debug, Clone)]
pub struct EmbeddedImage {
    pub width: u32,
    pub height: u32,
    /// 1 (grey), 3 (RGB) or 4 (CMYK, 255 full ink; only in a file for four-colour
    /// process) bytes a pixel, row by row from the top.
    pub channels: u8,
    pub pixels: Vec<u8>,
    /// A CMYK JPEG that already fits its place (its shape, its resolution), to embed as it
    /// is rather than compressed again from `pixels` (which hold its decoded samples): an
    /// Adobe CMYK JPEG (APP14 transform 0), whose samples are stored inverted, as
    /// Photoshop writes them.
    pub jpeg: Option<std::sync::Arc<Vec<u8>>>,
}

/// Which way a book's leaves turn. A left-to-right book opens with its first page, a recto,
/// on the right: the spine is at a recto's left. A right-to-left book (Arabic, Hebrew,
/// Persian, Urdu) opens the other way: its rectos are left-hand pages, with the spine at
/// their right. Every side of a page that the binding decides (the gutter, the outer edge
/// where folios and bleed go) follows from [`Progression::outer_edge_right`], the one place
/// the two kinds of book differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Progression {
    #[default]
    LeftToRight,
    RightToLeft,
}

impl Progression {
    /// A book in the language `tag` (BCP 47) turns right to left when the language is
    /// written so (`doc::direction`).
    pub fn of_language(tag: &str) -> Progression {
        if crate::doc::direction::book_direction(tag) == crate::doc::Dir::Rtl {
            Progression::RightToLeft
        } else {
            Progression::LeftToRight
        }
    }

    /// Whether page `index` (0-based; even indices are rectos) has its outer edge, the
    /// fore-edge, at the right: a left-to-right book's rectos and a right-to-left book's
    /// versos. The gutter is at the other side.
    pub fn outer_edge_right(self, index: usize) -> bool {
        (index % 2 == 0) == (self == Progression::LeftToRight)
    }
}

/// The whole typeset book.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Trim size in points.
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub fonts: Vec<EmbeddedFont>,
    pub images: Vec<EmbeddedImage>,
    pub outline: Vec<OutlineEntry>,
    pub title: String,
    pub author: Option<String>,
    pub language: String,
    /// Which way the book's leaves turn (its language's direction): which side of each
    /// page is the spine's, and how a viewer shows the spreads.
    pub progression: Progression,
    pub subject: Option<String>,
    /// Seconds since the epoch for the document dates (SOURCE_DATE_EPOCH or the book's date).
    pub timestamp: i64,
    /// How the file is prepared for a printer (bleed, PDF/X).
    pub print: PrintSetup,
}

/// Print preparation of a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintSetup {
    /// Bleed in points beyond the trim (0: none). Page content is drawn in trim coordinates;
    /// the MediaBox grows by the bleed and a BleedBox and TrimBox say where to cut.
    pub bleed: f32,
    /// Bleed on all four edges (a cover). Otherwise only on the three outside edges of each
    /// page (head, foot, fore-edge), none at the spine, as printers of book blocks want.
    pub bleed_all_edges: bool,
    pub pdfx: Option<PdfX>,
    /// The book is printed on cream paper (white otherwise): the output intent says which.
    pub cream_paper: bool,
    /// For PDF/X: colour is printed in four-colour process, folio's CMYK condition, with at
    /// most this total ink in percent (colour images are separated, the output intent is
    /// that condition). None: black ink only (the grey intent; colour images turn grey in
    /// X-1a and stay tagged sRGB in X-4).
    pub cmyk_ink_limit: Option<u16>,
    /// For a PDF/X-1a file in four-colour process: the registered condition its output
    /// intent names instead of folio's own (`print.output-condition`).
    pub output_condition: Option<crate::manuscript::OutputCondition>,
}

/// PDF/X conformance levels folio writes: the book's setting, as the loader read it.
pub use crate::manuscript::PdfX;
