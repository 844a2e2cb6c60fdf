"""`brief import` as a writer runs it: a real subprocess on a small site, then a real build.

Until brief/cli.py lists the command, the subprocess runs a copy of its wiring (`WIRING`):
`import_.add_parser` on a parser of its own, then `run`. Once the CLI has it, these tests run
`python -m brief import` itself.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from brief.cli import make_parser
from brief.importer.write import split_digest
from tests.helpers import BASIC_CONFIG, REPO, Run, Site, article, tree

SEED = REPO / "seeds" / "000_91e649236aae20d7.txt"
SEED_ARTICLE = REPO / "content" / "2022-02-28-russia-makes-demands-for-ceasefire-in-ukraine.md"
SEED_TARGET = "content/2022-02-28-russia-makes-demands-for-ceasefire-in-ukraine.md"
SEED_PAGE = "2022/02/28/russia-makes-demands-for-ceasefire-in-ukraine/index.html"
SEED_WIRE = "wire/000_91e649236aae20d7.txt"
HAND_TAGS = "Russia, Ukraine, Ceasefire, Diplomacy, France"

WIRING = """\
import argparse, sys
from brief.commands import import_
parser = argparse.ArgumentParser(prog="brief")
import_.add_arguments(parser.add_subparsers(dest="command", required=True).add_parser("import"))
args = parser.parse_args(sys.argv[1:])
sys.exit(args.run(args))
"""


def _cli_has_import() -> bool:
    for action in make_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "import" in action.choices
    return False


BRIEF = [sys.executable, "-m", "brief"] if _cli_has_import() else [sys.executable, "-c", WIRING]


def brief_import(site: Site, *args: str) -> Run:
    """`brief import ARGS` in the site folder."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [*BRIEF, "import", *args],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def brief_build(site: Site) -> Run:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "build"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def wire(site: Site, name: str = "wire/a.txt", *, headline: str = "Talks End at Border") -> str:
    site.write(
        name,
        f"{headline}\nThe first round has ended.\nMacron called Putin.\n"
        "Zelenskyy said: you have to try.\nImage: Jane Doe via Flickr (CC0)\n",
    )
    return name


def content(site: Site) -> dict[str, bytes]:
    folder = site.root / "content"
    return tree(folder) if folder.exists() else {}


@pytest.fixture
def seeded(site: Site) -> Site:
    site.write(SEED_WIRE, SEED.read_bytes())
    return site


# --- the bundled seed ------------------------------------------------------------------------


def expected_seed_article(imported: str) -> str:
    """The article in content/, which is the seed as imported (with the tags added by hand)."""
    return SEED_ARTICLE.read_text(encoding="utf-8")


def test_the_seed_gives_the_bundled_article(seeded: Site) -> None:
    result = brief_import(seeded, SEED_WIRE, "--date", "2022-02-28", "--tags", HAND_TAGS)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"wrote {SEED_TARGET} (from {SEED_WIRE})\nimported 1 story: 1 written, 0 unchanged\n"
    )
    imported = (seeded.root / SEED_TARGET).read_text(encoding="utf-8")
    assert imported == expected_seed_article(imported)


def test_without_tags_only_the_tags_line_differs(seeded: Site) -> None:
    assert brief_import(seeded, SEED_WIRE, "--date", "2022-02-28").code == 0
    imported = (seeded.root / SEED_TARGET).read_text(encoding="utf-8")
    without_digest = split_digest(imported)[0]
    expected = split_digest(expected_seed_article(imported))[0]
    assert without_digest == expected.replace(f"tags: [{HAND_TAGS}]\n", "")


