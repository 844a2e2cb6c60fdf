"""`site.yaml`: read once, checked once, handed to every stage as a frozen `SiteConfig`.

Every key is declared below with its type and meaning; an unknown key is an error that
suggests the closest known one, and every problem names the key and its line.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from brief.errors import BriefError, Problem, did_you_mean, redact
from brief.i18n import check_date_format, check_language
from brief.newsroom import Menus, SiteAuthor, SiteSection, read_authors, read_menus, read_sections
from brief.paths import MAX_NAME_BYTES, MAX_SLUG_BYTES
from brief.yamlmap import Entry, MappingReader, describe, spelt, text_hint

CONFIG_NAME = "site.yaml"
MAX_CONFIG_BYTES = 256 * 1024
PERMALINK_FIELDS = ("year", "month", "day", "slug")


@dataclass(frozen=True)
class Person:
    """An author or publisher: a name and, optionally, a home page."""

    name: str
    url: str | None = None
    logo: str | None = None
    """The publisher's logo (an absolute http(s) URL or a site path), for structured data."""


@dataclass(frozen=True)
class MarkdownOptions:
    html: bool = False
    """Pass raw HTML in articles through. Off: it is shown escaped, as text."""
    typographer: bool = True
    """Curly quotes and real dashes, as news copy wants."""
    anchors: bool = True
    """Give headings ids so they can be linked to."""


FEED_FORMATS = ("atom", "rss", "json")
"""The feed formats brief writes, in the order it lists them (`site.routes.FEED_FORMATS`
gives each its file name and media type)."""


@dataclass(frozen=True)
class FeedOptions:
    entries: int = 20
    """How many of the latest articles each feed carries."""
    content: str = "full"
    """`full` puts the article body in the feed; `summary` only the standfirst."""
    formats: tuple[str, ...] = FEED_FORMATS
    """The formats of the site feed, Atom always among them: Atom (`/feed.xml`), RSS 2.0
    (`/rss.xml`), JSON Feed 1.1 (`/feed.json`)."""
    groups: tuple[str, ...] | None = None
    """The formats of each topic's, section's and author's feed; None: those of `formats`."""

    @property
    def group_formats(self) -> tuple[str, ...]:
        return self.formats if self.groups is None else self.groups


@dataclass(frozen=True)
class HostOptions:
    """Files for the static host, written into the output (see docs/configuration.md)."""

    cname: str = ""
    """A custom domain: writes `CNAME` (GitHub Pages)."""
    nojekyll: bool = True
    """Writes `.nojekyll`, so GitHub Pages serves the folder as it is."""
    headers: bool = True
    """Writes `_headers` (Netlify, Cloudflare Pages): long caching for fingerprinted files."""
    redirects: bool = True
    """Writes `_redirects` from articles' `aliases:`, when there are any."""
    fingerprint: bool = True
    """Theme stylesheets, scripts and fonts get content-hash names (`style.3f2a9c1e.css`)."""
    cache: tuple[tuple[str, str], ...] = ()
    """(glob, Cache-Control) rules, first match wins, before brief's own."""


IMAGE_FORMATS = ("avif", "webp")
"""The formats derived images may come in beside the original's, best first (browsers take
the first `<source>` they can show)."""
MIN_IMAGE_WIDTH = 16
MAX_IMAGE_WIDTH = 8192


@dataclass(frozen=True)
class ImageOptions:
    """`images:`: how local photos are resized and re-encoded (see docs/images.md)."""

    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    """The widths each photo is offered at, never above its own (which is offered instead)."""
    formats: tuple[str, ...] = ("webp",)
    """Formats beside the original's (JPEG, PNG), best first: `webp`, `avif`."""
    quality: int = 82
    """The lossy encoders' quality, 1 to 100 (JPEG, WebP, AVIF); PNG stays lossless."""
    default: str = ""
    """An image for social cards of pages without a lead image: a site path (`/card.png`)
    or an absolute http(s) URL."""


