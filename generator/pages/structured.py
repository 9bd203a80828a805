"""What machines read about a page: a plain-text description and schema.org JSON-LD.

Search engines, feed readers and social previews read a page's head, not its text. The values
here are plain text, not escaped: the theme (partials/archive-head.html) serialises the JSON-LD
with `tojson`, which writes <, >, & and ' as \\u escapes so no title can close the script block,
and a description reaches an attribute only through `guard_title`.
"""
from __future__ import annotations

import re

from ..excerpt import ellipsis
from ..model import Article, Topic

DESCRIPTION_CHARS = 300  # what previews show; a longer summary is cut at a word
SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization", "theme": "Thing"}
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)

# Markdown that a plain-text description must not show: images and links (keep the label),
# emphasis and code marks, heading, quote and list marks at the start, backslash escapes.
# Neither may scan on past the next bracket or line: '[^)]*' ran to the end of the text from
# every '[a](' with no ')', and '^\s*' from every line over all the blank lines after it.
MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|[*_`])")
_MD_LINE_START = re.compile(r"^[ \t]*(#{1,6}\s+|>\s*|[-+*]\s+|\d+[.)]\s+)", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_SPACE = re.compile(r"\s+")


def description(article: Article) -> str | None:
    """The article's summary, else its lede (the first paragraph), as one line of plain text."""
    text = article.summary or _lede(article)
    if not text:
        return None
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return ellipsis(text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0])


def _lede(article: Article) -> str | None:
    for section in article.sections:
        for block in section.blocks:
            if block.reference is None and block.text.strip():
                return _plain(block.text) if article.format == "markdown" else block.text
    return None


def _plain(markdown: str) -> str:
    text = MARKDOWN_LINK.sub(r"\1", markdown)
    text = _MD_LINE_START.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return _MD_MARKS.sub("", text)


def address(site_url: str | None, from_url: str, to_url: str) -> str:
    """Where `to_url` (relative to the site root) is, seen from the page at `from_url`: absolute
    under `site_url` when the site says where it is hosted, else relative (which JSON-LD and
    Atom resolve against the page or feed that holds it)."""
    if site_url:
        return site_url.rstrip("/") + "/" + to_url
    return "../" * from_url.count("/") + to_url


def safe_url(url: str | None) -> str | None:
    """An http(s) address without quotes or brackets, or None: never a javascript: link."""
    return url if url and SAFE_URL.match(url) else None


def article_jsonld(article: Article, topics: tuple[Topic, ...], site_name: str,
                   site_url: str | None) -> dict:
    """schema.org NewsArticle: the headline, date, author, source and the topics it is about.
    Articles carry no modification date, so `dateModified` is left out."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
            "url": address(site_url, article.url, article.url),
            "isPartOf": {"@type": "WebSite", "name": site_name}}
    if article.date:
        data["datePublished"] = article.date.isoformat()
    summary = description(article)
    if summary:
        data["description"] = summary
    if article.language:
        data["inLanguage"] = article.language
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if safe_url(article.source_url):
        data["isBasedOn"] = article.source_url
    if topics:
        data["about"] = [_topic_ref(t, article.url, site_url) for t in topics]
    return data


def _topic_ref(topic: Topic, from_url: str, site_url: str | None) -> dict:
    return {"@type": SCHEMA_TYPES[topic.kind], "name": topic.name, "url": address(site_url, from_url, topic.url)}


def topic_jsonld(topic: Topic, site_url: str | None) -> dict:
    """schema.org Person, Place, Organization (a theme: Thing) for a topic's page."""
    data = {"@context": "https://schema.org", **_topic_ref(topic, topic.url, site_url)}
    if topic.aliases:
        data["alternateName"] = list(topic.aliases)
    if topic.description:
        data["description"] = topic.description
    return data
