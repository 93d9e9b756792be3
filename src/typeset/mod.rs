//! The print engine: fonts, shaping, hyphenation, line breaking and pagination.
pub mod fonts;
pub mod hyphenate;
pub mod linebreak;
pub mod page;
pub mod shape;
