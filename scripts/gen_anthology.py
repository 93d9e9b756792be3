#!/usr/bin/env python3
"""Write a synthetic anthology: a folio book root of N pieces in parts, deterministic from a seed.

Usage: scripts/gen_anthology.py OUT_DIR [--pieces N] [--seed S] [--coauthors]

--coauthors makes the same book an edited anthology's apparatus would load (issue 13): one
piece in ten gets two or three authors, one in twenty a translator, every piece a rights line,
and book.yaml a `contributors:` entry (sort-as and bio) for every person named. Those draws
come from a second random stream, so the text is byte for byte the book without the flag and
the two builds can be compared.

OUT_DIR receives manuscript/book.yaml, manuscript/NN-part/NNNN-slug.md, images/*.png and
reference/book.typ (the same text in Typst markup, for the benchmark's side-by-side runs).
The same N and seed give the same bytes on every run and every machine: the only source of
randomness is one `random.Random(seed)`, drawn from in a fixed order.

What the text is like, and why: the benchmark must load the engine as a real anthology does,
so word frequencies follow Zipf's law over a large vocabulary (common English words, their
inflections, and a long tail of invented names and terms, so the shaping cache sees tens of
thousands of distinct words, not a few hundred); pieces vary in length (a few hundred to
several thousand words, about 1,600 on average, so 500 pieces make some 800k words); and
every kind of block folio sets appears at a realistic rate: section headings, footnotes,
block quotes, bulleted and numbered lists, tables, links and bare URLs, long compounds that
must hyphenate, emphasis, small runs of French, German, Greek and Cyrillic, an editor's
note in an HTML comment, and an image or two.
"""
import argparse
import pathlib
import random
import re
import struct
import sys
import zlib

COMMON = """
the of and to a in that is was he for it with as his on be at by i this had not are but from
or have an they which one you were her all she there would their we him been has when who will
more no if out so said what up its about into than them can only other new some could time
these two may then do first any my now such like our over man me even most made after also did
many before must through back years where much your way well down should because each just
those people how too little state good very make world still own see men work long get here
between both life being under never day same another know while last might us great old year
off come since against go came right used take three states himself few house use during
without again place american around however home small found thought went say part once general
high upon school every does got united left number course war until always away something fact
though water less public put think almost hand enough far took head yet government system
better set told nothing night end why called didn't eyes find going look asked later knew point
next program city business give group toward young days let room president side social given
present several order national possible rather second face per among form important often
things looking early white case john become large big need four within felt along children
saw best church ever least power development light thing seemed family interest want members
mind country area others done turned although open god service problem certain kind different
thus began door help means sense whole matter perhaps itself york times law human line above
name example action company hands local show whether five history gave today either act feet
across taken past quite anything seen having death week experience body word half really field
am car words already themselves information tell together college shall money period held keep
sure probably free seems real behind cannot miss political air question making office brought
whose special major heard problems ago became federal moment study available known result
street economic boy reason change position south board individual job areas society west close
turn love community true court force full seem am policy voice plan river morning minister
writer editor paper column story reader report press border harbour market village
evening winter summer autumn spring museum library archive letter novel poem theatre film
music song album painter gallery exhibition review critic festival audience season chapter
journey coast island mountain valley province capital parliament election campaign protest
treaty embassy refugee migrant worker factory harvest drought flood railway station bridge
"""

VERBS = """
walk talk open close watch listen answer argue decide remember wonder return travel arrive
report describe explain suggest admit insist publish print write read translate edit cover
visit leave enter follow gather measure count build design paint record perform announce
reject accept question doubt believe trust fear hope wish expect notice observe reach carry
""".split()

NAME_SYLLABLES = (
    "al an ar ba be bel ca car da del do el en fa fer ga gor ha hel is ja ka ker la lin lo "
    "ma mar mer na nor o pa per ra ren ri ro sa sel so ta tel to va ver vi wa wen ya za zel"
).split()

