"""Jekyll sites: where the posts are, what `_config.yml` and the file names say, and the
address each post had, which its article keeps as an alias.

Posts are the Markdown files (`.md`, `.markdown` and Jekyll's other Markdown suffixes) in
every `_posts` folder of the site (`blog/_posts/` gives its posts the category `blog`, as
in Jekyll), or in the folder given if it is a `_posts` folder itself. A post's date is its
`date:`, else the `YYYY-MM-DD-` its file name starts with.

The old address is Jekyll's: the post's `permalink:`, else `collections.posts.permalink`
or `permalink` of `_config.yml`, else the default `/:categories/:year/:month/:day/:title.html`;
a style name (`date`, `pretty`, `ordinal`, `weekdate`, `none`) means its pattern. Dates are
taken in `_config.yml`'s `timezone`. `:categories` are the post's folder categories, then
`categories:` and `category:`, lower-cased. The site's `baseurl` is not part of it: the
brief site is taken to replace the Jekyll site at the same address. An address without a
trailing `/` or extension is kept with `.html`, the file Jekyll wrote for it (hosts serve
`/2020/post` from `2020/post.html`); so is a `redirect_from:` path written that way.

Every other file of the site Jekyll copied to the same path, so an image `/img/x.png` a post
shows is the site folder's `img/x.png` (see `media`).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from brief.content.sources import is_ignored
from brief.content.sources import read_source as read_file
from brief.errors import Problem, has_errors
from brief.importer.bodies import BodyContext, Converted
from brief.importer.dates import local
from brief.importer.liquid import convert_liquid
from brief.importer.matter import Kind, read_mapping
from brief.importer.media import Spot, site_path
from brief.importer.posts import Dialect, Fields, Post, PostFile, config_zone, warn

JEKYLL = Dialect(
    name="Jekyll",
    kinds=(Kind.YAML,),
    keys={
        "title": ("title",),
        "date": ("date",),
        "updated": ("last_modified_at", "updated"),
        "summary": ("summary", "excerpt", "description"),
        "author": ("author", "authors"),
        "tags": ("tags", "categories", "category", "keywords"),
        "slug": ("slug",),
        "draft": ("draft",),
        "published": ("published",),
        "image": ("image", "featured_image", "cover"),
        "aliases": ("redirect_from", "aliases"),
        "url": ("permalink",),
    },
    word_lists=frozenset({"tags", "categories"}),
)

POST_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")
OTHER_MARKUP = (".html", ".htm", ".textile")
"""Post formats Jekyll renders that are not Markdown: reported, not imported."""
SKIPPED_FOLDERS = frozenset({"node_modules", "vendor"})
CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_DATED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.*)")


@dataclass(frozen=True)
class JekyllSite:
    """A Jekyll site as the import reads it."""

    root: Path
    shown: str
    """The site folder as named to the user."""
    files: tuple[PostFile, ...]
    permalink: str
    zone: zoneinfo.ZoneInfo | None
    dialect: Dialect = JEKYLL

    def old_url(self, post: Post, fields: Fields) -> tuple[str | None, list[Problem]]:
        """The address Jekyll gave the post."""
        if fields.date is None:
            return None, []
        pattern = STYLES.get(fields.url or "", fields.url) or self.permalink
        when = local(fields.date, self.zone)
        name = fields.slug or post.file.name
        values = {
            "year": f"{when.year:04d}",
            "month": f"{when.month:02d}",
            "i_month": str(when.month),
            "day": f"{when.day:02d}",
            "i_day": str(when.day),
            "short_year": f"{when.year % 100:02d}",
            "hour": f"{when.hour:02d}",
            "minute": f"{when.minute:02d}",
            "second": f"{when.second:02d}",
            "y_day": f"{when.timetuple().tm_yday:03d}",
            "short_month": when.strftime("%b"),
            "long_month": when.strftime("%B"),
            "short_day": when.strftime("%a"),
            "long_day": when.strftime("%A"),
            "week": f"{when.isocalendar().week:02d}",
            "w_year": str(when.isocalendar().year),
            "w_day": str(when.isocalendar().weekday),
            "title": _pretty(name),
            "slug": _plain_slug(name),
            "name": _plain_slug(post.file.name),
            "categories": "/".join(_categories(post)),
            "collection": "posts",
            "output_ext": ".html",
        }
        unknown = sorted({k for k in re.findall(r":([a-z_]+)", pattern) if k not in values})
        if unknown:
            line = fields.lines.get("aliases") if fields.url else None
            return None, [
                warn(
                    post.shown,
                    line,
                    f"cannot make the post's old URL from the permalink '{pattern}': brief "
                    f"does not know :{unknown[0]}; add it to aliases: by hand",
                    "alias",
                )
            ]
        url = re.sub(r":([a-z_]+)", lambda m: values[m.group(1)], pattern)
        return with_extension("/" + re.sub(r"/{2,}", "/", url).lstrip("/"), ".html"), []

    def aliases(self, post: Post, fields: Fields) -> tuple[str, ...]:
        """`redirect_from:` paths as site paths (a URL is left for the alias check to refuse)."""
        return tuple(
            a if is_url(a) else with_extension("/" + a.lstrip("/"), ".html") for a in fields.aliases
        )

    def link_keys(self, file: PostFile) -> tuple[str, ...]:
        """What `{% link %}` and `{% post_url %}` name this post by."""
        within = PurePosixPath(file.rel.split("_posts/", 1)[-1])
        stem = within.with_suffix("").as_posix()
        return (f"link:{file.rel}", f"post_url:{stem}", f"post_url:{within.stem}")

    def convert(self, post: Post, ctx: BodyContext) -> Converted:
        """The body in brief's Markdown (see `liquid`)."""
        return convert_liquid(post.matter.body, ctx)

    def media_spots(self, post: Post, path: str, lead: bool, old_url: str | None) -> list[Spot]:
        """Jekyll copies every other file of the site to the same path (see `media`)."""
        site = site_path(path, "/" if lead or old_url is None else old_url)
        return [Spot(self.root / site[1:], site_path=site)] if site != "/" else []

    def old_shown(self, path: Path) -> str:
        return f"{self.shown}/{path.relative_to(self.root).as_posix()}"


