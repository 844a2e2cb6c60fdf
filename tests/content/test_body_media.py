"""Images in the body: found like the lead image, published under /media/, turned into
figures with their credits, sized from their headers, and every mistake located."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.content import markdown
from brief.content.article import Article, Credit, Figure
from brief.content.figures import digest, image_size
from brief.content.licenses import lookup
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from tests.helpers import PNG_BYTES


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True, params=["markdown-it-pyrs", "markdown-it-py"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every case with both renderers: their HTML differs in nothing this module reads, and
    the Python one gives a paragraph's images its first line, so columns are found apart."""
    if request.param == "markdown-it-py":
        if markdown.markdown_it_pyrs is None:
            pytest.skip("markdown-it-pyrs is not installed: the other case is this one")
        monkeypatch.setattr(markdown, "markdown_it_pyrs", None)
    markdown._renderer.cache_clear()
    yield request.param
    markdown._renderer.cache_clear()


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    root = tmp_path / "site"
    (root / "content" / "maps").mkdir(parents=True)
    (root / "content" / "images").mkdir()
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://ex.org/\ntimezone: UTC\n", encoding="utf-8"
    )
    (root / "content" / "maps" / "front.png").write_bytes(png(30, 20))
    (root / "content" / "images" / "shared.png").write_bytes(PNG_BYTES)
    return load_config(root)


def parse(
    config: SiteConfig, body: str, front: str = "", name: str = "maps/a.md"
) -> tuple[Article | None, list[str]]:
    path = config.content_dir / name
    path.write_text(f"---\ntitle: Talks\ndate: 2022-02-28\n{front}---\n{body}\n")
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    article, problems = parse_article(source, config)
    return article, [p.format() for p in problems]


def ok(config: SiteConfig, body: str, front: str = "") -> Article:
    article, problems = parse(config, body, front)
    assert problems == []
    assert article is not None
    return article


LAZY = 'loading="lazy" decoding="async"'


def test_a_local_image_is_published_under_media_with_its_size(config: SiteConfig) -> None:
    article = ok(config, "![The front line](front.png)")
    assert article.html == (
        f'<p><img src="/media/maps/front.png" alt="The front line" width="30" height="20" {LAZY}>'
        "</p>\n"
    )
    file = config.content_dir.resolve() / "maps" / "front.png"
    (figure,) = article.figures
    assert figure == Figure(
        "front.png",
        file,
        "/media/maps/front.png",
        None,
        (30, 20),
        figure_stat(file),
        0,
        figure.picture,
    )
    # a photo brief processes: its plan is the one of its bytes, at its own size (30 px)
    assert figure.picture is not None and figure.picture.original.path == "/media/maps/front.png"
    assert [v.width for v in figure.picture.fallback.variants] == [30]
    # the path as written stays in what checks read
    assert [i.src for i in article.body.images] == ["front.png"]


def figure_stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def test_a_root_path_is_read_from_content_and_one_file_is_one_figure(config: SiteConfig) -> None:
    article = ok(
        config, "![One](/images/shared.png) and ![Two](../images/shared.png)\n\n![Three](front.png)"
    )
    assert article.html.count('src="/media/images/shared.png"') == 2
    assert [(f.src, f.url) for f in article.figures] == [
        ("/images/shared.png", "/media/images/shared.png"),
        ("../images/shared.png", "/media/images/shared.png"),
        ("front.png", "/media/maps/front.png"),
    ]


def test_a_title_makes_a_figure_only_when_the_image_stands_alone(config: SiteConfig) -> None:
    article = ok(
        config,
        'Text with ![a map](front.png "Inline") in it.\n\n'
        '![The front line](front.png "Where the front ran on Monday")',
    )
    assert article.html == (
        f'<p>Text with <img src="/media/maps/front.png" alt="a map" title="Inline" width="30" '
        f'height="20" {LAZY}> in it.</p>\n'
        f'<figure class="body-figure"><img src="/media/maps/front.png" alt="The front line" '
        f'width="30" height="20" {LAZY}><figcaption><span class="caption">Where the front ran '
        "on Monday</span></figcaption></figure>\n"
    )


FIGURES = """\
figures:
  front.png:
    credit: Jane Roe
    source: Map Desk
    source_url: https://maps.example.org/
    license: CC BY 4.0
image:
  src: /images/shared.png
  alt: The talks
  credit: Lead Photographer
  license: CC0
credits:
  - title: Background
    credit: Wire
    license: CC BY 4.0
"""


