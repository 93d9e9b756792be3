//! Document metadata: the Info dictionary, the XMP packet, and date and text strings.
//!
//! Method. Both carry the same title, author, subject and dates. Dates come from
//! `Layout::timestamp` (SOURCE_DATE_EPOCH or the book's date), never the clock, and are
//! written in UTC. The civil date is computed here (days-from-epoch to year/month/day) so no
//! date crate is needed for one conversion.

use lopdf::{Dictionary, Object, StringFormat};

use crate::page::Layout;

/// What the Info dictionary and XMP name as the producing and creating application.
pub(crate) const PRODUCER: &str = "folio";

/// A UTC date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    /// Seconds since 1970-01-01T00:00:00Z, negative ones included, to a civil UTC date
    /// (proleptic Gregorian; H. Hinnant's `civil_from_days`).
    pub fn from_unix(timestamp: i64) -> Self {
        let days = timestamp.div_euclid(86_400);
        let secs = timestamp.rem_euclid(86_400) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // day of era, 0..=146096
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
        let mp = (5 * doy + 2) / 153; // March-based month, 0..=11
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        DateTime {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    /// PDF date string (ISO 32000-1, 7.9.4): `D:YYYYMMDDHHmmSS+00'00'`. Years outside
    /// 0..=9999 cannot be written and are clamped.
    pub fn pdf(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
            self.year.clamp(0, 9999),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )
    }

    /// XMP (ISO 8601) date: `YYYY-MM-DDTHH:mm:SSZ`.
    pub fn xmp(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year.clamp(0, 9999),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )
    }
}

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
    let date = DateTime::from_unix(layout.timestamp).pdf();
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
    }
    info
}

/// A stable `uuid:` for the XMP DocumentID, from what identifies the document (no
/// randomness: the same layout gives the same ID). Formatted as a version-5-style UUID.
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
    let mut b: [u8; 16] = h.finalize()[..16].try_into().unwrap_or([0; 16]);
    b[6] = (b[6] & 0x0F) | 0x50; // version 5 (name-based, SHA)
    b[8] = (b[8] & 0x3F) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
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
    let properties = format!(
        "\x20  <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>\n\
         \x20  <pdfx:GTS_PDFXVersion>{version}</pdfx:GTS_PDFXVersion>\n\
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
    let date = DateTime::from_unix(layout.timestamp).xmp();
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
    fn dates_from_unix_time() {
        let epoch = DateTime::from_unix(0);
        assert_eq!(epoch.pdf(), "D:19700101000000+00'00'");
        // 2024-02-29T13:45:07Z, a leap day.
        assert_eq!(
            DateTime::from_unix(1_709_214_307).xmp(),
            "2024-02-29T13:45:07Z"
        );
        // 2000-03-01, the day after a 400-year leap day.
        assert_eq!(
            DateTime::from_unix(951_868_800).pdf(),
            "D:20000301000000+00'00'"
        );
        // Before the epoch: 1969-12-31T23:59:59Z.
        assert_eq!(DateTime::from_unix(-1).xmp(), "1969-12-31T23:59:59Z");
    }

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
