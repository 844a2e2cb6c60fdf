"""The build: gather the site, render what changed, write it atomically, record what was done."""

from __future__ import annotations

from brief.build.pipeline import BuildOptions, BuildReport, build

__all__ = ["BuildOptions", "BuildReport", "build"]
