"""Incremental builds must equal clean builds, byte for byte, after any edits."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import time
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from brief.build import BuildOptions, build, parallel
from brief.build.cache import CACHE_DIR, STATE_FILE
from brief.config import RemoteCache, load_config
from brief.output.writer import Patch, recover
from brief.site import routes
from tests.deploy.servers import S3Server, make_bucket
from tests.helpers import PNG_BYTES, REPO, Site, article, edited_long_ago, tree
from tests.photos import photo

TAGS = ["Ukraine", "Russia", "Belarus", "Diplomacy", "Ceasefire", "Élysée", "Россия"]


def _touch_later(path: Path) -> None:
    """Move mtime into the past, as if the edit happened long ago (past the racy window)."""
    past = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(past, past))


def _rewrite_inputs(site: Site) -> None:
    """Every input file written again with its own bytes, as a checkout makes it: a new
    mtime now, the bytes the same (the output and `.brief/` keep their stats)."""
    for path in site.root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts and "public" not in path.parts:
            path.write_bytes(path.read_bytes())


SECTIONS = [None, "World", "Politics"]
AUTHORS = [None, "Jane Doe", "[Jane Doe, Sam Roe]", "Олена"]


class Editor:
    """Random, valid edits to a small site: the moves a writer makes in a day."""

    def __init__(self, site: Site, rng: random.Random) -> None:
        self.site = site
        self.rng = rng
        self.n = 0
        self.config()

    def desk(self) -> dict[str, str]:
        """A random section and byline, as front-matter lines."""
        extra = {}
        section = self.rng.choice(SECTIONS)
        if section:
            extra["section"] = section
        author = self.rng.choice(AUTHORS)
        if author:
            extra["author"] = author
        return extra

    def articles(self) -> list[Path]:
        return sorted(
            p for p in (self.site.root / "content").rglob("*.md") if "pages" not in p.parts
        )

    def new_page(self) -> None:
        self.n += 1
        self.site.write(
            f"content/pages/page-{self.n}.md", f"---\ntitle: Page {self.n}\n---\nAbout {self.n}.\n"
        )

    def edit_page(self) -> None:
        pages = sorted((self.site.root / "content/pages").glob("*.md"))
        if pages:
            path = self.rng.choice(pages)
            path.write_text(f"---\ntitle: Retitled {self.rng.randint(0, 99)}\n---\nText.\n")

    def body_image(self) -> None:
        """Show a local image in an article's body, with a caption and a credit."""
        path = self.rng.choice(self.articles())
        self.n += 1
        self.site.write(f"content/body{self.n}.png", PNG_BYTES + bytes([self.n % 256]))
        text = path.read_text()
        if "figures:" in text:
            return
        head, _, body = text[4:].partition("\n---\n")
        figure = f"figures: {{/body{self.n}.png: {{credit: Jane, license: CC BY 4.0}}}}\n"
        image = f'![Chart {self.n}](/body{self.n}.png "Chart {self.n}")'
        path.write_text(f"---\n{head}\n{figure}---\n{body}\n{image}\n")

    def lead_photo(self) -> None:
        """A lead photo (a real JPEG, sometimes turned by its EXIF), new or replaced, on an
        article; its sizes, formats and social card are derived files."""
        path = self.rng.choice(self.articles())
        text = path.read_text()
        photos = sorted((self.site.root / "content").glob("photo*.jpg"))
        if photos and self.rng.random() < 0.5:
            name = self.rng.choice(photos).name
        else:
            self.n += 1
            name = f"photo{self.n}.jpg"
        size = (self.rng.randint(200, 900), self.rng.randint(150, 700))
        orientation = self.rng.choice([None, 6])
        self.site.write(
            f"content/{name}", photo(*size, seed=self.rng.randint(0, 99), orientation=orientation)
        )
        if "\nimage:" in text:
            return
        head, _, body = text[4:].partition("\n---\n")
        image = f"image: {{src: /{name}, alt: A photo, credit: Jane & Co, license: CC BY 4.0}}\n"
        path.write_text(f"---\n{head}\n{image}---\n{body}\n")

    def catalogue(self) -> None:
        """The site's own wording for a theme string, or none."""
        po = self.site.root / "layouts/locales/en.po"
        if po.exists() and self.rng.random() < 0.3:
            po.unlink()
            return
        word = self.rng.choice(["Top stories", "The latest", "News now"])
        self.site.write(
            "layouts/locales/en.po",
            f'msgid "Latest news"\nmsgstr "{word}"\n\nmsgid "Topics"\nmsgstr "{word} by topic"\n',
        )

    def reassign(self) -> None:
        """Move an article to another desk or byline."""
        path = self.rng.choice(self.articles())
        lines = [
            line
            for line in path.read_text().split("\n")
            if not line.startswith(("section:", "author:"))
        ]
        for key, value in self.desk().items():
            lines.insert(1, f"{key}: {value}")
        path.write_text("\n".join(lines))

    def new_article(self) -> None:
        self.n += 1
        tags = self.rng.sample(TAGS, self.rng.randint(0, 3))
        day = self.rng.randint(1, 28)
        extra = {"tags": "[" + ", ".join(tags) + "]"} if tags else {}
        if self.rng.random() < 0.3:
            extra["draft"] = "true"
        if self.rng.random() < 0.3:
            self.site.write(f"content/img{self.n}.png", PNG_BYTES)
            extra["image"] = (
                f"{{src: /img{self.n}.png, alt: Picture {self.n}, credit: Jane, license: CC BY 4.0}}"
            )
        extra.update(self.desk())
        folder = self.rng.choice(["", "2022/", "2022/02/"])
        self.site.write(
            f"content/{folder}story-{self.n}.md",
            article(
                f"Story {self.n} {self.rng.choice(TAGS)}",
                date=f"2022-02-{day:02d}",
                body=f"Body {self.n}.",
                **extra,
            ),
        )

    def edit_body(self) -> None:
        path = self.rng.choice(self.articles())
        path.write_text(path.read_text() + f"\nMore text {self.rng.random()}.\n")

    def edit_summary(self) -> None:
        """A field story cards show, which puts the article nowhere else."""
        path = self.rng.choice(self.articles())
        lines = [x for x in path.read_text().split("\n") if not x.startswith("summary:")]
        lines.insert(1, f"summary: Summary {self.rng.randint(0, 9)}")
        path.write_text("\n".join(lines))

    def retitle(self) -> None:
        """A new headline: with a `slug:` of its own the story keeps its URL, so the pages
        that link it by its headline are all that change."""
        path = self.rng.choice(self.articles())
        lines = path.read_text().split("\n")
        lines = [x for x in lines if not x.startswith("title:")]
        if not any(x.startswith("slug:") for x in lines):
            self.n += 1
            lines.insert(1, f"slug: kept-{self.n}")
        lines.insert(1, f"title: Headline {self.rng.randint(0, 99)}")
        path.write_text("\n".join(lines))

    def retag(self) -> None:
        path = self.rng.choice(self.articles())
        text = path.read_text()
        tags = "[" + ", ".join(self.rng.sample(TAGS, self.rng.randint(0, 2))) + "]"
        lines = [line for line in text.split("\n") if not line.startswith("tags:")]
        lines.insert(1, f"tags: {tags}")
        path.write_text("\n".join(lines))

    def delete(self) -> None:
        if len(self.articles()) > 2:
            self.rng.choice(self.articles()).unlink()

    def rename(self) -> None:
        path = self.rng.choice(self.articles())
        self.n += 1
        path.rename(path.with_name(f"renamed-{self.n}.md"))

    def layout(self) -> None:
        self.site.write(
            "layouts/partials/tag_list.html",
            f'{{% for ref in refs %}}<a href="{{{{ url(ref.url) }}}}">{{{{ ref.name }}}}</a> {self.rng.randint(0, 9)}{{% endfor %}}\n',
        )

    def static(self) -> None:
        self.site.write(
            "layouts/static/extra.css", f"body {{ margin: {self.rng.randint(0, 9)}px }}\n"
        )

    def config(self) -> None:
        bio = self.rng.choice(["Reports.", "Edits."])
        menu = self.rng.choice(["", "menu: [home, {section: World}, topics]\n"])
        # Without a search index and with short feeds, an archive story's body edit is
        # patched rather than planned (`build.patch`): both ways are exercised.
        if self.rng.random() < 0.6:
            menu += f"search: false\nfeed: {{entries: {self.rng.randint(1, 3)}}}\n"
        self.site.write(
            "site.yaml",
            f"title: Brief {self.rng.randint(0, 3)}\nbase_url: https://ex.org/\n"
            f"paginate: {self.rng.randint(1, 3)}\n"
            f"sections: [World, {{name: Politics, description: {bio}}}]\n"
            f"authors: [{{name: Jane Doe, bio: {bio}}}]\n{menu}",
        )

    def image_bytes(self) -> None:
        images = sorted((self.site.root / "content").glob("img*.png"))
        if images:
            path = self.rng.choice(images)
            path.write_bytes(PNG_BYTES + bytes([self.rng.randint(0, 255)]))

    def random_edit(self) -> str:
        moves = [
            self.new_article,
            self.edit_body,
            self.edit_body,
            self.edit_summary,
            self.retitle,
            self.retitle,
            self.retag,
            self.delete,
            self.rename,
            self.layout,
            self.static,
            self.config,
            self.image_bytes,
            self.new_page,
            self.edit_page,
            self.reassign,
            self.body_image,
            self.lead_photo,
            self.lead_photo,
            self.catalogue,
        ]
        move = self.rng.choice(moves)
        move()
        return move.__name__


