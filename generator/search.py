"""The search index: Pagefind bundles over runs of years, merged in the browser.

One bundle for the whole archive is re-indexed in full after every edit; many bundles make
every query fetch metadata and index chunks from each. So consecutive years are grouped into
as few shards of at most `shard_articles` articles as possible, balanced in size (a bigger
year is a shard alone): editing an article re-indexes its shard only. At 10,000 articles two
bundles cost a first search 267 KB against 242-252 KB for one (see README, Search).
The search box reads `pagefind/shards.json` and merges the bundles with Pagefind's
`mergeIndex`, searching them with one WebAssembly module. Pagefind reads the small search
documents the generator writes per article (one per article URL), not the themed site.
This module plans the shards; pagefind.py runs Pagefind on them.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

SEARCH_DIR = "pagefind"
MANIFEST = "shards.json"
YEAR = re.compile(r"^(\d{4}|undated)$")


def year_of(docs_path: str) -> str | None:
    """The year folder of an article's page or search document ('2019/05/03/x/index.html' ->
    '2019'); None otherwise."""
    first = docs_path.split("/", 1)[0]
    return first if YEAR.match(first) and "/" in docs_path else None


def article_counts(site: Path) -> dict[str, int]:
    """Article documents per year folder."""
    counts = {}
    for entry in os.scandir(site):
        if entry.is_dir() and YEAR.match(entry.name):
            counts[entry.name] = sum(1 for _, _, names in os.walk(entry.path) if "index.html" in names)
    return counts


def listed_counts(paths) -> dict[str, int]:
    """What `article_counts` finds, from the paths of the documents (the writer's manifest)
    instead of a walk over tens of thousands of folders, slow with a cold disk cache."""
    counts: dict[str, int] = {}
    for relative in paths:
        year = year_of(relative)
        if year is not None and relative.endswith("/index.html"):
            counts[year] = counts.get(year, 0) + 1
    return counts


def plan(counts: dict[str, int], shard_articles: int) -> dict[str, tuple[str, ...]]:
    """Shard name -> its years: consecutive years, oldest first, undated alone and last.

    As few shards as `shard_articles` allows (a bigger year is a shard alone), then balanced:
    the smallest limit that still gives that many shards, so an edit re-indexes about
    1/k of the archive rather than one full shard and one stub.
    """
    dated = sorted(y for y in counts if y != "undated")
    sizes = [counts[y] for y in dated]
    fewest = len(_pack(sizes, shard_articles))
    low, high = 1, max(shard_articles, 1)
    while low < high:  # the shard count only grows as the limit shrinks
        middle = (low + high) // 2
        low, high = (low, middle) if len(_pack(sizes, middle)) <= fewest else (middle + 1, high)
    shards = {}
    for first, last in _pack(sizes, low):
        years = tuple(dated[first:last])
        shards[_name(years)] = years
    if "undated" in counts:
        shards["undated"] = ("undated",)
    return shards


def _pack(sizes: list[int], limit: int) -> list[tuple[int, int]]:
    """Greedy runs of consecutive sizes up to `limit`, as (first, end) index pairs: the fewest
    runs possible for consecutive groups."""
    runs, first, total = [], 0, 0
    for index, size in enumerate(sizes):
        if index > first and total + size > limit:
            runs.append((first, index))
            first, total = index, 0
        total += size
    if sizes:
        runs.append((first, len(sizes)))
    return runs


def _name(years: tuple[str, ...]) -> str:
    return years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
