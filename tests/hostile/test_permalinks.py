"""Permalinks that would send links off the site, out of the output or into a broken path
are refused at their place in site.yaml; links are made from the pattern, so one bad
pattern would spoil every page."""

from __future__ import annotations

import pytest

from tests.helpers import BASIC_CONFIG, Site, article
from tests.hostile.battery import assert_refused, good_build

AT = "site.yaml:6:12: error: "
NOT_A_URL = (
    "permalink must be a path on this site such as /{{year}}/{{slug}}/, not a URL ('//' or "
    "'scheme:' leads to another host), got '{value}'"
)
ONLY = "; between the slashes use letters, digits, '-', '_', '.' and the placeholders"


@pytest.mark.parametrize(
    ("permalink", "message"),
    [
        pytest.param("'//{slug}/'", NOT_A_URL.format(value="//{slug}/"), id="protocol-relative"),
        pytest.param(
            "'//evil.example/{slug}/'",
            NOT_A_URL.format(value="//evil.example/{slug}/"),
            id="protocol-relative-host",
        ),
        pytest.param(
            "'https://evil.example/{slug}/'",
            NOT_A_URL.format(value="https://evil.example/{slug}/"),
            id="absolute",
        ),
        pytest.param(
            "'javascript:alert(1)/{slug}/'",
            NOT_A_URL.format(value="javascript:alert(1)/{slug}/"),
            id="scheme",
        ),
        pytest.param(
            "/{year}//{slug}/",
            "permalink must not have an empty segment ('//'), got '/{year}//{slug}/'",
            id="empty-segment",
        ),
        pytest.param(
            "'/{slug}//'",
            "permalink must not have an empty segment ('//'), got '/{slug}//'",
            id="empty-last-segment",
        ),
        pytest.param(
            "'/\\evil.example/{slug}/'", "permalink must not contain '\\'" + ONLY, id="backslash"
        ),
        pytest.param(
            "'/javascript:alert(1);{slug}/'",
            # a relative link from the home page would start `javascript:`
            "permalink must not contain ':'" + ONLY,
            id="colon-in-first-segment",
        ),
        pytest.param("'/{slug}/?x/'", "permalink must not contain '?'" + ONLY, id="query"),
        pytest.param("'/%2e%2e/{slug}/'", "permalink must not contain '%'" + ONLY, id="percent"),
        pytest.param("/my news/{slug}/", "permalink must not contain spaces" + ONLY, id="space"),
        pytest.param(
            '"/news\\t/{slug}/"',
            "permalink must not contain U+0009 (a control character)" + ONLY,
            id="tab",
        ),
        pytest.param(
            '"/news\\u202E/{slug}/"',
            "permalink must not contain U+202E (right-to-left override)" + ONLY,
            id="rtl-override",
        ),
        pytest.param(
            "/.hidden/{slug}/",
            "permalink segments must not start with '.' (hidden folders), got '/.hidden/{slug}/'",
            id="hidden-folder",
        ),
        pytest.param(
            "'/{slug}}/'",
            "permalink has a '{' or '}' that opens or closes no placeholder, got '/{slug}}/'",
            id="stray-brace",
        ),
        pytest.param(
            "'/{{slug}}/'",
            "permalink has a '{' or '}' that opens or closes no placeholder, got '/{{slug}}/'",
            id="doubled-braces",
        ),
        pytest.param(
            "'/{slug}-{slug}-{slug}/'",
            "permalink segment '{slug}-{slug}-{slug}' can be 302 bytes once filled in, and a "
            "folder name may have at most 255; use {slug} at most twice in one segment and "
            "keep its text short",
            id="three-slugs-in-a-segment",
        ),
        pytest.param(
            f"'/{'н' * 100}-{{slug}}/'",
            f"permalink segment '{'н' * 100}-{{slug}}' can be 301 bytes once filled in, and a "
            "folder name may have at most 255; use {slug} at most twice in one segment and "
            "keep its text short",
            id="long-literal-beside-a-slug",
        ),
    ],
)
def test_a_hostile_permalink_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], permalink: str, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", f"{BASIC_CONFIG}permalink: {permalink}\n")
    assert_refused(site, site.build(capsys=capsys), before, AT + message)


def test_a_permalink_in_another_script_is_fine(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("site.yaml", f"{BASIC_CONFIG}permalink: /новини/{{year}}-{{month}}/{{slug}}.v1/\n")
    site.write("content/a.md", article("Hello"))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert (site.public / "новини/2022-02/hello.v1/index.html").is_file()
    assert 'href="%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8/2022-02/hello.v1/"' in site.page(
        "index.html"
    )


def test_two_slugs_of_the_longest_kind_in_one_segment_build(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """The limit is not stricter than it must be: 100 + 1 + 100 + 9 bytes fit in one name."""
    site.write(
        "site.yaml", f"{BASIC_CONFIG}permalink: '/{{slug}}-{{slug}}-{{year}}{{month}}{{day}}/'\n"
    )
    site.write("content/a.md", article("x" * 100))  # a slug of the full 100 bytes
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    (folder,) = [p for p in site.public.iterdir() if p.name.endswith("-20220228")]
    assert len(folder.name.encode()) == 210
    assert (folder / "index.html").is_file()