def test_figures_credit_a_body_image_in_its_caption_and_the_credits(config: SiteConfig) -> None:
    article = ok(config, '![The front line](front.png "Where the front ran")', FIGURES)
    assert article.html == (
        f'<figure class="body-figure"><img src="/media/maps/front.png" alt="The front line" '
        f'width="30" height="20" {LAZY}><figcaption><span class="caption">Where the front '
        'ran</span> <span class="figure-credit">Image: Jane Roe</span></figcaption></figure>\n'
    )
    credit = Credit(
        "image",
        "Where the front ran",  # named in the credits by its caption in the body
        "Jane Roe",
        "Map Desk",
        "https://maps.example.org/",
        lookup("CC BY 4.0"),
    )
    assert [f.credit for f in article.figures] == [credit]
    assert [c.creator for c in article.attributions] == ["Lead Photographer", "Jane Roe", "Wire"]
    assert article.figures[0].line == 5


def test_a_figures_entry_alone_makes_a_figure_and_may_give_the_caption(
    config: SiteConfig,
) -> None:
    front = "figures:\n  front.png: {caption: 'The front & the river', notice: '© Desk'}\n"
    article = ok(config, "![The front line](front.png)\n\n![Again](front.png)", front)
    figure = (
        f'<figure class="body-figure"><img src="/media/maps/front.png" alt="{{alt}}" width="30" '
        f'height="20" {LAZY}><figcaption><span class="caption">The front &amp; the river</span>'
        "</figcaption></figure>\n"
    )
    assert article.html == figure.format(alt="The front line") + figure.format(alt="Again")
    front = "figures:\n  front.png: {license: CC0}\n"
    article = ok(config, "![The front line](front.png)", front)
    assert article.html == (
        f'<figure class="body-figure"><img src="/media/maps/front.png" alt="The front line" '
        f'width="30" height="20" {LAZY}></figure>\n'
    )


def test_a_remote_image_is_left_as_it_is_unless_credited(config: SiteConfig) -> None:
    article = ok(config, "![A photo](https://e.org/a.jpg?x=1&y=2)")
    assert article.html == (
        f'<p><img src="https://e.org/a.jpg?x=1&amp;y=2" alt="A photo" {LAZY}></p>\n'
    )
    assert article.figures == ()
    front = "figures:\n  https://e.org/a.jpg: {credit: Agency, license: CC0}\n"
    article = ok(config, "![A photo](https://e.org/a.jpg)", front)
    assert article.html == (
        f'<figure class="body-figure"><img src="https://e.org/a.jpg" alt="A photo" {LAZY}>'
        '<figcaption><span class="figure-credit">Image: Agency</span></figcaption></figure>\n'
    )
    assert [(f.file, f.url) for f in article.figures] == [(None, "https://e.org/a.jpg")]
    assert [c.creator for c in article.attributions] == ["Agency"]


def test_a_file_name_with_a_space_or_letters_is_published_encoded(config: SiteConfig) -> None:
    (config.content_dir / "maps" / "the été map.png").write_bytes(PNG_BYTES)
    front = "figures:\n  the été map.png: {credit: X, license: CC0}\n"
    article = ok(config, "![A map](<the été map.png>)", front)
    assert 'src="/media/maps/the%20%C3%A9t%C3%A9%20map.png"' in article.html
    assert article.figures[0].src == "the été map.png"
    assert article.figures[0].credit is not None


def test_code_and_raw_html_are_not_touched(config: SiteConfig) -> None:
    article = ok(config, '`![x](front.png)`\n\n```\n![x](front.png)\n<img src="front.png">\n```')
    assert "/media/" not in article.html and "loading=" not in article.html
    assert article.figures == ()
    raw = dataclasses.replace(config, markdown=dataclasses.replace(config.markdown, html=True))
    found, problems = parse(raw, '<img src="other.png" alt="raw">\n\n![Map](front.png)')
    assert problems == [] and found is not None
    assert found.html.startswith('<img src="other.png" alt="raw">\n')
    assert 'src="/media/maps/front.png"' in found.html


def test_an_unsafe_url_is_no_image_at_all(config: SiteConfig) -> None:
    article = ok(config, "![x](javascript:alert(1)) ![y](vbscript:x) ![z](file:///etc/passwd)")
    assert "<img" not in article.html
    assert article.figures == ()


