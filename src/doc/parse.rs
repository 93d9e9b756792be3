//! Markdown -> IR (stub, being written).
use super::{Inline, PieceDoc};
use crate::diag::Diagnostics;
use crate::manuscript::Piece;

pub fn parse_piece(_piece: &Piece, _id: &str) -> (PieceDoc, Diagnostics) {
    todo!()
}

pub fn parse_inlines(_text: &str) -> Vec<Inline> {
    todo!()
}
