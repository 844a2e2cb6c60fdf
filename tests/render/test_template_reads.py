"""What a template reads of a story, found in its source: a list's fingerprint covers those
fields of the stories it shows, and nothing else of them."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from brief.render import templates
from brief.render.templates import template_keys
from brief.render.theme import LayoutFile


def _reads(tmp_path: Path, files: dict[str, str]) -> dict[str, frozenset[str] | None]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return template_keys([LayoutFile(tmp_path, rel) for rel in files]).reads


def test_attributes_subscripts_and_filter_arguments_are_read(tmp_path: Path) -> None:
    reads = _reads(
        tmp_path,
        {
            "list.html": (
                "{% for item in articles %}{{ item.title }}{{ item['words'] }}{% endfor %}"
                "{{ articles | map(attribute='minutes') | list }}{{ x | attr('draft') }}"
                "{{ page.not_a_field }}"
            ),
        },
    )
    assert reads["list.html"] == frozenset({"title", "words", "minutes", "draft"})


def test_what_a_template_includes_extends_or_imports_is_read_too(tmp_path: Path) -> None:
    reads = _reads(
        tmp_path,
        {
            "base.html": "{{ page_title.url }}{% block main %}{% endblock %}",
            "list.html": (
                '{% extends "base.html" %}{% from "m.html" import show %}'
                '{% block main %}{% include "card.html" %}{{ show(x) }}{% endblock %}'
            ),
            "card.html": "{{ item.summary }}",
            "m.html": "{% macro show(a) %}{{ a.body }}{% endmacro %}",
            "other.html": "{{ item.html }}",
        },
    )
    assert reads["list.html"] == frozenset({"url", "summary", "body"})
    assert reads["other.html"] == frozenset({"html"})


def test_a_list_using_story_cards_reads_what_the_card_reads(tmp_path: Path) -> None:
    reads = _reads(
        tmp_path,
        {
            "list.html": "{% for item in articles %}{{ story_card(item) }}{% endfor %}",
            "partials/story.html": "{{ item.image }}{{ item.tags }}",
        },
    )
    assert reads["list.html"] == frozenset({"image", "tags"})


def test_unknown_when_a_template_cannot_be_followed(tmp_path: Path) -> None:
    reads = _reads(
        tmp_path,
        {
            "computed.html": "{% include name ~ '.html' %}{{ item.title }}",
            "broken.html": "{{ item.title ",
            "uses_broken.html": '{% include "broken.html" %}',
        },
    )
    assert reads["computed.html"] is None
    assert reads["broken.html"] is None and reads["uses_broken.html"] is None


def test_known_parses_are_used_and_give_the_same_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parses a build keeps (`.brief/templates.pickle`) stand for Jinja's parser: the
    next build parses only the templates whose bytes changed, and its keys are the same."""
    files = {
        "base.html": "{{ page_title.url }}{% block main %}{% endblock %}",
        "list.html": '{% extends "base.html" %}{% block main %}{{ item.title }}{% endblock %}',
        "odd.html": "{% include name %}{{ item.summary }}",
    }
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    layout = [LayoutFile(tmp_path, rel) for rel in files]
    first = template_keys(layout)
    assert len(first.parses) == 3

    parsed: list[str] = []
    real = templates._parse

    def counted(parser: jinja2.Environment, data: bytes) -> templates.TemplateParse:
        parsed.append(data.decode())
        return real(parser, data)

    monkeypatch.setattr(templates, "_parse", counted)
    again = template_keys(layout, first.parses)
    assert parsed == []
    assert (again.everything, again.by_template, again.reads) == (
        first.everything,
        first.by_template,
        first.reads,
    )
    (tmp_path / "list.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ item.words }}{% endblock %}'
    )
    edited = template_keys(layout, again.parses)
    assert parsed == [(tmp_path / "list.html").read_text()]
    assert edited.reads["list.html"] == frozenset({"url", "words"})  # with base.html's
    assert set(edited.parses) != set(first.parses)
    assert edited.reads["odd.html"] is None  # a computed include: cannot be followed