ACCENTED_NAMES = [
    "Élodie Marchetti", "José Núñez", "Zoë Brontë", "Søren Åkerlund", "Łukasz Wróbel",
    "Ana María Suárez", "François Lefèvre", "Jürgen Müller", "Dvořák Kovač", "İlkay Şahin",
    "Chloé Benoît", "Niamh Ó Súilleabháin", "Björn Ægirsson", "Inès Ferrière",
]

FOREIGN = [
    ("fr", "la vie quotidienne"), ("fr", "c’était une époque révolue"),
    ("fr", "le Café de Flore"), ("de", "die Straßenbahn"), ("de", "Weltanschauung"),
    ("de", "Gemütlichkeit"), ("el", "δημοκρατία"), ("el", "φιλοσοφία"), ("el", "ἀρετή"),
    ("el", "Καλημέρα"), ("ru", "правда"), ("ru", "Москва"), ("ru", "спасибо"),
    ("ru", "жизнь и судьба"), ("es", "mañana"), ("pt", "saudade"), ("it", "dolce far niente"),
]

LONG_WORDS = [
    "internationalisation", "counter-revolutionary", "antidisestablishmentarianism",
    "Donaudampfschifffahrtsgesellschaft", "electroencephalography", "uncharacteristically",
    "incomprehensibilities", "telecommunications", "institutionalisation",
    "deinstitutionalisation", "psychopharmacological", "Rechtsschutzversicherungsgesellschaften",
    "photolithographically", "interdisciplinarity", "non-governmental", "self-determination",
]

DOMAINS = ["www.example.org", "archive.example.com", "news.example.net", "data.example.edu"]

KINDS = ["review", "reportage", "analysis", "essay", "interview", "profile", "memoir"]

PLACES = ["Paris", "Strasbourg", "Lyon", "Marseille", "Berlin", "Athens", "Kyiv", "Lisbon",
          "Brussels", "Geneva", "Vienna", "Kraków", "Tbilisi", "Thessaloníki", "Zürich"]


