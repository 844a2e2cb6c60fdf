"""The Jinja environment over the layout folders, rendering a page, and template digests.

Autoescape is on and undefined names are errors, so a typo in a template is reported with
the template's file and line (and the article being rendered) instead of printing nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import secrets
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import meta
from jinja2.loaders import split_template_path

import brief
from brief import i18n
from brief.config import SiteConfig
from brief.content.article import Article, Figure
from brief.content.figures import localized, pictures
from brief.errors import BriefError, Problem
from brief.i18n import catalogue
from brief.paths import display_path, inside
from brief.render.kept import ByIdentity
from brief.render.messages import ConstantMessages, install_messages
from brief.render.structured import meta_tags, script_json, structured_data
from brief.render.theme import LayoutFile, layout_dirs
from brief.render.urls import absolute, linker, rooted, site_links
from brief.site.edition import NavLink
from brief.site.pages import Page, PageKind, template_variables

Environments = dict[tuple[object, ...], jinja2.Environment]
"""Environments kept by a process that builds again and again, by config and template digest."""
KEEP_ENVIRONMENTS = 4


def make_environment(
    config: SiteConfig,
    templates_key: str = "",
    kept: Environments | None = None,
    bytecode: jinja2.BytecodeCache | None = None,
) -> jinja2.Environment:
    """The environment for `config` and templates with digest `templates_key`.

    Compiling templates is most of a small rebuild's time, so a long-running process passes
    `kept` and gets back the environment it made before while no template's content
    changed. Content, not mtimes, decides: two saves within one timestamp tick must not
    leave a stale compiled template. A new environment keeps its compiled templates in
    `bytecode` (`render.bytecode`), for the next process.
    """
    dirs = tuple(layout_dirs(config))
    if kept is None or not templates_key:
        return _environment(config, dirs, bytecode)
    key = (config, dirs, templates_key)
    env = kept.pop(key, None) or _environment(config, dirs, bytecode)
    kept[key] = env  # most recently used last
    while len(kept) > KEEP_ENVIRONMENTS:
        del kept[next(iter(kept))]
    return env


class UnsafeTemplate(jinja2.TemplateError):
    """A template file brief refuses to read."""


class LayoutLoader(jinja2.BaseLoader):
    """Templates from the layout folders, the site's own first, under the rule every input
    follows: only regular files that lie inside their folder. A symlink that leads out (an
    SSH key, /proc/self/environ) is never read, and a named pipe is never opened."""

    def __init__(self, dirs: tuple[Path, ...]) -> None:
        self.dirs = dirs

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.dirs:
            path = folder.joinpath(*pieces)
            if not (path.exists() or path.is_symlink()):
                continue
            if not inside(path, folder):
                raise UnsafeTemplate(
                    f"{template} is a symlink that leads outside its layout folder; brief "
                    "never reads it"
                )
            if not path.is_file():
                raise UnsafeTemplate(f"{template} is not a regular file (a named pipe?)")
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                raise jinja2.TemplateSyntaxError(
                    f"not valid UTF-8 (byte {exc.start}, value 0x{data[exc.start]:02x}); "
                    "save the file as UTF-8",
                    line,
                    template,
                    str(path),
                ) from None
            # Environments are kept only while every template's digest is unchanged (see
            # make_environment), so Jinja never needs to ask whether a file changed.
            return text, str(path), lambda: True
        raise jinja2.TemplateNotFound(template)


def _environment(
    config: SiteConfig, dirs: tuple[Path, ...], bytecode: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=LayoutLoader(dirs),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n", ConstantMessages],
    )
    tz = config.tz
    tr = catalogue(config)
    locale = tr.locale
    # Newstyle: `_("Page %(num)s of %(total)s", num=...)` fills its placeholders itself, and
    # what it is given is escaped while the catalogue's text is trusted, like a template.
    install_messages(env, tr)

    # A story's date is shown on its page and on every listing of it (five or six pages), and
    # Babel takes some 80 µs to format one: each environment remembers what it formatted.
    @functools.lru_cache(maxsize=1 << 16)
    def format_date(value: dt.datetime | dt.date, fmt: str | None = None) -> str:
        return i18n.format_date(value, locale, fmt or config.date_format, tz)

    @functools.lru_cache(maxsize=1 << 16)
    def format_datetime(value: dt.datetime, fmt: str | None = None) -> str:
        return i18n.format_datetime(value, locale, fmt or config.date_format, tz)

    def list_glue(n: int) -> list[str]:
        return i18n.list_glue(n, locale)

    @functools.lru_cache(maxsize=1 << 16)
    def isodate(value: dt.datetime | dt.date) -> str:
        if isinstance(value, dt.datetime):
            return value.astimezone(tz).isoformat()
        return value.isoformat()

    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["has_time"] = functools.lru_cache(maxsize=1 << 16)(
        lambda value: i18n.has_time(value, tz)
    )
    env.filters["number"] = lambda n: i18n.format_number(n, locale)
    env.filters["isodate"] = isodate
    env.filters["json_ld"] = lambda data: markupsafe.Markup(script_json(data))
    env.filters["body"] = _body_filter(tr.gettext)
    env.globals["brief_version"] = brief.__version__
    env.globals["text_direction"] = tr.direction
    env.globals["list_glue"] = list_glue
    env.globals["menu_links"] = _menu_links()
    env.globals["story_card"] = _story_cards(env)
    return env


STORY_TEMPLATE = "partials/story.html"
KEEP_STORIES = 1 << 15
"""Stories kept rendered, per environment and worker: about 50 MB at 1.5 kB each. A list
shows the newest first on every listing, so the stories shown most stay."""


MARK = "\x1a"
"""Stands for a link in a card rendered once: `url()` writes MARK, this process's random
tag, the link's number and MARK, which no text of the card can forge (it was written
before the tag was drawn)."""
_TAG = secrets.token_hex(8)
_MARKED = re.compile(f"{MARK}{_TAG}([0-9]+){MARK}")
"""One pattern for every card: a tag drawn per card made a pattern to compile per card,
more than half of a card's time."""


