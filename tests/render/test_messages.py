"""Constant theme strings are translated when a template compiles (render/messages.py), and
give exactly what the runtime call gives."""

from __future__ import annotations

import jinja2
import pytest

from brief.render.messages import ConstantMessages, fold_messages, install_messages

CATALOGUE = {
    "Topics": "Themen",
    "Fish & chips": "Fisch & Pommes <b>",
    "100%% sure": "100%% sicher",
    "Page %(num)s": "Seite %(num)s",
}


def _env(fold: bool, calls: list[str]) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n", ConstantMessages])

    def gettext(message: str) -> str:
        calls.append(message)
        return CATALOGUE.get(message, message)

    def ngettext(s: str, p: str, n: int) -> str:
        return s if n == 1 else p

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    if fold:
        fold_messages(env, gettext)
    return env


TEMPLATES = [
    '{{ _("Topics") }}',
    '<a title="{{ _("Fish & chips") }}">{{ _("Fish & chips") }}</a>',
    '{{ _("100%% sure") }}',
    '{{ _("Topics") | upper }}',
    '{{ _("Topics") ~ "<i>" }}',
    '{{ gettext("Topics") }}',
    '{% set x = _("Topics") %}[{{ x }}]',
    '{{ _("Page %(num)s", num="<2>") }}',
    "{{ _('Topics') if flag else _('Fish & chips') }}",
    "{% trans %}Topics{% endtrans %}",
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_folded_output_is_the_calls_output(source: str) -> None:
    folded = _env(True, []).from_string(source).render(flag=True)
    called = _env(False, []).from_string(source).render(flag=True)
    assert folded == called


def test_a_constant_message_is_not_looked_up_when_the_page_renders() -> None:
    calls: list[str] = []
    template = _env(True, calls).from_string('{{ _("Topics") }} {{ _("Page %(num)s", num=3) }}')
    calls.clear()  # compiling looked the constant up once
    assert template.render() == "Themen Seite 3"
    assert template.render() == "Themen Seite 3"
    assert calls == ["Page %(num)s", "Page %(num)s"]


def test_only_calls_of_gettext_itself_are_folded() -> None:
    calls: list[str] = []
    env = _env(True, calls)

    class Box:
        def _(self, message: str) -> str:
            return f"box:{message}"

    assert env.from_string('{{ box._("Topics") }}').render(box=Box()) == "box:Topics"


def test_a_stray_percent_stays_a_call_and_fails_as_one() -> None:
    env = _env(True, [])
    template = env.from_string('{{ _("50% off") }}')  # "% o" reads as a conversion
    with pytest.raises((TypeError, ValueError)):
        template.render()


class _Catalogue:
    """Lookups with plural forms and contexts, for comparing the callables."""

    def gettext(self, message: str) -> str:
        return CATALOGUE.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[{singular if n == 1 else plural}]"

    def pgettext(self, context: str, message: str) -> str:
        return f"{context}|{self.gettext(message)}"

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return f"{context}|{self.ngettext(singular, plural, n)}"


CALLS = [
    '{{ _("Page %(num)s", num="<2>") }}',
    '{{ gettext("Fish & chips") }} {{ _("Topics") }}',
    '{{ ngettext("%(num)s word", "%(num)s words", n) }}',
    '{{ ngettext("%(num)s word by %(who)s", "%(num)s words by %(who)s", n, who="<A&B>") }}',
    '{{ ngettext("%(num)s min", "%(num)s min", n, num="<b>" ~ n) }}',
    '{{ pgettext("month", "May") }} {{ npgettext("x", "%(num)s a", "%(num)s as", n) }}',
    '{% trans who="<i>" %}By {{ who }}{% endtrans %}',
    "{% trans count=n %}{{ count }} story{% pluralize %}{{ count }} stories{% endtrans %}",
    '{% autoescape false %}{{ _("Page %(num)s", num="<2>") }}{% endautoescape %}',
]


@pytest.mark.parametrize("source", CALLS)
@pytest.mark.parametrize("n", [1, 3])
def test_the_installed_callables_give_what_jinjas_give(source: str, n: int) -> None:
    tr = _Catalogue()
    ours = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    install_messages(ours, tr)
    stock = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    stock.install_gettext_callables(  # type: ignore[attr-defined]
        tr.gettext, tr.ngettext, newstyle=True, pgettext=tr.pgettext, npgettext=tr.npgettext
    )
    assert ours.from_string(source).render(n=n) == stock.from_string(source).render(n=n)
