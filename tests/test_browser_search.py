"""Search the built site in a real browser: Debian's chromium driven by Playwright.

The invented articles of fixtures/reader/ (built once for all browser tests) are served on
127.0.0.1 under a sub-path (as a site hosted in a folder would be) and searched from the
header box. The page must fetch
nothing of Pagefind until the box is used, results must link to the right article, and the
year filter must narrow them.
"""
from __future__ import annotations

import json
from contextlib import contextmanager

import pytest

from generator.bench.browser import CHROMIUM, INPUT, RESULT, Log, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: run `make browser` (make test installs it)")

WORD = "Quorvantine"  # an invented word, only in two articles of fixtures/reader/


@pytest.fixture(scope="module")
def site(reader_site):
    # One article per search shard, so the two hits below come from two merged bundles.
    manifest = json.loads((reader_site.site / "pagefind" / "shards.json").read_text())
    assert manifest == ["2023", "2021"]
    return reader_site


def _article_url(site, title: str) -> str:
    return next(a["url"] for a in site.export()["articles"] if a["title"] == title)


def _pagefind(requests: list[tuple[str, int]]) -> list[str]:
    return [path for path, _ in requests if "/pagefind/" in path]


def test_search_finds_the_article_and_links_to_it(site, browser):
    log = Log()
    # Served from the folder above the site: the site lives under the sub-path /site/.
    with serve(site.root, log) as base:
        home = base + "site/"
        page = browser.new_page()
        page.goto(home + _article_url(site, "Lantern festival returns to Ostravel"))
        page.wait_for_load_state("networkidle")
        assert _pagefind(log.since(0)) == [], "a page load must not fetch anything of Pagefind"

        page.click(INPUT)
        page.wait_for_timeout(300)
        chunks = [p for p in _pagefind(log.since(0)) if "/index/" in p or "/fragment/" in p]
        assert chunks == [], "no index chunk before anything is typed"

        page.keyboard.type(WORD)
        page.wait_for_selector(RESULT)
        page.wait_for_timeout(300)
        results = page.locator(RESULT)
        titles = sorted(results.locator("h1").all_inner_texts())
        assert titles == ["Glass bridge closes for repairs", "Glass bridge opens over the Velmar canal"]
        assert all(p.startswith("/site/pagefind/") for p in _pagefind(log.since(0)))

        target = page.locator(RESULT, has_text="Glass bridge closes for repairs")
        target.click()
        page.wait_for_load_state("load")
        assert page.url == home + _article_url(site, "Glass bridge closes for repairs")
        assert page.locator("article h1").inner_text() == "Glass bridge closes for repairs"
        page.close()


@contextmanager
def _searching(site, browser, query: str | None = WORD):
    """The home page served and the box focused; with `query` typed and its two results shown."""
    with serve(site.site) as base:
        page = browser.new_page()
        page.goto(base)
        page.click(INPUT)
        if query:
            page.keyboard.type(query)
            page.wait_for_function("document.querySelectorAll('.archive-search__result').length === 2")
        yield page
        page.close()


def test_year_filter_narrows_results(site, browser):
    with _searching(site, browser) as page:
        page.click("[data-archive-search-filters] summary")
        page.wait_for_selector('[data-filter="year"] option[value="2021"]', state="attached")
        page.select_option('[data-filter="year"]', "2021")
        page.wait_for_function("document.querySelectorAll('.archive-search__result').length === 1")
        assert page.locator(RESULT).locator("h1").all_inner_texts() == ["Glass bridge opens over the Velmar canal"]


def test_results_show_dates_as_pages_do_and_mark_a_cut_excerpt(site, browser):
    with _searching(site, browser) as page:
        dates = sorted(page.locator(".archive-search__date").all_inner_texts())
        assert [d.replace("\u00a0", " ") for d in dates] == ["10 February 2023 · ", "4 May 2021 · "]
        excerpts = page.locator(RESULT).locator("p").all_inner_texts()
        assert any("…" in e for e in excerpts), excerpts  # the articles are longer than an excerpt


def test_year_counts_follow_the_search(site, browser):
    """Before a search a year counts its articles in the archive; with one, the search's."""
    with _searching(site, browser, None) as page:
        page.click("[data-archive-search-filters] summary")
        page.wait_for_selector('[data-filter="year"] option[value="2023"]', state="attached")
        archive = {o.split(" ")[0]: o for o in page.locator('[data-filter="year"] option').all_inner_texts()[1:]}
        assert archive["2023"] != "2023 (1)", "the archive holds more than one article of 2023"
        page.fill(INPUT, WORD)
        page.wait_for_function("document.querySelectorAll('.archive-search__result').length === 2")
        page.wait_for_function("""() => Array.from(document.querySelectorAll('[data-filter="year"] option'))
            .map(o => o.textContent).join('|').includes('2023 (1)')""")
        labels = page.locator('[data-filter="year"] option').all_inner_texts()[1:]
        assert sorted(labels) == ["2021 (1)", "2023 (1)"]


def test_tabbing_out_of_the_search_closes_it(site, browser):
    with _searching(site, browser) as page:
        assert page.evaluate("document.getElementById('__search').checked")
        for _ in range(40):  # through the reset button, the filters and the results, then out
            page.keyboard.press("Tab")
            if not page.evaluate("document.querySelector('[data-archive-search]').contains(document.activeElement)"):
                break
        assert not page.evaluate("document.querySelector('[data-archive-search]').contains(document.activeElement)")
        assert not page.evaluate("document.getElementById('__search').checked"), "the search closed behind the focus"


def test_a_typed_topic_filters_the_results(site, browser):
    """The topic filter is a field with suggestions (a kind may hold thousands): a whole name,
    in any case, filters; a part of one does not yet."""
    expected = sorted(a["title"] for a in site.export()["articles"] if "quorvantine-works" in a["topics"])
    assert 0 < len(expected) < len(site.export()["articles"])
    with _searching(site, browser, None) as page:
        page.click("[data-archive-search-filters] summary")
        page.wait_for_selector('[data-filter-kind] option[value="organisation"]', state="attached")
        page.select_option("[data-filter-kind]", "organisation")
        suggestions = page.locator("#archive-search-topics option").evaluate_all("os => os.map(o => o.value)")
        assert "Quorvantine Works" in suggestions
        page.fill("[data-filter-topic]", "quorvantine")
        page.wait_for_timeout(300)
        assert page.locator(RESULT).count() == 0, "a part of a name filters nothing yet"
        page.fill("[data-filter-topic]", "quorvantine works")
        page.wait_for_function(f"document.querySelectorAll('.archive-search__result').length === {len(expected)}")
        assert sorted(page.locator(RESULT).locator("h1").all_inner_texts()) == expected
