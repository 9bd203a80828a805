"""A Python-Markdown extension that keeps untrusted article text from becoming live HTML.

Articles arrive by pull request. The generator escapes raw text itself, but Markdown articles
are passed through as Markdown, and Markdown allows raw HTML, `javascript:` links and (with
attr_list) arbitrary attributes. This extension, listed in mkdocs.yml, closes all three on
every page: raw HTML is shown as text (the parsers that would pass it through are removed), and
the rendered HTML goes through nh3 (the Ammonia sanitiser) with an allow-list that keeps what
Markdown and the theme produce and nothing that can run.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "figure", "figcaption", "details", "summary", "time",
}
COMMON = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": COMMON,
    "a": COMMON | {"href", "hreflang"},
    "img": COMMON | {"src", "alt", "width", "height", "loading"},
    "td": COMMON | {"colspan", "rowspan", "align"},
    "th": COMMON | {"colspan", "rowspan", "align", "scope"},
    "ol": COMMON | {"start"},
    "time": COMMON | {"datetime"},
}
SCHEMES = {"http", "https", "mailto"}




def _attribute(element: str, attribute: str, value: str) -> str | None:
    """No id of the theme's: Material names its own elements `__config`, `__search`,
    `__drawer`..., and reads its configuration from the first `#__config` in the page, which
    would be an article's block (`{ #__config }`, or a heading '__config') before the theme's
    script. Ids that begin with '_' are dropped; every other attribute is kept as allowed."""
    return None if attribute == "id" and value.startswith("_") else value


# Built once: `nh3.clean` converts the allow-lists for every call, which cost more than the
# cleaning itself for the short strings the toc extension passes through every postprocessor
# (each heading's text), several times per page.
_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
                       strip_comments=True, attribute_filter=_attribute)


def sanitise(html: str) -> str:
    """Keep structure and text; drop scripts, event handlers, styles and unsafe URL schemes."""
    return _CLEANER.clean(html)


class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class _ImagesAsLinks(Treeprocessor):
    """Every image becomes a link to it, 'Image: <alt>' (its text alone inside another link):
    the archive keeps no images, and one loaded from another site would tell that site who
    reads the page. The reader rewrites `![alt](url)` itself, with a warning; this catches
    every other way Markdown makes an image (`![alt][ref]`, `![alt]`, one inside a link)."""

    def run(self, root: etree.Element) -> None:
        images = list(root.iter("img"))
        if not images:  # nearly every page: no map of the tree to make
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in images:
            parent, label = parents[image], f"Image: {(image.get('alt') or '').strip() or 'untitled'}"
            in_link = any(ancestor.tag == "a" for ancestor in _ancestors(image, parents))
            replacement = etree.Element("span" if in_link or not image.get("src") else "a")
            if replacement.tag == "a":
                replacement.set("href", image.get("src"))
            replacement.text, replacement.tail = label, image.tail
            parent[list(parent).index(image)] = replacement


def _ancestors(element: etree.Element, parents: dict) -> list[etree.Element]:
    found = []
    while element in parents:
        element = parents[element]
        found.append(element)
    return found


class SafeMarkdownExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's API name)
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in ("html",):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        # After the inline patterns (20), which make the images; before MkDocs checks links (0).
        md.treeprocessors.register(_ImagesAsLinks(md), "archive_images_as_links", 15)
        # Lowest priority: runs after every other postprocessor has restored stashed HTML.
        md.postprocessors.register(_Sanitise(md), "archive_sanitise", 0)


def makeExtension(**kwargs) -> SafeMarkdownExtension:  # noqa: N802 (Python-Markdown's entry point)
    return SafeMarkdownExtension(**kwargs)
