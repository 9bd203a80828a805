"""Links in a Markdown article, made into links the archive can publish.

An article's Markdown comes from a pull request, often pasted from the page it was published
on, whose relative links ('plan.md', '/about', '../photos/a.jpg') meant that site. On the
archive they lead nowhere, and MkDocs (strict) stops the whole build over them, naming a
generated page rather than the article. So every inline link, image and link definition is
looked at here, where the file and line are known:

- http, https and mailto links and '#' anchors are kept;
- a relative link is made absolute against the article's source URL when it has one (it is
  the original site's), else the link is shown as its text (an image as its alt text);
- any other scheme ('javascript:', 'data:', 'file:', also when written with entities) is
  shown as text;
- an image becomes a link to it ('Image: <alt>'): the archive keeps no images, and one loaded
  from another site would tell that site who reads the page (the site makes no third-party
  requests; mkdocs.yml).

Each change is a warning at its line. Fenced code and code spans are left alone.

Markdown has more ways to write a link than these patterns know (a definition inside a list,
parentheses nested twice, `{: href=... }`), so a body that may still hold one is rendered as
the site will render it (`links_left`): a link that comes out relative would stop MkDocs' strict
build, naming a generated page, so it is an error at the article's line instead.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit

from ..model import Diagnostic
from .md_code import Fences, code_spans, fences

KEPT_SCHEMES = ("http", "https", "mailto")
SAFE_IN_URL = ":/?#@!$&'*+,;=%~"  # what `quote` leaves of a URL: no space nor parenthesis
# [text](url "title"), ![alt](url): the text may run over lines and hold one level of
# brackets, the URL one level of parentheses or be written in <...>.
INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*+"
    r"(?P<url><[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?P<title>\s++(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*+\)")  # possessive: a space is taken once
# [id]: url "title", as Python-Markdown's ReferenceProcessor reads one (after expanding tabs): the
# address may be on the next line, and only a title may follow it ('[Update]: The council
# says...' is a sentence, not a definition).
DEFINITION = re.compile(r"^(?P<lead> {0,3}\[[^\[\]]*\]:[ \t]*+(?:\n[ \t]*+)?)(?P<url>\S++)"
                        r"(?P<rest>[ \t]*+(?:\n[ \t]*+)?(?:(?P<quote>[\"'])[^\n]*(?P=quote)[ \t]*+|\([^\n]*\)[ \t]*+)?)$",
                        re.M)


def publishable_links(body: list[tuple[int, str]], source_url: str | None, path: str,
                      fenced: Fences | None = None) -> tuple[list[tuple[int, str]], list[Diagnostic]]:
    """The body's (line number, line) pairs with every link the archive cannot publish as
    written replaced, and a warning for each. A link may run over the lines of a paragraph;
    the lines keep their numbers. `fenced` is the body's fenced code, when already found."""
    problems: list[Diagnostic] = []
    kept: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            text = _paragraph("\n".join(line for _, line in paragraph), paragraph[0][0], source_url, path, problems)
            kept.extend(zip((number for number, _ in paragraph), text.split("\n")))
            paragraph.clear()

    code = (fenced or fences(body)).code
    for number, line in body:
        if number in code or not line.strip():
            flush()
            kept.append((number, line))
        else:
            paragraph.append((number, line))
    flush()
    return kept, problems


def _paragraph(text: str, first: int, source_url: str | None, path: str, problems: list[Diagnostic]) -> str:
    if "](" not in text and "]:" not in text:
        return text
    in_code = _within(code_spans(text))
    newlines = [at for at, character in enumerate(text) if character == "\n"] if "\n" in text else []

    def line_of(position: int) -> int:
        return first + bisect_right(newlines, position)

    def definition(match: re.Match) -> str:
        url, shown = _target(match.group("url"), source_url)
        if shown:
            problems.append(_said(path, line_of(match.start()), match.group("url"), shown))
        if url is None:  # a definition shows nothing: the links that use it fall back to their text
            return "\n" * match.group(0).count("\n")  # and the lines keep their numbers
        return match.group("lead") + url + match.group("rest")

    def escaped(position: int) -> bool:
        """A '[' after an odd run of backslashes is a bracket as written, no link."""
        start = position
        while start and text[start - 1] == "\\":
            start -= 1
        return (position - start) % 2 == 1

    def inline(match: re.Match) -> str:
        if in_code(match.start()) or escaped(match.start("text") - 1):
            return match.group(0)
        url, shown = _target(match.group("url"), source_url)
        if shown:
            problems.append(_said(path, line_of(match.start()), match.group("url"), shown))
        if url is None:
            return match.group("text")
        if match.group("bang"):
            if not shown:
                problems.append(_said(path, line_of(match.start()), match.group("url"),
                                      "is an image on another site: shown as a link to it"))
            return f"[Image: {match.group('text').strip() or 'untitled'}]({url}{match.group('title') or ''})"
        return f"[{match.group('text')}]({url}{match.group('title') or ''})"

    return INLINE.sub(inline, DEFINITION.sub(definition, text))


