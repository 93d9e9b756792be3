//! Path containment (stub, being written).
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

pub struct BookRoot {
    path: PathBuf,
}

impl BookRoot {
    pub fn open(root: &Path) -> Result<BookRoot, Diagnostic> {
        Ok(BookRoot { path: root.to_path_buf() })
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn read_text(&self, _rel: &Path) -> Result<String, Box<Diagnostic>> {
        todo!()
    }
    pub fn font_files(&self) -> Vec<PathBuf> {
        todo!()
    }
}
