"""The check tables: stable codes, the order they run in, site.yaml's `checks:` switches."""

from __future__ import annotations

import dataclasses

from brief.checks import (
    BUILD_ERROR,
    CHECKS,
    EDITOR_CHECKS,
    SITE_CHECKS,
    codes,
    run_checks,
    run_editor_checks,
    run_site_checks,
    unknown_codes,
)
from brief.config import load_config
from tests.checks.kit import articles, planned
from tests.helpers import BASIC_CONFIG, Site, article


def test_codes_are_unique_and_in_table_order() -> None:
    assert codes() == [
        "h1-in-body",
        "updated-before-date",
        "no-tags",
        "headline-long",
        "summary-long",
        "licence-nc-nd",
        "broken-link",
        "broken-anchor",
        "links-unpublished",
    ]
    assert len(set(codes())) == len(codes())
    assert len(CHECKS) + len(EDITOR_CHECKS) + len(SITE_CHECKS) == len(codes())


def test_runners_stamp_codes_and_honour_switches(site: Site) -> None:
    site.write(
        "content/a.md",
        article(updated="2022-02-27", summary="x" * 301, body="# Top\n\n[gone](/gone/)"),
    )
    config, found = articles(site)
    assert [p.code for p in run_checks(found, config)] == ["h1-in-body", "updated-before-date"]
    assert [p.code for p in run_editor_checks(found, config)] == ["no-tags", "summary-long"]
    config, linked = planned(site)
    assert [p.code for p in run_site_checks(linked, config)] == ["broken-link"]

    off = dataclasses.replace(
        config,
        checks=(
            ("updated-before-date", False),
            ("no-tags", False),
            ("summary-long", False),
            ("broken-link", False),
        ),
    )
    assert [p.code for p in run_checks(found, off)] == ["h1-in-body"]
    assert run_editor_checks(found, off) == []
    assert run_site_checks(linked, off) == []
    on = dataclasses.replace(config, checks=(("updated-before-date", True),))
    assert [p.code for p in run_checks(found, on)] == ["h1-in-body", "updated-before-date"]


def test_unknown_codes_are_placed_in_site_yaml(site: Site) -> None:
    site.write(
        "site.yaml",
        BASIC_CONFIG + "checks:\n  broken-links: false\n  'no-tags': false\n  spelling: false\n",
    )
    config = load_config(site.root)
    assert [p.format() for p in unknown_codes(config)] == [
        "site.yaml:7:3: error: unknown check 'broken-links' in checks:; "
        "did you mean 'broken-link'?",
        "site.yaml:9:3: error: unknown check 'spelling' in checks:; known checks: "
        + ", ".join(codes()),
    ]
    assert {p.code for p in unknown_codes(config)} == {BUILD_ERROR}
    assert [p.line for p in run_checks([], config)] == [7, 9]


def test_an_unknown_code_of_a_config_made_in_code_has_no_line(site: Site) -> None:
    config = dataclasses.replace(load_config(site.root), checks=(("no-tag", False),))
    (site.root / "site.yaml").unlink()
    assert [p.format() for p in unknown_codes(config)] == [
        "site.yaml: error: unknown check 'no-tag' in checks:; did you mean 'no-tags'?"
    ]


def test_retired_codes_are_a_warning_naming_what_replaced_them(site: Site) -> None:
    """`image-alt` and `image-missing` became errors of reading the article: a site that
    turned them off is told so, and still builds."""
    site.write("site.yaml", BASIC_CONFIG + "checks:\n  image-alt: false\n  image-missing: false\n")
    config = load_config(site.root)
    assert [p.format() for p in unknown_codes(config)] == [
        "site.yaml:7:3: warning: check 'image-alt' is no longer a check: a body image without "
        "alt text is an error in every build, which checks: cannot turn off; remove it from "
        "checks:",
        "site.yaml:8:3: warning: check 'image-missing' is no longer a check: a body image "
        "whose file is not there is an error in every build, which checks: cannot turn off; "
        "remove it from checks:",
    ]
