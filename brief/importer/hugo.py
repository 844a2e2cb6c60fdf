"""Hugo sites: where the pages are, what the site config says, and the address each page
had, which its article keeps as an alias.

Pages are the Markdown files under `content/` (or the site config's `contentDir`, or the
folder given if it is named `content`), in any section: `posts/`, `news/`, `blog/`...
Section pages (`_index.md`) are not posts and are skipped. A folder holding `index.md` is a
page bundle: that file is the page, named after the folder, and everything else in it is
its resources, so nothing below it is a page. Front-matter may be YAML (`---`), TOML
(`+++`) or JSON (`{`); keys are read without regard to case, as Hugo reads them.

The old address is Hugo's: the page's `url:`, else the site config's `permalinks` pattern
for its section, else the default: the page's folders in content/, then its `slug:` or its
file name (a bundle's folder name), then `/`; lower-cased unless `disablePathToLower`, and
ending in `.html` with `uglyURLs`. Dates are taken in the config's `timeZone`. An alias
written without a leading `/` is relative to the page's folder, as in Hugo; one without a
trailing `/` or an extension gets the `/` Hugo's redirect page is written under.

A file a page shows is a resource of its bundle (beside its `index.md`), or one Hugo copied to
the site's root from a static folder (`static/`, or the config's `staticDir`) or from content/
(see `media`).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from brief.content.sources import read_source as read_file
from brief.errors import Problem, has_errors
from brief.importer.bodies import BodyContext, Converted
from brief.importer.dates import local
from brief.importer.jekyll import is_url, with_extension
from brief.importer.matter import Kind, read_mapping
from brief.importer.media import Spot, site_path
from brief.importer.posts import Dialect, Fields, Post, PostFile, config_zone, warn
from brief.importer.shortcodes import MARKDOWN_SUFFIXES, convert_shortcodes, ref_key
from brief.paths import is_noise

HUGO = Dialect(
    name="Hugo",
    kinds=(Kind.YAML, Kind.TOML, Kind.JSON),
    keys={
        "title": ("title",),
        "date": ("date", "publishdate", "pubdate", "published"),
        "updated": ("lastmod", "modified", "updated"),
        "summary": ("summary", "excerpt", "description"),
        "author": ("author", "authors"),
        "tags": ("tags", "categories", "category", "keywords"),
        "slug": ("slug",),
        "draft": ("draft",),
        "image": ("image", "featured_image", "cover", "images"),
        "aliases": ("aliases",),
        "url": ("url",),
    },
    fold_keys=True,
)

OTHER_FORMATS = (".html", ".htm", ".org", ".adoc", ".asciidoc", ".ad", ".rst", ".pandoc", ".pdc")
"""Content formats Hugo renders that are not Markdown: reported, not imported."""
CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
CONFIG_FOLDERS = (".", "config/_default")
_DATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")


@dataclass(frozen=True)
class HugoSite:
    """A Hugo site as the import reads it."""

    root: Path
    shown: str
    """The site folder as named to the user."""
    content: str
    """The content folder, from the site folder (posix): `content`."""
    files: tuple[PostFile, ...]
    permalinks: dict[str, str]
    """Section -> permalink pattern, from the site config."""
    zone: zoneinfo.ZoneInfo | None
    lower: bool = True
    ugly: bool = False
    static: tuple[str, ...] = ("static",)
    """The folders Hugo copies to the site's root, from the site folder (`staticDir`)."""
    dialect: Dialect = HUGO

    def page_path(self, file: PostFile) -> PurePosixPath:
        """The page's file in content/: `news/a/index.md`."""
        return PurePosixPath(file.rel).relative_to(self.content)

    def is_bundle(self, file: PostFile) -> bool:
        """The page is a leaf bundle's `index.md`: the files beside it are its resources."""
        return _is_index(file.path.name, "index")

    def folders(self, file: PostFile) -> tuple[str, ...]:
        """The folders a page's URL is made from: a bundle's lie above its own."""
        parent = self.page_path(file).parent
        if self.is_bundle(file):
            parent = parent.parent
        return tuple(p for p in parent.parts if p != ".")

    def old_url(self, post: Post, fields: Fields) -> tuple[str | None, list[Problem]]:
        """The address Hugo gave the page."""
        if fields.url:
            return self._finish("/" + fields.url.lstrip("/")), []
        folders = self.folders(post.file)
        section = folders[0] if folders else ""
        pattern = self.permalinks.get(section)
        name = post.file.name
        if pattern is None:
            parts = [*folders, fields.slug or name]
            return self._finish("/" + "/".join(parts) + "/"), []
        if fields.date is None:
            return None, []
        when = local(fields.date, self.zone)
        title = urlize(fields.title or "")
        values = {
            "year": f"{when.year:04d}",
            "month": f"{when.month:02d}",
            "monthname": when.strftime("%B").lower(),
            "day": f"{when.day:02d}",
            "weekday": str(when.isoweekday() % 7),
            "weekdayname": when.strftime("%A").lower(),
            "yearday": str(when.timetuple().tm_yday),
            "section": section,
            "sections": "/".join(folders),
            "title": title,
            "slug": fields.slug or title,
            "filename": name,
            "slugorfilename": fields.slug or name,
            "contentbasename": name,
            "slugorcontentbasename": fields.slug or name,
        }
        unknown = sorted({k for k in re.findall(r":([a-z]+)", pattern) if k not in values})
        if unknown:
            return None, [
                warn(
                    post.shown,
                    None,
                    f"cannot make the page's old URL from the permalink '{pattern}' of section "
                    f"'{section}': brief does not know :{unknown[0]}; add it to aliases: by hand",
                    "alias",
                )
            ]
        url = re.sub(r":([a-z]+)", lambda m: values[m.group(1)], pattern)
        return self._finish("/" + re.sub(r"/{2,}", "/", url).lstrip("/")), []

    def _finish(self, url: str) -> str:
        if self.lower:
            url = url.lower()
        if self.ugly and url.endswith("/") and url != "/":
            return url[:-1] + ".html"
        return with_extension(url, "/")

    def aliases(self, post: Post, fields: Fields) -> tuple[str, ...]:
        """`aliases:` as site paths: a relative one from the page's folder."""
        folder = "/" + "/".join(self.folders(post.file))
        out = []
        for alias in fields.aliases:
            if is_url(alias):  # left for the alias check to refuse
                out.append(alias)
                continue
            path = alias if alias.startswith("/") else posixpath.join(folder, alias)
            trailing = "/" if alias.endswith("/") else ""
            out.append(with_extension(posixpath.normpath(path) + trailing, "/"))
        return tuple(out)

    def link_keys(self, file: PostFile) -> tuple[str, ...]:
        """What `ref` and `relref` find this page by: its path, and its base name."""
        key = ref_key(self.page_path(file).as_posix())
        return (f"ref:{key}", f"refname:{key.rsplit('/', 1)[-1]}")

    def convert(self, post: Post, ctx: BodyContext) -> Converted:
        """The body in brief's Markdown (see `shortcodes`)."""
        folder = self.page_path(post.file).parent.as_posix()
        return convert_shortcodes(post.matter.body, ctx, folder)

    def media_spots(self, post: Post, path: str, lead: bool, old_url: str | None) -> list[Spot]:
        """A bundle's relative path (or one under its page's old address) names one of its
        resources first; else the file is one Hugo copied to the site path, from a static
        folder or from content/."""
        spots = []
        site = site_path(path, "/" if lead or old_url is None else old_url)
        inner: str | None = None
        if self.is_bundle(post.file) and not path.startswith("/"):
            inner = posixpath.normpath(path)
        elif self.is_bundle(post.file) and old_url is not None and old_url.endswith("/"):
            # Hugo published a bundle's files under the page's address (lower-cased)
            seen = site.lower() if self.lower else site
            inner = site[len(old_url) :] if seen.startswith(old_url) else None
        if inner and inner != "." and inner != ".." and not inner.startswith("../"):
            spots.append(Spot(post.file.path.parent / inner, resource=inner))
        if site != "/":
            for folder in (*self.static, self.content):
                spots.append(Spot(self.root / folder / site[1:], site_path=site))
        return spots

    def old_shown(self, path: Path) -> str:
        return f"{self.shown}/{path.relative_to(self.root).as_posix()}"


