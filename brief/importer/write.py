"""Wire stories turned into article files: rendered, checked, planned against what is there.

An imported article records the wire file it came from (`imported_from:`) and the digest of
the text the import wrote (`import_digest:`). A re-import finds the article by that name and
keeps its path, date and tags, so the same wire file always gives the same bytes; the
digest tells an article nobody touched (safe to refresh) from one a writer has edited
(never overwritten without --force).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from stat import S_ISREG

import yaml

from brief.config import SiteConfig
from brief.content.frontmatter import FENCE, split
from brief.content.parse import parse_article
from brief.content.sources import Source, find_sources, read_source
from brief.errors import Problem, Severity, has_errors
from brief.importer.wire import WireStory, suggest_tags
from brief.paths import Stat, display_path
from brief.slugs import fold, slugify
from brief.yamlmap import MappingReader

SOURCE_KEY = "imported_from"
DIGEST_KEY = "import_digest"
_DIGEST_LINE = re.compile(rf"{DIGEST_KEY}:[ \t]*(\S*)[ \t]*")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?")

# --- the body: copy that renders exactly as written ------------------------------------------

_INLINE = re.compile(
    r"[\\`*_\[\]<~]"  # escapes, code, emphasis, links and footnotes, HTML and autolinks, strikes
    r"|&(?=#?\w+;)"  # a character reference would show as the character it names
    r"|\((?=(?:c|r|tm)\))"  # the typographer's (c) (r) (tm) -> © ® ™
    r"|\+(?=-)"  # +- -> ±
    r"|(?<=[?!])\.{2,}|[?!]{4,}|,{2,}",  # ?... -> ?.., !!!! -> !!!, ,, -> ,
    re.IGNORECASE,
)
_BLOCK_START = re.compile(r"[#>+=-]|\d{1,9}[.)](?=\s|$)")
"""A line start that would make a heading, quote, list or rule instead of a paragraph."""


def escape_paragraph(text: str) -> str:
    """One line of copy (without surrounding spaces) as Markdown that renders exactly as
    written: every character Markdown would read as markup is escaped.

    The typographer's curly quotes, dashes and ellipses are the site's typography
    (`markdown.typographer`) and apply to imported copy as to any other; its replacements
    that change what a sentence says - "(c)" into ©, "+-" into ±, "!!!!" into "!!!", ",,"
    into "," - are escaped.
    """
    out = _INLINE.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)
    start = _BLOCK_START.match(out)
    if start is None:
        return out
    if start.group()[0].isdigit():  # "1. " starts a list; "1\. " does not
        end = start.end() - 1
        return out[:end] + "\\" + out[end:]
    return "\\" + out


# --- front-matter: YAML that reads back as the same text -------------------------------------

_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")


def yaml_text(value: str, *, flow: bool = False) -> str:
    """`value` as a YAML scalar that reads back as exactly `value`: plain when that is
    safe (`title: Russia Makes Demands`), else double-quoted with escapes. `flow`: for an
    item of a `[a, b]` list, where commas and brackets end a plain scalar."""
    return value if _plain_ok(value, flow) else _quoted(value)


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_START:
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    if any(_needs_escape(ch) for ch in value):
        return False
    try:  # what YAML makes of it: 2022 is a number, yes a boolean, ~ nothing
        loaded = yaml.safe_load(f"[{value}]" if flow else f"k: {value}")
    except yaml.YAMLError:
        return False
    return bool(loaded == ([value] if flow else {"k": value}))


def _needs_escape(ch: str) -> bool:
    # Control, format and unassigned characters, and the line separators YAML breaks lines at.
    return unicodedata.category(ch)[0] == "C" or ch in "\x85\u2028\u2029"


def _quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif _needs_escape(ch):
            out.append(f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# --- the article, and its digest -----------------------------------------------------------


PHOTO_WANTED = [
    "# The wire credits a photo it did not send. To show it, put the file next to this one,",
    "# fill in src: and alt:, and remove the # of each line below:",
    "# image:",
    "#   src: photo.jpg",
    "#   alt: What the photo shows, for readers who cannot see it",
]


def render_article(story: WireStory, *, date: str, tags: Sequence[str]) -> str:
    """The article file for `story`, `import_digest:` included. `date` as written in
    front-matter (2022-02-28, or an existing article's 2022-02-28 14:30)."""
    assert story.headline is not None and story.standfirst is not None, "render only ok stories"
    lines = [
        FENCE,
        f"title: {yaml_text(story.headline.text)}",
        f"date: {date}",
        f"summary: {yaml_text(story.standfirst.text)}",
    ]
    if tags:
        lines.append("tags: [" + ", ".join(yaml_text(t, flow=True) for t in tags) + "]")
    if story.credit is not None:
        # The wire credits a photo it does not send: a credit with no image on the page would
        # claim one, so it waits, commented out, for the file.
        lines += PHOTO_WANTED
        lines += [f"#   {key}: {yaml_text(value)}" for key, value in story.credit.fields()]
    lines.append(f"{SOURCE_KEY}: {yaml_text(story.name)}")
    body = "\n\n".join(escape_paragraph(p.text) for p in story.paragraphs)
    head = "\n".join(lines) + "\n"
    tail = f"{FENCE}\n{body}\n"
    return f"{head}{DIGEST_KEY}: {text_digest(head + tail)}\n{tail}"


def text_digest(text: str) -> str:
    """The digest an import records: of the article text without its `import_digest:` line."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_digest(text: str) -> tuple[str, str | None]:
    """(the text without its `import_digest:` line, the digest recorded there, or None)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return text, None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (FENCE, "..."):
            break
        found = _DIGEST_LINE.fullmatch(lines[i])
        if found:
            return "\n".join(lines[:i] + lines[i + 1 :]), found.group(1)
    return text, None


def is_unedited(text: str) -> bool:
    """Whether an imported article is still exactly what its import wrote."""
    rest, recorded = split_digest(text)
    return recorded is not None and recorded == text_digest(rest)


# --- what is already in content/ ---------------------------------------------------------


@dataclass(frozen=True)
class Existing:
    """An article file already in content/, as far as a re-import needs to know it."""

    path: Path
    shown: str
    text: str
    imported_from: str | None
    """The wire file name it records, or None: not an import."""
    date: str | None
    """`date:` as written, when it reads as a date."""
    tags: tuple[str, ...]


def read_existing(path: Path, config: SiteConfig) -> Existing | None:
    """What `path` holds, or None when it cannot be read as text."""
    source = read_source(path, config.root)
    if isinstance(source, Problem):
        return None
    parts = split(source.text, source.shown)
    imported_from = date = None
    tags: list[str] = []
    if not isinstance(parts, Problem) and SOURCE_KEY in parts.yaml:
        reader = MappingReader(parts.yaml, source.shown, parts.lines_before_yaml)
        for entry in reader.entries(reader.root, "front-matter"):
            if entry.key == SOURCE_KEY and isinstance(entry.value, str):
                imported_from = entry.value
            elif entry.key == "date" and isinstance(entry.node, yaml.ScalarNode):
                written = str(entry.node.value).strip()
                date = written if _DATE_TEXT.fullmatch(written) else None
            elif entry.key == "tags" and isinstance(entry.value, list):
                tags = [" ".join(t.split()) for t in entry.value if isinstance(t, str)]
    return Existing(path, source.shown, source.text, imported_from, date, tuple(tags))


def existing_imports(config: SiteConfig) -> dict[str, list[Existing]]:
    """Every imported article in content/, by the wire file name it records."""
    found: dict[str, list[Existing]] = {}
    files, _ = find_sources(config.content_dir, config.root)  # the build reports what it skips
    for file in files:
        existing = read_existing(Path(file.path), config)
        if existing is not None and existing.imported_from is not None:
            found.setdefault(existing.imported_from, []).append(existing)
    return found


# --- the plan ----------------------------------------------------------------------------


class Action(StrEnum):
    """What an import does to its article file; prints as the verb of its report line."""

    WRITE = "wrote"
    UPDATE = "updated"
    """Re-imported over an article nobody had edited (the wire copy, tags or date changed)."""
    REPLACE = "replaced"
    """Re-imported over an edited article, with --force."""
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportOptions:
    today: dt.date
    """In the site's timezone: the date of a first import without --date."""
    date: dt.date | None = None
    tags: tuple[str, ...] | None = None
    """--tags; None: none given (a re-import keeps the article's own)."""
    force: bool = False


@dataclass(frozen=True)
class Planned:
    """One article file an import writes (or would, or leaves as it is)."""

    story: WireStory
    path: Path
    shown: str
    text: str
    action: Action
    suggested: tuple[str, ...]
    """Tags added from the site's vocabulary, not given with --tags."""


def plan_imports(
    stories: Sequence[WireStory], config: SiteConfig, options: ImportOptions
) -> tuple[list[Planned], list[Problem]]:
    """What importing `stories` would write, and every problem; writes nothing.

    Each article is checked as the build will read it, so an import never writes a file
    that fails the build.
    """
    index = existing_imports(config)
    planned: list[Planned] = []
    problems: list[Problem] = []
    by_name: dict[str, WireStory] = {}
    by_path: dict[Path, WireStory] = {}
    for story in stories:
        problems += story.problems
        if not story.ok:
            continue
        other = by_name.setdefault(story.name, story)
        if other is not story:
            problems.append(
                _problem(
                    story,
                    f"has the same file name as {other.shown}, and an imported article "
                    "records the name it came from; rename one",
                )
            )
            continue
        one = _plan_one(story, index.get(story.name, []), config, options, problems)
        if one is None:
            continue
        other = by_path.setdefault(one.path, story)
        if other is not story:
            problems.append(
                _problem(
                    story,
                    f"would be written to {one.shown}, as {other.shown} is; import them "
                    "one at a time with different --date",
                )
            )
            continue
        planned.append(one)
    return planned, problems


def _problem(story: WireStory, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(story.shown, None, None, message, severity)


def _plan_one(
    story: WireStory,
    matches: list[Existing],
    config: SiteConfig,
    options: ImportOptions,
    problems: list[Problem],
) -> Planned | None:
    assert story.headline is not None
    if len(matches) > 1:
        names = " and ".join(m.shown for m in matches)
        problems.append(_problem(story, f"was imported more than once, as {names}; keep one"))
        return None
    existing = matches[0] if matches else None
    if existing is not None:
        path = existing.path
        date = _reimport_date(story, existing, options, problems)
        if date is None:
            return None
        base = options.tags if options.tags is not None else existing.tags
    else:
        slug = slugify(story.headline.text)
        if not slug:
            problems.append(
                Problem(
                    story.shown,
                    story.headline.number,
                    None,
                    "cannot make a file name from this headline: it has no letters or digits",
                )
            )
            return None
        day = options.date or options.today
        path = config.content_dir / f"{day.isoformat()}-{slug}.md"
        date = day.isoformat()
        base = options.tags or ()
        if path.exists() or path.is_symlink():
            there = read_existing(path, config)
            if there is None or there.imported_from != story.name:
                problems.append(
                    _problem(
                        story,
                        f"would be written to {display_path(path, config.root)}, which holds "
                        f"another article (not imported from {story.name}); move that file, "
                        "or import with another --date",
                    )
                )
                return None
    if options.date is not None and options.date > options.today:
        problems.append(
            _problem(
                story,
                f"dated {options.date.isoformat()}, after today: brief build leaves it out "
                "until that day (or with --future)",
                Severity.WARNING,
            )
        )
    tags, suggested = _tags(base, suggest_tags(story, config.tags))
    text = render_article(story, date=date, tags=tags)
    shown = display_path(path, config.root)
    _, checked = parse_article(Source(path, shown, text), config)
    problems += checked
    credit = story.credit
    if credit is not None and credit.license is None and credit.notice is None:
        problems.append(
            Problem(
                story.shown,
                credit.line,
                None,
                "the image credit names no licence or notice; readers could not tell under "
                "which terms the photo is used, so add license: before you publish it",
                Severity.WARNING,
            )
        )
    if has_errors(checked):
        return None
    if existing is None:
        action = Action.WRITE
    elif text == existing.text:
        action = Action.UNCHANGED
    elif is_unedited(existing.text):
        action = Action.UPDATE
    elif options.force:
        action = Action.REPLACE
    else:
        problems.append(
            Problem(
                existing.shown,
                None,
                None,
                f"edited since it was imported from {story.shown}; brief import does not "
                "overwrite edits: pass --force to replace it with a fresh import",
            )
        )
        return None
    return Planned(story, path, shown, text, action, suggested)


def _reimport_date(
    story: WireStory, existing: Existing, options: ImportOptions, problems: list[Problem]
) -> str | None:
    """The date a re-import writes: the article's own, which --date may repeat, not change."""
    if options.date is None:
        return existing.date or options.today.isoformat()
    wanted = options.date.isoformat()
    if existing.date is None or existing.date[:10] == wanted:
        return existing.date or wanted
    problems.append(
        _problem(
            story,
            f"was imported as {existing.shown}, dated {existing.date}; import it again "
            f"without --date, or remove that file to import it anew",
        )
    )
    return None


def _tags(base: Sequence[str], suggestions: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """(the tags, in order: given, then suggested; the suggested ones not already given)."""
    tags: list[str] = []
    suggested: list[str] = []
    seen: set[str] = set()
    for tag in base:
        if fold(tag) not in seen:
            seen.add(fold(tag))
            tags.append(tag)
    for tag in suggestions:
        if fold(tag) not in seen:
            seen.add(fold(tag))
            tags.append(tag)
            suggested.append(tag)
    return tags, tuple(suggested)


# --- writing -----------------------------------------------------------------------------


def copy_atomic(source: Path, path: Path, checked: Stat) -> None:
    """Copy the file `source` to `path`, whole or not at all, as `write_atomic` writes.

    `checked` is the source's (mtime_ns, size) when the import checked it: a file changed
    since, or replaced by a symlink, is not copied (an OSError, as the disk's own).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(source, flags), "rb") as src:
        st = os.fstat(src.fileno())
        if not S_ISREG(st.st_mode) or (st.st_mtime_ns, st.st_size) != checked:
            raise OSError(
                errno.ESTALE, "changed while brief import ran; nothing of it copied", str(source)
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                shutil.copyfileobj(src, f)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


def write_atomic(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then one rename.

    The temporary name starts with '.' and ends in '.tmp', which the build and the preview's
    watcher ignore.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
