"""The only code that writes the generated pages: only what changed, a changed file replaced
whole (a new one is made in place: the folder is the build's own, and a file a stopped build
cut short is not in the manifest, so the next build compares it and writes it again).

Unchanged files keep their bytes and their modification time, which is what lets MkDocs's
`--dirty` mode rebuild just the changed pages. Every destination is checked to lie inside the
output folder, whatever a page path (built from untrusted ids and titles) says. Plain `os`
calls rather than pathlib: this runs over tens of thousands of files on every build. What was
written is recorded in the manifest (incremental.py); publishing the finished site is
publish.py's job.
"""
from __future__ import annotations

import hashlib
import os
import stat as stat_module
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UserError
from .files import atomic_write, lstat, walk_files, write_new
from .incremental import Kept, Made, Manifest, StaleFile
from .plural import counted

__all__ = ["UnsafePath", "StaleFile", "WriteStats", "TreeWriter", "WrittenPart", "write_tree", "check_relative", "safe_destination",
           "remove_others"]


class UnsafePath(UserError):
    """A page path that would land outside the output folder."""


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{counted(len(self.written), 'page')} written, {self.unchanged} unchanged, {len(self.removed)} removed"


def check_relative(relative: str) -> None:
    """Refuse absolute paths, '..', backslashes, NUL and empty segments: lexical, no disk access."""
    parts = relative.split("/")
    if (not relative or relative.startswith("/") or "\\" in relative or "\0" in relative
            or any(p in ("", ".", "..") for p in parts)):
        raise UnsafePath(f"refusing to write '{relative}': not a plain relative path")


_UNKNOWN = object()


class _Guard:
    """Checks that no folder on the way to a destination is a symbolic link (which could lead
    out of the output folder); each folder is checked once, however many files it holds."""

    def __init__(self, root: str):
        self.root, self.safe = root, {""}

    def destination(self, relative: str, current: os.stat_result | None | object = _UNKNOWN) -> str:
        """The path to write `relative` at; `current` is its lstat when the caller has it."""
        self.folder_is_safe(relative)
        path = os.path.join(self.root, relative)
        if current is _UNKNOWN:
            current = lstat(path)
        if current is not None and stat_module.S_ISLNK(current.st_mode):
            raise UnsafePath(f"refusing to write '{relative}': it is a symbolic link")
        return path

    def folder_is_safe(self, relative: str) -> None:
        check_relative(relative)
        folder = relative.rpartition("/")[0]
        if folder not in self.safe:
            self.folder_is_safe(folder) if "/" in folder else None
            if os.path.islink(os.path.join(self.root, folder)):
                raise UnsafePath(f"refusing to write '{relative}': '{folder}' is a symbolic link")
            self.safe.add(folder)


def safe_destination(root: Path, relative: str) -> Path:
    return Path(_Guard(str(root)).destination(relative))


def write_tree(root: Path, files: dict[str, "str | bytes | Made | Kept"]) -> WriteStats:
    """Make `root` hold exactly `files`: write the changed ones, remove the ones no longer made
    (`TreeWriter` in one part)."""
    writer = TreeWriter(root)
    return writer.finish([writer.write(files)])


@dataclass(frozen=True)
class WrittenPart:
    """What `TreeWriter.write` did with one part of the files: their manifest entries and stats."""

    entries: dict[str, tuple]
    stats: WriteStats


class TreeWriter:
    """Makes `root` hold exactly the files given to `write`, in one or several parts.

    The manifest (incremental.Manifest) lists every file as last written, with its size,
    modification time and content hash. A regular file whose size and time still match and
    whose new content hashes the same is unchanged without reading it back, and the files to
    remove are the listed ones no longer made: the folder holds several directories per
    article, and reading or walking them all would cost seconds every build. Without a manifest
    (first build, or after a crash) the folder is walked and every file compared byte for byte.
    A `Kept` file is left as it is, once checked to be still as the manifest lists it.

    The manifest is discarded when the writer is made and saved by `finish`, so a build that
    stops in between leaves none to trust. `write` may run in processes forked after that
    (pipeline.py: each part of the pages is written where it is rendered, beside the others,
    and its content never travels back); parts must not share a path.
    """

    def __init__(self, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.known = Manifest(root)
        self.known.discard()

    def write(self, files: dict[str, "str | bytes | Made | Kept"]) -> WrittenPart:
        guard, stats, folders, entries = _Guard(str(self.root)), WriteStats(), set(), {}
        for relative in sorted(files):
            check_relative(relative)
            content, fingerprint = files[relative], None
            if isinstance(content, Kept):
                entries[relative] = self.known.kept(relative, content.fingerprint)
                stats.unchanged += 1
                continue
            if isinstance(content, Made):
                content, fingerprint = content.content, content.fingerprint
            entries[relative] = _write(self.root, guard, self.known, relative, content, fingerprint, stats, folders)
        return WrittenPart(entries, stats)

    def finish(self, parts: list[WrittenPart]) -> WriteStats:
        """Remove the files no part made, save the manifest; the stats of all parts."""
        stats, entries = WriteStats(), {}
        for part in parts:
            entries.update(part.entries)
            stats.written += part.stats.written
            stats.unchanged += part.stats.unchanged
        stats.written.sort()
        listed = None if self.known.entries is None else set(self.known.entries)
        stats.removed = remove_others(str(self.root), set(entries), listed)
        self.known.save(entries)
        return stats


def _write(root: Path, guard: "_Guard", known: Manifest, relative: str, content: str | bytes,
           fingerprint: bytes | None, stats: WriteStats, folders: set[str]) -> tuple:
    """Write one file unless it already holds `content`; its manifest entry."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    digest = hashlib.blake2b(data, digest_size=16).digest()
    current = lstat(os.path.join(root, relative))
    if known.as_written(relative, current) and known.entry(relative)[2] == digest:
        stats.unchanged += 1
    else:  # every check before any read or write: no symbolic link on the way
        destination = guard.destination(relative, current)
        if current is not None and _holds(destination, data):
            stats.unchanged += 1
            current = os.stat(destination)
        else:  # a file new to the folder is made in place; one that was there is replaced whole
            current = (write_new if current is None else atomic_write)(destination, data, folders)
            stats.written.append(relative)
    return (current.st_size, current.st_mtime_ns, digest, fingerprint)


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as stream:
            return stream.read() == data
    except FileNotFoundError:
        return False


def unwrite(root: Path, relatives: list[str]) -> None:
    """Remove files a stopped build wrote, so the next build writes them again (and counts them
    as written: the search documents written tell it which years to index)."""
    for relative in relatives:
        check_relative(relative)
        (root / relative).unlink(missing_ok=True)


def remove_others(root: str, keep: set[str], listed: set[str] | None = None) -> list[str]:
    """Delete what is not in `keep`, then the folders that this left empty (and only those).

    `listed`, when given, is everything the folder holds (the writer's manifest), which
    spares walking it."""
    present = listed if listed is not None else (relative for relative, _ in walk_files(root))
    removed = sorted(relative for relative in present if relative not in keep
                     and (listed is None or os.path.lexists(os.path.join(root, relative))))
    guard = _Guard(root)
    for relative in removed:  # never delete through a folder that became a symbolic link
        guard.folder_is_safe(relative)
    emptied: set[str] = set()
    for relative in removed:
        os.unlink(os.path.join(root, relative))
        folder = relative.rpartition("/")[0]
        while folder:
            emptied.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(emptied, key=lambda f: f.count("/"), reverse=True):
        with suppress(OSError):  # not empty: it still holds files we keep
            os.rmdir(os.path.join(root, folder))
    return removed
