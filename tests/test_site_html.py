"""Saved web pages on the built site: the extracted article rendered by us, the author in the
header and the export, page links that reach archived articles, and the original published
byte for byte as plain text that no server or browser runs as a page."""
from __future__ import annotations

import shutil
import urllib.request

import pytest

from conftest import FIXTURES, build_site
from generator.bench.browser import CHROMIUM, serve

HTML = FIXTURES / "html"
NOTE = """---
title: Ferry timetable changes while the bridge is shut
date: 2019-03-04
author: Eve Dock
---

The ferries across the harbour run every ten minutes while the bridge is closed.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("html-site")
    content = root / "content"
    content.mkdir()
    for page in HTML.glob("*.html"):
        shutil.copy(page, content / page.name)
    (content / "ferry-note.md").write_text(NOTE, encoding="utf-8")
    built = build_site(content, root)
    assert built.result.returncode == 0, built.result.stderr
    return built


def _article(site, path):
    return next(a for a in site.export()["articles"] if a["path"] == path)


def test_the_extracted_article_is_rendered_by_us(site):
    entry = _article(site, "harbour-bridge.html")
    assert entry["format"] == "html" and entry["author"] == "Ada Quill and Ben Marsh"
    soup = site.html(entry["url"])
    body = soup.select_one(".md-content article")
    assert body.find("h1").get_text() == "Harbour bridge reopens after two-year repair"
    assert "By Ada Quill and Ben Marsh" in soup.select_one(".archive-author").get_text()
    assert [h.get_text().rstrip("¶") for h in body.find_all("h2")][:2] == ["What changed on the crossing", "Tolls and opening hours"]
    assert [li.get_text() for li in body.select("ul li")][:3] == [
        "new steel hangers along the whole span", "a cycle lane on each side of the deck",
        "drains that keep the footpath dry at high tide"]
    assert "tested every cable twice" in body.find("blockquote").get_text()
    text = body.get_text()
    assert "Reader comment" not in text and "Advertisement" not in text and "navigation link" not in text


def test_a_link_to_an_archived_article_becomes_a_reference(site):
    entry = _article(site, "harbour-bridge.html")
    closed = _article(site, "bridge-closed.html")
    assert [(r["kind"], r["target_id"]) for r in entry["references"]] == [("linked", "bridge-closed")]
    assert closed["backlinks"] == ["harbour-bridge"]
    soup = site.html(entry["url"])
    links = [a["href"] for a in soup.select(".archive-reference a")]
    assert len(links) == 1 and closed["url"] in links[0]
    wanted = site.export()
    assert all(r["kind"] != "linked" or r["target_id"] for a in wanted["articles"] for r in a["references"])


def test_author_from_front_matter_is_shown(site):
    entry = _article(site, "ferry-note.md")
    assert entry["author"] == "Eve Dock"
    assert site.html(entry["url"]).select_one(".archive-author").get_text().split() == ["By", "Eve", "Dock"]
    assert _article(site, "bridge-closed.html")["author"] == "Cy Tern"


def test_the_original_is_published_byte_for_byte_as_plain_text(site):
    entry = _article(site, "harbour-bridge.html")
    assert entry["original"] == "originals/harbour-bridge.txt"
    published = site.site / entry["original"]
    assert published.read_bytes() == (HTML / "harbour-bridge.html").read_bytes()
    with serve(site.site) as base:
        with urllib.request.urlopen(base + entry["original"]) as response:
            assert response.headers.get_content_type() == "text/plain"
            assert response.read() == published.read_bytes()


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: run `make browser` (make test installs it)")
def test_a_browser_shows_the_original_as_text_and_runs_nothing(site, browser):
    entry = _article(site, "harbour-bridge.html")
    with serve(site.site) as base:  # the suite's one chromium (conftest): Playwright allows one
        page = browser.new_page()
        page.goto(base + entry["original"])
        assert page.evaluate("document.querySelectorAll('h1, nav, article, script, iframe').length") == 0
        assert page.evaluate("[...document.body.children].map(e => e.tagName)") == ["PRE"]
        assert page.evaluate("typeof window.tracker") == "undefined"
        assert "<h1>Harbour bridge reopens after two-year repair</h1>" in page.inner_text("body")
        page.close()
