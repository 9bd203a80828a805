"""`content/topics.yml`: the curated taxonomy, validated with a file:line for every problem.

Invalid entries are reported and left out, never half-used, so one bad entry does not hide the
problems of the others. The file is optional: without it every topic is automatic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import yaml

from ..model import TOPIC_KINDS, Article, Diagnostic, Topic
from ..slugs import slugify
from .names import name_key

KNOWN_KEYS = {"id", "name", "kind", "aliases", "description"}
RESERVED_IDS = frozenset({"a-z"})  # topics/<kind>/a-z/ holds the per-letter listings


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
    if not path.is_file():
        return Taxonomy(), []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        return Taxonomy(), [Diagnostic("error", display_path, line, f"cannot read the taxonomy: {error}")]
    problems: list[Diagnostic] = []
    if root is None:
        return Taxonomy(), problems
    if not isinstance(root, yaml.MappingNode):
        return Taxonomy(), [Diagnostic("error", display_path, _line(root), "expected 'topics:' and 'rejected:' lists")]
    sections = {k.value: v for k, v in root.value}
    for unknown in sorted(set(sections) - {"topics", "rejected"}):
        problems.append(Diagnostic("warning", display_path, _line(root), f"unknown section '{unknown}' ignored"))
    topics = _topics(sections.get("topics"), display_path, problems)
    rejected = _rejected(sections.get("rejected"), display_path, problems)
    return Taxonomy(tuple(topics), rejected), problems


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
    values = {k.value: v for k, v in item.value}
    for unknown in sorted(set(values) - KNOWN_KEYS):
        problems.append(Diagnostic("warning", where, _line(values[unknown]), f"unknown key '{unknown}' ignored"))
    text = {k: str(v.value).strip() for k, v in values.items() if isinstance(v, yaml.ScalarNode) and v.value is not None}
    errors = _topic_errors(text, values, line)
    for at, message in errors:
        problems.append(Diagnostic("error", where, at, message))
    if errors:
        return None
    aliases = tuple(dict.fromkeys(str(a.value).strip() for a in values["aliases"].value)) if "aliases" in values else ()
    return Topic(text["id"], text["name"], text["kind"], tuple(a for a in aliases if a), text.get("description") or None, True)


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
    return errors


def _rejected(node, where: str, problems: list[Diagnostic]) -> frozenset[str]:
    if node is None:
        return frozenset()
    if not isinstance(node, yaml.SequenceNode) or not all(isinstance(v, yaml.ScalarNode) for v in node.value):
        problems.append(Diagnostic("error", where, _line(node), "'rejected' must be a list of names or ids"))
        return frozenset()
    values = [str(v.value).strip() for v in node.value if str(v.value).strip()]
    return frozenset(name_key(v) for v in values) | frozenset(values)
