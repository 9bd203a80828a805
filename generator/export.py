"""`archive.json`: the machine-readable archive for tests and outside tools, serialised from
the model.

Compact and key-sorted so the same content gives byte-identical output.
"""
from __future__ import annotations

import json
from collections import defaultdict

from .model import Archive, Article, Refiling, Reference, Resolution
from .slugs import original_url
from .topics import topic_export

FORMAT_VERSION = 1


def export_archive(archive: Archive) -> str:
    articles_of_topic: dict[str, list[str]] = defaultdict(list)
    for article in archive.articles:
        for mention in archive.mentions.get(article.id, ()):
            articles_of_topic[mention.topic_id].append(article.id)
    data = {
        "version": FORMAT_VERSION,
        "articles": [_article(archive, a) for a in archive.articles],
        "topics": [
            topic_export(archive.topics[t], articles_of_topic.get(t, []))
            for t in sorted(archive.topics)
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _article(archive: Archive, article: Article) -> dict:
    resolutions = archive.resolutions.get(article.id, ())
    return {
        "id": article.id,
        "title": article.title,
        "title_as_written": article.title_as_written or article.title,
        "date": article.date.isoformat() if article.date else None,
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "source_url": article.source_url,
        "language": article.language,
        "path": article.path,
        "format": article.format,
        "original": original_url(article),
        "inferred": list(article.inferred),
        "sections": [s.heading for s in article.sections if s.heading],
        "references": [reference_export(r, res) for r, res in zip(article.references, resolutions)],
        "topics": [m.topic_id for m in archive.mentions.get(article.id, ())],
        "related": list(archive.related.get(article.id, ())),
        "backlinks": list(archive.backlinks.get(article.id, ())),
        "also_filed_as": [_refiling(r) for r in archive.refilings.get(article.id, ())],
    }


def _refiling(refiling: Refiling) -> dict:
    """Another file of the story: not published as a page, its original kept on the site."""
    copy = refiling.article
    return {"id": copy.id, "path": copy.path, "title": copy.title, "original": original_url(copy),
            "date": copy.date.isoformat() if copy.date else None, "similarity": refiling.similarity}


def reference_export(reference: Reference, resolution: Resolution | None) -> dict:
    """One reference in archive.json: what the source wrote and what it resolved to."""
    resolution = resolution or Resolution(None, "unresolved")
    return {
        "kind": reference.kind,
        "target": reference.target,
        "line": reference.line,
        "target_id": resolution.target_id,
        "method": resolution.method,
        "score": round(float(resolution.score), 1),
    }
