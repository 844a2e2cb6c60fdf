"""Turning site paths into links: relative inside pages, absolute where standards need it.

Pages link to each other with relative URLs, so a site works wherever it is served: at a
domain's root, under a sub-path such as GitHub project pages, or in the preview server.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urljoin

_SAFE = "/-._~!$&'()*+,;=:@%"


def encode(path: str) -> str:
    """Percent-encode what a URL may not carry as is (spaces, non-ASCII letters)."""
    return quote(path, safe=_SAFE)


def relative(target: str, page_url: str) -> str:
    """The link from the page at site path `page_url` to site path `target`."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    rel = posixpath.relpath(target, base)
    if target.endswith("/") and rel != ".":
        rel += "/"
    if rel == ".":
        rel = "./"
    return encode(rel)


def absolute(target: str, base_url: str) -> str:
    """The full URL of site path `target` (feeds, sitemaps and canonical links need these)."""
    if "://" in target:
        return target
    return urljoin(base_url, encode(target.lstrip("/")))


def rooted(target: str, base_path: str) -> str:
    """A host-absolute path (`/project/tags/`), for pages served at any URL such as 404.html."""
    if "://" in target:
        return target
    return encode(base_path.rstrip("/") + "/" + target.lstrip("/"))
