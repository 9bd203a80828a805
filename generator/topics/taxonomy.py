"""`content/topics.yml`: the curated taxonomy, validated with a file:line for every problem.

Invalid entries are reported and left out, never half-used, so one bad entry does not hide the
problems of the others. The file is optional: without it every topic is automatic.

It comes from pull requests, so it is read as hostile: a symbolic link or anything but a plain
file is reported and never opened (a link could quote a file outside content/ into the
errors), and YAML that cannot be parsed, nests too deeply or has a list for a key is an error
with its line, never a traceback.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import yaml

from ..model import TOPIC_KINDS, Article, Diagnostic, Topic
from ..readers.metadata import LINE_BREAK, compose_yaml, line_of, unpublishable
from ..slugs import slugify
from .names import name_key

KNOWN_KEYS = {"id", "name", "kind", "aliases", "description"}
# topics/<kind>/ holds a kind's index and its per-letter listings (topics/<kind>/a-z/), beside
# the topic pages at topics/<id>/; 'a-z' stays reserved from when pages were under their kind.
RESERVED_IDS = frozenset({"a-z", *TOPIC_KINDS})


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    rejected: frozenset[str] = field(default_factory=frozenset)  # name keys and ids

    def by_key(self) -> dict[str, str]:
        """Every curated name and alias, as a name key, to its topic id."""
        return {name_key(form): t.id for t in self.topics for form in (t.name, *t.aliases)}

    def unknown_tags(self, articles: Sequence[Article]) -> list[Diagnostic]:
        """Metadata `topics` entries that name no curated topic (probably a typo): warnings."""
        ids, keys = {t.id for t in self.topics}, self.by_key()
        return [
            Diagnostic("warning", article.path, line, f"topic '{value}' is not in topics.yml: add it there or fix the spelling")
            for article in articles if article.topics
            for value, line in zip(article.topics, article.topic_lines or (0,) * len(article.topics))
            if value not in ids and name_key(value) not in keys
        ]

    def is_rejected(self, key: str, slug: str) -> bool:
        return key in self.rejected or slug in self.rejected


def load_taxonomy(path: Path, display_path: str) -> tuple[Taxonomy, list[Diagnostic]]:
    text, problem = _read(path, display_path)
    if problem is not None:
        return Taxonomy(), [problem]
    if text is None:
        return Taxonomy(), []
    try:
        root = compose_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = ", ".join(part for part in (error.context, error.problem) if part) or _first_line(error)
        return Taxonomy(), [Diagnostic("error", display_path, line, f"cannot read the taxonomy: {message}")]
    except RecursionError:
        message = "lists or mappings nested too deeply"
        return Taxonomy(), [Diagnostic("error", display_path, _too_deep_at(text), f"cannot read the taxonomy: {message}")]
    except yaml.YAMLError as error:  # e.g. a control character (ReaderError)
        line = line_of(text, getattr(error, "position", 0))
        return Taxonomy(), [Diagnostic("error", display_path, line, f"cannot read the taxonomy: {_first_line(error)}")]
    problems: list[Diagnostic] = []
    if root is None:
        return Taxonomy(), problems
    if not isinstance(root, yaml.MappingNode):
        return Taxonomy(), [Diagnostic("error", display_path, _line(root), "expected 'topics:' and 'rejected:' lists")]
    sections, lines = _mapping(root, display_path, problems)
    for unknown in sorted(set(sections) - {"topics", "rejected"}):
        problems.append(Diagnostic("warning", display_path, lines[unknown], f"unknown section '{unknown}' ignored"))
    topics = _topics(sections.get("topics"), display_path, problems)
    rejected = _rejected(sections.get("rejected"), display_path, problems)
    return Taxonomy(tuple(topics), rejected), problems


def _read(path: Path, where: str) -> tuple[str | None, Diagnostic | None]:
    """The file's text; (None, None) when there is no taxonomy. Never follows a symbolic link."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as error:
        return None, Diagnostic("error", where, 0, f"the taxonomy cannot be read: {error.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return None, Diagnostic("error", where, 0, "the taxonomy is a symbolic link and is not read: commit the file itself (no curated topics apply until then)")
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a plain file"
        return None, Diagnostic("error", where, 0, f"the taxonomy is {kind}: it must be a YAML file (no curated topics apply until then)")
    try:  # O_NOFOLLOW: a link put in its place since lstat is refused, not followed
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None, Diagnostic("error", where, 0, "the taxonomy is not a plain file: it must be a YAML file")
            data = file.read()
    except OSError as error:
        return None, Diagnostic("error", where, 0, f"the taxonomy cannot be read: {error.strerror}")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Diagnostic("error", where, line, "cannot read the taxonomy: not UTF-8 text")


def _too_deep_at(text: str) -> int:
    """The line the composer had reached when the nesting exhausted Python's recursion limit."""
    loader = yaml.SafeLoader(text)
    try:
        loader.get_single_node()
    except RecursionError:
        return loader.line + 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return 1


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _mapping(node: yaml.MappingNode, where: str, problems: list[Diagnostic]) -> tuple[dict, dict[str, int]]:
    """A mapping's values and key lines by key. A key that is a list or a mapping (`? [a]`), or
    one given twice, is an error on its line: only the first of a repeated key counts."""
    values: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            kind = "list" if isinstance(key, yaml.SequenceNode) else "mapping"
            problems.append(Diagnostic("error", where, _line(key), f"a key must be a plain word, not a {kind}"))
        elif key.value in values:
            problems.append(Diagnostic("error", where, _line(key), f"key '{key.value}' given twice (first at line {lines[key.value]})"))
        else:
            values[key.value], lines[key.value] = value, _line(key)
    return values, lines


def _line(node) -> int:
    return node.start_mark.line + 1


def _topics(node, where: str, problems: list[Diagnostic]) -> list[Topic]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Diagnostic("error", where, _line(node), "'topics' must be a list"))
        return []
    topics: list[Topic] = []
    ids: dict[str, int] = {}
    claimed: dict[str, tuple[str, int]] = {}
    for item in node.value:
        topic = _topic(item, where, problems)
        if topic is None:
            continue
        line = _line(item)
        if topic.id in ids:
            problems.append(Diagnostic("error", where, line, f"duplicate topic id '{topic.id}' (first at line {ids[topic.id]})"))
            continue
        if _claim(topic, line, claimed, where, problems):
            ids[topic.id] = line
            topics.append(topic)
    return topics


