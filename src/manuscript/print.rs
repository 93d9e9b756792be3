//! The `print:` map of book.yaml as typed values, checked here, in the loader.
//!
//! Every value the PDF and cover editions take from `print:` is parsed once, into the types
//! below, and each mistake is reported at its own key's line and column with a hint naming
//! the values that work, whichever editions are asked for. The editions take the types and
//! parse nothing. A new trim preset is one line of [`TRIM_PRESETS`].

use super::values::parse_length;
use super::yaml::{self, describe, scalar_text, Mapping, Source, Value};
use crate::diag::{Diagnostic, Diagnostics};

const BOOK_YAML: &str = "manuscript/book.yaml";

pub const POINTS_PER_INCH: f32 = 72.0;
pub const POINTS_PER_MM: f32 = 72.0 / 25.4;

/// The most font expansion may widen or narrow a glyph, in percent: past 2% the eye sees
/// letters of one line set wider than the next (microtype's and pdfTeX's usual limit).
pub const MAX_EXPANSION_PERCENT: f32 = 2.0;

/// Bleed when `bleed: true`: 0.125 in, the printers' common minimum (3 mm is 8.5 pt).
pub const DEFAULT_BLEED: f32 = 9.0;
/// Paper thickness per page, in inches: white and cream book paper (KDP's figures).
pub const PAPER_WHITE: f32 = 0.002252;
pub const PAPER_CREAM: f32 = 0.0025;

/// Body type size and leading when book.yaml leaves them out: 11 on 14.
pub const DEFAULT_FONT_SIZE: f32 = 11.0;
pub const DEFAULT_LEADING: f32 = 14.0;

const PRINT_KEYS: &[&str] = &[
    "trim",
    "bleed",
    "profile",
    "paper",
    "pdfx",
    "font-size",
    "leading",
    "margins",
    "justify",
    "protrusion",
    "expansion",
    "figures",
    "hyphenation-exceptions",
    "fonts",
    "opening",
    "running-heads",
    "price",
    "output-condition",
    "scene-break",
    "lead-in",
    "drop-cap",
];

const MARGIN_KEYS: &[&str] = &["top", "bottom", "inner", "outer"];
const RUNNING_HEAD_KEYS: &[&str] = &["verso", "recto"];

/// The page size the book is cut to, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trim {
    pub width: f32,
    pub height: f32,
}

/// Named trim sizes, first the default.
pub const TRIM_PRESETS: &[(&str, Trim)] = &[
    ("6x9in", Trim::inches(6.0, 9.0)),
    ("5x8in", Trim::inches(5.0, 8.0)),
    ("5.25x8in", Trim::inches(5.25, 8.0)),
    ("5.5x8.5in", Trim::inches(5.5, 8.5)),
    ("a5", Trim::mm(148.0, 210.0)),
    ("b-format", Trim::mm(129.0, 198.0)),
    ("demy", Trim::mm(138.0, 216.0)),
    ("letter", Trim::inches(8.5, 11.0)),
];

impl Trim {
    const fn inches(w: f32, h: f32) -> Trim {
        Trim {
            width: w * POINTS_PER_INCH,
            height: h * POINTS_PER_INCH,
        }
    }

    const fn mm(w: f32, h: f32) -> Trim {
        Trim {
            width: w * POINTS_PER_MM,
            height: h * POINTS_PER_MM,
        }
    }

    /// A preset name (any case) or WIDTHxHEIGHT with a unit: "6x9in", "148x210mm",
    /// "14.8x21cm", "432x648pt"; each side 1 to about 28 in.
    pub fn parse(text: &str) -> Option<Trim> {
        let t = text.trim().to_ascii_lowercase().replace(' ', "");
        if let Some((_, trim)) = TRIM_PRESETS.iter().find(|p| p.0 == t) {
            return Some(*trim);
        }
        let unit_at = t.rfind(|c: char| c.is_ascii_digit() || c == '.')? + 1;
        let (dims, unit) = t.split_at(unit_at);
        let factor = match unit {
            "in" => POINTS_PER_INCH,
            "mm" => POINTS_PER_MM,
            "cm" => 10.0 * POINTS_PER_MM,
            "pt" => 1.0,
            _ => return None,
        };
        let (w, h) = dims.split_once('x')?;
        let (w, h): (f32, f32) = (w.parse().ok()?, h.parse().ok()?);
        let (w, h) = (w * factor, h * factor);
        ((72.0..=2000.0).contains(&w) && (72.0..=2000.0).contains(&h)).then_some(Trim {
            width: w,
            height: h,
        })
    }
}

impl Default for Trim {
    fn default() -> Trim {
        TRIM_PRESETS[0].1
    }
}

/// The printer whose rules the PDF must meet (`print.profile`, `--profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// No rules beyond a well-made PDF.
    #[default]
    Generic,
    Kdp,
    IngramSpark,
}

impl Profile {
    pub const ALL: [(&'static str, Profile); 3] = [
        ("kdp", Profile::Kdp),
        ("ingramspark", Profile::IngramSpark),
        ("generic", Profile::Generic),
    ];

    pub fn parse(text: &str) -> Option<Profile> {
        named(&Profile::ALL, text)
    }

    /// The printer's published rules, as data.
    pub fn rules(self) -> &'static ProfileRules {
        match self {
            Profile::Kdp => &KDP,
            Profile::IngramSpark => &INGRAMSPARK,
            Profile::Generic => &GENERIC,
        }
    }

    pub fn name(self) -> &'static str {
        Profile::ALL
            .iter()
            .find(|p| p.1 == self)
            .map_or("generic", |p| p.0)
    }
}

