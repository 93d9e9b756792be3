//! Page labels (ISO 32000-1, 12.4.2): the page number a viewer shows is the printed folio.
//!
//! Method. Each page's folio is read as lower-case roman ("xi") or decimal ("23"). Pages
//! without a folio (half-title, blank versos, chapter openings) take the number their
//! position implies: the previous numbered page's number plus the distance in the same
//! style, or, before the first numbered page, the next one's minus the distance. Unnumbered
//! pages before a page 1 are front matter and count in roman from i; a book with no folios
//! at all is numbered 1, 2, 3. Consecutive pages that continue a style's count share one
//! range; a folio in any other form is written as a literal label (/P) of its own. Ranges
//! become the catalog's /PageLabels number tree.

use lopdf::{Dictionary, Object};

use super::meta::text_string;

/// What one page's label is.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    Roman(u32),
    Decimal(u32),
    /// A folio in no numbering style, shown as it is.
    Literal(String),
}

/// One /PageLabels range: its first page index and label dictionary.
pub(crate) type Range = (usize, Dictionary);

/// The label ranges for pages with these folios.
pub(crate) fn ranges(folios: &[Option<&str>]) -> Vec<Range> {
    let labels = infer(folios);
    let mut out: Vec<Range> = Vec::new();
    let mut prev: Option<&Label> = None;
    for (i, label) in labels.iter().enumerate() {
        let continues = match (prev, label) {
            (Some(Label::Roman(a)), Label::Roman(b))
            | (Some(Label::Decimal(a)), Label::Decimal(b)) => *b == a + 1,
            _ => false,
        };
        if !continues {
            let mut dict = Dictionary::new();
            match label {
                Label::Roman(n) | Label::Decimal(n) => {
                    let style: &[u8] = if matches!(label, Label::Roman(_)) {
                        b"r"
                    } else {
                        b"D"
                    };
                    dict.set("S", Object::Name(style.to_vec()));
                    if *n != 1 {
                        dict.set("St", Object::Integer(i64::from(*n)));
                    }
                }
                Label::Literal(text) => dict.set("P", text_string(text)),
            }
            out.push((i, dict));
        }
        prev = Some(label);
    }
    out
}

/// The /PageLabels number tree: a single root with all ranges in /Nums.
pub(crate) fn number_tree(ranges: Vec<Range>) -> Dictionary {
    let mut nums = Vec::with_capacity(ranges.len() * 2);
    for (start, dict) in ranges {
        nums.push(Object::Integer(start as i64));
        nums.push(Object::Dictionary(dict));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    tree
}

fn infer(folios: &[Option<&str>]) -> Vec<Label> {
    let given: Vec<Option<Label>> = folios
        .iter()
        .map(|f| {
            let f = f.map(str::trim).filter(|f| !f.is_empty())?;
            Some(if let Some(n) = decimal(f) {
                Label::Decimal(n)
            } else if let Some(n) = crate::roman::parse(f) {
                Label::Roman(n)
            } else {
                Label::Literal(f.to_owned())
            })
        })
        .collect();

    let numbered = |l: &Label| matches!(l, Label::Roman(_) | Label::Decimal(_));
    // `l` moved `by` pages in its own style, if that stays at 1 or above.
    let shifted = |l: &Label, by: i64| -> Option<Label> {
        let (n, roman) = match l {
            Label::Roman(n) => (*n, true),
            Label::Decimal(n) => (*n, false),
            Label::Literal(_) => return None,
        };
        let m = u32::try_from(i64::from(n) + by).ok().filter(|m| *m >= 1)?;
        Some(if roman {
            Label::Roman(m)
        } else {
            Label::Decimal(m)
        })
    };

    let first_numbered = given.iter().position(|l| l.as_ref().is_some_and(numbered));
    let mut out = Vec::with_capacity(given.len());
    let mut last: Option<(usize, &Label)> = None;
    for (i, label) in given.iter().enumerate() {
        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match label {
            Some(l) => {
                if numbered(l) {
                    last = Some((i, l));
                }
                out.push(l.clone());
            }
            None => out.push(match (last, first_numbered) {
                (Some((at, l)), _) => shifted(l, (i - at) as i64).unwrap_or(Label::Decimal(page)),
                (None, Some(next)) => {
                    let l = given[next].as_ref().expect("numbered");
                    shifted(l, -((next - i) as i64)).unwrap_or(Label::Roman(page))
                }
                (None, None) => Label::Decimal(page),
            }),
        }
    }
    out
}

/// A decimal folio: ASCII digits only, no sign, at least 1.
fn decimal(f: &str) -> Option<u32> {
    if !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    f.parse().ok().filter(|n| *n >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(folios: &[Option<&str>]) -> Vec<(usize, String)> {
        ranges(folios)
            .into_iter()
            .map(|(start, d)| {
                let mut s = String::new();
                if let Ok(Object::Name(n)) = d.get(b"S") {
                    s.push_str(std::str::from_utf8(n).unwrap());
                }
                if let Ok(Object::Integer(st)) = d.get(b"St") {
                    s.push_str(&format!(" {st}"));
                }
                if let Ok(Object::String(p, _)) = d.get(b"P") {
                    s.push_str(&format!(" P={}", String::from_utf8_lossy(p)));
                }
                (start, s)
            })
            .collect()
    }

    #[test]
    fn front_matter_roman_then_arabic() {
        // half-title, blank, title, blank, "v", "vi", blank, "1", "2", blank, "4"
        let folios = [
            None,
            None,
            None,
            None,
            Some("v"),
            Some("vi"),
            None,
            Some("1"),
            Some("2"),
            None,
            Some("4"),
        ];
        assert_eq!(summary(&folios), vec![(0, "r".into()), (7, "D".into())]);
    }

    #[test]
    fn breaks_in_the_count_start_new_ranges() {
        let folios = [
            Some("1"),
            Some("2"),
            Some("7"),
            None,
            Some("A-1"),
            Some("9"),
        ];
        assert_eq!(
            summary(&folios),
            vec![
                (0, "D".into()),
                (2, "D 7".into()),
                (4, " P=A-1".into()),
                (5, "D 9".into())
            ]
        );
    }

    #[test]
    fn unnumbered_pages_before_page_one_count_in_roman() {
        let folios = [None, None, Some("1"), Some("2")];
        assert_eq!(summary(&folios), vec![(0, "r".into()), (2, "D".into())]);
    }

    #[test]
    fn pages_without_any_folio_are_numbered_from_one() {
        assert_eq!(summary(&[None, None, None]), vec![(0, "D".into())]);
        // An unnumbered page after a literal folio counts on from the page position.
        assert_eq!(
            summary(&[Some("A"), None]),
            vec![(0, " P=A".into()), (1, "D 2".into())]
        );
    }
}
