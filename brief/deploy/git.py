"""Deploy to a branch of a git remote (GitHub Pages' `gh-pages`): one commit per deploy.

The commit is made in a bare repository of brief's own under `.brief/deploy/`, never in the
site's: its branch, index and working tree are not touched, and a site that is no git
repository at all can deploy too. The tree is written straight from the built files
(`hash-object`, an index file of our own, `write-tree`), so an unchanged site makes no
commit, and a push is one atomic ref update: readers see the old site or the new one.

ghp-import does much the same through `git fast-import`, but always commits (also when
nothing changed), works in the site's repository and moves its local `gh-pages` branch, and
cannot say before pushing what the commit changes, which the plan and `--max-deletes` need.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from brief.config import DeployTarget
from brief.deploy.errors import DeployError, redact
from brief.deploy.plan import (
    DeployOptions,
    LocalFile,
    Plan,
    go_ahead,
    load_known,
    make_plan,
    save_known,
)
from brief.output.guard import DEPLOY_BUILDS

Echo = Callable[[str], None]


_KEPT = {"GIT_SSH_COMMAND", "GIT_SSH", "GIT_ASKPASS", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"}
"""Git variables kept: how to reach a remote and which global config to read."""


def _clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for git: nothing that would point it at the site's repository, no
    prompt that would wait for a password forever."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env.update(extra or {})
    return env


def _git(
    args: list[str], env: Mapping[str, str], input: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], input=input, capture_output=True, env=dict(env), cwd=cwd, timeout=600
        )
    except FileNotFoundError:
        raise DeployError("git is not installed; install it (apt-get install git)") from None
    except subprocess.TimeoutExpired:
        raise DeployError(f"git {args[0]} took more than 10 minutes; check the remote") from None


def _checked(result: subprocess.CompletedProcess[bytes], what: str) -> bytes:
    if result.returncode != 0:
        raise DeployError(f"{what}: {_last_line(result.stderr)}")
    return result.stdout


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode(errors="replace").splitlines() if ln.strip()]
    fatal = [ln for ln in lines if ln.startswith(("fatal:", "error:", "remote:"))]
    return (fatal or lines or ["git failed"])[-1]


def remote_url(target: DeployTarget, site: Path) -> str:
    """The remote as git can reach it: a URL or path as given, or a remote name of the
    site's own repository."""
    remote = target.remote
    if "://" in remote or ":" in remote or "/" in remote or remote.startswith("."):
        if "://" not in remote and ":" not in remote:
            return str((site / remote).resolve())
        return remote
    found = _git(["-C", str(site), "remote", "get-url", remote], _clean_env())
    if found.returncode != 0:
        raise DeployError(
            f"deploy target '{target.name}': the site's git repository has no remote "
            f"'{remote}'; add it (git remote add {remote} URL) or set remote: to a URL or path"
        )
    return found.stdout.decode().strip()


def _source_commit(site: Path) -> str:
    """What the message names: the site's commit, and whether there were edits besides."""
    env = _clean_env()
    head = _git(["-C", str(site), "rev-parse", "--short=12", "HEAD"], env)
    if head.returncode != 0:
        return "a site folder outside git"
    short = head.stdout.decode().strip()
    dirty = _git(["-C", str(site), "status", "--porcelain", "--untracked-files=no"], env)
    return short + (" with uncommitted changes" if dirty.stdout.strip() else "")


def _identity(site: Path) -> dict[str, str]:
    """Author and committer: the site's git identity where it has one, else brief."""
    env = _clean_env()
    out: dict[str, str] = {}
    for key, var in (("user.name", "NAME"), ("user.email", "EMAIL")):
        found = _git(["-C", str(site), "config", key], env)
        value = found.stdout.decode().strip() if found.returncode == 0 else ""
        value = value or ("brief" if var == "NAME" else "brief@localhost")
        out[f"GIT_AUTHOR_{var}"] = out[f"GIT_COMMITTER_{var}"] = value
    return out


