"""The battery's table of hostile article files: front-matter, encodings, images and credits,
and Markdown bodies. Each is built by the real command after a good build, and must give
exactly one located error with the previous output left as it was, or build with every
hostile string escaped in every output and no unsafe URL scheme written anywhere. The
conftest checks around each build that nothing outside the output was written."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree, html

from tests.helpers import BASIC_CONFIG, Site, tree
from tests.hostile.battery import assert_refused, good_build, nothing_written_outside
from tests.pagefind_files import readable

FM = "---\ntitle: Hi\ndate: 2022-02-28\n"
# Depth counts the front-matter mapping itself: the 64th bracket of a value is level 65.
IMAGE = "image: {src: 'https://e.org/a.jpg', alt: A photo, credit: X, license: CC0"

REFUSED = [
    ("no-closing-fence", FM + "x\n", "1:1: error: front-matter opened on line 1 is never "
     "closed; add a line '---' after it"),
    ("duplicate-key", FM + "title: Again\n---\nx\n", "4:1: error: key 'title' is given twice "
     "(first on line 2); remove one of them"),
    ("tab-indent", FM + "image:\n\tsrc: a.png\n---\nx\n", "5:1: error: malformed YAML: found "
     "character that cannot start any token; indent with spaces, not tabs"),
    ("date-words", "---\ntitle: Hi\ndate: yesterday\n---\nx\n", "3:7: error: 'date' must be a "
     "date such as 2022-02-28 or 2022-02-28 14:30, got 'yesterday'"),
    ("date-impossible", "---\ntitle: Hi\ndate: 2022-02-30\n---\nx\n", "3:7: error: "
     "'2022-02-30' is not a real date (day is out of range for month); write it as "
     "YYYY-MM-DD or YYYY-MM-DD HH:MM"),
    ("tags-mapping", FM + "tags: {a: b}\n---\nx\n", "4:7: error: 'tags' must be a list, e.g. "
     "tags: [Russia, Ukraine], got a mapping"),
    ("tags-nested", FM + "tags: [[a]]\n---\nx\n", "4:8: error: each tag must be text, got a "
     "list"),
    ("draft-word", FM + "draft: perhaps\n---\nx\n", "4:8: error: 'draft' must be true or "
     "false, got 'perhaps'"),
    ("slug-traversal", FM + "slug: ../../etc\n---\nx\n", "4:7: error: slug '../../etc' must "
     "be one URL segment (no '/', '\\', '..', spaces or '?#%'); try slug: etc"),
    ("slug-dot", FM + "slug: .\n---\nx\n", "4:7: error: slug '.' must be one URL segment (no "
     "'/', '\\', '..', spaces or '?#%'); try slug: my-article"),
    ("python-tag", "---\ntitle: !!python/object/apply:os.system [echo pwned]\ndate: "
     "2022-02-28\n---\nx\n", "2:8: error: unsupported YAML: could not determine a constructor "
     "for the tag 'tag:yaml.org,2002:python/object/apply:os.system'; only plain YAML values "
     "are allowed (no !tags)"),
    ("alias-bomb", "---\ntitle: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, "
     "*a]\nc: [*b, *b, *b, *b, *b, *b]\ndate: 2022-02-28\n---\nx\n", "3:8: error: YAML "
     "aliases (*name) are not allowed; write the value out in full"),
    ("deep-flow", FM + "x: " + "[" * 30_000 + "\n---\nx\n", "4:67: error: lists or mappings "
     "nested more than 64 deep; flatten it"),
    ("deep-flow-mappings", FM + "x: " + "{a: " * 70 + "1" + "}" * 70 + "\n---\nx\n",
     "4:256: error: lists or mappings nested more than 64 deep; flatten it"),
    ("deep-block", FM + "x:\n" + "".join(" " * i + "- \n" for i in range(70)) + "---\nx\n",
     "68:64: error: lists or mappings nested more than 64 deep; flatten it"),
    ("huge-front-matter", FM + "x: " + "9" * 100_000 + "\n---\nx\n", "1:1: error: "
     "front-matter is larger than 64 KiB"),
    ("nul-escape", "---\ntitle: \"a\\0b\"\ndate: 2022-02-28\n---\nx\n", "2:8: error: this "
     "value contains U+0000 (a control character), which no page can show; remove the "
     "escape that makes it"),
    ("escape-in-a-tag", FM + 'tags: ["a\\bb"]\n---\nx\n', "4:8: error: this value contains "
     "U+0008 (a control character), which no page can show; remove the escape that makes it"),
    ("latin-1", "---\ntitle: caf\xe9\ndate: 2022-02-28\n---\nx\n".encode("latin-1"),
     "2:11: error: not valid UTF-8 (byte 14, value 0xe9); save the file as UTF-8"),
    ("utf-16", (FM + "---\nx\n").encode("utf-16"), "1:1: error: not valid UTF-8 (byte 0, "
     "value 0xff); save the file as UTF-8"),
    ("binary", bytes(range(256)) * 4, "2:118: error: not valid UTF-8 (byte 128, value 0x80); "
     "save the file as UTF-8"),
    ("empty-file", "", "1:1: error: no front-matter: start the file with a line '---', then "
     "'title:' and 'date:', then a closing '---'"),
    ("only-fences", "---\n---\n", "2:1: error: front-matter is empty; it needs at least "
     "title: and date:"),
    ("image-outside-content", FM + "image: {src: ../../../etc/passwd, alt: x, credit: X, "
     "license: CC0}\n---\nx\n", "4:14: error: image '../../../etc/passwd' lies outside "
     "content/; put the file next to the article or under content/"),
    ("image-javascript", FM + "image: {src: 'javascript:alert(1)', alt: x, credit: X, "
     "license: CC0}\n---\nx\n", "4:14: error: image src 'javascript:alert(1)' must be a file "
     "path or an http(s) URL"),
    ("image-data-url", FM + "image: {src: 'data:text/html,<script>alert(1)</script>', alt: "
     "x, credit: X, license: CC0}\n---\nx\n", "4:14: error: image src "
     "'data:text/html,<script>alert(1)</script>' must be a file path or an http(s) URL"),
    ("source-url-javascript", FM + IMAGE + ", source: S, source_url: 'javascript:alert(1)'}"
     "\n---\nx\n", "4:99: error: 'source_url' must be an http(s) URL, got "
     "'javascript:alert(1)'"),
    ("licence-unknown", FM + "image: {src: 'https://e.org/a.jpg', alt: x, credit: X, "
     "license: CC BY 9.0}\n---\nx\n", "4:65: error: unknown licence 'CC BY 9.0'; did you mean "
     "'CC BY 4.0'? For terms of your own write license: permission (or all-rights-reserved) "
     "and the wording in notice:"),
    ("credits-not-a-list", FM + "credits: yes\n---\nx\n", "4:10: error: 'credits' must be a "
     "list of credits (each with credit:, source:, license: ...), got the boolean true"),
    ("credit-unknown-key", FM + "credits: [{title: T, credit: C, license: CC0, url: "
     "'vbscript:x'}]\n---\nx\n", "4:47: error: unknown key 'url' in 'credits[1]'; known keys: "
     "title, credit, source, source_url, license, notice"),
    ("image-without-alt", FM + "image: {src: 'https://e.org/a.jpg', credit: X, license: "
     "CC0}\n---\nx\n", "4:1: error: image needs alt: text describing it for readers who "
     "cannot see it (alt: \"\" if it is purely decorative)"),
    ("body-image-traversal", FM + "---\n![x](../../etc/passwd)\n", "5:6: error: image "
     "'../../etc/passwd' lies outside content/; put the file next to the article or under content/"),
    ("body-image-root-traversal", FM + "---\n![x](/../secret.png)\n", "5:6: error: image "
     "'/../secret.png' lies outside content/; put the file next to the article or under content/"),
    ("body-image-escaped-traversal", FM + "---\n![x](%2e%2e/%2E%2E/etc/passwd)\n", "5:6: error: "
     "image '../../etc/passwd' lies outside content/; put the file next to the article or under "
     "content/"),
    ("body-image-nul", FM + "---\n![x](a%00.png)\n", "5:6: error: image file 'a%00.png' not found "
     "(looked for content/a%00.png)"),
    ("body-image-no-alt", FM + "---\n![](https://e.org/a.png)\n", "5:1: error: image "
     "https://e.org/a.png has no alt text; describe it for readers who cannot see it: ![What it "
     "shows](https://e.org/a.png) (an image that is only decoration belongs in the theme's "
     "stylesheet, not in the article)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_hostile_article_is_one_located_error(
    site: Site, capsys: pytest.CaptureFixture[str], text: str | bytes, message: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/a.md", text)
    assert_refused(site, site.build(capsys=capsys), before, "content/a.md:" + message)


MARK = "<script>alert(1)</script>"
QUOTES = "\"'><img src=x onerror=alert(1)>"
ESCAPED = [
    ("title", f"---\ntitle: '{MARK}'\ndate: 2022-02-28\n---\nx\n"),
    ("summary", f'{FM}summary: "{QUOTES.replace(chr(34), chr(92) + chr(34))}"\n---\nx\n'),
    ("tag", f"{FM}tags: ['{MARK}', 'a&b']\n---\nx\n"),
    ("author", f"{FM}author: '{MARK}'\n---\nx\n"),
    ("credit", f"{FM}{IMAGE.replace('credit: X', f'credit: {chr(39)}{MARK}{chr(39)}')}}}\n---\nx\n"),
    ("caption-and-alt", f"{FM}{IMAGE.replace('alt: A photo', f'alt: {chr(39)}{QUOTES.replace(chr(39), chr(39) * 2)}{chr(39)}, caption: {chr(39)}{MARK}{chr(39)}')}}}\n---\nx\n"),
    ("notice", f"{FM}image: {{src: 'https://e.org/a.jpg', alt: x, credit: X, license: "
     f"permission, notice: '{MARK}'}}\n---\nx\n"),
    ("extra-field", f"{FM}kicker: '{MARK}'\n---\nx\n"),
    ("raw-html-body", f"{FM}---\n{MARK}\n\n<a href=\"javascript:alert(1)\">x</a>\n"),
    ("markdown-links", f"{FM}---\n[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) "
     "[c](JAVASCRIPT:x) [d](vbscript:x) [e](data:text/html,x) ![f](javascript:x)\n"),
    ("autolink", f"{FM}---\n<javascript:alert(1)>\n"),
    ("reference-link", f"{FM}---\n[a][r]\n\n[r]: javascript:alert(1)\n"),
    ("heading", f"{FM}---\n## {MARK} \"q\"\n"),
    ("code", f"{FM}---\n`{MARK}`\n\n```{MARK}\n{MARK}\n```\n"),
    ("bidi-override", "---\ntitle: \"a\u202eb\"\ndate: 2022-02-28\n---\nx\u202ey\n"),
    ("entities", f"{FM}---\n&lt;script&gt; &amp;lt; &#0; &#x110000; &#xD800;\n"),
    ("body-image-alt-and-caption", f"{FM}figures: {{'https://e.org/a.png': {{credit: '{MARK}', "
     f"license: CC0}}}}\n---\n![{MARK} {QUOTES}](https://e.org/a.png \"{MARK}\")\n\n"
     f"Inline ![{QUOTES}](https://e.org/b.png \"{QUOTES.replace(chr(34), chr(92) + chr(34))}\")\n"),
]  # fmt: skip

UNSAFE_SCHEME = re.compile(rb"""(?:href|src|content|url)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.I)  # fmt: skip


