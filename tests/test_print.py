"""An article as printed: chromium's print media, checked by computed visibility.

Header, section tabs, search, sidebars, footer and the older/newer links are not printed; the
title, the text, the permalink and the original's address are.
"""
from __future__ import annotations

from reader_site import DESKTOP, article_url

HIDDEN = (".md-header", ".md-tabs", "[data-archive-search]", "[data-archive-search-input]",
          ".md-sidebar--primary", ".md-footer", ".archive-neighbours")


def test_article_prints_without_chrome_with_its_addresses(reader_site, reader_base, browser):
    page = browser.new_page(viewport=DESKTOP)
    url = article_url(reader_site, "Glass bridge closes for repairs")
    page.goto(reader_base + url, wait_until="load")
    links = page.locator(".archive-print-links")
    assert page.locator(".md-header").is_visible() and not links.is_visible()  # on screen
    page.emulate_media(media="print")
    for selector in HIDDEN:
        located = page.locator(selector)
        assert located.count() >= 1, selector
        assert not any(located.nth(i).is_visible() for i in range(located.count())), selector
    assert page.locator("article h1").is_visible()
    assert page.locator(".md-content", has_text="Engineers from Quorvantine found cracks").is_visible()
    assert links.is_visible()
    printed = links.inner_text()
    assert f"/{url}" in printed
    assert "https://example.org/wire/glass-bridge-repairs" in printed
    page.close()
