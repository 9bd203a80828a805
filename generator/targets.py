"""See-also targets: what references point to, with the articles that point there.

A target is an archived article (whatever wording pointed to it) or, when nothing resolved,
the normalised wording itself: the see-also index lists them A–Z and the "wanted" list ranks
the missing ones by demand (pages/seealso.py).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Archive, Article
from .references import normalise_title

OTHER = "other"  # the letter of targets that do not start with a Latin letter


@dataclass(frozen=True)
class Target:
    """One thing references point to, with the articles that point to it (newest first)."""

    label: str
    sort_key: tuple
    article: Article | None  # None: wanted, not in the archive yet
    referrers: tuple[Article, ...]
    candidates: tuple[Article, ...] = ()  # near misses named in warnings, when unresolved

    @property
    def letter(self) -> str:
        first = self.sort_key[0][:1]
        return first if "a" <= first <= "z" else OTHER


def collect_targets(archive: Archive) -> tuple[Target, ...]:
    """All reference targets in A–Z order; references that resolved to one article are one target."""
    wordings: dict[tuple, Counter] = defaultdict(Counter)
    referrers: dict[tuple, dict[str, Article]] = defaultdict(dict)
    candidates: dict[tuple, dict[str, None]] = defaultdict(dict)  # ordered set
    for article in archive.articles:  # newest first, so referrers come out newest first
        for reference, resolution in zip(article.references, archive.resolutions.get(article.id, ())):
            resolved = resolution.target_id if resolution.target_id in archive.by_id else None
            key = ("id", resolved) if resolved else ("wanted", normalise_title(reference.target) or reference.target)
            wordings[key][reference.target] += 1
            referrers[key].setdefault(article.id, article)
            if not resolved:
                candidates[key].update(dict.fromkeys(i for i in resolution.candidates if i in archive.by_id))
    targets = [_target(archive, key, wordings[key], tuple(referrers[key].values()), candidates[key])
               for key in wordings]
    return tuple(sorted(targets, key=lambda t: t.sort_key))


def _target(archive: Archive, key: tuple, wordings: Counter, referrers: tuple[Article, ...],
            candidates: dict[str, None]) -> Target:
    article = archive.by_id[key[1]] if key[0] == "id" else None
    label = article.title if article else min(wordings, key=lambda w: (-wordings[w], w))
    near = tuple(archive.by_id[i] for i in candidates)
    # Filed and sorted by the folded title, so 'Éclair' and '“Eclair”' both sit under E.
    return Target(label, (normalise_title(label), label, key), article, referrers, near)
