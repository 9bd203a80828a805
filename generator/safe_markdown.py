"""A Python-Markdown extension that keeps untrusted article text from becoming live HTML.

Articles arrive by pull request. The generator escapes raw text itself, but Markdown articles
are passed through as Markdown, and Markdown allows raw HTML, `javascript:` links and (with
attr_list) arbitrary attributes. This extension, listed in mkdocs.yml, closes all three on
every page: raw HTML is shown as text (the parsers that would pass it through are removed), and
the rendered HTML goes through nh3 (the Ammonia sanitiser) with an allow-list that keeps what
Markdown and the theme produce and nothing that can run.
"""
from __future__ import annotations

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor

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


class SafeMarkdownExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's API name)
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in ("html",):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        # Lowest priority: runs after every other postprocessor has restored stashed HTML.
        md.postprocessors.register(_Sanitise(md), "archive_sanitise", 0)


def makeExtension(**kwargs) -> SafeMarkdownExtension:  # noqa: N802 (Python-Markdown's entry point)
    return SafeMarkdownExtension(**kwargs)
