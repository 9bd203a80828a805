"""Atom feeds, parsed with feedparser and checked against archive.json.

`feed.xml` lists the newest articles of the archive, each topic with a page has its own; entries
carry the title, permalink, date, source, a plain-text summary and the topics as categories.
Feeds are dated by their articles (the same content gives the same bytes on any day), escape
hostile text, and are written only when what they list changes.
"""
from __future__ import annotations

import json
import os
import textwrap
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from generator.pages.feeds import FEED_ENTRIES

BASE = "https://feeds.test/"  # where the feed is read from, for resolving its relative links


def parse(path: Path, url: str):
    parsed = feedparser.parse(path.read_bytes(), response_headers={"content-location": BASE + url,
                                                            "content-type": "application/atom+xml"})
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_site_feed_lists_the_newest_articles(reader_site):
    export = reader_site.export()
    feed = parse(reader_site.site / "feed.xml", "feed.xml")
    dated = [a for a in export["articles"] if a["date"]]
    assert [e.link for e in feed.entries] == [BASE + a["url"] for a in dated][:FEED_ENTRIES]
    topics = {t["id"]: t for t in export["topics"]}
    for entry, article in zip(feed.entries, dated):
        assert entry.title == article["title"]
        assert entry.published_parsed[:3] == date.fromisoformat(article["date"]).timetuple()[:3]
        assert entry.source.title == article["source"]
        assert entry.get("author") == article["author"]
        assert sorted(t.term for t in entry.tags) == sorted(article["topics"])
        assert {t.label for t in entry.tags} == {topics[t]["name"] for t in article["topics"]}
        assert entry.summary and "<" not in entry.summary
    assert feed.feed.updated_parsed[:3] == date.fromisoformat(dated[0]["date"]).timetuple()[:3]
    repairs = next(e for e in feed.entries if e.title == "Glass bridge closes for repairs")
    assert repairs.summary.startswith("Engineers from Quorvantine found cracks")  # the lede: no summary given
    via = [link.href for link in repairs.links if link.rel == "via"]
    assert via == ["https://example.org/wire/glass-bridge-repairs"]


def test_every_topic_with_a_page_has_a_feed(reader_site):
    export = reader_site.export()
    by_id = {a["id"]: a for a in export["articles"]}
    with_pages = [t for t in export["topics"] if t["page"]]
    assert with_pages
    for topic in with_pages:
        url = topic["url"]
        feed = parse(reader_site.site / url / "feed.xml", url + "feed.xml")
        expected = [BASE + by_id[i]["url"] for i in topic["articles"] if by_id[i]["date"]]
        assert [e.link for e in feed.entries] == expected[:FEED_ENTRIES], topic["id"]
        assert all(topic["id"] in [t.term for t in e.tags] for e in feed.entries)
        assert feed.feed.title.endswith(topic["name"])


def test_a_topic_without_a_page_has_no_feed_beside_its_listing(reader_site):
    """Topics named once share their A–Z letter page: no feed may be written there."""
    listed = [t for t in reader_site.export()["topics"] if not t["page"]]
    assert listed, "the reader fixture should name some topic only once"
    for topic in listed:
        assert not (reader_site.site / topic["url"] / "feed.xml").exists(), topic["id"]