def test_mistakes_are_errors_at_their_place(config: SiteConfig, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG_BYTES)
    (config.content_dir / "maps" / "link.png").symlink_to(outside)
    article, problems = parse(
        config,
        "Text ![](front.png) and ![ ](<front.png>)\n"
        "A ![map](gone.png), ![x](../../etc/passwd), ![x](/../secret.png)\n"
        "and ![x](link.png) ![x](%2e%2e/%2e%2e/site.yaml) ![x]() ![][r]\n"
        "\n"
        "[r]: https://e.org/r.png\n",
        "figures:\n  frnt.png: {caption: x}\n  other.png: {caption: y}\n",
    )
    assert article is None
    no_alt = (
        "error: image {0} has no alt text; describe it for readers who cannot see it: "
        "![What it shows]({0}) (an image that is only decoration belongs in the theme's "
        "stylesheet, not in the article)"
    )
    outside_content = (
        "error: image '{}' lies outside content/; put the file next to the article or under "
        "content/"
    )
    assert problems == [
        "content/maps/a.md:8:6: " + no_alt.format("front.png"),
        "content/maps/a.md:8:25: " + no_alt.format("front.png"),
        "content/maps/a.md:9:10: error: image file 'gone.png' not found (looked for "
        "content/maps/gone.png)",
        "content/maps/a.md:9:26: " + outside_content.format("../../etc/passwd"),
        "content/maps/a.md:9:50: " + outside_content.format("/../secret.png"),
        "content/maps/a.md:10:10: " + outside_content.format("link.png"),
        "content/maps/a.md:10:25: " + outside_content.format("../../site.yaml"),
        "content/maps/a.md:10:50: error: image ![x]() names no file; write the file's path, "
        "e.g. ![What it shows](map.png)",
        "content/maps/a.md:10:57: " + no_alt.format("https://e.org/r.png"),
        "content/maps/a.md:5:3: error: figures: 'frnt.png' is not an image in this article's "
        "body; did you mean 'front.png'? (a key is the image's path as the body writes it)",
        "content/maps/a.md:6:3: error: figures: 'other.png' is not an image in this article's "
        "body; its images are front.png, gone.png, ../../etc/passwd, /../secret.png and 3 more "
        "(a key is the image's path as the body writes it)",
    ]


def test_an_article_without_images_may_not_have_figures(config: SiteConfig) -> None:
    _, problems = parse(config, "Text.", "figures:\n  map.png: {credit: X, license: CC0}\n")
    assert problems == [
        "content/maps/a.md:5:3: error: figures: 'map.png' is not an image in this article's "
        "body; the body has no images (a key is the image's path as the body writes it)"
    ]


def test_figures_entries_are_read_like_image(config: SiteConfig) -> None:
    body = "![Map](front.png)"
    cases = {
        "figures: front.png\n": "content/maps/a.md:4:10: error: 'figures' must be a mapping "
        "from an image of the body to its credit, e.g. figures: {map.png: {credit: Jane Doe, "
        "license: CC BY 4.0}}, got 'front.png'",
        "figures:\n  front.png: Jane\n": "content/maps/a.md:5:14: error: 'front.png' must be a "
        "mapping with keys caption, credit, source, source_url, license, notice, got 'Jane'",
        "figures:\n  front.png: {alt: x}\n": "content/maps/a.md:5:15: error: unknown key 'alt' "
        "in 'front.png'; known keys: caption, credit, source, source_url, license, notice",
        "figures:\n  front.png: {credit: X, license: CC BY 5.0}\n": "content/maps/a.md:5:35: "
        "error: unknown licence 'CC BY 5.0'; did you mean 'CC BY 4.0'? For terms of your own "
        "write license: permission (or all-rights-reserved) and the wording in notice:",
        "figures:\n  front.png: {credit: X}\n": "content/maps/a.md:5:3: warning: figure "
        "'front.png' has no license: or notice:; readers cannot tell under which terms it is used",
    }
    for front, message in cases.items():
        assert parse(config, body, front)[1] == [message], front


