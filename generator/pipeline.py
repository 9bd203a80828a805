"""The generator's pipeline: read -> enrich -> pages -> write, in that order, nothing reaching back.

`check` stops after reading and enriching; `generate` goes on to write the docs folder. Neither
touches the published site: that is `site.py`'s job, and only after everything here succeeded.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from .config import Config
from .enrich import enrich
from .export import export_archive
from .memo import Memo
from .model import Archive, Diagnostic
from .pages import site_jobs
from .search_docs import render_search_docs, search_docs_dir
from .parallel import mapper, run_jobs
from .readers import TAXONOMY_FILE, discover, read_sources
from .stages import Stages
from .topics import load_taxonomy
from .pages.reuse import Reuse
from .writer import Made, WriteStats, reusable, write_tree

EXPORT_FILE = "archive.json"


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    archive: Archive | None = None
    written: WriteStats | None = None
    searched: WriteStats | None = None  # the search documents (search_docs.py)
    originals: dict[str, bytes] = field(default_factory=dict)  # archived bytes by content path
    sources: dict[str, bytes] = field(default_factory=dict)  # source files' fingerprints by content path
    remade: int = 0  # pages that could have been kept (reuse.py) but whose inputs changed
    reused: int = 0  # pages kept as written, their inputs unchanged

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while the model is built.

    The model is a few million small acyclic objects that live for the whole build; each
    collection pass walks them all again, which cost 7 of 35 seconds of an incremental build
    at 10,000 articles (most while loading remembered results). Reference counting still frees
    everything else; the collector is back on, as it was, afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(content_dir: Path, config: Config, stages: Stages, memo: Memo | None = None) -> Outcome:
    """Read and enrich everything, collecting every problem; write nothing but the memo."""
    with _without_cycle_collector():
        return _check(content_dir, config, stages, memo)


def _check(content_dir: Path, config: Config, stages: Stages, memo: Memo | None) -> Outcome:
    outcome = Outcome()
    if not content_dir.is_dir():
        outcome.diagnostics.append(Diagnostic("error", str(content_dir), 0, "content folder not found"))
        return outcome
    with stages.stage("discover", f"looking for articles in {content_dir}"):
        sources, found = discover(content_dir)
        outcome.originals = {source.path: source.data for source in sources}
        outcome.sources = {source.path: source.fingerprint() for source in sources}
    with mapper(config.workers, len(sources)) as map_fn:
        if memo is not None:
            map_fn = memo.wrap(map_fn)
        with stages.stage("read", f"reading {len(sources)} files"):
            articles, problems = read_sources(sources, found, map_fn)
            taxonomy, taxonomy_problems = load_taxonomy(content_dir / TAXONOMY_FILE, TAXONOMY_FILE)
            outcome.diagnostics += problems + taxonomy_problems
        if not outcome.failed:
            outcome.archive, problems = enrich(articles, taxonomy, config, stages, map_fn)
            outcome.diagnostics += problems
    if memo is not None:
        stages.note(f"[memo] {memo.hits} results reused, {memo.misses} computed")
        memo.save()
        memo.release()
    outcome.diagnostics = [_under(content_dir, d) for d in outcome.diagnostics]
    if outcome.failed:
        outcome.archive = None
    return outcome


def generate(content_dir: Path, docs_dir: Path, config: Config, stages: Stages,
             memo: Memo | None = None, search_dir: Path | None = None,
             on_search_documents: Callable[[WriteStats], None] | None = None) -> Outcome:
    """Check, then write the search documents (`search_dir`, beside the docs folder by default)
    and render every page into the docs folder, only the files that changed.

    The search documents come first and `on_search_documents` hears of them at once, so the
    search index can be built while the pages are rendered."""
    with _without_cycle_collector():
        return _generate(content_dir, docs_dir, config, stages, memo, search_dir, on_search_documents)


def _generate(content_dir: Path, docs_dir: Path, config: Config, stages: Stages, memo: Memo | None,
              search_dir: Path | None, on_search_documents) -> Outcome:
    outcome = _check(content_dir, config, stages, memo)
    if outcome.failed or outcome.archive is None:
        return outcome
    archive = outcome.archive
    search_dir = search_dir or search_docs_dir(docs_dir)
    sources = {a.id: outcome.sources[a.path] for a in archive.articles}
    with stages.stage("pages", "rendering the search documents"):
        documents = render_search_docs(archive, Reuse(reusable(search_dir), config, sources))
    with stages.stage("write", f"writing {len(documents)} search documents to {search_dir}"):
        outcome.searched = write_tree(search_dir, documents)
        stages.note(f"[write] search documents: {outcome.searched.summary()}")
    kept, made = _reuse_counts(documents.values())
    del documents  # written: not to be held (and inherited by the page renderers) any longer
    if on_search_documents is not None:
        on_search_documents(outcome.searched)
    with stages.stage("pages", "rendering pages"):
        originals = {a.id: outcome.originals[a.path] for a in archive.articles}
        jobs = site_jobs(archive, config, originals, Reuse(reusable(docs_dir), config, sources))
        parts = run_jobs(jobs, config.workers, len(archive.articles))
        pages = {path: page for part in parts for path, page in part.items()}
        pages[EXPORT_FILE] = export_archive(archive)
        kept_pages, made_pages = _reuse_counts(pages.values())
        outcome.reused, outcome.remade = kept + kept_pages, made + made_pages
        stages.note(f"[pages] {outcome.remade} article, topic and search pages made, {outcome.reused} kept "
                    "(inputs unchanged); listings made every build")
    with stages.stage("write", f"writing {len(pages)} files to {docs_dir}"):
        outcome.written = write_tree(docs_dir, pages)
        stages.note(f"[write] {outcome.written.summary()}")
    return outcome


def _reuse_counts(pages) -> tuple[int, int]:
    """(kept, made) among the pages that could have been kept (pages/reuse.py)."""
    reusable_pages = [page for page in pages if isinstance(page, Made)]
    kept = sum(1 for page in reusable_pages if page.content is None)
    return kept, len(reusable_pages) - kept


def _under(content_dir: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Name files as the contributor sees them in the repository: content/x.txt, not x.txt."""
    if diagnostic.path == str(content_dir):
        return diagnostic
    return replace(diagnostic, path=(content_dir / diagnostic.path).as_posix())
