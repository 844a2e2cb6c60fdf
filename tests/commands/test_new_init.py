"""`brief init` makes a site that builds at once; `brief new` starts an article that builds
too; neither ever overwrites a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brief.cli import main
from tests.helpers import BASIC_CONFIG, Run, Site


def brief(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    out = capsys.readouterr()
    return Run(code, out.out, out.err)


def test_init_then_build_in_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "news"
    made = brief(capsys, "init", str(root), "--title", 'Kyiv "Desk"')
    assert made.code == 0, made
    assert (
        made.out
        == f"created a site in {root}: edit {root / 'site.yaml'}, then run brief serve there\n"
    )
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        ".gitignore",
        "content",
        "content/example.svg",
        "content/welcome.md",
        "layouts",
        "site.yaml",
    ]
    assert (
        root / ".gitignore"
    ).read_text() == "# made by brief build and its cache\n/public/\n/.brief/\n"
    built = brief(capsys, "build", "--source", str(root))
    assert (built.code, built.err) == (0, ""), built
    page = next((root / "public").glob("*/*/*/welcome-to-kyiv-desk/index.html")).read_text()
    assert '<h1 class="headline">Welcome to Kyiv &#34;Desk&#34;</h1>' in page
    assert 'class="credit-creator">Kyiv &#34;Desk&#34;</span>' in page
    assert "creativecommons.org/publicdomain/zero/1.0/" in page
    # every key of the commented site.yaml is a real key: uncommenting them all still loads
    text = (root / "site.yaml").read_text()
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and ":" in line.split("#")[1] else line
        for line in text.splitlines()
    )
    (root / "site.yaml").write_text(uncommented.replace("#   ", "  "))
    again = brief(capsys, "build", "--source", str(root))
    assert (again.code, again.err) == (0, ""), again


def test_init_refuses_a_folder_that_holds_a_site(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (site.root / "site.yaml").read_text()
    refused = brief(capsys, "init", str(site.root))
    assert refused.code == 1
    assert refused.err == (
        f"brief: error: {site.root} already holds a site (site.yaml or content/); choose an "
        "empty or new folder\n"
    )
    assert (site.root / "site.yaml").read_text() == before


def test_init_keeps_a_gitignore_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n")
    assert brief(capsys, "init", str(tmp_path)).code == 0
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\n"


def test_new_then_build(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    made = brief(
        capsys,
        "new",
        'Talks "resume" in Geneva',
        "--tags",
        "Diplomacy, Ukraine",
        "--date",
        "2022-03-01 09:30",
        "--source",
        str(site.root),
    )
    assert made.code == 0, made
    assert made.out == "content/2022-03-01-talks-resume-in-geneva.md\n"
    text = (site.root / "content/2022-03-01-talks-resume-in-geneva.md").read_text()
    assert text.startswith('---\ntitle: "Talks \\"resume\\" in Geneva"\ndate: 2022-03-01 09:30\n')
    assert 'tags: ["Diplomacy", "Ukraine"]\ndraft: true' in text
    # a draft: left out of a build, shown with --drafts
    built = site.build(capsys=capsys)
    assert (built.code, built.err) == (0, ""), built
    assert not (site.public / "2022/03/01").exists()
    drafts = site.build("--drafts", capsys=capsys)
    assert drafts.code == 0, drafts
    page = site.page("2022/03/01/talks-resume-in-geneva/index.html")
    assert '<h1 class="headline">Talks &#34;resume&#34; in Geneva</h1>' in page


def test_new_dates_now_in_the_site_timezone(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("timezone: UTC", "timezone: Pacific/Kiritimati"))
    made = brief(capsys, "new", "Hello", "--source", str(site.root))
    assert made.code == 0, made
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    assert made.out.startswith(f"content/{today.isoformat()}-hello.md")


def test_new_never_overwrites(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", "Hello", "--date", "2022-02-28", "--source", str(site.root)]
    assert brief(capsys, *args).code == 0
    path = site.root / "content/2022-02-28-hello.md"
    path.write_text("mine")
    again = brief(capsys, *args)
    assert again.code == 1
    assert again.err == (
        "brief: error: content/2022-02-28-hello.md already exists; edit it, or choose another title\n"
    )
    assert path.read_text() == "mine"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "!!!"],
            'brief: error: the title needs at least one letter or digit, e.g. brief new "Talks resume in Geneva"\n',
        ),
        (
            ["new", "Hi", "--date", "soon"],
            "brief: error: --date must be YYYY-MM-DD or 'YYYY-MM-DD HH:MM', got 'soon'\n",
        ),
    ],
)
def test_new_with_a_bad_title_or_date_is_a_usage_error(
    site: Site, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    result = brief(capsys, *argv, "--source", str(site.root))
    assert (result.code, result.err) == (2, message)
    assert not (site.root / "content").exists()


def test_new_in_a_section_with_bylines_and_a_new_page(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write(
        "site.yaml",
        BASIC_CONFIG + "sections: [World, {name: Économie}]\nauthors: [Jane Doe]\n",
    )
    src = str(site.root)
    made = brief(
        capsys,
        "new", "Markets fall", "--source", src, "--section", "economie",
        "--author", "Jane Doe", "--author", "Sam Roe", "--date", "2022-03-01 09:30",
    )  # fmt: skip
    assert (made.code, made.out) == (0, "content/economie/2022-03-01-markets-fall.md\n")
    text = (site.root / "content/economie/2022-03-01-markets-fall.md").read_text()
    assert 'section: "Économie"\nauthors: ["Jane Doe", "Sam Roe"]\n' in text
    page = brief(capsys, "new", "Contact us", "--source", src, "--page")
    assert (page.code, page.out) == (0, "content/pages/contact-us.md\n")
    for path in (site.root / "content").rglob("*.md"):  # publish both
        path.write_text(path.read_text().replace("draft: true", "draft: false"))
    built = brief(capsys, "build", "--source", src)
    assert built.code == 0, built
    assert (site.public / "contact-us/index.html").is_file()
    story = site.page("2022/03/01/markets-fall/index.html")
    assert "authors/sam-roe/" in story and "../../../../economie/" in story


def test_new_in_an_unknown_section(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("site.yaml", BASIC_CONFIG + "sections: [World]\n")
    made = brief(capsys, "new", "X", "--source", str(site.root), "--section", "Wrld")
    assert made.code == 2
    assert made.err == "brief: error: unknown section 'Wrld'; did you mean 'World'?\n"
    assert not (site.root / "content").exists()
