"""One page per article: header data for the theme, the sections, references where they stood,
topic links on first mention, backlinks and related articles.

The theme override (site-theme/partials/content.html) renders the header from `article:` in the
front matter; everything in the body is Markdown built from escaped text.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..model import Archive, Article, Topic
from ..config import Config
from ..plural import number
from .common import (escape_text, format_date, front_matter, guard_title, link, page_path, pager, page_urls, paginate,
                     rel)
from .spec import PageSpec
from .structured import article_jsonld, description
from ..slugs import original_url

LISTED_ON_PAGE = 20  # articles that refer to it, or other files of its story, an article page lists
REFERENCED_BY, ALSO_FILED = "referenced-by/", "also-filed/"  # beyond those, all of them, under its URL
REFERENCE_LABEL = {"see also": "See also", "see more": "See more", "listed": "See also", "linked": "Linked"}
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class ArticleView(NamedTuple):
    """What an article's page shows of the archive beyond the article itself: with the article,
    the topics it names (`ShownTopics`) and the archive's topic surfaces, the inputs of its
    page spec. Plain tuples only: named tuples pickle through Python code, and these are
    fingerprinted for every article page."""
    named: tuple[tuple[str, str], ...]  # (topic id, the form first found) of each published topic named, in order
    targets: tuple[str | None, ...]  # each reference's target URL (None: not in the archive)
    backlinks: tuple[tuple, ...]  # (url, title, date) of each, the first `LISTED_ON_PAGE`
    related: tuple[tuple, ...]
    refiled: tuple[tuple, ...] = ()  # (original's URL, path, date, similarity) of each other file of the story, likewise
    backlinks_count: int = 0  # all of them, when more than the page lists (else 0)
    refiled_count: int = 0
    older: tuple | None = None  # (url, title) of the article before it in date order
    newer: tuple | None = None  # and after it


@dataclass(frozen=True, slots=True)
class ShownTopics:
    """The published topics an article page names, by id, and the digest that stands for them
    in the page's fingerprint (incremental.PageFingerprints takes an input's `digest`): made
    of each topic's own digest, computed once per build however many pages name the topic."""
    by_id: dict[str, Topic]
    digest: bytes


def shown_topics(topics: tuple[Topic, ...], digests: dict[str, bytes]) -> ShownTopics:
    """`digests`: topic id -> the digest of the topic's pickle, filled in here as topics come."""
    parts = [digests.get(t.id) or digests.setdefault(t.id, _digest(t)) for t in topics]
    return ShownTopics({t.id: t for t in topics}, _digest(b"".join(parts)))


def _digest(value: object) -> bytes:
    data = value if isinstance(value, bytes) else pickle.dumps(value, protocol=5)
    return hashlib.blake2b(data, digest_size=16).digest()


def article_pages(archive: Archive, config: Config, originals: dict[str, bytes],
                  part: slice = slice(None)) -> list[PageSpec]:
    """Each article's page, and its original file published beside it (of the articles in
    `part` of archive.articles, newest first: the pages render in parts). A page shows its
    neighbours in date order, so they are among its inputs: an edit re-renders the edited
    article's page and at most its two neighbours' pages, never the archive."""
    specs = []
    site = (config.site_name, config.site_url)
    neighbours = _neighbours(archive)
    digests: dict[str, bytes] = {}
    for article in archive.articles[part]:
        view = article_view(archive, article)._replace(**neighbours.get(article.id, {}))
        inputs = (article, view, shown_topics(archive.topics_of(article), digests), archive.surfaces, site)
        specs.append(PageSpec.one(page_path(article.url), render_article, *inputs))
        specs += _whole_lists(archive, article, config.per_page)
        specs.append(PageSpec.one(original_url(article), _as_archived, originals[article.id]))
        for refiling in archive.refilings.get(article.id, ()):  # kept on the site, listed on this page
            copy = refiling.article
            specs.append(PageSpec.one(original_url(copy), _as_archived, originals[copy.id]))
    return specs