/// What a printer asks of a file, in one place: the minimum margins (from the trim, on the
/// outside edges), the gutter for the page count, the page counts it prints, its PDF/X, ink
/// and barcode rules. Lengths in points. `typeset::printer`, the page-fit check and the
/// cover read these; `folio check --profile` prints them with pass or fail.
#[derive(Debug, PartialEq)]
pub struct ProfileRules {
    /// The printer's name as a user knows it.
    pub printer: &'static str,
    /// Least distance of body text from the trim: without bleed, with bleed.
    pub body_margin: (f32, f32),
    /// Least distance of running heads and folios from the trim: without bleed, with bleed.
    pub furniture_margin: (f32, f32),
    /// Least inside margin by page count: (most pages, inches), ascending; empty: no rule.
    pub gutter: &'static [(usize, f32)],
    /// The page counts printed, fewest and most.
    pub pages: (usize, usize),
    /// An even page count ending on a blank page.
    pub even_ending_blank: bool,
    /// The PDF/X levels accepted; empty: any PDF.
    pub pdfx: &'static [PdfX],
    /// Total area coverage of the cover art, in percent; None: no limit published.
    pub ink_limit: Option<f32>,
    /// The cover must carry the ISBN's barcode (the printer does not add one).
    pub barcode_required: bool,
    /// Pages from which the spine may carry text; None: whenever the type fits.
    pub spine_text_pages: Option<usize>,
    /// Least distance of spine text from each fold.
    pub spine_margin: f32,
    /// Bookmarks and links are allowed in the interior.
    pub links: bool,
}

impl ProfileRules {
    /// The least margin for body text and for heads and folios, for a book with or
    /// without bleed.
    pub fn margins(&self, bleed: bool) -> (f32, f32) {
        if bleed {
            (self.body_margin.1, self.furniture_margin.1)
        } else {
            (self.body_margin.0, self.furniture_margin.0)
        }
    }

    /// The least inside margin for a book of `pages` pages, in points (0: no rule).
    pub fn min_gutter(&self, pages: usize) -> f32 {
        self.gutter
            .iter()
            .find(|(most, _)| pages <= *most)
            .or(self.gutter.last())
            .map_or(0.0, |(_, inches)| *inches * POINTS_PER_INCH)
    }
}

/// KDP's minimum inside margin by page count, in inches (KDP's paperback guide).
const KDP_GUTTER: &[(usize, f32)] = &[
    (150, 0.375),
    (300, 0.5),
    (500, 0.625),
    (700, 0.75),
    (usize::MAX, 0.875),
];

/// KDP paperback: 0.25 in outside margins, 0.375 in with bleed; 24 to 828 pages; KDP adds
/// the barcode itself; spine text from 79 pages, 0.0625 in from each fold; no annotations in
/// the interior.
const KDP: ProfileRules = ProfileRules {
    printer: "KDP",
    body_margin: (0.25 * POINTS_PER_INCH, 0.375 * POINTS_PER_INCH),
    furniture_margin: (0.25 * POINTS_PER_INCH, 0.375 * POINTS_PER_INCH),
    gutter: KDP_GUTTER,
    pages: (24, 828),
    even_ending_blank: false,
    pdfx: &[],
    ink_limit: None,
    barcode_required: false,
    spine_text_pages: Some(79),
    spine_margin: 0.0625 * POINTS_PER_INCH,
    links: false,
};

/// IngramSpark: 0.5 in for every margin, with or without bleed; PDF/X-1a or X-4; an even
/// count ending blank; 240% total ink on the cover; the cover carries its own barcode; spine
/// text from 48 pages (Lightning Source's rule; Lulu's, for comparison, is 80 pages), kept
/// 0.0625 in from each fold.
const INGRAMSPARK: ProfileRules = ProfileRules {
    printer: "IngramSpark",
    body_margin: (0.5 * POINTS_PER_INCH, 0.5 * POINTS_PER_INCH),
    furniture_margin: (0.5 * POINTS_PER_INCH, 0.5 * POINTS_PER_INCH),
    gutter: KDP_GUTTER,
    pages: (18, 1200),
    even_ending_blank: true,
    pdfx: &[PdfX::X1a2001, PdfX::X1a, PdfX::X4],
    ink_limit: Some(240.0),
    barcode_required: true,
    spine_text_pages: Some(48),
    spine_margin: 0.0625 * POINTS_PER_INCH,
    links: true,
};

/// No printer: only what a well-made PDF needs (ink on the page).
const GENERIC: ProfileRules = ProfileRules {
    printer: "no printer",
    body_margin: (0.0, 0.0),
    furniture_margin: (0.0, 0.0),
    gutter: &[],
    pages: (1, usize::MAX),
    even_ending_blank: false,
    pdfx: &[],
    ink_limit: None,
    barcode_required: false,
    spine_text_pages: None,
    spine_margin: 0.0625 * POINTS_PER_INCH,
    links: true,
};

/// The strictest head-and-folio margin of every profile: the default margins keep the
/// running heads and folios this far from the trim, so any profile accepts them.
pub const SAFE_FURNITURE: f32 = 0.5 * POINTS_PER_INCH;

/// Where the furniture sits: the running head's baseline this many leadings above the text
/// block's top, at this share of the body size; a foot folio's this far below the block.
pub const HEAD_RAISE_LEADINGS: f32 = 1.6;
/// A head may come down this close to the text when the top margin is tight for the
/// profile's safe zone; closer would crowd the first line.
pub const MIN_HEAD_RAISE_LEADINGS: f32 = 1.1;
pub const FOOT_DROP_LEADINGS: f32 = 1.5;
pub const FURNITURE_SCALE: f32 = 0.9;
/// Ink of a line above and below its baseline, in ems (a generous ascender and descender).
pub const INK_ASCENT: f32 = 0.8;
pub const INK_DESCENT: f32 = 0.3;