def test_feeds_are_linked_from_the_pages(reader_site):
    home = reader_site.html("")
    head = home.find("link", rel="alternate", type="application/atom+xml")
    assert urljoin(BASE, head["href"]) == BASE + "feed.xml"
    assert urljoin(BASE, home.select_one(".md-content a.archive-feed")["href"]) == BASE + "feed.xml"
    url = "topics/mira-talvenko/"
    topic = reader_site.html(url)
    feeds = [urljoin(BASE + url, link["href"]) for link in topic.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == [BASE + "feed.xml", BASE + url + "feed.xml"]
    assert urljoin(BASE + url, topic.select_one(".md-content a.archive-feed")["href"]) == BASE + url + "feed.xml"


def _archive(content: Path, count: int) -> None:
    for n in range(count):
        day = date(2020, 1, 1).toordinal() + n * 3
        (content / f"a{n:03}.md").write_text(textwrap.dedent(f"""\
            ---
            title: Invented story number {n}
            date: {date.fromordinal(day).isoformat()}
            topics: [{'river-port' if n % 2 else 'hill-town'}]
            ---

            Invented test article {n}, nothing happened.
            """), encoding="utf-8")
    (content / "topics.yml").write_text(textwrap.dedent("""\
        topics:
          - {id: river-port, name: River Port, kind: place}
          - {id: hill-town, name: Hill Town, kind: place}
        """), encoding="utf-8")


def _pages(content: Path, out: Path):
    """The generator's pages, in this process (no MkDocs: feeds are written with the pages)."""
    from generator.config import Config
    from generator.incremental import Layout
    from generator.pipeline import generate
    from generator.timing import Timer

    result = generate(content, Layout(out / "docs", out / "staging", out / "site"), Config(workers=1), Timer(stream=None))
    assert not result.failed
    return result.written


def test_newest_fifty_deterministic_and_written_only_when_changed(tmp_path):
    content, docs = tmp_path / "content", tmp_path / "out" / "docs"
    content.mkdir()
    _archive(content, FEED_ENTRIES + 10)
    _pages(content, tmp_path / "out")
    feeds = {p: docs / p for p in ("feed.xml", "topics/river-port/feed.xml", "topics/hill-town/feed.xml")}
    first = {p: f.read_bytes() for p, f in feeds.items()}
    parsed = feedparser.parse(first["feed.xml"])
    assert len(parsed.entries) == FEED_ENTRIES
    assert parsed.entries[0].title == f"Invented story number {FEED_ENTRIES + 9}"
    assert parsed.entries[-1].title == "Invented story number 10"
    assert len(feedparser.parse(first["topics/river-port/feed.xml"]).entries) == (FEED_ENTRIES + 10) // 2
    for feed in feeds.values():
        os.utime(feed, (1_000_000_000, 1_000_000_000))
    # An edit to an odd-numbered (river port) article's text: its feeds change, the other's does not.
    edited = content / f"a{FEED_ENTRIES + 9:03}.md"
    edited.write_text(edited.read_text().replace("nothing happened", "a ferry sailed"), encoding="utf-8")
    _pages(content, tmp_path / "out")
    assert feeds["topics/hill-town/feed.xml"].stat().st_mtime == 1_000_000_000
    assert feeds["topics/hill-town/feed.xml"].read_bytes() == first["topics/hill-town/feed.xml"]
    assert b"a ferry sailed" in feeds["feed.xml"].read_bytes()
    assert b"a ferry sailed" in feeds["topics/river-port/feed.xml"].read_bytes()
    # The same content again, from nothing: the same bytes (dated by the articles, not the build).
    edited.write_text(edited.read_text().replace("a ferry sailed", "nothing happened"), encoding="utf-8")
    _pages(content, tmp_path / "again")
    assert {p: (tmp_path / "again" / "docs" / p).read_bytes() for p in feeds} == first


def test_an_edit_remakes_its_neighbours_and_feeds_not_the_archive(tmp_path):
    """Neighbours and feeds are declared inputs: retitling one article re-renders its page, its
    older and newer neighbours, the pages and feeds that list it, and nothing else."""
    from generator.bench import synthetic

    def build():
        return _pages(content, tmp_path)

    content = synthetic.write_archive(tmp_path / "content", 80, seed=5).root
    first = build()
    export = json.loads((tmp_path / "docs" / "archive.json").read_text(encoding="utf-8"))
    dated = [a for a in export["articles"] if a["date"]]  # newest first
    middle = [a for a in dated if a["format"] == "markdown"][len(dated) // 4]
    index = dated.index(middle)
    older, newer = dated[index + 1], dated[index - 1]
    source = content / middle["path"]
    source.write_text(source.read_text(encoding="utf-8").replace(f"title: {middle['title']}", "title: Renamed by the test"),
                      encoding="utf-8")
    again = build()
    for neighbour in (older, newer):
        assert "Renamed by the test" in (tmp_path / "docs" / neighbour["url"] / "index.md").read_text(encoding="utf-8")
    listed_by = set(middle["backlinks"]) | {a["id"] for a in export["articles"] if middle["id"] in a["related"]}
    listed_by |= {r["target_id"] for r in middle["references"] if r.get("target_id")}
    topics = {t["id"]: t["url"] for t in export["topics"]}
    topic_files = sum(len(list((tmp_path / "docs" / topics[t]).rglob("*.*"))) for t in middle["topics"] if t in topics)
    # its page, its neighbours', the pages listing it, its search document, its topics' pages and feeds, feed.xml
    bound = 1 + 2 + len(listed_by) + 1 + topic_files + 1
    assert 0 < again.made <= bound < first.made / 4, (again.made, bound, first.made)


HOSTILE = ["", "a & b", "<script>alert(1)</script>", 'say "hi" & \'bye\'', "tab\there", "two\nlines",
           "]]>", "ünïcödé 東京", "  ", "&amp;", "\x07bell\x1f", "\ud800lone"]


def test_feeds_are_well_formed_in_elementtree_layout():
    """The feeds are written as text, not through an XML library: each must parse, and read
    back and written again by ElementTree (indent, tostring) give the very same bytes, for
    hostile titles, names and summaries alike."""
    import random
    import xml.etree.ElementTree as ET

    from generator.pages.feeds import ATOM, Entries, render_feed

    rng = random.Random(7)
    pick = lambda: rng.choice(HOSTILE) + rng.choice(HOSTILE)  # noqa: E731
    ET.register_namespace("", ATOM)
    for n in range(300):
        entries = tuple((f"articles/2020/{n}-{k}/", pick(), date(2020, 1, 2 + k),  # feeds list dated articles only
                         rng.choice([None, pick()]), rng.choice([None, pick()]),
                         rng.choice([None, f"https://wire.test/?a={k}&b=c"]), rng.choice([None, pick()]),
                         tuple((f"t{j}", pick(), f"topics/t{j}/") for j in range(rng.randrange(3))))
                        for k in range(rng.randrange(4)))
        data = render_feed("topics/x/feed.xml", pick(), "topics/x/", Entries(entries, b""),
                           "Site & <Co>", rng.choice([None, "https://site.test/"]))
        tree = ET.fromstring(data)
        ET.indent(tree)
        assert ET.tostring(tree, encoding="utf-8", xml_declaration=True) + b"\n" == data
        titles = [e.findtext(f"{{{ATOM}}}title") for e in tree.iter(f"{{{ATOM}}}entry")]
        assert titles == [_as_xml_text(entry[1]) for entry in entries]


def _as_xml_text(value: str) -> str:
    """What an XML parser reads back of a text the feed writes: control characters and lone
    surrogates, which XML 1.0 cannot hold, are dropped."""
    return "".join(c for c in value if c in "\t\n" or (" " <= c and not "\ud800" <= c <= "\udfff"))
