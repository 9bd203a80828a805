"""Untrusted text that made a pattern backtrack for minutes or hours (helper's audit, each case
measured on the old patterns at the size below or a quarter of it: 35 s to days). Each case
checks the result on the hostile text; `finishes` turns a hang into a failure that names it.
It is a guard with a margin of hundreds of times what the fixed code takes, not a measurement
of speed (that is `make bench`'s)."""
from __future__ import annotations

import signal
from contextlib import contextmanager

from generator.infer import dateline
from generator.model import Article, Block, Section
from generator.pages.structured import description
from generator.readers import read_one
from generator.readers.base import SourceFile
from generator.readers.markdown import heading_of
from generator.readers.md_links import publishable_links
from generator.readers.page_metadata import MAX_SITE_PARTS, strip_site_name
from generator.readers.text import is_caption
from generator.search_docs import search_doc

RUN = 1 << 18  # 256 KB of one character: real articles are far smaller, pull requests need not be


@contextmanager
def finishes(what: str, seconds: int = 60):
    def stop(signum, frame):
        raise AssertionError(f"{what}: still running after {seconds} s (backtracking?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(name: str, text: str) -> Article:
    article, problems = read_one(SourceFile(name, text.encode()))
    assert article is not None, problems
    return article


def test_a_heading_line_with_a_long_run_of_spaces_or_hashes():
    with finishes("markdown heading"):
        spaced = _read("a.md", "---\ntitle: T\n---\n\n## a" + " " * 8_000 + "b\n\nText.\n")
        hashed = heading_of("## a" + "#" * RUN + "b ##")  # a block this long is refused before it is parsed
    assert [s.heading for s in spaced.sections] == ["a" + " " * 8_000 + "b"]
    assert hashed == (2, "a" + "#" * RUN + "b")


def test_heading_text_keeps_hashes_that_are_its_own():
    headings = [s.heading for s in _read("a.md", "---\ntitle: T\n---\n\n## Learning C#\n\nx\n\n## Done ##  \n\ny\n").sections]
    assert headings == ["Learning C#", "Done"]


def test_a_see_also_line_with_a_long_run_of_spaces():
    with finishes("see-also line"):
        article = _read("a.txt", "Headline\n\nText of the story.\n\nSee also: a" + " " * RUN + "b   \n")
    assert [r.target for r in article.references] == ["a" + " " * RUN + "b"]
    assert not _read("b.txt", "Headline\n\nText.\n\nSee also:    \n").references


def test_an_unclosed_link_with_a_long_run_of_spaces():
    with finishes("inline link"):
        body, _ = publishable_links([(5, "[a](" + " " * RUN + "x")], None, "a.md")
    assert body == [(5, "[a](" + " " * RUN + "x")]


def test_many_links_among_code_spans_in_one_paragraph():
    lines = [(number, "`a [b](c.html)` [a](x.html)") for number in range(1, 30_001)]  # one paragraph
    with finishes("links among code spans"):
        body, problems = publishable_links(lines, "https://example.test/story", "a.md")
    assert body == [(n, "`a [b](c.html)` [a](https://example.test/x.html)") for n, _ in lines]
    assert [p.line for p in problems] == [n for n, _ in lines]


def test_a_dateline_and_a_caption_with_a_long_run_of_spaces():
    with finishes("dateline and caption"):
        assert dateline("LONDON" + " " * RUN + "x") is None
        assert not is_caption("photo" + " " * RUN + "x")
    assert dateline("LONDON (Reuters)   - Talks") is True and dateline("CLEVELAND , Feb 26  (AP) -") == (2, 26)
    assert is_caption("Photo (file):  the harbour") and is_caption("Pictured - the bridge")


def test_markdown_stripped_for_descriptions_and_search():
    blank_lines = "a" + "\n" * RUN + "b"
    links = "[a](" * RUN + "[" * RUN
    article = Article("a", "T", None, "a.md", "markdown", (Section(None, 1, (Block(1, blank_lines), Block(2, links))),))
    with finishes("markdown stripped to plain text"):
        assert description(article) == "a b"
        document = search_doc(article, ())
    assert "[a](" * 100 in document
    shown = Article("b", "T", None, "b.md", "markdown", (Section(None, 1, (Block(1, "## See [the port](https://x.test/p) *now*"),)),))
    assert description(shown) == "See the port now"


def test_a_title_that_repeats_the_sites_name_thousands_of_times():
    with finishes("site name"):  # it raised RecursionError; a few of the parts are cut
        assert strip_site_name("Harbour reopens" + " | Guardian" * 2_000, ["guardian"]).startswith("Harbour reopens | ")
    assert strip_site_name("Harbour reopens" + " | Guardian" * MAX_SITE_PARTS, ["guardian"]) == "Harbour reopens"
    assert strip_site_name("Guardian | Harbour reopens | Guardian", ["guardian"]) == "Harbour reopens"
    assert strip_site_name("Guardian", ["guardian"]) == "Guardian"
