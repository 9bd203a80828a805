"""Pagefind at work on the search shards (search.py plans them), beside the rest of the build.

Pagefind writes each bundle into a work folder of its own that outlives the build, and the
staged site's bundle is brought in line with it once MkDocs is done, so a failed or stopped
run leaves the site as it was.
"""
from __future__ import annotations

import gzip
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
from importlib import metadata
from pathlib import Path
from typing import Iterable

import cbor2

from .errors import UserError
from .files import atomic_write, link_file, walk_files
from .incremental import Manifest
from .search import MANIFEST, SEARCH_DIR, article_counts, listed_counts, plan, year_of
from .writer import remove_others

# Pagefind names these files after a hash of their bytes: the same name holds the same bytes.
_CONTENT_NAMED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")
_META_SIGNATURE = b"pagefind_dcd"
_INCOMPLETE = ".incomplete"  # in a work folder while Pagefind writes it


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
    longest of the generator's page stage plus MkDocs and Pagefind, not their sum).

    Pagefind writes each bundle into its work folder (`work`/name), kept from build to build:
    there it skips the content-named files it finds and rewrites the rest in place, whereas
    thousands of new files in a fresh folder cost the file system several times the indexing
    itself, beside a build that is creating and deleting files too. Files the new bundle's
    meta does not name are stale and removed. `finish`,
    after MkDocs (whose full build empties `site`), then makes `site`/pagefind/name hold the
    same files, replacing only those that differ, each by a rename: `site`'s files may be the
    published site's too (publish.py), so none is ever rewritten in place. A bundle that
    `site` will not have (a full build) is copied whole into `scratch` meanwhile and moved in.

    `rebuild_all` says the existing bundles will not survive (a full MkDocs build is coming);
    `require_all` says so later. Leaving the `with` block without `finish` stops Pagefind and
    leaves `site` untouched.
    """

    def __init__(self, documents: Path, site: Path, shard_articles: int,
                 changed_years: Iterable[str] | None = None, rebuild_all: bool = False,
                 scratch: Path | None = None, record: Path | None = None, work: Path | None = None):
        """`scratch` and `work` (incremental.Layout.search_scratch, .search_work) default to
        folders beside `site`.
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
        self.work = work or site.parent / (site.name + ".pagefind-work")
        if self.scratch.exists():
            shutil.rmtree(self.scratch)
        self.whole = rebuild_all  # `site` will have no bundles left: copy each whole into `scratch`
        self.written: dict[str, list[str]] = {}  # bundle -> the files Pagefind wrote in its work folder
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
            self.whole = True
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
                self._error = self._index(name)
        finally:
            self.seconds += time.perf_counter() - start

    def _index(self, name: str) -> str | None:
        """Run Pagefind on one shard in its work folder; keep the files of the new bundle,
        drop the rest."""
        bundle = self.work / name
        if (bundle / _INCOMPLETE).exists():  # a run stopped half-way: some files may be cut short
            shutil.rmtree(bundle)
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / _INCOMPLETE).touch()  # Pagefind would take a cut-short file for a made one
        before = _top_files(bundle)
        error = self._pagefind(bundle, self.shards[name])
        if not error and not self._stopped.is_set():
            try:
                self.written[name] = written = _bundle_files(bundle, before)
            except (OSError, ValueError, LookupError, TypeError, cbor2.CBORDecodeError) as problem:
                error = f"pagefind {metadata.version('pagefind')} wrote a bundle for {name} that cannot be read: {problem!r}"
        if error or self._stopped.is_set():
            shutil.rmtree(bundle, ignore_errors=True)  # half written: the next run starts afresh
            return error
        remove_others(str(bundle), set(written))  # the stale files and the mark
        with self._lock:
            whole = self.whole or not (self.site / SEARCH_DIR / name / "pagefind-entry.json").is_file()
        if whole:
            _update(bundle, written, self.scratch / name)
        return None

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
        made_from = _load_record(self.record) if self.record is not None else {}
        if set(made_from) & set(self.todo):  # stopped while bundles change, the next build redoes them
            kept = {name: digest for name, digest in made_from.items() if name not in self.todo}
            atomic_write(str(self.record), json.dumps(kept, sort_keys=True).encode() + b"\n")
        for name in self.todo:
            if (self.scratch / name).is_dir():
                if (root / name).exists():
                    shutil.rmtree(root / name)
                (self.scratch / name).rename(root / name)
            else:
                _update(self.work / name, self.written[name], root / name)
        for stale in root.iterdir():
            if stale.is_dir() and stale.name not in self.shards:
                shutil.rmtree(stale)
                self.dropped.append(stale.name)
        for stale in self.work.iterdir() if self.work.is_dir() else ():
            if stale.name not in self.shards:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
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


