"""Content-hash names for theme assets: which files get them, how they are spelt, and how a
stylesheet's links to other hashed files are rewritten before its own digest is taken."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from brief.render.assets import Assets, fingerprint_assets, hashed_name, is_hashed

FONT = b"wOF2 not really a font"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def named(rel: str, data: bytes) -> str:
    """`rel` with the first 8 hex digits of its digest before the extension."""
    folder, slash, name = rel.rpartition("/")
    stem, ext = name.rsplit(".", 1)
    return f"{folder}{slash}{stem}.{digest(data)[:8]}.{ext}"


def statics(root: Path, files: dict[str, bytes | str]) -> dict[str, Path]:
    """Write `files` under `root` and map each relative path to its file, sorted, as
    `static_files` does."""
    found: dict[str, Path] = {}
    for rel, data in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        found[rel] = path
    return found


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("style.css", True),
        ("css/print.css", True),
        ("app.js", True),
        ("js/module.mjs", True),
        ("fonts/body.woff", True),
        ("fonts/body.woff2", True),
        ("fonts/body.ttf", True),
        ("fonts/body.otf", True),
        ("fonts/body.eot", True),
        ("THEME.CSS", True),
        ("favicon.svg", True),
        ("favicon.png", True),
        ("icons/favicon.svg", True),
        ("favicon.ico", False),
        ("Favicon.ICO", False),
        ("logo.png", False),
        ("robots.txt", False),
        ("docs/report.pdf", False),
        ("style.css.map", False),
        ("LICENSE", False),
        ("my-favicon.svg", False),
    ],
)
def test_which_files_get_hashed_names(rel: str, expected: bool) -> None:
    assert is_hashed(rel) is expected


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("style.css", "style.{}.css"),
        ("fonts/body.woff2", "fonts/body.{}.woff2"),
        ("js/jquery.min.js", "js/jquery.min.{}.js"),
        ("Theme.CSS", "Theme.{}.CSS"),
        ("LICENSE", "LICENSE.{}"),
    ],
)
def test_hashed_name_puts_the_digest_before_the_extension(rel: str, expected: str) -> None:
    data = b"body { color: #222 }\n"
    full = digest(data)
    assert hashed_name(rel, data) == (expected.format(full[:8]), full)


def test_hashed_name_depends_on_every_byte() -> None:
    first, _ = hashed_name("style.css", b"a{}\n")
    assert hashed_name("style.css", b"a{}\n")[0] == first
    assert hashed_name("style.css", b"b{}\n")[0] != first


def test_turned_off_no_file_is_renamed(tmp_path: Path) -> None:
    files = statics(tmp_path, {"style.css": "a{}", "app.js": "x()"})
    assets = fingerprint_assets(files, enabled=False)
    assert (assets.by_source, dict(assets.names)) == ({}, {})
    assert assets.digest == Assets().digest


def test_only_stylesheets_scripts_fonts_and_favicons_are_renamed(tmp_path: Path) -> None:
    contents: dict[str, bytes | str] = {
        "style.css": "a{}",
        "app.js": "x()",
        "fonts/body.woff2": FONT,
        "favicon.svg": "<svg/>",
        "favicon.ico": "ico",
        "logo.png": "png",
        "robots.txt": "User-agent: *\n",
    }
    files = statics(tmp_path, contents)
    assets = fingerprint_assets(files)
    renamed = ["app.js", "favicon.svg", "fonts/body.woff2", "style.css"]
    expected = {rel: named(rel, (tmp_path / rel).read_bytes()) for rel in renamed}
    assert dict(assets.names) == {f"/{k}": f"/{v}" for k, v in expected.items()}
    assert sorted(assets.by_source) == renamed
    for rel, asset in assets.by_source.items():
        assert asset.source == tmp_path / rel
        assert asset.path == expected[rel]
        assert asset.digest == digest((tmp_path / rel).read_bytes())
        assert asset.data is None  # copied as they are: nothing to rewrite


ALIKE = [
    ("url(../fonts/body.woff2)", "url(../fonts/{font})"),
    ('url("../fonts/body.woff2")', 'url("../fonts/{font}")'),
    ("url( '../fonts/body.woff2' )", "url( '../fonts/{font}' )"),
    ("url(../fonts/body.woff2?v=3)", "url(../fonts/{font}?v=3)"),
    ("url(../fonts/body.woff2#iefix)", "url(../fonts/{font}#iefix)"),
    ("url(../fonts/body.woff2?#iefix)", "url(../fonts/{font}?#iefix)"),
    ('url("../fonts/body.woff2?v=3#iefix")', 'url("../fonts/{font}?v=3#iefix")'),
    ("url(./../fonts/body.woff2)", "url(../fonts/{font})"),
    ("URL(../fonts/body.woff2)", "URL(../fonts/{font})"),
    # a site path becomes a relative link, so it works under a sub-path too
    ("url(/fonts/body.woff2)", "url(../fonts/{font})"),
]


@pytest.mark.parametrize(("ref", "expected"), ALIKE)
def test_a_stylesheets_link_to_a_font_gets_the_fonts_name(
    tmp_path: Path, ref: str, expected: str
) -> None:
    files = statics(
        tmp_path, {"fonts/body.woff2": FONT, "css/site.css": f"@font-face{{src:{ref}}}\n"}
    )
    assets = fingerprint_assets(files)
    font = named("body.woff2", FONT)
    text = f"@font-face{{src:{expected.format(font=font)}}}\n".encode()
    css = assets.by_source["css/site.css"]
    assert css.data == text
    # its own name is the digest of what is written, the rewritten text
    assert (css.path, css.digest) == (named("css/site.css", text), digest(text))
    assert assets.names["/css/site.css"] == "/" + css.path
    assert assets.by_source["fonts/body.woff2"].path == f"fonts/{font}"


@pytest.mark.parametrize(
    "ref",
    [
        "url(data:font/woff2;base64,d09GMgABAAAAA)",
        "url(https://cdn.example.org/fonts/body.woff2)",
        "url(//cdn.example.org/fonts/body.woff2)",
        "url(#gradient)",
        "url(../img/bg.png)",  # not hashed: keeps its name
        "url(fonts/body.woff2)",  # css/fonts/body.woff2: no such file
        "url(../fonts/missing.woff2)",
        "url(../FONTS/BODY.WOFF2)",
    ],
)
def test_other_links_are_left_alone(tmp_path: Path, ref: str) -> None:
    text = f"a{{background:{ref}}}\n".encode()
    files = statics(
        tmp_path, {"fonts/body.woff2": FONT, "img/bg.png": b"png", "css/site.css": text}
    )
    css = fingerprint_assets(files).by_source["css/site.css"]
    assert (css.data, css.path) == (None, named("css/site.css", text))


def test_a_stylesheet_that_is_not_utf8_is_copied_as_it_is(tmp_path: Path) -> None:
    raw = b"@font-face{src:url(fonts/body.woff2)}\n/* caf\xe9 */\n"
    files = statics(tmp_path, {"fonts/body.woff2": FONT, "style.css": raw})
    css = fingerprint_assets(files).by_source["style.css"]
    assert (css.data, css.path, css.digest) == (None, named("style.css", raw), digest(raw))


def test_an_uppercase_stylesheet_is_rewritten_too(tmp_path: Path) -> None:
    files = statics(tmp_path, {"body.woff2": FONT, "Theme.CSS": "a{src:url(body.woff2)}"})
    css = fingerprint_assets(files).by_source["Theme.CSS"]
    text = f"a{{src:url({named('body.woff2', FONT)})}}".encode()
    assert (css.data, css.path) == (text, named("Theme.CSS", text))


def test_a_stylesheets_name_follows_the_font_it_links(tmp_path: Path) -> None:
    files = statics(tmp_path, {"body.woff2": FONT, "style.css": "a{src:url(body.woff2)}"})
    before = fingerprint_assets(files)
    assert fingerprint_assets(files).names == before.names  # stable from run to run
    assert fingerprint_assets(files).digest == before.digest
    (tmp_path / "body.woff2").write_bytes(FONT + b"!")
    after = fingerprint_assets(files)
    assert (tmp_path / "style.css").read_bytes() == b"a{src:url(body.woff2)}"
    assert after.names["/body.woff2"] != before.names["/body.woff2"]
    assert after.names["/style.css"] != before.names["/style.css"]
    assert after.digest != before.digest


def test_an_import_of_an_earlier_stylesheet_is_rewritten(tmp_path: Path) -> None:
    files = statics(tmp_path, {"base.css": "body{}", "style.css": '@import "base.css";\n'})
    css = fingerprint_assets(files).by_source["style.css"]
    assert css.data == f'@import "{named("base.css", b"body{}")}";\n'.encode()


def test_an_import_written_with_url_is_rewritten(tmp_path: Path) -> None:
    files = statics(tmp_path, {"base.css": "body{}", "style.css": '@import url("base.css");\n'})
    css = fingerprint_assets(files).by_source["style.css"]
    assert css.data == f'@import url("{named("base.css", b"body{}")}");\n'.encode()


def test_an_import_of_a_later_stylesheet_is_rewritten(tmp_path: Path) -> None:
    files = statics(tmp_path, {"theme.css": "body{}", "style.css": '@import "theme.css";\n'})
    css = fingerprint_assets(files).by_source["style.css"]
    assert css.data == f'@import "{named("theme.css", b"body{}")}";\n'.encode()
