"""`python -m generator topics suggest`: automatic names the curator may want in topics.yml."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..config import Config
from ..model import Article
from ..slugs import slugify
from .collect import collect
from .join import join_short_forms
from .extract import decide
from .publish import display_name, has_evidence
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class TopicCandidate:
    id: str
    name: str
    kind: str  # guessed from the evidence
    articles: int
    mentions: int
    example: str  # one keyword-in-context line
    published: bool  # already gets an automatic page


def suggest(articles: Sequence[Article], taxonomy: Taxonomy, config: Config, map_fn=map) -> list[TopicCandidate]:
    """Automatic names not in the taxonomy nor rejected, most widely named first."""
    collected = collect(articles, taxonomy, map_fn)
    join_short_forms(collected)
    candidates = []
    for stats in collected.auto.values():
        name = display_name(stats)
        candidates.append(TopicCandidate(slugify(name), name, decide(stats.scores), len(stats.articles),
                                    stats.mentions, stats.example, has_evidence(stats, config)))
    return sorted(candidates, key=lambda c: (-c.articles, -c.mentions, c.name.lower(), c.id))


def format_suggestions(candidates: Sequence[TopicCandidate]) -> str:
    """A table to read and a YAML stub to paste into topics.yml."""
    if not candidates:
        return "No new topic candidates: every name found is curated or rejected."
    lines = [f"{'articles':>8} {'mentions':>8}  {'kind':<12} name", ""]
    for c in candidates:
        mark = "" if c.published else "  (below threshold)"
        lines.append(f"{c.articles:>8} {c.mentions:>8}  {c.kind:<12} {c.name}{mark}")
        lines.append(f"{'':>19}  “{c.example}”")
    lines += ["", "# Paste into content/topics.yml (under topics:) and edit, or add to rejected:"]
    for c in candidates:
        lines.append(f"  - {{id: {c.id}, name: {_yaml(c.name)}, kind: {c.kind}, aliases: []}}")
    return "\n".join(lines)


def _yaml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
