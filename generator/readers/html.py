"""Reader for saved web pages (`.html`, `.htm`), kept byte for byte and published as text.

trafilatura finds the article in the page (paragraphs, headings, lists, quotes) and drops the
navigation, ads, share bars, comments and related-link boxes around it. Only that extracted
structure enters the model, as plain text: nothing of the page's own markup or script ever
reaches the site, the page builders escape it like any archived text. Metadata comes from the
page's JSON-LD, OpenGraph and meta tags (`page_metadata.py`); a sidecar `.yml` overrides it.
Links in the article's text become references ("linked"), which resolve when another archived
article has that source URL.
"""
from __future__ import annotations

import logging

from ..infer import shorten
from ..model import Article, Block, Diagnostic, Reference, Section
from .base import WIDE_BOMS, SourceFile, infer_missing_date, make_article, read_sidecar
from .metadata import Metadata
from .page_metadata import fold, read_page_metadata

SHOWN_TEXT = "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
LEAD_PARAGRAPHS = 2  # a lead photo comes before the first paragraph or after a standfirst
MAX_CAPTION = 600  # characters: a caption longer than this is a story of its own
MAX_PAGE_BYTES = 20_000_000  # a saved page is rarely over 2 MB; beyond this it is not one
# htmldate's own latest plausible day is the build's day, so a page's fallback date would change
# with the calendar; a fixed far bound keeps the same page giving the same date on any day.
DATE_SEARCH = {"original_date": True, "extensive_search": True, "max_date": "2199-12-31"}
BLOCK_KINDS = {"p": "paragraph", "list": "list", "quote": "quote", "code": "paragraph"}
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # its problems become our Diagnostics


