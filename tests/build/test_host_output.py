"""What a build writes for the static host besides the pages, through real builds:
content-hash names for theme assets, redirect pages and `_redirects` for articles' old URLs,
`.nojekyll`, `CNAME` and `_headers`, and robots.txt for production and staging builds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.helpers import BASIC_CONFIG, PNG_BYTES, REPO, Run, Site, article, tree
from tests.hostile.battery import assert_refused, good_build

THEME = REPO / "layouts" / "static"
FONT = b"wOF2 not really a font"
NOINDEX = '<meta name="robots" content="noindex">'
IMMUTABLE = "public, max-age=31536000, immutable"
ARTICLE = "2022/02/28/hello/index.html"


def named(rel: str, data: bytes) -> str:
    """`rel` with the first 8 hex digits of the blake2b digest of `data` before its
    extension: `fonts/body.woff2` -> `fonts/body.1a2b3c4d.woff2`."""
    folder, slash, name = rel.rpartition("/")
    stem, ext = name.rsplit(".", 1)
    hexdigest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return f"{folder}{slash}{stem}.{hexdigest[:8]}.{ext}"


def theme_css() -> str:
    return named("style.css", (THEME / "style.css").read_bytes())


def theme_icon() -> str:
    return named("favicon.svg", (THEME / "favicon.svg").read_bytes())


def theme_js() -> str:
    """The search page's script."""
    return named("search.js", (THEME / "search.js").read_bytes())


def index_rules(base: str = "/") -> str:
    """The `_headers` rules of the search index's hashed folders: one each, for the files
    Pagefind names by their content."""
    return "".join(
        f"{base}pagefind/{folder}/*\n  Cache-Control: {IMMUTABLE}\n"
        for folder in ("fragment", "index", "filter")
    )


def ok(result: Run) -> None:
    assert (result.code, result.err) == (0, ""), result


def clean_build(site: Site, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, bytes]:
    """A build from nothing, without the cache, into a folder of its own."""
    out = site.root.parent / "clean"
    ok(site.build("--no-cache", "--output", str(out), *args, capsys=capsys))
    return tree(out)


def html_pages(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.html"))
    }


def with_host(yaml: str) -> str:
    return f"{BASIC_CONFIG}host:\n{yaml}"


FONT_CSS = '@font-face{font-family:Body;src:url("fonts/body.woff2?v=2#iefix") format("woff2")}\n'


def own_theme(site: Site, css: str = FONT_CSS, font: bytes = FONT) -> None:
    site.write("layouts/static/style.css", css)
    site.write("layouts/static/fonts/body.woff2", font)


def hashed_theme(font: bytes, css: str = FONT_CSS) -> tuple[str, str]:
    """The output names of `own_theme`'s font and of its stylesheet, whose link to the font
    carries the font's name."""
    font_name = named("fonts/body.woff2", font)
    return font_name, named("style.css", css.replace("fonts/body.woff2", font_name).encode())


# Content-hash names


