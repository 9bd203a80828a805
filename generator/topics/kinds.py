"""Is a candidate a name, and of which kind: a linear model learned from annotated text.

The extractor proposes candidates (capitalised runs cleaned of openers and titles) with its rule
evidence; this module describes each candidate by features (its words and their shape, gazetteer
hits, the rule evidence, the words around its mentions, how common its words are in English) and
scores them with multinomial logistic regression weights trained by `train.py` (`make model`) on
the UNER, WikiGold and ECB+ gold mentions. The weights ship as plain JSON (`kinds.json`) and are
applied here with dict lookups: no pickle, no scikit-learn at build time, the same figures on
every machine.
"""
from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .gazetteer import is_demonym, place_kind
from .tables import table

MODEL = Path(__file__).with_name("kinds.json")
RAREST = 1e-7  # a word rarer than this has Zipf frequency 0
CLASSES = ("none", "person", "place", "organisation", "other")
_WORD_EDGE = " \t\n\"“”‘’'()[]«»—–-:;,."


def frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies, of the words `zipf` does not take as 0 (a third of
    its list: the table the build remembers, tables.py); the data ships inside the wordfreq
    wheel, nothing is fetched."""
    return table("frequencies", _frequencies)


def _frequencies() -> dict[str, float]:
    import wordfreq

    return {word: value for word, value in wordfreq.get_frequency_dict("en").items() if value >= RAREST}


@lru_cache(maxsize=1 << 16)  # a pure function of one word, asked for every word of every name
def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words); 0 for a word rarer than 1 in 10 million."""
    frequency = frequencies().get(word.lower(), 0.0)
    return round(math.log10(frequency * 1e9), 2) if frequency >= RAREST else 0.0


def features(text: str, key: str, words: list[str], spans, scores: dict, lowercase: set[str],
             openings: int, headings: int) -> dict[str, float]:
    """What the model reads about one candidate of one article (all mentions together)."""
    named = _key_features(key)
    f: dict[str, float] = dict(named.words)
    f["shape=" + _shape(tuple(words))] = 1.0
    f.update(named.places)
    if is_demonym(words[0]):
        f["demonym_first"] = 1.0
    for kind, weight in scores.items():
        f["rule_" + kind] = min(weight, 6.0) / 3
    f[named.zipf] = 1.0
    lowered = named.lowered
    if lowered[0] in lowercase:
        f["lower_in_text"] = 1.0
    mentions = len(spans)
    f["mentions=" + str(min(mentions, 3))] = 1.0
    if openings == mentions:
        f["opening_only"] = 1.0
        f["opening_only&" + named.zipf] = 1.0
        if len(lowered) == 1 and lowered[0] not in lowercase:
            f["opening_only&never_lower"] = 1.0
    if headings == mentions:
        f["heading_only"] = 1.0
    for start, end in spans[:4]:
        _context(text, start, end, f)
    return f


class _KeyFeatures(NamedTuple):
    lowered: tuple[str, ...]  # the key's words
    words: dict[str, float]  # features of the key's words, in the order the model reads them
    places: dict[str, float]  # gazetteer features of the key
    zipf: str  # the feature of its most common word's frequency


@lru_cache(maxsize=1 << 16)
def _key_features(key: str) -> _KeyFeatures:
    """The features that depend on the name key alone, made once per key and process: a name
    recurs across an archive's articles, and these were most of the cost of `features`.
    Callers copy the dicts before adding to them."""
    lowered = tuple(key.split())
    words = {"bias": 1.0}
    for word in lowered:
        words["w=" + word] = 1.0
    words["first=" + lowered[0]] = 1.0
    words["last=" + lowered[-1]] = 1.0
    words["suffix=" + lowered[-1][-3:]] = 1.0
    words["words=" + str(min(len(lowered), 4))] = 1.0
    places = {}
    gazetteer = place_kind(key)
    if gazetteer:
        places["gazetteer=" + ("country" if gazetteer >= 3 else "city")] = 1.0
    if len(lowered) > 1 and any(place_kind(w) >= 3 for w in lowered):
        places["has_country_word"] = 1.0
    common = zipf(lowered[0]) if len(lowered) == 1 else max(zipf(w) for w in lowered)
    return _KeyFeatures(lowered, words, places, "zipf=" + str(int(common)))


@lru_cache(maxsize=1 << 16)
def _shape(words: tuple[str, ...]) -> str:
    word = words[0] if len(words) == 1 else ""
    if word and word.isupper():
        return "upper" if len(word) > 1 else "letter"
    if any(c.isdigit() for w in words for c in w):
        return "digit"
    if any(not w[:1].isupper() for w in words):
        return "particle"
    if any(sum(c.isupper() for c in w) > 1 for w in words):
        return "inner_capital"
    return "title"


def _context(text: str, start: int, end: int, f: dict[str, float]) -> None:
    before = text[max(0, start - 40):start].split()
    after = text[end:end + 40].split()
    if after and after[0][:2] in ("'s", "’s"):
        f["possessive"] = 1.0  # 'Kyiv's partners': the word after the possessive says more
        after = [after[0][2:]] + after[1:] if len(after[0]) > 2 else after[1:]
    if before:
        f["prev=" + before[-1].strip(_WORD_EDGE).lower()] = 1.0
        if len(before) > 1:
            f["prev2=" + before[-2].strip(_WORD_EDGE).lower()] = 1.0
    else:
        f["prev=<start>"] = 1.0
    if after:
        first = after[0]
        f["next=" + first.strip(_WORD_EDGE).lower()] = 1.0
        if first[:1] in ",.;:)":
            f["next_punct=" + first[0]] = 1.0
        if len(after) > 1:
            f["next2=" + after[1].strip(_WORD_EDGE).lower()] = 1.0
    else:
        f["next=<end>"] = 1.0


@lru_cache(maxsize=1)
def model() -> tuple[tuple[str, ...], tuple[float, ...], dict[str, tuple[float, ...]]] | None:
    """(classes, intercepts, weights by feature), or None when no model has been trained."""
    if not MODEL.is_file():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    weights = {name: tuple(values) for name, values in data["weights"].items()}
    return tuple(data["classes"]), tuple(data["intercept"]), weights


@lru_cache(maxsize=1)
def model_digest() -> str:
    """Names the model in the build memo, so a retrained model re-runs extraction."""
    return hashlib.sha256(MODEL.read_bytes()).hexdigest()[:16] if MODEL.is_file() else "none"


def probabilities(feature_values: dict[str, float]) -> dict[str, float] | None:
    loaded = model()
    if loaded is None:
        return None
    classes, intercept, weights = loaded
    rows = [intercept]
    for name, value in feature_values.items():
        row = weights.get(name)
        if row is not None:
            rows.append(row if value == 1.0 else tuple(w * value for w in row))
    totals = [sum(column) for column in zip(*rows)]  # column sums in C, not a loop per weight
    top = max(totals)
    exps = [math.exp(t - top) for t in totals]
    norm = sum(exps)
    return {kind: e / norm for kind, e in zip(classes, exps)}

