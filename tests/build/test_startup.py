"""A build that finds nothing changed loads only what that check needs.

Importing the Markdown renderer, Jinja, Pillow's codecs, the planner, the importer and the
deploy code was most of a no-change build's time at 10,000 articles; a `brief build` in a
fresh process that stops at the check must not import them, and one that has work to do
must still find everything it needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import BASIC_CONFIG, REPO, Site, article

HEAVY = (
    "jinja2",
    "markdown_it",
    "PIL.Image",
    "brief.build.gather",
    "brief.build.write",
    "brief.render.templates",
    "brief.site.pages",
    "brief.importer",
    "brief.deploy",
    "brief.preview",
    # the check file (`build.quick`) decides, not the state: no models, no cache module
    "brief.build.cache",
    "brief.build.state",
    "brief.content.article",
    "brief.content.markdown",
)

PROBE = """\
import json, sys
from brief.cli import main
code = main(["build", "--source", sys.argv[1]])
print(json.dumps({"code": code, "loaded": sorted(sys.modules)}))
"""


def _build_in_new_process(root: Path) -> tuple[int, str, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    last = proc.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    return result["code"], proc.stdout, set(result["loaded"])


def _age(root: Path) -> None:
    """Every input an hour old: the no-change check trusts no stat taken seconds after a
    write (`cache.RACY_NS`)."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        if path.is_file() and "public" not in path.parts and ".brief" not in path.parts:
            os.utime(path, (past, past))


def _site(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG)
    for n in range(3):
        site.write(f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-2{n}", tags="[A]"))
    _age(site.root)


def test_a_no_change_build_imports_none_of_the_renderer(site: Site) -> None:
    _site(site)
    code, out, _ = _build_in_new_process(site.root)
    assert code == 0 and "3 articles" in out
    code, out, loaded = _build_in_new_process(site.root)
    assert code == 0 and "nothing changed" in out
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_a_build_with_work_to_do_still_loads_what_it_needs(site: Site) -> None:
    _site(site)
    assert _build_in_new_process(site.root)[0] == 0
    edited = article("Story 1", date="2022-02-21", body="A sentence added later.", tags="[A]")
    site.write("content/s1.md", edited)
    code, out, loaded = _build_in_new_process(site.root)
    assert code == 0 and "nothing changed" not in out
    assert {"jinja2", "brief.build.gather", "brief.build.write"} <= loaded
    pages = [p.read_text(encoding="utf-8") for p in site.public.rglob("index.html")]
    assert sum("A sentence added later." in page for page in pages) == 1
