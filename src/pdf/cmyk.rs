//! CMYK for the press: folio's own CMYK printing condition, and colour images separated into
//! it through a colour-management library.
//!
//! Why our own characterisation. PDF/X needs the output intent's profile embedded (X-4
//! always; X-1a unless it names a registered condition), so folio must ship a CMYK profile
//! it may give away inside every file. The measured profiles printers name (FOGRA39,
//! GRACoL2006, SWOP) come from ECI, IDEAlliance and Adobe under licences that restrict
//! redistribution; Debian's free profile packages (icc-profiles-free, colord-data) carry no
//! CMYK profile at all (the ECI and FOGRA ones were removed as non-free); Ghostscript's
//! `default_cmyk.icc` is under the AGPL, which folio should not stamp into users' books. So,
//! as with the grey profile (`icc`), folio generates one, from a model whose inputs are
//! published numbers, and puts it under CC0.
//!
//! The model. The CIELAB values of paper, the solids and their overprints that ISO 12647-2
//! (2004, amended 2007) gives for sheet-fed offset on coated paper (paper types 1 and 2, the
//! condition FOGRA39 characterises): paper 95/0/−2, cyan 55/−37/−50, magenta 48/74/−3,
//! yellow 89/−5/93, black 16/0/0, red (M+Y) 47/68/48, green (C+Y) 50/−65/27, blue (C+M)
//! 24/22/−46, C+M+Y 23/0/0. A black overprint multiplies a colour's reflectance by black's
//! (relative to the paper). Any CMYK mixture is predicted by the Yule–Nielsen modified
//! Neugebauer equation (n = 2, [`YULE_NIELSEN_N`]) over those 16 primaries with Demichel's
//! weights: it gives black an 18 % tone value increase at 50 %, about what ISO 12647-2 asks
//! for. This is a model of the condition, not a measurement of a press: good enough to
//! separate cover art with the ink it needs, and honest about what it is (the profile's
//! description and the output intent say "folio CMYK", identifier "Custom").
//!
//! The profile. ICC v2.4, class `prtr`, data space CMYK, PCS Lab, media-relative (the paper
//! is the PCS white). `A2B0`/`A2B1`/`A2B2` (CMYK to Lab) sample the model on a 9-point grid
//! per ink; `B2A0`/`B2A1`/`B2A2` (Lab to CMYK) on a 21-point grid, each point solved by
//! inverting the model: CMY first, then black generation (GCR: black replaces the grey
//! component of CMY beyond [`GCR_START`]), then CMY again with that black, then the total
//! ink limit (black is raised, and CMY held back, until C+M+Y+K is at most the limit). The
//! perceptual tables (`A2B0`, `B2A0`) compress lightness so that the darkest colour the
//! ink limit allows is the PCS black (the shadows keep their detail instead of clipping);
//! the colorimetric ones clip. Out-of-gamut colours go to the nearest printable colour in
//! ΔE*ab. `gamt` marks which Lab colours the condition cannot print.
//!
//! The conversion. [moxcms](https://crates.io/crates/moxcms), a pure-Rust colour-management
//! engine, reads the profile back and builds the sRGB-to-CMYK transform (perceptual intent)
//! that separates each image once. Chosen over the `lcms2` crate (LittleCMS, the reference
//! engine) because it is already in folio's tree (the `image` crate uses it), so it adds no
//! crate and no C library to build; LittleCMS still checks the profile from outside, in the
//! tests (`transicc`). After the transform every pixel's total ink is capped at the limit
//! (black kept, cyan, magenta and yellow scaled down), so the limit holds even where the
//! 8-bit interpolation between grid points rounds up.

use std::sync::{Arc, Mutex};

use moxcms::{ColorProfile, Layout, RenderingIntent, TransformOptions};
use rayon::prelude::*;

use super::icc;
use crate::page::EmbeddedImage;

/// The condition's own total ink limit, in percent, where the printer publishes none: ISO
/// 12647-2 sheet-fed offset on coated paper runs to 350 %; 300 % is the usual limit printers
/// ask for on covers.
pub const PROCESS_INK_LIMIT: u16 = 300;

