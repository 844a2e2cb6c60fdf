"""Long, exotic and odd titles, slugs and tags: every slug brief makes is one folder name
that any file system takes (at most 100 UTF-8 bytes, cut at a word), and what it cannot
make a name from is a located error."""

from __future__ import annotations

import pytest

from tests.helpers import Site, article
from tests.hostile.battery import assert_refused, good_build, slug_dirs

DAY = "2022/02/28"

UKRAINIAN = (
    "Міністерство закордонних справ України закликало міжнародних партнерів посилити "
    "санкції проти Росії після нічного обстрілу Сум та Одеси"
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param(UKRAINIAN, "міністерство-закордонних-справ-україни-закликало", id="ukrainian"),
        pytest.param(
            "Η κυβέρνηση της Ελλάδας ανακοίνωσε νέα μέτρα στήριξης για τα νοικοκυριά που "
            "επλήγησαν από τις πυρκαγιές στην Αττική και την Εύβοια",
            "η-κυβέρνηση-τησ-ελλάδασ-ανακοίνωσε-νέα-μέτρα-στήριξησ",
            id="greek",
        ),
        pytest.param(
            # written without spaces: one long word, cut between letters
            "中华人民共和国外交部发言人在例行记者会上就乌克兰局势和国际社会的人道主义援助问题"
            "回答了记者的提问并表示中方始终主张通过对话谈判解决争端",
            "中华人民共和国外交部发言人在例行记者会上就乌克兰局势和国际社会的人",
            id="chinese-no-spaces",
        ),
        pytest.param(
            "أعلنت وزارة الخارجية المصرية اليوم أن القاهرة ستستضيف جولة جديدة من المفاوضات "
            "بين الأطراف المعنية بهدف التوصل إلى وقف دائم لإطلاق النار",
            "أعلنت-وزارة-الخارجية-المصرية-اليوم-أن-القاهرة-ستستضيف",
            id="arabic-rtl",
        ),
        pytest.param(
            # vowel signs are marks (Mn, Mc): they stay with their letters
            "भारत सरकार ने आज घोषणा की कि देश के उत्तरी राज्यों में भारी बारिश और बाढ़ से "
            "प्रभावित परिवारों के लिए नई राहत योजना शुरू की जाएगी",
            "भारत-सरकार-ने-आज-घोषणा-की-कि-देश-के",
            id="hindi-marks",
        ),
        pytest.param(
            "Ministers from twenty-seven member states met in Brussels on Monday to agree a "
            "common position on emergency gas storage ahead of the coming winter",
            "ministers-from-twenty-seven-member-states-met-in-brussels-on-monday-to-agree-a-"
            "common-position-on",
            id="english",
        ),
        pytest.param("x" * 300, "x" * 100, id="one-300-letter-word"),
        pytest.param(
            # a letter buried under marks: cut between letters, never inside one
            "Д" + "\u0301" * 40 + "Ж" * 60,
            "д" + "\u0301" * 40 + "ж" * 9,
            id="mark-pile",
        ),
    ],
)
def test_a_long_title_makes_a_short_slug(
    site: Site, capsys: pytest.CaptureFixture[str], title: str, slug: str
) -> None:
    assert len(title.encode("utf-8")) > 140
    site.write("content/long.md", article(title))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert slug_dirs(site, DAY) == [slug]
    assert len(slug.encode("utf-8")) <= 100  # slugs.MAX_SLUG_BYTES
    assert (site.public / DAY / slug / "index.html").is_file()


def test_the_realistic_ukrainian_headline_is_135_characters() -> None:
    assert len(UKRAINIAN) == 135
    assert len(UKRAINIAN.encode("utf-8")) == 254


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        pytest.param(
            ("Гуманітарні коридори " * 15).strip(),
            "гуманітарні-коридори-гуманітарні-коридори",
            id="ukrainian-314",
        ),
        pytest.param(("Humanitarian corridors " * 14).strip(), "-".join(["humanitarian-corridors"] * 4), id="english-321"),
        pytest.param("ж" * 300, "ж" * 50, id="one-word-300"),
    ],
)  # fmt: skip
def test_a_long_tag_makes_a_short_topic_page(
    site: Site, capsys: pytest.CaptureFixture[str], tag: str, slug: str
) -> None:
    assert len(tag) >= 300
    site.write("content/t.md", article("Tagged", tags=f'["{tag}"]'))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert slug_dirs(site, "tags") == [slug]
    assert (site.public / "tags" / slug / "feed.xml").is_file()


def test_two_long_titles_that_shorten_alike_clash(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    start = (
        "Ministers from twenty-seven member states met in Brussels on Monday to agree a "
        "common position on emergency gas storage"
    )
    site.write("content/b.md", article(f"{start} before the winter"))
    site.write("content/c.md", article(f"{start} after a long night of talks"))
    url = (
        f"/{DAY}/ministers-from-twenty-seven-member-states-met-in-brussels-on-monday-to-agree-a-"
        "common-position-on/"
    )
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"content/b.md:2:1: error: two articles have the URL {url}: this one and content/c.md; "
        "give one of them a different slug:",
        f"content/c.md:2:1: error: two articles have the URL {url}: this one and content/b.md; "
        "give one of them a different slug:",
    )


