"""Publishing a finished build: the staged site copied into `site/`, only what changed.

Only called after the whole build succeeded, so a failed build never touches the published
site.
"""
from __future__ import annotations

import os
import stat as stat_module
from pathlib import Path

from .files import atomic_write, link_file, walk_files
from .writer import WriteStats, check_relative, remove_others


def sync_tree(source: Path, target: Path) -> WriteStats:
    """Publish a finished build: copy changed files into `target`, each atomically, drop stale ones.

    Files are compared by size and modification time, as rsync does; same-sized files with new
    times (the search index is rewritten whole every build) are compared by content, so only
    real changes are copied.
    """
    return sync_files({relative: entry.path for relative, entry in walk_files(str(source))}, target)


def sync_files(sources: dict[str, "str | Path"], target: Path, keep: tuple[str, ...] = (),
               link: bool = False) -> WriteStats:
    """Make `target` hold exactly `sources` (relative path -> file), as `sync_tree` does for one
    folder; files under the top-level folders `keep` are left alone. Merging MkDocs shards
    (shards.py) takes each file from the shard that rendered it, and `link`s it rather than
    copying it (a hard link, where the file system allows): the staged site is not published,
    so sharing a file with the shard that will rewrite it next build is harmless, and it spares
    copying the whole site once more.

    Each side is walked once, with plain strings: this runs over every file of the site twice
    per build (merge, publish), so its cost is a directory read and a stat per file and side.
    """
    stats = WriteStats()
    target.mkdir(parents=True, exist_ok=True)
    root = str(target)
    present = {relative: entry for relative, entry in walk_files(root)}
    for relative in sorted(sources):
        check_relative(relative)
        destination, path = os.path.join(root, relative), str(sources[relative])
        info = os.stat(path)
        entry = present.get(relative)
        if entry is not None and _same_file(path, info, destination, entry.stat(follow_symlinks=False)):
            stats.unchanged += 1
            continue
        if not (link and link_file(path, destination)):
            with open(path, "rb") as stream:
                atomic_write(destination, stream.read())
            os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
        stats.written.append(relative)
    kept = {relative for relative in present if relative.split("/", 1)[0] in keep} if keep else set()
    stats.removed = remove_others(root, set(sources) | kept, listed=set(present))
    return stats


def _same_file(path: str, info: os.stat_result, destination: str, current: os.stat_result) -> bool:
    if not stat_module.S_ISREG(current.st_mode) or current.st_size != info.st_size:
        return False
    if current.st_mtime_ns == info.st_mtime_ns:
        return True
    with open(path, "rb") as a, open(destination, "rb") as b:
        same = a.read() == b.read()
    if same:  # remember the comparison: the next build takes the fast path above
        os.utime(destination, ns=(current.st_atime_ns, info.st_mtime_ns))
    return same
