"""The enrich stage: topics, reference resolution, backlinks and related articles.

Each step is a pure function of the articles and what earlier steps found; together they make
the `Archive` that page builders read.
"""
from __future__ import annotations

from typing import Sequence

from .config import Config
from .model import Archive, Article, Diagnostic
from .references import backlinks, drop_dead_links, resolve_references
from .related import related_articles
from .stages import Stages
from .topics import find_topics


def enrich(articles: Sequence[Article], taxonomy, config: Config, stages: Stages,
           map_fn=map) -> tuple[Archive, list[Diagnostic]]:
    with stages.stage("topics", f"finding topics in {len(articles)} articles"):
        topics, mentions = find_topics(articles, taxonomy, config, map_fn=map_fn)
        tag_problems = taxonomy.unknown_tags(articles)
    with stages.stage("references", "resolving see-also references"):
        resolutions, problems = resolve_references(articles, config)
        articles, resolutions = drop_dead_links(articles, resolutions)
        problems = tag_problems + problems
        back = backlinks(articles, resolutions)
    with stages.stage("related", "ranking related articles"):
        related = related_articles(articles, mentions, resolutions, config, map_fn)
    archive = Archive.of(articles, topics=topics, mentions=mentions, resolutions=resolutions,
                         backlinks=back, related=related)
    return archive, problems