def test_two_long_tags_that_shorten_alike_clash(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    start = "Humanitarian corridors " * 5
    site.write("content/b.md", article("One", tags=f'["{start}in the north"]'))
    site.write("content/c.md", article("Two", tags=f'["{start}in the south"]'))
    one, two = f"{start}in the north", f"{start}in the south"
    page = "/tags/" + "-".join(["humanitarian-corridors"] * 4) + "/"
    listed = f"'{one}' (content/b.md) and '{two}' (content/c.md)"
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        f"content/b.md:4:1: error: tag '{one}' would share the page {page} with a different "
        f"tag: {listed}; rename one of them",
        f"content/c.md:4:1: error: tag '{two}' would share the page {page} with a different "
        f"tag: {listed}; rename one of them",
    )


def test_an_explicit_slug_that_is_too_long_is_refused_with_a_shorter_one(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    before = good_build(site, capsys)
    slug = "-".join(["санкції-проти-росії"] * 8)
    site.write("content/b.md", article("Sanctions", slug=slug))
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        "content/b.md:4:7: error: slug is 295 bytes long (UTF-8); it becomes a folder name, "
        "and file systems limit those, so keep it within 100 bytes, e.g. slug: "
        "санкції-проти-росії-санкції-проти-росії-санкції-проти",
    )


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        pytest.param(
            {"slug": "..."},
            "content/b.md:4:7: error: slug '...' must be one URL segment (no '/', '\\', '..', "
            "spaces or '?#%'); try slug: my-article",
            id="dots-only-slug",
        ),
        pytest.param(
            {"slug": "'..'"},
            "content/b.md:4:7: error: slug '..' must be one URL segment (no '/', '\\', '..', "
            "spaces or '?#%'); try slug: my-article",
            id="dotdot-slug",
        ),
        pytest.param(
            {"slug": "'javascript:alert(1)'"},
            "content/b.md:4:7: error: slug 'javascript:alert(1)' must be one URL segment (no "
            "'/', '\\', '..', spaces or '?#%'); try slug: javascript-alert-1",
            id="scheme-slug",
        ),
        pytest.param(
            {"slug": '"evil\\u202Etxt.exe"'},
            "content/b.md:4:7: error: slug 'evil\u202etxt.exe' must be one URL segment (no "
            "'/', '\\', '..', spaces or '?#%'); try slug: evil-txt-exe",
            id="rtl-override-slug",
        ),
        pytest.param(
            {"tags": "['🇺🇦👍🏽❤️']"},
            "content/b.md:4:8: error: tag '🇺🇦👍🏽❤️' has no letters or digits to make a URL from",
            id="emoji-only-tag",
        ),
    ],
)
def test_a_slug_or_tag_that_is_no_name_is_refused(
    site: Site, capsys: pytest.CaptureFixture[str], fields: dict[str, str], line: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/b.md", article("Fine title", **fields))
    assert_refused(site, site.build(capsys=capsys), before, line)


@pytest.mark.parametrize(
    "title",
    [pytest.param("'🇺🇦👍🏽❤️🔥'", id="emoji-only"), pytest.param("'...'", id="dots-only")],
)
def test_a_title_with_no_letters_needs_a_slug(
    site: Site, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    before = good_build(site, capsys)
    site.write("content/b.md", article(title))
    assert_refused(
        site,
        site.build(capsys=capsys),
        before,
        "content/b.md:2:1: error: cannot make a URL slug from this title; add slug: with a "
        "short name",
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("🇺🇦 Kyiv 👍🏽 rebuilds ❤️‍🔥", "kyiv-rebuilds", id="emoji-between-words"),
        pytest.param('"\\u202Eevil\\u202C news \\u200Fخبر\\u200F"', "evil-news-خبر", id="bidi-controls"),
        pytest.param("Z̷̢a̸l̴g̵o̶ news", "zalgo-news", id="zalgo-latin"),
        pytest.param('"\\u0301\\u0301 Test"', "test", id="marks-with-no-letter"),
        pytest.param("'Україна: ї, й, ґ'", "україна-ї-й-ґ", id="cyrillic-letters-keep-marks"),
        pytest.param('"e\\u0301te\\u0301"', "ete", id="decomposed-accents"),
    ],
)  # fmt: skip
def test_emoji_controls_and_marks_leave_a_clean_slug(
    site: Site, capsys: pytest.CaptureFixture[str], title: str, slug: str
) -> None:
    site.write("content/b.md", article(title))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert slug_dirs(site, DAY) == [slug]


@pytest.mark.parametrize("slug", ["con", "nul", "aux", "com1", "lpt1", "a."])
def test_names_windows_reserves_are_allowed(
    site: Site, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    """Sites are built and served on Linux or macOS, where these are ordinary names; under
    the default permalink each is a folder of its own, clashing with nothing."""
    site.write("content/b.md", article("Reserved", slug=slug))
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (0, ""), result
    assert (site.public / DAY / slug / "index.html").is_file()