def _target(written: str, source_url: str | None) -> tuple[str | None, str]:
    """(the URL to publish, or None for text only; what was done, '' when nothing was)."""
    raw = written[1:-1] if written.startswith("<") else written
    target = html.unescape(raw).strip()
    # Judged as the browser reads it, published as judged: MkDocs checks the address as
    # written, and takes '&#35;notes' or '&#104;ttps://...' for a relative link.
    kept = written if target == raw else quote(target, safe=SAFE_IN_URL)
    if not target or target.startswith("#"):
        return kept, ""
    try:
        parts = urlsplit(target)
    except ValueError:
        return None, "is not a URL: shown as text"
    scheme = parts.scheme.lower()
    if scheme in KEPT_SCHEMES:
        return kept, ""
    if scheme:
        return None, f"uses '{scheme}:', which the archive does not publish: shown as text"
    if source_url and urlsplit(source_url).scheme in ("http", "https"):
        absolute = quote(urljoin(source_url, target), safe=SAFE_IN_URL)
        return absolute, f"is relative to the original page: linked as {absolute}"
    return None, "is relative and the article has no source URL to resolve it against: shown as text"


def _said(path: str, number: int, written: str, shown: str) -> Diagnostic:
    return Diagnostic("warning", path, number, f"link '{written}' {shown}")


# The Markdown extensions mkdocs.yml gives the site's renderer (a test keeps them the same).
SITE_EXTENSIONS = ("toc", "attr_list", "tables", "fenced_code", "generator.safe_markdown")
# An address in an attribute list ('{: href=... }'), and a line that begins like a definition
# after a list marker, a quote or an indent: ways to link that the patterns above do not read.
ATTRIBUTE_ADDRESS = re.compile(r"\{[^}\n]*\b(?:href|src)\s*=", re.IGNORECASE)
DEFINITION_START = re.compile(r"[ \t>*+\-\d.)]*\[[^\[\]]*\]:[ \t]*(\S*)")  # group 1: the address, if on this line
LINK_MIDDLE = re.compile(r"\]\(")


def links_left(body: list[tuple[int, str]], fenced: Fences, path: str) -> list[Diagnostic]:
    """An error for each link or image the site's renderer would make of the body (after
    `publishable_links`) that the archive cannot publish, at the first line outside code that
    holds its address (else the body's first line). Rendering costs several times the rest of
    reading, so a body whose links the patterns all read whole (nearly every one) is not rendered."""
    if _read_whole(body, fenced.code):
        return []
    prose = [(number, line) for number, line in body if number not in fenced.code]
    renderer = _renderer()
    renderer.reset()
    found = _Targets()
    found.feed(renderer.convert("\n".join(line for _, line in body)))
    problems = []
    for url in dict.fromkeys(found.urls):
        if not _kept_as_written(url):
            number = next((n for n, line in prose if url in line), body[0][0] if body else 0)
            problems.append(Diagnostic("error", path, number, f"link '{url}' is relative and written in a way the reader "
                                       "cannot rewrite, so the site would link nowhere: write it as [text](https://...) "
                                       "with the page's full address, or remove it"))
    return problems


def _kept_as_written(url: str) -> bool:
    """Whether MkDocs leaves a rendered address alone: a full address of a kept scheme, an
    anchor or nothing; it checks anything else as a page of the site."""
    if not url or url.startswith("#"):
        return True
    try:
        return urlsplit(url).scheme.lower() in KEPT_SCHEMES
    except ValueError:
        return False


def _read_whole(body: list[tuple[int, str]], code: frozenset[int]) -> bool:
    """Whether every way the text outside fenced code may link is one `publishable_links` read
    whole (and so made publishable): each '](' ends the text of an inline link or image that
    holds no other and is outside code spans (the renderer may not see the same spans: a
    backtick escaped, or one in a heading or list item above), each definition is at a
    paragraph's top level, no attribute list sets an address. Paragraphs end where
    `publishable_links` ends them: at blank lines and fences."""
    paragraphs: list[list[str]] = [[]]
    for number, line in body:
        if line.strip() and number not in code:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    for lines in paragraphs:
        if any(DEFINITION_START.match(line) and not DEFINITION.match(line) for line in lines):
            return False
        text = "\n".join(lines)
        if ATTRIBUTE_ADDRESS.search(text):
            return False
        ends = {m.end("text") for m in INLINE.finditer(text) if "](" not in m.group("text")}
        in_code = _within(code_spans(text))  # the renderer may not agree: a link in "code" is rendered to see
        if any(m.start() not in ends or in_code(m.start()) for m in LINK_MIDDLE.finditer(text)):
            return False
    return True


def _within(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position is inside one of the (start, end) spans, which do not overlap."""
    spans = sorted(spans)
    starts = [start for start, _ in spans]

    def inside(position: int) -> bool:
        at = bisect_right(starts, position) - 1  # the last span starting at or before it
        return at >= 0 and position < spans[at][1]
    return inside


@lru_cache(maxsize=1)
def _renderer():
    import markdown

    return markdown.Markdown(extensions=list(SITE_EXTENSIONS))


class _Targets(HTMLParser):
    """The addresses of the links and images in rendered HTML, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value is not None]
