"""Every article's topic mentions, curated and automatic, before anything is published.

Extraction and each article's own spans and hits run per article (through the caller's map,
possibly a process pool and the build memo); this module then sums them in one pass in article
order, so the result never depends on the order workers finish in.
"""
from __future__ import annotations

import hashlib
import io
import pickle
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Container, NamedTuple, Sequence

from ..model import Article
from ..slugs import slugify
from .extract import Found, _heading_lines, extract_article, headings
from .gazetteer import cities, countries, country_codes, country_words, place_kind
from .kinds import frequencies, model_digest
from .match import AliasMatcher
from .names import name_key, snippet
from .tables import installed
from .taxonomy import Taxonomy

Ref = str  # a curated topic id, or "auto:" + name key


class Hit(NamedTuple):
    """A topic's mentions in one article: first surface, its snippet and how many in all.
    (`ArticleTopics` results hold them as plain tuples of these fields, in this order.)"""

    surface: str
    snippet: str
    count: int = 1


class AutoName(NamedTuple):
    """What the archive-wide sums need of one automatic name found in one article.
    (`ArticleTopics` results hold them as plain tuples of these fields, in this order.)"""

    key: str
    name: str
    scores: tuple[tuple[str, float], ...]
    surfaces: tuple[str, ...]
    opening_only: bool
    confident: bool
    # Whether the gazetteer knows the key as a place: asked here, where extraction has loaded
    # the gazetteer anyway, so the archive-wide join never loads it (None: not asked).
    place: bool | None = None


@dataclass
class AutoStats:
    """What the archive says about one automatic name, summed over articles."""

    key: str
    names: dict[str, int] = field(default_factory=dict)  # spelling -> articles using it
    scores: dict[str, float] = field(default_factory=dict)  # kind -> summed evidence
    surfaces: set = field(default_factory=set)
    articles: list = field(default_factory=list)
    mentions: int = 0
    example: str = ""
    opening_only: bool = True  # never seen but at the start of a sentence, in any article
    confident: bool = False  # some article names it with evidence enough to be a topic alone
    place: bool | None = None  # the gazetteer knows the key as a place (None: not asked)


@dataclass
class Collected:
    hits: dict[str, dict[Ref, Hit]]  # article id -> topic ref -> hit, in order of first mention
    auto: dict[str, AutoStats]  # name key -> stats


def collect(articles: Sequence[Article], taxonomy: Taxonomy, map_fn=map) -> Collected:
    """Per-article work (extraction and the article's own spans and hits) runs through `map_fn`,
    in parallel and remembered between builds; only the archive-wide sums are made here."""
    return sums([a.id for a in articles], [named(result) for result in map_fn(ArticleTopics(taxonomy), articles)])


def named(result: tuple) -> tuple:
    """An `ArticleTopics` result with its names and hits as `AutoName`s and `Hit`s."""
    names, hits, *rest = result
    return (tuple(map(AutoName._make, names)), {ref: Hit._make(hit) for ref, hit in hits.items()}, *rest)


def sums(ids: Sequence[str], per_article: list) -> Collected:
    """The archive-wide sums of `ArticleTopics` results (their `outline`s, or `named`), one
    per article id."""
    result = Collected({}, {})
    for article_id, (names, hits, *_) in zip(ids, per_article):
        # A copy: joining short forms rewrites these dicts, and `hits` may be the memo's own.
        result.hits[article_id] = dict(hits)
        for name in names:
            _count(result.auto, name, article_id, hits["auto:" + name[0]])
    return result


def outline(result: tuple) -> tuple[tuple[AutoName, ...], dict[Ref, tuple]]:
    """What the archive-wide decisions read of one article's `ArticleTopics` result: its
    automatic names and each hit's ref and count. A hit stands as `(ref, "", count)` (a
    `Hit`'s fields, plain: named tuples cost twice as much to make), so
    that after joining short forms (which renames and merges hits) each hit still says which
    of the article's own first mentions it shows."""
    names, hits = result[0], result[1]
    return names, {ref: (ref, "", hit[2]) for ref, hit in hits.items()}  # Hit's fields


def outline_key(result: tuple) -> tuple:
    """An outline (of a result or of its `outline`) as plain tuples, which pickle in C (named
    tuples pickle through Python)."""
    names, hits = result[0], result[1]
    return tuple(map(tuple, names)), tuple((ref, hit[2]) for ref, hit in hits.items())


