"""`brief deploy [TARGET]`: build, then publish to a target from site.yaml's `deploy:`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from brief.build import BuildOptions, build
from brief.commands.build import summary_line
from brief.config import DeployTarget, SiteConfig, load_config
from brief.deploy.errors import DeployError, redact
from brief.deploy.git import deploy_git
from brief.deploy.plan import DeployOptions, Plan, load_known, local_files, save_known
from brief.deploy.rsync import deploy_rsync
from brief.deploy.s3 import deploy_s3
from brief.errors import did_you_mean
from brief.errors import report as report_problems
from brief.output.guard import DEPLOY_BUILDS, MARKER


def _echo(line: str) -> None:
    print(line, flush=True)


def choose(config: SiteConfig, name: str | None) -> DeployTarget:
    """The target named, or the first one declared."""
    if not config.deploy:
        raise DeployError(
            "site.yaml has no deploy: targets; add one, e.g. deploy: {pages: {type: git, "
            "branch: gh-pages}} (see docs/configuration.md)"
        )
    if name is None:
        return config.deploy[0]
    for target in config.deploy:
        if target.name == name:
            return target
    names = [t.name for t in config.deploy]
    close = did_you_mean(name, names)
    hint = f"did you mean '{close}'?" if close else f"the targets are {', '.join(names)}"
    raise DeployError(f"no deploy target '{name}' in site.yaml; {hint}")


def target_config(config: SiteConfig, target: DeployTarget) -> tuple[SiteConfig, bool]:
    """The config to build the target with, and whether it differs from the site's own (its
    own base_url, or a staging build), which then gets a folder of its own. The target's
    keys were checked with the rest of site.yaml, so they replace the site's as they are."""
    changes: dict[str, object] = {}
    if target.base_url and target.base_url != config.base_url:
        changes["base_url"] = target.base_url
    if not target.production:
        changes["production"] = False
    return dataclasses.replace(config, **changes), bool(changes)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    """`brief deploy`."""
    started = time.perf_counter()
    if args.max_deletes < 0:
        print("brief: error: --max-deletes must be 0 or more", file=sys.stderr)
        return 2
    if args.workers is not None and not 1 <= args.workers <= 64:
        print("brief: error: --workers must be from 1 to 64", file=sys.stderr)
        return 2
    try:
        site_config = load_config(args.source)
        target = choose(site_config, args.target)
        config, own = target_config(site_config, target)
        out = (config.root / DEPLOY_BUILDS / target.name) if own else config.output_dir
        if args.no_build:
            if not (out / MARKER).is_file():
                raise DeployError(
                    f"there is no build in {out} to deploy; run brief deploy without --no-build"
                )
        else:
            report = build(config, BuildOptions(out_dir=out, remote=config.cache))
            report_problems(report.warnings, sys.stderr)
            print(summary_line(report), flush=True)
        plan = _deploy(out, target, config, args)
    except DeployError as exc:
        print(f"brief: error: {exc}", file=sys.stderr)
        print("brief: deploy failed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "brief: deploy interrupted; every page published before still works (nothing "
            "was deleted); run brief deploy again to finish",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:
        print(f"brief: error: {redact(str(exc))}", file=sys.stderr)
        print("brief: deploy failed", file=sys.stderr)
        return 1
    if not plan.empty and not args.dry_run:
        print(f"deploy to {target.name} took {time.perf_counter() - started:.2f} s")
    return 0


def _deploy(out: Path, target: DeployTarget, config: SiteConfig, args: argparse.Namespace) -> Plan:
    digests = config.root / DEPLOY_BUILDS / f"{target.name}.md5.json"
    known = load_known(digests)
    local = local_files(out, known)
    save_known(digests, known)
    options = DeployOptions(args.dry_run, args.force, args.max_deletes, args.yes, args.workers)
    if target.type == "git":
        return deploy_git(out, local, target, config.root, options, _echo)
    if target.type == "rsync":
        return deploy_rsync(out, local, target, config.root, options, _echo)
    return deploy_s3(out, local, target, config, options, _echo)
