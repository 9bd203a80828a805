"""Pagefind at work on the search shards (search.py plans them), beside the rest of the build.

Bundles are built in a scratch folder and moved into the staged site once MkDocs is done, so a
failed or stopped run leaves the site as it was.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable

from .errors import UserError
from .files import atomic_write
from .incremental import Manifest
from .search import MANIFEST, SEARCH_DIR, article_counts, listed_counts, plan, year_of


class SearchIndexError(UserError):
    """Pagefind failed on a shard."""


def documents_digests(entries: dict[str, tuple], shards: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Bundle name -> a digest of the search documents of its years, from the writer's
    manifest entries (path and content hash of each)."""
    bundle_of = {year: name for name, years in shards.items() for year in years}
    digests = {name: hashlib.blake2b(digest_size=16) for name in shards}
    for relative in sorted(entries):
        name = bundle_of.get(year_of(relative) or "")
        if name is not None:
            digests[name].update(relative.encode() + b"\0" + entries[relative][2])
    return {name: digest.hexdigest() for name, digest in digests.items()}


def _load_record(record: Path) -> dict[str, str]:
    try:
        made_from = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return made_from if isinstance(made_from, dict) else {}


def index(documents: Path, site: Path, shard_articles: int, changed_years: Iterable[str] | None = None) -> list[str]:
    """Index the search documents (generator/search_docs.py) into `site`/pagefind/ and wait.

    (Re-)indexes the shards holding `changed_years` (all when None) and any shard without a
    bundle yet; drops bundles no longer planned; writes the manifest. Returns the shards indexed.
    """
    with Indexing(documents, site, shard_articles, changed_years) as indexing:
        return indexing.finish()


class Indexing:
    """Pagefind at work in the background on the shards that need it, so it runs beside the
    rest of the build (it uses one core; an edit's incremental build then waits for the
    longest of the generator's page stage plus MkDocs and Pagefind, not their sum). Bundles
    are built in a scratch folder beside `site` and moved into `site`/pagefind/ by `finish`,
    after MkDocs, whose full build empties `site` first.

    `rebuild_all` says the existing bundles will not survive (a full MkDocs build is coming);
    `require_all` says so later. Leaving the `with` block without `finish` stops Pagefind and
    leaves `site` untouched.
    """

    def __init__(self, documents: Path, site: Path, shard_articles: int,
                 changed_years: Iterable[str] | None = None, rebuild_all: bool = False,
                 scratch: Path | None = None, record: Path | None = None):
        """`scratch` (incremental.Layout.search_scratch) defaults to a folder beside `site`.
        `record` (incremental.Layout.search_record) remembers which documents each bundle in
        `site` was made from, so a bundle is made again whenever its documents differ, even
        when this build did not write them (`build --pages-only` or `make serve` did)."""
        self.documents, self.site, self.record = documents, site, record
        listed = Manifest(documents).entries  # the writer's record of the documents; None: walk them
        self.shards = plan(article_counts(documents) if listed is None else listed_counts(listed), shard_articles)
        self.digests = documents_digests(listed, self.shards) if record is not None and listed is not None else {}
        made_from = _load_record(record) if record is not None and not rebuild_all else {}
        changed = None if changed_years is None or rebuild_all else set(changed_years)
        existing = site / SEARCH_DIR
        self.todo = [name for name, years in self.shards.items()
                     if changed is None or changed.intersection(years)
                     or not (existing / name / "pagefind-entry.json").is_file()
                     or (record is not None and made_from.get(name) != self.digests.get(name))]
        self.scratch = scratch or site.parent / (site.name + ".pagefind-new")
        if self.scratch.exists():
            shutil.rmtree(self.scratch)
        self.dropped: list[str] = []  # bundles `finish` removed, no longer planned
        self.seconds, self.peak_mb, self._error, self._process, self._next = 0.0, 0.0, None, None, 0
        self._stopped, self._lock = threading.Event(), threading.Lock()
        self._thread = self._start()

    def _start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        thread.start()
        return thread

    def require_all(self) -> None:
        """Index every shard after all (MkDocs turned out to need a full build)."""
        with self._lock:
            missing = [name for name in self.shards if name not in self.todo]
            self.todo.extend(missing)
            if missing and self._next is None:  # the worker had run out of shards and ended
                self._next = len(self.todo) - len(missing)
                self._thread = self._start()

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            while not self._error and not self._stopped.is_set():
                with self._lock:
                    if self._next >= len(self.todo):
                        self._next = None  # `require_all` starts a new worker if needed
                        return
                    name = self.todo[self._next]
                    self._next += 1
                self._error = self._pagefind(self.scratch / name, self.shards[name])
        finally:
            self.seconds += time.perf_counter() - start

    def _pagefind(self, bundle: Path, years: tuple[str, ...]) -> str | None:
        pattern = f"{years[0]}/**/*.html" if len(years) == 1 else "{" + ",".join(years) + "}/**/*.html"
        command = [sys.executable, "-m", "pagefind", "--site", str(self.documents), "--silent",
                   "--glob", pattern, "--output-path", str(bundle.resolve())]
        with tempfile.TemporaryFile() as output:
            with self._lock:  # `stop` either sees this process or stops us starting it
                if self._stopped.is_set():
                    return None
                self._process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
            # Reaped here with its resource usage: Pagefind's own peak memory, however short it ran.
            _, status, usage = os.wait4(self._process.pid, 0)
            self._process.returncode = code = os.waitstatus_to_exitcode(status)
            self.peak_mb = max(self.peak_mb, usage.ru_maxrss / 1024)
            if code != 0 and not self._stopped.is_set():
                output.seek(0)
                return f"pagefind failed on {bundle.name} ({code}): {output.read().decode(errors='replace').strip()}"
        return None

    def finish(self) -> list[str]:
        """Wait for Pagefind, then put the new bundles in place, drop the bundles no longer
        planned and write the manifest. Returns the shards indexed."""
        with self._lock:
            thread = self._thread
        thread.join()
        if self._error:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise SearchIndexError(self._error)
        root = self.site / SEARCH_DIR
        root.mkdir(parents=True, exist_ok=True)
        for name in self.todo:
            if (root / name).exists():
                shutil.rmtree(root / name)
            (self.scratch / name).rename(root / name)
        for stale in root.iterdir():
            if stale.is_dir() and stale.name not in self.shards:
                shutil.rmtree(stale)
                self.dropped.append(stale.name)
        shards = list(self.shards)
        newest_first = [n for n in reversed(shards) if n != "undated"] + [n for n in shards if n == "undated"]
        atomic_write(str(root / MANIFEST), (json.dumps(newest_first) + "\n").encode())  # a new file: site/'s is a link
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.record is not None:  # after the bundles are in place: a stop before leaves the old record
            atomic_write(str(self.record), json.dumps(self.digests, sort_keys=True).encode() + b"\n")
        return self.todo

    def stop(self) -> None:
        """Stop Pagefind and discard what it made."""
        with self._lock:
            self._stopped.set()
            if self._process is not None and self._process.returncode is None:
                os.kill(self._process.pid, signal.SIGKILL)  # not reaped yet: the pid is still its own
            thread = self._thread
        thread.join()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> "Indexing":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.stop()
