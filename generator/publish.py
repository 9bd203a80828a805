"""Publishing a finished build: the staged site put into `site/`, only what changed.

Only called after the whole build succeeded, so a failed build never touches the published
site. Files are hard links where the file system allows (the staged site's files are
themselves links to what MkDocs and Pagefind wrote): publishing 65,000 files is then a link
each (and a rename where a file is replaced), not a copy. That is safe because nothing ever rewrites a file of the
staged site in place: MkDocs's shards unlink a page before writing it again (shards.py),
Pagefind writes in a work folder of its own and its bundles change by renames (pagefind.py),
and every other file is replaced by a rename
(files.atomic_write, files.link_file), so a file that `site/` shares keeps its bytes until the
next publish puts another in its place. A file edited by hand in `site/` would change the
staged copy too; a build from nothing (or deleting `site/`) puts it right.
"""
from __future__ import annotations

import os
import stat as stat_module
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path

from .files import atomic_write, link_file, lstat, walk_files
from .parallel import run_jobs
from .writer import WriteStats, check_relative, remove_others


def sync_tree(source: Path, target: Path, link: bool = True) -> WriteStats:
    """Publish a finished build: link (or copy) changed files into `target`, each atomically,
    drop stale ones.

    Files are compared by size and modification time, as rsync does; same-sized files with new
    times (the search index is rewritten whole every build) are compared by content, so only
    real changes are copied.
    """
    return sync_files({relative: entry.path for relative, entry in walk_files(str(source))}, target, link=link)


def sync_files(sources: dict[str, "str | Path"], target: Path, keep: tuple[str, ...] = (),
               link: bool = False) -> WriteStats:
    """Make `target` hold exactly `sources` (relative path -> file), as `sync_tree` does for one
    folder; files under the top-level folders `keep` are left alone. With `link`, each file is
    a hard link to its source where the file system allows (see the module's docstring for
    why sharing is safe), a copy elsewhere.

    Each side is walked once, with plain strings: this runs over every file of the site twice
    per build (merge, publish), so its cost is a directory read and a stat per file and side.
    """
    stats = WriteStats()
    target.mkdir(parents=True, exist_ok=True)
    root = str(target)
    present = {relative: entry for relative, entry in walk_files(root)}
    ordered = sorted(sources)
    cuts = [len(ordered) * i // PARTS for i in range(PARTS + 1)]
    parts = [partial(_put_some, sources, root, present, link, ordered[a:b]) for a, b in zip(cuts, cuts[1:])]
    for relative, put in zip(ordered, chain.from_iterable(run_jobs(parts, 0, len(ordered)))):
        if put:
            stats.written.append(relative)
        else:
            stats.unchanged += 1
    kept = {relative for relative in present if relative.split("/", 1)[0] in keep} if keep else set()
    stats.removed = remove_others(root, set(sources) | kept, listed=set(present))
    return stats


# A whole site's files are put in this many parts, run in parallel where the build may use
# more than one core (parallel.run_jobs): linking is file-system calls, which processes make
# side by side (two took about half the time of one; `make bench` shows the stage), where
# threads gained nothing clear. Runs of consecutive paths, so that two processes seldom
# add to the same folder at once; more runs than processes, so that one slowed by the file
# system's state does not hold the others up.
PARTS = 8


def _put_some(sources: dict[str, "str | Path"], root: str, present: dict[str, os.DirEntry], link: bool,
              relatives: list[str]) -> list[bool]:
    """`_put` for each of `relatives`, in order: whether each was put."""
    folders: set[str] = set()
    done = []
    for relative in relatives:
        entry = present.get(relative)
        current = entry.stat(follow_symlinks=False) if entry is not None else None
        done.append(_put(str(sources[relative]), root, relative, current, link, folders))
    return done


@dataclass(frozen=True)
class Changes:
    """What a build changed in a folder that was, before it, a copy of another (the staged
    site of the published one; a shard's files of the staged site): `files` changed or
    added, `removed`, and `trees`, folders made again whole (a search bundle)."""

    files: tuple[str, ...]
    removed: tuple[str, ...] = ()
    trees: tuple[str, ...] = ()


def apply_changes(sources: dict[str, str], target: Path, changes: Changes, link: bool = False) -> WriteStats:
    """Make `target` hold `sources` again when `changes` says all that differs since it last
    did: only those files and folders are looked at, not the whole site. A changed file that
    already is its source (a hard link that its builder rewrote in place) counts as written."""
    stats = WriteStats()
    root = str(target)
    for relative in changes.files:
        path = sources[relative]
        current = lstat(os.path.join(root, relative))
        if current is not None and os.path.samestat(current, os.stat(path)):
            stats.written.append(relative)
        elif _put(path, root, relative, current, link):
            stats.written.append(relative)
        else:
            stats.unchanged += 1
    for tree in changes.trees:
        check_relative(tree)
        source = sources[tree]
        if os.path.isdir(source):
            made = sync_tree(Path(source), target / tree, link=link)
        else:  # gone from the source: emptied, then removed
            made = sync_files({}, target / tree)
            with suppress(OSError):
                os.rmdir(os.path.join(root, tree))
        stats.written += [f"{tree}/{r}" for r in made.written]
        stats.removed += [f"{tree}/{r}" for r in made.removed]
        stats.unchanged += made.unchanged
    for relative in changes.removed:
        check_relative(relative)
    stats.removed += remove_others(root, set(), listed=set(changes.removed))
    return stats


def publish_changes(staging: Path, site: Path, changes: Changes) -> WriteStats:
    """Publish an incremental build into a site that held the staged site as it was before."""
    sources = {relative: os.path.join(staging, relative) for relative in changes.files + changes.trees}
    return apply_changes(sources, site, changes, link=True)


def _put(path: str, root: str, relative: str, current: os.stat_result | None, link: bool,
         folders: set[str] | None = None) -> bool:
    """Put the file `path` at root/relative unless `current` (what is there) has its bytes;
    whether it was put. `folders`: those already made in `root` (files.atomic_write)."""
    check_relative(relative)
    destination = os.path.join(root, relative)
    if current is not None and _same_file(path, os.stat(path), destination, current):
        return False
    if not (link and link_file(path, destination, folders, absent=current is None)):
        info = os.stat(path)
        with open(path, "rb") as stream:
            atomic_write(destination, stream.read(), folders)
        os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
    return True


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
