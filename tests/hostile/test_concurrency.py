"""Two builds of one site at once: the second never touches what the first is writing."""

from __future__ import annotations

import subprocess
import sys

from brief.output.lock import output_lock
from tests.helpers import Site, article, tree


def run(site: Site) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brief", "build", "--source", str(site.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_second_build_says_so_and_leaves_the_first_alone(site: Site) -> None:
    site.write("content/a.md", article("One"))
    assert run(site).returncode == 0
    before = tree(site.public)
    # A journal and a staging folder as a build in the middle of its patch leaves them:
    # the start-up recovery of a second build would undo them, if it ran.
    journal = site.root / ".public.journal-inflight"
    journal.write_text('{"backup": ".public.bak-inflight"}\n["added", "x.html"]\n')
    staging = site.root / ".public.tmp-inflight"
    staging.mkdir()
    site.write("content/a.md", article("One, edited"))
    with output_lock(site.public):  # this test process is "the first build"
        result = run(site)
        assert result.returncode == 1
        assert result.stderr == (
            f"{site.public}: error: another build is writing this output folder (or one "
            "beside it); run again once it has finished\nbrief: build failed: 1 error\n"
        )
        assert journal.exists() and staging.is_dir()
        assert tree(site.public) == before
    journal.unlink()
    staging.rmdir()
    assert run(site).returncode == 0  # the lock is free again
    assert "One, edited" in site.page("2022/02/28/one-edited/index.html")
    assert not [p.name for p in site.root.iterdir() if p.name.startswith(".public")]


def test_the_lock_dies_with_its_process(site: Site) -> None:
    site.write("content/a.md", article("One"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from brief.output.lock import "
            "output_lock\nwith output_lock(Path(sys.argv[1])):\n print('held', flush=True)\n"
            " time.sleep(60)",
            str(site.public),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert run(site).returncode == 1
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert run(site).returncode == 0
