"""`brief import --from jekyll|hugo DIR` on small old sites written for each mapping and
conversion (tests/fixtures/posts/jekyll-site, hugo-site), on each bad input (bad/, with the
exact stderr in each folder's expected.txt), and against what a brief site already holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.importer.archive import relative_link
from brief.importer.write import is_unedited
from tests.helpers import Site, article
from tests.importer.oldsites import (
    POSTS,
    brief,
    content,
    copy_old_site,
    matches_expected,
    matches_expected_tree,
    run_import,
)

FAILED = "brief: import failed, nothing written: "


@pytest.fixture
def jekyll(site: Site) -> Site:
    copy_old_site(site, "jekyll-site")
    return site


@pytest.fixture
def hugo(site: Site) -> Site:
    copy_old_site(site, "hugo-site")
    return site


# --- every mapping and conversion, as written ---------------------------------------------


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
def test_the_fixture_site_gives_the_expected_articles(
    site: Site,
    generator: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy_old_site(site, f"{generator}-site")
    result = run_import(site, capsys, monkeypatch, "--from", generator, "old")
    assert result.code == 0
    assert matches_expected(f"{generator}-site.out", result.out)
    assert matches_expected(f"{generator}-site.err", result.err)
    assert matches_expected_tree(f"{generator}-site", content(site))


def test_the_jekyll_report(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    copied, *written, head, mapped, dropped, unused, converted, kinds = result.out.splitlines()
    assert copied == "copied content/assets/trip.jpg (from old/assets/trip.jpg)"
    assert len(written) == 5 and all(line.startswith("wrote content/") for line in written)
    assert head == (
        "imported 5 Jekyll posts and 1 media file: 5 written, 0 unchanged, 1 copied, "
        "0 already there, 11 warnings"
    )
    assert mapped == (
        "  fields mapped: author (1), categories -> tags (1), category -> tags (1), date (4), "
        "draft (1), excerpt -> summary (1), featured_image -> image (1), file name -> date (1), "
        "folders -> tags (1), image (1), keywords -> tags (1), last_modified_at -> updated (1), "
        "permalink -> aliases (1), published -> draft (1), redirect_from -> aliases (1), "
        "slug (1), summary (1), tags (3), title (4)"
    )
    assert dropped == "  fields dropped: comments (1), layout (1)"
    assert unused == "  not used (another key gave the field): description (1)"
    assert converted == (
        "  converted: <!--more--> removed (1), {% highlight %} -> fenced code (1), "
        "{% link %} -> new URL (2), {% post_url %} -> new URL (1), {% raw %} -> fenced code (1), "
        "{% raw %} unwrapped (2), {{ site.baseurl }} removed (1), {{ site.url }} removed (1)"
    )
    assert kinds == (
        "  warnings: article (2), html (1), image (1), link (1), liquid (3), skipped (1), "
        "tag (1), title (1)"
    )
    assert len([line for line in result.err.splitlines() if ": warning: " in line]) == 11


def test_the_hugo_report(
    hugo: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_import(hugo, capsys, monkeypatch, "--from", "hugo", "old")
    *written, head, mapped, dropped, unused, converted, kinds = result.out.splitlines()
    assert written[:2] == [
        "copied content/2021/2021-03-01-bundle-post/cover.jpg "
        "(from old/content/posts/bundle-post/cover.jpg)",
        "copied content/2021/2021-03-01-bundle-post/photo.jpg "
        "(from old/content/posts/bundle-post/photo.jpg)",
    ]
    assert len(written) == 7
    assert head == (
        "imported 5 Hugo posts and 2 media files: 5 written, 0 unchanged, 2 copied, "
        "0 already there, 6 warnings"
    )
    assert mapped == (
        "  fields mapped: aliases (1), authors -> author (1), categories -> tags (1), "
        "cover -> image (1), date (4), description -> summary (1), draft (1), "
        "file name -> date (1), keywords -> tags (1), lastmod -> updated (1), slug (1), "
        "summary (1), tags (2), title (5), url -> aliases (1)"
    )
    assert dropped == "  fields dropped: weight (1)"
    assert unused == "  not used (another key gave the field): images (1)"
    assert converted == (
        "  converted: <!--more--> removed (1), {{< figure >}} -> image and caption (2), "
        "{{< highlight >}} -> fenced code (1), {{< ref >}} -> new URL (2), "
        "{{< relref >}} -> new URL (1), {{< youtube >}} -> link (1), "
        "{{</* */>}} -> shortcode as text (1)"
    )
    assert kinds == "  warnings: article (1), link (1), shortcode (3), skipped (1)"
    assert len([line for line in result.err.splitlines() if ": warning: " in line]) == 6


@pytest.mark.parametrize(
    ("generator", "pages", "redirects"),
    [
        (
            "jekyll",
            [
                "2020/03/01/welcome/index.html",
                "2020/03/05/liquid-tour/index.html",
                "2020/04/01/no-front-date/index.html",
                "2020/05/01/photos/index.html",
                "2021/01/10/from-a-folder/index.html",
            ],
            {
                "news/meta/2020/03/01/welcome.html": "/2020/03/01/welcome/",
                "guides/liquid-tour/index.html": "/2020/03/05/liquid-tour/",
                "old-tour.html": "/2020/03/05/liquid-tour/",
                "tour/index.html": "/2020/03/05/liquid-tour/",
                "blog/2021/01/10/from-a-folder.html": "/2021/01/10/from-a-folder/",
            },
        ),
        (
            "hugo",
            [
                "2021/02/03/first/index.html",
                "2021/03/01/bundle-post/index.html",
                "2021/04/01/json-post/index.html",
                "2021/05/01/dated-name/index.html",
                "2021/06/01/colophon/index.html",
            ],
            {
                "2021/02/first/index.html": "/2021/02/03/first/",
                "posts/old-first/index.html": "/2021/02/03/first/",
                "legacy/first.html": "/2021/02/03/first/",
                "2021/03/a-bundle/index.html": "/2021/03/01/bundle-post/",
                "custom/json-post/index.html": "/2021/04/01/json-post/",
                "news/2021-05-01-dated-name/index.html": "/2021/05/01/dated-name/",
                "colophon/index.html": "/2021/06/01/colophon/",
            },
        ),
    ],
)
def test_the_build_has_every_article_and_every_old_url(
    site: Site,
    generator: str,
    pages: list[str],
    redirects: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copy_old_site(site, f"{generator}-site")
    assert run_import(site, capsys, monkeypatch, "--from", generator, "old").code == 0
    built = site.build("--drafts", capsys=capsys)
    assert built.code == 0, built.err
    for page in pages:
        assert (site.public / page).is_file(), page
    for old, target in redirects.items():
        canonical = f'<link rel="canonical" href="https://news.example.org{target}">'
        assert canonical in site.page(old), old


def test_links_between_posts_lead_to_the_new_pages(
    hugo: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_import(hugo, capsys, monkeypatch, "--from", "hugo", "old").code == 0
    assert hugo.build(capsys=capsys).code == 0
    page = hugo.page("2021/02/03/first/index.html")
    assert 'href="../../../03/01/bundle-post/"' in page
    assert 'href="../../../03/01/bundle-post/#photos"' in page
    assert 'id="photos"' in hugo.page("2021/03/01/bundle-post/index.html")


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("/2013/05/06/a/", "/2014/05/06/b/", "../../../../2013/05/06/a/"),
        ("/2013/05/06/a/", "/2013/05/07/b/", "../../06/a/"),
        ("/a/", "/b/", "../a/"),
        ("/a/", "/a/", "./"),
        ("/x/a.html", "/x/b.html", "a.html"),
    ],
)
def test_relative_links(target: str, page: str, link: str) -> None:
    assert relative_link(target, page) == link


# --- running it again -----------------------------------------------------------------------


def test_importing_again_changes_nothing(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old").code == 0
    before = content(jekyll)
    again = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    assert again.code == 0
    assert (
        "\nimported 5 Jekyll posts and 1 media file: 0 written, 5 unchanged, 0 copied, "
        "1 already there, 11 warnings\n"
    ) in again.out
    assert again.out.startswith(
        "unchanged content/assets/trip.jpg (from old/assets/trip.jpg)\n"
        "unchanged content/2020/2020-03-01-welcome.md (from old/_posts/2020-03-01-welcome.md)\n"
    )
    assert content(jekyll) == before


def test_a_changed_post_updates_an_untouched_article(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old").code == 0
    post = jekyll.root / "old/_posts/2020-03-01-welcome.md"
    post.write_text(post.read_text().replace("First paragraph.", "First words."), "utf-8")
    again = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    assert again.code == 0
    assert "updated content/2020/2020-03-01-welcome.md (from old/_posts/" in again.out
    assert "1 written, 4 unchanged" in again.out
    text = (jekyll.root / "content/2020/2020-03-01-welcome.md").read_text()
    assert "\n---\nFirst words.\n" in text
    assert is_unedited(text)  # a fresh digest: the next import may update it again


def test_an_edited_article_is_kept_unless_forced(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old").code == 0
    target = jekyll.root / "content/2020/2020-03-01-welcome.md"
    fresh = target.read_text()
    target.write_text(fresh.replace("First paragraph.", "An edit."), "utf-8")
    edited = content(jekyll)
    refused = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    assert refused.code == 1
    assert refused.out == ""
    assert refused.err.startswith(
        "content/2020/2020-03-01-welcome.md: error: edited since it was imported from "
        "old/_posts/2020-03-01-welcome.md; brief import does not overwrite edits: pass --force "
        "to replace it with a fresh import\n"
    )
    assert refused.err.endswith(f"\n{FAILED}1 error, 11 warnings\n")
    assert content(jekyll) == edited
    forced = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old", "--force")
    assert forced.code == 0
    assert "replaced content/2020/2020-03-01-welcome.md (from old/" in forced.out
    assert target.read_text() == fresh


def test_an_article_moved_by_hand_is_found_again(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old").code == 0
    moved = jekyll.root / "content/archive/welcome.md"
    moved.parent.mkdir()
    (jekyll.root / "content/2020/2020-03-01-welcome.md").rename(moved)
    again = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    assert again.code == 0
    assert again.out.splitlines()[1].startswith(
        "unchanged content/archive/welcome.md (from old/_posts/"
    )
    assert not (jekyll.root / "content/2020/2020-03-01-welcome.md").exists()


def test_dry_run_writes_nothing(
    hugo: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_import(hugo, capsys, monkeypatch, "--from", "hugo", "old", "--dry-run")
    assert result.code == 0
    assert content(hugo) == {}
    assert result.out.startswith(
        "would copy content/2021/2021-03-01-bundle-post/cover.jpg "
        "(from old/content/posts/bundle-post/cover.jpg)\n"
        "would copy content/2021/2021-03-01-bundle-post/photo.jpg "
        "(from old/content/posts/bundle-post/photo.jpg)\n"
        "would write content/2021/2021-06-01-colophon.md (from old/content/colophon.md):\n---\n"
        "title: Colophon\n"
    )
    assert (
        "\ndry run: 5 Hugo posts and 2 media files, 5 to write, 0 unchanged, 2 to copy, "
        "0 already there, 6 warnings; nothing written\n"
    ) in result.out


def test_a_site_elsewhere_and_a_folder_given_as_posts(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_old_site(site, "jekyll-site")
    monkeypatch.chdir(site.root.parent)
    from brief.cli import main

    assert main(["import", "--from", "jekyll", "site/old/_posts", "--source", "site"]) == 0
    out = capsys.readouterr().out
    # The _posts folder alone still finds _config.yml beside it, and names files from it.
    assert (
        "wrote content/2020/2020-03-01-welcome.md (from site/old/_posts/2020-03-01-welcome.md)"
        in out
    )
    assert "imported 4 Jekyll posts" in out  # blog/_posts/ is not in that folder
    text = (site.root / "content/2020/2020-03-01-welcome.md").read_text()
    assert "\ndate: 2020-03-01 09:30-05:00\n" in text


# --- bad input ----------------------------------------------------------------------------

BAD = sorted(p.name for p in (POSTS / "bad").iterdir())


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_a_located_error(
    site: Site, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_old_site(site, f"bad/{case}")
    result = run_import(site, capsys, monkeypatch, "--from", case.split("-")[0], "old")
    expected = (POSTS / "bad" / case / "expected.txt").read_text(encoding="utf-8")
    assert (result.code, result.out, result.err) == (1, "", expected)
    assert content(site) == {}


def test_each_bad_input_has_its_own_exact_message() -> None:
    messages = [(POSTS / "bad" / case / "expected.txt").read_text() for case in BAD]
    assert len(set(messages)) == len(BAD) == 13
    assert all(m.endswith(("1 error\n", "1 error, 1 warning\n")) for m in messages)
    assert (POSTS / "bad/jekyll-no-title-no-date/expected.txt").read_text() == (
        "old/_posts/notes.md:1: error: no date: add date: to the front-matter, or start the "
        "file name with it (YYYY-MM-DD-notes.md)\n"
        "old/_posts/notes.md:1: warning: no title: 'Notes' is made from the file name; check it\n"
        f"{FAILED}1 error, 1 warning\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "jekyll", "nowhere"),
            "nowhere: error: no such folder; give the Jekyll site's folder",
        ),
        (
            ("--from", "hugo", "site.yaml"),
            "site.yaml: error: not a folder; give the Hugo site's folder",
        ),
    ],
)
def test_no_site_there(
    site: Site,
    args: tuple[str, ...],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = run_import(site, capsys, monkeypatch, *args)
    assert (result.code, result.out, result.err) == (1, "", f"{message}\n{FAILED}1 error\n")


def test_no_brief_site_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = Site(tmp_path)
    copy_old_site(bare, "jekyll-site")
    result = run_import(bare, capsys, monkeypatch, "--from", "jekyll", "old")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"{tmp_path}/site.yaml: error: no site.yaml here; run brief in the site folder or "
        f"pass --source DIR\n{FAILED}1 error\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "jekyll", "a", "b"), "--from jekyll takes one site folder, got 2 paths"),
        (
            ("--from", "hugo", "old", "--date", "2022-02-28"),
            "--date is for wire copy; posts keep their own dates and tags",
        ),
        (
            ("--from", "hugo", "old", "--tags", "News"),
            "--tags is for wire copy; posts keep their own dates and tags",
        ),
        (
            ("--from", "wordpress", "old"),
            "argument --from: invalid choice: 'wordpress' (choose from 'hugo', 'jekyll')",
        ),
    ],
)
def test_usage_errors(
    site: Site,
    args: tuple[str, ...],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = run_import(site, capsys, monkeypatch, *args)
    assert result.code == 2
    assert result.err.endswith(f"brief import: error: {message}\n")


# --- collisions -----------------------------------------------------------------------------


def _clash(site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    before = content(site)
    result = run_import(site, capsys, monkeypatch, "--from", "jekyll", "old")
    assert result.code == 1
    assert result.out == ""
    assert content(site) == before
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.err
    return errors[0]


def test_another_article_at_the_target_file(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll.write("content/2020/2020-03-01-welcome.md", article("Hand-written", "2019-01-01"))
    assert _clash(jekyll, capsys, monkeypatch) == (
        "old/_posts/2020-03-01-welcome.md: error: would be written to "
        "content/2020/2020-03-01-welcome.md, which holds another article (not imported from "
        "jekyll:_posts/2020-03-01-welcome.md); move that file, or give the post another slug:"
    )


def test_another_article_at_the_new_url(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll.write("content/hand.md", article("Hello", "2020-03-01", slug="welcome"))
    assert _clash(jekyll, capsys, monkeypatch) == (
        "old/_posts/2020-03-01-welcome.md: error: would have the URL /2020/03/01/welcome/, "
        "which content/hand.md has too; give one of them another slug:"
    )


def test_an_old_url_that_another_article_keeps(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll.write("content/hand.md", article("Hello", "2019-01-01", aliases="[/tour/]"))
    assert _clash(jekyll, capsys, monkeypatch) == (
        "old/_posts/2020-03-05-liquid-tour.markdown: error: its old URL /tour/ is the address "
        "of content/hand.md (an alias) too; remove one of them, or change that page's URL"
    )


def test_an_old_url_that_is_a_page_of_the_site(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write(
        "old/_posts/2020-01-01-topics.md",
        "---\ntitle: Topics\ndate: 2020-01-01\npermalink: /tags/\n---\nText.\n",
    )
    assert _clash(site, capsys, monkeypatch) == (
        "old/_posts/2020-01-01-topics.md: error: its old URL /tags/ is the address of the page "
        "/tags/ too; remove one of them, or change that page's URL"
    )


def test_two_posts_for_one_url(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/_posts/2020-01-01-same.md", "---\ntitle: One\n---\nOne.\n")
    site.write("old/news/_posts/2020-01-01-same.md", "---\ntitle: Two\n---\nTwo.\n")
    assert _clash(site, capsys, monkeypatch) == (
        "old/news/_posts/2020-01-01-same.md: error: would have the URL /2020/01/01/same/, "
        "which old/_posts/2020-01-01-same.md has too; give one of them another slug:"
    )


def test_a_tag_that_would_share_a_topic_page(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("content/hand.md", article("Hello", tags="[C++]"))
    site.write("old/_posts/2020-01-01-c.md", "---\ntitle: C\ntags: [C]\n---\nText.\n")
    assert _clash(site, capsys, monkeypatch) == (
        "old/_posts/2020-01-01-c.md:3: error: tag 'C' would share the page /tags/c/ with a "
        "different tag, 'C++' (content/hand.md); rename one of them"
    )


# --- the real command ---------------------------------------------------------------------


def test_as_a_subprocess_then_a_build(jekyll: Site) -> None:
    result = brief(jekyll, "import", "--from", "jekyll", "old")
    assert result.code == 0
    assert "Traceback" not in result.err
    assert result.out.splitlines()[6] == (
        "imported 5 Jekyll posts and 1 media file: 5 written, 0 unchanged, 1 copied, "
        "0 already there, 11 warnings"
    )
    built = brief(jekyll, "build")
    assert built.code == 0, built.err
    assert (jekyll.public / "2020/03/01/welcome/index.html").is_file()
    assert not (jekyll.public / "2020/04/01/no-front-date").exists()  # published: false


def test_nothing_is_written_when_the_disk_refuses(
    jekyll: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (jekyll.root / "content").mkdir()
    (jekyll.root / "content/2020").write_text("a file where a folder must go")
    result = run_import(jekyll, capsys, monkeypatch, "--from", "jekyll", "old")
    assert result.code == 1
    assert "brief: import failed; each file copied or written before is whole\n" in result.err
    assert "Traceback" not in result.err
    # the media file went first, whole: an article written is one whose images are there
    assert sorted(p.name for p in Path(jekyll.root / "content").iterdir()) == ["2020", "assets"]
