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
    unlinked = {m.surface: m.topic_id for m in mentions if m.topic_id in archive.topics}
    out = []
    for section in article.sections:
        if section.heading:
            out.append(f"## {escape_text(section.heading)}\n")
        for block in section.blocks:
            if block.reference is not None:
                out.append(_reference_line(archive, source, block, resolved.get(block.reference)))
            elif article.format == "text":
                out.append(_linked_text(block.text, unlinked, archive, source) + "\n")
            else:
                out.append(block.text + "\n")
    return "\n".join(out)


def _linked_text(text: str, unlinked: dict[str, str], archive: Archive, source: str) -> str:
    """Escape a paragraph and link the first mention of each topic not linked yet.

    Links are cut out of the raw text before escaping, so the escaped pieces and the link
    labels stay exactly the article's words.
    """
    if not unlinked:
        return escape_text(text)
    pattern = re.compile("|".join(re.escape(s) for s in sorted(unlinked, key=len, reverse=True)))
    pieces, position = [], 0
    for match in pattern.finditer(text):
        surface = match.group(0)
        if surface not in unlinked or not _word_bounded(text, match.start(), match.end()):
            continue
        topic = archive.topics[unlinked.pop(surface)]
        pieces.append(escape_text(text[position:match.start()]))
        pieces.append(link(source, topic.url, surface))
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
