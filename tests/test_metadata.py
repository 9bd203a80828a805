"""What search engines and social previews read: description, canonical URL, OpenGraph,
Twitter card and schema.org JSON-LD, checked by parsing the built pages (JSON-LD with `json`).

Also the reading aids that the pages carry: older and newer article in date order, and the home
page's latest articles and most-named topics of the latest month.
"""
from __future__ import annotations

import json
from urllib.parse import urljoin

import yaml

from conftest import REPO, build_site

BASE = "https://archive.test/news/"
KINDS = {"person": "Person", "place": "Place", "organisation": "Organization"}


def jsonld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def meta(soup, key: str) -> list[str]:
    found = soup.find_all("meta", attrs={"property": key}) or soup.find_all("meta", attrs={"name": key})
    return [m["content"] for m in found]


def test_article_pages_describe_themselves(reader_site):
    export = reader_site.export()
    names = {t["id"]: t for t in export["topics"]}
    for article in export["articles"]:
        soup = reader_site.html(article["url"])
        here = BASE + article["url"]
        [data] = jsonld(soup)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == article["title"]
        assert data["datePublished"] == article["date"]
        assert data["publisher"] == {"@type": "Organization", "name": article["source"]}
        assert data.get("author") == ({"@type": "Person", "name": article["author"]} if article["author"] else None)
        assert meta(soup, "article:author") == ([article["author"]] if article["author"] else [])
        assert data.get("isBasedOn") == article["source_url"]
        about = {(t["@type"], t["name"], urljoin(here, t["url"])) for t in data.get("about", [])}
        assert about == {(KINDS[names[t]["kind"]], names[t]["name"], BASE + names[t]["url"]) for t in article["topics"]}
        [description] = meta(soup, "description")
        assert description == data["description"] and description != "A cross-linked, searchable archive of news articles."
        assert meta(soup, "og:title") == [article["title"]] == meta(soup, "twitter:title")
        assert meta(soup, "og:description") == [description] == meta(soup, "twitter:description")
        assert meta(soup, "og:type") == ["article"]
        assert meta(soup, "article:published_time") == [article["date"]]
        assert sorted(meta(soup, "article:tag")) == sorted(names[t]["name"] for t in article["topics"])
        assert meta(soup, "twitter:card") == ["summary"]


def test_description_is_the_summary_or_the_lede(reader_site):
    by_title = {a["title"]: a for a in reader_site.export()["articles"]}
    summarised = reader_site.html(by_title["Glass bridge opens over the Velmar canal"]["url"])
    assert meta(summarised, "description") == ["The Quorvantine works finished the glass bridge in Ostravel in spring."]
    lede = reader_site.html(by_title["Glass bridge closes for repairs"]["url"])
    assert meta(lede, "description") == ["Engineers from Quorvantine found cracks in two panels. This is an invented "
                                         "test article. Mira Talvenko said Ostravel would pay for the repairs."]


def test_topic_pages_carry_their_entity_kind(reader_site):
    with_pages = [t for t in reader_site.export()["topics"] if t["page"]]  # the others are listed on A–Z pages
    assert {t["kind"] for t in with_pages} >= {"person", "place", "organisation"}
    for topic in with_pages:
        soup = reader_site.html(topic["url"])
        [data] = jsonld(soup)
        assert data["@type"] == KINDS[topic["kind"]] and data["name"] == topic["name"]
        assert urljoin(BASE + topic["url"], data["url"]) == BASE + topic["url"]
        assert meta(soup, "og:type") == ["website"]


def test_topic_pages_say_when_their_articles_name_them(reader_site):
    """'First mentioned ... · last mentioned ...' from the dates of the articles naming the
    topic; one day alone is 'Mentioned <day>'. The fixtures hold topics of both kinds."""
    export = reader_site.export()
    day = {a["id"]: a["date"] for a in export["articles"]}
    seen = set()  # how many days a topic was named on
    for topic in (t for t in export["topics"] if t["page"]):
        days = {day[a] for a in topic["articles"] if day[a]}
        facts = reader_site.article_text(topic["url"])
        seen.add(len(days))
        if len(days) == 1:
            assert "Mentioned " in facts and "First mentioned" not in facts, facts
        elif days:
            assert "First mentioned " in facts and " · last mentioned " in facts, facts
    assert 1 in seen and any(n > 1 for n in seen), sorted(seen)


def test_canonical_urls_come_from_site_url(tmp_path):
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "site-theme")
    config["site_url"] = BASE
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = build_site(REPO / "tests" / "fixtures" / "reader", tmp_path, tmp_path / "mkdocs.yml")
    assert built.result.returncode == 0, built.result.stderr
    article = next(a for a in built.export()["articles"] if a["title"] == "Glass bridge closes for repairs")
    soup = built.html(article["url"])
    assert soup.find("link", rel="canonical")["href"] == BASE + article["url"]
    assert meta(soup, "og:url") == [BASE + article["url"]]
    [data] = jsonld(soup)
    assert data["url"] == BASE + article["url"]
    assert {t["url"] for t in data["about"]} >= {BASE + "topics/mira-talvenko/"}
    assert data["author"] == {"@type": "Person", "name": "Invented Reporter"}
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert f'<link rel="alternate" href="{BASE}{article["url"]}"' in feed


def test_older_and_newer_articles_in_date_order(reader_site):
    dated = [a for a in reader_site.export()["articles"] if a["date"]]  # newest first
    for index, article in enumerate(dated):
        here = BASE + article["url"]
        soup = reader_site.html(article["url"])
        older = soup.select_one(".archive-neighbours a[rel=prev]")
        newer = soup.select_one(".archive-neighbours a[rel=next]")
        if index + 1 < len(dated):
            assert urljoin(here, older["href"]) == BASE + dated[index + 1]["url"]
            assert dated[index + 1]["title"] in older.get_text()
        else:
            assert older is None
        if index:
            assert urljoin(here, newer["href"]) == BASE + dated[index - 1]["url"]
        else:
            assert newer is None


def test_home_shows_latest_articles_and_topics_of_the_latest_month(reader_site):
    export = reader_site.export()
    soup = reader_site.html("")
    latest = [urljoin(BASE, a["href"]) for a in soup.select("#latest-articles + ul a")]
    assert latest == [BASE + a["url"] for a in export["articles"]][:len(latest)] and latest
    month = export["articles"][0]["date"][:7]
    named: dict[str, int] = {}
    for article in export["articles"]:
        if (article["date"] or "")[:7] == month:
            for topic in article["topics"]:
                named[topic] = named.get(topic, 0) + 1
    topics = {t["id"]: t for t in export["topics"]}
    shown = [urljoin(BASE, a["href"]) for a in soup.select("#most-named-this-month + ul a")]
    assert shown and set(shown) <= {BASE + topics[t]["url"] for t in named}
    counts = [named[t] for t in named if BASE + topics[t]["url"] in shown]
    assert sorted(counts, reverse=True)[0] == max(named.values())