def urlize(text: str) -> str:
    """Hugo's `urlize`, near enough for `:title`: spaces become hyphens, and only letters,
    digits and `._~-+#@` stay (case is handled with the whole URL)."""
    out = []
    for ch in text.strip():
        if ch.isspace():
            out.append("-")
        elif ch.isalnum() or unicodedata.category(ch).startswith("M") or ch in "._~-+#@":
            out.append(ch)
    return "".join(out)


# --- the site on disk ----------------------------------------------------------------------


def read_site(folder: Path, shown: str) -> tuple[HugoSite | None, list[Problem]]:
    """The pages of the Hugo site in `folder` (or of the content folder `folder`)."""
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "not a folder"
        return None, [Problem(shown, None, None, f"{what}; give the Hugo site's folder")]
    given_content = folder.name == "content"
    root = folder.parent if given_content else folder
    root_shown = (posixpath.dirname(shown) or ".") if given_content else shown
    config, problems = _config(root, root_shown)
    if has_errors(problems):
        return None, problems
    content_rel = "content" if given_content else str(config.get("contentdir") or "content")
    content = root / content_rel
    content_shown = shown if given_content else f"{shown}/{content_rel}"
    files: list[PostFile] = []
    for path in _pages(content, problems, content_shown):
        in_content = path.relative_to(content).as_posix()
        rel = f"{content_rel}/{in_content}"
        files.append(_page_file(path, f"{content_shown}/{in_content}", rel))
    if not files and not has_errors(problems):
        problems.append(
            Problem(
                shown,
                None,
                None,
                f"no Hugo content here: no Markdown pages in {content_shown}/ besides section "
                "pages (_index.md)",
            )
        )
    static = config.get("staticdir") or "static"
    site = HugoSite(
        root,
        root_shown,
        content_rel,
        tuple(files),
        config.get("permalinks", {}),
        config.get("timezone"),
        lower=not config.get("disablepathtolower", False),
        ugly=bool(config.get("uglyurls", False)),
        static=(static,) if isinstance(static, str) else tuple(str(s) for s in static),
    )
    return site, problems


