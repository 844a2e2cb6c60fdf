"""The Content-Type of each file of a site, from one fixed table: the preview serves a file
with the type a deploy to S3 gives it, whatever the machine's own mime database says."""

from __future__ import annotations

import posixpath

from brief.site.routes import FEED_FORMATS

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    # Pagefind's index: gzipped data its script fetches and unpacks itself (so never a
    # Content-Encoding, which would make the browser unpack it first).
    ".pagefind": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
FEEDS = {f.file: f.type for f in FEED_FORMATS.values()}
"""Feeds by file name (`feed.xml`, `rss.xml`, `feed.json`), wherever they are: their own
types, which feed readers and browsers go by."""


def content_type(path: str) -> str:
    """The Content-Type for the output file `path` (relative or a name)."""
    name = posixpath.basename(path)
    if name in FEEDS:
        return FEEDS[name]
    ext = posixpath.splitext(name)[1].lower()
    if not ext:
        return "text/plain; charset=utf-8"  # CNAME, _headers, _redirects
    return TYPES.get(ext, "application/octet-stream")
