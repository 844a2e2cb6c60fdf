"""The deploy: section of site.yaml, read at the edge: every mistake one located line, and the
target chosen on the command line."""

from __future__ import annotations

import pytest

from brief.commands.deploy import choose
from brief.config import load_config
from brief.deploy.errors import DeployError
from tests.helpers import BASIC_CONFIG, Site


def targets(site: Site, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    site.write("site.yaml", BASIC_CONFIG + "deploy:\n" + text)
    return site.build(capsys=capsys).err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "  a: {type: gti, remote: x}\n",
            "site.yaml:7:13: error: 'type' must be git, rsync or s3, got 'gti'",
        ),
        ("  a: {branch: x}\n", "site.yaml:7:3: error: 'deploy.a' needs type: git, rsync or s3"),
        ("  a: {type: rsync}\n", "site.yaml:7:3: error: 'deploy.a' (type rsync) needs dest:"),
        (
            "  a: {type: s3, prefix: x}\n",
            "site.yaml:7:3: error: 'deploy.a' (type s3) needs bucket:",
        ),
        (
            "  a: {type: git, dest: x}\n",
            "site.yaml:7:18: error: in 'deploy.a', unknown key 'dest'; known keys: type, "
            "base_url, production, remote, branch, ssh",
        ),
        (
            "  a: {type: s3, bucket: b, endpoint_url: 'javascript:x'}\n",
            "site.yaml:7:42: error: 'endpoint_url' must be an absolute http(s) URL such as "
            "https://example.org/, got 'javascript:x'",
        ),
        (
            "  a: {type: s3, bucket: b, prefix: '../up'}\n",
            "site.yaml:7:36: error: 'prefix' must be a plain folder path in the bucket, got '../up'",
        ),
        (
            "  a: {type: s3, bucket: b, workers: 500}\n",
            "site.yaml:7:37: error: 'workers' must be at most 64, got 500",
        ),
        (
            '  a: {type: rsync, dest: x, ssh: "ssh\\n-p 1"}\n',
            "site.yaml:7:34: error: 'ssh' must be one line",
        ),
        (
            "  x/y: {type: git}\n",
            "site.yaml:7:3: error: deploy target name 'x/y' must be letters, digits, '-' and "
            "'_' (it is typed on the command line and names a folder)",
        ),
        (
            "  a: 3\n",
            "site.yaml:7:6: error: 'deploy.a' must be a mapping such as {type: git, branch: gh-pages}",
        ),
    ],
)
def test_a_bad_target_is_one_located_error(
    site: Site, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert targets(site, text, capsys) == message + "\nbrief: build failed: 1 error\n"


def test_targets_keep_their_order_and_the_first_is_the_default(site: Site) -> None:
    site.write(
        "site.yaml",
        BASIC_CONFIG
        + "deploy:\n  pages: {type: git}\n  box: {type: rsync, dest: /srv/www}\n"
        + "  bucket: {type: s3, bucket: b, prefix: /a/b, production: false}\n",
    )
    config = load_config(site.root)
    assert [t.name for t in config.deploy] == ["pages", "box", "bucket"]
    assert choose(config, None).name == "pages"
    bucket = choose(config, "bucket")
    assert (bucket.prefix, bucket.production, bucket.workers) == ("a/b/", False, 8)
    with pytest.raises(
        DeployError, match=r"no deploy target 'boxx' in site\.yaml; did you mean 'box'\?"
    ):
        choose(config, "boxx")


def test_without_targets_deploy_says_how_to_add_one(site: Site) -> None:
    with pytest.raises(DeployError, match=r"site.yaml has no deploy: targets; add one"):
        choose(load_config(site.root), None)


def test_targets_do_not_invalidate_the_build_cache(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write("content/a.md", "---\ntitle: A\ndate: 2022-02-28\n---\nx\n")
    assert site.build(capsys=capsys).code == 0
    site.write("site.yaml", BASIC_CONFIG + "deploy:\n  pages: {type: git}\n")
    again = site.build(capsys=capsys)
    assert again.code == 0 and "nothing changed" in again.out, again.out
