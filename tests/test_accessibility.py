"""Accessibility of the reader's pages, checked by axe-core in Debian's chromium.

axe-core comes from npm at the version package-lock.json pins (`make test` installs it into
node_modules/); it is injected into each page of the built reader's site, in the light and the
dark scheme, and with the search box open on results. No serious or critical violation may
remain. Search results must be reachable and followable with the keyboard alone, and with
JavaScript off every page still renders and links, while the search box says that it needs
JavaScript instead of failing silently.
"""
from __future__ import annotations

import pytest

from reader_site import (AXE, DESKTOP, PHONE, QUERY, SCHEMES, article_url, open_search, reader_pages, run_axe,
                         serious, wait_for_results)

pytestmark = pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} is missing: run `make test` (it runs npm ci)")


@pytest.fixture(params=SCHEMES)
def scheme_page(request, browser):
    context = browser.new_context(color_scheme=request.param, viewport=DESKTOP)
    page = context.new_page()
    yield request.param, page
    context.close()


def test_no_serious_violations_on_any_page(reader_site, reader_base, scheme_page):
    scheme, page = scheme_page
    found = {}
    for name, url in reader_pages(reader_site).items():
        page.goto(reader_base + url, wait_until="load")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == ("slate" if scheme == "dark" else "default"), (name, shown)
        found[name] = serious(run_axe(page))
    page.goto(reader_base, wait_until="load")
    open_search(page)
    found["search"] = serious(run_axe(page))
    assert {name: v for name, v in found.items() if v} == {}, scheme


def test_search_results_by_keyboard_alone(reader_site, reader_base, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(reader_base, wait_until="load")
    assert page.locator("[data-archive-search-input]").get_attribute("placeholder") == "Search"
    page.keyboard.press("/")  # the site's shortcut to the search box
    assert page.evaluate("document.activeElement.matches('[data-archive-search-input]')")
    page.keyboard.type(QUERY)
    wait_for_results(page)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.matches('.archive-search__result')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.archive-search__result')")
    assert page.evaluate("document.activeElement.textContent") != first, "ArrowDown moves to the next result"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent") == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('[data-archive-search-input]')"), "back to the box"
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == reader_base + target.lstrip("/")
    assert page.locator("article h1").inner_text() in first
    page.close()


def test_search_closes_with_escape_and_focus_is_visible(reader_base, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(reader_base, wait_until="load")
    open_search(page)
    page.keyboard.press("ArrowDown")
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }""")
    assert outline, "a focused result must show where the focus is"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.close()


def test_pages_work_without_javascript_except_search(reader_site, reader_base, browser):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    for name, url in reader_pages(reader_site).items():
        response = page.goto(reader_base + url, wait_until="load")
        assert response.ok, (name, response.status)
        assert page.locator("h1").first.inner_text().strip(), name
    page.goto(reader_base + article_url(reader_site, "Glass bridge closes for repairs"))
    page.locator(".archive-chip", has_text="Mira Talvenko").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("topics/mira-talvenko/")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Mira Talvenko"
    box = page.locator("[data-archive-search-input]")
    assert box.is_visible() and "needs JavaScript" in box.get_attribute("placeholder")
    page.set_viewport_size(PHONE)  # where the header shows a search button that opens the box
    page.goto(reader_base)
    page.click("label[for='__search'].md-header__button")
    meta = page.locator("[data-archive-search-meta]")
    assert meta.is_visible()
    assert "needs JavaScript" in meta.inner_text()
    context.close()


def test_404_page_offers_search_and_the_sections(reader_base, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(reader_base + "404.html", wait_until="load")
    assert page.locator("h1").first.inner_text() == "Page not found"
    assert page.locator("article h2").all_inner_texts() == ["Search", "Browse"]  # not the button's words again
    sections = page.locator(".archive-404-sections a")
    hrefs = sorted(page.evaluate("els => els.map(a => a.href)", sections.element_handles()))
    assert hrefs == sorted(reader_base + p for p in ("", "timeline/", "topics/", "see-also/"))
    page.get_by_role("button", name="Search the archive").click()
    assert page.evaluate("document.activeElement.matches('[data-archive-search-input]')")
    page.keyboard.type(QUERY)
    wait_for_results(page)
    page.close()


def test_an_old_topic_address_is_sent_on_and_a_missing_page_stays(reader_base, browser):
    """Topic pages were at topics/<kind>/<id>/: the host's 404 page sends such a link on, with
    its query and fragment; any other missing address stays on the 404 page."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(reader_base + "topics/person/mira-talvenko/?from=old#top", wait_until="load")
    page.wait_for_url(reader_base + "topics/mira-talvenko/?from=old#top")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Mira Talvenko"  # its permalink sign
    for missing in ("topics/nobody-here/", "topics/person/a-z/zz/", "2023/01/01/no-such-story/"):
        response = page.goto(reader_base + missing, wait_until="load")
        assert response.status == 404
        assert page.locator("h1").first.inner_text() == "Page not found" and page.url == reader_base + missing
    page.close()

