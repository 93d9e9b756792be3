//! The EPUB 3 edition.
