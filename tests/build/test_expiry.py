"""`expires:` takes an article off every page, feed and sitemap at its moment, like a future
date in reverse: the build that comes after that moment rebuilds even when no file changed,
and its output equals a clean build's."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from brief.build import BuildOptions, build
from brief.build.memo import Memo
from brief.checks.links import check_unpublished
from brief.config import load_config
from tests.checks.kit import planned
from tests.helpers import BASIC_CONFIG, Site, article, tree

EXPIRES = dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC)
BEFORE = EXPIRES - dt.timedelta(minutes=1)
AFTER = EXPIRES  # from that very moment it is gone
PAGE = "2022/02/28/ceasefire-offer/index.html"
URL = "https://news.example.org/2022/02/28/ceasefire-offer/"


def _write(site: Site, **extra: str) -> None:
    site.write(
        "content/a.md",
        article("Ceasefire offer", tags="[Ukraine]", expires="2022-03-01 12:00", **extra),
    )
    site.write("content/b.md", article("Talks", date="2022-02-27", tags="[Ukraine]"))


def _settle(site: Site) -> None:
    """Date every file well in the past, so that the last build's stats are trusted and
    only the clock can make the next build do anything."""
    past = 1_577_836_800_000_000_000  # 2020-01-01: the same each time, so stats match
    for path in [site.root / "site.yaml", *(site.root / "content").rglob("*")]:
        os.utime(path, ns=(past, past))


def _where(public: Path) -> dict[str, bool]:
    """Where the expiring article shows in a built site."""

    def has(rel: str, text: str) -> bool:
        return text in (public / rel).read_text(encoding="utf-8")

    return {
        "page": (public / PAGE).is_file(),
        "index": has("index.html", "2022/02/28/ceasefire-offer/"),
        "tag": has("tags/ukraine/index.html", "2022/02/28/ceasefire-offer/"),
        "feed": has("feed.xml", URL),
        "sitemap": has("sitemap.xml", URL),
    }


def _clean(
    site: Site, out: Path, now: dt.datetime, flags: BuildOptions | None = None
) -> dict[str, bytes]:
    options = replace(flags or BuildOptions(), now=now, out_dir=out, cache=False, jobs=1)
    build(load_config(site.root), options)
    return tree(out)


EVERYWHERE = {"page", "index", "tag", "feed", "sitemap"}


def _shown(public: Path) -> set[str]:
    return {k for k, v in _where(public).items() if v}


def test_an_article_leaves_every_page_feed_and_sitemap_when_it_expires(
    site: Site, tmp_path: Path
) -> None:
    _write(site)
    config = load_config(site.root)
    first = build(config, BuildOptions(now=BEFORE))
    assert first.articles == 2
    assert _shown(site.public) == EVERYWHERE
    _settle(site)
    assert build(config, BuildOptions(now=BEFORE)).written == ()  # nothing due yet

    # No file changed, the stats are trusted: only the expiry can start this build.
    after = build(config, BuildOptions(now=AFTER))
    assert after.articles == 1
    assert PAGE in after.removed
    assert _shown(site.public) == set()
    assert tree(site.public) == _clean(site, tmp_path / "clean", AFTER)
    _settle(site)
    again = build(config, BuildOptions(now=AFTER + dt.timedelta(days=1)))
    assert (again.written, again.removed) == ((), ())  # nothing more is due


def test_a_preview_session_replans_at_the_expiry(site: Site, tmp_path: Path) -> None:
    _write(site)
    config = load_config(site.root)
    memo = Memo()
    build(config, BuildOptions(now=BEFORE), memo=memo)
    assert memo.plan is not None and memo.plan.next_due == EXPIRES.timestamp()
    # A body edit that the last plan could take, were the expiry not due.
    site.write("content/b.md", article("Talks", date="2022-02-27", tags="[Ukraine]", body="New."))
    build(config, BuildOptions(now=AFTER), memo=memo)
    assert _shown(site.public) == set()
    assert tree(site.public) == _clean(site, tmp_path / "clean", AFTER)


def test_moving_the_expiry_replans(site: Site, tmp_path: Path) -> None:
    _write(site)
    config = load_config(site.root)
    memo = Memo()
    build(config, BuildOptions(now=BEFORE), memo=memo)
    # The same file, date, URL and tags, so only the expiry tells the last plan is stale:
    # it moved to a moment that has passed already.
    site.write(
        "content/a.md", article("Ceasefire offer", tags="[Ukraine]", expires="2022-03-01 11:00")
    )
    build(config, BuildOptions(now=BEFORE), memo=memo)
    assert _shown(site.public) == set()
    assert tree(site.public) == _clean(site, tmp_path / "clean", BEFORE)


def test_expiry_is_in_the_site_timezone(site: Site) -> None:
    site.write("site.yaml", BASIC_CONFIG.replace("timezone: UTC", "timezone: Europe/Berlin"))
    site.write("content/a.md", article("Ceasefire offer", tags="[Ukraine]", expires="2022-03-01"))
    site.write("content/b.md", article("Talks", date="2022-02-27", tags="[Ukraine]"))
    config = load_config(site.root)
    midnight_in_berlin = dt.datetime(2022, 2, 28, 23, tzinfo=dt.UTC)
    build(config, BuildOptions(now=midnight_in_berlin - dt.timedelta(seconds=1)))
    assert (site.public / PAGE).is_file()
    build(config, BuildOptions(now=midnight_in_berlin))
    assert not (site.public / PAGE).exists()


@pytest.mark.parametrize(
    ("flags", "extra"),
    [(BuildOptions(future=True), {}), (BuildOptions(drafts=True), {"draft": "true"})],
    ids=["future", "drafts"],
)
def test_future_and_drafts_do_not_bring_an_expired_article_back(
    site: Site, tmp_path: Path, flags: BuildOptions, extra: dict[str, str]
) -> None:
    _write(site, **extra)
    config = load_config(site.root)
    build(config, replace(flags, now=BEFORE))
    assert (site.public / PAGE).is_file()
    _settle(site)
    assert build(config, replace(flags, now=BEFORE)).written == ()
    build(config, replace(flags, now=AFTER))  # due even with --future
    assert not (site.public / PAGE).exists()
    assert tree(site.public) == _clean(site, tmp_path / "clean", AFTER, flags)


def test_a_draft_that_expires_sets_no_rebuild_time_without_drafts(site: Site) -> None:
    _write(site, draft="true")
    memo = Memo()
    build(load_config(site.root), BuildOptions(now=BEFORE), memo=memo)
    assert memo.plan is not None and memo.plan.next_due is None


def test_a_scheduled_article_that_expires_comes_and_goes(site: Site, tmp_path: Path) -> None:
    site.write(
        "content/a.md",
        article("Ceasefire offer", date="2022-02-28 10:00", expires="2022-02-28 12:00"),
    )
    site.write("content/b.md", article("Talks", date="2022-02-27"))
    config = load_config(site.root)
    moments = [dt.datetime(2022, 2, 28, h, tzinfo=dt.UTC) for h in (9, 10, 11, 12)]
    seen = []
    for i, now in enumerate(moments):
        _settle(site)
        build(config, BuildOptions(now=now))
        seen.append((site.public / PAGE).is_file())
        assert tree(site.public) == _clean(site, tmp_path / f"clean-{i}", now)
    assert seen == [False, True, True, False]


def test_an_expiry_not_after_the_date_is_an_error_at_its_line(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write(
        "content/a.md",
        article("Offer", date="2022-02-28 14:30+02:00", expires="2022-02-28 12:00"),
    )
    result = site.build(capsys=capsys)
    assert (result.code, result.err) == (
        1,
        "content/a.md:4:10: error: 'expires' (2022-02-28 12:00) must be later than 'date' "
        "(2022-02-28 12:30), or the article is never on the site; set a later expires: or "
        "remove it\nbrief: build failed: 1 error\n",
    )


def test_a_link_to_an_expired_article_is_unpublished(site: Site) -> None:
    site.write("content/a.md", article("Offer", expires="2022-03-01"))
    site.write("content/b.md", article("Talks", body="See [the offer](/2022/02/28/offer/)."))
    config, linked = planned(site)  # now: long after 2022
    assert [p.format() for p in check_unpublished(linked, config)] == [
        "content/b.md:5:17: error: link to /2022/02/28/offer/ leads to content/a.md, which is "
        "dated 2022-02-28 with expires: 2022-03-01, not published now; publish it first or "
        "remove the link"
    ]
