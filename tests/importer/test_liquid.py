"""Jekyll bodies: Liquid converted where brief can keep its meaning, listed where not."""

from __future__ import annotations

import pytest

from brief.importer.bodies import BodyContext, Converted, fence, fenced_ranges
from brief.importer.liquid import convert_liquid

LINKS = {
    "link:_posts/2020-01-01-a.md": "../a/",
    "post_url:2020-01-01-a": "../a/",
}


def convert(body: str, offset: int = 3) -> Converted:
    return convert_liquid(body, BodyContext("p.md", offset, LINKS.get))


def warnings(done: Converted) -> list[str]:
    return [p.format() for p in done.problems]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Intro\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\nAfter\n",
            "Intro\n```ruby\nputs 1\n```\nAfter\n",
        ),
        (
            "- item\n\n  {% highlight sh %}\n  ls\n  {% endhighlight %}\n",
            "- item\n\n  ```sh\n  ls\n  ```\n",
        ),
        (
            "See {% highlight js %}x(){% endhighlight %} here",
            "See \n```js\nx()\n```\n here",
        ),
        (
            "{% highlight liquid %}\n{% raw %}{{ x }}{% endraw %}\n{% endhighlight %}\n",
            "```liquid\n{{ x }}\n```\n",
        ),
        (
            "{% highlight md %}\nuse ``` fences\n{% endhighlight %}\n",
            "````md\nuse ``` fences\n````\n",
        ),
        ("`{% raw %}{{ page.title }}{% endraw %}`", "`{{ page.title }}`"),
        ("{%- raw -%}{% if %}{%- endraw -%}", "{% if %}"),
        (
            "a\n\n{% raw %}\n{% for p in site.posts %}\n  <li>{{ p.title }}</li>\n{% endfor %}\n"
            "{% endraw %}\n\nb\n",
            "a\n\n```liquid\n{% for p in site.posts %}\n  <li>{{ p.title }}</li>\n{% endfor %}\n"
            "```\n\nb\n",
        ),
        (
            "{% raw %}\n```liquid\n{{ x }}\n```\n{% endraw %}\n",
            "```liquid\n{{ x }}\n```\n",
        ),
        (
            "{% raw %}\n### Heading with {{ x }}\n\n- a {{ y }}\n{% endraw %}\n",
            "### Heading with {{ x }}\n\n- a {{ y }}\n",
        ),
        (
            "```\n{% raw %}\n{{ inside }}\n{% endraw %}\n```\n",
            "```\n{{ inside }}\n```\n",
        ),
        ("[a]({% link _posts/2020-01-01-a.md %})", "[a](../a/)"),
        ("[a]({% link\n  /_posts/2020-01-01-a.md %})", "[a](../a/)"),
        ("[a]({{ site.baseurl }}{% post_url 2020-01-01-a %})", "[a](../a/)"),
        ("[a]({{site.url}}{{ site.baseurl }}/about/)", "[a](/about/)"),
    ],
)
def test_conversions(body: str, text: str) -> None:
    done = convert(body)
    assert done.text == text
    assert done.problems == ()


def test_what_was_converted_is_counted() -> None:
    done = convert(
        "{% highlight a %}x{% endhighlight %}\n`{% raw %}x{% endraw %}`\n"
        "{% link _posts/2020-01-01-a.md %} {% post_url 2020-01-01-a %} {{ site.baseurl }}"
    )
    assert done.converted == {
        "{% highlight %} -> fenced code": 1,
        "{% raw %} unwrapped": 1,
        "{% link %} -> new URL": 1,
        "{% post_url %} -> new URL": 1,
        "{{ site.baseurl }} removed": 1,
    }


def test_what_cannot_be_converted_is_kept_and_listed_by_line() -> None:
    body = (
        "Text\n"
        "{% include note.html %}\n"
        "Made by {{ site.title }} and {{ page.author | upcase }}.\n"
        "{% comment %}\nnotes {{ hidden }}\n{% endcomment %}\n"
        "```\n{% if x %}code{% endif %}\n```\n"
        "[x]({% post_url 2019-01-01-gone %})\n"
    )
    done = convert(body, offset=4)
    assert done.text == body
    assert warnings(done) == [
        "p.md:14: warning: {% post_url 2019-01-01-gone %} names no post of this import; kept "
        "as written, so fix the link by hand",
        "p.md:6:1: warning: kept as written, brief does not run Liquid, so it shows as text: "
        "{% include note.html %}",
        "p.md:7:9: warning: kept as written, brief does not run Liquid, so it shows as text: "
        "{{ site.title }}, {{ page.author | upcase }}",
        "p.md:8:1: warning: kept as written, brief does not run Liquid, so it shows as text: "
        "{% comment %}",
        "p.md:12:1: warning: kept as written, brief does not run Liquid, so it shows as text: "
        "{% if x %}, {% endif %}",
    ]
    assert {p.code for p in done.problems} == {"liquid", "link"}


def test_an_unclosed_block_is_kept() -> None:
    done = convert("{% raw %}\n{{ x }}\n\n{% highlight a %}\ny\n")
    assert done.text == "{% raw %}\n{{ x }}\n\n{% highlight a %}\ny\n"
    assert [p.line for p in done.problems] == [4, 5, 7]


def test_a_long_construct_is_cut_in_the_message() -> None:
    done = convert("{% assign x = " + "a" * 80 + " %}")
    assert done.problems[0].message.endswith("{% assign x = " + "a" * 45 + "…")


def test_fences() -> None:
    assert fence("a", "py") == "```py\na\n```\n"
    assert fence("````\nb", "", "  ") == "  `````\n````\nb\n  `````\n"
    body = "a\n```\ncode\n```\nb\n~~~~\nmore\n~~~\n~~~~\n"
    assert [body[s:e] for s, e in fenced_ranges(body)] == [
        "```\ncode\n```",
        "~~~~\nmore\n~~~\n~~~~",
    ]
    assert fenced_ranges("```\nnever closed") == [(0, 16)]
