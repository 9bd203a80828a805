"""Automatic extraction for one article: every name, its spans and its kind, merged in-article.

`extract_article` is a top-level function of one picklable argument so a process pool can map
it over the archive; it reads nothing but the article and the offline gazetteer.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Article
from .clean import hyphenated_surnames, names_in
from .evidence import Scores, add, context_evidence, merge, name_evidence
from .gazetteer import place_kind
from .kinds import features, probabilities, zipf
from .lexicon import CHROME
from .names import name_key
from .tokens import opens_sentence, runs, tokenise

KINDS_BY_PRIORITY = ("person", "organisation", "place", "theme")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]*")
LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", " & "})
NAME_KINDS = ("person", "place", "organisation")
# The model's probability that a candidate is a person, place or organisation: at or above
# CONFIDENT it is a topic of its article from its first mention; below DROP_BELOW it is dropped;
# in between it is a weak candidate that needs the archive's frequency thresholds.
CONFIDENT = 0.4
DROP_BELOW = 0.2
OPENER_ZIPF_WEAK = 4.0  # wordfreq Zipf: about once in 10,000 words of English


@dataclass(frozen=True, slots=True)
class Found:
    """One entity named in one article: its best name, kind, evidence and every span."""

    key: str
    name: str
    kind: str
    scores: tuple[tuple[str, float], ...]
    spans: tuple[tuple[int, int], ...]  # offsets in article.body_text, in order
    surfaces: tuple[str, ...]  # distinct spellings, in order of first appearance
    opening_only: bool = False  # every mention opens a sentence (so its capital proves nothing)
    confident: bool = False  # the model is sure it is a name: a topic from its first mention


@dataclass
class _Group:
    key: str
    spans: list[tuple[int, int, int]]  # (start, end, words)
    scores: Scores


def extract_article(article: Article) -> tuple[Found, ...]:
    text = article.body_text
    return extract_text(text, headings(article))


def extract_text(text: str, headings: frozenset[str] = frozenset()) -> tuple[Found, ...]:
    found = []
    for candidate, feature_values in candidates(text, headings):
        result = _found(text, candidate, probabilities(feature_values))
        if result is not None:
            found.append(result)
    return tuple(found)


def candidates(text: str, headings: frozenset[str] = frozenset()) -> list[tuple["_Group", dict[str, float]]]:
    """Every candidate name of a text, in order of first mention, with the model's features."""
    groups, lowercase, heading_lines = _groups(text, headings)
    ordered = sorted(groups.values(), key=lambda g: min(g.spans))
    return [(g, _features(text, g, lowercase, heading_lines)) for g in ordered]


def _features(text: str, group: "_Group", lowercase: set[str], heading_lines: dict[int, str]) -> dict[str, float]:
    spans = sorted((s, e) for s, e, _ in group.spans)
    longest = max(group.spans, key=lambda s: (s[2], -s[0]))
    openings = sum(opens_sentence(text, s) for s, _ in spans)
    in_headings = sum((text.rfind("\n", 0, s) + 1) in heading_lines for s, _ in spans)
    return features(text, group.key, text[longest[0]:longest[1]].split(), spans, group.scores, lowercase,
                    openings, in_headings)


def _groups(text: str, headings: frozenset[str]):
    tokens = tokenise(text)
    lowercase = set(_LOWER_WORD.findall(text))
    groups: dict[str, _Group] = {}
    heading_lines = _heading_lines(text, headings)
    midsentence = frozenset(t.text for t in tokens if not t.initial)
    found_runs = runs(text, tokens)
    surnames = hyphenated_surnames(found_runs)
    for run in found_runs:
        if heading_lines and _whole_heading(text, run, heading_lines):
            continue
        if any(t.acronym and len(t.text) > 2 for t in run) and _shouting(text, run[0].start):
            continue
        for words, evidence in names_in(run, lowercase, midsentence, surnames):
            start, end = words[0].start, words[-1].end
            key = name_key(text[start:end])
            if not key or key in CHROME:
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key, [], {})
            group.spans.append((start, end, len(words)))
            for more in (evidence, name_evidence(words, key), context_evidence(text, start, end, words)):
                if more:  # most are empty: skip the call
                    merge(group.scores, more)
    groups = _merge_openers(text, groups)
    groups = _merge_short_forms(text, groups)
    _coordinated(text, groups)
    return groups, lowercase, heading_lines


def headings(article: Article) -> frozenset[str]:
    return frozenset(s.heading for s in article.sections if s.heading)


def _heading_lines(text: str, headings: frozenset[str]) -> dict[int, str]:
    """The lines of `text` that are headings, by their start offset: every run asks whether its
    line is one, and a dict probe is cheaper than cutting the line out each time."""
    lines, offset = {}, 0
    for line in text.split("\n"):
        if line in headings:
            lines[offset] = line
        offset += len(line) + 1
    return lines


def _whole_heading(text: str, run, heading_lines: dict[int, str]) -> bool:
    """A heading in Title Case, or a run that is a whole heading, is not a name."""
    line = heading_lines.get(text.rfind("\n", 0, run[0].start) + 1)  # runs never cross a line
    if line is None:
        return False
    long_words = [w for w in line.split() if len(w) > 3]
    title_case = len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)
    return title_case or line.strip() == text[run[0].start:run[-1].end]


