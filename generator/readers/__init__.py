"""Find every article under the content folder and read it with the reader for its format.

Adding a format means adding a reader module and one entry in READERS. The caller may pass a
process pool's ordered map; results come back in path order either way.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..model import Article, Diagnostic
from ..slugs import original_url
from .base import SourceFile
from .html import read_html
from .markdown import read_markdown
from .text import read_text

READERS = {".txt": read_text, ".md": read_markdown, ".markdown": read_markdown, ".html": read_html, ".htm": read_html}
SIDECAR_SUFFIXES = (".yml", ".yaml")
TAXONOMY_FILE = "topics.yml"
# Documentation that travels with an archive folder, not articles (documented in the README).
NOT_ARTICLES = {"readme.md", "provenance.md", "license", "license.md", "license.txt"}


def discover(content_dir: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every article file with its sidecar, in path order; anything else is reported, not skipped silently."""
    problems: list[Diagnostic] = []
    files: dict[str, str] = {}
    for rel, full, link in _walk(os.fspath(content_dir), problems):
        if link and rel == TAXONOMY_FILE:
            continue  # the taxonomy's loader reports it, saying what it means for the topics
        if link:
            problems.append(Diagnostic("error", rel, 0, "symbolic links are not read: commit the file itself"))
        elif not _utf8(rel):
            problems.append(Diagnostic("error", rel, 0, "the file's name is not UTF-8 text: rename it (it cannot "
                                       "be named in a link, a page or a pull request as it is)"))
        elif rel.rsplit("/", 1)[-1].lower() not in NOT_ARTICLES:
            files[rel] = full
    sources = []
    sidecars = {rel for rel in files if rel.endswith(SIDECAR_SUFFIXES) and rel != TAXONOMY_FILE}
    used: set[str] = set()
    for rel, full in files.items():
        suffix = os.path.splitext(rel)[1].lower()
        if suffix in READERS:
            sidecar = _sidecar_for(rel[: len(rel) - len(suffix)], sidecars)
            used.update([sidecar] if sidecar else [])
            data = _read(full, rel, problems)
            sidecar_data = _read(files[sidecar], sidecar, problems) if sidecar else None
            if data is not None and (sidecar is None or sidecar_data is not None):
                sources.append(SourceFile(rel, data, sidecar, sidecar_data))
        elif rel != TAXONOMY_FILE and rel not in sidecars:
            problems.append(Diagnostic("warning", rel, 0, f"ignored: not an article ({', '.join(READERS)}) nor a sidecar"))
    for orphan in sorted(sidecars - used):
        problems.append(Diagnostic("error", orphan, 0, "sidecar without an article: expected a .txt, .md or .html file with the same name beside it"))
    return sources, problems


