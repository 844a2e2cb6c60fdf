#!/usr/bin/env python3
"""Where indexing time goes: the ways Pagefind's Python API can be handed the same pages.

    python bench/index_routes.py [--articles 1000 10000] [--runs 3] [--work DIR]

For each corpus of gen_corpus.py (built once first if it has no public/; that build is not
timed), takes the pages a build indexes (the articles, from brief's own plan) and times,
as medians of --runs, each route from the pages on disk to the index's files in memory:

- `add_html_file`: each page read by Python and sent as a string (what builds did first),
  split into sending the pages and `get_files()`;
- `add_html_file, write_files`: the same pages, the index written by Pagefind to a
  temporary folder and read back, instead of `get_files()` over the pipe;
- `add_directory, article folder`: hard links to just the article pages in a temporary
  folder, handed to Pagefind as a folder (`add_directory`), then `get_files()`;
- `add_directory, output + glob`: the whole output folder with a glob that matches the
  article pages only (`posts/*/index.html` in this corpus);
- `add_directory per page, literal glob`: the output folder once per page, with a glob that
  is the page's path (escaped), so Pagefind reads just that file, in the order given;
- `add_custom_record`: no HTML at all (text, title and filters sent as data), the floor
  of what sending a record costs, not a route (it loses what the theme's attributes mark).

Each route runs in a fresh Pagefind process, interleaved with the others run after run,
so a change in the machine's load hits every route alike: compare within one run. A
benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from brief.build.gather import gather  # noqa: E402
from brief.build.search import indexed_pages  # noqa: E402
from brief.config import load_config  # noqa: E402
from brief.search.pagefind import _Service  # noqa: E402

Pages = list[tuple[str, str]]
"""(URL, output path) of each page to index."""
Route = Callable[[Path, Pages], Awaitable[dict[str, float]]]


def corpus(n: int, work: Path) -> Path:
    """The built site of gen_corpus.py's corpus of `n` articles."""
    site = work / f"n{n}" / "brief"
    if not (site / "site.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(n), str(site.parent)], check=True
        )
    if not (site / "public" / "pagefind").is_dir():
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        subprocess.run([sys.executable, "-m", "brief", "build"], cwd=site, env=env, check=True)
    return site


def article_pages(site: Path) -> Pages:
    config = load_config(site)
    found = gather(config)
    return [(p.url, p.file) for p in indexed_pages(found.pages, config)]


async def _session(work: Callable[[object], Awaitable[None]]) -> None:
    service = _Service()
    await service.launch()
    try:
        index = await service.create_index(None)
        await work(index)
    finally:
        await service.stop()


async def by_string(out: Path, pages: Pages) -> dict[str, float]:
    times: dict[str, float] = {}

    async def work(index: object) -> None:
        start = time.perf_counter()
        html = [(u, (out / f).read_text(encoding="utf-8")) for u, f in pages]
        await asyncio.gather(*(index.add_html_file(content=h, url=u) for u, h in html))  # type: ignore[attr-defined]
        times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        files = await index.get_files()  # type: ignore[attr-defined]
        assert files
        times["get_files"] = time.perf_counter() - start

    await _session(work)
    return times


async def by_string_written(out: Path, pages: Pages) -> dict[str, float]:
    times: dict[str, float] = {}

    async def work(index: object) -> None:
        start = time.perf_counter()
        html = [(u, (out / f).read_text(encoding="utf-8")) for u, f in pages]
        await asyncio.gather(*(index.add_html_file(content=h, url=u) for u, h in html))  # type: ignore[attr-defined]
        times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
            await index.write_files(output_path=tmp)  # type: ignore[attr-defined]
            files = {p: p.read_bytes() for p in Path(tmp).rglob("*") if p.is_file()}
            assert files
        times["write_files"] = time.perf_counter() - start

    await _session(work)
    return times


async def by_folder(out: Path, pages: Pages) -> dict[str, float]:
    times: dict[str, float] = {}

    async def work(index: object) -> None:
        with tempfile.TemporaryDirectory(prefix="bench-pages-", dir=out.parent) as tmp:
            start = time.perf_counter()
            for _, f in pages:
                (Path(tmp) / f).parent.mkdir(parents=True, exist_ok=True)
                os.link(out / f, Path(tmp) / f)
            times["links"] = time.perf_counter() - start
            start = time.perf_counter()
            got = await index.add_directory(tmp)  # type: ignore[attr-defined]
            assert got["page_count"] == len(pages), got
            times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        files = await index.get_files()  # type: ignore[attr-defined]
        assert files
        times["get_files"] = time.perf_counter() - start

    await _session(work)
    return times


