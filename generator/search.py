"""The search index: one Pagefind bundle per year of articles, merged in the browser.

A bundle per year (`pagefind/<year>/`, plus `pagefind/undated/`) means that editing one
article re-indexes one year instead of the whole archive; the search box reads
`pagefind/shards.json` and merges the bundles with Pagefind's `mergeIndex`, searching them
with one WebAssembly module. Only article pages are indexed (they carry data-pagefind-body).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable

SEARCH_DIR = "pagefind"
MANIFEST = "shards.json"
SHARD = re.compile(r"^(\d{4}|undated)$")


class SearchIndexError(RuntimeError):
    """Pagefind failed on a shard."""


def shard_of(docs_path: str) -> str | None:
    """The shard of a page ('2019/05/03/x/index.md' -> '2019'); None for non-article pages."""
    first = docs_path.split("/", 1)[0]
    return first if SHARD.match(first) and "/" in docs_path else None


def shards_in(site: Path) -> list[str]:
    """Every shard the built site has article pages for, newest year first."""
    found = [p.name for p in site.iterdir() if p.is_dir() and SHARD.match(p.name)]
    return sorted(found, key=lambda name: (name == "undated", [-int(name)] if name.isdigit() else [0]))


def index(site: Path, changed: Iterable[str] | None = None) -> list[str]:
    """(Re-)index the shards in `changed` (all when None, or when one has no bundle yet),
    drop bundles of years that are gone, and write the manifest. Returns the shards indexed."""
    shards = shards_in(site)
    root = site / SEARCH_DIR
    root.mkdir(exist_ok=True)
    todo = set(shards) if changed is None else {s for s in changed if s in shards}
    todo |= {s for s in shards if not (root / s / "pagefind-entry.json").is_file()}
    for shard in sorted(todo):
        _run_pagefind(site, shard)
    for stale in root.iterdir():
        if stale.is_dir() and stale.name not in shards:
            shutil.rmtree(stale)
    (root / MANIFEST).write_text(json.dumps(shards) + "\n", encoding="utf-8")
    return sorted(todo)


def _run_pagefind(site: Path, shard: str) -> None:
    bundle = site / SEARCH_DIR / shard
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
               "--glob", f"{shard}/**/*.html", "--output-subdir", f"{SEARCH_DIR}/{shard}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise SearchIndexError(f"pagefind failed on {shard} ({result.returncode}): {message}")
