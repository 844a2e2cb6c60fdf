"""Hugo bodies: shortcodes converted where brief can keep their meaning, listed where not."""

from __future__ import annotations

import pytest

from brief.importer.bodies import BodyContext, Converted
from brief.importer.shortcodes import (
    Call,
    convert_shortcodes,
    parse_call,
    ref_candidates,
    ref_key,
)

LINKS = {"ref:posts/a": "../a/", "refname:a": "../a/", "ref:posts/sub/b": "../b/"}


def convert(body: str, page_dir: str = "posts") -> Converted:
    return convert_shortcodes(body, BodyContext("p.md", 5, LINKS.get), page_dir)


def test_parameters() -> None:
    assert parse_call("figure", ' src="a b.jpg" Caption=`raw "x"` link=/x  "pos 1" two') == Call(
        "figure", ("pos 1", "two"), {"src": "a b.jpg", "caption": 'raw "x"', "link": "/x"}
    )
    assert parse_call("x", r' title="say \"hi\""').named == {"title": 'say "hi"'}


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("posts/a.md", "posts/a"),
        ("/Posts/A/index.md", "posts/a"),
        ("posts/a/", "posts/a"),
        ("posts/a/_index.md", "posts/a/_index"),
        ("index.md", ""),
        ("notes.markdown", "notes"),
    ],
)
def test_ref_keys(path: str, key: str) -> None:
    assert ref_key(path) == key


def test_ref_candidates_follow_hugo() -> None:
    assert ref_candidates("sub/b.md", "posts") == ["ref:posts/sub/b", "ref:sub/b", "refname:b"]
    assert ref_candidates("/posts/a", "news") == ["ref:posts/a", "refname:a"]
    assert ref_candidates("../posts/a.md", "news") == ["ref:posts/a", "ref:../posts/a", "refname:a"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('[a]({{< ref "a" >}})', "[a](../a/)"),
        ('[a]({{< relref "/posts/a.md#part" >}})', "[a](../a/#part)"),
        ('[a]({{% ref path="sub/b.md" lang="en" %}})', "[a](../b/)"),
        ('[a]({{< ref "#here" >}})', "[a](#here)"),
        (
            '{{< figure src="https://x.org/a.jpg" alt="Alt" caption="Cap *it*" title="T" '
            'attr="Jane" attrlink="https://x.org/jane" link="https://x.org/big.jpg" >}}',
            '[![Alt](https://x.org/a.jpg "Cap it")](https://x.org/big.jpg)\\\n'
            "**T** Cap *it* Credit: [Jane](https://x.org/jane)",
        ),
        (
            '{{< figure src="https://x.org/a.jpg" caption="A [link](https://l.org) here" >}}',
            '![A link here](https://x.org/a.jpg "A link here")\\\nA [link](https://l.org) here',
        ),
        (
            '{{< figure src="https://x.org/a (1).jpg" attr="Agency" >}}',
            "![](<https://x.org/a (1).jpg>)\\\nCredit: Agency",
        ),
        (
            '{{< figure src="https://x.org/a.jpg" attrlink="https://x.org" >}}',
            "![](https://x.org/a.jpg)\\\nCredit: <https://x.org>",
        ),
        ('{{< figure src="https://x.org/a.jpg" alt="[x]" />}}', "![\\[x\\]](https://x.org/a.jpg)"),
        (
            "{{< youtube w7Ft2ymGmfc >}}",
            "[Watch the video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)",
        ),
        (
            '{{< youtube id="w7Ft2ymGmfc" title="The [talk]" autoplay="true" >}}',
            "[The \\[talk\\]](https://www.youtube.com/watch?v=w7Ft2ymGmfc)",
        ),
        (
            '{{< highlight go "linenos=table" >}}\nfmt.Println(1)\n{{< / highlight >}}\nnext',
            "```go\nfmt.Println(1)\n```\nnext",
        ),
        ('{{</* ref "x" */>}} and {{%/* notice */%}}', '{{< ref "x" >}} and {{% notice %}}'),
    ],
)
def test_conversions(body: str, text: str) -> None:
    done = convert(body)
    assert done.text == text
    assert done.problems == ()


def test_what_was_converted_is_counted() -> None:
    done = convert(
        '{{< ref "a" >}} {{< relref "a" >}} {{< youtube w7Ft2ymGmfc >}} {{</* x */>}} '
        '{{< figure src="https://x.org/a.jpg" >}}'
    )
    assert done.converted == {
        "{{< ref >}} -> new URL": 1,
        "{{< relref >}} -> new URL": 1,
        "{{< youtube >}} -> link": 1,
        "{{</* */>}} -> shortcode as text": 1,
        "{{< figure >}} -> image and caption": 1,
    }


def test_what_cannot_be_converted_is_kept_and_listed_by_line() -> None:
    body = (
        "Intro\n"
        "* Fix {{<gh 1234 >}} and {{< gh 99 >}}\n"
        '{{< code file="x.toml" >}}\na = 1\n{{< /code >}}\n'
        "{{< youtube not-an-id! >}}\n"
        '[x]({{< ref "missing.md" >}})\n'
        '{{< figure src="photo.jpg" >}}\n'
    )
    done = convert(body)
    assert done.text.startswith(body[: body.index("{{< figure")])
    assert [p.format() for p in done.problems] == [
        'p.md:12: warning: {{< ref "missing.md" >}} names no post of this import; kept as '
        "written, so fix the link by hand",
        "p.md:7:7: warning: kept as written, brief has no shortcodes, so it shows as text: "
        "{{<gh 1234 >}}, {{< gh 99 >}}",
        'p.md:8:1: warning: kept as written, brief has no shortcodes, so it shows as text: {{< code file="x.toml" >}}',
        "p.md:10:1: warning: kept as written, brief has no shortcodes, so it shows as text: "
        "{{< /code >}}",
        "p.md:11:1: warning: kept as written, brief has no shortcodes, so it shows as text: "
        "{{< youtube not-an-id! >}}",
    ]
    assert [p.code for p in done.problems] == ["link", *["shortcode"] * 4]
    assert done.text.endswith("![](photo.jpg)\n")  # a file the import copies (see media)


def test_a_figure_without_an_image_is_kept() -> None:
    done = convert('{{< figure caption="Nothing to show" >}}')
    assert done.text == '{{< figure caption="Nothing to show" >}}'
    assert [p.code for p in done.problems] == ["shortcode"]
