#!/usr/bin/env python3
"""A deterministic news corpus, written as a brief site and as a Hugo site of the same pages.

    python bench/gen_corpus.py N OUT          # writes OUT/brief/ and OUT/hugo/
    python bench/gen_corpus.py N OUT --plain  # the corpus before sections, authors, images
    python bench/gen_corpus.py N OUT --photos P  # the first P articles lead with a photo

Both sites have one page per article at /posts/<slug>/ (headline, date, author, summary,
body, tag links, image credit), a front page of the latest articles, a page per tag, a
page of all tags and a feed. brief paginates its listings (20 per page, as a news front
page does); Hugo's tag pages list every article on one page, and its front page the
latest 20. Only the standard library is used.

The brief site is a newsroom's: eight sections (every article in one), an author registry
with bios for half the bylines (one article in ten has two), standalone pages, and local
images: one article in five has a lead photo and one in ten a captioned, credited figure in
its body, drawn from a pool of 200 small PNG files. With `--photos P`, the first P articles
lead instead with a photo of their own: a JPEG of 2 to 4 megapixels, colour fields with
grain so it compresses like a photo, made with Pillow from the article's number (the same
corpus every time), in both cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import struct
import zlib

WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "this",
    "which",
    "while",
    "after",
    "before",
    "during",
    "across",
    "between",
    "under",
    "over",
    "about",
    "government",
    "council",
    "minister",
    "ministry",
    "parliament",
    "committee",
    "report",
    "agency",
    "court",
    "city",
    "region",
    "country",
    "province",
    "district",
    "village",
    "market",
    "economy",
    "budget",
    "tax",
    "energy",
    "climate",
    "water",
    "river",
    "coast",
    "harbour",
    "port",
    "railway",
    "road",
    "bridge",
    "airport",
    "school",
    "university",
    "hospital",
    "clinic",
    "health",
    "doctor",
    "nurse",
    "patient",
    "study",
    "research",
    "data",
    "survey",
    "analysis",
    "figure",
    "estimate",
    "forecast",
    "growth",
    "decline",
    "increase",
    "company",
    "firm",
    "industry",
    "worker",
    "union",
    "wage",
    "price",
    "cost",
    "rate",
    "inflation",
    "loan",
    "bank",
    "farmer",
    "harvest",
    "crop",
    "drought",
    "flood",
    "storm",
    "rainfall",
    "season",
    "weather",
    "police",
    "officer",
    "investigation",
    "inquiry",
    "trial",
    "judge",
    "ruling",
    "appeal",
    "law",
    "bill",
    "vote",
    "election",
    "campaign",
    "candidate",
    "party",
    "coalition",
    "opposition",
    "majority",
    "leader",
    "mayor",
    "housing",
    "rent",
    "tenant",
    "project",
    "plan",
    "proposal",
    "funding",
    "grant",
    "program",
    "transport",
    "bus",
    "train",
    "tram",
    "traffic",
    "safety",
    "museum",
    "library",
    "festival",
    "theatre",
    "film",
    "music",
    "artist",
    "team",
    "match",
    "league",
    "coach",
    "player",
    "victory",
    "defeat",
    "said",
    "announced",
    "confirmed",
    "reported",
    "warned",
    "expected",
    "approved",
    "rejected",
    "delayed",
    "opened",
    "closed",
    "launched",
    "completed",
    "people",
    "families",
    "children",
    "students",
    "residents",
    "visitors",
    "thousands",
    "hundreds",
    "morning",
    "evening",
    "night",
    "week",
    "month",
    "year",
    "north",
    "south",
    "east",
    "west",
    "central",
    "local",
    "national",
]
TOPICS = [
    "energy",
    "climate",
    "housing",
    "transport",
    "health",
    "education",
    "economy",
    "budget",
    "elections",
    "courts",
    "policing",
    "water",
    "farming",
    "fisheries",
    "tourism",
    "culture",
    "sport",
    "football",
    "cycling",
    "rail",
    "aviation",
    "shipping",
    "ports",
    "trade",
    "jobs",
    "wages",
    "inflation",
    "banking",
    "startups",
    "software",
    "security",
    "privacy",
    "science",
    "space",
    "weather",
    "floods",
    "drought",
    "wildfires",
    "heat",
    "storms",
    "coast",
    "rivers",
    "forests",
    "wildlife",
    "parks",
    "cities",
    "rural",
    "migration",
    "schools",
    "universities",
    "hospitals",
    "nursing",
    "pensions",
    "taxes",
    "rents",
    "planning",
    "roads",
    "bridges",
    "trams",
    "ferries",
    "solar",
    "wind",
    "nuclear",
    "grid",
    "batteries",
    "gas",
    "oil",
    "mining",
    "recycling",
    "waste",
    "noise",
    "museums",
    "libraries",
    "theatre",
    "film",
    "music",
    "festivals",
    "books",
    "archives",
]
SUFFIXES = ["policy", "funding", "report", "data", "watch", "review", "local", "debate"]
NAMES = [
    "Ada Abbott",
    "Ben Baker",
    "Chloe Costa",
    "Dara Dubois",
    "Eli Evans",
    "Farah Fischer",
    "Gus Garcia",
    "Hana Hughes",
    "Ivan Ito",
    "Jun Jensen",
    "Kai Khan",
    "Lena Larsen",
]
LICENSES = ["CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0", "CC BY 2.0", "CC BY-NC 4.0"]
SOURCES = ["Wikimedia Commons", "Flickr", "Agency photo desk"]


SECTIONS = ["World", "Politics", "Economy", "Science", "Health", "Culture", "Sport", "Opinion"]
IMAGES = 200
"""Distinct image files in the corpus' media pool."""


