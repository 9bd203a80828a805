"""Name keys: how two spellings of one name are recognised as the same.

Every stage compares names through `name_key`, so 'The Netherlands', 'Netherlands' and
'Zelensky’s' meet 'Netherlands' and 'Zelensky' without each module inventing its own rule.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..excerpt import ellipsis

_POSSESSIVE = re.compile(r"['’]s?$")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """Case-, accent-, punctuation- and article-insensitive key ('The U.S.' -> 'us')."""
    text = unicodedata.normalize("NFKD", name.strip())
    if not text.isascii():  # ASCII has no combining marks to drop
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = _POSSESSIVE.sub("", text)
    words = [w for w in _NON_WORD.split(text.replace(".", "")) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """A keyword-in-context line: the mention with about `width` characters either side."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    before, after = text[max(left, start - width):start], text[end:min(right, end + width)]
    if start - width > left:
        before = "…" + before.split(" ", 1)[-1]
    if end + width < right:
        after = ellipsis(after.rsplit(" ", 1)[0])
    return " ".join((before + text[start:end] + after).split())

