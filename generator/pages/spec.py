"""A page spec: where a page goes, what it shows, and how to render it from that alone.

Page builders return specs instead of text. `render(*inputs)` must be a pure function of the
declared `inputs`: the page's fingerprint (incremental.PageFingerprints) is computed from those
inputs and nothing else, so a page whose inputs did not change since it was written is not
rendered again, and a page cannot show something its key forgets, since its render function
sees only its inputs. Pass whole model values (an `Article`, a `Topic`, tuples of plain values)
rather than things the render function looks up elsewhere.

A spec may make several files (a paginated topic: `topics/x/`, `.../page/2/`); `paths`
lists them all, and `render` returns {path: content} for exactly those. Pages rendered every
build (the listings, whose inputs are much of the archive and cost more to fingerprint than to
render) are `cached=False`: their inputs are never fingerprinted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True, slots=True)
class PageSpec:
    paths: tuple[str, ...]  # docs paths the spec makes
    inputs: tuple  # everything the page shows; `render` gets these and nothing else
    render: Callable[..., "dict[str, str | bytes]"]  # render(*inputs) -> {path: content}
    cached: bool = True  # False: rendered every build, never fingerprinted

    @classmethod
    def one(cls, path: str, render: Callable[..., "str | bytes"], *inputs, cached: bool = True) -> "PageSpec":
        """A spec for one file: `render(*inputs)` returns its content."""
        return cls((path,), inputs, _One(path, render), cached)

    @classmethod
    def many(cls, paths, render: Callable[..., dict], *inputs, cached: bool = True) -> "PageSpec":
        """A spec for several files (a paginated listing): `render(*inputs)` returns them all."""
        return cls(tuple(paths), inputs, render, cached)

    def make(self) -> "dict[str, str | bytes]":
        made = self.render(*self.inputs)
        if len(made) != len(self.paths) or not all(path in made for path in self.paths):
            raise ValueError(f"{self.render} made {sorted(made)[:3]}..., not the declared {self.paths[:3]}...")
        return made


@dataclass(frozen=True, slots=True)
class _One:
    """`render` for one path, as a picklable object (a lambda would not cross processes)."""

    path: str
    render: Callable

    def __call__(self, *inputs) -> dict:
        return {self.path: self.render(*inputs)}
