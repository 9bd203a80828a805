"""Automatic extraction for one article: every name, its spans and its kind, merged in-article.

`extract_article` is a top-level function of one picklable argument so a process pool can map
it over the archive; it reads nothing but the article and the offline gazetteer.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Article
from .clean import names_in
from .evidence import context_evidence, name_evidence
from .lexicon import CHROME
from .names import name_key
from .tokens import opens_sentence, runs, tokenise

KINDS_BY_PRIORITY = ("person", "organisation", "place", "theme")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]*")
LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", " & "})


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


@dataclass
class _Group:
    key: str
    spans: list[tuple[int, int, int]]  # (start, end, words)
    scores: Counter


def extract_article(article: Article) -> tuple[Found, ...]:
    text = article.body_text
    return extract_text(text, _headings(article))


def extract_text(text: str, headings: frozenset[str] = frozenset()) -> tuple[Found, ...]:
    tokens = tokenise(text)
    lowercase = set(_LOWER_WORD.findall(text))
    groups: dict[str, _Group] = {}
    for run in runs(text, tokens):
        if _whole_heading(text, run, headings):
            continue
        for words, evidence in names_in(run, lowercase):
            start, end = words[0].start, words[-1].end
            key = name_key(text[start:end])
            if not key or key in CHROME:
                continue
            evidence.update(name_evidence(words, key))
            evidence.update(context_evidence(text, start, end, words))
            group = groups.setdefault(key, _Group(key, [], Counter()))
            group.spans.append((start, end, len(words)))
            group.scores.update(evidence)
    groups = _merge_short_forms(groups)
    _coordinated(text, groups)
    return tuple(_found(text, g) for g in sorted(groups.values(), key=lambda g: min(g.spans)))


def _headings(article: Article) -> frozenset[str]:
    return frozenset(s.heading for s in article.sections if s.heading)


def _whole_heading(text: str, run, headings: frozenset[str]) -> bool:
    """A heading in Title Case, or a run that is a whole heading, is not a name."""
    left = text.rfind("\n", 0, run[0].start) + 1
    right = text.find("\n", run[-1].end)
    line = text[left:len(text) if right < 0 else right]
    if line not in headings:
        return False
    long_words = [w for w in line.split() if len(w) > 3]
    title_case = len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)
    return title_case or line.strip() == text[run[0].start:run[-1].end]


def decide(scores) -> str:
    scores = dict(scores)
    best = max(KINDS_BY_PRIORITY, key=lambda k: (scores.get(k, 0.0), -KINDS_BY_PRIORITY.index(k)))
    return best if scores.get(best, 0.0) >= 0.5 else "theme"


def _merge_short_forms(groups: dict[str, _Group]) -> dict[str, _Group]:
    """'Zelensky' joins 'Volodymyr Zelensky', 'EU' joins 'European Union', when unambiguous."""
    by_last: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        words = key.split()
        if len(words) > 1 and decide(group.scores) == "person":
            by_last[words[-1]].append(key)
            by_first[words[0]].append(key)
        if len(words) > 1 and decide(group.scores) in ("organisation", "place"):
            by_initials["".join(w[0] for w in words if w not in ("of", "the", "and", "for"))].append(key)
    merged = dict(groups)
    for key, group in groups.items():
        if " " in key:
            continue
        surname = group.scores.get("place", 0) < 3 and group.scores.get("organisation", 0) < 2
        targets = (by_last.get(key) or by_first.get(key, [])) if surname else []
        targets = targets or by_initials.get(key, [])
        if len(targets) == 1:
            target = merged[targets[0]]
            target.spans += group.spans
            target.scores.update(group.scores)
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
                    groups[weak].scores[kinds[strong]] += 1


def _found(text: str, group: _Group) -> Found:
    spans = sorted(group.spans)
    surfaces = list(dict.fromkeys(text[s:e] for s, e, _ in spans))
    counts = Counter(text[s:e] for s, e, _ in spans)
    words = {text[s:e]: n for s, e, n in spans}
    name = max(surfaces, key=lambda s: (words[s], counts[s], -surfaces.index(s)))
    scores = tuple(sorted((k, round(v, 2)) for k, v in group.scores.items() if v))
    opening_only = all(opens_sentence(text, s) for s, _, _ in spans)
    return Found(name_key(name), name, decide(group.scores), scores, tuple((s, e) for s, e, _ in spans),
                 tuple(surfaces), opening_only)
