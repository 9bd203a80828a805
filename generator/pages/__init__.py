"""Every page of the site, as page specs: pure functions of the enriched archive.

A page builder takes the `Archive` (and the settings) and returns `PageSpec`s (spec.py): the
docs paths it makes, the inputs the page shows, and a render function of those inputs alone.
The pipeline decides which specs to render (incremental.PageFingerprints keeps a page whose
inputs did not change) and hands the files to the writer; builders never touch the disk, the
memo or the fingerprints.

How to add a new kind of page (a feed, a listing of duplicates, ...):

1. If the page shows something computed from the whole archive (a ranking, a grouping, a
   statistic), compute it in enrichment (a module of its own, called from `enrich.derive`)
   and keep the result on the `Archive`; the page only formats it.
2. Write `pages/<kind>.py` with `<kind>_pages(archive, config) -> list[PageSpec]`. Import only
   the model, `common.py` (escaping, links, pagination, front matter) and `spec.py`.
   - A page per item that most builds leave unchanged (like article and topic pages): give it
     exactly what it shows as inputs (model values, tuples of plain values) and a render
     function of those inputs (`PageSpec.one(path, render, *inputs)`, or `PageSpec.many(paths,
     render, *inputs)` for a paginated one). What the render function is not given, it cannot
     show, so the page can never go stale.
   - A bounded listing over much of the archive: `cached=False`; it is rendered every build.
   - Paths are docs paths (`page_path(url)` for a page; any relative path for another file,
     such as `feed.xml`); links between pages use `common.link` so MkDocs checks them.
3. Add the builder to one of the parts in `site_pages` below (they render in parallel: as
   many at once as there are cores, each later one in whichever process is free first), and
   test its output by parsing it (see tests/test_topics.py).
"""
from __future__ import annotations

from functools import partial
from typing import Callable

from ..config import Config
from ..model import Archive
from .article import article_pages
from .feeds import site_feed, topic_feeds
from .listing import listing_pages
from .seealso import seealso_pages
from .spec import PageSpec
from .topics import topic_pages

Planner = Callable[[], list[PageSpec]]


def site_pages(archive: Archive, config: Config, originals: dict[str, bytes]) -> list[Planner]:
    """Every page's spec, in parts that are each planned where they are rendered, so a caller
    can plan and render them in parallel (parallel.run_jobs: the first part in the caller's
    process, the second in another, each later one in whichever is free first): topic pages;
    the newer half of the article pages (with their originals), the listings and the see-also
    index; the topics' feeds; the older half of the article pages. The article pages are the
    largest part by a third: whole, on two cores, one process rendered them while the other
    went on to the feeds after the topic pages and finished seconds later. In halves, the
    process that is free first (in a full build the one with the newer half) takes the
    feeds, the other the older half."""
    half = slice(0, len(archive.articles) // 2), slice(len(archive.articles) // 2, None)
    return [partial(topic_pages, archive, config),
            partial(_articles_and_listings, archive, config, originals, half[0]),
            partial(topic_feeds, archive, config),
            partial(article_pages, archive, config, originals, half[1])]


def _articles_and_listings(archive: Archive, config: Config, originals: dict[str, bytes], part: slice) -> list[PageSpec]:
    return (article_pages(archive, config, originals, part) + listing_pages(archive, config)
            + seealso_pages(archive, config) + site_feed(archive, config))


def render(specs: list[PageSpec]) -> dict[str, str | bytes]:
    """Every file of `specs`, rendered (tests, and wherever nothing is kept from a last build)."""
    files: dict[str, str | bytes] = {}
    for spec in specs:
        files.update(spec.make())
    return files


def render_site(archive: Archive, config: Config, originals: dict[str, bytes]) -> dict[str, str | bytes]:
    return render([spec for planner in site_pages(archive, config, originals) for spec in planner()])
