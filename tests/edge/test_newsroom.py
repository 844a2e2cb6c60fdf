"""site.yaml's sections, authors and menus: what each accepts and the exact problems of bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.config import SiteConfig, load_config
from brief.errors import BriefError, formatted
from brief.newsroom import MenuItem, Menus, SiteAuthor, SiteSection

MINIMAL = "title: T\nbase_url: https://ex.org/\n"


def _load(tmp_path: Path, text: str) -> SiteConfig:
    (tmp_path / "site.yaml").write_text(MINIMAL + text, encoding="utf-8")
    return load_config(tmp_path)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(BriefError) as caught:
        _load(tmp_path, text)
    return formatted(caught.value.problems)


def test_sections_in_order_with_slugs_made_from_names(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        "sections:\n"
        "  - World\n"
        "  - name: Économie\n"
        "    description: Markets and jobs.\n"
        "  - name: Politics\n"
        "    slug: pol\n"
        "    order: -1\n",
    )
    assert config.sections == (
        SiteSection("Politics", "pol", "", -1, 7, "politics"),
        SiteSection("World", "world", "", 0, 4, "world"),
        SiteSection("Économie", "economie", "Markets and jobs.", 1, 5, "economie"),
    )


def test_authors_registry(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        "authors:\n"
        "  - name: Jane Doe\n"
        "    bio: Reports from Kyiv.\n"
        "    url: https://jane.example/\n"
        "    image: /authors/jane.jpg\n"
        "  - Олена Петренко\n",
    )
    assert config.authors == (
        SiteAuthor(
            "Jane Doe",
            "jane-doe",
            "Reports from Kyiv.",
            "https://jane.example/",
            "/authors/jane.jpg",
            4,
            "jane doe",
        ),
        SiteAuthor("Олена Петренко", "олена-петренко", "", None, None, 8, "олена петренко"),
    )


def test_menus_one_list_or_main_and_footer(tmp_path: Path) -> None:
    config = _load(tmp_path, "menu: [home, {page: about}]\n")
    assert config.menu == Menus(main=(MenuItem("home", line=3), MenuItem("page", "about", line=3)))
    config = _load(
        tmp_path,
        "menu:\n"
        "  main:\n"
        "    - section: World\n"
        "    - url: https://shop.example/\n"
        "      title: Shop\n"
        "  footer: [topics, {tag: Ukraine, title: The war}]\n",
    )
    assert config.menu.main == (
        MenuItem("section", "World", None, 5),
        MenuItem("url", "https://shop.example/", "Shop", 6),
    )
    assert config.menu.footer == (
        MenuItem("topics", line=8),
        MenuItem("tag", "Ukraine", "The war", 8),
    )


def test_menu_words_credits_and_archive(tmp_path: Path) -> None:
    config = _load(tmp_path, "menu:\n  footer: [credits, {archive: true, title: Past issues}]\n")
    assert config.menu.footer == (
        MenuItem("credits", line=4),
        MenuItem("archive", "", "Past issues", 4),
    )
    assert _problems(tmp_path, "menu: [credit]\n") == [
        "site.yaml:3:8: error: unknown menu item 'credit'; did you mean 'credits'?"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sections: World\n",
            "site.yaml:3:11: error: 'sections' must be a list, e.g. sections: [{name: World}, "
            "{name: Politics}]; got 'World'",
        ),
        (
            "sections:\n  - name: World\n  - name: world\n",
            "site.yaml:5: error: section 'world' has the same name as 'World' (line 4); give "
            "each its own",
        ),
        (
            "sections:\n  - name: Tags\n",
            "site.yaml:4:11: error: section slug 'tags' is a path brief uses itself; choose "
            "another slug:",
        ),
        (
            "sections:\n  - name: World\n    slugg: w\n",
            "site.yaml:5:5: error: unknown key 'slugg' in sections[1]; did you mean 'slug'?",
        ),
        (
            "sections:\n  - name: World\n    slug: a/b\n",
            "site.yaml:5:11: error: slug 'a/b' must be one short URL segment (no '/', spaces "
            "or '?#%'); try slug: a-b",
        ),
        (
            "authors:\n  - name: Jane\n    url: javascript:alert(1)\n",
            "site.yaml:5:10: error: 'authors[1].url' must be an absolute http(s) URL such as "
            "https://example.org/, got 'javascript:alert(1)'",
        ),
        (
            "authors:\n  - bio: Nobody\n",
            "site.yaml:4:5: error: authors[1] needs name:",
        ),
        (
            "menu: [hom]\n",
            "site.yaml:3:8: error: unknown menu item 'hom'; did you mean 'home'?",
        ),
        (
            "menu: [{page: about, section: World}]\n",
            "site.yaml:3:8: error: menu[1] must name exactly one of home, section, page, tag, "
            "topics, authors, feed, url, corrections, credits, archive, search, not section and page",
        ),
        (
            "menu: [{url: /x/}]\n",
            "site.yaml:3:8: error: menu[1] links to /x/; give it a title:",
        ),
        (
            'menu: [{url: "/a b/", title: X}]\n',
            "site.yaml:3:14: error: menu url '/a b/' must be a plain site path such as /tags/ "
            "or an http(s) URL",
        ),
        (
            "menu: {mian: [home]}\n",
            "site.yaml:3:8: error: unknown key 'mian' in 'menu'; known keys: main, footer",
        ),
    ],
)
def test_bad_newsroom_lists(tmp_path: Path, text: str, expected: str) -> None:
    assert _problems(tmp_path, text) == [expected]
