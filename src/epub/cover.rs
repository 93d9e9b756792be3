//! The cover: the book's own image, or a typographic one made from its title.
//!
//! Method: a cover given in book.yaml (or found in `covers/`), read by the loader and known
//! by its header to be a JPEG or PNG, goes in as it is, or scaled down past
//! [`assets::MAX_SIDE`]; without one, an SVG is
//! drawn from the title, subtitle, authors and publisher: plain centred type on a light ground
//! with a rule, so a shelf of folio books still looks deliberate, and rendered to a PNG by
//! [`super::raster`] (no SVG cover goes in the package: Kindle does not take one). Either way
//! the image is the manifest's `cover-image`, and a one-image XHTML page (the `cover`
//! landmark) shows it.
//!
//! The SVG wraps the title by a character count rather than by measured glyphs, with an
//! average width generous for EB Garamond, the face it is rendered in. The type size shrinks
//! for long words so the longest line always fits the width.

use crate::epub::assets::{self, Resource};
use crate::epub::xhtml::{attr, document, text};
use crate::manuscript::Book;

/// The drawn cover's size: 1600 x 2560, the 1:1.6 shape the large stores ask for.
const WIDTH: u32 = 1600;
const HEIGHT: u32 = 2560;
/// Room for the title: the width less the margins.
const MEASURE: f64 = 1240.0;
/// An average serif glyph is about half an em wide; used to size and wrap by character count.
const EM_PER_CHAR: f64 = 0.56;
/// The title's type size when the words allow it, and the longest line it wraps at.
const TITLE_SIZE: f64 = 150.0;
/// What a break after a colon, semicolon or dash is worth, in percent of the cost of an empty
/// line: enough to beat an even break elsewhere, not enough to strand a short word.
const STRONG_BREAK_BONUS_PERCENT: i64 = 50;
/// A title may be set this much smaller when that saves a line (three lines become two).
const SAVE_A_LINE_SCALE: f64 = 0.75;

pub struct Cover {
    pub image: Resource,
    /// Alt text: the words on the cover.
    pub alt: String,
}

/// The file name of the cover page.
pub const PAGE: &str = "cover.xhtml";

/// What the cover says, as one line of alt text.
fn words_on_cover(book: &Book) -> String {
    let mut alt = crate::epub::pages::full_title(&book.meta);
    for credit in crate::doc::names::book_credits(&book.meta) {
        alt.push_str(". ");
        alt.push_str(&credit);
    }
    alt
}

pub fn load(book: &Book) -> Result<Cover, String> {
    let alt = words_on_cover(book);
    let image = match &book.cover {
        Some(file) => {
            let rel = file.path.to_string_lossy().replace('\\', "/");
            let r = assets::raster(file, &format!("the cover `{rel}`"))?;
            Resource {
                href: format!("images/cover.{}", r.ext),
                mime: r.mime,
                bytes: r.bytes,
            }
        }
        // Drawn as SVG, shipped as PNG: Kindle takes no SVG cover image.
        None => Resource {
            href: "images/cover.png".into(),
            mime: "image/png",
            bytes: crate::epub::raster::png(book, &svg(book))?,
        },
    };
    Ok(Cover { image, alt })
}

/// The cover page: the image alone, fitted to the screen.
pub fn page(lang: &str, cover: &Cover) -> String {
    let body = format!(
        "<section class=\"cover\" epub:type=\"cover\">\n<img class=\"cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        attr(&cover.image.href),
        attr(&cover.alt)
    );
    document(lang, &cover.alt, " class=\"cover\"", &body)
}

/// Break `s` into lines of at most `max` characters at spaces, as evenly as possible: a centred
/// cover shows every line's shortfall, so the layout minimises the sum of squared shortfalls
/// (least raggedness) over all lines, last included, by dynamic programming over the break
/// after each word. A line ending in a colon, semicolon or dash earns [`STRONG_BREAK_BONUS_PERCENT`]
/// so a title breaks where its sense does ("Heard: / January 2015"). A word longer than `max`
/// sits on a line of its own (the type size then shrinks to fit it).
fn wrap(s: &str, max: usize) -> Vec<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let n = words.len();
    let lens: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
    let max = max.max(1) as i64;
    // best[i]: least cost of setting words[i..]; next[i]: where the line starting at i ends.
    let mut best = vec![i64::MAX; n + 1];
    let mut next = vec![n; n + 1];
    best[n] = 0;
    for i in (0..n).rev() {
        let mut len = -1i64;
        for j in i..n {
            len += 1 + lens[j] as i64;
            if len > max && j > i {
                break;
            }
            let shortfall = (max - len).max(0);
            let mut cost = shortfall * shortfall;
            let strong = words[j].ends_with([':', ';', '\u{2013}', '\u{2014}']);
            if strong && j + 1 < n {
                cost -= max * max * STRONG_BREAK_BONUS_PERCENT / 100;
            }
            let total = cost.saturating_add(best[j + 1]);
            if total < best[i] {
                best[i] = total;
                next[i] = j + 1;
            }
        }
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < n {
        lines.push(words[i..next[i]].join(" "));
        i = next[i];
    }
    lines
}

/// Lines and type size for `s` in the measure at most `size`.
fn fit(s: &str, size: f64) -> (Vec<String>, f64) {
    let per_line = (MEASURE / (size * EM_PER_CHAR)).floor().max(1.0) as usize;
    let lines = wrap(s, per_line);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let fitted = (MEASURE / (longest as f64 * EM_PER_CHAR)).min(size);
    (lines, fitted)
}

