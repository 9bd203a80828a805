"""The only code that writes the generated pages: atomically, and only what changed.

Unchanged files keep their bytes and their modification time, which is what lets MkDocs's
`--dirty` mode rebuild just the changed pages. Every destination is checked to lie inside the
output folder, whatever a page path (built from untrusted ids and titles) says.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A page path that would land outside the output folder."""


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.written)} pages written, {self.unchanged} unchanged, {len(self.removed)} removed"


def safe_destination(root: Path, relative: str) -> Path:
    """root/relative, refusing absolute paths, '..', backslashes and anything resolving outside root."""
    posix = PurePosixPath(relative)
    if not relative or posix.is_absolute() or ".." in posix.parts or "\\" in relative or "\0" in relative:
        raise UnsafePath(f"refusing to write '{relative}': not a plain relative path")
    destination = (root / posix).resolve()
    if not destination.is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write '{relative}': it resolves outside {root}")
    return destination


def write_tree(root: Path, files: dict[str, str | bytes]) -> WriteStats:
    """Make `root` hold exactly `files`: write the changed ones, remove the ones no longer made."""
    root.mkdir(parents=True, exist_ok=True)
    destinations = {relative: safe_destination(root, relative) for relative in sorted(files)}
    stats = WriteStats()
    for relative, destination in destinations.items():
        content = files[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        if _same(destination, data):
            stats.unchanged += 1
            continue
        _atomic_write(destination, data)
        stats.written.append(relative)
    keep = set(destinations.values())
    for existing in sorted(root.rglob("*"), reverse=True):
        if existing.is_file() and existing.resolve() not in keep:
            existing.unlink()
            stats.removed.append(existing.relative_to(root).as_posix())
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return stats


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def _atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sync_tree(source: Path, target: Path) -> WriteStats:
    """Publish a finished build: copy changed files into `target`, each atomically, drop stale ones.

    Only called after the whole build succeeded, so a failed build never touches `target`.
    Files are compared by size and modification time, as rsync does, to stay fast at 10,000+
    pages; same-sized files with new times (the search index is rewritten whole every build)
    are compared by content, so only real changes are copied.
    """
    stats = WriteStats()
    target.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(source)
        wanted.add(relative)
        destination = target / relative
        stat = path.stat()
        if _unchanged(path, stat, destination):
            stats.unchanged += 1
            continue
        _atomic_write(destination, path.read_bytes())
        os.utime(destination, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        stats.written.append(relative.as_posix())
    for existing in sorted(target.rglob("*"), reverse=True):
        relative = existing.relative_to(target)
        if existing.is_file() and relative not in wanted:
            existing.unlink()
            stats.removed.append(relative.as_posix())
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return stats


def _unchanged(path: Path, stat: os.stat_result, destination: Path) -> bool:
    try:
        current = destination.stat()
    except FileNotFoundError:
        return False
    if current.st_size != stat.st_size:
        return False
    return current.st_mtime_ns == stat.st_mtime_ns or destination.read_bytes() == path.read_bytes()
