"""Finding and reading article files: which files are articles, and how their bytes are read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brief.content.sources import Source, decode, digest_of, find_sources, read_source
from brief.errors import Problem, Severity

OUTSIDE = "symlink points outside the site folder and is not followed"


def touch(path: Path, text: str = "---\ntitle: x\ndate: 2022-02-28\n---\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "site" / "content").mkdir(parents=True)
    return tmp_path / "site"


def found(root: Path) -> tuple[list[str], list[Problem]]:
    """The articles found under root/content, as paths relative to it."""
    files, problems = find_sources(root / "content", root)
    return [Path(f.path).relative_to(root / "content").as_posix() for f in files], problems


def test_articles_anywhere_under_content_sorted(root: Path) -> None:
    for rel in ["b.md", "a.md", "2022/02/z.md", "2022/01/y.md", "world/europe/x.md"]:
        touch(root / "content" / rel)
    touch(root / "content" / "notes.txt")
    touch(root / "content" / "image.md.png")
    (root / "content" / "folder.md").mkdir()  # a folder named like an article is walked
    touch(root / "content" / "folder.md" / "inner.md")
    articles, problems = found(root)
    assert articles == (
        ["2022/01/y.md", "2022/02/z.md", "a.md", "b.md", "folder.md/inner.md", "world/europe/x.md"]
    )
    assert [(p.path, p.severity) for p in problems] == [("content", Severity.WARNING)]
    assert "1 file brief does not read: content/notes.txt;" in problems[0].message


def test_stat_is_recorded(root: Path) -> None:
    path = touch(root / "content" / "a.md", "---\ntitle: é\n---\n")
    files, _ = find_sources(root / "content", root)
    assert [(f.path, f.size, f.mtime_ns) for f in files] == [
        (str(path), len("---\ntitle: é\n---\n".encode()), path.stat().st_mtime_ns)
    ]


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.md",
        ".#a.md",  # emacs lock
        "#a.md#",
        "#a.md",
        "a.md~",
        "a.md.swp",
        "a.md.swo",
        "a.md.tmp",
        "a.md.bak",
        "a.md.orig",
        "a.md.part",
        "_parked.md",
        ".git/HEAD.md",
        "_drafts/a.md",
        ".obsidian/a.md",
        "#tmp#/a.md",
    ],
)
def test_editor_noise_and_parked_files_are_ignored(root: Path, name: str) -> None:
    touch(root / "content" / name)
    touch(root / "content" / "real.md")
    assert found(root) == (["real.md"], [])


def test_symlinked_file_inside_the_site_is_read(root: Path) -> None:
    target = touch(root / "drafts" / "shared.md")
    (root / "content" / "link.md").symlink_to(target)
    assert found(root) == (["link.md"], [])


def test_symlinks_out_of_the_site_are_refused_with_a_warning(root: Path, tmp_path: Path) -> None:
    secret = touch(tmp_path / "elsewhere" / "secret.md")
    (root / "content" / "leak.md").symlink_to(secret)
    (root / "content" / "dir").symlink_to(secret.parent, target_is_directory=True)
    (root / "content" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    touch(root / "content" / "real.md")
    articles, problems = found(root)
    assert articles == ["real.md"]
    # in the order the folder lists them; messages are sorted only when printed
    assert sorted(problems) == (
        [
            Problem("content/dangling.md", None, None, OUTSIDE, Severity.WARNING),
            Problem("content/dir", None, None, OUTSIDE, Severity.WARNING),
            Problem("content/leak.md", None, None, OUTSIDE, Severity.WARNING),
        ]
    )


def test_symlinked_folders_are_never_walked(root: Path) -> None:
    touch(root / "archive" / "old.md")
    (root / "content" / "archive").symlink_to(root / "archive", target_is_directory=True)
    touch(root / "content" / "a.md")
    assert found(root) == (["a.md"], [])


def test_a_symlink_loop_is_refused(root: Path) -> None:
    (root / "content" / "loop.md").symlink_to(root / "content" / "loop.md")
    assert found(root) == (
        [],
        [Problem("content/loop.md", None, None, OUTSIDE, Severity.WARNING)],
    )


def test_no_content_folder_is_no_articles(tmp_path: Path) -> None:
    assert find_sources(tmp_path / "content", tmp_path) == ([], [])


# --- reading ---------------------------------------------------------------------------------


def test_read_source(root: Path) -> None:
    path = touch(root / "content" / "2022" / "a.md", "---\ntitle: Café\n---\nBody\n")
    source = read_source(path, root)
    assert source == Source(
        path=path,
        shown="content/2022/a.md",
        text="---\ntitle: Café\n---\nBody\n",
        digest=digest_of("---\ntitle: Café\n---\nBody\n".encode()),
    )


def test_read_source_of_a_vanished_file(root: Path) -> None:
    assert read_source(root / "content" / "gone.md", root) == Problem(
        "content/gone.md", None, None, "cannot read file: No such file or directory"
    )


def test_read_source_of_a_folder(root: Path) -> None:
    (root / "content" / "x.md").mkdir()
    assert read_source(root / "content" / "x.md", root) == Problem(
        "content/x.md", None, None, "cannot read file: Is a directory"
    )


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf---\ntitle: x\n", "---\ntitle: x\n"),  # BOM
        (b"---\r\ntitle: x\r\n---\r\nBody\r\n", "---\ntitle: x\n---\nBody\n"),  # Windows
        (b"---\rtitle: x\r---\r", "---\ntitle: x\n---\n"),  # old Mac
        (b"a\r\n\r\nb\r\r\nc", "a\n\nb\n\nc"),  # mixed
        (b"\xef\xbb\xbfa\r\nb", "a\nb"),
        (b"keep \xef\xbb\xbf inside", "keep \ufeff inside"),  # only a leading BOM goes
        ("Россия\n".encode(), "Россия\n"),
        (b"", ""),
    ],
)
def test_decode_normalises(data: bytes, text: str) -> None:
    source = decode(Path("/s/content/a.md"), data, "content/a.md")
    assert source == Source(Path("/s/content/a.md"), "content/a.md", text, digest_of(data))


def test_the_digest_is_of_the_raw_bytes() -> None:
    unix = decode(Path("a.md"), b"a\nb\n", "a.md")
    windows = decode(Path("a.md"), b"a\r\nb\r\n", "a.md")
    assert isinstance(unix, Source) and isinstance(windows, Source)
    assert unix.text == windows.text
    assert unix.digest != windows.digest
    assert len(unix.digest) == 32 and int(unix.digest, 16) >= 0


@pytest.mark.parametrize(
    ("data", "line", "col", "byte", "value"),
    [
        (b"\xe9", 1, 1, 0, 0xE9),
        (b"---\ntitle: caf\xe9\n", 2, 11, 14, 0xE9),
        (b"a\nb\nc\xffd\n", 3, 2, 5, 0xFF),
        (b"ok \xc3\xa9 then \xc3(", 1, 12, 11, 0xC3),  # a cut two-byte letter
        (b"\r\n\r\nx\x80", 3, 2, 5, 0x80),  # CRLF counts as one line
        (b"\xef\xbb\xbf\xfe", 1, 4, 3, 0xFE),  # the BOM's bytes count as columns
    ],
)
def test_decode_non_utf8_names_line_column_and_byte(
    data: bytes, line: int, col: int, byte: int, value: int
) -> None:
    assert decode(Path("a.md"), data, "content/a.md") == Problem(
        "content/a.md",
        line,
        col,
        f"not valid UTF-8 (byte {byte}, value 0x{value:02x}); save the file as UTF-8",
    )


def test_read_source_reports_non_utf8(root: Path) -> None:
    path = root / "content" / "latin1.md"
    path.write_bytes("---\ntitle: Zürich\n---\n".encode("latin-1"))
    assert read_source(path, root) == Problem(
        "content/latin1.md",
        2,
        9,
        "not valid UTF-8 (byte 12, value 0xfc); save the file as UTF-8",
    )


def test_a_source_outside_the_site_is_shown_by_its_full_path(tmp_path: Path) -> None:
    path = touch(tmp_path / "other" / "a.md")
    source = read_source(path, tmp_path / "site")
    assert isinstance(source, Source)
    assert source.shown == str(path) and os.path.isabs(source.shown)
