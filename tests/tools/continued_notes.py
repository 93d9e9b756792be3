#!/usr/bin/env python3
"""continued_notes: footnotes a PDF continues overleaf, and whether each reads whole.

Usage: python3 continued_notes.py BOOK.pdf BOOK_ROOT

A page whose first line under its footnote rule carries no note number (folio's "12." and
an en space) opens with the tail of a note continued from the page before, if that page
has notes; the note's head is the last numbered note there. For each such page it prints the head's and the tail's line counts and whether
head and tail together are, letter for letter (hyphens, spaces, digits and punctuation
aside), the text of a footnote in BOOK_ROOT/manuscript/**/*.md (`[^n]: text`): nothing lost,
doubled or out of order. Prints a JSON list. Needs PyMuPDF.
"""
import json
import pathlib
import re
import sys

import pymupdf as fitz
pdf, book = sys.argv[1], pathlib.Path(sys.argv[2])
letters = lambda t: "".join(c for c in t if c.isalpha())
sources = set()
for md in sorted((book / "manuscript").rglob("*.md")):
    for line in md.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\[\^\w+\]:\s*(.*)", line)
        if m:
            text = re.sub(r"\]\([^)]*\)", "]", m.group(1))  # a link shows its text only
            text = re.sub(r"<[a-z]+:[^>]*>", "", text)
            sources.add(letters(text))
doc = fitz.open(pdf)
# folio numbers a note "12." and an en space; a line of a note may itself start "2013."
NUMBER = "\\d+\\.\u2002"


def lines_of(page):
    """The page's lines as (top, baseline, size, text), a line's spans joined by baseline."""
    rows = {}
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                key = round(s["origin"][1])
                rows.setdefault(key, []).append((s["origin"][0], s["bbox"][1], s["size"], s["text"]))
    out = []
    for base, spans in sorted(rows.items()):
        spans.sort()
        text = "".join(t for _, _, _, t in spans).strip()
        if text:
            out.append((min(sp[1] for sp in spans), base, max(sp[2] for sp in spans), text))
    return out


sizes = [round(size, 1) for page in doc for _, _, size, _ in lines_of(page)]
BODY = max(set(sizes), key=sizes.count)


def note_lines(page):
    # The footnote rule: thin, and short (a quarter of the measure), where a table's run
    # the table's width.
    width = page.rect.width
    rules = [d["rect"] for d in page.get_drawings()
             if d["rect"].height < 1 and 0.05 * width < d["rect"].width < 0.3 * width]
    if not rules:
        return None
    top = max(r.y0 for r in rules)
    below = [(y, size, text) for y, _, size, text in lines_of(page)
             if y > top and not re.fullmatch(r"\d+|[ivxlc]+", text)]
    # Notes are set smaller than the text and hang just under their rule: a short rule
    # with text-size lines under it, or white before them (an opening's ornament), is no
    # footnote rule.
    if not below or below[0][0] - top > 8 or any(size > BODY - 0.5 for _, size, _ in below):
        return None
    out = [(size, text) for _, size, text in below]
    return [text for _, text in out]


pages = [note_lines(p) for p in doc]
found = []
for i, lines in enumerate(pages):
    if not lines or re.match(NUMBER, lines[0]):
        continue
    tail = []
    for t in lines:
        if re.match(NUMBER, t):
            break
        tail.append(t)
    prev = pages[i - 1] or []
    starts = [k for k, t in enumerate(prev) if re.match(NUMBER, t)]
    if not starts:
        continue  # no note overleaf to continue: small type under some other short rule
    head = prev[starts[-1]:]
    whole = letters(" ".join(head + tail))
    found.append({"page": i + 1, "head_lines": len(head), "tail_lines": len(tail),
                  "whole": whole in sources})
print(json.dumps(found))
