"""Metadata shared by both formats: YAML front matter and `.yml` sidecars, validated per key.

Every problem comes back as a Diagnostic with the line of the offending key, so a contributor
sees `content/x.yml:4: error: unparseable date '7 Nov'` rather than a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from ..model import Diagnostic

class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text for `_clean_date` to check.

    PyYAML's own timestamp constructor builds the date while loading, so `date: 2021-13-45`
    would escape as a ValueError before validation could name the file and line.
    """


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsed by libyaml where PyYAML was built with it: composing the nodes in
    Python was most of reading an archive's sidecars (a full build reads every one).

    libyaml composes nested collections by recursing on the C stack, which a deep enough
    nesting overflows: the process dies instead of raising. Only texts of at most
    `FAST_UP_TO` characters go to it (a nesting level takes a character at least, and
    libyaml composed 20,000 levels on a thread's default stack here); longer ones, in
    practice never a sidecar or front matter, take the Python composer, which stops at
    Python's recursion limit with an error the reader reports. So does a text libyaml
    refuses, for the Python composer's message and line: it says what it found instead
    ("but got '<stream end>'"), and at the end of the text it names the last line, not the
    one after it."""


FAST_UP_TO = 4096
# What ends a line for YAML (both composers) and what only for YAML: NEL and U+2028/U+2029
# are line breaks to YAML, not to an editor, so YAML's line numbers are counted again.
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
# What `str.splitlines` ends a line at besides \n and \r (and an editor does not).
SPLITLINES_ONLY = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A one-line value holds none of the characters `str.splitlines` ends a line at (Markdown,
# the pages and the feeds all take a line break in a title for the start of something else).
LINE_BREAK = re.compile(f"[\n\r{SPLITLINES_ONLY}]")
# Characters no page can carry: control characters but tab and the line ends (XML, so the feeds,
# forbids them; a NUL cuts a C string short) and lone surrogates, which have no UTF-8 form (YAML
# makes one of a "\ud800" escape, and writing the page then fails).
UNPUBLISHABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def unpublishable(text: str) -> str | None:
    """A message naming the first character of `text` no page can carry, or None."""
    found = UNPUBLISHABLE.search(text)
    return None if found is None else f"holds a character no page can show (U+{ord(found.group()):04X}): remove it"


def line_of(text: str, index: int) -> int:
    """The line (as `split_lines` numbers them: an editor's \\n, \\r\\n and \\r) that the
    character at `index` stands on."""
    before = text[:index]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

KNOWN_KEYS = {
    "id", "title", "date", "source", "source_url", "url", "language", "topics", "see_also",
    "summary", "author",
}


@dataclass
class Metadata:
    """Validated metadata with the line each key stood on (for later diagnostics)."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # per list item
    paths: dict[str, str] = field(default_factory=dict)  # which file gave the key

    def merged_over(self, base: "Metadata") -> "Metadata":
        """This metadata wins key by key (a sidecar overrides what the text implies)."""
        return Metadata(
            {**base.values, **self.values},
            {**base.lines, **self.lines},
            {**base.item_lines, **self.item_lines},
            {**base.paths, **self.paths},
        )


def parse_yaml_mapping(text: str, path: str, first_line: int) -> tuple[Metadata, list[Diagnostic]]:
    """Parse YAML that must be a mapping; `first_line` is the file line of the YAML's line 1."""
    line_at = _file_lines(text, first_line)
    try:
        node = compose_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_at(mark.line if mark else 0)
        return Metadata(), [Diagnostic("error", path, line, f"malformed YAML: {exc.problem or exc}")]
    except (yaml.YAMLError, RecursionError) as exc:  # e.g. a control character (ReaderError)
        line = first_line - 1 + line_of(text, getattr(exc, "position", 0))
        return Metadata(), [Diagnostic("error", path, line, f"unreadable YAML: {_first_line(exc)}")]
    if node is None:
        return Metadata(), []
    if not isinstance(node, yaml.MappingNode):
        return Metadata(), [Diagnostic("error", path, first_line, "metadata must be a YAML mapping of keys to values")]
    return _validate(node, path, line_at)


def _file_lines(text: str, first_line: int):
    """The file line of a line as YAML numbers them (0-based, from `first_line`): YAML also
    counts NEL and U+2028/U+2029 as line ends, an editor only `\\n`, `\\r\\n` and `\\r`."""
    if not any(c in text for c in YAML_ONLY_BREAKS):
        return lambda yaml_line: first_line + yaml_line
    real, count = [0], 0
    for match in YAML_BREAK.finditer(text):
        count += match.group() not in YAML_ONLY_BREAKS
        real.append(count)
    return lambda yaml_line: first_line + real[min(yaml_line, len(real) - 1)]


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML's node tree, with line marks: libyaml for short texts, PyYAML's own composer
    (which stops at the recursion limit instead of overflowing the C stack, and diagnoses
    better) for long ones and whatever libyaml refuses. Shared with topics.yml."""
    if len(text) <= FAST_UP_TO:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except (yaml.YAMLError, UnicodeError):  # UnicodeError: libyaml reads UTF-8 (no lone surrogates)
            pass  # composed again below, for the Python composer's diagnosis
    return yaml.compose(text, Loader=_Loader)


def _validate(node: yaml.MappingNode, path: str, line_at) -> tuple[Metadata, list[Diagnostic]]:
    meta, problems = Metadata(), []
    loader = _Loader("")
    for key_node, value_node in node.value:
        line = line_at(key_node.start_mark.line)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Diagnostic("error", path, line, "a metadata key must be a plain word, not a list or mapping"))
            continue
        key = str(key_node.value)
        if key not in KNOWN_KEYS:
            problems.append(Diagnostic("warning", path, line, f"unknown metadata key '{key}' ignored (known: {', '.join(sorted(KNOWN_KEYS))})"))
            continue
        if key in meta.values:
            problems.append(Diagnostic("error", path, line, f"metadata key '{key}' given twice"))
            continue
        try:
            value = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            problems.append(Diagnostic("error", path, line, f"malformed value for '{key}': {_first_line(exc)}"))
            continue
        clean, message = _clean(key, value)
        if message:
            item = _multi_line_item(value) if key in ("topics", "see_also") else None
            if item is not None and isinstance(value_node, yaml.SequenceNode):
                line = line_at(value_node.value[item].start_mark.line)  # the entry's own line
            problems.append(Diagnostic("error", path, line, message))
            continue
        if key == "date" and isinstance(clean, int):
            key = "year"  # only the year is known: the text may still give the day (a dateline)
        meta.values[key] = clean
        meta.lines[key] = line
        meta.paths[key] = path
        if isinstance(value_node, yaml.SequenceNode):
            meta.item_lines[key] = [line_at(item.start_mark.line) for item in value_node.value]
    return meta, problems


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _clean(key: str, value: Any) -> tuple[Any, str | None]:
    """A key's value, checked: every text value is one line (a line break in a title, a source
    or a `see_also` entry would start a heading, a list or a code block in every page that
    shows it), an error like any other value of the wrong shape."""
    if value is None:
        return None, None
    if key == "date":
        return _clean_date(value)
    if key in ("topics", "see_also"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, (str, int)) and str(i).strip() for i in items):
            return None, f"'{key}' must be a list of non-empty strings"
        item = _multi_line_item(items)
        if item is not None:
            return None, (f"'{key}' must be a list of non-empty strings, each a single line of text "
                          f"(entry {item + 1} holds a line break: '{shorten_value(str(items[item]).strip())}')")
        problem = next((p for p in (unpublishable(str(i)) for i in items) if p), None)
        if problem is not None:
            return None, f"'{key}' {problem}"
        return [str(i).strip() for i in items], None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None, f"'{key}' must be a single line of text"
    text = str(value).strip()
    if not text:
        return None, f"'{key}' is empty"
    if LINE_BREAK.search(text):
        return None, f"'{key}' must be a single line of text (it holds a line break: '{shorten_value(text)}')"
    problem = unpublishable(text)
    if problem is not None:
        return None, f"'{key}' {problem}"
    return text, None


def _multi_line_item(items) -> int | None:
    """The index of the first entry of a list that holds a line break (inside, not around it)."""
    if not isinstance(items, list):
        return None
    return next((i for i, item in enumerate(items) if isinstance(item, str) and LINE_BREAK.search(item.strip())), None)


def _clean_date(value: Any) -> tuple[date | int | None, str | None]:
    """A date, or a bare year (`date: 1987`) when that is all an archive knows."""
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None, "'date' must be a date written as YYYY-MM-DD"
    text = str(value).strip()
    if re.fullmatch(r"(1[5-9]|20)\d\d", text):
        return int(text), None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date(), None
    except (ValueError, OverflowError):
        return None, f"unparseable date '{shorten_value(text)}': write it as a real date, YYYY-MM-DD"


def shorten_value(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: one line, not a page of it."""
    line = text.splitlines()[0] if text.splitlines() else ""
    return line if len(line) <= limit and len(text.splitlines()) <= 1 else line[:limit] + "…"
