"""The web-page reader on invented pages: the article without the page's chrome, its metadata
from JSON-LD and meta tags, sidecars that override it, and bad input as Diagnostics."""
from __future__ import annotations

from datetime import date

from conftest import FIXTURES
from generator.readers import READERS, discover
from generator.readers.base import SourceFile
from generator.readers.html import read_html
from generator.readers.page_metadata import parse_day, strip_site_name

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
    assert article.date == date(2021, 5, 4)  # 07:30 in UTC+1: 06:30 UTC, the same day
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


STORY = "<p>" + "The ferry did not sail on Sunday because of the storm over the bay. " * 4 + "</p>"


def test_a_full_timestamp_is_its_day_in_utc_and_a_day_alone_is_kept_as_written():
    assert parse_day("2016-10-02T19:30:57-07:00") == date(2016, 10, 3)
    assert parse_day("2019-03-05T08:15:11+0900") == date(2019, 3, 4)
    assert parse_day("2019-03-01T18:00:00Z") == date(2019, 3, 1)
    assert parse_day("2019-03-05T08:15:11") == date(2019, 3, 5)  # no zone: as written
    assert parse_day("2019-03-05") == date(2019, 3, 5)
    for impossible in ("2019-13-05T08:15+01:00", "0001-01-01T00:30:00+01:00", "9999-12-31T23:00-05:00", "2019-03-05T08:15+25:00"):
        assert parse_day(impossible) is None, impossible
    head = '<meta name="cXenseParse:recs:publishtime" content="2019-03-05T08:15:11+0900">'
    article, _ = read_html(SourceFile("t.html", page(f"<article><h1>Ferry stays in port</h1>{STORY}</article>", head)))
    assert article.date == date(2019, 3, 4)
    shown = '<time class="date" datetime="2019-03-05T08:15:11+09:00">5 March 2019, 08:15</time>'
    article, _ = read_html(SourceFile("t.html", page(f"<article><h1>Ferry stays in port</h1>{shown}{STORY}</article>")))
    assert article.date == date(2019, 3, 4)  # the day the page shows, made UTC by its own timestamp


def test_a_date_found_in_the_page_does_not_depend_on_the_day_of_the_build():
    """htmldate's default latest day is today: a far fixed bound keeps a page's date stable."""
    body = f"<article><h1>Ferry stays in port</h1><time>2150-03-04</time>{STORY}</article>"
    article, _ = read_html(SourceFile("t.html", page(body, "<title>Ferry stays in port</title>")))
    assert article.date == date(2150, 3, 4)


def test_bylines_with_dates_profile_links_and_catalogue_order():
    site = '<meta property="og:site_name" content="Coast News"><meta name="author" content="Coast News">'

    def author(body: str, head: str = site) -> str:
        return read_html(SourceFile("b.html", page(f"<article><h1>Ferry stays in port</h1>{body}{STORY}</article>", head)))[0].author

    assert author('<div class="ShareByline"><span>By by ANN LEE, BO RAY and CY TERN</span> December 16, 2016, 4:19 PM</div>') == "ANN LEE, BO RAY and CY TERN"
    assert author('<div class="byline--x1">Wednesday January 18, 2017 10:44 am PST by <a>Ann Lee</a></div>') == "Ann Lee"
    assert author('<a href="https://coast.example/about/editors/ann-lee/">Ann Lee</a>') == "Ann Lee"
    assert author('<a href="https://coast.example/topics/ferry-news/">Ferry News</a>', "") is None  # not an author's page
    assert author('<a href="https://coast.example/author/ann-lee-1b5">See all</a>', "") is None
    assert author('<a href="https://coast.example/author/seahawk">Ann Lee</a>') == "Ann Lee"
    catalogue = '<meta name="author" content="Lee, Ann">'
    assert author('<p class="author-name">by Ann Lee</p>', catalogue) == "Ann Lee"
    assert author("", catalogue) == "Lee, Ann"  # the page does not show the other order


