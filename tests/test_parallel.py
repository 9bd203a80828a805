"""Parallel work gives exactly the serial result: forked page rendering and the mapping pool."""
from __future__ import annotations

import os
from pathlib import Path

import generator.parallel as parallel
from generator.config import Config
from generator.incremental import Memo
from generator.pages import render, render_site, site_pages
from generator.pipeline import read_and_enrich
from generator.timing import Timer

E2E = Path(__file__).parent / "fixtures" / "e2e"


def test_jobs_run_in_order_and_in_another_process(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    first, second = parallel.run_jobs([os.getpid, os.getpid], workers=2, items=1)
    assert first == os.getpid() and second != os.getpid(), "the second job ran in a forked child"
    assert parallel.run_jobs([lambda: "a", lambda: "b"], workers=1, items=10**6) == ["a", "b"]


def test_a_job_beyond_one_per_process_runs_in_whichever_process_is_free_first(monkeypatch):
    """Three jobs on two processes: the third waits for the first of them to be free. Each
    case blocks one process until the third job has run elsewhere (a static split would
    leave it waiting out the timeout), so which process is free is decided, not timed."""
    import multiprocessing

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    here = os.getpid()
    for blocked in (0, 1):  # the job that holds its process: here, then in the child
        third_ran = multiprocessing.get_context("fork").Event()
        jobs = [os.getpid, os.getpid, lambda: (third_ran.set(), os.getpid())[1]]
        jobs[blocked] = lambda: (third_ran.wait(20), os.getpid())
        results = parallel.run_jobs(jobs, workers=2, items=1)
        waited, waited_in = results[blocked]
        assert waited, "the third job never ran while the other process was free"
        assert (waited_in == here) == (blocked == 0)
        assert results[2] == results[1 - blocked] != waited_in, "the free process ran the third job"


def test_a_pool_maps_a_few_items_here_and_many_in_its_workers(monkeypatch):
    """A rebuild recomputes a handful of items: forking workers from the whole enriched build
    for them would cost more than they take (parallel.POOL_FROM)."""
    with parallel.mapper(workers=2, items=10**6) as map_fn:
        assert map_fn(_pid, range(3)) == [os.getpid()] * 3
        many = map_fn(_pid, range(parallel.POOL_FROM))
    assert os.getpid() not in many and len(many) == parallel.POOL_FROM


def test_workers_by_default_follow_the_cores_this_process_may_use(monkeypatch):
    """A build confined to one core (a container's or `taskset`'s CPU affinity) stays serial:
    workers forked there would only take turns on that core."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert parallel.cores() == 1
    with parallel.mapper(workers=0, items=10**6) as map_fn:
        assert set(map_fn(_pid, range(parallel.POOL_FROM))) == {os.getpid()}
    assert parallel.run_jobs([os.getpid, os.getpid], workers=0, items=10**6) == [os.getpid()] * 2
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    first, second = parallel.run_jobs([os.getpid, os.getpid], workers=0, items=10**6)
    assert first == os.getpid() != second, "with two usable cores the second job forks"


def _pid(_item: int) -> int:
    return os.getpid()


def test_forked_rendering_gives_the_serial_pages(monkeypatch, tmp_path):
    config = Config()
    archive = read_and_enrich(E2E, config, Timer(stream=None), Memo(None)).archive
    originals = {a.id: b"original" for a in archive.articles}
    serial = render_site(archive, config, originals)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    forked = {}
    for part in parallel.run_jobs([lambda p=p: render(p()) for p in site_pages(archive, config, originals)], workers=2,
                                     items=len(archive.articles)):
        forked.update(part)
    assert list(forked) == list(serial) and forked == serial
    assert any(path.startswith("topics/") for path in forked) and any(path.endswith(".txt") for path in forked)


def test_the_parts_make_each_article_page_once_the_newer_half_first():
    """The article pages render in two halves (pages.site_pages): together exactly the pages
    of all articles, none twice, the newer half (archive order, newest first) in part 2."""
    from generator.pages.article import article_pages

    config = Config()
    archive = read_and_enrich(E2E, config, Timer(stream=None), Memo(None)).archive
    originals = {a.id: b"original" for a in archive.articles}
    parts = [[path for spec in planner() for path in spec.paths] for planner in site_pages(archive, config, originals)]
    made = [path for part in parts for path in part]
    assert len(made) == len(set(made))
    whole = [path for spec in article_pages(archive, config, originals) for path in spec.paths]
    assert len(archive.articles) >= 2 and set(whole) <= set(made)
    half = len(archive.articles) // 2
    newer = {path for spec in article_pages(archive, config, originals, slice(0, half)) for path in spec.paths}
    assert newer and newer <= set(parts[1]) and set(whole) - newer <= set(parts[3])
    assert archive.articles[0].url.strip("/") in {path.rsplit("/", 1)[0] for path in newer}


def test_parts_written_in_forked_processes_give_the_serial_docs_and_search_folders(monkeypatch, tmp_path):
    """Each part of the pages, and each run of search documents, is written where it is
    rendered (pipeline._RenderAndWrite): the docs and search folders and their manifests come
    out as a serial build's, and the next build, reading those manifests, writes nothing."""
    from generator.incremental import Layout
    from generator.pipeline import generate

    def folders_of(out: Path, workers: int):
        layout = Layout(out / "docs", out / "staging", out / "site")
        result = generate(E2E, layout, Config(workers=workers), Timer(stream=None))
        files = {p.relative_to(out).as_posix(): p.read_bytes() for folder in (layout.docs, layout.search)
                 for p in folder.rglob("*") if p.is_file()}
        return result, files

    _, serial = folders_of(tmp_path / "serial", 1)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # the other parts forked, as the first test shows
    result, forked = folders_of(tmp_path / "forked", 2)
    assert forked == serial
    documents = [p for p in serial if p.startswith("search/") and p.endswith(".html")]
    assert documents and len(result.written.search.written) == len(documents)
    assert len(result.written.docs.written) == sum(p.startswith("docs/") for p in serial)
    again, _ = folders_of(tmp_path / "forked", 2)
    for written in (again.written.docs, again.written.search):
        assert written.written == [] and written.removed == []
    assert again.written.search.unchanged == len(documents) and again.written.made == 0
