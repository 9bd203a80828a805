"""Page helpers: front matter that every YAML reader parses back exactly, escaping, links."""
from __future__ import annotations

import html
import posixpath
import re

import markdown
import yaml

from generator.pages.common import escape_text, front_matter, paginate, rel

TRICKY = [
    'He said: "no" — and left', "back\\slash \\u0041", "line\nbreak\ttab", "#hash & *star* [x]",
    "— ‹script› ’quotes’ “curly”", "- dash start", "key: value", "{braces}", "yes", "null", "1e5",
    "\u2028 separator \u2029 \x85 next-line", "\x80\x9f c1 controls (Latin-1 fallback)", "emoji 🛰",
    "'single'", "\ufeff bom",
]


def test_front_matter_parses_back_exactly_with_yaml():
    values = {"title": TRICKY[0], "article": {"list": TRICKY, "n": 3, "none": None, "flag": True}}
    text = front_matter(values)
    match = re.fullmatch(r"---\n(.*)\n---\n\n", text, re.S)
    assert match and "\n" not in match.group(1)
    assert yaml.safe_load(match.group(1)) == values


def test_front_matter_is_what_mkdocs_reads():
    from mkdocs.utils.meta import get_data

    body, meta = get_data(front_matter({"title": TRICKY[4], "list": TRICKY}) + "# Body\n")
    assert meta == {"title": TRICKY[4], "list": TRICKY} and body.strip() == "# Body"


def test_escaped_text_renders_as_the_same_text():
    md = markdown.Markdown(extensions=["attr_list", "tables", "generator.safe_markdown"])
    samples = [TRICKY[0], TRICKY[1], TRICKY[3], TRICKY[4], TRICKY[5], "1. not a list", "> not a quote",
               "<b>not bold</b> &amp; entity", "a {: .cls }", "`code` and \\*"]
    for text in samples:
        rendered = md.reset().convert(escape_text(text))
        assert html.unescape(re.sub(r"</?p>", "", rendered)) == text, (text, rendered)


def test_relative_links_and_pagination():
    assert rel("index.md", "timeline/index.md") == "timeline/index.md"
    assert rel("2023/11/07/a/index.md", "topics/x/index.md") == "../../../../topics/x/index.md"
    pages = paginate(list(range(7)), 3, "timeline/2023/11/")
    assert [p.url for p in pages] == ["timeline/2023/11/", "timeline/2023/11/page/2/", "timeline/2023/11/page/3/"]
    assert [len(p.items) for p in pages] == [3, 3, 1] and pages[1].previous_url == pages[0].url


def test_page_urls_are_the_urls_paginate_gives():
    """Specs take their paths from page_urls without slicing; a drift would name files the
    render function does not make (PageSpec.make refuses that)."""
    from generator.pages.common import page_urls, paginate

    for count in range(0, 23):
        for per_page in (1, 2, 5, 10):
            expected = [page.url for page in paginate(list(range(count)), per_page, "topics/x/")]
            assert page_urls(count, per_page, "topics/x/") == expected


def test_counts_read_as_english_prose():
    from generator.plural import counted, number
    assert [counted(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert counted(12897, "topic") == "12,897 topics" and number(1000) == "1,000" and number(999) == "999"


def test_a_long_listing_links_its_first_and_last_pages_and_numbers_its_titles():
    from generator.pages.common import pager

    pages = paginate(list(range(7)), 1, "topics/x/")

    def links(page):  # link text -> the page it leads to, from the site's root
        here = posixpath.dirname(page.url + "index.md")
        return {text: posixpath.normpath(posixpath.join(here, target))
                for text, target in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", pager(page))}
    assert links(pages[3]) == {"« First": "topics/x/index.md", "← Previous": "topics/x/page/3/index.md",
                               "Next →": "topics/x/page/5/index.md", "Last »": "topics/x/page/7/index.md"}
    assert set(links(pages[0])) == {"Next →", "Last »"} and set(links(pages[1])) == {"← Previous", "Next →", "Last »"}
    assert set(links(pages[5])) == {"« First", "← Previous", "Next →"} and set(links(pages[6])) == {"« First", "← Previous"}
    assert pager(pages[3]).strip().startswith("Page 4 of 7 · ")
    assert [pages[0].titled("X"), pages[3].titled("X")] == ["X", "X (page 4 of 7)"]


def test_a_cut_is_marked_unless_it_ends_a_sentence():
    from generator.excerpt import ellipsis
    from generator.topics.names import snippet

    assert ellipsis("would not change course,") == "would not change course…"
    assert ellipsis("would not change course on clinics.") == "would not change course on clinics."
    text = "Mayor Ann Lee said on August 19 that Peru would not change course on clinics. " * 3
    shown = snippet(text, text.index("Ann Lee"), text.index("Ann Lee") + 7, width=68)  # the cut falls after "clinics."
    assert shown.endswith("clinics.") and ".…" not in shown


def test_every_image_markdown_makes_becomes_a_link_to_it():
    """The site loads nothing from other sites, whichever way an article writes an image."""
    from bs4 import BeautifulSoup

    md = markdown.Markdown(extensions=["toc", "attr_list", "tables", "fenced_code", "generator.safe_markdown"])
    html = md.convert("![pixel][p], ![shortcut], [![inner](https://x.org/b.png)](https://x.org/), ![](https://x.org/c.png) "
                      "and *![em](https://x.org/d.png)*.\n\n[p]: https://tracker.example/pixel.png\n[shortcut]: https://x.org/s.png\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("img") is None
    assert [(a.get("href"), a.get_text()) for a in soup.find_all("a")] == [
        ("https://tracker.example/pixel.png", "Image: pixel"), ("https://x.org/s.png", "Image: shortcut"),
        ("https://x.org/", "Image: inner"), ("https://x.org/c.png", "Image: untitled"), ("https://x.org/d.png", "Image: em")]


def test_a_markdown_line_opening_with_a_hashtag_shows_as_written():
    """Python-Markdown makes '#BudgetDay trended' a heading; the model, CommonMark and GitHub's
    preview of the pull request do not. Headings with a space and code keep their '#'."""
    from bs4 import BeautifulSoup

    from generator.pages.article import _hashtags_as_text

    text = "#BudgetDay trended.\n##Reaction and #1 seed Nadal\n### Real heading\n\\#escaped"
    soup = BeautifulSoup(markdown.markdown(_hashtags_as_text(text)), "html.parser")
    assert [h.get_text() for h in soup.find_all(["h1", "h2", "h3"])] == ["Real heading"]
    assert soup.get_text().split("\n")[:2] == ["#BudgetDay trended.", "##Reaction and #1 seed Nadal"]
    code = "```\n#!/bin/sh\n```"
    assert _hashtags_as_text(code) == code
