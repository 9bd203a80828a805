"""The enrich stage: re-filed stories, topics, reference resolution, backlinks and related
articles, then what
the pages show that follows from them (topic companions, see-also targets, the topic-linking
automaton, the latest month's most-named topics).

Each step is a pure function of the articles and what earlier steps found; together they make
the `Archive` that page builders read, so no page computes anything about the archive itself.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from .companions import companions
from .config import Config
from .duplicates import find_stories, published_once
from .linking import TopicSurfaces
from .model import Archive, Article, Diagnostic
from .month_topics import latest_month_topics
from .plural import counted
from .references import backlinks, drop_dead_links, resolve_references
from .related import related_articles
from .targets import collect_targets
from .timing import Timer
from .topics import find_topics


def enrich(articles: Sequence[Article], taxonomy, config: Config, timer: Timer,
           map_fn=map, topics_found: Callable[[Archive], None] | None = None) -> tuple[Archive, list[Diagnostic]]:
    """Every later step sees each story once: the copies of a re-filed story are only listed
    on its page, and references to them lead there.

    `topics_found` is given the archive as far as its published articles and their topics
    (all that the search documents show), when no error has turned up so far: the build
    starts the search index from there, beside the rest of enrichment."""
    with timer.stage("duplicates", f"looking for stories filed more than once among {counted(len(articles), 'file')}"):
        articles, refiled, duplicate_problems = published_once(articles, find_stories(articles, map_fn))
    with timer.stage("topics", f"finding topics in {counted(len(articles), 'article')}"):
        topics, mentions = find_topics(articles, taxonomy, config, map_fn=map_fn)
        tag_problems = taxonomy.unknown_tags(articles)
    if topics_found is not None and not any(d.is_error for d in duplicate_problems + tag_problems):
        topics_found(Archive.of(articles, topics=topics, mentions=mentions))
    with timer.stage("references", "resolving see-also references"):
        copies = {kept: [r.article for r in found] for kept, found in refiled.items()}
        resolutions, problems = resolve_references(articles, config, copies, map_fn)
        articles, resolutions = drop_dead_links(articles, resolutions)
        problems = duplicate_problems + tag_problems + problems
        back = backlinks(articles, resolutions)
    with timer.stage("related", "ranking related articles"):
        related = related_articles(articles, mentions, resolutions, config, map_fn)
    archive = Archive.of(articles, topics=topics, mentions=mentions, resolutions=resolutions,
                         backlinks=back, related=related, refilings=refiled)
    with timer.stage("derive", "companions of each topic, see-also targets, topic-linking automaton"):
        archive = derive(archive)
    return archive, problems


def derive(archive: Archive) -> Archive:
    """The archive with what follows from its topics and references filled in."""
    return replace(archive, companions=companions(archive), targets=collect_targets(archive),
                   surfaces=TopicSurfaces.of(archive.mentions, archive.topics),
                   month_topics=latest_month_topics(archive))
