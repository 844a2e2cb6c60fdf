"""Real archives: a sample of Jekyll's release posts (tests/fixtures/posts/jekyll-docs, from
jekyll/jekyll's docs/_posts, MIT) and of Hugo's news posts (hugo-news, from
gohugoio/hugoDocs' content/en/news, Apache-2.0); see the README in each. The whole sample is
imported with the files its posts show, the site is built, every post is a page, every old
URL redirects to it, and the warnings are exactly those the report counts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from brief.config import load_config
from brief.content.parse import parse_article
from brief.content.sources import read_source
from brief.site.routes import output_path
from tests.helpers import PNG_BYTES, Site
from tests.importer.oldsites import POSTS, content, copy_old_site, run_import

CORPORA = {
    "jekyll": (
        "jekyll-docs",
        "imported 33 Jekyll posts and 1 media file: 33 written, 0 unchanged, 1 copied, "
        "0 already there, 24 warnings",
        "  warnings: date (1), html (3), link (2), liquid (18)",
        "  converted: {% highlight %} -> fenced code (4), {% link %} -> new URL (4), "
        "{% post_url %} -> new URL (1), {% raw %} unwrapped (19)",
    ),
    "hugo": (
        "hugo-news",
        "imported 31 Hugo posts and 3 media files: 31 written, 0 unchanged, 3 copied, "
        "0 already there, 174 warnings",
        "  warnings: article (4), html (3), image (4), shortcode (163)",
        "  converted: {{</* */>}} -> shortcode as text (10)",
    ),
}

POSTERS = {
    "hugo": [
        "static/images/blog/hugo-26-poster.png",
        "static/images/blog/hugo-30-poster.png",
        "static/images/blog/hugo-bug-poster.png",
    ]
}
"""Files of the old site that posts of a sample name but the sample leaves out (see its
README): the tests put a small PNG at each, as if the site's static/ were there."""


def vendored_posts(folder: Path) -> list[str]:
    """What `imported_from:` names each vendored post by."""
    found = [p for p in folder.rglob("*") if p.suffix in (".md", ".markdown")]
    names = [p.relative_to(folder).as_posix() for p in found if p.name != "_index.md"]
    return sorted(n for n in names if n.startswith(("_posts/", "content/")))