def outline_digest(result: tuple) -> bytes:
    """A digest of the outline, made with the result it outlines (the third item of an
    `ArticleTopics` result): an edit's build reads it for every article instead of outlining
    and pickling all their results again to learn whether any outline changed. Pickled
    without pickle's memo, so that equal outlines give equal bytes however their strings
    happen to be shared."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(outline_key(result))
    return hashlib.sha256(buffer.getvalue()).digest()


class ArticleTopics:
    """Everything topic-related that depends on one article and the taxonomy alone.

    A picklable callable, so a process pool can map it over the archive; `memo_name` names the
    taxonomy it was made with, so remembered results never outlive a change to topics.yml. The
    alias automaton is built once per process, not once per article or per pickled copy.
    Results are plain tuples (`AutoName` and `Hit` name their fields; `named` makes them so): an
    incremental build loads every article's from the memo, and named tuples took twice as long
    to unpickle, dataclasses longer still.
    """

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        digest = hashlib.sha256(pickle.dumps((taxonomy.topics, sorted(taxonomy.rejected)), protocol=5))
        digest.update(model_digest().encode())  # a retrained kind model re-runs extraction
        self.memo_name = f"{__name__}.ArticleTopics:{digest.hexdigest()}"

    def __call__(self, article: Article) -> tuple[tuple[tuple, ...], dict[Ref, tuple], bytes]:
        matcher, curated, names = _prepared(self.memo_name, self.taxonomy)
        finds = extract_article(article)
        text = article.body_text
        spans = _spans(text, matcher, finds, curated, self.taxonomy)
        hits = _hits(text, spans, _heading_lines(text, headings(article)))
        _metadata(article, curated, names, hits)
        automatic = tuple((f.key, f.name, f.scores, f.surfaces, f.opening_only, f.confident, bool(place_kind(f.key)))
                          for f in finds if "auto:" + f.key in hits)  # AutoName's fields
        return automatic, hits, outline_digest((automatic, hits))


def lookup_tables() -> dict[str, object]:
    """Every lookup table extraction reads (tables.py), made where not installed already: what
    the build keeps in its memo and installs before its pool's workers are forked."""
    countries(), country_codes(), cities(), country_words(), frequencies()
    return installed()


_PREPARED: dict[str, tuple] = {}
_slug = lru_cache(maxsize=1 << 16)(slugify)  # names recur across articles; slugify is pure


def _prepared(name: str, taxonomy: Taxonomy) -> tuple[AliasMatcher, dict[str, str], dict[str, str]]:
    if name not in _PREPARED:
        _PREPARED.clear()  # one taxonomy per build; never keep an old automaton alive
        _PREPARED[name] = (AliasMatcher(taxonomy), taxonomy.by_key(), {t.id: t.name for t in taxonomy.topics})
    return _PREPARED[name]


def _spans(text, matcher: AliasMatcher, finds: tuple[Found, ...], curated: dict[str, str], taxonomy: Taxonomy):
    """Curated matches and extracted names; overlaps go to the longest, then to the curated."""
    spans = [(s, e, topic_id, 0) for s, e, topic_id in matcher.find(text)]
    for found in finds:
        ref = curated.get(found.key) or next((curated[k] for k in map(name_key, found.surfaces) if k in curated), None)
        if ref is None:
            if taxonomy.rejected and taxonomy.is_rejected(found.key, _slug(found.name)):
                continue
            ref = "auto:" + found.key
        spans.extend((s, e, ref, 1) for s, e in found.spans)
    spans.sort(key=lambda span: (span[0], span[0] - span[1], span[3], span[2]))
    kept, reached = [], -1
    for span in spans:
        if span[0] >= reached:
            kept.append(span)
            reached = span[1]
    return kept


def _hits(text: str, spans, heading_lines: Container[int] = ()) -> dict[Ref, tuple]:
    """First mention per topic, preferring body text: a heading makes a poor snippet (it is
    often the title again) and is never where the article page links the topic.
    `heading_lines`: the start offsets of the lines that are headings."""
    hits: dict[Ref, list] = {}  # ref -> [surface, snippet, count]
    in_heading: set[Ref] = set()
    for start, end, ref, _ in spans:
        heading = text.rfind("\n", 0, start) + 1 in heading_lines
        if ref in hits:
            hits[ref][2] += 1
            if ref in in_heading and not heading:
                hits[ref][:2] = text[start:end], snippet(text, start, end)
                in_heading.discard(ref)
        else:
            hits[ref] = [text[start:end], snippet(text, start, end), 1]
            if heading:
                in_heading.add(ref)
    return {ref: tuple(hit) for ref, hit in hits.items()}  # Hit's fields


def _metadata(article: Article, curated: dict[str, str], names: dict[str, str], hits: dict[Ref, tuple]) -> None:
    """Topics named in the article's metadata count as curated mentions even if the text is silent."""
    for value in article.topics:
        topic_id = value if value in names else curated.get(name_key(value))
        if topic_id and topic_id not in hits:
            hits[topic_id] = (names[topic_id], article.summary or "", 0)  # Hit's fields


def _count(auto: dict[str, AutoStats], found: tuple, article_id: str, hit: tuple) -> None:
    """Add one article's name (an `AutoName`, or its fields) and its hit (a `Hit`, or its fields)."""
    key, name, scores, surfaces, opening_only, confident, place = found
    stats = auto.get(key)
    if stats is None:  # plain dicts, not Counters: this runs for every name in every article
        stats = auto[key] = AutoStats(key, place=place)
    stats.names[name] = stats.names.get(name, 0) + 1
    for kind, score in scores:
        stats.scores[kind] = stats.scores.get(kind, 0) + score
    stats.surfaces.update(surfaces)
    stats.articles.append(article_id)
    stats.mentions += hit[2]
    stats.opening_only = stats.opening_only and opening_only
    stats.confident = stats.confident or confident
    stats.example = stats.example or hit[1]
