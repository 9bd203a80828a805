"""Low-level file operations shared by the writer, the publisher and the incremental state:
atomic replacement and a cheap walk. Plain `os` calls: they run over tens of thousands of
files on every build."""
from __future__ import annotations

import os
import tempfile
from typing import Iterator


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


def lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


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
