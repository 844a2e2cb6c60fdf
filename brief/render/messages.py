"""The site's catalogue in templates: `_()` and its kin, made cheap to call.

Every page shows a few dozen theme strings, and Jinja's i18n extension makes each a chain
of calls. Two things shorten it, with the same text as the result:

- `install_messages` puts the lookups in the environment one call deep;
- `ConstantMessages` translates `{{ _("Topics") }}`, a string without placeholders, when
  the template compiles: an environment belongs to one language and catalogue (see
  `templates.make_environment`), so the translation can be part of the compiled template.
  Some fifteen such calls were a fifth of an article page's render time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import jinja2
import markupsafe
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import EvalContext

_CALLS = frozenset({"_", "gettext"})


class Lookups(Protocol):
    """A catalogue's four lookups (`i18n.Catalogue`)."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...
    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str: ...


def install_messages(env: jinja2.Environment, tr: Lookups) -> None:
    """The newstyle gettext callables (`_`, `gettext`, `ngettext`, `pgettext`, `npgettext`)
    as Jinja's i18n extension makes them, the same results, each one call deep.

    The extension wraps each lookup in a function that calls it through the template's
    context, and `_` in one more that finds `gettext` there: three context calls for every
    `_("By %(name)s", ...)`, and a story's date line and reading time have several. The
    translation is markup when autoescape is on (the catalogue is trusted, like a
    template), and the values are escaped into its `%(name)s` placeholders. In an
    environment made with `ConstantMessages`, constant messages are folded as well."""
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        tr.gettext, tr.ngettext, newstyle=True, pgettext=tr.pgettext, npgettext=tr.npgettext
    )
    fold_messages(env, tr.gettext)

    def filled(eval_ctx: EvalContext, text: str, values: dict[str, Any]) -> str:
        if eval_ctx.autoescape:
            return markupsafe.Markup(text) % values
        return text % values

    @jinja2.pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, /, **values: Any) -> str:
        return filled(eval_ctx, tr.gettext(message), values)

    @jinja2.pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, n: int, /, **values: Any
    ) -> str:
        values.setdefault("num", n)
        return filled(eval_ctx, tr.ngettext(singular, plural, n), values)

    @jinja2.pass_eval_context
    def pgettext(eval_ctx: EvalContext, context: str, message: str, /, **values: Any) -> str:
        values.setdefault("context", context)
        return filled(eval_ctx, tr.pgettext(context, message), values)

    @jinja2.pass_eval_context
    def npgettext(
        eval_ctx: EvalContext,
        context: str,
        singular: str,
        plural: str,
        n: int,
        /,
        **values: Any,
    ) -> str:
        values.setdefault("context", context)
        values.setdefault("num", n)
        return filled(eval_ctx, tr.npgettext(context, singular, plural, n), values)

    env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )


class ConstantMessages(Extension):
    """Replaces `_("text")` (one string literal, nothing else) by what the call would give:
    the translation as markup, `%%` read as `%`, exactly as newstyle gettext returns it. Any
    other call (placeholders, plurals, a variable) stays a call."""

    gettext: Callable[[str], str] | None = None
    """The environment's catalogue lookup; until it is set, calls stay calls."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        if self.gettext is None:
            return stream
        return _folded(list(stream), self.gettext)


def fold_messages(env: jinja2.Environment, gettext: Callable[[str], str]) -> None:
    """Have `env`, made with `ConstantMessages`, compile its constant messages through
    `gettext` (the same catalogue lookup its `_()` calls)."""
    for extension in env.extensions.values():
        if isinstance(extension, ConstantMessages):
            extension.gettext = gettext


def _folded(tokens: list[Token], gettext: Callable[[str], str]) -> Iterator[Token]:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        window = tokens[i : i + 4]
        if (
            token.type == "name"
            and token.value in _CALLS
            and (i == 0 or tokens[i - 1].type != "dot")
            and [t.type for t in window] == ["name", "lparen", "string", "rparen"]
        ):
            text = _translated(gettext, window[2].value)
            if text is not None:
                line = token.lineno
                # `("text"|safe)`: markup like gettext's, whatever operator follows
                yield Token(line, "lparen", "(")
                yield Token(line, "string", text)
                yield Token(line, "pipe", "|")
                yield Token(line, "name", "safe")
                yield Token(line, "rparen", ")")
                i += 4
                continue
        yield token
        i += 1


def _translated(gettext: Callable[[str], str], message: str) -> str | None:
    """What newstyle gettext gives for `message` with no values, or None when only the call
    itself can say (a placeholder or stray `%` raises there, with the template's line)."""
    try:
        return str(markupsafe.Markup(gettext(message)) % {})
    except (KeyError, TypeError, ValueError):
        return None
