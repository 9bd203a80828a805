"""Untrusted content: nothing in an article may become live HTML, and no name may escape the site.

The site is built from hostile fixtures and every generated HTML page is parsed: no event
handler attributes, no script but the theme's own, no javascript:/data: URLs, no frames.
The hostile text itself must still be on the page, as text: nothing is lost.
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES, build_site, copy_seed, run_generator

HOSTILE = FIXTURES / "hostile"
# The theme draws its icons as inline SVG; content never may (an <svg> can carry script).
DANGEROUS_TAGS = ("iframe", "object", "embed", "frame", "base", "form", "svg", "math", "style", "link", "meta")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = build_site(HOSTILE, tmp_path_factory.mktemp("hostile"))
    assert site.result.returncode == 0, site.result.stderr
    return site


def all_pages(site):
    from bs4 import BeautifulSoup

    for path in sorted(site.site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_no_live_html_from_content(hostile_site):
    pages = list(all_pages(hostile_site))
    assert len(pages) >= 4
    for path, soup in pages:
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    text = str(value).strip().lower()
                    assert not text.startswith(("javascript:", "data:", "vbscript:")), (path, element)
        content = soup.select_one(".md-content")
        assert content is not None, path
        assert not content.find_all(DANGEROUS_TAGS), (path, content.find_all(DANGEROUS_TAGS))
        assert not soup.find_all(("iframe", "object", "embed", "frame", "base")), path
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data, never run: checked below
                continue
            assert "alert(" not in script.get_text(), (path, script)
            source = script.get("src", "")
            assert not source or "assets/" in source or "pagefind" in source, (path, source)


def test_content_cannot_take_the_themes_element_ids(hostile_site):
    """Material reads its configuration from the first #__config: it must be the theme's script."""
    export = hostile_site.export()
    url = next(a["url"] for a in export["articles"] if a["path"] == "theme-ids.md")
    for path, soup in all_pages(hostile_site):
        assert soup.find(id="__config").name == "script", path
        content = soup.select_one(".md-content")
        assert not content.select("[id^='_']"), (path, content.select("[id^='_']"))
    page = hostile_site.html(url)
    assert page.select_one(".md-content h2#budget-line-items"), "other ids are kept"
    assert '"features": ["navigation.instant"]' in page.select_one(".md-content pre").get_text()


def test_relative_and_entity_written_links_become_text_and_the_build_goes_on(hostile_site):
    """Links meant for the original site ('plan.md', '/about') stopped MkDocs's strict build."""
    url = next(a["url"] for a in hostile_site.export()["articles"] if a["path"] == "relative-links.md")
    content = hostile_site.html(url).select_one(".md-content")
    hrefs = [a.get("href", "") for a in content.select("article a, article img")]
    assert not [h for h in hrefs if h.endswith(("plan.md", "/about", "ref.html", "map.png"))], hrefs
    text = " ".join(content.get_text(" ").split())
    assert all(words in text for words in ("see the plan", "the about page and the map", "entity-written script link")), text
    warned = [line for line in hostile_site.result.stderr.splitlines() if "relative-links.md:" in line]
    assert {line.split(": warning: ")[0].rsplit(":", 1)[1] for line in warned} == {"6", "7", "8", "10"}, warned


def test_hostile_text_is_shown_as_text(hostile_site):
    export = hostile_site.export()
    by_path = {a["path"]: a for a in export["articles"]}
    markdown_page = hostile_site.html(by_path["script-in-markdown.md"]["url"])
    text = markdown_page.get_text()
    assert "<script>alert(1)</script>" in text
    assert '<img src="x" onerror="alert(2)">' in text
    assert "click me" in text
    text_page = hostile_site.html(by_path["script-in-text.txt"]["url"])
    assert "Officials said <script>alert(7)</script> was found" in text_page.get_text()
    assert "onerror=alert(8)" in text_page.get_text()  # the reference target, as text
    [caption] = text_page.select("p.archive-caption")
    assert caption.em is not None and not caption.find("script")
    assert caption.get_text() == "Photo: <script>alert(20)</script> *stars* at dusk (AP Photo/Invented)"


