"""Reader for raw archived text, kept byte-for-byte as scraped, plus an optional YAML sidecar.

The text has no markup. Its layout (one paragraph per line, or hard-wrapped: `layout.py`) gives
the paragraphs; then the top of the file is read as scrapes and wire copy write it (a source URL
line, a date line, the headline, a dateline opening the lede), short headline-like paragraphs
open sections, `See also : <title>` and `See more : <title>` lines are references, photo
captions are marked as such, and a trailing run of site chrome or an agency sign-off
(`Source link`, `Comment (0)`, `Reuter`) is dropped. What the text does not say (title, date) is
inferred and reported.
"""
from __future__ import annotations

import re
from datetime import date

from ..infer import (DATELINE, dateline, header_date, is_all_caps, is_headline, latest_year, path_year,
                     recase, shorten, url_date)
from ..model import Article, Block, Diagnostic, Reference, Section
from .base import (SourceFile, binary_problem, decode, infer_missing_date, make_article, read_sidecar,
                   reference_from, split_lines)
from .layout import WRAP_SLACK, Paragraph, paragraphs
from .metadata import Metadata

CHROME_LINE = re.compile(r"^\s*(source link|comments?\s*\(\d+\)|share|print)\s*$", re.IGNORECASE)
SIGN_OFF = re.compile(r"^\s*(\(?(reuters?|ap|afp|upi|dpa|xinhua)\)?|-+\s*\w+\s*-+)\s*$", re.IGNORECASE)
URL_LINE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
CAPTION_START = re.compile(
    r"(photo|picture|image|caption|pictured|file photo|photograph)\s*+(\([^)]*\)\s*+)?[:|–—-]\s", re.IGNORECASE)  # spaces taken once
CAPTION_END = re.compile(
    r"\((AP|Reuters|AFP|Getty|EPA|PA)( Photo| Images)?(/[^)]*)?\)\s*$|\b(REUTERS|AFP|EPA)/[A-Z][\w.' -]+$"
    r"|\b(Photo(graph)?|Picture|Credit)\s*:\s*[^.]+$", re.IGNORECASE)
CAPTION_TAIL = 90  # a credit stands at the end of a caption: only its last characters are searched


def is_caption(text: str) -> bool:
    """'Photo: …', '… (AP Photo/Name)', '… REUTERS/Name', '… Photograph: Agency'."""
    if CAPTION_START.match(text):
        return True
    tail = text[-CAPTION_TAIL:]
    return ("/" in tail or ":" in tail or "(" in tail) and bool(CAPTION_END.search(tail))
DATE_PREFIX = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}\s*[-–—:]\s*(?=\w)")  # '27 / 09 / 2013-Headline'
HEADER_SPAN = 7  # the first paragraphs that may be a URL, date, headline or deck line
TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200


def read_text(source: SourceFile) -> tuple[Article | None, list[Diagnostic]]:
    binary = binary_problem(source.data, source.path)
    if binary is not None:
        return None, [binary]
    text, problems = decode(source.data, source.path)
    meta, meta_problems = read_sidecar(source)
    problems += meta_problems
    found, width = paragraphs(_drop_trailing_chrome(split_lines(text)))
    found, url, dated = _header(found)
    if not any(reference_from(p.line, p.text) is None for p in found):
        problems.append(Diagnostic("error", source.path, 0, "empty article: no text once site chrome is removed"))
        return None, problems
    if url and not (meta.values.get("source_url") or meta.values.get("url")):
        meta = _with(meta, "source_url", url[1], url[0], source.path)
    inferred: set[str] = set()
    title, as_written, body = _title(found, meta, source.path, inferred, problems, width, bool(url))
    found, title_first = _join_dateline(body), len(body) < len(found)
    sections, references = _sections(found, width, title_first)
    lines = [(p.line, p.text) for p in found]
    meta = _date(meta, dated, found, url, lines, source.path, inferred, problems)
    article, id_problems = make_article(source.path, "text", meta, title, sections, references, inferred,
                                        title_as_written=as_written)
    return article, problems + id_problems


def _with(meta: Metadata, key: str, value, line: int, path: str) -> Metadata:
    return Metadata({**meta.values, key: value}, {**meta.lines, key: line}, meta.item_lines, {**meta.paths, key: path})


