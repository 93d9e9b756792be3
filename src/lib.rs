//! folio: a book publisher's build tool. Markdown manuscript in, EPUB 3 and typeset PDF out.
//!
//! The pipeline (see docs/ARCHITECTURE.md): `manuscript` (load) -> `doc` (IR) -> the
//! editions behind the `edition` seam: `epub`, and `typeset` -> `page` -> `pdf` | `cover`;
//! orchestrated by `build`. No module depends on one after it (tests/architecture.rs).

pub mod build;
pub mod cli;
pub mod commands;
pub mod cover;
pub mod dates;
pub mod diag;
pub mod doc;
pub mod edition;
pub mod epub;
pub mod json;
pub mod limits;
pub mod lint;
pub mod manuscript;
pub mod page;
pub mod pdf;
pub mod preflight;
pub mod roman;
pub mod scaffold;
pub mod stats;
pub mod typeset;