/// A printing condition of the ICC's registry of characterisations (`print.output-condition`,
/// a proposed key), named in a PDF/X-1a cover's output intent by its registered identifier
/// instead of folio's own CMYK condition. PDF/X-1a (ISO 15930-1 and -4, like X-3) lets a
/// file name a registered condition without embedding its profile, which is as well: none of
/// these characterisations' profiles may be given away with folio. PDF/X-4 (ISO 15930-7)
/// asks for the profile embedded, so an X-4 file keeps folio's own condition and profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputCondition {
    /// Coated offset, ISO 12647-2:2004/Amd 1 (FOGRA39).
    Fogra39,
    /// Premium coated offset, ISO 12647-2:2013 PC1 (FOGRA51).
    Fogra51,
    /// GRACoL 2006 coated #1 (CGATS TR 006).
    Gracol2006,
    /// CGATS 21-2, reference printing condition 6: GRACoL coated (CRPC6).
    Cgats21Crpc6,
    /// SWOP coated #3, publication web offset (CGATS TR 001).
    Swop,
}

impl OutputCondition {
    pub const ALL: [(&'static str, OutputCondition); 5] = [
        ("fogra39", OutputCondition::Fogra39),
        ("fogra51", OutputCondition::Fogra51),
        ("gracol2006", OutputCondition::Gracol2006),
        ("cgats21-2", OutputCondition::Cgats21Crpc6),
        ("swop", OutputCondition::Swop),
    ];

    /// The identifier the ICC registry (http://www.color.org) gives the characterisation:
    /// the intent's `OutputConditionIdentifier`.
    pub fn identifier(self) -> &'static str {
        match self {
            OutputCondition::Fogra39 => "FOGRA39",
            OutputCondition::Fogra51 => "FOGRA51",
            OutputCondition::Gracol2006 => "CGATS TR 006",
            OutputCondition::Cgats21Crpc6 => "CGATS21_CRPC6",
            OutputCondition::Swop => "CGATS TR 001",
        }
    }

    /// The condition in words: the intent's `OutputCondition` and `Info`.
    pub fn description(self) -> &'static str {
        match self {
            OutputCondition::Fogra39 => {
                "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (gloss or matte coated), 60/cm (FOGRA39)"
            }
            OutputCondition::Fogra51 => {
                "Offset printing, ISO 12647-2:2013, PC1 premium coated paper (FOGRA51)"
            }
            OutputCondition::Gracol2006 => {
                "GRACoL 2006 Coated #1, sheet-fed offset on grade 1 coated paper (CGATS TR 006)"
            }
            OutputCondition::Cgats21Crpc6 => {
                "CGATS 21-2 reference printing condition 6, GRACoL coated (CGATS21_CRPC6)"
            }
            OutputCondition::Swop => {
                "SWOP Coated #3, publication web offset on grade 3 coated paper (CGATS TR 001)"
            }
        }
    }
}

/// PDF/X conformance levels folio writes (`print.pdfx`, `--print`).
///
/// `x1a` alone, as folio has always read it, is PDF/X-1a:2003; `x1a-2003` says the same
/// explicitly and `x1a-2001` is the older part, which some printers' preflights (set to
/// X-1a:2001) still insist on: it differs in its PDF header (1.3), its version key and its
/// conformance key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfX {
    /// PDF/X-4 (ISO 15930-7): PDF 1.6, transparency allowed, an output intent.
    X4,
    /// PDF/X-1a:2003 (ISO 15930-4): PDF 1.4, grey or CMYK only, no transparency.
    X1a,
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, grey or CMYK only, no transparency.
    X1a2001,
}

impl PdfX {
    pub const ALL: [(&'static str, PdfX); 4] = [
        ("x4", PdfX::X4),
        ("x1a", PdfX::X1a),
        ("x1a-2003", PdfX::X1a),
        ("x1a-2001", PdfX::X1a2001),
    ];

    pub fn parse(text: &str) -> Option<PdfX> {
        named(&PdfX::ALL, text)
    }

    /// Either part of PDF/X-1a: grey and CMYK only.
    pub fn is_x1a(self) -> bool {
        matches!(self, PdfX::X1a | PdfX::X1a2001)
    }

    /// The PDF header version the level is built on.
    pub fn pdf_version(self) -> &'static str {
        match self {
            PdfX::X4 => "1.6",
            PdfX::X1a => "1.4",
            PdfX::X1a2001 => "1.3",
        }
    }

    /// The value of `GTS_PDFXVersion` (Info and XMP): ISO 15930-1 names the part, PDF/X-1,
    /// and leaves the conformance level to `GTS_PDFXConformance`; the later parts name both.
    pub fn version_name(self) -> &'static str {
        match self {
            PdfX::X4 => "PDF/X-4",
            PdfX::X1a => "PDF/X-1a:2003",
            PdfX::X1a2001 => "PDF/X-1:2001",
        }
    }

    /// The value of `GTS_PDFXConformance`: required by PDF/X-1:2001 (ISO 15930-1, 6.2.3)
    /// to tell X-1a from X-1; the 2003 part and X-4 have no such key.
    pub fn conformance(self) -> Option<&'static str> {
        match self {
            PdfX::X1a2001 => Some("PDF/X-1a:2001"),
            PdfX::X1a | PdfX::X4 => None,
        }
    }

    /// The level's name as a user knows it.
    pub fn display(self) -> &'static str {
        match self {
            PdfX::X4 => "PDF/X-4",
            PdfX::X1a => "PDF/X-1a:2003",
            PdfX::X1a2001 => "PDF/X-1a:2001",
        }
    }
}

