//! PDF/X: what a file for the press must carry beyond an ordinary PDF.
//!
//! Method. folio's pages already meet most of PDF/X by construction: every font is embedded,
//! every page has a TrimBox (and a BleedBox with bleed), text and rules are DeviceGray black,
//! and nothing is transparent (no soft masks, no constant alpha, no transparency groups are
//! ever written). What is added here for a PDF/X file:
//!
//! - the header version the standard is built on (1.6 for PDF/X-4, ISO 15930-7; 1.4 for
//!   PDF/X-1a:2003, ISO 15930-4);
//! - an output intent (`/S /GTS_PDFX`) naming the printing condition, with its ICC output
//!   profile embedded: folio's own grey profile (`icc`), since the condition is "Custom";
//! - `GTS_PDFXVersion` and `/Trapped /False` in the Info dictionary and the XMP packet
//!   (`meta` writes those, reading the level from the layout);
//! - for X-1a, which allows only grey and CMYK, RGB images converted to grey ([`to_grey`]);
//! - for X-4, RGB images tagged as ICC-based sRGB ([`tag_rgb_images`]): with a grey output
//!   intent, bare DeviceRGB is not allowed, device-independent colour is.
//!
//! Link annotations are dropped from PDF/X files in `fixup`.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::icc;
use crate::page::{EmbeddedImage, PdfX};

/// The PDF header version a level is built on.
pub(crate) fn pdf_version(level: PdfX) -> &'static str {
    level.pdf_version()
}

/// The value of `GTS_PDFXVersion` in Info and XMP.
pub(crate) fn version_name(level: PdfX) -> &'static str {
    level.version_name()
}

/// The printing condition the output intent names, on the book's paper (it is not in the ICC
/// registry, hence the identifier "Custom" and an embedded profile; the profile is
/// media-relative, the paper its white, so it serves white and cream stock alike).
pub(crate) fn condition(cream: bool) -> &'static str {
    if cream {
        "Black ink on cream uncoated book paper (folio grey)"
    } else {
        "Black ink on white uncoated book paper (folio grey)"
    }
}

/// Adds the output intent with its embedded profile and returns the catalog's
/// `/OutputIntents` array.
pub(crate) fn output_intents(doc: &mut Document, cream: bool) -> Object {
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    // One colour component: the profile is for DeviceGray (ISO 32000-1, 8.6.5.5).
    let profile = Stream::new(
        Dictionary::from_iter(vec![
            ("N", Object::Integer(1)),
            ("Alternate", Object::Name(b"DeviceGray".to_vec())),
        ]),
        icc::grey_output_profile(),
    );
    let profile_id: ObjectId = doc.add_object(profile);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", literal("Custom")),
        ("OutputCondition", literal(condition(cream))),
        ("Info", literal(condition(cream))),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);
    let intent_id = doc.add_object(intent);
    Object::Array(vec![Object::Reference(intent_id)])
}

/// The output intent of a file for four-colour process: folio's CMYK condition, its profile
/// embedded. The cover is printed on white coated cover stock whatever the book's paper, so
/// the condition names that stock (and the ink limit the separation kept to).
pub(crate) fn cmyk_output_intents(doc: &mut Document, profile: Vec<u8>, ink_limit: u16) -> Object {
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let profile = Stream::new(
        Dictionary::from_iter(vec![
            ("N", Object::Integer(4)),
            ("Alternate", Object::Name(b"DeviceCMYK".to_vec())),
        ]),
        profile,
    );
    let profile_id: ObjectId = doc.add_object(profile);
    let condition = format!(
        "Four-colour offset on white coated cover stock, at most {ink_limit}% total ink (folio CMYK)"
    );
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", literal("Custom")),
        ("OutputCondition", literal(&condition)),
        ("Info", literal(&super::cmyk::description(ink_limit))),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);
    let intent_id = doc.add_object(intent);
    Object::Array(vec![Object::Reference(intent_id)])
}

/// The output intent of a PDF/X-1a file for four-colour process that names a registered
/// printing condition: its identifier and the registry's name, and no profile. PDF/X-1a
/// (ISO 15930-4, 6.2.2; -1 likewise) makes `DestOutputProfile` optional for a condition in
/// the registry, and folio's own profile must not go in its place: it characterises folio's
/// condition, not the one named, and a RIP that found it would proof the art against it.
pub(crate) fn registered_output_intents(
    doc: &mut Document,
    condition: crate::manuscript::OutputCondition,
) -> Object {
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", literal(condition.identifier())),
        ("RegistryName", literal("http://www.color.org")),
        ("OutputCondition", literal(condition.description())),
        ("Info", literal(condition.description())),
    ]);
    let intent_id = doc.add_object(intent);
    Object::Array(vec![Object::Reference(intent_id)])
}

/// Gives every DeviceRGB image the ICC-based sRGB colour space (one embedded profile shared
/// by all of them).
pub(crate) fn tag_rgb_images(doc: &mut Document) {
    let rgb_images: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, object)| {
            matches!(object, Object::Stream(s)
                if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
                && s.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceRGB"))
        })
        .map(|(id, _)| *id)
        .collect();
    if rgb_images.is_empty() {
        return;
    }
    let profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        icc::srgb_profile(),
    );
    let profile_id = doc.add_object(profile);
    let space = Object::Array(vec![
        Object::Name(b"ICCBased".to_vec()),
        Object::Reference(profile_id),
    ]);
    for id in rgb_images {
        if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
            s.dict.set("ColorSpace", space.clone());
        }
    }
}

/// An RGB image as grey, by luma (ITU-R BT.601 weights, in 1/1000), for PDF/X-1a, which
/// allows no RGB. Grey images are returned unchanged.
pub(crate) fn to_grey(image: &EmbeddedImage) -> EmbeddedImage {
    if image.channels != 3 {
        return image.clone();
    }
    let pixels = image
        .pixels
        .chunks_exact(3)
        .map(|p| {
            let [r, g, b] = [p[0], p[1], p[2]].map(u32::from);
            ((299 * r + 587 * g + 114 * b + 500) / 1000) as u8
        })
        .collect();
    EmbeddedImage {
        width: image.width,
        height: image.height,
        channels: 1,
        pixels,
        jpeg: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_becomes_grey_by_luma_and_white_stays_white() {
        let image = EmbeddedImage {
            width: 3,
            height: 1,
            channels: 3,
            pixels: vec![255, 255, 255, 255, 0, 0, 0, 0, 255],
            jpeg: None,
        };
        let grey = to_grey(&image);
        assert_eq!(grey.channels, 1);
        assert_eq!(grey.pixels, vec![255, 76, 29]);
    }
}
