"""Turn the generated docs folder into the published site: MkDocs and Pagefind, then publish.

MkDocs builds into a staging folder that persists between builds (so `--dirty` can rebuild
only changed pages); Pagefind indexes the generator's search documents meanwhile, from the
moment they are written, and its bundles join the staging folder once MkDocs is done. Only
when both succeeded is the staging folder synced into `site/`. A failed build leaves the
previous site as it was.
"""
from __future__ import annotations

import hashlib
import os
import json
import logging
import shutil
from datetime import date, datetime, time, timezone
from importlib.metadata import version
from pathlib import Path

from . import search
from .search import year_of
from .search_docs import search_docs_dir
from .stages import Stages
from .writer import WriteStats, sync_tree

STATE_FILE = ".build-state.json"


class SiteBuildError(RuntimeError):
    """MkDocs or Pagefind failed; the published site was not touched."""


def start_search(mkdocs_yml: Path, docs_dir: Path, staging: Path, searched: WriteStats,
                 shard_articles: int, search_dir: Path | None = None) -> search.Indexing:
    """Start Pagefind on the shards whose search documents changed, as soon as they are
    written, so it runs beside the rest of the generator and MkDocs. Every shard is indexed
    when the staged site cannot be reused, now or once `build_site` finds it must be rebuilt."""
    changed = {year_of(p) for p in searched.written + searched.removed} - {None}
    reusable = _state_matches(staging, _fingerprint(mkdocs_yml))
    return search.Indexing(search_dir or search_docs_dir(docs_dir), staging, shard_articles, changed,
                           rebuild_all=not reusable)


def build_site(mkdocs_yml: Path, docs_dir: Path, staging: Path, site_dir: Path,
               written: WriteStats, stages: Stages, indexing: search.Indexing,
               newest: date | None = None) -> None:
    """Build with MkDocs, wait for the search index (`start_search`), publish. `newest` (the
    latest article's date) dates the build, so the same content gives byte-identical output
    whatever day it is built on. `indexing` is stopped if anything fails."""
    with indexing:
        fingerprint = _fingerprint(mkdocs_yml)
        if newest is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(newest, time(), timezone.utc).timestamp()))
        dirty = _state_matches(staging, fingerprint) and not written.removed
        if not dirty:
            indexing.require_all()
        mode = "changed pages only (--dirty)" if dirty else "full build"
        with stages.stage("mkdocs", f"mkdocs build: {mode}"):
            _state_path(staging).unlink(missing_ok=True)  # a failed build must not look reusable
            _mkdocs(mkdocs_yml, docs_dir, staging, dirty)
        with stages.stage("search", "pagefind: waiting for the shards whose articles changed"):
            try:
                indexed = indexing.finish()
            except search.SearchIndexError as exc:
                raise SiteBuildError(str(exc)) from exc
            stages.note(f"[search] pagefind took {indexing.seconds:.2f} s (peak memory {indexing.peak_mb:.0f} MB) "
                        f"on {', '.join(indexed) or 'nothing'}, beside the generator and mkdocs")
    _state_path(staging).write_text(json.dumps({"fingerprint": fingerprint}))
    with stages.stage("publish", f"publishing to {site_dir}"):
        stats = sync_tree(staging, site_dir)
        stages.note(f"[publish] {len(stats.written)} files updated, {len(stats.removed)} removed, {stats.unchanged} unchanged")


def _state_path(staging: Path) -> Path:
    return staging.parent / (staging.name + STATE_FILE)


def _fingerprint(mkdocs_yml: Path) -> str:
    """Whatever changes every page's HTML at once: the config, the theme overrides, the versions."""
    import material
    import mkdocs

    digest = hashlib.sha256()
    digest.update(f"{mkdocs.__version__} {material.__version__} {version('pagefind')}".encode())
    digest.update(mkdocs_yml.read_bytes())
    theme = mkdocs_yml.parent / "site-theme"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _state_matches(staging: Path, fingerprint: str) -> bool:
    """Whether the staged site may be rebuilt with `--dirty`, as far as global changes go.

    The navigation holds section pages only, so adding or editing articles never changes it;
    a new config or theme touches every page (and a removed page, which `build_site` checks,
    would leave stale HTML behind).
    """
    try:
        state = json.loads(_state_path(staging).read_text())
    except (FileNotFoundError, ValueError):
        return False
    return state.get("fingerprint") == fingerprint and staging.is_dir()


class _DirtyNotice(logging.Filter):
    """Drop MkDocs's blanket warning about --dirty builds so `strict` still catches real ones.

    The warning is about navigation going stale; here the navigation holds only section pages
    that never change, and a page's HTML depends only on its own Markdown, so dirty is exact.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def _mkdocs(mkdocs_yml: Path, docs_dir: Path, staging: Path, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not dirty and staging.exists():
        shutil.rmtree(staging)
    notice = _DirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        config = load_config(config_file=str(mkdocs_yml), docs_dir=str(docs_dir.resolve()),
                             site_dir=str(staging.resolve()), strict=True)
        build(config, dirty=dirty)
    except MkDocsException as exc:
        raise SiteBuildError(f"mkdocs build failed: {exc}") from exc
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)
