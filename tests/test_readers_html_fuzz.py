"""Fuzzing the web-page reader: random bytes and random HTML never raise; a page that gives no
article comes back as an error Diagnostic, and an article that comes back is well formed."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.readers.base import SourceFile
from generator.readers.html import read_html

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = ["p", "div", "h1", "h2", "ul", "li", "ol", "blockquote", "a", "script", "style", "article",
        "table", "tr", "td", "iframe", "svg", "meta", "title", "head", "body", "nav", "br", "img"]
ATTRIBUTES = ["href", "src", "onclick", "property", "name", "content", "value", "type", "lang", "rel"]
WORDS = ["bridge", "council", "<", ">", "&amp;", "&#0;", "\x00", "javascript:alert(1)", "{\"@type\": \"NewsArticle\"",
         "og:title", "article:published_time", "2021-13-45", "application/ld+json", "canonical", "]]>", "<!--",
         "é", "日本語", "\u202e", "\ud800", " ", "\n"]


def _check(data: bytes) -> None:
    article, problems = read_html(SourceFile("fuzz.html", data))
    assert all(p.path == "fuzz.html" and p.severity in ("error", "warning") for p in problems)
    if article is None:
        assert any(p.is_error for p in problems)
    else:
        assert article.title and article.format == "html"
        assert any(b.text for s in article.sections for b in s.blocks)
        assert all(r.kind == "linked" and r.target.startswith(("http://", "https://")) for r in article.references)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data):
    _check(data)


def _element(children):
    tag = st.sampled_from(TAGS)
    attributes = st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(WORDS + ["x"])), max_size=3)
    return st.builds(lambda t, a, c: f"<{t} " + " ".join(f'{k}="{v}"' for k, v in a) + ">" + "".join(c) + f"</{t}>",
                     tag, attributes, st.lists(children, max_size=4))


HTML_TREE = st.recursive(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=80),
                         _element, max_leaves=40)


@FUZZ
@given(HTML_TREE, st.sampled_from(["utf-8", "shift_jis", "latin-1", "utf-16"]))
def test_random_html_never_raises(body, encoding):
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    _check(page.encode(encoding, errors="replace"))
