"""Every file of the site as planned, and which of them a build must (re)write.

A planned file is a page to render, a file to copy (static and media) or one made in code
(feeds, sitemap); each carries the fingerprint of what its bytes depend on, so comparing
fingerprints with the last build's records decides what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from brief.build.fingerprints import fingerprint
from brief.build.images import ImageJob, cached_name
from brief.build.state import Records, intact
from brief.config import SiteConfig
from brief.content.article import Article
from brief.content.figures import published_path
from brief.errors import Problem
from brief.i18n import catalogue
from brief.images.plan import Picture
from brief.output.guard import MARKER, MARKER_TEXT
from brief.paths import display_path, stat
from brief.render.assets import Assets
from brief.render.generated import Generated, generated_files
from brief.render.hosting import (
    CNAME,
    HEADERS,
    NOJEKYLL,
    REDIRECTS,
    aliases,
    headers_file,
    moved_text,
    redirect_page,
    redirects_file,
)
from brief.site import routes
from brief.site.edition import Edition
from brief.site.pages import Page


@dataclass(frozen=True)
class PlannedFile:
    """One file of the site, and the fingerprint of everything its bytes depend on."""

    path: str
    """Relative to the output folder, posix."""
    fingerprint: str
    origin: str
    """What makes it, for collision messages."""
    page: Page | None = None
    make: Callable[[], bytes] | None = None
    copy_from: Path | str | None = None
    job: ImageJob | None = None
    """A photo's derived file: `copy_from` is in the image cache, filled before the write
    (`build.images`)."""


def apart(files: Sequence[PlannedFile], recorded: Collection[str]) -> bool:
    """Whether `files` surely cannot collide (`site.pages.find_collisions`): no two share a
    path, and every path is one the last build wrote. That build had no collision (one with
    a collision writes nothing), and neither has any part of its paths, case-folded or as
    folders, so an edit that moves nothing skips the check (0.1 to 0.3 s at 10,000
    articles)."""
    paths = {f.path for f in files}
    return len(paths) == len(files) and all(p in recorded for p in paths)


def _file_fingerprint(path: Path) -> str:
    return fingerprint("file", str(path), stat(path))


def plan_files(
    edition: Edition,
    pages: list[Page],
    fingerprints: list[str],
    key: str,
    statics: dict[str, Path],
    assets: Assets | None = None,
) -> tuple[list[PlannedFile], list[Problem]]:
    """Every file of the site with its fingerprint, in a stable order, and the aliases that
    would replace another file.

    The site's own `static/robots.txt` wins over brief's, but not in a staging build, whose
    robots.txt must keep every crawler out."""
    config = edition.config
    robots = routes.ROBOTS.lstrip("/")
    own_robots = robots in statics and config.production
    if robots in statics and not config.production:
        statics = {k: v for k, v in statics.items() if k != robots}
    files: list[PlannedFile] = [
        PlannedFile(p.file, fp, p.source or f"page {p.url}", page=p)
        for p, fp in zip(pages, fingerprints, strict=True)
    ]
    hashed = assets.by_source if assets else {}
    for rel, path in statics.items():
        asset = hashed.get(rel)
        if asset is not None:
            files.append(
                PlannedFile(
                    asset.path,
                    fingerprint("asset", asset.digest),
                    display_path(path, config.root),
                    copy_from=path if asset.data is None else None,
                    make=None if asset.data is None else partial(bytes, asset.data),
                )
            )
            continue
        files.append(
            PlannedFile(
                rel, _file_fingerprint(path), display_path(path, config.root), copy_from=path
            )
        )
    media = _media(edition)
    files.extend(media[k] for k in sorted(media))
    words = catalogue(config).digest  # feeds show the body's figure credits in its language
    files.extend(generated_file(g, key, words) for g in generated_files(edition, pages, own_robots))
    problems = _host_files(files, edition, key, assets or Assets())
    # The mark that lets a later build (or another tool) know brief made this folder.
    files.append(PlannedFile(MARKER, fingerprint(MARKER_TEXT), "brief", make=_marker))
    return files, problems


def generated_file(made: Generated, key: str, words: str) -> PlannedFile:
    """The planned file of a file made in code; `words`: the digest of the site's strings
    (feeds show the body's figure credits in its language)."""
    signature = fingerprint(key, words, made.signature)
    return PlannedFile(made.path, signature, f"generated {made.path}", make=made.make)


def local_images(
    article: Article, config: SiteConfig, content: Path
) -> Iterator[tuple[str, Path, Picture | None]]:
    """(output path, file, picture) of every local image an article shows: its lead image,
    then those of its body (`content`: the content folder, resolved)."""
    image = article.image
    if image and image.file and image.src:
        yield image.src.lstrip("/"), image.file, image.picture
    for figure in article.figures:
        if figure.file is not None:
            rel = published_path(figure.file, config, content).lstrip("/")
            yield rel, figure.file, figure.picture


def _media(edition: Edition) -> dict[str, PlannedFile]:
    """Every file of the local images the published articles show, by output path: one per
    path, however many articles show it (the first names it in collision messages).

    A photo is never copied as uploaded (its EXIF may say where it was taken): its own path
    gets a re-encoded copy without camera metadata, beside its derived sizes and formats,
    all made in the image cache. An SVG is copied."""
    config = edition.config
    media: dict[str, PlannedFile] = {}
    content = config.content_dir.resolve()
    for a in (*edition.articles, *edition.pages):
        for rel, file, picture in local_images(a, config, content):
            if picture is None:
                if rel not in media:
                    media[rel] = PlannedFile(rel, _file_fingerprint(file), a.source, copy_from=file)
                continue
            job = ImageJob(file, picture, a.source)
            for variant in picture.files:
                path = variant.path.lstrip("/")
                if path not in media:
                    media[path] = PlannedFile(
                        path,
                        fingerprint("image", picture.key, variant),
                        a.source,
                        copy_from=cached_name(config, picture, variant),
                        job=job,
                    )
    return media


def _host_files(
    files: list[PlannedFile], edition: Edition, key: str, assets: Assets
) -> list[Problem]:
    """Add the redirect pages of aliases and the files hosts read (CNAME, .nojekyll,
    _redirects, _headers) to `files`."""
    config = edition.config
    host = config.host
    taken = {f.path.casefold(): f.origin for f in files}
    found, problems = aliases((*edition.articles, *edition.pages), taken)
    moved = moved_text(config)
    for a in found:
        signature = ("alias", a.url, a.article.url, a.article.title, moved)
        files.append(
            PlannedFile(
                a.path,
                fingerprint(key, signature),
                a.article.source,
                make=partial(redirect_page, a, config, moved),
            )
        )
    extra: list[tuple[str, bytes]] = []
    if host.cname and config.production:  # a staging copy must not claim the real domain
        extra.append((CNAME, host.cname.encode() + b"\n"))
    if host.nojekyll:
        extra.append((NOJEKYLL, b""))
    if host.redirects and found:
        extra.append((REDIRECTS, redirects_file(found, config)))
    for path, data in extra:
        files.append(
            PlannedFile(
                path, fingerprint("host", data), f"generated {path}", make=partial(bytes, data)
            )
        )
    if host.headers:
        # Made only when written: its bytes follow from the paths (a rule for each hashed
        # or `host.cache` one) and the config, which `key` covers; making them is 0.14 s
        # at 10,000 articles, which a build that adds no file need not spend.
        hashed = frozenset(a.path for a in assets.by_source.values())
        paths = [f.path for f in files]
        rules = fingerprint(key, "headers", sorted(hashed), "\n".join(paths))
        make = partial(headers_file, paths, config, hashed)
        files.append(PlannedFile(HEADERS, rules, f"generated {HEADERS}", make=make))
    return problems


def _marker() -> bytes:
    return MARKER_TEXT


@dataclass(frozen=True)
class Changes:
    """What a build must do to the output folder."""

    changed: list[PlannedFile]
    """Files to (re)write: new, changed, or altered on disk since the last build."""
    removed: list[str]
    """Paths of the last build that this one no longer has."""
    intact: set[str]
    """Paths the last build wrote that are still as it left them."""
    previous: int
    """How many files the last build wrote."""


def diff(files: list[PlannedFile], records: Records, out: Path) -> Changes:
    same = intact(out, records)
    changed = [f for f in files if f.path not in same or records[f.path][0] != f.fingerprint]
    removed = sorted(set(records) - {f.path for f in files})
    return Changes(changed, removed, same, len(records))
