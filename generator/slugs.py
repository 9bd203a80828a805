"""Slugs and permalinks: the only place URLs are made from titles, so they stay stable."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from pathlib import PurePosixPath

_NON_WORD = re.compile(r"[\W_]+")
MAX_SLUG = 80


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Lowercase letters and digits joined by hyphens; safe as one path segment anywhere.

    Accents are folded (Café -> cafe) but other scripts are kept (Москва -> москва): dropping
    them would give every Cyrillic or Greek title the same slug.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "").replace("'", ""))
    # ASCII has no combining marks: most titles and names skip the loop over their characters.
    folded = decomposed if decomposed.isascii() else "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_WORD.sub("-", unicodedata.normalize("NFC", folded).lower()).strip("-")
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


SAFE_ID_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_ID = 200


def is_safe_id(value: str) -> bool:
    """Ids become file names (originals/<id>.txt): folders joined by '/', each part a plain
    name (no dot-dot, no hidden or empty parts, no backslash), so no id can leave its folder."""
    if not value or len(value) > MAX_ID:
        return False
    return all(SAFE_ID_PART.match(part) and ".." not in part for part in value.split("/"))


_UNSAFE_ID_RUN = re.compile(r"[^A-Za-z0-9._-]+")
ID_PART_MAX = 60


def path_id(path: str) -> str:
    """The default id: the path without its extension, each folder and name made id-safe.

    A name that is already safe is kept as it is (`business/001.txt` -> `business/001`);
    another (`My story (1).txt`, `Москва.txt`) is spelt with safe characters and tagged with
    a short hash of its own spelling, so two names never meet on one id and an id never
    depends on any other file.
    """
    pure = PurePosixPath(path)
    parts = (pure.with_suffix("") if pure.suffix and pure.stem else pure).parts
    return "/".join(_safe_part(part) for part in parts)


def _safe_part(part: str) -> str:
    if SAFE_ID_PART.match(part) and ".." not in part and len(part) <= ID_PART_MAX:
        return part
    folded = "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
    cleaned = re.sub(r"\.{2,}", ".", _UNSAFE_ID_RUN.sub("-", folded)).strip("-._")[:ID_PART_MAX].strip("-._")
    digest = hashlib.blake2b(part.encode("utf-8", "surrogatepass"), digest_size=3).hexdigest()
    return f"{cleaned}-{digest}" if cleaned else f"id-{digest}"


def original_url(article) -> str:
    """Where an article's archived file is published as plain text (served as text, never as
    HTML): `originals/<id>.txt`."""
    return f"originals/{article.id}.txt"
