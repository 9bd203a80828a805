"""The search index is one Pagefind bundle per year; a rebuild re-indexes only changed years."""
from __future__ import annotations

import json
import shutil

from generator.search import index, shard_of, shards_in


def page(site, path: str, words: str) -> None:
    file = site / path / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f'<html lang="en"><body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body></html>')


def test_shard_of_docs_paths():
    assert shard_of("2019/05/03/x/index.md") == "2019"
    assert shard_of("undated/x/index.md") == "undated"
    assert shard_of("topics/person/x/index.md") is None and shard_of("2019") is None
    assert shard_of("originals/2019.txt") is None


def test_only_changed_years_are_indexed_and_gone_years_dropped(tmp_path):
    site = tmp_path / "site"
    page(site, "2021/01/01/a", "alpha")
    page(site, "2023/01/01/b", "bravo")
    page(site, "undated/c", "charlie")
    page(site, "topics/person/x", "not an article")
    assert index(site) == ["2021", "2023", "undated"]
    assert json.loads((site / "pagefind" / "shards.json").read_text()) == ["2023", "2021", "undated"]
    before = (site / "pagefind" / "2023" / "pagefind-entry.json").stat().st_mtime_ns

    page(site, "2021/01/02/d", "delta")
    assert index(site, {"2021"}) == ["2021"]
    assert (site / "pagefind" / "2023" / "pagefind-entry.json").stat().st_mtime_ns == before
    fragments = list((site / "pagefind" / "2021" / "fragment").iterdir())
    assert len(fragments) == 2, "the re-indexed year holds both of its articles"

    shutil.rmtree(site / "2023")
    assert index(site, set()) == []
    assert not (site / "pagefind" / "2023").exists()
    assert shards_in(site) == ["2021", "undated"]