def test_round_trip_through_the_build(seeded: Site) -> None:
    assert brief_import(seeded, SEED_WIRE, "--date", "2022-02-28").code == 0
    built = brief_build(seeded)
    assert built.code == 0
    assert built.err == ""  # imported_from and import_digest are no misspelt fields
    doc = html.parse(str(seeded.public / SEED_PAGE)).getroot()
    headline, standfirst, *paragraphs, credit = [
        line.strip() for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()
    ]
    assert doc.xpath("//h1")[0].text_content() == headline
    assert doc.cssselect(".standfirst")[0].text_content() == standfirst
    assert [p.text_content() for p in doc.cssselect(".body p")] == paragraphs
    # The wire credits a photo it did not send: no credit claims an image the page lacks,
    # and the credit waits in the file, commented out, for the photo.
    assert not doc.cssselect("footer.attribution")
    text = (seeded.root / SEED_TARGET).read_text(encoding="utf-8")
    assert "\n#   credit: Presidential Executive Office of Russia\n" in text
    assert "\n#   license: CC BY 4.0\n" in text
    assert credit.startswith("Image by Presidential Executive Office of Russia")


def test_hostile_copy_renders_as_written(site: Site) -> None:
    lines = [
        "# Not a heading, *not emphasis*, [not a link](x)",
        "1. Not a list <b>nor HTML</b> &amp; AT&T",
        "> Not a quote with `code` and a back\\slash",
        "- not a list, ~~not struck~~",
    ]
    site.write("wire/h.txt", "Headline\nStandfirst\n" + "\n".join(lines) + "\n")
    assert brief_import(site, "wire/h.txt", "--date", "2022-02-28").code == 0
    assert brief_build(site).code == 0
    page = site.public / "2022/02/28/headline/index.html"
    doc = html.parse(str(page)).getroot()
    assert [p.text_content() for p in doc.cssselect(".body p")] == lines


# --- idempotency, edits, --force ------------------------------------------------------------


def test_importing_again_changes_nothing(seeded: Site) -> None:
    assert brief_import(seeded, SEED_WIRE, "--date", "2022-02-28").code == 0
    before = content(seeded)
    for args in ((), ("--date", "2022-02-28")):  # the date comes from the article, not today
        again = brief_import(seeded, "wire/", *args)
        assert (again.code, again.err) == (0, "")
        assert again.out == (
            f"unchanged {SEED_TARGET} (from {SEED_WIRE})\n"
            "imported 1 story: 0 written, 1 unchanged\n"
        )
        assert content(seeded) == before


def test_a_reimport_keeps_the_tags_given_first(site: Site) -> None:
    wire(site)
    assert brief_import(site, "wire/a.txt", "--date", "2022-02-28", "--tags", "Talks").code == 0
    before = content(site)
    assert "tags: [Talks]\n" in next(iter(before.values())).decode()
    assert brief_import(site, "wire/a.txt").out.startswith("unchanged ")
    assert content(site) == before


def test_a_reimport_refuses_another_date(seeded: Site) -> None:
    assert brief_import(seeded, SEED_WIRE, "--date", "2022-02-28").code == 0
    before = content(seeded)
    result = brief_import(seeded, SEED_WIRE, "--date", "2022-03-01")
    assert result.code == 1
    assert result.err == (
        f"{SEED_WIRE}: error: was imported as {SEED_TARGET}, dated 2022-02-28; import it "
        "again without --date, or remove that file to import it anew\n"
        "brief: import failed, nothing written: 1 error\n"
    )
    assert content(seeded) == before


def test_a_changed_wire_file_updates_an_untouched_article(site: Site) -> None:
    wire(site)
    assert brief_import(site, "wire/a.txt", "--date", "2022-02-28").code == 0
    site.write("wire/a.txt", "Talks End at Border\nA new standfirst.\nOne paragraph.\n")
    result = brief_import(site, "wire/a.txt")
    target = "content/2022-02-28-talks-end-at-border.md"
    assert (result.code, result.out) == (
        0,
        f"updated {target} (from wire/a.txt)\nimported 1 story: 1 written, 0 unchanged\n",
    )
    text = (site.root / target).read_text(encoding="utf-8")
    assert "summary: A new standfirst.\n" in text and "image:" not in text


