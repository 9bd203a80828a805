"""Topic pages: one paginated page per topic and an A–Z index that stays small at any size.

`topics/` is an overview (per kind: how many topics), `topics/<kind>/` lists the letters,
`topics/<kind>/a-z/<letter>/` lists the topics (paginated); no index page lists every topic, so
no page grows with the taxonomy. Each topic page lists its articles, newest first, with a
keyword-in-context line, and the topics most often named beside it.
"""
from __future__ import annotations

import hashlib
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import partial

from ..config import Config
from ..model import TOPIC_KINDS, Archive, Topic, letter_url
from ..plural import counted, plural
from .common import escape_text, format_date, front_matter, guard_title, link, page_path, page_urls, paginate, pager, rel
from .feeds import feed_title, topic_feed_path
from .spec import PageSpec
from .structured import topic_jsonld

INDEX = "topics/"
KIND_TITLES = {"person": "People", "place": "Places", "organisation": "Organisations", "theme": "Themes"}


def topic_pages(archive: Archive, config: Config) -> list[PageSpec]:
    """The overview (rendered every build), the per-kind letter indexes and each topic's
    paginated page, whose inputs are the topic, the articles it lists as (url, title, ISO date,
    snippet) tuples (a quarter of a million of them at 10,000 articles, hence plain tuples of
    strings, which pickle in C: a `date` pickles through its `__reduce__`, six times slower)
    and its companions. The articles stand in the fingerprint as one digest per entry
    (`Listed`)."""
    named, digests = _articles_by_topic(archive)
    specs = [PageSpec.one(page_path(INDEX), _overview, archive, cached=False)]
    by_kind: dict[str, list[Topic]] = defaultdict(list)
    for topic in archive.topics.values():
        by_kind[topic.kind].append(topic)
    for kind, topics in by_kind.items():
        specs += _kind_pages(kind, topics, named, config.per_page)
    for topic in archive.topics.values():
        if not topic.page:
            continue  # listed under its letter; its one article is linked from there
        items = tuple(named.get(topic.id, ()))
        together = tuple(_companion_entry(archive.topics[t], n) for t, n in archive.companions.get(topic.id, ()))
        paths = [page_path(url) for url in page_urls(len(items), config.per_page, topic.url)]
        listed = Listed(items, digests[topic.id].digest())
        specs.append(PageSpec.many(paths, _topic_pages, topic, listed, together, config.per_page,
                                   (config.site_name, config.site_url)))
    return specs


@dataclass(frozen=True, slots=True)
class Listed:
    """A topic's articles as its page lists them, (url, title, ISO date, snippet) each, and the
    digest that stands for them in the page's fingerprint (incremental.PageFingerprints takes
    an input's `digest`): one digest fed each entry's snippet and the digest of its article's
    url, title and date, computed once per article (`_articles_by_topic`). Pickling the
    quarter of a million entries of 10,000 articles for the pages' fingerprints repeated each
    article's url and title once per topic naming it."""

    items: tuple[tuple, ...]
    digest: bytes


def _articles_by_topic(archive: Archive) -> tuple[dict[str, list[tuple]], dict[str, hashlib.blake2b]]:
    """Articles naming each topic, newest first (archive.articles is already in that order),
    and a digest of those entries, fed entry by entry: the digest of the article's url, title
    and date (made once per article), then the snippet, its length first so that no two
    lists of entries feed the same bytes."""
    named: dict[str, list[tuple]] = defaultdict(list)
    digests: dict[str, hashlib.blake2b] = defaultdict(partial(hashlib.blake2b, digest_size=16))
    topics = archive.topics
    for article in archive.articles:
        url, title, day = article.url, article.title, article.date.isoformat() if article.date else None
        shared = hashlib.blake2b(pickle.dumps((url, title, day), protocol=5), digest_size=16).digest()
        for mention in archive.mentions.get(article.id, ()):
            if mention.topic_id in topics:
                named[mention.topic_id].append((url, title, day, mention.snippet))
                snippet = mention.snippet.encode("utf-8", "surrogatepass")
                digests[mention.topic_id].update(shared + len(snippet).to_bytes(4, "big") + snippet)
    return named, digests


def letter_of(topic: Topic) -> str:
    return topic.letter


def letter_label(letter: str) -> str:
    return {"0-9": "0–9", "other": "Other scripts"}.get(letter, letter.upper())


def _overview(archive: Archive) -> str:
    source = page_path(INDEX)
    counts = Counter(t.kind for t in archive.topics.values())
    lines = [
        f"- {link(source, f'topics/{kind}/', KIND_TITLES[kind])} · {counted(counts[kind], 'topic')}"
        for kind in TOPIC_KINDS if counts[kind]
    ]
    named = len(archive.topics)
    intro = f"The archive names **{named}** {plural(named, 'topic')}.\n\n" if named else "No topics yet.\n"
    return front_matter({"title": "Topics"}) + "# Topics\n\n" + intro + "\n".join(lines) + "\n"


def _by_letter(topics: list[Topic]) -> dict[str, list[Topic]]:
    by_letter: dict[str, list[Topic]] = defaultdict(list)
    for topic in topics:
        by_letter[letter_of(topic)].append(topic)
    for members in by_letter.values():
        members.sort(key=lambda t: (t.name.casefold(), t.id))
    return by_letter


