//! Page geometry: trim size, margins, the text block and its baseline grid.
//!
//! Defaults follow common trade-book practice for a 6 × 9 in page set in 11 pt on 14 pt: a
//! measure of about 66 characters, the inner margin (gutter) wider than the outer so the
//! text block sits visually centred on the open spread, and the foot margin deeper than the
//! head. The text block holds a whole number of lines, so every body line sits on the grid.

use crate::manuscript::PrintSettings;

pub const POINTS_PER_INCH: f32 = 72.0;
pub const POINTS_PER_MM: f32 = 72.0 / 25.4;

/// Named trim sizes (width × height in points).
pub const TRIM_PRESETS: &[(&str, f32, f32)] = &[
    ("6x9in", 6.0 * POINTS_PER_INCH, 9.0 * POINTS_PER_INCH),
    ("5x8in", 5.0 * POINTS_PER_INCH, 8.0 * POINTS_PER_INCH),
    ("5.25x8in", 5.25 * POINTS_PER_INCH, 8.0 * POINTS_PER_INCH),
    ("5.5x8.5in", 5.5 * POINTS_PER_INCH, 8.5 * POINTS_PER_INCH),
    ("a5", 148.0 * POINTS_PER_MM, 210.0 * POINTS_PER_MM),
    ("b-format", 129.0 * POINTS_PER_MM, 198.0 * POINTS_PER_MM),
    ("demy", 138.0 * POINTS_PER_MM, 216.0 * POINTS_PER_MM),
    ("letter", 8.5 * POINTS_PER_INCH, 11.0 * POINTS_PER_INCH),
];

const DEFAULT_FONT_SIZE: f32 = 11.0;
const DEFAULT_LEADING: f32 = 14.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
    pub font_size: f32,
    pub leading: f32,
    /// Lines of body text on a full page.
    pub lines: usize,
    pub justify: bool,
}

impl Geometry {
    /// The geometry the book's `print:` settings ask for, with defaults for what they omit.
    /// Errors name the setting that cannot work.
    pub fn from_settings(print: &PrintSettings) -> Result<Geometry, String> {
        let (width, height) = match &print.trim {
            None => (TRIM_PRESETS[0].1, TRIM_PRESETS[0].2),
            Some(t) => parse_trim(t).ok_or_else(|| {
                let names: Vec<&str> = TRIM_PRESETS.iter().map(|p| p.0).collect();
                format!(
                    "unknown trim size `{t}`: use one of {} or WIDTHxHEIGHT with a unit (`6x9in`, `148x210mm`)",
                    names.join(", ")
                )
            })?,
        };
        let font_size = print.font_size.unwrap_or(DEFAULT_FONT_SIZE);
        let leading = print
            .leading
            .unwrap_or(DEFAULT_LEADING * font_size / DEFAULT_FONT_SIZE);
        // Margins scale with the page: 6x9 in gives 0.75 in head, 0.875 in gutter.
        let short_side = width.min(height);
        let [top, bottom, inner, outer] = print.margins;
        let top = top.unwrap_or(short_side * 0.125);
        let inner = inner.unwrap_or(short_side * 0.146);
        let outer = outer.unwrap_or(short_side * 0.125);
        let bottom_default = short_side * 0.16;
        let bottom = bottom.unwrap_or(bottom_default);
        let block = height - top - bottom;
        if width - inner - outer < 10.0 * font_size || block < 5.0 * leading {
            return Err(format!(
                "the margins leave no room for text on a {:.0} × {:.0} pt page",
                width, height
            ));
        }
        let lines = (block / leading).floor() as usize;
        // Give the rounding remainder to the foot, keeping the head margin as asked.
        let bottom = height - top - lines as f32 * leading;
        Ok(Geometry {
            width,
            height,
            top,
            bottom,
            inner,
            outer,
            font_size,
            leading,
            lines,
            justify: print.justify.unwrap_or(true),
        })
    }

    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// Left edge of the text block on page `index` (0-based; even indices are rectos).
    pub fn left(&self, index: usize) -> f32 {
        if index % 2 == 0 {
            self.inner
        } else {
            self.outer
        }
    }

    /// y of the top of the text block (PDF coordinates, origin at the bottom).
    pub fn block_top(&self) -> f32 {
        self.height - self.top
    }

    pub fn capacity(&self) -> f32 {
        self.lines as f32 * self.leading
    }
}

/// "6x9in", "148x210mm", a preset name (case-insensitive).
pub fn parse_trim(text: &str) -> Option<(f32, f32)> {
    let t = text.trim().to_ascii_lowercase().replace(' ', "");
    if let Some(p) = TRIM_PRESETS.iter().find(|p| p.0 == t) {
        return Some((p.1, p.2));
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
    ((72.0..=2000.0).contains(&w) && (72.0..=2000.0).contains(&h)).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_six_by_nine_with_a_wider_gutter_and_whole_lines() {
        let g = Geometry::from_settings(&PrintSettings::default()).unwrap();
        assert_eq!((g.width, g.height), (432.0, 648.0));
        assert!(g.inner > g.outer);
        assert!(g.bottom > g.top);
        let block = g.height - g.top - g.bottom;
        assert!((block - g.lines as f32 * g.leading).abs() < 1e-3);
        assert!((300.0..330.0).contains(&g.measure()), "{}", g.measure());
    }

    #[test]
    fn trims_parse_presets_and_custom_sizes() {
        assert_eq!(parse_trim("6x9in"), Some((432.0, 648.0)));
        let (w, h) = parse_trim("A5").unwrap();
        assert!((w - 419.53).abs() < 0.1 && (h - 595.28).abs() < 0.1);
        assert_eq!(parse_trim("200x300pt"), Some((200.0, 300.0)));
        assert_eq!(parse_trim("6x9furlongs"), None);
    }
}
