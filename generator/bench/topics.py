"""The topic stage alone, timed: `python -m generator.bench.topics [articles] [workers]`.

Writes the benchmark's synthetic archive (the same invented articles as `generator.bench`) to a
temporary folder, reads it, then times `find_topics` with a process pool as the pipeline runs it
(no memo: every article is extracted) with the repository's topics.yml. Prints the seconds,
words per second, topics per article and how many topics are named by two articles or more.
"""
from __future__ import annotations

import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from ..config import Config
from ..readers import read_archive
from ..topics import find_topics, load_taxonomy
from .synthetic import write_archive

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> None:
    articles, workers = (int(a) for a in (argv + ["1000", "2"][len(argv):])[:2])
    taxonomy, _ = load_taxonomy(REPO / "content" / "topics.yml", "content/topics.yml")
    with tempfile.TemporaryDirectory() as folder:
        write_archive(Path(folder), articles)
        archive, _ = read_archive(Path(folder))
    words = sum(len(a.body_text.split()) for a in archive)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        map_fn = partial(_pool_map, pool, max(1, articles // (workers * 8)))
        topics, mentions = find_topics(archive, taxonomy, Config(), map_fn=map_fn)
    elapsed = time.perf_counter() - start
    named: dict[str, int] = {}
    for found in mentions.values():
        for mention in found:
            named[mention.topic_id] = named.get(mention.topic_id, 0) + 1
    shared = sum(1 for count in named.values() if count >= 2)
    per_article = sum(map(len, mentions.values())) / max(len(archive), 1)
    print(f"{len(archive)} articles ({words / 1e6:.2f} M words), {workers} workers: {elapsed:.1f} s, "
          f"{words / elapsed:,.0f} words/s; {len(topics)} topics, {per_article:.1f} per article, "
          f"{shared} named by 2+ articles ({shared / max(len(archive), 1):.2f} per article)")


def _pool_map(pool, chunksize, function, iterable):
    return list(pool.map(function, iterable, chunksize=chunksize))


if __name__ == "__main__":
    main(sys.argv[1:])
