"""Hugo post bodies: shortcodes turned into Markdown where brief can keep their meaning,
and listed where it cannot.

Hugo expands shortcodes before Markdown, in code blocks too, so each one is looked at:

- `{{< ref "x" >}}` and `{{< relref "x" >}}` (also with `path=`, and with `#anchor`) become
  the link to that post's new page, if the post is in the import.
- `{{< figure src=... >}}` becomes a Markdown image (alt text as given, else the caption,
  as Hugo's figure does) and, below it, the title, the caption and a credit line made from
  `attr` and `attrlink`.
- `{{< youtube ID >}}` becomes a link to https://www.youtube.com/watch?v=ID.
- `{{< highlight lang >}}...{{< /highlight >}}` becomes a fenced code block.
- `{{</* x */>}}`, Hugo's way of showing a shortcode as text, becomes `{{< x >}}`.
- Every other shortcode, and its closing tag, is kept as written and reported, one warning
  per line.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass

from brief.errors import Problem
from brief.importer.bodies import BodyContext, Converted, Kept, Lines, fence, shown_construct
from brief.importer.posts import warn

_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_CALL = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*(/?)\s*([>%])\}\}", re.DOTALL)
_TOKEN = re.compile(f"{_ESCAPED.pattern}|{_CALL.pattern}", re.DOTALL)
_PARAM = re.compile(r'\s*(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)', re.DOTALL)
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
NOT_RUN = "brief has no shortcodes, so it shows as text"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


@dataclass(frozen=True)
class Call:
    """One shortcode as written: its name and parameters."""

    name: str
    positional: tuple[str, ...]
    named: dict[str, str]

    def get(self, key: str, position: int | None = None) -> str | None:
        if key in self.named:
            return self.named[key]
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return None


def parse_call(name: str, params: str) -> Call:
    positional: list[str] = []
    named: dict[str, str] = {}
    for found in _PARAM.finditer(params):
        raw = found.group(2)
        if raw.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", raw[1:-1])
        elif raw.startswith("`"):
            value = raw[1:-1]
        else:
            value = raw
        if found.group(1):
            named[found.group(1).lower()] = value
        else:
            positional.append(value)
    return Call(name, tuple(positional), named)


def ref_key(path: str) -> str:
    """The name a ref finds a page by: its content path, lower-cased, without the Markdown
    suffix, a bundle by its folder (`news/a/index.md` and `news/a` are both `news/a`)."""
    key = path.strip().lower().strip("/")
    for suffix in MARKDOWN_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    if key == "index" or key.endswith("/index"):
        key = key[: -len("index")].rstrip("/")
    return key


def ref_candidates(target: str, page_dir: str) -> list[str]:
    """The link keys a ref may mean, in the order Hugo tries them: from the page's folder,
    from the content root, then by base name alone."""
    keys = []
    if not target.startswith("/"):
        keys.append("ref:" + ref_key(posixpath.normpath(posixpath.join(page_dir, target))))
    keys.append("ref:" + ref_key(target))
    keys.append("refname:" + ref_key(target).rsplit("/", 1)[-1])
    return list(dict.fromkeys(keys))


def convert_shortcodes(body: str, ctx: BodyContext, page_dir: str) -> Converted:
    """`body` with its shortcodes converted or kept (see the module's docstring).
    `page_dir`: the post's folder in content/, which relative refs start from."""
    lines = Lines(body, ctx.offset)
    kept = Kept(ctx, lines)
    counts: Counter[str] = Counter()
    problems: list[Problem] = []
    out: list[str] = []
    pos = 0
    while (m := _TOKEN.search(body, pos)) is not None:
        out.append(body[pos : m.start()])
        pos = m.end()
        if m.group(2) is not None:  # {{</* x */>}}: a shortcode shown as text
            out.append("{{" + m.group(1) + m.group(2) + m.group(3) + "}}")
            counts["{{</* */>}} -> shortcode as text"] += 1
            continue
        closing, name, params = m.group(5), m.group(6), m.group(7)
        call = parse_call(name.lower(), params)
        line = lines.line(m.start())
        if closing:
            kept.add(m.start(), m.group())
            out.append(m.group())
        elif call.name in ("ref", "relref"):
            out.append(_ref(m.group(), call, ctx, page_dir, line, counts, problems))
        elif call.name == "figure" and call.get("src", 0):
            out.append(_figure(call))
            counts["{{< figure >}} -> image and caption"] += 1
        elif call.name == "youtube" and _YOUTUBE_ID.fullmatch(video := call.get("id", 0) or ""):
            title = call.get("title") or "Watch the video on YouTube"
            out.append(f"[{_label(title)}](https://www.youtube.com/watch?v={video})")
            counts["{{< youtube >}} -> link"] += 1
        elif call.name == "highlight" and (end := _closing("highlight", body, m.end())):
            code = body[m.end() : end.start()].strip("\n").rstrip()
            out.append(fence(code, call.get("lang", 0) or ""))
            counts["{{< highlight >}} -> fenced code"] += 1
            pos = end.end() + (1 if body[end.end() : end.end() + 1] == "\n" else 0)
        else:
            kept.add(m.start(), m.group())
            out.append(m.group())
    out.append(body[pos:])
    problems += kept.problems(NOT_RUN, "shortcode")
    return Converted("".join(out), tuple(problems), counts)


def _closing(name: str, body: str, start: int) -> re.Match[str] | None:
    return re.compile(r"\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}").search(body, start)


def _ref(
    written: str,
    call: Call,
    ctx: BodyContext,
    page_dir: str,
    line: int,
    counts: Counter[str],
    problems: list[Problem],
) -> str:
    target = call.get("path", 0) or ""
    path, hash_, anchor = target.partition("#")
    fragment = hash_ + anchor
    if not path and fragment:
        counts[f"{{{{< {call.name} >}}}} -> new URL"] += 1
        return fragment
    for key in ref_candidates(path, page_dir) if path else ():
        url = ctx.link(key)
        if url is not None:
            counts[f"{{{{< {call.name} >}}}} -> new URL"] += 1
            return url + fragment
    problems.append(
        warn(
            ctx.shown,
            line,
            f"{shown_construct(written)} names no post of this import; kept as written, so fix "
            "the link by hand",
            "link",
        )
    )
    return written


def _figure(call: Call) -> str:
    """The figure as a Markdown image with its caption and credit below (a local `src` is
    one of the files the import copies, see `media`)."""
    src = call.get("src", 0) or ""
    caption = call.get("caption")
    title = call.get("title")
    alt = call.get("alt") or _plain(caption or "") or title or ""
    image = f"![{_label(alt)}]({_destination(src)}{_title(caption or title)})"
    link = call.get("link")
    if link:
        image = f"[{image}]({_destination(link)})"
    parts = []
    if title:
        parts.append(f"**{title}**")
    if caption:
        parts.append(caption)
    attr, attrlink = call.get("attr"), call.get("attrlink")
    if attr:
        parts.append(
            f"Credit: [{attr}]({_destination(attrlink)})" if attrlink else f"Credit: {attr}"
        )
    elif attrlink:
        parts.append(f"Credit: <{attrlink}>")
    if not parts:
        return image
    return image + "\\\n" + " ".join(" ".join(p.split()) for p in parts)


def _plain(markdown: str) -> str:
    """A caption's words without Markdown's emphasis, links and code marks, for alt text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def _label(text: str) -> str:
    return " ".join(re.sub(r"([\[\]\\])", r"\\\1", text).split())


def _title(text: str | None) -> str:
    if not text:
        return ""
    plain = " ".join(_plain(text).split()).replace("\\", "\\\\").replace('"', '\\"')
    return f' "{plain}"'


def _destination(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url
