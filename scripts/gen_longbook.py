#!/usr/bin/env python3
"""Write a long book for page-level typography: a novel or an essay collection with footnotes.

Usage: scripts/gen_longbook.py OUT_DIR --kind novel|essays [--pages N] [--seed S] [--source DIR]

OUT_DIR receives manuscript/book.yaml and manuscript/NN-slug.md: a folio book root (fonts are
folio's embedded defaults). No registry this project reaches ships a public-domain novel's
text, so the prose is the example book's own English (the Markdown under `--source`, default
the repository's manuscript/), cut into sentences and recombined: real sentences, real word
lengths, real hyphenation. Deterministic: the only randomness is one random.Random(seed),
drawn from in a fixed order, and the sources are read in sorted order.

What each kind exercises, and why (the defects of issue 17 were found on such books):
  novel   long chapters of narrative prose with dialogue (short paragraphs, so many widow and
          orphan decisions per page), display titles full of function words ("The Return of
          the ..."), scene breaks.
  essays  many footnotes of varied length (one line to a paragraph), block quotes long enough
          to cross a page, scene breaks, and pieces ending with a signature line and a source
          line (the stub-page case).
--pages is a rough target (about 330 words a page).
"""
import argparse
import pathlib
import random
import re

WORDS_PER_PAGE = 330
NAMES = ["Marianne", "Holmes", "Watson", "Adèle", "Mr Garnier", "the inspector", "Louise",
         "the editor", "Camille", "her brother", "the old man", "Madame Roux"]
SAID = ["said", "replied", "asked", "answered", "went on", "whispered", "added"]
NOUNS = ["Blue Carbuncle", "Copper Beeches", "Speckled Band", "Empty House", "Missing Letter",
         "Long Winter", "Northern Border", "Paris March", "Silent Press", "Last Edition",
         "Second Column", "Printing House", "Harbour Lights", "Three Witnesses"]
TITLE_FORMS = ["The Adventure of the {a}", "A Study of the {a} and the {b}",
               "The Return of the {a}", "In the Shadow of the {a}", "On the {a}",
               "To the {a} with the {b}", "An Account of the {a} for the {b}",
               "What the {a} Knew of the {b}"]
SIGNATURES = ["— M. R.", "— The Editor", "— J. L., Paris", "— A Correspondent", "— C. D."]


def sentences(source):
    """The source's sentences, in file and text order (no front matter, headings or notes)."""
    out = []
    for path in sorted(pathlib.Path(source).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5:]
        for para in text.split("\n\n"):
            para = para.strip()
            if not para or para.startswith(("#", ">", "[^", "<!--", "|", "-", "*")):
                continue
            para = re.sub(r"\[\^[^\]]*\]", "", para)
            para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)
            for s in re.split(r"(?<=[.!?…])\s+(?=[A-Z“‘])", para.replace("\n", " ")):
                s = s.strip()
                if 30 <= len(s) <= 400:
                    out.append(s)
    if not out:
        raise SystemExit(f"gen_longbook: no prose found under {source}")
    return out


class Prose:
    def __init__(self, sents, rng):
        self.sents, self.rng, self.at = sents, rng, rng.randrange(len(sents))

    def sentence(self):
        # Mostly in order (the text reads on), with jumps, so paragraphs vary.
        if self.rng.random() < 0.3:
            self.at = self.rng.randrange(len(self.sents))
        self.at = (self.at + 1) % len(self.sents)
        return self.sents[self.at]

    def paragraph(self, lo, hi):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def dialogue(self):
        s = self.sentence().rstrip(".")
        who, verb = self.rng.choice(NAMES), self.rng.choice(SAID)
        if self.rng.random() < 0.5:
            return f"“{s},” {who} {verb}."
        return f"“{s},” {who} {verb}. “{self.sentence()}”"


def title(rng):
    a, b = rng.sample(NOUNS, 2)
    return rng.choice(TITLE_FORMS).format(a=a, b=b)


def novel_chapter(p, rng, words):
    blocks, count = [], 0
    while count < words:
        r = rng.random()
        if r < 0.35:
            block = p.dialogue()
        elif r < 0.97:
            block = p.paragraph(2, 9)
        else:
            block = "***"
        blocks.append(block)
        count += len(block.split())
    return blocks, []


def essay(p, rng, words):
    blocks, notes, count = [], [], 0
    while count < words:
        r = rng.random()
        if r < 0.07:
            # long enough to cross a page now and then
            block = "\n>\n".join("> " + p.paragraph(2, 5) for _ in range(rng.randint(1, 3)))
        elif r < 0.1:
            block = "***"
        else:
            block = p.paragraph(3, 10)
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                notes.append(p.paragraph(1, rng.choice([1, 1, 2, 4, 7])))
                # the call after a sentence's full stop, as notes are called
                cut = [m.end() for m in re.finditer(r"[.,;] ", block)] or [len(block)]
                at = rng.choice(cut)
                block = block[:at].rstrip() + f"[^{len(notes)}] " + block[at:]
                block = block.rstrip()
        blocks.append(block)
        count += len(block.split())
    blocks.append(rng.choice(SIGNATURES))
    return blocks, notes


def write_piece(path, meta, blocks, notes):
    lines = ["---"] + [f'{k}: "{v}"' for k, v in meta.items()] + ["---", ""]
    body = "\n\n".join(blocks)
    if notes:
        body += "\n\n" + "\n\n".join(f"[^{i + 1}]: {n}" for i, n in enumerate(notes))
    path.write_text("\n".join(lines) + body + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--kind", choices=["novel", "essays"], required=True)
    ap.add_argument("--pages", type=int, default=250)
    ap.add_argument("--seed", type=int, default=17)
    here = pathlib.Path(__file__).resolve().parent.parent
    ap.add_argument("--source", default=str(here / "manuscript"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    p = Prose(sentences(a.source), rng)
    root = pathlib.Path(a.out)
    ms = root / "manuscript"
    ms.mkdir(parents=True, exist_ok=True)
    total = a.pages * WORDS_PER_PAGE
    paths = []
    n, done = 0, 0
    while done < total:
        n += 1
        if a.kind == "novel":
            words = rng.randint(5000, 9000)
            blocks, notes = novel_chapter(p, rng, words)
            meta = {"title": title(rng)}
        else:
            words = rng.choice([900, 1500, 2500, 4000, 6000])
            blocks, notes = essay(p, rng, words)
            meta = {"title": title(rng), "author": rng.choice(["Jeanne Laurent", "Paul Okafor",
                                                                 "Mira Stein", "Tomás Reyes"]),
                    "source": f"First published in The Review, {rng.randint(1, 28)} March 19{rng.randint(20, 79)}"}
        done += sum(len(b.split()) for b in blocks) + sum(len(x.split()) for x in notes)
        name = f"{n:02d}-piece.md"
        write_piece(ms / name, meta, blocks, notes)
        paths.append(f"manuscript/{name}")
    kind = "A Novel" if a.kind == "novel" else "Essays with Notes"
    yaml = [f'title: "The Long Book: {kind}"', "language: en-GB",
            "author: Folio Tests" if a.kind == "novel" else "editor: Folio Tests",
            "rights: All rights reserved.", "date: 2015", "contents:"]
    yaml += [f"  - {p_}" for p_ in paths]
    (ms / "book.yaml").write_text("\n".join(yaml) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