def test_theme_assets_are_written_under_content_hash_names(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    css, icon = theme_css(), theme_icon()
    assert files[css] == (THEME / "style.css").read_bytes()
    assert files[icon] == (THEME / "favicon.svg").read_bytes()
    assert "style.css" not in files and "favicon.svg" not in files
    links = {
        "index.html": "",
        "tags/index.html": "../",
        ARTICLE: "../../../../",
        "404.html": "/",  # served at any URL: rooted links
    }
    for page, prefix in links.items():
        text = site.page(page)
        assert f'<link rel="stylesheet" href="{prefix}{css}">' in text, page
        assert f'<link rel="icon" href="{prefix}{icon}" type="image/svg+xml">' in text, page


def test_two_clean_builds_are_byte_identical(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    own_theme(site)
    site.write("site.yaml", with_host("  cname: news.example.org\n"))
    site.write("content/a.md", article(aliases="[/old/]"))
    first, second = site.root.parent / "first", site.root.parent / "second"
    ok(site.build("--no-cache", "--output", str(first), capsys=capsys))
    ok(site.build("--no-cache", "--output", str(second), capsys=capsys))
    assert tree(first) == tree(second)
    assert named("fonts/body.woff2", FONT) in tree(first)


def test_the_same_bytes_keep_their_name(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    own_theme(site)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    before = tree(site.public)
    own_theme(site)  # written again, the same bytes: only the mtime changes
    result = site.build(capsys=capsys)
    ok(result)
    assert tree(site.public) == before


def test_a_changed_stylesheet_gets_a_new_name_on_every_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("layouts/static/style.css", "body{color:red}\n")
    for n in range(3):  # two front pages
        site.write(f"content/{n}.md", article(f"Story {n}", tags="[Kyiv]"))
    ok(site.build(capsys=capsys))
    old = named("style.css", b"body{color:red}\n")
    assert (site.public / old).is_file()
    site.write("layouts/static/style.css", "body{color:blue}\n")
    ok(site.build(capsys=capsys))
    new = named("style.css", b"body{color:blue}\n")
    assert (site.public / new).read_bytes() == b"body{color:blue}\n"
    assert not (site.public / old).exists()
    pages = html_pages(site.public)
    assert sorted(pages) == [
        "2022/02/28/index.html",
        *(f"2022/02/28/story-{n}/index.html" for n in range(3)),
        "2022/02/index.html",
        "2022/index.html",
        "404.html",
        "credits/index.html",
        "feeds/index.html",
        "index.html",
        "page/2/index.html",
        "search/index.html",
        "tags/index.html",
        "tags/kyiv/index.html",
        "tags/kyiv/page/2/index.html",
    ]
    for name, text in pages.items():
        assert new in text and old not in text, name


def test_an_incremental_build_after_a_css_edit_equals_a_clean_build(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    own_theme(site)
    site.write("content/a.md", article(aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    own_theme(site, css=FONT_CSS + "body{margin:0}\n")
    ok(site.build(capsys=capsys))
    assert tree(site.public) == clean_build(site, capsys)


def test_a_stylesheets_font_links_carry_the_fonts_hashed_name(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    css = (
        '@font-face{font-family:Body;src:url("fonts/body.woff2?v=2#iefix") format("woff2"),'
        "url(data:font/woff2;base64,d09GMg),url(https://cdn.example.org/b.woff2)}\n"
        "body{background:url(img/bg.png)}\n"
    )
    own_theme(site, css=css)
    site.write("layouts/static/img/bg.png", PNG_BYTES)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    font = named("fonts/body.woff2", FONT)
    assert font == "fonts/body." + hashlib.blake2b(FONT, digest_size=16).hexdigest()[:8] + ".woff2"
    rewritten = css.replace("fonts/body.woff2?", font + "?").encode()
    files = tree(site.public)
    assert files[font] == FONT
    assert files[named("style.css", rewritten)] == rewritten
    assert files["img/bg.png"] == PNG_BYTES  # an image keeps its name
    assert "fonts/body.woff2" not in files and "style.css" not in files
    assert f'href="{named("style.css", rewritten)}"' in site.page("index.html")


def test_a_changed_font_renames_it_and_the_stylesheet_linking_it(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    own_theme(site)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    before = tree(site.public)
    own_theme(site, font=FONT + b" v2")
    ok(site.build(capsys=capsys))
    after = tree(site.public)
    assert set(after) - set(before) == set(hashed_theme(FONT + b" v2"))
    assert set(before) - set(after) == set(hashed_theme(FONT))
    assert after == clean_build(site, capsys)


def test_fingerprint_false_keeps_plain_names(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", with_host("  fingerprint: false\n"))
    own_theme(site)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    assert files["style.css"] == FONT_CSS.encode()  # its links are left as they are
    assert files["fonts/body.woff2"] == FONT
    assert files["favicon.svg"] == (THEME / "favicon.svg").read_bytes()
    assert '<link rel="stylesheet" href="../../../../style.css">' in site.page(ARTICLE)
    assert '<link rel="stylesheet" href="/style.css">' in site.page("404.html")
    assert files["_headers"].decode() == ("/*\n  X-Content-Type-Options: nosniff\n" + index_rules())


def test_turning_fingerprints_off_and_on_again_equals_clean_builds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    own_theme(site)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    hashed = tree(site.public)
    site.write("site.yaml", with_host("  fingerprint: false\n"))
    ok(site.build(capsys=capsys))
    plain = tree(site.public)
    assert plain == clean_build(site, capsys)
    assert not any(name in plain for name in hashed if name.startswith(("style.", "fonts/")))
    site.write("site.yaml", BASIC_CONFIG)
    ok(site.build(capsys=capsys))
    assert tree(site.public) == hashed


def test_templates_url_and_abs_url_give_the_hashed_name(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    base = (REPO / "layouts" / "base.html").read_text(encoding="utf-8")
    preload = (
        '<link rel="preload" href="{{ url(\'/fonts/body.woff2\') }}" as="font">\n'
        '<meta property="x:font" content="{{ abs_url(\'/fonts/body.woff2\') }}">\n'
    )
    assert "{% block head %}" in base
    site.write("layouts/base.html", base.replace("{% block head %}", preload + "{% block head %}"))
    own_theme(site)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    font = named("fonts/body.woff2", FONT)
    page = site.page(ARTICLE)
    assert f'<link rel="preload" href="../../../../{font}" as="font">' in page
    assert f'<meta property="x:font" content="https://news.example.org/{font}">' in page
    assert f'<link rel="preload" href="/{font}" as="font">' in site.page("404.html")


def test_other_static_files_keep_their_names(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = {
        "logo.png": PNG_BYTES,
        "favicon.ico": b"\x00\x00\x01\x00",
        "docs/report.pdf": b"%PDF-1.4\n",
        "robots.txt": b"User-agent: *\nDisallow: /private/\n",
    }
    for rel, data in kept.items():
        site.write(f"layouts/static/{rel}", data)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    for rel, data in kept.items():
        assert files[rel] == data, rel


# Aliases


def redirect(title: str, canonical: str, target: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        f"{NOINDEX}\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'</head>\n<body>\n<p>This article has moved to <a href="{target}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def test_each_alias_is_a_page_that_forwards_to_the_article(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article(aliases="[/old/url/, /old/page.html]"))
    ok(site.build(capsys=capsys))
    canonical = "https://news.example.org/2022/02/28/hello/"
    assert site.page("old/url/index.html") == redirect(
        "Hello", canonical, "../../2022/02/28/hello/"
    )
    assert site.page("old/page.html") == redirect("Hello", canonical, "../2022/02/28/hello/")
    assert site.page("_redirects") == (
        "/old/page.html /2022/02/28/hello/ 301\n/old/url/ /2022/02/28/hello/ 301\n"
    )
    sitemap = site.page("sitemap.xml")
    assert "/old/" not in sitemap and "hello/" in sitemap


def test_a_redirect_page_escapes_the_title(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article("'\"A & B\" <i>'", slug="a-b", aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    assert site.page("old/index.html") == redirect(
        "&quot;A &amp; B&quot; &lt;i&gt;",
        "https://news.example.org/2022/02/28/a-b/",
        "../2022/02/28/a-b/",
    )


def test_aliases_under_a_sub_path_base_url(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("news.example.org/", "example.org/news/"))
    site.write("content/a.md", article(aliases="[/old/url/, /old/page.html, /старое/]"))
    site.write("layouts/static/logo.png", PNG_BYTES)
    ok(site.build(capsys=capsys))
    assert site.page("_redirects") == (
        "/news/%D1%81%D1%82%D0%B0%D1%80%D0%BE%D0%B5/ /news/2022/02/28/hello/ 301\n"
        "/news/old/page.html /news/2022/02/28/hello/ 301\n"
        "/news/old/url/ /news/2022/02/28/hello/ 301\n"
    )
    canonical = "https://example.org/news/2022/02/28/hello/"
    assert site.page("old/url/index.html") == redirect(
        "Hello", canonical, "../../2022/02/28/hello/"
    )
    assert site.page("старое/index.html") == redirect("Hello", canonical, "../2022/02/28/hello/")
    assert site.page("_headers") == (
        "/*\n  X-Content-Type-Options: nosniff\n"
        f"/news/{theme_icon()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/news/{theme_js()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/news/{theme_css()}\n  Cache-Control: {IMMUTABLE}\n" + index_rules("/news/")
    )


PLAIN = "must be plain path segments (no '..', '\\', '%', '?', '#', spaces or empty segments)"
NOT_URL = "must be a path on this site such as /old/url/, not a URL"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://example.org/x/", f"alias 'https://example.org/x/' {NOT_URL}"),
        ("//example.org/x/", f"alias '//example.org/x/' {NOT_URL}"),
        ("mailto:desk@example.org", f"alias 'mailto:desk@example.org' {NOT_URL}"),
        ("old/url/", "alias 'old/url/' must start with '/', e.g. /old/url/"),
        ("/a/../b/", f"alias '/a/../b/' {PLAIN}"),
        ('"/a b/"', f"alias '/a b/' {PLAIN}"),
        ("/x%20y/", f"alias '/x%20y/' {PLAIN}"),
        ('"/q?x=1/"', f"alias '/q?x=1/' {PLAIN}"),
        ('"/a#b/"', f"alias '/a#b/' {PLAIN}"),
        ("/a//b/", f"alias '/a//b/' {PLAIN}"),
        ("/a\\b/", f"alias '/a\\b/' {PLAIN}"),
        ("/.git/", f"alias '/.git/' {PLAIN}"),
        ("/old", "alias '/old' must end with '/' or '.html'; try /old/"),
        ("/feed.xml", "alias '/feed.xml' must end with '/' or '.html'; try /feed.xml/"),
        ("/", "an alias cannot be the home page '/'"),
        ('""', "each alias must be a path such as /old/url/, got ''"),
        ("3", "each alias must be a path such as /old/url/, got the number 3"),
        ("[/x/]", "each alias must be a path such as /old/url/, got a list"),
        ("{a: 1}", "each alias must be a path such as /old/url/, got a mapping"),
    ],
)
def test_an_invalid_alias_is_a_front_matter_error(
    site: Site, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/a.md", article(aliases=f"[{value}]"))
    assert_refused(site, site.build(capsys=capsys), before, f"content/a.md:4:11: error: {message}")


@pytest.mark.parametrize(
    ("value", "shown"),
    [("/old/", "'/old/'"), ("{a: /b/}", "a mapping"), ("", "nothing (an empty value)")],
)
def test_aliases_must_be_a_list(
    site: Site, capsys: pytest.CaptureFixture[str], value: str, shown: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/a.md", article(aliases=value))
    column = 10 if value else 9
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"content/a.md:4:{column}: error: 'aliases' must be a list such as [/old/url/], "
        f"got {shown}",
    )


def taken(alias: str, other: str, source: str = "content/a.md") -> str:
    return (
        f"{source}:4: error: alias '{alias}' is the address of {other} too; remove the alias "
        "or change that page's URL"
    )


@pytest.mark.parametrize(
    ("alias", "other"),
    [
        ("/2022/02/27/other/", "content/b.md"),
        ("/2022/02/28/hello/", "content/a.md"),
        ("/2022/02/28/hello/index.html", "content/a.md"),
        ("/index.html", "page /"),
        ("/404.html", "page /404.html"),
        ("/tags/", "page /tags/"),
        ("/tags/kyiv/", "page /tags/kyiv/"),
        ("/page/2/", "page /page/2/"),
        ("/Tags/Kyiv/", "page /tags/kyiv/"),  # compared case-folded
        ("/old.html", "layouts/static/old.html"),
    ],
)
def test_an_alias_at_the_address_of_another_output_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], alias: str, other: str
) -> None:
    site.write("layouts/static/old.html", "<p>an old page</p>\n")
    site.write("content/b.md", article("Other", date="2022-02-27", tags="[Kyiv]"))
    site.write("content/c.md", article("Third", date="2022-02-26"))
    before = good_build(site, capsys)
    site.write("content/a.md", article(aliases=f"[{alias}]"))
    assert_refused(site, site.build(capsys=capsys), before, taken(alias, other))


def test_two_articles_cannot_share_an_alias(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    before = good_build(site, capsys)
    site.write("content/a.md", article(aliases="[/Old/]"))
    site.write("content/b.md", article("Other", date="2022-02-27", aliases="[/old/]"))
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        taken("/old/", "content/a.md (an alias)", source="content/b.md"),
    )


@pytest.mark.parametrize(
    ("alias", "file"), [("/feed.xml/", "feed.xml"), ("/_redirects/", "_redirects")]
)
def test_an_alias_where_a_generated_file_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], alias: str, file: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/a.md", article(aliases=f"[{alias}]"))
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"content/a.md: error: {file} would be both a file (generated {file}) and a folder, "
        f"for {file}/index.html (content/a.md); change a slug or permalink",
    )


def test_a_removed_alias_takes_its_page_with_it(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article(aliases="[/old/, /older.html]"))
    ok(site.build(capsys=capsys))
    assert (site.public / "old/index.html").is_file() and (site.public / "older.html").is_file()
    site.write("content/a.md", article(aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    assert not (site.public / "older.html").exists()
    assert site.page("_redirects") == "/old/ /2022/02/28/hello/ 301\n"
    assert tree(site.public) == clean_build(site, capsys)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    assert not (site.public / "old").exists()
    assert "_redirects" not in files  # no aliases left: no file
    assert files == clean_build(site, capsys)


def test_a_drafts_aliases_are_written_only_with_it(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    site.write("content/b.md", article("Secret", draft="true", aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    assert not (site.public / "old").exists() and not (site.public / "_redirects").exists()
    ok(site.build("--drafts", capsys=capsys))
    assert site.page("_redirects") == "/old/ /2022/02/28/secret/ 301\n"


def test_an_alias_given_twice_is_written_once(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article(aliases="[/old/, ' /old/ ']"))
    ok(site.build(capsys=capsys))
    assert site.page("_redirects") == "/old/ /2022/02/28/hello/ 301\n"


def test_redirects_false_keeps_the_pages_but_not_the_file(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", with_host("  redirects: false\n"))
    site.write("content/a.md", article(aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    assert not (site.public / "_redirects").exists()
    assert site.page("old/index.html") == redirect(
        "Hello", "https://news.example.org/2022/02/28/hello/", "../2022/02/28/hello/"
    )


# Host files


def test_default_host_files(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("layouts/static/logo.png", PNG_BYTES)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    assert files[".nojekyll"] == b""
    assert "CNAME" not in files and "_redirects" not in files
    assert files["_headers"].decode() == (
        "/*\n  X-Content-Type-Options: nosniff\n"
        f"/{theme_icon()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_js()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_css()}\n  Cache-Control: {IMMUTABLE}\n" + index_rules()
    )


def test_host_files_can_be_turned_off(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    assert (site.public / ".nojekyll").is_file() and (site.public / "_headers").is_file()
    site.write("site.yaml", with_host("  nojekyll: false\n  headers: false\n"))
    ok(site.build(capsys=capsys))
    files = tree(site.public)
    assert ".nojekyll" not in files and "_headers" not in files
    assert files == clean_build(site, capsys)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("news.example.org", b"news.example.org\n"),
        ("news.example.org.", b"news.example.org\n"),
        ("xn--bcher-kva.example", b"xn--bcher-kva.example\n"),
    ],
)
def test_cname_is_written(
    site: Site, capsys: pytest.CaptureFixture[str], value: str, written: bytes
) -> None:
    site.write("site.yaml", with_host(f"  cname: {value}\n"))
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    assert (site.public / "CNAME").read_bytes() == written
    assert "CNAME" not in site.page("_headers")


DOMAIN = "'cname' must be a domain name such as news.example.org, got"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://news.example.org", f"{DOMAIN} 'https://news.example.org'"),
        ("news.example.org/x", f"{DOMAIN} 'news.example.org/x'"),
        ("news.example.org:8080", f"{DOMAIN} 'news.example.org:8080'"),
        ("localhost", f"{DOMAIN} 'localhost'"),
        ("-bad.example.org", f"{DOMAIN} '-bad.example.org'"),
        ('"news example.org"', f"{DOMAIN} 'news example.org'"),
        ('""', f"{DOMAIN} ''"),
        ("3", "'cname' must be text, got the number 3; quote it to keep it as text: cname: \"3\""),
        ("[a.example.org]", "'cname' must be text, got a list"),
    ],
)
def test_a_cname_that_is_not_a_domain_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", with_host(f"  cname: {value}\n"))
    assert_refused(site, site.build(capsys=capsys), before, f"site.yaml:7:10: error: {message}")


def test_a_cname_with_an_empty_label_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", with_host("  cname: news..example.org\n"))
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"site.yaml:7:10: error: {DOMAIN} 'news..example.org'",
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [("Bücher.example", b"xn--bcher-kva.example\n"), ("1.2.3.4", None)],
)
def test_an_international_cname_is_written_in_ascii_and_an_address_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], value: str, written: bytes | None
) -> None:
    site.write("site.yaml", with_host(f"  cname: {value}\n"))
    site.write("content/a.md", article())
    result = site.build(capsys=capsys)
    if written is None:
        assert (
            result.err
            == f"site.yaml:7:10: error: {DOMAIN} '{value}'\nbrief: build failed: 1 error\n"
        )
    else:
        ok(result)
        assert (site.public / "CNAME").read_bytes() == written


def test_a_staging_build_writes_no_cname(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """A staging copy on GitHub Pages must not claim the production domain."""
    site.write("site.yaml", with_host("  cname: news.example.org\n"))
    site.write("content/a.md", article())
    ok(site.build("--staging", capsys=capsys))
    assert not (site.public / "CNAME").exists()
    ok(site.build(capsys=capsys))
    assert (site.public / "CNAME").read_bytes() == b"news.example.org\n"


def test_cache_rules_come_first_and_the_first_match_wins(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write(
        "site.yaml",
        with_host(
            "  cache:\n"
            '    "*.pdf": "public, max-age=86400"\n'
            '    "/docs/*": "no-store"\n'
            '    "*.css": "public, max-age=600"\n'
        ),
    )
    site.write("layouts/static/docs/report.pdf", b"%PDF-1.4\n")
    site.write("layouts/static/docs/notes.txt", "notes\n")
    site.write("layouts/static/logo.png", PNG_BYTES)
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    assert site.page("_headers") == (
        "/*\n  X-Content-Type-Options: nosniff\n"
        "/docs/notes.txt\n  Cache-Control: no-store\n"
        "/docs/report.pdf\n  Cache-Control: public, max-age=86400\n"
        f"/{theme_icon()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_js()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_css()}\n  Cache-Control: public, max-age=600\n" + index_rules()
    )


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "  cache: [a]\n",
            "site.yaml:7:10: error: host.cache must be a mapping of `key: value` lines, not a list",
        ),
        (
            '  cache:\n    "*.pdf": 3\n',
            "site.yaml:8:14: error: '*.pdf' must be text, got the number 3; quote it to keep it "
            'as text: *.pdf: "3"',
        ),
        ('  cache:\n    "*.pdf": "a\\nb"\n', "site.yaml:8:14: error: '*.pdf' must be one line"),
        (
            "  fingerprnt: false\n",
            "site.yaml:7:3: error: in 'host', unknown key 'fingerprnt'; did you mean "
            "'fingerprint'?",
        ),
    ],
)
def test_bad_host_settings_are_refused(
    site: Site, capsys: pytest.CaptureFixture[str], yaml: str, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", with_host(yaml))
    assert_refused(site, site.build(capsys=capsys), before, message)


# robots.txt and staging builds


def test_robots_txt_is_generated_unless_the_site_has_its_own(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article())
    ok(site.build(capsys=capsys))
    assert site.page("robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n"
        "Sitemap: https://news.example.org/news-sitemap.xml\n"
    )
    own = "User-agent: *\nDisallow: /private/\n"
    site.write("layouts/static/robots.txt", own)
    ok(site.build(capsys=capsys))
    assert site.page("robots.txt") == own
    assert tree(site.public) == clean_build(site, capsys)


def test_a_staging_build_keeps_every_crawler_out(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("layouts/static/robots.txt", "User-agent: *\nAllow: /\n")
    for n in range(3):
        site.write(f"content/{n}.md", article(f"Story {n}", tags="[Kyiv]"))
    site.write("content/a.md", article(aliases="[/old/]"))
    staging = site.root.parent / "staging"
    ok(site.build("--staging", "--output", str(staging), capsys=capsys))
    assert (staging / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    pages = html_pages(staging)
    assert sorted(pages) == [
        ARTICLE,
        "2022/02/28/index.html",
        *(f"2022/02/28/story-{n}/index.html" for n in range(3)),
        "2022/02/index.html",
        "2022/index.html",
        "404.html",
        "credits/index.html",
        "feeds/index.html",
        "index.html",
        "old/index.html",
        "page/2/index.html",
        "search/index.html",
        "tags/index.html",
        "tags/kyiv/index.html",
        "tags/kyiv/page/2/index.html",
    ]
    for name, text in pages.items():
        assert text.count(NOINDEX) == 1, name
    assert (staging / "_headers").read_text() == (
        "/*\n  X-Content-Type-Options: nosniff\n  X-Robots-Tag: noindex\n"
        f"/{theme_icon()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_js()}\n  Cache-Control: {IMMUTABLE}\n"
        f"/{theme_css()}\n  Cache-Control: {IMMUTABLE}\n" + index_rules()
    )
    ok(site.build(capsys=capsys))
    assert site.page("robots.txt") == "User-agent: *\nAllow: /\n"
    assert "X-Robots-Tag" not in site.page("_headers")
    indexed = {name for name, text in html_pages(site.public).items() if NOINDEX not in text}
    # a redirect page is never indexed, nor the search page (nothing to read without a query)
    assert indexed == set(pages) - {"old/index.html", "search/index.html"}


def test_staging_and_production_builds_into_one_folder_equal_clean_builds(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("layouts/static/robots.txt", "User-agent: *\nAllow: /\n")
    site.write("content/a.md", article(aliases="[/old/]"))
    ok(site.build(capsys=capsys))
    production = tree(site.public)
    ok(site.build("--staging", capsys=capsys))
    staging = tree(site.public)
    assert staging == clean_build(site, capsys, "--staging")
    assert staging["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    ok(site.build(capsys=capsys))
    assert tree(site.public) == production
