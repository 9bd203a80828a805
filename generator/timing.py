"""Timing and progress of the build stages: one line per stage on stderr, kept for the benchmark."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, TextIO


@dataclass
class Timer:
    """Collects (stage, seconds) pairs and prints progress as each stage ends."""

    stream: TextIO | None = field(default_factory=lambda: sys.stderr)
    times: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str, detail: str = "") -> Iterator[None]:
        if self.stream:
            print(f"[{name}] {detail or '...'}", file=self.stream, flush=True)
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.times[name] = self.times.get(name, 0.0) + elapsed
        self.note(f"[{name}] done in {elapsed:.2f} s")

    def note(self, message: str) -> None:
        if self.stream:
            print(message, file=self.stream, flush=True)
