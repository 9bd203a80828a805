"""What both readers share: decoding bytes honestly and turning parsed parts into an Article."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..infer import infer_date
from ..model import Article, Diagnostic, Reference, Section
from ..slugs import is_safe_id, path_id, permalink
from .metadata import Metadata, parse_yaml_mapping

REFERENCE_LINE = re.compile(r"^\s*(see also|see more)\s*:\s*(.+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SourceFile:
    """A content file as found on disk: its path relative to the content folder and its bytes."""

    path: str
    data: bytes
    sidecar_path: str | None = None
    sidecar_data: bytes | None = None

    def fingerprint(self) -> bytes:
        """Everything the article read from this file depends on (the code aside)."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (self.path.encode(), self.data, (self.sidecar_path or "").encode(), self.sidecar_data or b""):
            digest.update(len(part).to_bytes(8, "little") + part)
        return digest.digest()


def binary_problem(data: bytes, path: str) -> Diagnostic | None:
    """NUL bytes mean the file is not text (an image or a word-processor file renamed `.txt`).

    Every byte decodes as Windows-1252 or Latin-1, so without this check such a file would be
    published as an article of mojibake; UTF-16 text (which has NULs too) is read by its BOM.
    """
    if b"\x00" not in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    line = data[: data.index(b"\x00")].count(b"\n") + 1
    return Diagnostic("error", path, line, "not a text file (it holds NUL bytes): not read as an article")


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM); otherwise Windows-1252, then Latin-1, with a warning.

    Scrapes from older sites are often Windows-1252. Decoding them with a warning that names
    the first bad byte keeps the article in the archive instead of dropping it; Latin-1 maps
    every byte, so nothing is ever lost.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return text, [Diagnostic("warning", path, 1, "UTF-16 text: please re-save the file as UTF-8")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        for fallback in ("cp1252", "latin-1"):
            try:
                text = data.decode(fallback)
            except UnicodeDecodeError:
                continue
            message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); decoded as {fallback}: please re-save the file as UTF-8"
            return text, [Diagnostic("warning", path, line, message)]
    raise AssertionError("latin-1 decodes every byte")


def split_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) pairs, whatever the line endings."""
    return list(enumerate(text.splitlines(), start=1))


def reference_from(line_number: int, line: str) -> Reference | None:
    match = REFERENCE_LINE.match(line)
    if not match:
        return None
    kind = "see also" if match.group(1).lower() == "see also" else "see more"
    return Reference(kind=kind, target=match.group(2), line=line_number)


def listed_references(meta: Metadata) -> list[Reference]:
    targets = meta.values.get("see_also") or []
    lines = meta.item_lines.get("see_also") or [meta.lines.get("see_also", 0)] * len(targets)
    return [Reference("listed", target, line) for target, line in zip(targets, lines)]


def article_id(path: str, meta: Metadata) -> tuple[str, list[Diagnostic]]:
    """The metadata `id`, else the path's (`slugs.path_id`); it becomes a file name, so it must be safe."""
    value = meta.values.get("id") or path_id(path)
    if is_safe_id(value):
        return value, []
    line = meta.lines.get("id", 0)
    message = (f"id '{value}' is not usable: use letters, digits, '.', '_' or '-', with '/' between "
               "folders (at most 200, no '..'); rename the file or set 'id' in its metadata")
    return value, [Diagnostic("error", meta.paths.get("id", path), line, message)]


def make_article(path: str, fmt: str, meta: Metadata, title: str, sections: list[Section],
                 references: list[Reference], inferred: set[str],
                 title_as_written: str | None = None) -> tuple[Article, list[Diagnostic]]:
    """Assemble the immutable Article; the permalink depends only on its own date and title."""
    ident, problems = article_id(path, meta)
    if not title.strip(" .…"):  # a text of dots and dashes has no sentence to name it by
        title = f"Untitled ({PurePosixPath(path).name})"
    day = meta.values.get("date")
    article = Article(
        id=ident,
        title=title,
        date=day,
        path=path,
        format=fmt,  # type: ignore[arg-type]
        sections=tuple(sections),
        references=tuple(references) + tuple(listed_references(meta)),
        source=meta.values.get("source"),
        author=meta.values.get("author"),
        source_url=meta.values.get("source_url") or meta.values.get("url"),
        language=meta.values.get("language"),
        summary=meta.values.get("summary"),
        topics=tuple(meta.values.get("topics") or ()),
        topic_lines=tuple(meta.item_lines.get("topics") or [meta.lines.get("topics", 0)] * len(meta.values.get("topics") or ())),
        inferred=tuple(sorted(inferred)),
        url=permalink(day, title),
        title_as_written=title_as_written,
    )
    return article, problems


def read_sidecar(source: SourceFile) -> tuple[Metadata, list[Diagnostic]]:
    """The optional `<stem>.yml` beside an article; its keys override the article's own."""
    if source.sidecar_data is None or source.sidecar_path is None:
        return Metadata(), []
    text, problems = decode(source.sidecar_data, source.sidecar_path)
    meta, more = parse_yaml_mapping(text, source.sidecar_path, 1)
    return meta, problems + more


def infer_missing_date(lines, meta: Metadata, path: str, inferred: set[str],
                       problems: list[Diagnostic]) -> Metadata:
    """Fill in the date from the text when no metadata gives one, saying so; else 'undated'."""
    if "date" in meta.values:
        return meta
    year = meta.values.get("year")
    found = infer_date(lines, year)
    if found is None:
        given = f"only the year {year} given" if year else "no date given"
        problems.append(Diagnostic("warning", path, meta.lines.get("year", 0), f"{given} and no day found in the text: published under 'undated' (set 'date' in the metadata)"))
        return meta
    day, line, evidence = found
    inferred.add("date")
    problems.append(Diagnostic("warning", path, line, f"date inferred as {day.isoformat()} from {evidence}"))
    return Metadata({**meta.values, "date": day}, meta.lines, meta.item_lines, meta.paths)
