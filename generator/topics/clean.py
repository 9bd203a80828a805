"""From a capitalised run to the names in it: drop sentence openers, titles and demonyms.

'Meanwhile, the Russian Defense Ministry' keeps 'Russian Defense Ministry'; 'Ukrainian President
Volodymyr Zelensky' gives 'Volodymyr Zelensky' with the title kept as evidence of a person; 'US
Secretary of State Antony Blinken' gives the place 'US' and the person 'Antony Blinken'.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .gazetteer import country_codes, is_demonym, place_kind
from .lexicon import COMMON, MONTHS_DAYS, ORG_WORDS, PARTICLES, TITLES
from .names import name_key
from .tokens import Token

_TITLES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _title in TITLES:
    _words = tuple(_title.split())
    _TITLES_BY_FIRST.setdefault(_words[0], []).append(_words)

_TITLE_SET = frozenset(tuple(t.split()) for t in TITLES)
Name = tuple[list[Token], Counter]


def names_in(run: list[Token], lowercase: set[str]) -> list[Name]:
    words = _drop_openers(run, lowercase)
    found: list[Name] = []
    titled = False
    if not any(t.text in ORG_WORDS for t in words):
        while words:
            size = _title_length(words)
            if size:
                titled, words = True, words[size:]
            elif len(words) > 2 and _title_length(words[1:]) and _is_prefix_place(words[0]):
                if not is_demonym(words[0].text):
                    found.append(([words[0]], Counter(place=2)))
                words = words[1:]
            else:
                break
    words = _trim(words)
    if not words or tuple(t.text for t in words) in _TITLE_SET or all(t.text in COMMON or t.text in MONTHS_DAYS for t in words):
        return found
    if is_demonym(words[0].text) and not any(t.text in ORG_WORDS for t in words[1:]):
        words = _trim(words[1:])
        if not words:
            return found
    evidence = Counter(person=3) if titled else Counter()
    found.extend((part, Counter(evidence)) for part in _split_compound(words))
    return found


def _drop_openers(run: list[Token], lowercase: set[str]) -> list[Token]:
    """A sentence's first word is capitalised anyway: keep it only if it looks like a name."""
    words = list(run)
    while words and words[0].initial and _common(words[0], lowercase):
        words = words[1:]
        if words:
            words[0] = replace(words[0], initial=True)
    return words


def _common(token: Token, lowercase: set[str]) -> bool:
    if token.text in COMMON:
        return True
    return token.text.lower() in lowercase and not place_kind(name_key(token.text))


def _title_length(words: list[Token]) -> int:
    texts = tuple(t.text for t in words)
    for title in _TITLES_BY_FIRST.get(texts[0], ()):
        if texts[:len(title)] == title and len(texts) > len(title):
            return len(title)
    return 0


def _is_prefix_place(token: Token) -> bool:
    return is_demonym(token.text) or bool(place_kind(name_key(token.text))) or token.text.replace(".", "") in country_codes()


def _trim(words: list[Token]) -> list[Token]:
    while words and (words[0].text in MONTHS_DAYS or words[0].text in PARTICLES):
        words = words[1:]
    while words and (words[-1].text in MONTHS_DAYS or words[-1].text in PARTICLES):
        words = words[:-1]
    return words


def _split_compound(words: list[Token]) -> list[list[Token]]:
    """'Hamas-Israel conflict' names two things; 'Jean-Paul Sartre' one person."""
    token = words[0]
    parts = token.text.split("-")
    if len(words) > 1 or len(parts) < 2 or not all(p[:1].isupper() and len(p) > 2 for p in parts):
        return [words]
    pieces, offset = [], token.start
    for part in parts:
        pieces.append([Token(offset, offset + len(part), part, token.initial, False, False)])
        offset += len(part) + 1
    last = pieces[-1][0]
    pieces[-1] = [replace(last, possessive=token.possessive)]
    return pieces
