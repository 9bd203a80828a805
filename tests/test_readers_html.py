"""The web-page reader on invented pages: the article without the page's chrome, its metadata
from JSON-LD and meta tags, sidecars that override it, and bad input as Diagnostics."""
from __future__ import annotations

from datetime import date

from conftest import FIXTURES
from generator.readers import READERS, discover
from generator.readers.base import SourceFile
from generator.readers.html import read_html
from generator.readers.page_metadata import strip_site_name

HTML = FIXTURES / "html"


def read(name: str, sidecar: str | None = None):
    data = (HTML / name).read_bytes()
    side = (name.rsplit(".", 1)[0] + ".yml", sidecar.encode()) if sidecar is not None else (None, None)
    return read_html(SourceFile(name, data, *side))


def test_both_extensions_are_read_as_web_pages(tmp_path):
    (tmp_path / "a.html").write_bytes((HTML / "bridge-closed.html").read_bytes())
    (tmp_path / "b.HTM").write_bytes((HTML / "bridge-closed.html").read_bytes())
    sources, problems = discover(tmp_path)
    assert [s.path for s in sources] == ["a.html", "b.HTM"] and not problems
    assert READERS[".html"] is READERS[".htm"] is read_html


def test_article_text_without_the_page_chrome():
    article, problems = read("harbour-bridge.html")
    assert not problems
    assert article.format == "html"
    text = article.body_text
    assert text.startswith("The old harbour bridge opened to traffic again on Tuesday morning")
    assert "There is no toll for pedestrians" in text
    for chrome in ("navigation link", "Advertisement", "Share on Example Social", "Reader comment",
                   "unrelated related-link", "Footer text", "window.tracker"):
        assert chrome not in text, chrome
    assert [s.heading for s in article.sections] == [None, "What changed on the crossing", "Tolls and opening hours"]


def test_lists_and_quotes_keep_their_kind():
    article, _ = read("harbour-bridge.html")
    blocks = [b for s in article.sections for b in s.blocks]
    lists = [b for b in blocks if b.kind == "list"]
    quotes = [b for b in blocks if b.kind == "quote"]
    assert [b.text.splitlines() for b in lists] == [[
        "new steel hangers along the whole span", "a cycle lane on each side of the deck",
        "drains that keep the footpath dry at high tide"]]
    assert [b.text for b in quotes] == ["We built it to last another hundred years, and we tested every cable twice."]


def test_metadata_from_json_ld_and_meta_tags():
    article, _ = read("harbour-bridge.html")
    assert article.title == "Harbour bridge reopens after two-year repair"
    assert article.author == "Ada Quill and Ben Marsh"
    assert article.date == date(2021, 5, 4)  # the day as the publisher wrote it, not UTC
    assert article.source == "Example Gazette"
    assert article.language == "en-GB"
    assert article.source_url == "https://gazette.example.org/2021/05/04/harbour-bridge-reopens"
    assert article.summary == "The old harbour bridge carries traffic again."
    assert article.inferred == ()
    other, problems = read("bridge-closed.html")  # no JSON-LD: OpenGraph and <meta>
    assert not problems
    assert (other.title, other.author, other.date) == ("Bridge closed after cracks found in cables", "Cy Tern", date(2019, 3, 1))
    assert other.source_url == "https://gazette.example.org/2019/03/01/bridge-closed-after-cracks"


def test_links_in_the_text_become_linked_references():
    article, _ = read("harbour-bridge.html")
    assert [(r.kind, r.target) for r in article.references] == [
        ("linked", "https://gazette.example.org/2019/03/01/bridge-closed-after-cracks")]


def test_a_sidecar_overrides_the_page():
    article, problems = read("harbour-bridge.html", "title: Bridge open again\nauthor: Desk Editor\ndate: 2021-05-05\n")
    assert not problems
    assert (article.title, article.author, article.date) == ("Bridge open again", "Desk Editor", date(2021, 5, 5))
    assert article.source == "Example Gazette"  # what the sidecar does not say still comes from the page
    _, problems = read("harbour-bridge.html", "author: [a, b]\n")
    assert [str(p) for p in problems] == ["harbour-bridge.yml:1: error: 'author' must be a single line of text"]


def test_site_names_are_cut_from_titles():
    sites = ["the guardian", "guardian", "the new york times", "nytimes"]
    assert strip_site_name("Storm hits coast | The Guardian", sites) == "Storm hits coast"
    assert strip_site_name("Storm hits coast - The New York Times", sites) == "Storm hits coast"
    assert strip_site_name("The Guardian: Storm hits coast", sites) == "Storm hits coast"
    assert strip_site_name("Storm hits coast - with video", sites) == "Storm hits coast - with video"
    assert strip_site_name("The Guardian", sites) == "The Guardian"


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_a_page_without_metadata_is_titled_by_its_first_sentence_and_says_so():
    text = "A storm closed the coast road on Sunday, and the ferry did not sail all day long. " * 3
    article, problems = read_html(SourceFile("bare.html", page(f"<article><p>{text}</p></article>")))
    assert article.title.startswith("A storm closed the coast road on Sunday")
    assert "title" in article.inferred
    assert any("the page names no title" in p.message for p in problems)
    assert any("undated" in p.message for p in problems)


def test_pages_with_no_article_are_errors():
    for data, why in ((page(""), "no article text"), (b"", "no article text"),
                      (b"\x00\x01binary\x00" * 50, "binary data"), (b"\xff" * 2000, "no article text")):
        article, problems = read_html(SourceFile("x.html", data))
        assert article is None, data[:20]
        assert [p.severity for p in problems] == ["error"] and why in problems[0].message, (data[:20], problems)


def test_the_byline_names_the_people_when_the_meta_tag_names_the_site():
    head = '<meta property="og:site_name" content="Coast News"><meta name="author" content="Coast News">'
    text = "<p>" + "The ferry did not sail on Sunday because of the storm over the bay. " * 4 + "</p>"
    body = f'<article><h1>Ferry stays in port</h1><div class="byline">By <a href="/author/ann-lee">Ann Lee</a></div>{text}</article>'
    article, _ = read_html(SourceFile("f.html", page(body, head)))
    assert article.author == "Ann Lee"
    profile = f'<article><h1>Ferry stays in port</h1><p><a href="https://coast.example/authors/bo-ray/">Bo Ray</a></p>{text}</article>'
    article, _ = read_html(SourceFile("f.html", page(profile, '<meta property="og:site_name" content="Coast News">')))
    assert article.author == "Bo Ray"
