"""Turn the generated docs folder into the staged site: MkDocs, then the search bundles.

MkDocs builds into a staging folder that persists between builds (so `--dirty` can rebuild
only changed pages, when incremental.SiteState allows it); Pagefind (pagefind.py) indexes the
generator's search documents meanwhile, from the moment they are written, and its bundles
join the staging folder once MkDocs is done. MkDocs runs in a process of its own (its messages go straight
to stderr; its failure comes back as one line), given the build date in its environment (`SOURCE_DATE_EPOCH`), so the same content gives the same
sitemap whatever day it is built. Publishing is publish.py's job, and only after all this
succeeded.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

from .errors import UserError
from .incremental import Layout, SiteState
from .pagefind import Indexing
from .timing import Timer

FAILED = 3  # the MkDocs process's exit status when MkDocs refused the build


class SiteBuildError(UserError):
    """MkDocs failed; the published site was not touched."""


def build_site(mkdocs_yml: Path, layout: Layout, state: SiteState, indexing: Indexing,
               pages_removed: bool, timer: Timer, newest: date | None = None) -> list[str]:
    """Build with MkDocs, then wait for the search index; returns the shards indexed. `newest`
    (the latest article's date) dates the build. A full build is needed when the site state
    changed or a page was removed (its stale HTML would stay behind)."""
    dirty = state.reusable() and not pages_removed
    if not dirty:
        indexing.require_all()
    mode = "changed pages only (--dirty)" if dirty else "full build"
    with timer.stage("mkdocs", f"mkdocs build: {mode}"):
        state.start(dirty)
        _mkdocs(mkdocs_yml, layout.docs, layout.staging, dirty, newest)
    with timer.stage("search", "pagefind: waiting for the shards whose articles changed"):
        indexed = indexing.finish()
        timer.note(f"[search] pagefind took {indexing.seconds:.2f} s (peak memory {indexing.peak_mb:.0f} MB) "
                   f"on {', '.join(indexed) or 'nothing'}, beside the generator and mkdocs")
    state.record()
    return indexed


def _mkdocs(mkdocs_yml: Path, docs_dir: Path, staging: Path, dirty: bool, newest: date | None) -> None:
    env = dict(os.environ)
    if newest is not None:
        env["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(newest, time(), timezone.utc).timestamp()))
    command = [sys.executable, "-m", "generator.site", str(mkdocs_yml), str(docs_dir.resolve()),
               str(staging.resolve()), "dirty" if dirty else "full"]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, errors="replace")
    code, said = done.returncode, done.stdout.strip().splitlines()
    if code == FAILED:
        raise SiteBuildError(f"mkdocs build failed: {said[-1] if said else 'see its messages above'}")
    if code != 0:
        raise SiteBuildError(f"mkdocs stopped with exit status {code} (its messages are above)")


class _DirtyNotice(logging.Filter):
    """Drop MkDocs's blanket warning about --dirty builds so `strict` still catches real ones.

    The warning is about navigation going stale; here the navigation holds only section pages
    that never change, and a page's HTML depends only on its own Markdown, so dirty is exact.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def mkdocs_build(config_file: str, docs_dir: str, site_dir: str, dirty: bool) -> int:
    """MkDocs's build (strict: a warning fails it), in the process `_mkdocs` starts."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    try:
        config = load_config(config_file=config_file, docs_dir=docs_dir, site_dir=site_dir, strict=True)
        build(config, dirty=dirty)
    except (MkDocsException, OSError) as exc:
        print(" ".join(str(exc).split()))  # on stdout, which `_mkdocs` reads: the reason, in one line
        return FAILED
    return 0


if __name__ == "__main__":  # the MkDocs process that `_mkdocs` starts
    sys.exit(mkdocs_build(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "dirty"))
