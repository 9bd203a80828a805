"""Which topics get a page, under which id, and each article's mentions of them.

Curated topics are published when an article mentions them; automatic ones need the evidence
the config asks for. Ids are assigned in sorted key order, so they are the same on every run.
A published automatic topic gets a page of its own only when two articles name it; until then
it is shown (chips, the A–Z index, search filters, the export) and links to its A–Z listing.
"""
from __future__ import annotations

from functools import partial
from typing import Sequence

from ..config import Config
from ..incremental import map_and_combine, remembered
from ..model import Article, Mention, Topic
from ..slugs import fit_name, slugify
from .collect import ArticleTopics, AutoStats, Collected, Ref, outline, sums
from .extract import decide
from .join import join_short_forms
from .names import name_key
from .taxonomy import RESERVED_IDS, Taxonomy


PAGE_MIN_ARTICLES = 2  # an automatic topic gets its own page once this many articles name it


def find_topics(articles: Sequence[Article], taxonomy: Taxonomy, config: Config,
                map_fn=map) -> tuple[dict[str, Topic], dict[str, tuple[Mention, ...]]]:
    """The published topics and each article's mentions of them, with two early cutoffs.

    The per-article work goes through `map_fn` (the build's pool and memo). An edit that
    leaves every article's result byte for byte as it was (most edits away from any name)
    reuses the whole (`map_and_combine`), without unpickling a result. Otherwise the
    archive-wide decisions (which names join, which topics are published under which id,
    which hits each article keeps) read only the outline of each result (`collect.outline`:
    names, their kind scores, refs and counts), and are reused when those come out as before
    (`remembered`): an edit that changes snippets but no name. Each article's mentions then
    take surface and snippet from its own result."""
    ids = tuple(a.id for a in articles)
    per_article = ArticleTopics(taxonomy)
    reads = (f"{__name__}.find_topics", ids, per_article.memo_name, config)

    def remember(more_reads: object, compute) -> object:
        return remembered(map_fn, (reads, more_reads), compute)

    topics, plain = map_and_combine(map_fn, per_article, articles, partial(_topics_of, ids, taxonomy, config, remember),
                                    reads=reads)
    return topics, {article_id: tuple(Mention(*found) for found in named) for article_id, named in plain.items()}


def _topics_of(ids: tuple[str, ...], taxonomy: Taxonomy, config: Config, remember, results: list):
    """(topics, article id -> its mentions as plain (topic id, surface, snippet, count)
    tuples: the memo keeps this value, and plain tuples pickle in C, several times faster
    than `Mention`s)."""
    digests = [result[2] for result in results]  # each article's collect.outline_digest
    topics, placed = remember(("_decide", digests), partial(_decide, ids, taxonomy, config, results))
    plain = {}
    for article_id, (_, hits, _), kept in zip(ids, results, placed):
        plain[article_id] = tuple((topic_id, hits[origin][0], hits[origin][1], count)  # surface, snippet
                                  for topic_id, origin, count in kept)
    return topics, plain


def _decide(ids: tuple[str, ...], taxonomy: Taxonomy, config: Config, results: list
            ) -> tuple[dict[str, Topic], list[tuple[tuple[str, str, int], ...]]]:
    """(published topics by id, per article in `ids` order its kept hits as (topic id, the ref
    of its own first mention shown, count)), from the results' outlines alone."""
    collected = sums(ids, [outline(result) for result in results])
    join_short_forms(collected)
    refs = _published(collected, taxonomy, config)
    placed = [tuple((refs[ref].id, hit[0], hit[2]) for ref, hit in hits.items() if ref in refs)  # surface, count
              for hits in collected.hits.values()]
    topics = {topic.id: topic for topic in refs.values()}
    return dict(sorted(topics.items())), placed


def _published(collected: Collected, taxonomy: Taxonomy, config: Config) -> dict[str, Topic]:
    """Topic by reference ('<curated id>' or 'auto:<key>') for every published topic; an
    automatic one has a page when `PAGE_MIN_ARTICLES` articles keep a hit of it (counted here,
    before the topic is made, so it is made once)."""
    mentioned: dict[Ref, int] = {}  # articles with a hit of the ref
    for hits in collected.hits.values():
        for ref in hits:
            mentioned[ref] = mentioned.get(ref, 0) + 1
    refs = {t.id: t for t in taxonomy.topics if t.id in mentioned}
    taken = {t.id for t in taxonomy.topics} | RESERVED_IDS
    for key in sorted(collected.auto):
        stats = collected.auto[key]
        if has_evidence(stats, config):
            topic = auto_topic(stats, taken, mentioned.get("auto:" + key, 0) >= PAGE_MIN_ARTICLES)
            taken.add(topic.id)
            refs["auto:" + key] = topic
    return refs


def has_evidence(stats: AutoStats, config: Config) -> bool:
    """A name the extractor is confident of in some article; else (a weak candidate) enough
    articles or mentions, and a one-word name must once be capitalised mid-sentence.

    'Officials said ...' capitalises a common word only because it opens the sentence; a name
    the whole archive never writes with a capital anywhere else is not shown to be a name.
    """
    if stats.confident:
        return True
    if stats.opening_only and " " not in stats.key:
        return False
    return len(stats.articles) >= config.topic_min_articles or stats.mentions >= config.topic_min_mentions


def auto_topic(stats: AutoStats, taken: set[str], page: bool = True) -> Topic:
    name = display_name(stats)
    kind = decide(stats.scores)
    base = slugify(name)
    slug = base if base not in taken else fit_name(base, f"-{kind}")
    number = 2
    while slug in taken:  # fit_name: a long name's slug and suffix still make one folder name
        slug, number = fit_name(base, f"-{kind}-{number}"), number + 1
    aliases = tuple(sorted(s for s in stats.surfaces if s != name))
    return Topic(slug, name, kind, aliases, page=page)


def display_name(stats: AutoStats) -> str:
    """The spelling of the full name (not of a short form joined to it) most articles use;
    ties to the longer, then alphabetical."""
    full = [n for n in stats.names if name_key(n) == stats.key] or list(stats.names)
    return min(full, key=lambda n: (-stats.names[n], -len(n), n))
