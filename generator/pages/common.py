"""Helpers every page builder uses: escaping untrusted text, relative links, pagination.

Page builders are pure functions from the model to page specs (spec.py). Paths are
relative to the docs folder, and links between pages are relative `.md` links, so MkDocs checks
every one of them (`--strict`) and the site works under any base URL.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from dataclasses import dataclass
from datetime import date
from typing import Sequence, TypeVar


T = TypeVar("T")

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_SPECIAL = re.compile(r"[&<>\\`*_{}\[\]]")


def escape_text(text: str) -> str:
    """Plain text that Markdown shows verbatim: no emphasis, links, HTML or attribute lists.

    Archived text is untrusted and unmarked; `<script>` in it must stay text on the page, and a
    stray `*` or `[` must not change its meaning. HTML specials become entities, Markdown
    specials get backslashes. Most titles and snippets hold none of them, and this runs over a
    million times at 10,000 articles, so plain text returns at once.
    """
    if not _SPECIAL.search(text) and not _LINE_START.match(text):
        return text
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2)[0] in "#>+-=" else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def guard_title(text: str) -> str:
    """A title safe for templates that print it unescaped, even after `striptags`.

    MkDocs renders templates without autoescape and Material passes titles through
    `striptags`, which unescapes entities; angle brackets are therefore replaced by look-alike
    quotation marks before escaping, so no title can ever open a tag.
    """
    return html.escape(text.replace("<", "‹").replace(">", "›"), quote=True)


def page_path(url: str) -> str:
    """The docs source of a directory URL: 'topics/x/' -> 'topics/x/index.md'."""
    return f"{url}index.md"  # url is "" (home) or ends with "/"


def rel(from_page: str, to_page: str) -> str:
    """A relative link between two docs sources, as MkDocs resolves and validates it.

    Up to the docs root, then down: every page is a folder's index.md, so the way up is one
    '../' per folder, with no path arithmetic (this runs for every link on every page).
    """
    return "../" * from_page.count("/") + to_page


def link(from_page: str, to_url: str, label: str) -> str:
    return f"[{escape_text(label)}]({rel(from_page, page_path(to_url))})"


def front_matter(values: dict) -> str:
    """Front matter as one line of JSON, keys sorted so output is byte-identical run to run.

    JSON is YAML, so MkDocs (and any YAML reader) parses it as front matter; `json.dumps` runs
    in C, where PyYAML's representer was half the cost of rendering every page. The few
    characters YAML reads differently from JSON (line separators, C1 controls, lone
    surrogates) are escaped.
    """
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return "---\n" + _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n---\n\n"


# Outside PyYAML's printable set, or line breaks inside a YAML quoted string.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=8192)
def format_date(day: date | None) -> str:
    """'7 November 2023', joined by no-break spaces: at the end of a listing line on a phone a
    date wraps whole, never as '7' on one line and 'November 2023' on the next."""
    return f"{day.day}\u00a0{day:%B}\u00a0{day.year}" if day else "Undated"


@dataclass(frozen=True)
class Pagination:
    """One page of a listing: its items, its own URL and its neighbours' URLs."""

    items: tuple
    number: int
    count: int
    url: str
    previous_url: str | None
    next_url: str | None
    first_url: str
    last_url: str

    def titled(self, title: str) -> str:
        """The listing's title, with the page's number after the first page: a later page found
        from search, a bookmark or the browser's history says which one it is."""
        return title if self.number == 1 else f"{title} (page {self.number} of {self.count})"


def paginate(items: Sequence[T], per_page: int, base_url: str) -> list[Pagination]:
    """Split a listing so no page grows with the archive: base/, base/page/2/, base/page/3/ ..."""
    chunks = [tuple(items[i:i + per_page]) for i in range(0, len(items), per_page)] or [()]
    urls = page_urls(len(items), per_page, base_url)
    return [
        Pagination(chunk, n, len(chunks), urls[n - 1], urls[n - 2] if n > 1 else None,
                   urls[n] if n < len(chunks) else None, urls[0], urls[-1])
        for n, chunk in enumerate(chunks, start=1)
    ]


def page_urls(count: int, per_page: int, base_url: str) -> list[str]:
    """The URLs `paginate` gives a listing of `count` items, without slicing it (a page spec
    needs its paths every build, its items only when it is rendered)."""
    pages = max(1, -(-count // per_page))
    return [base_url if n == 1 else f"{base_url}page/{n}/" for n in range(1, pages + 1)]


def pager(page: Pagination) -> str:
    """'Page 3 of 7 · « First · ← Previous · Next → · Last »' for a paginated listing: first and
    last only where they are not already the neighbours, so a topic of 50 pages is two clicks
    from its oldest articles, not 49."""
    if page.count == 1:
        return ""
    source = page_path(page.url)
    parts = [f"Page {page.number} of {page.count}"]
    if page.number > 2:
        parts.append(f"[« First]({rel(source, page_path(page.first_url))})")
    if page.previous_url:
        parts.append(f"[← Previous]({rel(source, page_path(page.previous_url))})")
    if page.next_url:
        parts.append(f"[Next →]({rel(source, page_path(page.next_url))})")
    if page.number < page.count - 1:
        parts.append(f"[Last »]({rel(source, page_path(page.last_url))})")
    return "\n\n" + " · ".join(parts) + "\n"


def article_line(from_page: str, article) -> str:
    """A list item for an article in any listing: linked title and its date."""
    return f"- {link(from_page, article.url, article.title)} · {format_date(article.date)}"

