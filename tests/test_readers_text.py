"""The raw-text reader on the real seed article and on small variations of it."""
from __future__ import annotations

from datetime import date

from generator.readers.base import SourceFile
from generator.readers.text import read_text

SEED_HEADINGS = [
    "President Zelensky calls for unity after signs of rift",
    "Ukraine gets more NASAMS missiles",
    "Netherlands sends 5 F-16s to Romania",
    "G7 support for Ukraine not affected by Hamas-Israel conflict?",
]
SEED_REFERENCES = [
    ("see also", "Ukrainian intelligence chief talks about attacks on Russian soil", 4),
    ("see more", "President and commander-in-chief of the Ukrainian army revealed the situation of the Russian counterattack?", 13),
    ("see more", "US buys 6 more NASAMS air defense systems for Ukraine", 19),
    ("see also", "US Air Force Secretary assesses the impact of F-16 in Russia-Ukraine conflict", 24),
    ("see more", "What did Russia and Ukraine say after G7 and EU agreed on a price ceiling for Russian oil?", 31),
]


def read(data: bytes, sidecar: bytes | None = None, path: str = "a.txt"):
    return read_text(SourceFile(path, data, "a.yml" if sidecar is not None else None, sidecar))


def test_seed_sections_references_and_no_chrome(seed_bytes):
    article, problems = read(seed_bytes, path="000_165e4b519f61ba16.txt")
    assert [s.heading for s in article.sections] == [None] + SEED_HEADINGS
    assert [(r.kind, r.target, r.line) for r in article.references] == SEED_REFERENCES
    text = article.body_text
    assert "Source link" not in text and "Comment (0)" not in text
    assert article.sections[-1].blocks[-1].reference.target.startswith("What did Russia")
    assert not [p for p in problems if p.is_error]


def test_seed_title_and_date_are_inferred_and_reported(seed_bytes):
    article, problems = read(seed_bytes)
    assert article.date == date(2023, 11, 7)
    assert article.title == SEED_HEADINGS[0]
    assert article.inferred == ("date", "title")
    assert article.url == "2023/11/07/president-zelensky-calls-for-unity-after-signs-of-rift/"
    messages = {(p.line, p.severity): p.message for p in problems}
    assert "2023-11-07" in messages[(1, "warning")]
    assert "first section heading" in messages[(5, "warning")]


def test_sidecar_overrides_inference(seed_bytes):
    sidecar = b"title: Russia-Ukraine news, 7 November\ndate: 2023-11-08\nsource: Example Wire\nid: seed-article\n"
    article, problems = read(seed_bytes, sidecar)
    assert (article.title, article.date, article.source, article.id) == (
        "Russia-Ukraine news, 7 November", date(2023, 11, 8), "Example Wire", "seed-article")
    assert article.inferred == ()
    assert problems == []


def test_a_headline_line_the_sidecar_repeats_is_not_body_text_too():
    data = b"FLOODS CLOSE THE RIVER PORT.\nThe port closed on March 3, 2021 after the river rose.\nMore rain is due.\n"
    article, problems = read(data, b"title: Floods close the river port\n")
    assert article.title == "Floods close the river port"
    assert [b.text for s in article.sections for b in s.blocks][0].startswith("The port closed")
    other, _ = read(data, b"title: River port shut\n")  # a different title: the line stays the story's
    assert [b.text for s in other.sections for b in s.blocks][0] == "FLOODS CLOSE THE RIVER PORT."


def test_headline_first_line_becomes_the_title():
    data = b"Floods close the river port\nThe port closed on March 3, 2021 after the river rose.\nMore rain is due.\n"
    article, problems = read(data)
    assert article.title == "Floods close the river port"
    assert article.date == date(2021, 3, 3)
    assert [s.heading for s in article.sections] == [None]
    assert problems[0].line == 1


def test_no_heading_gives_a_shortened_first_sentence_and_undated_warning():
    data = ("A long opening sentence that goes on and on about the weather in a small town "
            "far away from anything that could be called a city. Then more.\n").encode()
    article, problems = read(data)
    assert len(article.title) <= 81 and article.title.endswith("…")
    assert article.date is None and article.url.startswith("undated/")
    assert any("undated" in p.message for p in problems)


def test_windows_1252_is_decoded_with_a_warning_naming_the_line():
    data = "Line one of the text.\nCaf\u00e9 owners protest on May 2, 2020.\n".encode("cp1252")
    article, problems = read(data)
    assert "Café" in article.body_text
    warning = next(p for p in problems if "UTF-8" in p.message)
    assert (warning.severity, warning.line) == ("warning", 2)


def test_only_chrome_is_an_empty_article_error():
    article, problems = read(b"Source link\nComment (3)\n")
    assert article is None
    assert [p.severity for p in problems] == ["error"] and "empty" in problems[0].message


def test_crlf_and_chrome_in_the_middle_is_kept_as_text():
    data = b"Storm hits coast\r\nWinds reached 100 km/h on June 1, 2022.\r\nSource link\r\nMore text follows.\r\nComment (12)\r\n"
    article, _ = read(data)
    assert "Source link" in article.body_text  # only the trailing run is chrome
    assert "Comment (12)" not in article.body_text


# --- plain-text layouts, on invented fixtures (tests/fixtures/layouts/) -------------------------

from conftest import FIXTURES  # noqa: E402

LAYOUTS = FIXTURES / "layouts"


def read_fixture(name: str, path: str | None = None):
    return read((LAYOUTS / name).read_bytes(), path=path or name)


