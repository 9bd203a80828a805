"""Atom feeds: the newest articles of the archive (`feed.xml`) and of each topic with a page.

A feed is dated by its articles, never by the build, so the same content gives the same bytes
and the writer leaves an unchanged feed alone. Each feed is a page spec whose inputs are the
plain entries it shows (`FeedEntry`, standing in the fingerprint as their digest), so an edit
re-renders only the feeds that list the edited article. Without `site_url` the links are relative to the feed (feed readers resolve
them against its address) and ids are name-based UUIDs of the permalinks, which never change.
"""
from __future__ import annotations

import hashlib
import pickle
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

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
    entries = entries_of([_entry_and_digest(a, archive) for a in newest])
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
    specs = []
    for topic_id, articles in newest.items():
        topic = archive.topics[topic_id]
        entries = entries_of([made.get(a.id) or made.setdefault(a.id, _entry_and_digest(a, archive))
                              for a in articles])
        path = topic_feed_path(topic)
        specs.append(PageSpec.one(path, render_feed, path, feed_title(config.site_name, topic), topic.url,
                                  entries, config.site_name, config.site_url))
    return specs


def _entry_and_digest(article: Article, archive: Archive) -> tuple[FeedEntry, bytes]:
    entry = feed_entry(article, archive.topics_of(article))
    return entry, hashlib.blake2b(pickle.dumps(entry, protocol=5), digest_size=16).digest()


def feed_entry(article: Article, topics: tuple[Topic, ...]) -> FeedEntry:
    categories = tuple((t.id, t.name, t.url) for t in topics)
    return (article.url, article.title, article.date, article.author, article.source, safe_url(article.source_url),
            description(article), categories)


def render_feed(path: str, title: str, page_url: str, entries: Entries, site_name: str,
                site_url: str | None) -> bytes:
    """The Atom document at docs path `path` for the page at `page_url` (its HTML alternate)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", _id(site_name, site_url, path))
    _text(feed, "title", title)
    _text(feed, "updated", _stamp(max((e[2] for e in entries.items), default=None)))
    _link(feed, "self", address(site_url, path, path), "application/atom+xml")
    _link(feed, "alternate", address(site_url, path, page_url), "text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site_name)
    for entry in entries.items:
        _entry(feed, path, entry, site_name, site_url)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(feed: ET.Element, path: str, entry: FeedEntry, site_name: str, site_url: str | None) -> None:
    url, title, day, author, source, source_url, summary, categories = entry
    element = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(element, "id", _id(site_name, site_url, url))
    _text(element, "title", title)
    _link(element, "alternate", address(site_url, path, url), "text/html")
    if source_url:
        _link(element, "via", source_url, None)
    _text(element, "published", _stamp(day))
    _text(element, "updated", _stamp(day))
    if author:
        _text(ET.SubElement(element, f"{{{ATOM}}}author"), "name", author)
    if source:
        origin = ET.SubElement(element, f"{{{ATOM}}}source")
        _text(origin, "title", source)
        if source_url:
            _link(origin, "alternate", source_url, None)
    if summary:
        _text(element, "summary", summary).set("type", "text")
    for topic_id, name, topic_url in categories:
        ET.SubElement(element, f"{{{ATOM}}}category",
                      {"term": topic_id, "label": _clean(name), "scheme": address(site_url, path, topic_url)})


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _clean(value)
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str | None) -> None:
    attributes = {"rel": rel, "href": href}
    if kind:
        attributes["type"] = kind
    ET.SubElement(parent, f"{{{ATOM}}}link", attributes)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(day: date | None) -> str:
    return f"{day.isoformat()}T00:00:00Z" if day else "1970-01-01T00:00:00Z"


def _id(site_name: str, site_url: str | None, url: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + url
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site_name}/{url}").urn
