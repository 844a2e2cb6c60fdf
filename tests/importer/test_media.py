"""`brief import --from`: the files posts use - lead images, body images, linked media -
copied from the old site into content/ with the articles, their references made to name
the copies, and every refusal (a missing file, a different file already there, a path or
symlink out of the old site) an exact error with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from brief.importer.media import _rewrite, site_path
from brief.importer.write import copy_atomic
from brief.paths import stat
from tests.helpers import PNG_BYTES, Run, Site
from tests.importer.oldsites import content, run_import

FAILED = "brief: import failed, nothing written: "
PDF = b"%PDF-1.4\n%%EOF\n"
OTHER_PNG = PNG_BYTES[:-4] + b"\x00\x00\x00\x00"
"""Other bytes than PNG_BYTES, under the same kind of name."""

TRIP = """\
---
title: The trip
image: assets/lead.png
---
![The boat](/img/boat.png "At dawn")

A [map](/files/map.pdf), and ![the same boat](/img/boat.png) again.

![Nearby](near.png)
"""
"""A Jekyll post: a lead image relative to the site's root (as themes use it), root-based
body images, a linked PDF, and a body image relative to the post's old address
(/2020/05/01/trip.html)."""


def jekyll_site(site: Site, post: str = TRIP) -> None:
    site.write("old/_posts/2020-05-01-trip.md", post)
    site.write("old/assets/lead.png", PNG_BYTES)
    site.write("old/img/boat.png", PNG_BYTES)
    site.write("old/files/map.pdf", PDF)
    site.write("old/2020/05/01/near.png", PNG_BYTES)


def jekyll(site: Site, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch, *a: str) -> Run:
    return run_import(site, capsys, mp, "--from", "jekyll", "old", *a)


def hugo(site: Site, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch, *a: str) -> Run:
    return run_import(site, capsys, mp, "--from", "hugo", "old", *a)


def errors(run: Run) -> list[str]:
    return [line for line in run.err.splitlines() if ": error: " in line]


# --- Jekyll: files of the site's root ------------------------------------------------------


def test_jekyll_files_are_copied_to_the_same_paths_and_the_site_builds(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    result = jekyll(site, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:5] == [
        "copied content/2020/05/01/near.png (from old/2020/05/01/near.png)",
        "copied content/assets/lead.png (from old/assets/lead.png)",
        "copied content/files/map.pdf (from old/files/map.pdf)",
        "copied content/img/boat.png (from old/img/boat.png)",
        "wrote content/2020/2020-05-01-trip.md (from old/_posts/2020-05-01-trip.md)",
    ]
    assert result.out.splitlines()[5] == (
        "imported 1 Jekyll post and 4 media files: 1 written, 0 unchanged, 4 copied, "
        "0 already there, 3 warnings"
    )
    assert (
        "old/_posts/2020-05-01-trip.md:7:9: warning: linked file '/files/map.pdf' is copied "
        "to content/files/map.pdf, but brief does not publish linked files yet, so the link "
        "is broken on the site (brief check reports it)\n"
    ) in result.err
    files = content(site)
    assert files["img/boat.png"] == files["assets/lead.png"] == PNG_BYTES
    assert files["files/map.pdf"] == PDF
    text = files["2020/2020-05-01-trip.md"].decode()
    assert "\nimage:\n  src: /assets/lead.png\n" in text  # from the root: written so
    assert '\n![The boat](/img/boat.png "At dawn")\n' in text  # root-based: as written
    assert "\n![Nearby](/2020/05/01/near.png)\n" in text  # from the old page: now root-based

    built = site.build(capsys=capsys)
    assert built.code == 0, built.err
    page = site.page("2020/05/01/trip/index.html")
    assert 'src="../../../../media/img/boat.' in page  # its sizes (processed: a photo)
    assert 'src="../../../../media/2020/05/01/near.' in page
    for published in ("media/img/boat.png", "media/assets/lead.png"):  # re-encoded, same pixels
        assert Image.open(site.public / published).size == (1, 1)


def test_importing_again_changes_nothing(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    assert jekyll(site, capsys, monkeypatch).code == 0
    before = content(site)
    again = jekyll(site, capsys, monkeypatch)
    assert again.code == 0
    assert again.out.splitlines()[:5] == [
        "unchanged content/2020/05/01/near.png (from old/2020/05/01/near.png)",
        "unchanged content/assets/lead.png (from old/assets/lead.png)",
        "unchanged content/files/map.pdf (from old/files/map.pdf)",
        "unchanged content/img/boat.png (from old/img/boat.png)",
        "unchanged content/2020/2020-05-01-trip.md (from old/_posts/2020-05-01-trip.md)",
    ]
    assert "1 Jekyll post and 4 media files: 0 written, 1 unchanged, 0 copied, 4 already" in (
        again.out
    )
    assert content(site) == before


def test_a_file_the_old_site_lost_is_found_where_an_earlier_import_put_it(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    assert jekyll(site, capsys, monkeypatch).code == 0
    (site.root / "old/img/boat.png").unlink()
    again = jekyll(site, capsys, monkeypatch)
    assert again.code == 0, again.err
    assert "3 media files: 0 written, 1 unchanged, 0 copied, 3 already there" in again.out


def test_dry_run_lists_the_copies_and_writes_nothing(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    site.write("content/img/boat.png", PNG_BYTES)
    result = jekyll(site, capsys, monkeypatch, "--dry-run")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:5] == [
        "would copy content/2020/05/01/near.png (from old/2020/05/01/near.png)",
        "would copy content/assets/lead.png (from old/assets/lead.png)",
        "would copy content/files/map.pdf (from old/files/map.pdf)",
        "unchanged content/img/boat.png (from old/img/boat.png)",
        "would write content/2020/2020-05-01-trip.md (from old/_posts/2020-05-01-trip.md):",
    ]
    assert (
        "\ndry run: 1 Jekyll post and 4 media files, 1 to write, 0 unchanged, 3 to copy, "
        "1 already there, 3 warnings; nothing written\n"
    ) in result.out
    assert content(site) == {"img/boat.png": PNG_BYTES}


def test_two_posts_showing_one_file_copy_it_once(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/img/boat.png", PNG_BYTES)
    for day in ("01", "02"):
        site.write(
            f"old/_posts/2020-05-{day}-p{day}.md", f"---\ntitle: P{day}\n---\n![B](/img/boat.png)\n"
        )
    result = jekyll(site, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.out.count("copied content/img/boat.png") == 1
    assert "imported 2 Jekyll posts and 1 media file: 2 written" in result.out


# --- Hugo: bundles and static folders ------------------------------------------------------

BUNDLE = """\
---
title: Trip
date: 2021-03-01
images: [cover.png]
---
![Boat](boat.png)

