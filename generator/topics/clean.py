"""From a capitalised run to the names in it: drop sentence openers, titles and demonyms.

'Meanwhile, the Russian Defense Ministry' keeps 'Russian Defense Ministry'; 'Ukrainian President
Volodymyr Zelensky' gives 'Volodymyr Zelensky' with the title kept as evidence of a person; 'US
Secretary of State Antony Blinken' gives the place 'US' and the person 'Antony Blinken'.
"""
from __future__ import annotations

from dataclasses import replace

from .evidence import Scores
from .gazetteer import country_codes, is_demonym, place_kind
from .lexicon import COMMON, MONTHS_DAYS, ORG_LEFT, ORG_WORDS, PARTICLES, PERSON_LEFT, ROLE_NOUNS, TITLES
from .kinds import zipf
from .names import name_key
from .tokens import ABBREVIATIONS, Token, _token

_TITLES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _title in TITLES:
    _words = tuple(_title.split())
    _TITLES_BY_FIRST.setdefault(_words[0], []).append(_words)

_TITLE_SET = frozenset(tuple(t.split()) for t in TITLES)
_TITLE_FIRSTS = frozenset(_TITLES_BY_FIRST)
_NOT_NAMES = COMMON | MONTHS_DAYS
_ROLE_OPENERS = PERSON_LEFT | ROLE_NOUNS | ORG_LEFT  # 'Striker Vincent Jackson', 'Newspaper Marca' 
OPENER_ZIPF = 5.0  # wordfreq's Zipf scale: 5 is once in 100,000 words of English, 4 once in 10,000
NEXT_ZIPF = 4.0
Name = tuple[list[Token], Scores]


def names_in(run: list[Token], lowercase: set[str], midsentence: frozenset[str] = frozenset(),
             surnames: frozenset[str] = frozenset()) -> list[Name]:
    """`lowercase`: the words the text writes in lower case; `midsentence`: the capitalised
    words it writes inside a sentence, where a capital means something; `surnames`: hyphenated
    words the text writes after a first name or an honorific (`hyphenated_surnames`)."""
    words = _drop_openers(run, lowercase, midsentence)
    found: list[Name] = []
    titled = False
    texts = [t.text for t in words]
    if ORG_WORDS.isdisjoint(texts) and not _TITLE_FIRSTS.isdisjoint(texts):  # most runs hold no title
        at = next((i for i in range(min(len(texts) - 1, 4)) if _title_length(texts, i)), 0)
        if at:
            found.extend(_prefix(words[:at]))
        while at < len(texts) and (length := _title_length(texts, at)):
            titled, at = True, at + length
        words = words[at:]
    words = _trim(words)
    texts = [t.text for t in words]
    if not words or tuple(texts) in _TITLE_SET or _NOT_NAMES.issuperset(texts):
        return found
    if (is_demonym(texts[0]) and not place_kind(name_key(" ".join(texts)))
            and ORG_WORDS.isdisjoint(texts[1:])):
        words = _trim(words[1:])
        if not words:
            return found
    for part in _split_compound(words, surnames):
        found.append((part, {"person": 3} if titled else {}))
    return found


def _drop_openers(run: list[Token], lowercase: set[str], midsentence: frozenset[str]) -> list[Token]:
    """A sentence's first word is capitalised anyway: keep it only if it looks like a name."""
    words = list(run)
    while words and words[0].initial and (_common(words[0], lowercase) or _english(words, midsentence)
                                          or (len(words) > 1 and words[0].text.lower() in _ROLE_OPENERS)):
        words = words[1:]
        if words:
            words[0] = replace(words[0], initial=True)
    return words


def _common(token: Token, lowercase: set[str]) -> bool:
    if token.text in COMMON:
        return True
    return token.text.lower() in lowercase and place_kind(name_key(token.text)) < 3


def _english(words: list[Token], midsentence: frozenset[str]) -> bool:
    """A very common English word ('Almost', 'Office', 'Happy') opening a sentence, that the text
    never capitalises elsewhere, that does not start a known place ('New York') and is not the
    first name of a longer name ('Mark Teixeira': the next word is rare). Less common words
    ('Officials', but also 'Obama') are left to the kind model, which weighs how common a word
    is against the rest of the evidence."""
    word = words[0].text
    if word in midsentence or zipf(word) < OPENER_ZIPF or word.isupper():
        return False
    if len(words) > 1 and zipf(words[1].text) < NEXT_ZIPF:
        return False
    return not place_kind(name_key(" ".join(t.text for t in words[:2]))) and not place_kind(name_key(word))


def _title_length(texts: list[str], at: int = 0) -> int:
    """Words of the title that starts at `at`, if a name follows it; else 0."""
    for title in _TITLES_BY_FIRST.get(texts[at], ()):
        if len(texts) - at > len(title) and tuple(texts[at:at + len(title)]) == title:
            return len(title)
    return 0


def _prefix(words: list[Token]) -> list[Name]:
    """What stands before a title: 'Arizona' (Governor), 'ASEAN' (Secretary-General) are names
    of their own; 'Indonesian' and 'Health' (Minister) are not."""
    words = [t for t in words if not is_demonym(t.text) and t.text not in COMMON]
    if not words:
        return []
    key = name_key(" ".join(t.text for t in words))
    if place_kind(key) or (len(words) == 1 and words[0].text.replace(".", "") in country_codes()):
        return [(words, {"place": 2})]
    return [(words, {})] if len(words) == 1 and words[0].acronym else []


def _trim(words: list[Token]) -> list[Token]:
    while words and (words[0].text in MONTHS_DAYS or words[0].text in PARTICLES):
        words = words[1:]
    while words and (words[-1].text in MONTHS_DAYS or words[-1].text in PARTICLES):
        words = words[:-1]
    return words


def hyphenated_surnames(runs: list[list[Token]]) -> frozenset[str]:
    """Hyphenated words a text writes as a surname: after a first name or an honorific
    ('Alexandria Ocasio-Cortez', 'Ms Ocasio-Cortez'), never after a sentence's opening word
    ('The Hamas-Israel conflict')."""
    found = set()
    for run in runs:
        for before, word in zip(run, run[1:]):
            if "-" in word.text and (before.abbreviation or before.text in ABBREVIATIONS or (
                    not before.initial and before.text[:1].isupper() and before.text not in _NOT_NAMES)):
                found.add(word.text)
    return frozenset(found)


def _split_compound(words: list[Token], surnames: frozenset[str] = frozenset()) -> list[list[Token]]:
    """'Hamas-Israel conflict' names two things; 'Jean-Paul Sartre' one person, and so does
    'Ocasio-Cortez' alone in a text that names 'Alexandria Ocasio-Cortez'."""
    token = words[0]
    if len(words) > 1 or "-" not in token.text or token.text in surnames:
        return [words]
    parts = token.text.split("-")
    if not all(p[:1].isupper() and len(p) > 2 for p in parts):
        return [words]
    pieces, offset = [], token.start
    for part in parts:
        pieces.append([_token(offset, part, token.initial, False, False)])
        offset += len(part) + 1
    last = pieces[-1][0]
    pieces[-1] = [replace(last, possessive=token.possessive)]
    return pieces