/// Yule–Nielsen's n: the light spread in the paper that makes a dot print darker than its
/// area (2 is the usual value for coated stock).
const YULE_NIELSEN_N: f64 = 2.0;
/// Black replaces the grey component of CMY once it passes this share (medium GCR).
const GCR_START: f64 = 0.2;
/// Grid points per ink of the CMYK-to-Lab tables.
const A2B_POINTS: usize = 9;
/// Grid points per axis of the Lab-to-CMYK tables.
const B2A_POINTS: usize = 21;

/// CIELAB (D50) of paper and the eight CMY combinations, indexed by the bits c=1, m=2, y=4;
/// then black. ISO 12647-2, paper types 1 and 2 (coated).
const PRIMARIES: [[f64; 3]; 8] = [
    [95.0, 0.0, -2.0],    // paper
    [55.0, -37.0, -50.0], // C
    [48.0, 74.0, -3.0],   // M
    [24.0, 22.0, -46.0],  // C+M
    [89.0, -5.0, 93.0],   // Y
    [50.0, -65.0, 27.0],  // C+Y
    [47.0, 68.0, 48.0],   // M+Y
    [23.0, 0.0, 0.0],     // C+M+Y
];
const BLACK: [f64; 3] = [16.0, 0.0, 0.0];

/// What the profile calls itself, and what the output intent says, for a given ink limit.
pub(crate) fn description(ink_limit: u16) -> String {
    format!("folio CMYK: offset on coated paper after ISO 12647-2, {ink_limit}% total ink")
}

/// The forward model: media-relative CIELAB of a CMYK mixture (each 0..=1).
struct Model {
    /// Each of the 16 primaries' reflectance relative to paper, per XYZ channel, to the 1/n.
    roots: [[f64; 3]; 16],
}

impl Model {
    fn new() -> Model {
        let paper = lab_to_xyz(PRIMARIES[0]);
        let relative = |lab: [f64; 3]| {
            let xyz = lab_to_xyz(lab);
            [xyz[0] / paper[0], xyz[1] / paper[1], xyz[2] / paper[2]]
        };
        let black = relative(BLACK);
        let mut roots = [[0.0; 3]; 16];
        for (bits, root) in roots.iter_mut().enumerate() {
            let mut r = relative(PRIMARIES[bits & 7]);
            if bits & 8 != 0 {
                for (c, b) in r.iter_mut().zip(black) {
                    *c *= b;
                }
            }
            *root = r.map(|v| v.powf(1.0 / YULE_NIELSEN_N));
        }
        Model { roots }
    }

    fn lab(&self, cmyk: [f64; 4]) -> [f64; 3] {
        let mut sum = [0.0; 3];
        for (bits, root) in self.roots.iter().enumerate() {
            let mut w = 1.0;
            for (i, v) in cmyk.iter().enumerate() {
                w *= if bits & (1 << i) != 0 { *v } else { 1.0 - v };
            }
            for c in 0..3 {
                sum[c] += w * root[c];
            }
        }
        relative_to_lab(sum.map(|s| s.powf(YULE_NIELSEN_N)))
    }

    /// The CMY that, with black `k`, prints nearest `target` (Levenberg–Marquardt within
    /// the unit cube, from `start`), and its ΔE*ab.
    fn solve_cmy(&self, target: [f64; 3], k: f64, start: [f64; 3]) -> ([f64; 3], f64) {
        let residual = |x: [f64; 3]| {
            let lab = self.lab([x[0], x[1], x[2], k]);
            [lab[0] - target[0], lab[1] - target[1], lab[2] - target[2]]
        };
        let norm = |r: [f64; 3]| r.iter().map(|v| v * v).sum::<f64>();
        let mut x = start;
        let mut r = residual(x);
        let mut lambda = 1e-3;
        for _ in 0..80 {
            if norm(r) < 1e-6 {
                break;
            }
            // The Jacobian by differences, stepping inwards at the cube's faces.
            let mut j = [[0.0; 3]; 3];
            for i in 0..3 {
                let h = if x[i] > 0.5 { -1e-5 } else { 1e-5 };
                let mut xh = x;
                xh[i] += h;
                let rh = residual(xh);
                for row in 0..3 {
                    j[row][i] = (rh[row] - r[row]) / h;
                }
            }
            let mut jtj = [[0.0; 3]; 3];
            let mut jtr = [0.0; 3];
            for a in 0..3 {
                for b in 0..3 {
                    jtj[a][b] = (0..3).map(|row| j[row][a] * j[row][b]).sum();
                }
                jtr[a] = (0..3).map(|row| j[row][a] * r[row]).sum();
            }
            for (a, row) in jtj.iter_mut().enumerate() {
                row[a] += lambda * row[a] + 1e-9;
            }
            let Some(step) = solve3(jtj, jtr.map(|v| -v)) else {
                break;
            };
            let next = [0, 1, 2].map(|i| (x[i] + step[i]).clamp(0.0, 1.0));
            let rn = residual(next);
            if norm(rn) < norm(r) {
                let moved: f64 = (0..3).map(|i| (next[i] - x[i]).abs()).sum();
                x = next;
                r = rn;
                lambda = (lambda / 3.0).max(1e-7);
                if moved < 1e-7 {
                    break;
                }
            } else {
                lambda *= 4.0;
                if lambda > 1e6 {
                    break;
                }
            }
        }
        (x, norm(r).sqrt())
    }