def _walk(content_dir: str, problems: list[Diagnostic]) -> Iterator[tuple[str, str, bool]]:
    """(path relative to the content folder, full path, is a symbolic link) of every file not
    hidden, each folder's files in name order before its subfolders'. Strings and scandir's
    entries rather than Path objects: making a Path per file was most of this stage's time.
    Not `files.walk_files`, which walks the output folders in no order, hidden files and all,
    and lets an unreadable folder raise: contributors' folders need path order and a report."""
    folders = [(content_dir, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as error:
            problems.append(Diagnostic("error", prefix.rstrip("/") or ".", 0, f"folder cannot be read: {error.strerror}"))
            continue
        below = []
        for entry in entries:  # never following a link: one to itself would raise
            if entry.is_dir(follow_symlinks=False):
                below.append((entry.path, prefix + entry.name + "/"))
            else:  # a link to a folder too: reported, never followed
                yield prefix + entry.name, entry.path, entry.is_symlink()
        folders.extend(reversed(below))


def _utf8(name: str) -> bool:
    """False for a name with bytes that are not UTF-8 (the file system hands them over as
    surrogate escapes, which no page, URL or hash can encode)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read(full: str, rel: str, problems: list[Diagnostic]) -> bytes | None:
    try:
        with open(full, "rb") as file:
            return file.read()
    except OSError as error:
        problems.append(Diagnostic("error", rel, 0, f"cannot be read: {error.strerror}"))
        return None


def _sidecar_for(stem: str, sidecars: set[str]) -> str | None:
    """The sidecar of the article at `stem` (its path without the extension), if there is one."""
    return next((stem + s for s in SIDECAR_SUFFIXES if stem + s in sidecars), None)


def read_one(source: SourceFile) -> tuple[Article | None, list[Diagnostic]]:
    return READERS[Path(source.path).suffix.lower()](source)


def read_archive(content_dir: Path, map_fn=None) -> tuple[list[Article], list[Diagnostic]]:
    """All articles and all problems, in a deterministic order (`map_fn` may be a pool's map)."""
    sources, problems = discover(content_dir)
    return read_sources(sources, problems, map_fn)


def read_sources(sources: list[SourceFile], problems: list[Diagnostic], map_fn=None):
    """Read discovered files; `problems` are discovery's, merged with the readers' in order."""
    problems = list(problems)
    results = list((map_fn or map)(read_one, sources))
    articles = []
    for article, found in results:
        problems.extend(found)
        if article is not None:
            articles.append(article)
    problems.extend(_id_clashes(articles))
    problems.extend(_original_clashes(articles))
    articles, renamed = _distinct_permalinks(articles)
    problems.extend(renamed)
    return articles, sorted(problems, key=lambda d: (d.path, d.line, d.message))


def _id_clashes(articles: list[Article]) -> list[Diagnostic]:
    """Two articles may not share an id (one original would overwrite the other).

    Default ids are paths, so only an explicit `id`, or two files that differ only in their
    extension (`a.txt`, `a.md`), can clash; which one should win is the maintainer's call.
    """
    problems = []
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        first = seen.setdefault(article.id, article)
        if first is not article:
            message = (f"duplicate id '{article.id}': {first.path} and {article.path} both have it "
                       "(set a different 'id' in one's metadata)")
            problems.append(Diagnostic("error", article.path, 0, message))
    return problems


def _original_clashes(articles: list[Article]) -> list[Diagnostic]:
    """No original may be published where another's folder must be (`originals/a.txt` for id
    `a`, and `originals/a.txt/b.txt` for id `a.txt/b`, from `a.md` beside a folder `a.txt/`).

    The ids differ, so `_id_clashes` passes them, but one path cannot be a file and a folder:
    the build would stop half-written. Reported at the file whose path sorts later.
    """
    files: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        files.setdefault(original_url(article), article)
    problems = []
    for article in sorted(articles, key=lambda a: a.path):
        parts = original_url(article).split("/")
        for end in range(2, len(parts)):
            owner = files.get("/".join(parts[:end]))
            if owner is not None and owner.path != article.path:
                problems.append(_original_clash(owner, article, "/".join(parts[:end])))
    return problems


def _original_clash(owner: Article, nested: Article, where: str) -> Diagnostic:
    """The error for `owner`'s original at `where` and `nested`'s, which needs `where` as a folder."""
    later, other = (owner, nested) if owner.path > nested.path else (nested, owner)
    message = (f"id '{later.id}' cannot be published beside {other.path} (id '{other.id}'): "
               f"{where} would be both the original of {owner.path} and a folder holding that of {nested.path}; "
               "rename one of the two files or folders, or set a different 'id' in one's metadata")
    return Diagnostic("error", later.path, 0, message)


def _distinct_permalinks(articles: list[Article]) -> tuple[list[Article], list[Diagnostic]]:
    """Different stories with the same date and title each get a permalink of their own.

    Among the files that share one, the first by path keeps it and the others get `-2`, `-3`
    ... in path order, so the outcome depends only on the colliding files themselves.
    """
    by_url: dict[str, list[Article]] = {}
    for article in articles:
        by_url.setdefault(article.url, []).append(article)
    taken = set(by_url)
    moved: dict[str, Article] = {}
    problems = []
    for url, group in sorted(by_url.items()):
        group.sort(key=lambda a: a.path)
        for number, article in enumerate(group[1:], start=2):
            new = _suffixed(url, number, taken)
            taken.add(new)
            moved[article.path] = replace(article, url=new)
            message = (f"same date and title as {group[0].path} (permalink {url}): "
                       f"published at {new} instead")
            problems.append(Diagnostic("warning", article.path, 0, message))
    return [moved.get(a.path, a) for a in articles], problems


def _suffixed(url: str, number: int, taken: set[str]) -> str:
    """`2020/03/03/slug/` -> `2020/03/03/slug-2/` (the next number if an article has that one)."""
    while True:
        candidate = f"{url.rstrip('/')}-{number}/"
        if candidate not in taken:
            return candidate
        number += 1