def test_an_edited_article_is_kept_unless_forced(site: Site) -> None:
    wire(site)
    assert brief_import(site, "wire/a.txt", "--date", "2022-02-28").code == 0
    target = site.root / "content/2022-02-28-talks-end-at-border.md"
    fresh = target.read_text(encoding="utf-8")
    target.write_text(fresh.replace("Macron called Putin.", "Macron phoned Putin."), "utf-8")
    edited = content(site)

    refused = brief_import(site, "wire/a.txt")
    assert refused.code == 1
    assert refused.out == ""
    assert refused.err == (
        "content/2022-02-28-talks-end-at-border.md: error: edited since it was imported from "
        "wire/a.txt; brief import does not overwrite edits: pass --force to replace it with a "
        "fresh import\nbrief: import failed, nothing written: 1 error\n"
    )
    assert content(site) == edited

    forced = brief_import(site, "wire/a.txt", "--force")
    assert (forced.code, forced.err) == (0, "")
    assert forced.out.startswith(
        "replaced content/2022-02-28-talks-end-at-border.md (from wire/a.txt)\n"
    )
    assert target.read_text(encoding="utf-8") == fresh


# --- collisions ------------------------------------------------------------------------------


def test_another_article_at_the_target_path(site: Site) -> None:
    wire(site)
    hand = site.write("content/2022-02-28-talks-end-at-border.md", article("Talks End at Border"))
    before = content(site)
    result = brief_import(site, "wire/a.txt", "--date", "2022-02-28", "--force")
    assert result.code == 1
    assert result.err == (
        "wire/a.txt: error: would be written to content/2022-02-28-talks-end-at-border.md, "
        "which holds another article (not imported from a.txt); move that file, or import "
        "with another --date\nbrief: import failed, nothing written: 1 error\n"
    )
    assert content(site) == before and hand.is_file()


def test_an_article_imported_from_another_file_at_the_target_path(site: Site) -> None:
    wire(site, "wire/a.txt")
    wire(site, "later/b.txt")
    assert brief_import(site, "wire/a.txt", "--date", "2022-02-28").code == 0
    result = brief_import(site, "later/b.txt", "--date", "2022-02-28")
    assert result.code == 1
    assert result.err.startswith(
        "later/b.txt: error: would be written to content/2022-02-28-talks-end-at-border.md, "
        "which holds another article (not imported from b.txt)"
    )


def test_two_stories_for_one_path(site: Site) -> None:
    wire(site, "wire/a.txt")
    wire(site, "wire/b.txt")
    result = brief_import(site, "wire", "--date", "2022-02-28")
    assert result.code == 1
    assert result.err == (
        "wire/b.txt: error: would be written to content/2022-02-28-talks-end-at-border.md, as "
        "wire/a.txt is; import them one at a time with different --date\n"
        "brief: import failed, nothing written: 1 error\n"
    )
    assert content(site) == {}


def test_two_files_of_one_name(site: Site) -> None:
    wire(site, "one/a.txt", headline="First")
    wire(site, "two/a.txt", headline="Second")
    result = brief_import(site, "one", "two")
    assert result.code == 1
    assert result.err == (
        "two/a.txt: error: has the same file name as one/a.txt, and an imported article "
        "records the name it came from; rename one\n"
        "brief: import failed, nothing written: 1 error\n"
    )
    assert content(site) == {}


# --- bad input -------------------------------------------------------------------------------

SHAPE = "a headline line, a standfirst line, then one paragraph per line"
FAILED = "brief: import failed, nothing written: 1 error\n"
BAD = [
    ("empty", b"", f"wire/x.txt: error: empty file; wire copy is {SHAPE}\n"),
    ("blank", b"\n \n\t\n", f"wire/x.txt: error: empty file; wire copy is {SHAPE}\n"),
    (
        "one-line",
        b"Only a headline\n",
        f"wire/x.txt:1: error: only one line; wire copy is {SHAPE}, and this one has no "
        "standfirst\n",
    ),
    (
        "no-paragraphs",
        b"Headline\n\nStandfirst\n",
        f"wire/x.txt:3: error: no paragraphs after the standfirst on this line; wire copy is {SHAPE}\n",
    ),
    (
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "wire/x.txt: error: a binary file, not wire copy (a NUL byte at byte 8); wire copy is "
        "UTF-8 text\n",
    ),
    (
        "latin-1",
        b"Headline\nStandfirst\nTalks at the \xc9lys\xe9e.\n",
        "wire/x.txt:3:14: error: not valid UTF-8 (byte 33, value 0xc9); save the file as UTF-8\n",
    ),
    (
        "control",
        b"Headline\nStandfirst\nA\x1b[31m red line\n",
        "wire/x.txt:3:2: error: this line contains U+001B (a control character), which no page "
        "can show; remove it\n",
    ),
    (
        "no-slug",
        "¿?\nStandfirst\nOne.\n".encode(),
        "wire/x.txt:1: error: cannot make a file name from this headline: it has no letters or "
        "digits\n",
    ),
]


