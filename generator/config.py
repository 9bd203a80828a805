"""The archive's settings, read once from the `extra: archive:` section of mkdocs.yml.

Keeping them in mkdocs.yml means one file configures both the generator and the site, and a
move to another MkDocs-compatible builder keeps working (unknown `extra` keys are ignored).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from .errors import UserError


class ConfigError(UserError):
    """mkdocs.yml cannot be read, or its `extra.archive` settings are not valid."""


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml may carry `!!python/name:` or `!ENV` tags; the generator needs none of them."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Config:
    per_page: int = 50  # entries on one listing page
    home_latest: int = 20  # articles on the home page
    related_count: int = 5  # related articles on an article page
    topic_min_articles: int = 2  # an automatic topic needs this many articles ...
    topic_min_mentions: int = 3  # ... or this many mentions in all, to get a page
    fuzzy_threshold: float = 90.0  # rapidfuzz score a fuzzy title match must reach
    fuzzy_margin: float = 4.0  # and its lead over the runner-up
    workers: int = 0  # processes for reading and extraction; 0 = one per core
    search_shard_articles: int = 6000  # articles per search bundle (see generator/search.py)
    site_name: str = "News archive"
    site_url: str | None = None  # mkdocs.yml's site_url: absolute canonical, feed and JSON-LD addresses


def read_mkdocs(path: Path) -> tuple[Config, bytes]:
    """The settings, and the file's bytes (which decide whether the staged site can be reused,
    incremental.SiteState): mkdocs.yml is read once."""
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=_IgnoreTagsLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the site configuration: {_one_line(exc)}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the site configuration is not a mapping")
    archive = ((data.get("extra") or {}).get("archive")) or {}
    known = {f.name: f.type for f in fields(Config)}
    unknown = sorted(set(archive) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown keys under extra.archive: {', '.join(unknown)}")
    values = {k: v for k, v in archive.items() if k in known}
    for key, value in values.items():
        if type(value).__name__ not in known[key].split(" | ") and not (known[key] == "float" and type(value) is int):
            raise ConfigError(f"{path}: extra.archive.{key} must be a {known[key]}, not {value!r}")
    if data.get("site_name"):
        values["site_name"] = str(data["site_name"])
    if data.get("site_url"):
        values["site_url"] = str(data["site_url"])
    return Config(**values), raw


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
