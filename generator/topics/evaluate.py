"""How good the automatic topics are on real annotated text: `python -m generator.topics.evaluate`.

Each document is built alone, as a one-article archive with no topics.yml, and its topics are
what `find_topics` gives it: the measure is what a reader of that article would see, with no
help from the rest of an archive. Scoring is per document over distinct names:

- gold names: the annotated mentions, grouped by the annotators' entity id (ecbplus) or by
  spelling (CoNLL); a one-word mention that is the last or first word of a longer gold name of
  the same document and kind joins it ('Teixeira' with 'Mark Teixeira'). MISC (WikiGold) is
  neither a hit nor a miss.
- a topic matches a gold name when a name key of one of its spellings equals a key of one of the
  gold name's mentions; each gold name matches once, and a second topic for it (a duplicate)
  counts against precision. Only topics with a mention inside an annotated span are scored,
  and not one whose every such mention lies inside a gold mention that is not a name (ECB+
  'a bank in Athens': the annotators marked the bank, not the city).
- precision = matched topics / scored topics (a theme that matches nothing is not scored: themes
  are outside the gold); recall = matched gold names / gold names; kind = matched topics whose
  kind is right / matched topics (a facility is right as a place or an organisation).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..config import Config
from .corpora import Document, Gold, held_out, tuning
from .names import name_key

DEFAULT_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
SCORED_KINDS = ("person", "place", "organisation")


@dataclass(frozen=True)
class Predicted:
    """One topic of a document as the evaluation sees it."""

    name: str
    kind: str
    keys: frozenset[str]
    spans: tuple[tuple[int, int], ...]


@dataclass
class Score:
    matched: int = 0  # topics that match a gold name
    scored: int = 0  # topics scored
    found: int = 0  # gold names matched
    gold: int = 0
    right_kind: int = 0
    errors: list = field(default_factory=list)  # (document, what, name, kind)

    def add(self, other: "Score") -> None:
        self.matched += other.matched
        self.scored += other.scored
        self.found += other.found
        self.gold += other.gold
        self.right_kind += other.right_kind
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.matched / max(self.scored, 1)

    @property
    def recall(self) -> float:
        return self.found / max(self.gold, 1)

    @property
    def kind(self) -> float:
        return self.right_kind / max(self.matched, 1)

    def line(self, label: str) -> str:
        return (f"{label:<16} precision {self.precision:.3f}  recall {self.recall:.3f}  kind {self.kind:.3f}"
                f"   ({self.matched}/{self.scored} topics, {self.found}/{self.gold} names)")


def topics_of(document: Document, config: Config = Config()) -> list[Predicted]:
    """The document's automatic topics, as the build would publish them for it alone."""
    from .extract import extract_article
    from .publish import find_topics
    from .taxonomy import Taxonomy

    article = document.article
    topics, mentions = find_topics([article], Taxonomy(), config)
    finds = {f.key: f for f in extract_article(article)}
    predicted = []
    for mention in mentions.get(article.id, ()):
        topic = topics[mention.topic_id]
        keys = frozenset(name_key(form) for form in (topic.name, *topic.aliases))
        spans = tuple(span for key in keys if key in finds for span in finds[key].spans)
        predicted.append(Predicted(topic.name, topic.kind, keys, spans))
    return predicted


def gold_names(gold: Sequence[Gold], text: str) -> list[tuple[frozenset[str], str]]:
    """Distinct gold names of one document: (name keys of its mentions, kind)."""
    groups: dict[str, tuple[set[str], Counter]] = {}
    for mention in gold:
        keys, kinds = groups.setdefault(mention.entity, (set(), Counter()))
        key = name_key(text[mention.start:mention.end])
        if key:
            keys.add(key)
            kinds[mention.kind] += 1
    names = [(frozenset(keys), kinds.most_common(1)[0][0]) for keys, kinds in groups.values() if keys]
    return _join_short_forms(names)


def _join_short_forms(names: list[tuple[frozenset[str], str]]) -> list[tuple[frozenset[str], str]]:
    long_words: dict[tuple[str, str], list[int]] = {}
    for index, (keys, kind) in enumerate(names):
        for key in keys:
            words = key.split()
            if len(words) > 1:
                for word in {words[0], words[-1]}:
                    long_words.setdefault((word, kind), []).append(index)
    joined = [set(keys) for keys, _ in names]
    dropped = set()
    for index, (keys, kind) in enumerate(names):
        if all(" " not in key for key in keys):
            owners = {o for key in keys for o in long_words.get((key, kind), ()) if o != index}
            if len(owners) == 1:
                joined[owners.pop()].update(keys)
                dropped.add(index)
    return [(frozenset(joined[i]), kind) for i, (_, kind) in enumerate(names) if i not in dropped]