@dataclass(frozen=True)
class Card:
    """A story card with its links left open: the text around them, and the site path
    `url()` was given for each."""

    pieces: tuple[str, ...]
    targets: tuple[str, ...]

    @classmethod
    def made(cls, render: Callable[[Callable[[str], str]], str]) -> Card | None:
        """The card `render` writes when its `url()` leaves a mark for each link; None
        unless every mark came out whole and once (a template that changed or repeated
        what `url()` gave is rendered on each page instead)."""
        targets: list[str] = []

        def mark(target: str) -> str:
            targets.append(target)
            return f"{MARK}{_TAG}{len(targets) - 1}{MARK}"

        parts = _MARKED.split(render(mark))
        pieces, numbers = parts[0::2], parts[1::2]
        # each link once and whole: a mark cut or changed is missing from `numbers`
        if sorted(map(int, numbers)) != list(range(len(targets))):
            return None
        if any(_TAG in piece for piece in pieces):
            return None
        return cls(tuple(pieces), tuple(targets[int(n)] for n in numbers))

    def on(self, link: Callable[[str], str]) -> str:
        """The card on a page whose `url()` is `link`: each link escaped as autoescape
        escapes what `url()` gives, so the bytes are those of rendering it there."""
        out = [self.pieces[0]]
        for target, piece in zip(self.targets, self.pieces[1:], strict=True):
            out += (markupsafe.escape(link(target)), piece)
        return "".join(out)


def _story_cards(env: jinja2.Environment) -> Callable[..., markupsafe.Markup]:
    """`{{ story_card(item, kicker=..., first=..., lead=...) }}`: partials/story.html for
    one story, rendered once per environment and reused on every list that shows it, with
    its links made for each page. An article is on five or six lists (the front page, its
    section, each topic, each author, its day), and rendering the same card again for each
    was most of their time.

    The card reads only the article, the flags and `url()`, and an environment belongs to
    one configuration, theme and catalogue, so the same article object gives the same card
    (see `render.kept`). One whose marks did not survive is rendered on each page."""
    made: ByIdentity[Card | None] = ByIdentity(KEEP_STORIES)

    @jinja2.pass_context
    def story_card(
        context: jinja2.runtime.Context,
        item: Any,
        kicker: bool = False,
        first: bool = False,
        lead: bool = False,
    ) -> markupsafe.Markup:
        flags = (bool(kicker), bool(first), bool(lead))

        def render(url: Callable[[str], str]) -> str:
            variables = {"item": item, "kicker": flags[0], "first": flags[1], "lead": flags[2]}
            return env.get_template(STORY_TEMPLATE).render(url=url, **variables)

        card = made.get((item,), flags, lambda: Card.made(render))
        link = context["url"]
        return markupsafe.Markup(render(link) if card is None else card.on(link))

    return story_card