def _page_file(path: Path, shown: str, rel: str) -> PostFile:
    bundle = path.stem == "index" or path.name.startswith("index.")
    name = path.parent.name if bundle else path.name[: -len(path.suffix)]
    dated = _DATED.fullmatch(name)
    day: dt.date | None = None
    if dated is not None:
        try:
            day = dt.date(int(dated.group(1)), int(dated.group(2)), int(dated.group(3)))
        except ValueError:
            day = None
    return PostFile(path, shown, rel, name, day)


def _pages(content: Path, problems: list[Problem], shown: str) -> list[Path]:
    """Every Markdown page under `content`, sorted: bundles by their index file, section
    pages left out, other formats reported."""
    out = []
    for here, dirs, files in os.walk(content):
        names = sorted(f for f in files if not is_noise(f))
        index = next((f for f in names if _is_index(f, "index")), None)
        if index is not None and here != str(content):
            dirs[:] = []  # a leaf bundle: all below it are its resources
            names = [index]
        else:
            dirs[:] = sorted(d for d in dirs if not is_noise(d))
        for name in names:
            path = Path(here) / name
            suffix = path.suffix.lower()
            if _is_index(name, "_index") or path.is_symlink() or not path.is_file():
                continue
            if suffix in MARKDOWN_SUFFIXES:
                out.append(path)
            elif suffix in OTHER_FORMATS:
                rel = path.relative_to(content).as_posix()
                problems.append(
                    warn(f"{shown}/{rel}", None, "not Markdown, so not imported", "skipped")
                )
    return out


def _is_index(name: str, stem: str) -> bool:
    """`index.md`, `index.en.md`, `index.html` ... for `stem` "index" (or "_index")."""
    return name.split(".", 1)[0] == stem and "." in name


def _config(root: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """What the import needs of the site config, keys lower-cased as Hugo reads them."""
    for folder in CONFIG_FOLDERS:
        for name in CONFIG_NAMES:
            path = root / folder / name
            if not path.is_file():
                continue
            where = f"{shown}/{name}" if folder == "." else f"{shown}/{folder}/{name}"
            source = read_file(path, root)
            if isinstance(source, Problem):
                return {}, [Problem(where, source.line, source.column, source.message)]
            kind = Kind(name.rsplit(".", 1)[1].upper().replace("YML", "YAML"))
            found = read_mapping(source.text, where, kind) if source.text.strip() else ({}, {})
            if isinstance(found, list):
                return {}, found
            return _settings(*found, where)
    return {}, []


def _settings(
    values: dict[str, Any], lines: dict[str, int], where: str
) -> tuple[dict[str, Any], list[Problem]]:
    folded = {k.lower(): v for k, v in values.items()}
    line_of = {k.lower(): v for k, v in lines.items()}
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    permalinks = folded.get("permalinks")
    if isinstance(permalinks, dict):
        pages = {k.lower(): v for k, v in permalinks.items()}.get("page")
        table = pages if isinstance(pages, dict) else permalinks
        out["permalinks"] = {
            str(k).strip("/"): v for k, v in table.items() if isinstance(v, str) and v.strip()
        }
    zone = config_zone(folded.get("timezone"), where, line_of.get("timezone"), "timeZone", problems)
    if zone is not None:
        out["timezone"] = zone
    for key in ("contentdir", "disablepathtolower", "uglyurls"):
        if key in folded:
            out[key] = folded[key]
    static = folded.get("staticdir")
    if isinstance(static, str) and static.strip():
        out["staticdir"] = static.strip()
    elif isinstance(static, list) and all(isinstance(s, str) and s.strip() for s in static):
        out["staticdir"] = [s.strip() for s in static]
    return out, problems