def _paragraphs(article):
    return [b for s in article.sections for b in s.blocks if b.reference is None]


def test_hard_wrapped_indented_wire_copy_is_joined_back_into_paragraphs():
    article, problems = read_fixture("wrapped-indented.txt", path="wire/1987/pickles.txt")
    texts = [b.text for b in _paragraphs(article)]
    assert len(texts) == 3 and [s.heading for s in article.sections] == [None]
    assert texts[0].startswith("CLEVELAND, Feb 26 - The invented Lakeside") and texts[0].endswith("across the region.")
    assert "  " not in texts[1] and texts[2].endswith("a text reader.")
    assert article.title == "Lakeside Pickle Co-Op to Double Brine Works"
    assert article.title_as_written == "LAKESIDE PICKLE CO-OP TO DOUBLE BRINE WORKS"
    assert article.body_text.endswith("testing a text reader.")  # the sign-off is dropped
    assert article.date == date(1987, 2, 26)  # the dateline's day and month, the folder's year
    assert any(p.line == 3 and "dateline" in p.message for p in problems)


def test_hard_wrapped_blank_line_paragraphs_with_a_heading_and_a_caption():
    article, _ = read_fixture("wrapped-blank.txt")
    assert article.title == "Bell Ringers Set Record Nobody Asked For" and article.title_as_written is None
    assert [s.heading for s in article.sections] == [None, "Neighbours react"]
    blocks = _paragraphs(article)
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "caption", "paragraph"]
    assert blocks[0].text.startswith("LONDON (Reuters) - An invented society") and blocks[0].line == 3
    assert blocks[2].text == "Photo: The fictional bell tower of St Imaginary at dusk (Reuters/Invented Photographer)"
    assert article.date is None  # a dateline without a date, and no year anywhere


def test_title_line_then_blank_line_paragraphs_with_an_ap_dateline_and_sign_off():
    article, _ = read_fixture("title-blank.txt")
    texts = [b.text for b in _paragraphs(article)]
    assert article.title == "Town council votes to paint every bench yellow"
    assert texts[0].startswith("WASHINGTON, March 3 (AP) — The council") and len(texts) == 3
    assert texts[-1] == "The first benches will be painted next week, the council said."
    assert [s.heading for s in article.sections] == [None]
    assert article.date == date(2019, 3, 3)  # dateline day and month, the year the text names


def test_a_scrape_header_gives_source_url_title_and_date_and_is_not_body_text():
    article, problems = read_fixture("scrape-header.txt")
    assert article.title == "Kite festival blown away by surprise gale"
    assert article.date == date(2024, 5, 17)
    assert article.source_url == "https://news.example.org/2024/05/17/invented-kite-festival-blown-away"
    assert "Posted on" not in article.body_text and "https://" not in article.body_text
    assert _paragraphs(article)[0].text.startswith("Organisers of an invented kite festival")
    assert any(p.line == 3 and "date line" in p.message for p in problems)


def test_a_wrapped_paragraph_is_never_a_heading():
    lines = ["Short Headline About Nothing", ""] + [
        "This invented paragraph is hard wrapped at sixty-eight columns and",
        "Its Second Line Starts With A Capital And Has No Full Stop At The",
        "end, which must not make it a heading of its own in any layout.", "",
        "A second invented paragraph follows here, wrapped the same way so",
        "that the reader sees a consistent width across the whole file.", ""]
    article, _ = read("\n".join(lines).encode())
    assert [s.heading for s in article.sections] == [None]
    assert len(_paragraphs(article)) == 2


def test_one_sentence_per_line_questions_and_lists_are_not_headings():
    lines = ["Invented gadget review", "The invented phone has a long list of features worth describing here.",
             "Why would anyone need three cameras?", "The reviewer could not say, and neither can we.",
             "Battery life", "Ten hours in our made-up test, which is fine.", "Dual screens", "Stylus",
             "Those two items close the list of features."]
    article, _ = read("\n".join(lines).encode())
    assert [s.heading for s in article.sections] == [None, "Battery life"]


def test_binary_file_named_txt_is_an_error_naming_it():
    article, problems = read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", path="photo.txt")
    assert article is None and [(p.severity, p.path) for p in problems] == [("error", "photo.txt")]
    assert "NUL" in problems[0].message


def test_a_year_in_the_metadata_dates_a_dateline():
    article, problems = read_fixture("wrapped-indented.txt")
    assert article.date is None  # a dateline's day and month, but no year anywhere
    article, problems = read((LAYOUTS / "wrapped-indented.txt").read_bytes(), b"date: 1986\n")
    assert article.date == date(1986, 2, 26) and not [p for p in problems if p.is_error]


def test_a_short_story_wrapped_by_hand_between_blank_lines_is_joined_back():
    text = ("Port strike ends\n\nThe invented dock workers union said on Monday that\nits members would "
            "return to work after a deal.\n\nThe deal, which is made up, raises pay by four\nper cent over "
            "two years.\n\nNext steps\nThe union will vote on it next week, the invented union said.\n")
    article, _ = read(text.encode())
    assert article.title == "Port strike ends"
    assert [b.text for b in _paragraphs(article)] == [
        "The invented dock workers union said on Monday that its members would return to work after a deal.",
        "The deal, which is made up, raises pay by four per cent over two years.",
        "The union will vote on it next week, the invented union said."]
    assert [s.heading for s in article.sections] == [None, "Next steps"]
