"""Turning site paths into links: relative inside pages, absolute where standards need it.

Pages link to each other with relative URLs, so a site works wherever it is served: at a
domain's root, under a sub-path such as GitHub project pages, or in the preview server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape, unescape
from urllib.parse import quote

_SAFE = "/-._~!$&'()*+,;=:@%"
_UNSAFE = re.compile(r"[^A-Za-z0-9/\-._~!$&'()*+,;=:@%]")


def encode(path: str) -> str:
    """Percent-encode what a URL may not carry as is (spaces, non-ASCII letters)."""
    return quote(path, safe=_SAFE) if _UNSAFE.search(path) else path


@lru_cache(maxsize=1024)
def _folder(page_url: str) -> tuple[str, tuple[str, ...]]:
    """The folder a page's links are relative to, as a path prefix and as segments:
    `/a/b/` -> ("/a/b/", (a, b)); `/a/x.html` -> ("/a/", (a,))."""
    folder = page_url if page_url.endswith("/") else page_url[: page_url.rfind("/") + 1]
    parts = tuple(folder.strip("/").split("/")) if folder.strip("/") else ()
    return folder, parts


def relative(target: str, page_url: str) -> str:
    """The link from the page at site path `page_url` to site path `target`.

    Called for every link of every page, so it works on strings, not `posixpath.relpath`.
    Anything that is not a site path (`https://...`, `//host/...`, `#id`, `mailto:`) is
    returned as it is.
    """
    if not target.startswith("/") or target.startswith("//"):
        return target
    prefix, base = _folder(page_url)
    if target.startswith(prefix):
        rel = target[len(prefix) :]
    else:
        parts = target[1:].split("/")
        common = 0
        limit = min(len(base), len(parts) - 1)
        while common < limit and base[common] == parts[common]:
            common += 1
        rel = "../" * (len(base) - common) + "/".join(parts[common:])
    if not rel:
        return "./"
    return encode(rel)


def linker(page_url: str) -> Callable[[str], str]:
    """`relative(target, page_url)` for the many targets of one page, the same links.

    A listing links dozens of stories that lie in a few folders (`/posts/`, `/tags/`), so
    the link to each folder is made once and each target's last segment appended to it.
    Where that could differ (the target is in the page's folder, or holds it) it asks
    `relative` itself."""
    prefix, _ = _folder(page_url)
    heads: dict[str, str] = {}

    def link(target: str) -> str:
        if target.startswith(prefix) or not target.startswith("/") or target.startswith("//"):
            return relative(target, page_url)
        cut = target.rfind("/", 1, len(target) - 1) + 1 or 1  # a target at the root: "/"
        if prefix.startswith(target):
            return relative(target, page_url)
        parent = target[:cut]
        head = heads.get(parent)
        if head is None:
            head = heads[parent] = relative(parent, page_url)
        return head + encode(target[cut:])

    return link


def absolute(target: str, base_url: str) -> str:
    """The full URL of site path `target` (feeds, sitemaps and canonical links need these).

    `base_url` always ends in `/` (config.py makes sure), so joining is concatenation.
    """
    if not target.startswith("/") or target.startswith("//"):
        return target
    return base_url + encode(target[1:])


def rooted(target: str, base_path: str) -> str:
    """A host-absolute path (`/project/tags/`), for pages served at any URL such as 404.html."""
    if "://" in target:
        return target
    return encode(base_path.rstrip("/") + "/" + target.lstrip("/"))


_SITE_ATTR = re.compile(r' (src|href)="(/(?!/)[^"]*)"')
"""A `src` or `href` attribute whose value is a site path, as the Markdown renderer writes
it: the value escaped, so no `"` of text or code can start or end one."""


def site_links(html: str, link: Callable[[str], str]) -> str:
    """A rendered article body with each site path in a `src` or `href` attribute (a root
    link such as `/2022/02/28/talks/`, a body image published under `/media/`) made into
    `link(path)`: the page's relative link, or a feed's absolute URL.

    The body is rendered once, when the article is parsed, with site paths; every page and
    feed that shows it resolves them here with the same function its templates use. A query
    or fragment (`/a/?x=1#part`) is kept as written. Text and code blocks are never
    touched: the renderer escapes every `"` in them.
    """
    if ' src="/' not in html and ' href="/' not in html:
        return html

    def one(match: re.Match[str]) -> str:
        value = match.group(2)
        if "&" in value:
            value = unescape(value)
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        target = link(value[:cut]) + value[cut:]
        # escaped as the renderer escapes attributes (`&`, `<`, `>`, `"`)
        quoted = escape(target, quote=False).replace('"', "&quot;")
        return f' {match.group(1)}="{quoted}"'

    return _SITE_ATTR.sub(one, html)
