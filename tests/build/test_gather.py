"""`gather()`: the whole site read, checked and planned, with nothing written."""

from __future__ import annotations

import re
from pathlib import Path

from brief.build import build
from brief.build.gather import gather
from brief.build.memo import Memo
from brief.config import load_config
from brief.site.pages import PageKind
from tests.helpers import BASIC_CONFIG, Site, article


def _site(tmp_path: Path) -> Site:
    site = Site(tmp_path / "site")
    site.write("site.yaml", BASIC_CONFIG)
    site.write("content/a.md", article("First", tags="[Ukraine]"))
    site.write("content/b.md", article("Second", date="2022-03-01", body="# Rival\n\nText."))
    return site


def test_gather_plans_everything_and_writes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    gathered = gather(load_config(site.root))
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before
    assert gathered.ok and gathered.edition is not None
    assert [a.title for a in gathered.edition.articles] == ["Second", "First"]
    assert [p.kind for p in gathered.pages].count(PageKind.ARTICLE) == 2
    paths = [f.path for f in gathered.files]
    assert "index.html" in paths and "feed.xml" in paths
    assert any(re.fullmatch(r"style\.[0-9a-f]{8}\.css", p) for p in paths)
    assert len(gathered.fingerprints) == len(gathered.pages)
    assert [p.format() for p in gathered.problems] == [
        "content/b.md:5:1: warning: a level-1 heading in the body competes with the headline; "
        "use ## for sections"
    ]


def test_gather_returns_problems_instead_of_raising(tmp_path: Path) -> None:
    site = _site(tmp_path)
    site.write("content/c.md", article("First", slug="first"))  # same URL as a.md
    site.write("content/d.md", "---\ntitle: No date\n---\n")
    gathered = gather(load_config(site.root))
    assert not gathered.ok
    assert gathered.edition is None and gathered.pages == [] and gathered.files == []
    assert [p.format() for p in gathered.problems if p.severity == "error"] == [
        "content/d.md:1:1: error: missing required 'date' in front-matter; add date: "
        "2022-02-28 or start the file name with the date, e.g. 2022-02-28-my-story.md",
        "content/a.md:2:1: error: two articles have the URL /2022/02/28/first/: this one and "
        "content/c.md; give one of them a different slug:",
        "content/c.md:4:1: error: two articles have the URL /2022/02/28/first/: this one and "
        "content/a.md; give one of them a different slug:",
    ]


def test_only_a_memo_carries_anything_from_one_build_to_the_next(tmp_path: Path) -> None:
    site = _site(tmp_path)
    config = load_config(site.root)
    memo = Memo()
    build(config, memo=memo)
    assert memo.plan is not None and memo.environments and memo.cache_files
    assert len(memo.article_fingerprints) == 2
    kept = memo.plan
    other = Memo()
    site.write("content/a.md", article("First", tags="[Ukraine]", body="Edited."))
    build(config, memo=other)
    assert other.plan is not None and other.plan is not kept
    assert memo.plan is kept  # one build's memo is never touched by another's