def _menu_links() -> Callable[..., markupsafe.Markup]:
    """`{{ menu_links(menu.links, page.nav.main) }}`: what the `links` macro of
    partials/nav.html makes of a menu, made once per variant. Every page shows both menus,
    and their links differ only by the page's folder (the relative hrefs), its kind and
    which links are the page itself or lie above it, so a site of 10,000 pages has a handful
    of variants; calling the macro for each page was a tenth of a cold build. The macro may
    therefore read only the links, `page.kind`, `url()` of a link and `page.url` compared
    with a link's url."""
    made: dict[tuple[object, ...], markupsafe.Markup] = {}

    @jinja2.pass_context
    def menu_links(
        context: jinja2.runtime.Context, macro: Any, links: tuple[NavLink, ...]
    ) -> markupsafe.Markup:
        page: Page = context["page"]
        url = context["url"]
        key = (
            getattr(macro, "name", ""),
            links,
            str(page.kind),
            tuple(url(link.url) for link in links),
            tuple((link.url == page.url, page.url.startswith(link.url)) for link in links),
        )
        html = made.get(key)
        if html is None:
            if len(made) > 4096:  # a long preview session: menus change as content does
                made.clear()
            html = made[key] = markupsafe.Markup(macro(links, page))
        return html

    return menu_links


def _body_filter(gettext: Callable[[str], str]) -> Callable[..., markupsafe.Markup]:
    """`{{ article.html | body(picture, article.figures, sizes) }}`: a rendered body, its
    site paths (root links, body images) made into links from this page by the page's own
    `url()`, its figure credits in the site's language, and, given the theme's `picture`
    macro, each processed photo of `figures` in that macro's markup."""

    @jinja2.pass_context
    def body(
        context: jinja2.runtime.Context,
        html: str,
        picture: Any = None,
        figures: Sequence[Figure] = (),
        sizes: str = "100vw",
    ) -> markupsafe.Markup:
        text = localized(str(html), gettext)
        if picture is not None:
            text = pictures(text, picture, figures, sizes)
        return markupsafe.Markup(site_links(text, context["url"]))

    return body