def png(width: int, height: int, shade: int) -> bytes:
    """A valid grey PNG of the given size (a few hundred bytes: the pool stays small)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


PHOTO_SIZES = [(2048, 1365), (2400, 1600), (1920, 1280), (2000, 2000), (1600, 1200), (2400, 1350)]
"""2 to 4 megapixels, landscape, square and 16:9, as a news desk's photos come."""


def photo(i: int) -> bytes:
    """Photo number `i` of the corpus, as JPEG bytes."""
    import io

    from PIL import Image  # only the photo corpus needs it

    rnd = random.Random(i)
    width, height = PHOTO_SIZES[i % len(PHOTO_SIZES)]
    field = Image.frombytes("RGB", (8, 6), rnd.randbytes(8 * 6 * 3))
    field = field.resize((width, height), Image.Resampling.BICUBIC)
    gw, gh = width // 2, height // 2
    grain = Image.frombytes("L", (gw, gh), rnd.randbytes(gw * gh)).resize((width, height))
    im = Image.blend(field, Image.merge("RGB", (grain, grain, grain)), 0.08)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _write_photo(job: tuple[str, int]) -> None:
    path, i = job
    with open(path, "wb") as f:
        f.write(photo(i))


def write_photos(root: str, count: int) -> None:
    """`content/photos/photo-NNNN.jpg` for 0 <= NNNN < count, in both cores."""
    from concurrent.futures import ProcessPoolExecutor

    folder = os.path.join(root, "content", "photos")
    os.makedirs(folder, exist_ok=True)
    jobs = [(os.path.join(folder, f"photo-{i:04d}.jpg"), i) for i in range(count)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_write_photo, jobs, chunksize=8))


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    i = rng.randrange(1, len(words) - 1)
    words[i] = f"*{words[i]}*"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(n: int, seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    tags = list(TOPICS) + [f"{t}-{s}" for s in SUFFIXES for t in TOPICS]
    tags = tags[:300]
    start = dt.datetime(2020, 1, 1, 6, 0, tzinfo=dt.UTC)
    articles = []
    for i in range(n):
        title_words = [rng.choice(WORDS) for _ in range(rng.randint(4, 8))]
        title = " ".join(title_words).capitalize()
        paragraphs = []
        for _ in range(rng.randint(6, 9)):
            para = " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))
            if rng.random() < 0.3:
                para += f" See [the report](https://example.org/reports/{i}-{len(paragraphs)})."
            paragraphs.append(para)
        articles.append(
            {
                "slug": f"a{i:05d}-" + "-".join(title_words[:4]),
                "title": title,
                "date": start + dt.timedelta(minutes=37 * i),
                "tags": sorted(set(rng.sample(tags[: 40 + i % 260], 3))),
                "summary": sentence(rng),
                "author": rng.choice(NAMES),
                "credit": rng.choice(NAMES),
                "source": rng.choice(SOURCES),
                "license": rng.choice(LICENSES),
                "body": "\n\n".join(paragraphs) + "\n",
                # not drawn from rng, so --plain gives the corpus of before, byte for byte
                "section": SECTIONS[(i * 5 + len(title)) % len(SECTIONS)],
                "coauthor": NAMES[(i * 3) % len(NAMES)] if i % 10 == 3 else None,
                "lead": i % IMAGES if i % 5 == 0 else None,
                "figure": (i * 7) % IMAGES if i % 10 == 1 else None,
            }
        )
    return articles


def q(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_article(
    path: str, a: dict[str, object], credit_lines: list[str], body: str | None = None
) -> None:
    """One article with the front-matter both generators read, plus their credit fields."""
    front = [
        "---",
        f"title: {q(a['title'])}",
        f"date: {a['date'].isoformat()}",  # type: ignore[attr-defined]
        "tags: [" + ", ".join(a["tags"]) + "]",  # type: ignore[arg-type]
        f"summary: {q(a['summary'])}",
        *([f"author: {q(a['author'])}"] if a["author"] else []),
        f"slug: {a['slug']}",
        *credit_lines,
        "---",
    ]
    write(path, "\n".join(front) + "\n" + (body if body is not None else str(a["body"])))


def write_brief(
    root: str, articles: list[dict[str, object]], plain: bool = False, photos: int = 0
) -> None:
    config = (
        'title: "News Brief"\nbase_url: "https://example.org/"\npermalink: "/posts/{slug}/"\n'
        "paginate: 20\nfeed:\n  content: summary\n"
    )
    if not plain:
        config += "sections: [" + ", ".join(SECTIONS) + "]\nauthors:\n"
        for i, name in enumerate(NAMES):
            config += f"  - name: {name}\n"
            if i % 2 == 0:
                config += f"    bio: {name} reports for the desk.\n"
        for i in range(IMAGES):
            path = os.path.join(root, "content", "media", f"photo-{i:03d}.png")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(png(64 + i % 50, 40 + i % 30, i % 256))
        write(
            os.path.join(root, "content", "pages", "about.md"),
            "---\ntitle: About the brief\n---\nWho we are.\n",
        )
        write(
            os.path.join(root, "content", "pages", "corrections-policy.md"),
            "---\ntitle: Corrections policy\n---\nHow we correct.\n",
        )
    write(os.path.join(root, "site.yaml"), config)
    for a in articles:
        credit = [
            "image:",
            f"  credit: {q(a['credit'])}",
            f"  source: {q(a['source'])}",
            f"  source_url: https://example.org/media/{a['slug']}",
            f"  license: {q(a['license'])}",
        ]
        body = None
        if not plain:
            terms = credit[1:]
            desk = [f"section: {a['section']}"]
            if a["coauthor"] and a["coauthor"] != a["author"]:
                desk.append(f"authors: [{q(a['author'])}, {q(a['coauthor'])}]")
                a = {**a, "author": None}  # the byline is the list
            number = int(str(a["slug"])[1:6])
            if number < photos:
                lead = f"/photos/photo-{number:04d}.jpg"
                credit = ["image:", f"  src: {lead}", f"  alt: {q(a['title'])}", *terms]
            elif a["lead"] is not None:
                photo = f"/media/photo-{a['lead']:03d}.png"
                credit = ["image:", f"  src: {photo}", f"  alt: {q(a['title'])}", *terms]
            else:  # no photo to show: the credit is for material the story draws on
                credit = ["credits:", "  - title: Source material", *(f"  {t}" for t in terms)]
            if a["figure"] is not None:
                name = f"/media/photo-{a['figure']:03d}.png"
                credit += [
                    "figures:",
                    f"  {name}:",
                    f"    credit: {q(a['credit'])}",
                    f"    license: {q(a['license'])}",
                ]
                first, _, rest = str(a["body"]).partition("\n\n")
                body = f'{first}\n\n![A chart of the figures]({name} "The figures")\n\n{rest}'
            credit = desk + credit
        write_article(os.path.join(root, "content", f"{a['slug']}.md"), a, credit, body)


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "News Brief"
disableKinds = ["section", "RSS"]
[taxonomies]
  tag = "tags"
[permalinks]
  posts = "/posts/:slug/"
[outputs]
  home = ["HTML", "RSS"]
[markup.goldmark.parser]
  autoHeadingID = false
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | News Brief</title></head>
<body><header><a href="/">News Brief</a> <a href="/tags/">Tags</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.UTC.Format "2006-01-02" }}</time> {{ .Params.author }}</p><p>{{ .Params.summary }}</p>
<div>{{ .Content }}</div><ul>{{ range .Params.tags }}<li><a href="/tags/{{ . }}/">{{ . }}</a></li>{{ end }}</ul>
<footer>Image: {{ .Params.image_credit }}, {{ .Params.image_source }}, {{ .Params.image_license }}</footer></article>{{ end }}
""",
    "home.html": """{{ define "main" }}<ul>{{ range first 20 (where .Site.RegularPages "Section" "posts").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="/tags/{{ .Name }}/">{{ .Name }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "home.rss.xml": """<rss version="2.0"><channel><title>News Brief</title>{{ range first 20 (where .Site.RegularPages "Section" "posts").ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link></item>{{ end }}</channel></rss>
""",
}


def write_hugo(root: str, articles: list[dict[str, object]]) -> None:
    write(os.path.join(root, "hugo.toml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(root, "layouts", name), text)
    for a in articles:
        credit = [
            f"image_credit: {q(a['credit'])}",
            f"image_source: {q(a['source'])}",
            f"image_license: {q(a['license'])}",
        ]
        write_article(os.path.join(root, "content", "posts", f"{a['slug']}.md"), a, credit)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--plain", action="store_true", help="no sections, author registry, pages or images"
    )
    parser.add_argument(
        "--photos", type=int, default=0, help="the first PHOTOS articles lead with a photo"
    )
    args = parser.parse_args()
    articles = generate(args.n, args.seed)
    root = os.path.join(args.out, "brief")
    shutil.rmtree(root, ignore_errors=True)
    write_brief(root, articles, plain=args.plain, photos=args.photos)
    if args.photos:
        write_photos(root, min(args.photos, len(articles)))
    root = os.path.join(args.out, "hugo")
    shutil.rmtree(root, ignore_errors=True)
    write_hugo(root, articles)
    print(
        f"{len(articles)} articles, {len({t for a in articles for t in a['tags']})} tags -> {args.out}"
    )  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
