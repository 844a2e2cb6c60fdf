"""`brief deploy` with rsync: to a local folder, and over SSH to a real sshd on a loopback
port (the fixture's generated host and user keys)."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.deploy.servers import FolderSite, Sshd, broken_links
from tests.deploy.sites import deploy, edit_article, make_site
from tests.helpers import tree


def published(folder: Path) -> dict[str, bytes]:
    return tree(folder)


def test_to_a_local_folder_then_only_what_changed(tmp_path: Path) -> None:
    box = tmp_path / "www"
    site = make_site(tmp_path, f"  box: {{type: rsync, dest: {box}}}\n")
    first = deploy(site)
    assert first.code == 0, first
    assert "70 to add, 0 to change, 0 to delete" in first.out
    built = tree(site / "public")
    assert published(box) == {k: v for k, v in built.items() if k != ".brief-output"}

    again = deploy(site)
    assert again.code == 0 and "nothing to deploy" in again.out, again

    edit_article(site)
    third = deploy(site)
    assert third.code == 0, third
    rebuilt = tree(site / "public")
    # the search index's files are named by their bytes: an edit adds some, deletes others
    added, gone = set(rebuilt) - set(built), set(built) - set(rebuilt)
    assert added and gone and all(p.startswith("pagefind/") for p in added | gone)
    changed = {k for k in set(rebuilt) & set(built) if rebuilt[k] != built[k]} - {".brief-output"}
    assert f"{len(added)} to add, {len(changed)} to change, {len(gone)} to delete" in third.out
    assert published(box) == {k: v for k, v in rebuilt.items() if k != ".brief-output"}


def test_files_the_site_no_longer_has_are_deleted_last(tmp_path: Path) -> None:
    box = tmp_path / "www"
    site = make_site(tmp_path, f"  box: {{type: rsync, dest: {box}}}\n")
    assert deploy(site).code == 0
    (site / "content/2022/02/belarus.md").unlink()
    result = deploy(site, "--yes")
    assert result.code == 0, result
    assert not (box / "2022/02/27/talks-begin-on-the-belarus-border/index.html").exists()
    assert published(box) == {
        k: v for k, v in tree(site / "public").items() if k != ".brief-output"
    }


def test_over_ssh_to_a_real_sshd_and_every_link_works(tmp_path: Path, sshd: Sshd) -> None:
    dest = tmp_path / "remote-www"
    ssh = sshd.ssh_command
    site = make_site(
        tmp_path,
        f"  box: {{type: rsync, dest: '{sshd.remote(dest)}', ssh: {shlex.quote(ssh)!s}}}\n",
        "https://example.org/brief/",
    )
    result = deploy(site)
    assert result.code == 0, result
    assert "70 to add" in result.out
    with FolderSite(dest, mount="/brief/") as host:
        assert broken_links(host.url, ["/brief/", "/brief/404.html"]) == []
    again = deploy(site)
    assert again.code == 0 and "nothing to deploy" in again.out, again


def test_an_unknown_host_key_is_one_line_saying_what_to_do(tmp_path: Path, sshd: Sshd) -> None:
    dest = tmp_path / "remote-www"
    ssh = sshd.ssh_command_unknown_host
    site = make_site(
        tmp_path, f"  box: {{type: rsync, dest: '{sshd.remote(dest)}', ssh: {shlex.quote(ssh)}}}\n"
    )
    result = deploy(site)
    assert result.code == 1
    assert result.err == (
        "brief: error: SSH does not know the host key of "
        f"{sshd.user}@127.0.0.1; connect once with ssh to check and accept it (or add it to "
        "known_hosts), then deploy again\nbrief: deploy failed\n"
    )
    assert not dest.exists()


def test_a_refused_login_says_so(tmp_path: Path, sshd: Sshd) -> None:
    dest = tmp_path / "remote-www"
    ssh = sshd.ssh_command.replace(str(sshd.key), str(tmp_path / "no-such-key"))
    site = make_site(
        tmp_path,
        f"  box: {{type: rsync, dest: 'nobody@127.0.0.1:{dest}', ssh: {shlex.quote(ssh)}}}\n",
    )
    result = deploy(site)
    assert result.code == 1
    assert result.err == (
        "brief: error: SSH refused the login to nobody@127.0.0.1; check the user name and that "
        "your key is authorised there (ssh-copy-id)\nbrief: deploy failed\n"
    )


def test_dry_run_sends_nothing(tmp_path: Path) -> None:
    box = tmp_path / "www"
    site = make_site(tmp_path, f"  box: {{type: rsync, dest: {box}}}\n")
    result = deploy(site, "--dry-run")
    assert result.code == 0, result
    assert "dry run: nothing was sent, changed or deleted" in result.out
    assert published(box) == {}
