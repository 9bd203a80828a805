"""Tokens and capitalised runs: the raw material of automatic extraction.

A run is a stretch of capitalised words joined by single spaces (and by name particles such as
'van' or, after an organisational word, 'of'); punctuation, possessives and lowercase words end
it. Each token knows whether it opens a sentence, because 'Meanwhile' there is not a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import GEO_WORDS, ORG_PARTICLES, ORG_WORDS, PARTICLES

_UPPER = "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper() or chr(c).istitle())
# Only capitalised words and lowercase name particles become tokens: lowercase words never join a
# name, and skipping them in the regex engine keeps tokenising at C speed.
# The leading lookahead names every letter a token can start with (a capital, or a particle's
# first letter), so the engine drops most positions of the text at once instead of trying each
# alternative, the lookbehind and every particle there.
_TOKEN = re.compile(
    rf"(?=[{_UPPER}{''.join(sorted({p[0] for p in PARTICLES}))}])"
    rf"(?:(?:[A-Z]\.){{2,}}|(?<![\w'’-])(?:[{_UPPER}][\w'’]*(?:-[^\W_][\w'’]*)*"
    rf"|(?:{'|'.join(sorted(PARTICLES, key=len, reverse=True))})(?![\w'’-])))"
)
_OPENERS = " \t\"“‘'(«"
ABBREVIATIONS = frozenset("Mr Mrs Ms Dr Gen Lt Col Sen Rep St Prof Capt Maj Adm Sgt Rev Jr Sr Gov Pres No".split())
_SENTENCE_BREAK = set(".!?:;\"“”‘(—–")
_NOT_MID_SENTENCE = frozenset(_OPENERS) | _SENTENCE_BREAK | {"\n"}
OF_HEADS = ORG_WORDS | GEO_WORDS | {"Secretary", "Republic", "Kingdom", "States", "State", "Bank", "Gulf"}


@dataclass(slots=True)
class Token:
    """One word of an article. Treat it as immutable (copy with `dataclasses.replace`): it is not
    frozen only because a frozen dataclass sets every field through object.__setattr__, which
    made building the archive's millions of tokens the slowest step of tokenising."""

    start: int
    end: int  # without a possessive 's or an abbreviation's dot
    text: str
    initial: bool  # opens a sentence or a line
    possessive: bool
    abbreviation: bool

    capitalised: bool = False
    acronym: bool = False
    coded: bool = False  # has a digit: 'G7', 'F-16'


def _token(start: int, word: str, initial: bool, possessive: bool, abbreviation: bool) -> Token:
    coded = not word.isalpha() and any(c.isdigit() for c in word)
    acronym = not coded and word.isupper() and sum(c.isalpha() for c in word) >= 2
    return Token(start, start + len(word), word, initial, possessive, abbreviation, word[0].isupper(), acronym, coded)


def tokenise(text: str) -> list[Token]:
    """Capitalised words, and the particles that directly follow another token.

    A particle anywhere else ('said the', 'one of') can only end a run, and the gap it leaves
    before the next token ends that run just the same; skipping such particles spares building
    a fifth of the tokens."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        possessive = word.endswith(("'s", "’s")) and len(word) > 3
        if possessive:
            word = word[:-2]
        elif word.endswith(("'", "’")):
            word = word[:-1]
        if word in PARTICLES and not (tokens and _adjacent(text, tokens[-1], start)):
            continue  # a particle joins a name only straight after another token: skip the rest
        abbreviation = text.startswith(".", start + len(word)) and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isupper()))
        tokens.append(_token(start, word, opens_sentence(text, start), possessive, abbreviation))
    return tokens


def opens_sentence(text: str, start: int) -> bool:
    """True at the start of a line, a sentence, a quotation or a parenthesis."""
    if start >= 2 and text[start - 1] == " " and text[start - 2] not in _NOT_MID_SENTENCE:
        return False  # the common case, as in 'said Biden', without walking back
    index = start - 1
    quoted = False
    while index >= 0 and text[index] in _OPENERS:
        quoted = quoted or text[index] not in " \t"
        index -= 1
    if quoted or index < 0 or text[index] == "\n":
        return True
    if text[index] not in _SENTENCE_BREAK:
        return False
    if text[index] == ".":
        word = text[max(0, index - 4):index].rsplit(None, 1)[-1] if text[max(0, index - 4):index].strip() else ""
        return not (word in ABBREVIATIONS or (len(word) == 1 and word.isupper()))
    return True


def runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised tokens that may form one name."""
    found: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # particles waiting for a capitalised word
    for index, token in enumerate(tokens):
        joined = bool(current) and _adjacent(text, (pending or current)[-1], token.start) and not current[-1].possessive
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


def _adjacent(text: str, left: Token, right_start: int) -> bool:
    gap = text[left.end:right_start]
    return gap == " " or (left.abbreviation and gap == ". ")


def _close(found: list[list[Token]], current: list[Token]) -> None:
    if current:
        found.append(current)
