"""Slugs and permalinks: the only place URLs are made from titles, so they stay stable."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """ASCII, lowercase, hyphen-separated; safe as one path segment on any file system."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", folded.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "untitled"


def permalink(day: date | None, title: str) -> str:
    """`YYYY/MM/DD/<slug>/` from the article's own date and title, never from its neighbours.

    Depending only on the article itself keeps every link stable when other articles are
    added or removed; two articles with the same date and title are reported as a clash.
    """
    if day is None:
        return f"undated/{slugify(title)}/"
    return f"{day:%Y/%m/%d}/{slugify(title)}/"


SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def is_safe_id(value: str) -> bool:
    """Ids become file names (originals/<id>.txt): no separators, no dot-dot, no hidden files."""
    return bool(SAFE_ID.match(value)) and ".." not in value
