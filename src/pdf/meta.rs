//! Document metadata: the Info dictionary, the XMP packet, and date and text strings.
//!
//! Method. Both carry the same title, author, subject and dates. Dates come from
//! `Layout::timestamp` (SOURCE_DATE_EPOCH or the book's date), never the clock, and are
//! written in UTC (`crate::dates`).

use lopdf::{Dictionary, Object, StringFormat};

use crate::page::Layout;

/// What the Info dictionary and XMP name as the producing and creating application.
pub(crate) const PRODUCER: &str = "folio";

/// A PDF text string: a literal when the text is printable ASCII (which PDFDocEncoding
/// shares), otherwise UTF-16BE with a byte order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(super::content::utf16be(text), StringFormat::Hexadecimal)
    }
}

/// The document information dictionary.
pub(crate) fn info(layout: &Layout) -> Dictionary {
    let date = crate::dates::pdf(layout.timestamp);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&layout.title));
    if let Some(author) = non_empty(&layout.author) {
        info.set("Author", text_string(author));
    }
    if let Some(subject) = non_empty(&layout.subject) {
        info.set("Subject", text_string(subject));
    }
    info.set("Creator", text_string(PRODUCER));
    info.set("Producer", text_string(PRODUCER));
    info.set("CreationDate", text_string(&date));
    info.set("ModDate", text_string(&date));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    if let Some(level) = layout.print.pdfx {
        info.set(
            "GTS_PDFXVersion",
            text_string(super::pdfx::version_name(level)),
        );
        if let Some(conformance) = level.conformance() {
            info.set("GTS_PDFXConformance", text_string(conformance));
        }
    }
    info
}

/// A stable `uuid:` for the XMP DocumentID, from what identifies the document (no
/// randomness: the same layout gives the same ID): a SHA-256 of it in the form of a
/// name-based (version 5) UUID.
fn document_id(layout: &Layout) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        layout.title.as_str(),
        layout.author.as_deref().unwrap_or(""),
        &layout.timestamp.to_string(),
        &format!("{}x{}x{}", layout.width, layout.height, layout.pages.len()),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let bytes: [u8; 16] = h.finalize()[..16].try_into().unwrap_or([0; 16]);
    format!("uuid:{}", uuid::Builder::from_sha1_bytes(bytes).into_uuid())
}

/// The XMP properties PDF/X adds: the version claim (in the PDF/X ID schema that X-4 reads
/// and the older pdfx schema that X-1a tools read) and, as PDF/X-4 requires, the document
/// and version IDs and the rendition class. Empty when the file is not PDF/X.
fn xmp_pdfx(layout: &Layout) -> (String, String) {
    let Some(level) = layout.print.pdfx else {
        return (String::new(), String::new());
    };
    let version = super::pdfx::version_name(level);
    let namespaces = "\n\x20  xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\
                      \n\x20  xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\"\
                      \n\x20  xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"";
    let conformance = level.conformance().map_or(String::new(), |c| {
        format!("\x20  <pdfx:GTS_PDFXConformance>{c}</pdfx:GTS_PDFXConformance>\n")
    });
    let properties = format!(
        "\x20  <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>\n\
         \x20  <pdfx:GTS_PDFXVersion>{version}</pdfx:GTS_PDFXVersion>\n\
         {conformance}\
         \x20  <xmpMM:DocumentID>{id}</xmpMM:DocumentID>\n\
         \x20  <xmpMM:VersionID>1</xmpMM:VersionID>\n\
         \x20  <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n",
        id = document_id(layout)
    );
    (namespaces.to_owned(), properties)
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// The XMP metadata packet (ISO 16684-1) for the catalog's /Metadata stream, saying what
/// the Info dictionary says.
pub(crate) fn xmp(layout: &Layout) -> String {
    let date = crate::dates::iso8601(layout.timestamp);
    let mut dc = String::new();
    dc.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(&layout.title)
    ));
    if let Some(author) = non_empty(&layout.author) {
        dc.push_str(&format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(author)
        ));
    }
    if let Some(subject) = non_empty(&layout.subject) {
        dc.push_str(&format!(
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(subject)
        ));
    }
    if !layout.language.trim().is_empty() {
        dc.push_str(&format!(
            "   <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            escape(&layout.language)
        ));
    }
    let (pdfx_namespaces, pdfx_properties) = xmp_pdfx(layout);
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20<rdf:Description rdf:about=\"\"\n\
         \x20  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \x20  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
         \x20  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"{pdfx_namespaces}>\n\
         \x20  <dc:format>application/pdf</dc:format>\n\
         {dc}\
         \x20  <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         \x20  <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         \x20  <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         \x20  <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>\n\
         \x20  <pdf:Producer>{PRODUCER}</pdf:Producer>\n\
         \x20  <pdf:Trapped>False</pdf:Trapped>\n\
         {pdfx_properties}\
         \x20</rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"r\"?>"
    )
}

/// XML character data: escape markup and drop characters XML 1.0 forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_literal_only_for_ascii() {
        assert_eq!(
            text_string("Plain (title)"),
            Object::String(b"Plain (title)".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("Café") else {
            panic!("not hex");
        };
        assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
    }

    #[test]
    fn xmp_escapes_markup() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
