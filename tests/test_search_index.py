"""The search index: Pagefind bundles over runs of years, built from the generator's search
documents; a rebuild re-indexes changed shards only."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from generator import pagefind
from generator.pagefind import Indexing, SearchIndexError, index
from generator.search import plan, year_of


def page(site, path: str, words: str) -> None:
    file = site / path / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f'<html lang="en"><body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body></html>')


def test_year_of_docs_paths():
    assert year_of("2019/05/03/x/index.md") == "2019"
    assert year_of("undated/x/index.md") == "undated"
    assert year_of("topics/x/index.md") is None and year_of("2019") is None
    assert year_of("originals/2019.txt") is None


def test_plan_groups_consecutive_years_up_to_the_limit():
    counts = {"2016": 1100, "2017": 1100, "2018": 1100, "2019": 1100, "2020": 3000, "undated": 5}
    assert plan(counts, 2500) == {"2016-2017": ("2016", "2017"), "2018-2019": ("2018", "2019"),
                                  "2020": ("2020",), "undated": ("undated",)}
    assert list(plan(counts, 10**6)) == ["2016-2020", "undated"]
    assert plan({}, 10) == {}


def test_plan_uses_the_fewest_shards_and_balances_them():
    counts = {str(year): 1000 for year in range(2016, 2021)}  # 5,000 articles
    shards = plan(counts, 4000)
    assert shards == {"2016-2018": ("2016", "2017", "2018"), "2019-2020": ("2019", "2020")}, \
        "two shards as 3,000 + 2,000, not the greedy 4,000 + 1,000"
    counts = {str(year): 1100 for year in range(2016, 2025)}  # 9,900 articles
    sizes = [sum(counts[y] for y in years) for years in plan(counts, 6000).values()]
    assert sizes == [5500, 4400]
    assert plan({"2020": 7000, "2021": 10, "2022": 10}, 6000) == {"2020": ("2020",), "2021-2022": ("2021", "2022")}


def test_only_changed_shards_are_indexed_and_gone_ones_dropped(tmp_path):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    page(docs, "2023/01/01/b", "bravo")
    page(docs, "undated/c", "charlie")
    assert index(docs, site, 1) == ["2021", "2023", "undated"]
    assert json.loads((site / "pagefind" / "shards.json").read_text()) == ["2023", "2021", "undated"]
    before = (site / "pagefind" / "2023" / "pagefind-entry.json").stat().st_mtime_ns

    page(docs, "2021/01/02/d", "delta")
    assert index(docs, site, 2, {"2021"}) == ["2021"], "2021 now holds two articles: still one shard"
    assert (site / "pagefind" / "2023" / "pagefind-entry.json").stat().st_mtime_ns == before
    assert len(list((site / "pagefind" / "2021" / "fragment").iterdir())) == 2

    shutil.rmtree(docs / "2023")
    assert index(docs, site, 2, set()) == []
    assert not (site / "pagefind" / "2023").exists()
    page(docs, "2022/01/01/e", "echo")
    assert index(docs, site, 10, set()) == ["2021-2022"], "a new grouping is indexed although no year changed"
    assert json.loads((site / "pagefind" / "shards.json").read_text()) == ["2021-2022", "undated"]
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2021-2022", "shards.json", "undated"]
    shutil.rmtree(site / "pagefind" / "undated")
    assert index(docs, site, 10, set()) == ["undated"], "a missing bundle is rebuilt (a full MkDocs build wipes them)"


def test_indexing_beside_a_build_puts_bundles_in_place_only_at_finish(tmp_path):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    index(docs, site, 10)
    before = (site / "pagefind" / "2021" / "pagefind-entry.json").stat().st_mtime_ns
    with Indexing(docs, site, 10, set(), rebuild_all=True) as indexing:
        assert indexing.todo == ["2021"], "a full MkDocs build is coming: every bundle is redone"
        shutil.rmtree(site)  # what a full MkDocs build does to the staging folder meanwhile
        site.mkdir()
        assert indexing.finish() == ["2021"]
    assert indexing.peak_mb > 1, "Pagefind's own peak memory, from its resource usage"
    assert (site / "pagefind" / "2021" / "pagefind-entry.json").stat().st_mtime_ns != before
    assert json.loads((site / "pagefind" / "shards.json").read_text()) == ["2021"]
    assert not indexing.scratch.exists()


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_edit_rewrites_only_what_changed_and_leaves_the_bundle_as_a_fresh_one(tmp_path):
    """Pagefind writes into a work folder kept between builds, where it skips the files it
    finds there already; the staged bundle must still end up holding exactly the files of a
    fresh index, none rewritten in place (the published site shares them)."""
    docs, site, published = tmp_path / "search", tmp_path / "site", tmp_path / "published"
    page(docs, "2021/01/01/a", "alpha")
    page(docs, "2021/01/02/b", "bravo")
    index(docs, site, 10)
    shutil.copytree(site, published, copy_function=os.link)  # what publish.py does
    before = _files(published)
    kept = {r: (site / r).stat().st_ino for r in before if "/fragment/" in r}
    work_folder = site.parent / "site.pagefind-work" / "2021"
    shared = {r: (work_folder / r.removeprefix("pagefind/2021/")).stat() for r in before if r.endswith(pagefind._CONTENT_NAMED)}
    assert shared and all(os.path.samestat(info, (site / r).stat()) for r, info in shared.items()), \
        "content-named files are linked from the work folder, not copied"

    page(docs, "2021/01/02/b", "bravo charlie")  # edited: its fragment and the index change
    page(docs, "2021/01/03/c", "delta")
    assert index(docs, site, 10, {"2021"}) == ["2021"]
    assert _files(published) == before, "no file the published site shares was rewritten"
    for relative, info in shared.items():  # Pagefind skipped those it found: not written again in place
        path = work_folder / relative.removeprefix("pagefind/2021/")
        if path.exists():
            assert os.path.samestat(path.stat(), info) and path.stat().st_ctime_ns == info.st_ctime_ns, relative
    index(docs, tmp_path / "fresh", 10)
    bundle, fresh = _files(site / "pagefind" / "2021"), _files(tmp_path / "fresh" / "pagefind" / "2021")
    assert sorted(bundle) == sorted(fresh), "the old fragment, meta and index files are gone"
    assert {r: b for r, b in bundle.items() if "fragment/" in r} == {r: b for r, b in fresh.items() if "fragment/" in r}
    work = _files(site.parent / "site.pagefind-work" / "2021")
    assert work == bundle, "the work folder holds the current bundle only"
    unchanged = [r for r in kept if r.removeprefix("pagefind/2021/") in bundle]
    assert len(unchanged) == 1 and (site / unchanged[0]).stat().st_ino == kept[unchanged[0]], \
        "alpha's fragment, unchanged, is the same file"


def test_a_work_folder_left_half_written_is_started_afresh(tmp_path):
    """Pagefind does not write a content-named file it finds: one cut short by a build killed
    mid-write would stay so for good, unless a half-written work folder is thrown away."""
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    index(docs, site, 10)
    work = site.parent / "site.pagefind-work" / "2021"
    assert not (work / ".incomplete").exists(), "the mark goes once the bundle is whole"
    fragment = next((work / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[:5])  # as a killed run leaves it
    (work / ".incomplete").touch()
    shutil.rmtree(site / "pagefind" / "2021")
    index(docs, site, 10)
    index(docs, tmp_path / "fresh", 10)
    bundle, fresh = _files(site / "pagefind" / "2021"), _files(tmp_path / "fresh" / "pagefind" / "2021")
    assert sorted(bundle) == sorted(fresh)
    assert {r: b for r, b in bundle.items() if "fragment/" in r} == {r: b for r, b in fresh.items() if "fragment/" in r}


def test_an_unreadable_bundle_is_an_error_naming_it(tmp_path, monkeypatch):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    monkeypatch.setattr(pagefind, "_META_SIGNATURE", b"another format")
    with pytest.raises(SearchIndexError, match="bundle for 2021 that cannot be read"):
        index(docs, site, 10)
    assert not (site / "pagefind" / "2021").exists() and not (site.parent / "site.pagefind-work" / "2021").exists()


def test_a_failed_build_stops_indexing_and_leaves_the_bundles_alone(tmp_path):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    index(docs, site, 10)
    entry = site / "pagefind" / "2021" / "pagefind-entry.json"
    before = entry.read_bytes(), entry.stat().st_mtime_ns
    page(docs, "2021/01/02/b", "bravo")
    with pytest.raises(RuntimeError, match="mkdocs broke"):
        with Indexing(docs, site, 10, {"2021"}) as indexing:
            raise RuntimeError("mkdocs broke")
    assert (entry.read_bytes(), entry.stat().st_mtime_ns) == before
    assert not indexing.scratch.exists()


def test_a_pagefind_failure_is_reported_when_the_build_waits_for_it(tmp_path, monkeypatch):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    monkeypatch.setattr(pagefind.sys, "executable", "/bin/false")
    with Indexing(docs, site, 10) as indexing:
        with pytest.raises(SearchIndexError, match="pagefind failed on 2021"):
            indexing.finish()
    assert not (site / "pagefind").exists() and not indexing.scratch.exists()


def test_a_full_build_found_later_still_gets_every_bundle(tmp_path):
    docs, site = tmp_path / "search", tmp_path / "site"
    page(docs, "2021/01/01/a", "alpha")
    page(docs, "2023/01/01/b", "bravo")
    index(docs, site, 1)
    page(docs, "2023/01/02/c", "charlie")
    with Indexing(docs, site, 1, {"2023"}) as indexing:
        assert indexing.todo == ["2023"]
        indexing._thread.join()  # the worker has run out of shards and ended
        indexing.require_all()  # then MkDocs needs a full build, which empties `site`
        shutil.rmtree(site)
        site.mkdir()
        assert sorted(indexing.finish()) == ["2021", "2023"]
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2021", "2023", "shards.json"]


def test_a_build_stopped_after_the_search_documents_indexes_them_next_time(tmp_path):
    """The build writes the search documents mid-enrichment; stopped after that, it removes
    those it wrote, so the next build writes them again and re-indexes their years."""
    from pathlib import Path

    from generator.bench import synthetic
    from generator.config import Config
    from generator.incremental import Layout, SiteState
    from generator.pipeline import _EarlySearch, read_and_enrich
    from generator.timing import Timer

    synthetic.write_archive(tmp_path / "content", 12, 1)
    checked = read_and_enrich(tmp_path / "content", Config(workers=1), Timer(stream=None))
    layout = Layout(tmp_path / "build" / "docs", tmp_path / "staging", tmp_path / "site")
    state = SiteState(layout, Path("mkdocs.yml"), b"")

    def start() -> _EarlySearch:
        search = _EarlySearch(layout, Config(workers=1), Timer(stream=None), state)
        search.start(checked.archive, checked)
        return search

    with pytest.raises(RuntimeError, match="stopped"):
        with start() as stopped:
            assert len(stopped.written.written) == 12
            raise RuntimeError("stopped")
    assert not list(layout.search.rglob("*.html")) and not stopped.indexing.scratch.exists()
    again = start()
    assert len(again.written.written) == 12 and set(again.indexing.todo) == set(again.indexing.shards)
    again.abandon()


def test_counts_from_the_manifest_are_the_counts_of_a_walk(tmp_path):
    """Indexing plans the bundles from the writer's manifest of the documents; a walk of the
    folder (used when there is no manifest) must give the same plan."""
    from generator.search import article_counts, listed_counts

    paths = ["2019/05/03/a/index.html", "2019/05/04/b/index.html", "2021/01/01/c/index.html",
             "undated/d/index.html", "undated/d/extra.txt", "index.html", "topics/x/index.html"]
    for relative in paths:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    assert listed_counts(paths) == article_counts(tmp_path) == {"2019": 2, "2021": 1, "undated": 1}