![The map](<maps/the map.png> "Where we went")

[![Thumb](thumb.png)](boat.png?size=full)

`![not an image](boat.png)` stays as code.
"""


def test_a_bundle_s_files_go_to_a_folder_beside_the_article(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/content/posts/trip/index.md", BUNDLE)
    for name in ("cover.png", "boat.png", "maps/the map.png", "thumb.png"):
        site.write(f"old/content/posts/trip/{name}", PNG_BYTES)
    result = hugo(site, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:4] == [
        "copied content/2021/2021-03-01-trip/boat.png (from old/content/posts/trip/boat.png)",
        "copied content/2021/2021-03-01-trip/cover.png (from old/content/posts/trip/cover.png)",
        "copied content/2021/2021-03-01-trip/maps/the map.png "
        "(from old/content/posts/trip/maps/the map.png)",
        "copied content/2021/2021-03-01-trip/thumb.png (from old/content/posts/trip/thumb.png)",
    ]
    text = (site.root / "content/2021/2021-03-01-trip.md").read_text()
    assert "\nimage:\n  src: 2021-03-01-trip/cover.png\n" in text
    body = text.split("\n---\n", 1)[1]
    assert body == (
        "![Boat](2021-03-01-trip/boat.png)\n\n"
        '![The map](<2021-03-01-trip/maps/the map.png> "Where we went")\n\n'
        "[![Thumb](2021-03-01-trip/thumb.png)](2021-03-01-trip/boat.png?size=full)\n\n"
        "`![not an image](boat.png)` stays as code.\n"
    )
    built = site.build(capsys=capsys)
    assert built.code == 0, built.err
    page = site.page("2021/03/01/trip/index.html")
    assert 'src="../../../../media/2021/2021-03-01-trip/maps/the%20map.' in page
    assert (site.public / "media/2021/2021-03-01-trip/cover.png").is_file()


def test_bundles_that_name_their_files_alike_do_not_collide(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, data in (("a", PNG_BYTES), ("b", OTHER_PNG)):
        site.write(
            f"old/content/posts/{name}/index.md",
            f"---\ntitle: {name}\ndate: 2021-03-01\ncover:\n  image: cover.png\n  alt: A\n---\n",
        )
        site.write(f"old/content/posts/{name}/cover.png", data)
    assert hugo(site, capsys, monkeypatch).code == 0
    files = content(site)
    assert files["2021/2021-03-01-a/cover.png"] == PNG_BYTES
    assert files["2021/2021-03-01-b/cover.png"] == OTHER_PNG


def test_hugo_static_folders_are_the_site_s_root(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/hugo.toml", 'staticDir = ["static", "branding"]\n')
    site.write(
        "old/content/news/a.md",
        "---\ntitle: A\ndate: 2021-04-01\nimages: [images/lead.png]\n---\n"
        "![Logo](/img/logo.png) and ![Shared](/news/shared.png)\n",
    )
    site.write("old/branding/images/lead.png", PNG_BYTES)
    site.write("old/static/img/logo.png", PNG_BYTES)
    site.write("old/content/news/shared.png", OTHER_PNG)  # content files are served too
    result = hugo(site, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:3] == [
        "copied content/images/lead.png (from old/branding/images/lead.png)",
        "copied content/img/logo.png (from old/static/img/logo.png)",
        "copied content/news/shared.png (from old/content/news/shared.png)",
    ]
    text = (site.root / "content/2021/2021-04-01-a.md").read_text()
    assert "\n  src: /images/lead.png\n" in text
    assert text.endswith("\n![Logo](/img/logo.png) and ![Shared](/news/shared.png)\n")
    assert site.build(capsys=capsys).code == 0


# --- what is refused -----------------------------------------------------------------------


def test_a_missing_image_is_an_error_naming_the_post_and_where_it_looked(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site, TRIP.replace("/img/boat.png", "/img/gone.png"))
    site.write("old/_posts/2020-06-01-other.md", "---\ntitle: O\nimage: /img/lost.png\n---\n")
    result = jekyll(site, capsys, monkeypatch)
    assert (result.code, result.out) == (1, "")
    assert errors(result) == [
        "old/_posts/2020-05-01-trip.md:5:13: error: image '/img/gone.png' is not in the old "
        "site (looked for old/img/gone.png); the article would not build without it: add "
        "the file there, or remove the image from the post",
        "old/_posts/2020-06-01-other.md:3: error: image '/img/lost.png' is not in the old site "
        "(looked for old/img/lost.png); the article would not build without it: add the file "
        "there, or remove the image from the post",
    ]
    assert result.err.endswith(f"{FAILED}2 errors, 5 warnings\n")
    assert content(site) == {}


def test_a_missing_hugo_image_names_every_place_looked_at(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write(
        "old/content/posts/trip/index.md", "---\ntitle: T\ndate: 2021-03-01\n---\n![B](b.png)\n"
    )
    result = hugo(site, capsys, monkeypatch)
    assert errors(result) == [
        "old/content/posts/trip/index.md:5:6: error: image 'b.png' is not in the old site "
        "(looked for old/content/posts/trip/b.png and old/static/posts/trip/b.png); the article "
        "would not build without it: add the file there, or remove the image from the post"
    ]
    assert content(site) == {}


def test_a_link_to_a_missing_file_is_a_warning(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/_posts/2020-05-01-a.md", "---\ntitle: A\n---\nThe [report](/files/r.pdf).\n")
    result = jekyll(site, capsys, monkeypatch)
    assert result.code == 0
    assert result.err == (
        "old/_posts/2020-05-01-a.md:4:14: warning: linked file '/files/r.pdf' is not in the old "
        "site (looked for old/files/r.pdf); the link is kept as written, and brief check "
        "reports it as broken\n"
    )
    assert "The [report](/files/r.pdf)." in (site.root / "content/2020/2020-05-01-a.md").read_text()


def test_a_body_image_that_is_no_image_file_is_an_error(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/_posts/2020-05-01-a.md", "---\ntitle: A\n---\n![Clip](/v/clip.mp4)\n")
    site.write("old/v/clip.mp4", b"\x00")
    result = jekyll(site, capsys, monkeypatch)
    assert errors(result) == [
        "old/_posts/2020-05-01-a.md:4:9: error: image '/v/clip.mp4' is not an image file; "
        "brief shows .png, .jpg, .jpeg, .gif, .webp, .avif, .svg files: make it a link, or "
        "remove it"
    ]


def test_a_different_file_in_content_is_never_replaced(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    site.write("content/img/boat.png", OTHER_PNG)
    result = jekyll(site, capsys, monkeypatch)
    assert (result.code, result.out) == (1, "")
    assert errors(result) == [
        "content/img/boat.png: error: differs from old/img/boat.png, which "
        "old/_posts/2020-05-01-trip.md uses; brief import never replaces a file in content/: "
        "move this one away (or delete it) to have the old site's copied"
    ]
    assert content(site) == {"img/boat.png": OTHER_PNG}


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        (  # an image: brief's own reading of the article refuses it
            "img",
            "content/2020/2020-05-01-trip.md:12:13: error: image '/img/boat.png' lies outside "
            "content/; put the file next to the article or under content/",
        ),
        (  # a linked file, which no article check reads
            "files",
            "content/files/map.pdf: error: leads out of content/ through a symlink; brief "
            "import writes only in content/",
        ),
    ],
)
def test_a_path_in_content_through_a_symlink_out_of_it_is_refused(
    site: Site,
    folder: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jekyll_site(site)
    (tmp_path / "elsewhere").mkdir()
    (site.root / "content").mkdir()
    (site.root / "content" / folder).symlink_to(tmp_path / "elsewhere")
    result = jekyll(site, capsys, monkeypatch)
    assert errors(result) == [message]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_file_where_a_folder_must_go_is_an_error_before_anything_is_written(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jekyll_site(site)
    site.write("content/files", "a file where a folder must go")
    result = jekyll(site, capsys, monkeypatch)
    assert errors(result) == [
        "content/files/map.pdf: error: cannot be written: content/files is a file, not a folder"
    ]
    assert content(site) == {"files": b"a file where a folder must go"}


def test_dot_dot_never_leaves_the_old_site(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`..` stops at the old site's root, as a browser's does: a file beside the old site is
    never looked at, let alone copied."""
    site.write("secret.png", PNG_BYTES)
    site.write("old/_posts/2020-05-01-a.md", "---\ntitle: A\n---\n![S](../../../../secret.png)\n")
    result = jekyll(site, capsys, monkeypatch)
    assert errors(result) == [
        "old/_posts/2020-05-01-a.md:4:6: error: image '../../../../secret.png' is not in the "
        "old site (looked for old/secret.png); the article would not build without it: add "
        "the file there, or remove the image from the post"
    ]
    assert content(site) == {}