@pytest.mark.parametrize(("data", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_wire_file(site: Site, data: bytes, message: str) -> None:
    site.write("wire/x.txt", data)
    result = brief_import(site, "wire/x.txt")
    assert (result.code, result.out, result.err) == (1, "", message + FAILED)
    assert "Traceback" not in result.err
    assert content(site) == {}


def test_a_folder_with_nothing_importable(site: Site) -> None:
    site.write("wire/notes.md", "not wire copy")
    site.write("wire/.hidden.txt", "Headline\nStandfirst\nOne.\n")
    result = brief_import(site, "wire")
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "wire: error: no wire copy to import here: the folder has no .txt files\n" + FAILED,
    )


def test_a_missing_path(site: Site) -> None:
    result = brief_import(site, "wire/nope.txt")
    assert (result.code, result.err) == (
        1,
        "wire/nope.txt: error: no such file or folder\n" + FAILED,
    )


def test_one_bad_file_stops_them_all(site: Site) -> None:
    wire(site, "wire/a.txt")
    site.write("wire/b.txt", "")
    result = brief_import(site, "wire")
    assert result.code == 1
    assert result.err == f"wire/b.txt: error: empty file; wire copy is {SHAPE}\n" + FAILED
    assert content(site) == {}


def test_no_site_here(tmp_path: Path) -> None:
    bare = Site(tmp_path)
    wire(bare)
    result = brief_import(bare, "wire/a.txt")
    assert result.code == 1
    assert result.err == (
        f"{tmp_path}/site.yaml: error: no site.yaml here; run brief in the site folder or pass "
        "--source DIR\n" + FAILED
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--date", "2022-02-30"),
            "argument --date: must be a date such as 2022-02-28, got '2022-02-30'",
        ),
        (("--date", "0999-01-01"), "argument --date: must be a year from 1000 to 9000"),
        (("--tags", "Ukraine,!!"), "argument --tags: tag '!!' has no letters or digits"),
    ],
)
def test_bad_options_are_usage_errors(site: Site, args: tuple[str, ...], message: str) -> None:
    wire(site)
    result = brief_import(site, "wire/a.txt", *args)
    assert result.code == 2
    assert result.err.endswith(f"error: {message}\n")
    assert content(site) == {}


# --- what the command says, and --dry-run ----------------------------------------------------


def test_suggested_tags_are_named(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG + "tags: [Putin, Macron, Energy, Zelenskyy]\n")
    wire(site)
    result = brief_import(site, "wire/a.txt", "--date", "2022-02-28", "--tags", "Talks, putin")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "wrote content/2022-02-28-talks-end-at-border.md (from wire/a.txt)\n"
        "  tags suggested from site.yaml: Macron, Zelenskyy\n"
        "imported 1 story: 1 written, 0 unchanged\n"
    )
    text = (site.root / "content/2022-02-28-talks-end-at-border.md").read_text(encoding="utf-8")
    assert "\ntags: [Talks, putin, Macron, Zelenskyy]\n" in text


def test_today_in_the_site_timezone_by_default(site: Site) -> None:
    wire(site)
    result = brief_import(site, "--source", ".", "wire/a.txt")
    assert result.code == 0
    (name,) = content(site)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-talks-end-at-border\.md", name)