    /// The CMYK that prints `target` with black generation and at most `limit` total ink
    /// (1.0 = 100 %), and its ΔE*ab.
    fn separate(&self, target: [f64; 3], limit: f64) -> ([f64; 4], f64) {
        let (cmy, _) = self.solve_cmy(target, 0.0, [0.3, 0.3, 0.3]);
        let grey = cmy[0].min(cmy[1]).min(cmy[2]);
        let mut k = ((grey - GCR_START) / (1.0 - GCR_START)).clamp(0.0, 1.0);
        let (mut cmy, mut error) = self.solve_cmy(target, k, cmy);
        // Over the limit: more black, less of the rest, until it fits.
        while cmy.iter().sum::<f64>() + k > limit + 1e-9 && k < 1.0 {
            k = (k + 0.05).min(1.0);
            (cmy, error) = self.solve_cmy(target, k, cmy);
        }
        let total: f64 = cmy.iter().sum();
        if total + k > limit {
            let scale = ((limit - k) / total).max(0.0);
            cmy = cmy.map(|v| v * scale);
            let lab = self.lab([cmy[0], cmy[1], cmy[2], k]);
            error = (0..3)
                .map(|i| (lab[i] - target[i]).powi(2))
                .sum::<f64>()
                .sqrt();
        }
        ([cmy[0], cmy[1], cmy[2], k], error)
    }
}

/// Solves the 3×3 system `a x = b` (Cramer's rule); None when singular.
fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    if d.abs() < 1e-18 {
        return None;
    }
    let mut x = [0.0; 3];
    for (i, xi) in x.iter_mut().enumerate() {
        let mut m = a;
        for row in 0..3 {
            m[row][i] = b[row];
        }
        *xi = det(m) / d;
    }
    Some(x)
}

/// CIELAB (D50) to XYZ relative to the D50 white.
fn lab_to_xyz(lab: [f64; 3]) -> [f64; 3] {
    let fy = (lab[0] + 16.0) / 116.0;
    let fx = fy + lab[1] / 500.0;
    let fz = fy - lab[2] / 200.0;
    let inv = |f: f64| {
        if f > 6.0 / 29.0 {
            f * f * f
        } else {
            3.0 * (6.0f64 / 29.0).powi(2) * (f - 4.0 / 29.0)
        }
    };
    [inv(fx), inv(fy), inv(fz)]
}

/// CIELAB of a colour given as XYZ relative to the white.
fn relative_to_lab(xyz: [f64; 3]) -> [f64; 3] {
    let f = |t: f64| {
        if t > (6.0f64 / 29.0).powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * (6.0f64 / 29.0).powi(2)) + 4.0 / 29.0
        }
    };
    let [fx, fy, fz] = xyz.map(f);
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// ICC v2 16-bit Lab (ICC.1:2001-04, 6.5.7): L* 0..100 as 0..0xFF00, a* and b* −128..128
/// as 0..0xFFFF (zero at 0x8000).
fn encode_lab(lab: [f64; 3]) -> [u16; 3] {
    let q = |v: f64| v.round().clamp(0.0, 65535.0) as u16;
    [
        q(lab[0] * 652.8),
        q((lab[1] + 128.0) * 256.0),
        q((lab[2] + 128.0) * 256.0),
    ]
}