def _top_files(folder: Path) -> dict[str, tuple[int, int]]:
    """File name -> (inode, change time) of the files directly in `folder`."""
    if not folder.is_dir():
        return {}
    with os.scandir(folder) as entries:
        return {entry.name: (info.st_ino, info.st_ctime_ns) for entry in entries
                if entry.is_file(follow_symlinks=False) and (info := entry.stat(follow_symlinks=False))}


def _bundle_files(folder: Path, before: dict[str, tuple[int, int]]) -> list[str]:
    """The files of the bundle Pagefind just wrote into `folder`, which also holds what earlier
    runs wrote. Pagefind names most files after a hash of their bytes and does not write one
    that is there already, so times cannot tell which are current: the bundle's own index
    (pagefind-entry.json, then each language's meta file) names them. The rest, its scripts,
    styles and the entry, it writes every time: those whose change time moved."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    files = {name for name, stat in _top_files(folder).items()
             if not name.endswith(".pf_meta") and before.get(name) != stat}
    for language in entry["languages"].values():
        meta = f"pagefind.{language['hash']}.pf_meta"
        pages, chunks, filters = _read_meta(folder / meta)
        files.add(meta)
        files.update(f"fragment/{page[0]}.pf_fragment" for page in pages)
        files.update(f"index/{chunk[2]}.pf_index" for chunk in chunks)
        files.update(f"filter/{item[1]}.pf_filter" for item in filters)
    missing = sorted(relative for relative in files if not (folder / relative).is_file())
    if missing:
        raise LookupError(f"{len(missing)} files it names are missing, {missing[0]} first")
    return sorted(files)


def _read_meta(path: Path) -> tuple[list, list, list]:
    """A Pagefind meta file: gzip of a signature and CBOR [version, pages [hash, words],
    index chunks [from, to, hash], filters [name, hash], ...] (pagefind's MetaIndex)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_META_SIGNATURE):
        raise ValueError(f"{path.name} does not start with {_META_SIGNATURE!r}")
    meta = cbor2.loads(data[len(_META_SIGNATURE):])
    return meta[1], meta[2], meta[3]


def _update(source: Path, files: list[str], target: Path) -> None:
    """Make `target` (made if missing) hold exactly `files` of `source`, writing only those
    whose bytes differ. The work folder's times say nothing of the staged copy's: a
    content-named file of the same name and size is the same file, any other is compared
    byte for byte.

    A content-named file is put there as a hard link to the work folder's (a copy where the
    file system cannot link): Pagefind never writes such a file again once it is there (it
    skips it; tested), and a run that stops half-way has its work folder thrown away, so the
    file keeps its bytes for as long as the site shares it. A whole bundle is some 10,000 of
    them, each a new file and a write otherwise. The rest (the entry, scripts, styles) Pagefind
    rewrites in place at every run: those are copied."""
    present = dict(walk_files(str(target))) if target.is_dir() else {}
    folders: set[str] = set()
    for relative in files:
        entry = present.get(relative)
        if relative.endswith(_CONTENT_NAMED) and entry is None \
                and link_file(str(source / relative), str(target / relative), folders, absent=True):
            continue
        with open(source / relative, "rb") as stream:
            if entry is not None and _same(stream, relative, entry):
                continue
            stream.seek(0)
            atomic_write(str(target / relative), stream.read(), folders)
    remove_others(str(target), set(files), listed=set(present))


def _same(stream, relative: str, entry: os.DirEntry) -> bool:
    info = entry.stat(follow_symlinks=False)
    if info.st_size != os.fstat(stream.fileno()).st_size:
        return False
    if relative.endswith(_CONTENT_NAMED):
        return True
    with open(entry.path, "rb") as current:
        return current.read() == stream.read()