def _kind_pages(kind: str, topics: list[Topic], named: dict[str, list[tuple]], per_page: int) -> list[PageSpec]:
    """`topics/<kind>/` (its letters) and each letter's paginated A–Z listing. A letter's
    inputs are its topics with what the listing shows of each (article count; the one
    article, for a topic without a page), so an edit re-renders only the letters whose
    counts it changes."""
    by_letter = _by_letter(topics)
    letters = tuple((letter, len(by_letter[letter])) for letter in sorted(by_letter, key=lambda x: (len(x) > 1, x)))
    specs = [PageSpec.one(page_path(f"topics/{kind}/"), _kind_index, kind, letters)]
    for letter, members in by_letter.items():
        listed = tuple(_listing_entry(topic, named.get(topic.id, ())) for topic in members)
        paths = [page_path(url) for url in page_urls(len(listed), per_page, letter_url(kind, letter))]
        specs.append(PageSpec.many(paths, _letter_pages, kind, letter, listed, per_page))
    return specs


def _listing_entry(topic: Topic, items) -> tuple:
    """(topic, articles naming it, (url, title) of the first for a topic without a page)."""
    first = None if topic.page or not items else tuple(items[0][:2])
    return topic, len(items), first


def _kind_index(kind: str, letters: tuple[tuple[str, int], ...]) -> str:
    source = page_path(f"topics/{kind}/")
    lines = [f"- {link(source, letter_url(kind, letter), letter_label(letter))} · {counted(count, 'topic')}"
             for letter, count in letters]
    title = KIND_TITLES[kind]
    back = link(source, INDEX, "All topics")
    return front_matter({"title": title}) + f"# {title}\n\n{back}\n\n" + "\n".join(lines) + "\n"


def _letter_pages(kind: str, letter: str, listed: tuple[tuple, ...], per_page: int) -> dict[str, str]:
    title = f"{KIND_TITLES[kind]}: {letter_label(letter)}"
    pages = {}
    for page in paginate(listed, per_page, letter_url(kind, letter)):
        source = page_path(page.url)
        lines = [_listed(source, *entry) for entry in page.items]
        back = link(source, f"topics/{kind}/", f"All {KIND_TITLES[kind].lower()}")
        heading = page.titled(title)
        pages[source] = (front_matter({"title": heading}) + f"# {escape_text(heading)}\n\n{back}\n\n"
                         + "\n".join(lines) + "\n" + pager(page))
    return pages


def _listed(source: str, topic: Topic, count: int, first: tuple[str, str] | None) -> str:
    """A topic in its A–Z listing: its page, or (without one) the article that names it."""
    if first is None:
        return f"- {link(source, topic.url, topic.name)} · {counted(count, 'article')}"
    url, title = first
    return f"- {escape_text(topic.name)} · {counted(count, 'article')}: {link(source, url, title)}"


def _topic_pages(topic: Topic, listed: Listed, together: tuple[tuple[str, str, str, int], ...],
                 per_page: int, site: tuple[str, str | None]) -> dict[str, str]:
    pages, items = {}, listed.items
    dates = [day for _, _, day, _ in items if day]
    span = (min(dates), max(dates)) if dates else None  # once per topic, not once per page
    meta = {"title": guard_title(topic.name), "jsonld": topic_jsonld(topic, site[1]),
            "feed": {"url": topic_feed_path(topic), "title": guard_title(feed_title(site[0], topic))}}
    for page in paginate(items, per_page, topic.url):
        source = page_path(page.url)
        heading = page.titled(topic.name)
        body = [front_matter({**meta, "title": guard_title(heading)}), f"# {escape_text(heading)}\n",
                _facts(source, topic, len(items), span),
                f"[Follow {escape_text(topic.name)} (Atom feed)]({rel(source, topic_feed_path(topic))}){{ .archive-feed }}\n"]
        body.append("## Articles\n")
        listed = "\n".join(_article_item(source, item) for item in page.items)
        body.append(listed + "\n" if page.items else "No articles.\n")
        body.append(pager(page))
        if page.number == 1 and together:
            body.append("\n## Often named together\n")
            body.append("\n".join(_companion(source, *other) for other in together) + "\n")
        pages[source] = "\n".join(body)
    return pages


def _facts(source: str, topic: Topic, articles: int, span) -> str:
    kind = link(source, f"topics/{topic.kind}/", topic.kind.capitalize())
    lines = [f"*{kind}* · {counted(articles, 'article')}"]
    if span:
        first, last = (format_date(date.fromisoformat(day)) for day in span)
        lines.append(f"Mentioned {first}" if first == last else f"First mentioned {first} · last mentioned {last}")
    if topic.description:
        lines.append(escape_text(topic.description))
    if topic.aliases:
        lines.append("Also written: " + ", ".join(escape_text(a) for a in topic.aliases))
    return "\n\n".join(lines) + "\n"


def _article_item(source: str, item: tuple) -> str:
    url, title, day, snippet = item
    line = f"- {link(source, url, title)} · {format_date(date.fromisoformat(day) if day else None)}"
    return line + (f"\n\n    “{escape_text(snippet)}”\n" if snippet else "")


def _companion_entry(topic: Topic, count: int) -> tuple[str, str, str, int]:
    """What a topic page shows of a companion: (url, name, kind, articles together). Plain
    strings: 150,000 of them are fingerprinted every build, and a `Topic` pickles through
    Python code."""
    return topic.url, topic.name, topic.kind, count


def _companion(source: str, url: str, name: str, kind: str, count: int) -> str:
    return f"- {link(source, url, name)} · {kind} · {counted(count, 'article')} together"
