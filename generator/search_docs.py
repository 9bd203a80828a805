"""What the search index reads: one small HTML document per article, made from the model.

Pagefind indexes HTML. Indexing the themed site meant parsing about 26 KB of navigation,
header and icons around every article to find 3 KB of text; these documents hold only what
search needs (title, date, year and topic filters, the article's text), so an index over
them costs about half as much, and they are written like any generated file: only when their
bytes change, which tells the search step exactly which years to re-index. Each document
sits at its article's URL (`<url>index.html`), so Pagefind's result URLs are the site's.
Every value is escaped: the text is untrusted, and Pagefind shows it back to readers.
"""
from __future__ import annotations

import re
from html import escape

from .model import Archive, Article
from .pages.spec import PageSpec
from .pages.structured import MARKDOWN_LINK
from .slugs import year_folder

_MARKUP = re.compile(r"(^|\s)[#>]+\s|[*_`]+")


def search_documents(archive: Archive) -> list[PageSpec]:
    """The spec of each article's document at '<article url>index.html': the article and its
    published topics' (kind, name)."""
    specs = []
    for article in archive.articles:
        filters = tuple((t.kind, t.name) for t in archive.topics_of(article))
        specs.append(PageSpec.one(f"{article.url}index.html", search_doc, article, filters))
    return specs


def search_doc(article: Article, topics: tuple[tuple[str, str], ...]) -> str:
    """The document for one article; `topics` are its topics' (kind, name), in mention order."""
    year = year_folder(article.date) if article.date else "undated"  # the year folder's name
    date = f'<p data-pagefind-ignore data-pagefind-meta="date:{article.date.isoformat()}"></p>' if article.date else ""
    filters = [f'<span data-pagefind-filter="year">{year}</span>']
    filters += [f'<span data-pagefind-filter="{kind}">{escape(name)}</span>' for kind, name in topics]
    body = []
    for section in article.sections:
        if section.heading:
            body.append(f"<h2>{escape(section.heading)}</h2>")
        body.extend(f"<p>{escape(_plain(article, block.text))}</p>"
                    for block in section.blocks if block.reference is None and block.text)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(article.title)}</title></head>'
            f'<body><main data-pagefind-body><h1 data-pagefind-meta="title">{escape(article.title)}</h1>{date}'
            f'<div data-pagefind-ignore>{"".join(filters)}</div>\n' + "\n".join(body) + "\n</main></body></html>\n")


def _plain(article: Article, text: str) -> str:
    """Markdown articles' text without its markup, so excerpts read as the page does."""
    if article.format != "markdown":
        return text
    return _MARKUP.sub(r"\1", MARKDOWN_LINK.sub(r"\1", text))
