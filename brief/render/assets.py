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


def _rewrite_css(text: str, own_url: str, names: Mapping[str, str]) -> str:
    def swap(m: re.Match[str]) -> str:
        ref = m.group("ref")
        if "://" in ref or ref.startswith(("data:", "#", "//")):
            return m.group(0)
        path, sep, rest = ref.partition("?")
        if "#" in path:
            path, _, frag = path.partition("#")
            rest = (rest + "#" + frag) if sep else frag
            sep = sep or "#"
        target = (
            path
            if path.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(own_url), path))
        )
        new = names.get(target)
        if new is None:
            return m.group(0)
        link = relative(new, own_url) + (sep + rest if sep else "")
        return f"{m.group('head')}{m.group('q')}{link}{m.group('q')}"

    return _CSS_REF.sub(swap, text)


def _imports_first(chosen: list[str], statics: Mapping[str, Path]) -> list[str]:
    """`chosen` with every stylesheet after the hashed stylesheets it links, so their new
    names are known when it is rewritten (a cycle of imports keeps path order)."""
    sheets = [rel for rel in chosen if rel.lower().endswith(".css")]
    others = [rel for rel in chosen if rel not in sheets]
    wanted = set(sheets)
    needs: dict[str, set[str]] = {}
    for rel in sheets:
        try:
            text = statics[rel].read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            text = ""
        own = "/" + rel
        refs = set()
        for m in _CSS_REF.finditer(text):
            path = m.group("ref").partition("?")[0].partition("#")[0]
            target = (
                path
                if path.startswith("/")
                else posixpath.normpath(posixpath.join(posixpath.dirname(own), path))
            )
            if target.lstrip("/") in wanted and target != own:
                refs.add(target.lstrip("/"))
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
    by_source: dict[str, Asset] = {}
    names: dict[str, str] = {}
    for rel in _imports_first(chosen, statics):
        source = statics[rel]
        data = source.read_bytes()
        rewritten: bytes | None = None
        if rel.lower().endswith(".css") and names:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None  # not ours to read: copied as it is
            if text is not None:
                new_text = _rewrite_css(text, "/" + rel, names)
                if new_text != text:
                    rewritten = new_text.encode("utf-8")
        path, digest = hashed_name(rel, rewritten if rewritten is not None else data)
        by_source[rel] = Asset(source, path, digest, rewritten)
        names["/" + rel] = "/" + path
    return Assets(by_source, names)
