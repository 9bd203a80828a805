"""The reader's pages on a phone: measured in Debian's chromium at 390 px wide.

No page may scroll sideways (the document is no wider than the viewport), topic chips wrap
onto more lines, and a hostile-long title, heading and address (fixtures/reader/2023/
long-title.md: unbroken words longer than the screen) break instead of pushing the page wide.
"""
from __future__ import annotations

import pytest

from reader_site import DESKTOP, PHONE, open_search, reader_pages

# A phone's layout viewport grows with wide content, so widths are held against PHONE itself.
WIDTH = """() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth,
                  widest: Math.max(...Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getClientRects().length && getComputedStyle(e).position !== 'fixed')
                    .map(e => e.getBoundingClientRect().right))})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways(reader_site, reader_base, phone):
    wide = {}
    for name, url in reader_pages(reader_site).items():
        phone.goto(reader_base + url, wait_until="load")
        measured = phone.evaluate(WIDTH)
        if measured["document"] > PHONE["width"]:
            wide[name] = measured
    phone.goto(reader_base, wait_until="load")
    phone.click("label[for='__search'].md-header__button")
    open_search(phone, "Quorvantine")
    # Material's overlay grows over the screen as the box opens; measure once it has settled.
    phone.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    phone.wait_for_timeout(300)
    measured = phone.evaluate(WIDTH)
    if measured["document"] > PHONE["width"]:
        wide["search"] = measured
    assert wide == {}


def test_long_title_and_address_break(reader_site, reader_base, phone):
    phone.goto(reader_base + reader_pages(reader_site)["long-article"], wait_until="load")
    title = phone.locator("article h1").bounding_box()
    line = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('article h1')).lineHeight)")
    assert title["x"] + title["width"] <= PHONE["width"]
    assert title["height"] > 3 * line, "the long title wraps onto several lines"
    for selector in (".archive-source a", ".md-content p", ".md-content h2"):
        for box in phone.locator(selector).evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
            assert box["right"] <= PHONE["width"], (selector, box)
    assert phone.evaluate(WIDTH)["widest"] <= PHONE["width"]


def test_topic_chips_wrap(reader_site, reader_base, phone):
    phone.goto(reader_base + reader_pages(reader_site)["long-article"], wait_until="load")
    group = phone.locator(".archive-topic-group", has_text="Anselm Brevik-Oduya")
    chips = group.locator(".archive-chip").evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert len(chips) == 4
    assert all(chip["right"] <= PHONE["width"] for chip in chips)
    assert len({round(chip["top"]) for chip in chips}) > 1, "chips wrap onto another line"


# Each listing line's date ('· 7 November 2023' at the end of the item): how many line boxes it
# takes. \s matches a no-break space in JavaScript too.
DATE_LINES = r"""() => Array.from(document.querySelectorAll('article li')).map(li => {
    const node = li.lastChild;
    const match = node && node.nodeType === 3 ? node.textContent.match(/\d{1,2}\s[A-Z][a-z]+\s\d{4}/) : null;
    if (!match) return null;
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    return [match[0], new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size];
}).filter(Boolean)"""


def test_a_listing_date_wraps_whole(reader_site, reader_base, browser):
    """Swept over phone widths, so that some width puts a line's end inside some date."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page, split, seen = context.new_page(), set(), 0
    for width in range(300, 431, 6):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        for url in ("", "timeline/2023/11/", "topics/mira-talvenko/"):
            page.goto(reader_base + url, wait_until="load")
            dates = page.evaluate(DATE_LINES)
            seen += len(dates)
            split |= {(width, url, text) for text, lines in dates if lines > 1}
    context.close()
    assert seen and not split, sorted(split)[:5]


def test_many_topic_chips_fold_on_a_phone_not_on_a_desktop(tmp_path, browser):
    """The seed, a roundup, names some forty topics: on a phone its text must not wait below them."""
    from conftest import build_site, copy_seed
    from generator.bench.browser import serve

    content = tmp_path / "content"
    copy_seed(content)
    built = build_site(content, tmp_path)
    assert built.result.returncode == 0, built.result.stderr
    url = built.export()["articles"][0]["url"]
    with serve(built.site) as base:
        for viewport, folded in ((PHONE, True), (DESKTOP, False)):
            context = browser.new_context(viewport=viewport, is_mobile=folded, has_touch=folded)
            page = context.new_page()
            page.goto(base + url, wait_until="load")
            topics = page.locator("details.archive-topics")
            assert topics.evaluate("d => d.open") is not folded
            chips = page.locator(".archive-chip").count()
            assert chips > 12 and page.locator(".archive-topics__summary").inner_text().lower() == f"{chips} topics"
            first = page.locator(".md-content article > p").filter(has_text="Gladkov").first.bounding_box()
            if folded:
                assert first["y"] < viewport["height"], "the text starts on the first screen"
                page.locator(".archive-topics__summary").click()
                assert topics.evaluate("d => d.open") and page.locator(".archive-chip").first.is_visible()
            context.close()
