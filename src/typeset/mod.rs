//! The print engine: fonts, shaping, hyphenation, line breaking and pagination.
pub mod page;
pub mod fonts;
pub mod shape;
pub mod hyphenate;
