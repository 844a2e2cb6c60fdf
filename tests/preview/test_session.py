"""The preview's session (`preview.session`): what it tells each build of the changes its
watcher saw, and how it finds the files a build changed for the reload."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import brief.build
import brief.preview.session
from brief.build import BuildOptions, BuildReport
from brief.preview.reload import Hub
from brief.preview.session import OutputIndex, ServeOptions, Session
from brief.preview.watch import Change
from tests.helpers import Site, article, tree


def _told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...] | None]:
    """What each build of the session was told had changed (`BuildOptions.touched`)."""
    seen: list[tuple[str, ...] | None] = []
    real = brief.build.build

    def spy(config: Any, options: BuildOptions, **kwargs: Any) -> BuildReport:
        seen.append(options.touched)
        return real(config, options, **kwargs)

    monkeypatch.setattr(brief.preview.session, "build", spy)
    return seen


def test_a_build_is_told_the_saved_files_only_after_one_that_succeeded(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed build leaves changes out of the output that the watcher will not name
    again: the build after it compares everything, whatever the watcher saw."""
    site.write("content/a.md", article("Alpha", date="2022-02-01", body="First."))
    site.write("content/b.md", article("Beta", date="2022-02-02", body="Second."))
    told = _told(monkeypatch)
    out = io.StringIO()
    preview = tmp_path / "preview"
    session = Session(ServeOptions(site.root), preview, Hub(), out, out)
    b = str(site.root.resolve() / "content" / "b.md")

    session.rebuild([])  # the first build: nothing known yet
    site.write("content/b.md", article("Beta", date="2022-02-02", body="Second, edited."))
    session.rebuild([Change("content", "content/b.md")])
    assert told == [None, (b,)]
    assert "Second, edited." in (preview / "2022/02/02/beta/index.html").read_text()

    site.write("content/b.md", "---\ntitle: [unclosed\n---\n")
    session.rebuild([Change("content", "content/b.md")])
    assert "build failed" in out.getvalue()
    site.write("content/b.md", article("Beta", date="2022-02-02", body="Second, mended."))
    session.rebuild([Change("content", "content/b.md")])
    assert told == [None, (b,), (b,), None]  # after the failure: not told
    site.write("content/a.md", article("Alpha", date="2022-02-01", body="First, edited."))
    session.rebuild([Change("content", "content/a.md"), Change("content", "content/a.md")])
    site.write("site.yaml", site.root.joinpath("site.yaml").read_text() + "\n")
    session.rebuild([Change("content", "content/a.md"), Change("config", "site.yaml")])
    assert told[4:] == [(str(site.root.resolve() / "content" / "a.md"),), None]
    assert "Second, mended." in (preview / "2022/02/02/beta/index.html").read_text()
    assert "First, edited." in (preview / "2022/02/01/alpha/index.html").read_text()


def test_the_output_index_takes_the_files_a_build_names_and_notices_any_it_did_not(
    tmp_path: Path,
) -> None:
    for name, text in {"a.html": "A", "b.html": "B", "c.html": "C"}.items():
        (tmp_path / name).write_text(text)
    index = OutputIndex(tmp_path)
    assert index.update(["a.html", "b.html", "c.html"]) == {"a.html", "b.html", "c.html"}

    (tmp_path / "a.html").write_text("A, again")
    (tmp_path / "b.html").write_text("B")  # written, the same bytes: no reload
    (tmp_path / "c.html").unlink()
    changed = index.update(["a.html", "b.html"], written=["a.html", "b.html"], removed=["c.html"])
    assert changed == {"a.html", "c.html"}

    # a file the build did not name: the folder is looked at whole
    (tmp_path / "d.html").write_text("D")
    (tmp_path / "a.html").write_text("A, a third time")
    changed = index.update(["a.html", "b.html", "d.html"], written=["a.html"])
    assert changed == {"a.html", "d.html"}
    assert index.update(["a.html", "b.html", "d.html"], written=[]) == set()
    assert set(tree(tmp_path)) == {"a.html", "b.html", "d.html"}