def _as_archived(data: bytes) -> bytes:
    return data


def article_view(archive: Archive, article: Article) -> ArticleView:
    named = tuple((m.topic_id, m.surface) for m in archive.mentions.get(article.id, ()) if m.topic_id in archive.topics)
    targets = []
    for resolution in archive.resolutions.get(article.id, ()):
        target = archive.by_id.get(resolution.target_id) if resolution and resolution.target_id else None
        targets.append(target.url if target is not None else None)
    refilings = archive.refilings.get(article.id, ())
    backlinks = archive.backlinks.get(article.id, ())
    return ArticleView(named, tuple(targets), _listed_articles(archive, backlinks[:LISTED_ON_PAGE]),
                       _listed_articles(archive, archive.related.get(article.id, ())),
                       _refiled_entries(refilings[:LISTED_ON_PAGE]),
                       _over(len(backlinks)), _over(len(refilings)))


def _refiled_entries(refilings) -> tuple[tuple, ...]:
    return tuple((original_url(r.article), r.article.path, r.article.date, r.similarity) for r in refilings)


def _over(count: int) -> int:
    """The count an article page shows beside a list cut at `LISTED_ON_PAGE` (0: not cut)."""
    return count if count > LISTED_ON_PAGE else 0


def _whole_lists(archive: Archive, article: Article, per_page: int) -> list[PageSpec]:
    """The paginated pages of all the articles that refer to `article`, and of all the other
    files of its story, when there are more than its own page lists: a background piece that
    thousands of articles cite, or a wire story re-sent hundreds of times, must not make one
    page that grows with the archive."""
    specs, shown = [], (article.url, article.title)
    backlinks = archive.backlinks.get(article.id, ())
    if _over(len(backlinks)):
        entries = _listed_articles(archive, backlinks)
        url = article.url + REFERENCED_BY
        specs.append(PageSpec.many([page_path(u) for u in page_urls(len(entries), per_page, url)],
                                   _referenced_by_pages, shown, entries, per_page))
    refilings = archive.refilings.get(article.id, ())
    if _over(len(refilings)):
        entries = _refiled_entries(refilings)
        url = article.url + ALSO_FILED
        specs.append(PageSpec.many([page_path(u) for u in page_urls(len(entries), per_page, url)],
                                   _also_filed_pages, shown, entries, per_page))
    return specs


def _referenced_by_pages(shown: tuple[str, str], entries: tuple[tuple, ...], per_page: int) -> dict[str, str]:
    return _whole_list(shown, entries, per_page, REFERENCED_BY, "Articles that refer to", _article_line)


def _also_filed_pages(shown: tuple[str, str], entries: tuple[tuple, ...], per_page: int) -> dict[str, str]:
    return _whole_list(shown, entries, per_page, ALSO_FILED, "Other files of", _refiled_line)


def _whole_list(shown: tuple[str, str], entries: tuple[tuple, ...], per_page: int, folder: str, what: str,
                line) -> dict[str, str]:
    url, title = shown
    pages = {}
    for page in paginate(entries, per_page, url + folder):
        source = page_path(page.url)
        heading = page.titled(f"{what} “{title}”")
        back = f"Back to {link(source, url, title)}."
        items = "\n".join(line(source, entry) for entry in page.items)
        pages[source] = front_matter({"title": guard_title(heading)}) + f"# {escape_text(heading)}\n\n{back}\n\n{items}\n" + pager(page)
    return pages


def _neighbours(archive: Archive) -> dict[str, dict[str, tuple]]:
    """Article id -> its older and newer neighbour among the dated articles (undated ones have
    no place in date order)."""
    dated = [a for a in archive.articles if a.date]  # newest first
    found: dict[str, dict[str, tuple]] = {}
    for index, article in enumerate(dated):
        found[article.id] = {}
        if index + 1 < len(dated):
            found[article.id]["older"] = _entry(dated[index + 1])
        if index:
            found[article.id]["newer"] = _entry(dated[index - 1])
    return found


