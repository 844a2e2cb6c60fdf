"""Content brought over from other generators: `.markdown` files, Jekyll's dated file names,
and files in content/ that brief does not read, which are named rather than skipped."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.content.article import Article
from brief.content.parse import parse_article
from brief.content.sources import Source, find_sources, read_source
from brief.errors import Problem, Severity
from tests.helpers import PNG_BYTES, Site, article

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MISSING_DATE = (
    "missing required 'date' in front-matter; add date: 2022-02-28 or start the file name "
    "with the date, e.g. 2022-02-28-my-story.md"
)
ADVICE = (
    "articles end in .md or .markdown, media in .png, .jpg, .svg, .mp4, .mp3, .pdf and the like; "
)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://ex.org/\ntimezone: Europe/Berlin\n", encoding="utf-8"
    )
    return load_config(root)


def parse(config: SiteConfig, rel: str, text: str) -> tuple[Article | None, list[Problem]]:
    path = config.content_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source = read_source(path, config.root)
    assert isinstance(source, Source)
    return parse_article(source, config)


def listed(config: SiteConfig) -> tuple[list[str], list[Problem]]:
    files, problems = find_sources(config.content_dir, config.root)
    return [Path(f.path).relative_to(config.content_dir).as_posix() for f in files], problems


def touch(config: SiteConfig, *names: str) -> None:
    for name in names:
        path = config.content_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PNG_BYTES if name.lower().endswith(".png") else b"x\n")


# --- .markdown -------------------------------------------------------------------------------


def test_markdown_and_md_files_are_both_articles(config: SiteConfig) -> None:
    touch(config, "b.md", "a.markdown", "2019/old-post.markdown", "a.markdown~", "_c.markdown")
    touch(config, ".d.markdown", "e.markdown.swp")
    assert listed(config) == (["2019/old-post.markdown", "a.markdown", "b.md"], [])


def test_a_markdown_file_reads_like_an_md_file(config: SiteConfig) -> None:
    text = article("Talks resume", date="2022-02-28 10:00", tags="[Ukraine]")
    md, md_problems = parse(config, "a.md", text)
    long, long_problems = parse(config, "b.markdown", text)
    assert md_problems == long_problems == []
    assert md is not None and long is not None
    assert long.source == "content/b.markdown"
    assert long.url == md.url == "/2022/02/28/talks-resume/"
    assert long.date == md.date == dt.datetime(2022, 2, 28, 10, tzinfo=BERLIN)


# --- dates from file names -------------------------------------------------------------------


def test_a_dated_file_name_gives_the_date_at_midnight_in_the_site_timezone(
    config: SiteConfig,
) -> None:
    found, problems = parse(
        config, "2022/2022-02-28-putin-demands.md", "---\ntitle: Russia Makes Demands\n---\nx\n"
    )
    assert problems == []
    assert found is not None
    assert found.date == dt.datetime(2022, 2, 28, tzinfo=BERLIN)
    assert found.date.astimezone(dt.UTC) == dt.datetime(2022, 2, 27, 23, tzinfo=dt.UTC)
    # The slug still comes from the title, as for every other article: URLs do not move.
    assert (found.slug, found.url) == (
        "russia-makes-demands",
        "/2022/02/28/russia-makes-demands/",
    )
    assert found.lines == {"title": 2}  # no date: line to point at, and none invented


def test_a_dated_markdown_file_name_works_too(config: SiteConfig) -> None:
    found, problems = parse(config, "2021-12-31-year-end.markdown", "---\ntitle: Year end\n---\n")
    assert problems == []
    assert found is not None and found.url == "/2021/12/31/year-end/"


def test_date_in_front_matter_wins_over_the_file_name(config: SiteConfig) -> None:
    found, problems = parse(
        config, "2022-02-28-talks.md", "---\ntitle: Talks\ndate: 2022-03-01 09:00\n---\n"
    )
    assert problems == []
    assert found is not None and found.date == dt.datetime(2022, 3, 1, 9, tzinfo=BERLIN)


def test_the_rest_of_a_dated_name_is_the_slug_when_the_title_gives_none(
    config: SiteConfig,
) -> None:
    found, problems = parse(config, "2022-02-28-putin-demands.md", '---\ntitle: "!!!"\n---\n')
    assert problems == []
    assert found is not None and found.url == "/2022/02/28/putin-demands/"


def test_an_undated_name_gives_no_slug_either(config: SiteConfig) -> None:
    found, problems = parse(
        config, "putin-demands.md", '---\ntitle: "!!!"\ndate: 2022-02-28\n---\n'
    )
    assert found is None
    assert problems == [
        Problem(
            "content/putin-demands.md",
            2,
            1,
            "cannot make a URL slug from this title; add slug: with a short name",
        )
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "2022-02-30-talks.md",
            "file name starts with '2022-02-30', which is not a date, and there is no date: "
            "in front-matter; correct the name or add date: 2022-02-28",
        ),
        (
            "2022-13-01-talks.markdown",
            "file name starts with '2022-13-01', which is not a date, and there is no date: "
            "in front-matter; correct the name or add date: 2022-02-28",
        ),
        (
            "0999-02-28-talks.md",
            "file name starts with '0999-02-28', and dates must be from year 1000 to 9000; "
            "correct the name or add date: to the front-matter",
        ),
    ],
)
def test_a_dated_name_that_is_no_date_is_an_error_naming_the_file(
    config: SiteConfig, name: str, message: str
) -> None:
    found, problems = parse(config, name, "---\ntitle: Talks\n---\n")
    assert found is None
    assert problems == [Problem(f"content/{name}", None, None, message)]


def test_a_wrong_dated_name_is_no_error_when_date_is_given(config: SiteConfig) -> None:
    found, problems = parse(config, "2022-02-30-talks.md", "---\ntitle: T\ndate: 2022-03-01\n---\n")
    assert problems == [] and found is not None


@pytest.mark.parametrize(
    "name",
    ["talks.md", "2022-02-28.md", "20220228-talks.md", "2022-2-28-talks.md", "x2022-02-28-t.md"],
)
def test_without_a_date_prefix_a_missing_date_says_both_ways_to_give_one(
    config: SiteConfig, name: str
) -> None:
    found, problems = parse(config, name, "---\ntitle: Talks\n---\n")
    assert found is None
    assert problems == [Problem(f"content/{name}", 1, 1, MISSING_DATE)]


def test_a_date_that_fails_to_read_is_not_replaced_by_the_file_name(config: SiteConfig) -> None:
    found, problems = parse(config, "2022-02-28-talks.md", "---\ntitle: T\ndate: soon\n---\n")
    assert found is None
    assert [p.message for p in problems] == [
        "'date' must be a date such as 2022-02-28 or 2022-02-28 14:30, got 'soon'"
    ]


# --- files brief does not read ---------------------------------------------------------------


def test_files_brief_does_not_read_are_named_in_one_warning(config: SiteConfig) -> None:
    touch(config, "a.md", "notes.txt", "x.rst", "2022/old.docx", "page.html", "post.mdx")
    touch(config, "README", "img/kremlin.png", "img/PHOTO.JPG", "clip.mp4", "talk.mp3")
    touch(config, "report.pdf", "map.svg", "captions.vtt")
    articles, problems = listed(config)
    assert articles == ["a.md"]
    assert problems == [
        Problem(
            "content",
            None,
            None,
            "6 files brief does not read: content/2022/old.docx, content/README, "
            "content/notes.txt, content/page.html, content/post.mdx and 1 more; "
            + ADVICE
            + "rename or move them, or start their names with _ to park them",
            Severity.WARNING,
        )
    ]


def test_one_file_brief_does_not_read(config: SiteConfig) -> None:
    touch(config, "a.md", "sub/draft.docx")
    assert listed(config)[1] == [
        Problem(
            "content",
            None,
            None,
            "1 file brief does not read: content/sub/draft.docx; "
            + ADVICE
            + "rename or move it, or start its name with _ to park it",
            Severity.WARNING,
        )
    ]


@pytest.mark.parametrize(
    "name",
    [
        "a.markdown~",
        "a.docx~",
        ".DS_Store",
        ".gitkeep",
        "#a.txt#",
        "a.txt.swp",
        "a.txt.bak",
        "a.html.orig",
        "_notes.txt",
        "_parked/old.docx",
        ".git/config",
        "photo.jpeg",
        "photo.WEBP",
        "anim.gif",
    ],
)
def test_noise_parked_files_and_media_stay_silent(config: SiteConfig, name: str) -> None:
    touch(config, "a.md", name)
    assert listed(config) == (["a.md"], [])


def test_a_folder_is_walked_not_reported(config: SiteConfig) -> None:
    touch(config, "notes/a.md", "no-suffix-folder/b.markdown")
    (config.content_dir / "empty").mkdir()
    assert listed(config) == (["no-suffix-folder/b.markdown", "notes/a.md"], [])


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "brief does not read" in line]


def test_every_build_repeats_the_warning_until_the_files_go(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    site.write("content/old-post.rst", "Old\n===\n")
    first = site.build(capsys=capsys)
    assert first.code == 0
    assert _warnings(first.err) == [
        "content: warning: 1 file brief does not read: content/old-post.rst; "
        + ADVICE
        + "rename or move it, or start its name with _ to park it"
    ]
    again = site.build(capsys=capsys)  # nothing changed: the fast path says it again
    assert (again.code, _warnings(again.err)) == (0, _warnings(first.err))

    site.write("content/b.docx", b"PK")  # a new one is named, though no article changed
    third = site.build(capsys=capsys)
    assert _warnings(third.err) == [
        "content: warning: 2 files brief does not read: content/b.docx, content/old-post.rst; "
        + ADVICE
        + "rename or move them, or start their names with _ to park them"
    ]

    (site.root / "content/b.docx").unlink()
    (site.root / "content/old-post.rst").rename(site.root / "content/_old-post.rst")
    fourth = site.build(capsys=capsys)
    assert (fourth.code, _warnings(fourth.err)) == (0, [])
    assert _warnings(site.build(capsys=capsys).err) == []


def test_a_markdown_file_and_a_dated_name_build_into_the_site(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/2022-02-27-jekyll-post.markdown", "---\ntitle: From Jekyll\n---\nHi.\n")
    site.write("content/b.md", article("Plain"))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, "")
    page = site.public / "2022/02/27/from-jekyll/index.html"
    assert "From Jekyll" in page.read_text(encoding="utf-8")
    assert 'href="2022/02/27/from-jekyll/"' in (site.public / "index.html").read_text("utf-8")


def test_brief_new_does_not_make_an_md_beside_a_markdown_file(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    from brief.cli import main

    old = site.write("content/2022-02-28-hello.markdown", "---\ntitle: Hello\n---\nMine.\n")
    code = main(["new", "Hello", "--date", "2022-02-28", "--source", str(site.root)])
    assert (code, capsys.readouterr().err) == (
        1,
        "brief: error: content/2022-02-28-hello.markdown already exists; edit it, or choose "
        "another title\n",
    )
    assert sorted(p.name for p in old.parent.iterdir()) == ["2022-02-28-hello.markdown"]
