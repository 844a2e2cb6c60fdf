"""Story cards: partials/story.html is rendered once per story and reused on every list,
with its links made relative to each page; the bytes must be those of rendering it there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brief.build import BuildOptions, build
from brief.config import load_config
from brief.render.templates import MARK, Card
from brief.render.urls import relative
from tests.helpers import BASIC_CONFIG, Site, article, tree

segment = st.sampled_from(["a", "tags", "2022", "page", "2", "x y", "é", "a&b", "q'r"])
site_path = st.lists(segment, max_size=4).map(lambda p: "/" + "".join(s + "/" for s in p))


@given(
    page=site_path,
    targets=st.lists(site_path, min_size=1, max_size=4),
    text=st.text() | st.just(MARK + "0" + MARK),
)
def test_a_card_on_a_page_is_the_bytes_of_rendering_it_there(
    page: str, targets: list[str], text: str
) -> None:
    def link(target: str) -> str:
        return relative(target, page)

    def card(url: Callable[[str], str]) -> str:
        """What a template writes: autoescaped attributes and text, a srcset of two."""
        esc = markupsafe.escape
        links = "".join(f'<a href="{esc(url(t))}">{esc(text)}</a>' for t in targets)
        srcset = f"{esc(url(targets[0]))} 480w, {esc(url(targets[-1]))} 800w"
        return f'<li><img src="{esc(url(targets[0]))}" srcset="{srcset}" alt="">{links}</li>'

    made = Card.made(card)
    assert made is not None and made.on(link) == card(link)


def test_a_card_whose_links_were_changed_is_not_kept() -> None:
    assert Card.made(lambda url: url("/a/")[1:]) is None
    assert Card.made(lambda url: url("/a/")[:-3]) is None
    made = Card.made(lambda url: f"{MARK}0{MARK} {url('/b/')} " + url("/a/"))  # a forged mark
    assert made is not None
    assert made.on(lambda t: t.upper()) == f"{MARK}0{MARK} /B/ /A/"


STORY = """\
{% set photo = none %}
<li class="story mine">{% if kicker %}<b>{{ item.section.name }}</b>{% endif %}<a href="{{ url(item.url) }}">{{ item.title }}</a>{% for t in item.tags %} <a href="{{ url(t.url) }}">{{ t.name }}</a>{% endfor %}</li>"""


def test_a_sites_own_story_card_is_on_every_list_and_an_edit_re_renders_just_the_lists(
    site: Site, tmp_path: Path
) -> None:
    site.write("site.yaml", BASIC_CONFIG)
    for n in range(3):
        site.write(
            f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-2{n}", tags="[Ukraine]")
        )
    site.write("layouts/partials/story.html", STORY)
    config = load_config(site.root)
    build(config)
    front = site.page("index.html")
    topic = site.page("tags/ukraine/index.html")
    assert 'class="story mine"><a href="2022/02/22/story-2/">Story 2</a>' in front
    assert 'class="story mine"><a href="../../2022/02/22/story-2/">Story 2</a>' in topic
    assert ' <a href="./">Ukraine</a>' in topic  # the topic page's own link, from a card

    site.write("layouts/partials/story.html", STORY.replace("story mine", "story theirs"))
    report = build(config)
    listings = [p for p in report.written if p.endswith(".html")]
    html = {rel: b.decode() for rel, b in tree(site.public).items() if rel.endswith(".html")}
    assert sorted(listings) == sorted(rel for rel, text in html.items() if "story theirs" in text)
    assert {"index.html", "tags/ukraine/index.html", "tags/ukraine/page/2/index.html"} <= set(
        listings
    )
    assert not any("story mine" in text for text in html.values())
    assert not any(rel.startswith("2022/02/2") and "/story-" in rel for rel in listings)
    assert tree(site.public) == _clean(site, tmp_path / "clean")


def _clean(site: Site, out: Path) -> dict[str, bytes]:
    build(load_config(site.root), BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


def test_story_cards_follow_an_edit_of_the_story_in_one_process(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same process (a preview) builds again after a headline edit: no card is stale."""
    site.write("site.yaml", BASIC_CONFIG)
    site.write("content/a.md", article("First headline", tags="[Ukraine]"))
    assert site.build(capsys=capsys).code == 0
    site.write("content/a.md", article("Second headline", tags="[Ukraine]"))
    assert site.build(capsys=capsys).code == 0
    for rel in ("index.html", "tags/ukraine/index.html"):
        page = site.page(rel)
        assert "Second headline" in page and "First headline" not in page
    topic = site.page("tags/ukraine/index.html")
    assert 'href="../../2022/02/28/second-headline/"' in topic
