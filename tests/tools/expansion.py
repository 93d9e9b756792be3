#!/usr/bin/env python3
"""How much of a PDF's body text is set with its glyphs scaled horizontally (font expansion).

usage: expansion.py BOOK.pdf [--skip-pages N]

pdfquality.py (the reference typography measure, kept unchanged beside this) measures the gaps
between words only; this says how much of each line's fit came from its glyphs instead.
MuPDF reports a span's size as the text matrix's expansion, sqrt(|det|) (Tf size, Tz and Tm
together), so a span whose glyphs are scaled by h reads as its font size times sqrt(h).

Prints, one per line:
  body_lines          lines set at the body size (within 5% of the commonest exact size)
  expanded_lines      share of those lines with a span scaled by more than 0.05%
  expansion_max_pct   the largest scaling of a body line, in percent
  expansion_mean_pct  the mean scaling of the expanded lines, in percent
"""
import collections
import statistics
import sys

import fitz


def main():
    args = sys.argv[1:]
    skip = 0
    if "--skip-pages" in args:
        i = args.index("--skip-pages")
        skip = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    # (page, baseline) -> the sizes of the line's spans, weighted by their letters.
    lines = collections.defaultdict(list)
    for number, page in enumerate(fitz.open(args[0])):
        if number < skip:
            continue
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    letters = sum(1 for c in span["chars"] if not c["c"].isspace())
                    if letters:
                        key = (number, round(span["origin"][1], 1))
                        lines[key].extend([span["size"]] * letters)
    sizes = [s for ss in lines.values() for s in ss]
    if not sizes:
        sys.exit("no text")
    body = statistics.mode(round(s, 4) for s in sizes)
    scales = []
    for ss in lines.values():
        line_scales = [(s / body) ** 2 - 1.0 for s in ss]
        # A line of another size (a heading, a note) is not a body line.
        if all(abs(x) <= 0.05 for x in line_scales):
            scales.append(max(line_scales, key=abs))
    expanded = [abs(x) for x in scales if abs(x) > 0.0005]
    print(f"body_lines {len(scales)}")
    print(f"expanded_lines {round(len(expanded) / len(scales), 4) if scales else 0.0}")
    print(f"expansion_max_pct {round(100 * max(expanded), 2) if expanded else 0.0}")
    mean = round(100 * statistics.mean(expanded), 2) if expanded else 0.0
    print(f"expansion_mean_pct {mean}")


if __name__ == "__main__":
    main()
