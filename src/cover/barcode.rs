//! EAN-13, the barcode of a book's ISBN (GS1 General Specifications, 5.2.1).
//!
//! Method. An EAN-13 symbol is 95 modules wide: a start guard (101), six left-hand digits of
//! seven modules each, a centre guard (01010), six right-hand digits and an end guard (101).
//! Each digit is two bars and two spaces. Right-hand digits use set C (the "R" patterns);
//! left-hand digits use set A ("L") or set B ("G", the mirror image of R), and *which* of the
//! six use set B encodes the thirteenth digit, the leading one, which has no bars of its own.
//! The last digit is a check digit.
//!
//! An ISBN-13 is already an EAN-13 (prefix 978 or 979); an ISBN-10 becomes one as 978, its
//! first nine digits, and a new check digit. Which text is an ISBN, and its thirteen digits,
//! is the manuscript's rule (`manuscript::isbn13`), the one the loader validates with: an
//! ISBN that loads always gets its barcode.

/// Set A ("L") patterns of the digits 0-9, one bit a module, 1 = bar, most significant first.
/// Set C ("R") is their complement and set B ("G") the reverse of set C.
const SET_A: [u8; 10] = [
    0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011, 0b0110001, 0b0101111, 0b0111011,
    0b0110111, 0b0001011,
];
/// For each leading digit, which of the six left-hand digits use set B (bit 5 = the first).
const SET_B_USED: [u8; 10] = [
    0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110,
    0b011010,
];

/// Modules in a symbol, quiet zones excluded.
pub const MODULES: usize = 95;
/// Light margins the specification asks for on each side, in modules.
pub const QUIET_LEFT: usize = 11;
pub const QUIET_RIGHT: usize = 7;

/// Thirteen digits with a correct check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ean13 {
    digits: [u8; 13],
}

/// A dark bar: where it starts and how many modules wide it is, and whether it belongs to a
/// guard pattern (guards are drawn longer, down between the human-readable digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub start: usize,
    pub width: usize,
    pub guard: bool,
}

impl Ean13 {
    /// The EAN-13 of an ISBN written with or without hyphens or spaces (ISBN-10 or 13).
    pub fn from_isbn(isbn: &str) -> Result<Ean13, String> {
        crate::manuscript::isbn13(isbn)
            .map(|digits| Ean13 { digits })
            .map_err(|why| format!("`{isbn}` is not an ISBN: {why}"))
    }

    pub fn digits(&self) -> [u8; 13] {
        self.digits
    }

    /// The 95 modules, true for a bar.
    pub fn modules(&self) -> [bool; MODULES] {
        let mut m = [false; MODULES];
        let mut at = 0;
        let mut put = |bits: u8, n: usize| {
            for i in (0..n).rev() {
                m[at] = bits >> i & 1 == 1;
                at += 1;
            }
        };
        put(0b101, 3);
        let sets = SET_B_USED[usize::from(self.digits[0])];
        for (i, &d) in self.digits[1..7].iter().enumerate() {
            let a = SET_A[usize::from(d)];
            let use_b = sets >> (5 - i) & 1 == 1;
            put(if use_b { reverse7(!a & 0x7F) } else { a }, 7);
        }
        put(0b01010, 5);
        for &d in &self.digits[7..] {
            put(!SET_A[usize::from(d)] & 0x7F, 7);
        }
        put(0b101, 3);
        m
    }

    /// The bars, left to right, runs of dark modules merged.
    pub fn bars(&self) -> Vec<Bar> {
        runs(&self.modules(), |i| {
            i < 3 || (45..50).contains(&i) || i >= 92
        })
    }
}

/// Modules of an EAN-5 add-on: a start guard (1011), five digits of seven modules, and a
/// delineator (01) between each two.
pub const ADDON_MODULES: usize = 47;
/// Light margin beyond the add-on, and the gap between the main symbol and the add-on (GS1
/// allows 7 to 12 modules), in modules.
pub const ADDON_QUIET_RIGHT: usize = 5;
pub const ADDON_GAP: usize = 9;
/// For each EAN-5 check value, which of the five digits use set B (bit 4 = the first). The
/// check value is not printed: it is carried by these parities alone.
const ADDON_SET_B_USED: [u8; 10] = [
    0b11000, 0b10100, 0b10010, 0b10001, 0b01100, 0b00110, 0b00011, 0b01010, 0b01001, 0b00101,
];

/// The five-digit add-on of a book's barcode: the price, a currency digit then four
/// (GS1 General Specifications, 5.2.2.6; `51299` is US$12.99, `90000` no suggested price).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ean5 {
    digits: [u8; 5],
}

impl Ean5 {
    /// Five ASCII digits, else None.
    pub fn new(text: &str) -> Option<Ean5> {
        let bytes = text.trim().as_bytes();
        if bytes.len() != 5 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut digits = [0; 5];
        for (d, b) in digits.iter_mut().zip(bytes) {
            *d = b - b'0';
        }
        Some(Ean5 { digits })
    }

    pub fn digits(&self) -> [u8; 5] {
        self.digits
    }

