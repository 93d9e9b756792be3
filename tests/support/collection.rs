//! A font collection (TTC) made from single fonts, shared by the loader's unit tests
//! (src/manuscript/assets.rs, through `#[path]`) and tests/assets.rs.

/// A font collection holding `fonts`, each font's tables copied whole after the header.
pub fn collection(fonts: &[Vec<u8>]) -> Vec<u8> {
    let be32 = |b: &[u8], at: usize| u32::from_be_bytes(b[at..at + 4].try_into().unwrap());
    let mut out = b"ttcf".to_vec();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend((fonts.len() as u32).to_be_bytes());
    let mut base = 12 + 4 * fonts.len();
    let mut bodies = Vec::new();
    for font in fonts {
        out.extend((base as u32).to_be_bytes());
        let mut body = font.clone();
        let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
        for t in 0..tables {
            let at = 12 + 16 * t + 8;
            let moved = be32(font, at) + base as u32;
            body[at..at + 4].copy_from_slice(&moved.to_be_bytes());
        }
        base += body.len();
        bodies.push(body);
    }
    bodies.into_iter().for_each(|b| out.extend(b));
    out
}
