"""The home page and the timeline (years -> months -> paginated article lists).

Every listing is paginated and every index lists groups, not articles, so no page grows with
the archive: the year page lists twelve months, a month page at most `per_page` articles.
"""
from __future__ import annotations

from collections import defaultdict

from ..config import Config
from ..model import Archive, Article
from ..plural import counted, number, plural
from ..slugs import year_folder
from .common import article_line, escape_text, front_matter, link, page_path, page_urls, paginate, pager
from .spec import PageSpec

HOME = "index.md"
TIMELINE = "timeline/"
UNDATED = "timeline/undated/"


def month_url(article: Article) -> str:
    """The month's timeline page; its year spelt as in permalinks (`timeline/0001/01/`)."""
    return f"timeline/{year_folder(article.date)}/{article.date:%m}/" if article.date else UNDATED


def listing_pages(archive: Archive, config: Config) -> list[PageSpec]:
    """The home page and the timeline, rendered every build: their inputs are the whole archive,
    which costs more to fingerprint than they cost to render."""
    return [PageSpec.one(HOME, _home, archive, config, cached=False),
            PageSpec.many(_timeline_paths(archive, config), _timeline, archive, config, cached=False)]


def _home(archive: Archive, config: Config) -> str:
    source = HOME
    dated = [a for a in archive.articles if a.date]
    span = ""
    if dated:
        first, last = dated[-1].date.year, dated[0].date.year
        span = f" from {first}" if first == last else f" from {first} to {last}"
    latest = archive.articles[: config.home_latest]
    body = [
        front_matter({"title": "Home", "hide": ["navigation"]}),
        f"# {config.site_name}\n",
        f"The archive holds **{number(len(archive.articles))}** {plural(len(archive.articles), 'article')}{span}"
        f" and **{number(len(archive.topics))}** {plural(len(archive.topics), 'topic')}.\n",
        f"Browse the {link(source, TIMELINE, 'timeline')}, the {link(source, 'topics/', 'topics A–Z')}"
        f" or the {link(source, 'see-also/', 'see-also index')}, or search.\n",
        "[Follow the latest articles (Atom feed)](feed.xml){ .archive-feed }\n",
        "## Latest articles\n",
        "\n".join(article_line(source, a) for a in latest) + "\n" if latest else "The archive is empty.\n",
        _month_topics(archive),
    ]
    return "\n".join(body)


def _month_topics(archive: Archive) -> str:
    """The latest month's most-named topics (enrichment ranks them: month_topics.py)."""
    if not archive.month_topics:
        return ""
    newest = next(a.date for a in archive.articles if a.date)
    lines = [f"- {link(HOME, archive.topics[t].url, archive.topics[t].name)} · {escape_text(archive.topics[t].kind)}"
             f" · {counted(n, 'article')}" for t, n in archive.month_topics]
    return f"## Most named in {newest:%B %Y} {{ #most-named-this-month }}\n\n" + "\n".join(lines) + "\n"


def _by_month(archive: Archive) -> dict[str, list[Article]]:
    by_month: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles:  # already newest first
        by_month[month_url(article)].append(article)
    return by_month


def _timeline_paths(archive: Archive, config: Config) -> list[str]:
    by_month = _by_month(archive)
    years = {u.split("/")[1] for u in by_month if u != UNDATED}
    return ([page_path(TIMELINE)] + [page_path(f"timeline/{year}/") for year in sorted(years)]
            + [page_path(url) for month, articles in by_month.items()
               for url in page_urls(len(articles), config.per_page, month)])


def _timeline(archive: Archive, config: Config) -> dict[str, str]:
    by_month = _by_month(archive)
    pages = {page_path(TIMELINE): _timeline_index(by_month)}
    dated = sorted(u for u in by_month if u != UNDATED)  # oldest first
    by_year: dict[str, list[str]] = defaultdict(list)
    for url in dated:
        by_year[url.split("/")[1]].append(url)
    years = list(by_year)
    for at, year in enumerate(years):
        around = _neighbours(years, at, lambda y: (f"timeline/{y}/", y))
        pages.update(_year_page(year, by_year[year][::-1], by_month, around))
    for at, url in enumerate(dated):
        around = _neighbours(dated, at, lambda m: (m, _month_title(by_month[m][0])))
        year = url.split("/")[1]
        pages.update(_article_pages(url, _month_title(by_month[url][0]), by_month[url], config.per_page,
                                    (f"timeline/{year}/", year), around))
    if UNDATED in by_month:
        pages.update(_article_pages(UNDATED, "Undated articles", by_month[UNDATED], config.per_page))
    return pages


def _neighbours(ordered: list[str], at: int, shown) -> list[tuple[str, str, str]]:
    """(older or newer, URL, title) of the items beside `ordered[at]` (oldest first);
    `shown` gives an item's URL and title."""
    return ([("older", *shown(ordered[at - 1]))] if at else []) + \
        ([("newer", *shown(ordered[at + 1]))] if at + 1 < len(ordered) else [])


def _way_around(source: str, ups: list[tuple[str, str]], around: list[tuple[str, str, str]]) -> str:
    """'Timeline · 2023 · older: October 2023 · newer: December 2023': up, then sideways."""
    return " · ".join([link(source, url, title) for url, title in ups]
                      + [f"{which}: {link(source, url, title)}" for which, url, title in around])


def _timeline_index(by_month: dict[str, list[Article]]) -> str:
    source = page_path(TIMELINE)
    counts: dict[str, int] = defaultdict(int)
    for url, articles in by_month.items():
        if url != UNDATED:
            counts[url.split("/")[1]] += len(articles)
    lines = [f"- {link(source, f'timeline/{year}/', year)} · {counted(counts[year], 'article')}"
             for year in sorted(counts, reverse=True)]
    if UNDATED in by_month:
        lines.append(f"- {link(source, UNDATED, 'Undated')} · {counted(len(by_month[UNDATED]), 'article')}")
    return front_matter({"title": "Timeline"}) + "# Timeline\n\n" + ("\n".join(lines) or "No articles yet.") + "\n"


def _year_page(year: str, month_urls: list[str], by_month, around: list[tuple[str, str, str]]) -> dict[str, str]:
    url = f"timeline/{year}/"
    source = page_path(url)
    lines = [
        f"- {link(source, m, _month_title(by_month[m][0]))} · {counted(len(by_month[m]), 'article')}"
        for m in month_urls
    ]
    way = _way_around(source, [(TIMELINE, "Timeline")], around)
    body = front_matter({"title": f"Timeline: {year}"}) + f"# {year}\n\n{way}\n\n" + "\n".join(lines) + "\n"
    return {source: body}


def _month_title(article: Article) -> str:
    return f"{article.date:%B %Y}" if article.date else "Undated"


def _article_pages(url: str, title: str, articles: list[Article], per_page: int,
                   year: tuple[str, str] | None = None, around: list[tuple[str, str, str]] = ()) -> dict[str, str]:
    """A month's (or the undated) articles, paginated; each page leads up to its year and the
    timeline and across to the months before and after."""
    pages = {}
    for page in paginate(articles, per_page, url):
        source = page_path(page.url)
        heading = page.titled(title)
        up = _way_around(source, [(TIMELINE, "Timeline")] + ([year] if year else []), list(around))
        lines = "\n".join(article_line(source, a) for a in page.items)
        pages[source] = (front_matter({"title": heading}) + f"# {heading}\n\n{up}\n\n{lines}\n" + pager(page))
    return pages
