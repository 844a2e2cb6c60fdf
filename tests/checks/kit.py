"""Small sites for the checks' tests: read and planned as `brief check` does."""

from __future__ import annotations

from brief.build.gather import Gathered, gather
from brief.build.options import BuildOptions
from brief.checks.links import Site as LinkSite
from brief.checks.links import make_site
from brief.config import SiteConfig, load_config
from brief.content.article import Article
from tests.helpers import Site


def gathered(
    site: Site, *, drafts: bool = False, future: bool = False
) -> tuple[SiteConfig, Gathered]:
    config = load_config(site.root)
    options = BuildOptions(drafts=drafts, future=future, cache=False, jobs=1)
    return config, gather(config, options)


def articles(site: Site) -> tuple[SiteConfig, list[Article]]:
    """Every article of `site`, parsed; the test fails on any problem parsing found."""
    config, found = gathered(site)
    unexpected = [p.format() for p in found.problems if not p.code]
    assert unexpected == [], unexpected
    return config, found.articles


def planned(
    site: Site, *, drafts: bool = False, future: bool = False
) -> tuple[SiteConfig, LinkSite]:
    """The site as link checks see it."""
    config, found = gathered(site, drafts=drafts, future=future)
    assert found.edition is not None, [p.format() for p in found.problems]
    return config, make_site(found.articles, found.edition, (f.path for f in found.files))