def test_a_hostile_web_page_reaches_the_site_as_text_only(hostile_site):
    entry = next(a for a in hostile_site.export()["articles"] if a["path"] == "script-in-page.html")
    page = hostile_site.html(entry["url"])
    body = page.select_one(".md-content article")
    text = body.get_text()
    assert "One trader wrote <script>alert(4)</script> on a placard" in text
    assert "[click](javascript:alert(5))" in text
    assert "<img src=x onerror=alert(8)> is not how we talk" in text
    assert page.select_one(".archive-author").get_text().split() == ["By", "Dee", "‹script›alert(7)‹/script›", "Vane"]  # guard_title, as titles
    assert [li.get_text() for li in body.select("ul li")][:2] == ["charges of two pounds an hour", "free parking on Sundays"]
    assert "head script" not in text and "body script" not in text and "svg script" not in text
    assert not body.find_all(("img", "input", "script"))
    assert not [a for a in body.find_all("a") if "evil" in a.get("href", "") or "javascript" in a.get("href", "")]


def test_titles_cannot_break_out_of_the_title_element(hostile_site):
    for path, soup in all_pages(hostile_site):
        title = soup.find("title")
        assert title is not None and "<" not in title.get_text(), (path, title)


def test_an_id_that_walks_out_of_the_site_stops_the_build(tmp_path):
    content = tmp_path / "content"
    copy_seed(content)
    (content / "000_165e4b519f61ba16.yml").write_text("id: ../../../escaped\n")
    result = run_generator(content, "check")
    assert result.returncode == 1
    assert "000_165e4b519f61ba16.yml:1: error: id '../../../escaped' is not usable" in result.stderr
    built = build_site(content, tmp_path / "out")
    assert built.result.returncode == 1
    assert not list(tmp_path.rglob("escaped*"))


def test_metadata_cannot_break_out_of_attributes_or_the_script_block(hostile_site):
    """Titles, summaries, sources and topic names with quotes, `</script>` and `<!--` stay
    data: the JSON-LD parses with json and holds them as written, and every meta tag holds
    exactly one attribute value (no injected attributes)."""
    import json

    export = hostile_site.export()
    by_path = {a["path"]: a for a in export["articles"]}
    breakout = by_path["breakout.md"]
    soup = hostile_site.html(breakout["url"])
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    text = scripts[0].string
    assert "<" not in text and ">" not in text, "angle brackets are \\u escapes in JSON-LD"
    data = json.loads(text)
    assert data["headline"] == breakout["title"]
    assert "</script><script>alert(20)</script>" in data["headline"] and "<!--" in data["headline"]
    assert data["description"].startswith("Summary </script><!--")
    assert data["publisher"]["name"] == breakout["source"]
    assert "isBasedOn" not in data, "an unsafe source URL is left out"
    assert "Breakout </script><!-- \" ' Council" in [t["name"] for t in data["about"]]
    for tag in soup.head.find_all("meta"):
        assert set(tag.attrs) <= {"charset", "name", "content", "property"}, tag
    titles = [m["content"] for m in soup.head.find_all("meta", property="og:title")]
    assert len(titles) == 1 and "alert(20)" in titles[0] and "<" not in titles[0]
    topic = hostile_site.html("topics/breakout-council/")
    [entity] = [json.loads(s.string) for s in topic.find_all("script", type="application/ld+json")]
    assert entity["@type"] == "Organization" and entity["description"] == "</script><script>alert(24)</script>"
    for path, page in all_pages(hostile_site):
        for script in page.find_all("script", type="application/ld+json"):
            json.loads(script.string)  # every JSON-LD block is whole: none was cut by a title


def test_hostile_text_stays_text_in_feeds(hostile_site):
    import feedparser

    export = hostile_site.export()
    feed = feedparser.parse((hostile_site.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert {e.title for e in feed.entries} == {a["title"] for a in export["articles"] if a["date"]}
    for entry in feed.entries:
        assert entry.title_detail.type == "text/plain" and entry.summary_detail.type == "text/plain"
    breakout = next(e for e in feed.entries if e.title.startswith("Quotes"))
    assert "</script><script>alert(20)</script>" in breakout.title
    assert not [link for link in breakout.links if link.rel == "via"], "an unsafe source URL is left out"