def read_html(source: SourceFile) -> tuple[Article | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    side_meta, side_problems = read_sidecar(source)
    problems += side_problems
    page, found, why = _extract(source.data)
    if why:
        problems.append(Diagnostic("error", source.path, 0, why))
        return None, problems
    page_meta = read_page_metadata(page, found)
    problems += [Diagnostic("warning", source.path, line, "structured data (JSON-LD) nested too deeply to read: "
                            "ignored, the page's other metadata is used") for line in page_meta.too_deep]
    title_from_page = page_meta.values.get("title")
    sections, references = _sections(found.body, title_from_page, _lead_caption(page, found.body))
    if not any(b.text for s in sections for b in s.blocks):
        problems.append(Diagnostic("error", source.path, 0, "empty article: no article text found in the page"))
        return None, problems
    meta = side_meta.merged_over(Metadata(
        {k: v for k, v in page_meta.values.items() if k != "title"}, dict(page_meta.lines), {},
        {k: source.path for k in page_meta.values}))
    inferred: set[str] = set()
    title = meta.values.get("title") or title_from_page or _first_words(sections, source.path, inferred, problems)
    lines = [(b.line, b.text) for s in sections for b in s.blocks if b.text]
    meta = infer_missing_date(lines, meta, source.path, inferred, problems)
    article, id_problems = make_article(source.path, "html", meta, title, sections, references, inferred)
    return article, problems + id_problems


def _extract(data: bytes):
    """(page tree, trafilatura's Document, None) or (None, None, why the file is no article).

    The page's own metadata is read from a second parse: trafilatura cleans its tree in place.
    trafilatura is imported here, on the first page: an archive without pages never loads it.
    """
    import trafilatura
    from trafilatura.utils import load_html

    if len(data) > MAX_PAGE_BYTES:
        return None, None, f"not read: {len(data)} bytes is more than a saved page ({MAX_PAGE_BYTES})"
    if b"\0" in data[:4096] and not data.startswith(tuple(bom for bom, _, _ in WIDE_BOMS)):
        return None, None, "not a web page: the file holds binary data (NUL bytes)"
    try:
        page = load_html(data)
        tree = load_html(data)
        found = None if tree is None else trafilatura.bare_extraction(
            tree, with_metadata=True, include_links=True, include_tables=True, include_comments=False, include_images=True,
            deduplicate=False, date_extraction_params=dict(DATE_SEARCH))
    except Exception as exc:  # noqa: BLE001 - a parser's failure on hostile bytes is a Diagnostic
        return None, None, f"not read as a web page: {type(exc).__name__}: {exc}"
    if page is None or found is None or found.body is None:
        return None, None, "empty article: no article text found in the page"
    return page, found, None


def _sections(body, title: str | None, lead=None) -> tuple[list[Section], list[Reference]]:
    """The extracted body as sections: each heading opens one; a first heading that repeats the
    title is dropped (the page header shows the title). The lead photo's caption (`lead`: the
    caption and the paragraph it comes before) is put back before that paragraph; a credit
    line of it that trafilatura kept as a paragraph of its own is dropped."""
    sections: list[Section] = []
    heading, heading_line, blocks = None, 1, []
    line = 1
    caption, anchor = lead or (None, None)
    for element in body:
        line = element.sourceline or line
        text = _flat(element)
        if not text:
            continue
        credit = caption is not None and len(text) >= 8 and caption.text.endswith(text)
        if caption is not None and element.tag == "p" and (text == anchor or credit):
            blocks.append(Block(line=caption.line or line, text=caption.text, kind="caption"))
            caption = None
            if credit:
                continue
        if element.tag == "head":
            if not sections and not blocks and heading is None and title and fold(text) == fold(title):
                continue
            if heading is not None or blocks:
                sections.append(Section(heading, heading_line, tuple(blocks)))
            heading, heading_line, blocks = text, line, []
        elif element.tag == "list":
            items = [_flat(item) for item in element.iter("item")]
            blocks.append(Block(line=line, text="\n".join(i for i in items if i), kind="list"))
        elif element.tag == "quote":
            blocks.append(Block(line=line, text=_flat(element), kind="quote"))
        elif element.tag == "table":
            blocks.extend(Block(line=line, text=" | ".join(_flat(c) for c in row if _flat(c)))
                          for row in element.iter("row") if _flat(row))
        elif element.tag != "graphic":
            blocks.append(Block(line=line, text=text))
    sections.append(Section(heading, heading_line, tuple(blocks)))
    return sections, _links(body)


def _lead_caption(page, body) -> tuple[Block, str] | None:
    """The caption of the photo the story opens with, and the paragraph it comes before: a
    `<figure>` after the page's first `<h1>` and before one of the first two paragraphs that
    trafilatura kept. trafilatura leaves captions out; archives quote a story with its lead
    photo's caption first."""
    wanted = [text for text in (_flat(e) for e in body if e.tag == "p") if text][:LEAD_PARAGRAPHS]
    if not wanted:
        return None
    h1, figures, found = None, [], []
    for index, element in enumerate(page.iter("h1", "figure", "p")):
        if element.tag == "h1":
            h1 = index if h1 is None else h1
        elif h1 is None:
            continue
        elif element.tag == "figure":
            figures.append((index, element))
        elif _flat(element).startswith(wanted[len(found)][:60]):
            found.append(index)
            if len(found) == len(wanted):
                break
    previous = h1
    for paragraph, index in zip(wanted, found):
        for _, figure in reversed([(i, f) for i, f in figures if previous < i < index]):
            text = _caption_text(figure)
            if text:
                return Block(line=figure.sourceline or 0, text=text, kind="caption"), paragraph
        previous = index
    return None


def _caption_text(figure) -> str:
    """A figure's `<figcaption>`, else its text (an image's credit line), if short enough."""
    caption = next(iter(figure.iter("figcaption")), None)
    shown = (caption if caption is not None else figure).xpath(SHOWN_TEXT)
    text = " ".join("".join(shown).split())
    return text if len(text) <= MAX_CAPTION else ""


def _flat(element) -> str:
    """The element's text on one line. A line break inside it (trafilatura's `<lb/>`, the
    page's `<br>`) separates words: 'debate.<br>Second' is 'debate. Second'."""
    from lxml import etree

    pieces = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            pieces.append(" " if node.tag == "lb" else node.text or "")
        elif node is not element:
            pieces.append(node.tail or "")
    return " ".join("".join(pieces).split())


def _links(body) -> list[Reference]:
    """Each http(s) link of the article's text once, in order: candidates for `linked` references."""
    seen: dict[str, int] = {}
    for ref in body.iter("ref"):
        target = (ref.get("target") or "").strip()
        if target.lower().startswith(("http://", "https://")) and " " not in target:
            seen.setdefault(target, ref.sourceline or 0)
    return [Reference("linked", target, line) for target, line in seen.items()]


def _first_words(sections, path: str, inferred: set[str], problems: list[Diagnostic]) -> str:
    inferred.add("title")
    first = next(b for s in sections for b in s.blocks if b.text)
    title = shorten(first.text.splitlines()[0])
    problems.append(Diagnostic("warning", path, first.line, f"the page names no title; using the first sentence '{title}' (set 'title' in a sidecar .yml)"))
    return title
