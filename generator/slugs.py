"""Slugs and permalinks: the only place URLs are made from titles, so they stay stable."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from pathlib import PurePosixPath

_NON_WORD = re.compile(r"[\W_]+")
MAX_SLUG = 80
NAME_MAX = 255  # bytes in one file or folder name (ext4, APFS, NTFS, tmpfs)
# 80 characters of 1-3 bytes (every script but the rarest CJK and emoji) fit in 240 bytes, so
# no slug that built before this cap changes; the 15 bytes left hold the longest suffix added
# to a slug: a permalink's `-2`, `-3` ... or an automatic topic's `-organisation-9`.
MAX_SLUG_BYTES = 240


def slugify(text: str, max_length: int = MAX_SLUG, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """Lowercase letters and digits joined by hyphens; safe as one path segment anywhere.

    Accents are folded (Café -> cafe) but other scripts are kept (Москва -> москва): dropping
    them would give every Cyrillic or Greek title the same slug. Long slugs end at a hyphen
    within `max_length` characters and `max_bytes` UTF-8 bytes: file systems count a name in
    bytes, and 80 characters of 4 bytes each would make a folder name no system accepts.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "").replace("'", ""))
    # ASCII has no combining marks: most titles and names skip the loop over their characters.
    folded = decomposed if decomposed.isascii() else "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_WORD.sub("-", unicodedata.normalize("NFC", folded).lower()).strip("-")
    cut = _within_bytes(slug[:max_length], max_bytes)
    if cut != slug:
        slug = cut.rsplit("-", 1)[0] or cut
    return slug or "untitled"


def utf8_length(text: str) -> int:
    """Bytes of `text` in UTF-8, counting a lone surrogate (a broken title) as the 3 bytes
    surrogatepass gives it, so measuring never fails where encoding would."""
    return len(text) if text.isascii() else sum(_char_bytes(c) for c in text)


def _char_bytes(char: str) -> int:
    code = ord(char)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _within_bytes(text: str, max_bytes: int) -> str:
    """The longest start of `text` that fits in `max_bytes`, cut between characters."""
    if len(text) * 4 <= max_bytes or utf8_length(text) <= max_bytes:
        return text
    used = 0
    for index, char in enumerate(text):
        used += _char_bytes(char)
        if used > max_bytes:
            return text[:index]
    return text


def fit_name(base: str, suffix: str, max_bytes: int = NAME_MAX) -> str:
    """`base + suffix`, with `base` cut (between characters) so the name fits in one file name."""
    return _within_bytes(base, max_bytes - utf8_length(suffix)) + suffix


def permalink(day: date | None, title: str) -> str:
    """`YYYY/MM/DD/<slug>/` from the article's own date and title, never from its neighbours.

    Depending only on the article itself keeps every link stable when other articles are
    added or removed; two articles with the same date and title are reported as a clash.
    The year has four digits, as in ISO dates (`0001/01/01/`): strftime's `%Y` writes year 1
    as `1` on Linux, a folder that search and the build's shards do not take for a year.
    """
    if day is None:
        return f"undated/{slugify(title)}/"
    return f"{year_folder(day)}/{day:%m/%d}/{slugify(title)}/"


def year_folder(day: date) -> str:
    """The year as permalinks, search filters and shards spell it: four digits, `0999`, `2021`."""
    return f"{day.year:04d}"


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