/// Lines and type size for `s`, starting from `size`: a somewhat smaller size is taken when
/// it sets the text in fewer lines.
fn set(s: &str, size: f64) -> (Vec<String>, f64) {
    let full = fit(s, size);
    let smaller = fit(s, size * SAVE_A_LINE_SCALE);
    if smaller.0.len() < full.0.len() {
        smaller
    } else {
        full
    }
}

fn svg(book: &Book) -> String {
    let meta = &book.meta;
    let mut out = String::new();
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\">\n<title>{}</title>\n\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f5f1e8\"/>\n\
         <rect x=\"90\" y=\"90\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#2b2b2b\" stroke-width=\"4\"/>\n\
         <g font-family=\"Georgia, 'Times New Roman', serif\" fill=\"#1f1f1f\" text-anchor=\"middle\">\n",
        text(&words_on_cover(book)),
        WIDTH - 180,
        HEIGHT - 180
    ));
    let centre = WIDTH / 2;
    let (title_lines, size) = set(meta.title.trim(), TITLE_SIZE);
    let leading = size * 1.2;
    let mut y = 820.0 - leading * (title_lines.len() as f64 - 1.0) / 2.0;
    for line in &title_lines {
        out.push_str(&format!(
            "<text x=\"{centre}\" y=\"{y:.0}\" font-size=\"{size:.0}\">{}</text>\n",
            text(line)
        ));
        y += leading;
    }
    y += 40.0;
    out.push_str(&format!(
        "<rect x=\"{}\" y=\"{y:.0}\" width=\"240\" height=\"4\"/>\n",
        centre - 120
    ));
    y += 150.0;
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let (lines, size) = set(sub.trim(), 80.0);
        for line in &lines {
            out.push_str(&format!(
                "<text x=\"{centre}\" y=\"{y:.0}\" font-size=\"{size:.0}\" font-style=\"italic\">{}</text>\n",
                text(line)
            ));
            y += size * 1.3;
        }
    }
    // The authors, then "Edited by ...", as on the print cover.
    let mut y = 1900.0;
    for credit in crate::doc::names::book_credits(meta) {
        let (lines, size) = set(&credit, 90.0);
        for line in &lines {
            out.push_str(&format!(
                "<text x=\"{centre}\" y=\"{y:.0}\" font-size=\"{size:.0}\">{}</text>\n",
                text(line)
            ));
            y += size * 1.3;
        }
        y += 30.0;
    }
    if let Some(publisher) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        let (lines, size) = set(publisher.trim(), 56.0);
        if let Some(line) = lines.first() {
            out.push_str(&format!(
                "<text x=\"{centre}\" y=\"2330\" font-size=\"{size:.0}\" letter-spacing=\"4\">{}</text>\n",
                text(line)
            ));
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::{Metadata, PrintSettings};
    use std::path::PathBuf;

    fn book(title: &str) -> Book {
        Book {
            root: PathBuf::from("/nonexistent"),
            meta: Metadata {
                title: title.into(),
                subtitle: Some("Columns & <Reportage>".into()),
                language: "en-GB".into(),
                ..Metadata::default()
            },
            print: PrintSettings::default(),
            divisions: vec![],
            cover: None,
            fonts: vec![],
            images: Default::default(),
            warnings: Default::default(),
        }
    }

    #[test]
    fn wrapping_keeps_words_whole_and_balances_lines() {
        assert_eq!(
            wrap("Seen, Read and Heard", 10),
            vec!["Seen, Read", "and Heard"]
        );
        // Greedy filling would leave "analysis" alone on the last line.
        assert_eq!(
            wrap("Reviews, reportage and analysis", 29),
            vec!["Reviews, reportage", "and analysis"]
        );
        // The title breaks after its colon.
        assert_eq!(
            wrap("Seen, Read & Heard: January 2015", 23),
            vec!["Seen, Read & Heard:", "January 2015"]
        );
        assert_eq!(
            wrap("Incomprehensibilities", 5),
            vec!["Incomprehensibilities"]
        );
    }

    #[test]
    fn long_words_shrink_the_type_to_fit() {
        let (_, size) = set("Incomprehensibilities", TITLE_SIZE);
        assert!(size * EM_PER_CHAR * 21.0 <= MEASURE + 0.5);
        let (_, size) = set("Short", TITLE_SIZE);
        assert_eq!(size, TITLE_SIZE);
    }

    #[test]
    fn generated_cover_is_escaped_svg_without_an_invented_author() {
        let b = book("Seen, Read & Heard");
        let cover = load(&b).unwrap();
        assert_eq!(cover.image.mime, "image/png");
        assert_eq!(cover.image.href, "images/cover.png");
        assert!(cover.image.bytes.starts_with(b"\x89PNG"));
        let svg = svg(&b);
        assert!(svg.contains("Seen, Read &amp; Heard"));
        assert!(svg.contains("Columns &amp; &lt;Reportage&gt;"));
        assert!(!svg.contains("<Reportage>"));
        assert_eq!(cover.alt, "Seen, Read & Heard: Columns & <Reportage>");
        let page = page("en-GB", &cover);
        assert!(page.contains("alt=\"Seen, Read &amp; Heard: Columns &amp; &lt;Reportage&gt;\""));
    }

    #[test]
    fn the_drawing_names_the_editor_of_an_edited_book() {
        let mut b = book("Voices Gathered");
        b.meta.editor = vec!["Edna Editor".into()];
        let svg = svg(&b);
        assert!(svg.contains(">Edited by Edna Editor</text>"), "{svg}");
    }
}
