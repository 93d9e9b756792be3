#!/usr/bin/env python3
"""Typeset a folio manuscript with LuaLaTeX or XeLaTeX (microtype), for side-by-side measurement.

Usage: scripts/reference_latex.py BOOK_ROOT OUT.pdf [--engine lualatex|xelatex] [--fonts DIR]
                                  [--set NAME=VALUE ...] [--no-expansion]

Writes OUT.tex beside OUT.pdf: the book's pieces, in contents order, each opening on a new
recto, on the page folio's print settings give (trim, margins, body size and leading from
book.yaml, else folio's defaults: 6 x 9 in, margins from the short side, 11 on 14 pt), set
justified in the fonts/ EB Garamond (fontspec) with a one-em indent, footnotes as footnotes
(9 on 11.5 pt, folio's note scale) and the book's language's hyphenation (babel).

microtype: lualatex gets protrusion and expansion (stretch=20, shrink=20, step=1: +-2%, the
limit issue 17 allows folio); xelatex gets protrusion only (XeTeX cannot expand fonts), which
makes it the default-against-default comparison. --no-expansion turns expansion off for
lualatex too. TeX's own line-breaking parameters stay LaTeX's (tolerance 200, pretolerance
100, no emergency stretch, hyphen penalty 50, ...) unless --set changes one, e.g.
`--set tolerance=400 --set emergencystretch=11bp --set hyphenpenalty=300`, for sweeps.

The Markdown pieces are converted by pandoc (commonmark_x: CommonMark with footnotes, smart
punctuation, tables, as the manuscript contract reads them); the piece's front matter is
read here for its title, standfirst and note. Needs pandoc and the engine (Debian:
pandoc texlive-luatex texlive-xetex texlive-latex-extra texlive-lang-english). Deterministic
under SOURCE_DATE_EPOCH (default 1420070400, folio's test epoch).
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

POINTS_PER_INCH = 72.0
# folio's defaults (src/manuscript/print.rs, src/typeset/flow.rs): keep in step by hand.
TRIMS = {
    "6x9in": (6.0 * 72, 9.0 * 72),
    "5x8in": (5.0 * 72, 8.0 * 72),
    "5.25x8in": (5.25 * 72, 8.0 * 72),
    "5.5x8.5in": (5.5 * 72, 8.5 * 72),
    "a5": (148 / 25.4 * 72, 210 / 25.4 * 72),
    "b-format": (129 / 25.4 * 72, 198 / 25.4 * 72),
    "demy": (138 / 25.4 * 72, 216 / 25.4 * 72),
    "letter": (8.5 * 72, 11.0 * 72),
}
FONT_SIZE, LEADING = 11.0, 14.0
NOTE_SCALE, NOTE_LEADING_SCALE = 9.0 / 11.0, 11.5 / 14.0
# babel's names for the languages the example books use; others fall back to english.
BABEL = {"en-gb": "british", "en-us": "american", "en": "english", "fr": "french",
         "de": "ngerman", "es": "spanish", "it": "italian", "nl": "dutch"}


def fail(message):
    sys.exit(f"reference_latex: {message}")


def length_pt(value, default):
    """A length from book.yaml (`0.875in`, `20mm`, `54pt`, a bare number in points)."""
    if value is None:
        return default
    m = re.fullmatch(r"\s*([0-9.]+)\s*(in|mm|cm|pt)?\s*", str(value))
    if not m:
        fail(f"cannot read the length {value!r}")
    n, unit = float(m.group(1)), m.group(2) or "pt"
    return n * {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}[unit]


def page_geometry(book):
    """Trim, margins (top, bottom, inner, outer), body size and leading, in points."""
    pr = book.get("print") or {}
    trim = str(pr.get("trim", "6x9in")).lower()
    if trim in TRIMS:
        w, h = TRIMS[trim]
    else:
        m = re.fullmatch(r"([0-9.]+)x([0-9.]+)(in|mm)", trim)
        if not m:
            fail(f"cannot read the trim {trim!r}")
        f = 72.0 if m.group(3) == "in" else 72 / 25.4
        w, h = float(m.group(1)) * f, float(m.group(2)) * f
    size = float(pr.get("font-size", FONT_SIZE))
    leading = float(pr.get("leading", LEADING * size / FONT_SIZE))
    short = min(w, h)
    mg = pr.get("margins") or {}
    # folio's margins also make room for running heads and folios at small trims; at the
    # trims measured here the short-side fractions are what it uses.
    margins = (length_pt(mg.get("top"), short * 0.125), length_pt(mg.get("bottom"), short * 0.16),
               length_pt(mg.get("inner"), short * 0.146), length_pt(mg.get("outer"), short * 0.125))
    return w, h, margins, size, leading


def front_matter(text):
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def pandoc(markdown):
    """Markdown to a LaTeX fragment; raw HTML is dropped, as folio drops most of it."""
    r = subprocess.run(["pandoc", "-f", "commonmark_x-raw_html", "-t", "latex", "--wrap=none"],
                       input=markdown, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"pandoc failed: {r.stderr.strip()}")
    return r.stdout


def preamble(a, book, fonts):
    w, h, (top, bottom, inner, outer), size, leading = page_geometry(book)
    lang = str(book.get("language", "en")).lower()
    babel = BABEL.get(lang) or BABEL.get(lang.split("-")[0], "english")
    if a.engine == "lualatex" and not a.no_expansion:
        micro = "protrusion=true,expansion=true,stretch=20,shrink=20,step=1"
    else:
        micro = "protrusion=true,expansion=false"
    tex_params = []
    for item in a.set:
        m = re.fullmatch(r"([A-Za-z]+)=(-?[0-9.]+(?:bp|pt|em)?)", item)
        if not m:
            fail(f"--set takes NAME=VALUE, a TeX parameter and a number (tolerance=400), not {item!r}")
        tex_params.append(f"\\{m.group(1)}={m.group(2)}")
    note, note_lead = size * NOTE_SCALE, leading * NOTE_LEADING_SCALE
    # Every length below is in bp (1/72 in), folio's and PDF's point; TeX's pt is 1/72.27 in,
    # and `11pt` would set the body at 10.96 PDF points.
    fontdir = fonts.as_posix().rstrip("/") + "/"
    return rf"""\documentclass[twoside]{{article}}
