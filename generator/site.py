"""Turn the generated docs folder into the staged site: MkDocs, then the search bundles.

MkDocs renders the pages in `jobs` processes at once, each a shard of the same build
(shards.py), into folders that persist between builds (so `--dirty` can rebuild only changed
pages, when incremental.SiteState allows it); the shards are merged into the staging folder.
Pagefind (pagefind.py) indexes the generator's search documents meanwhile, from the moment
they are written, and its bundles join the staging folder once MkDocs is done. Every MkDocs
process's messages go straight to stderr, its failure comes back as one line; they are given
the build date in their environment (`SOURCE_DATE_EPOCH`), so the same content gives the same
sitemap whatever day it is built. Publishing is publish.py's job, and only after all this
succeeded.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

from .errors import UserError
from .incremental import Layout, SiteState, StagedRecord
from .pagefind import Indexing
from .plural import counted
from .publish import Changes
from .search import MANIFEST as SEARCH_MANIFEST, SEARCH_DIR
from .shards import Shard, ShardError, ShardRun, merge, own, render_all, render_shards
from .timing import Timer


class SiteBuildError(UserError):
    """MkDocs failed; the published site was not touched."""


@dataclass(frozen=True)
class Staged:
    """The staged site: the search bundles indexed, and what changed in it since the last
    build (None: unknown, publish compares it whole with the site)."""

    indexed: list[str]
    changes: Changes | None


def build_site(mkdocs_yml: Path, layout: Layout, state: SiteState, indexing: Indexing,
               pages_removed: bool, timer: Timer, newest: date | None = None, jobs: int = 1) -> Staged:
    """Build with MkDocs in `jobs` processes, then wait for the search index. `newest` (the
    latest article's date) dates the build. A full build is needed when the site state
    changed or a page was removed (its stale HTML would stay behind)."""
    dirty = state.reusable() and not pages_removed
    if not dirty:
        indexing.require_all()
    record = StagedRecord(layout)
    previous, published = (record.merged(), record.published()) if dirty else (None, False)
    record.forget()
    mode = "changed pages only (--dirty)" if dirty else "full build"
    with timer.stage("mkdocs", f"mkdocs build: {mode}, {jobs} process{'es' if jobs > 1 else ''}"):
        state.start(dirty)
        for run in _mkdocs(mkdocs_yml, layout, dirty, newest, jobs):
            _report(run, timer)
    with timer.stage("merge", f"merging {counted(jobs, 'shard')} into {layout.staging}"):
        try:
            merged = merge([layout.shards / Shard(i, jobs).name for i in range(1, jobs + 1)], layout.staging,
                           previous=previous)
        except ShardError as exc:
            raise SiteBuildError(str(exc)) from exc
        timer.note(f"[merge] {counted(len(merged.stats.written), 'file')} changed, {len(merged.stats.removed)} removed, "
                   f"{merged.stats.unchanged} unchanged" + (" (compared whole)" if merged.changes is None else ""))
    with timer.stage("search", "pagefind: waiting for the bundles whose articles changed"):
        indexed = indexing.finish()
        timer.note(f"[search] pagefind took {indexing.seconds:.2f} s (peak memory {indexing.peak_mb:.0f} MB) "
                   f"on {', '.join(indexed) or 'nothing'}, beside the generator and mkdocs")
    state.record()
    record.record(merged.files, published=False)
    changes = None
    if merged.changes is not None and published:
        bundles = tuple(f"{SEARCH_DIR}/{name}" for name in sorted(set(indexed) | set(indexing.dropped)))
        changes = Changes(merged.changes.files + (f"{SEARCH_DIR}/{SEARCH_MANIFEST}",), merged.changes.removed, bundles)
    return Staged(indexed, changes)


def build_one_shard(mkdocs_yml: Path, layout: Layout, indexing: Indexing | None, shard: Shard, timer: Timer,
                    newest: date | None) -> list[str]:
    """MkDocs on one shard's pages into layout.shards/I-of-K/ (`build --shard`, a CI runner
    each), with the search bundles there too when `indexing` is given (shard 1)."""
    folder = layout.shards / shard.name
    with timer.stage("mkdocs", f"mkdocs build: shard {shard}"):
        try:
            run, = render_shards(mkdocs_yml, layout.docs, layout.shards, [shard], incremental=False,
                                 env={**os.environ, **build_date(newest)})
        except ShardError as exc:
            raise SiteBuildError(str(exc)) from exc
        _report(run, timer)
    if indexing is None:
        return []
    with timer.stage("search", "pagefind: waiting for every bundle"):
        indexed = indexing.finish()
        own(folder, SEARCH_DIR)
    return indexed


def merge_into_staging(folders: list[Path], layout: Layout):
    """The shards that `build_one_shard` made, each on its own machine, as one staged site
    (shard 1 brings the search bundles)."""
    try:
        return merge(folders, layout.staging, keep=()).stats
    except ShardError as exc:
        raise SiteBuildError(str(exc)) from exc


# MkDocs writes the build date into sitemap.xml.gz's header, an unsigned 32-bit count of seconds.
EPOCH_RANGE = (0, 2**32 - 1)


def build_date(newest: date | None) -> dict[str, str]:
    """The environment that dates MkDocs's output by the newest article, not the build day.
    Held within the range gzip can record: an archive of 1969 is dated 1 January 1970 (and
    one whose newest article claims 2107, 7 February 2106) rather than failing to build."""
    if newest is None:
        return {}
    seconds = int(datetime.combine(newest, time(), timezone.utc).timestamp())
    return {"SOURCE_DATE_EPOCH": str(min(max(seconds, EPOCH_RANGE[0]), EPOCH_RANGE[1]))}


def _mkdocs(mkdocs_yml: Path, layout: Layout, dirty: bool, newest: date | None, jobs: int) -> list[ShardRun]:
    try:
        return render_all(mkdocs_yml, layout.docs, layout.shards, jobs, incremental=dirty,
                          env={**os.environ, **build_date(newest)})
    except ShardError as exc:
        raise SiteBuildError(str(exc)) from exc


def _report(run: ShardRun, timer: Timer) -> None:
    timer.note(f"[mkdocs] shard {run.shard}: {counted(run.pages, 'page')} in {run.seconds:.2f} s = "
               f"{run.pages_per_second:.1f} pages/s, peak memory {run.peak_mb:.0f} MB")