@dataclass(frozen=True)
class SearchOptions:
    """`search:`: the site's search page and its Pagefind index (see docs/search.md)."""

    enabled: bool = True
    """False (`search: false`): no /search/ page, no menu link, no index, no indexing step."""
    pages: bool = False
    """Standalone pages (content/pages/) are indexed too; articles always are."""
    shard_pages: int = 2500
    """Pages per shard of the index, at most (see `routes.search_shards`): fewer make
    quicker rebuilds of the index, more make fewer files for a reader to fetch."""


DEPLOY_TYPES = ("git", "rsync", "s3")


@dataclass(frozen=True)
class RemoteCache:
    """`cache: s3://bucket/prefix`: a bucket where builds on other machines (CI runners)
    share the build cache. The endpoint, region and credentials come from the standard AWS
    environment, as for deploy's s3 targets; none of them is ever written in site.yaml."""

    bucket: str
    prefix: str
    """A folder in the bucket, "" or ending in `/`."""

    @property
    def url(self) -> str:
        """As messages show it: `s3://bucket/prefix`."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")


@dataclass(frozen=True)
class DeployTarget:
    """Where `brief deploy NAME` publishes to. Only the keys of its type are set."""

    name: str
    type: str
    line: int
    """Where it is declared in site.yaml, for messages."""
    base_url: str | None = None
    """The site's address there, if not the site's base_url: it gets a build of its own."""
    production: bool = True
    """False: every page says noindex and robots.txt disallows all (a staging site)."""
    remote: str = "origin"
    branch: str = "gh-pages"
    dest: str = ""
    ssh: str = ""
    """The remote shell for rsync and git over SSH, e.g. `ssh -p 2222`."""
    bucket: str = ""
    prefix: str = ""
    region: str = ""
    endpoint_url: str = ""
    profile: str = ""
    workers: int = 8


@dataclass(frozen=True)
class SiteConfig:
    """The whole site configuration, validated. Paths are absolute."""

    root: Path
    """The site folder: the one holding site.yaml."""
    title: str
    base_url: str
    """Absolute URL of the site's home, always ending in `/`."""
    description: str = ""
    language: str = "en"
    """A BCP 47 tag (`en`, `de`, `pt-BR`) of a CLDR locale: the strings, dates and numbers of
    every page, its `<html lang>` and writing direction."""
    timezone: str = "UTC"
    author: Person | None = None
    publisher: Person | None = None
    copyright: str = ""
    """The site's own notice or licence for its text, shown in every page footer."""
    paginate: int = 10
    permalink: str = "/{year}/{month}/{day}/{slug}/"
    output: str = "public"
    date_format: str = "long"
    """How pages show dates: a CLDR length (short, medium, long, full) or a CLDR pattern such
    as `d MMMM y`, written in the site's language."""
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    feed: FeedOptions = field(default_factory=FeedOptions)
    host: HostOptions = field(default_factory=HostOptions)
    deploy: tuple[DeployTarget, ...] = ()
    cache: RemoteCache | None = None
    """Where `brief build` shares its cache with other machines (`brief build --cache-url`
    overrides it); None: `.brief/` stays on this machine."""
    tags: tuple[str, ...] = ()
    """The site's tag vocabulary: `brief import` suggests those whose words occur in copy."""
    checks: tuple[tuple[str, bool], ...] = ()
    """(check code, on) from `checks:`: editorial checks the site turns off (or on)."""
    sections: tuple[SiteSection, ...] = ()
    """The desks (World, Politics...), in order; an article's `section:` names one."""
    authors: tuple[SiteAuthor, ...] = ()
    """The registry of writers: bylines that match get a bio, a portrait and a home page."""
    menu: Menus = field(default_factory=Menus)
    images: ImageOptions = field(default_factory=ImageOptions)
    search: SearchOptions = field(default_factory=SearchOptions)
    archives: bool = True
    """The date archives: a page (paged) for every year, month and day with stories, at
    `/YYYY/`, `/YYYY/MM/` and `/YYYY/MM/DD/`, and the footer's link to them. False: none."""
    related: int = 4
    """How many related stories (by shared rare tags) an article page shows at most; 0: none,
    and none are looked for."""
    production: bool = True
    """Not a site.yaml key: a build for a staging target sets it False (noindex)."""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()

    @property
    def base_path(self) -> str:
        """The path part of base_url (`/` or `/project/`): where the site lives on its host."""
        return urlsplit(self.base_url).path or "/"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


