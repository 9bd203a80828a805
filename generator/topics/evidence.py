"""Evidence of kind for one occurrence of a name: its own words and the words around it.

Each clue adds a weight to a kind; the article, then the archive, sums them and the heaviest
kind wins. Strong clues (a title, an organisational word, a country) weigh 3; context words
weigh less, so 'Russia said' stays a place although people also say things.

Scores are plain dicts of kind -> weight, summed with `add` and `merge`: an article builds
hundreds of small score sets, and a Counter costs several times a dict to create and update.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import country_codes, place_kind
from .lexicon import (PARTICLES, VENUE_WORDS, COMPASS_PLACES, EVENT_WORDS, ORG_APPOSITION, ORG_LEFT, PERSON_LEFT, GEO_WORDS, MEDIA_LEFT, MEDIA_RIGHT, ORG_RIGHT, ORG_WORDS, PLACE_LEFT,
                      PLACE_RIGHT, ROLE_NOUNS, SPEECH_VERBS, THEME_RIGHT)
from .names import name_key
from .tokens import Token

_NEXT_WORDS = re.compile(r"^\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?")
_APPOSITION = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|[A-Z]\w+['’]s\s+)?([a-z-]+)(?:\s+([a-z-]+))?")

Scores = dict[str, float]  # kind -> summed weight


def add(scores: Scores, kind: str, weight: float) -> None:
    scores[kind] = scores.get(kind, 0) + weight


def merge(scores: Scores, more: Scores) -> None:
    """Add every weight of `more` to `scores`, as Counter.update would."""
    for kind, weight in more.items():
        scores[kind] = scores.get(kind, 0) + weight


def name_evidence(words: list[Token], key: str) -> Scores:
    """Clues in the name itself: organisational and geographic words, gazetteer, acronyms.

    The same for every mention of the same words, so kept per process: a shared dict that
    callers must not change (they `merge` it into their own)."""
    return _name_evidence(tuple([(t.text, t.acronym) for t in words]), key)


@lru_cache(maxsize=1 << 16)
def _name_evidence(words: tuple[tuple[str, bool], ...], key: str) -> Scores:
    scores: Scores = {}
    texts = [text for text, _ in words]
    if not ORG_WORDS.isdisjoint(texts[1:]) or (len(texts) > 1 and texts[0] in ORG_WORDS):
        add(scores, "organisation", 3)
    if not EVENT_WORDS.isdisjoint(texts):
        add(scores, "theme", 3)
    if texts[-1] in GEO_WORDS or key in COMPASS_PLACES or not VENUE_WORDS.isdisjoint(texts):
        add(scores, "place", 3)
    gazetteer = place_kind(key)
    if gazetteer:
        add(scores, "place", gazetteer)
    if len(texts) > 1 and texts[0] == "The" and not scores:
        add(scores, "organisation", 1)  # 'The Lancet', 'The Economist': titles of papers and bodies
    elif len(texts) > 1 and not scores and any(place_kind(name_key(w)) >= 3 for w in texts):
        add(scores, "organisation", 1)  # 'Environment Canada', 'Air France'
    if len(words) == 1 and words[0][1]:
        add(scores, "organisation", 0.5)
    elif 2 <= len(words) <= 5 and not scores and all(
            (text[0].isupper() and not acronym) or text in PARTICLES for text, acronym in words):
        add(scores, "person", 0.5)
    return scores


def context_evidence(text: str, start: int, end: int, words: list[Token]) -> Scores:
    """Clues around the name: what follows it ('said', 'news agency') and what precedes it."""
    scores: Scores = {}
    after = text[end:end + 60]
    if words[-1].possessive:
        after = after[2:]
    following = _NEXT_WORDS.match(after)
    if following:
        first, second = following.group(1), following.group(2) or ""
        if first in ORG_RIGHT or f"{first} {second}" == "news agency":
            add(scores, "organisation", 3)
        elif first in PLACE_RIGHT:
            add(scores, "place", 2)
        elif first in THEME_RIGHT or second in THEME_RIGHT and first in {"air", "fighter", "missile"}:
            add(scores, "theme", 2)
        elif first in SPEECH_VERBS:
            add(scores, "person", 1)
        elif first in MEDIA_RIGHT:
            add(scores, "organisation", 1.5)
    apposition = _APPOSITION.match(after)
    if apposition and ROLE_NOUNS.intersection(apposition.groups()):
        add(scores, "person", 2)
    elif apposition and ORG_APPOSITION.intersection(apposition.groups()):
        add(scores, "organisation", 2)
    _before(text[max(0, start - 40):start], words, scores)
    return scores


def _before(before: str, words: list[Token], scores: Scores) -> None:
    """Add the clues in the words just before the name to `scores`."""
    tail = before.rstrip().lower()
    if tail.endswith(MEDIA_LEFT):
        add(scores, "organisation", 1.5)
    last = tail.rsplit(None, 1)[-1] if tail else ""
    if last in PLACE_LEFT:
        add(scores, "place", 0.5)
    elif last in PERSON_LEFT and len(words) > 1:
        add(scores, "person", 2)
    elif last in ORG_LEFT:
        add(scores, "organisation", 2)
    if last == "the" and len(words) == 1 and words[0].text.replace(".", "") in country_codes():
        add(scores, "place", 2)
