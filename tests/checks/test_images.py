"""image-alt: body images without alt text, placed at their `![`."""

from __future__ import annotations

from brief.checks.images import check_image_alt, check_image_files
from tests.checks.kit import articles
from tests.helpers import Site, article

BODY = """\
![A map](map.png) and ![](map.png "The map") and ![ ](<other file.png>)

A paragraph that runs on
to a second line with ![](late.png), and
![**](x.png) whose alt is only stars.

![no alt][ref] and ![][ref]

[ref]: ref.png
"""


def test_images_without_alt_are_warned_at_the_bang(site: Site) -> None:
    site.write("content/a.md", article(body=BODY))
    config, found = articles(site)
    assert [p.format() for p in check_image_alt(found, config)] == [
        f"content/a.md:{line}{column}: warning: image {src} has no alt text; describe it "
        "for readers who cannot see it: ![What it shows](file)"
        for line, column, src in [
            (5, ":23", "map.png"),
            (5, ":50", "other%20file.png"),
            (8, ":23", "late.png"),
            (11, "", "ref.png"),  # a reference: its line, but no column
        ]
    ]


def test_a_lead_image_is_not_this_checks_business(site: Site) -> None:
    site.write("content/a.md", article(title="Other", body="Text."))
    site.write("content/photo.png", b"png")
    site.write(
        "content/b.md",
        article(image='\n  src: photo.png\n  alt: ""\n  notice: "© Desk"', body="Text."),
    )
    config, found = articles(site)
    assert list(check_image_alt(found, config)) == []


def test_body_images_whose_file_is_missing(site: Site) -> None:
    site.write("content/maps/here.png", b"png")
    site.write("content/maps/a.md", article(body="![One](here.png) ![Two](gone.png)"))
    site.write(
        "content/b.md",
        article(
            title="B",
            body="![Three](/maps/here.png) ![Four](/nowhere/x.png)\n\n"
            "![Five](https://example.org/x.png) ![Six](data:image/png;base64,AAAA)",
        ),
    )
    config, found = articles(site)
    assert sorted(p.format() for p in check_image_files(found, config)) == [
        "content/b.md:5:34: error: image file /nowhere/x.png not found (looked for "
        "content/nowhere/x.png); put it next to the article or fix the path",
        "content/maps/a.md:5:25: error: image file gone.png not found (looked for "
        "content/maps/gone.png); put it next to the article or fix the path",
    ]