def test_an_unreadable_credit_is_kept_as_notice(site: Site) -> None:
    site.write("wire/a.txt", "Headline\nStandfirst\nOne.\nImage: Jane Doe, CC BY 9.0\n")
    result = brief_import(site, "wire/a.txt", "--date", "2022-02-28")
    assert result.code == 0
    assert result.err == (
        "wire/a.txt:4: warning: cannot read this image credit ('CC BY 9.0' is no licence brief "
        "knows; did you mean 'CC BY 4.0'?); it is kept as written as notice:, so check it and "
        "split it into credit:, source: and license: by hand\n"
    )
    text = (site.root / "content/2022-02-28-headline.md").read_text(encoding="utf-8")
    assert '\n#   notice: "Image: Jane Doe, CC BY 9.0"\n' in text
    built = brief_build(site)
    assert (built.code, built.err) == (0, "")
    assert "Jane Doe" not in site.page("2022/02/28/headline/index.html")  # no photo, no credit


def test_a_credit_without_terms_says_what_the_build_will_say(site: Site) -> None:
    site.write("wire/a.txt", "Headline\nStandfirst\nOne.\nJane Doe/Reuters\n")
    result = brief_import(site, "wire/a.txt", "--date", "2022-02-28")
    assert result.code == 0
    assert result.err == (
        "wire/a.txt:4: warning: the image credit names no licence or notice; readers could not "
        "tell under which terms the photo is used, so add license: before you publish it\n"
    )


def test_a_future_date_is_a_warning(site: Site) -> None:
    wire(site)
    result = brief_import(site, "wire/a.txt", "--date", "8999-01-01")
    assert result.code == 0
    assert result.err == (
        "wire/a.txt: warning: dated 8999-01-01, after today: brief build leaves it out until "
        "that day (or with --future)\n"
    )


def test_dry_run_writes_nothing(seeded: Site) -> None:
    result = brief_import(seeded, SEED_WIRE, "--date", "2022-02-28", "--dry-run")
    assert (result.code, result.err) == (0, "")
    assert content(seeded) == {}
    first, rest = result.out.split("\n", 1)
    assert first == f"would write {SEED_TARGET} (from {SEED_WIRE}):"
    text, summary = rest.rsplit("\n", 2)[0] + "\n", rest.rsplit("\n", 2)[1]
    assert summary == "dry run: 1 story, 1 to write, 0 unchanged; nothing written"
    assert split_digest(text)[0] == split_digest(expected_seed_article(text))[0].replace(
        f"tags: [{HAND_TAGS}]\n", ""
    )


def test_dry_run_over_an_import(seeded: Site) -> None:
    assert brief_import(seeded, SEED_WIRE, "--date", "2022-02-28").code == 0
    before = content(seeded)
    result = brief_import(seeded, SEED_WIRE, "--tags", "Russia", "--dry-run")
    assert result.code == 0
    assert result.out.startswith(f"would update {SEED_TARGET} (from {SEED_WIRE}):\n---\n")
    assert content(seeded) == before


def test_no_temporary_files_are_left(site: Site) -> None:
    wire(site)
    assert brief_import(site, "wire/a.txt", "--date", "2022-02-28").code == 0
    assert sorted(p.name for p in (site.root / "content").iterdir()) == [
        "2022-02-28-talks-end-at-border.md"
    ]


def test_the_wiring_cli_py_needs(seeded: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """What `import_.add_arguments` in `cli.make_parser` gives, run in this process."""
    from brief.commands import import_

    parser = make_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "import" not in commands.choices:
        import_.add_arguments(commands.add_parser("import"))
    source = str(seeded.root)
    args = parser.parse_args(
        ["import", f"{source}/{SEED_WIRE}", "--source", source, "--date", "2022-02-28"]
    )
    assert args.run(args) == 0
    assert capsys.readouterr().out.startswith(f"wrote {SEED_TARGET} (from {source}/{SEED_WIRE})")
    assert (seeded.root / SEED_TARGET).is_file()
