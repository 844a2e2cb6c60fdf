"""From one article file to one `Article`, field by field, with the fixture articles under
tests/fixtures/articles/ placed in a real site folder."""

from __future__ import annotations

import datetime as dt
import shutil
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from brief.config import SiteConfig, load_config
from brief.content.article import Article, Credit, TagRef
from brief.content.licenses import LICENSES
from brief.content.parse import parse_article
from brief.content.sources import Source, read_source
from brief.errors import Problem, Severity
from tests.helpers import FIXTURES, PNG_BYTES

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def body_html(article: Article) -> str:
    """The rendered body, whether the article keeps it as `html` or as `body.html`."""
    value: Any = getattr(article, "html", None)
    if value is None:
        value = getattr(article, "body").html  # noqa: B009 - the newer model's name
    return value if isinstance(value, str) else str(value.html)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    root = tmp_path / "site"
    (root / "content" / "2022").mkdir(parents=True)
    (root / "content" / "media-files").mkdir()
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://ex.org/\ntimezone: Europe/Berlin\n", encoding="utf-8"
    )
    (root / "content" / "2022" / "kremlin.png").write_bytes(PNG_BYTES)
    (root / "content" / "media-files" / "photo.png").write_bytes(PNG_BYTES)
    return load_config(root)


def parse(config: SiteConfig, name: str) -> tuple[Article | None, list[Problem]]:
    path = config.content_dir / "2022" / name
    shutil.copyfile(FIXTURES / "articles" / name, path)
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    return parse_article(source, config)


