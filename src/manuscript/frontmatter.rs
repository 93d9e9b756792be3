//! Chapter front matter (stub, being written).

/// What a piece's front matter says; `title` is always set once loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PieceMeta {
    pub title: String,
    pub subtitle: Option<String>,
    /// The byline.
    pub author: Option<String>,
    pub date: Option<String>,
    pub dateline: Option<String>,
    pub kind: Option<String>,
    pub standfirst: Option<String>,
    /// The source credit ("First published by AFP, 14 January 2015").
    pub source: Option<String>,
    /// The author's note (Markdown) set apart before the piece.
    pub note: Option<String>,
}
