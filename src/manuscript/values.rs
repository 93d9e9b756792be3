//! The values book.yaml and front matter hold that have rules of their own: dates, lengths,
//! BCP 47 language tags and ISBN check digits. Each check returns why a value is wrong, in
//! words, for the diagnostic that quotes it.

use super::config::BookDate;

/// A length in points from "11", "11pt", "0.75in", "18mm", "2cm".
pub fn parse_length(text: &str) -> Option<f32> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f32 = num.parse().ok()?;
    let factor = match unit.trim() {
        "" | "pt" => 1.0,
        "in" => 72.0,
        "mm" => 72.0 / 25.4,
        "cm" => 72.0 / 2.54,
        _ => return None,
    };
    Some(value * factor).filter(|v| v.is_finite())
}

pub fn parse_date(text: &str) -> Result<BookDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, what: &str| -> Result<u32, String> {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("the {what} `{s}` is not a number"));
        }
        s.parse::<u32>()
            .map_err(|_| format!("the {what} is too large"))
    };
    if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
        return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into());
    }
    let year = number(parts[0], "year")? as i32;
    let month = match parts.get(1) {
        Some(m) => {
            let m = number(m, "month")?;
            if !(1..=12).contains(&m) {
                return Err(format!("there is no month {m}"));
            }
            Some(m as u8)
        }
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => {
            let d = number(d, "day")?;
            let m = month.unwrap_or(1) as u32;
            let days = u32::from(crate::dates::days_in_month(year, m as u8).unwrap_or(31));
            if !(1..=days).contains(&d) {
                return Err(format!("month {m} of {year} has {days} days, not {d}"));
            }
            Some(d as u8)
        }
        None => None,
    };
    Ok(BookDate { year, month, day })
}

/// A well-formed BCP 47 tag whose primary language subtag is a known ISO 639 code.
pub fn check_language(tag: &str) -> Result<(), String> {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(format!("`{primary}` is not a 2- or 3-letter language code"));
    }
    if primary.len() == 2
        && !ISO_639_1
            .split(' ')
            .any(|c| c.eq_ignore_ascii_case(primary))
    {
        return Err(format!("`{primary}` is not an ISO 639-1 language code"));
    }
    for sub in subtags {
        if sub.is_empty() || sub.len() > 8 || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("`{sub}` is not a valid subtag"));
        }
    }
    Ok(())
}

const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce \
ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha \
he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku \
kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv \
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st \
su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// ISBN-10 or ISBN-13 with a correct check digit (hyphens and spaces ignored).
pub fn check_isbn(text: &str) -> Result<(), String> {
    isbn13(text).map(drop)
}

/// The thirteen digits of an ISBN as written: an ISBN-13 (which begins 978 or 979) as it is,
/// an ISBN-10 as the ISBN-13 it becomes (978, its first nine digits, a new check digit),
/// each with its check digit checked. Hyphens (ASCII or Unicode) and spaces are ignored.
/// The one rule for what an ISBN is: the loader validates with it, and the cover's barcode
/// is made from what it returns.
pub fn isbn13(text: &str) -> Result<[u8; 13], String> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}' | '\u{2011}'))
        .collect();
    let mut digits = [0u8; 13];
    match chars.len() {
        13 => {
            for (slot, c) in digits.iter_mut().zip(&chars) {
                *slot = c.to_digit(10).ok_or("an ISBN-13 has only digits")? as u8;
            }
            if !(digits.starts_with(&[9, 7, 8]) || digits.starts_with(&[9, 7, 9])) {
                return Err("an ISBN-13 begins 978 or 979".into());
            }
            let check = isbn13_check_digit(&digits);
            if check != digits[12] {
                return Err(format!(
                    "the check digit should be {check}, not {}",
                    digits[12]
                ));
            }
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let v = match c {
                    'X' | 'x' if i == 9 => 10,
                    c => c
                        .to_digit(10)
                        .ok_or("an ISBN-10 has only digits (and a final X)")?,
                };
                sum += v * (10 - i as u32);
                if i < 9 {
                    digits[3 + i] = v as u8;
                }
            }
            if sum % 11 != 0 {
                return Err("the check digit does not match".into());
            }
            digits[..3].copy_from_slice(&[9, 7, 8]);
            digits[12] = isbn13_check_digit(&digits);
        }
        n => return Err(format!("an ISBN has 10 or 13 digits, this has {n}")),
    }
    Ok(digits)
}

/// The check digit of an ISBN-13 (the EAN-13 rule): weights 1, 3, 1, 3, ... over the first
/// twelve digits, and the check brings the sum to a multiple of ten.
fn isbn13_check_digit(digits: &[u8; 13]) -> u8 {
    let sum: u32 = digits[..12]
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_real_days() {
        assert_eq!(parse_date("2015-01").unwrap().month, Some(1));
        assert!(parse_date("2015-02-29").is_err());
        assert!(parse_date("2016-02-29").is_ok());
        assert!(parse_date("2015-13").is_err());
        assert!(parse_date("15-01-01").is_err());
        assert_eq!(parse_date("1970-01-02").unwrap().timestamp(), 86_400);
    }

    #[test]
    fn isbn_10_becomes_its_isbn_13() {
        assert_eq!(
            isbn13("0-306-40615-2"),
            Ok([9, 7, 8, 0, 3, 0, 6, 4, 0, 6, 1, 5, 7])
        );
        assert_eq!(
            isbn13("0-8044-2957-X"),
            Ok([9, 7, 8, 0, 8, 0, 4, 4, 2, 9, 5, 7, 3])
        );
        assert_eq!(isbn13("979-10-90636-07-1").map(|d| d[12]), Ok(1));
        // A sum already a multiple of ten gives 0, not 10.
        assert_eq!(isbn13("9780000000040").map(|d| d[12]), Ok(0));
    }

    #[test]
    fn isbn_checksums() {
        assert!(check_isbn("978-0-306-40615-7").is_ok());
        assert!(check_isbn("978-0-306-40615-8").is_err());
        assert!(check_isbn("0-306-40615-2").is_ok());
        assert!(check_isbn("12345").is_err());
        // Unicode hyphens are hyphens; a 13-digit number outside the ISBN prefixes is not
        // an ISBN even when its check digit adds up.
        assert!(check_isbn("978\u{2010}0\u{2010}306\u{2010}40615\u{2010}7").is_ok());
        assert!(check_isbn("123-0-306-40615-5").is_err());
        assert!(check_isbn("0-306-40615-3").is_err());
    }

    #[test]
    fn language_tags() {
        assert!(check_language("en-GB").is_ok());
        assert!(check_language("fr").is_ok());
        assert!(check_language("xx-GB").is_err());
        assert!(check_language("english").is_err());
    }

    #[test]
    fn lengths_with_units() {
        assert_eq!(parse_length("11"), Some(11.0));
        assert_eq!(parse_length("1in"), Some(72.0));
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-3);
        assert_eq!(parse_length("11px"), None);
    }
}
