//! Contents resolution (stub, being written).
use std::path::PathBuf;

use super::paths::BookRoot;
use super::Division;
use crate::diag::Diagnostics;

/// One entry of `contents:` as written, with its position in book.yaml.
#[derive(Debug, Clone)]
pub enum Entry {
    Chapter { path: PathBuf, line: usize, column: usize },
    Part { title: String, chapters: Vec<(PathBuf, usize, usize)>, line: usize, column: usize },
}

pub fn resolve(
    _root: &BookRoot,
    _entries: &Option<Vec<Entry>>,
    _diags: &mut Diagnostics,
) -> Vec<Division> {
    todo!()
}
