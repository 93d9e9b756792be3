//! The PDF writer: typeset pages to a PDF file with printpdf, then fixups with lopdf.
