"""Tokens and capitalised runs: the raw material of automatic extraction.

A run is a stretch of capitalised words joined by single spaces (and by name particles such as
'van' or, after an organisational word, 'of'); punctuation, possessives and lowercase words end
it. Each token knows whether it opens a sentence, because 'Meanwhile' there is not a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import GEO_WORDS, ORG_PARTICLES, ORG_WORDS, PARTICLES, TITLES

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
ABBREVIATIONS = frozenset("Mr Mrs Ms Dr Gen Lt Col Sen Rep St Prof Capt Maj Adm Sgt Rev Jr Sr Gov Pres No".split())
_SENTENCE_BREAK = set(".!?:;\"“”‘(—–")
OF_HEADS = ORG_WORDS | GEO_WORDS | {"Secretary", "Republic", "Kingdom", "States", "State", "Bank", "Gulf"}
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int  # without a possessive 's or an abbreviation's dot
    text: str
    initial: bool  # opens a sentence or a line
    possessive: bool
    abbreviation: bool

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters) and not self.coded

    @property
    def coded(self) -> bool:
        return any(c.isdigit() for c in self.text)


def tokenise(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        possessive = word.endswith(("'s", "’s")) and len(word) > 3
        if possessive or word.endswith(("'", "’")):
            word = word[:-2] if possessive else word[:-1]
        abbreviation = text[start + len(word):start + len(word) + 1] == "." and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isupper()))
        tokens.append(Token(start, start + len(word), word, _opens(text, tokens, start), possessive, abbreviation))
    return tokens


def _opens(text: str, tokens: list[Token], start: int) -> bool:
    previous = tokens[-1] if tokens else None
    gap = text[previous.end if previous else 0:start]
    if previous is None or "\n" in gap:
        return True
    if previous.abbreviation and gap.strip() == ".":
        return False
    return any(c in _SENTENCE_BREAK for c in gap)


def runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised tokens that may form one name."""
    found: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # particles waiting for a capitalised word
    for index, token in enumerate(tokens):
        joined = bool(current) and _adjacent(text, (pending or current)[-1], token) and not current[-1].possessive
        if token.capitalised and not token.coded:
            if joined:
                current += pending + [token]
            else:
                _close(found, current)
                current = [token]
            pending = []
        elif joined and not token.coded and _particle_allowed(current, pending, token):
            pending.append(token)
        else:
            _close(found, current)
            current, pending = [], []
            if token.coded and token.capitalised:
                found.append([token])
    _close(found, current)
    return found


def _particle_allowed(current: list[Token], pending: list[Token], token: Token) -> bool:
    word = token.text
    if word not in PARTICLES or len(pending) >= 2:
        return False
    if word in ORG_PARTICLES:
        head = (pending or current)[-1].text
        if word == "and":
            return not pending and any(t.text in ORG_WORDS for t in current)
        return head in OF_HEADS or (word == "the" and head in {"of", "for"})
    return True


def _adjacent(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end:right.start]
    return gap == " " or (left.abbreviation and gap == ". ")


def _close(found: list[list[Token]], current: list[Token]) -> None:
    if current:
        found.append(current)
