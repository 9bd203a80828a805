"""A topic as archive.json describes it."""
from __future__ import annotations

from typing import Iterable

from ..model import Topic


def topic_export(topic: Topic, article_ids: Iterable[str]) -> dict:
    return {
        "id": topic.id,
        "name": topic.name,
        "kind": topic.kind,
        "url": topic.url,
        "page": topic.page,  # false: named by one article, listed under its letter, no page yet
        "aliases": list(topic.aliases),
        "articles": list(article_ids),
    }