def png(width, height, row):
    """A truecolour PNG from row(y) -> the row's RGB bytes; written by hand, zlib level
    fixed, so the same picture always gives the same file."""
    rows = b"".join(b"\x00" + row(y) for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


class Writer:
    """Draws the text of the book. All randomness comes from self.rng, in program order."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.vocab = self.vocabulary()
        # Zipf weights (s = 1.07, close to English text) as a cumulative table for bisect.
        self.cum = []
        total = 0.0
        for rank in range(1, len(self.vocab) + 1):
            total += 1.0 / rank ** 1.07
            self.cum.append(total)
        self.footnotes = []

    def vocabulary(self):
        rng = self.rng
        words = list(dict.fromkeys(COMMON.split()))
        for v in VERBS:
            stem = v[:-1] if v.endswith("e") else v
            words += [v, v + "s", stem + "ed", stem + "ing"]
        nouns = COMMON.split()[200:]
        words += [w + "s" for w in nouns if not w.endswith("s")]
        words += [w + "ly" for w in ("quiet", "brief", "near", "slow", "sudden", "clear",
                                     "open", "rough", "strange", "careful", "usual")]
        # The long tail: invented terms, as a real book's rare words and proper names are.
        for _ in range(40000):
            n = rng.choice((2, 2, 3, 3, 3, 4, 5))
            word = "".join(rng.choice(NAME_SYLLABLES) for _ in range(n))
            if rng.random() < 0.3:
                word = word.capitalize()
            words.append(word)
        return list(dict.fromkeys(words))

    def word(self):
        import bisect
        x = self.rng.random() * self.cum[-1]
        return self.vocab[min(bisect.bisect_left(self.cum, x), len(self.vocab) - 1)]

    def content_word(self):
        """A word for a title: skip the short function words at the head of the ranking."""
        while True:
            word = self.word()
            if len(word) > 3:
                return word

    def name(self):
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(ACCENTED_NAMES)
        first = "".join(rng.choice(NAME_SYLLABLES) for _ in range(2)).capitalize()
        last = "".join(rng.choice(NAME_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        return f"{first} {last}"

    def url(self):
        rng = self.rng
        path = "/".join(
            "-".join(self.word().lower() for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 3))
        )
        return f"https://{rng.choice(DOMAINS)}/{rng.randint(1990, 2024)}/{path}"

    def sentence(self, notes=True):
        """One sentence as a list of (kind, text) spans; kind is plain, em, strong, link,
        url, foreign, or note (a footnote call whose text is in self.footnotes)."""
        rng = self.rng
        spans = []
        n = max(4, int(rng.gauss(19, 8)))
        words = []
        for i in range(n):
            r = rng.random()
            if r < 0.004:
                words.append(rng.choice(LONG_WORDS))
            elif r < 0.012:
                words.append(str(rng.choice((rng.randint(2, 99), rng.randint(1900, 2024),
                                             rng.randint(1000, 999999)))))
            elif r < 0.022:
                words.append(self.name())
            else:
                words.append(self.word())
            if i < n - 1 and rng.random() < 0.07:
                words[-1] += rng.choice((",", ",", ",", ";", ":"))
        words[0] = words[0][:1].upper() + words[0][1:]
        text = " ".join(words)
        r = rng.random()
        if r < 0.06:
            a, _, b = text.partition(" ")
            text = f"{a} --- {b}"
        elif r < 0.12:
            text = f'"{text}," {rng.choice(("she said", "he said", "they wrote", "one reader wrote"))}'
        end = rng.choice(".....?!") if rng.random() < 0.9 else "..."
        spans.append(("plain", text + end))
        r = rng.random()
        if r < 0.05:
            spans.insert(0, ("em", " ".join(self.word() for _ in range(rng.randint(1, 4)))
                             .capitalize() + ","))
            spans.insert(1, ("plain", " "))
            spans[2] = ("plain", spans[2][1][:1].lower() + spans[2][1][1:])
        elif r < 0.07:
            spans.append(("plain", " "))
            spans.append(("strong", " ".join(self.word() for _ in range(rng.randint(1, 3)))))
            spans.append(("plain", "."))
        elif r < 0.085:
            lang, phrase = rng.choice(FOREIGN)
            spans.append(("plain", " As they say, "))
            spans.append(("foreign", phrase))
            spans.append(("plain", "."))
        elif r < 0.095:
            spans.append(("plain", " See "))
            spans.append(("link", (" ".join(self.word() for _ in range(rng.randint(2, 5))),
                                   self.url())))
            spans.append(("plain", "."))
        elif r < 0.10:
            spans.append(("plain", " The full text is at "))
            spans.append(("url", self.url()))
            spans.append(("plain", "."))
        if notes and rng.random() < 0.035:
            note = [s for _ in range(rng.randint(1, 3)) for s in self.sentence(notes=False)
                    + [("plain", " ")]][:-1]
            self.footnotes.append(note)
            spans.append(("note", len(self.footnotes)))
        return spans

    def paragraph(self):
        rng = self.rng
        spans = []
        for i in range(max(1, int(rng.gauss(5, 2.5)))):
            if i:
                spans.append(("plain", " "))
            spans += self.sentence()
        return spans

    def piece(self, number):
        """A piece: (front matter dict, list of blocks). Blocks: ("p", spans), ("h", text),
        ("quote", [spans]), ("ul"|"ol", [spans]), ("table", header, rows), ("image", src,
        alt), ("comment", text); footnotes in self.footnotes, numbered from 1."""
        rng = self.rng
        self.footnotes = []
        title = " ".join(self.word() for _ in range(rng.randint(2, 8)))
        title = title[:1].upper() + title[1:]
        meta = {"title": title, "kind": rng.choice(KINDS)}
        if rng.random() < 0.8:
            meta["author"] = self.name()
        if rng.random() < 0.4:
            meta["standfirst"] = plain(self.sentence(notes=False) + [("plain", " ")]
                                       + self.sentence(notes=False))
        if rng.random() < 0.3:
            meta["dateline"] = rng.choice(PLACES)
        if rng.random() < 0.3:
            meta["source"] = f"First published in {self.word().capitalize()} Review, {rng.randint(1995, 2024)}"
        if rng.random() < 0.05:
            meta["note"] = plain(self.paragraph())
            # Front matter is plain text: any footnote drawn for it has no call to hang on.
            self.footnotes = []
        # Lengths: log-normal around 1,300 words, so the mean is about 1,600.
        target = min(9000, max(250, int(rng.lognormvariate(7.17, 0.62))))
        blocks = []
        words = 0
        since_heading = 0
        while words < target:
            r = rng.random()
            if r < 0.04 and since_heading > 4:
                block = ("h", " ".join(self.word() for _ in range(rng.randint(1, 5))).capitalize())
                since_heading = 0
            elif r < 0.08:
                block = ("quote", [self.paragraph() for _ in range(rng.randint(1, 2))])
            elif r < 0.10:
                kind = rng.choice(("ul", "ol"))
                block = (kind, [self.sentence(notes=False) for _ in range(rng.randint(2, 6))])
            elif r < 0.115:
                cols = rng.randint(2, 4)
                header = [self.word().capitalize() for _ in range(cols)]
                rows = [[self.name() if c == 0 else f"{rng.randint(1, 9999):,}" for c in range(cols)]
                        for _ in range(rng.randint(2, 8))]
                block = ("table", header, rows)
            elif r < 0.117:
                block = ("image", rng.choice(IMAGES),
                         " ".join(self.word() for _ in range(rng.randint(2, 6))).capitalize())
            elif r < 0.12:
                block = ("comment", "editor: check " + " ".join(self.word() for _ in range(4)))
            else:
                block = ("p", self.paragraph())
            since_heading += 1
            blocks.append(block)
            words += count_words(block)
        return meta, blocks, list(self.footnotes)


IMAGES = ["images/chart.png", "images/map.png"]


def plain(spans):
    return "".join(span_text(s) for s in spans if s[0] != "note")


def span_text(span):
    kind, value = span
    if kind == "link":
        return value[0]
    return value if isinstance(value, str) else ""


def count_words(block):
    kind = block[0]
    if kind == "p":
        return len(plain(block[1]).split())
    if kind in ("quote", "ul", "ol"):
        return sum(len(plain(s).split()) for s in block[1])
    if kind == "table":
        return len(block[1]) * (1 + len(block[2]))
    return len(str(block[-1]).split())


# ---- Markdown (folio's manuscript) ----

def md_escape(text):
    # Only what would otherwise start markup in the middle of generated prose.
    return re.sub(r"([\\*_`\[\]<>#|])", r"\\\1", text)


def md_spans(spans):
    out = []
    for kind, value in spans:
        if kind == "plain":
            out.append(md_escape(value))
        elif kind == "em":
            out.append(f"*{md_escape(value)}*")
        elif kind == "strong":
            out.append(f"**{md_escape(value)}**")
        elif kind == "foreign":
            out.append(f"*{md_escape(value)}*")
        elif kind == "link":
            out.append(f"[{md_escape(value[0])}]({value[1]})")
        elif kind == "url":
            out.append(f"<{value}>")
        elif kind == "note":
            out.append(f"[^{value}]")
    return "".join(out)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markdown(meta, blocks, notes):
    lines = ["---"]
    for key in ("title", "author", "translator", "kind", "dateline", "source", "standfirst",
                "rights"):
        if isinstance(meta.get(key), list):
            lines.append(f"{key}: [{', '.join(yaml_str(v) for v in meta[key])}]")
        elif key in meta:
            lines.append(f"{key}: {yaml_str(meta[key])}")
    if "note" in meta:
        lines.append(f"note: {yaml_str(meta['note'])}")
    lines.append("---")
    lines.append("")
    for block in blocks:
        kind = block[0]
        if kind == "p":
            lines.append(md_spans(block[1]))
        elif kind == "h":
            lines.append(f"## {md_escape(block[1])}")
        elif kind == "quote":
            lines.append("\n>\n".join("> " + md_spans(p) for p in block[1]))
        elif kind in ("ul", "ol"):
            lines.append("\n".join(
                (f"{i + 1}. " if kind == "ol" else "- ") + md_spans(item)
                for i, item in enumerate(block[1])))
        elif kind == "table":
            header, rows = block[1], block[2]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(header) - 1)) + "|")
            lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
        elif kind == "image":
            lines.append(f"![{md_escape(block[2])}]({block[1]})")
        elif kind == "comment":
            lines.append(f"<!-- {block[1]} -->")
        lines.append("")
    for i, note in enumerate(notes, 1):
        lines.append(f"[^{i}]: {md_spans(note)}")
        lines.append("")
    return "\n".join(lines)


# ---- Typst (the same text, for the reference run) ----

def typ_escape(text):
    return re.sub(r'([\\#*_`$<>@\[\]=~/"-])', r"\\\1", text)


def typ_smart(text):
    # folio's Markdown has smart punctuation; give Typst the same characters.
    text = text.replace("---", "\u2014").replace("...", "\u2026")
    text = re.sub(r'(^|[\s(])"', "\\1\u201c", text)
    return text.replace('"', "\u201d")


def typ_spans(spans, notes):
    out = []
    for kind, value in spans:
        if kind == "plain":
            out.append(typ_escape(typ_smart(value)))
        elif kind in ("em", "foreign"):
            out.append(f"_{typ_escape(typ_smart(value))}_")
        elif kind == "strong":
            out.append(f"*{typ_escape(typ_smart(value))}*")
        elif kind == "link":
            out.append(f'#link("{value[1]}")[{typ_escape(value[0])}]')
        elif kind == "url":
            out.append(f'#link("{value}")')
        elif kind == "note":
            out.append(f"#footnote[{typ_spans(notes[value - 1], notes)}]")
    return "".join(out)


TYP_PREAMBLE = """\
#set page(width: 6in, height: 9in, margin: (top: 0.75in, bottom: 1.0in, inside: 0.875in, outside: 0.75in), numbering: "1")
#set text(font: "EB Garamond", size: 11pt, lang: "en", region: "GB", hyphenate: true)
#set par(justify: true, first-line-indent: 1em, leading: 0.57em, spacing: 0.57em)
#show heading: it => { set align(center); set text(weight: "regular"); it }
"""


def typst_piece(meta, blocks, notes):
    out = ['#pagebreak(to: "odd", weak: true)',
           f"#v(4em)\n#align(center)[#text(size: 21pt)[{typ_escape(typ_smart(meta['title']))}]]"]
    if "author" in meta:
        author = meta["author"]
        author = " and ".join(author) if isinstance(author, list) else author
        out.append(f"#align(center)[#smallcaps[{typ_escape(author)}]]")
    if "standfirst" in meta:
        out.append(f"#text(style: \"italic\", size: 12pt)[{typ_escape(typ_smart(meta['standfirst']))}]")
    if "note" in meta:
        out.append(f"#text(size: 10pt)[{typ_escape(typ_smart(meta['note']))}]")
    for block in blocks:
        kind = block[0]
        if kind == "p":
            out.append(typ_spans(block[1], notes))
        elif kind == "h":
            out.append(f"== {typ_escape(block[1])}")
        elif kind == "quote":
            out.append("#quote(block: true)[" + "\n\n".join(typ_spans(p, notes) for p in block[1]) + "]")
        elif kind in ("ul", "ol"):
            mark = "+" if kind == "ol" else "-"
            out.append("\n".join(f"{mark} {typ_spans(item, notes)}" for item in block[1]))
        elif kind == "table":
            header, rows = block[1], block[2]
            cells = ", ".join(f"[{typ_escape(c)}]" for row in [header] + rows for c in row)
            out.append(f"#table(columns: {len(header)}, {cells})")
        elif kind == "image":
            out.append(f'#figure(image("../{block[1]}", width: 60%), caption: [{typ_escape(block[2])}])')
    if "source" in meta:
        out.append(f"#align(right)[#emph[{typ_escape(meta['source'])}]]")
    return "\n\n".join(out)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "piece"


def add_apparatus(people, meta, number):
    """Co-authors (one piece in ten), a translator (one in twenty) and a rights line."""
    rng = people.rng
    # Four pieces in five have an author (Writer.piece): one in eight of those, one in ten in all.
    if "author" in meta and rng.random() < 0.125:
        meta["author"] = [meta["author"]] + [people.name() for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.05:
        meta["translator"] = people.name()
    who = meta.get("author", "the editor")
    who = ", ".join(who) if isinstance(who, list) else who
    meta["rights"] = f"© {rng.randint(1995, 2024)} {who}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--pieces", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--coauthors", action="store_true",
                    help="co-authors, translators, rights and contributors' entries")
    a = ap.parse_args()
    out = a.out
    w = Writer(a.seed)
    # The apparatus's own stream: drawing from `w` would change the text itself.
    people = Writer(a.seed + 1_000_003) if a.coauthors else None
    named = {}
    (out / "manuscript").mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    (out / "reference").mkdir(exist_ok=True)
    # Print-quality pictures: wide enough for 300 pixels an inch across a 6 x 9 in page's
    # text block (4.4 in), as a publisher would supply them.
    bars = [(x // 100, 200 + (x // 100 * 157) % 560) for x in range(1400)]

    def chart_row(y):
        return bytes(c for i, h in bars
                     for c in ((40 + 13 * i, 90, 200 - 9 * i) if 840 - y < h else (250, 248, 240)))

    def map_row(y):
        return bytes(c for x in range(1400)
                     for c in (x * 255 // 1400, y * 255 // 1400,
                               150 + 60 * ((x // 70 + y // 70) % 2)))

    (out / "images/chart.png").write_bytes(png(1400, 840, chart_row))
    (out / "images/map.png").write_bytes(png(1400, 1400, map_row))

    parts = []
    left = a.pieces
    while left > 0:
        n = min(left, w.rng.randint(8, 24))
        parts.append(n)
        left -= n
    contents = []
    typ = [TYP_PREAMBLE, f"#align(center + horizon)[#text(size: 28pt)[Synthetic Anthology]]"]
    number = 0
    total_words = 0
    for p, count in enumerate(parts, 1):
        part_title = " ".join(w.content_word() for _ in range(w.rng.randint(1, 3))).title()
        folder = f"manuscript/{p:02}-{slug(part_title)}"
        (out / folder).mkdir(exist_ok=True)
        chapters = []
        typ.append(f'#pagebreak(to: "odd", weak: true)\n#align(center + horizon)[#text(size: 24pt)[{typ_escape(part_title)}]]')
        for _ in range(count):
            number += 1
            meta, blocks, notes = w.piece(number)
            if people is not None:
                add_apparatus(people, meta, number)
                for key in ("author", "translator"):
                    v = meta.get(key, [])
                    for person in v if isinstance(v, list) else [v]:
                        named.setdefault(person, people.sentence(notes=False))
            total_words += sum(count_words(b) for b in blocks)
            path = f"{folder}/{number:04}-{slug(meta['title'])}.md"
            (out / path).write_text(markdown(meta, blocks, notes), encoding="utf-8")
            chapters.append(path)
            typ.append(typst_piece(meta, blocks, notes))
        contents.append((part_title, chapters))

    yaml = [
        f'title: "Synthetic Anthology ({a.pieces} pieces, seed {a.seed})"',
        "subtitle: Generated by scripts/gen_anthology.py for the benchmark",
        "editor: The Bench Press",
        "language: en-GB",
        "date: 2024-06-01",
    ]
    if named:
        yaml.append("contributors:")
        for person, bio in named.items():
            first, _, last = person.rpartition(" ")
            yaml.append(f"  - name: {yaml_str(person)}")
            yaml.append(f"    sort-as: {yaml_str(f'{last}, {first}' if first else person)}")
            yaml.append(f"    bio: {yaml_str(plain(bio))}")
    yaml.append("contents:")
    for title, chapters in contents:
        yaml.append(f"  - part: {yaml_str(title)}")
        yaml.append("    chapters:")
        yaml += [f"      - {c}" for c in chapters]
    (out / "manuscript/book.yaml").write_text("\n".join(yaml) + "\n", encoding="utf-8")
    (out / "reference/book.typ").write_text("\n\n".join(typ) + "\n", encoding="utf-8")
    print(f"{out}: {a.pieces} pieces in {len(parts)} parts, about {total_words:,} words",
          file=sys.stderr)


if __name__ == "__main__":
    main()
