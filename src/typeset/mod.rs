//! The print engine: fonts, shaping, hyphenation, line breaking and pagination.
pub mod fonts;
pub mod geometry;
pub mod hyphenate;
pub mod linebreak;
pub mod page;
pub mod paginate;
pub mod paragraph;
pub mod shape;

#[cfg(test)]
mod quality_tests;