def test_every_field(config: SiteConfig) -> None:
    article, problems = parse(config, "full.md")
    assert problems == []
    assert article is not None
    assert article.source == "content/2022/full.md"
    assert article.title == "Russia Makes Demands for Ceasefire in Ukraine"  # stripped
    assert article.date == dt.datetime(2022, 2, 28, 14, 30, tzinfo=BERLIN)  # the site's zone
    assert article.updated == dt.datetime(
        2022, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert article.summary == "The first round of talks has ended."
    assert article.author == "Jane Doe"
    # spellings that fold alike are one tag, the first kept; inner spaces are collapsed
    assert article.tags == (
        TagRef("Russia", "russia", "russia"),
        TagRef("Ukraine", "ukraine", "ukraine"),
        TagRef("Peace talks", "peace talks", "peace-talks"),
    )
    assert (article.slug, article.url, article.draft) == (
        "putin-demands",
        "/2022/02/28/putin-demands/",
        False,
    )
    assert article.extra == {"desk": "Europe", "priority": 2}
    assert dict(article.lines) == {
        "title": 2, "date": 3, "updated": 4, "summary": 5, "author": 6, "tags": 7, "slug": 8,
        "draft": 9, "image": 10, "credits": 18, "desk": 26, "priority": 27,
    }  # fmt: skip
    assert body_html(article) == (
        '<p>Talks “ended” – for now.</p>\n<h2 id="next-steps">Next steps</h2>\n'
    )


def test_image_and_credits(config: SiteConfig) -> None:
    article, _ = parse(config, "full.md")
    assert article is not None and article.image is not None
    image = article.image
    assert image.src == "/media/2022/kremlin.png"
    assert image.file == (config.content_dir / "2022" / "kremlin.png").resolve()
    assert (image.alt, image.caption) == ("Vladimir Putin at his desk", "Putin during the call")
    assert image.credit == Credit(
        role="image",
        title="Putin during the call",
        creator="Presidential Executive Office of Russia",
        source="Wikimedia Commons",
        source_url="https://commons.wikimedia.org/wiki/File:Putin.jpg",
        license=LICENSES["CC BY 4.0"],
    )
    assert article.credits == (
        Credit(
            role="credit",
            title="Map of the border region",
            creator="OpenStreetMap contributors",
            source=None,
            source_url=None,
            license=None,
            license_kind="permission",
            notice="© OpenStreetMap contributors, used with permission",
        ),
        # a number where text is expected is read as the text it was written as
        Credit("credit", None, "2022", "Reuters", None, None, None, "© Reuters"),
    )
    assert article.attributions == (image.credit, *article.credits)


def test_defaults_of_a_minimal_article(config: SiteConfig) -> None:
    article, problems = parse(config, "minimal.md")
    assert problems == []
    assert article is not None
    assert article.date == dt.datetime(2022, 2, 28, tzinfo=BERLIN)
    assert (article.updated, article.summary, article.author) == (None, "", None)
    assert (article.tags, article.image, article.credits, article.extra) == ((), None, (), {})
    assert (article.slug, article.url) == ("elysee-says-non", "/2022/02/28/elysee-says-non/")
    assert article.draft is False
    assert body_html(article) == ""


def test_the_url_uses_the_date_in_the_site_timezone(config: SiteConfig) -> None:
    article, problems = parse(config, "remote-image.md")
    assert article is not None
    assert article.date == dt.datetime(2022, 2, 28, 23, 30, tzinfo=dt.UTC)
    assert article.url == "/2022/03/01/a-remote-image/"  # 00:30 in Berlin
    assert article.image is not None
    assert (article.image.src, article.image.file, article.image.alt) == (
        "https://upload.example.org/a.jpg",
        None,
        "",
    )
    assert (
        Problem(
            "content/2022/remote-image.md",
            4,
            1,
            "image has no license: or notice:; readers cannot tell under which terms it is used",
            Severity.WARNING,
        )
        in problems
    )
    assert all(p.severity is Severity.WARNING for p in problems)


def test_an_image_path_from_the_content_root(config: SiteConfig) -> None:
    article, problems = parse(config, "subfolder-image.md")
    assert problems == []
    assert article is not None and article.image is not None
    assert article.image.src == "/media/media-files/photo.png"
    assert article.image.credit.license is LICENSES["CC0 1.0"]


def test_the_digest_is_carried_over(config: SiteConfig) -> None:
    source = Source(
        config.content_dir / "a.md", "content/a.md", "---\ntitle: A\ndate: 2022-01-01\n---\n", "d1"
    )
    article, _ = parse_article(source, config)
    assert article is not None and article.digest == "d1"


def test_a_file_with_an_error_gives_no_article(config: SiteConfig) -> None:
    text = "---\ntitle: A\ndate: 2022-01-01\nsumary: typo\ndraft: maybe\n---\n"
    article, problems = parse_article(Source(config.root / "a.md", "a.md", text), config)
    assert article is None
    assert sorted(problems) == [
        Problem(
            "a.md",
            4,
            1,
            "'sumary' is not a known field and goes to article.extra; did you mean 'summary'?",
            Severity.WARNING,
        ),
        Problem("a.md", 5, 8, "'draft' must be true or false, got 'maybe'"),
    ]


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("draft: true", "draft", True),
        ("slug: my-story", "slug", "my-story"),
        ("slug: россия", "url", "/2022/01/01/россия/"),
        ("summary: ''", "summary", ""),
        ("summary: 2022", "summary", "2022"),
        ("updated: 2022-01-02", "updated", dt.datetime(2022, 1, 2, tzinfo=BERLIN)),
        ("updated: '2022-01-02 10:00'", "updated", dt.datetime(2022, 1, 2, 10, tzinfo=BERLIN)),
        ("tags: []", "tags", ()),
        ("tags: [2022]", "tags", (TagRef("2022", "2022", "2022"),)),
        ("kicker: Analysis", "extra", {"kicker": "Analysis"}),
    ],
)
def test_one_field(config: SiteConfig, line: str, field: str, value: object) -> None:
    text = f"---\ntitle: A\ndate: 2022-01-01\n{line}\n---\n"
    article, problems = parse_article(Source(config.root / "a.md", "a.md", text), config)
    assert problems == []
    assert article is not None
    assert getattr(article, field) == value
