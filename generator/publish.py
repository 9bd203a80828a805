"""Publishing a finished build: the staged site copied into `site/`, only what changed.

Only called after the whole build succeeded, so a failed build never touches the published
site.
"""
from __future__ import annotations

import os
import stat as stat_module
from operator import itemgetter
from pathlib import Path

from .files import atomic_write, walk_files
from .writer import WriteStats, remove_others


def sync_tree(source: Path, target: Path) -> WriteStats:
    """Publish a finished build: copy changed files into `target`, each atomically, drop stale ones.

    Files are compared by size and modification time, as rsync does; same-sized files with new
    times (the search index is rewritten whole every build) are compared by content, so only
    real changes are copied.
    """
    stats = WriteStats()
    target.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for relative, entry in sorted(walk_files(str(source)), key=itemgetter(0)):
        wanted.add(relative)
        destination, path = os.path.join(target, relative), entry.path
        info = entry.stat()
        if _same_file(path, info, destination):
            stats.unchanged += 1
            continue
        with open(path, "rb") as stream:
            atomic_write(destination, stream.read())
        os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
        stats.written.append(relative)
    stats.removed = remove_others(str(target), wanted)
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
