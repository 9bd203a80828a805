"""Curated names and aliases found in a text with one Aho-Corasick automaton: linear in the text.

A form with a capital letter matches only as written ('US' never matches 'us'); an all-lowercase
form ('air defense') matches in any case. Matches must start and end on word boundaries.
"""
from __future__ import annotations

import ahocorasick

from .taxonomy import Taxonomy


def _lower(text: str) -> str:
    """Lowercase without changing any offset (a few characters grow when lowercased)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class AliasMatcher:
    def __init__(self, taxonomy: Taxonomy):
        self.automaton = ahocorasick.Automaton()
        forms: dict[str, list[tuple[str, str, bool]]] = {}
        for topic in taxonomy.topics:
            for form in dict.fromkeys((topic.name, *topic.aliases)):
                sensitive = form != form.lower()
                forms.setdefault(_lower(form), []).append((topic.id, form, sensitive))
        for key, values in forms.items():
            self.automaton.add_word(key, tuple(values))
        self.empty = not forms
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, topic id) of every curated form in the text, overlaps included."""
        if self.empty:
            return []
        found = []
        for last, values in self.automaton.iter(_lower(text)):
            for topic_id, form, sensitive in values:
                start, end = last - len(form) + 1, last + 1
                if sensitive and text[start:end] != form:
                    continue
                if _boundary(text, start - 1) and _boundary(text, end):
                    found.append((start, end, topic_id))
        return found


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")