def render_page(
    env: jinja2.Environment,
    page: Page,
    config: SiteConfig,
    assets: Mapping[str, str] | None = None,
) -> str:
    """The HTML of one page. Raises BriefError with the template file and line on failure.

    `assets` maps static paths to their content-hash names (`/style.css` to
    `/style.3f2a9c1e.css`): links to them come out with the new name."""
    names = assets or {}
    if page.kind is PageKind.NOT_FOUND:
        # A 404 page is served at any URL, so its links cannot be relative.
        def url(target: str) -> str:
            return rooted(names.get(target, target), config.base_path)
    else:
        link = linker(page.url)

        def url(target: str) -> str:
            return link(names.get(target, target))

    def abs_url(target: str) -> str:
        return absolute(names.get(target, target), config.base_url)

    context: dict[str, Any] = {
        "site": config,
        "page": page,
        "url": url,
        "abs_url": abs_url,
        "production": config.production,
        "meta_tags": meta_tags(page, config, abs_url),
        "structured_data": structured_data(page, config, abs_url),
        **template_variables(page.context),
    }
    try:
        return env.get_template(page.template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise BriefError([_syntax_problem(exc, config)]) from None
    except jinja2.TemplateNotFound as exc:
        path, line = _where(exc, page, config)
        folders = ", ".join(display_path(d, config.root) for d in layout_dirs(config))
        raise BriefError(
            [
                Problem(
                    path,
                    line,
                    None,
                    f"template '{exc.name}' not found in {folders}; check the name it is "
                    f"included, extended or imported by (rendering {page.source or page.url})",
                )
            ]
        ) from None
    except Exception as exc:  # any failure inside a template is the template's mistake
        raise BriefError([_render_problem(exc, page, config)]) from None


def _syntax_problem(exc: jinja2.TemplateSyntaxError, config: SiteConfig) -> Problem:
    path = (
        display_path(Path(exc.filename), config.root) if exc.filename else (exc.name or "template")
    )
    return Problem(path, exc.lineno, None, f"template syntax: {exc.message}")


def _where(exc: Exception, page: Page, config: SiteConfig) -> tuple[str, int | None]:
    """The template file and line where `exc` was raised: the innermost template frame."""
    where: tuple[str, int | None] = (page.template, None)
    roots = [d.resolve() for d in layout_dirs(config)]
    for frame in traceback.extract_tb(exc.__traceback__):
        p = Path(frame.filename)
        if p.suffix in (".html", ".xml", ".txt") and any(
            p.resolve().is_relative_to(r) for r in roots
        ):
            where = (display_path(p, config.root), frame.lineno)
    return where


def _render_problem(exc: Exception, page: Page, config: SiteConfig) -> Problem:
    where = _where(exc, page, config)
    message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    rendering = f" (rendering {page.source})" if page.source else f" (rendering {page.url})"
    return Problem(where[0], where[1], None, f"template error: {message}{rendering}")


_RENDERING = re.compile(r"(.*) \(rendering (.+)\)", re.DOTALL)


def merge_render_problems(problems: list[Problem]) -> list[Problem]:
    """One problem per template mistake, not one per page it broke: problems that differ only
    in the page named (`(rendering ...)`, as this module writes them) become the first one,
    with how many more pages it broke. Order and everything else are kept."""
    groups: dict[tuple[object, ...], list[tuple[Problem, str]]] = {}
    order: list[Problem | tuple[object, ...]] = []
    for p in problems:
        m = _RENDERING.fullmatch(p.message)
        if m is None:
            order.append(p)
            continue
        key = (p.path, p.line, p.column, p.severity, p.code, m.group(1))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((p, m.group(2)))
    merged = []
    for item in order:
        if isinstance(item, Problem):
            merged.append(item)
            continue
        (first, page), *rest = groups[item]
        if rest:
            more = f"and {len(rest)} more page{'s' if len(rest) > 1 else ''}"
            first = dataclasses.replace(first, message=f"{item[-1]} (rendering {page}, {more})")
        merged.append(first)
    return merged


@dataclass(frozen=True)
class TemplateKeys:
    """Digests of the layout templates, for deciding what a template change re-renders."""

    everything: str
    """Of all templates together."""
    by_template: dict[str, str]
    """Per template name: of it and every template it extends, includes or imports,
    transitively (`everything` where a reference is computed and cannot be followed)."""
    reads: dict[str, frozenset[str] | None] = dataclasses.field(default_factory=dict)
    """Per template name: the names of `Article` fields it and those templates read
    (`ARTICLE_NAMES`, see `read_names`), or None where that cannot be known. A listing's
    fingerprint covers only these fields of the stories it shows."""
    parses: dict[str, TemplateParse] = dataclasses.field(default_factory=dict, compare=False)
    """What was read in each template's source, by `template_digest`, for the next build."""


ARTICLE_NAMES = frozenset(
    [f.name for f in dataclasses.fields(Article)]
    + [n for n, v in vars(Article).items() if isinstance(v, property | functools.cached_property)]
)
"""What a template can read of an article: its fields and properties."""


def read_names(tree: jinja2.nodes.Template) -> set[str]:
    """The names `tree` may read of an object: attributes (`item.title`), constant
    subscripts (`item["title"]`), and string arguments of filters (`map(attribute="title")`,
    `attr("title")`, `sort(attribute="date")`). A name that is computed (`item[key]`) is not
    found; the theme guide asks templates not to read a story that way."""
    nodes = jinja2.nodes
    found = {n.attr for n in tree.find_all(nodes.Getattr)}
    found |= {
        n.arg.value
        for n in tree.find_all(nodes.Getitem)
        if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str)
    }
    for f in tree.find_all(nodes.Filter):
        args = [*f.args, *(kw.value for kw in f.kwargs)]
        found |= {a.value for a in args if isinstance(a, nodes.Const) and isinstance(a.value, str)}
    return found


