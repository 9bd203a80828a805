"""The build, in order: read -> enrich -> plan pages -> render what is stale -> write -> index
and publish. Nothing reaches back; this module is the only one that runs the stages.

`read_and_enrich` stops after enrichment (`check`); `generate` goes on to write the search
documents and the pages (`serve`); `build` writes the search documents and starts Pagefind as
soon as enrichment knows the topics (mid-enrichment: references and related articles are not
in the search), runs MkDocs and publishes the site, only when everything succeeded. Problems in
the content come back as diagnostics; anything else a user can cause (errors.UserError: the
configuration, an unsafe output folder, MkDocs or Pagefind failing) is raised with a message.
"""
from __future__ import annotations

import gc
import hashlib
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from operator import getitem
from pathlib import Path
from typing import Callable, Iterator

from .config import Config
from .enrich import enrich
from .export import export_archive
from .incremental import Layout, Memo, PageFingerprints, SiteState, StagedRecord
from .model import Archive, Diagnostic
from .pages import site_pages
from .pages.spec import PageSpec
from .pagefind import Indexing
from .parallel import mapper, run_jobs
from .plural import counted
from .publish import Changes, publish_changes, sync_tree
from .readers import TAXONOMY_FILE, discover, read_sources
from .search import year_of
from .search_docs import search_documents
from .shards import Shard
from .site import build_one_shard, build_site, merge_into_staging
from .timing import Timer
from .topics import load_taxonomy
from .topics.collect import lookup_tables
from .topics.tables import install as install_tables
from .writer import TreeWriter, WriteStats, WrittenPart, unwrite

EXPORT_FILE = "archive.json"
TOPIC_TABLES = hashlib.sha256(b"generator.topics.tables").digest()  # their key in the memo


@dataclass
class Checked:
    """What reading and enriching found: the archive, or the errors that stopped it."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    archive: Archive | None = None
    originals: dict[str, bytes] = field(default_factory=dict)  # archived bytes by article id
    sources: dict[str, bytes] = field(default_factory=dict)  # source files' fingerprint by article id

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class Written:
    """What the writer did with the generated files."""

    docs: WriteStats  # the Markdown pages, originals and archive.json
    search: WriteStats  # the search documents
    made: int  # fingerprinted pages rendered because their inputs changed
    kept: int  # fingerprinted pages kept as written, their inputs unchanged


@dataclass(frozen=True)
class Published:
    indexed: list[str]  # search shards Pagefind indexed
    site: WriteStats  # what publishing changed in site/


@dataclass
class Result:
    checked: Checked
    written: Written | None = None  # None: stopped at the errors in `checked`
    published: Published | None = None  # None: pages only, or stopped

    @property
    def failed(self) -> bool:
        return self.checked.failed

    @property
    def archive(self) -> Archive | None:
        return self.checked.archive


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while the model is built and the pages made.

    The model is a few million small acyclic objects that live for the whole build; each
    collection pass walks them all again, a fifth of an incremental build's time when this was
    measured (most while loading remembered results). Reference counting still frees
    everything else; the collector is back on, as it was, afterwards. Back on while the model
    is still alive, its first full pass walks it all again: a command that ends
    with the build keeps it paused until then (cli.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_and_enrich(content_dir: Path, config: Config, timer: Timer, memo: Memo | None = None) -> Checked:
    """Read and enrich everything, collecting every problem; write nothing but the memo."""
    with without_cycle_collector():
        return _read_and_enrich(content_dir, config, timer, memo)


def _read_and_enrich(content_dir: Path, config: Config, timer: Timer, memo: Memo | None,
                     topics_found: Callable[[Archive, Checked], None] | None = None) -> Checked:
    checked = Checked()
    if not content_dir.is_dir():
        checked.diagnostics.append(Diagnostic("error", str(content_dir), 0, "content folder not found"))
        return checked
    with timer.stage("discover", f"looking for articles in {content_dir}"):
        sources, found = discover(content_dir)
    if memo is not None:  # before the pool's workers are forked, so that they start with them
        install_tables(memo.combined(TOPIC_TABLES, lookup_tables))
    with mapper(config.workers, len(sources)) as map_fn:
        if memo is not None:
            map_fn = memo.wrap(map_fn)
        with timer.stage("read", f"reading {counted(len(sources), 'file')}"):
            articles, problems = read_sources(sources, found, map_fn)
            taxonomy, taxonomy_problems = load_taxonomy(content_dir / TAXONOMY_FILE, TAXONOMY_FILE)
            checked.diagnostics += problems + taxonomy_problems
        by_path = {source.path: source for source in sources}
        for article in articles:
            checked.originals[article.id] = by_path[article.path].data
            checked.sources[article.id] = by_path[article.path].fingerprint()
        if not checked.failed:
            early = partial(topics_found, checked=checked) if topics_found is not None else None
            checked.archive, problems = enrich(articles, taxonomy, config, timer, map_fn, early)
            checked.diagnostics += problems
    if memo is not None:
        timer.note(f"[memo] {counted(memo.hits, 'result')} reused, {memo.misses} computed")
        memo.save()
        memo.release()
    checked.diagnostics = [_under(content_dir, d) for d in checked.diagnostics]
    if checked.failed:
        checked.archive = None
    return checked


def generate(content_dir: Path, layout: Layout, config: Config, timer: Timer, memo: Memo | None = None) -> Result:
    """Read, enrich, and write the search documents and the pages (no MkDocs, no search)."""
    with without_cycle_collector():
        checked = _read_and_enrich(content_dir, config, timer, memo if memo is not None else Memo(layout.memo))
        if checked.failed or checked.archive is None:
            return Result(checked)
        search, search_counts = _write_search_documents(checked.archive, checked.sources, layout, config, timer)
        return Result(checked, _write_pages(checked, layout, config, timer, search, search_counts))


def build(content_dir: Path, layout: Layout, mkdocs_yml: Path, settings: bytes, config: Config,
          timer: Timer, jobs: int = 1) -> Result:
    """The whole build: `generate`, with Pagefind started once the search documents are
    written (`_EarlySearch`: it indexes beside the rest of enrichment, page rendering and
    MkDocs), then MkDocs in `jobs` processes
    (shards.py) and publishing. `settings` is mkdocs.yml's bytes (config.read_mkdocs)."""
    state = SiteState(layout, mkdocs_yml, settings)
    with without_cycle_collector():
        with _EarlySearch(layout, config, timer, state) as search:
            checked = _read_and_enrich(content_dir, config, timer, Memo(layout.memo), search.start)
            if checked.failed or checked.archive is None:
                search.abandon()
                return Result(checked)
            if search.indexing is None:  # not started during enrichment (which skips it after an error)
                search.start(checked.archive, checked)
            written = _write_pages(checked, layout, config, timer, search.written, search.counts)
            staged = build_site(mkdocs_yml, layout, state, search.indexing, bool(written.docs.removed), timer,
                                _newest(checked.archive), jobs)
        return Result(checked, written, Published(staged.indexed, _publish(layout, timer, staged.changes)))