\usepackage[paperwidth={w:.3f}bp,paperheight={h:.3f}bp,top={top:.3f}bp,bottom={bottom:.3f}bp,inner={inner:.3f}bp,outer={outer:.3f}bp,headheight=0bp,headsep=0bp,footskip=0bp]{{geometry}}
\usepackage{{fontspec}}
\setmainfont{{EBGaramond}}[Path={fontdir},Extension=.ttf,UprightFont=*-Regular,ItalicFont=*-Italic,BoldFont=*-Bold,BoldItalicFont=*-BoldItalic]
\usepackage[{babel}]{{babel}}
\usepackage[{micro}]{{microtype}}
\usepackage{{longtable,booktabs,array,calc,graphicx}}
% pandoc's fragments use these; the standalone template would define them.
\providecommand{{\tightlist}}{{\setlength{{\itemsep}}{{0bp}}\setlength{{\parskip}}{{0bp}}}}
\providecommand{{\pandocbounded}}[1]{{#1}}
\providecommand{{\href}}[2]{{#2}}
\providecommand{{\url}}[1]{{\texttt{{#1}}}}
\providecommand{{\hypertarget}}[2]{{#2}}
\providecommand{{\texorpdfstring}}[2]{{#1}}
\providecommand{{\st}}[1]{{#1}}  % strikeout: rare, and its width is the text's
\def\labelenumi{{\arabic{{enumi}}.}}
\makeatletter
\renewcommand\normalsize{{\@setfontsize\normalsize{{{size}bp}}{{{leading}bp}}}}
\renewcommand\footnotesize{{\@setfontsize\footnotesize{{{note:.3f}bp}}{{{note_lead:.3f}bp}}}}
\renewcommand\section{{\@startsection{{section}}{{1}}{{0bp}}{{{leading}bp}}{{{leading}bp}}{{\centering\normalfont\normalsize}}}}
\renewcommand\subsection{{\@startsection{{subsection}}{{2}}{{0bp}}{{{leading}bp}}{{{leading}bp}}{{\centering\normalfont\normalsize}}}}
\renewcommand\subsubsection{{\@startsection{{subsubsection}}{{3}}{{0bp}}{{{leading}bp}}{{{leading}bp}}{{\centering\normalfont\itshape}}}}
% a piece's title: on a new recto, and the first paragraph after it not indented
\newcommand\piecetitle[1]{{\cleardoublepage\vspace*{{4em}}{{\centering\fontsize{{21bp}}{{25bp}}\selectfont #1\par}}\vspace{{1em}}\@afterindentfalse\@afterheading}}
\newcommand\parttitle[1]{{\cleardoublepage\vspace*{{\fill}}{{\centering\fontsize{{24bp}}{{29bp}}\selectfont #1\par}}\vspace*{{\fill}}}}
\makeatother
\setcounter{{secnumdepth}}{{0}}
\setlength{{\parindent}}{{{size}bp}}
\setlength{{\parskip}}{{0bp}}
\pagestyle{{empty}}
{chr(10).join(tex_params)}
\begin{{document}}
\normalsize
"""


def pieces(root, book):
    out = []
    for entry in book.get("contents", []):
        if isinstance(entry, dict):
            out.append(("part", entry["part"]))
            out.extend(("piece", c) for c in entry["chapters"])
        else:
            out.append(("piece", entry))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root")
    ap.add_argument("out")
    ap.add_argument("--engine", choices=["lualatex", "xelatex"], default="lualatex")
    ap.add_argument("--fonts", default=None, help="the EB Garamond folder (default: the repository's fonts/)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a TeX parameter for the body, e.g. tolerance=400 or emergencystretch=11bp")
    ap.add_argument("--no-expansion", action="store_true")
    a = ap.parse_args()
    for tool in ("pandoc", a.engine):
        if shutil.which(tool) is None:
            fail(f"`{tool}` is not installed (Debian: apt-get install pandoc texlive-luatex "
                 "texlive-xetex texlive-latex-extra texlive-lang-english)")
    root = pathlib.Path(a.root).resolve()
    fonts = pathlib.Path(a.fonts or pathlib.Path(__file__).resolve().parent.parent / "fonts").resolve()
    if not (fonts / "EBGaramond-Regular.ttf").exists():
        fail(f"no EBGaramond-Regular.ttf in {fonts}")
    book = yaml.safe_load((root / "manuscript/book.yaml").read_text(encoding="utf-8"))
    body = [preamble(a, book, fonts)]
    for kind, value in pieces(root, book):
        if kind == "part":
            body.append(f"\\parttitle{{{pandoc(value).strip()}}}")
            continue
        meta, text = front_matter((root / value).read_text(encoding="utf-8"))
        body.append(f"\\piecetitle{{{pandoc(str(meta.get('title', ''))).strip()}}}")
        if meta.get("standfirst"):
            body.append(f"{{\\itshape\\fontsize{{12bp}}{{15bp}}\\selectfont "
                        f"{pandoc(str(meta['standfirst'])).strip()}\\par}}\\bigskip")
        if meta.get("note"):
            body.append(f"{{\\itshape\\fontsize{{10bp}}{{12.5bp}}\\selectfont "
                        f"{pandoc(str(meta['note'])).strip()}\\par}}\\bigskip")
        body.append(pandoc(text))
    body.append("\\end{document}\n")
    out = pathlib.Path(a.out).resolve()
    tex = out.with_suffix(".tex")
    tex.write_text("\n\n".join(body), encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1420070400"),
               FORCE_SOURCE_DATE="1")
    # A fixed build folder, not a random one: the engines hash the output's path into the
    # PDF's /ID, so a random folder would make every build differ.
    build = out.parent / f"{out.stem}.latex-build"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    r = subprocess.run([a.engine, "-interaction=nonstopmode", "-halt-on-error",
                        f"-output-directory={build}", "-jobname=book", str(tex)],
                       capture_output=True, text=True, env=env, cwd=build)
    log = build / "book.log"
    if r.returncode != 0 or not (build / "book.pdf").exists():
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else r.stdout[-3000:]
        fail(f"{a.engine} failed on {tex}:\n{tail}")
    shutil.copyfile(build / "book.pdf", out)
    shutil.copyfile(log, out.with_suffix(".log"))
    shutil.rmtree(build)

if __name__ == "__main__":
    sys.exit(main())