def deploy_git(
    out: Path,
    local: Mapping[str, LocalFile],
    target: DeployTarget,
    site: Path,
    options: DeployOptions,
    echo: Echo,
) -> Plan:
    """Commit the built site to the target branch and push it; returns what was done."""
    url = remote_url(target, site)
    extra = {"GIT_SSH_COMMAND": f"{target.ssh} -o BatchMode=yes"} if target.ssh else {}
    repo = (site / DEPLOY_BUILDS / f"{target.name}.git").resolve()
    env = _clean_env({**extra, "GIT_DIR": str(repo)})
    if not (repo / "HEAD").is_file():
        repo.mkdir(parents=True, exist_ok=True)
        _checked(_git(["init", "--bare", "--quiet", str(repo)], env), "git init")

    branch = target.branch
    listed = _git(["ls-remote", "--heads", url, f"refs/heads/{branch}"], env)
    if listed.returncode != 0:
        raise DeployError(
            f"cannot read the git remote of target '{target.name}': "
            f"{_last_line(listed.stderr)}; check the remote's address and your access to it"
        )
    parent = listed.stdout.split(b"\t")[0].decode() if listed.stdout.strip() else ""
    tracking = f"refs/brief/{branch}"
    if parent:
        _checked(
            _git(["fetch", "--quiet", "--no-tags", url, f"+refs/heads/{branch}:{tracking}"], env),
            f"cannot fetch {branch} from the remote",
        )
    remote_blobs = _tree_blobs(parent, env) if parent else {}

    # Every built file as a blob in our repository; their ids are the plan's digests. A file
    # with the MD5 it had when last written here has the blob id it had then.
    paths = sorted(local)
    known_file = repo / "brief-blobs.json"
    known = load_known(known_file)
    blobs: dict[str, str] = {}
    for p in paths:
        seen = known.get(p)
        if seen is not None and seen[2].startswith(local[p].md5 + ":"):
            blobs[p] = seen[2].partition(":")[2]
    fresh = [p for p in paths if p not in blobs]
    if fresh:
        stdin = "".join(local[p].file + "\n" for p in fresh).encode()
        ids = _checked(_git(["hash-object", "-w", "--stdin-paths"], env, stdin), "git hash-object")
        blobs.update(zip(fresh, ids.decode().split(), strict=True))
    save_known(known_file, {p: (local[p].size, 0, f"{local[p].md5}:{blobs[p]}") for p in paths})
    plan = make_plan(local, remote_blobs, blobs)
    heading = f"deploy to {target.name} (git, {branch} of {redact(url)})"
    if not go_ahead(plan, heading, options, echo, "the branch already has this site"):
        return plan

    with tempfile.TemporaryDirectory(prefix="index-", dir=repo) as tmp:
        index_env = {**env, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        lines = "".join(f"100644 blob {blobs[p]}\t{p}\0" for p in paths).encode()
        _checked(_git(["update-index", "-z", "--index-info"], index_env, lines), "git update-index")
        tree = _checked(_git(["write-tree"], index_env), "git write-tree").decode().strip()
    message = f"Deploy {target.name} from {_source_commit(site)}\n\n{plan.summary()}\n"
    commit_env = {**env, **_identity(site)}
    args = ["commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-"]
    commit = _checked(_git(args, commit_env, message.encode()), "git commit-tree").decode().strip()
    push = ["push", "--quiet", *(["--force"] if options.force else []), url]
    pushed = _git([*push, f"{commit}:refs/heads/{branch}"], env)
    if pushed.returncode != 0:
        reason = _last_line(pushed.stderr)
        if "rejected" in pushed.stderr.decode(errors="replace") or "fetch first" in reason:
            raise DeployError(
                f"the remote refused the push: {branch} changed since it was read (another "
                "deploy?); run brief deploy again, or with --force to replace what is there"
            )
        raise DeployError(f"git push to target '{target.name}' failed: {reason}")
    _git(["update-ref", tracking, commit], env)
    echo(f"deployed: commit {commit[:12]} on {branch}")
    return plan


def _tree_blobs(commit: str, env: Mapping[str, str]) -> dict[str, str | None]:
    listing = _checked(_git(["ls-tree", "-r", "-z", commit], env), "git ls-tree")
    found: dict[str, str | None] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            found[path.decode("utf-8", "surrogateescape")] = parts[2].decode()
    return found