@pytest.mark.parametrize("text", [c[1] for c in ESCAPED], ids=[c[0] for c in ESCAPED])
def test_hostile_text_is_escaped_in_every_output(
    site: Site, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    site.write("content/a.md", text)
    result = site.build(capsys=capsys)
    assert result.code == 0, result
    assert "Traceback" not in result.err
    for path, data in tree(site.public).items():
        shown = readable(path, data)
        if shown is None or shown is not data:
            # the search index: a fragment holds the article's text as text, which
            # Pagefind's script escapes before showing it (tests/test_search_browser.py
            # shows it escaped); it is JSON, without control characters
            if shown is not None:
                json.loads(shown)
                assert not re.search(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", shown), path
            continue
        assert b"<script>alert" not in data, path
        assert b"<img src=x" not in data, path
        if path.endswith(".html"):  # the text may say onerror=, no element may have it
            doc = html.fromstring(data)
            handlers = [
                a
                for el in doc.iter()
                if isinstance(el.tag, str)
                for a in el.attrib
                if a.startswith("on")
            ]
            assert handlers == [], (path, handlers)
        assert not UNSAFE_SCHEME.search(data), path
        assert not re.search(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", data), path
        if path.endswith(".xml"):
            etree.fromstring(data)  # well-formed, or it raises
        if path.endswith(".json"):
            json.loads(data)


def test_site_yaml_nested_past_the_limit_is_an_error_not_a_crash(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """libyaml's composer recurses in C: 30,000 brackets crashed the process."""
    before = good_build(site, capsys)
    site.write("site.yaml", BASIC_CONFIG + "menu: " + "[" * 30_000 + "\n")
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        "site.yaml:6:70: error: lists or mappings nested more than 64 deep; flatten it",
    )


def test_the_check_around_builds_notices_a_write_beside_the_site(site: Site) -> None:
    """The battery's own guard, shown to fail: a file made beside the site, one changed in it,
    and one removed are all reported; a file in the output is not."""
    site.write("content/a.md", "x")
    for act in (
        lambda: (site.root.parent / "leak.txt").write_text("x"),
        lambda: site.write("content/a.md", "y"),
        lambda: (site.root / "site.yaml").unlink(),
    ):
        with (
            pytest.raises(AssertionError, match="a build touched files outside its output"),
            nothing_written_outside(site),
        ):
            act()
    with nothing_written_outside(site):
        site.write("public/index.html", "fine")
        site.write(".brief/cache", "fine")