def test_the_digest_follows_the_sizes_the_body_shows(config: SiteConfig) -> None:
    plain = ok(config, "No image.")
    source = read_source(config.content_dir / "maps" / "a.md", config.root)
    assert isinstance(source, Source)
    assert plain.digest == source.digest
    first = ok(config, "![Map](front.png)")
    (config.content_dir / "maps" / "front.png").write_bytes(png(40, 20))
    second = ok(config, "![Map](front.png)")
    assert first.digest != second.digest
    assert 'width="40" height="20"' in second.html
    assert digest("abc", ()) == "abc"


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    """A JPEG's markers up to its frame header, optionally with an EXIF orientation."""
    out = b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    if orientation is not None:
        ifd = struct.pack(">H", 1) + struct.pack(">HHIH", 0x0112, 3, 1, orientation) + b"\x00\x00"
        tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd + b"\x00" * 4
        app1 = b"Exif\x00\x00" + tiff
        out += b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00" * 3
    return out + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def riff(kind: bytes, data: bytes) -> bytes:
    chunk = kind + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(chunk) + 4) + b"WEBP" + chunk


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(640, 480), (640, 480)),
        (b"GIF89a" + struct.pack("<HH", 120, 60) + b"\x00" * 8, (120, 60)),
        (jpeg(800, 600), (800, 600)),
        (jpeg(800, 600, orientation=6), (600, 800)),  # shown turned a quarter
        (jpeg(800, 600, orientation=3), (800, 600)),
        (riff(b"VP8 ", b"\x00" * 3 + b"\x9d\x01\x2a" + struct.pack("<HH", 300, 200)), (300, 200)),
        (
            riff(b"VP8L", b"\x2f" + ((300 - 1) | (200 - 1) << 14).to_bytes(4, "little")),
            (300, 200),
        ),
        (
            riff(b"VP8X", b"\x00" * 4 + (299).to_bytes(3, "little") + (199).to_bytes(3, "little")),
            (300, 200),
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', None),
        (png(640, 480)[:20], None),  # cut short
        (b"\xff\xd8\xff\xe0\x00", None),
        (b"\xff\xd8" + b"\xff\xe1\xff\xff" + b"Exif\x00\x00MM", None),
        (b"", None),
    ],
)
def test_image_sizes_from_headers(
    tmp_path: Path, data: bytes, size: tuple[int, int] | None
) -> None:
    path = tmp_path / "image"
    path.write_bytes(data)
    assert image_size(path) == size


def test_real_files_of_each_kind_read_their_size(tmp_path: Path) -> None:
    """Files made by real encoders (those Python's own tests ship, where installed)."""
    import glob
    import sys

    found = glob.glob(f"{sys.base_prefix}/lib/python3*/test/**/python.*", recursive=True)
    found = [p for p in found if p.endswith((".png", ".gif", ".jpg", ".webp"))]
    if not found:
        pytest.skip("no sample images installed with Python")
    assert {Path(p).suffix: image_size(Path(p)) for p in found} == {
        suffix: (16, 16) for suffix in {Path(p).suffix for p in found}
    }


def test_only_image_files_are_published(config: SiteConfig) -> None:
    """A mistyped path must never publish an article's source (a draft's, say)."""
    (config.content_dir / "maps" / "draft.md").write_text("---\ntitle: Secret\n---\n")
    (config.content_dir / "maps" / "looks.png").symlink_to("draft.md")
    (config.content_dir / "maps" / "CHART.SVG").write_text("<svg/>")
    _, problems = parse(config, "![x](draft.md) ![y](looks.png) ![z](CHART.SVG)")
    message = (
        "error: image '{}' is not an image file; brief shows .png, .jpg, .jpeg, .gif, .webp, "
        ".avif, .svg files"
    )
    assert problems == [
        "content/maps/a.md:5:6: " + message.format("draft.md"),
        "content/maps/a.md:5:21: " + message.format("looks.png"),
    ]


def test_an_import_reads_bodies_whose_images_are_still_to_be_copied(config: SiteConfig) -> None:
    """`brief import` writes articles before their images are copied: a missing file is no
    problem there (the build reports it), a path out of content/ still is."""
    path = config.content_dir / "maps" / "a.md"
    path.write_text("---\ntitle: T\ndate: 2022-02-28\n---\n![Map](gone.png) ![Front](front.png)\n")
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    article, problems = parse_article(source, config, media=False)
    assert problems == [] and article is not None
    assert article.html.startswith(f'<p><img src="gone.png" alt="Map" {LAZY}> ')
    assert [f.src for f in article.figures] == ["front.png"]
    path.write_text("---\ntitle: T\ndate: 2022-02-28\n---\n![Map](../../x.png)\n")
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    assert [p.message for p in parse_article(source, config, media=False)[1]] == [
        "image '../../x.png' lies outside content/; put the file next to the article or under "
        "content/"
    ]
