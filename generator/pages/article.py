"""One page per article: header data for the theme, the sections, references where they stood,
topic links on first mention, backlinks and related articles.

The theme override (site-theme/partials/content.html) renders the header from `article:` in the
front matter; everything in the body is Markdown built from escaped text.
"""
from __future__ import annotations

import re

import ahocorasick

from ..model import Archive, Article, Block, Mention, Resolution
from .common import escape_text, format_date, front_matter, guard_title, link, page_path

REFERENCE_LABEL = {"see also": "See also", "see more": "See more", "listed": "See also"}
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def original_url(article: Article) -> str:
    """Where the archived file is published as plain text (served as text, never as HTML)."""
    return f"originals/{article.id}.txt"


def render_article(archive: Archive, article: Article, surfaces: "TopicSurfaces | None" = None) -> str:
    source = page_path(article.url)
    mentions = archive.mentions.get(article.id, ())
    resolutions = archive.resolutions.get(article.id, ())
    resolved = dict(zip(article.references, resolutions))
    linker = _TopicLinker(archive, source, mentions, surfaces or TopicSurfaces(archive))
    body = _body(archive, article, source, linker, resolved)
    body += _listed(archive, article, source, resolved)
    body += _backlinks(archive, article, source)
    body += _related(archive, article, source)
    return front_matter(_meta(archive, article, mentions)) + body


def _meta(archive: Archive, article: Article, mentions: tuple[Mention, ...]) -> dict:
    """What the header template needs; every string in it is escaped here, once."""
    topics = [archive.topics[m.topic_id] for m in mentions if m.topic_id in archive.topics]
    header = {
        "date": article.date.isoformat() if article.date else None,
        "date_label": guard_title(format_date(article.date)),
        "source": guard_title(article.source) if article.source else None,
        "source_url": article.source_url if article.source_url and SAFE_URL.match(article.source_url) else None,
        "original": original_url(article),
        "inferred": sorted(article.inferred),
        "topics": [
            {"name": guard_title(t.name), "kind": t.kind, "url": t.url}
            for t in sorted(topics, key=lambda t: (t.kind, t.name.lower(), t.id))
        ],
    }
    meta = {"title": guard_title(article.title), "article": header, "hide": ["navigation"]}
    if article.summary:
        meta["description"] = guard_title(article.summary)
    return meta


def _body(archive, article, source, linker: "_TopicLinker", resolved) -> str:
    out = []
    for section in article.sections:
        if section.heading:
            out.append(f"## {escape_text(section.heading)}\n")
        for block in section.blocks:
            if block.reference is not None:
                out.append(_reference_line(archive, source, block, resolved.get(block.reference)))
            elif article.format == "text":
                out.append(linker.link(block.text) + "\n")
            else:
                out.append(block.text + "\n")
    return "\n".join(out)


class TopicSurfaces:
    """Every way the archive writes a published topic, in one Aho-Corasick automaton.

    Built once per site rather than one pattern per article: which topic a surface means is
    still decided per article, from that article's own mentions.
    """

    def __init__(self, archive: Archive):
        forms = {m.surface for found in archive.mentions.values() for m in found}
        forms.update(f for t in archive.topics.values() for f in (t.name, *t.aliases))
        self.automaton = ahocorasick.Automaton()
        for surface in sorted(f for f in forms if len(f) > 1):
            self.automaton.add_word(surface, surface)
        self.empty = not len(self.automaton)
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str):
        """(start, end, surface), leftmost first and longest at each place, not overlapping."""
        if self.empty:
            return
        for last, surface in self.automaton.iter_long(text):
            yield last - len(surface) + 1, last + 1, surface


class _TopicLinker:
    """Links the first mention of each of the article's topics in its body text, in whatever
    form it takes there ('Volodymyr Zelensky' where the text gives the full name); headings and
    reference lines are never linked. Pieces around a link are escaped separately, so labels
    stay exactly the article's words."""

    def __init__(self, archive: Archive, source: str, mentions: tuple[Mention, ...], surfaces: TopicSurfaces):
        self.archive, self.source, self.surfaces, self.linked = archive, source, surfaces, set()
        self.meaning: dict[str, str] = {}
        for mention in mentions:
            topic = archive.topics.get(mention.topic_id)
            if topic is not None:
                for form in (mention.surface, topic.name, *topic.aliases):
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
            pieces.append(link(self.source, self.archive.topics[topic_id].url, surface))
            position = end
        pieces.append(escape_text(text[position:]))
        return "".join(pieces)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _reference_line(archive: Archive, source: str, block: Block, resolution: Resolution | None) -> str:
    reference = block.reference
    label = REFERENCE_LABEL[reference.kind]
    target = archive.by_id.get(resolution.target_id) if resolution and resolution.target_id else None
    if target is not None:
        return f"*{label}:* {link(source, target.url, reference.target)}\n{{ .archive-reference }}\n"
    return f"*{label}:* {escape_text(reference.target)} *(not in the archive)*\n{{ .archive-reference .archive-missing }}\n"


def _listed(archive, article, source, resolved) -> str:
    listed = [r for r in article.references if r.kind == "listed"]
    if not listed:
        return ""
    lines = [_reference_line(archive, source, Block(line=r.line, reference=r), resolved.get(r)) for r in listed]
    return "\n## See also\n\n" + "\n".join(lines)


def _article_list(archive: Archive, source: str, ids) -> str:
    items = []
    for other_id in ids:
        other = archive.by_id.get(other_id)
        if other is not None:
            items.append(f"- {link(source, other.url, other.title)} · {format_date(other.date)}")
    return "\n".join(items) + "\n"


def _backlinks(archive: Archive, article: Article, source: str) -> str:
    ids = archive.backlinks.get(article.id, ())
    if not ids:
        return ""
    return "\n## Referenced by\n\n" + _article_list(archive, source, ids)


def _related(archive: Archive, article: Article, source: str) -> str:
    ids = archive.related.get(article.id, ())
    if not ids:
        return ""
    return "\n## Related\n\n" + _article_list(archive, source, ids)
