"""URLs in site.yaml are written into every page (the publisher's link in the footer) and
feed, so all of them are held to one rule: an absolute http(s) URL with a host, and nothing
a browser could read as another scheme, another attribute or another host."""

from __future__ import annotations

import pytest

from tests.helpers import BASIC_CONFIG, Site, article
from tests.hostile.battery import assert_refused, good_build

ABSOLUTE = "'{key}' must be an absolute http(s) URL such as https://example.org/, got '{value}'"


def absolute(value: str, key: str = "publisher.url") -> str:
    return ABSOLUTE.format(key=key, value=value)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("javascript:alert(1)", absolute("javascript:alert(1)"), id="javascript"),
        pytest.param("JaVaScRiPt:alert(1)", absolute("JaVaScRiPt:alert(1)"), id="mixed-case"),
        pytest.param(
            "'  javascript:alert(1)'", absolute("javascript:alert(1)"), id="leading-spaces"
        ),
        pytest.param(
            '"\\t\\njavascript:alert(1)"', absolute("javascript:alert(1)"), id="leading-tab-newline"
        ),
        pytest.param(
            '"\\0javascript:alert(1)"',
            # refused as it is read, before any rule about URLs
            "this value contains U+0000 (a control character), which no page can show; "
            "remove the escape that makes it",
            id="leading-nul",
        ),
        pytest.param(
            '"java\\tscript:alert(1)"',
            "'publisher.url' must not contain U+0009 (a control character); write it "
            "percent-encoded (%09)",
            id="tab-inside-scheme",
        ),
        pytest.param(
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            absolute("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
            id="data",
        ),
        pytest.param("vbscript:msgbox(1)", absolute("vbscript:msgbox(1)"), id="vbscript"),
        pytest.param(
            "'javascript&#58;alert(1)'", absolute("javascript&#58;alert(1)"), id="entity-colon"
        ),
        pytest.param(
            "'&#106;avascript:alert(1)'", absolute("&#106;avascript:alert(1)"), id="entity-letter"
        ),
        pytest.param(
            "'&#x6A;&#x61;vascript&#x3A;alert(1)'",
            absolute("&#x6A;&#x61;vascript&#x3A;alert(1)"),
            id="hex-entities",
        ),
        pytest.param("//evil.example/", absolute("//evil.example/"), id="protocol-relative"),
        pytest.param("/about/", absolute("/about/"), id="relative-path"),
        pytest.param("press.example.org", absolute("press.example.org"), id="no-scheme"),
        pytest.param("ftp://press.example.org/", absolute("ftp://press.example.org/"), id="ftp"),
        pytest.param("'https://'", absolute("https://"), id="no-host"),
        pytest.param("'https://[evil/'", absolute("https://[evil/"), id="stray-bracket"),
        pytest.param(
            "'https://press.example.org:abc/'",
            absolute("https://press.example.org:abc/"),
            id="port-not-a-number",
        ),
        pytest.param(
            "'https:\\\\evil.example/'",
            "'publisher.url' must not contain '\\'; write it percent-encoded (%5C)",
            id="backslashes",
        ),
        pytest.param(
            "'https://press.example.org/\" onmouseover=\"alert(1)'",
            "'publisher.url' must not contain '\"'; write it percent-encoded (%22)",
            id="attribute-breakout",
        ),
        pytest.param(
            "'https://press.example.org/><script>alert(1)</script>'",
            "'publisher.url' must not contain '>'; write it percent-encoded (%3E)",
            id="tag-breakout",
        ),
        pytest.param(
            "'https://press.example.org/a b'",
            "'publisher.url' must not contain spaces; write it percent-encoded (%20)",
            id="space",
        ),
        pytest.param(
            "https://press.example.org@evil.example/",
            "'publisher.url' must not carry a user name or password (the part before '@'), got "
            "'https://press.example.org@evil.example/'",
            id="userinfo",
        ),
        pytest.param(
            "'https://evil.example&#47;'",
            "'publisher.url' has no valid host name, got 'https://evil.example&#47;'",
            id="entity-in-host",
        ),
        pytest.param(
            '"https://press.example.org/\\u202Egpj.exe"',
            "'publisher.url' must not contain U+202E (right-to-left override); write it "
            "percent-encoded",
            id="rtl-override",
        ),
    ],
)
def test_a_hostile_publisher_url_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", f"{BASIC_CONFIG}publisher:\n  name: Press\n  url: {url}\n")
    assert_refused(site, site.build(capsys=capsys), before, f"site.yaml:8:8: error: {message}")


@pytest.mark.parametrize(
    "url", ["JaVaScRiPt:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)", "'/about/'"]
)
def test_the_author_url_follows_the_same_rule(
    site: Site, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    before = good_build(site, capsys)
    site.write("site.yaml", f"{BASIC_CONFIG}author:\n  name: Jane\n  url: {url}\n")
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"site.yaml:8:8: error: {absolute(url.strip(chr(39)), 'author.url')}",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("JaVaScRiPt:alert(1)", absolute("JaVaScRiPt:alert(1)", "base_url"), id="scheme"),
        pytest.param("'https://[ex.org/'", absolute("https://[ex.org/", "base_url"), id="stray-bracket"),
        pytest.param(
            "'https://news.example.org/\"><x'",
            "'base_url' must not contain '\"'; write it percent-encoded (%22)",
            id="quote",
        ),
    ],
)  # fmt: skip
def test_base_url_follows_the_same_rule(
    site: Site, capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    before = good_build(site, capsys)
    config = BASIC_CONFIG.replace("base_url: https://news.example.org/", f"base_url: {url}")
    site.write("site.yaml", config)
    assert_refused(site, site.build(capsys=capsys), before, f"site.yaml:2:11: error: {message}")


def test_a_bad_base_url_override_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article())
    result = site.build("--base-url", "https://[staging/", capsys=capsys)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "brief: error: --base-url: 'base_url' must be an absolute http(s) URL such as "
        "https://example.org/, got 'https://[staging/'\n"
    )
    assert not site.public.exists()


@pytest.mark.parametrize(
    "url",
    ["https://press.example.org/about", "HTTP://Press.Example.org", "https://прес.укр/про-нас", "https://[2001:db8::1]:8443/"],
)  # fmt: skip
def test_a_good_publisher_url_is_linked(
    site: Site, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    site.write("site.yaml", f"{BASIC_CONFIG}publisher:\n  name: Press\n  url: '{url}'\n")
    site.write("content/a.md", article())
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert f'Published by <a href="{url}">Press</a>.' in site.page("index.html")