def _entry(article: Article) -> tuple:
    return (article.url, article.title)  # what the page shows of a neighbour


def _listed_articles(archive: Archive, ids) -> tuple[tuple, ...]:
    found = (archive.by_id.get(i) for i in ids)
    return tuple((other.url, other.title, other.date) for other in found if other is not None)


def render_article(article: Article, view: ArticleView, topics: ShownTopics, surfaces,
                   site: tuple[str, str | None]) -> str:
    """`surfaces`: linking.TopicSurfaces, the archive's topic-linking automaton; `site`: the
    site's name and address (`site_url`), for its structured data."""
    source = page_path(article.url)
    targets = dict(zip(article.references, view.targets))
    linker = _TopicLinker(view, topics.by_id, source, surfaces)
    body = _body(article, source, linker, targets)
    body += _listed(article, source, targets)
    body += _refiled(source, view.refiled, view.refiled_count, article.url)
    body += _article_list("Referenced by", source, view.backlinks, view.backlinks_count, article.url)
    body += _article_list("Related", source, view.related)
    return front_matter(_meta(article, view, tuple(topics.by_id.values()), site)) + body


def _meta(article: Article, view: ArticleView, topics: tuple[Topic, ...], site: tuple[str, str | None]) -> dict:
    """What the header template needs; every string in it is escaped here, once, but for the
    JSON-LD data, which the template serialises with `tojson`."""
    header = {
        "date": article.date.isoformat() if article.date else None,
        "date_label": guard_title(format_date(article.date)),
        "source": guard_title(article.source) if article.source else None,
        "author": guard_title(article.author) if article.author else None,
        "source_url": article.source_url if article.source_url and SAFE_URL.match(article.source_url) else None,
        "original": original_url(article),
        "inferred": sorted(article.inferred),
        "topics": [
            {"name": guard_title(t.name), "kind": t.kind, "url": t.url}
            for t in sorted(topics, key=lambda t: (t.kind, t.name.lower(), t.id))
        ],
    }
    for key, neighbour in (("older", view.older), ("newer", view.newer)):
        if neighbour:
            header[key] = {"url": neighbour[0], "title": guard_title(neighbour[1])}
    meta = {"title": guard_title(article.title), "article": header, "hide": ["navigation"],
            "jsonld": article_jsonld(article, tuple(topics), *site)}
    summary = description(article)
    if summary:
        meta["description"] = guard_title(summary)
    return meta


def _body(article, source, linker: "_TopicLinker", targets) -> str:
    out = []
    for section in article.sections:
        if section.heading:
            out.append(f"## {escape_text(section.heading)}\n")
        for block in section.blocks:
            if block.reference is not None:
                out.append(_reference_line(source, block.reference, targets.get(block.reference)))
            elif article.format == "markdown":
                out.append(_hashtags_as_text(block.text) + "\n")
            else:
                out.append(_plain_block(block, linker) + "\n")
    return "\n".join(out)


# '#' opening a line and followed by a word: '#BudgetDay trended', '#1 seed Nadal'.
HASHTAG_LINE = re.compile(r"^#+(?=[^#\s])", re.MULTILINE)


def _hashtags_as_text(text: str) -> str:
    """A line of a Markdown article that opens with '#word' shows as written. Python-Markdown
    makes it a heading; CommonMark, the model (readers/markdown.py) and the pull request's
    preview on GitHub want a space after a heading's '#'. A block holding a fence is left as
    written: code shows its '#' lines as they are."""
    if "#" not in text or "```" in text or "~~~" in text:
        return text
    return HASHTAG_LINE.sub(lambda match: "\\" + match.group(), text)