class _EarlySearch:
    """The search documents and Pagefind, started once enrichment knows the published articles
    and their topics (all a search document shows), so the index is built beside the rest of
    enrichment, the pages and MkDocs. If the build then stops (at an error in the content, or
    by an exception), Pagefind is stopped and the documents it was to index are removed, so
    the next build writes them again and knows to index their years."""

    def __init__(self, layout: Layout, config: Config, timer: Timer, state: SiteState):
        self.layout, self.config, self.timer, self.state = layout, config, timer, state
        self.indexing: Indexing | None = None
        self.written, self.counts = WriteStats(), (0, 0)

    def start(self, archive: Archive, checked: Checked) -> None:
        self.written, self.counts = _write_search_documents(archive, checked.sources, self.layout, self.config, self.timer)
        changed = {year_of(p) for p in self.written.written + self.written.removed} - {None}
        self.indexing = Indexing(self.layout.search, self.layout.staging, self.config.search_shard_articles, changed,
                                 rebuild_all=not self.state.reusable(), scratch=self.layout.search_scratch,
                                 record=self.layout.search_record, work=self.layout.search_work)

    def abandon(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
        unwrite(self.layout.search, self.written.written)

    def __enter__(self) -> "_EarlySearch":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abandon()


def build_shard(content_dir: Path, layout: Layout, mkdocs_yml: Path, config: Config, timer: Timer,
                shard: Shard) -> Result:
    """One shard of a build spread over machines (`build --shard I/K`, one CI runner each):
    `generate` (every shard needs the whole model), then MkDocs on this shard's pages only,
    into layout.shards/I-of-K/; shard 1 also builds the search bundles there. `merge_shards`
    puts the shards together."""
    with without_cycle_collector():
        checked = _read_and_enrich(content_dir, config, timer, Memo(layout.memo))
        if checked.failed or checked.archive is None:
            return Result(checked)
        search, search_counts = _write_search_documents(checked.archive, checked.sources, layout, config, timer)
        indexing = (Indexing(layout.search, layout.shards / shard.name, config.search_shard_articles,
                             rebuild_all=True, scratch=layout.search_scratch, work=layout.search_work) if shard.index == 1 else None)
        with indexing or nullcontext():
            written = _write_pages(checked, layout, config, timer, search, search_counts)
            build_one_shard(mkdocs_yml, layout, indexing, shard, timer, _newest(checked.archive))
    return Result(checked, written)


def merge_shards(folders: list[Path], layout: Layout, timer: Timer) -> Published:
    """Assemble the shards that `build_shard` made (on other machines) and publish them."""
    with timer.stage("merge", f"merging {counted(len(folders), 'shard')} into {layout.staging}"):
        merged = merge_into_staging(folders, layout)
        timer.note(f"[merge] {counted(len(merged.written), 'file')}, {len(merged.removed)} removed, {merged.unchanged} unchanged")
    return Published([], _publish(layout, timer))


def _publish(layout: Layout, timer: Timer, changes: Changes | None = None) -> WriteStats:
    """Copy what changed into the site: only the files in `changes` (known when the site was
    the copy of the staged site as the last build left it), else every file compared."""
    record = StagedRecord(layout)
    with timer.stage("publish", f"publishing to {layout.site}"):
        whole = changes is None
        merged = record.merged()
        record.forget()
        published = sync_tree(layout.staging, layout.site) if whole else publish_changes(layout.staging, layout.site, changes)
        record.record(merged, published=True)
        timer.note(f"[publish] {counted(len(published.written), 'file')} updated, {len(published.removed)} removed, "
                   f"{published.unchanged} unchanged" + (" (compared whole)" if whole else ""))
    return published


def _write_search_documents(archive: Archive, sources: dict[str, bytes], layout: Layout, config: Config,
                            timer: Timer) -> tuple[WriteStats, tuple[int, int]]:
    """First, so that the search index can be built while the pages are rendered. Rendered
    and written in runs of articles side by side, as the pages are: nothing else runs yet,
    and in one process a core sat idle for all of it."""
    with timer.stage("pages", f"rendering the search documents and writing them to {layout.search}"):
        writer = TreeWriter(layout.search)
        fingerprints = PageFingerprints({}, config, sources)  # each run vouches for its files
        specs = search_documents(archive)
        cuts = [len(specs) * i // SEARCH_PARTS for i in range(SEARCH_PARTS + 1)]
        jobs = [_RenderAndWrite(partial(getitem, specs, slice(a, b)), fingerprints, writer) for a, b in zip(cuts, cuts[1:])]
        parts = run_jobs(jobs, config.workers, len(archive.articles))
    with timer.stage("write", f"removing the search documents no longer made from {layout.search}"):
        searched = writer.finish([part for part, _, _ in parts])
        timer.note(f"[write] search documents: {searched.summary()}")
    return searched, (sum(counts[0] for _, counts, _ in parts), sum(counts[1] for _, counts, _ in parts))


SEARCH_PARTS = 8  # runs of articles (`run_jobs`: one per process first, the rest to whichever is free)


def _write_pages(checked: Checked, layout: Layout, config: Config, timer: Timer, search: WriteStats,
                 search_counts: tuple[int, int]) -> Written:
    archive = checked.archive
    with timer.stage("pages", f"rendering pages and writing them to {layout.docs}"):
        writer = TreeWriter(layout.docs)
        fingerprints = PageFingerprints({}, config, checked.sources)  # each part vouches for its files
        planners = site_pages(archive, config, checked.originals)
        planners[1] = partial(_with_export, planners[1], archive)  # beside the topic pages
        jobs = [_RenderAndWrite(planner, fingerprints, writer) for planner in planners]
        parts = run_jobs(jobs, config.workers, len(archive.articles))
        made = search_counts[0] + sum(counts[0] for _, counts, _ in parts)
        kept = search_counts[1] + sum(counts[1] for _, counts, _ in parts)
        timer.note(f"[pages] {made} article, topic and search pages made, {kept} kept "
                   "(inputs unchanged); listings made every build")
        timer.note(f"[pages] topic pages took {parts[0][2]:.2f} s, newer articles and listings {parts[1][2]:.2f} s, "
                   f"topic feeds {parts[2][2]:.2f} s, older articles {parts[3][2]:.2f} s")
    with timer.stage("write", f"removing what is no longer made from {layout.docs}"):
        docs = writer.finish([part for part, _, _ in parts])
        timer.note(f"[write] {docs.summary()}")
    return Written(docs, search, made, kept)


@dataclass(frozen=True)
class _RenderAndWrite:
    """One part of the site (pages.site_pages): planned, rendered and written where it runs (a
    forked process: the pages' content never travels back), returning what was written with
    the (made, kept) counts of its fingerprinted pages and the seconds it took."""

    planner: Callable[[], list[PageSpec]]
    fingerprints: PageFingerprints
    writer: TreeWriter

    def __call__(self) -> tuple[WrittenPart, tuple[int, int], float]:
        start = time.perf_counter()
        made, kept = self.fingerprints.made, self.fingerprints.kept  # the parts may share it (serial)
        specs = self.planner()
        self.fingerprints.vouch(self.writer.known, specs)
        part = self.writer.write(_render(specs, self.fingerprints))
        return part, (self.fingerprints.made - made, self.fingerprints.kept - kept), time.perf_counter() - start


def _with_export(planner: Callable[[], list[PageSpec]], archive: Archive) -> list[PageSpec]:
    return planner() + [PageSpec.one(EXPORT_FILE, export_archive, archive, cached=False)]


def _render(specs: list[PageSpec], fingerprints: PageFingerprints) -> dict:
    files = {}
    for spec in specs:
        files.update(fingerprints.files(spec))
    return files


def _newest(archive: Archive) -> date | None:
    return max((a.date for a in archive.articles if a.date), default=None)


def _under(content_dir: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Name files as the contributor sees them in the repository: content/x.txt, not x.txt."""
    if diagnostic.path == str(content_dir):
        return diagnostic
    return replace(diagnostic, path=(content_dir / diagnostic.path).as_posix())