/// The Lab value a 16-bit grid coordinate stands for, per axis.
fn decode_lab(v: [f64; 3]) -> [f64; 3] {
    [v[0] / 652.8, v[1] / 256.0 - 128.0, v[2] / 256.0 - 128.0]
}

/// lut16Type (ICC.1:2001-04, 6.5.8) with identity curves and the matrix unused: `inputs`
/// channels in, `outputs` out, `points` grid points per input, and the grid's values as
/// 16-bit numbers, first input varying slowest.
fn lut16(inputs: u8, outputs: u8, points: usize, clut: &[u16]) -> Vec<u8> {
    let mut b = Vec::with_capacity(52 + clut.len() * 2 + 8 * usize::from(inputs + outputs));
    b.extend_from_slice(b"mft2");
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&[inputs, outputs, points as u8, 0]);
    for (i, _) in (0..9).enumerate() {
        let v = if i % 4 == 0 { 1.0 } else { 0.0 };
        b.extend_from_slice(&icc::s15_fixed16(v));
    }
    b.extend_from_slice(&2u16.to_be_bytes()); // input table entries
    b.extend_from_slice(&2u16.to_be_bytes()); // output table entries
    for _ in 0..inputs {
        b.extend_from_slice(&[0, 0, 0xFF, 0xFF]);
    }
    for v in clut {
        b.extend_from_slice(&v.to_be_bytes());
    }
    for _ in 0..outputs {
        b.extend_from_slice(&[0, 0, 0xFF, 0xFF]);
    }
    b
}

/// folio's CMYK output profile for a total ink limit in percent. The same bytes every time;
/// made once a process for each limit (inverting the model takes a few tenths of a second,
/// and `folio watch` writes the cover again and again).
///
/// The profile is made outside the lock: making it runs on rayon's pool, and a worker that
/// blocked on the lock (writing another PDF) while the maker waited for that worker's share
/// of the work would hang both. Two callers may make the same profile at once; it is the
/// same bytes, and the first one stored is kept.
pub(crate) fn output_profile(ink_limit: u16) -> Arc<Vec<u8>> {
    static MADE: Mutex<Vec<(u16, Arc<Vec<u8>>)>> = Mutex::new(Vec::new());
    let made = || MADE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let find = |made: &[(u16, Arc<Vec<u8>>)]| {
        made.iter()
            .find(|(limit, _)| *limit == ink_limit)
            .map(|(_, profile)| profile.clone())
    };
    if let Some(profile) = find(&made()) {
        return profile;
    }
    let profile = Arc::new(make_profile(ink_limit));
    let mut made = made();
    if let Some(first) = find(&made) {
        return first;
    }
    made.push((ink_limit, profile.clone()));
    profile
}