def _clean_build(site: Site, out: Path) -> dict[str, bytes]:
    """A build of a copy of the site without its output and cache (photos made afresh)."""
    copy = out.with_name(out.name + "-site")
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    config = load_config(copy)
    build(config, BuildOptions(out_dir=out, cache=False, jobs=1))
    return tree(out)


@pytest.mark.parametrize("seed", range(6))
def test_random_edit_sequences_match_clean_builds(
    site: Site, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if seed % 2:
        monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # exercise the worker processes too
    rng = random.Random(seed)
    editor = Editor(site, rng)
    editor.config()
    for _ in range(4):
        editor.new_article()
    history = []
    for step in range(12):
        history.append(editor.random_edit())
        when = rng.random()
        if when < 0.25:  # sometimes as if the edit happened long ago: stats are trusted
            for path in site.root.rglob("*"):
                if path.is_file() and CACHE_DIR not in path.parts:
                    _touch_later(path)
        elif when < 0.5:  # or only the files just written, the rest keeping their stats
            edited_long_ago(site.root)
        elif when < 0.7:  # or checked out afresh with it: every input a new stat
            _rewrite_inputs(site)
        report = build(load_config(site.root), BuildOptions(jobs=2))
        expected = _clean_build(site, tmp_path / f"clean-{step}")
        assert tree(site.public) == expected, f"after {history}"
        assert set(report.pages) == set(expected)
        if rng.random() < 0.3:  # a checkout of the same files: new stats, nothing to write
            _rewrite_inputs(site)
            again = build(load_config(site.root), BuildOptions(jobs=2))
            assert again.written == () and tree(site.public) == expected, f"after {history}"


def _inputs(site: Site) -> dict[str, tuple[int, bytes]]:
    """Every input file of the site (relative path: mtime, bytes), as a watcher sees it."""
    found = {}
    for path in site.root.rglob("*"):
        rel = path.relative_to(site.root)
        if path.is_file() and rel.parts[0] not in (CACHE_DIR, "public"):
            found[rel.as_posix()] = (path.lstat().st_mtime_ns, path.read_bytes())
    return found


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_in_a_preview_told_what_changed_match_clean_builds(
    site: Site, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview names the files its watcher saw change (`BuildOptions.touched`, only
    for a batch of content changes): a swap into the kept plan (`build.swap`) or a usual
    build, the site equals a clean one after every step."""
    from brief.build import swap
    from brief.build.memo import Memo
    from brief.preview.session import _touched
    from brief.preview.watch import Change, classify

    swaps: list[bool] = []
    real = swap.swap

    def spy(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        swaps.append(report is not None)
        return report

    monkeypatch.setattr(swap, "swap", spy)
    rng = random.Random(100 + seed)
    editor = Editor(site, rng)
    editor.config()
    for _ in range(4):
        editor.new_article()
    memo = Memo(slot="serve", index=False)
    out = tmp_path / "serve"
    history = []
    before: dict[str, tuple[int, bytes]] = {}
    for step in range(16):
        if step:
            # the edits a writer makes most: a body, a summary, a headline
            if rng.random() < 0.6:
                edit = rng.choice([editor.edit_body, editor.edit_summary, editor.retitle])
                edit()
                history.append(edit.__name__)
            else:
                history.append(editor.random_edit())
        now = _inputs(site)
        paths = sorted(p for p in before.keys() | now.keys() if before.get(p) != now.get(p))
        changes = []
        for rel in paths:
            kind = classify(PurePosixPath(rel))
            if kind:
                changes.append(Change(kind, rel))
        before = now
        config = load_config(site.root)
        touched = _touched(config, changes) if step else None
        options = BuildOptions(out_dir=out, index_later=True, touched=touched, jobs=1)
        report = build(config, options, memo=memo)
        clean = tmp_path / f"clean-{step}"
        copy = clean.with_name(clean.name + "-site")
        shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns("public", CACHE_DIR))
        fresh = build(load_config(copy), BuildOptions(out_dir=clean, cache=False, jobs=1))
        expected = tree(clean)
        assert report.warnings == fresh.warnings, f"after {history}"
        index = routes.SEARCH_INDEX.lstrip("/")
        assert {k: v for k, v in tree(out).items() if not k.startswith(index)} == {
            k: v for k, v in expected.items() if not k.startswith(index)
        }, f"after {history}"
    assert any(swaps), history
    print(f"{sum(swaps)} of {len(swaps)} told builds swapped")


def _checkout(site: Site, at: Path) -> Path:
    """A fresh clone of the site at `at`: no `.brief/`, no output, every file a new mtime."""
    if at.exists():
        shutil.rmtree(at)
    ignore = shutil.ignore_patterns("public", CACHE_DIR)
    shutil.copytree(site.root, at, ignore=ignore, copy_function=shutil.copy)
    return at


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_built_by_fresh_clones_through_the_shared_cache(
    site: Site,
    tmp_path: Path,
    seed: int,
    moto_server: S3Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every build a CI runner's: a fresh clone (in one of two folders) whose `.brief/` comes
    from the bucket (moto on loopback stands in for S3, see tests/build/test_remote.py),
    then saves what it made; each must equal a clean build."""
    make_bucket(moto_server, "brief-cache")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    remote = RemoteCache("brief-cache", f"seq-{seed}/")
    rng = random.Random(100 + seed)
    editor = Editor(site, rng)
    for _ in range(4):
        editor.new_article()
    history = []
    for step in range(8):
        history.append(editor.random_edit())
        runner = _checkout(site, tmp_path / f"runner-{rng.randint(0, 1)}")
        report = build(load_config(runner), BuildOptions(remote=remote, jobs=2))
        assert not [w for w in report.warnings if w.path.startswith("s3://")], history
        assert report.shared is not None
        expected = _clean_build(site, tmp_path / f"clean-{step}")
        assert tree(runner / "public") == expected, f"after {history}"
        if step % 2:  # what it saved is all the next runner needs: nothing parsed or made
            again = _checkout(site, tmp_path / "runner-again")
            second = build(load_config(again), BuildOptions(remote=remote, jobs=2))
            assert (second.parsed, second.images.images) == (0, 0), history
            assert tree(again / "public") == expected, f"after {history}"


def test_no_change_build_writes_nothing(site: Site) -> None:
    for i in range(5):
        site.write(f"content/{i}.md", article(f"Story {i}", tags="[A, B]"))
    for path in site.root.rglob("*"):
        if path.is_file():
            _touch_later(path)
    config = load_config(site.root)
    first = build(config)
    assert first.rendered > 0
    inodes = {p: p.stat().st_ino for p in site.public.rglob("*") if p.is_file()}
    second = build(config)
    assert second.written == () and second.rendered == 0 and second.parsed == 0
    assert {p: p.stat().st_ino for p in site.public.rglob("*") if p.is_file()} == inodes


def test_one_edit_rewrites_only_what_shows_it(site: Site) -> None:
    for i in range(30):
        site.write(
            f"content/{i}.md",
            article(f"Story {i}", date=f"2022-02-{1 + i % 28:02d}", tags=f"[T{i % 5}]"),
        )
    config = load_config(site.root)
    build(config)
    site.write("content/3.md", article("Story 3 changed", date="2022-02-04", tags="[T3]"))
    report = build(config)
    assert report.parsed == 1
    assert "2022/02/04/story-3-changed/index.html" in report.written
    assert "2022/02/04/story-3/index.html" in report.removed
    assert not (site.public / "2022/02/04/story-3").exists()  # no stale page, no empty folder
    assert not any("story-9" in p for p in report.written)  # an unrelated article page
    # the topic page that lists it (page 3 of T3, two per page), and no other topic page
    assert "tags/t3/page/3/index.html" in report.written
    assert not any(
        p.startswith("tags/") and p.endswith(".html") and "t3/page/3" not in p
        for p in report.written
    )


def _listed(site: Site) -> None:
    for i in range(12):
        site.write(
            f"content/{i}.md",
            article(
                f"Story {i}",
                date=f"2022-02-{1 + i:02d}",
                tags=f"[T{i % 3}]",
                summary=f"Summary {i}.",
                section="World" if i % 2 else "Politics",
            ),
        )
    site.write("site.yaml", "title: T\nbase_url: https://ex.org/\nsections: [World, Politics]\n")


def _pages(report_written: tuple[str, ...]) -> list[str]:
    return sorted(p for p in report_written if p.endswith(".html"))


def test_a_body_edit_renders_its_page_and_no_list(site: Site, tmp_path: Path) -> None:
    """Lists show a story by the fields their templates read (its card): its body is not
    one, so only its page and the feeds, which carry the body, are written again."""
    _listed(site)
    config = load_config(site.root)
    build(config)
    text = (site.root / "content/4.md").read_text()
    (site.root / "content/4.md").write_text(text + "\nA sentence added to the body.\n")
    report = build(config)
    assert _pages(report.written) == ["2022/02/05/story-4/index.html"]
    assert "feed.xml" in report.written
    assert tree(site.public) == _clean_build(site, tmp_path / "clean")


def test_a_summary_edit_renders_the_lists_that_show_it(site: Site, tmp_path: Path) -> None:
    _listed(site)
    config = load_config(site.root)
    build(config)
    path = site.root / "content/4.md"
    path.write_text(path.read_text().replace("Summary 4.", "A new summary."))
    written = _pages(build(config).written)
    assert {"index.html", "tags/t1/index.html", "politics/index.html"} <= set(written)
    assert "tags/t0/index.html" not in written and "world/index.html" not in written
    assert tree(site.public) == _clean_build(site, tmp_path / "clean")


def test_a_site_list_that_shows_more_of_a_story_is_rendered_again(
    site: Site, tmp_path: Path
) -> None:
    """A site's own card that shows the word count reads `words`: then a body edit changes
    what the lists show, and they are rendered again."""
    _listed(site)
    card = (REPO / "layouts/partials/story.html").read_text(encoding="utf-8")
    marker = '<h2 class="story-title">'
    assert marker in card
    site.write(
        "layouts/partials/story.html",
        card.replace(marker, '<p class="words">{{ item.words }} words</p>' + marker),
    )
    config = load_config(site.root)
    build(config)
    path = site.root / "content/4.md"
    path.write_text(path.read_text() + "\nFive more words right here.\n")
    written = _pages(build(config).written)
    assert {"index.html", "tags/t1/index.html", "politics/index.html"} <= set(written)
    assert tree(site.public) == _clean_build(site, tmp_path / "clean")


def test_edited_file_within_racy_window_is_reread(site: Site) -> None:
    """Two saves in one timestamp tick, same size: the second must not be missed."""
    path = site.write("content/a.md", article("Alpha"))
    config = load_config(site.root)
    build(config)
    stat = path.stat()
    path.write_text(article("Alpho"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    build(config)
    assert (site.public / "2022/02/28/alpho/index.html").is_file()


def test_untrusted_cache_cannot_run_code(site: Site, tmp_path: Path) -> None:
    site.write("content/a.md", article())
    config = load_config(site.root)
    build(config)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    (site.root / CACHE_DIR / STATE_FILE).write_bytes(pickle.dumps(Evil()))
    report = build(config)
    assert not marker.exists()
    assert report.rendered > 0  # the bad cache was ignored: a full build


def test_patch_undone_on_error_and_after_kill(tmp_path: Path) -> None:
    out = tmp_path / "public"
    (out / "a").mkdir(parents=True)
    (out / "a/index.html").write_text("old a")
    (out / "b.html").write_text("old b")
    before = tree(out)

    class Boom(Exception):
        pass

    patch = Patch(out)
    patch.write("a/index.html", b"new a")
    patch.write("c/new.html", b"new c")
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise Boom
        real_replace(src, dst)  # type: ignore[arg-type]

    os.replace = failing_replace  # type: ignore[assignment]
    try:
        with pytest.raises(Boom):
            patch.apply(["a/index.html", "c/new.html"], ["b.html"])
    finally:
        os.replace = real_replace
    assert tree(out) == before
    assert not (out / "c").exists()

    # A journal left by a killed process is undone by the next run.
    patch = Patch(out)
    patch.write("a/index.html", b"new a")
    backup = patch._sibling("bak")
    journal = patch._sibling("journal")
    (backup / "a").mkdir(parents=True)
    os.replace(out / "a/index.html", backup / "a/index.html")
    os.replace(patch.root / "a/index.html", out / "a/index.html")
    journal.write_text(
        f'{{"backup": "{backup.name}"}}\n["replaced", "a/index.html"]\n["added", "x.h'
    )
    recover(out)
    assert tree(out) == before
    assert not journal.exists()


def test_underscore_template_is_an_input(site: Site) -> None:
    """`_name.html` parks an article, but in layouts/ it is a real template."""
    site.write("content/a.md", article())
    site.write("layouts/article.html", '{% include "_extra.html" %}\n')
    site.write("layouts/_extra.html", "first\n")
    for path in site.root.rglob("*"):
        if path.is_file():
            _touch_later(path)
    config = load_config(site.root)
    build(config)
    assert site.page("2022/02/28/hello/index.html") == "first\n"
    site.write("layouts/_extra.html", "second\n")
    _touch_later(site.root / "layouts/_extra.html")
    build(config)
    assert site.page("2022/02/28/hello/index.html") == "second\n"


def test_layout_change_rerenders_only_pages_using_it(site: Site) -> None:
    """Through inheritance and includes: tags.html alone, or base.html for every page."""
    for i in range(4):
        site.write(f"content/{i}.md", article(f"Story {i}", tags="[A]"))
    theme = REPO / "layouts"
    for name in ("base.html", "tags.html", "article.html", "partials/attribution.html"):
        site.write(f"layouts/{name}", (theme / name).read_text(encoding="utf-8"))
    config = load_config(site.root)
    build(config)

    site.write(
        "layouts/tags.html", (theme / "tags.html").read_text(encoding="utf-8") + "<!-- x -->\n"
    )
    report = build(config)
    assert [p for p in report.written if p.endswith(".html")] == ["tags/index.html"]

    site.write("layouts/partials/attribution.html", "<footer class=attribution>changed</footer>\n")
    report = build(config)
    assert sorted(p for p in report.written if p.endswith(".html")) == [
        f"2022/02/28/story-{i}/index.html" for i in range(4)
    ]

    site.write(
        "layouts/base.html", (theme / "base.html").read_text(encoding="utf-8") + "<!-- y -->\n"
    )
    report = build(config)
    assert report.rendered == sum(1 for p in report.pages if p.endswith(".html"))
    assert tree(site.public) == _clean_build(site, site.root.parent / "clean")


def test_next_build_undoes_a_patch_killed_mid_way(site: Site) -> None:
    site.write("content/a.md", article())
    config = load_config(site.root)
    build(config)
    before = tree(site.public)
    # What a build killed between two renames leaves: a new file in place, the old one
    # in the backup folder, and the journal saying so.
    page = site.public / "2022/02/28/hello/index.html"
    backup = site.root / ".public.bak-killed"
    (backup / "2022/02/28/hello").mkdir(parents=True)
    os.replace(page, backup / "2022/02/28/hello/index.html")
    page.write_text("half-written new version")
    (site.root / ".public.journal-killed").write_text(
        '{"backup": ".public.bak-killed"}\n["replaced", "2022/02/28/hello/index.html"]\n'
    )
    build(config)
    assert tree(site.public) == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".public.")]


def test_body_edit_reuses_the_plan_and_matches_a_clean_build(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body edit keeps every page in place: the last plan is patched, not rebuilt."""
    import brief.build.gather
    from brief.build.memo import Memo

    for i in range(6):
        site.write(
            f"content/{i}.md", article(f"Story {i}", date=f"2022-02-0{i + 1}", tags="[A, B]")
        )
    config = load_config(site.root)
    memo = Memo()  # what a long-running process keeps between builds
    build(config, memo=memo)

    def no_planning(*args: object, **kwargs: object) -> None:
        raise AssertionError("planned afresh")

    monkeypatch.setattr(brief.build.gather, "make_edition", no_planning)
    monkeypatch.setattr(brief.build.gather, "plan_pages", no_planning)
    site.write(
        "content/3.md", article("Story 3", date="2022-02-04", tags="[A, B]", body="A new body.")
    )
    report = build(config, memo=memo)
    assert "2022/02/04/story-3/index.html" in report.written
    assert "A new body." in site.page("2022/02/04/story-3/index.html")

    # a change of place (a new tag) cannot reuse the plan
    site.write("content/4.md", article("Story 4", date="2022-02-05", tags="[A, C]"))
    with pytest.raises(AssertionError, match="planned afresh"):
        build(config, memo=memo)
    monkeypatch.undo()
    site.write("content/4.md", article("Story 4", date="2022-02-05", tags="[A, B]"))
    build(config, memo=memo)
    assert tree(site.public) == _clean_build(site, tmp_path / "clean")

    # without a memo nothing is kept: the next build plans afresh
    monkeypatch.setattr(brief.build.gather, "make_edition", no_planning)
    site.write("content/3.md", article("Story 3", date="2022-02-04", tags="[A, B]", body="Again."))
    with pytest.raises(AssertionError, match="planned afresh"):
        build(config)


def test_a_long_preview_session_does_not_keep_old_versions(site: Site, tmp_path: Path) -> None:
    """Rebuild after rebuild (as `brief serve` does), nothing of an article's earlier
    versions stays in memory, and nothing is left frozen out of garbage collection."""
    import gc
    import io

    from brief.content.article import Article
    from brief.preview.reload import Hub
    from brief.preview.session import ServeOptions, Session

    site.write("content/a.md", article("Kept", body="Steady."))
    site.write("content/b.md", article("Edited", body="Version 0."))
    out = io.StringIO()
    session = Session(ServeOptions(site.root), tmp_path / "preview", Hub(), out, out)
    for n in range(1, 6):
        site.write("content/b.md", article("Edited", body=f"Version {n}."))
        _touch_later(site.root / "content/b.md")
        session.rebuild([])
    assert "build failed" not in out.getvalue()
    assert gc.get_freeze_count() == 0  # else get_objects() below would not see them all
    gc.collect()
    versions = {o.html for o in gc.get_objects() if isinstance(o, Article) and o.title == "Edited"}
    assert versions == {"<p>Version 5.</p>\n"}
