//! Measuring set lines the way `pdfquality.py` measures a PDF, so the engine's tests can hold
//! it to the book's typographic targets without printing.

use super::SetLine;

/// Statistics of set lines, computed as `pdfquality.py` computes them from a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpacingStats {
    pub lines: usize,
    pub justified_lines: usize,
    pub overfull_lines: usize,
    pub max_hyphen_run: usize,
    pub hyphenated_lines: usize,
    /// Share of justified lines whose mean word space exceeds 1.5× the natural space.
    pub loose_15: f32,
    /// Share of justified lines whose mean word space exceeds 0.40 em.
    pub gap_em_over_040: f32,
    /// Share of justified lines whose mean word space is below 0.8× the natural space.
    pub tight_08: f32,
    pub space_ratio_mean: f32,
    pub space_ratio_max: f32,
}

impl SpacingStats {
    /// Measures paragraphs of set lines. `natural_space` is the font's space at `size`.
    /// Like pdfquality, a line counts as justified when it is flush with the measure and has
    /// at least three words; a hyphen run continues only within a paragraph.
    pub fn measure(paragraphs: &[Vec<SetLine>], natural_space: f32, size: f32) -> SpacingStats {
        let mut s = SpacingStats::default();
        let mut ratios = Vec::new();
        let mut ems = Vec::new();
        for para in paragraphs {
            let mut run = 0;
            for line in para {
                s.lines += 1;
                if line.overfull {
                    s.overfull_lines += 1;
                }
                if line.hyphenated {
                    s.hyphenated_lines += 1;
                    run += 1;
                    s.max_hyphen_run = s.max_hyphen_run.max(run);
                } else {
                    run = 0;
                }
                let gaps: Vec<f32> = line
                    .runs
                    .iter()
                    .flat_map(|r| r.glyphs.iter())
                    .filter(|g| g.text == " ")
                    .map(|g| g.advance)
                    .collect();
                // A line hanging into the margin is flush all the same (its spaces are what counts).
                let flush = (line.width - line.hang - line.measure).abs() <= 1.0;
                if flush && gaps.len() >= 2 {
                    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
                    ratios.push(mean / natural_space);
                    ems.push(mean / size);
                }
            }
        }
        s.justified_lines = ratios.len();
        let share = |n: usize| {
            if ratios.is_empty() {
                0.0
            } else {
                n as f32 / ratios.len() as f32
            }
        };
        s.loose_15 = share(ratios.iter().filter(|&&r| r > 1.5).count());
        s.tight_08 = share(ratios.iter().filter(|&&r| r < 0.8).count());
        s.gap_em_over_040 = share(ems.iter().filter(|&&e| e > 0.40).count());
        s.space_ratio_mean = if ratios.is_empty() {
            0.0
        } else {
            ratios.iter().sum::<f32>() / ratios.len() as f32
        };
        s.space_ratio_max = ratios.iter().copied().fold(0.0, f32::max);
        s
    }
}