/// Where a piece opens (`print.opening`): on a right-hand page, a blank verso before it if
/// need be, or on the next page whichever side it is. Parts open on a recto either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opening {
    #[default]
    Recto,
    Any,
}

impl Opening {
    pub const ALL: [(&'static str, Opening); 2] =
        [("recto", Opening::Recto), ("any", Opening::Any)];
}

/// What a running head shows (`print.running-heads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The book's title.
    Book,
    /// The piece's authors, joined (the book's title when the piece has none).
    Author,
    /// The part's title (the book's when the piece is in no part).
    Part,
    /// The piece's title (its `short-title` when the title is too long).
    Title,
}

/// The running heads on versos and rectos. `None` for either: folio's default, which is
/// the piece's author on the verso and its title on the recto when the book's pieces have
/// their own authors, else the book's title and the piece's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunningHeads {
    pub verso: Option<Head>,
    pub recto: Option<Head>,
}

impl RunningHeads {
    const VERSO: [(&'static str, Head); 3] = [
        ("book", Head::Book),
        ("author", Head::Author),
        ("part", Head::Part),
    ];
    const RECTO: [(&'static str, Head); 2] = [("title", Head::Title), ("author", Head::Author)];
}

/// The style of the text's figures (`print.figures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Figures {
    /// Old-style figures, which sit with lower-case text as book typography expects.
    #[default]
    OldStyle,
    Lining,
}

impl Figures {
    pub const ALL: [(&'static str, Figures); 2] =
        [("oldstyle", Figures::OldStyle), ("lining", Figures::Lining)];
}

/// What a scene break (a Markdown thematic break, `***`) prints as (`print.scene-break`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SceneBreak {
    /// A line of white. At a page's top or foot, where white space cannot be seen, it is
    /// shown as the asterism, as book designers do.
    Blank,
    /// The asterism ⁂, or three spaced asterisks in a face without it.
    #[default]
    Asterism,
    /// A fleuron, ❦ (or the asterism in a face without one).
    Ornament,
    /// The user's own text, centred on the line.
    Text(String),
}

impl SceneBreak {
    /// The fleuron `ornament` asks for: the floral heart, the mark both editions show.
    pub const FLEURON: char = '\u{2766}';
}

/// Longest `scene-break` text, in characters: an ornament, not a line of prose.
pub const MAX_SCENE_BREAK_CHARS: usize = 24;

/// The first words of a piece's first paragraph (`print.lead-in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadIn {
    #[default]
    None,
    /// Set in small capitals (the face's `smcp`).
    SmallCaps,
}

impl LeadIn {
    pub const ALL: [(&'static str, LeadIn); 2] =
        [("small-caps", LeadIn::SmallCaps), ("none", LeadIn::None)];
}

/// The first letter of a piece's first paragraph set large, sunk into its first lines
/// (`print.drop-cap`): how many lines it spans. Two or three: a taller initial crowds a
/// book page's opening and leaves the lines beside it too short to justify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DropCap {
    #[default]
    None,
    Lines2,
    Lines3,
}

impl DropCap {
    pub const ALL: [(&'static str, DropCap); 3] = [
        ("2", DropCap::Lines2),
        ("3", DropCap::Lines3),
        ("none", DropCap::None),
    ];

    /// The lines the letter spans; None: no drop cap.
    pub fn lines(self) -> Option<usize> {
        match self {
            DropCap::None => None,
            DropCap::Lines2 => Some(2),
            DropCap::Lines3 => Some(3),
        }
    }
}

fn named<T: Copy>(all: &[(&str, T)], text: &str) -> Option<T> {
    let t = text.trim();
    all.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(t))
        .map(|(_, v)| *v)
}

/// A word with the points where it may break (`ty-po-graph-ic`); written without hyphens,
/// a word that is never broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HyphenationException {
    /// The word in lower case, without its hyphens.
    pub word: String,
    /// The allowed breaks, in chars from the word's start, ascending.
    pub points: Vec<usize>,
}

impl HyphenationException {
    /// The word as written in book.yaml, or why it cannot be one.
    pub fn parse(marked: &str) -> Result<HyphenationException, String> {
        let mut word = String::new();
        let mut points = Vec::new();
        let mut chars = 0;
        for c in marked.trim().chars() {
            if c == '-' {
                if chars == 0 || points.last() == Some(&chars) {
                    return Err("has a hyphen at its start or two in a row".into());
                }
                points.push(chars);
            } else if c.is_alphabetic() || c == '\'' || c == '’' {
                word.extend(c.to_lowercase());
                chars += 1;
            } else {
                return Err(format!("contains `{c}`"));
            }
        }
        if word.is_empty() {
            return Err("is empty".into());
        }
        if points.last() == Some(&chars) {
            return Err("ends with a hyphen".into());
        }
        Ok(HyphenationException { word, points })
    }
}

/// Margins in points; each may be left to the default, which scales with the trim.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Margins {
    pub top: Option<f32>,
    pub bottom: Option<f32>,
    /// The gutter.
    pub inner: Option<f32>,
    pub outer: Option<f32>,
}

/// The `print:` map: settings of the PDF and cover editions.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    pub trim: Trim,
    /// Body type size in points; [`Self::font_size`] supplies the default.
    pub font_size: Option<f32>,
    /// Baseline-to-baseline distance in points; [`Self::leading`] supplies the default.
    pub leading: Option<f32>,
    pub margins: Margins,
    /// false: ragged right.
    pub justify: bool,
    /// Margin kerning (`protrusion:`, on unless `false`): light punctuation at a justified
    /// line's ends hangs into the margins so that the edge looks straight.
    pub protrusion: bool,
    /// Font expansion (`expansion:`, a proposed key: `none`, the default, or a percentage up
    /// to [`MAX_EXPANSION_PERCENT`], `2%`): the most a justified line's glyphs may be set
    /// wider or narrower, as a fraction (0.02), where that saves a hyphen or a loose line.
    /// 0: none.
    pub expansion: f32,
    pub figures: Figures,
    pub hyphenation_exceptions: Vec<HyphenationException>,
    /// `fonts:`, the families of fonts/ in the order they are tried for a character (the
    /// first is the body's); empty: folio picks (typeset::fonts::choose).
    pub fonts: Vec<String>,
    /// Bleed in points on the outside edges, when the book prints to the edge.
    pub bleed: Option<f32>,
    pub profile: Profile,
    /// Paper thickness in inches per page (for the cover's spine).
    pub paper: Option<f32>,
    pub pdfx: Option<PdfX>,
    /// `opening`: where a piece opens.
    pub opening: Opening,
    /// `running-heads`: what the heads of versos and rectos show.
    pub running_heads: RunningHeads,
    /// `price:` the EAN-5 add-on printed beside the ISBN's barcode: a currency digit and four
    /// of price (`51299`: US$12.99; `90000`: no suggested price). A proposed key.
    pub price: Option<String>,
    /// `output-condition`: the registered printing condition a PDF/X-1a cover's output
    /// intent names; None: folio's own CMYK condition, its profile embedded.
    pub output_condition: Option<OutputCondition>,
    /// `scene-break`: what a thematic break prints as.
    pub scene_break: SceneBreak,
    /// `lead-in`: how the first words of a piece's first paragraph are set.
    pub lead_in: LeadIn,
    /// `drop-cap`: the first letter of a piece's first paragraph sunk into its lines.
    pub drop_cap: DropCap,
    /// Where book.yaml writes each of these settings, for what is found wrong after loading.
    pub places: Places,
}