# --- validators: each returns (value, error message or "") -------------------------------

Check = Callable[[Entry], tuple[Any, str]]


def _text(entry: Entry) -> tuple[Any, str]:
    if isinstance(entry.value, str):
        return entry.value.strip(), ""
    hint = text_hint(entry)
    return None, f"'{entry.key}' must be text, got {describe(entry.value)}" + (
        f"; {hint}" if hint else ""
    )


def _bool(entry: Entry) -> tuple[Any, str]:
    if isinstance(entry.value, bool):
        return entry.value, ""
    return None, f"'{entry.key}' must be true or false, got {describe(entry.value)}"


def _positive_int(entry: Entry) -> tuple[Any, str]:
    v = entry.value
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
        return v, ""
    return None, f"'{entry.key}' must be a whole number of at least 1, got {describe(v)}"


def _count(entry: Entry) -> tuple[Any, str]:
    v = entry.value
    if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 20:
        return v, ""
    return None, f"'{entry.key}' must be a whole number from 0 (none) to 20, got {describe(v)}"


def _base_url(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    return check_base_url(value)


def check_base_url(value: str) -> tuple[str, str]:
    """`value` normalised to end in `/`, or an error message."""
    value, err = check_url(value, "base_url")
    if err:
        return "", err
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        return "", "'base_url' must not have a query or fragment"
    return value if value.endswith("/") else value + "/", ""


# Characters no URL may carry as they are: a quote or angle bracket ends an HTML attribute,
# a backslash reads as '/' in browsers (`https:\\evil.example`), a backtick once ended
# attributes too. Spaces and control characters are refused separately.
_URL_BAD = frozenset('"<>\\`')
_HOST = re.compile(r"[^\W_](?:[\w.-]*[^\W_])?\.?|[0-9a-f.]*:[0-9a-f:.]*")
"""A host name (letters of any script, digits, '-', '.') or an IPv6 address."""


def check_url(value: str, key: str) -> tuple[str, str]:
    """The one rule for every URL in site.yaml, which is written into every page: an absolute
    http(s) URL with a host and nothing else, so never `javascript:`, `data:` or a relative
    path. Returns the value, or an error message naming `key`."""
    odd = next((ch for ch in value if ch in _URL_BAD or unicodedata.category(ch)[0] in "CZ"), None)
    if odd is not None:
        return "", (
            f"'{key}' must not contain {spelt(odd)}; write it percent-encoded (%{ord(odd):02X})"
            if ord(odd) < 128
            else f"'{key}' must not contain {spelt(odd)}; write it percent-encoded"
        )
    example = f"'{key}' must be an absolute http(s) URL such as https://example.org/, got '{value}'"
    try:
        parts = urlsplit(value)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:  # a stray '[' or a bad port: urlsplit would raise, not answer
        return "", example
    if parts.scheme not in ("http", "https") or not host:
        return "", example
    if "@" in parts.netloc:
        return "", (
            f"'{key}' must not carry a user name or password (the part before '@'), got '{value}'"
        )
    if not _HOST.fullmatch(host):
        return "", f"'{key}' has no valid host name, got '{value}'"
    return value, ""


def _url(key: str) -> Check:
    """The validator of one URL key, `key` spelt out in full for its messages."""

    def check(entry: Entry) -> tuple[Any, str]:
        value, err = _text(entry)
        if err or not value:  # `url: ''` means none
            return value, err
        return check_url(value, key)

    return check


def _timezone(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None, f"unknown timezone '{value}'; use an IANA name such as Europe/Berlin or UTC"
    return value, ""


def _permalink(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    names = re.findall(r"{([^{}]*)}", value)
    unknown = [n for n in names if n not in PERMALINK_FIELDS]
    if unknown:
        return None, (
            f"unknown placeholder {{{unknown[0]}}} in permalink; "
            f"use {', '.join('{' + f + '}' for f in PERMALINK_FIELDS)}"
        )
    literal = re.sub(r"{(?:year|month|day|slug)}", "", value)
    if "{" in literal or "}" in literal:
        return (
            None,
            f"permalink has a '{{' or '}}' that opens or closes no placeholder, got '{value}'",
        )
    if "slug" not in names:
        return None, "permalink must contain {slug}, or articles would share one URL"
    # Links to articles are made from the permalink; one that names a host or a scheme
    # would send every reader off the site.
    if value.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        return None, (
            f"permalink must be a path on this site such as /{{year}}/{{slug}}/, not a URL "
            f"('//' or 'scheme:' leads to another host), got '{value}'"
        )
    if not value.startswith("/") or not value.endswith("/"):
        return (
            None,
            f"permalink must start and end with '/', e.g. /{{year}}/{{slug}}/, got '{value}'",
        )
    parts = value[1:-1].split("/")
    if "" in parts:
        return None, f"permalink must not have an empty segment ('//'), got '{value}'"
    if any(part in (".", "..") for part in parts):
        return None, "permalink must not contain '.' or '..' segments"
    if any(part.startswith(".") for part in parts):
        return None, f"permalink segments must not start with '.' (hidden folders), got '{value}'"
    for part in parts:
        # Each segment is a folder name once filled in, and a name has a byte limit.
        longest = len(re.sub(r"{(?:year|month|day|slug)}", "", part).encode())
        longest += part.count("{slug}") * MAX_SLUG_BYTES + part.count("{year}") * 4
        longest += (part.count("{month}") + part.count("{day}")) * 2
        if longest > MAX_NAME_BYTES:
            return None, (
                f"permalink segment '{part}' can be {longest} bytes once filled in, and a "
                f"folder name may have at most {MAX_NAME_BYTES}; use {{slug}} at most twice "
                "in one segment and keep its text short"
            )
    odd = next(
        (ch for ch in literal if ch in _PATH_BAD or unicodedata.category(ch)[0] in "CZ"), None
    )
    if odd is not None:
        return None, (
            f"permalink must not contain {spelt(odd)}; between the slashes use letters, "
            "digits, '-', '_', '.' and the placeholders"
        )
    return value, ""


# In a path these would end it ('?', '#'), escape from it ('%', '\\' which browsers read as
# '/'), start a scheme (':' in `javascript:x/`, which a relative link from the home page
# would be) or break a file name on some system.
_PATH_BAD = frozenset('\\:?#%<>"|*')


def _output(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    if not value:
        return None, "'output' must name a folder, such as public"
    return value, ""


def _feed_content(entry: Entry) -> tuple[Any, str]:
    if entry.value in ("full", "summary"):
        return entry.value, ""
    return None, f"'content' must be 'full' or 'summary', got {describe(entry.value)}"


def _read_formats(reader: MappingReader, entry: Entry) -> Any:
    """`feed.formats` and `feed.groups`: feed formats, Atom among them, each problem at the
    word it is about; kept in brief's order, without repeats."""
    node, key = entry.node, entry.key
    example = f"{key}: [atom, rss, json]"
    if not isinstance(node, yaml.SequenceNode):
        reader.problems.append(
            reader.located(
                entry,
                f"'{key}' must be a list of feed formats, e.g. {example}, "
                f"got {describe(entry.value)}",
            )
        )
        return None
    before = len(reader.problems)
    found: set[str] = set()
    for item, value in zip(node.value, entry.value, strict=True):
        if value in FEED_FORMATS:
            found.add(value)
            continue
        word = str(value).lower()
        close = did_you_mean(word, FEED_FORMATS) or next(
            (f for f in FEED_FORMATS if f in word), None
        )  # `jsonfeed`, `rss2.0`
        hint = f"did you mean '{close}'?" if close else "brief writes atom, rss and json"
        reader.problem(item.start_mark, f"unknown feed format {describe(value)} in '{key}'; {hint}")
    if len(reader.problems) > before:
        return None
    if "atom" not in found:
        reader.problems.append(
            reader.located(
                entry,
                f"'{key}' must include atom: every page links to the Atom feeds (feed.xml); "
                f"list the others beside it, e.g. {example}",
            )
        )
        return None
    return tuple(f for f in FEED_FORMATS if f in found)


def _date_format(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    value, err = check_date_format(value)
    return (value, "") if not err else (None, err)


def _language(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    tag, err = check_language(value)
    return (tag, "") if not err else (None, err)


def _cname(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    name = value.rstrip(".")
    try:
        ascii_name = name.encode("idna").decode("ascii")  # what a CNAME file must hold
    except UnicodeError:
        ascii_name = ""
    labels = ascii_name.split(".")
    if (
        len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        return None, f"'cname' must be a domain name such as news.example.org, got '{value}'"
    return ascii_name.lower(), ""


_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
"""One label of a host name, as DNS spells it."""


def _workers(entry: Entry) -> tuple[Any, str]:
    value, err = _positive_int(entry)
    if err or value <= 64:
        return value, err
    return None, f"'workers' must be at most 64, got {value}"


def _prefix(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    parts = [p for p in value.strip("/").split("/") if p]
    if any(p in (".", "..") for p in parts) or "\\" in value:
        return None, f"'prefix' must be a plain folder path in the bucket, got '{value}'"
    return "".join(p + "/" for p in parts), ""


_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
"""S3's rule for bucket names (R2, MinIO and B2 keep to it too)."""
CACHE_EXAMPLE = "s3://my-bucket/brief-cache"


def check_cache_url(value: str, key: str = "cache") -> tuple[RemoteCache | None, str]:
    """`s3://bucket/prefix` as a `RemoteCache`, or an error message naming `key`. A key or
    secret in the URL is refused without being repeated."""
    value = value.strip()
    if "@" in value:
        return None, (
            f"'{key}' must not carry a key or secret (the part before '@'); set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment instead"
        )
    shown = redact(value)
    if not value.startswith("s3://"):
        return None, f"'{key}' must be an s3:// URL such as {CACHE_EXAMPLE}, got '{shown}'"
    bucket, _, prefix = value[len("s3://") :].partition("/")
    if not bucket:
        return None, f"'{key}' needs a bucket name after s3://, e.g. {CACHE_EXAMPLE}"
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        return None, (
            f"'{key}' has no valid bucket name: '{bucket}' must be 3 to 63 lowercase letters, "
            "digits, '.' and '-', beginning and ending with a letter or digit"
        )
    if any(ch in prefix for ch in "?#\\") or any(unicodedata.category(c)[0] == "C" for c in prefix):
        return None, f"'{key}' must be a bucket and a folder in it, such as {CACHE_EXAMPLE}"
    parts = [p for p in prefix.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None, f"'{key}' must name a plain folder in the bucket, got '{shown}'"
    return RemoteCache(bucket, "".join(p + "/" for p in parts)), ""


def _cache_url(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    return check_cache_url(value)


def _deploy_type(entry: Entry) -> tuple[Any, str]:
    if entry.value in DEPLOY_TYPES:
        return entry.value, ""
    close = did_you_mean(str(entry.value), list(DEPLOY_TYPES))
    hint = f"; did you mean '{close}'?" if close else ""
    return None, f"'type' must be git, rsync or s3, got {describe(entry.value)}{hint}"


def _command(entry: Entry) -> tuple[Any, str]:
    value, err = _text(entry)
    if err:
        return None, err
    if "\n" in value or "\r" in value:
        return None, f"'{entry.key}' must be one line"
    return value, ""


class Section:
    """A key whose value has a shape of its own (names chosen by the site, or rules in
    order), read by `read`, which records its own problems and returns None after one."""

    def __init__(self, read: Callable[[MappingReader, Entry], Any]) -> None:
        self.read = read


# Declared keys. A nested mapping is a dict of its own keys.
Spec = dict[str, "Check | Spec | Section"]


def _read_vocabulary(reader: MappingReader, entry: Entry) -> Any:
    """`tags:` as a list of words and phrases."""
    if not isinstance(entry.value, list) or not all(
        isinstance(v, str) and v.strip() for v in entry.value
    ):
        reader.problems.append(
            reader.located(entry, "'tags' must be a list of words, e.g. tags: [Ukraine, Energy]")
        )
        return None
    return tuple(dict.fromkeys(" ".join(v.split()) for v in entry.value))


def _read_checks(reader: MappingReader, entry: Entry) -> Any:
    """`checks:` as `code: false` lines (which codes exist is the checks' own business)."""
    found = []
    for rule in reader.entries(entry.node, "checks"):
        value, err = _bool(rule)
        if err:
            reader.problems.append(reader.located(rule, err))
        else:
            found.append((rule.key, bool(value)))
    return tuple(found)


def _read_cache(reader: MappingReader, entry: Entry) -> Any:
    """`cache:` as `glob: Cache-Control` lines, kept in their order."""
    rules = []
    for rule in reader.entries(entry.node, "host.cache"):
        value, err = _command(rule)
        if err:
            reader.problems.append(reader.located(rule, err))
        else:
            rules.append((rule.key, value))
    return tuple(rules)


def _read_search(reader: MappingReader, entry: Entry) -> Any:
    """`search:` as true or false, or as a mapping of its options (`pages:`)."""
    if isinstance(entry.value, bool):
        return SearchOptions(enabled=entry.value)
    if not isinstance(entry.node, yaml.MappingNode):
        reader.problems.append(
            reader.located(
                entry,
                f"'search' must be true, false or a mapping such as {{pages: true}}, "
                f"got {describe(entry.value)}",
            )
        )
        return None
    before = len(reader.problems)
    values = _read(reader, entry.node, {"pages": _bool, "shard_pages": _positive_int}, "search")
    return SearchOptions(**values) if len(reader.problems) == before else None


_COMMON_TARGET: Spec = {
    "type": _deploy_type,
    "base_url": _base_url,
    "production": _bool,
}
TARGET_KEYS: dict[str, Spec] = {
    "git": {**_COMMON_TARGET, "remote": _text, "branch": _text, "ssh": _command},
    "rsync": {**_COMMON_TARGET, "dest": _text, "ssh": _command},
    "s3": {
        **_COMMON_TARGET,
        "bucket": _text,
        "prefix": _prefix,
        "region": _text,
        "endpoint_url": _url("endpoint_url"),
        "profile": _text,
        "workers": _workers,
    },
}
_REQUIRED_TARGET = {"rsync": "dest", "s3": "bucket"}


def _read_deploy(reader: MappingReader, entry: Entry) -> Any:
    """`deploy:` as named targets, each a mapping whose keys depend on its `type`."""
    targets = []
    for target in reader.entries(entry.node, "deploy"):
        node = target.node
        where = f"deploy.{target.key}"
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", target.key):
            reader.problems.append(
                Problem(
                    reader.path,
                    target.line,
                    target.column,
                    f"deploy target name '{target.key}' must be letters, digits, '-' and '_' "
                    "(it is typed on the command line and names a folder)",
                )
            )
            continue
        if not isinstance(node, yaml.MappingNode):
            reader.problems.append(
                reader.located(
                    target,
                    f"'{where}' must be a mapping such as {{type: git, branch: gh-pages}}",
                )
            )
            continue
        kind = next(
            (
                v.value
                for k, v in node.value
                if isinstance(k, yaml.ScalarNode) and k.value == "type"
            ),
            None,
        )
        if kind is None:
            reader.problems.append(
                Problem(
                    reader.path,
                    target.line,
                    target.column,
                    f"'{where}' needs type: git, rsync or s3",
                )
            )
            continue
        if kind not in TARGET_KEYS:  # only this: its other keys depend on the type
            for entry in reader.entries(node, where):
                if entry.key == "type":
                    reader.problems.append(reader.located(entry, _deploy_type(entry)[1]))
            continue
        before = len(reader.problems)
        values = _read(reader, node, TARGET_KEYS[kind], where)
        if len(reader.problems) > before:
            continue
        needed = _REQUIRED_TARGET.get(kind)
        if needed and not values.get(needed):
            reader.problems.append(
                Problem(
                    reader.path,
                    target.line,
                    target.column,
                    f"'{where}' (type {kind}) needs {needed}:",
                )
            )
            continue
        targets.append(DeployTarget(name=target.key, line=target.line, **values))
    return tuple(targets)


def _person_keys(key: str) -> Spec:
    """The keys of an author or publisher; its url is held to the rule of every URL."""
    return {"name": _text, "url": _url(f"{key}.url")}


def _logo(entry: Entry) -> tuple[Any, str]:
    """`publisher.logo`: an absolute http(s) URL (the rule of every URL), or a path on this
    site such as /logo.png, which pages turn into an absolute URL from base_url."""
    value, err = _text(entry)
    if err or not value:
        return value, err
    if not value.startswith("/") or value.startswith("//"):
        return check_url(value, "publisher.logo")
    odd = next((ch for ch in value if ch in _PATH_BAD or unicodedata.category(ch)[0] in "CZ"), None)
    if odd is not None:
        return "", (
            f"'publisher.logo' must not contain {spelt(odd)}; a site path such as /logo.png "
            "uses letters, digits, '/', '-', '_' and '.'"
        )
    if any(part in (".", "..") for part in value.split("/")):
        return "", f"'publisher.logo' must not contain '.' or '..' segments, got '{value}'"
    return value, ""


def _read_widths(reader: MappingReader, entry: Entry) -> Any:
    """`images.widths`: pixel widths, each at its own line when wrong; sorted, no repeats."""
    example = "widths: [480, 800, 1200, 1600]"
    items = entry.value if isinstance(entry.node, yaml.SequenceNode) else None
    if not items:
        reader.problems.append(
            reader.located(
                entry,
                f"'widths' must be a list of pixel widths, e.g. {example}, got "
                f"{describe(entry.value)}",
            )
        )
        return None
    before = len(reader.problems)
    for item, value in zip(entry.node.value, items, strict=True):
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not MIN_IMAGE_WIDTH <= value <= MAX_IMAGE_WIDTH
        ):
            reader.problem(
                item.start_mark,
                f"'widths' has {describe(value)}; each width must be a whole number of pixels "
                f"from {MIN_IMAGE_WIDTH} to {MAX_IMAGE_WIDTH}, e.g. {example}",
            )
    if len(reader.problems) > before:
        return None
    return tuple(sorted(set(items)))


def _read_image_formats(reader: MappingReader, entry: Entry) -> Any:
    """`images.formats`: webp and avif, kept best first; avif only where Pillow has it."""
    items = entry.value if isinstance(entry.node, yaml.SequenceNode) else None
    if items is None:
        reader.problems.append(
            reader.located(
                entry,
                "'formats' must be a list of image formats, e.g. formats: [webp] "
                f"(or [webp, avif]), got {describe(entry.value)}",
            )
        )
        return None
    before = len(reader.problems)
    for item, value in zip(entry.node.value, items, strict=True):
        word = str(value).lower()
        if value not in IMAGE_FORMATS:
            close = did_you_mean(word, IMAGE_FORMATS)
            hint = f"did you mean '{close}'?" if close else "brief derives webp and avif"
            if word in ("jpeg", "jpg", "png"):
                hint = "the original's format is always offered; list only webp and avif"
            reader.problem(item.start_mark, f"unknown image format {describe(value)}; {hint}")
        elif value == "avif" and not _avif_available():
            reader.problem(
                item.start_mark,
                "this Pillow cannot write AVIF (PIL.features.check('avif') is false); "
                "remove avif from 'formats' or install a Pillow built with libavif",
            )
    if len(reader.problems) > before:
        return None
    return tuple(f for f in IMAGE_FORMATS if f in items)


def _avif_available() -> bool:
    from PIL import features  # only a site that asks for AVIF needs to know

    return bool(features.check("avif"))


def _quality(entry: Entry) -> tuple[Any, str]:
    v = entry.value
    if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100:
        return v, ""
    return (
        None,
        f"'quality' must be a whole number from 1 to 100 (82 suits photos), got {describe(v)}",
    )


def _default_image(entry: Entry) -> tuple[Any, str]:
    value, err = _logo(entry)
    return value, err.replace("publisher.logo", "images.default")


SPEC: Spec = {
    "title": _text,
    "description": _text,
    "base_url": _base_url,
    "language": _language,
    "timezone": _timezone,
    "author": _person_keys("author"),
    "publisher": {**_person_keys("publisher"), "logo": _logo},
    "copyright": _text,
    "paginate": _positive_int,
    "permalink": _permalink,
    "output": _output,
    "date_format": _date_format,
    "markdown": {"html": _bool, "typographer": _bool, "anchors": _bool},
    "feed": {
        "entries": _positive_int,
        "content": _feed_content,
        "formats": Section(_read_formats),
        "groups": Section(_read_formats),
    },
    "host": {
        "cname": _cname,
        "nojekyll": _bool,
        "headers": _bool,
        "redirects": _bool,
        "fingerprint": _bool,
        "cache": Section(_read_cache),
    },
    "deploy": Section(_read_deploy),
    "cache": _cache_url,
    "tags": Section(_read_vocabulary),
    "checks": Section(_read_checks),
    "sections": Section(read_sections),
    "authors": Section(lambda reader, entry: read_authors(reader, entry, check_url)),
    "menu": Section(lambda reader, entry: read_menus(reader, entry, check_url)),
    "images": {
        "widths": Section(_read_widths),
        "formats": Section(_read_image_formats),
        "quality": _quality,
        "default": _default_image,
    },
    "search": Section(_read_search),
    "archives": _bool,
    "related": _count,
}
REQUIRED = ("title", "base_url")


def _read(reader: MappingReader, node: Any, spec: Spec, where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for entry in reader.entries(node, where):
        check = spec.get(entry.key)
        if check is None:
            close = did_you_mean(entry.key, list(spec))
            hint = f"; did you mean '{close}'?" if close else f"; known keys: {', '.join(spec)}"
            prefix = f"in '{where}', " if where != "site.yaml" else ""
            reader.problems.append(
                Problem(
                    reader.path,
                    entry.line,
                    entry.column,
                    f"{prefix}unknown key '{entry.key}'{hint}",
                )
            )
        elif isinstance(check, Section):
            if entry.value is not None:
                values[entry.key] = check.read(reader, entry)
        elif isinstance(check, dict):
            if entry.value is None:
                continue
            values[entry.key] = _read(reader, entry.node, check, entry.key)
        else:
            value, err = check(entry)
            if err:
                reader.problems.append(reader.located(entry, err))
            else:
                values[entry.key] = value
    return values


def _person(
    values: dict[str, Any] | None, key: str, path: str, problems: list[Problem]
) -> Person | None:
    if values is None:
        return None
    if not values.get("name"):
        problems.append(Problem(path, None, None, f"'{key}' needs a 'name'"))
        return None
    return Person(
        name=values["name"], url=values.get("url") or None, logo=values.get("logo") or None
    )


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> SiteConfig:
    """Read `root/site.yaml` into a `SiteConfig`, or raise `BriefError` with every problem."""
    root = root.resolve()
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    if not path.is_file():
        raise BriefError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "no site.yaml here; run brief in the site folder or pass --source DIR",
                )
            ]
        )
    raw = path.read_bytes()
    if len(raw) > MAX_CONFIG_BYTES:
        raise BriefError(
            [Problem(shown, None, None, f"site.yaml is larger than {MAX_CONFIG_BYTES} bytes")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8",
                )
            ]
        ) from None
    reader = MappingReader(text, shown)
    if reader.root is None and not reader.problems:  # empty, or only comments
        raise BriefError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "site.yaml is empty; it needs at least title: and base_url:, e.g. "
                    "title: My Brief and base_url: https://example.org/",
                )
            ]
        )
    values = _read(reader, reader.root, SPEC, "site.yaml") if reader.root is not None else {}
    problems = reader.problems
    values.update(overrides or {})
    for key in REQUIRED if isinstance(reader.root, yaml.MappingNode) else ():
        if (
            key not in values
            and key not in reader.failed
            and not any(f"'{key}'" in p.message for p in problems)
        ):
            problems.append(Problem(shown, 1, None, f"missing required key '{key}'"))
    if problems:
        raise BriefError(problems)
    kwargs = dict(values)
    kwargs["author"] = _person(values.get("author"), "author", shown, problems)
    kwargs["publisher"] = _person(values.get("publisher"), "publisher", shown, problems)
    kwargs["markdown"] = MarkdownOptions(**values.get("markdown", {}))
    kwargs["feed"] = FeedOptions(**values.get("feed", {}))
    kwargs["host"] = HostOptions(**values.get("host", {}))
    kwargs["images"] = ImageOptions(**values.get("images", {}))
    if problems:
        raise BriefError(problems)
    return SiteConfig(root=root, **kwargs)