fn make_profile(ink_limit: u16) -> Vec<u8> {
    let model = Model::new();
    let limit = f64::from(ink_limit) / 100.0;
    // The darkest colour the limit allows: full black, the rest shared equally.
    let rest = ((limit - 1.0) / 3.0).clamp(0.0, 1.0);
    let black_l = model.lab([rest, rest, rest, 1.0])[0].max(0.0);
    let compress = |l: f64| black_l + l * (100.0 - black_l) / 100.0;
    let expand = |l: f64| ((l - black_l) * 100.0 / (100.0 - black_l)).max(0.0);

    // CMYK to Lab: the model, and for the perceptual table its lightness expanded.
    let step = |i: usize, n: usize| i as f64 / (n - 1) as f64;
    let mut a2b_colorimetric = Vec::new();
    let mut a2b_perceptual = Vec::new();
    let n = A2B_POINTS;
    for c in 0..n {
        for m in 0..n {
            for y in 0..n {
                for k in 0..n {
                    let lab = model.lab([step(c, n), step(m, n), step(y, n), step(k, n)]);
                    a2b_colorimetric.extend(encode_lab(lab));
                    a2b_perceptual.extend(encode_lab([expand(lab[0]), lab[1], lab[2]]));
                }
            }
        }
    }

    // Lab to CMYK: the model inverted at every grid point, one plane of lightness a task.
    let n = B2A_POINTS;
    let q = |v: f64| (v * 65535.0).round().clamp(0.0, 65535.0) as u16;
    let planes: Vec<(Vec<u16>, Vec<u16>, Vec<u16>)> = (0..n)
        .into_par_iter()
        .map(|l| {
            let (mut colorimetric, mut perceptual, mut gamut) =
                (Vec::new(), Vec::new(), Vec::new());
            for a in 0..n {
                for b in 0..n {
                    let lab = decode_lab([l, a, b].map(|i| step(i, n) * 65535.0));
                    let lab = [lab[0].min(100.0), lab[1], lab[2]];
                    let (cmyk, error) = model.separate(lab, limit);
                    colorimetric.extend(cmyk.map(q));
                    gamut.push(if error > 2.0 { 0xFFFF } else { 0 });
                    let (cmyk, _) = model.separate([compress(lab[0]), lab[1], lab[2]], limit);
                    perceptual.extend(cmyk.map(q));
                }
            }
            (colorimetric, perceptual, gamut)
        })
        .collect();
    let mut b2a_colorimetric = Vec::new();
    let mut b2a_perceptual = Vec::new();
    let mut gamut = Vec::new();
    for (c, p, g) in planes {
        b2a_colorimetric.extend(c);
        b2a_perceptual.extend(p);
        gamut.extend(g);
    }

    let a2b0 = lut16(4, 3, A2B_POINTS, &a2b_perceptual);
    let a2b1 = lut16(4, 3, A2B_POINTS, &a2b_colorimetric);
    let b2a0 = lut16(3, 4, B2A_POINTS, &b2a_perceptual);
    let b2a1 = lut16(3, 4, B2A_POINTS, &b2a_colorimetric);
    let tags = [
        (*b"desc", icc::text_description(&description(ink_limit))),
        (*b"cprt", icc::text(icc::COPYRIGHT)),
        (*b"wtpt", icc::xyz(icc::D50)),
        (*b"A2B0", a2b0.clone()),
        (*b"A2B1", a2b1.clone()),
        (*b"A2B2", a2b0),
        (*b"B2A0", b2a0.clone()),
        (*b"B2A1", b2a1),
        (*b"B2A2", b2a0),
        (*b"gamt", lut16(3, 1, B2A_POINTS, &gamut)),
    ];
    // Device attributes: reflective, glossy, positive, colour (all zero).
    icc::profile(b"prtr", b"CMYK", b"Lab ", 0, &tags)
}

/// Separates sRGB images into folio's CMYK condition, with a total ink limit.
pub(crate) struct Separation {
    transform: Arc<moxcms::Transform8BitExecutor>,
    /// The most ink a pixel may carry, in 8-bit units summed over the four inks.
    limit: u32,
}

impl Separation {
    /// The sRGB-to-CMYK transform through `profile` (the bytes of [`output_profile`]).
    pub(crate) fn new(profile: &[u8], ink_limit: u16) -> Result<Separation, String> {
        let cmyk = ColorProfile::new_from_slice(profile)
            .map_err(|e| format!("folio's CMYK profile does not read back: {e:?}"))?;
        let options = TransformOptions {
            rendering_intent: RenderingIntent::Perceptual,
            ..TransformOptions::default()
        };
        let transform = ColorProfile::new_srgb()
            .create_transform_8bit(Layout::Rgb, &cmyk, Layout::Rgba, options)
            .map_err(|e| format!("no transform from sRGB to folio's CMYK: {e:?}"))?;
        Ok(Separation {
            transform,
            limit: u32::from(ink_limit) * 255 / 100,
        })
    }

    /// An RGB image as CMYK (4 bytes a pixel, 255 full ink), each pixel's total ink within
    /// the limit. Grey images are returned unchanged: grey prints as black ink alone. A CMYK
    /// image is kept as it is (a JPEG passed through) when every pixel is within the limit,
    /// and otherwise held to it.
    pub(crate) fn separate(&self, image: &EmbeddedImage) -> Result<EmbeddedImage, String> {
        if image.channels == 4 {
            let within = image
                .pixels
                .chunks_exact(4)
                .all(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>() <= self.limit);
            if within {
                return Ok(image.clone());
            }
            let mut pixels = image.pixels.clone();
            for p in pixels.chunks_exact_mut(4) {
                cap_ink(p, self.limit);
            }
            return Ok(EmbeddedImage {
                pixels,
                jpeg: None,
                ..image.clone()
            });
        }
        if image.channels != 3 {
            return Ok(image.clone());
        }
        let mut pixels = vec![0u8; image.pixels.len() / 3 * 4];
        self.transform
            .transform(&image.pixels, &mut pixels)
            .map_err(|e| format!("separating an image to CMYK failed: {e:?}"))?;
        for p in pixels.chunks_exact_mut(4) {
            cap_ink(p, self.limit);
        }
        Ok(EmbeddedImage {
            width: image.width,
            height: image.height,
            channels: 4,
            pixels,
            jpeg: None,
        })
    }
}