/// Where book.yaml writes each `print:` key (`trim`, `margins.inner`): the problems found
/// once the command line's settings are applied (a printer profile's rules) and once the
/// book is typeset (a gutter too narrow for its page count) are shown at their key too.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places(Vec<(String, usize, usize, String)>);

impl Places {
    /// `d` at the line of `key` under `print:`, or in book.yaml when it is not written there.
    pub fn at(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.0.iter().find(|p| p.0 == key) {
            Some((_, line, column, text)) => {
                let mut d = d.at(std::path::Path::new(BOOK_YAML), None, *line, *column);
                d.source_line = Some(text.clone());
                d
            }
            None => d.in_file(std::path::Path::new(BOOK_YAML)),
        }
    }

    /// Whether book.yaml writes `key`.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|p| p.0 == key)
    }

    /// The setting no longer comes from book.yaml (the command line gave it).
    pub fn forget(&mut self, key: &str) {
        self.0.retain(|p| p.0 != key);
    }
}

impl Default for PrintSettings {
    fn default() -> PrintSettings {
        PrintSettings {
            trim: Trim::default(),
            font_size: None,
            leading: None,
            margins: Margins::default(),
            justify: true,
            protrusion: true,
            expansion: 0.0,
            figures: Figures::default(),
            hyphenation_exceptions: Vec::new(),
            fonts: Vec::new(),
            bleed: None,
            profile: Profile::default(),
            paper: None,
            pdfx: None,
            opening: Opening::default(),
            running_heads: RunningHeads::default(),
            price: None,
            output_condition: None,
            scene_break: SceneBreak::default(),
            lead_in: LeadIn::default(),
            drop_cap: DropCap::default(),
            places: Places::default(),
        }
    }
}

impl PrintSettings {
    pub fn font_size(&self) -> f32 {
        self.font_size.unwrap_or(DEFAULT_FONT_SIZE)
    }

    /// Whether the paper is cream (`paper: cream`); white otherwise, and for a thickness.
    pub fn cream_paper(&self) -> bool {
        self.paper == Some(PAPER_CREAM)
    }

    /// The leading asked for, else 14 on 11 scaled to the type size.
    pub fn leading(&self) -> f32 {
        self.leading
            .unwrap_or(DEFAULT_LEADING * self.font_size() / DEFAULT_FONT_SIZE)
    }

    /// Top, bottom, inner and outer margins, the defaults filled in. They scale with the
    /// page: 6x9 in gives 0.75 in head and 0.875 in gutter, the inner wider than the outer so
    /// the text block sits centred on the open spread, and the foot deeper than the head.
    pub fn margins(&self) -> [f32; 4] {
        let short_side = self.trim.width.min(self.trim.height);
        let m = &self.margins;
        // Room for the head (or the foot's folio) and its ink clear of every profile's
        // safe zone, at any trim.
        let (leading, furniture) = (self.leading(), self.font_size() * FURNITURE_SCALE);
        let head = SAFE_FURNITURE + HEAD_RAISE_LEADINGS * leading + INK_ASCENT * furniture;
        let foot = SAFE_FURNITURE + FOOT_DROP_LEADINGS * leading + INK_DESCENT * furniture;
        [
            m.top.unwrap_or((short_side * 0.125).max(head)),
            m.bottom.unwrap_or((short_side * 0.16).max(foot)),
            m.inner.unwrap_or(short_side * 0.146),
            m.outer.unwrap_or((short_side * 0.125).max(SAFE_FURNITURE)),
        ]
    }