def test_dot_dot_out_of_a_hugo_bundle_stops_at_the_root(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("secret.png", PNG_BYTES)
    site.write(
        "old/content/posts/b/index.md",
        "---\ntitle: B\ndate: 2021-03-01\n---\n![S](../../../../../secret.png)\n",
    )
    result = hugo(site, capsys, monkeypatch)
    assert errors(result) == [
        "old/content/posts/b/index.md:5:6: error: image '../../../../../secret.png' is not in "
        "the old site (looked for old/static/secret.png and old/content/secret.png); the "
        "article would not build without it: add the file there, or remove the image from "
        "the post"
    ]


@pytest.mark.parametrize("link", ["img/evil.png", "img"])
def test_a_symlink_out_of_the_old_site_is_refused(
    site: Site,
    link: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file, or a folder, that links out of the old site: nothing there is read."""
    outside = tmp_path / "outside"
    (outside / "img").mkdir(parents=True)
    (outside / "img/evil.png").write_bytes(PNG_BYTES)
    site.write("old/_posts/2020-05-01-a.md", "---\ntitle: A\n---\n![E](/img/evil.png)\n")
    (site.root / "old/img").mkdir(parents=True, exist_ok=True)
    if link == "img":
        (site.root / "old/img").rmdir()
    (site.root / "old" / link).symlink_to(outside / link)
    result = jekyll(site, capsys, monkeypatch)
    assert errors(result) == [
        "old/_posts/2020-05-01-a.md:4:6: error: image '/img/evil.png' is reached through a "
        "symlink that leads out of the old site (old/img/evil.png); brief import copies only "
        "the old site's own files: copy the file in, or remove the image"
    ]
    assert content(site) == {}


def test_a_symlink_inside_the_old_site_is_copied_as_its_file(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("old/img/real.png", PNG_BYTES)
    (site.root / "old/img/alias.png").symlink_to("real.png")
    site.write("old/_posts/2020-05-01-a.md", "---\ntitle: A\n---\n![A](/img/alias.png)\n")
    assert jekyll(site, capsys, monkeypatch).code == 0
    copied = site.root / "content/img/alias.png"
    assert not copied.is_symlink() and copied.read_bytes() == PNG_BYTES


def test_a_file_changed_after_the_check_is_not_copied(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(PNG_BYTES)
    checked = stat(source)
    assert checked is not None
    source.write_bytes(PNG_BYTES + b"more")
    target = tmp_path / "content/a.png"
    with pytest.raises(OSError, match="changed while brief import ran"):
        copy_atomic(source, target, checked)
    assert not target.exists()
    copy_atomic(source, target, stat(source))
    assert target.read_bytes() == PNG_BYTES + b"more"
    assert [p.name for p in target.parent.iterdir()] == ["a.png"]  # no temporary left
    link = tmp_path / "link.png"
    link.symlink_to(source)
    with pytest.raises(OSError):
        copy_atomic(link, tmp_path / "content/b.png", stat(source))


# --- the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "page", "expected"),
    [
        ("/img/x.png", "/2020/05/01/a.html", "/img/x.png"),
        ("x.png", "/2020/05/01/a.html", "/2020/05/01/x.png"),
        ("x.png", "/news/a/", "/news/a/x.png"),
        ("../x.png", "/news/a/", "/news/x.png"),
        ("../../../../x.png", "/news/a/", "/x.png"),
        ("/a/./b/../x.png", "/", "/a/x.png"),
        ("//x.png", "/", "/x.png"),
    ],
)
def test_site_path(path: str, page: str, expected: str) -> None:
    assert site_path(path, page) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("![a](p.png)", "![a](n/p.png)"),
        ('![a](p.png "T")', '![a](n/p.png "T")'),
        ("![a](<p.png>)", "![a](<n/p.png>)"),
        ("![a](p.png?v=2#x)", "![a](n/p.png?v=2#x)"),
        ("![a](my%20p.png)", "![a](<n/my p.png>)"),
        ("![a][r]\n\n[r]: p.png", "![a][r]\n\n[r]: n/p.png"),
        ("[![a](p.png)](p.png)", "[![a](n/p.png)](n/p.png)"),
        ("`![a](p.png)` ![a](p.png)", "`![a](p.png)` ![a](n/p.png)"),
        ("```\n![a](p.png)\n```\n![a](p.png)", "```\n![a](p.png)\n```\n![a](n/p.png)"),
        ("![a](q.png) (p.png)", "![a](q.png) (p.png)"),
    ],
)
def test_rewrite(body: str, expected: str) -> None:
    new = {"p.png": "n/p.png", "my p.png": "n/my p.png"}
    assert _rewrite(body, new) == expected


def test_a_bundle_file_named_by_the_page_s_old_address_is_its_resource(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write(
        "old/content/posts/Trip/index.md",
        "---\ntitle: T\ndate: 2021-03-01\n---\n![B](/posts/trip/boat.png)\n",
    )
    site.write("old/content/posts/Trip/boat.png", PNG_BYTES)
    result = hugo(site, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.out.startswith(
        "copied content/2021/2021-03-01-trip/boat.png (from old/content/posts/Trip/boat.png)\n"
    )
    text = (site.root / "content/2021/2021-03-01-trip.md").read_text()
    assert text.endswith("\n![B](2021-03-01-trip/boat.png)\n")