    /// The 47 modules, true for a bar.
    pub fn modules(&self) -> [bool; ADDON_MODULES] {
        let d = self.digits.map(u32::from);
        let check = (3 * (d[0] + d[2] + d[4]) + 9 * (d[1] + d[3])) % 10;
        let sets = ADDON_SET_B_USED[check as usize];
        let mut m = [false; ADDON_MODULES];
        let mut at = 0;
        let mut put = |bits: u8, n: usize| {
            for i in (0..n).rev() {
                m[at] = bits >> i & 1 == 1;
                at += 1;
            }
        };
        put(0b1011, 4);
        for (i, &digit) in self.digits.iter().enumerate() {
            if i > 0 {
                put(0b01, 2);
            }
            let a = SET_A[usize::from(digit)];
            let use_b = sets >> (4 - i) & 1 == 1;
            put(if use_b { reverse7(!a & 0x7F) } else { a }, 7);
        }
        m
    }

    /// The bars, left to right, runs of dark modules merged.
    pub fn bars(&self) -> Vec<Bar> {
        runs(&self.modules(), |_| false)
    }
}

/// Runs of dark modules as bars.
fn runs(modules: &[bool], is_guard: impl Fn(usize) -> bool) -> Vec<Bar> {
    let mut bars = Vec::new();
    let mut i = 0;
    while i < modules.len() {
        if !modules[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < modules.len() && modules[i] {
            i += 1;
        }
        bars.push(Bar {
            start,
            width: i - start,
            guard: is_guard(start),
        });
    }
    bars
}

/// The seven low bits in reverse order.
fn reverse7(bits: u8) -> u8 {
    (0..7).fold(0, |acc, i| acc << 1 | (bits >> i & 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean5_starts_with_its_guard_and_encodes_the_check_in_parities() {
        let price = Ean5::new("51299").unwrap();
        let m = price.modules();
        assert_eq!(&m[..4], &[true, false, true, true]);
        // Check value (3·(5+2+9) + 9·(1+9)) mod 10 = 8: L G L L G.
        let first: Vec<bool> = m[4..11].to_vec();
        let five_a: Vec<bool> = (0..7).rev().map(|i| SET_A[5] >> i & 1 == 1).collect();
        assert_eq!(first, five_a, "the first digit in set A");
        assert!(Ean5::new("5129").is_none() && Ean5::new("5129x").is_none());
    }

    #[test]
    fn isbn_10_becomes_its_isbn_13() {
        let ean = Ean13::from_isbn("0-306-40615-2").unwrap();
        assert_eq!(ean.digits(), [9, 7, 8, 0, 3, 0, 6, 4, 0, 6, 1, 5, 7]);
        let x = Ean13::from_isbn("0-8044-2957-X").unwrap();
        assert_eq!(x.digits()[..3], [9, 7, 8]);
    }

    #[test]
    fn wrong_check_digit_and_wrong_length_are_refused() {
        assert!(Ean13::from_isbn("978-0-306-40615-8").is_err());
        assert!(Ean13::from_isbn("978-0-306-40615").is_err());
        assert!(Ean13::from_isbn("123-0-306-40615-7").is_err());
    }

    #[test]
    fn symbol_has_guards_and_every_digit_two_bars_in_seven_modules() {
        let ean = Ean13::from_isbn("978-0-306-40615-7").unwrap();
        let m = ean.modules();
        let bits =
            |r: std::ops::Range<usize>| m[r].iter().map(|&b| u8::from(b)).collect::<Vec<_>>();
        assert_eq!(bits(0..3), [1, 0, 1]);
        assert_eq!(bits(45..50), [0, 1, 0, 1, 0]);
        assert_eq!(bits(92..95), [1, 0, 1]);
        for digit in 0..12 {
            let start = if digit < 6 {
                3 + 7 * digit
            } else {
                50 + 7 * (digit - 6)
            };
            let d = &m[start..start + 7];
            let dark: usize = d.iter().filter(|&&b| b).count();
            let runs = d.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(d[0]);
            assert_eq!(runs, 2, "digit {digit}: two bars");
            // Sets A and C have odd/even parity of dark modules; right digits are always C.
            if digit >= 6 {
                assert_eq!(dark % 2, 0, "digit {digit}");
            }
        }
    }

    #[test]
    fn leading_digit_is_carried_by_the_left_hand_parities() {
        // 9 is LGGLGL: left digits 2, 3 and 5 are from set B (even parity).
        let ean = Ean13::from_isbn("978-0-306-40615-7").unwrap();
        let m = ean.modules();
        let parities: Vec<bool> = (0..6)
            .map(|d| m[3 + 7 * d..10 + 7 * d].iter().filter(|&&b| b).count() % 2 == 1)
            .collect();
        assert_eq!(parities, [true, false, false, true, false, true]);
        // Set A digit 7 is 0111011 and its set B form is 0010001.
        assert_eq!(&m[3..10], &[false, true, true, true, false, true, true]);
        assert_eq!(reverse7(!SET_A[7] & 0x7F), 0b0010001);
    }

    #[test]
    fn bars_cover_exactly_the_dark_modules() {
        let ean = Ean13::from_isbn("9781861978769").unwrap();
        let modules = ean.modules();
        let bars = ean.bars();
        let mut drawn = [false; MODULES];
        for bar in &bars {
            for cell in &mut drawn[bar.start..bar.start + bar.width] {
                *cell = true;
            }
        }
        assert_eq!(drawn, modules);
        assert_eq!(bars.iter().filter(|b| b.guard).count(), 6);
        assert!(bars.iter().all(|b| (1..=4).contains(&b.width)));
    }
}
