"""Timing of the duplicate stage alone (not a test): `python -m generator.bench.duplicates N [N ...]`.

For each N: write the benchmark's synthetic archive (synthetic.py) into a temporary folder, read
it, then time what the build's duplicate stage does, with a process pool as the pipeline runs
it: the per-article signatures (wall time, and CPU time of this process, which is all of it
with `--workers 1`), then the index, the exact checks and the grouping (one process). A full
build (`python -m generator.bench`) reports the same stage among the others; this one costs
seconds instead of minutes, so it can be run at 10,000 articles.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ..duplicates import find_stories, fingerprint
from ..parallel import mapper
from ..readers import read_archive
from . import synthetic


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench.duplicates", description=__doc__)
    parser.add_argument("articles", type=int, nargs="*", default=[1000])
    parser.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    args = parser.parse_args(argv)
    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="bench-duplicates-") as folder:
            synthetic.write_archive(Path(folder), count)
            with mapper(args.workers, count) as map_fn:
                articles, _ = read_archive(Path(folder), map_fn)
                wall, cpu = time.perf_counter(), time.process_time()
                signed = dict(zip((a.path for a in articles), map_fn(fingerprint, articles)))
                signing = time.perf_counter() - wall, time.process_time() - cpu
            remembered = lambda function, items: [signed[a.path] for a in items]  # as the memo would
            wall, cpu = time.perf_counter(), time.process_time()
            stories = find_stories(articles, remembered)
            grouping = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{len(articles)} articles: signatures {signing[0]:.2f} s ({signing[1]:.2f} s CPU here), "
              f"index, checks and groups {grouping[0]:.2f} s ({grouping[1]:.2f} s CPU); "
              f"{len(stories)} stories filed more than once, {sum(len(s.copies) for s in stories)} copies",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
