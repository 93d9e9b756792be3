//! The document outline (bookmarks), nested as the typesetter gives it.
//!
//! Method. The outline is built after the pages exist: one dictionary per entry linked by
//! Parent/Prev/Next/First/Last (ISO 32000-1, 12.3.3). Top-level entries are open, so a reader sees the parts and their
//! chapters; deeper entries are closed (negative /Count). Each entry goes to the top of its
//! page.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::meta::text_string;
use crate::page::OutlineEntry;

/// Adds the outline to `doc` and returns the id of its root (`/Outlines`), or None when
/// there are no entries. `pages` are the page objects in order; `top` the page height.
pub(crate) fn build(
    doc: &mut Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    top: f32,
) -> Result<Option<ObjectId>, String> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = doc.new_object_id();
    let (first, last, visible) = siblings(doc, entries, root, pages, top, true)?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    dict.set("Count", Object::Integer(visible));
    doc.objects.insert(root, Object::Dictionary(dict));
    Ok(Some(root))
}

/// Writes one level of entries under `parent`; returns its first and last item and the
/// number of items visible below the parent when the parent is open.
fn siblings(
    doc: &mut Document,
    entries: &[OutlineEntry],
    parent: ObjectId,
    pages: &[ObjectId],
    top: f32,
    open: bool,
) -> Result<(ObjectId, ObjectId, i64), String> {
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0i64;
    for (i, entry) in entries.iter().enumerate() {
        let page = *pages.get(entry.page).ok_or_else(|| {
            format!(
                "outline entry \"{}\" points to page {} of {}",
                entry.title,
                entry.page + 1,
                pages.len()
            )
        })?;
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(parent));
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ]),
        );
        visible += 1;
        if !entry.children.is_empty() {
            // Only the top level is open: its children show, theirs do not.
            let (first, last, below) = siblings(doc, &entry.children, ids[i], pages, top, false)?;
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            // Open: how many descendants show; closed: minus how many would show if opened.
            dict.set("Count", Object::Integer(if open { below } else { -below }));
            if open {
                visible += below;
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    Ok((ids[0], ids[ids.len() - 1], visible))
}
