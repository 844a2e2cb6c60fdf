"""Whole small sites built on disk: what gets published, escaping, safety, determinism."""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from tests.helpers import BASIC_CONFIG, PNG_BYTES, Site, article, tree

PNG = PNG_BYTES


def test_minimal_site_builds(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article("Hello world", body="Hi *there*."))
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    # 20 files, the search page and its script, and Pagefind's ten (the index of one page)
    assert "built 32 files (1 article, 0 tags; 32 written, 10 rendered, indexed 1 page in " in (
        result.out
    )
    page = site.page("2022/02/28/hello-world/index.html")
    assert "<em>there</em>" in page
    assert (site.public / "feed.xml").is_file()
    assert (site.public / "sitemap.xml").is_file()
    assert (site.public / "404.html").is_file()


def test_verbose_lists_pages_and_quiet_prints_nothing(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article("Hello"))
    verbose = site.build("-v", capsys=capsys)
    assert "2022/02/28/hello/index.html" in verbose.out.splitlines()
    quiet = site.build("-q", capsys=capsys)
    assert quiet.code == 0 and quiet.out == "" and quiet.err == ""


def test_article_text_is_never_a_template_and_is_escaped(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write(
        "content/a.md",
        article(
            '"{{ 7*7 }} <script>alert(1)</script>"',
            summary='"<img src=x onerror=alert(1)> {% raw %}"',
            tags='["<b>bold</b>", "{{ 7*7 }}"]',
            body="{{ 7*7 }} and {% if true %}x{% endif %} <script>alert(2)</script>\n\n[click](javascript:alert(3))",
        ),
    )
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    # The search index holds the article's text as text (gzipped); Pagefind's script
    # escapes it before showing an excerpt (tests/test_search_browser.py shows it escaped).
    pages = {
        p.relative_to(site.public).as_posix(): p.read_text()
        for p in site.public.rglob("*")
        if p.is_file() and not p.relative_to(site.public).as_posix().startswith("pagefind/")
    }
    for name, text in pages.items():
        assert "<script>alert" not in text, name
        assert "<img src=x" not in text, name
        assert "<b>bold</b>" not in text, name
        assert 'href="javascript:' not in text, name
        # 7*7 is never worked out (content-hash names such as style.6f563049.css aside)
        assert "49" not in re.sub(r"\.[0-9a-f]{8}\.", ".", text.replace("2022-02-28", "")), name
    article_page = next(
        t for n, t in pages.items() if n.startswith("2022/") and n.count("/") == 4
    )  # 2022/02/28/<slug>/index.html, not the day's, month's or year's edition
    assert "{{ 7*7 }}" in article_page
    assert "{% if true %}x{% endif %}" in article_page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in article_page


def test_raw_html_only_when_enabled(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article(body='<aside class="note">Note</aside>'))
    site.build(capsys=capsys)
    assert "&lt;aside" in site.page("2022/02/28/hello/index.html")
    site.write(
        "site.yaml", site.root.joinpath("site.yaml").read_text() + "markdown:\n  html: true\n"
    )
    site.build(capsys=capsys)
    assert '<aside class="note">Note</aside>' in site.page("2022/02/28/hello/index.html")


def test_markdown_features(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        'He said "no" -- twice.\n\n## Talks in Minsk\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
        "~~old~~ and a note[^1].\n\n[^1]: The note.\n"
    )
    site.write("content/a.md", article(body=body))
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/02/28/hello/index.html")
    assert "“no” – twice" in page
    assert '<h2 id="talks-in-minsk">' in page
    assert "<table>" in page and "<s>old</s>" in page
    assert 'class="footnotes"' in page


def test_drafts_and_future_left_out_unless_asked(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/draft.md", article("Secret draft", draft="true"))
    site.write("content/future.md", article("From the future", date="2999-01-01"))
    site.write("content/now.md", article("Published"))
    assert site.build(capsys=capsys).code == 0
    everything = b"".join(tree(site.public).values())
    assert b"Secret draft" not in everything and b"secret-draft" not in everything
    assert b"From the future" not in everything and b"from-the-future" not in everything
    assert b"Published" in everything
    assert site.build("--drafts", "--future", capsys=capsys).code == 0
    everything = b"".join(tree(site.public).values())
    assert b"Secret draft" in everything and b"From the future" in everything


def test_naive_dates_are_in_site_timezone(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", "title: T\nbase_url: https://ex.org/\ntimezone: Asia/Tokyo\n")
    site.write("content/a.md", article("Late", date="2022-02-28 23:30"))
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/02/28/late/index.html")
    assert 'datetime="2022-02-28T23:30:00+09:00"' in page


def test_tags_merge_case_and_accents_and_keep_other_scripts(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article("One", tags="[Ukraine, Élysée, Россия]"))
    site.write("content/b.md", article("Two", tags="[ukraine, Elysee]"))
    site.write("content/c.md", article("Three", tags="[UKRAINE]"))
    assert site.build(capsys=capsys).code == 0
    tags = sorted(p.name for p in (site.public / "tags").iterdir() if p.is_dir())
    assert tags == ["elysee", "ukraine", "россия"]
    doc = html.fromstring(site.page("tags/index.html"))
    names = [a.text_content().strip() for a in doc.cssselect(".topics li a")]
    assert names.count("Ukraine") == 1 and "ukraine" not in names and "UKRAINE" not in names
    assert (
        len(html.fromstring(site.page("tags/ukraine/index.html")).cssselect(".story")) == 2
    )  # paginate: 2
    assert (site.public / "tags/ukraine/page/2/index.html").is_file()


def test_slug_from_title_is_ascii_folded_and_stable(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", article('"Macron’s Call With Putin: Élysée Says “Roads”"'))
    assert site.build(capsys=capsys).code == 0
    assert (
        site.public / "2022/02/28/macrons-call-with-putin-elysee-says-roads/index.html"
    ).is_file()


def test_custom_slug_and_permalink(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write(
        "site.yaml", "title: T\nbase_url: https://ex.org/news/\npermalink: /{year}/{slug}/\n"
    )
    site.write("content/a.md", article("Long title here", slug="short"))
    assert site.build(capsys=capsys).code == 0
    page = site.page("2022/short/index.html")
    assert (
        'href="https://ex.org/news/2022/short/"' in page
    )  # canonical, absolute under the sub-path
    # relative, so it works under any sub-path
    assert re.search(r'href="\.\./\.\./style\.[0-9a-f]{8}\.css"', page)
    assert re.search(r'href="/news/style\.[0-9a-f]{8}\.css"', site.page("404.html"))


def test_local_image_copied_and_credited(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/2022/photo.png", PNG)
    site.write(
        "content/2022/a.md",
        "---\ntitle: With image\ndate: 2022-02-28\nimage:\n  src: photo.png\n  alt: A test square\n"
        "  caption: The square\n  credit: Jane Doe\n  source: Example Agency\n"
        "  source_url: https://agency.example/p/1\n  license: CC-BY-SA-4.0\n"
        "credits:\n  - title: Map data\n    credit: OpenStreetMap contributors\n    license: ODbL\n"
        "    notice: © OpenStreetMap contributors\n---\nBody\n",
    )
    result = site.build(capsys=capsys)
    assert result.code == 1
    assert "content/2022/a.md:15:14: error: unknown licence 'ODbL'" in result.err
    site.write(
        "content/2022/a.md",
        site.root.joinpath("content/2022/a.md")
        .read_text()
        .replace("license: ODbL", "license: permission"),
    )
    result = site.build(capsys=capsys)
    assert result.code == 0, result.err
    # re-encoded without metadata: the same pixels, not necessarily the same bytes
    published = Image.open(site.public / "media/2022/photo.png")
    assert published.size == (1, 1) and published.getpixel((0, 0)) == (176, 32, 27, 255)
    doc = html.fromstring(site.page("2022/02/28/with-image/index.html"))
    img = doc.xpath("//img")[0]
    assert re.fullmatch(
        r"\.\./\.\./\.\./\.\./media/2022/photo\.[0-9a-f]{16}\.1\.png", img.get("src")
    )
    assert img.get("alt") == "A test square"
    footer = doc.cssselect("footer.attribution")[0]
    assert footer.cssselect(".credit-creator")[0].text_content() == "Jane Doe"
    source = footer.cssselect("a.credit-source")[0]
    assert source.get("href") == "https://agency.example/p/1"
    licence = footer.xpath(".//a[@rel='license']")[0]
    assert licence.get("href") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert "© OpenStreetMap contributors" in footer.text_content()


def test_bom_and_crlf_change_nothing(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = article("Line endings", body="First.\n\nSecond “quoted”.", tags="[A, B]")
    site.write("content/a.md", text)
    assert site.build(capsys=capsys).code == 0
    plain = tree(site.public)
    site.write("content/a.md", ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert site.build(capsys=capsys).code == 0
    assert tree(site.public) == plain


def test_symlink_outside_site_is_not_followed(
    site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(article("Leaked secret"))
    site.write("content/a.md", article("Inside"))
    os.symlink(outside / "leak.md", site.root / "content/leak.md")
    os.symlink(outside, site.root / "content/linked-dir")
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert "content/leak.md: warning: symlink points outside the site folder" in result.err
    assert b"Leaked secret" not in b"".join(tree(site.public).values())


@pytest.mark.parametrize("where", ["/", ".", ".."])
def test_output_may_not_be_root_source_or_parent(
    site: Site, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    site.write("content/a.md", article())
    target = where if where == "/" else str((site.root / where).resolve())
    result = site.build("--output", target, capsys=capsys)
    assert result.code == 1
    assert "output folder may not be" in result.err
    assert (site.root / "content/a.md").is_file()


def test_base_url_override(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("content/a.md", article())
    assert site.build("--base-url", "https://staging.example.net/x", capsys=capsys).code == 0
    assert "https://staging.example.net/x/sitemap.xml" in site.page("robots.txt")
    assert site.build("--base-url", "nope", capsys=capsys).code == 2


def test_builds_are_deterministic(site: Site, tmp_path: Path) -> None:
    for i in range(7):
        site.write(
            f"content/{i}.md",
            article(f"Story {i}", date=f"2022-02-{10 + i % 3}", tags=f"[T{i % 2}, Shared]"),
        )
    first = site.run("build", "--output", str(tmp_path / "one"), "-q")
    second = site.run("build", "--output", str(tmp_path / "two"), "-q")
    assert first.code == second.code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_interrupted_build_leaves_previous_output(site: Site, tmp_path: Path) -> None:
    """Kill a build while it renders; public/ must be exactly the previous build."""
    site.write("content/a.md", article("First"))
    assert site.run("build", "-q").code == 0
    before = tree(site.public)
    for i in range(3000):
        site.write(f"content/many/{i}.md", article(f"Story number {i}", body="Text. " * 50))
    proc = subprocess.Popen([sys.executable, "-m", "brief", "build", "-q"], cwd=site.root)
    deadline = time.monotonic() + 60
    # wait until the build is staging its output, then kill it mid-write
    while time.monotonic() < deadline and not any(
        p.name.startswith(".public.tmp-") for p in site.root.iterdir()
    ):
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert tree(site.public) == before
    # the next build cleans up what the killed one left behind
    assert site.run("build", "-q").code == 0
    assert not [p for p in site.root.iterdir() if p.name.startswith(".public.")]
    assert (site.public / "2022/02/28/story-number-2999/index.html").is_file()


def test_ctrl_c_reports_without_traceback(site: Site) -> None:
    for i in range(3000):
        site.write(f"content/{i}.md", article(f"Story {i}", body="Text. " * 50))
    proc = subprocess.Popen(
        [sys.executable, "-m", "brief", "build", "-q"],
        cwd=site.root,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60  # interrupt it while it renders into its staging folder
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".public.tmp-") for p in site.root.iterdir()):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.fail("build finished before it could be interrupted; make the site bigger")
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert "interrupted" in err
    assert not site.public.exists()


def test_level_one_heading_in_body_warns_with_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "Intro.\n\n# Big\n\n```\n# not a heading\n```\n\nSetext\n===\n\n## Fine\n"
    site.write("content/a.md", article(body=body))
    result = site.build(capsys=capsys)
    assert result.code == 0
    assert (
        "content/a.md:7:1: warning: a level-1 heading in the body competes with the headline"
        in result.err
    )
    assert "content/a.md:13:1: warning:" in result.err
    assert result.err.count("level-1 heading") == 2


def test_a_one_shot_build_collects_in_its_workers_only() -> None:
    """`brief build` turns the collector off in its own process (`OneShot`) but the render
    and parse workers it forks collect their garbage: asked from a real process."""
    code = (
        "import gc\n"
        "from brief.commands.build import OneShot\n"
        "from brief.build.parallel import run_indexed\n"
        "OneShot()\n"
        "print(gc.isenabled(), set(run_indexed(lambda i: gc.isenabled(), 400, 2)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False {True}\n"


def test_a_one_shot_build_keeps_no_plan_for_a_next_build(site: Site) -> None:
    """A process that builds once (`brief build` itself) does not make the plan that only a
    next build in the same process could patch; one that builds again keeps it."""
    from brief.build import BuildOptions, build
    from brief.build.memo import Memo
    from brief.commands.build import OneShot
    from brief.config import load_config

    site.write("site.yaml", BASIC_CONFIG)
    site.write("content/a.md", article("One", date="2022-02-27"))
    config = load_config(site.root)
    try:  # a one-shot process stops the cyclic collector, for good: this one must not
        assert OneShot().builds_again is False and not gc.isenabled()
    finally:
        gc.enable()
    again, once = Memo(), Memo(builds_again=False)
    build(config, BuildOptions(out_dir=site.root / "a", jobs=1), memo=again)
    build(config, BuildOptions(out_dir=site.root / "b", jobs=1), memo=once)
    assert again.plan is not None and once.plan is None
    assert tree(site.root / "a") == tree(site.root / "b")
