"""What both readers share: decoding bytes honestly and turning parsed parts into an Article."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..infer import infer_date
from ..model import Article, Diagnostic, Reference, Section
from ..slugs import is_safe_id, path_id, permalink
from .metadata import SPLITLINES_ONLY, Metadata, line_of, parse_yaml_mapping

# The target is stripped in `reference_from`: '(.+?)\s*$' tried every split of a long line.
REFERENCE_LINE = re.compile(r"\s*(see also|see more)\s*:(.*)", re.IGNORECASE)


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


# Byte-order marks of the wide encodings, the 4-byte ones first: UTF-32-LE's (FF FE 00 00) starts
# with UTF-16-LE's (FF FE); a UTF-16 text starting with U+0000 would be refused either way.
WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
             (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))
LINE_END = re.compile(r"\r\n|\r|\n")
IN_LINE_BREAK = re.compile(f"[{SPLITLINES_ONLY}]")
AS_SPACE = dict.fromkeys(map(ord, SPLITLINES_ONLY), " ")


def _wide(data: bytes) -> tuple[str, str] | None:
    """(text, encoding's name) of a UTF-32 or UTF-16 file, told by its BOM; None for any other."""
    for bom, codec, name in WIDE_BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), name
    return None


def binary_problem(data: bytes, path: str) -> Diagnostic | None:
    """NUL bytes mean the file is not text (an image or a word-processor file renamed `.txt`).

    Every byte decodes as Windows-1252 or Latin-1, so without this check such a file would be
    published as an article of mojibake. UTF-16 and UTF-32 text (which have NUL bytes in every
    character) are read by their BOM, and refused the same way when what they decode to holds a
    NUL character: no decoding may bring one into an article.
    """
    wide = _wide(data)
    if wide is None and b"\x00" not in data:
        return None
    text = wide[0] if wide is not None else data.decode("latin-1")  # a character a byte: the same line ends
    if "\x00" not in text:
        return None
    return Diagnostic("error", path, line_of(text, text.index("\x00")), "not a text file (it holds NUL bytes): not read as an article")


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM); UTF-32 or UTF-16 by their BOM; otherwise Windows-1252, then
    Latin-1, with a warning.

    Scrapes from older sites are often Windows-1252. Decoding them with a warning that names
    the first bad byte keeps the article in the archive instead of dropping it; Latin-1 maps
    every byte, so nothing is ever lost.
    """
    wide = _wide(data)
    if wide is not None:
        text, name = wide
        return text, [Diagnostic("warning", path, 1, f"{name} text: please re-save the file as UTF-8")]
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
    r"""(line number, line) pairs, whatever the line endings (`\n`, `\r\n` or `\r`).

    Only those end a line, as in an editor and on GitHub: `str.splitlines` also splits at
    vertical tabs, form feeds, \x1c-\x1e, NEL (\x85) and U+2028/U+2029, which would put every
    line number after one of them out by one. Those stay in their line, as a space: what an
    editor shows of them, and never a line break in a title, a heading or front matter.
    """
    if IN_LINE_BREAK.search(text):
        text = text.translate(AS_SPACE)
    lines = text.split("\n") if "\r" not in text else LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()  # the line end of the last line opens no line of its own (nor does an empty text)
    return list(enumerate(lines, start=1))


def reference_from(line_number: int, line: str) -> Reference | None:
    match = REFERENCE_LINE.match(line)
    target = match.group(2).strip() if match else ""
    if not target:
        return None
    kind = "see also" if match.group(1).lower() == "see also" else "see more"
    return Reference(kind=kind, target=target, line=line_number)


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
