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
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = r"((?:19|20)\d\d)"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s+{_YEAR}\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{3}})")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b(?!,?\s+\d{{4}})")
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")

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
        for found in _full_dates(text):
            full[found] += 1
            first_line.setdefault(found, number)
        stripped = _strip_full_dates(text)
        for month, day in _partial_dates(stripped):
            partial[(month, day)] += 1
            first_line.setdefault((month, day), number)
        years.extend((int(y), number) for y in _YEAR_ONLY.findall(text))
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


def _full_dates(text: str) -> list[date]:
    found = [_valid(int(y), int(m), int(d)) for y, m, d in _ISO.findall(text)]
    for month, day, year in _MONTH_DAY_YEAR.findall(text):
        found.append(_valid(int(year), MONTHS[month.lower().rstrip(".")], int(day)))
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        found.append(_valid(int(year), MONTHS[month.lower().rstrip(".")], int(day)))
    return [d for d in found if d]


def _strip_full_dates(text: str) -> str:
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        text = pattern.sub(" ", text)
    return text


def _partial_dates(text: str) -> list[tuple[int, int]]:
    found = [(MONTHS[m.lower().rstrip(".")], int(d)) for m, d in _MONTH_DAY.findall(text)]
    found += [(MONTHS[m.lower().rstrip(".")], int(d)) for d, m in _DAY_MONTH.findall(text)]
    return [(m, d) for m, d in found if 1 <= d <= 31]
