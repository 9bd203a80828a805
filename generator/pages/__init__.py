"""Every page of the site, as {docs path: content}: pure functions of the enriched archive."""
from __future__ import annotations

from ..config import Config
from ..model import Archive
from .article import TopicSurfaces, original_url, render_article
from .common import page_path
from .listing import render_home, render_timeline
from .seealso import render_seealso_pages
from .topics import render_topic_pages


def render_site(archive: Archive, config: Config, originals: dict[str, bytes]) -> dict[str, str | bytes]:
    """All Markdown pages plus the archived originals (served as plain text)."""
    pages: dict[str, str | bytes] = {}
    surfaces = TopicSurfaces(archive)
    for article in archive.articles:
        pages[page_path(article.url)] = render_article(archive, article, surfaces)
        pages[original_url(article)] = originals[article.id]
    pages.update(render_home(archive, config))
    pages.update(render_timeline(archive, config))
    pages.update(render_topic_pages(archive, config))
    pages.update(render_seealso_pages(archive, config))
    return pages
