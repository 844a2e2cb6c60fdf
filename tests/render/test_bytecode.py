"""Compiled templates kept in `.brief/jinja/`: a new process loads them instead of compiling,
and never loads one it did not sign (a checkout's `.brief/` may come from anyone)."""

from __future__ import annotations

import pickle
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import Bucket, bc_magic

from brief.build import build
from brief.build.cache import CACHE_DIR, JINJA_DIR
from brief.config import load_config
from brief.render import bytecode
from tests.helpers import Site, article, clean_build, saved_later, tree


def _site(site: Site) -> None:
    for n in range(3):
        site.write(f"content/s{n}.md", article(f"Story {n}", date=f"2022-02-2{n}", tags="[A]"))


def _edit(site: Site, body: str) -> None:
    saved_later(
        site.write("content/s1.md", article("Story 1", date="2022-02-21", tags="[A]", body=body))
    )


def _compiled(site: Site) -> list[Path]:
    return sorted((site.root / CACHE_DIR / JINJA_DIR).rglob("*.bin"))


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counted(
        self: jinja2.Environment, source: str, name: str | None = None, filename: str | None = None
    ) -> object:
        compiled.append(str(name))
        return real(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


def test_a_new_process_loads_the_compiled_templates(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    build(load_config(site.root))
    assert _compiled(site)
    compiled = _no_compiling(monkeypatch)
    _edit(site, "A new body.")
    build(load_config(site.root))  # a new memo: nothing compiled in memory
    assert compiled == []
    assert "A new body." in site.page("2022/02/21/story-1/index.html")


def test_an_edited_template_is_compiled_again(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    _site(site)
    build(load_config(site.root))
    compiled = _no_compiling(monkeypatch)
    theme = Path(bytecode.__file__).parents[2] / "layouts" / "article.html"
    own = theme.read_text().replace("{% block main %}", "{% block main %}<p>the site's own</p>", 1)
    site.write("layouts/article.html", own)
    build(load_config(site.root))
    assert "article.html" in compiled
    assert "the site's own" in site.page("2022/02/21/story-1/index.html")


@pytest.mark.parametrize("how", ["unsigned code", "signed by another key", "cut short"])
def test_a_compiled_file_not_signed_here_is_never_loaded(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """What a checkout could bring in `.brief/jinja/`: code that would run when loaded, a
    file signed on another machine, a file cut short. Each is compiled afresh instead; the
    site is a clean build's."""
    _site(site)
    build(load_config(site.root))
    code = compile("open('pwned', 'w').close()\n", "<evil>", "exec")
    for path in _compiled(site):
        data = path.read_bytes()
        body = data[bytecode.SIGNATURE :]
        # the same template's checksum, with code that would run as the template loads
        checksum = pickle.loads(body[len(bc_magic) :])
        evil = Bucket(jinja2.Environment(), path.stem, checksum)
        evil.code = code
        forged = evil.bytecode_to_string()
        if how == "unsigned code":
            path.write_bytes(b"\0" * bytecode.SIGNATURE + forged)
        elif how == "signed by another key":
            other = bytecode.SignedBytecodeCache(path.parent, b"k" * bytecode.KEY_SIZE)
            path.write_bytes(other._sign(forged) + forged)
        else:
            path.write_bytes(data[: len(data) // 2])
    compiled = _no_compiling(monkeypatch)
    monkeypatch.chdir(site.root)  # where the code would leave its mark
    _edit(site, "Changed.")
    build(load_config(site.root))
    assert compiled  # compiled afresh, not loaded
    assert not (site.root / "pwned").exists()
    monkeypatch.undo()
    assert tree(site.public) == clean_build(site, tmp_path / "clean")


def test_without_a_key_nothing_is_kept(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the key's folder would be")
    monkeypatch.setenv("BRIEF_KEY_DIR", str(blocked))
    _site(site)
    build(load_config(site.root))
    assert _compiled(site) == []
    assert (site.public / "index.html").is_file()


def test_the_key_is_made_once_and_only_its_owner_reads_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIEF_KEY_DIR", str(tmp_path / "keys"))
    first = bytecode.key()
    assert first is not None and len(first) == bytecode.KEY_SIZE
    assert bytecode.key() == first
    mode = (tmp_path / "keys" / bytecode.KEY_FILE).stat().st_mode & 0o777
    assert mode == 0o600
