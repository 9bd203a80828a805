"""Every page of the site, as {docs path: content}: pure functions of the enriched archive."""
from __future__ import annotations

from functools import partial
from typing import Callable

from ..config import Config
from ..model import Archive
from ..writer import Made
from .article import TopicSurfaces, article_view, original_url, render_article
from .common import page_path
from .listing import render_home, render_timeline
from .reuse import RENDER_ALL, Reuse
from .seealso import render_seealso_pages
from .topics import render_topic_pages

Pages = dict[str, "str | bytes | Made"]  # Made: see reuse.py


def render_site(archive: Archive, config: Config, originals: dict[str, bytes]) -> Pages:
    """All Markdown pages plus the archived originals (served as plain text)."""
    pages: Pages = {}
    for job in site_jobs(archive, config, originals):
        pages.update(job())
    return pages


def site_jobs(archive: Archive, config: Config, originals: dict[str, bytes],
              reuse: Reuse = RENDER_ALL) -> list[Callable[[], Pages]]:
    """The same pages as `render_site`, in two independent halves of similar cost (article
    pages, listings and the see-also index; topic pages), so a caller can render them in
    parallel. With `reuse`, pages whose inputs did not change since they were written are
    not rendered again."""
    return [partial(_articles_and_listings, archive, config, originals, reuse),
            partial(render_topic_pages, archive, config, reuse)]


def _articles_and_listings(archive: Archive, config: Config, originals: dict[str, bytes],
                           reuse: Reuse) -> Pages:
    pages: Pages = {}
    surfaces = TopicSurfaces(archive)
    for article in archive.articles:
        view = article_view(archive, article)
        path = page_path(article.url)
        key = (reuse.article(article), surfaces.digest, tuple(view))  # a plain tuple pickles in C
        pages[path] = reuse.page(path, key, partial(render_article, article, view, surfaces))
        pages[original_url(article)] = originals[article.id]
    pages.update(render_home(archive, config))
    pages.update(render_timeline(archive, config))
    pages.update(render_seealso_pages(archive, config))
    return pages
