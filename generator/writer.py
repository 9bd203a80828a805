"""The only code that writes the generated pages: atomically, and only what changed.

Unchanged files keep their bytes and their modification time, which is what lets MkDocs's
`--dirty` mode rebuild just the changed pages. Every destination is checked to lie inside the
output folder, whatever a page path (built from untrusted ids and titles) says. Plain `os`
calls rather than pathlib: this runs over tens of thousands of files on every build.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import stat as stat_module
import tempfile
from contextlib import suppress
from itertools import islice
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Iterator


class UnsafePath(ValueError):
    """A page path that would land outside the output folder."""


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.written)} pages written, {self.unchanged} unchanged, {len(self.removed)} removed"


class StaleFile(RuntimeError):
    """A file handed over as reusable no longer matches what the manifest says was written."""


@dataclass(frozen=True, slots=True)
class Made:
    """A file with the fingerprint of the inputs it was made from.

    `content` is None when the caller found, through `reusable`, that the file on disk was
    made from the same inputs and skipped making it again: the writer keeps it as it is.
    """

    fingerprint: bytes
    content: str | bytes | None = None


def reusable(root: Path) -> dict[str, bytes]:
    """Fingerprints of the files under `root` that are exactly as this writer left them (same
    size and modification time as its manifest lists): a file made from inputs with the same
    fingerprint need not be made again. Empty without a trustworthy manifest."""
    known = _load_manifest(root.parent / f"{root.name}.manifest") or {}
    return {relative: entry[3] for relative, entry in known.items()
            if entry[3] is not None and _as_listed(_lstat(os.path.join(root, relative)), entry)}


def check_relative(relative: str) -> None:
    """Refuse absolute paths, '..', backslashes, NUL and empty segments: lexical, no disk access."""
    parts = relative.split("/")
    if (not relative or relative.startswith("/") or "\\" in relative or "\0" in relative
            or any(p in ("", ".", "..") for p in parts)):
        raise UnsafePath(f"refusing to write '{relative}': not a plain relative path")


class _Guard:
    """Checks that no folder on the way to a destination is a symbolic link (which could lead
    out of the output folder); each folder is checked once, however many files it holds."""

    def __init__(self, root: str):
        self.root, self.safe = root, {""}

    def destination(self, relative: str) -> str:
        self.folder_is_safe(relative)
        path = os.path.join(self.root, relative)
        if os.path.islink(path):
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


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteStats:
    """Make `root` hold exactly `files`: write the changed ones, remove the ones no longer made.

    A manifest beside `root` lists every file as last written, with its size, modification
    time and content hash. A regular file whose size and time still match and whose new
    content hashes the same is unchanged without reading it back, and the files to remove are
    the listed ones no longer made: at 10,000 articles the folder holds 34,000 directories,
    and reading or walking them all cost seconds every build. The manifest is deleted before
    anything is written and saved once all is done, so after a crash or without one the
    folder is walked and every file compared byte for byte, as a first build does.
    """
    root.mkdir(parents=True, exist_ok=True)
    guard, stats = _Guard(str(root)), WriteStats()
    manifest_path = root.parent / f"{root.name}.manifest"
    known = _load_manifest(manifest_path)
    manifest_path.unlink(missing_ok=True)
    manifest = {}
    for relative in sorted(files):
        check_relative(relative)
        content, fingerprint = files[relative], None
        if isinstance(content, Made):
            content, fingerprint = content.content, content.fingerprint
            if content is None:  # kept as it is, if it still is what `reusable` saw
                manifest[relative] = _kept(root, relative, known, fingerprint)
                stats.unchanged += 1
                continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).digest()
        current = _lstat(os.path.join(root, relative))
        entry = (known or {}).get(relative)
        if _as_listed(current, entry) and entry[2] == digest:
            stats.unchanged += 1
        else:  # every check before any read or write: no symbolic link on the way
            destination = guard.destination(relative)
            if current is not None and _holds(destination, data):
                stats.unchanged += 1
            else:
                atomic_write(destination, data)
                stats.written.append(relative)
            current = os.stat(destination)
        manifest[relative] = (current.st_size, current.st_mtime_ns, digest, fingerprint)
    stats.removed = _remove_others(str(root), set(files), None if known is None else set(known))
    atomic_write(str(manifest_path), pickle.dumps(manifest, protocol=5))
    return stats


def _kept(root: Path, relative: str, known, fingerprint: bytes) -> tuple:
    entry = (known or {}).get(relative)
    if not _as_listed(_lstat(os.path.join(root, relative)), entry) or entry[3] != fingerprint:
        raise StaleFile(f"{root / relative} changed while the build ran; build again")
    return entry


def _as_listed(current: os.stat_result | None, entry: tuple | None) -> bool:
    """Whether a file is still the regular file of the size and time its manifest entry lists."""
    return entry is not None and current is not None and stat_module.S_ISREG(current.st_mode) \
        and (current.st_size, current.st_mtime_ns) == entry[:2]


def _load_manifest(path: Path) -> dict[str, tuple[int, int, bytes, bytes | None]] | None:
    try:
        manifest = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: walk the folder and compare every file instead
        return None
    if not isinstance(manifest, dict) or any(len(entry) != 4 for entry in islice(manifest.values(), 1)):
        return None  # another version's format
    return manifest


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as stream:
            return stream.read() == data
    except FileNotFoundError:
        return False


def atomic_write(path: str, data: bytes) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _files(root: str) -> Iterator[tuple[str, os.DirEntry]]:
    """(relative path, entry) of everything below root but folders, without following links.

    One `scandir` per folder and no path arithmetic: this runs over every file of the site
    on every build, so it must cost little more than the directory reads themselves.
    """
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    yield prefix + entry.name, entry


def _remove_others(root: str, keep: set[str], listed: set[str] | None = None) -> list[str]:
    """Delete what is not in `keep`, then the folders that this left empty (and only those).

    `listed`, when given, is everything the folder holds (the writer's manifest), which
    spares walking it."""
    present = listed if listed is not None else (relative for relative, _ in _files(root))
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


def sync_tree(source: Path, target: Path) -> WriteStats:
    """Publish a finished build: copy changed files into `target`, each atomically, drop stale ones.

    Only called after the whole build succeeded, so a failed build never touches `target`.
    Files are compared by size and modification time, as rsync does; same-sized files with new
    times (the search index is rewritten whole every build) are compared by content, so only
    real changes are copied.
    """
    return sync_files({relative: Path(entry.path) for relative, entry in _files(str(source))}, target)


def sync_files(sources: dict[str, Path], target: Path, keep: tuple[str, ...] = ()) -> WriteStats:
    """Make `target` hold exactly `sources` (relative path -> file), as `sync_tree` does for one
    folder; files under the top-level folders `keep` are left alone. Merging MkDocs shards
    (shards.py) takes each file from the shard that rendered it."""
    stats = WriteStats()
    target.mkdir(parents=True, exist_ok=True)
    for relative in sorted(sources):
        check_relative(relative)
        destination, path = os.path.join(target, relative), str(sources[relative])
        info = os.stat(path)
        if _same_file(path, info, destination):
            stats.unchanged += 1
            continue
        with open(path, "rb") as stream:
            atomic_write(destination, stream.read())
        os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
        stats.written.append(relative)
    kept = {relative for relative, _ in _files(str(target)) if relative.split("/", 1)[0] in keep} if keep else set()
    stats.removed = _remove_others(str(target), set(sources) | kept)
    return stats


def _same_file(path: str, info: os.stat_result, destination: str) -> bool:
    try:
        current = os.lstat(destination)
    except FileNotFoundError:
        return False
    if not stat_module.S_ISREG(current.st_mode) or current.st_size != info.st_size:
        return False
    if current.st_mtime_ns == info.st_mtime_ns:
        return True
    with open(path, "rb") as a, open(destination, "rb") as b:
        same = a.read() == b.read()
    if same:  # remember the comparison: the next build takes the fast path above
        os.utime(destination, ns=(current.st_atime_ns, info.st_mtime_ns))
    return same
