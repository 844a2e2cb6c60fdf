#!/usr/bin/env python3
"""Prove a change kept the output byte for byte: digests of every built file, recorded or compared.

    python bench/digests.py record FILE [--articles 1000,10000]
    python bench/digests.py compare FILE [--articles 1000,10000]

Builds the bundled site (this repository) and the generated corpora (bench/gen_corpus.py, seed
1) with `--no-cache` into temporary folders, with `python -m brief` from whatever `brief` the
interpreter imports (set PYTHONPATH to build an older checkout). `record` writes one JSON file
of `{site: {path: blake2b}}`; `compare` builds again and lists every file added, removed or
changed, exiting 1 if there is any. The sites hold no article dated after today, so their
output does not depend on the day they are built.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def tree_digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(site: Path, out: Path) -> dict[str, str]:
    command = [sys.executable, "-m", "brief", "build", "-q", "--no-cache"]
    subprocess.run(
        [*command, "--source", str(site), "--output", str(out)],
        check=True,
        cwd=site,
    )
    return tree_digests(out)


def all_sites(work: Path, sizes: list[int]) -> dict[str, dict[str, str]]:
    result = {"bundled": build(REPO, work / "bundled-out")}
    for n in sizes:
        corpus = work / f"corpus-{n}"
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(n), str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result[f"corpus-{n}"] = build(corpus / "brief", work / f"out-{n}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--articles", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",") if n]
    with tempfile.TemporaryDirectory(prefix="brief-digests-") as tmp:
        now = all_sites(Path(tmp), sizes)
    if args.action == "record":
        args.file.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"recorded {sum(len(v) for v in now.values())} files of {len(now)} sites")
        return 0
    before = json.loads(args.file.read_text())
    differ = 0
    for site in sorted(set(before) | set(now)):
        old, new = before.get(site, {}), now.get(site, {})
        for path in sorted(set(old) | set(new)):
            if old.get(path) != new.get(path):
                state = "added" if path not in old else "removed" if path not in new else "changed"
                print(f"{site}: {state}: {path}")
                differ += 1
        print(f"{site}: {len(new)} files, {'identical' if old == new else 'DIFFERENT'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