def _plain_block(block, linker: "_TopicLinker") -> str:
    """Text from raw text or a web page, escaped; a page's lists and quotes are marked up by
    us, one escaped item per line, so nothing of the page's own markup can reach the site."""
    if block.kind == "list":
        return "\n".join(f"- {linker.link(item)}" for item in block.text.splitlines() if item.strip())
    if block.kind == "quote":
        return "\n".join(f"> {linker.link(line)}" for line in block.text.splitlines() if line.strip())
    if block.kind == "caption":
        return f"*{linker.link(block.text)}*\n{{ .archive-caption }}"
    return linker.link(block.text)


class _TopicLinker:
    """Links the first mention of each of the article's topics in its body text, in whatever
    form it takes there ('Volodymyr Zelensky' where the text gives the full name); headings and
    reference lines are never linked. Pieces around a link are escaped separately, so labels
    stay exactly the article's words."""

    def __init__(self, view: ArticleView, topics: dict[str, Topic], source: str, surfaces):
        self.topics, self.source, self.surfaces, self.linked = topics, source, surfaces, set()
        self.meaning: dict[str, str] = {}
        for topic_id, surface in view.named:
            topic = topics[topic_id]
            if topic.page:  # a topic without a page has nothing to link
                for form in (surface, topic.name, *topic.aliases):
                    self.meaning.setdefault(form, topic.id)
        self.remaining = len(set(self.meaning.values()))

    def link(self, text: str) -> str:
        if len(self.linked) == self.remaining:
            return escape_text(text)
        pieces, position = [], 0
        for start, end, surface in self.surfaces.find(text):
            topic_id = self.meaning.get(surface)
            if topic_id is None or topic_id in self.linked or not _word_bounded(text, start, end):
                continue
            self.linked.add(topic_id)
            pieces.append(escape_text(text[position:start]))
            pieces.append(link(self.source, self.topics[topic_id].url, surface))
            position = end
        pieces.append(escape_text(text[position:]))
        return "".join(pieces)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _reference_line(source: str, reference, target_url: str | None) -> str:
    label = REFERENCE_LABEL[reference.kind]
    if target_url is not None:
        return f"*{label}:* {link(source, target_url, reference.target)}\n{{ .archive-reference }}\n"
    return f"*{label}:* {escape_text(reference.target)} *(not in the archive)*\n{{ .archive-reference .archive-missing }}\n"


def _listed(article, source, targets) -> str:
    """Metadata `see_also` entries, then a web page's links that lead to archived articles."""
    listed = [r for r in article.references if r.kind in ("listed", "linked")]
    if not listed:
        return ""
    return "\n## See also\n\n" + "\n".join(_reference_line(source, r, targets.get(r)) for r in listed)


def _refiled(source: str, entries: tuple[tuple, ...], count: int, url: str) -> str:
    """The story's other files: kept as they were archived, not published as pages of their own."""
    if not entries:
        return ""
    items = [_refiled_line(source, entry) for entry in entries]
    intro = "The archive holds this story in other files too; it is published once, here.\n\n"
    every = f"\n\n{link(source, url + ALSO_FILED, f'All {number(count)} other files')}" if count else ""
    return "\n## Also filed as\n\n" + intro + "\n".join(items) + every + "\n"


def _refiled_line(source: str, entry: tuple) -> str:
    url, path, day, similarity = entry
    shared = "the same text" if similarity >= 1.0 else f"{similarity:.0%} of its text the same"
    return f"- [{escape_text(path)}]({rel(source, url)}) · {format_date(day)} · {shared}"


def _article_list(heading: str, source: str, entries: tuple[tuple, ...], count: int = 0, url: str = "") -> str:
    if not entries:
        return ""
    items = [_article_line(source, entry) for entry in entries]
    every = f"\n\n{link(source, url + REFERENCED_BY, f'All {number(count)} articles that refer to it')}" if count else ""
    return f"\n## {heading}\n\n" + "\n".join(items) + every + "\n"


def _article_line(source: str, entry: tuple) -> str:
    url, title, day = entry
    return f"- {link(source, url, title)} · {format_date(day)}"
