"""Inference of what raw archived text does not say: headline lines, the title and the date.

Each function returns the value *and* the line it was inferred from, so the reader can tell the
contributor exactly what it guessed and where (a warning, never silence).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names factored by prefix and anchored on a capital: the scanner skips most positions
# at the first character, which keeps date inference cheap on long archives.
_MONTH = r"(?=[JFMASOND])(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
_MENTION = re.compile(_MONTH + r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{1,2}\b)?)?(?:,?\s+((?:19|20)\d\d)\b)?")
_DAY_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+$")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

HEADLINE_MAX_CHARS = 120
HEADLINE_MAX_WORDS = 16
TITLE_MAX_CHARS = 80


def is_headline(line: str) -> bool:
    """A short line without a closing full stop that starts like a headline.

    Scraped news text loses its markup; what survives of a section heading is a line much
    shorter than a paragraph that does not end as a sentence does ('?' and '!' are allowed:
    'G7 support for Ukraine not affected by Hamas-Israel conflict?').
    """
    text = line.strip()
    if not text or len(text) > HEADLINE_MAX_CHARS or len(text.split()) > HEADLINE_MAX_WORDS:
        return False
    if text[-1] in ".:;,\"'”’)" or text.endswith("..."):
        return False
    first = text[0]
    return first.isupper() or first.isdigit()


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first sentence, cut at a word boundary: a readable stand-in title."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_date(lines: list[tuple[int, str]]) -> tuple[date, int, str] | None:
    """Guess the publication date from the dates the text itself mentions.

    News copy dates its events relative to the day of writing: the day named most often is the
    news day, and the latest year named is its year ('on November 7 ... since November 2022'
    gives 2023-11-07 when 2023 is the latest year). A full date written out wins over that.
    Returns (date, line, evidence) or None when the text names no usable date.
    """
    full: Counter[date] = Counter()
    partial: Counter[tuple[int, int]] = Counter()
    first_line: dict[object, int] = {}
    years: list[tuple[int, int]] = []
    for number, text in lines:
        for key in _mentions(text):
            (full if isinstance(key, date) else partial)[key] += 1
            first_line.setdefault(key, number)
        years.extend((int(y), number) for y in _YEAR.findall(text))
    if full:
        best = max(full, key=lambda d: (full[d], d))
        return best, first_line[best], best.isoformat()
    if not partial or not years:
        return None
    year, year_line = max(years)
    (month, day), _ = max(partial.items(), key=lambda item: (item[1], item[0]))
    found = _valid(year, month, day)
    if found is None:
        return None
    evidence = f"{found:%B} {day} (most often named) and {year} (latest year, line {year_line})"
    return found, first_line[(month, day)], evidence


def _mentions(text: str) -> list[date | tuple[int, int]]:
    """Full dates as `date`, day-and-month mentions as (month, day), in one scan of the line."""
    found: list[date | tuple[int, int]] = []
    if "-" in text:
        found += [d for d in (_valid(int(y), int(m), int(dd)) for y, m, dd in _ISO.findall(text)) if d]
    for match in _MENTION.finditer(text):
        month = MONTHS[match.group(1).lower()]
        day = match.group(2)
        if day is None:
            before = _DAY_BEFORE.search(text, max(0, match.start() - 8), match.start())
            day = before.group(1) if before else None
        if day is None or not 1 <= int(day) <= 31:
            continue
        year = match.group(3)
        full = _valid(int(year), month, int(day)) if year else None
        found.append(full or (month, int(day)))
    return found
