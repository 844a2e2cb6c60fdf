"""Content-hash names for the theme's assets, so hosts may cache them for a year.

A stylesheet, script or font under `static/` is written as `style.3f2a9c1e.css`, the digest of
its bytes: a changed file gets a new name, so a reader's browser never holds a stale copy,
and an unchanged one keeps its name from build to build (the output stays reproducible).
Templates keep writing `url('/style.css')`; the link comes out with the hashed name. Inside a
stylesheet, `url(...)` and `@import` of another hashed file are rewritten too, before its
own digest is taken. Everything else in `static/` (images, robots.txt, downloads) keeps its
name, since articles and other sites link to those by name; so does `favicon.ico`.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brief.render.urls import relative

HASHED = frozenset({".css", ".js", ".mjs", ".woff", ".woff2", ".ttf", ".otf", ".eot"})
"""Kinds of file that are only ever linked from the theme, so they can be renamed."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""How long a host may keep a hashed file: a year, without asking again."""

_CSS_REF = re.compile(
    r"""(?P<head>@import\s+url\(\s*|url\(\s*|@import\s+)(?P<q>["']?)(?P<ref>[^"')\s]+)(?P=q)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asset:
    source: Path
    path: str
    """Its hashed path in the output, relative, posix."""
    digest: str
    data: bytes | None = None
    """Its bytes when they differ from the source's (a stylesheet with rewritten links)."""


@dataclass(frozen=True)
class Assets:
    by_source: dict[str, Asset] = field(default_factory=dict)
    """Original static path (relative) -> its hashed asset."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Site path `/style.css` -> `/style.3f2a9c1e.css`, for links."""

    @property
    def digest(self) -> str:
        """Changes when any hashed name does: every page linking them must be made again."""
        return hashlib.blake2b(repr(sorted(self.names.items())).encode(), digest_size=8).hexdigest()


def is_hashed(rel: str) -> bool:
    """Stylesheets, scripts, fonts, and a favicon the theme links (`favicon.ico` keeps its
    name: browsers ask for it by name)."""
    name = posixpath.basename(rel).lower()
    ext = posixpath.splitext(name)[1]
    return ext in HASHED or (name.startswith("favicon.") and ext != ".ico")


def hashed_name(rel: str, data: bytes) -> tuple[str, str]:
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    folder, name = posixpath.split(rel)
    stem, dot, ext = name.rpartition(".")
    new = f"{stem}.{digest[:8]}.{ext}" if dot and stem else f"{name}.{digest[:8]}"
    return posixpath.join(folder, new), digest


def _css_target(ref: str, own_url: str) -> tuple[str, str] | None:
    """The site path a stylesheet's `url(...)`/`@import` names, and what follows the path
    (`?v=3`, `#iefix`), or None for a URL, `data:` or a bare fragment."""
    if "://" in ref or ref.startswith(("data:", "#", "//")):
        return None
    end = min((i for i in (ref.find("?"), ref.find("#")) if i >= 0), default=len(ref))
    path, rest = ref[:end], ref[end:]
    if not path.startswith("/"):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(own_url), path))
    return path, rest


def _rewrite_css(text: str, own_url: str, names: Mapping[str, str]) -> str:
    def swap(m: re.Match[str]) -> str:
        found = _css_target(m.group("ref"), own_url)
        new = names.get(found[0]) if found else None
        if found is None or new is None:
            return m.group(0)
        link = relative(new, own_url) + found[1]
        return f"{m.group('head')}{m.group('q')}{link}{m.group('q')}"

    return _CSS_REF.sub(swap, text)


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not ours to read: copied as it is


def _imports_first(chosen: list[str], data: Mapping[str, bytes]) -> list[str]:
    """`chosen` with every stylesheet after the hashed stylesheets it links, so their new
    names are known when it is rewritten (a cycle of imports keeps path order)."""
    sheets = [rel for rel in chosen if rel.lower().endswith(".css")]
    others = [rel for rel in chosen if rel not in sheets]
    wanted = {"/" + rel for rel in sheets}
    needs: dict[str, set[str]] = {}
    for rel in sheets:
        own = "/" + rel
        refs = set()
        for m in _CSS_REF.finditer(_text(data[rel]) or ""):
            found = _css_target(m.group("ref"), own)
            if found and found[0] in wanted and found[0] != own:
                refs.add(found[0][1:])
        needs[rel] = refs
    ordered: list[str] = []
    done: set[str] = set()
    pending = list(sheets)
    while pending:
        ready = [rel for rel in pending if needs[rel] <= done]
        if not ready:  # a cycle: the rest in path order
            ready = pending[:1]
        for rel in ready:
            ordered.append(rel)
            done.add(rel)
            pending.remove(rel)
    return others + ordered


def fingerprint_assets(statics: Mapping[str, Path], enabled: bool = True) -> Assets:
    """Hashed names for the static files that get them: fonts and scripts first, then
    stylesheets, whose links to those are rewritten before their own digest is taken."""
    if not enabled:
        return Assets()
    chosen = [rel for rel in statics if is_hashed(rel)]
    chosen.sort(key=lambda rel: (rel.lower().endswith(".css"), rel))
    data = {rel: statics[rel].read_bytes() for rel in chosen}
    by_source: dict[str, Asset] = {}
    names: dict[str, str] = {}
    for rel in _imports_first(chosen, data):
        rewritten: bytes | None = None
        text = _text(data[rel]) if rel.lower().endswith(".css") and names else None
        if text is not None:
            new_text = _rewrite_css(text, "/" + rel, names)
            if new_text != text:
                rewritten = new_text.encode("utf-8")
        path, digest = hashed_name(rel, rewritten if rewritten is not None else data[rel])
        by_source[rel] = Asset(statics[rel], path, digest, rewritten)
        names["/" + rel] = "/" + path
    return Assets(by_source, names)


def looks_hashed(rel: str) -> bool:
    """An output file under a content-hash name (`style.3f2a9c1e.css`), for code that sees
    only the built folder (a deploy)."""
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    digest = stem.rpartition(".")[2]
    return is_hashed(rel) and len(digest) == 8 and all(c in "0123456789abcdef" for c in digest)