    /// What the printer profile asks of the settings themselves that they do not give. The
    /// rules that depend on the typeset book (the gutter for its page count, the margins it
    /// ends with) are the typesetter's (`typeset::printer`).
    pub fn profile_problems(&self) -> Diagnostics {
        let mut d = Diagnostics::default();
        if self.profile == Profile::IngramSpark && self.pdfx.is_none() {
            let written = self.places.has("profile");
            let given = if written {
                "`profile: ingramspark`"
            } else {
                "`--profile ingramspark`"
            };
            let e = Diagnostic::error(format!(
                "IngramSpark takes PDF/X-1a or PDF/X-4 files only, and {given} has no `pdfx`"
            ))
            .hint("add `pdfx: x4` (or `x1a`) under `print:` in book.yaml, or build with `--print pdfx4`");
            // A profile the command line gave has no place in book.yaml.
            d.push(if written {
                self.places.at("profile", e)
            } else {
                e
            });
        }
        if self.output_condition.is_some() && !matches!(self.pdfx, Some(PdfX::X1a | PdfX::X1a2001))
        {
            d.push(self.places.at(
                "output-condition",
                Diagnostic::warning(
                    "`output-condition` is named only in a PDF/X-1a cover: PDF/X-4 must embed the condition's ICC profile, which folio may not give away, so an X-4 cover names folio's own CMYK condition (and a file that is not PDF/X names none)",
                )
                .hint("write `pdfx: x1a` for the registered condition, or leave `output-condition` out"),
            ));
        }
        d
    }

    /// Why the page has no room for text (a measure under ten ems, a block under five
    /// lines), if it has none.
    pub fn text_block_problem(&self) -> Option<String> {
        let [top, bottom, inner, outer] = self.margins();
        let Trim { width, height } = self.trim;
        (width - inner - outer < 10.0 * self.font_size()
            || height - top - bottom < 5.0 * self.leading())
        .then(|| {
            format!(
                "the margins leave no room for text on a {:.0} × {:.0} pt page",
                width, height
            )
        })
    }
}