def _claim(topic: Topic, line: int, claimed: dict, where: str, problems: list[Diagnostic]) -> bool:
    """One surface form names one topic: 'Georgia' cannot be both a country and a state."""
    ok = True
    for form in dict.fromkeys((topic.name, *topic.aliases)):
        owner = claimed.get(name_key(form))
        if owner and owner[0] != topic.id:
            problems.append(Diagnostic("error", where, line, f"alias '{form}' of '{topic.id}' is already claimed by '{owner[0]}' (line {owner[1]})"))
            ok = False
    if ok:
        for form in (topic.name, *topic.aliases):
            claimed[name_key(form)] = (topic.id, line)
    return ok


def _topic(item, where: str, problems: list[Diagnostic]) -> Topic | None:
    line = _line(item)
    if not isinstance(item, yaml.MappingNode):
        problems.append(Diagnostic("error", where, line, "a topic must be a mapping with id, name, kind and aliases"))
        return None
    before = len(problems)
    values, _ = _mapping(item, where, problems)
    keys_wrong = len(problems) > before
    for unknown in sorted(set(values) - KNOWN_KEYS):
        problems.append(Diagnostic("warning", where, _line(values[unknown]), f"unknown key '{unknown}' ignored"))
    text = {k: str(v.value).strip() for k, v in values.items() if isinstance(v, yaml.ScalarNode) and v.value is not None}
    errors = _topic_errors(text, values, line)
    for at, message in errors:
        problems.append(Diagnostic("error", where, at, message))
    if errors or keys_wrong:
        return None
    aliases = tuple(dict.fromkeys(str(a.value).strip() for a in values["aliases"].value)) if "aliases" in values else ()
    description = " ".join(text.get("description", "").split())  # one paragraph on the page, however written
    return Topic(text["id"], text["name"], text["kind"], tuple(a for a in aliases if a), description or None, True)


def _topic_errors(text: dict, values: dict, line: int) -> list[tuple[int, str]]:
    at = lambda key: _line(values[key]) if key in values else line  # noqa: E731
    errors = []
    if not text.get("name"):
        errors.append((at("name"), "topic has an empty name"))
    topic_id = text.get("id", "")
    if not topic_id or slugify(topic_id) != topic_id:
        errors.append((at("id"), f"topic id '{topic_id}' must be a slug such as '{slugify(text.get('name') or topic_id or 'name')}'"))
    elif topic_id in RESERVED_IDS:
        errors.append((at("id"), f"topic id '{topic_id}' is reserved for listings"))
    if text.get("kind") not in TOPIC_KINDS:
        errors.append((at("kind"), f"unknown kind '{text.get('kind', '')}': expected one of {', '.join(TOPIC_KINDS)}"))
    aliases = values.get("aliases")
    if aliases is not None and not (isinstance(aliases, yaml.SequenceNode) and all(isinstance(a, yaml.ScalarNode) for a in aliases.value)):
        errors.append((at("aliases"), "aliases must be a list of names"))
    elif aliases is not None:
        errors += [(_line(a), f"alias {problem}") for a in aliases.value if (problem := _text_problem(str(a.value).strip()))]
    for key in ("name", "description"):
        problem = _text_problem(text.get(key, ""), one_line=key == "name")
        if problem is not None:
            errors.append((at(key), f"topic {key} {problem}"))
    return errors


def _text_problem(text: str, one_line: bool = True) -> str | None:
    """A name or alias is one line (a line break in it would start a heading or a list on every
    page naming the topic); no text may hold a character no page can carry."""
    if one_line and LINE_BREAK.search(text):
        return "must be a single line of text"
    return unpublishable(text)


def _rejected(node, where: str, problems: list[Diagnostic]) -> frozenset[str]:
    if node is None:
        return frozenset()
    if not isinstance(node, yaml.SequenceNode) or not all(isinstance(v, yaml.ScalarNode) for v in node.value):
        problems.append(Diagnostic("error", where, _line(node), "'rejected' must be a list of names or ids"))
        return frozenset()
    values = [str(v.value).strip() for v in node.value if str(v.value).strip()]
    return frozenset(name_key(v) for v in values) | frozenset(values)
