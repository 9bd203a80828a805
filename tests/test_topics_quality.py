"""Extraction quality against hand annotations: the seed plus invented articles (test data).

Automatic extraction only (no curated taxonomy), so the figures measure the extractor itself.
An extracted entity matches an annotation when their kinds agree and a name key of one (its
name or an alias/surface) equals a name key of the other; each annotation matches once.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from generator.readers.base import SourceFile
from generator.readers.text import read_text
from generator.topics import extract_article
from generator.topics.names import name_key

TOPIC_FIXTURES = FIXTURES / "topics"
KINDS = ("person", "place", "organisation")
SEED_PEOPLE = ["Vyacheslav Gladkov", "Volodymyr Zelensky", "Valery Zaluzhnyi", "Vladimir Putin",
               "Yoko Kamikawa", "Antony Blinken", "Dmytro Kuleba"]


def read_fixture(path: Path):
    article, _ = read_text(SourceFile(path.name, path.read_bytes(), None, None))
    return article


def annotations(path: Path) -> list[dict]:
    data = yaml.safe_load(path.with_suffix(".entities.yml").read_text(encoding="utf-8"))
    return [e for e in data["entities"] if e["kind"] in KINDS]


def keys_of_annotation(entity: dict) -> set[str]:
    return {name_key(entity["name"]), *(name_key(a) for a in entity.get("aliases") or ())}


def evaluate(path: Path) -> dict[str, list[int]]:
    """Per kind: [true positives, extracted, annotated, annotations found]."""
    gold = annotations(path)
    found = [f for f in extract_article(read_fixture(path)) if f.kind in KINDS]
    tally = {kind: [0, 0, 0, 0] for kind in KINDS}
    unmatched = list(gold)
    for entity in gold:
        tally[entity["kind"]][2] += 1
    for f in found:
        tally[f.kind][1] += 1
        keys = {f.key, *(name_key(s) for s in f.surfaces)}
        match = next((g for g in unmatched if g["kind"] == f.kind and keys & keys_of_annotation(g)), None)
        if match is not None:
            unmatched.remove(match)
            tally[f.kind][0] += 1
            tally[f.kind][3] += 1
        else:
            print(f"  {path.stem}: extra {f.kind} {f.name!r}")
    for g in unmatched:
        print(f"  {path.stem}: missed {g['kind']} {g['name']!r}")
    return tally


@pytest.fixture(scope="module")
def figures() -> dict[str, list[int]]:
    totals = {kind: [0, 0, 0, 0] for kind in KINDS}
    for path in sorted(TOPIC_FIXTURES.glob("*.txt")):
        for kind, counts in evaluate(path).items():
            totals[kind] = [a + b for a, b in zip(totals[kind], counts)]
    return totals


def ratios(counts: list[int]) -> tuple[float, float]:
    tp, extracted, annotated, found = counts
    return tp / max(extracted, 1), found / max(annotated, 1)


def test_there_are_enough_annotated_articles():
    assert len(list(TOPIC_FIXTURES.glob("*.entities.yml"))) >= 11


def test_precision_and_recall_over_people_places_organisations(figures):
    for kind in KINDS:
        precision, recall = ratios(figures[kind])
        print(f"{kind:<13} precision {precision:.3f}  recall {recall:.3f}  ({figures[kind]})")
    overall = [sum(figures[k][i] for k in KINDS) for i in range(4)]
    precision, recall = ratios(overall)
    print(f"{'all':<13} precision {precision:.3f}  recall {recall:.3f}")
    assert precision >= 0.85 and recall >= 0.85


def test_every_person_of_the_seed_is_one_person_topic():
    found = extract_article(read_fixture(TOPIC_FIXTURES / "seed.txt"))
    for person in SEED_PEOPLE:
        surname = name_key(person.split()[-1])
        holders = [f for f in found if name_key(person) in {name_key(s) for s in f.surfaces}]
        assert len(holders) == 1 and holders[0].kind == "person", person
        assert not [f for f in found if f.key == surname], f"{person}: surname left as its own topic"
