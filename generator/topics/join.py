"""One topic per entity across the archive: a short form named alone joins its full name.

Inside one article the extractor already joins 'Zaluzhnyi' and 'Gen. Zaluzhnyi' to 'Valery
Zaluzhnyi'. An article that only ever writes 'Zaluzhnyi' is joined here, across the archive, to
the one full name that ends with it, but only with evidence that it is the same person: the
article shares another topic with an article of the full name (the same war, club, company).
Two people with one surname ('Vincent Jackson', 'Michael Jackson') make a bare 'Jackson'
ambiguous, and it stays apart; two full names never merge. An acronym joins the one
organisation or place whose initials it spells ('EU', 'European Union') in the same way.

Kinds are settled afterwards by the summed evidence of every article (`decide`), so the weight of
evidence, not the first or the last article, gives a joined topic its kind.
"""
from __future__ import annotations

from .collect import AutoStats, Collected, Hit
from .extract import decide
from .gazetteer import place_kind

_SKIP_INITIALS = frozenset({"of", "the", "and", "for"})


def join_short_forms(collected: Collected) -> None:
    """Merge each joinable short form's stats and hits into its full name, in place."""
    auto = collected.auto
    kinds = {key: decide(stats.scores) for key, stats in auto.items()}
    by_surname: dict[str, list[str]] = {}
    by_initials: dict[str, list[str]] = {}
    for key, kind in kinds.items():
        words = key.split()
        if len(words) < 2:
            continue
        if kind != "theme":
            by_surname.setdefault(words[-1], []).append(key)  # 'Ross', 'Angels', 'Nationals'
        if kind in ("organisation", "place"):
            by_initials.setdefault("".join(w[0] for w in words if w not in _SKIP_INITIALS), []).append(key)
    for key in sorted(k for k in auto if " " in k):
        rest = key.split(" ", 1)[1] if key.count(" ") >= 2 else ""
        if auto[key].opening_only and rest in auto and kinds[rest] != "theme":
            _merge(collected, auto.pop(key), auto[rest])  # 'Moviemaker Gary Ross' opening a sentence
    for key in sorted(k for k in auto if " " not in k):
        if kinds[key] == "theme" or (kinds[key] == "place" and _known_place(auto[key])):
            continue  # 'Boston' is not 'Boston Red Sox'
        targets = _shortest([t for t in by_surname.get(key, []) if t in auto])
        if len(targets) > 1:
            targets = [t for t in targets if not auto[t].opening_only]
        targets = targets or [t for t in by_initials.get(key, []) if t in auto]
        if len(targets) == 1 and _share_a_topic(collected, auto[key], auto[targets[0]]):
            _merge(collected, auto.pop(key), auto[targets[0]])


def _known_place(stats: AutoStats) -> bool:
    """What the workers found in the gazetteer: this process need not load it again."""
    return stats.place if stats.place is not None else bool(place_kind(stats.key))


def _shortest(keys: list[str]) -> list[str]:
    """Drop full names that only add words before another ('president elect barack obama')."""
    return [k for k in keys if not any(o != k and k.endswith(" " + o) for o in keys)]


def _share_a_topic(collected: Collected, short: AutoStats, full: AutoStats) -> bool:
    own = {"auto:" + short.key, "auto:" + full.key}
    around_full = {ref for article in full.articles for ref in collected.hits[article]} - own
    return any(ref in around_full for article in short.articles for ref in collected.hits[article])


def _merge(collected: Collected, short: AutoStats, full: AutoStats) -> None:
    source, target = "auto:" + short.key, "auto:" + full.key
    for spelling, count in short.names.items():
        full.names[spelling] = full.names.get(spelling, 0) + count
    for kind, weight in short.scores.items():
        full.scores[kind] = full.scores.get(kind, 0) + weight
    full.surfaces.update(short.surfaces)
    seen = set(full.articles)
    full.articles.extend(a for a in short.articles if a not in seen)
    full.mentions += short.mentions
    full.opening_only = full.opening_only and short.opening_only
    full.confident = full.confident or short.confident
    for article in short.articles:
        hits = collected.hits[article]
        if target in hits:
            old = hits[target]
            hits[target] = Hit(old[0], old[1], old[2] + hits.pop(source)[2])  # either may be plain
        else:
            collected.hits[article] = {target if ref == source else ref: hit for ref, hit in hits.items()}
