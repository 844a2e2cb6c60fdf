"""Turning site paths into links: relative inside pages, absolute where standards need it.

Pages link to each other with relative URLs, so a site works wherever it is served: at a
domain's root, under a sub-path such as GitHub project pages, or in the preview server.
"""

from __future__ import annotations

import re
from functools import lru_cache
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
