"""Hostile input found by an adversarial run: each is read as an article or named with its
line, never a traceback. JSON-LD nested past the recursion limit, UTF-32 text, line numbers
after characters `str.splitlines` (but no editor) ends a line at, metadata values that hold a
line break (which would inject Markdown into every page listing them), and Markdown nested
deeper than Python-Markdown can render."""
from __future__ import annotations

from datetime import date

import pytest

from generator.readers import read_archive, read_one
from generator.readers.base import SourceFile
from generator.readers.markdown import (MAX_BLOCK_CHARS, MAX_BRACKETS, MAX_CONTAINERS, MAX_EMPHASIS,
                                        MAX_SAME_HEADINGS, MAX_UNCLOSED_LINKS)

STORY = ("The harbour crane collapsed in the storm on Tuesday night, the port authority said, "
         "and no one was hurt. Engineers will inspect the quay before the port reopens.")


def _all_text(article) -> str:
    blocks = [b.text for s in article.sections for b in s.blocks] + [s.heading or "" for s in article.sections]
    fields = [article.title, article.author or "", article.source or "", article.summary or ""]
    return "\n".join(blocks + fields + [r.target for r in article.references])


def _where(problems, severity="error"):
    return [(p.path, p.line) for p in problems if p.severity == severity]


# 1. JSON-LD nested past Python's recursion limit --------------------------------------------

def _page(json_ld: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Harbour crane collapses | Example Gazette</title>\n"
        "<meta property=\"og:site_name\" content=\"Example Gazette\">\n"
        "<meta name=\"author\" content=\"Ann Lee\">\n"
        f"<script type=\"application/ld+json\">{json_ld}</script>\n"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"datePublished\": \"2021-03-09\"}</script>\n"
        "</head><body><article><h1>Harbour crane collapses</h1>\n"
        f"<p>{STORY}</p>\n<p>{STORY}</p>\n</article></body></html>\n").encode()


@pytest.mark.parametrize("json_ld", ["[" * 1000 + "]" * 1000, "{\"a\": " * 5000 + "1" + "}" * 5000])
def test_json_ld_nested_too_deeply_is_a_warning_at_its_script_and_the_page_is_still_read(json_ld):
    article, problems = read_one(SourceFile("page.html", _page(json_ld)))
    assert _where(problems) == []
    assert _where(problems, "warning") == [("page.html", 5)]
    assert "JSON-LD" in problems[0].message and "too deeply" in problems[0].message
    assert (article.title, article.author, article.source, article.date) == (
        "Harbour crane collapses", "Ann Lee", "Example Gazette", date(2021, 3, 9))  # the other script still counts
    assert STORY in _all_text(article)


# 2. UTF-32, and no NUL character from any decoding --------------------------------------------

