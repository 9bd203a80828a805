"""One page per article: header data for the theme, the sections, references where they stood,
topic links on first mention, backlinks and related articles.

The theme override (site-theme/partials/content.html) renders the header from `article:` in the
front matter; everything in the body is Markdown built from escaped text.
"""
from __future__ import annotations

import re

from ..model import Archive, Article, Block, Mention, Resolution
from .common import escape_text, format_date, front_matter, guard_title, link, page_path

REFERENCE_LABEL = {"see also": "See also", "see more": "See more", "listed": "See also"}
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def original_url(article: Article) -> str:
    """Where the archived file is published as plain text (served as text, never as HTML)."""
    return f"originals/{article.id}.txt"


def render_article(archive: Archive, article: Article) -> str:
    source = page_path(article.url)
    mentions = archive.mentions.get(article.id, ())
    resolutions = archive.resolutions.get(article.id, ())
    resolved = dict(zip(article.references, resolutions))
    body = _body(archive, article, source, mentions, resolved)
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


def _body(archive, article, source, mentions, resolved) -> str:
    linker = _TopicLinker(archive, source, mentions)
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


class _TopicLinker:
    """Links the first mention of each topic in the body text, whatever form it takes there.

    One alternation of every surface of the article's topics (longest first, so 'Volodymyr
    Zelensky' wins over 'Zelensky' where both start) is compiled once per article. Pieces
    around a link are escaped separately, so labels stay exactly the article's words.
    """

    def __init__(self, archive: Archive, source: str, mentions: tuple[Mention, ...]):
        self.archive, self.source, self.linked = archive, source, set()
        self.surfaces: dict[str, str] = {}
        for mention in mentions:
            topic = archive.topics.get(mention.topic_id)
            if topic is None:
                continue
            for surface in (mention.surface, topic.name, *topic.aliases):
                if surface and len(surface) > 1:
                    self.surfaces.setdefault(surface, topic.id)
        ordered = sorted(self.surfaces, key=lambda s: (-len(s), s))
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def link(self, text: str) -> str:
        if self.pattern is None or len(self.linked) == len(set(self.surfaces.values())):
            return escape_text(text)
        pieces, position = [], 0
        for match in self.pattern.finditer(text):
            topic_id = self.surfaces[match.group(0)]
            if topic_id in self.linked or not _word_bounded(text, match.start(), match.end()):
                continue
            self.linked.add(topic_id)
            pieces.append(escape_text(text[position:match.start()]))
            pieces.append(link(self.source, self.archive.topics[topic_id].url, match.group(0)))
            position = match.end()
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