async def by_glob(out: Path, pages: Pages) -> dict[str, float]:
    times: dict[str, float] = {}

    async def work(index: object) -> None:
        start = time.perf_counter()
        got = await index.add_directory(str(out), glob="posts/*/index.html")  # type: ignore[attr-defined]
        assert got["page_count"] == len(pages), got
        times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        files = await index.get_files()  # type: ignore[attr-defined]
        assert files
        times["get_files"] = time.perf_counter() - start

    await _session(work)
    return times


async def by_literal(out: Path, pages: Pages) -> dict[str, float]:
    times: dict[str, float] = {}

    async def work(index: object) -> None:
        start = time.perf_counter()
        for _, f in pages:  # one at a time: the order of the pages is the order given
            got = await index.add_directory(str(out), glob=glob_literal(f))  # type: ignore[attr-defined]
            assert got["page_count"] == 1, got
        times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        files = await index.get_files()  # type: ignore[attr-defined]
        assert files
        times["get_files"] = time.perf_counter() - start

    await _session(work)
    return times


def glob_literal(path: str) -> str:
    """`path` as a glob that matches just that path (wax escapes these characters; a
    backslash cannot be escaped, and output paths never have one)."""
    return re.sub(r"([?*$:<>()\[\]{},])", r"\\\1", path)


async def by_record(out: Path, pages: Pages) -> dict[str, float]:
    """Every page's text (its HTML's text, roughly) sent as a record: no parsing in Pagefind."""
    times: dict[str, float] = {}
    tags = re.compile(r"<[^>]+>")

    async def work(index: object) -> None:
        start = time.perf_counter()
        records = [(u, tags.sub(" ", (out / f).read_text(encoding="utf-8"))) for u, f in pages]
        await asyncio.gather(
            *(
                index.add_custom_record(  # type: ignore[attr-defined]
                    url=u, content=t, language="en", meta={"title": u}, filters={"Section": ["x"]}
                )
                for u, t in records
            )
        )
        times["add"] = time.perf_counter() - start
        start = time.perf_counter()
        files = await index.get_files()  # type: ignore[attr-defined]
        assert files
        times["get_files"] = time.perf_counter() - start

    await _session(work)
    return times


ROUTES: dict[str, Route] = {
    "add_html_file (as builds did)": by_string,
    "add_html_file, write_files": by_string_written,
    "add_directory, article folder": by_folder,
    "add_directory, output + glob": by_glob,
    "add_directory per page, literal glob": by_literal,
    "add_custom_record (floor)": by_record,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "brief-bench")
    parser.add_argument("--only", nargs="*", default=None, help="route names to run")
    args = parser.parse_args()
    routes = {k: v for k, v in ROUTES.items() if not args.only or any(o in k for o in args.only)}
    for n in args.articles:
        site = corpus(n, args.work)
        out = site / "public"
        pages = article_pages(site)
        times: dict[str, list[dict[str, float]]] = {name: [] for name in routes}
        for _ in range(args.runs):
            for name, route in routes.items():
                start = time.perf_counter()
                cpu = time.process_time()
                child = resource.getrusage(resource.RUSAGE_CHILDREN)
                phases = asyncio.run(route(out, pages))
                phases["total"] = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                phases["cpu pagefind"] = (after.ru_utime + after.ru_stime) - (
                    child.ru_utime + child.ru_stime
                )
                phases["cpu python"] = time.process_time() - cpu
                times[name].append(phases)
        print(f"{n:,} articles ({len(pages):,} pages indexed), medians of {args.runs}, seconds")
        for name, runs in times.items():
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            parts = ", ".join(f"{k} {v:.2f}" for k, v in med.items() if k != "total")
            print(f"  {name:34} {med['total']:7.2f}   ({parts})")
        shutil.rmtree(out.parent / ".bench-trash", ignore_errors=True)


if __name__ == "__main__":
    main()
