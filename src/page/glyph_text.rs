//! The text a glyph stands for, stored in the glyph itself.
//!
//! A book's pages hold millions of glyphs, and nearly every one stands for a character or
//! two ("e", "fi", " ") or for nothing (the later glyphs of a cluster). A `String` per glyph
//! cost a heap allocation each and 24 bytes besides, and the pages' glyphs are copied several
//! times between the paragraph builder and the PDF writer; on a book of three million words
//! the glyphs were most of the memory. [`GlyphText`] is 8 bytes: up to [`INLINE`] bytes of
//! text kept in the value itself, which is every single character and every ligature, and
//! longer texts (a letter with several combining marks, say) interned in a pool the process
//! keeps: a book has a handful of distinct ones. Copying a glyph is copying 16 bytes, and a
//! `GlyphText` reads as a `&str` everywhere.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{OnceLock, RwLock};

/// Bytes of text kept inline: any character, and the ligatures "ffi", "ffl", "st".
const INLINE: usize = 6;

/// A short string, inline when it fits (see the module documentation). Not `Copy`, so it is
/// used as a `String` would be; cloning one is a copy of 8 bytes.
#[derive(Clone)]
pub struct GlyphText(Repr);

#[derive(Clone, Copy)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    /// Index into the [`pool`].
    Pooled(u32),
}

/// The interned longer texts: each distinct one once, for the life of the process (they
/// must outlive every glyph that names them, and there are few).
struct Pool {
    index: HashMap<&'static str, u32>,
    texts: Vec<&'static str>,
}

fn pool() -> &'static RwLock<Pool> {
    static POOL: OnceLock<RwLock<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        RwLock::new(Pool {
            index: HashMap::new(),
            texts: Vec::new(),
        })
    })
}

/// The pool's number for `text`, adding it the first time.
fn intern(text: &str) -> u32 {
    // A poisoned lock only means another thread panicked mid-insert; the pool is intact.
    if let Some(&n) = pool()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .index
        .get(text)
    {
        return n;
    }
    let mut pool = pool().write().unwrap_or_else(|e| e.into_inner());
    if let Some(&n) = pool.index.get(text) {
        return n;
    }
    let n = u32::try_from(pool.texts.len()).expect("fewer than 4 billion distinct clusters");
    let kept: &'static str = Box::leak(text.into());
    pool.texts.push(kept);
    pool.index.insert(kept, n);
    n
}

fn pooled(n: u32) -> &'static str {
    pool().read().unwrap_or_else(|e| e.into_inner()).texts[n as usize]
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
            Repr::Pooled(n) => pooled(*n),
        }
    }

    /// The text's bytes, without the UTF-8 check `as_str` makes: comparisons and hashing
    /// go through here, as they are the common operations on a book's worth of glyphs.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Repr::Pooled(n) => pooled(*n).as_bytes(),
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
            GlyphText(Repr::Pooled(intern(text)))
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
    fn a_glyph_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<GlyphText>(), 8);
        assert_eq!(std::mem::size_of::<super::super::Glyph>(), 16);
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
    fn grows_from_inline_to_pooled() {
        let mut g = GlyphText::from("e");
        g.push('\u{301}');
        assert_eq!(g, "e\u{301}");
        g.push_str(" and then some more letters");
        assert_eq!(g, "e\u{301} and then some more letters");
        assert_eq!(String::from("x"), GlyphText::from('x'));
        // The same long text is pooled once.
        let a = GlyphText::from("a long text, pooled");
        let b = GlyphText::from(String::from("a long text, pooled"));
        assert!(matches!((a.0, b.0), (Repr::Pooled(x), Repr::Pooled(y)) if x == y));
    }
}