/// Holds a CMYK pixel's total ink to `limit`, keeping its black and scaling cyan, magenta
/// and yellow down together (their balance, and so the hue, is kept).
fn cap_ink(p: &mut [u8], limit: u32) {
    let k = u32::from(p[3]);
    let cmy: u32 = p[..3].iter().map(|&v| u32::from(v)).sum();
    if cmy + k <= limit {
        return;
    }
    let room = limit.saturating_sub(k);
    for v in &mut p[..3] {
        // Rounding down: the sum never passes the room.
        *v = (u32::from(*v) * room / cmy) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_prints_its_primaries_and_paper() {
        let m = Model::new();
        let paper = m.lab([0.0; 4]);
        assert!(
            paper[0] > 99.9 && paper[1].abs() < 0.1 && paper[2].abs() < 0.1,
            "{paper:?}"
        );
        // Cyan, relative to the paper: darker, blue-green.
        let cyan = m.lab([1.0, 0.0, 0.0, 0.0]);
        assert!(
            cyan[0] < 65.0 && cyan[1] < -30.0 && cyan[2] < -40.0,
            "{cyan:?}"
        );
        let black = m.lab([0.0, 0.0, 0.0, 1.0]);
        assert!(black[0] < 20.0, "{black:?}");
        // Tone value increase of black at 50 %: 10 to 25 points.
        let y = |lab: [f64; 3]| lab_to_xyz(lab)[1];
        let apparent = (1.0 - y(m.lab([0.0, 0.0, 0.0, 0.5]))) / (1.0 - y(black));
        assert!((0.60..0.75).contains(&apparent), "{apparent}");
    }

    #[test]
    fn separation_inverts_the_model_within_the_ink_limit() {
        let m = Model::new();
        for lab in [[60.0, 20.0, 30.0], [40.0, -10.0, -20.0], [80.0, 0.0, 0.0]] {
            let (cmyk, error) = m.separate(lab, 2.4);
            assert!(error < 1.0, "{lab:?} -> {cmyk:?}, ΔE {error}");
            assert!(cmyk.iter().sum::<f64>() <= 2.4 + 1e-9);
        }
        // Black: the darkest the limit allows, with full black ink.
        let (cmyk, _) = m.separate([0.0, 0.0, 0.0], 2.4);
        assert!(
            cmyk[3] > 0.99 && cmyk.iter().sum::<f64>() <= 2.4 + 1e-9,
            "{cmyk:?}"
        );
    }

    #[test]
    fn the_profile_is_whole_and_the_same_every_time() {
        let p = output_profile(240);
        assert_eq!(*p, make_profile(240));
        assert_eq!(
            u32::from_be_bytes(p[..4].try_into().unwrap()) as usize,
            p.len()
        );
        assert_eq!(&p[12..24], b"prtrCMYKLab ");
        // Ten tags; the second perceptual table shares the first's data.
        assert_eq!(u32::from_be_bytes(p[128..132].try_into().unwrap()), 10);
        let offset =
            |i: usize| u32::from_be_bytes(p[136 + 12 * i..140 + 12 * i].try_into().unwrap());
        assert_eq!(offset(3), offset(5), "A2B0 and A2B2 share");
        assert_ne!(offset(3), offset(4), "A2B0 and A2B1 differ");
    }

    #[test]
    fn the_cap_keeps_black_and_never_passes_the_limit() {
        let mut p = [250, 200, 180, 200];
        cap_ink(&mut p, 612);
        assert_eq!(p[3], 200);
        assert!(p.iter().map(|&v| u32::from(v)).sum::<u32>() <= 612);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