def _drop_trailing_chrome(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Site chrome and an agency sign-off ('Reuter', '(AP)') at the end are not the story."""
    end = len(lines)
    while end and (not lines[end - 1][1].strip() or CHROME_LINE.match(lines[end - 1][1])
                   or SIGN_OFF.match(lines[end - 1][1])):
        end -= 1
    return lines[:end]


def _header(found: list[Paragraph]):
    """Take a source URL line and date lines off the top of the file (scrapes keep them there)."""
    url, dated, kept = None, None, []
    for index, paragraph in enumerate(found):
        if index >= HEADER_SPAN or paragraph.lines > 1:
            kept.extend(found[index:])
            break
        if url is None and not kept and URL_LINE.match(paragraph.text):
            url = (paragraph.line, paragraph.text)
        elif (day := header_date(paragraph.text)) is not None:
            dated = dated or (day, paragraph.line, paragraph.text)
        else:
            kept.append(paragraph)
    return kept, url, dated


def _title(found: list[Paragraph], meta: Metadata, path: str, inferred: set[str], problems: list[Diagnostic],
           width: int | None, scraped: bool):
    """Metadata title; else a headline first line; else the first heading; else the lede.

    Returns (title, the headline as written when it is shown recased, the remaining paragraphs).
    """
    if meta.values.get("title"):
        title = meta.values["title"]
        if len(found) > 1 and found[0].lines == 1 and _same_words(found[0].text, title):
            return title, None, found[1:]  # the scrape's headline line, which the sidecar repeats
        return title, None, found
    inferred.add("title")
    first = found[0]
    if len(found) > 1 and _is_title_line(first, width, scraped):
        written = DATE_PREFIX.sub("", first.text.rstrip(".") if first.text.count(".") == 1 else first.text)
        shown = recase(written, _body_words(found[1:])) if is_all_caps(written) else written
        problems.append(Diagnostic("warning", path, first.line, f"title inferred from the first line: '{written}'"))
        return shown, (written if shown != written else None), found[1:]
    for index, paragraph in enumerate(found[1:-1], start=1):
        if _is_heading(paragraph, width, found[index + 1], found[index - 1]):
            problems.append(Diagnostic("warning", path, paragraph.line, f"no title given; using the first section heading '{paragraph.text}' (set 'title' in a sidecar .yml)"))
            return paragraph.text, None, found
    first = next((p for p in found if len(p.text.split()) >= 4 and not reference_from(p.line, p.text)), first)
    title = shorten(first.text)
    problems.append(Diagnostic("warning", path, first.line, f"no title given; using the first sentence '{title}' (set 'title' in a sidecar .yml)"))
    return title, None, found


def _same_words(line: str, title: str) -> bool:
    """The same headline, whatever its case, spacing or final full stop."""
    return " ".join(line.split()).rstrip(".").casefold() == " ".join(str(title).split()).rstrip(".").casefold()


def _is_title_line(paragraph: Paragraph, width: int | None, scraped: bool) -> bool:
    """A one-line first paragraph that reads as a headline (below a scrape's URL line, any short
    line does: scrapes put the headline there, full stop or not)."""
    text = paragraph.text
    if paragraph.lines > 1 or len(text) > TITLE_MAX_CHARS:
        return False
    words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 2]
    if len(words) < 2 or reference_from(paragraph.line, text) \
            or (dateline(text) and (len(words) > HEADING_MAX_WORDS or not DATELINE.sub("", text).strip())):
        return False
    if width is not None and len(text) >= width - WRAP_SLACK:
        return False
    if is_headline(text) or (is_all_caps(text) and len(text.split()) <= TITLE_MAX_WORDS):
        return True
    return scraped and len(text.split()) <= TITLE_MAX_WORDS and text.count(".") <= 1 \
        and next((c for c in text if c.isalnum()), "a")[0] not in "abcdefghijklmnopqrstuvwxyz"


def _body_words(found: list[Paragraph]) -> str:
    """The body's words for recasing a headline, without datelines (written in capitals)."""
    return "\n".join(DATELINE.sub("", p.text) for p in found)


def _join_dateline(found: list[Paragraph]) -> list[Paragraph]:
    """A dateline on a line of its own ('Mumbai, Nov 11 -') starts the lede that follows it."""
    if len(found) > 1 and dateline(found[0].text) and not DATELINE.sub("", found[0].text).strip():
        merged = Paragraph(found[0].line, f"{found[0].text} {found[1].text}", found[0].lines + found[1].lines)
        return [merged] + found[2:]
    return found


QUESTION_OPENERS = {"why", "what", "how", "who", "where", "when", "which", "is", "are", "was", "were", "do",
                    "does", "did", "can", "could", "will", "would", "should", "has", "have", "so", "and",
                    "but", "or", "to", "having", "another", "any", "anyone", "isn't", "aren't", "don't"}
HEADING_MAX_WORDS = 12  # subheads are short; a longer line without a full stop is a sentence
OPEN_ENDINGS = {"or", "and", "but", "the", "a", "an", "of", "to", "that", "with", "for", "in", "on", "by"}


def _is_heading(paragraph: Paragraph, width: int | None, following: Paragraph | None = None,
                before: Paragraph | None = None) -> bool:
    """Only a paragraph of one short headline-like line, followed by text: never a dateline, a
    date line, a caption, an exclamation, a question put as a sentence or an item of a list."""
    text = paragraph.text
    if paragraph.lines > 1 or not is_headline(text) or dateline(text) or is_caption(text) \
            or reference_from(paragraph.line, text) or text.endswith("!") \
            or (any(c.isdigit() for c in text) and header_date(text)):
        return False
    words = text.lower().split()
    if len(words) > HEADING_MAX_WORDS or words[-1].strip("?") in OPEN_ENDINGS \
            or (text.endswith("?") and (not 6 <= len(words) <= 10 or words[0] in QUESTION_OPENERS)):
        return False
    if any(other is not None and is_headline(other.text) and reference_from(other.line, other.text) is None
           for other in (following, before)):
        return False
    return width is None or len(text) < width - WRAP_SLACK


def _sections(found: list[Paragraph], width: int | None, title_first: bool) -> tuple[list[Section], list[Reference]]:
    """Group paragraphs into sections; headline-like lines right under the headline are its deck."""
    sections: list[Section] = []
    heading, heading_line, blocks = None, found[0].line, []
    references: list[Reference] = []
    seen_text = not title_first
    for index, paragraph in enumerate(found):
        number, text = paragraph.line, paragraph.text
        reference = reference_from(number, text) if paragraph.lines == 1 else None
        if reference is not None:
            references.append(reference)
            blocks.append(Block(line=number, reference=reference))
        elif index > 0 and seen_text and index + 1 < len(found) and _is_heading(paragraph, width, found[index + 1], found[index - 1]):
            if heading is not None or blocks:
                sections.append(Section(heading, heading_line, tuple(blocks)))
            heading, heading_line, blocks = text, number, []
        else:
            kind = "caption" if is_caption(text) else "paragraph"
            blocks.append(Block(line=number, text=text, kind=kind))
            seen_text = seen_text or not is_headline(text)
    sections.append(Section(heading, heading_line, tuple(blocks)))
    return sections, references


def _date(meta: Metadata, dated, found: list[Paragraph], url, lines, path: str, inferred: set[str],
          problems: list[Diagnostic]) -> Metadata:
    """The metadata date; else the file's date line; else its dateline's day and month in the
    year the folders, the URL or the text give; else a date in the URL; else the text's."""
    if "date" in meta.values:
        return meta
    from_url = url_date(url[1]) if url else None
    found_date = None
    if dated:
        found_date = (dated[0], dated[1], f"the date line '{dated[2]}'")
    elif found and isinstance(opening := dateline(found[0].text), tuple):
        year = meta.values.get("year") or path_year(path) or (from_url.year if from_url else None) \
            or latest_year(lines)
        day = _real_date(year, *opening) if year else None
        if day is not None:
            found_date = (day, found[0].line, f"the dateline ({day:%B} {day.day}) and the year {year}")
    if found_date is None and from_url is not None:
        found_date = (from_url, url[0], "the source URL")
    if found_date is None:
        return infer_missing_date(lines, meta, path, inferred, problems)
    day, line, evidence = found_date
    inferred.add("date")
    problems.append(Diagnostic("warning", path, line, f"date inferred as {day.isoformat()} from {evidence}"))
    return _with(meta, "date", day, line, path)


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
