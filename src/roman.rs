//! Lower-case roman numerals: the front matter's folios, written by the typesetter and read
//! back by the PDF writer for its page labels. One rule, so the two always agree.

const TABLE: [(usize, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

/// `n` in lower-case roman numerals ("xiv"); empty for 0.
pub fn format(mut n: usize) -> String {
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The number a lower-case roman numeral in canonical form stands for ("iv", not "iiii"),
/// 1 to 3999; None for anything else.
pub fn parse(text: &str) -> Option<u32> {
    let value = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        b'd' => Some(500),
        b'm' => Some(1000),
        _ => None,
    };
    let digits: Vec<i64> = text.bytes().map(value).collect::<Option<_>>()?;
    // A digit before a larger one subtracts ("iv"); the canonical-form check below rejects
    // every malformed sequence this arithmetic would accept.
    let mut n = 0i64;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => n -= d,
            _ => n += d,
        }
    }
    let n = u32::try_from(n).ok()?;
    ((1..=3999).contains(&n) && format(n as usize) == text).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_are_written_in_canonical_form() {
        assert_eq!(format(4), "iv");
        assert_eq!(format(14), "xiv");
        assert_eq!(format(1999), "mcmxcix");
        assert_eq!(format(0), "");
    }

    #[test]
    fn numerals_parse_only_in_canonical_form() {
        assert_eq!(parse("i"), Some(1));
        assert_eq!(parse("xiv"), Some(14));
        assert_eq!(parse("mcmxcix"), Some(1999));
        assert_eq!(parse("iiii"), None);
        assert_eq!(parse("IV"), None);
        assert_eq!(parse("vx"), None);
        assert_eq!(parse("mix"), Some(1009));
        assert_eq!(parse(""), None);
        for n in 1..=3999 {
            assert_eq!(parse(&format(n as usize)), Some(n));
        }
    }
}