TemplateParse = tuple[tuple[str, ...] | None, tuple[str, ...]]
"""What `template_keys` reads in one template's source: the templates it references (None
when one is computed, or the source does not parse), and the names it reads of a story."""


def template_digest(data: bytes) -> str:
    """The key of a template's `TemplateParse`: its bytes, and the Jinja that parses them."""
    h = hashlib.blake2b(jinja2.__version__.encode() + b"|", digest_size=16)
    h.update(data)
    return h.hexdigest()


def _parse(parser: jinja2.Environment, data: bytes) -> TemplateParse:
    try:
        tree = parser.parse(data.decode("utf-8"))
    except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
        return None, ()  # reported when rendering; meanwhile, depend on everything
    found = set(meta.find_referenced_templates(tree))
    if any(n.name == "story_card" for n in tree.find_all(jinja2.nodes.Name)):
        found.add(STORY_TEMPLATE)  # rendered by the global, not included
    reads = tuple(sorted(read_names(tree) & ARTICLE_NAMES))
    return (None if None in found else tuple(sorted(str(f) for f in found))), reads


def template_keys(
    files: list[LayoutFile], known: Mapping[str, TemplateParse] | None = None
) -> TemplateKeys:
    """Digest every template (the site's over the theme's) and its dependencies.

    The message catalogues (`locales/*.po`) are not templates but every template shows
    their strings, so they are part of every template's digest: editing one re-renders the
    pages (page titles come from them too, and `everything` is in the plan's basis).

    `known` are parses of earlier builds by `template_digest` (Jinja's parser takes a
    tenth of a one-edit build); the ones of these templates are in `TemplateKeys.parses`."""
    sources: dict[str, bytes] = {}
    whole = hashlib.blake2b(digest_size=16)
    words = hashlib.blake2b(digest_size=16)
    for f in files:
        if f.static:
            continue
        data = f.path.read_bytes()
        whole.update(f"{f.folder}|{f.rel}|{len(data)}|".encode())
        whole.update(data)
        if f.rel.startswith(f"{i18n.LOCALES}/"):
            words.update(f"{f.folder}|{f.rel}|{len(data)}|".encode())
            words.update(data)
        else:
            sources.setdefault(f.rel, data)
    everything = whole.hexdigest()
    catalogues = words.hexdigest()
    parser = jinja2.Environment()
    refs: dict[str, set[str] | None] = {}
    names: dict[str, set[str]] = {}
    parses: dict[str, TemplateParse] = {}
    for name, data in sources.items():
        digest = template_digest(data)
        parsed = parses.get(digest) or (known or {}).get(digest) or _parse(parser, data)
        parses[digest] = parsed
        referenced, read = parsed
        refs[name] = None if referenced is None else set(referenced)
        names[name] = set(read)

    def closure(name: str) -> set[str] | None:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            deps = refs.get(current, set())
            if deps is None:
                return None
            todo.extend(deps)
        return seen

    by_template: dict[str, str] = {}
    reads: dict[str, frozenset[str] | None] = {}
    for name in sources:
        deps = closure(name)
        if deps is None:
            by_template[name] = everything
            reads[name] = None
            continue
        h = hashlib.blake2b(catalogues.encode(), digest_size=16)
        for dep in sorted(deps):
            h.update(f"{dep}|{len(sources.get(dep, b''))}|".encode())
            h.update(sources.get(dep, b""))
        by_template[name] = h.hexdigest()
        # a template that is not there (`refs` lets rendering report it) reads nothing
        reads[name] = frozenset().union(*(names.get(dep, set()) for dep in deps))
    return TemplateKeys(everything, by_template, reads, parses)


def check_templates(env: jinja2.Environment, names: list[str], config: SiteConfig) -> list[Problem]:
    """Compile every template the plan uses, so all syntax errors are reported at once."""
    problems = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_problem(exc, config))
        except jinja2.TemplateNotFound as exc:
            problems.append(Problem(name, None, None, f"template '{exc.name}' not found"))
        except jinja2.TemplateError as exc:
            problems.append(Problem(name, None, None, f"template error: {exc}"))
    return problems
