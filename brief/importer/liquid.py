"""Jekyll post bodies: the Liquid in them turned into Markdown where it has a meaning brief
can keep, and listed where it has not.

Jekyll runs Liquid over a post before Markdown, everywhere outside `{% raw %}` - in code
blocks too - so every tag and output is looked at:

- `{% highlight lang %}...{% endhighlight %}` becomes a fenced code block (Jekyll 4 shows
  its content as written, so Liquid inside it is code, and `{% raw %}` there is dropped).
- `{% raw %}...{% endraw %}` loses its tags and keeps its content, which is exactly what
  Jekyll showed, since brief runs no Liquid. A raw block on lines of its own that holds
  only template code (every line starts with a Liquid tag or output, or an HTML tag, and
  there is Liquid) becomes a fenced `liquid` block, which is how such a snippet reads; one
  around prose or around a fenced block is only unwrapped, so its Markdown still renders.
- `{% link path %}` and `{% post_url name %}` become the link to that post's new page, if
  the post is in the import.
- `{{ site.baseurl }}` and `{{ site.url }}` are removed: a link to the old site's root is a
  link to brief's.
- `{% comment %}...{% endcomment %}` and every other tag or output are kept as written
  and reported, one warning per line.
"""

from __future__ import annotations

import re
from collections import Counter

from brief.importer.bodies import (
    BodyContext,
    Converted,
    Kept,
    Lines,
    fence,
    fenced_ranges,
    inside,
    line_bounds,
    shown_construct,
)
from brief.importer.posts import warn

_TOKEN = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
"""A Liquid tag or output. Liquid itself splits text this way: from `{%` to the next `%}`,
from `{{` to the next `}}`, across lines."""
_SITE_ROOT = re.compile(r"site\.(baseurl|url)")
NOT_RUN = "brief does not run Liquid, so it shows as text"


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(r"\{%-?\s*" + name + r"\s*-?%\}")


_ENDRAW = _end_tag("endraw")
_ENDHIGHLIGHT = _end_tag("endhighlight")
_ENDCOMMENT = _end_tag("endcomment")
_RAW_TAGS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def convert_liquid(body: str, ctx: BodyContext) -> Converted:
    """`body` with its Liquid converted or kept (see the module's docstring)."""
    lines = Lines(body, ctx.offset)
    kept = Kept(ctx, lines)
    fences = fenced_ranges(body)
    counts: Counter[str] = Counter()
    problems = []
    out: list[str] = []
    pos = 0
    while (m := _TOKEN.search(body, pos)) is not None:
        out.append(body[pos : m.start()])
        pos = m.end()
        if m.group(2) is not None:  # {{ output }}
            if _SITE_ROOT.fullmatch(m.group(2)):
                counts[f"{{{{ {m.group(2)} }}}} removed"] += 1
            else:
                kept.add(m.start(), m.group())
                out.append(m.group())
            continue
        words = m.group(1).split(None, 1)
        name = words[0] if words else ""
        args = words[1].strip() if len(words) > 1 else ""
        if name == "raw":
            end = _ENDRAW.search(body, m.end())
            if end is None:
                kept.add(m.start(), m.group())
                out.append(m.group())
                continue
            text, pos = _raw(body, m, end, out, inside(fences, m.start()))
            counts[text] += 1
        elif name == "highlight":
            end = _ENDHIGHLIGHT.search(body, m.end())
            if end is None:
                kept.add(m.start(), m.group())
                out.append(m.group())
                continue
            pos = _highlight(body, m, end, args, out)
            counts["{% highlight %} -> fenced code"] += 1
        elif name in ("link", "post_url"):
            target = args.strip("'\"").lstrip("/")
            url = ctx.link(f"{name}:{target}")
            if url is None:
                problems.append(
                    warn(
                        ctx.shown,
                        lines.line(m.start()),
                        f"{shown_construct(m.group())} names no post of this import; kept as "
                        "written, so fix the link by hand",
                        "link",
                    )
                )
                out.append(m.group())
            else:
                counts[f"{{% {name} %}} -> new URL"] += 1
                out.append(url)
        elif name == "comment" and (end := _ENDCOMMENT.search(body, m.end())) is not None:
            kept.add(m.start(), m.group())
            out.append(body[m.start() : end.end()])
            pos = end.end()
        else:
            kept.add(m.start(), m.group())
            out.append(m.group())
    out.append(body[pos:])
    problems += kept.problems(NOT_RUN, "liquid")
    return Converted("".join(out), tuple(problems), counts)


def _raw(
    body: str, start: re.Match[str], end: re.Match[str], out: list[str], in_code: bool
) -> tuple[str, int]:
    """Write a raw section to `out`; (what it became, where reading goes on)."""
    content = body[start.end() : end.start()]
    block = line_bounds(body, start.start(), start.end())
    closing = line_bounds(body, end.start(), end.end())
    if block is None or closing is None:
        out.append(content)
        return "{% raw %} unwrapped", end.end()
    out[-1] = out[-1][: len(out[-1]) - (start.start() - block[0])]  # the tag line's indent
    inner = body[block[1] : closing[0]]
    written = [line.strip() for line in inner.split("\n") if line.strip()]
    if (
        not in_code
        and any("{%" in line or "{{" in line for line in written)
        and all(line.startswith(("{%", "{{", "<")) for line in written)
    ):
        indent = body[block[0] : start.start()]
        out.append(fence(inner.rstrip("\n"), "liquid", indent))
        return "{% raw %} -> fenced code", closing[1]
    out.append(inner)
    return "{% raw %} unwrapped", closing[1]


def _highlight(
    body: str, start: re.Match[str], end: re.Match[str], args: str, out: list[str]
) -> int:
    """Write a highlight block to `out` as fenced code; where reading goes on."""
    lang = args.split()[0] if args.split() else ""
    code = _RAW_TAGS.sub("", body[start.end() : end.start()]).strip("\n").rstrip()
    begin = body.rfind("\n", 0, start.start()) + 1
    before = body[begin : start.start()]
    if before.strip():  # text before the tag on its line: the block starts below it
        out.append("\n")
        indent = ""
    else:
        out[-1] = out[-1][: len(out[-1]) - len(before)]
        indent = before
    out.append(fence(code, lang, indent))
    stop = body.find("\n", end.end())
    stop = len(body) if stop < 0 else stop
    if body[end.end() : stop].strip():  # text after the closing tag: keep it on a new line
        return end.end()
    return stop + 1 if stop < len(body) else stop
