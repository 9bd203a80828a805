"""MkDocs on every core: the docs folder rendered as K shards at once, then merged into one site.

MkDocs renders one page after another on one core, and it is most of a full build. A shard is
a whole MkDocs build of the same configuration and theme over the same docs folder that reads,
converts and writes only the pages the plan gives it: every shard still sees every file, so
MkDocs turns each link into its target's URL and validates it whichever shard renders the
target, and the navigation (section pages only) is the same everywhere. A page's HTML depends
on its own Markdown and that navigation alone, so the merged shards are the single build,
file for file. Shard 1 also copies the static files and theme assets and owns the pages MkDocs
makes itself (404, sitemap).

Each shard runs in its own process (`python -m generator.shards`, or one CI runner each with
`python -m generator build --shard I/K`) into its own folder, with a manifest of the files it
owns; `merge` checks that the manifests belong together and assembles them.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import shutil
import stat as stat_module
import subprocess
import sys
import tempfile
import time
import zlib
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .files import link_file, lstat_all
from .incremental import Manifest
from .publish import Changes, apply_changes, sync_files
from .writer import WriteStats

MANIFEST = ".shard.json"  # inside each shard's folder, never merged into the site
KEEP = ("pagefind",)  # the search bundles join the merged site separately (search.py)
MKDOCS_MADE = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # shard 1's, besides its planned files
SITEMAP = ("sitemap.xml", "sitemap.xml.gz")  # both made from the one template
_ARTICLE = re.compile(r"^(?:\d{4}|undated)/")  # permalinks: YYYY/MM/DD/slug/ or undated/slug/


class ShardError(RuntimeError):
    """A shard failed, or shard folders that do not make one site were given to `merge`."""


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`, counted from 1 as people (and CI matrices) count."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise ValueError(f"a shard is I/K with 1 <= I <= K, not {text!r}")
        return cls(int(match[1]), int(match[2]))

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def plan(pages: Iterable[str], count: int) -> dict[str, int]:
    """Give each page (its docs path) a shard, 1 to `count`.

    Articles go in runs of consecutive dates (their paths sort by date), equal in number, so
    a shard is a date range, as one year's runner on CI would be; topic pages and listings are
    spread by a hash of their path. Neither depends on what a page says, so an edit moves no
    page to another shard (its HTML there stays reusable), and a new article moves at most a
    few articles at the runs' ends; every shard process works out the same plan by itself."""
    articles = sorted(path for path in pages if _ARTICLE.match(path))
    owner = {path: i * count // len(articles) + 1 for i, path in enumerate(articles)}
    for path in pages:
        if path not in owner:
            owner[path] = zlib.crc32(path.encode()) % count + 1
    return owner


def _other_owner(file, docs_dir: str, count: int) -> int:
    """The shard of a file that is not a page: the docs folder's own (the originals, feeds and
    the export, nearly half its files) spread by a hash of their path, as topic pages are, so
    that each shard checks and copies its share; the theme's files in shard 1."""
    return zlib.crc32(file.src_uri.encode()) % count + 1 if file.src_dir == docs_dir else 1


def plan_digest(pages: dict[str, int]) -> str:
    """The pages (docs path -> size) a shard was cut from: shards with the same digest were
    most probably built from the same generated pages."""
    digest = hashlib.sha256()
    for path in sorted(pages):
        digest.update(f"{path}\0{pages[path]}\n".encode())
    return digest.hexdigest()


def render(mkdocs_yml: Path, docs_dir: Path, out: Path, shard: Shard, incremental: bool = False) -> None:
    """Build one shard's pages with MkDocs into `out` and write its manifest.

    `incremental` keeps `out` from the last build of this shard and renders only owned pages
    whose Markdown is newer than their HTML (MkDocs's --dirty test); otherwise `out` starts
    empty."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not incremental and out.exists():
        shutil.rmtree(out)
    previous = _manifest(out) if incremental else {}
    (out / MANIFEST).unlink(missing_ok=True)
    started = time.perf_counter()
    listed = Manifest(docs_dir).entries  # the writer's record of the docs folder, None when unknown
    sitemap = _sitemap_key(listed) if shard.index == 1 else None  # only shard 1 renders it
    if shard.index != 1:  # only shard 1's are merged: the others need not render them
        made_here: tuple[str, ...] = ()
    elif sitemap is not None and previous.get("sitemap") == sitemap and all((out / n).is_file() for n in SITEMAP):
        made_here = tuple(name for name in MKDOCS_MADE if name not in SITEMAP)  # kept as the last build left it
    else:
        made_here = MKDOCS_MADE
    plugin = _ShardPlugin(shard, incremental, listed, not_made=set(MKDOCS_MADE) - set(made_here))
    quiet = _DirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        config = load_config(config_file=str(mkdocs_yml), docs_dir=str(docs_dir.resolve()),
                             site_dir=str(out.resolve()), strict=True)
        config.plugins["archive-shard"] = plugin
        for made in made_here:  # rewritten in place: unlinked first, as _Recorded does
            _unlink(os.path.join(out, made))
        with _files_as_listed(listed), _one_build_date():
            build(config, dirty=True)  # dirty: MkDocs skips whatever the plugin says is not modified
    except MkDocsException as exc:
        raise ShardError(str(exc)) from exc
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    owned, written = plugin.owned, plugin.written
    if shard.index == 1:  # MkDocs makes these itself
        made = sorted(p for p in MKDOCS_MADE if (out / p).is_file())
        owned, written = owned + made, written | (set(made) & set(made_here))
    manifest = {"shard": str(shard), "plan": plugin.digest, "pages": plugin.pages, "sitemap": sitemap,
                "seconds": round(time.perf_counter() - started, 3), "peak_mb": round(_peak_mb(), 1),
                "incremental": incremental, "owned": sorted(owned), "written": sorted(written)}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")


def _manifest(folder: Path) -> dict:
    """The shard's manifest as its last build left it; empty when there is none or it is unreadable."""
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _sitemap_key(listed: dict[str, tuple] | None) -> str | None:
    """What the sitemap shows beyond the configuration and theme (which, changed, make a full
    build): the pages' paths and the build date. The same key as the last build's means the
    same sitemap bytes, so an edit that adds and removes no page need not render an entry
    for every page of the archive again. None when the writer's record of the docs folder is unknown."""
    if listed is None:
        return None
    from mkdocs.utils import is_markdown_file

    digest = hashlib.sha256(os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0")
    for path in sorted(p for p in listed if is_markdown_file(p)):
        digest.update(path.encode() + b"\0")
    return digest.hexdigest()


class _ShardPlugin(BasePlugin):
    """Added by `render` itself, never listed in mkdocs.yml: tells MkDocs which files are not
    this shard's (they count as unmodified in a --dirty build, so MkDocs neither reads nor
    writes them), records the files that are, and of those the ones MkDocs writes (MkDocs
    writes a file exactly when it finds it modified), so that merging and publishing an
    incremental build need not compare the whole site."""

    def __init__(self, shard: Shard, incremental: bool, listed: dict[str, tuple] | None, not_made=frozenset()):
        super().__init__()
        self.shard, self.incremental, self.listed = shard, incremental, listed or {}
        self.not_made = not_made  # MkDocs's own pages (MKDOCS_MADE) this shard does not render
        self.owned: list[str] = []
        self.written: set[str] = set()
        self.digest, self.pages = "", 0
        self.folders: set[str] = set()  # output folders made for linked files

    def on_files(self, files, config):
        # Not before: the theme's files are added to `files` by then, and a static template
        # left out of `static_templates` earlier would be copied as a file of the site.
        config.theme.static_templates.difference_update(self.not_made)
        pages = {f.src_uri: self._size(f) for f in files.documentation_pages()}
        owner, self.digest = plan(pages, self.shard.count), plan_digest(pages)
        mine, docs_dir = [], config.docs_dir
        for file in files:
            if (owner.get(file.src_uri) or _other_owner(file, docs_dir, self.shard.count)) == self.shard.index:
                mine.append(file)
            else:
                file.is_modified = _no
        # The outputs' times, asked all at once: one at a time, a cold disk cache made the
        # 40,000 stats of a shard's output folder most of an incremental shard's time.
        site = config.site_dir  # absolute (render resolves it), so a join is MkDocs's abs_dest_path
        outputs = lstat_all([os.path.join(site, f.dest_uri) for f in mine]) if self.incremental else [None] * len(mine)
        for file, output in zip(mine, outputs):
            replaced = os.path.join(site, file.dest_uri) if output is not None else None
            file.is_modified = _Recorded(self._check(file, output), file.dest_uri, self.written, replaced)
            if file.src_uri not in pages and file.src_dir == docs_dir:  # the docs folder's own, as `_other_owner` asks
                file.copy_file = partial(_link_copy, file, self.folders)
            self.owned.append(file.dest_uri)
            self.pages += file.src_uri in pages
        return files

    def _size(self, file) -> int:
        entry = self.listed.get(file.src_uri)
        return entry[0] if entry is not None else os.path.getsize(file.abs_src_path)

    def _check(self, file, output: os.stat_result | None) -> Callable[[], bool]:
        """MkDocs's own test (the HTML is older than its source), with the source's time from
        the writer's manifest where it lists the file: one stat per page rather than three."""
        if not self.incremental:
            return _yes
        entry = self.listed.get(file.src_uri)
        return file.is_modified if entry is None else partial(_older_than, output, entry[1])


def _link_copy(file: File, folders: set[str], dirty: bool = False) -> None:
    """MkDocs's `File.copy_file` for a file of the docs folder, as a hard link where the file
    system allows: nearly half the docs folder's files (feeds, originals, the export), which
    copying wrote again as new blocks. Safe because nothing writes into a docs file in place
    (the writer replaces a changed file by a new one) and a modified file's old output is
    unlinked before it is put here (`_Recorded`), so the link is made where nothing is."""
    if dirty and not file.is_modified():
        return
    if not link_file(file.abs_src_path, file.abs_dest_path, folders, absent=True):
        File.copy_file(file, dirty=False)


def _older_than(output: os.stat_result | None, mtime_ns: int) -> bool:
    return output is None or not stat_module.S_ISREG(output.st_mode) or output.st_mtime_ns < mtime_ns


@dataclass
class _Recorded:
    """A file's `is_modified`, asked once (MkDocs asks twice per page, and the answer would
    change once the page is written), noting the files found modified: MkDocs writes them.

    A modified file's old output (`replaced`) is unlinked first: MkDocs writes in place, and
    the old file is shared by hard links with the staged and the published site (merge and
    publish link rather than copy), which must not change before this build is published."""

    check: Callable[[], bool]
    dest_uri: str
    written: set[str]
    replaced: str | None = None
    answer: bool | None = None

    def __call__(self) -> bool:
        if self.answer is None:
            self.answer = self.check()
            if self.answer:
                self.written.add(self.dest_uri)
                if self.replaced is not None:
                    _unlink(self.replaced)
        return self.answer


def _unlink(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)


@contextmanager
def _files_as_listed(listed: dict[str, tuple] | None) -> Iterator[None]:
    """MkDocs takes the docs folder's files from the writer's manifest instead of walking the
    folder (tens of thousands of directories, seconds when the disk cache is cold): the docs
    folder is the writer's alone, so the manifest lists exactly what it holds. The list is in
    the order MkDocs's walk gives (a folder's files, index first, before its subfolders)."""
    if listed is None:
        yield
        return
    from mkdocs.commands import build as build_module
    from mkdocs.structure.files import Files, set_exclusions

    class ListedFile(File):
        """A `File` whose path is taken as given: the manifest's paths are relative POSIX paths
        already (writer.check_relative), and normalising 55,000 of them through `PurePath` in
        every shard was a sixth of an incremental shard's time."""

        def _set_src_path(self, value: str) -> None:
            self.src_uri = value

        src_path = property(File.src_path.fget, _set_src_path)

    def get_files(config):
        docs_dir, site_dir, directory_urls = config.docs_dir, config.site_dir, config.use_directory_urls  # once, not per file
        files = [ListedFile(relative, docs_dir, site_dir, directory_urls) for relative in sorted(listed, key=_walk_order)]
        set_exclusions(files, config)
        return Files(files)

    original = build_module.get_files
    build_module.get_files = get_files
    try:
        yield
    finally:
        build_module.get_files = original


@contextmanager
def _one_build_date() -> Iterator[None]:
    """Every page's `update_date` (the sitemap's lastmod) from one reading of the build date:
    MkDocs reads the clock (or SOURCE_DATE_EPOCH) and formats it again for each of the 30,000
    pages a shard sees, a tenth of an incremental shard's time, and a build that runs past
    midnight gets one date, not two."""
    from mkdocs.structure import pages
    from mkdocs.utils import get_build_date

    original, date = pages.get_build_date, get_build_date()
    pages.get_build_date = lambda: date
    try:
        yield
    finally:
        pages.get_build_date = original


def _walk_order(relative: str) -> tuple:
    folder, _, name = relative.rpartition("/")
    stem = name.rpartition(".")[0] or name  # os.path.splitext's stem, for these names
    return tuple(folder.split("/")) if folder else (), stem not in ("index", "README"), name


def _peak_mb() -> float:
    """This process's peak memory. Not `ru_maxrss`: Linux carries the forking parent's peak
    into a child's, and the parent here holds the whole archive."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _no() -> bool:
    return False


def _yes() -> bool:
    return True


class _DirtyNotice(logging.Filter):
    """Every shard is a --dirty build to MkDocs; its blanket warning about stale navigation
    does not apply (the navigation is the section pages only) and would fail `strict`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


@dataclass
class ShardRun:
    """What one shard's process did, from its manifest."""

    shard: Shard
    pages: int
    seconds: float
    peak_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def render_all(mkdocs_yml: Path, docs_dir: Path, root: Path, count: int, incremental: bool,
               env: dict[str, str] | None = None) -> list[ShardRun]:
    """Render all `count` shards at once, one process each, into root/I-of-K/."""
    return render_shards(mkdocs_yml, docs_dir, root, [Shard(i, count) for i in range(1, count + 1)], incremental, env)


def render_shards(mkdocs_yml: Path, docs_dir: Path, root: Path, shards: list[Shard], incremental: bool,
                  env: dict[str, str] | None = None) -> list[ShardRun]:
    """Render `shards` (all of one count) at once, one process each, into root/I-of-K/.
    Folders of other shard counts are dropped, so that the folders are always those of the
    last build. MkDocs's messages go to stderr; raises `ShardError` with each failed shard's
    reason in one line."""
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.iterdir():
        if not stale.name.endswith(f"-of-{shards[0].count}"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    running = {}
    for shard in shards:
        command = [sys.executable, "-m", "generator.shards", "--mkdocs", str(mkdocs_yml), "--docs", str(docs_dir),
                   "--out", str(root / shard.name), "--shard", str(shard)] + (["--incremental"] if incremental else [])
        said = tempfile.TemporaryFile()
        running[subprocess.Popen(command, stdout=said, env=env).pid] = (shard, said)
    failures = []
    for pid, (shard, said) in running.items():  # each its own pid: Pagefind's process is not ours to reap
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            said.seek(0)
            lines = said.read().decode(errors="replace").strip().splitlines()
            failures.append(f"shard {shard}: {lines[-1] if lines else 'see its messages above'}")
        said.close()
    if failures:
        raise ShardError("mkdocs build failed: " + "; ".join(failures))
    return [shard_run(root / shard.name) for shard in shards]


def shard_run(folder: Path) -> ShardRun:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return ShardRun(Shard.parse(manifest["shard"]), manifest["pages"], manifest["seconds"], manifest["peak_mb"])


def own(folder: Path, subfolder: str) -> None:
    """Add what now lies in folder/subfolder (shard 1's search bundles, on CI) to the shard's
    manifest, so that `merge` brings it along."""
    path = folder / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    added = {p.relative_to(folder).as_posix() for p in (folder / subfolder).rglob("*") if p.is_file()}
    manifest["owned"] = sorted(set(manifest["owned"]) | added)
    path.write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Merged:
    """What merging did: `stats`, the shards' `files` now in the target, and the `changes`
    made to it (None: the whole target was compared with the shards)."""

    stats: WriteStats
    files: list[str]
    changes: Changes | None


def merge(folders: list[Path], target: Path, keep: tuple[str, ...] = KEEP,
          previous: set[str] | None = None) -> Merged:
    """Assemble shard folders into `target`: only changed files are linked in, and `target`'s
    top-level folders `keep` stay (the search bundles, which join a local build afterwards).
    The folders must be every shard of one plan, each once.

    `previous` (incremental.StagedRecord) is what `target` held of the shards after the last
    merge; when every shard was an incremental run, only the files they wrote, and those
    added or gone since, are looked at."""
    manifests = _manifests(folders)
    sources: dict[str, str] = {}
    written: set[str] = set()
    for shard, (folder, manifest) in sorted(manifests.items(), key=lambda item: item[0].index):
        for relative in manifest["owned"]:
            if relative in sources:
                raise ShardError(f"{relative} is in two shards")
            sources[relative] = os.path.join(folder, relative)  # strings: tens of thousands of files
        written.update(manifest.get("written", ()))
    files = sorted(sources)
    if previous is None or not all(manifest.get("incremental") for _, manifest in manifests.values()):
        return Merged(sync_files(sources, target, keep=keep, link=True), files, None)
    changes = Changes(tuple(r for r in files if r in written or r not in previous),
                      tuple(sorted(previous.difference(sources))))
    return Merged(apply_changes(sources, target, changes, link=True), files, changes)


def _manifests(folders: list[Path]) -> dict[Shard, tuple[Path, dict]]:
    manifests = {}
    for folder in folders:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            shard = Shard.parse(manifest["shard"])
        except (FileNotFoundError, ValueError, KeyError) as exc:
            raise ShardError(f"{folder} is not a finished shard ({exc})") from exc
        if shard in manifests:
            raise ShardError(f"shard {shard} given twice ({manifests[shard][0]} and {folder})")
        manifests[shard] = (folder, manifest)
    counts = {shard.count for shard in manifests}
    if len(counts) != 1 or len(manifests) != next(iter(counts)):
        raise ShardError(f"not one whole set of shards: {', '.join(sorted(map(str, manifests)))}")
    if len({manifest["plan"] for _, manifest in manifests.values()}) != 1:
        raise ShardError("the shards were built from different pages (their plans differ)")
    return manifests


def main(argv: list[str] | None = None) -> int:
    """One shard's process (started by `render_all`): MkDocs's messages on stderr, the reason
    it failed in one line on stdout."""
    parser = argparse.ArgumentParser(prog="python -m generator.shards", description=render.__doc__)
    parser.add_argument("--mkdocs", type=Path, required=True)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shard", type=Shard.parse, required=True)
    parser.add_argument("--incremental", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    try:
        render(args.mkdocs, args.docs, args.out, args.shard, args.incremental)
    except (ShardError, OSError) as exc:
        print(" ".join(str(exc).split()))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
