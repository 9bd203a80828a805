"""Atom feeds: the newest articles of the archive (`feed.xml`) and of each topic with a page.

A feed is dated by its articles, never by the build, so the same content gives the same bytes
and the writer leaves an unchanged feed alone. Each feed is a page spec whose inputs are the
plain entries it shows (`FeedEntry`, standing in the fingerprint as their digest), so an edit
re-renders only the feeds that list the edited article. Without `site_url` the links are
relative to the feed (feed readers resolve them against its address) and ids are name-based
UUIDs of the permalinks, which never change.
"""
from __future__ import annotations

import hashlib
import pickle
import re
import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..config import Config
from ..model import Archive, Article, Topic
from .spec import PageSpec
from .structured import address, description, safe_url

SITE_FEED = "feed.xml"
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0

# One article as a feed lists it: (url, title, date, author, source, source_url, summary,
# categories), categories being (topic id, name, topic page url). A plain tuple: its pickle is
# what the feed's fingerprint hashes (`_entry_and_digest`).
FeedEntry = tuple


@dataclass(frozen=True, slots=True)
class Entries:
    """A feed's entries and the digest that stands for them in the feed's fingerprint
    (incremental.PageFingerprints takes an input's `digest`). The digest is made of each
    entry's own hash, computed once per article however many topic feeds list it, so the
    fingerprints of thousands of feeds do not pickle the same entries again and again."""

    items: tuple[FeedEntry, ...]
    digest: bytes


def entries_of(listed: list[tuple[FeedEntry, bytes]]) -> Entries:
    """A feed's entries from (entry, its digest) pairs, as `_entry_and_digest` makes them."""
    return Entries(tuple(entry for entry, _ in listed),
                   hashlib.blake2b(b"".join(digest for _, digest in listed), digest_size=16).digest())


def topic_feed_path(topic: Topic) -> str:
    return f"{topic.url}feed.xml"


def feed_title(site_name: str, topic: Topic | None = None) -> str:
    return f"{site_name}: {topic.name}" if topic else f"{site_name}: latest articles"


def site_feed(archive: Archive, config: Config) -> list[PageSpec]:
    """`feed.xml`: the newest dated articles. Its inputs are their entries alone, so an edit to
    an older article leaves it as it is."""
    newest = [a for a in archive.articles[: FEED_ENTRIES * 2] if a.date][:FEED_ENTRIES]
    if len(newest) < FEED_ENTRIES:  # many undated among the first: look further (rare)
        newest = [a for a in archive.articles if a.date][:FEED_ENTRIES]
    categories = _categories(archive)
    entries = entries_of([_entry_and_digest(a, archive, categories) for a in newest])
    return [PageSpec.one(SITE_FEED, render_feed, SITE_FEED, feed_title(config.site_name), "", entries,
                         config.site_name, config.site_url)]


def topic_feeds(archive: Archive, config: Config) -> list[PageSpec]:
    """One feed per topic with a page: the newest dated articles naming it. An article's entry
    is made once, however many topic feeds list it."""
    # Only topics with a page of their own: a topic named by one article is listed on its A–Z
    # letter page, and many such topics share that address, so a feed beside it would be
    # written by each of them in turn.
    newest: dict[str, list[Article]] = {topic_id: [] for topic_id, topic in archive.topics.items() if topic.page}
    for article in archive.articles:  # newest first
        if article.date:
            for mention in archive.mentions.get(article.id, ()):
                listed = newest.get(mention.topic_id)
                if listed is not None and len(listed) < FEED_ENTRIES:
                    listed.append(article)
    made: dict[str, tuple[FeedEntry, bytes]] = {}  # article id -> its entry and the entry's digest
    categories = _categories(archive)
    specs = []
    for topic_id, articles in newest.items():
        topic = archive.topics[topic_id]
        entries = entries_of([made.get(a.id) or made.setdefault(a.id, _entry_and_digest(a, archive, categories))
                              for a in articles])
        path = topic_feed_path(topic)
        specs.append(PageSpec.one(path, render_feed, path, feed_title(config.site_name, topic), topic.url,
                                  entries, config.site_name, config.site_url))
    return specs


def _categories(archive: Archive) -> dict[str, tuple[str, str, str]]:
    """Topic id -> (id, name, page url), as an entry's categories list it: made once per
    topic, not once per article naming it, and only for topics an entry names (the site
    feed's fifty entries name a few of the archive's topics)."""
    return _Categories(archive.topics)


