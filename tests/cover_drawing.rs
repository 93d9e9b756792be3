//! What the cover adds to the page model, drawn by the PDF writer and read back: grey fills
//! and turned frames (text along a spine).

mod pdf_fixture;

use lopdf::content::{Content, Operation};
use lopdf::Document;
use pdf_fixture::*;

use folio::page::{Layout, Page, PageItem};

fn one_page(items: Vec<PageItem>) -> Layout {
    let mut layout = book();
    layout.pages = vec![Page { items, folio: None }];
    layout.outline.clear();
    layout
}

fn operations(layout: &Layout) -> Vec<Operation> {
    let bytes = folio::pdf::write(layout).expect("the writer accepts the layout");
    let doc = Document::load_mem(&bytes).unwrap();
    let id = doc.get_pages()[&1];
    Content::decode(&doc.get_page_content(id))
        .unwrap()
        .operations
}

fn floats(op: &Operation) -> Vec<f32> {
    op.operands.iter().map(|o| o.as_float().unwrap()).collect()
}

fn names(ops: &[Operation]) -> Vec<&str> {
    ops.iter().map(|op| op.operator.as_str()).collect()
}

#[test]
fn a_fill_is_a_grey_rectangle_that_leaves_text_black() {
    let ops = operations(&one_page(vec![
        PageItem::Fill {
            x: 10.0,
            y: 20.0,
            width: 30.0,
            height: 40.0,
            grey: 0.25,
        },
        PageItem::Text(shape(REGULAR, 11.0, 72.0, 500.0, "Black")),
    ]));
    let n = names(&ops);
    let g = n
        .iter()
        .position(|o| *o == "g")
        .expect("a grey fill colour");
    assert_eq!(floats(&ops[g]), vec![0.25]);
    let re = n.iter().position(|o| *o == "re").unwrap();
    assert_eq!(floats(&ops[re]), vec![10.0, 20.0, 30.0, 40.0]);
    assert_eq!(n[re + 1], "f", "filled, not stroked");
    // The colour is set inside q..Q, so the text after it is in the default black.
    let q = n[..g].iter().rposition(|o| *o == "q").unwrap();
    let restore = n[re..].iter().position(|o| *o == "Q").unwrap() + re;
    let text = n.iter().position(|o| *o == "TJ").unwrap();
    assert!(q < g && restore < text, "{n:?}");
}

#[test]
fn a_turned_frame_rotates_its_items_and_the_text_state_is_set_again_after_it() {
    let ops = operations(&one_page(vec![
        PageItem::Text(shape(REGULAR, 11.0, 72.0, 500.0, "Before")),
        PageItem::Rotated {
            x: 300.0,
            y: 600.0,
            angle: -90.0,
            items: vec![
                PageItem::Text(shape(REGULAR, 16.0, 10.0, -4.0, "Spine")),
                PageItem::Rule {
                    x0: 0.0,
                    y0: 0.0,
                    x1: 50.0,
                    y1: 0.0,
                    width: 2.0,
                },
            ],
        },
        PageItem::Text(shape(REGULAR, 16.0, 72.0, 400.0, "After")),
    ]));
    let n = names(&ops);
    let cm = n.iter().position(|o| *o == "cm").unwrap();
    let m: Vec<f32> = floats(&ops[cm])
        .iter()
        .map(|v| (v * 1000.0).round() / 1000.0)
        .collect();
    assert_eq!(m, vec![0.0, -1.0, 1.0, 0.0, 300.0, 600.0]);
    let restore = n[cm..].iter().position(|o| *o == "Q").unwrap() + cm;
    // Inside the frame: the 16 pt text and the rule.
    let inside = &n[cm..restore];
    assert!(
        inside.contains(&"TJ") && inside.contains(&"S"),
        "{inside:?}"
    );
    // The 16 pt size set inside the frame ended with it: the text after it sets it again.
    let after = &ops[restore..];
    let tf = after
        .iter()
        .position(|op| op.operator == "Tf")
        .expect("Tf after Q");
    let tj = after.iter().position(|op| op.operator == "TJ").unwrap();
    assert!(tf < tj);
    assert_eq!(after[tf].operands[1].as_float().unwrap(), 16.0);
}

#[test]
fn a_link_cannot_be_turned() {
    let layout = one_page(vec![PageItem::Rotated {
        x: 0.0,
        y: 0.0,
        angle: 90.0,
        items: vec![PageItem::Link {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
            target: folio::page::LinkTarget::External("https://example.org".into()),
        }],
    }]);
    let err = folio::pdf::write(&layout).unwrap_err();
    assert!(err.contains("turned"), "{err}");
}

#[test]
fn fonts_and_images_inside_frames_are_embedded() {
    // The only text on the page is turned: its font must still be subset and embedded.
    let layout = one_page(vec![PageItem::Rotated {
        x: 100.0,
        y: 100.0,
        angle: 90.0,
        items: vec![
            PageItem::Text(shape(ITALIC, 12.0, 0.0, 0.0, "Only here")),
            PageItem::Image {
                image: 1,
                x: 0.0,
                y: 20.0,
                width: 10.0,
                height: 10.0,
            },
        ],
    }]);
    let bytes = folio::pdf::write(&layout).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let id = doc.get_pages()[&1];
    let fonts = doc.get_page_fonts(id).unwrap();
    assert_eq!(fonts.len(), 1);
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image")
            })
        })
        .count();
    assert_eq!(images, 1);
}