/// Read the `print:` value of book.yaml; every problem goes to `diags`, at its key.
pub(super) fn parse(src: &Source, value: Option<&Value>, diags: &mut Diagnostics) -> PrintSettings {
    let mut print = PrintSettings::default();
    let m = match value {
        None | Some(Value::Null) => return print,
        Some(Value::Mapping(m)) => m,
        Some(other) => {
            let d = Diagnostic::error(format!(
                "`print` must be a map of print settings, found {}",
                describe(other)
            ))
            .hint("write `print:` then indented lines such as `trim: 6x9in`");
            diags.push(src.at_path(d, &["print"]));
            return print;
        }
    };
    let mut r = Keys {
        src,
        map: m,
        path: vec!["print"],
        diags,
    };
    r.unknown(PRINT_KEYS);
    r.record(&mut print.places);
    if let Some(text) = r.text("trim") {
        match Trim::parse(&text) {
            Some(trim) => print.trim = trim,
            None => {
                let names: Vec<&str> = TRIM_PRESETS.iter().map(|p| p.0).collect();
                r.error(
                    "trim",
                    format!("unknown trim size `{text}`"),
                    format!(
                        "use one of {} or WIDTHxHEIGHT with a unit (`6x9in`, `148x210mm`), each side 1 to 27 in",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    print.font_size = r.points("font-size", 6.0, 36.0);
    print.leading = r.points("leading", 6.0, 60.0);
    match m.get("justify") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => print.justify = *b,
        Some(other) => r.error(
            "justify",
            format!("`justify` must be true or false, found {}", describe(other)),
            "write `justify: true` (both edges straight) or `justify: false` (ragged right)".into(),
        ),
    }
    match m.get("protrusion") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => print.protrusion = *b,
        Some(other) => r.error(
            "protrusion",
            format!("`protrusion` must be true or false, found {}", describe(other)),
            "write `protrusion: false` to end every justified line exactly on the measure (margin kerning is on by default)".into(),
        ),
    }
    if let Some(e) = r.expansion("expansion") {
        print.expansion = e;
    }
    if let Some(f) = r.choice("figures", "a figure style", &Figures::ALL) {
        print.figures = f;
    }
    print.hyphenation_exceptions = r.exceptions("hyphenation-exceptions");
    let (fonts, wrong) = yaml::text_list(m.get("fonts"));
    print.fonts = fonts;
    if let Some((v, _)) = wrong.first() {
        r.error(
            "fonts",
            format!("`fonts` must list family names, found {}", describe(v)),
            "write `fonts: [Noto Serif, Noto Naskh Arabic]`, the families' own names".into(),
        );
    }
    print.bleed = match m.get("bleed") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(DEFAULT_BLEED),
        Some(_) => r.points("bleed", 0.0, 36.0),
    };
    if let Some(p) = r.choice("profile", "a printer profile", &Profile::ALL) {
        print.profile = p;
    }
    print.paper = match r.text("paper").as_deref() {
        None => None,
        Some("white") => Some(PAPER_WHITE),
        Some("cream") => Some(PAPER_CREAM),
        Some(other) => match other.trim_end_matches("in").trim().parse::<f32>() {
            Ok(v) if v > 0.0 && v < 0.05 => Some(v),
            _ => {
                r.error(
                    "paper",
                    format!("`paper: {other}` is not a paper"),
                    "use `paper: white`, `paper: cream` or a thickness per page in inches, e.g. `paper: 0.0023`".into(),
                );
                None
            }
        },
    };
    print.pdfx = r.choice("pdfx", "a PDF/X level folio writes", &PdfX::ALL);
    print.output_condition = r.choice(
        "output-condition",
        "a registered printing condition",
        &OutputCondition::ALL,
    );
    if let Some(price) = r.text("price") {
        let price = price.trim_matches('"').to_owned();
        if price.len() == 5 && price.bytes().all(|b| b.is_ascii_digit()) {
            print.price = Some(price);
        } else {
            r.error(
                "price",
                format!("`price: {price}` is not an EAN-5 price"),
                "write five digits: the currency (5 US dollars, 6 Canadian, 4 New Zealand, 3 Australian, 0 or 1 pounds) then the price, e.g. `price: \"51299\"` for $12.99, or `\"90000\"` for none".into(),
            );
        }
    }
    if let Some(text) = r.text("scene-break") {
        let chars = text.chars().count();
        match text.as_str() {
            "blank" => print.scene_break = SceneBreak::Blank,
            "asterism" => print.scene_break = SceneBreak::Asterism,
            "ornament" => print.scene_break = SceneBreak::Ornament,
            _ if chars > MAX_SCENE_BREAK_CHARS || text.contains(['\n', '\r']) => r.error(
                "scene-break",
                format!("`scene-break` text is {chars} characters long; a scene break is an ornament of at most {MAX_SCENE_BREAK_CHARS}"),
                "use `scene-break: blank`, `asterism`, `ornament` or a short text such as `scene-break: \"~\"`".into(),
            ),
            _ => print.scene_break = SceneBreak::Text(text),
        }
    }
    if let Some(l) = r.choice("lead-in", "a lead-in style", &LeadIn::ALL) {
        print.lead_in = l;
    }
    if let Some(d) = r.choice("drop-cap", "a drop cap's height in lines", &DropCap::ALL) {
        print.drop_cap = d;
    }
    match m.get("margins") {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(mm)) => {
            let mut inner = Keys {
                src: r.src,
                map: mm,
                path: vec!["print", "margins"],
                diags: r.diags,
            };
            inner.unknown(MARGIN_KEYS);
            inner.record(&mut print.places);
            print.margins = Margins {
                top: inner.points("top", 0.0, 300.0),
                bottom: inner.points("bottom", 0.0, 300.0),
                inner: inner.points("inner", 0.0, 300.0),
                outer: inner.points("outer", 0.0, 300.0),
            };
        }
        Some(other) => r.error(
            "margins",
            format!(
                "`margins` must be a map (top, bottom, inner, outer), found {}",
                describe(other)
            ),
            "write `margins:` then indented lines such as `inner: 0.875in`".into(),
        ),
    }
    if let Some(o) = r.choice("opening", "where a piece opens", &Opening::ALL) {
        print.opening = o;
    }
    match m.get("running-heads") {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(mm)) => {
            let mut inner = Keys {
                src: r.src,
                map: mm,
                path: vec!["print", "running-heads"],
                diags: r.diags,
            };
            inner.unknown(RUNNING_HEAD_KEYS);
            inner.record(&mut print.places);
            print.running_heads = RunningHeads {
                verso: inner.choice("verso", "a verso's running head", &RunningHeads::VERSO),
                recto: inner.choice("recto", "a recto's running head", &RunningHeads::RECTO),
            };
        }
        Some(other) => r.error(
            "running-heads",
            format!(
                "`running-heads` must be a map (verso, recto), found {}",
                describe(other)
            ),
            "write `running-heads: {verso: author, recto: title}`".into(),
        ),
    }
    if let Some(problem) = print.text_block_problem() {
        // At the setting that shrank the text block: the margins, else the type, else the trim.
        let key = ["margins", "font-size", "leading"]
            .into_iter()
            .find(|k| m.contains_key(k))
            .unwrap_or("trim");
        r.error(
            key,
            problem,
            "use narrower margins, a smaller `font-size` or a larger `trim`".into(),
        );
    }
    print
}

/// The keys of one map of `print:`, with the path that leads to it, for positions.
struct Keys<'a, 'b> {
    src: &'a Source<'a>,
    map: &'a Mapping,
    path: Vec<&'static str>,
    diags: &'b mut Diagnostics,
}

impl Keys<'_, '_> {
    /// Keep where each key of this map is written, named by its path under `print:`.
    fn record(&self, places: &mut Places) {
        let lines: Vec<&str> = self.src.file_text.lines().collect();
        for key in self.map.keys() {
            let mut path = self.path.clone();
            path.push(key);
            if let Some((line, column)) = self.src.path_position(&path) {
                let line = line + self.src.line_offset;
                let text = lines.get(line - 1).copied().unwrap_or("").to_owned();
                places.0.push((path[1..].join("."), line, column, text));
            }
        }
    }

    fn error(&mut self, key: &str, message: String, hint: String) {
        let mut path = self.path.clone();
        path.push(key);
        let d = Diagnostic::error(message).hint(hint);
        self.diags.push(self.src.at_path(d, &path));
    }

