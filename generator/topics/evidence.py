"""Evidence of kind for one occurrence of a name: its own words and the words around it.

Each clue adds a weight to a kind; the article, then the archive, sums them and the heaviest
kind wins. Strong clues (a title, an organisational word, a country) weigh 3; context words
weigh less, so 'Russia said' stays a place although people also say things.
"""
from __future__ import annotations

import re
from collections import Counter

from .gazetteer import country_codes, place_kind
from .lexicon import (PARTICLES, VENUE_WORDS, COMPASS_PLACES, EVENT_WORDS, ORG_APPOSITION, ORG_LEFT, PERSON_LEFT, GEO_WORDS, MEDIA_LEFT, MEDIA_RIGHT, ORG_RIGHT, ORG_WORDS, PLACE_LEFT,
                      PLACE_RIGHT, ROLE_NOUNS, SPEECH_VERBS, THEME_RIGHT)
from .names import name_key
from .tokens import Token

_NEXT_WORDS = re.compile(r"^\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?")
_APPOSITION = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|[A-Z]\w+['’]s\s+)?([a-z-]+)(?:\s+([a-z-]+))?")
_PREVIOUS_WORDS = re.compile(r"([A-Za-z]+)\s+([A-Za-z]+)\s*$|([A-Za-z]+)\s*$")


def name_evidence(words: list[Token], key: str) -> Counter:
    """Clues in the name itself: organisational and geographic words, gazetteer, acronyms."""
    scores: Counter = Counter()
    texts = [t.text for t in words]
    if any(w in ORG_WORDS for w in texts[1:]) or (len(texts) > 1 and texts[0] in ORG_WORDS):
        scores["organisation"] += 3
    if any(w in EVENT_WORDS for w in texts):
        scores["theme"] += 3
    if texts[-1] in GEO_WORDS or key in COMPASS_PLACES or any(w in VENUE_WORDS for w in texts):
        scores["place"] += 3
    if place_kind(key):
        scores["place"] += place_kind(key)
    if len(texts) > 1 and texts[0] == "The" and not scores:
        scores["organisation"] += 1  # 'The Lancet', 'The Economist': titles of papers and bodies
    elif len(texts) > 1 and not scores and any(place_kind(name_key(w)) >= 3 for w in texts):
        scores["organisation"] += 1  # 'Environment Canada', 'Air France'
    if len(words) == 1 and words[0].acronym:
        scores["organisation"] += 0.5
    elif 2 <= len(words) <= 5 and not scores and all(
            (t.text[0].isupper() and not t.acronym) or t.text in PARTICLES for t in words):
        scores["person"] += 0.5
    return scores


def context_evidence(text: str, start: int, end: int, words: list[Token]) -> Counter:
    """Clues around the name: what follows it ('said', 'news agency') and what precedes it."""
    scores: Counter = Counter()
    after = text[end:end + 60]
    if words[-1].possessive:
        after = after[2:]
    following = _NEXT_WORDS.match(after)
    if following:
        first, second = following.group(1), following.group(2) or ""
        if first in ORG_RIGHT or f"{first} {second}" == "news agency":
            scores["organisation"] += 3
        elif first in PLACE_RIGHT:
            scores["place"] += 2
        elif first in THEME_RIGHT or second in THEME_RIGHT and first in {"air", "fighter", "missile"}:
            scores["theme"] += 2
        elif first in SPEECH_VERBS:
            scores["person"] += 1
        elif first in MEDIA_RIGHT:
            scores["organisation"] += 1.5
    apposition = _APPOSITION.match(after)
    if apposition and ROLE_NOUNS.intersection(apposition.groups()):
        scores["person"] += 2
    elif apposition and ORG_APPOSITION.intersection(apposition.groups()):
        scores["organisation"] += 2
    scores.update(_before(text[max(0, start - 40):start], words))
    return scores


def _before(before: str, words: list[Token]) -> Counter:
    scores: Counter = Counter()
    tail = before.rstrip().lower()
    if tail.endswith(MEDIA_LEFT):
        scores["organisation"] += 1.5
    last = tail.rsplit(None, 1)[-1] if tail.split() else ""
    if last in PLACE_LEFT:
        scores["place"] += 0.5
    elif last in PERSON_LEFT and len(words) > 1:
        scores["person"] += 2
    elif last in ORG_LEFT:
        scores["organisation"] += 2
    if last == "the" and len(words) == 1 and words[0].text.replace(".", "") in country_codes():
        scores["place"] += 2
    return scores