def is_url(text: str) -> bool:
    """`https://...`, `mailto:...` or `//host/...`: not a path of the site."""
    return text.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) is not None


def with_extension(url: str, ext: str) -> str:
    """A site path that ends in neither `/` nor an extension, as the file its generator
    wrote for it: `.html` for Jekyll (`/a/b` -> `/a/b.html`), `/` for Hugo (`/a/b/`)."""
    last = url.rsplit("/", 1)[-1]
    if not last or "." in last:
        return url
    return url + ext


def _pretty(name: str) -> str:
    """Jekyll's `:title`: the name with what URLs cannot hold made hyphens, case kept."""
    return re.sub(r"[^\w.~!$&'()+,;=@-]+", "-", name).strip("-")


def _plain_slug(name: str) -> str:
    """Jekyll's `:slug`: lower-case letters and digits joined by hyphens."""
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-")


def _categories(post: Post) -> list[str]:
    found = list(post.file.folders)
    values = post.matter.values
    for key in ("categories", "category"):
        value = values.get(key)
        if isinstance(value, str):
            found += value.split() if key == "categories" else [value]
        elif isinstance(value, list):
            found += [str(v) for v in value if isinstance(v, str | int | float)]
    return list(dict.fromkeys(c.lower() for c in found if c))


# --- the site on disk ----------------------------------------------------------------------


def read_site(folder: Path, shown: str) -> tuple[JekyllSite | None, list[Problem]]:
    """The posts of the Jekyll site in `folder` (or of the `_posts` folder `folder`)."""
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "not a folder"
        return None, [Problem(shown, None, None, f"{what}; give the Jekyll site's folder")]
    root = folder.parent if folder.name == "_posts" else folder
    root_shown = shown if root == folder else posixpath.dirname(shown) or "."
    config, problems = _config(root, root_shown)
    posts_dirs = [folder] if folder.name == "_posts" else _posts_folders(root)
    files: list[PostFile] = []
    for posts in posts_dirs:
        folders = tuple(PurePosixPath(posts.relative_to(root).as_posix()).parent.parts)
        for path in _walk(posts):
            rel = path.relative_to(root).as_posix()
            name_shown = f"{shown}/{path.relative_to(folder).as_posix()}"
            if path.suffix.lower() in OTHER_MARKUP:
                problems.append(warn(name_shown, None, "not Markdown, so not imported", "skipped"))
            elif path.suffix.lower() in POST_SUFFIXES:
                files.append(_post_file(path, name_shown, rel, folders))
    if not files and not has_errors(problems):
        where = f"{shown}/" if folder.name == "_posts" else f"{shown}/_posts/"
        problems.append(
            Problem(
                shown,
                None,
                None,
                f"no Jekyll posts here: no Markdown files (.md, .markdown) in {where}",
            )
        )
    permalink = STYLES.get(config.get("permalink", "date"), config.get("permalink", ""))
    zone = config.get("timezone")
    site = JekyllSite(root, root_shown, tuple(files), permalink or STYLES["date"], zone)
    return site, problems


def _post_file(path: Path, shown: str, rel: str, folders: tuple[str, ...]) -> PostFile:
    stem = path.name[: -len(path.suffix)]
    dated = _DATED.fullmatch(stem)
    day: dt.date | None = None
    name = stem
    if dated is not None:
        try:
            day = dt.date(int(dated.group(1)), int(dated.group(2)), int(dated.group(3)))
            name = dated.group(4)
        except ValueError:
            day = None
    return PostFile(path, shown, rel, name, day, folders)


def _posts_folders(root: Path) -> list[Path]:
    found = []
    for here, dirs, _ in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if d == "_posts" or not (is_ignored(d) or d in SKIPPED_FOLDERS)
        )
        if Path(here).name == "_posts":
            found.append(Path(here))
            dirs[:] = []  # folders inside _posts hold posts, not more _posts
    return found


def _walk(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted; hidden, `_` and editor files left out, and
    symlinks not followed (Jekyll's safe mode reads none)."""
    out = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in sorted(files):
            path = Path(here) / name
            if not is_ignored(name) and not path.is_symlink() and path.is_file():
                out.append(path)
    return out


def _config(root: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """`permalink` (the posts' pattern) and `timezone` from the site's config file."""
    for name in CONFIG_NAMES:
        path = root / name
        if not path.is_file():
            continue
        where = f"{shown}/{name}"
        source = read_file(path, root)
        if isinstance(source, Problem):
            return {}, [Problem(where, source.line, source.column, source.message)]
        kind = Kind.TOML if name.endswith(".toml") else Kind.YAML
        found = read_mapping(source.text, where, kind) if source.text.strip() else ({}, {})
        if isinstance(found, list):
            return {}, found
        values, lines = found
        out: dict[str, Any] = {}
        problems: list[Problem] = []
        collections = values.get("collections")
        posts = collections.get("posts") if isinstance(collections, dict) else None
        permalink = posts.get("permalink") if isinstance(posts, dict) else None
        permalink = permalink or values.get("permalink")
        if isinstance(permalink, str) and permalink.strip():
            out["permalink"] = permalink.strip()
        zone = config_zone(
            values.get("timezone"), where, lines.get("timezone"), "timezone", problems
        )
        if zone is not None:
            out["timezone"] = zone
        return out, problems
    return {}, []