    fn unknown(&mut self, known: &[&str]) {
        for key in yaml::keys(self.map) {
            if !known.contains(&key.as_str()) {
                let hint = match super::suggest(&key, known) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("known keys are: {}", known.join(", ")),
                };
                self.error(&key, format!("unknown key `{key}`"), hint);
            }
        }
    }

    /// A scalar as trimmed text; None when absent or empty.
    fn text(&mut self, key: &str) -> Option<String> {
        let v = self.map.get(key)?;
        match scalar_text(v) {
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.trim().to_owned()),
            None if matches!(v, Value::Null) => None,
            None => {
                let found = describe(v);
                self.error(
                    key,
                    format!("`{key}` must be text, found {found}"),
                    format!("write it as `{key}: ...` on one line"),
                );
                None
            }
        }
    }

    /// One of the names in `all`.
    /// `expansion:` as a fraction: `none`, `false` or `0` give 0; `N%` (or a bare N, read as
    /// a percentage) with N from 0 to [`MAX_EXPANSION_PERCENT`].
    fn expansion(&mut self, key: &str) -> Option<f32> {
        let text = self.text(key)?;
        if matches!(text.as_str(), "none" | "false") {
            return Some(0.0);
        }
        let number = text.strip_suffix('%').unwrap_or(&text).trim();
        match number.parse::<f32>() {
            Ok(n) if (0.0..=MAX_EXPANSION_PERCENT).contains(&n) => Some(n / 100.0),
            _ => {
                self.error(
                    key,
                    format!("`{key}: {text}` is not a font expansion"),
                    format!(
                        "write `{key}: none` (the default) or a percentage up to {MAX_EXPANSION_PERCENT}%, such as `{key}: 2%`: the most a justified line's letters may widen or narrow"
                    ),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(&mut self, key: &str, what: &str, all: &[(&str, T)]) -> Option<T> {
        let text = self.text(key)?;
        let found = named(all, &text);
        if found.is_none() {
            let names: Vec<String> = all.iter().map(|(n, _)| format!("`{key}: {n}`")).collect();
            let hint = match names.as_slice() {
                [one, two] => format!("use {one} or {two}"),
                [rest @ .., last] => format!("use {} or {last}", rest.join(", ")),
                [] => String::new(),
            };
            self.error(key, format!("`{key}: {text}` is not {what}"), hint);
        }
        found
    }

    /// A length: a number of points, or a number with a unit (pt, in, mm, cm).
    fn points(&mut self, key: &str, min: f32, max: f32) -> Option<f32> {
        let text = self.text(key)?;
        match parse_length(&text) {
            Some(pt) if (min..=max).contains(&pt) => Some(pt),
            Some(pt) => {
                self.error(
                    key,
                    format!(
                        "`{key}: {text}` is out of range ({pt:.1} pt; expected {min}–{max} pt)"
                    ),
                    "lengths are points unless a unit is given: `11`, `0.75in`, `18mm`".into(),
                );
                None
            }
            None => {
                self.error(
                    key,
                    format!("`{key}: {text}` is not a length"),
                    "write a number of points or a number with a unit: `11`, `0.75in`, `18mm`"
                        .into(),
                );
                None
            }
        }
    }

    /// A word or a list of words marked for hyphenation, each checked, each mistake at its
    /// item.
    fn exceptions(&mut self, key: &str) -> Vec<HyphenationException> {
        let items: Vec<&Value> = match self.map.get(key) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Sequence(items)) => items.iter().collect(),
            Some(v) => vec![v],
        };
        let texts: Vec<String> = items
            .iter()
            .map(|v| scalar_text(v).unwrap_or_default())
            .collect();
        let mut path = self.path.clone();
        path.push(key);
        let places = yaml::item_positions(self.src.yaml, &path, &texts);
        let mut out = Vec::new();
        for ((item, text), (line, column)) in items.iter().zip(&texts).zip(places) {
            let problem = match scalar_text(item) {
                None => Err(format!("must be a word, found {}", describe(item))),
                Some(_) if text.trim().is_empty() => continue,
                Some(_) => HyphenationException::parse(text)
                    .map_err(|why| format!("`{}` {why}", text.trim())),
            };
            match problem {
                Ok(e) => out.push(e),
                Err(why) => {
                    let d = Diagnostic::error(format!("hyphenation exception {why}")).hint(
                        "write each exception as a word with hyphens where it may break, like `ty-po-graph-ic`; only letters, apostrophes and hyphens",
                    );
                    self.diags.push(self.src.at(d, line, column));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_parse_presets_and_custom_sizes() {
        assert_eq!(Trim::parse("6x9in"), Some(Trim::inches(6.0, 9.0)));
        let a5 = Trim::parse("A5").unwrap();
        assert!((a5.width - 419.53).abs() < 0.1 && (a5.height - 595.28).abs() < 0.1);
        assert_eq!(Trim::parse("200x300pt").map(|t| t.width), Some(200.0));
        assert_eq!(Trim::parse("6x9furlongs"), None);
        assert_eq!(Trim::parse("0.5x9in"), None, "too small to hold text");
    }

    #[test]
    fn exceptions_keep_their_points_and_refuse_what_is_not_a_word() {
        let e = HyphenationException::parse("Ty-po-graph-ic").unwrap();
        assert_eq!(
            (e.word.as_str(), e.points.as_slice()),
            ("typographic", &[2, 4, 9][..])
        );
        assert!(HyphenationException::parse("manuscript")
            .unwrap()
            .points
            .is_empty());
        for bad in ["-bad", "ba--d", "b4d", "bad-", "-"] {
            assert!(HyphenationException::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_page_has_room_and_a_tiny_one_does_not() {
        assert_eq!(PrintSettings::default().text_block_problem(), None);
        let tiny = PrintSettings {
            trim: Trim::parse("1.2x1.2in").unwrap(),
            ..PrintSettings::default()
        };
        assert!(tiny.text_block_problem().is_some());
    }
}
