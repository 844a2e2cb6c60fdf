"""`brief deploy` to a git branch, with a bare repository on disk as the remote (what GitHub
is to a user): one commit per deploy, none when nothing changed, the site's own repository
untouched, and the published tree serving every page with no broken link."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.deploy.servers import FolderSite, broken_links
from tests.deploy.sites import deploy, edit_article, git, make_site


def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


def log(bare: Path, branch: str = "gh-pages") -> list[str]:
    return git("log", "--format=%s", branch, cwd=bare).splitlines()


def checkout(bare: Path, into: Path, branch: str = "gh-pages") -> Path:
    subprocess.run(
        ["git", "clone", "-q", "-b", branch, str(bare), str(into)], check=True, timeout=60
    )
    return into


def test_first_deploy_commits_the_site_and_a_second_commits_nothing(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {bare}}}\n")
    status = git("status", "--porcelain", cwd=site)
    head = git("rev-parse", "HEAD", cwd=site).strip()
    branches = git("branch", "--list", cwd=site)

    first = deploy(site)
    assert first.code == 0, first
    assert re.search(r"pages \(git, gh-pages of .*remote\.git\): 70 to add, 0 to change", first.out)
    assert "deployed: commit " in first.out
    assert log(bare) == [f"Deploy pages from {head[:12]}"]
    published = checkout(bare, tmp_path / "published")
    built = {
        p.relative_to(site / "public").as_posix()
        for p in (site / "public").rglob("*")
        if p.is_file()
    }
    shipped = {
        p.relative_to(published).as_posix()
        for p in published.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(published).parts
    }
    assert shipped == built - {".brief-output"}

    again = deploy(site)
    assert again.code == 0, again
    assert "nothing to deploy: the branch already has this site" in again.out
    assert len(log(bare)) == 1
    # the site's own repository: same commit, same branches, same status
    assert git("rev-parse", "HEAD", cwd=site).strip() == head
    assert git("branch", "--list", cwd=site) == branches
    assert git("status", "--porcelain", cwd=site) == status


def test_one_edit_is_one_commit_of_that_articles_pages_and_what_lists_it(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {bare}}}\n")
    assert deploy(site).code == 0
    edit_article(site)
    second = deploy(site)
    assert second.code == 0, second
    assert log(bare)[0].endswith("with uncommitted changes")
    changed = git("diff", "--name-only", "gh-pages~1", "gh-pages", cwd=bare).split()
    assert "2022/02/27/talks-begin-on-the-belarus-border/index.html" in changed
    assert "feed.xml" in changed
    # pages that do not show the article's body are not in the commit
    assert all("putin-demands" not in path for path in changed), changed
    assert not any(path.endswith(".css") for path in changed)
    status = git("diff", "--name-status", "--no-renames", "gh-pages~1", "gh-pages", cwd=bare).split(
        "\n"
    )
    kinds = [line.split("\t") for line in status if line]
    added = [p for k, p in kinds if k == "A"]
    gone = [p for k, p in kinds if k == "D"]
    modified = [p for k, p in kinds if k == "M"]
    # the search index's files are named by their bytes: an edit adds some, deletes others
    assert added and gone and all(p.startswith("pagefind/") for p in added + gone)
    assert f"{len(added)} to add, {len(modified)} to change, {len(gone)} to delete" in second.out


def test_a_remote_name_is_read_from_the_sites_repository(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, "  pages: {type: git, branch: site}\n")
    git("remote", "add", "origin", str(bare), cwd=site)
    result = deploy(site)
    assert result.code == 0, result
    assert len(log(bare, "site")) == 1


def test_an_unknown_remote_name_is_one_clear_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "  pages: {type: git, remote: upstream}\n")
    result = deploy(site)
    assert result.code == 1
    assert result.err == (
        "brief: error: deploy target 'pages': the site's git repository has no remote "
        "'upstream'; add it (git remote add upstream URL) or set remote: to a URL or path\n"
        "brief: deploy failed\n"
    )


def test_an_unreachable_remote_says_so_without_a_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {tmp_path / 'nowhere.git'}}}\n")
    result = deploy(site)
    assert result.code == 1
    assert result.err.startswith("brief: error: cannot read the git remote of target 'pages': ")
    assert result.err.endswith(
        "; check the remote's address and your access to it\nbrief: deploy failed\n"
    )
    assert "Traceback" not in result.err


def test_a_token_in_the_remote_url_is_never_printed(tmp_path: Path) -> None:
    """The remote is unreachable (port 9 on loopback is closed); the error names it, masked."""
    token = "ghp_secretsecretsecret1234"
    site = make_site(
        tmp_path,
        f"  pages: {{type: git, remote: 'http://x-access-token:{token}@127.0.0.1:9/r.git'}}\n",
    )
    env = {**os.environ, "GITHUB_TOKEN": token}
    result = deploy(site, env=env)
    assert result.code == 1
    assert token not in result.out + result.err
    assert result.err.startswith("brief: error: cannot read the git remote of target 'pages': ")


def test_a_push_that_lost_a_race_is_refused_with_what_to_do(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {bare}}}\n")
    assert deploy(site).code == 0
    # someone else pushes to the branch between our read and our push: a pre-receive hook
    # that refuses non-fast-forward updates stands in for the race
    edit_article(site)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'rejected: non-fast-forward' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = deploy(site)
    assert result.code == 1
    assert "brief: error: " in result.err and "Traceback" not in result.err
    assert len(log(bare)) == 1


def test_more_deletes_than_allowed_stop_before_any_commit(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {bare}}}\n")
    assert deploy(site).code == 0
    (site / "content/2022/02/belarus.md").unlink()
    refused = deploy(site, "--max-deletes", "1")
    assert refused.code == 1
    assert re.search(
        r"brief: error: this deploy would delete \d+ files \(.*\), more than --max-deletes 1; "
        r"check the target, then run again with --yes \(or a larger --max-deletes\)\n",
        refused.err,
    ), refused.err
    assert len(log(bare)) == 1
    dry = deploy(site, "--max-deletes", "1", "--yes", "--dry-run")
    assert dry.code == 0 and "dry run: nothing was sent, changed or deleted" in dry.out
    assert len(log(bare)) == 1
    allowed = deploy(site, "--max-deletes", "1", "--yes")
    assert allowed.code == 0, allowed
    assert len(log(bare)) == 2


def test_the_published_branch_serves_every_link_under_a_sub_path(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(
        tmp_path, f"  pages: {{type: git, remote: {bare}}}\n", "https://example.org/brief/"
    )
    assert deploy(site).code == 0
    published = checkout(bare, tmp_path / "published")
    with FolderSite(published, mount="/brief/") as host:
        assert broken_links(host.url, ["/brief/", "/brief/404.html"]) == []


def test_a_failed_build_deploys_nothing(tmp_path: Path) -> None:
    bare = remote(tmp_path)
    site = make_site(tmp_path, f"  pages: {{type: git, remote: {bare}}}\n")
    assert deploy(site).code == 0
    (site / "content/2022/02/belarus.md").write_text("---\ntitle: Broken\n---\nno date\n")
    result = deploy(site)
    assert result.code == 1
    assert result.err.endswith("brief: build failed: 1 error\n"), result.err
    assert "content/2022/02/belarus.md" in result.err
    assert "deploy to pages" not in result.out
    assert len(log(bare)) == 1
