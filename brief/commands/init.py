"""`brief init [DIR]`: a new site that builds at once, with every site.yaml key explained.

The skeleton holds one example article with a credited, licensed image (the habit brief is
for), an empty `layouts/` for templates that override the bundled theme, and a `.gitignore`
for what builds make. A folder that already holds a site is refused; nothing existing is
ever overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from brief.config import CONFIG_NAME

SITE_YAML = """\
# The site's settings. Every key is optional but title and base_url; docs/configuration.md
# (in brief's repository) explains each one in full.

title: {title}                      # the site's name: masthead, page titles, feeds
description: Short news, sourced and credited.   # one sentence: meta description, feed subtitle
base_url: https://news.example.org/   # where it is published; a sub-path works too
language: en                          # BCP 47 (de, pt-BR): strings, dates, <html lang>
timezone: UTC                         # an IANA name such as Europe/Berlin; dates are read in it
# author: {{name: The news desk, url: https://news.example.org/desk/}}
# publisher: {{name: Example Media, url: https://example.org/}}
copyright: {copyright}
paginate: 10                          # articles per front page and topic page
permalink: /{{year}}/{{month}}/{{day}}/{{slug}}/   # article URLs; must hold {{slug}}
output: public                        # the build's folder; brief replaces it whole
date_format: long                     # short, medium, long, full, or CLDR: d MMMM y
# markdown: {{html: false, typographer: true, anchors: true}}
# feed: {{entries: 20, content: full}}   # content: summary for standfirsts only
# tags: [Politics, Economy]           # a vocabulary: brief import suggests these
# checks: {{no-tags: false}}           # turn an editorial check of brief check off
# host:                               # files for static hosts
#   cname: news.example.org           # GitHub Pages custom domain
#   cache: {{"*.pdf": "public, max-age=86400"}}
# deploy:                             # brief deploy [NAME]; the first is the default
#   pages: {{type: git, branch: gh-pages}}
#   box: {{type: rsync, dest: "user@host:/var/www/news"}}
#   bucket: {{type: s3, bucket: my-news, region: eu-central-1}}
"""

EXAMPLE = """\
---
title: {welcome}
date: {date}
summary: This example article shows how a story and its photo credit are written.
tags: [Newsroom]
image:
  src: example.svg
  alt: A grey square with the word Example
  caption: Every image carries its credit and licence
  credit: {title}
  license: CC0
---
Write articles as Markdown files in `content/`, with the front-matter above. The credit of
the image appears at the foot of the article, with its licence.

Run `brief serve` to preview the site as you write, and `brief build` to make it.
"""

EXAMPLE_IMAGE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">
<rect width="800" height="450" fill="#d9dde3"/>
<text x="400" y="240" font-family="sans-serif" font-size="48" text-anchor="middle"
 fill="#3c4552">Example</text>
</svg>
"""

GITIGNORE = "# made by brief build and its cache\n/public/\n/.brief/\n"


def add_arguments(i: argparse.ArgumentParser) -> None:
    """The arguments of `brief init`, on its parser (made by `cli.make_parser`)."""
    i.add_argument("dir", nargs="?", type=Path, default=Path("."), help="the site folder")
    i.add_argument("--title", default="My News Brief", help="the site's name")
    i.set_defaults(run=run)


def _yaml_text(text: str) -> str:
    """`text` as a YAML value that reads back as itself."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(args: argparse.Namespace) -> int:
    """`brief init`."""
    root: Path = args.dir
    title = " ".join(args.title.split()) or "My News Brief"
    if (root / CONFIG_NAME).exists() or (root / "content").exists():
        print(
            f"brief: error: {root} already holds a site ({CONFIG_NAME} or content/); "
            "choose an empty or new folder",
            file=sys.stderr,
        )
        return 1
    if root.exists() and not root.is_dir():
        print(f"brief: error: {root} is a file; choose a folder", file=sys.stderr)
        return 1
    today = dt.date.today()
    files = {
        CONFIG_NAME: SITE_YAML.format(
            title=_yaml_text(title),
            copyright=_yaml_text(
                f"© {today.year} {title}. Image credits and licences are given under each article."
            ),
        ),
        "content/welcome.md": EXAMPLE.format(
            welcome=_yaml_text(f"Welcome to {title}"),
            title=_yaml_text(title),
            date=today.isoformat(),
        ),
        "content/example.svg": EXAMPLE_IMAGE,
        ".gitignore": GITIGNORE,
    }
    try:
        (root / "layouts").mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            path = root / rel
            if path.exists():  # only .gitignore can be there: keep the user's own
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as fh:
                fh.write(text)
    except OSError as exc:
        print(f"brief: error: {exc.filename or root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"created a site in {root}: edit {root / CONFIG_NAME}, then run brief serve there")
    return 0