def test_a_kicker_shown_apart_is_not_part_of_the_title():
    head = '<meta property="og:title" content="Weather: Ferry stays in port">'
    body = f'<article><h2><span class="content__kicker">Weather</span><span>: </span><span>Ferry stays in port</span></h2>{STORY}</article>'
    assert read_html(SourceFile("k.html", page(body, head)))[0].title == "Ferry stays in port"
    plain = f"<article><h2>Weather: Ferry stays in port</h2>{STORY}</article>"
    assert read_html(SourceFile("k.html", page(plain, head)))[0].title == "Weather: Ferry stays in port"


def test_the_lead_photo_caption_comes_first_as_a_caption():
    figure = '<figure><img src="/ferry.jpg" alt=""><figcaption>The ferry at its mooring. Photo: Ann Lee</figcaption></figure>'
    body = f"<article><h1>Ferry stays in port</h1>{figure}{STORY}<p>The crew stayed on board.</p></article>"
    article, _ = read_html(SourceFile("c.html", page(body)))
    blocks = [b for s in article.sections for b in s.blocks]
    assert (blocks[0].kind, blocks[0].text) == ("caption", "The ferry at its mooring. Photo: Ann Lee")
    assert blocks[1].text.startswith("The ferry did not sail") and blocks[1].kind == "paragraph"
    later = f"<article><h1>Ferry stays in port</h1>{STORY}<p>The crew stayed on board.</p>{STORY.replace('ferry', 'boat')}{figure}</article>"
    article, _ = read_html(SourceFile("c.html", page(later)))
    assert not any(b.kind == "caption" for s in article.sections for b in s.blocks)  # not the lead photo
    nav = f"{figure}<article><h1>Ferry stays in port</h1>{STORY}</article>"
    article, _ = read_html(SourceFile("c.html", page(nav)))
    assert not any(b.kind == "caption" for s in article.sections for b in s.blocks)  # before the headline
    hostile = '<figure><img src=x onerror="alert(1)"><figcaption>Harbour<script>alert(2)</script><style>p{}</style> at dawn</figcaption></figure>'
    article, _ = read_html(SourceFile("c.html", page(f"<article><h1>Ferry stays in port</h1>{hostile}{STORY}</article>")))
    assert article.sections[0].blocks[0].text == "Harbour at dawn"  # the page's text only, no script


def test_the_byline_reads_a_bounded_part_of_each_marked_element(monkeypatch):
    """A byline mark on a hundred nested elements around a long text: each is given up after
    MAX_BYLINE_CHARS, where reading each whole cost the square of the page."""
    import lxml.html

    from generator.readers import page_metadata

    read: list[int] = []
    original = page_metadata._text
    monkeypatch.setattr(page_metadata, "_text", lambda value: read.append(len(str(value))) or original(value))
    long = "<p>" + "The council met again. " * 5_000 + "</p>"
    nested = lxml.html.fromstring("<html><body>" + '<div class="byline">' * 100 + long + "</div>" * 100 + "</body></html>")
    assert page_metadata.byline(nested) == ("", 0) and sum(read) <= 100 * page_metadata.MAX_BYLINE_CHARS
    bio = lxml.html.fromstring('<html><body><div itemprop="author"><span itemprop="name">Ann Lee</span>'
                               + long + "</div><p>Text.</p></body></html>")
    assert page_metadata.byline(bio)[0] == "Ann Lee"
    short = lxml.html.fromstring('<html><body><p class="byline">By <a>Ann Lee</a> <!-- x --> March 3, 2020</p></body></html>')
    assert page_metadata.byline(short)[0] == "Ann Lee"


def test_a_line_break_inside_a_paragraph_separates_its_words():
    page = (b"<html><head><title>Harbour budget approved</title></head><body><article><h1>Harbour budget approved</h1>"
            b"<p>The council approved the <b>harbour</b> budget on Monday after a long debate.<br>The port reopens"
            b" <i>next<br/>week</i>, officials said.</p></article></body></html>")
    article, _ = read_html(SourceFile("p.html", page))
    assert [b.text for s in article.sections for b in s.blocks] == [
        "The council approved the harbour budget on Monday after a long debate. The port reopens next week, officials said."]
