"""The topics most named in the archive's latest month, for the home page.

"Most named" counts the articles of that month naming a topic (an article that names it ten
times counts once), ties broken by mentions, then name: what the month was about, not which
article repeated a name most.
"""
from __future__ import annotations

from collections import Counter

from .model import Archive

SHOWN = 10


def latest_month_topics(archive: Archive) -> tuple[tuple[str, int], ...]:
    """(topic id, articles naming it) for the SHOWN most-named topics of the newest article's
    month, most named first; empty without dated articles. Only that month is read."""
    newest = next((a.date for a in archive.articles if a.date), None)
    if newest is None:
        return ()
    articles, mentions = Counter(), Counter()
    for article in archive.articles:  # newest first: stop at the month before
        if not article.date or (article.date.year, article.date.month) != (newest.year, newest.month):
            break
        for mention in archive.mentions.get(article.id, ()):
            if mention.topic_id in archive.topics:
                articles[mention.topic_id] += 1
                mentions[mention.topic_id] += mention.count
    ranked = sorted(articles, key=lambda t: (-articles[t], -mentions[t], archive.topics[t].name.casefold(), t))
    return tuple((topic_id, articles[topic_id]) for topic_id in ranked[:SHOWN])
