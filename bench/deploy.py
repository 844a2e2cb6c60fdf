#!/usr/bin/env python3
"""Deploy timings: a first deploy, a no-change deploy and a one-edit deploy, for git (a bare
remote on disk), rsync (a local folder) and s3 (moto's server on loopback, standing in for
S3, behind a proxy that counts requests), on the generated corpus.

    python bench/deploy.py [--articles 10000] [--runs 3] [--targets git,rsync,s3]

Each deploy runs `brief deploy --no-build` after a `brief build`, so the figures are the
deploy's own. No-change and one-edit figures are medians of `--runs` runs; the first deploy
runs once. "sent" is files uploaded or committed; "rewritten" is what the build changed,
which a one-edit deploy must not exceed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.deploy.servers import S3Proxy, make_bucket, running_moto  # noqa: E402


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, env=env, timeout=3600, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def brief(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    out = run([sys.executable, "-m", "brief", *args], site, env)
    return time.perf_counter() - started, out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def edit_one(site: Path, n: int) -> None:
    articles = sorted((site / "content").rglob("*.md"))
    path = articles[n % len(articles)]
    text = path.read_text()
    path.write_text(text.rstrip("\n") + f"\n\nCorrection {n}: a word was changed.\n")


def plan_counts(out: str) -> str:
    line = next((ln for ln in out.splitlines() if " to add, " in ln), "")
    return line.split(": ", 1)[-1]


def bench_target(
    name: str, site: Path, runs: int, env: dict[str, str], proxy: S3Proxy | None
) -> dict[str, object]:
    def counted() -> int:
        return len([p for p in proxy.puts()]) if proxy else 0

    if proxy:
        proxy.reset_counts()
    first, out = brief(site, "deploy", name, "--no-build", env=env)
    first_plan = plan_counts(out)
    first_requests = len(proxy.requests) if proxy else 0
    same: list[float] = []
    same_requests = []
    for _ in range(runs):
        if proxy:
            proxy.reset_counts()
        seconds, out = brief(site, "deploy", name, "--no-build", env=env)
        same.append(seconds)
        same_requests.append(len(proxy.requests) if proxy else 0)
        assert "nothing to deploy" in out, out
    edits: list[float] = []
    sent_rewritten = []
    for i in range(runs):
        before = snapshot(site / "public")
        edit_one(site, i + 1)
        brief(site, "build", env=env)
        after = snapshot(site / "public")
        rewritten = {k for k in after if after[k] != before.get(k)} - {".brief-output"}
        if proxy:
            proxy.reset_counts()
        seconds, out = brief(site, "deploy", name, "--no-build", env=env)
        edits.append(seconds)
        sent = counted() if proxy else None
        sent_rewritten.append((plan_counts(out), sent, len(rewritten)))
    listing = None
    if proxy:
        # what the server alone takes to list the bucket: the floor of any no-change deploy
        client = proxy.client()
        started = time.perf_counter()
        for _ in client.get_paginator("list_objects_v2").paginate(Bucket="bench"):
            pass
        listing = time.perf_counter() - started
    return {
        "listing": listing,
        "first": first,
        "first_plan": first_plan,
        "first_requests": first_requests,
        "no_change": statistics.median(same),
        "no_change_requests": statistics.median(same_requests) if proxy else None,
        "one_edit": statistics.median(edits),
        "one_edit_detail": sent_rewritten,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--targets", default="git,rsync,s3")
    args = parser.parse_args()
    targets = args.targets.split(",")

    with tempfile.TemporaryDirectory(prefix="brief-deploy-bench-") as tmp:
        work = Path(tmp)
        run(
            [sys.executable, str(REPO / "bench/gen_corpus.py"), str(args.articles), str(work)], REPO
        )
        site = work / "brief"
        bare = work / "remote.git"
        run(["git", "init", "-q", "--bare", str(bare)], work)
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench-secret",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": str(work / "none"),
            "AWS_SHARED_CREDENTIALS_FILE": str(work / "none"),
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        with running_moto(work / "moto") as moto, S3Proxy(moto.port) as proxy:
            os.environ.update({k: env[k] for k in env if k.startswith("AWS_")})
            make_bucket(moto, "bench")
            config = (site / "site.yaml").read_text()
            config += (
                "deploy:\n"
                f"  git: {{type: git, remote: {bare}}}\n"
                f"  rsync: {{type: rsync, dest: {work / 'www'}}}\n"
                f"  s3: {{type: s3, bucket: bench, endpoint_url: '{proxy.endpoint}', "
                "region: us-east-1}\n"
            )
            (site / "site.yaml").write_text(config)
            built, _ = brief(site, "build", env=env)
            files = sum(1 for p in (site / "public").rglob("*") if p.is_file())
            print(f"corpus: {args.articles} articles, {files} files, build {built:.1f} s")
            print(
                "target | first deploy | no-change (median) | ratio | one-edit (median) | "
                "one-edit: plan / objects sent / files the build rewrote"
            )
            print("|".join(["---"] * 6))
            for name in targets:
                r = bench_target(name, site, args.runs, env, proxy if name == "s3" else None)
                ratio = float(r["no_change"]) / float(r["first"])  # type: ignore[arg-type]
                extra = (
                    f" ({r['first_requests']} requests; no-change {r['no_change_requests']}, "
                    f"of which listing the bucket alone {r['listing']:.2f} s)"
                    if name == "s3"
                    else ""
                )
                detail = "; ".join(
                    f"{plan} / {'-' if sent is None else sent} / {rew}"
                    for plan, sent, rew in r["one_edit_detail"]  # type: ignore[attr-defined]
                )
                print(
                    f"{name} | {r['first']:.2f} s{extra} | {r['no_change']:.2f} s | "
                    f"{ratio:.3f} | {r['one_edit']:.2f} s | {detail}"
                )


if __name__ == "__main__":
    main()
