"""The topic-linking automaton: every way the archive writes a published topic.

Built once per archive (enrichment) rather than one pattern per article; which topic a surface
means is still decided per article, from that article's own mentions, when its page is
rendered (pages/article.py).
"""
from __future__ import annotations

import hashlib

import ahocorasick

from .model import Mention, Topic


class TopicSurfaces:
    """One Aho-Corasick automaton over every surface form of every published topic.

    `digest` summarises which surfaces exist: that decides which match wins where they
    overlap, on every article page, so it stands for the automaton in page fingerprints.
    """

    def __init__(self, mentions, topics):
        forms = {m.surface for found in mentions for m in found}
        forms.update(f for t in topics for f in (t.name, *t.aliases))
        self.automaton = ahocorasick.Automaton()
        surfaces = sorted(f for f in forms if len(f) > 1)
        for surface in surfaces:
            self.automaton.add_word(surface, surface)
        self.digest = hashlib.blake2b("\0".join(surfaces).encode(), digest_size=16).digest()
        self.empty = not len(self.automaton)
        if not self.empty:
            self.automaton.make_automaton()

    @classmethod
    def of(cls, mentions: "dict[str, tuple[Mention, ...]]", topics: "dict[str, Topic]") -> "TopicSurfaces":
        return cls(mentions.values(), topics.values())

    def find(self, text: str):
        """(start, end, surface), leftmost first and longest at each place, not overlapping."""
        if self.empty:
            return
        for last, surface in self.automaton.iter_long(text):
            yield last - len(surface) + 1, last + 1, surface
