"""Timing check for the topic stage (not a test): `python -m generator.topics.bench [articles] [topics] [workers]`.

Builds a synthetic archive by recombining the annotated fixture articles (with numbered names so
the automatic topics keep growing) and a synthetic taxonomy, then times `find_topics` with a
process pool, as the pipeline runs it, and prints the seconds and the published topic count.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..config import Config
from ..model import Topic
from ..readers.base import SourceFile
from ..readers.text import read_text
from .publish import find_topics
from .taxonomy import Taxonomy

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "topics"


def synthetic_archive(count: int):
    bases = [read_text(SourceFile(p.name, p.read_bytes()))[0] for p in sorted(FIXTURES.glob("*.txt"))]
    articles = []
    for n in range(count):
        base = bases[n % len(bases)]
        extra = f"Analyst Jordan Person{n % 3000} of the Example Group{n % 700} said the talks in Ukraine would go on."
        sections = base.sections[:-1] + (replace(base.sections[-1], blocks=base.sections[-1].blocks + (replace(base.sections[-1].blocks[0], text=extra),)),)
        articles.append(replace(base, id=f"a{n:05d}", sections=sections))
    return articles


def synthetic_taxonomy(count: int) -> Taxonomy:
    topics = [Topic(f"topic-{n}", f"Curated Name{n}", "theme", (f"CN{n}", f"curated alias {n}"), None, True) for n in range(count - 2)]
    topics += [Topic("ukraine", "Ukraine", "place", ()), Topic("volodymyr-zelensky", "Volodymyr Zelensky", "person", ("Zelensky",))]
    return Taxonomy(tuple(topics))


def main(argv: list[str]) -> None:
    articles, topics, workers = (int(a) for a in (argv + ["10000", "5000", "2"][len(argv):])[:3])
    archive, taxonomy = synthetic_archive(articles), synthetic_taxonomy(topics)
    chars = sum(len(a.body_text) for a in archive)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        map_fn = partial(_pool_map, pool, max(1, articles // (workers * 8)))
        published, mentions = find_topics(archive, taxonomy, Config(), map_fn=map_fn)
    elapsed = time.perf_counter() - start
    print(f"{articles} articles ({chars / 1e6:.1f} M characters), {topics} curated topics, {workers} workers: "
          f"{elapsed:.1f} s, {len(published)} topics published, {sum(map(len, mentions.values()))} mentions")


def _pool_map(pool, chunksize, function, iterable):
    return list(pool.map(function, iterable, chunksize=chunksize))


if __name__ == "__main__":
    main(sys.argv[1:])
