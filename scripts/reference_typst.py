#!/usr/bin/env python3
"""Typeset a folio manuscript with Typst, for side-by-side measurement.

Usage: scripts/reference_typst.py BOOK_ROOT OUT.pdf [--fonts DIR]

Writes OUT.typ beside OUT.pdf: the book's pieces, in contents order, with the same page
(6 x 9 in), type (EB Garamond 11 pt on 14 pt), justification, paragraph indent and
hyphenation language as folio's defaults, each piece opening on a new page. Needs
`pip install typst` (the Python binding). The text is converted from Markdown simply
(paragraphs, ## headings, emphasis); it is the same text folio sets, which is what the
comparison needs.
"""
import argparse
import pathlib
import re
import sys

import yaml  # PyYAML comes with pymupdf's environment or `pip install pyyaml`


def typst_escape(text):
    return re.sub(r'([\\#*_`$<>@\[\]=~/"])', r"\\\1", text)


def inline(md):
    out = typst_escape(md)
    out = re.sub(r"\\\*\\\*(.+?)\\\*\\\*", r"*\1*", out)
    out = re.sub(r"\\\*(.+?)\\\*", r"_\1_", out)
    return out


def front_matter(text):
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("out")
    ap.add_argument("--fonts", default=None)
    a = ap.parse_args()
    root = pathlib.Path(a.root)
    book = yaml.safe_load((root / "manuscript/book.yaml").read_text(encoding="utf-8"))
    lang = book.get("language", "en")
    lang_code, _, region = lang.partition("-")
    parts = []
    for entry in book.get("contents", []):
        if isinstance(entry, dict):
            parts.append((entry["part"], entry["chapters"]))
        else:
            parts.append((None, [entry]))
    out = [
        '#set page(width: 6in, height: 9in, margin: (top: 0.75in, bottom: 1.0in, inside: 0.875in, outside: 0.75in))',
        f'#set text(font: "EB Garamond", size: 11pt, lang: "{lang_code}"'
        + (f', region: "{region}"' if region else "") + ", hyphenate: true)",
        "#set par(justify: true, first-line-indent: 1em, leading: 0.57em, spacing: 0.57em)",
        '#show heading: it => { set align(center); set text(weight: "regular"); it }',
    ]
    for part, chapters in parts:
        if part:
            out.append(f"#pagebreak(to: \"odd\")\n#align(center + horizon)[#text(size: 24pt)[{inline(part)}]]")
        for path in chapters:
            meta, body = front_matter((root / path).read_text(encoding="utf-8"))
            out.append("#pagebreak(to: \"odd\")")
            title = meta.get("title", "")
            out.append(f"#v(4em)\n#align(center)[#text(size: 21pt)[{inline(title)}]]\n#v(1em)")
            if meta.get("standfirst"):
                out.append(f"#text(style: \"italic\", size: 12pt)[{inline(meta['standfirst'])}]\n")
            if meta.get("note"):
                for para in str(meta["note"]).split("\n\n"):
                    out.append(f"#text(style: \"italic\", size: 10pt)[{inline(para.strip())}]\n")
            for block in re.split(r"\n\s*\n", body):
                block = block.strip()
                if not block or block.startswith("<!--"):
                    continue
                if block.startswith("## "):
                    out.append(f"== {inline(block[3:])}")
                else:
                    out.append(inline(" ".join(block.split("\n"))))
    typ = pathlib.Path(a.out).with_suffix(".typ")
    typ.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    import typst
    font_paths = [a.fonts] if a.fonts else []
    typst.compile(str(typ), output=a.out, font_paths=font_paths)


if __name__ == "__main__":
    sys.exit(main())
