"""`python -m generator.bench --articles N [N ...]`: build invented archives, print one table.

For each N: write a synthetic archive (generator/bench/synthetic.py), build it with the real
CLI (stage times, peak memory per phase), measure the site (size, largest page), edit one
article and rebuild (the incremental figure), then load an article page in chromium and search
(bytes and time to the first result). Several N give one column each, and the scaling row
compares time per article with the first N. Nothing is written into content/.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import synthetic
from .browser import CHROMIUM, SearchCost, measure_search
from .measure import PAGEFIND, REPO, STAGES, BuildRun, SiteStats, build_command, edit_one_article, run_build, site_stats

KB, MB = 1024, 1024 * 1024
# The targets from the "Scale" issue.
MAX_GENERATOR_SHARE = 0.25
MAX_GENERATOR_MB = 2048
MAX_PAGE_KB = 150
MAX_INCREMENTAL_SHARE = 0.10
MAX_SEARCH_MS = 1000
MAX_SEARCH_KB = 300
MAX_SCALING = 1.25


@dataclass
class Result:
    articles: int
    full: BuildRun
    site: SiteStats
    incremental: BuildRun
    search: SearchCost | None
    topics: tuple[int, int, int] = (0, 0, 0)  # topics, of them with a page, article mentions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="archive sizes (default: 1000)")
    parser.add_argument("--keep", type=Path, help="build here and keep the archives and sites (default: a temporary folder)")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium page-load and search figures")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic archives (default: 1)")
    parser.add_argument("--cli", nargs="+", help=argparse.SUPPRESS)  # another build command, for debugging
    args = parser.parse_args(argv)

    browser = not args.no_browser
    if browser and not CHROMIUM.exists():
        print(f"note: {CHROMIUM} not found; skipping the browser figures (make browser installs it)", file=sys.stderr)
        browser = False
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    (REPO / "build").mkdir(exist_ok=True)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-", dir=REPO / "build"))
    try:
        results = []
        for count in args.articles:
            result = bench_one(workdir / f"n{count}", count, args.seed, browser, args.cli, keep=bool(args.keep))
            if result is None:
                return 1
            results.append(result)
            if len(results) < len(args.articles):  # a long run shows what it has so far
                print(table(results, args.seed), file=sys.stderr, flush=True)
        print(table(results, args.seed))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def bench_one(root: Path, count: int, seed: int, browser: bool, cli, keep: bool) -> Result | None:
    if root.exists():
        shutil.rmtree(root)
    note = lambda message: print(f"[bench n={count}] {message}", file=sys.stderr, flush=True)
    note("writing the synthetic archive")
    made = synthetic.write_archive(root / "content", count, seed)
    command = build_command(made.root, root, cli)
    note("full build: " + " ".join(command[1:]))
    full = run_build(command, progress=note)
    if full.returncode != 0:
        print(f"the full build failed ({full.returncode}):\n{full.stderr_tail}", file=sys.stderr)
        return None
    stats = site_stats(root / "site")
    topics = topic_counts(json.loads((root / "site" / "archive.json").read_text(encoding="utf-8")))
    note("incremental build after editing one article")
    edited = next((p for p in made.files[len(made.files) // 2:] if p.suffix == ".txt"), made.files[-1])
    edit_one_article(edited)
    incremental = run_build(command, progress=note)
    if incremental.returncode != 0:
        print(f"the incremental build failed:\n{incremental.stderr_tail}", file=sys.stderr)
        return None
    search = None
    if browser:
        note(f"browser: loading an article page and searching for '{made.search_word}'")
        export = json.loads((root / "site" / "archive.json").read_text(encoding="utf-8"))
        article = next(a for a in export["articles"] if a["title"] == made.search_title)
        shot = root / "article-light.png" if keep else None
        search = measure_search(root / "site", article["url"], made.search_word, screenshot=shot)
    return Result(count, full, stats, incremental, search, topics)


def topic_counts(export: dict) -> tuple[int, int, int]:
    """Topics in the export, how many have a page of their own, and mentions over articles."""
    topics = export.get("topics", [])
    mentions = sum(len(a.get("topics", [])) for a in export.get("articles", []))
    return len(topics), sum(1 for t in topics if t.get("page", True)), mentions


def table(results: list[Result], seed: int) -> str:
    header = ["measure", *[f"N={r.articles}" for r in results], "target"]
    rows: list[list[str]] = []

    def row(name: str, cells: list[str], target: str = "") -> None:
        rows.append([name, *cells, target])

    for stage in STAGES:
        row(f"stage {stage}", [f"{r.full.times.get(stage, 0.0):.2f} s" for r in results],
            "(waited after mkdocs)" if stage == "search" else "")
    row("pagefind, beside the build", [f"{r.full.times.get(PAGEFIND, 0.0):.2f} s" for r in results], "(own time)")
    row("generator stages", [_verdict(f"{r.full.generator_seconds:.1f} s = {_share(r):.0%} of total",
                                      _share(r) <= MAX_GENERATOR_SHARE) for r in results],
        f"<= {MAX_GENERATOR_SHARE:.0%} of total")
    row("total (wall, full build)", [f"{r.full.wall:.1f} s" for r in results])
    first = results[0]
    per_article = [r.full.wall / r.articles for r in results]
    row("time per article", [_verdict(f"{p * 1000:.1f} ms" + (f" = {p / per_article[0]:.2f}x N={first.articles}" if i else ""),
                                      i == 0 or p / per_article[0] <= MAX_SCALING)
                             for i, p in enumerate(per_article)], f"<= {MAX_SCALING}x the smallest N")
    row("peak memory: generator", [_verdict(f"{r.full.peaks_mb.get('generator', 0):.0f} MB",
                                            r.full.peaks_mb.get("generator", 0) < MAX_GENERATOR_MB) for r in results],
        f"< {MAX_GENERATOR_MB} MB")
    row("peak memory: mkdocs", [f"{r.full.peaks_mb.get('mkdocs', 0):.0f} MB" for r in results], "(build process)")
    row("peak memory: pagefind", [f"{r.full.peaks_mb.get('pagefind', 0):.0f} MB" for r in results])
    row("topics per article", [f"{r.topics[2] / r.articles:.1f} named, {r.topics[0] / r.articles:.2f} topics"
                                 for r in results], "(flat)")
    row("topic pages per article", [f"{r.topics[1] / r.articles:.2f} ({r.topics[1]} of {r.topics[0]} topics)"
                                     for r in results], "(flat)")
    row("site/ size", [f"{r.site.bytes / MB:.1f} MB in {r.site.files} files" for r in results])
    row("largest HTML page", [_verdict(f"{r.site.largest_html[0]} ({r.site.largest_html[1] / KB:.0f} KB)",
                                       not r.site.pages_over) + (f", {len(r.site.pages_over)} over" if r.site.pages_over else "")
                              for r in results], f"<= {MAX_PAGE_KB} KB")
    row("incremental (1 article edited)", [_verdict(f"{r.incremental.wall:.1f} s = {r.incremental.wall / r.full.wall:.0%} of full",
                                                    r.incremental.wall / r.full.wall < MAX_INCREMENTAL_SHARE) for r in results],
        f"< {MAX_INCREMENTAL_SHARE:.0%} of full")
    row("incremental: slowest stages", [_slowest(r.incremental) for r in results])
    if all(r.search for r in results):
        row("article page load", [_verdict(f"{r.search.load_bytes / KB:.0f} KB, {len(r.search.load_requests)} requests, "
                                           f"{len(r.search.index_fetched_on_load)} from pagefind/",
                                           not r.search.index_fetched_on_load) for r in results], "no search index")
        row("first search: first result", [_verdict(f"{r.search.search_first_ms:.0f} ms", r.search.search_first_ms < MAX_SEARCH_MS)
                                           for r in results], f"< {MAX_SEARCH_MS} ms")
        row("first search: transferred", [_verdict(f"{r.search.search_bytes_first / KB:.0f} KB at first result, "
                                                   f"{r.search.search_bytes_settled / KB:.0f} KB settled "
                                                   f"({r.search.search_bytes_gzip / KB:.0f} KB gzip), {len(r.search.search_requests)} requests",
                                                   r.search.search_bytes_settled <= MAX_SEARCH_KB * KB) for r in results],
            f"<= {MAX_SEARCH_KB} KB")
    lines = [f"Benchmark: synthetic archives (seed {seed}); uncompressed bytes from http.server on 127.0.0.1",
             "", _format_row(header), _format_row(["---"] * len(header))]
    lines += [_format_row(r) for r in rows]
    return "\n".join(lines)


def _share(result: Result) -> float:
    return result.full.generator_seconds / result.full.wall if result.full.wall else 0.0


def _slowest(run: BuildRun) -> str:
    if not run.times:
        return "-"
    stages = [name for name in run.times if name != PAGEFIND]  # Pagefind runs beside the stages
    slowest = sorted(stages, key=run.times.get, reverse=True)[:3]
    return ", ".join(f"{stage} {run.times[stage]:.1f} s" for stage in slowest)


def _verdict(text: str, ok: bool) -> str:
    return text if ok else f"{text} MISSED"


def _format_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