class _Categories(dict):
    def __init__(self, topics: dict[str, Topic]):
        super().__init__()
        self.topics = topics

    def __missing__(self, topic_id: str) -> tuple[str, str, str]:
        topic = self.topics[topic_id]
        made = self[topic_id] = (topic.id, topic.name, topic.url)
        return made


def _entry_and_digest(article: Article, archive: Archive, categories: dict[str, tuple]) -> tuple[FeedEntry, bytes]:
    """An article's entry, its categories being the published topics it names, in order."""
    named = tuple(categories[topic.id] for topic in archive.topics_of(article))
    entry = (article.url, article.title, article.date, article.author, article.source, safe_url(article.source_url),
             description(article), named)
    return entry, hashlib.blake2b(pickle.dumps(entry, protocol=5), digest_size=16).digest()


def render_feed(path: str, title: str, page_url: str, entries: Entries, site_name: str,
                site_url: str | None) -> bytes:
    """The Atom document at docs path `path` for the page at `page_url` (its HTML alternate).

    Written as text, in the layout of ElementTree's `indent` and `tostring` (two-space
    indentation, `<empty />`, its escaping; tests/test_feeds.py holds them to it): building
    an element tree for each of thousands of topic feeds cost more than all their pages."""
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<feed xmlns="{ATOM}">',
             _text(1, "id", _id(site_name, site_url, path)),
             _text(1, "title", title),
             _text(1, "updated", _stamp(max((e[2] for e in entries.items), default=None))),
             _link(1, "self", address(site_url, path, path), "application/atom+xml"),
             _link(1, "alternate", address(site_url, path, page_url), "text/html"),
             "  <author>", _text(2, "name", site_name), "  </author>"]
    depth = path.count("/")
    lines += [_entry(entry, depth, site_name, site_url) for entry in entries.items]
    lines.append("</feed>\n")
    return "\n".join(lines).encode("utf-8", "xmlcharrefreplace")


@lru_cache(maxsize=1 << 16)
def _entry(entry: FeedEntry, depth: int, site_name: str, site_url: str | None) -> str:
    """One entry's lines, for a feed `depth` folders down. Remembered: an article is listed by
    the feeds of all its topics, which lie at the same depth (`topics/<kind>/<id>/feed.xml`),
    so its entry is written once and reused however many feeds list it."""
    url, title, day, author, source, source_url, summary, categories = entry
    seen_from = "/" * depth  # all that `address` needs of the feed's path
    lines = ["  <entry>", _text(2, "id", _id(site_name, site_url, url)), _text(2, "title", title),
             _link(2, "alternate", address(site_url, seen_from, url), "text/html")]
    if source_url:
        lines.append(_link(2, "via", source_url, None))
    lines += [_text(2, "published", _stamp(day)), _text(2, "updated", _stamp(day))]
    if author:
        lines += ["    <author>", _text(3, "name", author), "    </author>"]
    if source:
        lines += ["    <source>", _text(3, "title", source)]
        if source_url:
            lines.append(_link(3, "alternate", source_url, None))
        lines.append("    </source>")
    if summary:
        lines.append(_text(2, "summary", summary, ' type="text"'))
    for topic_id, name, topic_url in categories:
        lines.append(f'    <category term="{_attribute(topic_id)}" label="{_attribute(_clean(name))}" '
                     f'scheme="{_attribute(address(site_url, seen_from, topic_url))}" />')
    lines.append("  </entry>")
    return "\n".join(lines)


def _text(level: int, tag: str, value: str, attributes: str = "") -> str:
    text = _clean(value).translate(_CDATA)
    indent = "  " * level
    return f"{indent}<{tag}{attributes}>{text}</{tag}>" if text else f"{indent}<{tag}{attributes} />"


def _link(level: int, rel: str, href: str, kind: str | None) -> str:
    typed = f' type="{_attribute(kind)}"' if kind else ""
    return f'{"  " * level}<link rel="{_attribute(rel)}" href="{_attribute(href)}"{typed} />'


# ElementTree's escaping: text escapes &, < and >; attributes also quotes and line breaks.
_CDATA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
                            "\t": "&#09;"})


def _attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(day: date | None) -> str:
    return f"{day.isoformat()}T00:00:00Z" if day else "1970-01-01T00:00:00Z"


def _id(site_name: str, site_url: str | None, url: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + url
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site_name}/{url}").urn