def score_document(document: Document, predicted: Iterable[Predicted]) -> Score:
    text = document.article.body_text
    names = gold_names(document.gold, text)
    scored_names = [(keys, kind) for keys, kind in names if kind != "misc"]
    misc_keys = set().union(*(keys for keys, kind in names if kind == "misc"))
    score = Score(gold=len(scored_names))
    open_names = list(scored_names)
    doc = document.article.id
    for topic in sorted(predicted, key=lambda p: min(p.spans, default=(0, 0))):
        if topic.spans and not any(s <= a and b <= e for a, b in topic.spans for s, e in document.scored):
            continue
        match = next((n for n in open_names if n[0] & topic.keys), None)
        if match is None:
            inside = [(a, b) for a, b in topic.spans if any(s <= a and b <= e for s, e in document.scored)]
            if all(any(s <= a and b <= e for s, e in document.unnamed) for a, b in inside):
                continue
            if topic.keys & misc_keys or (topic.kind not in SCORED_KINDS and not any(n[0] & topic.keys for n in scored_names)):
                continue
            score.scored += 1
            score.errors.append((doc, "extra", topic.name, topic.kind))
            continue
        open_names.remove(match)
        score.scored += 1
        score.matched += 1
        score.found += 1
        right = topic.kind == match[1] or (match[1] == "facility" and topic.kind in ("place", "organisation"))
        score.right_kind += right
        if not right:
            score.errors.append((doc, f"kind (gold {match[1]})", topic.name, topic.kind))
    for keys, kind in open_names:
        score.errors.append((doc, "missed", sorted(keys, key=len)[-1], kind))
    return score


def evaluate(documents: Sequence[Document], predict: Callable[[Document], list[Predicted]] = topics_of,
             map_fn=map) -> dict[str, Score]:
    """Scores by corpus part, plus 'all'."""
    scores: dict[str, Score] = {}
    for document, predicted in zip(documents, map_fn(predict, documents)):
        scores.setdefault(document.part, Score()).add(score_document(document, predicted))
    return scores


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.topics.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--set", choices=("held-out", "tuning"), default="held-out")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each part")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not (args.corpora / "ecbplus").is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    documents = (held_out if args.set == "held-out" else tuning)(args.corpora)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        scores = evaluate(documents, map_fn=lambda f, docs: pool.map(f, docs, chunksize=16))
    for part, score in scores.items():
        print(score.line(part))
        for error in sorted(score.errors, key=lambda e: (e[1], e[2]))[:args.errors]:
            print("    ", *error)
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        news = [d for d in documents if d.part.startswith("ecbplus")]
        print(cross_document(news, map_fn=lambda f, docs: pool.map(f, docs, chunksize=16)).line(news[0].part + " archive"))
    return 0



@dataclass
class CrossDocument:
    """Whether an entity named in several articles stays one topic, and a topic one entity."""

    recurring: int = 0  # gold entities matched in 2+ documents
    one_topic: int = 0  # ... whose documents all share one topic for it
    shared_topics: int = 0  # topics matched to gold in 2+ documents
    pure: int = 0  # ... that match a single gold entity everywhere

    def line(self, label: str) -> str:
        return (f"{label:<16} one topic per entity {self.one_topic}/{self.recurring}"
                f" ({self.one_topic / max(self.recurring, 1):.3f}), one entity per topic {self.pure}/{self.shared_topics}"
                f" ({self.pure / max(self.shared_topics, 1):.3f})")


def cross_document(documents: Sequence[Document], config: Config = Config(), map_fn=map) -> CrossDocument:
    """All documents as one archive; gold entities are the annotators' cross-document ids."""
    from .publish import find_topics
    from .taxonomy import Taxonomy

    topics, mentions = find_topics([d.article for d in documents], Taxonomy(), config, map_fn=map_fn)
    keys = {tid: {name_key(f) for f in (t.name, *t.aliases)} for tid, t in topics.items()}
    by_entity: dict[str, list[set[str]]] = {}  # gold entity -> per document, its topic ids
    by_topic: dict[str, set[str]] = {}  # topic id -> gold entities it matched
    for document in documents:
        text = document.article.body_text
        entity_keys: dict[str, set[str]] = {}
        for mention in document.gold:
            if not mention.entity.startswith("text:"):
                entity_keys.setdefault(mention.entity, set()).add(name_key(text[mention.start:mention.end]))
        ids = [m.topic_id for m in mentions.get(document.article.id, ())]
        for entity, names in entity_keys.items():
            matched = {tid for tid in ids if keys[tid] & names}
            if matched:
                by_entity.setdefault(entity, []).append(matched)
                for tid in matched:
                    by_topic.setdefault(tid, set()).add(entity)
    result = CrossDocument()
    for per_document in by_entity.values():
        if len(per_document) >= 2:
            result.recurring += 1
            result.one_topic += bool(set.intersection(*per_document))
    documents_of: dict[str, int] = {}
    for per_document in by_entity.values():
        for tid in set().union(*per_document):
            documents_of[tid] = documents_of.get(tid, 0) + sum(tid in m for m in per_document)
    for tid, entities in by_topic.items():
        if documents_of.get(tid, 0) >= 2:
            result.shared_topics += 1
            result.pure += len(entities) == 1
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
