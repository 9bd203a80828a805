"""Search documents: what Pagefind indexes, parsed as HTML: title, date, filters, text; all escaped."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.config import Config
from generator.incremental import Memo
from generator.pages import render
from generator.pipeline import read_and_enrich
from generator.search_docs import search_documents
from generator.timing import Timer

FIXTURES = Path(__file__).parent / "fixtures"


def documents(folder: Path) -> tuple:
    archive = read_and_enrich(folder, Config(), Timer(stream=None), Memo(None)).archive
    return archive, render(search_documents(archive))


def test_one_document_per_article_at_its_url_with_title_date_filters_and_text():
    archive, docs = documents(FIXTURES / "e2e")
    assert sorted(docs) == sorted(f"{a.url}index.html" for a in archive.articles)
    for article in archive.articles:
        soup = BeautifulSoup(docs[f"{article.url}index.html"], "html.parser")
        body = soup.select_one("[data-pagefind-body]")
        assert body.select_one('[data-pagefind-meta="title"]').get_text() == article.title
        filters = {(el["data-pagefind-filter"], el.get_text()) for el in body.select("[data-pagefind-filter]")}
        assert ("year", str(article.date.year) if article.date else "undated") in filters
        named = {(archive.topics[m.topic_id].kind, archive.topics[m.topic_id].name)
                 for m in archive.mentions.get(article.id, ()) if m.topic_id in archive.topics}
        assert named <= filters and len(filters) == len(named) + 1
        if article.date:
            assert body.select_one("[data-pagefind-meta^='date:']")["data-pagefind-meta"] == f"date:{article.date.isoformat()}"
        text = body.get_text(" ")
        for section in article.sections:
            for block in section.blocks:
                if block.reference is None and block.text and article.format == "text":
                    assert " ".join(block.text.split()[:6]) in " ".join(text.split())
        assert all(el.find_parent(attrs={"data-pagefind-ignore": True}) for el in body.select("[data-pagefind-filter]")), \
            "filter values are not searchable text"


def test_hostile_text_stays_text():
    archive, docs = documents(FIXTURES / "hostile")
    for path, html in docs.items():
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "iframe", "img", "svg", "object", "embed", "style"]), path
        assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")], path
    assert any("<script" in BeautifulSoup(html, "html.parser").get_text() for html in docs.values()), \
        "the hostile fixture's script tag is searchable as text"
