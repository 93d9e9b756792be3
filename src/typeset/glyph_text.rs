//! The text a glyph stands for, stored in the glyph itself.
//!
//! A book's pages hold millions of glyphs, and nearly every one stands for a character or
//! two ("e", "fi", " ") or for nothing (the later glyphs of a cluster). A `String` per glyph
//! cost a heap allocation each, and the pages' glyphs are copied several times between the
//! paragraph builder and the PDF writer. [`GlyphText`] keeps up to [`INLINE`] bytes inside
//! the value (16 bytes in all, the size of a slice reference) and only longer texts on the
//! heap, so copying a glyph is copying 24 bytes. It reads as a `&str` everywhere.

use std::fmt;
use std::ops::Deref;

/// Bytes of text kept inline: any cluster of up to three or four letters in any script.
const INLINE: usize = 14;

/// A short string, inline when it fits (see the module documentation).
#[derive(Clone)]
pub struct GlyphText(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    // Boxed twice so the variant is one thin pointer and the whole type stays 16 bytes.
    Heap(Box<Box<str>>),
}

impl GlyphText {
    /// The empty text (a glyph that stands for nothing).
    pub const fn new() -> GlyphText {
        GlyphText(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from whole `&str`s (see `From<&str>`), so always UTF-8.
            Repr::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)])
                .expect("inline glyph text is UTF-8"),
            Repr::Heap(text) => text,
        }
    }

    /// The text's bytes, without the UTF-8 check `as_str` makes: comparisons and hashing
    /// go through here, as they are the common operations on a book's worth of glyphs.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Repr::Heap(text) => text.as_bytes(),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push_str(&mut self, more: &str) {
        if more.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.len() + more.len());
        text.push_str(self);
        text.push_str(more);
        *self = GlyphText::from(text.as_str());
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
}

impl Default for GlyphText {
    fn default() -> Self {
        GlyphText::new()
    }
}

impl From<&str> for GlyphText {
    fn from(text: &str) -> Self {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            GlyphText(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            GlyphText(Repr::Heap(Box::new(text.into())))
        }
    }
}

impl From<String> for GlyphText {
    fn from(text: String) -> Self {
        GlyphText::from(text.as_str())
    }
}

impl From<char> for GlyphText {
    fn from(c: char) -> Self {
        GlyphText::from(&*c.encode_utf8(&mut [0; 4]))
    }
}

impl Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for GlyphText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for GlyphText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for GlyphText {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for GlyphText {}

impl std::hash::Hash for GlyphText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As `str` hashes, so a `GlyphText` and its `&str` hash alike.
        state.write(self.as_bytes());
        state.write_u8(0xff);
    }
}

macro_rules! eq_with_str {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for GlyphText {
            fn eq(&self, other: &$other) -> bool {
                self.as_bytes() == AsRef::<str>::as_ref(other).as_bytes()
            }
        }
        impl PartialEq<GlyphText> for $other {
            fn eq(&self, other: &GlyphText) -> bool {
                AsRef::<str>::as_ref(self).as_bytes() == other.as_bytes()
            }
        }
    )*};
}
eq_with_str!(str, &str, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_as_small_as_a_slice_reference() {
        assert_eq!(std::mem::size_of::<GlyphText>(), 16);
        assert_eq!(std::mem::size_of::<super::super::page::Glyph>(), 24);
    }

    #[test]
    fn short_and_long_texts_read_back() {
        for text in ["", "e", "ffi", "ἀρετή", "a much longer cluster of text"] {
            let g = GlyphText::from(text);
            assert_eq!(g, text);
            assert_eq!(g.len(), text.len());
            assert_eq!(g.clone(), g);
        }
        assert!(GlyphText::new().is_empty());
    }

    #[test]
    fn grows_from_inline_to_heap() {
        let mut g = GlyphText::from("e");
        g.push('\u{301}');
        assert_eq!(g, "e\u{301}");
        g.push_str(" and then some more letters");
        assert_eq!(g, "e\u{301} and then some more letters");
        assert_eq!(String::from("x"), GlyphText::from('x'));
    }
}
