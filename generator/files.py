"""Low-level file operations shared by the writer, the publisher and the incremental state:
atomic replacement and a cheap walk. Plain `os` calls: they run over tens of thousands of
files on every build."""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager, suppress
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator


def atomic_write(path: str, data: bytes, folders: set[str] | None = None) -> os.stat_result:
    """Write beside the target and rename over it: a reader never sees half a file. Returns
    the written file's stat.

    `folders` is a set of folders this caller has already made: the writer puts tens of
    thousands of files in a build, and asking for each file's folder again (a failed mkdir
    and an exception in Python) was a fifth of the writing. The temporary name is the
    process's and thread's own: this file is the only one either is writing at the time,
    and a random name cost more than the write. It is never followed if it is a link.
    """
    folder = _folder_of(path, folders)
    temporary = os.path.join(folder, f".tmp-{os.getpid()}-{threading.get_native_id()}")
    try:
        handle = os.open(temporary, _WRITE_NEW, 0o644)
        try:
            os.fchmod(handle, 0o644)  # whatever the umask: the site is served to everyone
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            written = os.fstat(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return written


_WRITE_NEW = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def write_new(path: str, data: bytes, folders: set[str] | None = None) -> os.stat_result:
    """Create `path`, which the caller found absent, and write it where it is: one name made
    instead of a temporary one and a rename (a full build creates some 65,000 files, each a
    few file-system calls that cost more than the writing). Only for the build's own folders
    (the docs and search documents), never for a published file: a build stopped half-way
    may leave this file cut short, which the writer then finds without a manifest entry and
    writes again. A file that appeared since the caller looked is replaced atomically."""
    _folder_of(path, folders)
    try:
        handle = os.open(path, _CREATE, 0o644)
    except FileExistsError:
        return atomic_write(path, data, folders)
    try:
        try:
            os.fchmod(handle, 0o644)
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            return os.fstat(handle)
        finally:
            os.close(handle)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(path)
        raise


def _folder_of(path: str, folders: set[str] | None) -> str:
    """`path`'s folder, made unless it is in `folders` (the folders the caller made already)."""
    folder = os.path.dirname(path)
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    return folder


def link_file(source: str, path: str, folders: set[str] | None = None, absent: bool = False) -> bool:
    """Put a hard link to `source` at `path`, replacing what was there in one rename; False
    (nothing done) where the file system cannot link, for the caller to copy instead.
    `folders` as for `atomic_write`. Where the caller knows nothing is at `path` (`absent`),
    the link is made there at once: a new name appears whole, so the rename is not needed
    (it was one of the two calls per file when a full build publishes 65,000 files)."""
    folder = _folder_of(path, folders)
    if absent:
        try:
            os.link(source, path)
            return True
        except FileExistsError:  # made since the caller looked: replace it as below
            pass
        except OSError:
            return False
    temporary = os.path.join(folder, f".tmp-link-{os.getpid()}-{os.path.basename(path)}")
    try:
        os.link(source, temporary)
    except OSError:
        return False
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return True


def append_text(path: str, text: str) -> None:
    """Add to the end of a file another program owns (GitHub's $GITHUB_STEP_SUMMARY): earlier
    steps' text stays, and no temporary file is left beside it."""
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(text)


def lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


STAT_THREADS = 16


def lstat_all(paths: list[str]) -> list[os.stat_result | None]:
    """`lstat` of each path, in order, by a few threads at once: with a cold disk cache each
    call waits on the disk for the inode, and tens of thousands of waits one at a time are
    seconds; the threads wait together (the calls release the GIL)."""
    if len(paths) < 4 * STAT_THREADS:
        return _lstat_some(paths)
    step = -(-len(paths) // STAT_THREADS)
    with ThreadPoolExecutor(max_workers=STAT_THREADS) as pool:
        parts = pool.map(_lstat_some, [paths[i:i + step] for i in range(0, len(paths), step)])
        return [info for part in parts for info in part]


def _lstat_some(paths: list[str]) -> list[os.stat_result | None]:
    return [lstat(path) for path in paths]


def walk_files(root: str) -> Iterator[tuple[str, os.DirEntry]]:
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


class Held(Exception):
    """Another process holds the lock; `holder` is what it wrote in the lock file about itself."""

    def __init__(self, holder: str):
        super().__init__(holder)
        self.holder = holder


@contextmanager
def exclusive(path: str, holder: str) -> Iterator[None]:
    """Hold an advisory lock on the file `path` (made if missing, with its folder) while the
    block runs, with `holder` written in it for whoever finds it taken; raise `Held` at once
    if another process holds it. The kernel drops the lock when its process ends, however it
    ends, so a killed build leaves nothing to clear by hand."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Held(os.pread(handle, 4096, 0).decode(errors="replace").strip()) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, holder.encode() + b"\n", 0)
        yield
    finally:
        os.close(handle)  # which releases the lock
