"""`python -m generator new "Title"`: start an article in the right place, in a format the readers know.

A contributor who is not a programmer should not have to copy an example and guess where it
goes. The article lands in `content/YYYY/` by its date, named `YYYY-MM-DD-<slug>` (the date
keeps two stories with the same headline apart), with its metadata filled in. The permalink
printed is the generator's own (`slugs.permalink`), and it is checked by reading the new file
back with the real reader: if that reader would reject it or give another address, nothing is
left behind. An existing file is never overwritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .model import Article
from .readers import READERS, SIDECAR_SUFFIXES, read_one
from .readers.base import SourceFile
from .slugs import NAME_MAX, permalink, slugify

FORMATS = ("markdown", "text")
MARKDOWN_BODY = """
Replace this paragraph with the article's text: the lede first, then a line starting with
`## ` for each section heading. A line `See also : <title of another article>` links to it.
"""
TEXT_BODY = """Replace these lines with the archived text, exactly as it was scraped.
Lines like "See also : <title of another article>" link to other articles.
"""
OPTIONAL_KEYS = """source:  # who published it, e.g. Example News
{url_key}:  # the address it was first published at
topics: []  # ids of curated topics from content/topics.yml
see_also: []  # other articles: a title, an article id or a URL
"""


class ScaffoldError(Exception):
    """A reason not to create the article, worded for the contributor."""


@dataclass(frozen=True)
class Created:
    path: Path  # the article file
    sidecar: Path | None
    article: Article  # as the real reader reads it back


def parse_day(text: str | None, today: date) -> date:
    if text is None:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScaffoldError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2021-03-09") from None


def stem_for(title: str, day: date) -> str:
    """`YYYY-MM-DD-<slug>`; a title with no letter or digit has no slug worth the name."""
    if not re.search(r"\w", title.replace("_", "")):
        raise ScaffoldError(f"the title '{title}' has no letters or digits to make an address from")
    # `YYYY-MM-DD-` and the longest extension (`.markdown`) must fit in one file name too
    room = NAME_MAX - len("YYYY-MM-DD-") - max(len(s) for s in (*READERS, *SIDECAR_SUFFIXES))
    return f"{day.isoformat()}-{slugify(title, max_bytes=room)}"


def _yaml_line(key: str, value) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000)


def markdown_files(title: str, day: date) -> dict[str, bytes]:
    front = _yaml_line("title", title) + _yaml_line("date", day) + OPTIONAL_KEYS.format(url_key="source_url")
    return {".md": f"---\n{front}---\n{MARKDOWN_BODY}".encode()}


def text_files(title: str, day: date) -> dict[str, bytes]:
    sidecar = _yaml_line("title", title) + _yaml_line("date", day) + OPTIONAL_KEYS.format(url_key="url")
    return {".txt": TEXT_BODY.encode(), ".yml": sidecar.encode()}


def create(content_dir: Path, title: str, day: date, fmt: str = "markdown") -> Created:
    if fmt not in FORMATS:
        raise ScaffoldError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    files = markdown_files(title, day) if fmt == "markdown" else text_files(title, day)
    return _place(content_dir, stem_for(title, day), day, files, permalink(day, title))


def import_page(content_dir: Path, page: Path, title: str | None, day: date | None) -> Created:
    """Copy a saved page (or any file a reader knows) into the archive, as it was saved.

    The reader for its extension reads it first, in memory, for the title and date it would
    find; what the contributor gives on the command line goes into a sidecar and wins.
    """
    suffix = page.suffix.lower()
    if suffix not in READERS:
        raise ScaffoldError(f"this generator has no reader for '{suffix}' files (it reads {', '.join(READERS)}); "
                            "paste the text into a new article instead: --format text")
    try:
        data = page.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {page}: {exc.strerror or exc}") from None
    found = _read_back(SourceFile(page.name, data))
    title, day = title or found.title, day or found.date
    if day is None:
        raise ScaffoldError(f"no date found in {page.name}: give one with --date YYYY-MM-DD")
    files = {suffix: data}
    if title != found.title or day != found.date:
        files[".yml"] = (_yaml_line("title", title) + _yaml_line("date", day)).encode()
    return _place(content_dir, stem_for(title, day), day, files, permalink(day, title))


def _place(content_dir: Path, stem: str, day: date, files: dict[str, bytes], expected: str) -> Created:
    """Write the files (never over an existing one), read them back, and undo it all if wrong."""
    folder = content_dir / f"{day.year:04d}"
    targets = {suffix: folder / f"{stem}{suffix}" for suffix in files}
    taken = [p for p in targets.values() if p.exists()] + _same_id(content_dir, stem, folder)
    if taken:
        raise ScaffoldError(f"{taken[0]} already exists: nothing was written (choose another title or date)")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for suffix, path in targets.items():
            with open(path, "xb") as handle:  # "x": fail rather than overwrite, even in a race
                written.append(path)
                handle.write(files[suffix])
        article = _read_back(_source(content_dir, targets))
        if article.url != expected:
            raise ScaffoldError(f"the reader gives the permalink {article.url}, not {expected}")
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    article_path = next(p for s, p in targets.items() if s in READERS)
    return Created(article_path, targets.get(".yml"), article)


def _same_id(content_dir: Path, stem: str, folder: Path) -> list[Path]:
    """An article elsewhere with the same file name would share its id."""
    return sorted(p for p in content_dir.rglob(f"{stem}.*") if p.parent != folder and p.suffix.lower() in READERS)


def _source(content_dir: Path, targets: dict[str, Path]) -> SourceFile:
    article = next(p for s, p in targets.items() if s in READERS)
    sidecar = targets.get(".yml")
    relative = lambda p: p.relative_to(content_dir).as_posix()  # noqa: E731
    return SourceFile(relative(article), article.read_bytes(),
                      relative(sidecar) if sidecar else None, sidecar.read_bytes() if sidecar else None)


def _read_back(source: SourceFile) -> Article:
    article, problems = read_one(source)
    errors = [str(d) for d in problems if d.is_error]
    if article is None or errors:
        raise ScaffoldError("the reader rejects it: " + "; ".join(errors or ["no article"]))
    return article