def _shouting(text: str, position: int) -> bool:
    """An ALL-CAPS line ('JAPAN GET LUCKY WIN') is a headline: its capitals name nothing."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = [w for w in text[start:len(text) if end < 0 else end].split() if any(c.isalpha() for c in w)]
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def decide(scores: Mapping[str, float]) -> str:
    """The heaviest kind, a tie going to the earlier in KINDS_BY_PRIORITY; 'theme' if all are light."""
    best = KINDS_BY_PRIORITY[0]
    for kind in KINDS_BY_PRIORITY[1:]:
        if scores.get(kind, 0.0) > scores.get(best, 0.0):
            best = kind
    return best if scores.get(best, 0.0) >= 0.5 else "theme"


def _merge_openers(text: str, groups: dict[str, _Group]) -> dict[str, _Group]:
    """'Moviemaker Gary Ross said', opening a sentence, is 'Gary Ross' when the text also names
    'Gary Ross': the first word was capitalised by the sentence, not by the name. Only when a
    name of two words or more remains: 'Vyacheslav Gladkov' opening a sentence is not 'Gladkov'."""
    merged = dict(groups)
    for key, group in groups.items():
        rest = key.split(" ", 1)[1] if key.count(" ") >= 2 else ""  # a full name must remain
        if rest in merged and rest != key and all(opens_sentence(text, s) for s, _, _ in group.spans):
            target = merged[rest]
            for start, end, words in group.spans:
                cut = text.find(" ", start, end)
                target.spans.append((cut + 1, end, words - 1))
            merge(target.scores, group.scores)
            del merged[key]
    return merged


def _merge_short_forms(text: str, groups: dict[str, _Group]) -> dict[str, _Group]:
    """'Zelensky' joins 'Volodymyr Zelensky', 'EU' joins 'European Union', 'Ocasio-Cortez'
    (one hyphenated word, two in its key) joins 'Alexandria Ocasio-Cortez', when unambiguous."""
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        if " " not in key:
            continue
        words, kind = key.split(), decide(group.scores)
        if kind == "person":
            by_last[words[-1]].append(key)
            by_first[words[0]].append(key)
            if len(words) > 2:
                by_last[" ".join(words[-2:])].append(key)
        elif kind in ("organisation", "place"):
            by_last[words[-1]].append(key)  # 'Angels' of 'Los Angeles Angels'

            by_initials["".join(w[0] for w in words if w not in ("of", "the", "and", "for"))].append(key)
    merged = dict(groups)
    openers = {key for key, g in groups.items() if all(opens_sentence(text, s) for s, _, _ in g.spans)}
    for key, group in groups.items():
        if " " in key and (key.count(" ") > 1 or any(" " in text[s:e] for s, e, _ in group.spans)):
            continue  # a short form is one word as written
        surname = group.scores.get("place", 0) < 2 and group.scores.get("organisation", 0) < 2
        targets = (by_last.get(key) or by_first.get(key, [])) if surname else []
        targets = targets or by_initials.get(key, [])
        if len(targets) > 1:  # 'Choosing DeGeneres' opening a sentence is not a second DeGeneres
            targets = [t for t in targets if t not in openers]
        if len(targets) == 1:
            target = merged[targets[0]]
            target.spans += group.spans
            merge(target.scores, group.scores)
            del merged[key]
    return merged


def _coordinated(text: str, groups: dict[str, _Group]) -> None:
    """'the US, Canada, Japan, Britain': a weakly known name takes the kind of its list-mates."""
    owner = sorted((s, e, key) for key, g in groups.items() for s, e, _ in g.spans)
    kinds = {key: decide(g.scores) for key, g in groups.items()}
    strength = {key: sum(g.scores.values()) for key, g in groups.items()}
    for (s1, e1, k1), (s2, e2, k2) in zip(owner, owner[1:]):
        if text[e1:s2] in LIST_GAPS and k1 != k2:
            for weak, strong in ((k1, k2), (k2, k1)):
                if strength[weak] < 1 and strength[strong] >= 2 and kinds[strong] != "theme":
                    add(groups[weak].scores, kinds[strong], 1)


def _found(text: str, group: _Group, probabilities: dict[str, float] | None) -> Found | None:
    """The candidate as a found name, or None when the model is sure it is none."""
    spans = sorted(group.spans)
    surfaces, name = _surfaces(text, spans)
    opening_only = all(opens_sentence(text, s) for s, _, _ in spans)
    confident = False
    if probabilities is None:
        scores = tuple(sorted((k, round(v, 2)) for k, v in group.scores.items() if v))
    else:
        named = sum(probabilities[k] for k in NAME_KINDS)
        theme = group.scores.get("theme", 0) >= 2 and decide(group.scores) == "theme"
        if named < DROP_BELOW and not theme:
            return None
        confident = named >= CONFIDENT and not theme and not (opening_only and _common_word(group.key))
        weights = {"theme": 3.0} if theme else {k: round(3 * probabilities[k], 2) for k in NAME_KINDS}
        scores = tuple(sorted((k, v) for k, v in weights.items() if v))
    kind = decide(dict(scores))
    return Found(name_key(name), name, kind, scores, tuple((s, e) for s, e, _ in spans),
                 tuple(surfaces), opening_only, confident)


def _common_word(key: str) -> bool:
    """A common English word ('Officials', 'Protesters') capitalised only where every word is
    proves nothing alone: the archive must show it capitalised mid-sentence somewhere."""
    return " " not in key and zipf(key) >= OPENER_ZIPF_WEAK and not place_kind(key)


def _surfaces(text: str, spans: list[tuple[int, int, int]]) -> tuple[list[str], str]:
    """Distinct spellings in order of appearance, and the best name among them: the one with the
    most words (in its last mention), then the most mentions, then the first to appear."""
    seen: dict[str, list[int]] = {}  # spelling -> [words, mentions]
    for start, end, words in spans:
        entry = seen.setdefault(text[start:end], [words, 0])
        entry[0] = words
        entry[1] += 1
    surfaces = list(seen)
    return surfaces, max(surfaces, key=lambda s: (seen[s][0], seen[s][1]))
