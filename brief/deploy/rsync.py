"""Deploy with rsync: to a local folder, or to `user@host:path` over SSH.

Files are compared by checksum (a fresh checkout's new mtimes send nothing). The plan comes
from a dry run; then one rsync per phase sends exactly that phase's files (see `plan.phases`),
and a last one deletes what the site no longer has, only after every phase arrived. Within
a phase rsync writes each file beside its old one and renames it into place
(`--delay-updates`), so a reader never gets half a file.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from brief.config import DeployTarget
from brief.deploy.errors import DeployError
from brief.deploy.plan import NOT_PUBLISHED, DeployOptions, LocalFile, Plan, go_ahead, phases

Echo = Callable[[str], None]

_BASE = [
    "--checksum",
    "--links",
    "--perms",
    "--chmod=D755,F644",
    "--omit-dir-times",
    *(f"--exclude=/{name}" for name in sorted(NOT_PUBLISHED)),
]


def _is_remote(dest: str) -> bool:
    head = dest.split("/", 1)[0]
    return ":" in head and not dest.startswith("/")


def _rsync(args: list[str], target: DeployTarget) -> subprocess.CompletedProcess[str]:
    # BatchMode: never a password prompt, which would wait for ever in CI
    shell = f"{target.ssh} -o BatchMode=yes" if target.ssh else "ssh -o BatchMode=yes"
    try:
        return subprocess.run(
            ["rsync", "-e", shell, *args], capture_output=True, text=True, timeout=3600
        )
    except FileNotFoundError:
        raise DeployError("rsync is not installed; install it (apt-get install rsync)") from None
    except subprocess.TimeoutExpired:
        raise DeployError("rsync took more than an hour; check the connection") from None


def _failure(result: subprocess.CompletedProcess[str], target: DeployTarget) -> DeployError:
    err = result.stderr
    host = target.dest.split(":", 1)[0]
    if "Host key verification failed" in err or "host key" in err.lower():
        return DeployError(
            f"SSH does not know the host key of {host}; connect once with ssh to check and "
            "accept it (or add it to known_hosts), then deploy again"
        )
    if "Permission denied" in err and "publickey" in err:
        return DeployError(
            f"SSH refused the login to {host}; check the user name and that your key is "
            "authorised there (ssh-copy-id)"
        )
    if "Connection refused" in err or "Could not resolve" in err or "timed out" in err:
        return DeployError(f"cannot reach {host}: {_last(err)}; check the address and port")
    return DeployError(f"rsync to target '{target.name}' failed: {_last(err)}")


def _last(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def _dest(target: DeployTarget, site: Path) -> str:
    dest = target.dest
    if _is_remote(dest):
        return dest.rstrip("/") + "/"
    folder = Path(dest)
    folder = (folder if folder.is_absolute() else (site / folder)).resolve()
    if not folder.parent.is_dir():
        raise DeployError(f"the folder {folder.parent} does not exist; create it, or fix dest:")
    folder.mkdir(exist_ok=True)
    return str(folder) + "/"


def _listed(result: subprocess.CompletedProcess[str]) -> tuple[list[str], list[str], list[str]]:
    """(new files, changed files, deleted files) from `--itemize-changes` output."""
    add: list[str] = []
    change: list[str] = []
    delete: list[str] = []
    for line in result.stdout.splitlines():
        code, _, path = line.partition(" ")
        if code == "*deleting":
            if not path.strip().endswith("/"):
                delete.append(path.strip())
        elif len(code) >= 2 and code[0] in "<>" and code[1] == "f":
            (add if "+++++++" in code else change).append(path)
    return add, change, delete


def deploy_rsync(
    out: Path,
    local: Mapping[str, LocalFile],
    target: DeployTarget,
    site: Path,
    options: DeployOptions,
    echo: Echo,
) -> Plan:
    dest = _dest(target, site)
    source = str(out) + "/"
    every = ["--ignore-times"] if options.force else []
    base = [a for a in _BASE if a != "--checksum"] if options.force else _BASE
    probe = _rsync(
        ["--recursive", "--dry-run", "--itemize-changes", "--delete", *every, *base, source, dest],
        target,
    )
    if probe.returncode != 0:
        raise _failure(probe, target)
    add, change, delete = _listed(probe)
    sent = sum(local[p].size for p in (*add, *change) if p in local)
    plan = Plan(tuple(add), tuple(change), tuple(delete), sent, len(local) - len(add) - len(change))
    heading = f"deploy to {target.name} (rsync to {dest})"
    if not go_ahead(plan, heading, options, echo, "the destination already has this site"):
        return plan
    with tempfile.TemporaryDirectory(prefix="brief-rsync-") as tmp:
        for i, phase in enumerate(phases(plan)):
            listing = Path(tmp) / f"phase-{i}"
            listing.write_text("".join(p + "\n" for p in phase.paths), encoding="utf-8")
            sent_phase = _rsync(
                ["--delay-updates", f"--files-from={listing}", *every, *base, source, dest],
                target,
            )
            if sent_phase.returncode != 0:
                raise _failure(sent_phase, target)
    if plan.delete:
        # Deletes only: nothing is sent (--existing with --ignore-existing), only removed.
        removed = _rsync(
            ["--recursive", "--delete", "--existing", "--ignore-existing", *_BASE, source, dest],
            target,
        )
        if removed.returncode != 0:
            raise _failure(removed, target)
    echo(f"deployed: {len(plan.add) + len(plan.change)} sent, {len(plan.delete)} deleted")
    return plan