TEXT = "Harbour crane collapses in storm\n\n" + STORY + "\n"


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_utf32_with_a_bom_is_decoded_as_utf32(bom, codec, suffix):
    article, problems = read_one(SourceFile("crane" + suffix, bom + TEXT.encode(codec)))
    assert article is not None and _where(problems) == []
    assert article.title == "Harbour crane collapses in storm"
    assert STORY in _all_text(article) and "\x00" not in _all_text(article)
    assert ("crane" + suffix, 1) in _where(problems, "warning")
    assert any("UTF-32 text: please re-save the file as UTF-8" == p.message for p in problems)


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                                        (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_nul_character_in_wide_text_is_refused_like_a_binary_file(bom, codec, suffix):
    data = bom + ("Harbour crane collapses\n\nFirst paragraph.\nSecond \x00 paragraph.\n").encode(codec)
    article, problems = read_one(SourceFile("nul" + suffix, data))
    assert article is None
    assert _where(problems) == [("nul" + suffix, 4)]
    assert "NUL" in problems[0].message


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_a_nul_byte_is_at_its_line_whatever_ends_the_lines(newline):
    article, problems = read_one(SourceFile("nul.txt", newline.join([b"Harbour", b"", b"Text \x00 here", b""])))
    assert article is None and _where(problems) == [("nul.txt", 3)]


def test_no_nul_character_reaches_an_article_from_a_sidecar_or_a_page():
    _, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", b"source: Example\ntitle: Bad \x00 title\n"))
    assert _where(problems) == [("a.yml", 2)]
    page = _page("{}").replace(b"<p>", b"<p>\x00", 1)
    page = b"<!--" + b"x" * 5000 + b"-->" + page  # past the first 4 KB, which are checked for NUL bytes
    article, problems = read_one(SourceFile("p.html", page))
    assert article is not None and "\x00" not in _all_text(article)
    for bom, codec in [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")]:
        article, problems = read_one(SourceFile("p.html", bom + _page("{}").decode().encode(codec)))
        assert article.title == "Harbour crane collapses" and "\x00" not in _all_text(article)


# 3. Line numbers count only \n, \r\n and \r -------------------------------------------------

@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\x1c", "\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_front_matter_does_not_move_the_line_of_an_error(odd):
    """`str.splitlines` ended a line at each of these: the date below was reported on line 4."""
    article, problems = read_one(SourceFile("ff.md", f"---\ntitle: A story{odd}\ndate: 2021-13-45\n---\nBody text.\n".encode()))
    assert article is None and _where(problems) == [("ff.md", 3)]
    assert "2021-13-45" in problems[0].message
    article, problems = read_one(SourceFile("ff.md", f"---\ntitle: A{odd}story{odd}\ndate: 2021-03-09\n---\nBody text.\n".encode()))
    assert _where(problems) == [] and article.title == "A story"  # in a line, it reads as a space


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_sidecar_does_not_move_the_line_of_an_error(odd):
    """YAML ends a line at NEL, U+2028 and U+2029 too: its line numbers are counted again."""
    _, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", f"source: Example\n{odd}\ndate: 2021-13-45\n".encode()))
    assert _where(problems) == [("a.yml", 3)] and "2021-13-45" in problems[0].message


def test_a_form_feed_in_a_sidecar_is_an_error_at_its_own_line():
    """YAML does not allow a form feed: the sidecar is refused at the line that holds it."""
    _, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", b"source: Example\ntitle: A story\x0c\ndate: 2021-13-45\n"))
    assert _where(problems) == [("a.yml", 2)] and "#x000c" in problems[0].message


@pytest.mark.parametrize("odd", ["\x0c", "\u2028", "\x0b", "\x1e", "\x85"])
def test_odd_line_separators_in_the_body_do_not_move_line_numbers(odd):
    body = f"Page one{odd}page two.\n\n{odd}\n\nThe council met.{odd}It voted.\n\nSee also : Port reopens\n"
    article, problems = read_one(SourceFile("a.md", f"---\ntitle: A\ndate: 2021-03-09\n---\n{body}".encode()))
    assert [(r.target, r.line) for r in article.references] == [("Port reopens", 11)]
    assert "Page one page two." in _all_text(article) and odd not in _all_text(article)
    article, problems = read_one(SourceFile("a.md", f"---\ndate: 2021-03-09\n---\n{odd}\n\n# The title{odd}\n\nText.\n".encode()))
    assert _where(problems, "warning") == [("a.md", 6)]
    text = f"Harbour crane collapses\n\n{odd}\n\nFirst{odd}paragraph of the story, long enough.\n\nSee also : Port reopens\n"
    article, problems = read_one(SourceFile("a.txt", text.encode(), "a.yml", b"date: 2021-03-09\n"))
    assert [(r.target, r.line) for r in article.references] == [("Port reopens", 7)]
    assert "First paragraph of the story" in _all_text(article) and odd not in _all_text(article)


def test_crlf_and_lone_cr_still_end_lines():
    for end in ("\r\n", "\r"):
        text = end.join(["---", "title: A", "date: 2021-03-09", "---", "Body.", "", "See also : Port reopens", ""])
        article, _ = read_one(SourceFile("a.md", text.encode()))
        assert [(r.target, r.line) for r in article.references] == [("Port reopens", 7)]


# 4. One-line metadata values ----------------------------------------------------------------

def test_a_title_or_see_also_with_a_line_break_is_an_error_at_its_line():
    front = ('---\ntitle: "Harbour budget approved\\n# Injected heading in every listing\\n\\n    indented code block"\n'
             'date: 2022-04-01\nsee_also: ["Missing story\\n## Injected into see-also index\\n1. list"]\n---\n\nText.\n')
    article, problems = read_one(SourceFile("ml.md", front.encode()))
    assert article is None and _where(problems) == [("ml.md", 2), ("ml.md", 4)]
    assert all("single line of text" in p.message for p in problems)
    front = "---\ntitle: Fine\nsee_also:\n  - Port reopens\n  - |\n    Two\n    lines\n---\n\nText.\n"
    _, problems = read_one(SourceFile("ml.md", front.encode()))
    assert _where(problems) == [("ml.md", 5)] and "entry 2" in problems[0].message


@pytest.mark.parametrize("key", ["title", "source", "author", "summary", "language", "url", "source_url", "id"])
@pytest.mark.parametrize("value", ['"A\\nB"', '"A\\u2028B"', '"A\\rB"', "|\n  A\n  B", ">\n  A\n\n  B"])
def test_every_one_line_key_refuses_a_line_break(key, value):
    _, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", f"date: 2021-03-09\n{key}: {value}\n".encode()))
    assert _where(problems) == [("a.yml", 2)]
    assert problems[0].message.startswith(f"'{key}' must be a single line of text")


@pytest.mark.parametrize("key", ["title", "source", "author", "summary", "source_url", "see_also", "topics"])
@pytest.mark.parametrize("escape", ["\\ud800", "\\udc80", "\\0", "\\x1b", "\\x7f"])
def test_a_character_no_page_can_carry_is_an_error_at_its_key(key, escape):
    """A YAML escape makes a lone surrogate (no UTF-8 form: writing the page failed with a
    traceback) or a control character (which XML, so every feed, forbids)."""
    value = f'["Port {escape} reopens"]' if key in ("see_also", "topics") else f'"Port {escape} reopens"'
    _, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", f"date: 2021-03-09\n{key}: {value}\n".encode()))
    assert _where(problems) == [("a.yml", 2)] and problems[0].message.startswith(f"'{key}' holds a character no page can show (U+")
    fine, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", f'date: 2021-03-09\n{key}: "Port\\treopens é 😀"\n'.encode()))
    assert fine is not None and _where(problems) == []


def test_a_value_folded_onto_one_line_is_accepted():
    sidecar = b"title: Harbour budget\n  approved today\nsummary: >\n  One sentence\n  on two lines.\ntopics: [port]\n"
    article, problems = read_one(SourceFile("a.txt", TEXT.encode(), "a.yml", sidecar))
    assert _where(problems) == []
    assert (article.title, article.summary) == ("Harbour budget approved today", "One sentence on two lines.")


# 5. Markdown nested deeper than Python-Markdown renders ----------------------------------------

def _md(body: str, path: str = "deep.md"):
    return read_one(SourceFile(path, f"---\ntitle: Stars story\ndate: 2022-03-01\n---\n\nThe council met on Monday.\n\n{body}".encode()))


HOSTILE = {
    "emphasis run": ("*" * 2000 + "x" + "*" * 2000 + "\n", 8, "emphasis"),
    "nested strong": ("**a " * 600 + "x" + " b**" * 600 + "\n", 8, "emphasis"),
    "underscores across lines": ("text __a\n" * 40 + "x\n" + "b__ text\n" * 40, 8 + MAX_EMPHASIS // 2, "emphasis"),
    "nested lists": ("".join("    " * i + "- item\n" for i in range(250)), 8 + MAX_CONTAINERS, "lists"),
    "ordered lists": ("".join("    " * i + "1. item\n" for i in range(250)), 8 + MAX_CONTAINERS, "lists"),
    "block quotes": (">" * 500 + " x\n", 8, "lists"),
    "quotes and lists": ("> - " * 100 + "x\n", 8, "lists"),
    "lists on one line": ("-   " * 100 + "-\n", 8, "lists"),  # three spaces apart: no rule
    "brackets": ("[" * 20000 + "x" + "]" * 20000 + "\n", 8, "brackets"),
    "unclosed brackets": ("Text " + "![" * 20000 + "\n", 8, "brackets"),
    "brackets behind an unclosed fence": ("```\n" + "[" * 100 + "\n", 9, "brackets"),
    "unclosed links": ("[x](" * 16000 + "\n", 8, "links"),  # a minute of Python-Markdown's build
    "unclosed links across lines": ("See [a](b (c\n" * 40, 8 + MAX_UNCLOSED_LINKS, "links"),
}
def test_a_thousand_headings_with_one_text_is_an_error_at_the_next():
    article, problems = _md("### a_2\n\nText.\n\n" * MAX_SAME_HEADINGS + "### A_2 ##\n")
    assert article is None and _where(problems) == [("deep.md", 8 + 4 * MAX_SAME_HEADINGS)]
    assert "headings with the same text ('A_2')" in problems[0].message
    blog, problems = _md("## Update\n\nMore news.\n\n" * 200 + "```\n" + "# a_2\n" * 2000 + "```\n")
    assert blog is not None and _where(problems) == []


LONG_BLOCKS = {  # quadratic in Python-Markdown; each measured at 64 KB in a build
    "table of code spans": "a|b\n-|-\n" + "`|" * 32_000 + "\n",
    "attribute lists after a heading": "### a" + " {:" * 21_000 + "\n",
    "rules without blank lines": "- - -\n" * 11_000,
    "hard line breaks": "x  \n" * 16_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_markdown_nested_too_deeply_is_an_error_at_its_line(name):
    body, line, what = HOSTILE[name]
    article, problems = _md(body)
    assert article is None and _where(problems) == [("deep.md", line)]
    assert what in problems[0].message and "nesting this deep" in problems[0].message


ACCEPTED = ("Some **bold**, *italic*, ***both***, __under__ and snake_case_names, a [link](https://example.org) "
            "and [[double]] brackets, `[[[[[[[[code]]]]]]]]` and 5 * 3.\n\n"
            + "".join("    " * i + "- level\n" for i in range(MAX_CONTAINERS)) + "\n"
            + "> " * (MAX_CONTAINERS - 1) + "- " + "*" * (MAX_EMPHASIS // 2) + "[" * MAX_BRACKETS + "x"
            + "]" * MAX_BRACKETS + "*" * (MAX_EMPHASIS // 2) + "\n\n"
            + "/" + "*" * 200 + "/ a banner nothing closes\n\n"
            + "- " * 40 + "-\n\n" + "> " + "* " * 40 + "*\n\n"  # horizontal rules, not lists
            + "```json\n" + "[" * 500 + "]" * 500 + "\n```\n\n"
            + "**a " * (MAX_EMPHASIS // 2) + "x" + " b**" * (MAX_EMPHASIS // 2) + "\n\n"
            + "[x](" * MAX_UNCLOSED_LINKS + " and (a) [b](c) " * 100 + "\n")


@pytest.mark.parametrize("name", sorted(LONG_BLOCKS))
def test_a_block_too_long_for_the_renderer_is_an_error_at_its_first_line(name):
    article, problems = _md(LONG_BLOCKS[name])
    assert article is None and _where(problems) == [("deep.md", 8)]
    assert "no blank line" in problems[0].message


def test_a_long_story_in_paragraphs_is_read():
    paragraph = "The council met on Monday and agreed the harbour budget after a long debate. " * 20
    article, problems = _md((paragraph.strip() + "\n\n") * 200 + "x" * (MAX_BLOCK_CHARS - 1) + "\n")
    assert _where(problems) == [] and article is not None


def test_nesting_up_to_the_limits_is_read():
    article, problems = _md(ACCEPTED)
    assert _where(problems) == [] and article is not None
    assert "```json" in _all_text(article) and "a banner nothing closes" in _all_text(article)


def test_what_the_reader_accepts_python_markdown_renders_with_most_of_the_stack_used():
    """The limits hold with room to spare: MkDocs calls Python-Markdown deep in its own stack."""
    import sys

    import markdown

    def render(frames: int) -> str:
        if frames:
            return render(frames - 1)
        md = markdown.Markdown(extensions=["toc", "attr_list", "tables", "fenced_code", "generator.safe_markdown"],
                               extension_configs={"toc": {"permalink": True}})
        return md.convert(ACCEPTED)

    assert "<li>" in render(sys.getrecursionlimit() * 6 // 10)


def test_a_deep_markdown_body_is_named_in_the_archive_not_a_traceback(tmp_path):
    (tmp_path / "stars.md").write_text(f"---\ntitle: Stars\ndate: 2022-03-01\n---\n\n{'*' * 2000}x{'*' * 2000}\n",
                                       encoding="utf-8")
    (tmp_path / "fine.md").write_text("---\ntitle: Fine\ndate: 2022-03-01\n---\n\nText.\n", encoding="utf-8")
    articles, problems = read_archive(tmp_path)
    assert [a.path for a in articles] == ["fine.md"]
    assert _where(problems) == [("stars.md", 6)]


def test_a_definition_address_full_of_quotes_is_an_error_at_its_line():
    """Python-Markdown's definition pattern is quadratic in the quotes of an address (8,000: a second)."""
    from generator.readers.markdown import MAX_ADDRESS_QUOTES

    for body, line in (("[x]: " + "a'" * 4000 + " x\n", 8), ("Text.\n\n- [x]:\n  " + "(" * 100 + "\n", 10),
                       ("[y]: " + "'" * (MAX_ADDRESS_QUOTES + 1) + "\n", 8)):
        article, problems = _md(body)
        assert article is None and _where(problems) == [("deep.md", line)], body[:20]
        assert f"quotes or parentheses (at most {MAX_ADDRESS_QUOTES})" in problems[0].message
    fine, problems = _md("[x]: https://en.wikipedia.org/wiki/A_(b)_(c) 'Title (d)'\n\nSee [y][x].\n\n"
                         "[z]: " + "'" * MAX_ADDRESS_QUOTES + "\n\n```\n[w]: " + "'" * 100 + "\n```\n")
    assert fine is not None and _where(problems) == []
