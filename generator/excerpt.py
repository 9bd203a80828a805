"""Text cut short for a snippet or a description, marked as people expect: a leaf module
(it imports nothing), used by topic extraction's snippets and the pages' descriptions."""
from __future__ import annotations

SENTENCE_END = (".", "!", "?", ".\"", ".”", "!”", "?”")


def ellipsis(cut: str) -> str:
    """'would not change course…'; but a cut that falls at the end of a sentence is shown as
    the sentence it is ('...on clinics.', never 'clinics.…')."""
    cut = cut.rstrip(" ,;:")
    return cut if cut.endswith(SENTENCE_END) else cut + "…"