@pytest.mark.parametrize("generator", sorted(CORPORA))
def test_a_real_archive_imports_and_builds(
    site: Site,
    generator: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixture, head, kinds, converted = CORPORA[generator]
    old = copy_old_site(site, fixture)
    for poster in POSTERS.get(generator, ()):
        site.write(f"old/{poster}", PNG_BYTES)
    result = run_import(site, capsys, monkeypatch, "--from", generator, "old")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    lines = result.out.splitlines()
    assert head in lines
    assert kinds in lines
    assert converted in lines
    reported = int(re.search(r", (\d+) warnings$", head).group(1))  # type: ignore[union-attr]
    printed = [line for line in result.err.splitlines() if ": warning: " in line]
    assert len(printed) == reported
    assert not [line for line in result.err.splitlines() if ": error: " in line]

    built = site.build(capsys=capsys)
    assert built.code == 0, built.err

    config = load_config(site.root)
    by_source: dict[str, str] = {}
    for rel in content(site):
        if not rel.endswith((".md", ".markdown")):
            continue  # a file the posts use, copied
        source = read_source(config.content_dir / rel, config.root)
        assert not isinstance(source, type(None))
        article, problems = parse_article(source, config)  # type: ignore[arg-type]
        assert article is not None, problems
        by_source[str(article.extra["imported_from"])] = article.url
        assert (site.public / output_path(article.url)).is_file(), article.url
        for alias in article.aliases:
            redirect = site.page(output_path(alias))
            assert f"{config.base_url}{article.url[1:]}" in redirect, alias
    posts = vendored_posts(old)
    assert sorted(by_source) == [f"{generator}:{p}" for p in posts]
    assert len(posts) == int(head.split()[1])


def test_the_samples_are_what_their_readmes_say() -> None:
    jekyll = POSTS / "jekyll-docs"
    hugo = POSTS / "hugo-news"
    assert len(vendored_posts(jekyll)) == 33
    assert len(vendored_posts(hugo)) == 31
    for folder, repo, commit, licence in (
        (jekyll, "jekyll/jekyll", "202df571314ba1d18e9fccd81d12aaad4a703c38", "MIT"),
        (hugo, "gohugoio/hugoDocs", "3ff1118c773a6af34014c4ad6e6e7ee1b3f43117", "Apache-2.0"),
        (
            POSTS / "hugo-undated",
            "gohugoio/hugoDocs",
            "3ff1118c773a6af34014c4ad6e6e7ee1b3f43117",
            "Apache-2.0",
        ),
    ):
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert f"https://github.com/{repo}" in readme and commit in readme and licence in readme
        assert any((folder / name).is_file() for name in ("LICENSE", "LICENSE.md"))


def test_old_urls_of_the_jekyll_sample_are_jekyllrb_coms(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docs site's permalink is /news/:year/:month/:day/:title/, dated in Los Angeles."""
    copy_old_site(site, "jekyll-docs")
    assert run_import(site, capsys, monkeypatch, "--from", "jekyll", "old").code == 0
    first = (site.root / "content/2013/2013-05-06-jekyll-1-0-0-released.md").read_text()
    assert "\naliases: [/news/2013/05/05/jekyll-1-0-0-released/]\n" in first
    beta = (site.root / "content/2019/2019-08-04-jekyll-4-0-0-pre-beta1-released.md").read_text()
    assert "\naliases: [/news/2019/08/04/jekyll-4-0-0-pre-beta1-released/, " in beta
    linked = (site.root / "content/2014/2014-05-06-jekyll-turns-2-0-0.md").read_text()
    assert "\n[jekyll-1]: ../../../../2013/05/06/jekyll-1-0-0-released/\n" in linked


def test_a_real_post_without_a_date(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hugo's 0.25.1 release notes have no date: (the site dated them from Git); the import
    names the file and the fix, and writes nothing."""
    copy_old_site(site, "hugo-undated")
    result = run_import(site, capsys, monkeypatch, "--from", "hugo", "old")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "old/content/news/0.25.1-relnotes/index.md:1: error: no date: add date: to the "
        "front-matter, or start the folder name with it (YYYY-MM-DD-0.25.1-relnotes/)\n"
        "brief: import failed, nothing written: 1 error\n"
    )
    assert content(site) == {}


def test_the_hugo_sample_as_vendored_lacks_its_posters(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four posts name a poster of hugoDocs' static/, which the sample leaves out: each is
    an error at its `images:`, and nothing is written."""
    copy_old_site(site, "hugo-news")
    result = run_import(site, capsys, monkeypatch, "--from", "hugo", "old")
    assert (result.code, result.out) == (1, "")
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    expected = []
    for post, poster in (
        ("0.26-relnotes", "hugo-26-poster.png"),
        ("0.30-relnotes", "hugo-30-poster.png"),
        ("0.42.1-relnotes", "hugo-bug-poster.png"),
        ("0.47.1-relnotes", "hugo-bug-poster.png"),
    ):
        expected.append(
            f"old/content/news/{post}/index.md:7: error: image 'images/blog/{poster}' is not "
            f"in the old site (looked for old/content/news/{post}/images/blog/{poster}, "
            f"old/static/images/blog/{poster} and old/content/images/blog/{poster}); the "
            "article would not build without it: add the file there, or remove the image "
            "from the post"
        )
    assert errors == expected
    assert result.err.endswith("brief: import failed, nothing written: 4 errors, 174 warnings\n")
    assert content(site) == {}


def test_the_jekyll_sticker_is_copied_and_shown(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_old_site(site, "jekyll-docs")
    result = run_import(site, capsys, monkeypatch, "--from", "jekyll", "old")
    assert result.out.startswith(
        "copied content/img/jekyll-sticker.png (from old/img/jekyll-sticker.png)\n"
    )
    sticker = (POSTS / "jekyll-docs/img/jekyll-sticker.png").read_bytes()
    assert (site.root / "content/img/jekyll-sticker.png").read_bytes() == sticker
    assert site.build(capsys=capsys).code == 0
    page = site.page("2014/06/04/jekyll-stickers-1-dollar-stickermule/index.html")
    assert re.search(
        r'<img src="\.\./\.\./\.\./\.\./media/img/jekyll-sticker\.[0-9a-f]{16}\.401\.png"'
        r'[^>]* width="401" height="189" alt="Jekyll Sticker"',
        page,
    )
    published = Image.open(site.public / "media/img/jekyll-sticker.png")  # re-encoded
    assert published.size == Image.open(io.BytesIO(sticker)).size
